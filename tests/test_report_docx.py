"""The Word report opened with python-docx: chapters, tables and rows, signature, A4, footer;
and the PDF (WeasyPrint, skipped where it is not installed)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.text.paragraph import Paragraph

from rbctl.report.build import pdf_unavailable
from tests.report_helpers import build, copy_workspace, only


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return copy_workspace(tmp_path, monkeypatch)


@pytest.fixture
def docx_path(ws: Path, tmp_path: Path) -> Path:
    return only(build(ws, tmp_path / "out", "docx"), "docx")


def _table_after(doc: object, heading: str) -> object:
    """The first table that follows the paragraph whose text is ``heading``."""
    body = doc.element.body  # type: ignore[attr-defined]
    seen = False
    for child in body.iterchildren():
        if child.tag == qn("w:p") and Paragraph(child, doc).text == heading:
            seen = True
        elif seen and child.tag == qn("w:tbl"):
            return next(t for t in doc.tables if t._tbl is child)  # type: ignore[attr-defined]
    raise AssertionError(f"no table after {heading!r}")


def _cells(table: object) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]  # type: ignore[attr-defined]


def test_chapters_are_real_headings_in_order(docx_path: Path) -> None:
    doc = Document(str(docx_path))
    chapters = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert chapters == ["BAB I\nPENDAHULUAN", "BAB II\nPELAKSANAAN RENCANA AKSI", "BAB III\nHASIL PENILAIAN MANDIRI",
                        "BAB IV\nKENDALA DAN TINDAK LANJUT", "BAB V\nPENUTUP",
                        "LAMPIRAN\nDAFTAR DATA DUKUNG SEMESTER I TAHUN 2026",
                        "LAMPIRAN\nMETODE PENILAIAN"]  # the example's rubric has provisional weights
    sections = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert sections[:4] == ["1.1 Latar Belakang", "1.2 Dasar Hukum", "1.3 Tim Reformasi Birokrasi",
                            "2.1 Ringkasan Capaian"]
    assert "2.2 Manajemen Perubahan" in sections
    assert "3.3 Rekapitulasi Satuan Kerja di Bawahnya" in sections


def test_page_is_a4_and_footer_numbers_pages(docx_path: Path) -> None:
    doc = Document(str(docx_path))
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    footer_xml = section.footer._element.xml
    assert "Halaman " in footer_xml
    assert " PAGE " in footer_xml
    assert " NUMPAGES " in footer_xml
    assert "ruang kerja tidak berada dalam repositori git" in footer_xml


def test_tables_have_the_right_rows_and_repeat_their_header(docx_path: Path) -> None:
    doc = Document(str(docx_path))
    team = _cells(_table_after(doc, "1.3 Tim Reformasi Birokrasi"))
    assert team[0] == ["No", "Nama", "NIP", "Jabatan", "Peran dalam Tim", "Area"]
    assert [r[1] for r in team[1:]] == ["Siti Rahmawati, S.H.", "Budi <Santoso> & Rekan"]
    plan = _cells(_table_after(doc, "2.2 Manajemen Perubahan"))
    assert len(plan) == 3  # header + two activities
    assert plan[1][:6] == ["1", "Rapat koordinasi Tim RB\nRA-MP-01; output: Notulen rapat", "2\ndokumen", "1",
                           "50,00%", "Tertunda"]
    sop = _cells(_table_after(doc, "2.3 Penataan Tata Laksana"))
    assert sop[1][2:6] == ["5\ndokumen", "4", "80,00%", "Sedang berjalan"]
    scores = _cells(_table_after(doc, "3.1 Nilai per Komponen dan Area"))
    assert scores[-1] == ["Indeks", "100", "14,70", "D"]  # P.TL.1 is 0,6 (official), P.TL.1.a Ya = 0,6 / 3
    appendix = _cells(_table_after(doc, "LAMPIRAN\nDAFTAR DATA DUKUNG SEMESTER I TAHUN 2026"))
    assert [r[2] for r in appendix[1:]] == ["DD-001", "DD-002", "DD-003"]
    for table in doc.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_chart_is_a_picture(docx_path: Path) -> None:
    doc = Document(str(docx_path))
    assert len(doc.inline_shapes) == 1
    assert doc.inline_shapes[0].width == Cm(16)


def test_signature_block_follows_the_closing_chapter(docx_path: Path) -> None:
    doc = Document(str(docx_path))
    texts = [p.text for p in doc.paragraphs]
    start = texts.index("BAB V\nPENUTUP")
    block = [t for t in texts[start:] if t]
    assert block[2:6] == ["Kota Contoh, 30 Juni 2026", "Sekretaris KPU Provinsi Contoh", "Siti Rahmawati, S.H.",
                          "NIP 197501012000032001"]
    name = next(p for p in doc.paragraphs[start:] if p.text == "Siti Rahmawati, S.H.")
    assert name.runs[0].bold
    assert name.runs[0].underline


def test_docx_and_xlsx_are_identical_for_the_same_inputs(ws: Path, tmp_path: Path) -> None:
    first = build(ws, tmp_path / "a", "docx", "xlsx")
    second = build(ws, tmp_path / "b", "docx", "xlsx")
    for fmt in ("docx", "xlsx"):
        assert only(first, fmt).read_bytes() == only(second, fmt).read_bytes()


@pytest.mark.skipif(pdf_unavailable() is not None, reason="WeasyPrint tidak terpasang")
def test_pdf_is_a4_with_page_numbers(ws: Path, tmp_path: Path) -> None:
    path = only(build(ws, tmp_path / "out", "pdf"), "pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    if shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        pytest.skip("poppler-utils tidak terpasang")
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert "(A4)" in info
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout.split("\f")
    assert "Halaman" not in text[0]  # the cover
    assert f"Halaman 2 dari {pages}" in text[1]
    assert "LAPORAN PELAKSANAAN REFORMASI BIROKRASI" in " ".join(text[0].split())  # the title may wrap
    assert any("NIP 197501012000032001" in page for page in text)
