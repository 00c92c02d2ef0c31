"""Every folder under tests/cases is a workspace with the problems it must report.

A case folder holds only the files it changes from good-minimal plus an ``expect.yaml``:

    exit: 1                       # the exit code
    args: [--strict]              # optional: extra arguments to `rbctl validate`
    delete: [units/x/file.yaml]   # optional: files of good-minimal to remove
    symlinks: {link: target}      # optional: symlinks to create (link relative to the workspace)
    problems:                     # exactly the problems reported, no more, no fewer
      - {rule: yaml-tab, path: units/prov-uji/unit.yaml, line: 5, column: 1}
        # optional per problem: column, severity, message_contains, hint_contains

The test builds the workspace in tmp_path (good-minimal, then the case on top) and runs the
real CLI with `--format json --as-of 2026-06-30 --no-cache` from the workspace folder.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import AS_OF, CASES, GOOD, Run, copy_good

CASE_DIRS = sorted(p for p in CASES.iterdir() if p.is_dir())
_EXPECT_KEYS = {"exit", "args", "delete", "symlinks", "problems"}
_PROBLEM_KEYS = {"rule", "path", "line", "column", "severity", "message_contains", "hint_contains"}


def load_expect(case: Path) -> dict[str, Any]:
    expect = yaml.safe_load((case / "expect.yaml").read_text(encoding="utf-8"))
    assert isinstance(expect, dict), f"{case.name}/expect.yaml must be a mapping"
    assert set(expect) <= _EXPECT_KEYS, f"{case.name}/expect.yaml: unknown keys {set(expect) - _EXPECT_KEYS}"
    for want in expect.get("problems") or []:
        assert set(want) <= _PROBLEM_KEYS, f"{case.name}: unknown keys {set(want) - _PROBLEM_KEYS}"
        assert {"rule", "path", "line"} <= set(want), f"{case.name}: a problem needs rule, path and line"
    return expect


def build_case(case: Path, dest: Path, expect: dict[str, Any]) -> Path:
    """good-minimal at ``dest``, the case's files over it, then deletions and symlinks."""
    copy_good(dest)
    if case != GOOD:
        for src in case.rglob("*"):
            rel = src.relative_to(case)
            if src.is_dir() or rel == Path("expect.yaml"):
                continue
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, target)
    for rel in expect.get("delete") or []:
        target = dest / rel
        assert target.exists(), f"{case.name}: delete: {rel} is not in the workspace"
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink()
    for link, points_to in (expect.get("symlinks") or {}).items():
        path = dest / link
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(points_to)
    return dest


def _matches(want: dict[str, Any], got: dict[str, Any]) -> bool:
    for key in ("rule", "path", "line", "column", "severity"):
        if key in want and want[key] != got[key]:
            return False
    if "message_contains" in want and want["message_contains"] not in got["message"]:
        return False
    return "hint_contains" not in want or want["hint_contains"] in got["hint"]


def _show(problem: dict[str, Any]) -> str:
    return (f"{problem['path']}:{problem['line']}:{problem['column']} {problem['rule']} "
            f"[{problem['severity']}] {problem['message']} | {problem['hint']}")


def assert_problems(expected: list[dict[str, Any]], reported: list[dict[str, Any]]) -> None:
    """Each expected problem matches one reported problem, and nothing else is reported."""
    left = list(reported)
    missing = []
    for want in expected:
        found = next((got for got in left if _matches(want, got)), None)
        if found is None:
            missing.append(want)
        else:
            left.remove(found)
    report = "\n".join(["missing:", *map(str, missing), "unexpected:", *map(_show, left)])
    assert not missing, report
    assert not left, report


def run_case(case: Path, tmp_path: Path, rbctl: Callable[..., Run]) -> tuple[dict[str, Any], Run]:
    expect = load_expect(case)
    ws = build_case(case, tmp_path / "ws", expect)
    run = rbctl("validate", "--format", "json", "--as-of", AS_OF, "--no-cache", *(expect.get("args") or []), cwd=ws)
    return expect, run


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_case(case: Path, tmp_path: Path, rbctl: Callable[..., Run]) -> None:
    expect, run = run_case(case, tmp_path, rbctl)
    assert "Traceback" not in run.stderr
    payload = run.json()
    problems = payload["problems"]
    assert_problems(expect.get("problems") or [], problems)
    errors = sum(p["severity"] == "error" for p in problems)
    assert payload["summary"]["errors"] == errors
    assert payload["summary"]["warnings"] == len(problems) - errors
    assert [(p["path"], p["line"], p["column"]) for p in problems] == sorted(
        (p["path"], p["line"], p["column"]) for p in problems), "problems must be sorted by file and line"
    assert run.exit_code == expect["exit"], run.stdout


def test_enough_named_bad_cases() -> None:
    bad = [p for p in CASE_DIRS if p.name.startswith(("bad-", "warn-"))]
    assert len(bad) >= 35
    for case in bad:
        expect = load_expect(case)
        assert expect.get("problems"), f"{case.name} expects no problem"


def test_ten_faults_reported_in_one_run(tmp_path: Path, rbctl: Callable[..., Run]) -> None:
    case = CASES / "multi-ten-faults"
    _expect, run = run_case(case, tmp_path, rbctl)
    problems = run.json()["problems"]
    assert len({p["rule"] for p in problems}) >= 10
    assert len({p["path"] for p in problems}) >= 5
    assert run.exit_code == 1
