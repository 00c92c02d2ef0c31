"""Workbooks in the official LKE layout, built by the tests (never checked-in binaries).

They follow tests/cases/good-minimal's rubric (rubrik-uji): component A Pemenuhan (100), area
I Manajemen Perubahan (60) with sub-area 1 Tim RB (60, four criteria), area II Penguatan
Akuntabilitas (40) with sub-area 1 Kinerja (40, one criterion). No ids anywhere: only the
hierarchical numbering and the text.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

# Expected score of the answers below with rubrik-uji: Tim RB (1 + 1 + 0.75 + 0.75) / 4 x 60 = 52.5,
# Kinerja 3.5 / 5 x 40 = 28; index 80.5.
EXPECTED_INDEX = 80.5

ROWS = [  # numbering, text, bobot, pilihan jawaban, answer (layout A), answer (layout B)
    ("A", "PEMENUHAN", 100, None, None, None),
    ("I", "MANAJEMEN PERUBAHAN", 60, None, None, None),
    ("1", "Tim RB", 60, None, None, None),
    ("a", "Tim RB telah dibentuk.", None, "A/B/C", "a", "A"),
    ("b", "Road map telah disusun", None, "Ya/Tidak", "ya ", "YA"),
    ("c", "Pegawai yang mengikuti sosialisasi (%)", None, "%", "75%", 0.75),
    ("d", "Agen perubahan yang membuat perubahan konkret", None, "% (jumlah)", None, None),
    ("II", "PENGUATAN AKUNTABILITAS", 40, None, None, None),
    ("1", "Kinerja", 40, None, None, None),
    ("a", "Tingkat maturitas SPIP", None, "0-5", "3,5", 3.5),
]
COUNTS = (3, 4)  # criterion d: 3 of 4 agents, 75%


def layout_a(path: Path, *, answers: bool = True, year: int = 2026, unit: str = "KPU Provinsi Uji") -> Path:
    """One sheet, title rows, the text merged over two columns, a vertically merged number."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "LKE"
    ws["A1"] = "LEMBAR KERJA EVALUASI REFORMASI BIROKRASI"
    ws["A2"] = f"Tahun {year}"
    ws["A3"] = f"Unit kerja: {unit}"
    headers = ["No", "Komponen/Sub Komponen/Kriteria", None, "Bobot", "Pilihan Jawaban", "Jawaban", "Pembilang",
               "Penyebut", "Nilai", "Penjelasan", "Panduan"]
    for col, header in enumerate(headers, 1):
        ws.cell(row=4, column=col).value = header
    ws.merge_cells("B4:C4")
    row = 5
    for number, text, weight, options, answer_a, _answer_b in ROWS:
        ws.cell(row=row, column=1).value = number
        ws.cell(row=row, column=2).value = text
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
        ws.cell(row=row, column=4).value = weight
        ws.cell(row=row, column=5).value = options
        if options is not None:
            ws.cell(row=row, column=11).value = f"Pilih sesuai kondisi: {options}"
        if answers and answer_a is not None:
            ws.cell(row=row, column=6).value = answer_a
        if answers and number == "d":
            ws.cell(row=row, column=7).value, ws.cell(row=row, column=8).value = COUNTS
        if answers and number == "b":
            ws.cell(row=row, column=10).value = "Road map disahkan Sekretaris."
        if number == "a" and text.startswith("Tingkat"):  # a continuation row under a merged number
            ws.merge_cells(start_row=row, start_column=1, end_row=row + 1, end_column=1)
            row += 1
        row += 1
    ws.cell(row=row, column=2).value = "NILAI TOTAL"
    ws.cell(row=row, column=9).value = EXPECTED_INDEX if answers else None
    wb.save(path)
    return path


def layout_b(path: Path) -> Path:
    """Two sheets (the second continues at II), other header names and order, "1." / "a." numbering."""
    wb = Workbook()
    first = wb.active
    assert first is not None
    first.title = "Manajemen Perubahan"
    second = wb.create_sheet("Akuntabilitas")
    headers = ["Kode", "Uraian", "Pilihan Jawaban", "Jawaban Unit", "Jumlah Pembilang", "Jumlah Penyebut",
               "Keterangan", "Bobot", "Nilai"]
    for ws in (first, second):
        for col, header in enumerate(headers, 1):
            ws.cell(row=2, column=col).value = header
    row, ws_now = 3, first
    for number, text, weight, options, _answer_a, answer_b in ROWS:
        if number == "II":
            ws_now, row = second, 3
        label = number if number.isupper() else f"{number}."
        _write_b(ws_now, row, label, text, weight, options, answer_b)
        if number == "d":
            ws_now.cell(row=row, column=5).value, ws_now.cell(row=row, column=6).value = COUNTS
        row += 1
    second.cell(row=row, column=2).value = "Total"
    second.cell(row=row, column=9).value = EXPECTED_INDEX
    wb.save(path)
    return path


def _write_b(ws: Worksheet, row: int, label: str, text: str, weight: int | None, options: str | None,
             answer: object) -> None:
    ws.cell(row=row, column=1).value = label
    ws.cell(row=row, column=2).value = text.capitalize() if text.isupper() else text.lower()
    ws.cell(row=row, column=3).value = options
    if answer is not None:
        cell = ws.cell(row=row, column=4)
        cell.value = answer
        if isinstance(answer, float) and answer < 1:
            cell.number_format = "0%"
    ws.cell(row=row, column=8).value = weight


def set_formula(path: Path, sheet_index: int, coordinate: str, formula: str, cached: object | None) -> Path:
    """Put a formula in a cell, with the value a spreadsheet would have cached (or none)."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb.worksheets[sheet_index][coordinate] = formula
    wb.save(path)
    if cached is None:
        return path
    name = f"xl/worksheets/sheet{sheet_index + 1}.xml"
    with zipfile.ZipFile(path) as zin:
        items = {i.filename: zin.read(i.filename) for i in zin.infolist()}
    xml = items[name].decode()
    pattern = re.compile(rf'(<c r="{coordinate}"[^>]*>)<f>([^<]*)</f>(<v\s*/>|<v></v>)?')
    kind = ' t="str"' if isinstance(cached, str) else ""
    xml = pattern.sub(lambda m: m.group(1).replace(">", f"{kind}>", 1) + f"<f>{m.group(2)}</f><v>{cached}</v>", xml)
    items[name] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for filename, data in items.items():
            zout.writestr(filename, data)
    return path
