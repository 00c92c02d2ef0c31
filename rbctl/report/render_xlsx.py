"""The LKE workbook: a sheet per component, a summary, and the action plan with its realisation.

Every score is a formula, so a reviewer who changes an answer in Excel or LibreOffice sees the
values, sub-areas, areas, components and the index change. The formulas follow the official
roll-up, as :mod:`rbctl.scoring` does:

- criterion value in 0..1: the option's literal value (choice), min(percentage, cap) / cap
  (percentages, from the two counts when the criterion has them), (x - min) / (max - min)
  (ranges); anything else counts 0;
- sub-area = AVERAGE(values) x sub-area weight, or with per-criterion weights
  (value1 x weight1 + ...) / SUM(weights) x sub-area weight;
- area = sum of its sub-areas, component = sum of its areas, index = sum of the components;
- only the "dibulatkan" cells ROUND (two decimals); the rest is shown with a number format.

Record text is always written as a string cell (never a formula: `=HYPERLINK(...)` in a
record stays text).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile
from decimal import Decimal
from fractions import Fraction
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from rbctl.answerparse import plain, read_answer
from rbctl.importer.meta import write_meta
from rbctl.models import ActionItem, Answers
from rbctl.report.context import STATUS_LABELS, Ctx
from rbctl.report.periods import ROMAN, ReportPeriod
from rbctl.rubric import ChoiceScale, Component, Criterion, PercentageScale, RangeScale, Rubric, Scale
from rbctl.textsafe import scrub
from rbctl.workspace import Unit

HEADER_FILL = PatternFill("solid", fgColor="DCE4EE")
AREA_FILL = PatternFill("solid", fgColor="EEF2F7")
SUB_FILL = PatternFill("solid", fgColor="F7F9FB")
INPUT_FILL = PatternFill("solid", fgColor="FFF6D5")
THIN = Side(style="thin", color="888888")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
BOLD = Font(bold=True)
SCORE_FORMAT = "0.00"
VALUE_FORMAT = "0.00##"
PERCENT_FORMAT = "0.00%"

# Component sheet columns.
COL_ID, COL_TEXT, COL_SCALE, COL_ANSWER, COL_NUM, COL_DEN, COL_VALUE, COL_WEIGHT, COL_SCORE, COL_PCT = range(1, 11)
COL_NOTE, COL_EVIDENCE, COL_REVIEW, COL_REVIEW_NOTE = 11, 12, 13, 14
HEADERS = ["Kode", "Uraian", "Skala / pilihan jawaban", "Jawaban", "Jumlah (pembilang)", "Jumlah (penyebut)",
           "Nilai (0-1)", "Bobot", "Nilai tertimbang", "Capaian", "Penjelasan", "Data dukung", "Jawaban reviu",
           "Catatan reviu"]
WIDTHS = [11, 55, 22, 11, 12, 12, 10, 9, 12, 10, 32, 16, 11, 28]
FIRST_ROW = 6
TOTAL_CELL = "I3"

SHEET_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def text_cell(ws: Worksheet, row: int, column: int, value: object) -> Cell:
    """Record text as a string cell: a leading `=`, `@`, `+` or `-` stays text."""
    cell: Cell = ws.cell(row=row, column=column)
    if value is None or value == "":
        return cell
    cell.value = scrub(str(value))  # a draft may come from records with control characters
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def number_literal(value: Fraction) -> str:
    """A weight or option value inside a formula: exact decimals as written, other fractions as n/d."""
    if value.denominator == 1:
        return str(value.numerator)
    den = value.denominator
    for p in (2, 5):
        while den % p == 0:
            den //= p
    if den == 1:
        return format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    return f"({value.numerator}/{value.denominator})"


def _weight_cell(cell: Cell, value: Fraction) -> None:
    literal = number_literal(value)
    cell.value = f"={literal}" if literal.startswith("(") else (float(literal) if "." in literal else int(literal))
    cell.number_format = VALUE_FORMAT


def _str_literal(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def value_formula(scale: Scale, crit: Criterion, row: int) -> str:
    """The formula of a criterion's value (0..1) from its answer (D) and counts (E, F)."""
    ans, num, den = f"D{row}", f"E{row}", f"F{row}"
    if isinstance(scale, ChoiceScale):
        formula = "0"
        for option, value in reversed(list(scale.options.items())):
            formula = f"IF(TRIM({ans})={_str_literal(option)},{number_literal(value)},{formula})"
        return "=" + formula
    if isinstance(scale, PercentageScale):
        cap = number_literal(scale.cap)
        direct = f"IF(ISNUMBER({ans}),MIN(MAX({ans},0),{cap})/{cap},0)"
        if crit.counts is None:
            return "=" + direct
        counted = f"IF(AND(ISNUMBER({num}),ISNUMBER({den})),IF({den}>0,MAX(0,MIN({num}/{den}*100,{cap}))/{cap},0),0)"
        if scale.from_counts:
            return "=" + counted
        return f"=IF(OR(ISNUMBER({num}),ISNUMBER({den})),{counted},{direct})"
    lo, hi = number_literal(scale.min), number_literal(scale.max)
    return f"=IF(ISNUMBER({ans}),IF(AND({ans}>={lo},{ans}<={hi}),({ans}-{lo})/({hi}-{lo}),0),0)"


