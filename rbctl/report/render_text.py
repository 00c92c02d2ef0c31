"""Markdown and HTML from the Jinja templates (the HTML is also the PDF's source)."""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup

from rbctl.report import chart
from rbctl.report.context import Ctx
from rbctl.report.templating import environment, render

MD_TEMPLATE = "laporan.md.j2"
HTML_TEMPLATE = "laporan.html.j2"


def text_bar(value: float, width: int = 20) -> str:
    """A bar of block characters for the Markdown chart: value 0-100."""
    filled = round(max(0.0, min(value, 100.0)) / 100 * width)
    return "█" * filled + "░" * (width - filled)


def render_md(context: Ctx, workspace_root: Path | None) -> str:
    env = environment(workspace_root)
    return render(env, MD_TEMPLATE, {**context, "bar": text_bar})


def render_rekap(context: Ctx, workspace_root: Path | None, template: str) -> str:
    """The consolidated report of a province (`--rekap`) from its own template."""
    text = render(environment(workspace_root), template, context)
    return strip_remote(text) if template.endswith(".html.j2") else text


def render_html(context: Ctx, workspace_root: Path | None) -> str:
    env = environment(workspace_root)
    rows = context["penilaian"].get("grafik", [])
    title = "Capaian per area perubahan"
    svg = Markup(chart.svg(rows, title)) if rows else Markup("")  # noqa: S704 - built by chart.svg, text escaped
    return strip_remote(with_contents(render(env, HTML_TEMPLATE, {**context, "grafik_svg": svg})))


_HEADING = re.compile(r'<h([23])\b[^>]*?\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_CAPTION = re.compile(r'<(caption|figcaption)\b[^>]*?\bid="([^"]+)"[^>]*>(.*?)</\1>', re.S)
_TAG = re.compile(r"<[^>]+>")
_FRONT = ("kata-pengantar", "daftar-tabel", "daftar-gambar", "catatan-draf")


def _text(fragment: str) -> str:
    return " ".join(_TAG.sub(" ", fragment.replace("<br>", " ")).split())


def _list(entries: list[tuple[str, str, str]], empty: str) -> str:
    if not entries:
        return f"<p>{empty}</p>"
    items = "".join(f'<li class="{cls}"><a href="#{ref}">{text}</a></li>' for ref, text, cls in entries)
    return f'<ol class="toc">{items}</ol>'


def with_contents(html: str) -> str:
    """Fill the daftar isi, tabel and gambar from the document's own headings and captions
    (each links to its target; in the PDF with its page number)."""
    contents = []
    for level, ref, inner in _HEADING.findall(html):
        if ref in _FRONT:
            contents.append((ref, _text(inner), "depan-item"))
        elif not ref.startswith(("lembar-", "daftar-isi")):
            contents.append((ref, _text(inner), f"l{level}"))
    tables = [(ref, _text(inner), "l2") for tag, ref, inner in _CAPTION.findall(html) if tag == "caption"]
    figures = [(ref, _text(inner), "l2") for tag, ref, inner in _CAPTION.findall(html) if tag == "figcaption"]
    html = html.replace("<!-- daftar-isi -->", _list(contents, "-"), 1)
    html = html.replace("<!-- daftar-tabel -->", _list(tables, "Tidak ada tabel."), 1)
    return html.replace("<!-- daftar-gambar -->", _list(figures, "Tidak ada gambar."), 1)


# What a browser would load by itself from elsewhere: resources of img/link/script/... and CSS
# url()/@import. Ordinary hyperlinks (<a href>) are left: nothing is fetched until clicked.
_REMOTE_ATTR = re.compile(
    r"""(<(?:img|link|script|iframe|source|video|audio|object|embed|track|input|image|use)\b[^>]*?\b"""
    r"""(?:src|href|srcset|data|poster|xlink:href)\s*=\s*)(["']?)\s*(?!data:)(?:[a-z][a-z0-9+.-]*:|//)[^"'\s>]*\2""",
    re.I)
_REMOTE_CSS = re.compile(r"""(url\(\s*["']?|@import\s+["'])\s*(?:https?:|ftp:|file:|//)[^"')\s]*""", re.I)


def strip_remote(html: str) -> str:
    """The HTML report references nothing outside itself, whatever a workspace template writes."""
    html = _REMOTE_ATTR.sub(lambda m: f'{m.group(1)}{m.group(2) or chr(34)}#dilewati{m.group(2) or chr(34)}', html)
    return _REMOTE_CSS.sub(lambda m: f"{m.group(1)}#dilewati", html)
