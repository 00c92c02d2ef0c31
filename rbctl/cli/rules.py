"""`rbctl rules`: every rule id with its one-line explanation."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from rbctl.rules import RULES


def rules_cmd(
    markdown: Annotated[bool, typer.Option("--markdown", help="Sebagai tabel Markdown (untuk README).")] = False,
) -> None:
    """Daftar semua id aturan dengan penjelasan satu baris."""
    if markdown:
        sys.stdout.write(rules_markdown())
        return
    table = Table("aturan", "tingkat", "penjelasan", box=None)
    for rule, (severity, text) in RULES.items():
        table.add_row(rule, "galat" if severity == "error" else "peringatan", text)
    Console(highlight=False).print(table)


def rules_markdown() -> str:
    lines = ["| aturan | tingkat | penjelasan |", "|---|---|---|"]
    for rule, (severity, text) in RULES.items():
        lines.append(f"| `{rule}` | {'galat' if severity == 'error' else 'peringatan'} | {text} |")
    return "\n".join(lines) + "\n"


def register(app: typer.Typer) -> None:
    app.command("rules")(rules_cmd)
