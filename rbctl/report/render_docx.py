"""The report as a Word document (python-docx): A4, real headings (Heading 1 for the chapters,
Heading 2 for their sections), real tables whose header row repeats on every page, the chart
as a picture, a signature block, and a footer with the provenance and "Halaman X dari Y"."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from markdown_it import MarkdownIt

from rbctl.report import chart
from rbctl.report.context import Ctx
from rbctl.report.templating import demote

FONT = "Arial"
BODY_PT = 11
TABLE_PT = 8
TEXT_WIDTH_CM = 16.0  # A4 21 cm less 2.5 + 2.5 cm margins
HEADER_SHADE = "DCE4EE"
_MD = MarkdownIt("commonmark", {"html": False})

Doc = Any  # python-docx has no type hints
Paragraph = Any


# ---- low-level helpers ------------------------------------------------------------------------


def _shade(cell: Any, colour: str) -> None:
    props = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), colour)
    props.append(shd)


def _row_flag(row: Any, tag: str) -> None:
    props = row._tr.get_or_add_trPr()
    flag = OxmlElement(tag)
    flag.set(qn("w:val"), "true")
    props.append(flag)


def _field(paragraph: Paragraph, code: str, size: float) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays the pages out."""
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        run.font.size = Pt(size)
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            run._r.append(element)
        elif text == code:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {code} "
            run._r.append(instr)
        else:
            run.text = text


def _para(doc: Doc, text: str = "", *, bold: bool = False, size: float | None = None, align: Any = None,
          space_after: float = 6, style: str | None = None) -> Paragraph:
    paragraph = doc.add_paragraph(style=style)
    if text:
        run = paragraph.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)
    return paragraph


def _heading(doc: Doc, text: str, level: int, *, page_break: bool = False) -> Paragraph:
    paragraph = doc.add_heading(level=level)
    lines = text.split("\n")
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        if i < len(lines) - 1:
            run.add_break()
    if level == 1:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(18)
    paragraph.paragraph_format.page_break_before = page_break
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def _table(doc: Doc, headers: Sequence[str], rows: Sequence[Sequence[str | list[str]]],
           widths: Sequence[float], numeric: Sequence[int] = (), bold_rows: Sequence[int] = ()) -> Any:
    """A grid table; the header row repeats on every page and no row splits across pages."""
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    header = table.rows[0]
    _row_flag(header, "w:tblHeader")
    for i, text in enumerate(headers):
        cell = header.cells[i]
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(TABLE_PT)
        _shade(cell, HEADER_SHADE)
    for r, values in enumerate(rows):
        row = table.add_row()
        _row_flag(row, "w:cantSplit")
        cells = row.cells  # python-docx rebuilds the list on every access: once per row
        for i, value in enumerate(values):
            cell = cells[i]
            lines = value if isinstance(value, list) else [value]
            first = cell.paragraphs[0]
            for j, line in enumerate(lines or ["-"]):
                paragraph = first if j == 0 else cell.add_paragraph()
                run = paragraph.add_run(line)
                run.font.size = Pt(TABLE_PT)
                run.bold = r in bold_rows
                paragraph.paragraph_format.space_after = Pt(0)
                if i in numeric:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _fixed_widths(table, widths)
    for row in table.rows:
        cells = row.cells
        for i, width in enumerate(widths):
            cells[i].width = Cm(width)
        for cell in cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_before = Pt(1)
                paragraph.paragraph_format.space_after = Pt(1)
                paragraph.paragraph_format.line_spacing = 1.0
    for i in numeric:
        header.cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph().paragraph_format.space_after = Pt(2)
    return table


def _fixed_widths(table: Any, widths: Sequence[float]) -> None:
    """Column widths Word and LibreOffice both keep: the grid, a fixed layout and the table width."""
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    props = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    props.append(layout)
    total = OxmlElement("w:tblW")
    total.set(qn("w:w"), str(round(sum(widths) / 2.54 * 1440)))
    total.set(qn("w:type"), "dxa")
    for old in props.findall(qn("w:tblW")):
        props.remove(old)
    props.append(total)
    margins = OxmlElement("w:tblCellMar")  # narrower cell padding than Word's 0,19 cm
    for side, twips in (("top", 20), ("left", 70), ("bottom", 20), ("right", 70)):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    props.append(margins)


