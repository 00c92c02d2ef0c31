"""What a change does to the scores: the workspace as it is against the workspace at a git ref.

The old files are read from git (``git ls-tree`` + ``git cat-file --batch``) into a temporary
folder; the working tree, the index and HEAD are never touched. Only record files are read
(YAML and Markdown), never the evidence files themselves. Each side is scored with its own
rubric, for the same LKE year (the current side's, unless asked).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path, PurePosixPath

from pydantic import ValidationError

from rbctl.models import ActionItem, Evidence, Realisation
from rbctl.problems import Severity
from rbctl.rubric import Rubric
from rbctl.rubricload import load_rubric
from rbctl.scorefacts import Summary, answers_of, lke_state
from rbctl.scoring import NodeScore, ScoreResult, Status, score
from rbctl.workspace import CONFIG_NAME, UNITS_DIR, Unit, Workspace, load_unit, load_workspace, unit_folders

BASE_BRANCHES = ("main", "master", "origin/main", "origin/master")
_RECORD_SUFFIXES = (".yaml", ".yml", ".md")
_GIT_TIMEOUT = 300


class GitError(Exception):
    """git is missing, the folder is not in a repository, or a ref does not exist."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


# --- git ----------------------------------------------------------------------------------


def git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False,
                              timeout=_GIT_TIMEOUT)
    except FileNotFoundError:
        raise GitError("Program `git` tidak ditemukan.", "Pasang git, lalu jalankan lagi.") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"`git {args[0]}` tidak selesai dalam {_GIT_TIMEOUT} detik.", "Coba lagi.") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"`git {' '.join(args[:2])}` gagal: {detail[-1] if detail else done.returncode}.",
                       "Periksa bahwa folder ini ada di repositori git dan ref-nya benar.")
    return done.stdout


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace").strip()


def repo_location(root: Path) -> tuple[Path, str]:
    """(top folder of the repository, the workspace's path inside it with a trailing slash or '')."""
    try:
        top = Path(_text(git(root, "rev-parse", "--show-toplevel")))
    except GitError:
        raise GitError(f"`{root}` tidak berada di dalam repositori git.",
                       "`rbctl diff` membandingkan dengan isi git; jalankan di dalam clone repositori catatan.") \
            from None
    prefix = _text(git(root, "rev-parse", "--show-prefix"))
    return top, prefix


