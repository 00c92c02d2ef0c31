"""The report as a Word document (python-docx): A4, real headings (Heading 1 for the chapters,
Heading 2 for their sections), real tables whose header row repeats on every page, the chart
as a picture, a signature block, and a footer with the provenance and "Halaman X dari Y"."""

from __future__ import annotations

import base64
import datetime as dt
import io
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from markdown_it import MarkdownIt

from rbctl.report import chart
from rbctl.report.context import Ctx
from rbctl.report.templating import demote

FONT = "Arial"
BODY_PT = 11
TABLE_PT = 8
TEXT_WIDTH_CM = 16.5  # A4 21 cm less 2.5 + 2.0 cm margins
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


def _field(paragraph: Paragraph, code: str, size: float, shown: str = "1") -> None:
    """A Word field (PAGE, SEQ) that Word fills in when it lays the pages out."""
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, shown), ("end", None)):
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


def _set_style(doc: Doc, paragraph: Paragraph, name: str) -> None:
    """Give a paragraph a style by its id, written directly: python-docx looks the style up among all
    styles on every assignment, which costs more than the rest of a paragraph."""
    ids: dict[str, str] | None = getattr(doc, "_style_ids", None)
    if ids is None:
        ids = {style.name: style.style_id for style in doc.styles}
        doc._style_ids = ids
    paragraph._p.get_or_add_pPr().get_or_add_pStyle().val = ids[name]


def _para(doc: Doc, text: str = "", *, bold: bool = False, size: float | None = None, align: Any = None,
          space_after: float = 6, style: str | None = None) -> Paragraph:
    paragraph = doc.add_paragraph()
    if style is not None:
        _set_style(doc, paragraph, style)
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
    paragraph = doc.add_paragraph()
    _set_style(doc, paragraph, f"Heading {level}")
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
           widths: Sequence[float], numeric: Sequence[int] = (), bold_rows: Sequence[int] = (),
           whole: bool = False) -> Any:
    """A grid table; the header row repeats on every page and no row splits across pages. As in
    the PDF, the header stays with the first row and the last row with the one before it (Word's
    "keep with next" on their paragraphs); ``whole``: every row, so a table that fits on a page
    starts on a new one rather than leave rows on the next."""
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    header = table.rows[0]
    _row_flag(header, "w:tblHeader")
    cells = header.cells  # each `cells` walks the table grid: once
    for i, text in enumerate(headers):
        cell = cells[i]
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(TABLE_PT)
        _shade(cell, HEADER_SHADE)
    twips = [round(w / 2.54 * 1440) for w in widths]
    if rows:  # the body rows as XML in one go: python-docx's per-cell objects cost seconds on big tables
        has_next = set(range(len(rows) - 1))
        kept = has_next if whole else {0, len(rows) - 2} & has_next
        table._tbl.extend(list(parse_xml(_rows_xml(rows, twips, set(numeric), set(bold_rows), kept))))
    _fixed_widths(table, widths)
    for i, width in enumerate(widths):
        cells[i].width = Cm(width)
        paragraph = cells[i].paragraphs[0]
        paragraph.paragraph_format.space_before = Pt(1)
        paragraph.paragraph_format.space_after = Pt(1)
        paragraph.paragraph_format.line_spacing = 1.0
        paragraph.paragraph_format.keep_with_next = bool(rows)
    for i in numeric:
        cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph().paragraph_format.space_after = Pt(2)
    return table


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _rows_xml(rows: Sequence[Sequence[str | list[str]]], twips: list[int], numeric: set[int],
              bold_rows: set[int], kept: set[int]) -> str:
    """Table rows that never split across pages; each line of a cell is a paragraph of table-size text.
    ``kept``: the rows that stay on the page of the row after them."""
    size = str(TABLE_PT * 2)
    out = [f'<w:tbl xmlns:w="{_W}">']
    for r, values in enumerate(rows):
        bold = "<w:b/>" if r in bold_rows else ""
        out.append('<w:tr><w:trPr><w:cantSplit w:val="true"/></w:trPr>')
        for i, value in enumerate(values):
            lines = [part for line in (value if isinstance(value, list) else [value]) for part in line.split("\n")]
            align = ('<w:keepNext/>' if r in kept else "") + ('<w:jc w:val="right"/>' if i in numeric else "")
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{twips[i]}" w:type="dxa"/></w:tcPr>')
            for line in lines or ["-"]:
                out.append(f'<w:p><w:pPr><w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/>'
                           f'{align}</w:pPr><w:r><w:rPr>{bold}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
                           f'</w:rPr><w:t xml:space="preserve">{_xml_text(line)}</w:t></w:r></w:p>')
            out.append("</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _xml_text(text: str) -> str:
    return xml_escape(text, {'"': "&quot;"})


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


def _markdown(doc: Doc, markdown: str, base_level: int, numbering: Lists | None = None) -> None:
    """A narrative's Markdown as Word paragraphs: headings, paragraphs, lists (each numbered list
    starting at 1), emphasis, quotes."""
    tokens = _MD.parse(demote(markdown, 1))
    lists: list[str] = []
    num_ids: list[int | None] = []
    quote = 0
    heading_level = 0
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            ordered = token.type == "ordered_list_open"
            lists.append("List Number" if ordered else "List Bullet")
            num_ids.append(numbering.new() if ordered and numbering is not None else None)
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            num_ids.pop()
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
            if num_ids and num_ids[-1] is not None:
                _numbered(paragraph, num_ids[-1])
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


# ---- document-wide parts: styles, language, lists, sections, fields --------------------------

LANG = "id-ID"
ROMAN_CHAPTERS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]


