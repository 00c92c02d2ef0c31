"""Reporting what an authoring command wrote, and turning its failures into usage errors."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from rbctl.authoring import AuthoringError, Outcome
from rbctl.cli.options import EXIT_PROBLEMS, fail
from rbctl.messages import t
from rbctl.writer import UnsafeWriteError

_WORDS = {"dibuat": "green", "diubah": "yellow", "tetap": "dim", "dibiarkan": "dim"}


def shown(path: Path) -> str:
    """A path as the user would type it: relative to the current folder where possible."""
    try:
        return Path(os.path.relpath(path, Path.cwd())).as_posix()
    except ValueError:
        return str(path)


def report(outcome: Outcome) -> None:
    console = Console(highlight=False, soft_wrap=True)
    for change in outcome.changes:
        colour = _WORDS.get(change.action, "white")
        console.print(f"  [{colour}]{change.action:<9}[/{colour}] {escape(shown(change.path))}")
    for note in outcome.notes:
        console.print(f"  [cyan]→ {escape(note)}[/cyan]")
    if outcome.changes and all(c.action in ("tetap", "dibiarkan") for c in outcome.changes):
        console.print(t("changes.none"))


def run(action: Callable[[], Outcome]) -> Outcome:
    try:
        return action()
    except AuthoringError as exc:
        raise fail(exc.message, exc.hint) from None
    except UnsafeWriteError as exc:
        raise fail(exc.message, exc.hint, EXIT_PROBLEMS) from None
    except OSError as exc:
        raise fail(t("err.write", reason=exc.strerror or exc, file=exc.filename), t("hint.write_disk")) from None