def _markdown(doc: Doc, markdown: str, base_level: int) -> None:
    """A narrative's Markdown as Word paragraphs: headings, paragraphs, lists, emphasis, quotes."""
    tokens = _MD.parse(demote(markdown, 1))
    lists: list[str] = []
    quote = 0
    heading_level = 0
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append("List Bullet" if token.type == "bullet_list_open" else "List Number")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "blockquote_open":
            quote += 1
        elif token.type == "blockquote_close":
            quote -= 1
        elif token.type == "heading_open":
            heading_level = min(base_level + int(token.tag[1]) - 1, 9)
        elif token.type == "inline":
            if heading_level:
                _heading(doc, token.content, heading_level)
                heading_level = 0
                continue
            style = lists[-1] if lists else ("Quote" if quote else None)
            paragraph = _para(doc, style=style)
            paragraph.alignment = None if lists else WD_ALIGN_PARAGRAPH.JUSTIFY
            _inline(paragraph, token.children or [])
        elif token.type in ("fence", "code_block"):
            paragraph = _para(doc)
            run = paragraph.add_run(token.content.rstrip("\n"))
            run.font.name = "Courier New"
            run.font.size = Pt(9)


def _inline(paragraph: Paragraph, children: Sequence[Any]) -> None:
    bold = italic = code = False
    for child in children:
        if child.type == "strong_open":
            bold = True
        elif child.type == "strong_close":
            bold = False
        elif child.type == "em_open":
            italic = True
        elif child.type == "em_close":
            italic = False
        elif child.type in ("softbreak",):
            paragraph.add_run(" ")
        elif child.type == "hardbreak":
            paragraph.add_run().add_break()
        elif child.type in ("text", "code_inline", "html_inline"):
            run = paragraph.add_run(child.content)
            run.bold, run.italic = bold or None, italic or None
            if child.type == "code_inline" or code:
                run.font.name = "Courier New"


# ---- the document -----------------------------------------------------------------------------


def _setup(doc: Doc, ctx: Ctx) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.5)
    section.footer_distance = Cm(1.0)
    section.different_first_page_header_footer = True  # the cover has no page number
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    for name, size in (("Heading 1", 14), ("Heading 2", 12), ("Heading 3", 11), ("Heading 4", 11), ("Title", 18)):
        style = doc.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.bold = True
        rfonts = style.element.rPr.rFonts
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            rfonts.set(qn(attr), FONT)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            if rfonts.get(qn(theme)) is not None:
                del rfonts.attrib[qn(theme)]
    footer = section.footer
    paragraph = footer.paragraphs[0]
    tab_stops = paragraph.paragraph_format.tab_stops
    tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM), alignment=2)  # right
    note = paragraph.add_run(ctx["provenans"]["teks"])
    note.font.size = Pt(7)
    note.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    paragraph = footer.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run("Halaman ")
    run.font.size = Pt(8)
    _field(paragraph, "PAGE", 8)
    run = paragraph.add_run(" dari ")
    run.font.size = Pt(8)
    _field(paragraph, "NUMPAGES", 8)
    first = section.first_page_footer.paragraphs[0]
    note = first.add_run(ctx["provenans"]["teks"])
    note.font.size = Pt(7)
    note.font.color.rgb = RGBColor(0x55, 0x55, 0x55)


def _cover(doc: Doc, ctx: Ctx) -> None:
    center = WD_ALIGN_PARAGRAPH.CENTER
    for _ in range(4):
        _para(doc)
    _para(doc, ctx["judul"].upper(), bold=True, size=18, align=center, space_after=12)
    _para(doc, ctx["periode"]["judul"].upper(), bold=True, size=15, align=center, space_after=100)
    _para(doc, ctx["unit"]["nama"].upper(), bold=True, size=16, align=center, space_after=4)
    if ctx["organisasi"].casefold() != ctx["unit"]["nama"].casefold():
        _para(doc, ctx["organisasi"], size=13, align=center, space_after=4)
    _para(doc, f"Periode {ctx['periode']['rentang']}", size=12, align=center, space_after=120)
    last = _para(doc, str(ctx["tahun"]), bold=True, size=15, align=center)
    last.add_run().add_break(WD_BREAK.PAGE)


