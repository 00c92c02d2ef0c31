"""PDF from the report's HTML with WeasyPrint (optional: `pip install 'rbctl[pdf]'`).

The HTML can come from a workspace template, so WeasyPrint gets a URL fetcher that reads
nothing but inline `data:` URIs and files inside the package's templates or the workspace
(symlinks resolved): no network, no `/etc/passwd`. Attachments (`rel="attachment"`) are
not embedded at all.
"""

from __future__ import annotations

import logging
import re
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from rbctl.report.templating import PACKAGE_TEMPLATES

_ATTACHMENT = re.compile(r"""rel\s*=\s*(["']?)\s*attachment\s*\1""", re.I)


def allowed_file(url: str, roots: list[Path]) -> Path | None:
    """The local file a `file:` URL names, if it lies inside one of ``roots``."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    try:
        path = Path(unquote(parts.path)).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    return path if path.is_file() and any(path.is_relative_to(r.resolve()) for r in roots) else None


def _fetcher(roots: list[Path]) -> Any:
    from weasyprint.urls import URLFetcher

    class ContainedFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint has no type hints
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:") or allowed_file(url, roots) is not None:
                return super().fetch(url, headers)
            raise ValueError(f"sumber di luar ruang kerja tidak dimuat: {url[:80]}")

    return ContainedFetcher(timeout=1, allowed_protocols=("data", "file"), allow_redirects=False)


# Shared by every PDF of one run (many units): the fonts found and loaded once, and images
# decoded once (the logo on every cover). Both only grow with what the documents use.
_SHARED: dict[str, Any] = {}


def _shared() -> tuple[Any, dict[str, Any]]:
    if "fonts" not in _SHARED:
        from weasyprint.text.fonts import FontConfiguration

        _SHARED["fonts"], _SHARED["images"] = FontConfiguration(), {}
    return _SHARED["fonts"], _SHARED["images"]


def render_pdf(html: str, base: Path | None = None) -> bytes:
    """A4 PDF; the page rules (size, margins, "Halaman X dari Y", repeated table headers)
    are in the template's CSS. Raises ImportError/OSError when WeasyPrint is unusable."""
    with warnings.catch_warnings():  # a missing optional library is announced as a DeprecationWarning
        warnings.simplefilter("ignore")
        from weasyprint import HTML

    # WeasyPrint logs every CSS property it does not know (the screen-only rules) as a warning,
    # and every refused resource as an error: the report says what it left out itself.
    logging.getLogger("weasyprint").setLevel(logging.CRITICAL)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    roots = [PACKAGE_TEMPLATES, *([base] if base is not None else [])]
    fonts, images = _shared()
    html = _ATTACHMENT.sub('rel="x-dilewati"', html)

    def load(text: str) -> Any:
        return HTML(string=text, base_url=str(base) if base else None, url_fetcher=_fetcher(roots))

    options = {"uncompressed_pdf": False, "pdf_identifier": b"rbctl-report", "pdf_variant": None, "cache": images}

    def render(text: str) -> Any:
        return HTML(string=text, base_url=str(base) if base else None,
                    url_fetcher=_fetcher(roots)).render(font_config=fonts, **options)

    document = render(html)
    data: bytes = document.write_pdf(finisher=page_labels, **options)
    return data


def _restart(html: str, front_pages: int) -> str:
    """The page counter restarts on the first page after the cover and on the body's first page."""
    rule = (f"<style>@page :nth(2) {{ counter-reset: page 1; }} "
            f"@page :nth({front_pages + 1}) {{ counter-reset: page 1; }}</style></head>")
    return html.replace("</head>", rule, 1)


def _first_page(document: Any, anchor: str) -> int | None:
    return next((i for i, page in enumerate(document.pages) if anchor in page.anchors), None)


FRONT_ANCHOR, BODY_ANCHOR = "lembar-pengesahan", "bab-1"
BODY_MARK = '<section class="isi pertama">'  # where the default template's body (page 1) begins


def page_labels(document: Any, pdf: Any) -> None:
    """Page labels as the printed numbers: the cover "Sampul", front matter i, ii, ..., the body 1, 2, ...
    (a PDF reader then shows and jumps to the numbers printed on the pages)."""
    import pydyf  # type: ignore[import-untyped]  # WeasyPrint's PDF writer, no type hints

    front, body = _first_page(document, FRONT_ANCHOR), _first_page(document, BODY_ANCHOR)
    if front is None or body is None or not 0 < front < body:
        return  # a workspace template without this outline: no labels rather than wrong ones
    numbers = pydyf.Array([
        0, pydyf.Dictionary({"P": pydyf.String("Sampul")}),
        front, pydyf.Dictionary({"S": "/r", "St": 1}),
        body, pydyf.Dictionary({"S": "/D", "St": 1}),
    ])
    pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": numbers})