def scale_label(scale: Scale, crit: Criterion) -> str:
    if isinstance(scale, ChoiceScale):
        label = "/".join(scale.options)
    elif isinstance(scale, PercentageScale):
        label = f"Persentase 0-{number_literal(scale.cap)}"
    else:
        label = f"Nilai {number_literal(scale.min)}-{number_literal(scale.max)}"
    if crit.counts is not None:
        label += f"\nPembilang: {crit.counts.numerator_label}\nPenyebut: {crit.counts.denominator_label}"
    return label


def sheet_title(comp: Component, used: set[str]) -> str:
    base = f"{comp.id} {comp.name}".translate(SHEET_FORBIDDEN).strip("' ")[:31].strip()
    title, n = base, 2
    while title.casefold() in used:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title.casefold())
    return title


class Validations:
    """One data validation (dropdown or number rule) per scale, applied to many cells."""

    def __init__(self, ws: Worksheet, lists: Worksheet) -> None:
        self.ws, self.lists = ws, lists
        self.by_key: dict[str, DataValidation] = {}

    def _get(self, key: str, make: Any) -> DataValidation:
        if key not in self.by_key:
            dv: DataValidation = make()
            dv.showErrorMessage = True
            dv.errorStyle = "stop"
            dv.allow_blank = True
            self.ws.add_data_validation(dv)
            self.by_key[key] = dv
        return self.by_key[key]

    def answer(self, scale_id: str, scale: Scale, cell: str) -> None:
        if isinstance(scale, ChoiceScale):
            options = list(scale.options)
            inline = ",".join(options)
            if len(inline) <= 250 and not any("," in o or '"' in o for o in options):
                source = f'"{inline}"'
            else:
                source = self._list_range(scale_id, options)
            dv = self._get(scale_id, lambda: DataValidation(
                type="list", formula1=source, showDropDown=False,
                errorTitle="Jawaban tidak sah", error="Pilih salah satu jawaban dari daftar: " + ", ".join(options),
                promptTitle="Jawaban", prompt="Pilih: " + ", ".join(options), showInputMessage=True))
        elif isinstance(scale, PercentageScale):
            dv = self._get(scale_id, lambda: DataValidation(
                type="decimal", operator="greaterThanOrEqual", formula1="0", errorTitle="Persentase tidak sah",
                error="Isi angka persentase 0 atau lebih (di atas batas dihitung penuh).",
                promptTitle="Persentase", prompt="Angka persentase, misalnya 87,5", showInputMessage=True))
        else:
            assert isinstance(scale, RangeScale)
            lo, hi = number_literal(scale.min), number_literal(scale.max)
            dv = self._get(scale_id, lambda: DataValidation(
                type="decimal", operator="between", formula1=lo.strip("()"), formula2=hi.strip("()"),
                errorTitle="Nilai tidak sah", error=f"Isi angka antara {lo} dan {hi}.",
                promptTitle="Nilai", prompt=f"Angka {lo}-{hi}", showInputMessage=True))
        dv.add(cell)

    def count(self, cell: str) -> None:
        dv = self._get("__jumlah__", lambda: DataValidation(
            type="decimal", operator="greaterThanOrEqual", formula1="0", errorTitle="Jumlah tidak sah",
            error="Isi jumlah berupa angka 0 atau lebih.", promptTitle="Jumlah", prompt="Angka 0 atau lebih",
            showInputMessage=True))
        dv.add(cell)

    def _list_range(self, scale_id: str, options: list[str]) -> str:
        column = self.lists.max_column + 1 if self.lists.max_row > 1 or self.lists["A1"].value else 1
        text_cell(self.lists, 1, column, scale_id)
        for i, option in enumerate(options, 2):
            text_cell(self.lists, i, column, option)
        letter = get_column_letter(column)
        return f"{quote_sheetname(self.lists.title)}!${letter}$2:${letter}${len(options) + 1}"