def _chapter_one(doc: Doc, ctx: Ctx) -> None:
    intro = ctx["pendahuluan"]
    _heading(doc, "BAB I\nPENDAHULUAN", 1)
    _heading(doc, "1.1 Latar Belakang", 2)
    if intro["narasi"]:
        for n in intro["narasi"]:
            if len(intro["narasi"]) > 1:
                _heading(doc, n["judul"], 3)
            _markdown(doc, n["isi"], 3)
    else:
        _para(doc, f"Laporan ini menyajikan pelaksanaan reformasi birokrasi di lingkungan {ctx['unit']['nama']} "
                   f"pada {ctx['periode']['judul']} ({ctx['periode']['rentang']}): pelaksanaan rencana aksi per "
                   "area perubahan, hasil penilaian mandiri, serta kendala dan tindak lanjutnya.",
              align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _heading(doc, "1.2 Dasar Hukum", 2)
    if intro["dasar_hukum"]:
        for item in intro["dasar_hukum"]:
            _para(doc, item, style="List Number", space_after=2)
    else:
        _para(doc, "Dasar hukum belum dicantumkan (dasar_hukum di rbctl.yaml).")
    _heading(doc, "1.3 Tim Reformasi Birokrasi", 2)
    sk = intro["tim"]["sk"]
    unit = ctx["unit"]["nama"]
    if sk:
        date = f" tanggal {sk['tanggal']}" if sk["tanggal"] else ""
        text = (f"Tim Reformasi Birokrasi {unit} ditetapkan dengan {sk['judul']}{date} ({sk['id']}), "
                "dengan susunan sebagai berikut.")
    else:
        text = f"Susunan Tim Reformasi Birokrasi {unit} adalah sebagai berikut."
    _para(doc, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _table(doc, ["No", "Nama", "NIP", "Jabatan", "Peran dalam Tim", "Area"],
           [[str(m["no"]), m["nama"], m["nip"], m["jabatan"], m["peran"], m["area"]]
            for m in intro["tim"]["anggota"]],
           [0.8, 3.3, 3.3, 3.6, 2.3, 2.7], numeric=[0])


def _chapter_two(doc: Doc, ctx: Ctx) -> None:
    plans = ctx["rencana_aksi"]
    period = ctx["periode"]["judul"]
    _heading(doc, "BAB II\nPELAKSANAAN RENCANA AKSI", 1, page_break=True)
    _heading(doc, "2.1 Ringkasan Capaian", 2)
    if plans["area"]:
        _para(doc, f"Pada {period} terdapat {plans['jumlah_kegiatan']} kegiatan rencana aksi pada "
                   f"{len(plans['area'])} area perubahan; {plans['jumlah_selesai']} kegiatan berstatus selesai.",
              align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        _table(doc, ["No", "Area Perubahan", "Kegiatan", "Selesai", "Berjalan", "Belum/ Tertunda", "Rata-rata Capaian"],
               [[str(s["no"]), s["area"], str(s["jumlah"]), str(s["selesai"]), str(s["berjalan"]), str(s["belum"]),
                 s["capaian"]] for s in plans["ringkasan"]],
               [0.8, 5.2, 1.8, 1.6, 1.7, 2.0, 2.9], numeric=[0, 2, 3, 4, 5, 6])
    else:
        _para(doc, f"Belum ada rencana aksi tahun {ctx['tahun']}.")
    for n, area in enumerate(plans["area"], 2):
        _heading(doc, f"2.{n} {area['nama']}", 2)
        rows = []
        for k in area["kegiatan"]:
            rows.append([
                str(k["no"]),
                [k["kegiatan"], f"{k['id']}; output: {k['output']}"],
                [k["target"], k["satuan"]],
                k["realisasi"],
                k["capaian"],
                k["status_label"],
                [f"• {line}" for line in k["kendala_tindak_lanjut"]] or ["-"],
                [f"• {d['id']}: {d['judul']}" for d in k["data_dukung"]] or ["-"],
            ])
        _table(doc, ["No", "Kegiatan", "Target", "Realisasi", "Capaian", "Status", "Kendala dan Tindak Lanjut",
                     "Data Dukung"], rows, [0.8, 3.2, 1.8, 1.7, 1.6, 1.6, 2.5, 2.8], numeric=[0, 2, 3, 4])


def _answered_sentence(score: Ctx) -> str:
    """How many criteria are answered, and the reviewer's index where there is a review."""
    rest = f". Sebanyak {score['dijawab']} dari {score['jumlah_kriteria']} kriteria telah dijawab"
    if score["belum_dijawab"]:
        rest += f"; {score['belum_dijawab']} kriteria belum dijawab dan dihitung 0"
    if score["tidak_sah"]:
        rest += f"; {score['tidak_sah']} jawaban tidak sah dihitung 0"
    review = score["reviu"]
    if review:
        rest += (f". Menurut reviu internal atas {review['jumlah']} kriteria, indeksnya {review['indeks']} "
                 f"dengan predikat {review['predikat']}")
    return rest + "."


def _chapter_three(doc: Doc, ctx: Ctx) -> None:
    score = ctx["penilaian"]
    unit = ctx["unit"]["nama"]
    _heading(doc, "BAB III\nHASIL PENILAIAN MANDIRI", 1, page_break=True)
    if score["ada"]:
        grade = f" ({score['predikat_label']})" if score["predikat_label"] else ""
        text = (f"Penilaian mandiri tahun {score['tahun']} memakai {score['rubrik']['judul']} "
                f"({score['rubrik']['dasar']}). Indeks reformasi birokrasi {unit} adalah ")
        paragraph = _para(doc, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        paragraph.add_run(score["indeks"]).bold = True
        paragraph.add_run(f" dari {score['rubrik']['total']} dengan predikat ")
        paragraph.add_run(score["predikat"]).bold = True
        paragraph.add_run(grade + _answered_sentence(score))
        _heading(doc, "3.1 Nilai per Komponen dan Area", 2)
        rows: list[list[str | list[str]]] = []
        bold_rows = []
        for comp in score["komponen"]:
            bold_rows.append(len(rows))
            rows.append([comp["nama"], comp["bobot"], comp["nilai"], comp["persen"]])
            for area in comp["area"]:
                mark = " *" if area["sementara"] else ""
                rows.append([f"    {area['nama']}{mark}", area["bobot"], area["nilai"], area["persen"]])
        bold_rows.append(len(rows))
        rows.append(["Indeks", score["rubrik"]["total"], score["indeks"], score["predikat"]])
        _table(doc, ["Komponen / Area", "Bobot", "Nilai", "Capaian"], rows, [9.4, 2.0, 2.2, 2.4],
               numeric=[1, 2, 3], bold_rows=bold_rows)
        if score["sementara"]:
            _para(doc, "* bobot sementara; lihat Lampiran Metode Penilaian.", size=8)
        _heading(doc, "3.2 Capaian per Area Perubahan", 2)
        if score["grafik"]:
            picture = _para(doc, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=2)
            try:
                image = chart.png(score["grafik"])
            except ImportError:  # Pillow missing: say so instead of failing the whole document
                picture.add_run("(Grafik tidak dapat dibuat: paket Pillow tidak terpasang.)")
            else:
                picture.add_run().add_picture(io.BytesIO(image), width=Cm(TEXT_WIDTH_CM))
            picture.paragraph_format.keep_with_next = True
        _para(doc, "Gambar 3.1 Persentase nilai yang diperoleh setiap area perubahan terhadap bobotnya "
                   "(seluruh komponen)", size=9, align=WD_ALIGN_PARAGRAPH.CENTER)
    else:
        _para(doc, f"Lembar kerja evaluasi (LKE) tahun {score['tahun']} belum diisi, sehingga belum ada hasil "
                   "penilaian mandiri.")
    if score["anak"]:
        _heading(doc, f"3.{3 if score['ada'] else 1} Rekapitulasi Satuan Kerja di Bawahnya", 2)
        _table(doc, ["No", "Satuan Kerja", "Indeks", "Predikat"],
               [[str(i), a["nama"], a["indeks"], a["predikat"] + (" (LKE belum diisi)" if a["kosong"] else "")]
                for i, a in enumerate(score["anak"], 1)], [1.0, 9.0, 2.5, 3.5], numeric=[0, 2])


def _chapter_four(doc: Doc, ctx: Ctx) -> None:
    obstacles = ctx["kendala"]
    _heading(doc, "BAB IV\nKENDALA DAN TINDAK LANJUT", 1, page_break=True)
    for n, narrative in enumerate(obstacles["narasi"], 1):
        _heading(doc, f"4.{n} {narrative['judul']}", 2)
        _markdown(doc, narrative["isi"], 3)
    _heading(doc, f"4.{len(obstacles['narasi']) + 1} Kendala dan Tindak Lanjut per Kegiatan", 2)
    if obstacles["butir"]:
        _table(doc, ["No", "Area", "Kegiatan", "Kendala", "Tindak Lanjut"],
               [[str(b["no"]), b["area"], b["kegiatan"], b["kendala"], b["tindak_lanjut"]] for b in obstacles["butir"]],
               [0.8, 2.8, 3.6, 4.4, 4.4], numeric=[0])
    else:
        _para(doc, f"Tidak ada kendala yang dicatat pada kegiatan {ctx['periode']['judul']}.")


def _chapter_five(doc: Doc, ctx: Ctx) -> None:
    _heading(doc, "BAB V\nPENUTUP", 1, page_break=True)
    if ctx["penutup"]["narasi"]:
        for narrative in ctx["penutup"]["narasi"]:
            _markdown(doc, narrative["isi"], 3)
    else:
        _para(doc, f"Demikian laporan pelaksanaan reformasi birokrasi {ctx['unit']['nama']} "
                   f"{ctx['periode']['judul']} ini disusun sebagai bahan pemantauan dan evaluasi. Kendala yang "
                   "dihadapi akan ditindaklanjuti pada periode berikutnya.", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _signature(doc, ctx["tanda_tangan"])


def _signature(doc: Doc, sign: Ctx) -> None:
    """Place and date, the title, room for the signature, the name and NIP, right of centre."""
    lines = [(f"{sign['tempat']}, {sign['tanggal']}" if sign["tempat"] else sign["tanggal"], False, False),
             (sign["jabatan"], False, False), ("", False, False), ("", False, False), ("", False, False),
             (sign["nama"], True, True)]
    if sign["nip"]:
        lines.append((f"NIP {sign['nip']}", False, False))
    _para(doc, space_after=12)
    for i, (text, bold, underline) in enumerate(lines):
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.left_indent = Cm(8.5)
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.keep_with_next = i < len(lines) - 1
        paragraph.paragraph_format.keep_together = True
        if text:
            run = paragraph.add_run(text)
            run.bold, run.underline = bold or None, underline or None


def _appendix(doc: Doc, ctx: Ctx) -> None:
    _heading(doc, f"LAMPIRAN\nDAFTAR DATA DUKUNG {ctx['periode']['judul'].upper()}", 1, page_break=True)
    rows = ctx["lampiran"]
    if rows:
        _table(doc, ["No", "Tanggal", "Id", "Judul", "Jenis", "Berkas / Tautan", "Terkait"],
               [[str(e["no"]), e["tanggal"], e["id"], e["judul"], e["jenis"], e["sumber"], e["terkait"]]
                for e in rows], [0.8, 2.1, 2.0, 4.0, 1.9, 3.2, 2.0], numeric=[0])
    else:
        _para(doc, f"Tidak ada data dukung bertanggal {ctx['periode']['mulai']} sampai {ctx['periode']['selesai']}.")
    note = ctx.get("metode", {}).get("catatan_sementara")
    if note:
        _heading(doc, "LAMPIRAN\nMETODE PENILAIAN", 1, page_break=True)
        _para(doc, note)


def render_docx(ctx: Ctx, when: dt.date | None = None) -> bytes:
    doc = Document()
    _setup(doc, ctx)
    _cover(doc, ctx)
    _chapter_one(doc, ctx)
    _chapter_two(doc, ctx)
    _chapter_three(doc, ctx)
    _chapter_four(doc, ctx)
    _chapter_five(doc, ctx)
    _appendix(doc, ctx)
    props = doc.core_properties
    props.title = f"{ctx['judul']} {ctx['unit']['nama']} {ctx['periode']['judul']}"
    props.author = props.last_modified_by = "rbctl"
    props.subject = ctx["organisasi"]
    props.keywords = "reformasi birokrasi"
    props.comments = ctx["provenans"]["teks"]
    props.revision = 1
    stamp = dt.datetime.combine(when or dt.date(ctx["tahun"], 1, 1), dt.time())
    props.created = props.modified = stamp
    props.last_printed = stamp
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
