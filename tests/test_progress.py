"""Progress bars only where a person watches: a terminal, outside CI, for long runs."""

from __future__ import annotations

import io

import pytest

from rbctl.cli import progress


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
