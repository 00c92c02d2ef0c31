"""Images in narratives: only files inside the workspace, embedded; never a URL or an outside file.

A narrative is Markdown that anyone with write access can change, and the PDF renderer
would fetch whatever an image names (`http://127.0.0.1:PORT/...`, `../../../outside.png`).
So every image reference is classified once, by the same rule for `validate` (a located
problem) and for the report (an allowed image is embedded as a `data:` URI, any other is
replaced by a visible note). The rule: a relative path, without `..` leaving the workspace
after symlinks are resolved, to an existing PNG, JPEG or GIF file of at most 5 MB.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

_INLINE = re.compile(r"!\[(?P<alt>[^\]\n]*)\]\(\s*(?P<src><[^>\n]*>|[^)\s]*)"
                     r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?\s*\)")
_HTML_IMG = re.compile(r"<img\b[^>\n]*>", re.I)
_SRC_ATTR = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_REF_USE = re.compile(r"!\[(?P<alt>[^\]\n]*)\](?:\[(?P<ref>[^\]\n]*)\])?")
_REF_DEF = re.compile(r"^ {0,3}\[(?P<ref>[^\]\n]+)\]:\s*(?P<src><[^>\n]*>|\S+)(?P<rest>.*)$", re.M)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//")
_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif"}
MAX_BYTES = 5_000_000


@dataclass(frozen=True)
class ImageRef:
    start: int  # index in the body of the whole reference (`![..](..)`, `<img ..>`, `[ref]: ..`)
    end: int
    alt: str
    src: str


def references(body: str) -> Iterator[ImageRef]:
    """Every image a Markdown body would load: inline, raw `<img>`, and reference definitions used by an image."""
    for match in _INLINE.finditer(body):
        yield ImageRef(match.start(), match.end(), match["alt"], match["src"].strip("<>"))
    for match in _HTML_IMG.finditer(body):
        src = _SRC_ATTR.search(match.group(0))
        value = next((g for g in src.groups() if g is not None), "") if src else ""
        yield ImageRef(match.start(), match.end(), "", value)
    used = {(m["ref"] or m["alt"]).strip().lower() for m in _REF_USE.finditer(body)
            if not body.startswith("(", m.end())}
    for match in _REF_DEF.finditer(body):
        if match["ref"].strip().lower() in used:
            yield ImageRef(match.start(), match.end(), match["ref"], match["src"].strip("<>"))


def classify(src: str, base: Path, root: Path) -> tuple[Path | None, str]:
    """The file an image names and "" when it may be embedded; else None and why not (in Indonesian)."""
    if _SCHEME.match(src):
        return None, "alamat internet atau skema lain (hanya berkas di dalam ruang kerja)"
    pure = PurePosixPath(src.replace("\\", "/"))
    if not src or pure.is_absolute():
        return None, "path absolut atau kosong (tulis path relatif terhadap berkas narasi)"
    try:
        path = (base / pure).resolve()
    except (OSError, RuntimeError):
        return None, "berkas tidak ditemukan"
    if not path.is_relative_to(root.resolve()):
        return None, "berkas di luar ruang kerja"
    if not path.exists():
        return None, "berkas tidak ditemukan"
    if path.suffix.lower() not in _TYPES or not path.is_file():
        return None, "bukan berkas gambar PNG, JPEG atau GIF"
    if path.stat().st_size > MAX_BYTES:
        return None, "gambar lebih dari 5 MB"
    return path, ""


def embed(body: str, base: Path, root: Path) -> str:
    """The body with allowed images as `data:` URIs and every other one replaced by a visible note."""
    out, last = [], 0
    for ref in sorted(references(body), key=lambda r: r.start):
        if ref.start < last:
            continue
        path, why = classify(ref.src, base, root)
        out.append(body[last:ref.start])
        original = body[ref.start:ref.end]
        if path is None:
            label = f" {ref.alt}" if ref.alt and not original.startswith("[") else ""
            note = f"*[gambar{label} tidak dimuat: {why}]*"
            out.append(f"[{ref.alt}]: #gambar-tidak-dimuat" if original.lstrip().startswith("[") else note)
        else:
            uri = f"data:{_TYPES[path.suffix.lower()]};base64,{base64.b64encode(path.read_bytes()).decode()}"
            out.append(original.replace(ref.src, uri, 1))
        last = ref.end
    out.append(body[last:])
    return "".join(out)
