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
    document = HTML(string=_ATTACHMENT.sub('rel="x-dilewati"', html), base_url=str(base) if base else None,
                    url_fetcher=_fetcher(roots))
    fonts, images = _shared()
    data: bytes = document.write_pdf(uncompressed_pdf=False, pdf_identifier=b"rbctl-report", pdf_variant=None,
                                     font_config=fonts, cache=images)
    return data