def _lang(rpr: Any) -> None:
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    lang = OxmlElement("w:lang")
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), LANG)
    rpr.append(lang)


def _language(doc: Doc) -> None:
    """Indonesian on every style and the document defaults: Word checks the spelling in Indonesian."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None:
            rpr = rpr_default.find(qn("w:rPr"))
            if rpr is None:
                rpr = OxmlElement("w:rPr")
                rpr_default.append(rpr)
            _lang(rpr)
    for style in styles.findall(qn("w:style")):
        rpr = style.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            style.append(rpr)
        _lang(rpr)


class Lists:
    """Each numbered list gets its own numbering instance, so that every list starts at 1."""

    def __init__(self, doc: Doc) -> None:
        self.numbering = doc.part.numbering_part.element
        style = doc.styles["List Number"].element
        num_id = style.pPr.numPr.numId.val
        self.abstract = next(n.abstractNumId.val for n in self.numbering.num_lst if n.numId == num_id)

    def new(self) -> int:
        num = self.numbering.add_num(self.abstract)
        override = num.add_lvlOverride(ilvl=0)
        override.add_startOverride(1)
        return int(num.numId)


def _numbered(paragraph: Paragraph, num_id: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    numpr = ppr.get_or_add_numPr()
    numpr.get_or_add_ilvl().val = 0
    numpr.get_or_add_numId().val = num_id


def _page_numbers(section: Any, fmt: str, start: int | None = 1) -> None:
    sectpr = section._sectPr
    for old in sectpr.findall(qn("w:pgNumType")):
        sectpr.remove(old)
    numbers = OxmlElement("w:pgNumType")
    numbers.set(qn("w:fmt"), fmt)
    if start is not None:
        numbers.set(qn("w:start"), str(start))
    sectpr.append(numbers)


def _new_section(doc: Doc, *, landscape: bool = False, numbers: str | None = None) -> Any:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.different_first_page_header_footer = False
    width, height = Cm(21.0), Cm(29.7)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    if landscape:
        section.left_margin = section.right_margin = Cm(2.0)
        section.top_margin = section.bottom_margin = Cm(2.0)
    else:
        section.left_margin, section.right_margin = Cm(2.5), Cm(2.0)
        section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    if numbers:
        _page_numbers(section, numbers)
    else:  # numbering goes on from the previous section (stated: LibreOffice restarts otherwise)
        _page_numbers(section, "decimal", start=None)
    return section


def _toc_style(doc: Doc, level: int) -> None:
    """"TOC n": indented by level, a dotted leader to the page number at the right margin."""
    name = f"TOC {level}"
    try:
        style = doc.styles[name]
    except KeyError:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    fmt = style.paragraph_format
    fmt.left_indent = Cm(0.6 * (level - 1))
    fmt.space_after = Pt(2)
    fmt.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM), alignment=2, leader=1)  # right, dots


def _footer(section: Any, ctx: Ctx, width_cm: float) -> None:
    """One footer line on every numbered page: the report's name left, the page number at the right margin."""
    paragraph = section.footer.paragraphs[0]
    paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(width_cm), alignment=2)  # right
    note = paragraph.add_run(f"{ctx['unit']['nama']} · {ctx['judul']} {ctx['periode']['judul']}\t")
    note.font.size = Pt(8)
    _field(paragraph, "PAGE", 8)


