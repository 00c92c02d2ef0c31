"""`rbctl import lke`: plan the changes a workbook brings to `lke/<year>.yaml`, then write them.

The plan edits the round-trip record in memory with the same helpers as `rbctl answer`, so the
result is the file `rbctl answer` would have written; nothing is written while an error remains
(unless ``partial``) or while a conflict is unresolved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from rbctl.authoring import (
    AuthoringError,
    ParsedAnswer,
    _apply_answer,
    _evidence_ids,
    _section,
    answers_text,
    context,
    unit_folder,
)
from rbctl.gitdiff import UnitDiff, UnitScoreView, WorkspaceDiff, _answers, _areas
from rbctl.importer.meta import Meta, answer_key, file_fingerprint, read_meta
from rbctl.importer.rows import ReadResult, RowAnswer, read_official, read_own
from rbctl.importer.workbook import Book, WorkbookError, norm, open_book
from rbctl.models import Answer, Answers, ReviewAnswer
from rbctl.problems import Problem, Severity
from rbctl.rubric import Rubric
from rbctl.scoring import score
from rbctl.workspace import ANSWERS_DIR
from rbctl.writer import RtRecord, atomic_write, flow_list, order_like, parse_rt, record_lock, save_record, split_text
from rbctl.yamlload import parse_text

_YEAR = re.compile(r"\btahun\s+(20\d\d)\b", re.IGNORECASE)
_UNIT = re.compile(r"^\s*(?:unit kerja|satuan kerja|nama unit|unit|instansi)\s*:\s*(.+)$", re.IGNORECASE)


class Winner(StrEnum):
    """Which side wins a conflict (`--menang`)."""

    WORKBOOK = "workbook"
    BERKAS = "berkas"


class ImportFailedError(Exception):
    """Bad input that stops the import before anything is planned."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


@dataclass
class Conflict:
    criterion: str
    field: str
    base: str
    workbook: str
    records: str
    where: str


@dataclass
class ImportPlan:
    unit: str
    year: int
    path: Path  # the unit's lke/<year>.yaml
    kind: str  # "rbctl" or "resmi"
    rows: list[RowAnswer]
    problems: list[Problem]
    conflicts: list[Conflict]
    diff: WorkspaceDiff
    record: RtRecord | None
    text_before: str
    text_after: str
    applied: list[str] = field(default_factory=list)  # "P.MP.1.a jawaban"
    inserted: bool = False  # the last edit added a criterion to its section

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


@dataclass
class Request:
    file: Path
    unit: str | None = None
    year: int | None = None
    review: bool = False
    partial: bool = False
    winner: Winner | None = None
    extra_headers: dict[str, list[str]] | None = None


def plan_import(root: Path, req: Request) -> ImportPlan:
    try:
        book = open_book(req.file)
    except WorkbookError as exc:
        raise ImportFailedError(exc.message, exc.hint) from None
    try:
        ctx = context(root)
    except AuthoringError as exc:
        raise ImportFailedError(exc.message, exc.hint) from None
    rubric = ctx.rubric
    meta = read_meta(book.values)
    unit_id, year = _target(meta, req, ctx.config.tahun, req.file)
    try:
        folder = unit_folder(root, unit_id)
    except AuthoringError as exc:
        raise ImportFailedError(exc.message, exc.hint) from None
    if meta is not None and meta.rubric != rubric.id:
        raise ImportFailedError(f"{req.file.name} dibuat dengan rubrik `{meta.rubric}`, ruang kerja memakai "
                                f"`{rubric.id}`.", "Impor ke ruang kerja dengan rubrik yang sama.")
    if meta is None:
        _check_stated(book, year, unit_id, _unit_name(folder, unit_id))
    read = read_own(book, rubric, meta, req.extra_headers) if meta else read_official(book, rubric, req.extra_headers)
    _check_columns(book, read, req, meta)
    _check_evidence(folder, read, req, unit_id, official=meta is None)
    path = folder / ANSWERS_DIR / f"{year}.yaml"
    record, before_text = _record(path, rubric, year)
    conflicts: list[Conflict] = []
    current = _plain(before_text)
    plan = ImportPlan(unit_id, year, path, "rbctl" if meta else "resmi", read.rows, read.problems, conflicts,
                      WorkspaceDiff("", None, year, rubric.id, rubric.is_provisional(), []), record, before_text,
                      before_text)
    base = meta.base if meta is not None and meta.fingerprint != file_fingerprint(path) else None
    own_base = meta.base if meta is not None else None
    for row in read.rows:
        _apply_row(plan, rubric, row, req, own_base, base, current)
    plan.text_after = record.render()
    plan.diff = _diff(rubric, year, _unit_name(folder, unit_id), unit_id, current, _plain(plan.text_after),
                      req.review)
    return plan


