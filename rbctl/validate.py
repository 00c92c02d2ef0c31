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
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rbctl import __version__, recall, unitcache
from rbctl.cachedir import cache_folder
from rbctl.checks import (
    UnitFacts,
    check_dates,
    check_narratives,
    check_unit,
    check_workspace,
)
from rbctl.layout import FileStat, fingerprint, scan_stats
from rbctl.models import UnitProfile, WorkspaceConfig
from rbctl.problems import Problem
from rbctl.rubric import Rubric
from rbctl.rubricref import load_rubric_source
from rbctl.rules import severity_of
from rbctl.schedule import REQUIRED_NARRATIVES, reporting_periods
from rbctl.schema import to_record
from rbctl.scorefacts import summarize
from rbctl.unitcache import UnitResult
from rbctl.workspace import (
    ANSWERS_DIR,
    CONFIG_NAME,
    EVIDENCE_DIR,
    EVIDENCE_FILE,
    NARRATIVES_DIR,
    PLANS_DIR,
    UNIT_FILE,
    UNITS_DIR,
    Loaded,
    linked_records,
    linked_unit_folders,
    load_config,
    load_unit,
    unit_folders,
)
from rbctl.yamlload import Document, Loc, load_document

CACHE_DIR = ".rbctl-cache"  # the old in-workspace cache: never read any more, still git-ignored by `init`
_PARALLEL_FROM = 16  # fewer stale units than this are faster in one process


@dataclass
class ValidationResult:
    root: Path
    problems: list[Problem]
    files: int = 0
    bytes: int = 0
    units: int = 0
    units_read: int = 0  # units read this run (the others came from the cache)
    details: list[UnitResult] = field(default_factory=list)  # every unit, in folder order
    notes: list[str] = field(default_factory=list)  # said on stderr: e.g. why no cache was used
    extra: dict[str, object] = field(default_factory=dict)
    store: Path | None = None  # the per-unit store used (None: no cache)
    context: str = ""  # what the store's entries are valid for (version, config, rubric)
    keys: dict[str, str] = field(default_factory=dict)  # unit folder (as stored) -> key of its files, as details


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


def _check_one(root: Path, folder: Path, rubric: Rubric | None, stats: list[FileStat]) -> UnitResult:
    unit = load_unit(root, folder)
    problems, facts = check_unit(unit, rubric)
    read = set(unit.files)
    links = _links(root, linked_records(folder), "record-symlink",
                   "Berkas atau folder catatan ini adalah tautan simbolik; rbctl tidak membacanya.",
                   "Ganti tautan dengan berkas atau folder biasa di dalam ruang kerja.")
    problems = unit.problems + problems + links + _misplaced(root, folder, stats, read)
    size = sum(st[2] for st in stats if Path(st[0]).relative_to(root).as_posix() in read)
    return UnitResult(sorted(problems), facts, len(unit.files), size, summarize(unit))


# Worker state: set once per process, so the rubric is not pickled for every unit.
_WORKER: dict[str, object] = {}


def _init_worker(root: Path, rubric: Rubric | None) -> None:
    _WORKER.update(root=root, rubric=rubric)


def _job(args: tuple[str, list[FileStat]]) -> UnitResult:
    folder, stats = args
    root = _WORKER["root"]
    rubric = _WORKER["rubric"]
    assert isinstance(root, Path)
    assert rubric is None or isinstance(rubric, Rubric)
    return _check_one(root, Path(folder), rubric, stats)


def _context_key(root: Path, rubric_key: str) -> str:
    config = root / CONFIG_NAME
    try:
        config_bytes = config.read_bytes()
    except OSError:
        config_bytes = b""
    digest = hashlib.blake2b(digest_size=16)
    for part in (__version__.encode(), rubric_key.encode(), config_bytes,
                 str(root.resolve()).encode()):
        digest.update(part + b"\0")
    return digest.hexdigest()


Advance = Callable[[int], None]
Progress = Callable[[str, int], AbstractContextManager[Advance]]  # (label, total) -> advance(n)


@contextmanager
def _no_progress(_label: str, _total: int) -> Iterator[Advance]:
    yield lambda _n: None