def _answer_value(scale: Scale, crit: Criterion, answers: Answers | None) -> tuple[object, dict[str, float]]:
    """What goes in the answer cell (a canonical option, a number, or the raw text) and the counts."""
    own = answers.jawaban.get(crit.id) if answers is not None else None
    if own is None:
        return None, {}
    counts = dict(own.jumlah)
    raw = own.jawaban
    if raw is None or raw == "":
        return None, counts
    reading = read_answer(scale, crit, raw)  # as `score` reads it: `ya` is Ya, `57,1` is 57.1
    if not reading.accepted:
        return str(raw), counts
    return (reading.option if reading.number is None else plain(reading.number)), counts


_STYLE_TABLES = (("fontId", "_fonts"), ("fillId", "_fills"), ("borderId", "_borders"), ("alignmentId", "_alignments"))


def styled(cell: Cell, *, font: Font | None = None, fill: PatternFill | None = None, border: Border | None = None,
           alignment: Alignment | None = None) -> Cell:
    """Set styles by their index in the workbook's tables, looked up once per style object.

    openpyxl hashes the whole style object on every assignment (most of a workbook's build
    time); these are module constants, so their index is remembered per workbook."""
    workbook = cell.parent.parent
    known: dict[tuple[str, int], int] = workbook.__dict__.setdefault("_rbctl_style_ids", {})
    if not cell._style:  # the index array openpyxl's own descriptors write
        cell._style = StyleArray()
    style = cell._style
    for (attr, table), value in zip(_STYLE_TABLES, (font, fill, border, alignment), strict=True):
        if value is None:
            continue
        key = (attr, id(value))
        index = known.get(key)
        if index is None:
            index = known[key] = getattr(workbook, table).add(value)
        setattr(style, attr, index)
    return cell


def _style_row(ws: Worksheet, row: int, fill: PatternFill | None, bold: bool = False) -> None:
    for col in range(1, len(HEADERS) + 1):
        styled(ws.cell(row=row, column=col), border=BOX, alignment=WRAP, fill=fill, font=BOLD if bold else None)


def _criterion_row(ws: Worksheet, row: int, crit: Criterion, rubric: Rubric, answers: Answers | None,
                   validations: Validations, *, own_weight: bool) -> None:
    scale = rubric.scales[crit.scale]
    text_cell(ws, row, COL_ID, crit.id)
    guide = crit.guide_lines()
    text = text_cell(ws, row, COL_TEXT, crit.text)
    if guide:  # the guide rides along as a cell note: the sheet stays the sheet's shape
        text.comment = Comment("\n".join(guide), "rbctl", width=360, height=180)
    text_cell(ws, row, COL_SCALE, scale_label(scale, crit))
    answer, counts = _answer_value(scale, crit, answers)
    cell = ws.cell(row=row, column=COL_ANSWER)
    if isinstance(answer, str):
        text_cell(ws, row, COL_ANSWER, answer)
    elif answer is not None:
        cell.value = answer
    validations.answer(crit.scale, scale, cell.coordinate)
    if crit.counts is not None:
        for col, key in ((COL_NUM, crit.counts.numerator), (COL_DEN, crit.counts.denominator)):
            count_cell = ws.cell(row=row, column=col)
            if key in counts:
                count_cell.value = counts[key]
            validations.count(count_cell.coordinate)
    ws.cell(row=row, column=COL_VALUE).value = value_formula(scale, crit, row)
    ws.cell(row=row, column=COL_VALUE).number_format = VALUE_FORMAT
    if own_weight and crit.weight is not None:
        _weight_cell(ws.cell(row=row, column=COL_WEIGHT), crit.weight)
    own = answers.jawaban.get(crit.id) if answers is not None else None
    if own is not None:
        text_cell(ws, row, COL_NOTE, own.penjelasan)
        text_cell(ws, row, COL_EVIDENCE, ", ".join(own.data_dukung))
    review = answers.reviu.get(crit.id) if answers is not None else None
    if review is not None:  # the internal reviewer's answer beside the unit's own
        if review.jawaban is not None:
            text_cell(ws, row, COL_REVIEW, str(review.jawaban))
        elif crit.counts is not None and review.jumlah:  # a percentage the reviewer recounted
            parts = [review.jumlah.get(k) for k in (crit.counts.numerator, crit.counts.denominator)]
            text_cell(ws, row, COL_REVIEW, " / ".join("-" if v is None else f"{v:g}" for v in parts))
        text_cell(ws, row, COL_REVIEW_NOTE, review.catatan)
    _style_row(ws, row, None)
    for col in (COL_ANSWER, COL_NUM, COL_DEN):
        if crit.counts is not None or col == COL_ANSWER:
            styled(ws.cell(row=row, column=col), fill=INPUT_FILL)


