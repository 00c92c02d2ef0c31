"""`rbctl validate` as a plain function: every problem of a workspace in one run.

Speed (see benchmarks/): a unit is the unit of work. Each unit's files are read and
checked on their own, in two processes when many units need it, and the result is cached
under `.rbctl-cache/` keyed by the size and mtime of every file in the unit folder, so a
re-run only reads the units that changed. Workspace-wide checks (unique ids, parent units)
run every time over small per-unit facts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from rbctl import __version__
from rbctl.checks import UnitFacts, check_unit, check_workspace, scan_stats
from rbctl.problems import Problem
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
    load_config,
    load_unit,
    unit_folders,
)
from rbctl.yamlload import Document, Loc, load_document

CACHE_DIR = ".rbctl-cache"
_CACHE_FILE = "validate.pickle"
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
    extra: dict[str, object] = field(default_factory=dict)


def _fingerprint(stats: list[tuple[str, int, int]]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for path, mtime, size in stats:
        digest.update(f"{path}\0{mtime}\0{size}\n".encode())
    return digest.hexdigest()


def _misplaced(root: Path, folder: Path, stats: list[tuple[str, int, int]], read: set[str]) -> list[Problem]:
    """YAML files in a unit folder that no rule reads: likely a misspelt folder or name."""
    out = []
    for full, _mtime, _size in stats:
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


def _check_one(root: Path, folder: Path, rubric: Rubric | None, as_of: dt.date,
               stats: list[tuple[str, int, int]]) -> UnitResult:
    unit = load_unit(root, folder)
    problems, facts = check_unit(unit, rubric, as_of)
    read = set(unit.files)
    problems = unit.problems + problems + _misplaced(root, folder, stats, read)
    size = sum(s for p, _m, s in stats if Path(p).relative_to(root).as_posix() in read)
    return UnitResult(sorted(problems), facts, len(unit.files), size)


# Worker state: set once per process, so the rubric is not pickled for every unit.
_WORKER: dict[str, object] = {}


def _init_worker(root: Path, rubric: Rubric | None, as_of: dt.date) -> None:
    _WORKER.update(root=root, rubric=rubric, as_of=as_of)


def _job(args: tuple[str, list[tuple[str, int, int]]]) -> UnitResult:
    folder, stats = args
    root = _WORKER["root"]
    rubric = _WORKER["rubric"]
    as_of = _WORKER["as_of"]
    assert isinstance(root, Path)
    assert isinstance(as_of, dt.date)
    assert rubric is None or isinstance(rubric, Rubric)
    return _check_one(root, Path(folder), rubric, as_of, stats)


def _load_cache(path: Path, context: str) -> dict[str, tuple[str, UnitResult]]:
    try:
        with path.open("rb") as handle:
            saved = pickle.load(handle)  # noqa: S301 - our own cache file, in the workspace
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return {}
    if not isinstance(saved, dict) or saved.get("context") != context:
        return {}
    units = saved.get("units")
    return units if isinstance(units, dict) else {}


def _save_cache(path: Path, context: str, units: dict[str, tuple[str, UnitResult]]) -> None:
    """Write atomically; a cache that cannot be written is simply not used."""
    try:
        path.parent.mkdir(exist_ok=True)
        ignore = path.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n", encoding="utf-8")
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump({"context": context, "units": units}, handle, protocol=pickle.HIGHEST_PROTOCOL)
        Path(tmp).replace(path)
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
             use_cache: bool = True, jobs: int | None = None) -> ValidationResult:
    """Check a workspace; return every problem, sorted by file and line. Never raises."""
    config, problems = load_config(root)
    rubric, rubric_problems, rubric_key = load_rubric_for(root, config)
    problems += rubric_problems
    context = _context_key(root, rubric_key, as_of)
    cache_path = root / CACHE_DIR / _CACHE_FILE
    cached = _load_cache(cache_path, context) if use_cache else {}
    wanted = set(only_units) if only_units is not None else None

    results: dict[str, tuple[str, UnitResult]] = {}
    stale: list[tuple[str, list[tuple[str, int, int]], str]] = []
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

    if use_cache and stale:
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
        units=len(selected), units_read=len(stale),
    )