def _setup(doc: Doc, ctx: Ctx) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.0)
    section.footer_distance = Cm(1.0)
    section.header_distance = Cm(1.0)
    section.different_first_page_header_footer = True  # the cover has no page number
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    for name, size in (("Heading 1", 14), ("Heading 2", 12), ("Heading 3", 11), ("Heading 4", 11), ("Title", 18),
                       ("Caption", 9), ("TOC Heading", 14)):
        style = doc.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.bold = True
        style.font.italic = False
        rfonts = style.element.rPr.rFonts
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            rfonts.set(qn(attr), FONT)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            if rfonts.get(qn(theme)) is not None:
                del rfonts.attrib[qn(theme)]
    for level in (1, 2, 3):
        _toc_style(doc, level)
    _language(doc)
    doc.styles["Footer"].paragraph_format.tab_stops.clear_all()  # its 8,25/16,51 cm stops beat the footer's own
    _footer(section, ctx, TEXT_WIDTH_CM)
    if ctx["draf"]:
        for header in (section.header, section.first_page_header):
            mark = header.paragraphs[0]
            mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = mark.add_run("DRAF")
            run.bold = True
            run.font.size = Pt(16)
            run.font.color.rgb = RGBColor(0xB0, 0, 0)


def _caption(doc: Doc, kind: str, text: str, captions: list[str]) -> None:
    """"Tabel 3. ..." with a SEQ field, so that Word's list of tables finds it."""
    captions.append(f"{kind} {sum(1 for c in captions if c.startswith(kind)) + 1}. {text}")
    paragraph = doc.add_paragraph()
    _set_style(doc, paragraph, "Caption")
    paragraph.add_run(f"{kind} ")
    _field(paragraph, f"SEQ {kind} \\* ARABIC", 9, shown=captions[-1].split(".")[0].split()[-1])
    paragraph.add_run(f". {text}")
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.space_after = Pt(3)


def _toc(doc: Doc, code: str, entries: list[tuple[int, str]], empty: str) -> None:
    """A Word TOC field; its shown result is the entries (Word refreshes page numbers on opening)."""
    first = doc.add_paragraph()
    _field_start(first, code)
    rows = entries or [(1, empty)]
    last = first
    for i, (level, text) in enumerate(rows):
        paragraph = first if i == 0 else doc.add_paragraph()
        if entries:
            _set_style(doc, paragraph, f"TOC {min(level, 3)}")
        paragraph.add_run(text)
        last = paragraph
    _field_end(last)


def _field_start(paragraph: Paragraph, code: str) -> None:
    for kind, text in (("begin", None), (None, code), ("separate", None)):
        run = paragraph.add_run()
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            run._r.append(element)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {text} "
            run._r.append(instr)


def _field_end(paragraph: Paragraph) -> None:
    run = paragraph.add_run()
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), "end")
    run._r.append(element)


def _update_on_open(doc: Doc) -> None:
    settings = doc.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


# ---- the parts of the report -----------------------------------------------------------------


class Writer:
    """Writes the report in order; numbers chapters, sections, tables and figures as it goes."""

    def __init__(self, doc: Doc, ctx: Ctx) -> None:
        self.doc, self.ctx = doc, ctx
        self.lists = Lists(doc)
        self.chapter = 0
        self.section = 0
        self.captions: list[str] = []
        self.outline: list[tuple[int, str]] = []

    def chapter_heading(self, title: str) -> None:
        self.chapter += 1
        self.section = 0
        _heading(self.doc, f"BAB {ROMAN_CHAPTERS[self.chapter - 1]}\n{title}", 1)

    def sub(self, title: str) -> None:
        self.section += 1
        _heading(self.doc, f"{self.chapter}.{self.section} {title}", 2)

    def text(self, text: str) -> None:
        _para(self.doc, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY)

    def narratives(self, items: list[Ctx], level: int = 3) -> None:
        for n in items:
            if len(items) > 1:
                _heading(self.doc, n["judul"], level)
            _markdown(self.doc, n["isi"], level, self.lists)

    def table(self, caption: str, headers: Sequence[str], rows: Sequence[Sequence[str | list[str]]],
              widths: Sequence[float], numeric: Sequence[int] = (), bold_rows: Sequence[int] = (),
              whole: bool = False) -> None:
        _caption(self.doc, "Tabel", caption, self.captions)
        _table(self.doc, headers, rows, widths, numeric=numeric, bold_rows=bold_rows, whole=whole)

    def signature(self, sign: Ctx) -> None:
        _signature(self.doc, sign)


