"""The typer layer: parse options, call the core, pick a reporter and an exit code."""

from __future__ import annotations

import datetime as dt
import importlib
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from rbctl import __version__
from rbctl.reporters import REPORTERS, default_format
from rbctl.rules import RULES
from rbctl.validate import validate
from rbctl.workspace import UNITS_DIR, WorkspaceNotFoundError, find_root

app = typer.Typer(
    name="rbctl",
    help="Catatan, pemeriksaan, skor dan laporan Reformasi Birokrasi dari satu folder git.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

# Each feature registers its commands from its own module.
COMMAND_MODULES = [
    "rbctl.cmd_rubric",
    "rbctl.cmd_score",
    "rbctl.cmd_report",
    "rbctl.cmd_authoring",
    "rbctl.cmd_diff",
]


def fail(message: str, hint: str = "", code: int = EXIT_USAGE) -> typer.Exit:
    """Print a usage/config error to stderr; return the Exit to raise."""
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    err.print(f"[red]galat:[/red] {escape(message)}")
    if hint:
        err.print(f"  [cyan]→ {escape(hint)}[/cyan]")
    return typer.Exit(code)


def workspace_root(path: Path | None) -> Path:
    """The workspace containing ``path`` (default: the current folder), or exit 2."""
    start = path or Path.cwd()
    if not start.exists():
        raise fail(f"`{start}` tidak ada.", "Periksa path-nya.")
    try:
        return find_root(start)
    except WorkspaceNotFoundError:
        raise fail(f"`{start}` tidak berada di dalam ruang kerja rbctl (tidak ada rbctl.yaml di atasnya).",
                   "Jalankan dari folder ruang kerja, beri path-nya, atau buat dengan `rbctl init`.") from None


def parse_date(value: str | None, option: str) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise fail(f"{option} `{value}` bukan tanggal.", "Tulis TTTT-BB-HH, misalnya 2026-06-30.") from None


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    GITLAB = "gitlab"


def _units_of(root: Path, paths: list[Path]) -> set[str] | None:
    """Units that hold the given files; None means the whole workspace."""
    units: set[str] = set()
    for path in paths:
        full = path.resolve()
        if full.is_dir():
            try:
                parts = full.relative_to(root.resolve()).parts
            except ValueError:
                return None
            if len(parts) >= 2 and parts[0] == UNITS_DIR:
                units.add(parts[1])
                continue
            return None
        try:
            parts = full.relative_to(root.resolve()).parts
        except ValueError:
            continue
        if len(parts) >= 3 and parts[0] == UNITS_DIR:
            units.add(parts[1])
        else:
            return None  # rbctl.yaml, the rubric file, ...: they matter to every unit
    return units


@app.command("validate")
def validate_cmd(
    paths: Annotated[list[Path] | None, typer.Argument(help="Folder ruang kerja, folder unit, atau berkas.")] = None,
    unit: Annotated[list[str] | None, typer.Option("--unit", "-u", help="Hanya unit ini (boleh berulang).")] = None,
    output: Annotated[OutputFormat | None, typer.Option(
        "--format", "-f", help="text, json, github atau gitlab (code quality).")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Peringatan juga membuat keluar dengan kode 1.")] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Tanggal acuan TTTT-BB-HH (bawaan: hari ini).")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Baca ulang semua berkas.")] = False,
) -> None:
    """Periksa seluruh catatan: setiap masalah dengan berkas:baris:kolom, id aturan dan saran."""
    paths = paths or []
    root = workspace_root(paths[0] if paths else None)
    reference = parse_date(as_of, "--as-of")
    only = _units_of(root, paths) if paths else None
    if unit:
        only = set(unit) if only is None else only & set(unit)
    result = validate(root, as_of=reference, only_units=only, use_cache=not no_cache)
    fmt = (output.value if output else default_format())
    REPORTERS[fmt](sys.stdout).report(root, result.problems, result.files)
    errors = sum(1 for p in result.problems if p.severity == "error")
    if errors or (strict and result.problems):
        raise typer.Exit(EXIT_PROBLEMS)


@app.command("rules")
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


@app.callback(invoke_without_command=True)
def _root(
    version: Annotated[bool, typer.Option("--version", help="Tampilkan versi.")] = False,
) -> None:
    if version:
        typer.echo(f"rbctl {__version__}")
        raise typer.Exit(0)


def _register_features() -> None:
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue  # feature not built yet
        module.register(app)


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
