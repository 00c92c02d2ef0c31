"""The per-unit store behind `validate`, `score --all` and `diff`: JSON in the user's cache folder.

Read back as untrusted input: parsed and shape-checked in one step by a strict pydantic
schema (in Rust), and anything unexpected means the cache is not used (a cold run).
Written so that a run which read one unit writes little:

- ``validate.json``: per unit folder, the key (fingerprint of its files), its problems and
  the facts the workspace-wide checks need (ids, parent, realised and due quarters), files and bytes.
  Entries read from it are written back as the checked models they were read into (no
  conversion), so rewriting it after one unit changed costs one serialisation in Rust.
- ``scores/<unit>.json``: per unit, the same key and its score inputs (`rbctl.scorefacts`),
  one file each: `validate` does not pay for them, and one changed unit rewrites one file.
- ``lines-<year>[-reviu].json``: per unit, the same key and what `score --all` shows of it
  (index, grade, component scores, area shares), so a ranking scores only changed units.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from rbctl.cachedir import write_file
from rbctl.checks import UnitFacts
from rbctl.problems import Problem, Severity
from rbctl.scorefacts import Summary

FORMAT: Literal[10] = 10
VALIDATE_FILE, SCORES_DIR = "validate.json", "scores"
LINES_FORMAT: Literal[1] = 1

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
    narratives: list[tuple[int, Literal["semester-1", "semester-2", "tahunan"], str]]  # year, period, section
    narratives_unread: bool


class _Entry(_Strict):
    key: str
    problems: list[tuple[str, int, int, str, str, str, Literal["error", "warning"]]]
    facts: _Facts
    files: int
    bytes: int


class _Memo(_Strict):
    """The workspace-wide checks' problems for one state of every unit (`digest`): a run where
    no unit changed needs neither the ids of every unit nor the checks over them."""

    digest: str
    problems: list[tuple[str, int, int, str, str, str, Literal["error", "warning"]]]


class _ValidateFile(_Strict):
    format: Literal[10]
    context: str
    units: dict[str, _Entry]
    workspace: _Memo | None = None


class _Info(_Strict):
    info: tuple[str, str, str, str | None, str | None]
    errors: dict[str, int]
    lke: dict[str, dict[str, Any]]


class _ScoresFile(_Strict):
    format: Literal[10]
    context: str
    key: str
    unit: _Info


Ratio = tuple[int, int]  # a Fraction as numerator, denominator


class _Line(_Strict):
    index: Ratio
    grade: str | None
    invalid: int
    components: list[tuple[str, Ratio]]
    areas: list[tuple[str, Ratio]]
    review_index: Ratio | None


class _Ranked(_Strict):
    key: str
    info: tuple[str, str, str, str | None, str | None]
    lke_errors: int
    other_errors: int
    missing: bool
    lke_checks: int
    line: _Line | None


class _LinesFile(_Strict):
    format: Literal[1]
    context: str
    units: dict[str, _Ranked]


_VALIDATE = TypeAdapter(_ValidateFile)
_LINES = TypeAdapter(_LinesFile)
_SCORES = TypeAdapter(_ScoresFile)
_ENTRY = TypeAdapter(_Entry)


@dataclass
class UnitResult:
    """One unit checked: its problems, facts for the workspace-wide checks, and score inputs
    (None when it came from a cache read without them)."""

    problems: list[Problem]
    facts: UnitFacts
    files: int
    bytes: int
    summary: Summary | None = None
    stored: Any = None  # the checked entry it was read from (written back as it is)
    ids_pending: bool = False  # facts.defined not unpacked from ``stored`` yet (see with_ids)


def with_ids(result: UnitResult) -> UnitFacts:
    """The unit's facts with the ids it defines, unpacked from its stored entry on first use
    (most of a stored entry, and needed only when the workspace-wide checks run)."""
    if result.ids_pending and isinstance(result.stored, _Entry):
        result.facts.defined = _unpack_defined(result.stored.facts)
        result.ids_pending = False
    return result.facts


Memo = tuple[str, list[Problem]]  # digest of every unit's key, the workspace-wide problems


Stored = dict[str, tuple[str, UnitResult]]  # unit folder -> (key of its files, result)


def _read(path: Path) -> bytes | None:
    try:
        if path.is_symlink():
            return None
        return path.read_bytes()
    except OSError:
        return None


def load(folder: Path | None, context: str, *, summaries: bool) -> tuple[Stored, Memo | None]:
    """Cached units by folder, and the stored workspace-wide problems; nothing for a missing,
    foreign or malformed cache."""
    if folder is None:
        return {}, None
    raw = _read(folder / VALIDATE_FILE)
    if raw is None:
        return {}, None
    try:
        saved = _VALIDATE.validate_json(raw)
    except (ValidationError, ValueError, RecursionError):
        return {}, None
    if saved.context != context:
        return {}, None
    try:
        stored = _entries(folder, saved, summaries=summaries)
    except KeyError:
        return {}, None
    memo = saved.workspace
    return stored, None if memo is None else (memo.digest, _problems(memo.problems))


def _problems(rows: Sequence[tuple[str, int, int, str, str, str, str]]) -> list[Problem]:
    return [Problem(p, line, col, rule, msg, hint, Severity(sev)) for p, line, col, rule, msg, hint, sev in rows]


def _entries(folder: Path, saved: _ValidateFile, *, summaries: bool) -> Stored:
    out: Stored = {}
    for name, entry in saved.units.items():
        hit = _result(folder, saved.context, name, entry, summaries=summaries)
        if hit is not None:
            out[name] = hit
    return out


def _result(folder: Path, context: str, name: str, entry: _Entry, *,
            summaries: bool) -> tuple[str, UnitResult] | None:
    summary: Summary | None = None
    if summaries:
        summary = _load_summary(folder, context, name, entry.key)
        if summary is None:
            return None  # no score inputs for this state of the unit: read it again
    if any(kind not in _DEFINED_AT and any(isinstance(where, int) for _id, where in items)
           for kind, _path, items in entry.facts.defined):
        raise KeyError(name)  # a bare item number of a kind that has none: a tampered store
    return (entry.key, UnitResult(_problems(entry.problems), _unpack(entry.facts), entry.files, entry.bytes, summary,
                                  entry, ids_pending=True))


@dataclass
class Scoped:
    """The store as a run over some units sees it: those units checked, every other entry kept
    as plain data, checked only if it turns out to matter (`other`), and written back as read."""

    folder: Path | None
    context: str
    mine: Stored
    others: dict[str, Any]

    def other(self, name: str) -> tuple[str, UnitResult] | None:
        """Another unit's entry, checked; None when it is malformed."""
        return _check(self.folder, self.context, name, self.others[name], summaries=False)

    def mentions(self, name: str, needles: set[str]) -> bool | None:
        """Whether another unit's stored facts name any of ``needles`` (its id, or an id it
        defines); None when the entry is malformed (read that unit the usual way)."""
        try:
            facts = self.others[name]["facts"]
            if facts["unit_id"] in needles or Path(name).name in needles:
                return True
            return any(item[0] in needles for _kind, _path, items in facts["defined"] for item in items)
        except (KeyError, TypeError, IndexError, ValueError):
            return None

    def unit_id(self, name: str) -> str | None:
        try:
            found = self.others[name]["facts"]["unit_id"]
        except (KeyError, TypeError):
            return None
        return found if isinstance(found, str) else None


