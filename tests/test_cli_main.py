"""The console entry point: a bug in rbctl still gives a short message, not a traceback."""

from __future__ import annotations

import pytest

from rbctl.cli import root as cli


def _broken() -> None:
    raise RuntimeError("boom")


def test_internal_error_is_one_plain_message_and_exit_3(monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("RBCTL_DEBUG", raising=False)
    monkeypatch.setattr(cli, "app", _broken)
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 3
    err = capsys.readouterr().err
    assert "galat internal rbctl" in err
    assert "RuntimeError: boom" in err
    assert "Traceback" not in err


def test_debug_variable_shows_the_real_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RBCTL_DEBUG", "1")
    monkeypatch.setattr(cli, "app", _broken)
    with pytest.raises(RuntimeError, match="boom"):
        cli.main()
