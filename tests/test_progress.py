"""Progress bars only where a person watches: a terminal, outside CI, for long runs."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest

from rbctl.cli import progress
from rbctl.validate import validate

from .conftest import copy_example


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_on_a_terminal_for_many_items(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr("sys.stderr", _Tty())
    assert progress.wanted(100)
    assert not progress.wanted(3)


def test_quiet_in_ci_and_in_pipes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stderr", _Tty())
    monkeypatch.setenv("CI", "true")
    assert not progress.wanted(100)
    monkeypatch.delenv("CI")
    pipe = io.StringIO()
    monkeypatch.setattr("sys.stderr", pipe)
    assert not progress.wanted(100)
    with progress.progress_bar("Merapikan", 100) as advance:
        advance(100)
    assert pipe.getvalue() == ""


def _recorder(seen: list[tuple[str, int, int]]) -> Callable[[str, int], AbstractContextManager[progress.Advance]]:
    """A progress factory that records (label, total, advanced) of each bar."""

    @contextmanager
    def bar(label: str, total: int) -> Iterator[progress.Advance]:
        done = [0]

        def advance(n: int) -> None:
            done[0] += n

        yield advance
        seen.append((label, total, done[0]))

    return bar


def test_a_cold_validate_counts_every_unit_it_reads_and_a_warm_one_none(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "ws")
    seen: list[tuple[str, int, int]] = []
    for jobs in (1, 2):
        validate(root, as_of=dt.date(2026, 6, 30), cache_dir=tmp_path / f"c{jobs}", jobs=jobs,
                 progress=_recorder(seen))
    validate(root, as_of=dt.date(2026, 6, 30), cache_dir=tmp_path / "c1", progress=_recorder(seen))
    units = len(list((root / "units").iterdir()))
    assert seen == [("Memeriksa unit", units, units), ("Memeriksa unit", units, units), ("Memeriksa unit", 0, 0)]
