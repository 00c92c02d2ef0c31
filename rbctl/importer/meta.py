"""The hidden sheet `rbctl` of rbctl's own LKE workbook: what the workbook was made from.

Key/value rows: format, unit, tahun, rubrik, versi rubrik, sidik LKE (sha256 of the LKE file's
bytes), then for every component sheet its columns by role (found from the header names, so a
change of columns in the report does not break the import), then the answer of every criterion
as it was when the workbook was made (``dasar``): the base of the three-way conflict check.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.workbook.workbook import Workbook

from rbctl.models import Answers
from rbctl.rubric import Rubric
from rbctl.scoring import convert

SHEET = "rbctl"
FORMAT = "rbctl-lke 1"


def file_fingerprint(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def answer_key(rubric: Rubric, crit_id: str, jawaban: object, jumlah: dict[str, Any] | None) -> str:
    """An answer as compared across YAML and workbook: the scale's canonical form."""
    crit = rubric.criteria().get(crit_id)
    if crit is None or (jawaban in (None, "") and not jumlah):
        return ""
    conv = convert(rubric.scales[crit.scale], crit, jawaban, jumlah or {})
    return conv.shown or str(jawaban)


def base_entries(rubric: Rubric, answers: Answers | None) -> dict[str, dict[str, Any]]:
    """Per criterion: the own answer, explanation, evidence and the reviewer's answer and note."""
    out: dict[str, dict[str, Any]] = {}
    for crit_id in rubric.criteria():
        own = answers.jawaban.get(crit_id) if answers else None
        rev = answers.reviu.get(crit_id) if answers else None
        out[crit_id] = {
            "jawaban": answer_key(rubric, crit_id, own.jawaban, own.jumlah) if own else "",
            "penjelasan": (own.penjelasan or "") if own else "",
            "data_dukung": list(own.data_dukung) if own else [],
            "reviu": answer_key(rubric, crit_id, rev.jawaban, rev.jumlah) if rev else "",
            "catatan": (rev.catatan or "") if rev else "",
        }
    return out


def write_meta(wb: Workbook, rubric: Rubric, answers: Answers | None, unit_id: str, unit_folder: Path,
               year: int) -> None:
    """Add the hidden sheet; called by the workbook renderer after every sheet is written."""
    from rbctl.importer.workbook import find_layout

    ws = wb.create_sheet(SHEET)
    ws.sheet_state = "hidden"
    rows: list[list[Any]] = [
        ["format", FORMAT], ["unit", unit_id], ["tahun", year], ["rubrik", rubric.id],
        ["versi rubrik", rubric.version],
        ["sidik LKE", file_fingerprint(unit_folder / "lke" / f"{year}.yaml")],
    ]
    for sheet in wb.worksheets:
        layout = find_layout(sheet) if sheet is not ws else None
        if layout is not None and "answer" in layout.columns and "number" in layout.columns:
            rows.append(["lembar", sheet.title, layout.header_row,
                         json.dumps({r: layout.letter(r) for r in layout.columns})])
    for crit_id, entry in base_entries(rubric, answers).items():
        rows.append(["dasar", crit_id, json.dumps(entry, ensure_ascii=False)])
    for number, row in enumerate(rows, 1):  # not ws.append + ws[ws.max_row]: max_row scans every cell
        for column, value in enumerate(row, 1):
            cell = ws.cell(row=number, column=column, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula


@dataclass
class Meta:
    unit: str
    year: int | None
    rubric: str
    rubric_version: str
    fingerprint: str
    sheets: dict[str, tuple[int, dict[str, str]]] = field(default_factory=dict)  # title -> (header row, roles)
    base: dict[str, dict[str, Any]] = field(default_factory=dict)


def read_meta(wb: Workbook) -> Meta | None:
    """The metadata of an rbctl workbook, or None for any other workbook."""
    if SHEET not in wb.sheetnames:
        return None
    values: dict[str, Any] = {}
    meta = Meta("", None, "", "", "")
    for row in wb[SHEET].iter_rows(values_only=True):
        if not row or row[0] is None:
            continue
        key = str(row[0])
        if key == "lembar" and len(row) >= 4:
            meta.sheets[str(row[1])] = (int(str(row[2])), dict(json.loads(str(row[3]))))
        elif key == "dasar" and len(row) >= 3:
            meta.base[str(row[1])] = dict(json.loads(str(row[2])))
        else:
            values[key] = row[1] if len(row) > 1 else None
    if values.get("format") != FORMAT:
        return None
    meta.unit = str(values.get("unit") or "")
    year = values.get("tahun")
    meta.year = int(year) if isinstance(year, int | float | str) and str(year).isdigit() else None
    meta.rubric = str(values.get("rubrik") or "")
    meta.rubric_version = str(values.get("versi rubrik") or "")
    meta.fingerprint = str(values.get("sidik LKE") or "")
    return meta