def _check(folder: Path | None, context: str, name: str, raw: Any, *,
           summaries: bool) -> tuple[str, UnitResult] | None:
    """One stored entry, read as plain JSON, through the strict schema; None when malformed."""
    if folder is None:
        return None
    try:
        entry = _ENTRY.validate_json(json.dumps(raw))
        return _result(folder, context, name, entry, summaries=summaries)
    except (ValidationError, ValueError, KeyError, RecursionError, TypeError):
        return None


def load_scoped(folder: Path | None, context: str, wanted: set[str], *, summaries: bool) -> Scoped:
    """The store for a run over the unit folders named ``wanted``: only their entries are checked
    (a national store holds 553; checking them all is most of a warm run)."""
    empty = Scoped(folder, context, {}, {})
    raw = _read(folder / VALIDATE_FILE) if folder is not None else None
    if raw is None:
        return empty
    try:
        saved = json.loads(raw)
    except (ValueError, RecursionError):
        return empty
    if not (isinstance(saved, dict) and saved.get("format") == FORMAT and saved.get("context") == context
            and isinstance(saved.get("units"), dict)):
        return empty
    scoped = Scoped(folder, context, {}, {})
    for name, entry in saved["units"].items():
        if Path(name).name in wanted:
            hit = _check(folder, context, name, entry, summaries=summaries)
            if hit is not None:
                scoped.mine[name] = hit
        else:
            scoped.others[name] = entry
    return scoped


def _lines_path(folder: Path, year: int, reviewer: bool) -> Path:
    return folder / f"lines-{year}{'-reviu' if reviewer else ''}.json"


def load_lines(folder: Path | None, context: str, year: int, reviewer: bool) -> dict[str, dict[str, Any]]:
    """Stored ranking lines by unit folder, each a checked plain dict with its unit's key; {} for
    a missing, foreign or malformed file."""
    raw = _read(_lines_path(folder, year, reviewer)) if folder is not None else None
    try:
        saved = _LINES.validate_json(raw) if raw is not None else None
    except (ValidationError, ValueError, RecursionError):
        return {}
    if saved is None or saved.context != context:
        return {}
    return {name: entry.model_dump() for name, entry in saved.units.items()}


