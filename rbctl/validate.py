"""`rbctl validate` as a plain function: every problem of a workspace in one run.

Speed (see benchmarks/): a unit is the unit of work. Each unit's files are read and
checked on their own, in two processes when many units need it, and the result is cached
in the user's cache folder (`rbctl.cachedir`: never inside the workspace, data only, checked
for shape when read back) keyed by the path, size, mtime, ctime and inode of every file in
the unit folder, so a re-run only reads the units that changed. Workspace-wide checks
(unique ids, parent units) run every time over small per-unit facts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from rbctl import __version__
from rbctl.cachedir import cache_folder
from rbctl.checks import FileStat, UnitFacts, check_unit, check_workspace, scan_stats
from rbctl.problems import Problem, Severity
from rbctl.rubric import Rubric
from rbctl.rubricref import load_rubric_for
from rbctl.rules import severity_of
from rbctl.workspace import (
    ANSWERS_DIR,
    CONFIG_NAME,
    EVIDENCE_DIR,
    EVIDENCE_FILE,
    NARRATIVES_DIR,
    PLANS_DIR,
    UNIT_FILE,
    UNITS_DIR,
    linked_records,
    linked_unit_folders,
    load_config,
    load_unit,
    unit_folders,
)
from rbctl.yamlload import Document, Loc, load_document

CACHE_DIR = ".rbctl-cache"  # the old in-workspace cache: never read any more, still git-ignored by `init`
_CACHE_FILE = "validate.json"
_CACHE_FORMAT = 2
_PARALLEL_FROM = 16  # fewer stale units than this are faster in one process


@dataclass
class UnitResult:
    problems: list[Problem]
    facts: UnitFacts
    files: int
    bytes: int


@dataclass
class ValidationResult:
    root: Path
    problems: list[Problem]
    files: int = 0
    bytes: int = 0
    units: int = 0
    units_read: int = 0  # units read this run (the others came from the cache)
    notes: list[str] = field(default_factory=list)  # said on stderr: e.g. why no cache was used
    extra: dict[str, object] = field(default_factory=dict)


def _fingerprint(stats: list[FileStat]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for path, mtime, size, ctime, inode in stats:
        digest.update(f"{path}\0{mtime}\0{size}\0{ctime}\0{inode}\n".encode())
    return digest.hexdigest()


def _misplaced(root: Path, folder: Path, stats: list[FileStat], read: set[str]) -> list[Problem]:
    """YAML files in a unit folder that no rule reads: likely a misspelt folder or name."""
    out = []
    for full, *_rest in stats:
        path = Path(full)
        rel_unit = path.relative_to(folder).parts
        if path.suffix not in (".yaml", ".yml") or rel_unit[0] == EVIDENCE_DIR:
            continue
        rel = path.relative_to(root).as_posix()
        if rel not in read:
            places = f"`{UNIT_FILE}`, `{EVIDENCE_FILE}`, `{PLANS_DIR}/`, `{ANSWERS_DIR}/`, `{NARRATIVES_DIR}/`"
            out.append(Problem(rel, 1, 1, "file-misplaced", "Berkas ini tidak dibaca rbctl karena letaknya.",
                               f"Catatan unit ada di {places}; pindahkan atau ganti nama berkasnya.",
                               severity_of("file-misplaced")))
    return out


def _links(root: Path, paths: list[Path], rule: str, message: str, hint: str) -> list[Problem]:
    return [Problem(path.relative_to(root).as_posix(), 1, 1, rule, message, hint, severity_of(rule)) for path in paths]


def _check_one(root: Path, folder: Path, rubric: Rubric | None, as_of: dt.date,
               stats: list[FileStat]) -> UnitResult:
    unit = load_unit(root, folder)
    problems, facts = check_unit(unit, rubric, as_of)
    read = set(unit.files)
    links = _links(root, linked_records(folder), "record-symlink",
                   "Berkas atau folder catatan ini adalah tautan simbolik; rbctl tidak membacanya.",
                   "Ganti tautan dengan berkas atau folder biasa di dalam ruang kerja.")
    problems = unit.problems + problems + links + _misplaced(root, folder, stats, read)
    size = sum(st[2] for st in stats if Path(st[0]).relative_to(root).as_posix() in read)
    return UnitResult(sorted(problems), facts, len(unit.files), size)


# Worker state: set once per process, so the rubric is not pickled for every unit.
_WORKER: dict[str, object] = {}


def _init_worker(root: Path, rubric: Rubric | None, as_of: dt.date) -> None:
    _WORKER.update(root=root, rubric=rubric, as_of=as_of)


def _job(args: tuple[str, list[FileStat]]) -> UnitResult:
    folder, stats = args
    root = _WORKER["root"]
    rubric = _WORKER["rubric"]
    as_of = _WORKER["as_of"]
    assert isinstance(root, Path)
    assert isinstance(as_of, dt.date)
    assert rubric is None or isinstance(rubric, Rubric)
    return _check_one(root, Path(folder), rubric, as_of, stats)


# --- the cache: JSON, read back as untrusted input ----------------------------------------


def _loc(value: object) -> tuple[str | int, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str | int) and not isinstance(v, bool) for v in value):
        raise ValueError("loc")
    return tuple(value)


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("text")
    return value


def _count(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError("count")
    return value


def _problem_from(item: object) -> Problem:
    if not isinstance(item, list) or len(item) != 7:
        raise ValueError("problem")
    path, line, column, rule, message, hint, severity = item
    return Problem(_text(path), _count(line), _count(column), _text(rule), _text(message), _text(hint),
                   Severity(_text(severity)))


def _facts_from(data: object) -> UnitFacts:
    if not isinstance(data, dict) or set(data) != {"folder", "unit_id", "parent", "defined"}:
        raise ValueError("facts")
    parent = data["parent"]
    if parent is not None:
        if not isinstance(parent, list) or len(parent) != 3:
            raise ValueError("parent")
        parent = (_text(parent[0]), _text(parent[1]), _loc(parent[2]))
    defined = data["defined"]
    if not isinstance(defined, list):
        raise ValueError("defined")
    items = []
    for item in defined:
        if not isinstance(item, list) or len(item) != 4:
            raise ValueError("defined item")
        items.append((_text(item[0]), _text(item[1]), _text(item[2]), _loc(item[3])))
    unit_id = data["unit_id"]
    return UnitFacts(_text(data["folder"]), None if unit_id is None else _text(unit_id), parent, items)


def _result_from(entry: object) -> tuple[str, UnitResult]:
    """One cached unit, or ValueError for anything not of the shape this version writes."""
    if not isinstance(entry, dict) or set(entry) != {"key", "problems", "facts", "files", "bytes"}:
        raise ValueError("entry")
    problems = entry["problems"]
    if not isinstance(problems, list):
        raise ValueError("problems")
    result = UnitResult([_problem_from(p) for p in problems], _facts_from(entry["facts"]),
                        _count(entry["files"]), _count(entry["bytes"]))
    return _text(entry["key"]), result


def _entry_of(key: str, result: UnitResult) -> dict[str, object]:
    facts = result.facts
    return {
        "key": key,
        "problems": [[p.path, p.line, p.column, p.rule, p.message, p.hint, str(p.severity)] for p in result.problems],
        "facts": {"folder": facts.folder, "unit_id": facts.unit_id,
                  "parent": None if facts.parent is None else [facts.parent[0], facts.parent[1], list(facts.parent[2])],
                  "defined": [[a, b, c, list(loc)] for a, b, c, loc in facts.defined]},
        "files": result.files,
        "bytes": result.bytes,
    }


def _load_cache(path: Path | None, context: str) -> dict[str, tuple[str, UnitResult]]:
    """Cached units by folder; a file or entry of any other shape is simply not used."""
    if path is None:
        return {}
    try:
        if path.is_symlink():
            return {}
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(saved, dict) or saved.get("format") != _CACHE_FORMAT or saved.get("context") != context:
        return {}
    units = saved.get("units")
    if not isinstance(units, dict):
        return {}
    out: dict[str, tuple[str, UnitResult]] = {}
    for folder, entry in units.items():
        try:
            out[folder] = _result_from(entry)
        except (ValueError, TypeError):
            continue
    return out


def _save_cache(path: Path | None, context: str, units: dict[str, tuple[str, UnitResult]]) -> None:
    """Write atomically; a cache that cannot be written is simply not used."""
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.parent.is_symlink():
            return
        data = {"format": _CACHE_FORMAT, "context": context,
                "units": {folder: _entry_of(key, result) for folder, (key, result) in units.items()}}
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
            Path(tmp).replace(path)
        finally:
            Path(tmp).unlink(missing_ok=True)
    except OSError:
        pass


def _context_key(root: Path, rubric_key: str, as_of: dt.date) -> str:
    config = root / CONFIG_NAME
    try:
        config_bytes = config.read_bytes()
    except OSError:
        config_bytes = b""
    digest = hashlib.blake2b(digest_size=16)
    for part in (__version__.encode(), rubric_key.encode(), as_of.isoformat().encode(), config_bytes,
                 str(root.resolve()).encode()):
        digest.update(part + b"\0")
    return digest.hexdigest()


class _Locator:
    """Positions for workspace-wide problems, parsing a file a second time only then."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.docs: dict[str, Document] = {}

    def __call__(self, rel: str, loc: Loc) -> tuple[int, int]:
        doc = self.docs.get(rel)
        if doc is None:
            doc = load_document(self.root / rel, rel, markdown=rel.endswith(".md"))
            self.docs[rel] = doc
        return doc.at(loc)