def _target(meta: Meta | None, req: Request, default_year: int, file: Path) -> tuple[str, int]:
    if meta is not None:
        if req.unit is not None and req.unit != meta.unit:
            raise ImportFailedError(f"{file.name} adalah LKE unit `{meta.unit}`, bukan `{req.unit}`.",
                               f"Impor ke unitnya sendiri (--unit {meta.unit}), atau pakai buku kerja unit {req.unit}.")
        if req.year is not None and meta.year is not None and req.year != meta.year:
            raise ImportFailedError(f"{file.name} adalah LKE tahun {meta.year}, bukan {req.year}.",
                               f"Impor dengan --year {meta.year}, atau pakai buku kerja tahun {req.year}.")
        return meta.unit, meta.year or req.year or default_year
    if req.unit is None:
        raise ImportFailedError(f"{file.name} bukan buku kerja rbctl; unitnya tidak diketahui.",
                           "Sebutkan unitnya dengan --unit ID.")
    return req.unit, req.year or default_year


def _check_stated(book: Book, year: int, unit_id: str, unit_name: str) -> None:
    """An official sheet states its year and unit above the table ("Tahun 2025", "Unit Kerja:
    KPU ..."): a workbook of another year or unit is refused."""
    for ws in book.values.worksheets:
        if ws.sheet_state != "visible":
            continue
        for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 8)):
            for cell in row:
                if not isinstance(cell.value, str):
                    continue
                where = f"{book.path.name}: {ws.title}!{cell.coordinate}"
                match = _YEAR.search(cell.value)
                if match and int(match.group(1)) != year:
                    raise ImportFailedError(f"{where} menyebut tahun {match.group(1)}, bukan {year}.",
                                            f"Impor dengan --year {match.group(1)}, atau pakai buku kerja tahun "
                                            f"{year}.")
                stated = _UNIT.match(cell.value)
                named = stated.group(1).strip() if stated else ""
                if named and norm(named) not in {norm(unit_name), norm(unit_id)}:
                    raise ImportFailedError(f"{where} menyebut unit `{named}`, bukan {unit_name} (`{unit_id}`).",
                                            "Impor ke unit yang benar dengan --unit ID, atau pakai buku kerja unit "
                                            "ini.")


def _check_columns(book: Book, read: ReadResult, req: Request, meta: Meta | None) -> None:
    if not read.rows and not read.problems:
        raise ImportFailedError(f"{book.path.name}: tidak ada lembar berisi tabel LKE (baris judul dengan kolom "
                           f"Jawaban dan Uraian/Kode).",
                           "Periksa nama kolomnya, atau tambahkan nama kolom Anda dengan --kolom BERKAS.yaml.")
    filled = sum(1 for r in read.rows if (r.review if req.review and meta else r.answer) is not None)
    if filled == 0 and not any(p.rule == "answer-not-in-scale" for p in read.problems):
        column = "jawaban reviu" if req.review and meta else "jawaban"
        raise ImportFailedError(f"{book.path.name}: kolom {column} kosong; tidak ada jawaban yang diimpor.",
                           "Isi jawabannya dulu, atau periksa bahwa ini buku kerja yang benar.")


