"""Checks over typed records: references, evidence files, answers, plans.

Each function returns problems; nothing here prints or exits. Unit checks see one unit
(so they can run in parallel and be cached per unit); workspace checks see the ids
every unit defines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Container, Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path, PurePosixPath

from rbctl import hints
from rbctl import narrative_images as images
from rbctl.answerparse import Verdict, as_written, is_canonical, read_answer, show
from rbctl.layout import (
    FileStat,
    scan_stats,
)
from rbctl.models import PLACEHOLDER, ActionPlan, Answers, EvidenceRegistry, Quarterly
from rbctl.problems import Problem
from rbctl.rubric import ChoiceScale, Criterion, PercentageScale, RangeScale, Rubric
from rbctl.rules import severity_of
from rbctl.scoring import convert
from rbctl.workspace import EVIDENCE_DIR, EVIDENCE_FILE, PLANS_DIR, UNIT_FILE, Unit
from rbctl.writer import file_sha256
from rbctl.yamlload import Document, Loc, walk_strings

# Defined in rbctl.layout (plain standard library) and still importable from here.
__all__ = [
    "FileStat",
    "scan_stats",
]

# An id defined somewhere, for workspace-wide uniqueness: (kind, id, path, where).
# Plain tuples, not objects: the cache holds tens of thousands of them and loads them
# on every run (dataclasses made a re-run of the national workspace about 0.3 s slower).
Defined = tuple[str, str, str, Loc]


@dataclass
class UnitFacts:
    """What the workspace checks need to know of a unit, small enough to cache."""

    folder: str
    unit_id: str | None = None
    parent: tuple[str, str, Loc] | None = None  # (parent id, path, where)
    defined: list[Defined] = field(default_factory=list)
    # (year, quarter, path, where) of every realisation: checked against the report date on
    # every run, so the date is not part of what is cached per unit.
    realised: list[tuple[int, int, str, Loc]] = field(default_factory=list)
    # (year, quarter, activity id, path, where) of every quarter with a target and no
    # realisation: overdue once the quarter has ended, judged on every run like `realised`.
    due: list[tuple[int, int, str, str, Loc]] = field(default_factory=list)
    # (year, period, section) of every narrative: a report's required narratives are judged
    # against the report date on every run.
    narratives: list[tuple[int, str, str]] = field(default_factory=list)
    # a narrative file that could not be read (already an error): which one it meant is unknown,
    # so no narrative of the unit is called missing.
    narratives_unread: bool = False


def _problem(doc: Document, loc: Loc, rule: str, message: str, hint: str, *, key: bool = False,
             raw: bool = False) -> Problem:
    """A problem at ``loc`` of the record (``raw``: of the file as written, for entries the
    record left out)."""
    if raw:
        line, col = doc.positions().find(loc, key=key)
        line += doc.line_offset
    else:
        line, col = doc.at(loc, key=key)
    return Problem(doc.rel, line, col, rule, message, hint, severity_of(rule))


def quarter_start(year: int, quarter: int) -> dt.date:
    return dt.date(year, 3 * (quarter - 1) + 1, 1)


def quarter_end(year: int, quarter: int) -> dt.date:
    return quarter_start(year + quarter // 4, quarter % 4 + 1) - dt.timedelta(days=1)


QUARTER_NAMES = {1: "I", 2: "II", 3: "III", 4: "IV"}


# --- unit profile -------------------------------------------------------------------------


def _placeholders(doc: Document) -> list[Problem]:
    return [_problem(doc, loc, "placeholder-unfilled", f"`{loc[-1]}` masih `{PLACEHOLDER}`.",
                     "Ganti dengan isian yang sebenarnya (nama lengkap dengan gelar).")
            for loc, text in walk_strings(doc.data) if text.strip() == PLACEHOLDER]


def check_profile(unit: Unit, rubric: Rubric | None, evidence_ids: Container[str]) -> list[Problem]:
    if unit.profile is None:
        # A profile with an error elsewhere (reported) still shows what is left to fill in.
        return [p for doc in unit.unread if doc.rel.endswith(f"/{UNIT_FILE}") for p in _placeholders(doc)]
    profile, doc = unit.profile.record, unit.profile.doc
    out: list[Problem] = []
    if profile.id != unit.id:
        out.append(_problem(doc, ("id",), "unit-folder-mismatch",
                            f"`id: {profile.id}` tidak sama dengan nama folder `{unit.id}`.",
                            f"Samakan keduanya: tulis `id: {unit.id}` atau ganti nama folder."))
    out.extend(_placeholders(doc))
    if profile.tim_rb.sk is not None and profile.tim_rb.sk not in evidence_ids:
        out.append(_unknown_evidence(doc, ("tim_rb", "sk"), profile.tim_rb.sk, evidence_ids))
    if rubric is not None:
        areas = rubric.change_area_ids()
        for i, member in enumerate(profile.tim_rb.anggota):
            for j, area in enumerate(member.area):
                if area not in areas:
                    out.append(_problem(doc, ("tim_rb", "anggota", i, "area", j), "unknown-member-area",
                                        f"Area `{area}` tidak ada di rubrik `{rubric.id}`.",
                                        _choices_hint(sorted(areas), area)))
    return out


def _choices_hint(options: Iterable[str], given: object = None) -> str:
    options = list(options)
    listed = "Pilihan: " + ", ".join(f"`{o}`" for o in options) + "."
    near = hints.did_you_mean(str(given), options) if given is not None else None
    return f"{near} {listed}" if near else listed


def _unknown_evidence(doc: Document, loc: Loc, ref: str, known: Container[str] = ()) -> Problem:
    near = hints.did_you_mean(ref, known) if isinstance(known, Iterable) else None
    hint = "Daftarkan di `data-dukung.yaml` (atau `rbctl evidence add`), atau perbaiki id-nya."
    return _problem(doc, loc, "unknown-evidence-ref", f"Data dukung `{ref}` tidak terdaftar di unit ini.",
                    f"{near} {hint}" if near else hint)


# --- action plans -------------------------------------------------------------------------


def check_plans(unit: Unit, rubric: Rubric | None, evidence_ids: Container[str]) -> list[Problem]:
    out: list[Problem] = []
    seen: dict[tuple[str, int], str] = {}
    for loaded in unit.plans:
        plan, doc = loaded.record, loaded.doc
        key = (plan.area, plan.tahun)
        if key in seen:
            out.append(_problem(doc, ("area",), "duplicate-area-plan",
                                f"Rencana aksi area `{plan.area}` tahun {plan.tahun} sudah ada di `{seen[key]}`.",
                                "Gabungkan kegiatannya ke satu berkas per area."))
        seen.setdefault(key, doc.rel)
        if rubric is not None and plan.area not in rubric.change_area_ids():
            out.append(_problem(doc, ("area",), "unknown-area",
                                f"Area `{plan.area}` tidak ada di rubrik `{rubric.id}`.",
                                _choices_hint(sorted(rubric.change_area_ids()), plan.area)))
        out.extend(_check_items(plan, doc, rubric, evidence_ids))
    return out


def _check_items(plan: ActionPlan, doc: Document, rubric: Rubric | None,
                 evidence_ids: Container[str]) -> list[Problem]:
    out: list[Problem] = []
    criteria = rubric.criteria() if rubric is not None else None
    for i, item in enumerate(plan.rencana_aksi):
        base: Loc = ("rencana_aksi", i)
        out.extend(_check_target(item.target, doc, (*base, "target")))
        for j, crit in enumerate(item.kriteria):
            if criteria is not None and crit not in criteria:
                out.append(_unknown_criterion(doc, (*base, "kriteria", j), crit, rubric))
        for j, ref in enumerate(item.data_dukung):
            if ref not in evidence_ids:
                out.append(_unknown_evidence(doc, (*base, "data_dukung", j), ref, evidence_ids))
        for quarter, real in item.realisasi.by_quarter().items():
            loc: Loc = (*base, "realisasi", f"tw{quarter}")
            for j, ref in enumerate(real.data_dukung):
                if ref not in evidence_ids:
                    out.append(_unknown_evidence(doc, (*loc, "data_dukung", j), ref, evidence_ids))
    return out


def _check_target(target: Quarterly, doc: Document, loc: Loc) -> list[Problem]:
    quarters = target.quarters()
    if target.total is None or any(q is None for q in quarters):
        return []
    total = sum(q for q in quarters if q is not None)
    if abs(total - target.total) > 1e-9:
        return [_problem(doc, (*loc, "total"), "target-sum-mismatch",
                         f"Target TW I-IV berjumlah {_num(total)}, tetapi `total: {_num(target.total)}`.",
                         "Samakan total dengan jumlah keempat triwulan, atau perbaiki target triwulannya.")]
    return []


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _unknown_criterion(doc: Document, loc: Loc, crit: str, rubric: Rubric | None, *, key: bool = False,
                       taken: Collection[str] = ()) -> Problem:
    rid = rubric.id if rubric else "?"
    hint = "Lihat id kriteria dengan `rbctl rubric show`."
    near = hints.did_you_mean(crit, rubric.criteria(), taken=taken) if rubric else None
    return _problem(doc, loc, "unknown-criterion", f"Kriteria `{crit}` tidak ada di rubrik `{rid}`.",
                    f"{near} {hint}" if near else hint, key=key)


# --- evidence -----------------------------------------------------------------------------


def check_evidence(unit: Unit, rubric: Rubric | None, action_ids: Container[str], *, hash_files: bool = True,
                   ) -> list[Problem]:
    if unit.evidence is None:
        return []
    registry: EvidenceRegistry = unit.evidence.record
    doc = unit.evidence.doc
    criteria = rubric.criteria() if rubric is not None else None
    out: list[Problem] = []
    for i, ev in enumerate(registry.data_dukung):
        base: Loc = ("data_dukung", i)
        if ev.berkas is None and ev.tautan is None:
            out.append(_problem(doc, (*base, "id"), "evidence-source-missing",
                                f"Data dukung `{ev.id}` tidak punya `berkas` maupun `tautan`.",
                                "Tambahkan `berkas: data-dukung/...` atau `tautan: https://...`."))
        if ev.berkas is not None:
            out.extend(_check_file(unit.folder, doc, (*base, "berkas"), ev.berkas, ev.sha256, hash_files))
        for j, crit in enumerate(ev.kriteria):
            if criteria is not None and crit not in criteria:
                out.append(_unknown_criterion(doc, (*base, "kriteria", j), crit, rubric))
        for j, ref in enumerate(ev.kegiatan):
            if ref not in action_ids:
                near = hints.did_you_mean(ref, action_ids) if isinstance(action_ids, Iterable) else None
                hint = "Periksa id kegiatan di folder `rencana-aksi/`."
                out.append(_problem(doc, (*base, "kegiatan", j), "unknown-action-ref",
                                    f"Kegiatan `{ref}` tidak ada di rencana aksi unit ini.",
                                    f"{near} {hint}" if near else hint))
    return out + _check_dropped_files(unit.folder, doc, hash_files)


def _check_dropped_files(folder: Path, doc: Document, hash_files: bool) -> list[Problem]:
    """The files of entries left out for their own errors (a bad `jenis` or `tanggal`) are still
    checked: one broken field does not hide that the file is missing."""
    kept = doc.index_maps.get("data_dukung")
    items = doc.data.get("data_dukung") if isinstance(doc.data, dict) else None
    if kept is None or not isinstance(items, list):
        return []
    out: list[Problem] = []
    for i, item in enumerate(items):
        if i in kept or not isinstance(item, dict) or not isinstance(item.get("berkas"), str):
            continue
        sha = item.get("sha256") if isinstance(item.get("sha256"), str) else None
        out.extend(_check_file(folder, doc, ("data_dukung", i, "berkas"), item["berkas"], sha, hash_files, raw=True))
    return out


def resolve_evidence_path(folder: Path, berkas: str) -> tuple[Path | None, str]:
    """The file an evidence entry names, or None with the reason it is refused.

    Only a relative path with no `..` that stays inside the unit folder, and is not a
    symlink, is accepted (a prefix test on strings would accept `unit-11000` for `unit-1100`).
    """
    pure = PurePosixPath(berkas.replace("\\", "/"))
    if pure.is_absolute() or berkas[1:3] == ":/" or berkas[1:3] == ":\\" or ".." in pure.parts:
        return None, "outside"
    if len(berkas.encode()) > _MAX_PATH or any(len(part.encode()) > _MAX_NAME for part in pure.parts):
        return None, "too-long"
    try:
        return _resolve_inside(folder, pure)
    except OSError:  # e.g. a path the file system cannot even look up
        return None, "missing"


_MAX_NAME, _MAX_PATH = 255, 4096  # bytes, as Linux file systems allow


def _resolve_inside(folder: Path, pure: PurePosixPath) -> tuple[Path | None, str]:
    path = folder.joinpath(*pure.parts)
    current = folder
    for part in pure.parts:
        current = current / part
        if current.is_symlink():
            return None, "outside"
    if not path.exists():
        return None, "missing"
    try:
        resolved = path.resolve(strict=True)
    except OSError:
        return None, "missing"
    if not resolved.is_relative_to(folder.resolve()):
        return None, "outside"
    return resolved, ""


def _check_file(folder: Path, doc: Document, loc: Loc, berkas: str, sha256: str | None,
                hash_files: bool, *, raw: bool = False) -> list[Problem]:
    posix = hints.posix_path(berkas)
    slash = [] if posix is None else [_problem(
        doc, loc, "evidence-path-backslash", f"Path `{berkas}` memakai `\\` sebagai pemisah folder.",
        f"Tulis path dengan `/`: `{posix}` (`\\` hanya dikenal Windows; di Linux dan CI bisa tidak ditemukan).",
        raw=raw)]
    return slash + _check_file_at(folder, doc, loc, berkas, sha256, hash_files, raw=raw)


def _check_file_at(folder: Path, doc: Document, loc: Loc, berkas: str, sha256: str | None,
                   hash_files: bool, *, raw: bool = False) -> list[Problem]:
    path, reason = resolve_evidence_path(folder, berkas)
    if reason == "too-long":
        return [_problem(doc, loc, "path-too-long", "Nama berkas atau path data dukung terlalu panjang.",
                         "Pendekkan nama berkasnya (paling banyak 255 bita per nama, 4.096 bita seluruh path).",
                         raw=raw)]
    if reason == "outside":
        return [_problem(doc, loc, "evidence-path-outside",
                         f"`{berkas}` menunjuk ke luar folder unit.",
                         f"Simpan berkas di dalam `{EVIDENCE_DIR}/` unit ini dan tulis path relatifnya, "
                         "tanpa `..` dan tanpa symlink.", raw=raw)]
    if path is None or not path.is_file():  # resolved: is_file() cannot meet a too-long name here
        return [_problem(doc, loc, "evidence-file-missing", f"Berkas `{berkas}` tidak ditemukan.",
                         "Periksa ejaan dan huruf besar/kecil path-nya, atau tambahkan berkasnya ke git.", raw=raw)]
    if sha256 is not None and hash_files and file_sha256(path) != sha256:
        return [_problem(doc, (*loc[:-1], "sha256"), "evidence-sha256-mismatch",
                         f"Isi `{berkas}` tidak cocok dengan sha256 yang dicatat.",
                         "Jika berkas memang diganti, perbarui sha256 (`sha256sum BERKAS`); "
                         "jika tidak, kembalikan berkas aslinya.", raw=raw)]
    return []


# --- answers ------------------------------------------------------------------------------


def check_answers(unit: Unit, rubric: Rubric | None, evidence_ids: Container[str]) -> list[Problem]:
    out: list[Problem] = []
    for year, loaded in sorted(unit.answers.items()):
        answers, doc = loaded.record, loaded.doc
        stem = Path(doc.rel).stem
        if stem.isdigit() and int(stem) != year:
            out.append(_problem(doc, ("tahun",), "year-mismatch",
                                f"`tahun: {year}` tidak sama dengan nama berkas `{Path(doc.rel).name}`.",
                                f"Tulis `tahun: {stem}` atau ganti nama berkas menjadi `{year}.yaml`."))
        if rubric is None:
            continue
        if answers.rubrik is not None and answers.rubrik != rubric.id:
            out.append(_problem(doc, ("rubrik",), "rubric-mismatch",
                                f"LKE ini untuk rubrik `{answers.rubrik}`, ruang kerja memakai `{rubric.id}`.",
                                f"Tulis `rubrik: {rubric.id}`, atau ubah `rubrik` di rbctl.yaml."))
        out.extend(_check_answer_map(answers, doc, rubric, evidence_ids))
    return out


def _check_answer_map(answers: Answers, doc: Document, rubric: Rubric, evidence_ids: Container[str],
                      ) -> list[Problem]:
    out: list[Problem] = []
    criteria = rubric.criteria()
    written = as_written(answers, doc)
    for section, entries in (("jawaban", written.jawaban), ("reviu", written.reviu)):
        for crit_id, entry in entries.items():
            loc: Loc = (section, crit_id)
            criterion = criteria.get(crit_id)
            if criterion is None:
                out.append(_unknown_criterion(doc, loc, crit_id, rubric, key=True, taken=entries))
                continue
            scale = rubric.scales.get(criterion.scale)
            if scale is None:
                continue  # a broken rubric is reported by `rbctl rubric check`
            value_problems = _check_value(doc, loc, entry.jawaban, entry.jumlah, scale, criterion)
            out.extend(value_problems)
            refs = getattr(entry, "data_dukung", [])
            for j, ref in enumerate(refs):
                if ref not in evidence_ids:
                    out.append(_unknown_evidence(doc, (*loc, "data_dukung", j), ref, evidence_ids))
            top = is_top(entry.jawaban, entry.jumlah, scale, criterion)
            errors = [p for p in value_problems if p.rule != "answer-not-canonical"]
            if section == "jawaban" and not refs and not errors and top:
                out.append(_problem(doc, loc, "answer-without-evidence",
                                    f"Jawaban tertinggi untuk `{crit_id}` tanpa data dukung.",
                                    "Tambahkan `data_dukung: [ID]`; penilai akan menanyakannya.", key=True))
    return out


def _check_value(doc: Document, loc: Loc, value: object, counts: dict[str, float],
                 scale: ChoiceScale | PercentageScale | RangeScale, criterion: Criterion) -> list[Problem]:
    """The answer as rbctl.answerparse reads it (the same verdict as `score` and `answer`)."""
    if scale.is_not_applicable(value):
        return []
    if isinstance(scale, PercentageScale) and criterion.counts is not None and counts:
        return _check_counts(doc, loc, counts, criterion.counts)
    reading = read_answer(scale, criterion, value)
    at: Loc = (*loc, "jawaban")
    if reading.verdict is Verdict.EMPTY:
        return []
    if not reading.accepted:
        rule = "answer-ambiguous" if reading.ambiguous else "answer-not-in-scale"
        return [_problem(doc, at, rule, f"Jawaban {reading.reason}.", reading.hint)]
    assert reading.canonical is not None
    if not is_canonical(value, reading.canonical):
        shown = reading.canonical if isinstance(reading.canonical, str) else show(Fraction(str(reading.canonical)))
        written = repr(value) if isinstance(value, str) and value != value.strip() else value
        return [_problem(doc, at, "answer-not-canonical",
                         f"Jawaban `{written}` diterima sebagai `{shown}`, tetapi tidak dalam bentuk bakunya.",
                         f"Tulis `{shown}`, atau jalankan `rbctl fmt` untuk merapikan semua jawaban.")]
    return []


def _check_counts(doc: Document, loc: Loc, counts: dict[str, float], needs: object) -> list[Problem]:
    numerator, denominator = getattr(needs, "numerator", ""), getattr(needs, "denominator", "")
    wanted = {numerator, denominator}
    extra = sorted(set(counts) - wanted)
    missing = sorted(wanted - set(counts))
    if extra or missing:
        return [_problem(doc, (*loc, "jumlah"), "answer-counts-invalid",
                         "Jumlah tidak lengkap: " + ", ".join(
                             [f"`{m}` tidak ada" for m in missing] + [f"`{e}` tidak dikenal" for e in extra]) + ".",
                         f"Tulis `jumlah: {{{numerator}: ..., {denominator}: ...}}`.")]
    if counts[denominator] == 0 and counts[numerator] > 0:
        return [_problem(doc, (*loc, "jumlah", denominator), "answer-counts-invalid",
                         f"`{denominator}` bernilai 0, padahal `{numerator}` lebih dari 0.",
                         "Periksa kedua jumlah.")]
    if counts[numerator] > counts[denominator]:
        return [_problem(doc, (*loc, "jumlah", numerator), "answer-counts-over",
                         f"`{numerator}: {_num(counts[numerator])}` lebih besar dari `{denominator}: "
                         f"{_num(counts[denominator])}`; persentasenya dibatasi 100.",
                         f"Periksa apakah kedua jumlah tertukar: `{numerator}` adalah bagian dari `{denominator}`.")]
    return []


def is_top(value: object, counts: dict[str, float], scale: ChoiceScale | PercentageScale | RangeScale,
           criterion: Criterion) -> bool:
    """Whether the answer is the scale's best (read as `score` reads it)."""
    return convert(scale, criterion, value, counts).value >= 1


