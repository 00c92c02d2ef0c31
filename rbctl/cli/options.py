"""Options and helpers that every command shares: workspace, dates, usage errors, exit codes."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from rbctl.hints import date_hint
from rbctl.workspace import WorkspaceNotFoundError, find_root

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


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
        raise fail(f"{option} `{value}` bukan tanggal.", date_hint(value)) from None


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    GITLAB = "gitlab"




CacheDirOpt = Annotated[Path | None, typer.Option(
    "--cache-dir", metavar="FOLDER", envvar="RBCTL_CACHE_DIR",
    help="Folder cache rbctl (bawaan: $XDG_CACHE_HOME/rbctl atau ~/.cache/rbctl; juga RBCTL_CACHE_DIR).")]

NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Baca ulang semua unit (tanpa fakta tersimpan).")]


def say_notes(notes: list[str]) -> None:
    """Notes of a run (e.g. why the cache was not used) on stderr, never mixed into the output."""
    if notes:
        err = Console(stderr=True, highlight=False, soft_wrap=True)
        for note in notes:
            err.print(f"[yellow]catatan:[/yellow] {escape(note)}")
