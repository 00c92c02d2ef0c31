"""Markdown and HTML from the Jinja templates (the HTML is also the PDF's source)."""

from __future__ import annotations

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


def render_html(context: Ctx, workspace_root: Path | None) -> str:
    env = environment(workspace_root)
    rows = context["penilaian"].get("grafik", [])
    title = "Capaian per area perubahan"
    svg = Markup(chart.svg(rows, title)) if rows else Markup("")  # noqa: S704 - built by chart.svg, text escaped
    return render(env, HTML_TEMPLATE, {**context, "grafik_svg": svg})