# --- the whole unit, and the workspace ----------------------------------------------------


class _AnyId:
    """The ids of a file that could not be read (already reported): no reference to them is judged."""

    def __contains__(self, item: object) -> bool:
        return True


def _evidence_ids(unit: Unit) -> Container[str]:
    if unit.evidence is None and f"{unit.rel}/{EVIDENCE_FILE}" in unit.files:
        return _AnyId()
    return unit.known_evidence_ids()


def check_lke(unit: Unit, rubric: Rubric | None) -> list[Problem]:
    """The checks of a unit's LKE files alone (what `score` needs to judge one unit)."""
    return check_answers(unit, rubric, _evidence_ids(unit))


def check_unit(unit: Unit, rubric: Rubric | None) -> tuple[list[Problem], UnitFacts]:
    """Every check of one unit that depends on nothing but the unit and the rubric (not the date)."""
    evidence_ids = _evidence_ids(unit)
    action_ids: Container[str] = {item.id for plan in unit.plans for item in plan.record.rencana_aksi} | {
        i for plan in unit.plans for i in plan.doc.dropped_ids}
    if sum(f.startswith(f"{unit.rel}/{PLANS_DIR}/") for f in unit.files) > len(unit.plans):
        action_ids = _AnyId()
    problems = [
        *check_profile(unit, rubric, evidence_ids),
        *check_plans(unit, rubric, evidence_ids),
        *check_evidence(unit, rubric, action_ids),
        *check_answers(unit, rubric, evidence_ids),
        *check_narrative_images(unit),
    ]
    return problems, unit_facts(unit)


