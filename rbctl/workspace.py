"""Find a workspace, read its files into typed records, and say what could not be read.

Layout (one folder per unit, records split so a pull request touches small files):

    rbctl.yaml                          jenis: konfigurasi
    units/<unit-id>/unit.yaml           jenis: unit
    units/<unit-id>/rencana-aksi/*.yaml jenis: rencana_aksi (one file per change area)
    units/<unit-id>/data-dukung.yaml    jenis: data_dukung (files under data-dukung/)
    units/<unit-id>/lke/<tahun>.yaml    jenis: lke
    units/<unit-id>/narasi/*.md         front matter jenis: narasi
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from rbctl.layout import (
    ANSWERS_DIR,
    CONFIG_NAME,
    EVIDENCE_DIR,
    EVIDENCE_FILE,
    NARRATIVES_DIR,
    PLANS_DIR,
    REPORTS_DIR,
    UNIT_FILE,
    UNITS_DIR,
    WorkspaceNotFoundError,
    find_root,
    linked_unit_folders,
    unit_folders,
)
from rbctl.models import (
    ActionPlan,
    Answers,
    Evidence,
    EvidenceRegistry,
    Narrative,
    UnitProfile,
    WorkspaceConfig,
)
from rbctl.problems import Problem
from rbctl.schema import to_record
from rbctl.yamlload import Document, load_document

# Defined in rbctl.layout (plain standard library) and still importable from here.
__all__ = [
    "ANSWERS_DIR",
    "CONFIG_NAME",
    "EVIDENCE_DIR",
    "EVIDENCE_FILE",
    "NARRATIVES_DIR",
    "PLANS_DIR",
    "REPORTS_DIR",
    "UNITS_DIR",
    "UNIT_FILE",
    "WorkspaceNotFoundError",
    "find_root",
    "linked_unit_folders",
    "unit_folders",
]

_YAML = (".yaml", ".yml")
T = TypeVar("T")


@dataclass
class Loaded(Generic[T]):  # Python 3.11: no PEP 695 syntax
    """A record with the document it came from (for positions)."""

    record: T
    doc: Document


@dataclass
class Unit:
    id: str  # the folder name; equals profile.id when the profile is valid
    folder: Path
    rel: str
    profile: Loaded[UnitProfile] | None = None
    plans: list[Loaded[ActionPlan]] = field(default_factory=list)
    evidence: Loaded[EvidenceRegistry] | None = None
    answers: dict[int, Loaded[Answers]] = field(default_factory=dict)
    narratives: list[Loaded[Narrative]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    # Files that parsed but did not make a record (errors reported): checks that need no
    # record (placeholders left unfilled) still look at their data.
    unread: list[Document] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every file of the unit was read without an error."""
        return not any(p.severity == "error" for p in self.problems)

    def known_evidence_ids(self) -> set[str]:
        """Registered ids, including entries left out for their own errors (already
        reported: a reference to them is not a second problem)."""
        if self.evidence is None:
            return set()
        return set(self.evidence_by_id()) | self.evidence.doc.dropped_ids

    def evidence_by_id(self) -> dict[str, Evidence]:
        return {e.id: e for e in self.evidence.record.data_dukung} if self.evidence else {}

    def plan_for(self, area: str, year: int) -> ActionPlan | None:
        for plan in self.plans:
            if plan.record.area == area and plan.record.tahun == year:
                return plan.record
        return None

    @property
    def name(self) -> str:
        return self.profile.record.nama if self.profile else self.id


@dataclass
class Workspace:
    root: Path
    config: Loaded[WorkspaceConfig] | None
    units: dict[str, Unit]
    problems: list[Problem] = field(default_factory=list)  # workspace-level files

    def all_problems(self) -> list[Problem]:
        out = list(self.problems)
        for unit in self.units.values():
            out.extend(unit.problems)
        return sorted(out)


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _read(root: Path, path: Path, kind: str, *, markdown: bool = False) -> tuple[object | None, Document]:
    doc = load_document(path, _rel(root, path), markdown=markdown)
    record, problems = to_record(doc, kind)
    doc.problems.extend(problems)
    return record, doc


def unit_files(folder: Path) -> list[Path]:
    """The record files of one unit folder, in a stable order."""
    files: list[Path] = []
    for name in (UNIT_FILE, EVIDENCE_FILE):
        if (folder / name).is_file() and not (folder / name).is_symlink():
            files.append(folder / name)
    for sub, exts in ((PLANS_DIR, _YAML), (ANSWERS_DIR, _YAML), (NARRATIVES_DIR, (".md",))):
        directory = folder / sub
        if directory.is_dir() and not directory.is_symlink():
            files.extend(sorted(p for p in directory.iterdir()
                                if p.suffix in exts and p.is_file() and not p.is_symlink()))
    return files


