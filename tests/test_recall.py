"""A warm `validate` of an unchanged workspace gives the last run's answer without running the
checks (rbctl.recall), and runs them again as soon as anything the answer depends on changed."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import rbctl.validate
from rbctl.recall import ANSWER_FILE

from .conftest import Run, copy_example

AS_OF = "2026-06-30"
ANSWERS = "units/kpu-kab-malang/lke/2026.yaml"


@pytest.fixture
def checks_run(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the checks ran (the full `validate`), counted through the real function."""
    calls: list[int] = []
    real = rbctl.validate.validate

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(rbctl.validate, "validate", counted)
    return calls


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """The example with one mistake in it, so the answer has a problem to give again."""
    ws = copy_example(tmp_path / "ws")
    answers = ws / ANSWERS
    answers.write_text(answers.read_text(encoding="utf-8") + "catatan_tambahan: x\n", encoding="utf-8")
    return ws


def validate(rbctl: Callable[..., Run], ws: Path, *extra: str, env: dict[str, str] | None = None) -> Run:
    return rbctl("validate", "-w", str(ws), "--as-of", AS_OF, "-f", "json", *extra, cwd=ws, env=env)


def answer_file() -> Path:
    base = Path(os.environ["RBCTL_CACHE_DIR"])
    return next(base.glob(f"*/{ANSWER_FILE}"))


def test_an_unchanged_workspace_is_answered_without_running_the_checks(rbctl, ws, checks_run):
    first = validate(rbctl, ws)
    assert first.exit_code == 1
    assert any(p["rule"] == "unknown-key" for p in first.json()["problems"])
    assert len(checks_run) == 1

    again = validate(rbctl, ws)
    assert len(checks_run) == 1, "the checks ran although nothing changed"
    assert (again.exit_code, again.stdout) == (first.exit_code, first.stdout)
    assert validate(rbctl, ws, "--no-cache").stdout == first.stdout
    text = rbctl("validate", "-w", str(ws), "--as-of", AS_OF, "-f", "text", cwd=ws)
    assert "unknown-key" in text.stdout
    assert text.exit_code == 1
    assert len(checks_run) == 2  # --no-cache ran them; the text run was answered again


def test_an_edit_that_keeps_size_and_mtime_runs_the_checks_again(rbctl, ws, checks_run):
    validate(rbctl, ws)
    answers = ws / ANSWERS
    before = answers.stat()
    text = answers.read_text(encoding="utf-8")
    answers.write_text(text.replace("catatan_tambahan: x", "catatan_tambahaN: x"), encoding="utf-8")
    os.utime(answers, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (answers.stat().st_size, answers.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)

    after = validate(rbctl, ws)
    assert len(checks_run) == 2
    assert "catatan_tambahaN" in after.stdout
    assert after.stdout == validate(rbctl, ws, "--no-cache").stdout


@pytest.mark.parametrize("change", ["as-of", "config", "unit-added", "unit-removed", "lang"])
def test_what_the_answer_depends_on_runs_the_checks_again(rbctl, ws, checks_run, change):
    validate(rbctl, ws)
    extra: tuple[str, ...] = ()
    env: dict[str, str] | None = None
    if change == "as-of":
        extra = ("--as-of", "2026-12-31")  # a later date: more quarters are overdue
    elif change == "config":
        config = ws / "rbctl.yaml"
        config.write_text(config.read_text(encoding="utf-8") + "# catatan\n", encoding="utf-8")
    elif change == "unit-added":
        (ws / "units/kpu-kab-baru").mkdir()
    elif change == "unit-removed":
        ws.joinpath("units/kpu-kab-baru").mkdir()
        validate(rbctl, ws)
        ws.joinpath("units/kpu-kab-baru").rmdir()
    else:
        env = {"RBCTL_LANG": "en"}
    runs = len(checks_run)
    after = validate(rbctl, ws, *extra, env=env)
    assert len(checks_run) == runs + 1, f"{change}: the old answer was given again"
    assert after.stdout == validate(rbctl, ws, *extra, "--no-cache", env=env).stdout


@pytest.mark.parametrize("damage", [
    lambda saved: saved.update(files="7"),  # a field of the wrong type
    lambda saved: saved.update(extra=1),  # an unknown field
    lambda saved: saved["problems"].append(["a.yaml", 1, 1, "x", "pesan palsu", "", "fatal"]),  # a bad severity
    lambda saved: saved["problems"].append(["a.yaml", "1", 1, "x", "pesan palsu", "", "error"]),  # a bad line
    lambda saved: saved["units"].update({"/x": 5}),  # a key that is not text
    lambda saved: saved.update(rubric=["/etc/hostname"]),  # a rubric entry of the wrong shape
    lambda saved: saved.update(rubric=["/dev/zero", saved["rubric"][1]]),  # a rubric path that never ends
])
def test_a_damaged_answer_file_means_the_full_run(rbctl, ws, checks_run, damage):
    honest = validate(rbctl, ws)
    path = answer_file()
    saved = json.loads(path.read_text(encoding="utf-8"))
    damage(saved)
    path.write_text(json.dumps(saved), encoding="utf-8")
    after = validate(rbctl, ws)
    assert len(checks_run) == 2
    assert after.stdout == honest.stdout
    assert "pesan palsu" not in after.stdout


def test_a_planted_problem_list_is_not_believed_once_a_unit_changed(rbctl, ws, checks_run):
    """The answer file is only ever a copy of a run's own result: a different list for the same
    keys is given back (it is the user's own cache), but not once any unit's files changed."""
    validate(rbctl, ws)
    path = answer_file()
    saved = json.loads(path.read_text(encoding="utf-8"))
    saved["problems"] = []
    path.write_text(json.dumps(saved), encoding="utf-8")
    profile = ws / "units/kpu-kab-malang/unit.yaml"
    profile.write_text(profile.read_text(encoding="utf-8") + "# diubah\n", encoding="utf-8")
    after = validate(rbctl, ws)
    assert len(checks_run) == 2
    assert "catatan_tambahan" in after.stdout
