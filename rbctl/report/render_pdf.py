"""PDF from the report's HTML with WeasyPrint (optional: `pip install 'rbctl[pdf]'`)."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path


def render_pdf(html: str, base: Path | None = None) -> bytes:
    """A4 PDF; the page rules (size, margins, "Halaman X dari Y", repeated table headers)
    are in the template's CSS. Raises ImportError/OSError when WeasyPrint is unusable."""
    with warnings.catch_warnings():  # a missing optional library is announced as a DeprecationWarning
        warnings.simplefilter("ignore")
        from weasyprint import HTML

    # WeasyPrint logs every CSS property it does not know (the screen-only rules) as a warning.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    document = HTML(string=html, base_url=str(base) if base else None)
    data: bytes = document.write_pdf(uncompressed_pdf=False, pdf_identifier=b"rbctl-report", pdf_variant=None)
    return data