def linked_records(folder: Path) -> list[Path]:
    """Record files and record folders of a unit that are symbolic links: never read, never written.

    A link could lead anywhere on the machine; following it would read (and `answer` or
    `fmt` would write) files outside the workspace.
    """
    places = [folder / UNIT_FILE, folder / EVIDENCE_FILE]
    for sub, exts in ((PLANS_DIR, _YAML), (ANSWERS_DIR, _YAML), (NARRATIVES_DIR, (".md",))):
        directory = folder / sub
        places.append(directory)
        if directory.is_dir() and not directory.is_symlink():
            places.extend(p for p in directory.iterdir() if p.suffix in exts)
    return sorted(p for p in places if p.is_symlink())


def load_unit(root: Path, folder: Path) -> Unit:
    """Read every record file of one unit. Never raises."""
    unit = Unit(id=folder.name, folder=folder, rel=_rel(root, folder))
    for path in unit_files(folder):
        rel_parts = path.relative_to(folder).parts
        unit.files.append(_rel(root, path))
        kind = _kind_for(rel_parts)
        record, doc = _read(root, path, kind, markdown=path.suffix == ".md")
        unit.problems.extend(doc.problems)
        if record is None:
            if doc.data is not None:
                unit.unread.append(doc)
            continue
        _attach(unit, record, doc)
    if unit.profile is None and not (folder / UNIT_FILE).is_file():
        unit.problems.append(Problem(unit.rel + "/" + UNIT_FILE, 1, 1, "unit-profile-missing",
                                     f"Folder unit `{unit.rel}` tidak memiliki `{UNIT_FILE}`.",
                                     "Buat `unit.yaml` di folder ini (contoh di examples/)."))
    return unit


def _kind_for(parts: tuple[str, ...]) -> str:
    if parts == (UNIT_FILE,):
        return "unit"
    if parts == (EVIDENCE_FILE,):
        return "data_dukung"
    return {PLANS_DIR: "rencana_aksi", ANSWERS_DIR: "lke", NARRATIVES_DIR: "narasi"}[parts[0]]


def _attach(unit: Unit, record: object, doc: Document) -> None:
    if isinstance(record, UnitProfile):
        unit.profile = Loaded(record, doc)
    elif isinstance(record, ActionPlan):
        unit.plans.append(Loaded(record, doc))
    elif isinstance(record, EvidenceRegistry):
        unit.evidence = Loaded(record, doc)
    elif isinstance(record, Answers):
        if record.tahun in unit.answers:
            first = unit.answers[record.tahun].doc.rel
            unit.problems.append(Problem(doc.rel, *doc.at(("tahun",)), "duplicate-year-answers",
                                         f"LKE tahun {record.tahun} sudah ada di `{first}`.",
                                         "Satu berkas LKE per tahun: gabungkan jawabannya ke berkas itu."))
            return
        unit.answers[record.tahun] = Loaded(record, doc)
    elif isinstance(record, Narrative):
        unit.narratives.append(Loaded(record, doc))


def children_of(root: Path, parents: set[str]) -> set[str]:
    """Folders of the units whose profile names one of ``parents`` as `induk`.

    Reads only the profiles that mention a parent's id at all (a byte search), so a report
    of one province does not parse 553 profiles."""
    needles = [p.encode("utf-8") for p in parents]
    out: set[str] = set()
    for folder in unit_folders(root):
        path = folder / UNIT_FILE
        try:
            data = path.read_bytes() if not path.is_symlink() else b""
        except OSError:
            continue
        if not any(n in data for n in needles):
            continue
        record, _doc = _read(root, path, "unit")
        if isinstance(record, UnitProfile) and record.induk in parents:
            out.add(folder.name)
    return out


def load_config(root: Path) -> tuple[Loaded[WorkspaceConfig] | None, list[Problem]]:
    path = root / CONFIG_NAME
    if not path.is_file():
        return None, [Problem(CONFIG_NAME, 1, 1, "workspace-config-missing",
                              f"Tidak ada `{CONFIG_NAME}` di {root}.",
                              "Jalankan `rbctl init` atau salin `rbctl.yaml` dari examples/.")]
    record, doc = _read(root, path, "konfigurasi")
    if isinstance(record, WorkspaceConfig):
        return Loaded(record, doc), doc.problems
    return None, doc.problems


def load_workspace(root: Path, *, only_units: set[str] | None = None) -> Workspace:
    """Read the whole workspace (or some units of it) into typed records. Never raises."""
    config, problems = load_config(root)
    units: dict[str, Unit] = {}
    for folder in unit_folders(root):
        if only_units is not None and folder.name not in only_units:
            continue
        units[folder.name] = load_unit(root, folder)
    return Workspace(root=root, config=config, units=units, problems=problems)