def _node_row(ws: Worksheet, row: int, node_id: str, name: str, weight: Fraction, score: str, *,
              provisional: bool, fill: PatternFill) -> None:
    """A sub-area or area row: its weight, its score formula and its percentage of the weight."""
    text_cell(ws, row, COL_ID, node_id)
    text_cell(ws, row, COL_TEXT, name + (" (bobot sementara)" if provisional else ""))
    _weight_cell(ws.cell(row=row, column=COL_WEIGHT), weight)
    ws.cell(row=row, column=COL_SCORE).value = score
    ws.cell(row=row, column=COL_PCT).value = f"=IF(H{row}>0,I{row}/H{row},0)"
    _style_row(ws, row, fill, bold=True)


def _sheet_head(ws: Worksheet, comp: Component) -> None:
    text_cell(ws, 1, 1, f"Komponen {comp.id}: {comp.name}").font = Font(bold=True, size=13)
    text_cell(ws, 2, 1, "Isi kolom Jawaban (dan Jumlah bila ada); nilai dihitung otomatis.")
    label = text_cell(ws, 3, COL_TEXT, "Bobot, nilai dan capaian komponen:")
    label.font, label.alignment = BOLD, Alignment(horizontal="right")
    _weight_cell(ws.cell(row=3, column=COL_WEIGHT), comp.weight)
    for col, (header, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), 1):
        text_cell(ws, FIRST_ROW - 1, col, header)
        ws.column_dimensions[get_column_letter(col)].width = width
    _style_row(ws, FIRST_ROW - 1, HEADER_FILL, bold=True)


def _component_sheet(wb: Workbook, comp: Component, rubric: Rubric, answers: Answers | None, title: str,
                     lists: Worksheet) -> None:
    ws = wb.create_sheet(title)
    _sheet_head(ws, comp)
    validations = Validations(ws, lists)
    row = FIRST_ROW
    area_cells: list[str] = []
    for area in comp.areas:
        area_row = row
        row += 1
        sub_cells: list[str] = []
        for sub in area.subareas:
            sub_row = row
            first = row = row + 1
            own_weights = all(c.weight is not None for c in sub.criteria)
            for crit in sub.criteria:
                _criterion_row(ws, row, crit, rubric, answers, validations, own_weight=own_weights)
                row += 1
            last = row - 1
            if own_weights:  # written out, not SUMPRODUCT: every engine computes it the same way
                products = "+".join(f"G{r}*H{r}" for r in range(first, last + 1))
                mean = f"({products})/SUM(H{first}:H{last})"
            else:
                mean = f"AVERAGE(G{first}:G{last})"
            _node_row(ws, sub_row, sub.id, sub.name, sub.weight, f"={mean}*H{sub_row}", provisional=sub.provisional,
                      fill=SUB_FILL)
            sub_cells.append(f"I{sub_row}")
        _node_row(ws, area_row, area.id, area.name or area.id, area.weight, "=" + "+".join(sub_cells),
                  provisional=area.provisional, fill=AREA_FILL)
        area_cells.append(f"I{area_row}")
    ws[TOTAL_CELL] = "=" + "+".join(area_cells)
    ws[TOTAL_CELL].font = BOLD
    ws["J3"] = f"=IF(H3>0,{TOTAL_CELL}/H3,0)"
    for r in range(FIRST_ROW, row):
        for col, fmt in ((COL_SCORE, SCORE_FORMAT), (COL_PCT, PERCENT_FORMAT)):
            ws.cell(row=r, column=col).number_format = fmt
    ws["I3"].number_format = SCORE_FORMAT
    ws["J3"].number_format = PERCENT_FORMAT
    fit_rows(ws, FIRST_ROW - 1)
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=COL_ANSWER)
    ws.auto_filter.ref = f"A{FIRST_ROW - 1}:{get_column_letter(len(HEADERS))}{row - 1}"
    _print_setup(ws, landscape=True)
    ws.print_title_rows = f"{FIRST_ROW - 1}:{FIRST_ROW - 1}"


