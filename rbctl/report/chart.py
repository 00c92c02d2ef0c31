"""The bar chart of the change areas: SVG (HTML, PDF) and PNG (Word).

Both are drawn from the same layout so the documents agree. The PNG uses Pillow and its
built-in font (no system fonts: the picture is the same on every machine).
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from rbctl.report.context import Ctx

LABEL_CHARS = 30  # wrap width of an area name
BAR_COLOUR = "#2f5d8a"
GRID_COLOUR = "#c8c8c8"
TEXT_COLOUR = "#1a1a1a"


@dataclass(frozen=True)
class Layout:
    width: int = 640
    label_width: int = 230
    value_width: int = 20
    row: int = 34
    top: int = 10
    axis: int = 26
    font: int = 12

    @property
    def plot_left(self) -> int:
        return self.label_width

    @property
    def plot_width(self) -> int:
        return self.width - self.label_width - self.value_width

    def height(self, rows: int) -> int:
        return self.top + rows * self.row + self.axis


def _lines(label: str) -> list[str]:
    lines = textwrap.wrap(label, LABEL_CHARS) or [label]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), LABEL_CHARS, placeholder="…")]
    return lines


def _bar_length(value: float, layout: Layout) -> float:
    return max(0.0, min(value, 100.0)) / 100.0 * layout.plot_width


def _inside(bar: float, layout: Layout) -> bool:
    """The value is written inside long bars (white on the bar), outside short ones."""
    return bar > 0.3 * layout.plot_width


def svg(rows: Sequence[Ctx], title: str, layout: Layout | None = None) -> str:
    """An SVG horizontal bar chart: one bar per row (``label``, ``nilai`` 0-100, ``persen`` text)."""
    lay = layout or Layout()
    height = lay.height(len(rows))
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {lay.width} {height}" width="{lay.width}" '
        f'height="{height}" role="img" aria-label="{escape(title)}" font-family="sans-serif" '
        f'font-size="{lay.font}">',
        f"<title>{escape(title)}</title>",
    ]
    bottom = lay.top + len(rows) * lay.row
    for tick in (0, 25, 50, 75, 100):
        x = lay.plot_left + tick / 100 * lay.plot_width
        out.append(f'<line x1="{x:.1f}" y1="{lay.top}" x2="{x:.1f}" y2="{bottom}" stroke="{GRID_COLOUR}" '
                   'stroke-width="1"/>')
        out.append(f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="middle" fill="{TEXT_COLOUR}">{tick}</text>')
    for i, row in enumerate(rows):
        y = lay.top + i * lay.row
        bar = _bar_length(float(row["nilai"]), lay)
        out.append(f'<rect x="{lay.plot_left}" y="{y + 7}" width="{bar:.1f}" height="{lay.row - 14}" '
                   f'fill="{BAR_COLOUR}"/>')
        lines = _lines(str(row["label"]))
        first = y + lay.row / 2 + 4 - (len(lines) - 1) * 7
        for j, line in enumerate(lines):
            out.append(f'<text x="{lay.plot_left - 8}" y="{first + j * 14:.1f}" text-anchor="end" '
                       f'fill="{TEXT_COLOUR}">{escape(line)}</text>')
        inside = _inside(bar, lay)
        x = lay.plot_left + bar - 6 if inside else lay.plot_left + bar + 6
        out.append(f'<text x="{x:.1f}" y="{y + lay.row / 2 + 4:.1f}" text-anchor="{"end" if inside else "start"}" '
                   f'fill="{"white" if inside else TEXT_COLOUR}">{escape(str(row["persen"]))}</text>')
    out.append(f'<line x1="{lay.plot_left}" y1="{lay.top}" x2="{lay.plot_left}" y2="{bottom}" '
               f'stroke="{TEXT_COLOUR}" stroke-width="1"/>')
    out.append("</svg>")
    return "\n".join(out)


def png(rows: Sequence[Ctx], scale: int = 3, layout: Layout | None = None) -> bytes:
    """The same chart as a PNG (``scale`` times the SVG's pixel size, for print)."""
    from PIL import Image, ImageDraw, ImageFont

    lay = layout or Layout()
    width, height = lay.width * scale, lay.height(len(rows)) * scale
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=lay.font * scale)
    bottom = (lay.top + len(rows) * lay.row) * scale
    left = lay.plot_left * scale
    for tick in (0, 25, 50, 75, 100):
        x = round((lay.plot_left + tick / 100 * lay.plot_width) * scale)
        draw.line([(x, lay.top * scale), (x, bottom)], fill=GRID_COLOUR, width=scale)
        draw.text((x, bottom + 10 * scale), str(tick), fill=TEXT_COLOUR, font=font, anchor="mm")
    for i, row in enumerate(rows):
        y = (lay.top + i * lay.row) * scale
        bar = round(_bar_length(float(row["nilai"]), lay) * scale)
        if bar > 0:
            draw.rectangle([left, y + 7 * scale, left + bar, y + (lay.row - 7) * scale], fill=BAR_COLOUR)
        lines = _lines(str(row["label"]))
        middle = y + lay.row * scale / 2
        first = middle - (len(lines) - 1) * 7 * scale
        for j, line in enumerate(lines):
            draw.text((left - 8 * scale, first + j * 14 * scale), line, fill=TEXT_COLOUR, font=font, anchor="rm")
        if _inside(bar / scale, lay):
            draw.text((left + bar - 6 * scale, middle), str(row["persen"]), fill="white", font=font, anchor="rm")
        else:
            draw.text((left + bar + 6 * scale, middle), str(row["persen"]), fill=TEXT_COLOUR, font=font, anchor="lm")
    draw.line([(left, lay.top * scale), (left, bottom)], fill=TEXT_COLOUR, width=scale)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=3)  # `optimize` tries every filter: 0.3 s for 2% smaller
    return buffer.getvalue()
