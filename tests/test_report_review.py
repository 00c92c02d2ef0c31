"""A unit with an internal review shows the reviewer's index beside its own in chapter III."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from typer.testing import CliRunner

from rbctl.cli import app

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "kpu-jatim"


def _invoke(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _report(unit: str, out: Path) -> str:
    _invoke("report", "--semester", "1", str(EXAMPLE), "--unit", unit, "--format", "md",
            "--out", str(out), "--as-of", "2026-07-10")
    return (out / f"laporan-rb-{unit}-2026-semester-1.md").read_text(encoding="utf-8")


def test_reviewed_unit_states_the_reviewer_index(tmp_path: Path) -> None:
    scores = json.loads(_invoke("score", str(EXAMPLE), "--unit", "kpu-kab-sidoarjo", "--reviewer",
                                "--format", "json"))
    review = scores["review"]
    index = str(Decimal(repr(review["index"])).quantize(Decimal("0.01"), ROUND_HALF_UP)).replace(".", ",")
    text = _report("kpu-kab-sidoarjo", tmp_path)
    assert f"Reviu internal atas 11 kriteria menghasilkan indeks {index} dengan predikat {review['grade']}" in text
    assert "| Nilai Reviu |" in text  # the reviewer's score beside the unit's, per component and area


def test_unit_without_review_says_nothing_of_it(tmp_path: Path) -> None:
    assert "reviu internal" not in _report("kpu-kab-malang", tmp_path)


def test_workbook_shows_the_reviewer_answers_beside_the_unit(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    _invoke("report", "--semester", "1", str(EXAMPLE), "--unit", "kpu-kab-sidoarjo", "--format", "xlsx",
            "--out", str(tmp_path), "--as-of", "2026-07-10")
    book = load_workbook(tmp_path / "laporan-rb-kpu-kab-sidoarjo-2026-semester-1.xlsx")
    reviewed = []
    for sheet in book.worksheets:
        headers = [c.value for c in sheet[5]] if sheet.max_row >= 5 else []
        if "Jawaban reviu" not in headers:
            continue
        column = headers.index("Jawaban reviu") + 1
        reviewed += [row[column - 1].value for row in sheet.iter_rows(min_row=6) if row[column - 1].value]
    assert len(reviewed) == 11  # every reviewed criterion, as in the report's sentence