def _cover(w: Writer) -> None:
    doc, ctx = w.doc, w.ctx
    center = WD_ALIGN_PARAGRAPH.CENTER
    cover = ctx["sampul"]
    _para(doc, ctx["judul"].upper(), bold=True, size=18, align=center, space_after=8)
    _para(doc, ctx["periode"]["judul"].upper(), bold=True, size=15, align=center, space_after=40)
    if cover["logo"]:
        picture = _para(doc, align=center, space_after=40)
        data = base64.b64decode(cover["logo"].split(",", 1)[1])
        try:
            picture.add_run().add_picture(io.BytesIO(data), height=Cm(4.5))
        except Exception:
            picture.add_run("")
    else:
        _para(doc, space_after=120)
    _para(doc, cover["sekretariat"].upper(), bold=True, size=15, align=center, space_after=4)
    if cover["alamat"]:
        _para(doc, cover["alamat"], size=11, align=center, space_after=4)
    if ctx["draf"]:
        _para(doc, "DRAF — belum untuk ditandatangani", bold=True, align=center)


def _front(w: Writer) -> None:
    doc, ctx = w.doc, w.ctx
    sign = ctx["tanda_tangan"]
    _new_section(doc, numbers="lowerRoman")
    _heading(doc, "LEMBAR PENGESAHAN", 1)
    w.text(f"{ctx['judul']} {ctx['unit']['nama']} {ctx['periode']['judul']} (periode {ctx['periode']['rentang']}) "
           f"telah disusun oleh Tim Reformasi Birokrasi {ctx['unit']['nama']} dan disahkan sebagai laporan resmi "
           "pelaksanaan reformasi birokrasi.")
    where = f"{sign['tempat']}, {sign['tanggal']}" if sign["tempat"] else sign["tanggal"]
    _para(doc, where, align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=12)
    people = ctx["pengesahan"]
    grid = doc.add_table(rows=1, cols=max(1, len(people)))
    for cell, person in zip(grid.rows[0].cells, people, strict=False):
        lines = [f"{person['peran']},", person["jabatan"], "", "", "", person["nama"]]
        if person["nip"]:
            lines.append(f"NIP {person['nip']}")
        cell.text = ""
        for i, line in enumerate(lines):
            paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(0)
            run = paragraph.add_run(line)
            if i == 5:
                run.bold = run.underline = True
    _heading(doc, "KATA PENGANTAR", 1, page_break=True)
    if ctx["kata_pengantar"]:
        w.narratives(ctx["kata_pengantar"])
    else:
        for text in ctx["bawaan"]["kata_pengantar"]:
            w.text(text)
    w.signature(sign)


def _contents(w: Writer, outline: list[tuple[int, str]], captions: list[str]) -> None:
    doc = w.doc
    _heading(doc, "DAFTAR ISI", 1, page_break=True)
    _toc(doc, 'TOC \\o "1-2" \\h \\z \\u', outline, "-")
    _heading(doc, "DAFTAR TABEL", 1, page_break=True)
    _toc(doc, 'TOC \\h \\z \\c "Tabel"', [(1, c) for c in captions if c.startswith("Tabel")], "Tidak ada tabel.")
    _heading(doc, "DAFTAR GAMBAR", 1)
    _toc(doc, 'TOC \\h \\z \\c "Gambar"', [(1, c) for c in captions if c.startswith("Gambar")], "Tidak ada gambar.")
    if w.ctx["catatan_draf"]:
        _heading(doc, "CATATAN DRAF", 1, page_break=True)
        w.text("Draf ini dibuat dari catatan yang belum lengkap atau belum sah. Hal berikut perlu diselesaikan "
               "sebelum laporan ditandatangani:")
        for note in w.ctx["catatan_draf"]:
            _para(doc, note, style="List Bullet", space_after=2)