def fit_rows(ws: Worksheet, first_row: int = 1) -> None:
    """Row heights for wrapped text (spreadsheets do not grow rows written by openpyxl by themselves)."""
    widths = {letter: dim.width for letter, dim in ws.column_dimensions.items() if dim.width}
    merged = {cell for rng in ws.merged_cells.ranges for row in rng.rows for cell in row}
    for row in ws.iter_rows(min_row=first_row):
        lines = 1
        for cell in row:
            if not isinstance(cell.value, str) or cell.data_type == "f":
                continue
            if (cell.row, cell.column) in merged:
                continue
            width = widths.get(cell.column_letter, 9.0)
            chars = max(1.0, width * 0.95)
            count = sum(max(1, math.ceil(len(part) / chars)) for part in cell.value.split("\n"))
            lines = max(lines, count)
        if lines > 1:
            ws.row_dimensions[row[0].row].height = 13 * lines + 3


def _print_setup(ws: Worksheet, *, landscape: bool) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def grade_formula(rubric: Rubric, cell: str) -> str:
    formula = '"-"'
    for band in sorted(rubric.grades, key=lambda b: b.above):
        op = ">=" if band.inclusive else ">"
        formula = f"IF({cell}{op}{number_literal(band.above)},{_str_literal(band.grade)},{formula})"
    return "=" + formula


def _summary_table(ws: Worksheet, rubric: Rubric, titles: list[str], head: int) -> int:
    """Components with their weight, score and percentage, and the index; returns the index row."""
    for col, header in enumerate(["Komponen", "Bobot", "Nilai", "Capaian"], 1):
        cell = text_cell(ws, head, col, header)
        cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, BOX
    row = first = head + 1
    for comp, title in zip(rubric.components, titles, strict=True):
        text_cell(ws, row, 1, f"{comp.id} {comp.name}")
        sheet = quote_sheetname(title)
        ws.cell(row=row, column=2).value = f"={sheet}!H3"
        ws.cell(row=row, column=3).value = f"={sheet}!{TOTAL_CELL}"
        ws.cell(row=row, column=4).value = f"=IF(B{row}>0,C{row}/B{row},0)"
        row += 1
    text_cell(ws, row, 1, "Indeks")
    ws.cell(row=row, column=2).value = f"=SUM(B{first}:B{row - 1})"
    ws.cell(row=row, column=3).value = f"=SUM(C{first}:C{row - 1})"
    ws.cell(row=row, column=4).value = f"=IF(B{row}>0,C{row}/B{row},0)"
    for r in range(first, row + 1):
        for col, fmt in ((2, VALUE_FORMAT), (3, SCORE_FORMAT), (4, PERCENT_FORMAT)):
            ws.cell(row=r, column=col).number_format = fmt
        for col in range(1, 5):
            ws.cell(row=r, column=col).border = BOX
            if r == row:
                ws.cell(row=r, column=col).font = BOLD
                ws.cell(row=r, column=col).fill = AREA_FILL
    return row


