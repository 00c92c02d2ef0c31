"""What `rbctl fmt` already knows is canonical: content hashes, remembered between runs.

Round-trip formatting is slow (ruamel reads about 0.15 MB/s), and on a tree where nothing
needs formatting every file would be formatted only to find it unchanged. A file whose
exact bytes were canonical before (same rbctl version, same kind of record) is canonical
now, so `fmt --check` reads it, hashes it and moves on. The memo is data only (a JSON list
of hex digests), lives in the user's cache folder, and is treated as untrusted: anything
of the wrong shape is ignored. At worst a poisoned memo makes `fmt --check` pass a file
that `fmt` would reformat; it never changes a file.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from rbctl import __version__

_NAME = "fmt-canonical.json"
_LIMIT = 200_000  # digests kept; a national tree has about 6,000 record files


def digest(data: bytes, kind: str | None, markdown: bool) -> str:
    """The memo key of one file's exact bytes, read as this kind of record."""
    head = f"{__version__}\0{kind or ''}\0{int(markdown)}\0".encode()
    return hashlib.blake2b(head + data, digest_size=16).hexdigest()


def load(folder: Path | None) -> set[str]:
    if folder is None:
        return set()
    try:
        saved = json.loads((folder / _NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    if not isinstance(saved, list):
        return set()
    return {d for d in saved if isinstance(d, str) and len(d) == 32}


def save(folder: Path | None, digests: set[str]) -> None:
    """Write atomically; a memo that cannot be written is simply not used."""
    if folder is None or folder.is_symlink():
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(sorted(digests)[:_LIMIT], handle)
        Path(tmp).replace(folder / _NAME)
    except OSError:
        pass



def folder_for(root: Path) -> Path | None:
    """This workspace's cache folder (see `rbctl.cachedir`), or None where none may be used."""
    from rbctl.cachedir import cache_folder

    return cache_folder(root).path