def _chapter_one(w: Writer) -> None:
    doc, ctx = w.doc, w.ctx
    intro = ctx["pendahuluan"]
    _new_section(doc, numbers="decimal")
    w.chapter_heading("PENDAHULUAN")
    w.sub("Latar Belakang")
    if intro["narasi"]:
        w.narratives(intro["narasi"])
    else:
        for text in ctx["bawaan"]["latar_belakang"]:
            w.text(text)
    w.sub("Maksud dan Tujuan")
    if intro["maksud_tujuan"]:
        w.narratives(intro["maksud_tujuan"])
    else:
        for text in ctx["bawaan"]["maksud_tujuan"]:
            w.text(text)
    w.sub("Dasar Hukum")
    if intro["dasar_hukum"]:
        num = w.lists.new()
        for item in intro["dasar_hukum"]:
            _numbered(_para(doc, item, style="List Number", space_after=2), num)
    else:
        w.text("Dasar hukum pelaksanaan reformasi birokrasi mengikuti peraturan perundang-undangan yang berlaku.")
    w.sub("Tim Reformasi Birokrasi")
    sk = intro["tim"]["sk"]
    unit = ctx["unit"]["nama"]
    if sk:
        date = f" tanggal {sk['tanggal']}" if sk["tanggal"] else ""
        w.text(f"Tim Reformasi Birokrasi {unit} ditetapkan dengan {sk['judul']}{date}, dengan susunan sebagai berikut.")
    else:
        w.text(f"Susunan Tim Reformasi Birokrasi {unit} adalah sebagai berikut.")
    w.table("Susunan Tim Reformasi Birokrasi", ["No", "Nama", "Jabatan", "Peran dalam Tim", "Area"],
            [[str(m["no"]), [m["nama"], *([f"NIP {m['nip']}"] if m["nip"] != "-" else [])], m["jabatan"], m["peran"],
              m["area"]] for m in intro["tim"]["anggota"]],
            [0.9, 4.2, 4.2, 2.6, 4.6], numeric=[0])
    w.sub("Sistematika Laporan")
    for text in ctx["bawaan"]["sistematika"]:
        w.text(text)


def _chapter_two(w: Writer) -> None:
    doc, ctx = w.doc, w.ctx
    plans = ctx["rencana_aksi"]
    period = ctx["periode"]["judul"]
    _heading_break(doc)
    w.chapter_heading("PELAKSANAAN RENCANA AKSI")
    w.narratives(plans["narasi"])
    w.sub("Ringkasan Pelaksanaan")
    if plans["area"]:
        w.text(f"Pada {period} terdapat {plans['jumlah_kegiatan']} kegiatan rencana aksi pada "
               f"{len(plans['area'])} area perubahan; {plans['jumlah_selesai']} kegiatan berstatus selesai. Target "
               "dan realisasi per triwulan setiap kegiatan disajikan pada Lampiran A.")
        w.table("Ringkasan pelaksanaan rencana aksi per area perubahan",
                ["No", "Area Perubahan", "Kegiatan", "Selesai", "Berjalan", "Belum/ Tertunda", "Rata-rata Capaian"],
                [[str(s["no"]), s["area"], str(s["jumlah"]), str(s["selesai"]), str(s["berjalan"]), str(s["belum"]),
                  s["capaian"]] for s in plans["ringkasan"]],
                [0.9, 5.6, 1.8, 1.6, 1.7, 2.0, 2.9], numeric=[0, 2, 3, 4, 5, 6])
    else:
        w.text(f"Belum ada rencana aksi tahun {ctx['tahun']}.")
    for area in plans["area"]:
        w.sub(area["nama"])
        w.narratives(area["narasi"])
        rows = []
        for k in area["kegiatan"]:
            detail = f"Output: {k['output']}"
            if k["data_dukung"]:
                detail += f"; data dukung Lampiran B no. {k['data_dukung_teks']}"
            rows.append([str(k["no"]), [k["kegiatan"], detail], [k["target"], k["satuan"]], k["realisasi"],
                         k["capaian"], k["status_label"]])
        w.table(f"Pelaksanaan kegiatan {area['nama']}",
                ["No", "Kegiatan", "Target", "Realisasi", "Capaian", "Status"], rows,
                [0.9, 7.4, 2.1, 1.9, 1.9, 2.3], numeric=[0, 2, 3, 4])
    w.sub("Quick Win")
    if plans["quick_win"]:
        w.narratives(plans["quick_win"])
    else:
        w.text(f"Quick win {period} belum diuraikan dalam narasi laporan.")
    w.sub("Anggaran")
    w.narratives(plans["narasi_anggaran"])
    if plans["anggaran"]:
        rows = [[str(a["no"]), a["area"], str(a["kegiatan"]), a["anggaran"]] for a in plans["anggaran"]]
        rows.append(["", "Jumlah", "", plans["anggaran_total"]])
        w.table("Anggaran rencana aksi per area perubahan", ["No", "Area Perubahan", "Kegiatan Beranggaran",
                                                            "Anggaran"], rows, [0.9, 8.6, 3.0, 4.0],
                numeric=[0, 2, 3], bold_rows=[len(rows) - 1])


