"""Where things are in a workspace, and the fingerprint of a unit's files: plain standard library.

Kept apart from the record models (`rbctl.workspace`) so that a run which needs only paths
and file states, such as a `validate` answered from the cache (`rbctl.recall`), does not
import pydantic's models, the YAML reader or the checks.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

CONFIG_NAME = "rbctl.yaml"
UNITS_DIR = "units"
UNIT_FILE = "unit.yaml"
PLANS_DIR = "rencana-aksi"
EVIDENCE_FILE = "data-dukung.yaml"
EVIDENCE_DIR = "data-dukung"
ANSWERS_DIR = "lke"
NARRATIVES_DIR = "narasi"
REPORTS_DIR = "laporan"  # where `rbctl report` writes by default

FileStat = tuple[str, int, int, int, int]  # path, mtime_ns, size, ctime_ns, inode


class WorkspaceNotFoundError(Exception):
    """No rbctl.yaml in the folder or any folder above it."""


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` that holds rbctl.yaml."""
    here = start.resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise WorkspaceNotFoundError(str(start))


def linked_unit_folders(root: Path) -> list[Path]:
    """Entries of units/ that are symbolic links to folders (not read as units)."""
    units = root / UNITS_DIR
    if not units.is_dir():
        return []
    return sorted(Path(e.path) for e in os.scandir(units) if e.is_symlink() and not e.name.startswith("."))


def unit_folders(root: Path) -> list[Path]:
    units = root / UNITS_DIR
    if not units.is_dir():
        return []
    # Sorted by name, then made paths: sorting 553 Path objects costs 25 ms, names 0.1 ms.
    return [units / name for name in sorted(entry.name for entry in os.scandir(units)
                                            if entry.is_dir(follow_symlinks=False) and not entry.name.startswith("."))]


def scan_stats(folder: Path) -> list[FileStat]:
    """(path, mtime, size, ctime, inode) of every file under a folder: the cache key of a unit.

    The change time and inode are there because tools that copy files keep their mtime
    (`cp -p`, `tar`, `rsync -t`): an edit with the old mtime restored still changes ctime.
    """
    out: list[FileStat] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames):
            full = os.path.join(dirpath, name)  # noqa: PTH118 - os.walk is the fast path here
            try:
                st = os.lstat(full)
            except OSError:
                continue
            out.append((full, st.st_mtime_ns, st.st_size, st.st_ctime_ns, st.st_ino))
    return out


def fingerprint(stats: list[FileStat]) -> str:
    """The key of a unit's files: changes whenever any file is added, removed or touched."""
    digest = hashlib.blake2b(digest_size=16)
    for path, mtime, size, ctime, inode in stats:
        digest.update(f"{path}\0{mtime}\0{size}\0{ctime}\0{inode}\n".encode())
    return digest.hexdigest()