def _read_units(root: Path, rubric: Rubric | None, stale: list[tuple[str, list[FileStat], str]],
                results: dict[str, tuple[str, UnitResult]], jobs: int | None, advance: Advance) -> None:
    """Read and check the units not stored, in two processes when there are many."""
    workers = jobs if jobs is not None else min(2, os.cpu_count() or 1)
    if workers > 1 and len(stale) >= _PARALLEL_FROM:
        with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(root, rubric)) as pool:
            chunk = max(1, len(stale) // (workers * 8))
            fresh = pool.map(_job, [(f, s) for f, s, _k in stale], chunksize=chunk)
            for (name, _stats, key), result in zip(stale, fresh, strict=True):
                results[name] = (key, result)
                advance(1)
    else:
        for name, stats, key in stale:
            results[name] = (key, _check_one(root, Path(name), rubric, stats))
            advance(1)


def _needles(checked: list[UnitResult]) -> set[str]:
    """What the checked units name that another unit could clash with or be: their ids and
    their parents."""
    out: set[str] = set()
    for result in checked:
        out.update(item[1] for item in unitcache.with_ids(result).defined)
        out.update(x for x in (result.facts.unit_id, Path(result.facts.folder).name) if x)
        if result.facts.parent is not None:
            out.add(result.facts.parent[0])
    return out


def _others(root: Path, rubric: Rubric | None, unknown: list[tuple[str, list[FileStat], str]],
            results: dict[str, tuple[str, UnitResult]], wanted: set[str]) -> list[UnitFacts]:
    """The units neither asked for (`--unit`, a file) nor stored: read (into ``results``) only
    those that name what the asked-for units name; the others stand in as bare folders."""
    if not unknown:
        return []
    needles = _needles([r for _k, r in results.values() if Path(r.facts.folder).name in wanted])
    keys = _keys(needles)
    light: list[UnitFacts] = []
    for name, stats, key in unknown:
        if _mentions(Path(name), stats, needles, keys):
            results[name] = (key, _check_one(root, Path(name), rubric, stats))
        else:
            light.append(UnitFacts(Path(name).relative_to(root).as_posix()))
    return light


def _stored_others(root: Path, scoped: unitcache.Scoped, deferred: list[str],
                   results: dict[str, tuple[str, UnitResult]], unknown: list[tuple[str, list[FileStat], str]],
                   wanted: set[str]) -> list[UnitFacts]:
    """The other units of a run over some units, from the store as it was (as an outdated entry
    always served: only for workspace-wide ids): checked in full only when their facts name what
    the asked-for units name; the rest stand in as bare folders with their unit id."""
    needles = _needles([r for _k, r in results.values() if Path(r.facts.folder).name in wanted])
    light: list[UnitFacts] = []
    for name in deferred:
        said = scoped.mentions(name, needles)
        if said is False:
            light.append(UnitFacts(Path(name).relative_to(root).as_posix(), scoped.unit_id(name)))
            continue
        hit = scoped.other(name)
        if hit is not None:
            results[name] = hit
        else:  # a malformed entry: the unit is looked at the usual way
            stats = scan_stats(Path(name))
            unknown.append((name, stats, fingerprint(stats)))
    return light


def _keys(needles: set[str]) -> list[tuple[bytes, list[bytes]]]:
    """The needles grouped by a shared prefix (ids carry their unit's code: `PSR-DD-001`), so
    that most files are ruled out by one `bytes.find` per group."""
    keys: dict[bytes, list[bytes]] = {}
    for needle in needles:
        raw = needle.encode("utf-8")
        cut = raw.find(b"-", 2, len(raw) - 1)
        keys.setdefault(raw[:cut + 1] if cut > 0 else raw, []).append(raw)
    return list(keys.items())


_DEFINING = (UNIT_FILE, EVIDENCE_FILE, PLANS_DIR + os.sep)  # the files that define ids and parents


def _mentions(folder: Path, stats: list[FileStat], needles: set[str], keys: list[tuple[bytes, list[bytes]]]) -> bool:
    """Whether a unit's record files contain any of ``needles`` as text, or its folder is named
    like one: only then can it matter to the checks of other units (a duplicate id, a parent).
    Exact by construction: a clash needs the same text in both files."""
    if folder.name in needles:
        return True
    skip = len(str(folder)) + 1
    for full, *_rest in stats:
        rel = full[skip:]
        if rel not in _DEFINING[:2] and not (rel.startswith(_DEFINING[2]) and rel.endswith((".yaml", ".yml"))):
            continue
        try:
            with open(full, "rb") as handle:  # noqa: PTH123 - thousands of small files: the plain call
                data = handle.read()
        except OSError:
            return True  # cannot tell: read the unit the usual way
        if not any(key in data and any(n in data for n in group) for key, group in keys):
            continue
        if rel != UNIT_FILE or _profile_id(Path(full), folder) in needles:
            return True
    return False


def _profile_id(path: Path, folder: Path) -> str | None:
    """The id a unit's profile gives (siblings all name their parent: only the id matters)."""
    record, _problems = to_record(load_document(path, f"{UNITS_DIR}/{folder.name}/{UNIT_FILE}"), "unit")
    return record.id if isinstance(record, UnitProfile) else None


class _Locator:
    """Positions for workspace-wide problems, parsing a file a second time only then."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.docs: dict[str, Document] = {}

    def __call__(self, rel: str, loc: Loc, key: bool = False) -> tuple[int, int]:
        doc = self.docs.get(rel)
        if doc is None:
            doc = load_document(self.root / rel, rel, markdown=rel.endswith(".md"))
            self.docs[rel] = doc
        return doc.at(loc, key=key)


def _load_store(folder: Path | None, context: str, wanted: set[str] | None,
                summaries: bool) -> tuple[unitcache.Stored, unitcache.Scoped | None, unitcache.Memo | None]:
    """The whole store, or for a run over some units (`--unit`, a file, a report) only theirs."""
    if wanted is None:
        stored, memo = unitcache.load(folder, context, summaries=summaries)
        return stored, None, memo
    scoped = unitcache.load_scoped(folder, context, wanted, summaries=summaries)
    return scoped.mine, scoped, None


def _digest(results: dict[str, tuple[str, UnitResult]]) -> str:
    """Every unit folder and the key of its files: what the workspace-wide checks depend on."""
    digest = hashlib.blake2b(digest_size=16)
    for name in sorted(results):
        digest.update(f"{name}\0{results[name][0]}\n".encode())
    return digest.hexdigest()


def _workspace_checks(ordered: list[UnitResult], light: list[UnitFacts], wanted: set[str] | None,
                      memo: unitcache.Memo | None, results: dict[str, tuple[str, UnitResult]],
                      locator: _Locator) -> tuple[list[Problem], unitcache.Memo | None]:
    """The workspace-wide problems, and for a run over every unit the memo to store when it is new."""
    digest = _digest(results) if wanted is None else None  # a run over every unit (no `light` ones)
    if memo is not None and memo[0] == digest:
        return memo[1], None  # no unit changed since the run that stored them
    # A clash is reported at the later definition: put the checked units last, so that a
    # clash between a checked unit and another one is reported in the checked unit.
    checked_last = sorted(ordered, key=lambda r: wanted is not None and Path(r.facts.folder).name in wanted)
    found = check_workspace([*light, *(unitcache.with_ids(r) for r in checked_last)], locator)
    return found, (digest, found) if digest is not None else None


Pending = list[tuple[str, list[FileStat], str]]  # unit folder, its files, their key


def _sort_units(root: Path, cached: unitcache.Stored, scoped: unitcache.Scoped | None, wanted: set[str] | None
                ) -> tuple[dict[str, tuple[str, UnitResult]], Pending, Pending, list[str]]:
    """Every unit folder, by what this run does with it: stored and current (the results so
    far), to read (stale), others neither stored nor asked for (unknown), and others stored
    whose facts are looked at only if they matter (deferred)."""
    results: dict[str, tuple[str, UnitResult]] = {}
    stale: Pending = []
    unknown: Pending = []
    deferred: list[str] = []
    for folder in unit_folders(root):
        if scoped is not None and folder.name not in (wanted or ()) and str(folder) in scoped.others:
            deferred.append(str(folder))
            continue
        stats = scan_stats(folder)
        key = fingerprint(stats)
        hit = cached.get(str(folder))
        if hit is not None and hit[0] == key:
            results[str(folder)] = hit
        elif wanted is None or folder.name in wanted:
            stale.append((str(folder), stats, key))
        elif hit is not None:
            results[str(folder)] = hit  # outdated, but only used for workspace-wide ids
        else:
            unknown.append((str(folder), stats, key))
    return results, stale, unknown, deferred


def _dated(facts: list[UnitFacts], config: Loaded[WorkspaceConfig] | None, as_of: dt.date,
           locator: _Locator, skip: frozenset[str]) -> list[Problem]:
    """The problems that depend on the report date: realisation of future quarters, overdue
    quarters, missing narratives (the rules in ``skip`` left out: locating each costs a parse)."""
    found = check_dates(facts, as_of, locator, overdue_quarters="realisasi-terlambat" not in skip)
    if config is not None and "narasi-belum-ada" not in skip:
        periods = reporting_periods(config.record.jadwal, config.record.tahun, as_of)
        found += check_narratives(facts, periods, REQUIRED_NARRATIVES)
    return found


def validate(root: Path, *, as_of: dt.date, only_units: Iterable[str] | None = None,
             use_cache: bool = True, jobs: int | None = None, cache_dir: Path | None = None,
             with_summaries: bool = False, progress: Progress | None = None,
             dated: bool = True, skip_rules: frozenset[str] = frozenset()) -> ValidationResult:
    """Check a workspace; return every problem, sorted by file and line. Never raises.

    ``skip_rules``: date-dependent rules (`realisasi-terlambat`, `narasi-belum-ada`) the caller
    judges itself (a report, for its own period)."""
    config, problems = load_config(root)
    problems += _links(root, linked_unit_folders(root), "unit-folder-symlink",
                       "Folder unit ini adalah tautan simbolik; catatannya tidak dibaca.",
                       "Ganti tautan dengan folder biasa di dalam ruang kerja (salin isinya ke units/).")
    rubric, rubric_problems, rubric_key, rubric_file = load_rubric_source(root, config)
    problems += rubric_problems
    context = _context_key(root, rubric_key)
    where = cache_folder(root, cache_dir) if use_cache else None
    cache_folder_path = where.path if where is not None else None
    notes = [where.note] if where is not None and where.note else []
    wanted = set(only_units) if only_units is not None else None
    cached, scoped, memo = _load_store(cache_folder_path, context, wanted, with_summaries)

    results, stale, unknown, deferred = _sort_units(root, cached, scoped, wanted)

    with (progress or _no_progress)("Memeriksa unit", len(stale)) as advance:
        _read_units(root, rubric, stale, results, jobs, advance)

    light = _stored_others(root, scoped, deferred, results, unknown, wanted or set()) if scoped else []
    light += _others(root, rubric, unknown, results, wanted or set())
    stale += [u for u in unknown if u[0] in results]

    ordered = [results[k][1] for k in sorted(results)]
    locator = _Locator(root)
    found, fresh = _workspace_checks(ordered, light, wanted, memo, results, locator)
    if stale or fresh is not None:
        unitcache.save(cache_folder_path, context, results, scoped.others if scoped is not None else None,
                       memo=fresh)
    problems += found
    selected = [r for r in ordered if wanted is None or Path(r.facts.folder).name in wanted]
    if dated:  # only the selected units: locating a dated problem costs a second parse of its file
        problems += _dated([r.facts for r in selected], config, as_of, locator, skip_rules)
    for result in selected:
        problems += result.problems
    if wanted is not None:
        prefixes = tuple(f"{UNITS_DIR}/{u}/" for u in wanted)
        problems = [p for p in problems if p.path == CONFIG_NAME or p.path.startswith(prefixes)]
    keys = {name: results[name][0] for name in sorted(results)}
    answer = ValidationResult(
        root=root, problems=sorted(set(problems)),
        files=1 + sum(r.files for r in selected), bytes=sum(r.bytes for r in selected),
        units=len(selected), units_read=len(stale), notes=notes, details=ordered,
        store=cache_folder_path, context=context, keys=keys,
    )
    if wanted is None and dated and not skip_rules:  # what a warm run of the same state gives again (recall)
        recall.remember(cache_folder_path, root, as_of, rubric_file, keys, answer.problems, answer.files)
    return answer