def check_narrative_images(unit: Unit) -> list[Problem]:
    """Images a report would load from the internet or from outside the workspace."""
    root = unit.folder.parent.parent
    out = []
    for loaded in unit.narratives:
        doc = loaded.doc
        for ref in images.references(doc.body_text):
            path, why = images.classify(ref.src, doc.path.parent, root)
            if path is None:
                line, col = doc.body_at(ref.start)
                out.append(Problem(doc.rel, line, col, "narrative-image-outside",
                                   f"Gambar `{ref.src[:80]}` tidak akan dimuat di laporan: {why}.",
                                   "Simpan gambarnya (PNG, JPEG atau GIF) di dalam folder unit, misalnya "
                                   "`narasi/gambar/`, dan tulis path relatifnya.",
                                   severity_of("narrative-image-outside")))
    return out


def unit_facts(unit: Unit) -> UnitFacts:
    facts = UnitFacts(folder=unit.rel)
    if unit.profile is not None:
        profile, doc = unit.profile.record, unit.profile.doc
        facts.unit_id = profile.id
        facts.defined.append(("unit", profile.id, doc.rel, ("id",)))
        if profile.induk is not None:
            facts.parent = (profile.induk, doc.rel, ("induk",))
    if unit.evidence is not None:
        doc = unit.evidence.doc
        for i, ev in enumerate(unit.evidence.record.data_dukung):
            facts.defined.append(("data dukung", ev.id, doc.rel, doc.source_loc(("data_dukung", i, "id"))))
    for loaded in unit.plans:
        doc = loaded.doc
        for i, item in enumerate(loaded.record.rencana_aksi):
            facts.defined.append(("kegiatan", item.id, doc.rel, doc.source_loc(("rencana_aksi", i, "id"))))
            realised = item.realisasi.by_quarter()
            for quarter in realised:
                loc = doc.source_loc(("rencana_aksi", i, "realisasi", f"tw{quarter}"))
                facts.realised.append((loaded.record.tahun, quarter, doc.rel, loc))
            for quarter, target in enumerate(item.target.quarters(), 1):
                if target and quarter not in realised:
                    loc = doc.source_loc(("rencana_aksi", i, "target", f"tw{quarter}"))
                    facts.due.append((loaded.record.tahun, quarter, item.id, doc.rel, loc))
    facts.narratives = sorted({(n.record.tahun, n.record.periode.value, n.record.bagian.value)
                               for n in unit.narratives})
    read = {n.doc.rel for n in unit.narratives}
    facts.narratives_unread = any(f.startswith(f"{unit.rel}/narasi/") and f.endswith(".md") and f not in read
                                  for f in unit.files)
    return facts


