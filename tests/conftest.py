"""Shared fixtures: a copy of the minimal valid workspace, and the CLI run in-process."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rbctl.cli import app

CASES = Path(__file__).parent / "cases"
GOOD = CASES / "good-minimal"
AS_OF = "2026-06-30"


def copy_good(dest: Path) -> Path:
    """A fresh copy of tests/cases/good-minimal (without its expect.yaml) at ``dest``."""
    shutil.copytree(GOOD, dest, symlinks=True, ignore=shutil.ignore_patterns("expect.yaml"))
    return dest


EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "kpu-jatim"


def copy_example(dest: Path) -> Path:
    """A copy of examples/kpu-jatim without what rbctl generated at its root (`laporan/`)."""
    shutil.copytree(EXAMPLE, dest, ignore=lambda folder, names: [
        n for n in names if Path(folder) == EXAMPLE and n in ("laporan", ".rbctl-cache")])
    return dest


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A writable copy of the minimal valid workspace."""
    return copy_good(tmp_path / "ws")


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


@pytest.fixture
def rbctl(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """Run the real CLI in-process from folder ``cwd``; no exception may escape it."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)

    def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> Run:
        monkeypatch.chdir(cwd)
        result = CliRunner(env=env).invoke(app, list(args))
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Run(result.exit_code, result.stdout, result.stderr)

    return run


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own cache folder: nothing is written to the user's real cache."""
    monkeypatch.setenv("RBCTL_CACHE_DIR", str(tmp_path_factory.mktemp("rbctl-cache")))


SUMMARY: list[str] = []  # lines a test wants shown at the end of the run (e.g. the fuzz test's seed)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for line in SUMMARY:
        terminalreporter.write_line(line)
