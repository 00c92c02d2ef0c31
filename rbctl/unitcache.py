"""The per-unit store behind `validate` and `score --all`: JSON files in the user's cache folder.

Read back as untrusted input: the whole file is parsed and shape-checked in one step by a
strict pydantic schema (in Rust: a national workspace's cache in a fraction of a second),
and anything unexpected means the cache is not used (a cold run). Two files, so that
`validate` does not pay for what only `score` needs:

- ``validate.json``: per unit folder, the key (fingerprint of its files), its problems, the
  facts the workspace-wide checks need (ids, parent, realised and due quarters), files and bytes;
- ``scores.json``: per unit folder, the same key and the unit's score inputs
  (`rbctl.scorefacts`).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from rbctl.checks import UnitFacts
from rbctl.problems import Problem, Severity
from rbctl.scorefacts import Summary

FORMAT = 7
VALIDATE_FILE, SCORES_FILE = "validate.json", "scores.json"

Loc = list[str | int]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


# Facts are stored grouped by file, with a position written as a bare item number when it has
# the usual shape (`rencana_aksi[3].id`): a national workspace's store is a third of the size,
# and reading it back (the strict check included) a third of the time.
Where = int | Loc


class _Facts(_Strict):
    folder: str
    unit_id: str | None
    parent: tuple[str, str, Loc] | None
    defined: list[tuple[str, str, list[tuple[str, Where]]]]  # kind, path, [(id, where)]
    realised: list[tuple[int, str, list[tuple[int, Where]]]]  # year, path, [(quarter, where)]
    due: list[tuple[int, str, list[tuple[int, str, Where]]]]  # year, path, [(quarter, activity, where)]


class _Entry(_Strict):
    key: str
    problems: list[tuple[str, int, int, str, str, str, Literal["error", "warning"]]]
    facts: _Facts
    files: int
    bytes: int


class _ValidateFile(_Strict):
    format: Literal[7]
    context: str
    units: dict[str, _Entry]


class _Info(_Strict):
    info: tuple[str, str, str, str | None, str | None]
    errors: dict[str, int]
    lke: dict[str, dict[str, Any]]


class _ScoresFile(_Strict):
    format: Literal[7]
    context: str
    units: dict[str, tuple[str, _Info]]


_VALIDATE = TypeAdapter(_ValidateFile)
_SCORES = TypeAdapter(_ScoresFile)


@dataclass
class UnitResult:
    """One unit checked: its problems, facts for the workspace-wide checks, and score inputs
    (None when it came from a cache read without them)."""

    problems: list[Problem]
    facts: UnitFacts
    files: int
    bytes: int
    summary: Summary | None = None


Stored = dict[str, tuple[str, UnitResult]]  # unit folder -> (key of its files, result)


def _read(path: Path) -> bytes | None:
    try:
        if path.is_symlink():
            return None
        return path.read_bytes()
    except OSError:
        return None


def load(folder: Path | None, context: str, *, summaries: bool) -> Stored:
    """Cached units by folder; {} for a missing, foreign or malformed cache."""
    if folder is None:
        return {}
    raw = _read(folder / VALIDATE_FILE)
    if raw is None:
        return {}
    try:
        saved = _VALIDATE.validate_json(raw)
    except (ValidationError, ValueError, RecursionError):
        return {}
    if saved.context != context:
        return {}
    scores = _load_scores(folder, context) if summaries else {}
    try:
        return _entries(saved, scores, summaries=summaries)
    except KeyError:
        return {}


def _entries(saved: _ValidateFile, scores: dict[str, tuple[str, _Info]], *, summaries: bool) -> Stored:
    out: Stored = {}
    for name, entry in saved.units.items():
        summary: Summary | None = None
        if summaries:
            stored = scores.get(name)
            if stored is None or stored[0] != entry.key:
                continue  # no score inputs for this state of the unit: read it again
            summary = {"info": list(stored[1].info), "errors": stored[1].errors, "lke": stored[1].lke}
        out[name] = (entry.key, UnitResult(
            [Problem(p, line, col, rule, msg, hint, Severity(sev)) for p, line, col, rule, msg, hint, sev in
             entry.problems],
            _unpack(entry.facts), entry.files, entry.bytes, summary))
    return out


_DEFINED_AT = {"data dukung": "data_dukung", "kegiatan": "rencana_aksi"}  # kind -> list key of `<key>[i].id`


def _pack(facts: UnitFacts) -> dict[str, Any]:
    defined: dict[tuple[str, str], list[list[Any]]] = {}
    for kind, item_id, path, loc in facts.defined:
        key = _DEFINED_AT.get(kind)
        usual = key is not None and len(loc) == 3 and loc[0] == key and isinstance(loc[1], int) and loc[2] == "id"
        short: Any = loc[1] if usual else list(loc)
        defined.setdefault((kind, path), []).append([item_id, short])
    realised: dict[tuple[int, str], list[list[Any]]] = {}
    for year, quarter, path, loc in facts.realised:
        usual = len(loc) == 4 and loc[0] == "rencana_aksi" and isinstance(loc[1], int) \
            and loc[2:] == ("realisasi", f"tw{quarter}")
        realised.setdefault((year, path), []).append([quarter, loc[1] if usual else list(loc)])
    due: dict[tuple[int, str], list[list[Any]]] = {}
    for year, quarter, activity, path, loc in facts.due:
        usual = len(loc) == 4 and loc[0] == "rencana_aksi" and isinstance(loc[1], int) \
            and loc[2:] == ("target", f"tw{quarter}")
        due.setdefault((year, path), []).append([quarter, activity, loc[1] if usual else list(loc)])
    return {"folder": facts.folder, "unit_id": facts.unit_id,
            "parent": None if facts.parent is None else [*facts.parent[:2], list(facts.parent[2])],
            "defined": [[kind, path, items] for (kind, path), items in defined.items()],
            "realised": [[year, path, items] for (year, path), items in realised.items()],
            "due": [[year, path, items] for (year, path), items in due.items()]}


def _unpack(facts: _Facts) -> UnitFacts:
    """Raises KeyError on a bare item number of a kind that has none (a tampered store)."""
    defined = [(kind, item_id, path, (_DEFINED_AT[kind], where, "id") if isinstance(where, int) else tuple(where))
               for kind, path, items in facts.defined for item_id, where in items]
    realised = [(year, quarter, path,
                 ("rencana_aksi", where, "realisasi", f"tw{quarter}") if isinstance(where, int) else tuple(where))
                for year, path, items in facts.realised for quarter, where in items]
    due = [(year, quarter, activity, path,
            ("rencana_aksi", where, "target", f"tw{quarter}") if isinstance(where, int) else tuple(where))
           for year, path, items in facts.due for quarter, activity, where in items]
    parent = None if facts.parent is None else (facts.parent[0], facts.parent[1], tuple(facts.parent[2]))
    return UnitFacts(facts.folder, facts.unit_id, parent, defined, realised, due)


def _load_scores(folder: Path, context: str) -> dict[str, tuple[str, _Info]]:
    raw = _read(folder / SCORES_FILE)
    try:
        loaded = _SCORES.validate_json(raw) if raw is not None else None
    except (ValidationError, ValueError, RecursionError):
        return {}
    return loaded.units if loaded is not None and loaded.context == context else {}


def save(folder: Path | None, context: str, units: Stored) -> None:
    """Write both files atomically; a cache that cannot be written is simply not used.

    Units read from the cache without their score inputs keep the ones already stored."""
    if folder is None:
        return
    kept = _load_scores(folder, context) if any(r.summary is None for _k, r in units.values()) else {}
    summaries: dict[str, list[Any]] = {}
    for name, (key, result) in units.items():
        if result.summary is not None:
            summaries[name] = [key, result.summary]
        elif name in kept and kept[name][0] == key:
            info = kept[name][1]
            summaries[name] = [key, {"info": list(info.info), "errors": info.errors, "lke": info.lke}]
    validate_data = {"format": FORMAT, "context": context, "units": {
        name: {"key": key,
               "problems": [[p.path, p.line, p.column, p.rule, p.message, p.hint, str(p.severity)]
                            for p in c.problems],
               "facts": _pack(c.facts),
               "files": c.files, "bytes": c.bytes}
        for name, (key, c) in units.items()}}
    scores_data = {"format": FORMAT, "context": context, "units": summaries}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if folder.is_symlink():
            return
        for name, data in ((SCORES_FILE, scores_data), (VALIDATE_FILE, validate_data)):
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
                Path(tmp).replace(folder / name)
            finally:
                Path(tmp).unlink(missing_ok=True)
    except OSError:
        pass