def save_lines(folder: Path | None, context: str, year: int, reviewer: bool, units: dict[str, dict[str, Any]]) -> None:
    """Write the ranking lines atomically (shape-checked first); a store that cannot be written is not used."""
    if folder is None or folder.is_symlink() or not folder.is_dir():
        return
    data = _LINES.dump_json(_LINES.validate_python({"format": LINES_FORMAT, "context": context, "units": units}))
    with contextlib.suppress(OSError):
        write_file(_lines_path(folder, year, reviewer), data)


def load_summary(folder: Path | None, context: str, unit_folder: str, key: str) -> Summary | None:
    """One unit's stored score inputs for the state ``key`` of its files; None when absent."""
    return _load_summary(folder, context, unit_folder, key) if folder is not None else None


def _scores_path(folder: Path, unit_folder: str) -> Path:
    return folder / SCORES_DIR / (hashlib.blake2b(unit_folder.encode(), digest_size=12).hexdigest() + ".json")


def _load_summary(folder: Path, context: str, unit_folder: str, key: str) -> Summary | None:
    raw = _read(_scores_path(folder, unit_folder))
    try:
        stored = _SCORES.validate_json(raw) if raw is not None else None
    except (ValidationError, ValueError, RecursionError):
        return None
    if stored is None or stored.context != context or stored.key != key:
        return None
    return {"info": list(stored.unit.info), "errors": stored.unit.errors, "lke": stored.unit.lke}


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
            "due": [[year, path, items] for (year, path), items in due.items()],
            "narratives": [list(n) for n in facts.narratives], "narratives_unread": facts.narratives_unread}


def _unpack_defined(facts: _Facts) -> list[tuple[str, str, str, tuple[str | int, ...]]]:
    """Raises KeyError on a bare item number of a kind that has none (a tampered store)."""
    return [(kind, item_id, path, (_DEFINED_AT[kind], where, "id") if isinstance(where, int) else tuple(where))
            for kind, path, items in facts.defined for item_id, where in items]


def _unpack(facts: _Facts) -> UnitFacts:
    """Everything but the ids a unit defines (see with_ids)."""
    realised = [(year, quarter, path,
                 ("rencana_aksi", where, "realisasi", f"tw{quarter}") if isinstance(where, int) else tuple(where))
                for year, path, items in facts.realised for quarter, where in items]
    due = [(year, quarter, activity, path,
            ("rencana_aksi", where, "target", f"tw{quarter}") if isinstance(where, int) else tuple(where))
           for year, path, items in facts.due for quarter, activity, where in items]
    parent = None if facts.parent is None else (facts.parent[0], facts.parent[1], tuple(facts.parent[2]))
    narratives: list[tuple[int, str, str]] = [(year, period, section) for year, period, section in facts.narratives]
    return UnitFacts(facts.folder, facts.unit_id, parent, [], realised, due, narratives, facts.narratives_unread)


def save(folder: Path | None, context: str, units: Stored, kept: dict[str, Any] | None = None,
         memo: Memo | None = None) -> None:
    """Write the store atomically; a store that cannot be written is simply not used. ``kept``:
    entries of other units as a scoped run read them, written back unchanged; ``memo``: the
    workspace-wide problems of a run over every unit."""
    if folder is None:
        return
    entries: dict[str, Any] = {}
    for name, (key, result) in units.items():
        if isinstance(result.stored, _Entry) and result.stored.key == key:
            entries[name] = result.stored
        else:
            entries[name] = _ENTRY.validate_json(json.dumps({
                "key": key, "files": result.files, "bytes": result.bytes, "facts": _pack(result.facts),
                "problems": [[p.path, p.line, p.column, p.rule, p.message, p.hint, str(p.severity)]
                             for p in result.problems]}, ensure_ascii=False))
    if kept:
        merged = {name: entry for name, entry in kept.items() if name not in entries}
        merged.update({name: _ENTRY.dump_python(entry, mode="json") for name, entry in entries.items()})
        data = json.dumps({"format": FORMAT, "context": context, "units": dict(sorted(merged.items()))},
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    else:
        rows: list[Any] = [(p.path, p.line, p.column, p.rule, p.message, p.hint, str(p.severity)) for p in memo[1]] \
            if memo is not None else []
        workspace = None if memo is None else _Memo.model_construct(digest=memo[0], problems=rows)
        data = _VALIDATE.dump_json(_ValidateFile.model_construct(format=FORMAT, context=context, units=entries,
                                                                 workspace=workspace))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if folder.is_symlink():
            return
        (folder / SCORES_DIR).mkdir(exist_ok=True)
        for name, (key, result) in units.items():
            if result.summary is not None and result.stored is None:  # read this run: new score inputs
                write_file(_scores_path(folder, name), json.dumps(
                    {"format": FORMAT, "context": context, "key": key, "unit": result.summary},
                    ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        write_file(folder / VALIDATE_FILE, data)
    except OSError:
        pass