def _heading_break(doc: Doc) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _score_table(w: Writer, score: Ctx) -> None:
    review = score["reviu"] is not None
    rows: list[list[str | list[str]]] = []
    bold_rows = []
    for comp in score["komponen"]:
        bold_rows.append(len(rows))
        rows.append([comp["nama"], comp["bobot"], comp["nilai"], *([comp["reviu"]] if review else []), comp["persen"]])
        for area in comp["area"]:
            mark = " *" if area["sementara"] else ""
            reviewed = [area["reviu"]] if review else []
            rows.append([f"    {area['nama']}{mark}", area["bobot"], area["nilai"], *reviewed, area["persen"]])
    bold_rows += [len(rows), len(rows) + 1]
    rows.append(["Indeks", score["rubrik"]["total"], score["indeks"], *([score["reviu"]["indeks"]] if review else []),
                 score["indeks_persen"]])
    rows.append(["Predikat", "", score["predikat"], *([score["reviu"]["predikat"]] if review else []), ""])
    headers = ["Komponen / Area", "Bobot", "Nilai Mandiri", *(["Nilai Reviu"] if review else []), "Capaian"]
    widths = [7.5, 2.0, 2.4, 2.2, 2.4] if review else [9.7, 2.0, 2.4, 2.4]
    w.table("Nilai penilaian mandiri per komponen dan area", headers, rows, widths,
            numeric=list(range(1, len(headers))), bold_rows=bold_rows)


def _figure(w: Writer, rows: list[Ctx]) -> None:
    doc = w.doc
    picture = _para(doc, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=2)
    try:
        image = chart.png(rows)
    except ImportError:  # Pillow missing: say so instead of failing the whole document
        picture.add_run("(Grafik tidak dapat dibuat: paket Pillow tidak terpasang.)")
    else:
        picture.add_run().add_picture(io.BytesIO(image), width=Cm(TEXT_WIDTH_CM - 1))
    picture.paragraph_format.keep_with_next = True
    text = "Capaian setiap area perubahan terhadap bobotnya (seluruh komponen)"
    number = sum(1 for c in w.captions if c.startswith("Gambar")) + 1
    w.captions.append(f"Gambar {number}. {text}")
    caption = doc.add_paragraph()
    _set_style(doc, caption, "Caption")
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.add_run("Gambar ")
    _field(caption, "SEQ Gambar \\* ARABIC", 9, shown=str(number))
    caption.add_run(f". {text}")