def resolve(root: Path, ref: str) -> str:
    """The commit a ref names."""
    try:
        return _text(git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"))
    except GitError:
        raise GitError(f"Ref git `{ref}` tidak ditemukan.",
                       "Tulis nama cabang, tag atau commit yang ada, misalnya `main` atau `HEAD~1`; di CI "
                       "ambil riwayatnya dulu (`fetch-depth: 0`).") from None


def default_base(root: Path) -> tuple[str, str]:
    """(label, commit): the merge base of HEAD with the main branch."""
    for branch in BASE_BRANCHES:
        try:
            resolve(root, branch)
        except GitError:
            continue
        try:
            base = _text(git(root, "merge-base", "HEAD", branch))
        except GitError:
            continue
        return f"merge-base dengan {branch}", base
    raise GitError("Cabang utama (main/master) tidak ditemukan untuk dibandingkan.",
                   "Sebutkan ref-nya, misalnya `rbctl diff origin/main` atau `rbctl diff HEAD~1`.")


def _unit_of(rel: str) -> str | None:
    """The unit folder a workspace path belongs to (None: outside units/)."""
    parts = PurePosixPath(rel).parts
    return parts[1] if len(parts) >= 3 and parts[0] == UNITS_DIR else None


def _scores_everywhere(rel: str) -> bool:
    """A changed file outside the unit folders that may change every unit's score (the config,
    a rubric file); hidden files (CI settings) and documents do not."""
    pure = PurePosixPath(rel)
    return pure.suffix in (".yaml", ".yml") and not any(part.startswith(".") for part in pure.parts)


def _record_files(root: Path) -> list[str]:
    """The workspace's record files (YAML and Markdown) as git sees paths: relative, with `/`."""
    out = []
    for path in root.rglob("*"):
        rel = path.relative_to(root)
        if path.suffix in _RECORD_SUFFIXES and not any(p.startswith(".") for p in rel.parts) \
                and path.is_file() and not path.is_symlink():
            out.append(rel.as_posix())
    return out


def changed_units(root: Path, commit: str) -> set[str] | None:
    """Unit folders whose record files differ between ``commit`` and the working tree; None when
    a file every unit depends on changed (then every unit is compared).

    Compared by content (`git hash-object` of the working files against the commit's blobs),
    not by git's stat cache: an edit that keeps size and mtime within the second of the last
    `git add` is invisible to `git diff`."""
    top, prefix = repo_location(root)
    base: dict[str, str] = {}
    for entry in git(top, "ls-tree", "-r", "-z", commit, "--", prefix or ".").split(b"\0"):
        meta, _tab, name = entry.partition(b"\t")
        path = name.decode("utf-8", "surrogateescape")[len(prefix):]
        if entry and path.endswith(_RECORD_SUFFIXES) and not any(p.startswith(".") for p in path.split("/")):
            base[path] = meta.split()[2].decode()
    files = _record_files(root)
    if any("\n" in f for f in files):  # cannot be passed one per line: compare every unit instead
        return None
    where = root.resolve()
    hashed = git(root, "hash-object", "--no-filters", "--stdin-paths",
                 stdin="".join(f"{where / f}\n" for f in files).encode("utf-8", "surrogateescape")).split()
    now = {f: sha.decode() for f, sha in zip(files, hashed, strict=True)}
    units: set[str] = set()
    for rel in set(base) | set(now):
        if base.get(rel) == now.get(rel):
            continue
        unit = _unit_of(rel)
        if unit is not None:
            units.add(unit)
        elif _scores_everywhere(rel):
            return None
    return units


@contextlib.contextmanager
def workspace_at(root: Path, commit: str, units: set[str] | None = None) -> Iterator[Path]:
    """A temporary folder holding the workspace's record files as they are at ``commit``
    (of the given unit folders only, with everything outside units/, when ``units`` is set)."""
    top, prefix = repo_location(root)
    listing = git(top, "ls-tree", "-r", "-z", commit, "--", prefix or ".")
    wanted: list[tuple[str, str]] = []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _tab, name = entry.partition(b"\t")
        mode, kind, sha = meta.decode().split()
        path = name.decode("utf-8", "surrogateescape")
        if kind != "blob" or mode not in ("100644", "100755") or not path.endswith(_RECORD_SUFFIXES):
            continue
        rel = path[len(prefix):]
        if units is not None and _unit_of(rel) not in (units | {None}):
            continue
        wanted.append((sha, rel))
    with tempfile.TemporaryDirectory(prefix="rbctl-diff-") as tmp:
        folder = Path(tmp)
        if wanted:
            blobs = _cat_blobs(top, [sha for sha, _ in wanted])
            for (_sha, rel), data in zip(wanted, blobs, strict=True):
                pure = PurePosixPath(rel)
                if pure.is_absolute() or ".." in pure.parts or not pure.parts:
                    continue
                target = folder.joinpath(*pure.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        yield folder


def _cat_blobs(top: Path, shas: list[str]) -> list[bytes]:
    out = git(top, "cat-file", "--batch", stdin=("\n".join(shas) + "\n").encode())
    blobs: list[bytes] = []
    pos = 0
    for _sha in shas:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        if len(header) != 3:
            raise GitError("Keluaran `git cat-file` tidak dikenali.", "Periksa versi git.")
        size = int(header[2])
        blobs.append(out[end + 1:end + 1 + size])
        pos = end + 1 + size + 1
    return blobs


# --- one side -----------------------------------------------------------------------------


@dataclass
class UnitScoreView:
    """A unit's score on one side, or why it has none."""

    index: Fraction | None
    grade: str | None
    status: str  # "ok", "belum ada LKE", "LKE bergalat", "rubrik tidak dapat dipakai"
    result: ScoreResult | None = None


@dataclass
class Side:
    label: str
    commit: str | None
    workspace: Workspace
    rubric: Rubric | None
    year: int | None


def load_side(root: Path, label: str, commit: str | None, year: int | None = None,
              only_units: set[str] | None = None) -> Side:
    ws = load_workspace(root, only_units=only_units)
    rubric = None
    if ws.config is not None:
        loaded = load_rubric(ws.config.record.rubrik, root, source=CONFIG_NAME,
                             position=ws.config.doc.at(("rubrik",)))
        rubric = loaded.rubric
        year = year or ws.config.record.tahun
    return Side(label, commit, ws, rubric, year)


def unit_score(side: Side, unit: Unit, year: int | None) -> UnitScoreView:
    if side.rubric is None:
        return UnitScoreView(None, None, "rubrik tidak dapat dipakai")
    loaded = unit.answers.get(year) if year is not None else None
    lke_rel = {f"{unit.rel}/lke/{year}.yaml", f"{unit.rel}/lke/{year}.yml"}
    if loaded is not None:
        lke_rel.add(loaded.doc.rel)
    if any(p.severity is Severity.ERROR and p.path in lke_rel for p in unit.problems):
        return UnitScoreView(None, None, "LKE bergalat")
    if loaded is None:
        return UnitScoreView(None, None, "belum ada LKE")
    result = score(side.rubric, loaded.record)
    return UnitScoreView(result.index, result.grade.grade if result.grade else None, "ok", result)


def summary_score(side: Side, summary: Summary, year: int | None) -> UnitScoreView:
    """`unit_score` over a unit's stored facts (`rbctl.scorefacts`) instead of its records.

    Raises ValueError or pydantic's ValidationError on facts of an unexpected shape."""
    if side.rubric is None:
        return UnitScoreView(None, None, "rubrik tidak dapat dipakai")
    state = lke_state(summary, year)
    if state.lke_errors:
        return UnitScoreView(None, None, "LKE bergalat")
    if state.entry is None:
        return UnitScoreView(None, None, "belum ada LKE")
    result = score(side.rubric, answers_of(state.entry))
    return UnitScoreView(result.index, result.grade.grade if result.grade else None, "ok", result)


# --- the comparison -----------------------------------------------------------------------


@dataclass
class AreaChange:
    id: str
    name: str
    weight: Fraction
    before: Fraction | None
    after: Fraction | None


@dataclass
class AnswerChange:
    criterion: str
    text: str
    before: str | None  # as shown: "B", "7/10 = 70%", None when unanswered
    after: str | None
    points_before: Fraction
    points_after: Fraction


@dataclass
class EvidenceChange:
    id: str
    title: str
    change: str  # "ditambah", "dihapus", "diubah"


@dataclass
class ActionChange:
    id: str
    activity: str
    quarter: int
    before: str | None
    after: str | None


@dataclass
class UnitDiff:
    id: str
    name: str
    before: UnitScoreView | None  # None: the unit does not exist on that side
    after: UnitScoreView | None
    areas: list[AreaChange] = field(default_factory=list)
    answers: list[AnswerChange] = field(default_factory=list)
    evidence: list[EvidenceChange] = field(default_factory=list)
    actions: list[ActionChange] = field(default_factory=list)

    @property
    def delta(self) -> Fraction | None:
        if self.before is None or self.after is None or self.before.index is None or self.after.index is None:
            return None
        return self.after.index - self.before.index

    @property
    def dropped(self) -> bool:
        """The index fell, or a unit that had a score has none any more."""
        if self.before is None or self.before.index is None:
            return False
        if self.after is None or self.after.index is None:
            return True
        return self.after.index < self.before.index

    @property
    def changed(self) -> bool:
        score_moved = (self.before.index if self.before else None) != (self.after.index if self.after else None)
        status_moved = (self.before.status if self.before else None) != (self.after.status if self.after else None)
        return score_moved or status_moved or bool(self.areas or self.answers or self.evidence or self.actions)


@dataclass
class WorkspaceDiff:
    base_label: str
    base_commit: str | None
    year: int | None
    rubric_id: str | None
    provisional: bool
    units: list[UnitDiff]

    @property
    def changed_units(self) -> list[UnitDiff]:
        return [u for u in self.units if u.changed]

    @property
    def drops(self) -> list[UnitDiff]:
        return [u for u in self.units if u.dropped]


def _areas(before: ScoreResult | None, after: ScoreResult | None) -> list[AreaChange]:
    def areas(result: ScoreResult | None) -> dict[str, NodeScore]:
        if result is None:
            return {}
        return {a.id: a for comp in result.components for a in comp.children}

    old, new = areas(before), areas(after)
    out: list[AreaChange] = []
    for area_id in [*new, *(k for k in old if k not in new)]:
        a, b = old.get(area_id), new.get(area_id)
        before_score = a.score if a else None
        after_score = b.score if b else None
        if before_score != after_score and (before_score or after_score):
            node = b or a
            assert node is not None
            out.append(AreaChange(area_id, node.name, node.weight, before_score, after_score))
    return out


def _answers(before: ScoreResult | None, after: ScoreResult | None) -> list[AnswerChange]:
    old = {c.id: c for c in before.criteria} if before else {}
    new = {c.id: c for c in after.criteria} if after else {}
    out: list[AnswerChange] = []
    for crit_id in [*new, *(k for k in old if k not in new)]:
        a, b = old.get(crit_id), new.get(crit_id)
        shown_a = _shown(a.answer, a.status) if a else None
        shown_b = _shown(b.answer, b.status) if b else None
        if shown_a == shown_b:
            continue
        known = b or a
        text = known.text if known is not None else crit_id
        out.append(AnswerChange(crit_id, text, shown_a, shown_b, a.points if a else Fraction(0),
                                b.points if b else Fraction(0)))
    return out


def _shown(answer: str | None, status: Status) -> str | None:
    if status is Status.UNANSWERED:
        return None
    if status is Status.INVALID:
        return f"{answer or '?'} (tidak sah)"
    return answer


def _evidence(before: Unit | None, after: Unit | None) -> list[EvidenceChange]:
    old: dict[str, Evidence] = before.evidence_by_id() if before else {}
    new: dict[str, Evidence] = after.evidence_by_id() if after else {}
    out = [EvidenceChange(i, e.judul, "ditambah") for i, e in new.items() if i not in old]
    out += [EvidenceChange(i, e.judul, "dihapus") for i, e in old.items() if i not in new]
    for i, e in new.items():
        o = old.get(i)
        if o is not None and (o.berkas, o.tautan, o.sha256, o.judul) != (e.berkas, e.tautan, e.sha256, e.judul):
            out.append(EvidenceChange(i, e.judul, "diubah"))
    return out


def _items(unit: Unit | None) -> dict[str, ActionItem]:
    if unit is None:
        return {}
    return {item.id: item for plan in unit.plans for item in plan.record.rencana_aksi}


def _real(real: Realisation | None) -> str | None:
    if real is None:
        return None
    value = int(real.nilai) if float(real.nilai).is_integer() else real.nilai
    return f"{value} ({real.status.value})"


def _actions(before: Unit | None, after: Unit | None) -> list[ActionChange]:
    old, new = _items(before), _items(after)
    out: list[ActionChange] = []
    for item_id in [*new, *(k for k in old if k not in new)]:
        a, b = old.get(item_id), new.get(item_id)
        item = b or a
        assert item is not None
        for quarter in (1, 2, 3, 4):
            real_a = a.realisasi.by_quarter().get(quarter) if a else None
            real_b = b.realisasi.by_quarter().get(quarter) if b else None
            if _real(real_a) != _real(real_b):
                out.append(ActionChange(item_id, item.kegiatan, quarter, _real(real_a), _real(real_b)))
    return out


def compare_sides(base: Side, head: Side, *, only_units: set[str] | None = None) -> WorkspaceDiff:
    year = head.year or base.year
    ids = [*head.workspace.units, *(u for u in base.workspace.units if u not in head.workspace.units)]
    units: list[UnitDiff] = []
    for unit_id in ids:
        if only_units is not None and unit_id not in only_units:
            continue
        old, new = base.workspace.units.get(unit_id), head.workspace.units.get(unit_id)
        before = unit_score(base, old, year) if old else None
        after = unit_score(head, new, year) if new else None
        either = new or old
        name = either.name if either is not None else unit_id
        diff = UnitDiff(unit_id, name, before, after)
        diff.areas = _areas(before.result if before else None, after.result if after else None)
        diff.answers = _answers(before.result if before else None, after.result if after else None)
        diff.evidence = _evidence(old, new)
        diff.actions = _actions(old, new)
        units.append(diff)
    rubric = head.rubric or base.rubric
    return WorkspaceDiff(base.label, base.commit, year, rubric.id if rubric else None,
                         bool(rubric and rubric.is_provisional()), units)


def _unchanged(head: Side, year: int | None, wanted: set[str] | None, changed: set[str],
               cache_dir: Path | None) -> dict[str, UnitDiff]:
    """Units whose files are the same on both sides: one score view serves both, from the
    per-unit facts `validate` stores (reading only the units not stored yet)."""
    from rbctl.validate import validate  # only `diff` needs it; keeps this module light for `score`

    result = validate(head.workspace.root, as_of=dt.date.today(), cache_dir=cache_dir, with_summaries=True,
                      dated=False)  # scores only: no dated problems needed
    out: dict[str, UnitDiff] = {}
    for detail in result.details:
        name = Path(detail.facts.folder).name
        if name in changed or (wanted is not None and name not in wanted):
            continue
        try:
            if detail.summary is None:
                raise ValueError("no stored score inputs")
            view = summary_score(head, detail.summary, year)
            label = str(detail.summary["info"][1])
        except (ValueError, ValidationError):  # facts of an unexpected shape: read the unit itself
            unit = load_unit(head.workspace.root, head.workspace.root / detail.facts.folder)
            view, label = unit_score(head, unit, year), unit.name
        out[name] = UnitDiff(name, label, view, view)
    return out


def diff_workspace(root: Path, ref: str | None = None, *, year: int | None = None,
                   only_units: set[str] | None = None, use_cache: bool = True,
                   cache_dir: Path | None = None, unchanged: bool = True) -> WorkspaceDiff:
    """The working tree's workspace against the one at ``ref`` (default: merge base with main).

    Only the units whose files differ between the two (`git diff --name-only`) are read on both
    sides; the others are scored once from stored facts, or left out with ``unchanged=False``
    (a table of what changed needs none of them). ``use_cache=False`` reads everything."""
    repo_location(root)  # a plain message when this is not a repository at all
    if ref is None:
        label, commit = default_base(root)
    else:
        label, commit = ref, resolve(root, ref)
    changed = changed_units(root, commit) if use_cache else None
    if changed is None:
        head = load_side(root, "sekarang", None, year, only_units)
        with workspace_at(root, commit) as old_root:
            base = load_side(old_root, label, commit, year or head.year, only_units)
            return compare_sides(base, head, only_units=only_units)
    selected = changed if only_units is None else changed & only_units
    head = load_side(root, "sekarang", None, year, selected)
    with workspace_at(root, commit, selected) as old_root:
        base = load_side(old_root, label, commit, year or head.year, selected)
        diff = compare_sides(base, head, only_units=selected)
    if not unchanged:
        return diff
    same = _unchanged(head, head.year or base.year, only_units, changed, cache_dir)
    read = {u.id: u for u in diff.units}
    # The order of a full comparison: the working tree's units, then those only in the base.
    order = [*(f.name for f in unit_folders(root)), *(u.id for u in diff.units)]
    diff.units = [read.get(u) or same[u] for u in dict.fromkeys(order) if u in read or u in same]
    return diff