def _check_evidence(folder: Path, read: ReadResult, req: Request, unit_id: str, *, official: bool) -> None:
    """Evidence ids must be registered; others are reported and never written. An official
    sheet's "data dukung" cell usually describes a document instead of naming an id: a warning."""
    if req.review:
        return
    known: set[str] | None = None
    for row in read.rows:
        if not row.evidence:
            continue
        known = _evidence_ids(folder) if known is None else known
        for ref in [r for r in row.evidence if r not in known]:
            _sheet, _sep, cell = row.where.partition("!")
            line = int("".join(ch for ch in cell if ch.isdigit()) or 1)
            read.problems.append(Problem(
                str(req.file), line, 1, "unknown-evidence-ref",
                f"{row.where}: data dukung `{ref}` tidak terdaftar di unit {unit_id}"
                + ("; tidak diimpor." if official else "."),
                f"Daftarkan dulu: `rbctl evidence add BERKAS --unit {unit_id} ...`, lalu tulis id-nya.",
                Severity.WARNING if official else Severity.ERROR))
        row.evidence = [r for r in row.evidence if r in known]


def _record(path: Path, rubric: Rubric, year: int) -> tuple[RtRecord, str]:
    """The unit's LKE file as a record, in memory when it does not exist yet."""
    if path.exists():
        from rbctl.authoring import _load

        record = _load(path)
        return record, path.read_text(encoding="utf-8-sig")
    text = answers_text(rubric, year)
    parts = split_text(text, markdown=False)
    return RtRecord(path, parse_rt(parts.yaml, path), parts), ""


def _plain(text: str) -> Answers | None:
    if not text:
        return None
    try:
        return Answers.model_validate(parse_text(text))
    except Exception:
        return None


def _current(answers: Answers | None, rubric: Rubric, crit_id: str) -> dict[str, Any]:
    if answers is None:
        return {"jawaban": "", "penjelasan": "", "data_dukung": [], "reviu": "", "catatan": ""}
    own, rev = answers.jawaban.get(crit_id), answers.reviu.get(crit_id)
    return {
        "jawaban": answer_key(rubric, crit_id, own.jawaban, own.jumlah) if own else "",
        "penjelasan": (own.penjelasan or "") if own else "",
        "data_dukung": list(own.data_dukung) if own else [],
        "reviu": answer_key(rubric, crit_id, rev.jawaban, rev.jumlah) if rev else "",
        "catatan": (rev.catatan or "") if rev else "",
    }


def _wanted(row: RowAnswer, review: bool) -> dict[str, Any]:
    """The fields this row would set (absent keys: the workbook says nothing about them)."""
    out: dict[str, Any] = {}
    answer, note = row.answer, row.note
    if review and (row.review is not None or row.review_note is not None):
        answer, note = row.review, row.review_note  # the reviewer's columns, when the workbook has them
    if answer is not None:
        out["jawaban" if not review else "reviu"] = answer
    if note:  # an empty cell says nothing: clearing a cell never deletes what the records hold
        out["penjelasan" if not review else "catatan"] = note
    if not review and row.evidence:
        out["data_dukung"] = row.evidence
    return out


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(value)
    return str(getattr(value, "shown", value) or "")


def _apply_row(plan: ImportPlan, rubric: Rubric, row: RowAnswer, req: Request, own_base: dict[str, Any] | None,
               conflict_base: dict[str, Any] | None, current: Answers | None) -> None:
    now = _current(current, rubric, row.criterion)
    base = own_base.get(row.criterion, {}) if own_base is not None else None
    for key, value in _wanted(row, req.review).items():
        if key == "data_dukung":  # references are only ever added
            fresh = [r for r in value if r not in now["data_dukung"] and r not in (base or {}).get(key, [])]
            if fresh:
                _write_field(plan, rubric, row.criterion, key, fresh, req.review)
            continue
        decided = _decide(plan, row, key, _shown(value), _shown(now.get(key, "")), base, conflict_base, req.winner)
        if decided:
            _write_field(plan, rubric, row.criterion, key, value, req.review)


