"""`narasi-belum-ada`: the required narratives (kendala, rekomendasi) of the report being written.

A report is "being written" from the day its period ends until its date in `jadwal:` (or
rbctl's default). good-minimal has both semester I narratives in each unit; the tests take
one away, or move the date into another report's window.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run, copy_good

RbctlRun = Callable[..., Run]
RULE = "narasi-belum-ada"
KAB_KENDALA = "units/kab-uji/narasi/kendala-semester-1.md"


def _missing(run: Run) -> list[tuple[str, int, str]]:
    data = json.loads(run.stdout)
    return sorted((p["path"], p["line"], p["message"]) for p in data["problems"] if p["rule"] == RULE)


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return copy_good(tmp_path / "ws")


def test_a_missing_semester_narrative_is_a_warning_in_its_window(rbctl: RbctlRun, ws: Path) -> None:
    (ws / KAB_KENDALA).unlink()
    run = rbctl("validate", "-f", "json", "--as-of", "2026-07-01", cwd=ws)
    assert run.exit_code == 0, run.stdout  # a warning: the report can still be drafted
    assert _missing(run) == [("units/kab-uji/narasi/semester-1-kendala.md", 1,
                              "Narasi `kendala` untuk laporan Semester I Tahun 2026 belum ada.")]
    strict = rbctl("validate", "--strict", "--as-of", "2026-07-01", cwd=ws)
    assert strict.exit_code == 1
    assert "periode: semester-1" in strict.stdout  # the hint gives the front matter to write


@pytest.mark.parametrize("day", ["2026-06-29", "2026-07-16", "2026-12-03"])
def test_no_warning_outside_the_window(rbctl: RbctlRun, ws: Path, day: str) -> None:
    """Before the semester ends, and after its report was due, nobody is writing it."""
    (ws / KAB_KENDALA).unlink()
    assert _missing(rbctl("validate", "-f", "json", "--as-of", day, cwd=ws)) == []


def test_the_window_follows_the_schedule_in_rbctl_yaml(rbctl: RbctlRun, ws: Path) -> None:
    (ws / KAB_KENDALA).unlink()
    config = ws / "rbctl.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "jadwal:\n  laporan_semester_1: 2026-08-10\n",
                      encoding="utf-8")
    assert len(_missing(rbctl("validate", "-f", "json", "--as-of", "2026-08-01", cwd=ws))) == 1


def test_semester_two_and_the_annual_report(rbctl: RbctlRun, ws: Path) -> None:
    """In January semester II is due (no narrative of it: both sections, both units); the annual
    report takes the semesters' narratives, so semester I's satisfy it until one is removed."""
    run = rbctl("validate", "-f", "json", "--as-of", "2027-01-05", cwd=ws)
    assert [(p, m.split(" untuk ")[1]) for p, _line, m in _missing(run)] == [
        ("units/kab-uji/narasi/semester-2-kendala.md", "laporan Semester II Tahun 2026 belum ada."),
        ("units/kab-uji/narasi/semester-2-rekomendasi.md", "laporan Semester II Tahun 2026 belum ada."),
        ("units/prov-uji/narasi/semester-2-kendala.md", "laporan Semester II Tahun 2026 belum ada."),
        ("units/prov-uji/narasi/semester-2-rekomendasi.md", "laporan Semester II Tahun 2026 belum ada."),
    ]
    (ws / KAB_KENDALA).unlink()
    after = _missing(rbctl("validate", "-f", "json", "--as-of", "2027-01-05", cwd=ws))
    assert ("units/kab-uji/narasi/tahunan-kendala.md", 1,
            "Narasi `kendala` untuk laporan Tahun 2026 belum ada.") in after


def test_adding_the_narrative_clears_the_warning_on_a_warm_run(rbctl: RbctlRun, ws: Path) -> None:
    text = (ws / KAB_KENDALA).read_text(encoding="utf-8")
    (ws / KAB_KENDALA).unlink()
    assert len(_missing(rbctl("validate", "-f", "json", "--as-of", "2026-07-01", cwd=ws))) == 1
    (ws / "units/kab-uji/narasi/semester-1-kendala.md").write_text(text, encoding="utf-8")
    assert _missing(rbctl("validate", "-f", "json", "--as-of", "2026-07-01", cwd=ws)) == []


def test_validate_one_unit_judges_only_that_unit(rbctl: RbctlRun, ws: Path) -> None:
    (ws / KAB_KENDALA).unlink()
    assert _missing(rbctl("validate", "-f", "json", "--unit", "prov-uji", "--as-of", "2026-07-01", cwd=ws)) == []
    assert len(_missing(rbctl("validate", "-f", "json", "--unit", "kab-uji", "--as-of", "2026-07-01",
                              cwd=ws))) == 1


def test_the_report_names_it_once_for_its_own_period(rbctl: RbctlRun, ws: Path, tmp_path: Path) -> None:
    """The report's gate leaves the rule to the report, which judges its own period: a semester I
    draft made in December still lists the missing kendala, once."""
    (ws / KAB_KENDALA).unlink()
    run = rbctl("report", "--semester", "1", "--unit", "kab-uji", "-f", "md", "--as-of", "2026-12-03",
                "-o", str(tmp_path / "out"), cwd=ws)
    assert run.exit_code == 0, run.stderr
    assert run.stderr.count("Narasi `kendala` untuk laporan Semester I Tahun 2026 belum ada") == 1