def _chapter_three(w: Writer) -> None:
    doc, ctx = w.doc, w.ctx
    score = ctx["penilaian"]
    unit = ctx["unit"]["nama"]
    _heading_break(doc)
    w.chapter_heading("CAPAIAN, KENDALA DAN REKOMENDASI")
    w.sub("Hasil Penilaian Mandiri")
    if score["ada"]:
        grade = f" ({score['predikat_label']})" if score["predikat_label"] else ""
        paragraph = _para(doc, f"Penilaian mandiri tahun {score['tahun']} memakai {score['rubrik']['judul']} "
                               f"({score['rubrik']['dasar']}); metodenya diuraikan pada Lampiran C. Indeks reformasi "
                               f"birokrasi {unit} adalah ", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        paragraph.add_run(score["indeks"]).bold = True
        paragraph.add_run(f" dari {score['rubrik']['maksimum']} dengan predikat ")
        paragraph.add_run(score["predikat"]).bold = True
        paragraph.add_run(grade + _answered_sentence(score))
        _score_table(w, score)
        if score["sementara"]:
            _para(doc, "* bobot sementara (lihat Lampiran C).", size=8)
        if score["grafik"]:
            _figure(w, score["grafik"])
    else:
        w.text(f"Lembar kerja evaluasi (LKE) tahun {score['tahun']} belum diisi, sehingga belum ada hasil penilaian "
               "mandiri.")
    if score["anak"]:
        w.sub("Rekapitulasi Satuan Kerja di Bawahnya")
        w.table("Indeks dan predikat satuan kerja di bawahnya", ["No", "Satuan Kerja", "Indeks", "Predikat"],
                [[str(i), a["nama"], a["indeks"], a["predikat"] + (" (LKE belum diisi)" if a["kosong"] else "")]
                 for i, a in enumerate(score["anak"], 1)], [1.0, 9.5, 2.5, 3.5], numeric=[0, 2])
    obstacles = ctx["kendala"]
    for narrative in obstacles["lainnya"]:
        w.sub(narrative["judul"])
        _markdown(doc, narrative["isi"], 3, w.lists)
    w.sub("Kendala")
    w.narratives(obstacles["narasi"])
    if obstacles["butir"]:
        w.text("Kendala yang dicatat pada kegiatan rencana aksi beserta tindak lanjutnya:")
        w.table("Kendala dan tindak lanjut per kegiatan", ["No", "Kegiatan", "Kendala", "Tindak Lanjut"],
                [[str(b["no"]), [b["kegiatan"], b["area"]], b["kendala"], b["tindak_lanjut"]]
                 for b in obstacles["butir"]], [0.9, 4.6, 5.5, 5.5], numeric=[0])
    elif not obstacles["narasi"]:
        w.text(f"Tidak ada kendala yang dicatat pada {ctx['periode']['judul']}.")
    w.sub("Rekomendasi")
    if obstacles["rekomendasi"]:
        w.narratives(obstacles["rekomendasi"])
    else:
        w.text("Kendala di atas ditindaklanjuti sebagaimana tercantum pada tabel kendala; rekomendasi periode "
               "berikutnya belum diuraikan dalam narasi laporan.")


def _chapter_four(w: Writer) -> None:
    doc, ctx = w.doc, w.ctx
    _heading_break(doc)
    w.chapter_heading("PENUTUP")
    if ctx["penutup"]["narasi"]:
        for narrative in ctx["penutup"]["narasi"]:
            _markdown(doc, narrative["isi"], 3, w.lists)
    else:
        for text in ctx["bawaan"]["penutup"]:
            w.text(text)
    w.signature(ctx["tanda_tangan"])


def _matrix(w: Writer) -> None:
    doc, ctx = w.doc, w.ctx
    landscape_section(doc, ctx)
    _heading(doc, "LAMPIRAN A\nMATRIKS RENCANA AKSI DAN REALISASI PER TRIWULAN", 1)
    headers = ["No", "Kegiatan", "Output / Indikator", "Pelaksana", "TW I\nT", "TW I\nR", "TW II\nT", "TW II\nR",
               "TW III\nT", "TW III\nR", "TW IV\nT", "TW IV\nR", "Anggaran", "Capaian"]
    widths = [0.8, 4.4, 4.2, 2.7, 1.15, 1.15, 1.15, 1.15, 1.15, 1.15, 1.15, 1.15, 2.6, 1.8]
    for area in ctx["rencana_aksi"]["area"]:
        rows = []
        for k in area["kegiatan"]:
            quarters = [v for q in k["triwulan"] for v in (q["target"], q["realisasi"])]
            rows.append([str(k["no"]), k["kegiatan"], [f"{k['output']} ({k['satuan']})", k["indikator"]],
                         k["pelaksana"], *quarters, k["anggaran"], k["capaian"]])
        w.table(f"Rencana aksi dan realisasi {area['nama']}", headers, rows, widths,
                numeric=[0, *range(4, 14)], whole=True)  # an area's matrix on one page when it fits
    if not ctx["rencana_aksi"]["area"]:
        w.text(f"Belum ada rencana aksi tahun {ctx['tahun']}.")
    _para(doc, f"T = target, R = realisasi. Realisasi triwulan sesudah {ctx['periode']['judul']} tidak dicantumkan.",
          size=8)


def landscape_section(doc: Doc, ctx: Ctx) -> None:
    """A landscape section with its own footer (the page number at the wider right margin); the
    section after it gets the portrait footer back."""
    section = _new_section(doc, landscape=True)
    section.footer.is_linked_to_previous = False
    _footer(section, ctx, 25.7)


def portrait_again(doc: Doc, ctx: Ctx) -> None:
    section = _new_section(doc)
    section.footer.is_linked_to_previous = False
    _footer(section, ctx, TEXT_WIDTH_CM)


def _appendices(w: Writer) -> None:
    doc, ctx = w.doc, w.ctx
    portrait_again(doc, ctx)
    _heading(doc, f"LAMPIRAN B\nDAFTAR DATA DUKUNG {ctx['periode']['judul'].upper()}", 1)
    rows = ctx["lampiran"]
    if rows:
        w.table("Daftar data dukung", ["No", "Judul", "Jenis", "Tanggal"],
                [[str(e["no"]), e["judul"], e["jenis"], e["tanggal"]] for e in rows], [0.9, 9.2, 3.0, 3.4],
                numeric=[0])
    else:
        w.text(f"Tidak ada data dukung bertanggal {ctx['periode']['mulai']} sampai {ctx['periode']['selesai']}.")
    method = ctx["metode"]
    _heading(doc, "LAMPIRAN C\nMETODE PENILAIAN", 1, page_break=True)
    text = (f"Penilaian mandiri memakai {method['judul']} berdasarkan {method['dasar']}. Setiap jawaban kriteria "
            "dikonversi menjadi nilai 0 sampai 1; nilai sub-area adalah rata-rata nilai kriterianya dikalikan bobot "
            "sub-area, nilai area adalah jumlah nilai sub-areanya, dan indeks adalah jumlah nilai seluruh komponen "
            f"(paling tinggi {method['total']}). Kriteria yang belum dijawab dihitung 0. Angka ditampilkan dengan dua "
            "desimal.")
    if method["catatan_sementara"]:
        text += " " + method["catatan_sementara"]
    w.text(text)
    w.table("Predikat indeks reformasi birokrasi", ["Predikat", "Indeks", "Keterangan"],
            [[g["predikat"], g["batas"], g["label"]] for g in method["predikat"]], [3.0, 4.0, 9.5])
    if ctx["kolofon"]:
        _para(doc, ctx["kolofon"], size=8)


def _outline(paragraphs: list[Paragraph]) -> list[tuple[int, str]]:
    """Headings 1-2, as the TOC field shows them before Word refreshes it."""
    out = []
    for paragraph in paragraphs:
        ppr = paragraph._p.pPr
        style = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else ""
        if style in ("Heading1", "Heading2") and paragraph.text.strip():
            out.append((int(style[-1]), " ".join(paragraph.text.split())))
    return out


def _body(w: Writer) -> None:
    _chapter_one(w)
    _chapter_two(w)
    _chapter_three(w)
    _chapter_four(w)
    _matrix(w)
    _appendices(w)


def render_docx(ctx: Ctx, when: dt.date | None = None) -> bytes:
    doc = Document()
    _setup(doc, ctx)
    w = Writer(doc, ctx)
    _cover(w)
    _front(w)
    marker = doc.add_paragraph()  # the contents pages go here once the body is written
    _body(w)
    paragraphs = doc.paragraphs
    after = next(i for i, p in enumerate(paragraphs) if p._p is marker._p)
    outline = [(1, "KATA PENGANTAR"), (1, "DAFTAR TABEL"), (1, "DAFTAR GAMBAR"), *_outline(paragraphs[after + 1:])]
    body = doc.element.body
    end = len(body) - 1  # the last child is the final section's properties
    _contents(w, outline, w.captions)
    for element in list(body)[end:-1]:  # written at the end: moved to the marker, in order
        marker._p.addprevious(element)
    body.remove(marker._p)
    _update_on_open(doc)
    props = doc.core_properties
    props.title = f"{ctx['judul']} {ctx['unit']['nama']} {ctx['periode']['judul']}"
    props.author = props.last_modified_by = ctx["unit"]["nama"]
    props.subject = ctx["organisasi"]
    props.keywords = "reformasi birokrasi"
    props.comments = ctx["provenans"]["teks"]  # provenance: in the properties, never on the pages
    props.category = "DRAF" if ctx["draf"] else ""
    props.revision = 1
    stamp = dt.datetime.combine(when or dt.date(ctx["tahun"], 1, 1), dt.time())
    props.created = props.modified = stamp
    props.last_printed = stamp
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