def _decide(plan: ImportPlan, row: RowAnswer, key: str, new: str, held: str, base: dict[str, Any] | None,
            conflict_base: dict[str, Any] | None, winner: Winner | None) -> bool:
    """Whether the workbook's value of one field is written (a conflict is recorded, not written)."""
    if base is None:  # an official workbook: whatever differs from the records
        return new != held
    was = str(base.get(key, ""))
    if new == was:
        return False  # unchanged in the workbook: the records keep whatever they hold now
    if conflict_base is not None and held not in (was, new):
        if winner is None:
            plan.conflicts.append(Conflict(row.criterion, key, was, new, held, row.where))
        return winner is Winner.WORKBOOK
    return new != held


def _write_field(plan: ImportPlan, rubric: Rubric, crit_id: str, key: str, value: Any, review: bool) -> None:
    assert plan.record is not None
    name = "reviu" if review else "jawaban"
    section = plan.record.data.get(name)
    inserting = not isinstance(section, dict) or crit_id not in section
    if inserting and plan.inserted:
        # ruamel places a new key's comment from its neighbours' positions, which a key inserted
        # in memory does not have yet: reload first, as `rbctl answer` does between two answers.
        plan.record.data = parse_rt(plan.record.render(), plan.path)
        plan.inserted = False
    plan.inserted = plan.inserted or inserting
    entry = _section(plan.record, name, rubric, crit_id)
    note_key = "catatan" if review else "penjelasan"
    if key in {"jawaban", "reviu"}:
        parsed = ParsedAnswer(value.value, dict(value.counts), value.shown)
        _apply_answer(entry, parsed, None, note_key, [])
    elif key == note_key:
        entry[note_key] = value
    elif key == "data_dukung":
        refs = entry.get("data_dukung")
        if isinstance(refs, list):
            refs.extend(value)
        else:
            entry["data_dukung"] = flow_list(value)
    order_like(entry, ReviewAnswer if review else Answer)
    plan.applied.append(f"{crit_id} {key}")


def _unit_name(folder: Path, unit_id: str) -> str:
    from rbctl.authoring import _load
    from rbctl.workspace import UNIT_FILE

    name = _load(folder / UNIT_FILE).data.get("nama")
    return str(name) if name else unit_id


def _diff(rubric: Rubric, year: int, name: str, unit_id: str, before: Answers | None, after: Answers | None,
          review: bool) -> WorkspaceDiff:
    old = score(rubric, before, reviewer=review) if before is not None else None
    new = score(rubric, after, reviewer=review) if after is not None else None

    def view(result: Any) -> UnitScoreView:
        if result is None:
            return UnitScoreView(None, None, "belum ada LKE")
        return UnitScoreView(result.index, result.grade.grade if result.grade else None, "ok", result)

    unit = UnitDiff(unit_id, name, view(old), view(new), _areas(old, new), _answers(old, new))
    return WorkspaceDiff("isi ruang kerja sekarang", None, year, rubric.id, rubric.is_provisional(), [unit])


def can_write(plan: ImportPlan, req: Request) -> bool:
    return not plan.conflicts and (req.partial or not plan.errors)


def write_plan(plan: ImportPlan) -> bool:
    """Write the planned file through the writer of `rbctl answer`: under the record's lock, and
    refused (UnsafeWriteError, WriteRefusedError) when the file changed since it was read."""
    assert plan.record is not None
    if plan.text_after == plan.text_before:
        return False
    if plan.record.original is None:  # a new file: nobody may have created it meanwhile
        with record_lock(plan.path):
            return atomic_write(plan.path, plan.text_after, overwrite=False)
    return save_record(plan.record)