PERIOD_TITLES = {"semester-1": "Semester I Tahun {year}", "semester-2": "Semester II Tahun {year}",
                 "tahunan": "Tahun {year}"}


def has_narrative(facts: UnitFacts, code: str, year: int, section: str) -> bool:
    """Whether the report of ``code``/``year`` has a narrative of ``section``: an annual report
    without its own takes the semesters'."""
    periods = {code, "semester-1", "semester-2"} if code == "tahunan" else {code}
    return any(y == year and p in periods and s == section for y, p, s in facts.narratives)


def check_narratives(facts: list[UnitFacts], periods: list[tuple[str, int]],
                     sections: Iterable[str]) -> list[Problem]:
    """The required narratives of the reports being written (``periods``) that no file holds.

    Reported at the file the example and `init` name them by, so the path says what to make.
    """
    out = []
    for fact in facts:
        if fact.narratives_unread:
            continue
        for code, year in periods:
            title = PERIOD_TITLES[code].format(year=year)
            for section in sections:
                if has_narrative(fact, code, year, section):
                    continue
                path = f"{fact.folder}/narasi/{code}-{section}.md"
                out.append(Problem(
                    path, 1, 1, "narasi-belum-ada",
                    f"Narasi `{section}` untuk laporan {title} belum ada.",
                    f"Buat `{path}` berisi front matter `jenis: narasi`, `versi_skema: 1`, `tahun: {year}`, "
                    f"`periode: {code}`, `bagian: {section}`, `judul: ...`, lalu teksnya.",
                    severity_of("narasi-belum-ada")))
    return out


