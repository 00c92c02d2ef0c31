"""Options and helpers that every command shares: workspace, units, year, dates, formats,
usage errors and exit codes. Help texts and metavars are message ids (rbctl.messages)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from rbctl.cli.localise import did_you_mean
from rbctl.hints import date_guess
from rbctl.layout import UNITS_DIR, WorkspaceNotFoundError, find_root, unit_folders
from rbctl.messages import t

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def fail(message: str, hint: str = "", code: int = EXIT_USAGE) -> typer.Exit:
    """Print a usage/config error to stderr; return the Exit to raise."""
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    err.print(f"[red]{escape(t('err.label'))}[/red] {escape(message)}")
    if hint:
        err.print(f"  [cyan]→ {escape(hint)}[/cyan]")
    return typer.Exit(code)


def workspace_root(path: Path | None) -> Path:
    """The workspace containing ``path`` (default: the current folder), or exit 2."""
    start = path or Path.cwd()
    if not start.exists():
        raise fail(t("err.path_missing", path=start), t("hint.check_path"))
    try:
        return find_root(start)
    except WorkspaceNotFoundError:
        raise fail(t("err.not_workspace", path=start), t("hint.not_workspace")) from None


def pick_workspace(workspace: Path | None, path: Path | None) -> Path:
    """The workspace from -w, or from the old positional folder (still accepted), or from here."""
    if workspace is not None and path is not None and path.resolve() != workspace.resolve():
        raise fail(t("err.two_workspaces", path=path, workspace=workspace), t("hint.two_workspaces"))
    return workspace_root(workspace or path)


def check_units(root: Path, units: list[str] | set[str] | None) -> None:
    """Exit 2 when a unit id is not a folder of the workspace, with the closest ids suggested."""
    if not units:
        return
    known = [f.name for f in unit_folders(root)]
    for unit in sorted(units):
        if unit not in known:
            hint = did_you_mean(unit, known) or t("hint.known_units", units=", ".join(known[:8]) or "-")
            raise fail(t("err.unknown_unit", unit=unit, folder=UNITS_DIR), hint)




def parse_date(value: str | None, option: str) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    guess = date_guess(value)  # 31/12/2026, as dates are written in Indonesia: offer the ISO form
    hint = t("hint.date_iso", iso=guess.isoformat()) if guess is not None else t("hint.date_format")
    raise fail(t("err.not_a_date", option=option, value=value), hint)


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    GITLAB = "gitlab"




CacheDirOpt = Annotated[Path | None, typer.Option(
    "--cache-dir", metavar="type.folder", envvar="RBCTL_CACHE_DIR", help="opt.cache_dir")]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="opt.no_cache")]
WorkspaceOpt = Annotated[Path | None, typer.Option("--workspace", "-w", metavar="type.folder", help="opt.workspace")]
ForceOpt = Annotated[bool, typer.Option("--force", help="opt.force")]
UnitsOpt = Annotated[list[str] | None, typer.Option("--unit", "-u", metavar="type.id", help="opt.units")]
UnitOpt = Annotated[str | None, typer.Option("--unit", "-u", metavar="type.id", help="opt.unit")]
RequiredUnitOpt = Annotated[str, typer.Option("--unit", "-u", metavar="type.id", help="opt.unit")]
YearOpt = Annotated[int | None, typer.Option("--year", "-y", metavar="type.year", help="opt.year")]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", metavar="type.date", help="opt.as_of")]
StrictOpt = Annotated[bool, typer.Option("--strict", help="opt.strict")]
# The old positional workspace folder of validate/score/report, still accepted; -w is documented.
FolderArg = Annotated[Path | None, typer.Argument(metavar="type.folder", help="arg.folder_compat")]


def say_notes(notes: list[str]) -> None:
    """Notes of a run (e.g. why the cache was not used) on stderr, never mixed into the output."""
    if notes:
        err = Console(stderr=True, highlight=False, soft_wrap=True)
        for note in notes:
            err.print(f"[yellow]{escape(t('note.label'))}[/yellow] {escape(note)}")
