"""A progress bar for long runs, on a terminal only: quiet in pipes, files and CI logs."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Advance = Callable[[int], None]


def wanted(total: int, *, at_least: int = 20) -> bool:
    """A bar helps only for many items, on an interactive terminal, outside CI."""
    return total >= at_least and sys.stderr.isatty() and not os.environ.get("CI")


@contextmanager
def progress_bar(label: str, total: int) -> Iterator[Advance]:
    """Yield ``advance(n)``; draws a rich bar on stderr when ``wanted``, else does nothing."""
    if not wanted(total):
        yield lambda _n: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(label, total=total)
        yield lambda n: progress.advance(task, n)