def validate(root: Path, *, as_of: dt.date, only_units: Iterable[str] | None = None,
             use_cache: bool = True, jobs: int | None = None, cache_dir: Path | None = None) -> ValidationResult:
    """Check a workspace; return every problem, sorted by file and line. Never raises."""
    config, problems = load_config(root)
    problems += _links(root, linked_unit_folders(root), "unit-folder-symlink",
                       "Folder unit ini adalah tautan simbolik; catatannya tidak dibaca.",
                       "Ganti tautan dengan folder biasa di dalam ruang kerja (salin isinya ke units/).")
    rubric, rubric_problems, rubric_key = load_rubric_for(root, config)
    problems += rubric_problems
    context = _context_key(root, rubric_key, as_of)
    where = cache_folder(root, cache_dir) if use_cache else None
    cache_path = where.path / _CACHE_FILE if where is not None and where.path is not None else None
    notes = [where.note] if where is not None and where.note else []
    cached = _load_cache(cache_path, context)
    wanted = set(only_units) if only_units is not None else None

    results: dict[str, tuple[str, UnitResult]] = {}
    stale: list[tuple[str, list[FileStat], str]] = []
    for folder in unit_folders(root):
        stats = scan_stats(folder)
        key = _fingerprint(stats)
        hit = cached.get(str(folder))
        if hit is not None and hit[0] == key:
            results[str(folder)] = hit
        elif wanted is None or folder.name in wanted:
            stale.append((str(folder), stats, key))
        elif hit is not None:
            results[str(folder)] = hit  # outdated, but only used for workspace-wide ids
        else:
            stale.append((str(folder), stats, key))

    workers = jobs if jobs is not None else min(2, os.cpu_count() or 1)
    if workers > 1 and len(stale) >= _PARALLEL_FROM:
        with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(root, rubric, as_of)) as pool:
            chunk = max(1, len(stale) // (workers * 8))
            fresh = pool.map(_job, [(f, s) for f, s, _k in stale], chunksize=chunk)
            for (name, _stats, key), result in zip(stale, fresh, strict=True):
                results[name] = (key, result)
    else:
        for name, stats, key in stale:
            results[name] = (key, _check_one(root, Path(name), rubric, as_of, stats))

    if stale:
        _save_cache(cache_path, context, results)
    ordered = [results[k][1] for k in sorted(results)]
    # A clash is reported at the later definition: put the checked units last, so that a
    # clash between a checked unit and another one is reported in the checked unit.
    checked_last = sorted(ordered, key=lambda r: wanted is not None and Path(r.facts.folder).name in wanted)
    problems += check_workspace([r.facts for r in checked_last], _Locator(root))
    selected = [r for r in ordered if wanted is None or Path(r.facts.folder).name in wanted]
    for result in selected:
        problems += result.problems
    if wanted is not None:
        prefixes = tuple(f"{UNITS_DIR}/{u}/" for u in wanted)
        problems = [p for p in problems if p.path == CONFIG_NAME or p.path.startswith(prefixes)]
    return ValidationResult(
        root=root, problems=sorted(set(problems)),
        files=1 + sum(r.files for r in selected), bytes=sum(r.bytes for r in selected),
        units=len(selected), units_read=len(stale), notes=notes,
    )