def _summary(wb: Workbook, ctx: Ctx, rubric: Rubric, titles: list[str]) -> None:
    ws = wb.active
    assert ws is not None
    ws.title = "Ringkasan"
    text_cell(ws, 1, 1, f"Lembar Kerja Evaluasi (LKE): {rubric.title}").font = Font(bold=True, size=14)
    rows = [("Unit", ctx["unit"]["nama"]), ("Organisasi", ctx["organisasi"]), ("Tahun", str(ctx["tahun"])),
            ("Rubrik", f"{rubric.id} ({rubric.legal_basis})"), ("Periode laporan", ctx["periode"]["judul"])]
    for i, (label, value) in enumerate(rows, 3):
        text_cell(ws, i, 1, label).font = BOLD
        text_cell(ws, i, 2, value)
    index_row = _summary_table(ws, rubric, titles, head=9)
    row = index_row + 2
    text_cell(ws, row, 1, "Indeks (dibulatkan)").font = BOLD
    ws.cell(row=row, column=3).value = f"=ROUND(C{index_row},2)"
    ws.cell(row=row, column=3).number_format = SCORE_FORMAT
    text_cell(ws, row + 1, 1, "Predikat").font = BOLD
    ws.cell(row=row + 1, column=3).value = grade_formula(rubric, f"C{index_row}")
    wb.defined_names["INDEKS"] = DefinedName("INDEKS", attr_text=f"Ringkasan!$C${index_row}")
    wb.defined_names["PREDIKAT"] = DefinedName("PREDIKAT", attr_text=f"Ringkasan!$C${row + 1}")
    row += 3
    bands = ", ".join(f"{b.grade} {'>=' if b.inclusive else '>'} {number_literal(b.above)}"
                      for b in sorted(rubric.grades, key=lambda b: b.above, reverse=True))
    text_cell(ws, row, 1, f"Predikat: {bands}.")
    row += 1
    if rubric.is_provisional():
        note = "Catatan: sebagian bobot rubrik ini sementara. " + (rubric.provisional_note or "")
        text_cell(ws, row, 1, note).alignment = WRAP
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
        ws.row_dimensions[row].height = 13 * (math.ceil(len(note) / 80) + 1)
        row += 1
    text_cell(ws, row + 1, 1, ctx["provenans"]["teks"]).font = Font(italic=True, size=9, color="555555")
    for letter, width in (("A", 34), ("B", 12), ("C", 12), ("D", 12)):
        ws.column_dimensions[letter].width = width
    _print_setup(ws, landscape=False)


PLAN_HEADERS = ["No", "Area", "Id", "Kegiatan", "Output", "Satuan", "Indikator",
                "Target TW I", "Target TW II", "Target TW III", "Target TW IV", "Target total",
                "Realisasi TW I", "Realisasi TW II", "Realisasi TW III", "Realisasi TW IV",
                "Target periode", "Realisasi periode", "Capaian periode", "Status", "Kendala", "Tindak lanjut",
                "Pelaksana", "Koordinator", "Anggaran (Rp)", "Data dukung"]
PLAN_WIDTHS = [5, 22, 11, 36, 22, 10, 28, 8, 8, 8, 8, 8, 9, 9, 9, 9, 9, 10, 10, 14, 32, 32, 18, 18, 14, 18]


def _plan_row(ws: Worksheet, row: int, no: int, area: str, item: ActionItem, period: ReportPeriod) -> None:
    ws.cell(row=row, column=1).value = no
    for col, text in ((2, area), (3, item.id), (4, item.kegiatan), (5, item.output), (6, item.satuan),
                      (7, item.indikator), (23, item.pelaksana), (24, item.koordinator)):
        text_cell(ws, row, col, text)
    for q, value in enumerate(item.target.quarters(), 1):
        ws.cell(row=row, column=7 + q).value = value
    ws.cell(row=row, column=12).value = item.target.total
    realised = item.realisasi.by_quarter()
    for q in range(1, 5):
        if q in realised:
            ws.cell(row=row, column=12 + q).value = realised[q].nilai
    targets = [f"{get_column_letter(7 + q)}{row}" for q in period.quarters]
    reals = [f"{get_column_letter(12 + q)}{row}" for q in period.quarters]
    if period.code == "tahunan":
        ws.cell(row=row, column=17).value = f"=IF(ISNUMBER(L{row}),L{row},SUM(H{row}:K{row}))"
    else:
        ws.cell(row=row, column=17).value = "=" + "+".join(f"N({c})" for c in targets)
    ws.cell(row=row, column=18).value = "=" + "+".join(f"N({c})" for c in reals)
    ws.cell(row=row, column=19).value = f'=IF(Q{row}>0,R{row}/Q{row},"-")'
    ws.cell(row=row, column=19).number_format = PERCENT_FORMAT
    in_period = {q: r for q, r in realised.items() if q in period.quarters}
    status = in_period[max(in_period)].status.value if in_period else "belum"
    text_cell(ws, row, 20, STATUS_LABELS[status])
    several = len(in_period) > 1

    def joined(attr: str) -> str:
        parts = []
        for q, r in sorted(in_period.items()):
            value = getattr(r, attr)
            if value:
                parts.append(f"TW {ROMAN[q]}: {value}" if several else value)
        return "\n".join(parts)

    text_cell(ws, row, 21, joined("kendala"))
    text_cell(ws, row, 22, joined("tindak_lanjut"))
    ws.cell(row=row, column=25).value = item.anggaran
    ws.cell(row=row, column=25).number_format = "#,##0"
    evidence = list(dict.fromkeys([*item.data_dukung, *(e for r in in_period.values() for e in r.data_dukung)]))
    text_cell(ws, row, 26, ", ".join(evidence))
    for col in range(1, len(PLAN_HEADERS) + 1):
        styled(ws.cell(row=row, column=col), border=BOX, alignment=WRAP)


