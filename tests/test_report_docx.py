"""The Word report opened with python-docx (outline, TOC field, sections, lists, language, no tool
text on the pages), and the PDF read back as text (headings, page labels, no near-empty pages)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from rbctl.report.build import pdf_unavailable
from tests.conftest import copy_example
from tests.report_helpers import build, copy_workspace, only

FRONT = ["LEMBAR PENGESAHAN", "KATA PENGANTAR", "DAFTAR ISI"]
CHAPTERS = ["BAB I\nPENDAHULUAN", "BAB II\nPELAKSANAAN RENCANA AKSI", "BAB III\nCAPAIAN, KENDALA DAN REKOMENDASI",
            "BAB IV\nPENUTUP"]


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
        paragraph = Paragraph(child, doc) if child.tag == qn("w:p") else None
        if paragraph is not None and paragraph.style.name.startswith("Heading") and paragraph.text == heading:
            seen = True
        elif seen and child.tag == qn("w:tbl"):
            return next(t for t in doc.tables if t._tbl is child)  # type: ignore[attr-defined]
    raise AssertionError(f"no table after {heading!r}")


def _cells(table: object) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]  # type: ignore[attr-defined]


def test_outline_front_matter_chapters_and_appendices(docx_path: Path) -> None:
    doc = Document(str(docx_path))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    for heading in [*FRONT, "DAFTAR TABEL", "DAFTAR GAMBAR"]:
        assert heading in headings
    chapters = [h for h in headings if h.startswith(("BAB", "LAMPIRAN"))]
    assert chapters == [*CHAPTERS, "LAMPIRAN A\nMATRIKS RENCANA AKSI DAN REALISASI PER TRIWULAN",
                        "LAMPIRAN B\nDAFTAR DATA DUKUNG SEMESTER I TAHUN 2026", "LAMPIRAN C\nMETODE PENILAIAN"]
    sections = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert sections[:5] == ["1.1 Latar Belakang", "1.2 Maksud dan Tujuan", "1.3 Dasar Hukum",
                            "1.4 Tim Reformasi Birokrasi", "1.5 Sistematika Laporan"]
    assert "3.2 Rekapitulasi Satuan Kerja di Bawahnya" in sections
    # The method appendix names the provisional weights the score used, in one sentence.
    method = [p.text for p in doc.paragraphs if "Bobot bertanda * masih sementara" in p.text]
    assert len(method) == 1


def test_toc_field_and_page_numbering(docx_path: Path) -> None:
    doc = Document(str(docx_path))
    codes = [t.text.strip() for t in doc.element.body.iter(qn("w:instrText"))]
    assert any(c.startswith('TOC \\o "1-2"') for c in codes)
    assert any(c.startswith('TOC \\h \\z \\c "Tabel"') for c in codes)
    formats = [s._sectPr.find(qn("w:pgNumType")) for s in doc.sections]
    shown = [(f.get(qn("w:fmt")), f.get(qn("w:start"))) if f is not None else None for f in formats]
    assert shown[:3] == [None, ("lowerRoman", "1"), ("decimal", "1")]  # cover, front matter, body
    assert doc.sections[0].different_first_page_header_footer  # no number on the cover


def test_matrix_is_on_a_landscape_section(docx_path: Path) -> None:
    doc = Document(str(docx_path))
    landscape = [s for s in doc.sections if s.orientation == WD_ORIENT.LANDSCAPE]
    assert len(landscape) == 1
    assert landscape[0].page_width > landscape[0].page_height
    matrix = _cells(_table_after(doc, "LAMPIRAN A\nMATRIKS RENCANA AKSI DAN REALISASI PER TRIWULAN"))
    assert [h.replace("\n", " ") for h in matrix[0][4:12]] == ["TW I T", "TW I R", "TW II T", "TW II R", "TW III T",
                                                               "TW III R", "TW IV T", "TW IV R"]
    body = _cells(_table_after(doc, "2.2 Manajemen Perubahan"))
    assert len(body[0]) == 6  # the body's activity table stays narrow on portrait A4


def test_every_numbered_list_starts_again(docx_path: Path) -> None:
    doc = Document(str(docx_path))
    runs: list[str] = []  # numId per list, in order (a list = consecutive numbered paragraphs)
    previous = None
    for paragraph in doc.paragraphs:
        numpr = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
        num = numpr.numId.val if numpr is not None and numpr.numId is not None else None
        if num is not None and num != previous:
            runs.append(num)
        previous = num
    assert len(runs) >= 2  # Dasar Hukum and the recommendations' numbered list
    assert len(set(runs)) == len(runs)  # no list continues another's numbering
    numbering = doc.part.numbering_part.element
    for num in numbering.num_lst:
        if num.numId in runs:
            start = num.find(qn("w:lvlOverride")).find(qn("w:startOverride"))
            assert start.get(qn("w:val")) == "1"


def test_every_style_is_indonesian(docx_path: Path) -> None:
    doc = Document(str(docx_path))
    styles = doc.styles.element.findall(qn("w:style"))
    assert styles
    for style in styles:
        lang = style.find(qn("w:rPr")).find(qn("w:lang"))
        assert lang is not None, style.get(qn("w:styleId"))
        assert lang.get(qn("w:val")) == "id-ID", style.get(qn("w:styleId"))


def test_tool_is_named_in_no_page_by_default(docx_path: Path) -> None:
    doc = Document(str(docx_path))
    texts = [p.text for p in doc.paragraphs]
    texts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    for section in doc.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            texts += [p.text for p in part.paragraphs]
    assert not [t for t in texts if "rbctl" in t.lower()]
    assert "ruang kerja tidak berada dalam repositori git" in doc.core_properties.comments  # provenance kept


def test_tables_rows_and_reviewed_scores(docx_path: Path) -> None:
    doc = Document(str(docx_path))
    team = _cells(_table_after(doc, "1.4 Tim Reformasi Birokrasi"))
    assert team[0] == ["No", "Nama", "Jabatan", "Peran dalam Tim", "Area"]
    plan = _cells(_table_after(doc, "2.2 Manajemen Perubahan"))
    assert plan[1][2:6] == ["2\ndokumen", "1", "50,00%", "Tertunda"]
    assert "RA-MP-01" not in plan[1][1]  # no internal codes in the prose
    scores = _cells(_table_after(doc, "3.1 Hasil Penilaian Mandiri"))
    assert scores[-2][0] == "Indeks"
    assert scores[-2][-1].endswith("%")
    assert scores[-2][2] == "14,70"  # P.TL.1 is 0,6 (official), P.TL.1.a Ya = 0,6 / 3
    assert scores[-1][0] == "Predikat"
    assert all("," in row[1] for row in scores[1:-1])  # bobot with two decimals
    for table in doc.tables[1:]:  # every table but the signatures' grid
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_docx_and_xlsx_are_identical_for_the_same_inputs(ws: Path, tmp_path: Path) -> None:
    first = build(ws, tmp_path / "a", "docx", "xlsx")
    second = build(ws, tmp_path / "b", "docx", "xlsx")
    for fmt in ("docx", "xlsx"):
        assert only(first, fmt).read_bytes() == only(second, fmt).read_bytes()


def _pdf_pages(path: Path) -> list[list[str]]:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils tidak terpasang")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout.split("\f")[:-1]
    return [[" ".join(line.split()) for line in page.splitlines() if line.strip()] for page in text]


@pytest.mark.skipif(pdf_unavailable() is not None, reason="WeasyPrint tidak terpasang")
def test_pdf_outline_labels_and_no_near_empty_page(ws: Path, tmp_path: Path) -> None:
    path = only(build(ws, tmp_path / "out", "pdf"), "pdf")
    pages = _pdf_pages(path)
    firsts = [page[0] for page in pages]
    for heading in FRONT:
        assert heading in firsts
    assert "LAPORAN PELAKSANAAN REFORMASI" in firsts[0]
    for n, page in enumerate(pages[1:], 2):
        opening = page[0].startswith(("BAB ", "LAMPIRAN", "DAFTAR", "KATA", "LEMBAR"))
        lines = len(page) - 1  # less the footer line
        assert opening or lines >= 5, (n, page)
    assert "rbctl" not in " ".join(" ".join(p) for p in pages).lower()
    pypdf = pytest.importorskip("pypdf")
    labels = pypdf.PdfReader(str(path)).page_labels
    assert labels[1:4] == ["i", "ii", "iii"]
    body = firsts.index("BAB I")
    assert labels[body] == "1"
    assert pages[body][-1].endswith(" 1")


def _assert_tables_kept_together(pages: list[list[str]]) -> None:
    """No page ends with a table's caption (its rows on the next page), and in Lampiran A each
    area's matrix (all fit on one landscape page in the example) starts on a page with its
    caption instead of leaving a row or two on the next."""
    for n, page in enumerate(pages, 1):
        assert not re.match(r"Tabel \d+\. ", page[:-1][-1]), (n, page[-3:])  # the last line is the footer
    first = next(n for n, page in enumerate(pages) if page[0] == "LAMPIRAN A")
    last = next(n for n, page in enumerate(pages) if page[0] == "LAMPIRAN B")
    assert last - first >= 2, "the example's matrices no longer span several pages: the test says nothing"
    for page in pages[first + 1:last]:
        assert re.match(r"Tabel \d+\. Rencana aksi dan realisasi ", page[0]), page[:3]


@pytest.mark.skipif(pdf_unavailable() is not None, reason="WeasyPrint tidak terpasang")
def test_pdf_tables_keep_caption_and_rows_together(tmp_path: Path) -> None:
    ws = copy_example(tmp_path / "contoh")
    _assert_tables_kept_together(_pdf_pages(only(build(ws, tmp_path / "out", "pdf", unit="kpu-kab-malang"), "pdf")))


SOFFICE = shutil.which("soffice")
WRITER = SOFFICE is not None and (Path(SOFFICE).resolve().parent / "libswlo.so").is_file()


@pytest.mark.skipif(not WRITER, reason="LibreOffice Writer tidak terpasang")
def test_docx_in_libreoffice_keeps_tables_together(tmp_path: Path) -> None:
    """The Word document as LibreOffice lays it out (as the officer opens it) keeps the same rules."""
    ws = copy_example(tmp_path / "contoh")
    docx = only(build(ws, tmp_path / "out", "docx", unit="kpu-kab-malang"), "docx")
    assert SOFFICE is not None
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path / "lo"), str(docx)],
                   check=True, capture_output=True, timeout=300)
    _assert_tables_kept_together(_pdf_pages(tmp_path / "lo" / docx.with_suffix(".pdf").name))


@pytest.mark.skipif(pdf_unavailable() is not None, reason="WeasyPrint tidak terpasang")
def test_draft_marks_every_page_of_every_format(ws: Path, tmp_path: Path) -> None:
    (ws / "units" / "kpu-contoh" / "unit.yaml").open("a", encoding="utf-8").close()
    lke = ws / "units" / "kpu-contoh" / "lke" / "2026.yaml"
    lke.write_text(lke.read_text(encoding="utf-8").replace("{jawaban: A,", "{jawaban: Z,", 1), encoding="utf-8")
    from rbctl.report import BuildRequest, RecordsInvalidError, build_reports

    request = BuildRequest(root=ws, period="1", out=tmp_path / "out", units=["kpu-contoh"],
                           formats=("pdf", "docx", "xlsx", "md", "html"), formats_explicit=True)
    with pytest.raises(RecordsInvalidError):
        build_reports(request)
    assert not (tmp_path / "out").exists()
    from dataclasses import replace

    result = build_reports(replace(request, draft=True))
    pdf = only(result, "pdf")
    assert all("DRAF" in " ".join(page) for page in _pdf_pages(pdf))
    doc = Document(str(only(result, "docx")))
    for section in doc.sections:
        assert "DRAF" in section.header.paragraphs[0].text
    assert "DRAF" in doc.sections[0].first_page_header.paragraphs[0].text
    from openpyxl import load_workbook

    book = load_workbook(only(result, "xlsx"))
    assert all(sheet.oddHeader.center.text == "DRAF" for sheet in book.worksheets)
