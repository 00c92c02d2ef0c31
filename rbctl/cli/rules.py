"""`rbctl rules`: every rule id with its one-line explanation."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from rbctl.messages import t
from rbctl.rules import RULES


def rules_cmd(
    markdown: Annotated[bool, typer.Option("--markdown", help="rules.opt.markdown")] = False,
) -> None:
    """Every rule id with its one-line explanation."""
    if markdown:
        sys.stdout.write(rules_markdown())
        return
    table = Table(t("rules.col.rule"), t("rules.col.severity"), t("rules.col.text"), box=None)
    for rule, (severity, text) in RULES.items():
        table.add_row(rule, t("problem.error") if severity == "error" else t("problem.warning"), text)
    Console(highlight=False).print(table)


def rules_markdown() -> str:
    lines = ["| aturan | tingkat | penjelasan |", "|---|---|---|"]
    for rule, (severity, text) in RULES.items():
        lines.append(f"| `{rule}` | {'galat' if severity == 'error' else 'peringatan'} | {text} |")
    return "\n".join(lines) + "\n"


def register(app: typer.Typer) -> None:
    app.command("rules", help="cmd.rules")(rules_cmd)
