"""The typer layer: parse options, call the core, pick a reporter and an exit code."""

from __future__ import annotations

import importlib
import os
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from rbctl import __version__

app = typer.Typer(
    name="rbctl",
    help="Catatan, pemeriksaan, skor dan laporan Reformasi Birokrasi dari satu folder git.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Each command registers itself from its own module.
COMMAND_MODULES = [
    "rbctl.cli.validate",
    "rbctl.cli.rules",
    "rbctl.cli.rubric",
    "rbctl.cli.score",
    "rbctl.cli.report",
    "rbctl.cli.authoring",
    "rbctl.cli.diff",
    "rbctl.cli.import_",
]


@app.callback(invoke_without_command=True)
def _root(
    version: Annotated[bool, typer.Option("--version", help="Tampilkan versi.")] = False,
) -> None:
    if version:
        typer.echo(f"rbctl {__version__}")
        raise typer.Exit(0)


def _register_features() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(app)


_register_features()


def main() -> None:
    """Console entry point: no traceback ever reaches the user."""
    try:
        app()
    except KeyboardInterrupt:
        Console(stderr=True).print("dibatalkan.")
        sys.exit(130)
    except Exception as exc:  # a bug of rbctl's own: say so plainly, keep the details on request
        if os.environ.get("RBCTL_DEBUG"):
            raise
        err = Console(stderr=True, highlight=False, soft_wrap=True)
        err.print(f"[red]galat internal rbctl:[/red] {escape(type(exc).__name__)}: {escape(str(exc))}")
        err.print("  [cyan]→ Ini kesalahan rbctl, bukan catatan Anda. Laporkan bersama keluaran "
                  "`RBCTL_DEBUG=1 rbctl ...`.[/cyan]")
        sys.exit(3)
