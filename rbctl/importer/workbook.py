"""Opening a workbook safely and finding its columns by their header names.

A workbook is read twice: once for the formulas (to know which cells are formulas) and once for
the values Excel or LibreOffice cached when the file was last saved (openpyxl never computes).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and every encrypted (password) workbook

# Column roles and the header names official sheets and rbctl's own workbook use (normalised:
# lower case, only letters and digits, single spaces). A mapping file adds more.
HEADER_NAMES: dict[str, list[str]] = {
    "number": ["no", "nomor", "kode", "no urut", "nomor kode"],
    "text": ["uraian", "kriteria", "komponen", "komponen sub komponen kriteria", "komponen kriteria",
             "pertanyaan", "komponen sub komponen", "uraian kriteria", "indikator"],
    "weight": ["bobot"],
    "options": ["pilihan jawaban", "skala pilihan jawaban", "skala", "pilihan", "jenis jawaban"],
    "answer": ["jawaban", "jawaban unit", "jawaban unit kerja", "jawaban instansi", "jawaban mandiri"],
    "numerator": ["jumlah pembilang", "pembilang"],
    "denominator": ["jumlah penyebut", "penyebut"],
    "value": ["nilai", "nilai 0 1", "nilai unit"],
    "note": ["penjelasan", "keterangan", "penjelasan unit", "penjelasan jawaban unit"],
    "evidence": ["data dukung", "bukti dukung", "bukti", "eviden"],
    "review_answer": ["jawaban reviu", "jawaban penilai", "jawaban reviewer", "jawaban evaluator", "jawaban tpi",
                      "jawaban penilai internal", "jawaban reviu internal", "jawaban reviewer internal"],
    "review_note": ["catatan reviu", "catatan penilai", "catatan reviewer", "catatan evaluator", "catatan tpi",
                    "catatan penilai internal", "catatan reviu internal", "catatan reviewer internal"],
    "guide": ["panduan", "panduan penilaian", "panduan jawaban", "panduan pengisian", "penjelasan kriteria",
              "petunjuk", "petunjuk pengisian"],
}


class WorkbookError(Exception):
    """The file cannot be read as a workbook; ``message`` and ``hint`` are for the user."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


@dataclass
class Book:
    path: Path
    data: bytes
    formulas: Workbook
    values: Workbook


def open_book(path: Path) -> Book:
    """Both views of the workbook, or WorkbookError with what to do."""
    if path.suffix.casefold() == ".xls":
        raise WorkbookError(f"{path.name}: format Excel lama (.xls) tidak dapat dibaca.",
                            "Buka di Excel atau LibreOffice lalu simpan sebagai .xlsx (Excel Workbook).")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise WorkbookError(f"{path.name}: tidak dapat dibaca ({exc.strerror}).", "Periksa path dan izinnya.") from None
    if data.startswith(_OLE):
        raise WorkbookError(f"{path.name}: buku kerja dilindungi kata sandi (terenkripsi) atau berformat .xls lama.",
                            "Buka di Excel, hapus kata sandinya (File > Info > Lindungi Buku Kerja), lalu simpan "
                            "sebagai .xlsx.")
    try:
        formulas = _load(path, data_only=False)
        values = _load(path, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, IndexError, AttributeError):
        raise WorkbookError(f"{path.name}: berkas rusak atau bukan buku kerja .xlsx.",
                            "Buka di Excel atau LibreOffice dan simpan ulang sebagai .xlsx, atau minta berkas "
                            "aslinya lagi.") from None
    return Book(path, data, formulas, values)


def _load(path: Path, *, data_only: bool) -> Workbook:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not read
        return load_workbook(path, data_only=data_only, read_only=False)


def norm(text: object) -> str:
    """Header or criterion text compared loosely: case, punctuation and spacing ignored."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", str(text or "").casefold()).split())


@dataclass
class Layout:
    """Where a sheet's table is: its header row and the column of each role."""

    sheet: str
    header_row: int
    columns: dict[str, int] = field(default_factory=dict)

    def letter(self, role: str) -> str:
        return str(get_column_letter(self.columns[role]))


def header_names(extra: dict[str, list[str]] | None) -> dict[str, str]:
    """Normalised header name -> role."""
    names = {norm(n): role for role, ns in HEADER_NAMES.items() for n in ns}
    for role, ns in (extra or {}).items():
        names.update({norm(n): role for n in ns})
    return names


def find_layout(ws: Worksheet, extra: dict[str, list[str]] | None = None, max_rows: int = 30) -> Layout | None:
    """The first row (of the first ``max_rows``) naming an answer or text column and two more roles."""
    names = header_names(extra)
    for row in ws.iter_rows(min_row=1, max_row=min(max_rows, ws.max_row)):
        columns: dict[str, int] = {}
        for cell in row:
            role = names.get(norm(cell.value)) if isinstance(cell.value, str) else None
            if role is not None and role not in columns:
                columns[role] = cell.column
        if len(columns) >= 3 and ("answer" in columns or "text" in columns):
            return Layout(ws.title, row[0].row, columns)
    return None


def merged_value_map(ws: Worksheet) -> dict[tuple[int, int], tuple[int, int]]:
    """Cells inside a merged range that spans columns of one row -> its top-left cell.

    Vertical merges are left alone: their lower rows are continuation rows, not criteria."""
    out: dict[tuple[int, int], tuple[int, int]] = {}
    for rng in ws.merged_cells.ranges:
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if r == rng.min_row and (r, c) != (rng.min_row, rng.min_col):
                    out[(r, c)] = (rng.min_row, rng.min_col)
    return out


@dataclass
class SheetReader:
    """Values of one sheet with merged cells resolved and formulas told apart."""

    formulas: Worksheet
    values: Worksheet
    merged: dict[tuple[int, int], tuple[int, int]]

    def value(self, row: int, col: int) -> Any:
        r, c = self.merged.get((row, col), (row, col))
        return self.values.cell(row=r, column=c).value

    def is_formula(self, row: int, col: int) -> bool:
        r, c = self.merged.get((row, col), (row, col))
        cell = self.formulas.cell(row=r, column=c)
        return cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("="))

    def percent_format(self, row: int, col: int) -> bool:
        return "%" in str(self.values.cell(row=row, column=col).number_format or "")


def reader(book: Book, title: str) -> SheetReader:
    ws_f = book.formulas[title]
    return SheetReader(ws_f, book.values[title], merged_value_map(ws_f))
