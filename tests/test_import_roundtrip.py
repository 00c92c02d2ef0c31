"""`rbctl import lke` of rbctl's own workbook: the same YAML and score as `rbctl answer`."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import Run, copy_good

UNIT = "prov-uji"
LKE = Path("units/prov-uji/lke/2026.yaml")


def _report(rbctl: Callable[..., Run], ws: Path, out: Path) -> Path:
    run = rbctl("report", "-u", UNIT, "-f", "xlsx", "-o", str(out), "-s", "1", cwd=ws)
    assert run.exit_code == 0, run.stderr
    return next(out.glob("*.xlsx"))


def _rows(ws: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, int]:
    return {str(row[0].value): row[0].row for row in ws.iter_rows(min_col=1, max_col=1) if row[0].value}


def _column(ws: openpyxl.worksheet.worksheet.Worksheet, name: str) -> int:
    for row in ws.iter_rows(max_row=10):
        for cell in row:
            if cell.value == name:
                return cell.column
    raise AssertionError(name)


def _dropdown(ws: openpyxl.worksheet.worksheet.Worksheet, coordinate: str) -> list[str]:
    for dv in ws.data_validations.dataValidation:
        if coordinate in dv.sqref and dv.type == "list":
            return str(dv.formula1).strip('"').split(",")
    raise AssertionError(coordinate)


def _edit(path: Path, answers: dict[str, object], notes: dict[str, str], *, answer_header: str = "Jawaban",
          note_header: str = "Penjelasan") -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[1]
    rows = _rows(ws)
    a_col, n_col = _column(ws, answer_header), _column(ws, note_header)
    for crit, value in answers.items():
        ws.cell(row=rows[crit], column=a_col).value = value
    for crit, note in notes.items():
        ws.cell(row=rows[crit], column=n_col).value = note
    wb.save(path)


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    return copy_good(tmp_path / "a"), copy_good(tmp_path / "b")


def _choices(path: Path) -> tuple[str, str]:
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[1]
    rows = _rows(ws)
    col = _column(ws, "Jawaban")
    abc = _dropdown(ws, f"{openpyxl.utils.get_column_letter(col)}{rows['P.MP.1.a']}")
    yn = _dropdown(ws, f"{openpyxl.utils.get_column_letter(col)}{rows['P.MP.1.b']}")
    return abc[-1], yn[0]


def test_import_gives_the_same_yaml_and_score_as_rbctl_answer(rbctl: Callable[..., Run], pair: tuple[Path, Path],
                                                               tmp_path: Path) -> None:
    ws_import, ws_answer = pair
    book = _report(rbctl, ws_import, tmp_path / "out")
    abc_last, yes = _choices(book)  # "C" and "Ya", taken from the dropdowns
    _edit(book, {"P.MP.1.a": abc_last, "P.MP.1.b": yes, "P.AK.1.a": 4},
          {"P.MP.1.c": "Sosialisasi dua kali."})
    run = rbctl("import", "lke", str(book), cwd=ws_import)
    assert run.exit_code == 0, run.stderr
    for crit, value in (("P.MP.1.a", abc_last), ("P.MP.1.b", yes), ("P.AK.1.a", "4")):
        assert rbctl("answer", crit, value, "-u", UNIT, "--force", cwd=ws_answer).exit_code == 0
    assert rbctl("answer", "P.MP.1.c", "80", "-u", UNIT, "--note", "Sosialisasi dua kali.",
                 cwd=ws_answer).exit_code == 0
    assert (ws_import / LKE).read_text() == (ws_answer / LKE).read_text()
    assert "Tidak" not in (ws_import / LKE).read_text().split("P.MP.1.b:")[1].split("P.MP.1.c")[0]
    score_a = rbctl("score", "-u", UNIT, "-f", "json", cwd=ws_import)
    score_b = rbctl("score", "-u", UNIT, "-f", "json", cwd=ws_answer)
    assert score_a.stdout == score_b.stdout


def test_dry_run_prints_old_new_and_points_and_writes_nothing(rbctl: Callable[..., Run], workspace: Path,
                                                              tmp_path: Path) -> None:
    book = _report(rbctl, workspace, tmp_path / "out")
    before = (workspace / LKE).read_text()
    _edit(book, {"P.MP.1.a": "C"}, {})
    run = rbctl("import", "lke", str(book), "--dry-run", "-f", "json", cwd=workspace)
    assert run.exit_code == 0, run.stderr
    answers = run.json()["units"][0]["answers"]
    assert [(a["criterion"], a["before"], a["after"]) for a in answers] == [("P.MP.1.a", "A", "C")]
    assert answers[0]["points_after"] < answers[0]["points_before"]
    assert (workspace / LKE).read_text() == before


def test_reviewer_columns_import_as_reviu_like_rbctl_answer_review(rbctl: Callable[..., Run],
                                                                   pair: tuple[Path, Path], tmp_path: Path) -> None:
    ws_import, ws_answer = pair
    book = _report(rbctl, ws_import, tmp_path / "out")
    wb = openpyxl.load_workbook(book)
    sheet = wb.worksheets[1]
    header = next(r for r in range(1, 10) if sheet.cell(row=r, column=1).value == "Kode")
    col = sheet.max_column + 1
    sheet.cell(row=header, column=col).value = "Jawaban reviu"
    sheet.cell(row=header, column=col + 1).value = "Catatan reviu"
    wb.save(book)
    _edit(book, {"P.MP.1.a": "c", "P.MP.1.b": "ya ", "P.AK.1.a": "2,5"}, {"P.MP.1.b": "Road Map belum disahkan."},
          answer_header="Jawaban reviu", note_header="Catatan reviu")
    run = rbctl("import", "lke", str(book), "--as", "reviu", cwd=ws_import)
    assert run.exit_code == 0, run.stderr
    for crit, value in (("P.MP.1.a", "C"), ("P.MP.1.b", "Ya"), ("P.AK.1.a", "2,5")):
        assert rbctl("answer", crit, value, "-u", UNIT, "--review", "--force", cwd=ws_answer).exit_code == 0
    assert rbctl("answer", "P.MP.1.b", "Ya", "-u", UNIT, "--review", "--note", "Road Map belum disahkan.",
                 cwd=ws_answer).exit_code == 0
    assert (ws_import / LKE).read_text() == (ws_answer / LKE).read_text()


def test_a_yaml_edit_made_after_the_report_is_a_conflict(rbctl: Callable[..., Run], workspace: Path,
                                                         tmp_path: Path) -> None:
    book = _report(rbctl, workspace, tmp_path / "out")
    _edit(book, {"P.MP.1.a": "C", "P.AK.1.a": 4}, {})
    assert rbctl("answer", "P.MP.1.a", "B", "-u", UNIT, "--force", cwd=workspace).exit_code == 0
    edited = (workspace / LKE).read_text()
    run = rbctl("import", "lke", str(book), cwd=workspace)
    assert run.exit_code == 1
    assert "bentrok P.MP.1.a `jawaban`" in run.stderr
    assert "buku kerja `C`, berkas `B` (semula `A`)" in run.stderr
    assert (workspace / LKE).read_text() == edited
    shutil.copy(workspace / LKE, tmp_path / "kept.yaml")
    run = rbctl("import", "lke", str(book), "--menang", "berkas", cwd=workspace)
    assert run.exit_code == 0, run.stderr
    text = (workspace / LKE).read_text()
    assert "jawaban: B" in text
    assert "jawaban: 4" in text
    run = rbctl("import", "lke", str(book), "--menang", "workbook", cwd=workspace)
    assert run.exit_code == 0, run.stderr
    assert "jawaban: C" in (workspace / LKE).read_text()


def test_markdown_preview_for_a_pull_request_comment(rbctl: Callable[..., Run], workspace: Path,
                                                     tmp_path: Path) -> None:
    book = _report(rbctl, workspace, tmp_path / "out")
    _edit(book, {"P.MP.1.b": "Ya"}, {})
    run = rbctl("import", "lke", str(book), "--dry-run", "-f", "markdown", cwd=workspace)
    assert run.exit_code == 0, run.stderr
    assert "| Kriteria | Sebelum | Sesudah | Poin |" in run.stdout
    assert "| `P.MP.1.b` Road Map telah disusun | Tidak | Ya | +15,00 ▲ |" in run.stdout
