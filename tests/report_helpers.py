"""Shared helpers of the report tests: a copy of the small report workspace outside git."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from rbctl.report import BuildRequest, build_reports
from rbctl.report.build import BuildResult

DATA = Path(__file__).parent / "data" / "report-ws"
GOLDEN = Path(__file__).parent / "golden"
AS_OF = dt.date(2026, 6, 30)


def copy_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str = "ws") -> Path:
    """The test workspace, copied where no git repository is above it."""
    root = tmp_path / name
    shutil.copytree(DATA, root)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    return root


def build(root: Path, out: Path, *formats: str, period: str = "1", unit: str | None = "kpu-contoh",
          as_of: dt.date | None = AS_OF, final: bool = False) -> BuildResult:
    request = BuildRequest(root=root, period=period, out=out, units=[unit] if unit else None,
                           formats=formats, as_of=as_of, final=final, formats_explicit=True)
    return build_reports(request)


def only(result: BuildResult, fmt: str) -> Path:
    paths = [f.path for f in result.files if f.format == fmt]
    assert len(paths) == 1, paths
    return paths[0]