def _plans(wb: Workbook, ctx: Ctx, unit: Unit, period: ReportPeriod, area_names: dict[str, str],
           area_order: list[str]) -> None:
    ws = wb.create_sheet("Rencana Aksi")
    text_cell(ws, 1, 1, f"Rencana aksi dan realisasi {ctx['periode']['judul']}: {ctx['unit']['nama']}").font = Font(
        bold=True, size=13)
    text_cell(ws, 2, 1, "Realisasi per triwulan dijumlahkan untuk periode; capaian = realisasi periode / target "
                        "periode.")
    head = 4
    for col, (header, width) in enumerate(zip(PLAN_HEADERS, PLAN_WIDTHS, strict=True), 1):
        cell = text_cell(ws, head, col, header)
        cell.font, cell.fill, cell.border, cell.alignment = BOLD, HEADER_FILL, BOX, WRAP
        ws.column_dimensions[get_column_letter(col)].width = width
    order = {a: i for i, a in enumerate(area_order)}
    plans = sorted((p.record for p in unit.plans if p.record.tahun == period.year),
                   key=lambda p: (order.get(p.area, len(order)), p.area))
    row, no = head + 1, 1
    for plan in plans:
        for item in plan.rencana_aksi:
            _plan_row(ws, row, no, area_names.get(plan.area, plan.area), item, period)
            row, no = row + 1, no + 1
    if no == 1:
        text_cell(ws, row, 1, f"Belum ada rencana aksi tahun {period.year}.")
    fit_rows(ws, head)
    ws.freeze_panes = ws.cell(row=head + 1, column=5)
    _print_setup(ws, landscape=True)
    ws.print_title_rows = f"{head}:{head}"


def render_xlsx(ctx: Ctx, rubric: Rubric, answers: Answers | None, unit: Unit, period: ReportPeriod,
                when: dt.date | None = None) -> bytes:
    wb = Workbook()
    used = {"ringkasan", "rencana aksi", "daftar"}
    titles = [sheet_title(comp, used) for comp in rubric.components]
    hidden = wb.create_sheet("Daftar")  # long choice lists, when a dropdown cannot hold them inline
    hidden.sheet_state = "hidden"
    _summary(wb, ctx, rubric, titles)
    for comp, title in zip(rubric.components, titles, strict=True):
        _component_sheet(wb, comp, rubric, answers, title, hidden)
    area_names = {a.id: a.name for a in rubric.change_areas}
    _plans(wb, ctx, unit, period, area_names, [a.id for a in rubric.change_areas])
    if hidden.max_row == 1 and hidden["A1"].value is None:
        wb.remove(hidden)
    else:
        wb.move_sheet(hidden, offset=len(wb.sheetnames))
    write_meta(wb, rubric, answers, unit.id, unit.folder, period.year)  # for `rbctl import lke`
    if ctx.get("draf"):
        for sheet in wb.worksheets:  # printed pages carry it, and the tab names say it
            sheet.oddHeader.center.text = "DRAF"
            sheet.evenHeader.center.text = "DRAF"
    stamp = dt.datetime.combine(when or period.end, dt.time())
    wb.properties.creator = "rbctl"
    wb.properties.lastModifiedBy = "rbctl"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.title = f"LKE {ctx['unit']['nama']} {ctx['tahun']}"
    buffer = io.BytesIO()
    # Stored, not deflated: the caller rewrites the archive with fixed dates and compresses it then.
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED)
    ExcelWriter(wb, archive).save()  # not save_workbook(): it stamps the current time
    return buffer.getvalue()
