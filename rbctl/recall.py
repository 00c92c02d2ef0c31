"""The answer of the last whole-workspace `validate`, given again when nothing it depends on changed.

A warm `validate` of a national workspace found every unit unchanged and still spent most of
its time importing the checks and reading the per-unit store (`rbctl.unitcache`), only to
print the problems of the run before. This file holds that run's answer, the list of
problems, keyed by everything the answer depends on:

- rbctl's version and the language of the messages;
- the workspace's resolved path, the bytes of rbctl.yaml and of the rubric file it names;
- the report date (`--as-of`: overdue quarters and missing narratives depend on it);
- the unit folders, the ones that are symbolic links, and the key of every unit's files
  (path, size, mtime, ctime and inode of each, as the store keys them).

Reading it needs only the standard library: no pydantic model, YAML reader or check is
imported when the answer is recalled. It lives beside the store, in the user's cache folder,
and is read as untrusted data: every field is checked for type, and anything unexpected
means the full run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rbctl import __version__
from rbctl.cachedir import write_file
from rbctl.layout import CONFIG_NAME, fingerprint, linked_unit_folders, scan_stats, unit_folders
from rbctl.messages import lang
from rbctl.problems import Problem, Severity

ANSWER_FILE = "answer.json"
FORMAT = 1


@dataclass(frozen=True)
class Recalled:
    """What `validate` prints: the problems and the number of files checked."""

    problems: list[Problem]
    files: int


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _read_digest(path: Path) -> str | None:
    try:
        return digest(path.read_bytes())
    except OSError:
        return None


def _head(root: Path, as_of: dt.date, rubric: Path) -> dict[str, Any] | None:
    """What the answer depends on besides the units' files; None when a file cannot be read."""
    config, rubric_digest = _read_digest(root / CONFIG_NAME), _read_digest(rubric)
    if config is None or rubric_digest is None:
        return None
    return {"format": FORMAT, "version": __version__, "lang": lang(), "root": str(root.resolve()),
            "as_of": as_of.isoformat(), "config": config, "rubric": [str(rubric), rubric_digest],
            "linked": [str(p) for p in linked_unit_folders(root)]}


def remember(folder: Path | None, root: Path, as_of: dt.date, rubric: Path | None, keys: dict[str, str],
             problems: list[Problem], files: int) -> None:
    """Store the answer of a whole-workspace run (``keys``: unit folder -> key of its files)."""
    if folder is None or rubric is None or folder.is_symlink() or not folder.is_dir():
        return
    head = _head(root, as_of, rubric)
    if head is None:
        return
    data = json.dumps({**head, "units": keys, "files": files,
                       "problems": [[p.path, p.line, p.column, p.rule, p.message, p.hint, str(p.severity)]
                                    for p in problems]}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    path = folder / ANSWER_FILE
    with contextlib.suppress(OSError):
        if path.is_symlink() or (path.is_file() and path.read_bytes() == data):
            return
        write_file(path, data)


def recall(folder: Path | None, root: Path, as_of: dt.date) -> Recalled | None:
    """The stored answer when nothing it depends on changed; None otherwise (run the checks)."""
    if folder is None:
        return None
    path = folder / ANSWER_FILE
    try:
        if path.is_symlink():
            return None
        saved = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(saved, dict) or not _valid(saved):
        return None
    rubric = Path(saved["rubric"][0])
    if not _rubric_place(rubric, root):
        return None
    head = _head(root, as_of, rubric)
    if head is None or any(saved[name] != value for name, value in head.items()):
        return None
    keys: dict[str, str] = saved["units"]
    folders = [str(f) for f in unit_folders(root)]
    if len(folders) != len(keys) or any(keys.get(name) != fingerprint(scan_stats(Path(name))) for name in folders):
        return None
    return Recalled([Problem(p, line, col, rule, msg, hint, Severity(sev))
                     for p, line, col, rule, msg, hint, sev in saved["problems"]], saved["files"])


def _rubric_place(path: Path, root: Path) -> bool:
    """Whether a stored rubric path is one rbctl itself reads: a regular file in the workspace or
    among the built-in rubrics. A tampered file naming `/dev/zero` or a pipe must not be read."""
    try:
        full = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return False
    package = Path(__file__).resolve().parent
    return full.is_file() and (full.is_relative_to(root.resolve()) or full.is_relative_to(package))


_FIELDS: dict[str, type] = {"format": int, "version": str, "lang": str, "root": str, "as_of": str, "config": str,
                            "rubric": list, "linked": list, "units": dict, "files": int, "problems": list}
_ROW = (str, int, int, str, str, str, str)


def _valid(saved: dict[str, Any]) -> bool:
    """Every field of the right type (the file is read as untrusted data)."""
    if set(saved) != set(_FIELDS) or any(type(saved[k]) is not kind for k, kind in _FIELDS.items()):
        return False
    rubric, units, rows = saved["rubric"], saved["units"], saved["problems"]
    return (len(rubric) == 2 and all(isinstance(x, str) for x in rubric)
            and all(isinstance(x, str) for x in saved["linked"])
            and all(isinstance(k, str) and isinstance(v, str) for k, v in units.items())
            and all(isinstance(row, list) and len(row) == len(_ROW)
                    and all(type(x) is kind for x, kind in zip(row, _ROW, strict=True))
                    and row[6] in ("error", "warning") for row in rows))
