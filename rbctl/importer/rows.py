"""Reading the answers of a workbook row by row: rbctl's own layout and the official one."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from openpyxl.utils import get_column_letter

from rbctl.importer.meta import Meta
from rbctl.importer.normalise import Normalised, cell_text, normalise_answer, normalise_count
from rbctl.importer.numbering import level_of
from rbctl.importer.workbook import Book, Layout, SheetReader, find_layout, norm, reader
from rbctl.problems import Problem, Severity
from rbctl.rubric import Criterion, Rubric

MATCH_NUMBERED = 0.6  # text similarity a row matched by its numbering still needs
MATCH_TEXT = 0.85  # similarity for a row matched by its text alone


@dataclass
class RowAnswer:
    """What one criterion row of the workbook says."""

    criterion: str
    where: str  # "Sheet!D12", the answer cell
    answer: Normalised | None  # None: the cell is empty
    note: str | None  # None: no such column
    evidence: list[str] | None
    review: Normalised | None = None
    review_note: str | None = None
    similarity: float = 1.0


@dataclass
class ReadResult:
    rows: list[RowAnswer] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    answer_cells: int = 0  # non-empty answer cells seen (an empty column is an error)


def _where(sheet: str, row: int, col: int) -> str:
    return f"{sheet}!{get_column_letter(col)}{row}"


class Collector:
    def __init__(self, path: Path) -> None:
        self.path, self.result = str(path), ReadResult()

    def add(self, rule: str, sheet: str, row: int, col: int, message: str, hint: str = "",
            severity: Severity = Severity.ERROR) -> None:
        self.result.problems.append(Problem(self.path, row, col, rule, f"{_where(sheet, row, col)}: {message}", hint,
                                            severity))


def _cell(sr: SheetReader, layout: Layout, row: int, role: str, out: Collector) -> object:
    col = layout.columns.get(role)
    if col is None:
        return None
    value = sr.value(row, col)
    if value is None and sr.is_formula(row, col):
        out.add("import-formula-uncached", layout.sheet, row, col,
                "rumus tanpa nilai tersimpan (buku kerja belum pernah dihitung).",
                "Buka dan simpan sekali di Excel atau LibreOffice agar nilainya tersimpan, lalu impor lagi.")
    return value


def _answer_of(rubric: Rubric, crit: Criterion, sr: SheetReader, layout: Layout, row: int, role: str,
               out: Collector, counted: bool) -> Normalised | None:
    raw = _cell(sr, layout, row, role, out)
    scale = rubric.scales[crit.scale]
    if counted and crit.counts is not None and {"numerator", "denominator"} <= set(layout.columns):
        num = _cell(sr, layout, row, "numerator", out)
        den = _cell(sr, layout, row, "denominator", out)
        if num is not None or den is not None:
            n, d = normalise_count(num), normalise_count(den)
            if n is None or d is None:
                out.add("answer-not-in-scale", layout.sheet, row, layout.columns["numerator"],
                        f"jumlah `{cell_text(num)}`/`{cell_text(den)}` untuk {crit.id} tidak lengkap atau bukan angka.",
                        "Isi kedua jumlah dengan angka 0 atau lebih.")
                return None
            return Normalised(None, {crit.counts.numerator: n, crit.counts.denominator: d}, f"{n}/{d}")
    if raw is None or cell_text(raw) == "":
        return None
    col = layout.columns[role]
    got = normalise_answer(scale, crit, raw, percent_format=sr.percent_format(row, col))
    if got.error is not None:
        out.add("answer-not-in-scale", layout.sheet, row, col, f"jawaban {crit.id} di luar skala: {got.error}.",
                "Pilih salah satu jawaban dari daftar pada kolom pilihan jawaban.")
        return None
    return got


def _text_of(value: object) -> str | None:
    return cell_text(value) if value is not None else ""


def _evidence(value: object) -> list[str]:
    return [part.strip() for part in cell_text(value).replace(";", ",").replace("\n", ",").split(",") if part.strip()]


def _row_answer(rubric: Rubric, crit: Criterion, sr: SheetReader, layout: Layout, row: int, out: Collector,
                similarity: float = 1.0) -> RowAnswer:
    cols = layout.columns
    answer = _answer_of(rubric, crit, sr, layout, row, "answer", out, counted=True) if "answer" in cols else None
    if "answer" in cols and cell_text(sr.value(row, cols["answer"])):
        out.result.answer_cells += 1
    review = (_answer_of(rubric, crit, sr, layout, row, "review_answer", out, counted=False)
              if "review_answer" in cols else None)
    return RowAnswer(
        criterion=crit.id,
        where=_where(layout.sheet, row, cols.get("answer", cols.get("number", 1))),
        answer=answer,
        note=_text_of(_cell(sr, layout, row, "note", out)) if "note" in cols else None,
        evidence=_evidence(_cell(sr, layout, row, "evidence", out)) if "evidence" in cols else None,
        review=review,
        review_note=_text_of(_cell(sr, layout, row, "review_note", out)) if "review_note" in cols else None,
        similarity=similarity,
    )


# --- rbctl's own workbook -------------------------------------------------------------------


def read_own(book: Book, rubric: Rubric, meta: Meta, extra: dict[str, list[str]] | None) -> ReadResult:
    """Criterion rows are the rows whose code cell holds a criterion id of the rubric."""
    from openpyxl.utils import column_index_from_string

    out = Collector(book.path)
    criteria = rubric.criteria()
    for title in book.values.sheetnames:
        if title == "rbctl" or (book.values[title].sheet_state != "visible" and title not in meta.sheets):
            continue
        sr = reader(book, title)
        if title in meta.sheets:
            header_row, letters = meta.sheets[title]
            layout = Layout(title, header_row, {r: column_index_from_string(c) for r, c in letters.items()})
            # header names win over the stored letters when both exist (columns may have been moved)
            found = find_layout(sr.values, extra)
            if found is not None and "answer" in found.columns:
                layout = found
        else:
            found = find_layout(sr.values, extra)
            if found is None or "number" not in found.columns or "answer" not in found.columns:
                continue
            layout = found
        for row in range(layout.header_row + 1, sr.values.max_row + 1):
            code = cell_text(sr.value(row, layout.columns["number"]))
            crit = criteria.get(code)
            if crit is not None:
                out.result.rows.append(_row_answer(rubric, crit, sr, layout, row, out))
    return out.result


# --- the official layout --------------------------------------------------------------------


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, norm(a), norm(b), autojunk=False).ratio()


@dataclass
class _Position:
    component: int = 0
    area: int = 0
    sub: int = 0
    seen_component: bool = False


def _by_position(rubric: Rubric, pos: _Position, crit_no: int) -> Criterion | None:
    try:
        comp = rubric.components[pos.component - 1]
        area = comp.areas[pos.area - 1]
        sub = area.subareas[pos.sub - 1]
        return sub.criteria[crit_no - 1] if min(pos.component, pos.area, pos.sub, crit_no) > 0 else None
    except IndexError:
        return None


def _node_weight(rubric: Rubric, pos: _Position, level: int) -> Fraction | None:
    try:
        comp = rubric.components[pos.component - 1]
        if level == 1:
            return comp.weight
        area = comp.areas[pos.area - 1]
        return area.weight if level == 2 else area.subareas[pos.sub - 1].weight
    except IndexError:
        return None


def _weight_mismatch(raw: object, expected: Fraction | None) -> bool:
    if expected is None or raw is None or cell_text(raw) == "":
        return False
    got = normalise_count(raw)
    return got is None or abs(Fraction(repr(float(got))) - expected) > Fraction(1, 200)


def read_official(book: Book, rubric: Rubric, extra: dict[str, list[str]] | None) -> ReadResult:
    out = Collector(book.path)
    criteria = list(rubric.criteria().values())
    matched: dict[str, str] = {}
    pos = _Position(component=1)  # numbering runs on across sheets (a sheet per area continues at II)
    for title in book.values.sheetnames:
        if book.values[title].sheet_state != "visible":
            continue
        sr = reader(book, title)
        layout = find_layout(sr.values, extra)
        if layout is None or "answer" not in layout.columns or "text" not in layout.columns:
            continue
        _read_sheet(rubric, criteria, sr, layout, pos, matched, out)
    for crit in criteria:
        if crit.id not in matched:
            out.result.problems.append(Problem(
                str(book.path), 1, 1, "import-criterion-missing",
                f"Kriteria {crit.id} ({crit.text}) tidak ada barisnya di buku kerja.",
                "Tambahkan barisnya, atau impor dengan --partial untuk mengisi yang ada saja."))
    return out.result


def _read_sheet(rubric: Rubric, criteria: list[Criterion], sr: SheetReader, layout: Layout, pos: _Position,
                matched: dict[str, str], out: Collector) -> None:
    cols = layout.columns
    for row in range(layout.header_row + 1, sr.values.max_row + 1):
        number = sr.value(row, cols["number"]) if "number" in cols else None
        text = cell_text(sr.value(row, cols["text"]))
        level = level_of(number, seen_component=pos.seen_component)
        has_answer_slot = bool(cell_text(sr.value(row, cols["answer"]))) or (
            "options" in cols and bool(cell_text(sr.value(row, cols["options"]))))
        if level is not None and level[0] < 4:
            depth, n = level
            if depth == 1:
                pos.component, pos.area, pos.sub, pos.seen_component = n, 0, 0, True
            elif depth == 2:
                pos.area, pos.sub = n, 0
            else:
                pos.sub = n
            weight_col = cols.get("weight")
            if weight_col and _weight_mismatch(sr.value(row, weight_col), _node_weight(rubric, pos, depth)):
                out.add("import-weight-mismatch", layout.sheet, row, weight_col,
                        f"bobot `{cell_text(sr.value(row, weight_col))}` tidak sama dengan bobot rubrik "
                        f"({float(_node_weight(rubric, pos, depth) or 0):g}).",
                        "Periksa apakah buku kerja dan rubrik ruang kerja memakai instrumen yang sama.")
            continue
        if not text or (level is None and not has_answer_slot):
            continue
        crit, sim = _match(rubric, criteria, pos, level, text, matched)
        if crit is None:
            best, best_sim = _closest(criteria, text)
            close = f"; paling mirip {best.id} \"{best.text}\" (kemiripan {best_sim:.0%})" if best else ""
            out.add("import-row-unmatched", layout.sheet, row, cols["text"],
                    f"baris \"{text[:60]}\" tidak cocok dengan kriteria rubrik mana pun{close}.",
                    "Periksa penomoran dan uraiannya, atau rubrik di rbctl.yaml.")
            continue
        matched[crit.id] = f"{layout.sheet}!{row}"
        weight_col = cols.get("weight")
        if weight_col and crit.weight is not None and _weight_mismatch(sr.value(row, weight_col), crit.weight):
            out.add("import-weight-mismatch", layout.sheet, row, weight_col,
                    f"bobot `{cell_text(sr.value(row, weight_col))}` tidak sama dengan bobot {crit.id} "
                    f"({float(crit.weight):g}).", "Periksa apakah buku kerja dan rubrik memakai instrumen yang sama.")
        out.result.rows.append(_row_answer(rubric, crit, sr, layout, row, out, sim))


def _match(rubric: Rubric, criteria: list[Criterion], pos: _Position, level: tuple[int, int] | None, text: str,
           matched: dict[str, str]) -> tuple[Criterion | None, float]:
    if level is not None:
        crit = _by_position(rubric, pos, level[1])
        if crit is not None and crit.id not in matched:
            sim = similarity(text, crit.text)
            if sim >= MATCH_NUMBERED:
                return crit, sim
    best, best_sim = _closest([c for c in criteria if c.id not in matched], text)
    if best is not None and best_sim >= MATCH_TEXT:
        return best, best_sim
    return None, best_sim


def _closest(criteria: list[Criterion], text: str) -> tuple[Criterion | None, float]:
    best: Criterion | None = None
    best_sim = 0.0
    wanted = norm(text)
    for crit in criteria:
        sim = difflib.SequenceMatcher(None, wanted, norm(crit.text), autojunk=False).ratio()
        if sim > best_sim:
            best, best_sim = crit, sim
    return best, best_sim