def overdue(facts: UnitFacts, as_of: dt.date) -> list[tuple[int, int, str, str, Loc]]:
    """The quarters of a unit with a target and no realisation that have ended by ``as_of``."""
    return [entry for entry in facts.due if as_of > quarter_end(entry[0], entry[1])]


def check_dates(facts: list[UnitFacts], as_of: dt.date, locate: KeyLocator, *,
                overdue_quarters: bool = True) -> list[Problem]:
    """Realisation reported for a quarter that has not begun by the report date, and (unless not
    wanted) targets of quarters that have ended with no realisation."""
    out = []
    for fact in facts:
        for year, quarter, path, loc in fact.realised:
            start = quarter_start(year, quarter)
            if as_of < start:
                out.append(Problem(path, *locate(path, loc, True), "realisation-future-quarter",
                                   f"Realisasi TW {quarter} {year} dilaporkan, padahal triwulan itu baru mulai "
                                   f"{start.isoformat()} (tanggal acuan {as_of.isoformat()}).",
                                   "Periksa triwulannya (mungkin maksudnya triwulan sebelumnya), atau jalankan "
                                   "dengan `--as-of` tanggal laporan.", severity_of("realisation-future-quarter")))
        for year, quarter, activity, path, loc in overdue(fact, as_of) if overdue_quarters else ():
            name = QUARTER_NAMES[quarter]
            out.append(Problem(path, *locate(path, loc, True), "realisasi-terlambat",
                               f"Kegiatan `{activity}` punya target TW {name} {year} tanpa realisasi, padahal "
                               f"triwulan itu berakhir {quarter_end(year, quarter).isoformat()} "
                               f"(tanggal acuan {as_of.isoformat()}).",
                               f"Isi `realisasi: tw{quarter}:` dengan `nilai` dan `status`; bila belum terlaksana, "
                               "tulis `nilai: 0`, `status: tertunda` dan `kendala`-nya.",
                               severity_of("realisasi-terlambat")))
    return out


