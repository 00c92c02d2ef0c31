"""`rbctl status` and the `realisasi-terlambat` warning: what is due, judged on the date given.

The workspace made for it is good-minimal with a reporting schedule in rbctl.yaml: its one
activity has a target in every quarter and realisation for TW I and II only, so TW III is
overdue once September has ended, and not before.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run, copy_good

RbctlRun = Callable[..., Run]
PLAN = "units/prov-uji/rencana-aksi/manajemen-perubahan.yaml"
LATE = "2026-12-03"  # TW III (ended 2026-09-30) has a target and no realisation
EARLY = "2026-06-30"  # TW II has not ended yet; TW I and II are realised


@pytest.fixture
def due_workspace(tmp_path: Path) -> Path:
    root = copy_good(tmp_path / "ws")
    config = root / "rbctl.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "jadwal:\n  laporan_semester_2: 2027-01-10\n",
                      encoding="utf-8")
    return root


def test_text_shows_the_overdue_quarter_and_days_left(rbctl: RbctlRun, due_workspace: Path) -> None:
    run = rbctl("status", "--as-of", LATE, cwd=due_workspace)
    assert run.exit_code == 0, run.stderr
    assert f"realisasi terlambat: PU-MP-01 TW III 2026 (berakhir 2026-09-30, {PLAN}:11)" in run.stdout
    # the date set in rbctl.yaml, and the defaults marked as rbctl's own
    assert "Laporan semester II: 2027-01-10 (38 hari lagi)\n" in run.stdout
    assert "Batas pengisian LKE: 2027-03-31 (118 hari lagi) *" in run.stdout
    assert "bukan tanggal resmi" in run.stdout
    assert "kab-uji KPU Kabupaten Uji\n  LKE tahun ini belum ada: 5 kriteria belum dijawab" in run.stdout


def test_json_lists_the_overdue_item(rbctl: RbctlRun, due_workspace: Path) -> None:
    run = rbctl("status", "--as-of", LATE, "--format", "json", cwd=due_workspace)
    assert run.exit_code == 0, run.stderr
    data = json.loads(run.stdout)
    units = {u["id"]: u for u in data["units"]}
    assert units["prov-uji"]["overdue"] == [{"activity": "PU-MP-01", "year": 2026, "quarter": 3,
                                             "ended": "2026-09-30", "path": PLAN, "line": 11}]
    assert units["kab-uji"]["lke_missing"] is True
    assert data["deadlines"][0] == {"name": "Laporan semester II", "date": "2027-01-10", "days_left": 38,
                                    "default": False}


def test_markdown_has_the_overdue_item_in_its_table(rbctl: RbctlRun, due_workspace: Path) -> None:
    run = rbctl("status", "--as-of", LATE, "-f", "markdown", cwd=due_workspace)
    assert run.exit_code == 0, run.stderr
    assert "| prov-uji | PU-MP-01 TW III 2026 | 0 | 0 | 0 |" in run.stdout
    assert "| Laporan semester II | 2027-01-10 | 38 hari lagi |" in run.stdout


def test_nothing_is_overdue_before_the_quarter_ends(rbctl: RbctlRun, due_workspace: Path) -> None:
    run = rbctl("status", "--as-of", EARLY, "-f", "json", cwd=due_workspace)
    assert all(u["overdue"] == [] for u in run.json()["units"])
    assert "realisasi-terlambat" not in rbctl("validate", "--as-of", EARLY, "-f", "json", cwd=due_workspace).stdout


def test_unknown_unit_is_a_usage_error(rbctl: RbctlRun, due_workspace: Path) -> None:
    run = rbctl("status", "--unit", "prov-ujii", cwd=due_workspace)
    assert run.exit_code == 2
    assert "prov-ujii" in run.stderr


def test_top_answer_without_evidence_is_listed(rbctl: RbctlRun, due_workspace: Path) -> None:
    lke = due_workspace / "units/prov-uji/lke/2026.yaml"
    lke.write_text(lke.read_text(encoding="utf-8").replace("jawaban: Tidak", "jawaban: Ya"), encoding="utf-8")
    unit = next(u for u in rbctl("status", "-f", "json", "--as-of", LATE, cwd=due_workspace).json()["units"]
                if u["id"] == "prov-uji")
    assert unit["top_without_evidence"] == ["P.MP.1.b"]


def test_warm_cache_judges_the_date_like_a_cold_run(rbctl: RbctlRun, due_workspace: Path) -> None:
    """The cache is filled on one date; a later date must still see the quarter that ended since."""
    first = rbctl("validate", "--as-of", EARLY, "-f", "json", cwd=due_workspace)
    assert first.json()["summary"]["warnings"] == 0
    warm = rbctl("validate", "--as-of", LATE, "-f", "json", cwd=due_workspace)
    cold = rbctl("validate", "--as-of", LATE, "-f", "json", "--no-cache", cwd=due_workspace)
    assert warm.stdout == cold.stdout
    rules = [(p["rule"], p["path"], p["line"]) for p in warm.json()["problems"]]
    assert rules == [("realisasi-terlambat", PLAN, 11)]
