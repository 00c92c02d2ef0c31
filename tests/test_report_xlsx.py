"""The LKE workbook: dropdowns and formulas (openpyxl), and the formulas' results computed by a
formula engine (pycel) and by a real spreadsheet (LibreOffice headless, skipped when absent),
compared with rbctl's own score before and after answers are changed in the sheet."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from rbctl.models import Answer, Answers
from rbctl.numfmt import round_half_up
from rbctl.rubricload import builtin_rubric
from rbctl.scoring import score
from rbctl.workspace import load_workspace
from tests.report_helpers import build, copy_workspace, only

RUBRIC = builtin_rubric("pmprb-2020")
# "rbctl" is the hidden sheet `rbctl import lke` reads.
SHEETS = ["Ringkasan", "P Pemenuhan", "HA Hasil Antara", "R Reform", "H Hasil", "Rencana Aksi", "rbctl"]

# Answer changes a reviewer makes in the sheet: (criterion, column, new value).
CHANGES: list[tuple[str, str, object]] = [
    ("P.MP.1.a", "D", "C"),  # A -> C
    ("P.MP.1.c", "D", None),  # B -> cleared
    ("P.MP.2.d", "E", 4),  # 3/4 -> 4/4
    ("H.KAK.1.a", "D", 90),  # 72.35 -> 90 (a criterion with its own weight)
    ("P.SDM.1.a", "D", "B"),  # unanswered -> B
    ("HA.AK.1.c", "D", 250),  # a percentage above the cap counts full
]


@pytest.fixture
def xlsx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Answers]:
    ws = copy_workspace(tmp_path, monkeypatch)
    path = only(build(ws, tmp_path / "out", "xlsx"), "xlsx")
    answers = load_workspace(ws).units["kpu-contoh"].answers[2026].record
    return path, answers


def rbctl_index(answers: Answers) -> Decimal:
    return round_half_up(score(RUBRIC, answers).index, 2)


def changed(answers: Answers) -> Answers:
    """The same changes, made to the records: what rbctl scores for the changed sheet."""
    out = answers.model_copy(deep=True)
    counts_keys = {c.id: c.counts for c in RUBRIC.criteria().values()}
    for crit, column, value in CHANGES:
        entry = out.jawaban.setdefault(crit, Answer())
        if column == "D":
            entry.jawaban = value  # type: ignore[assignment]
        else:
            spec = counts_keys[crit]
            assert spec is not None
            entry.jumlah[spec.numerator if column == "E" else spec.denominator] = float(value)  # type: ignore[arg-type]
    return out


def criterion_rows(wb: openpyxl.Workbook) -> dict[str, tuple[str, int]]:
    """Criterion id -> (sheet title, row)."""
    ids = set(RUBRIC.criteria())
    out: dict[str, tuple[str, int]] = {}
    for title in SHEETS[1:5]:
        sheet = wb[title]
        for row in range(1, sheet.max_row + 1):
            value = sheet.cell(row=row, column=1).value
            if value in ids:
                out[str(value)] = (title, row)
    return out


def index_cell(wb: openpyxl.Workbook) -> str:
    name = wb.defined_names["INDEKS"]
    sheet, ref = next(iter(name.destinations))
    return f"{sheet}!{ref.replace('$', '')}"


def validation_for(sheet: Worksheet, coordinate: str) -> object:
    matches = [dv for dv in sheet.data_validations.dataValidation if coordinate in dv.sqref]
    assert len(matches) == 1, coordinate
    return matches[0]


def test_workbook_has_a_sheet_per_component_a_summary_and_the_plan(xlsx: tuple[Path, Answers]) -> None:
    wb = openpyxl.load_workbook(xlsx[0])
    assert wb.sheetnames == SHEETS
    rows = criterion_rows(wb)
    assert set(rows) == set(RUBRIC.criteria())  # one row per criterion
    title, row = rows["P.MP.1.a"]
    assert wb[title][f"D{row}"].value == "A"


def test_answer_cells_have_dropdowns_of_the_allowed_answers(xlsx: tuple[Path, Answers]) -> None:
    wb = openpyxl.load_workbook(xlsx[0])
    rows = criterion_rows(wb)
    expected = {"P.MP.1.a": '"A,B,C"', "P.MP.1.b": '"Ya,Tidak"', "P.MP.1.c": '"A,B,C,D"', "P.MP.3.a": '"A,B,C,D,E"',
                "H.PB.1.c": '"WTP,WDP,TW,TMP"'}
    for crit, formula in expected.items():
        title, row = rows[crit]
        dv = validation_for(wb[title], f"D{row}")
        assert (dv.type, dv.formula1, dv.showErrorMessage) == ("list", formula, True)  # type: ignore[attr-defined]
    title, row = rows["H.KAK.1.b"]  # survey value 0-4
    dv = validation_for(wb[title], f"D{row}")
    assert (dv.type, dv.operator, dv.formula1, dv.formula2) == ("decimal", "between", "0", "4")  # type: ignore[attr-defined]
    title, row = rows["P.MP.2.d"]  # computed from two counts
    for column in "EF":
        dv = validation_for(wb[title], f"{column}{row}")
        assert (dv.type, dv.operator, dv.formula1) == ("decimal", "greaterThanOrEqual", "0")  # type: ignore[attr-defined]
    assert (wb[title][f"E{row}"].value, wb[title][f"F{row}"].value) == (3, 4)


def test_scores_are_formulas_following_the_official_roll_up(xlsx: tuple[Path, Answers]) -> None:
    wb = openpyxl.load_workbook(xlsx[0])
    rows = criterion_rows(wb)
    title, row = rows["P.MP.1.c"]
    sheet = wb[title]
    assert sheet[f"G{row}"].value == (f'=IF(TRIM(D{row})="A",1,IF(TRIM(D{row})="B",0.67,'
                                      f'IF(TRIM(D{row})="C",0.33,IF(TRIM(D{row})="D",0,0))))')
    sub_row = rows["P.MP.1.a"][1] - 1
    assert sheet[f"A{sub_row}"].value == "P.MP.1"
    assert sheet[f"I{sub_row}"].value == f"=AVERAGE(G{sub_row + 1}:G{sub_row + 3})*H{sub_row}"
    assert sheet[f"H{sub_row}"].value == 0.4
    area_row = sub_row - 1
    assert sheet[f"A{area_row}"].value == "P.MP"
    assert sheet[f"I{area_row}"].value.startswith(f"=I{sub_row}+")
    title, row = rows["H.KAK.1.a"]  # per-criterion weights: weighted mean
    hasil = wb[title]
    products = "+".join(f"G{r}*H{r}" for r in (row, row + 1, row + 2))
    assert hasil[f"I{row - 1}"].value == f"=({products})/SUM(H{row}:H{row + 2})*H{row - 1}"
    summary = wb["Ringkasan"]
    ref = index_cell(wb).split("!")[1]
    assert summary[ref].value.startswith("=SUM(")
    assert any(str(c.value).startswith(f"=ROUND({ref},2)") for r in summary.iter_rows() for c in r)


def test_record_text_is_never_a_formula(xlsx: tuple[Path, Answers]) -> None:
    wb = openpyxl.load_workbook(xlsx[0])
    plan = wb["Rencana Aksi"]
    cells = [c for r in plan.iter_rows() for c in r if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells
    for cell in cells:
        assert cell.data_type == "s"
        assert cell.quotePrefix


def pycel_index(path: Path, edits: list[tuple[str, object]] | None = None) -> Decimal:
    from pycel import ExcelCompiler

    wb = openpyxl.load_workbook(path)
    cell = index_cell(wb)
    compiler = ExcelCompiler(filename=str(path))
    compiler.evaluate(cell)
    for address, value in edits or []:
        compiler.set_value(address, "" if value is None else value)  # pycel ignores None: clear with ""
    return round_half_up(Fraction(str(compiler.evaluate(cell))), 2)


def edits_for(path: Path) -> list[tuple[str, object]]:
    rows = criterion_rows(openpyxl.load_workbook(path))
    return [(f"{rows[crit][0]}!{column}{rows[crit][1]}", value) for crit, column, value in CHANGES]


def test_pycel_index_equals_rbctl_score_before_and_after_changes(xlsx: tuple[Path, Answers]) -> None:
    path, answers = xlsx
    # 14,70: the official SOP sub-area weight 0,6 (was 0,8) makes P.TL.1.a Ya worth 0,6 / 3, not 0,8 / 3.
    assert pycel_index(path) == rbctl_index(answers) == Decimal("14.70")
    after = rbctl_index(changed(answers))
    assert after != rbctl_index(answers)
    assert pycel_index(path, edits_for(path)) == after


def test_plan_sheet_computes_the_period(xlsx: tuple[Path, Answers]) -> None:
    from pycel import ExcelCompiler

    compiler = ExcelCompiler(filename=str(xlsx[0]))
    plan = openpyxl.load_workbook(xlsx[0])["Rencana Aksi"]
    rows = {plan.cell(row=r, column=3).value: r for r in range(5, plan.max_row + 1)}
    row = rows["RA-TL-01"]
    assert [compiler.evaluate(f"Rencana Aksi!{c}{row}") for c in "QRS"] == [5, 4, 0.8]
    assert plan[f"T{row}"].value == "Sedang berjalan"


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def recalculated(path: Path, tmp: Path) -> openpyxl.Workbook:
    """Open and save the workbook with LibreOffice (it computes every formula) and read the values."""
    out = tmp / "recalc"
    assert SOFFICE is not None
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp / 'lo-profile'}", "--headless", "--calc",
                    "--convert-to", "xlsx", "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=180)
    return openpyxl.load_workbook(out / path.name, data_only=True)


def lo_index(wb: openpyxl.Workbook) -> Decimal:
    sheet, ref = index_cell(wb).split("!")
    return round_half_up(Fraction(str(wb[sheet][ref].value)), 2)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) tidak terpasang")
def test_libreoffice_recalculation_equals_rbctl_score_before_and_after_changes(
    xlsx: tuple[Path, Answers], tmp_path: Path,
) -> None:
    path, answers = xlsx
    wb = recalculated(path, tmp_path / "a")
    assert lo_index(wb) == rbctl_index(answers)
    assert wb["Ringkasan"][wb.defined_names["PREDIKAT"].attr_text.split("!")[1].replace("$", "")].value == "D"
    plan = wb["Rencana Aksi"]
    texts = [c.value for r in plan.iter_rows() for c in r if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert texts  # still text after a spreadsheet has opened it

    edited = openpyxl.load_workbook(path)
    for address, value in edits_for(path):
        sheet, ref = address.split("!")
        edited[sheet][ref].value = value
    changed_path = tmp_path / "changed" / path.name
    changed_path.parent.mkdir()
    edited.save(changed_path)
    assert lo_index(recalculated(changed_path, tmp_path / "b")) == rbctl_index(changed(answers))



def test_criterion_guide_is_a_note_on_its_text_cell(xlsx: tuple[Path, Answers]) -> None:
    path, _ = xlsx
    rows = criterion_rows(openpyxl.load_workbook(path))
    sheet, row = rows["P.MP.1.a"]
    cell = openpyxl.load_workbook(path)[sheet].cell(row=row, column=2)
    assert cell.value == RUBRIC.criteria()["P.MP.1.a"].text
    assert cell.comment is not None
    assert cell.comment.text.splitlines() == RUBRIC.criteria()["P.MP.1.a"].guide_lines()