Locator = Callable[[str, Loc], tuple[int, int]]
KeyLocator = Callable[[str, Loc, bool], tuple[int, int]]  # path, where, at the key (not the value)


def check_workspace(facts: list[UnitFacts], locate: Locator) -> list[Problem]:
    """Ids unique across the workspace; parent units exist.

    Positions cost a second parse of a file, and clean files rarely clash, so facts carry
    key paths and ``locate`` turns them into lines only for what is reported.
    """
    out: list[Problem] = []
    first: dict[tuple[str, str], Defined] = {}
    # A unit whose profile could not be read (already reported) still exists: its folder names it.
    unit_ids = {f.unit_id or Path(f.folder).name for f in facts}
    for fact in facts:
        for item in fact.defined:
            kind, item_id, path, loc = item
            key = ("unit" if kind == "unit" else "record", item_id)
            if key in first:
                prev_kind, _prev_id, prev_path, prev_loc = first[key]
                prev_line = locate(prev_path, prev_loc)[0]
                out.append(Problem(path, *locate(path, loc), "duplicate-id",
                                   f"Id `{item_id}` sudah dipakai untuk {prev_kind} di {prev_path}:{prev_line}.",
                                   "Id data dukung dan kegiatan harus unik di seluruh ruang kerja; "
                                   "beri awalan kode unit, misalnya `PSR-DD-001`.", severity_of("duplicate-id")))
            else:
                first[key] = item
        if fact.parent is not None and fact.parent[0] not in unit_ids:
            parent, path, loc = fact.parent
            near = hints.did_you_mean(parent, sorted(unit_ids))
            hint = "Tulis id unit induk yang ada di folder `units/`."
            out.append(Problem(path, *locate(path, loc), "unknown-parent-unit", f"Unit induk `{parent}` tidak ada.",
                               f"{near} {hint}" if near else hint,
                               severity_of("unknown-parent-unit")))
    return out


