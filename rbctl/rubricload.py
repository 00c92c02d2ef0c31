"""Loading rubrics (built in, or a file a workspace points to) and checking them.

Every problem is located (file, line, column) with the document's positions, as `validate`
does for records. A rubric with problems is not returned: scores are never computed from a
rubric whose weights do not add up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import ValidationError

from rbctl.problems import Problem, Severity
from rbctl.rubric import ChoiceScale, PercentageScale, RangeScale, Rubric, Sourced
from rbctl.yamlload import Document, Loc, load_document

BUILTIN_DIR = Path(__file__).parent / "rubrics"
DEFAULT_RUBRIC = "pmprb-2020"  # for a workspace that names no rubric; `rbctl init` picks by level and year


@dataclass
class RubricLoad:
    """What loading a rubric gave: the rubric (None when it has errors) and the problems."""

    ref: str
    rel: str
    path: Path | None
    rubric: Rubric | None = None
    problems: list[Problem] = field(default_factory=list)
    builtin: bool = False
    # Warnings that do not stop scoring (a workspace's own rubric without `sumber`/`status`);
    # shown by `rubric check` and `rubric show`, not by every `validate`.
    notes: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.rubric is not None and not self.problems


def builtin_ids() -> list[str]:
    return sorted(p.stem for p in BUILTIN_DIR.glob("*.yaml"))


def _fmt(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    as_float = f"{float(value):.4f}".rstrip("0")
    return f"{value.numerator}/{value.denominator} (≈{as_float})"


def _pydantic_problems(doc: Document, exc: ValidationError) -> list[Problem]:
    out: list[Problem] = []
    for err in exc.errors():
        loc: Loc = tuple(x for x in err["loc"] if isinstance(x, str | int))
        # Drop discriminator tags ("choice", "range", ...) that are not keys of the document.
        real: list[str | int] = []
        node: Any = doc.data
        for part in loc:
            in_dict = isinstance(node, dict) and part in node
            in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
            if in_dict or in_list:
                node = node[part]
                real.append(part)
            elif err["type"] == "missing" or err["type"] == "extra_forbidden":
                real.append(part)
                break
        line, col = doc.at(tuple(real), key=err["type"] == "extra_forbidden")
        where = ".".join(str(p) for p in real) or "(akar)"
        if err["type"] == "missing":
            message, hint = f"Kunci `{where}` wajib diisi.", "Tambahkan kunci tersebut."
        elif err["type"] == "extra_forbidden":
            message = f"Kunci `{where}` tidak dikenal."
            hint = "Periksa ejaan kunci terhadap format rubrik (docs/score.md)."
        else:
            message = f"Nilai `{where}` tidak sah: {err['msg']}."
            hint = "Periksa nilai ini terhadap format rubrik (docs/score.md)."
        out.append(Problem(doc.rel, line, col, "rubric-schema", message, hint))
    return out


def check_rubric(rubric: Rubric, doc: Document) -> list[Problem]:
    """Consistency of a schema-valid rubric: weights, ids, scales, counts, grades."""
    problems: list[Problem] = []

    def add(loc: Loc, rule: str, message: str, hint: str, *, key: bool = False) -> None:
        line, col = doc.at(loc, key=key)
        problems.append(Problem(doc.rel, line, col, rule, message, hint))

    def sum_check(loc: Loc, name: str, weight: Fraction, parts: list[Fraction], what: str) -> None:
        total = sum(parts, Fraction(0))
        if total != weight:
            add((*loc, "weight"), "rubric-weights",
                f"Bobot {name} {_fmt(weight)} tidak sama dengan jumlah bobot {what} {_fmt(total)}.",
                f"Samakan bobot {name} dengan jumlah bobot {what}; tulis pecahan tepat seperti \"1/3\", "
                "bukan 0.33.")

    _check_scales(rubric, add)
    # Totals and weights
    sum_check((), "rubrik", rubric.total, [c.weight for c in rubric.components], "komponen")
    seen: dict[str, int] = {}

    def unique(loc: Loc, node_id: str) -> None:
        line, _ = doc.at((*loc, "id"))
        if node_id in seen:
            add((*loc, "id"), "rubric-duplicate-id",
                f"Id `{node_id}` dipakai dua kali (pertama di baris {seen[node_id]}).",
                "Setiap komponen, area, sub-area dan kriteria harus punya id sendiri.")
        else:
            seen[node_id] = line

    change_ids = rubric.change_area_ids()
    for ci, comp in enumerate(rubric.components):
        cloc: Loc = ("components", ci)
        unique(cloc, comp.id)
        sum_check(cloc, f"komponen `{comp.id}`", comp.weight, [a.weight for a in comp.areas], "area")
        for ai, area in enumerate(comp.areas):
            aloc: Loc = (*cloc, "areas", ai)
            unique(aloc, area.id)
            if area.change_area is not None and area.change_area not in change_ids:
                add((*aloc, "change_area"), "rubric-change-area",
                    f"Area perubahan `{area.change_area}` tidak ada di `change_areas`.",
                    "Pakai salah satu id di `change_areas`: " + ", ".join(sorted(change_ids)) + "."
                    if change_ids else "Tambahkan area perubahan itu ke `change_areas`.")
            sum_check(aloc, f"area `{area.id}`", area.weight, [s.weight for s in area.subareas], "sub-area")
            for si, sub in enumerate(area.subareas):
                sloc2: Loc = (*aloc, "subareas", si)
                unique(sloc2, sub.id)
                own = [c.weight for c in sub.criteria if c.weight is not None]
                if own and len(own) != len(sub.criteria):
                    add((*sloc2, "criteria"), "rubric-weights",
                        f"Sebagian kriteria sub-area `{sub.id}` berbobot sendiri, sebagian tidak.",
                        "Beri bobot pada semua kriteria sub-area ini, atau hapus semuanya (rata-rata biasa).")
                elif own:
                    sum_check(sloc2, f"sub-area `{sub.id}`", sub.weight, own, "kriteria")
                for ki, crit in enumerate(sub.criteria):
                    kloc: Loc = (*sloc2, "criteria", ki)
                    unique(kloc, crit.id)
                    _check_criterion(rubric, crit_loc=kloc, add=add, crit_index=(ci, ai, si, ki))

    _check_grades(rubric, add)
    _check_sources(rubric, add)
    _check_not_applicable(rubric, add)
    _check_thresholds(rubric, add)
    return problems


def walk_nodes(rubric: Rubric) -> list[tuple[Loc, str, Sourced]]:
    """Every node with provenance, its location in the document and its level name."""
    out: list[tuple[Loc, str, Sourced]] = []
    for ci, comp in enumerate(rubric.components):
        cloc: Loc = ("components", ci)
        out.append((cloc, "komponen", comp))
        for ai, area in enumerate(comp.areas):
            aloc: Loc = (*cloc, "areas", ai)
            out.append((aloc, "area", area))
            for si, sub in enumerate(area.subareas):
                sloc: Loc = (*aloc, "subareas", si)
                out.append((sloc, "sub-area", sub))
                out.extend(((*sloc, "criteria", ki), "kriteria", crit) for ki, crit in enumerate(sub.criteria))
    out.extend((("thresholds", ti), "ambang", th) for ti, th in enumerate(rubric.thresholds))
    return out


def _check_sources(rubric: Rubric, add: Any) -> None:
    known = sorted(rubric.pustaka)
    for loc, _, node in walk_nodes(rubric):
        for si, src in enumerate(node.sumber):
            if src.ref is not None and src.ref not in rubric.pustaka:
                add((*loc, "sumber", si, "ref"), "rubric-source",
                    f"Sumber `{src.ref}` tidak ada di `pustaka`.",
                    ("Pakai salah satu id di `pustaka`: " + ", ".join(known) + ".") if known
                    else "Tambahkan dokumen itu ke `pustaka` (judul dan alamat).")


def provenance_notes(rubric: Rubric, doc: Document, *, builtin: bool) -> list[Problem]:
    """Nodes without `status` or `sumber`: an error in a built-in rubric, else one warning."""
    missing = [(loc, level, node) for loc, level, node in walk_nodes(rubric)
               if node.status is None or not node.sumber]
    if not missing:
        return []
    loc, level, node = missing[0]
    line, col = doc.at(loc)
    what = "status" if node.status is None else "sumber"
    node_id = getattr(node, "id", "")
    message = (f"{len(missing)} simpul rubrik tanpa `status` atau `sumber`; yang pertama {level} "
               f"`{node_id}` tanpa `{what}`.")
    hint = ("Tulis `status` (resmi, turunan atau sementara) dan `sumber` (judul, alamat, lembar/pasal) "
            "pada setiap komponen, area, sub-area dan kriteria.")
    if builtin:
        return [Problem(doc.rel, line, col, "rubric-provenance", message, hint, Severity.ERROR)]
    return [Problem(doc.rel, line, col, "rubric-provenance", message + " Skor tetap dihitung.", hint,
                    Severity.WARNING)]


def _check_not_applicable(rubric: Rubric, add: Any) -> None:
    for ci, comp in enumerate(rubric.components):
        if comp.rescale_not_applicable:
            continue
        for ai, area in enumerate(comp.areas):
            for si, sub in enumerate(area.subareas):
                for ki, crit in enumerate(sub.criteria):
                    scale = rubric.scales.get(crit.scale)
                    if scale is not None and scale.not_applicable:
                        add(("components", ci, "areas", ai, "subareas", si, "criteria", ki, "scale"),
                            "rubric-scale",
                            f"Skala `{crit.scale}` menerima jawaban \"tidak berlaku\", tetapi komponen "
                            f"`{comp.id}` tidak dihitung ulang tanpa kriteria itu.",
                            "Tulis `rescale_not_applicable: true` pada komponen itu, atau pakai skala lain.")


def _check_thresholds(rubric: Rubric, add: Any) -> None:
    ids = {node.id for _, _, node in walk_nodes(rubric) if hasattr(node, "id")}
    groups = {c.group for c in rubric.components if c.group}
    for ti, th in enumerate(rubric.thresholds):
        for ki, cond in enumerate(th.conditions):
            target = cond.of
            ok = (target == "total" and not cond.each_area) or target in ids or (
                target.startswith("group:") and target[6:] in groups)
            if not ok:
                add(("thresholds", ti, "conditions", ki, "of"), "rubric-thresholds",
                    f"Syarat `{cond.label}` menunjuk `{target}` yang tidak ada di rubrik.",
                    "Tulis `total`, id komponen/area/sub-area, atau `group:<nama kelompok>`.")


def _check_scales(rubric: Rubric, add: Any) -> None:
    for sid, scale in rubric.scales.items():
        sloc: Loc = ("scales", sid)
        if isinstance(scale, ChoiceScale):
            for option, value in scale.options.items():
                if not 0 <= value <= 1:
                    add((*sloc, "options", option), "rubric-scale",
                        f"Nilai pilihan `{option}` pada skala `{sid}` ({_fmt(value)}) di luar 0-1.",
                        "Nilai pilihan ditulis antara 0 dan 1, misalnya A: 1, B: 0.67.")
        elif isinstance(scale, PercentageScale):
            if scale.cap <= 0:
                add((*sloc, "cap"), "rubric-scale", f"Batas (cap) skala `{sid}` harus lebih dari 0.",
                    "Tulis `cap: 100`.")
        elif isinstance(scale, RangeScale) and scale.max <= scale.min:
            add((*sloc, "max"), "rubric-scale", f"Nilai maksimum skala `{sid}` harus lebih besar dari minimum.",
                "Periksa `min` dan `max`.")



def _check_grades(rubric: Rubric, add: Any) -> None:
    bands = rubric.grades
    for gi in range(1, len(bands)):
        if bands[gi].above >= bands[gi - 1].above:
            add(("grades", gi, "above"), "rubric-grades",
                "Predikat harus diurutkan dari batas tertinggi ke terendah.",
                "Urutkan `grades` dari predikat tertinggi (misalnya AA) ke terendah (D).")
    low = bands[-1]
    if not (low.inclusive and low.above <= 0):
        add(("grades", len(bands) - 1), "rubric-grades",
            "Predikat terendah tidak mencakup indeks 0.",
            "Tulis predikat terendah dengan `above: 0` dan `inclusive: true`.")
    for gi, band in enumerate(bands):
        if band.above > rubric.total:
            add(("grades", gi, "above"), "rubric-grades",
                f"Batas predikat {band.grade} melebihi nilai total {_fmt(rubric.total)}.",
                "Periksa batas predikat.")


def _check_criterion(rubric: Rubric, *, crit_loc: Loc, add: Any, crit_index: tuple[int, int, int, int]) -> None:
    ci, ai, si, ki = crit_index
    crit = rubric.components[ci].areas[ai].subareas[si].criteria[ki]
    scale = rubric.scales.get(crit.scale)
    if scale is None:
        add((*crit_loc, "scale"), "rubric-undefined-scale",
            f"Skala `{crit.scale}` pada kriteria `{crit.id}` tidak didefinisikan.",
            "Pakai salah satu skala di `scales`: " + ", ".join(sorted(rubric.scales)) + ".")
        return
    if crit.weight is not None and crit.weight < 0:
        add((*crit_loc, "weight"), "rubric-weights", f"Bobot kriteria `{crit.id}` negatif.",
            "Tulis bobot 0 atau lebih.")
    if crit.counts is not None:
        if not isinstance(scale, PercentageScale):
            add((*crit_loc, "counts"), "rubric-counts",
                f"Kriteria `{crit.id}` punya `counts` tetapi skalanya `{crit.scale}` bukan persentase.",
                "Hapus `counts`, atau pakai skala persentase.")
        elif crit.counts.numerator == crit.counts.denominator:
            add((*crit_loc, "counts", "denominator"), "rubric-counts",
                f"Pembilang dan penyebut kriteria `{crit.id}` memakai id yang sama.",
                "Beri id berbeda, misalnya `sudah_melapor` dan `wajib_melapor`.")
    elif isinstance(scale, PercentageScale) and scale.from_counts:
        add((*crit_loc, "scale"), "rubric-counts",
            f"Kriteria `{crit.id}` memakai skala `{crit.scale}` yang dihitung dari jumlah, "
            "tetapi tidak punya `counts`.",
            "Tambahkan `counts` (numerator, numerator_label, denominator, denominator_label).")


def load_rubric_file(path: Path, rel: str, *, builtin: bool = False, trusted: bool = False) -> RubricLoad:
    """Read and check one rubric file (``trusted``: a built-in one as shipped, read without the
    checks, which the test suite runs on every built-in rubric). Never raises."""
    result = RubricLoad(ref=rel, rel=rel, path=path)
    doc = load_document(path, rel)
    if doc.problems or doc.data is None:
        result.problems = list(doc.problems)
        return result
    if not isinstance(doc.data, dict):
        result.problems = [Problem(rel, 1, 1, "rubric-schema", "Berkas rubrik harus berupa pemetaan (kunci: nilai).",
                                   "Mulai berkas dengan `kind: rubric`.")]
        return result
    try:
        rubric = Rubric.model_validate(doc.data)
    except ValidationError as exc:
        result.problems = sorted(_pydantic_problems(doc, exc))
        return result
    if trusted:
        resolve_sources(rubric)
        result.rubric = rubric
        return result
    result.problems = sorted(check_rubric(rubric, doc))
    notes = provenance_notes(rubric, doc, builtin=builtin)
    if builtin:
        result.problems = sorted(result.problems + notes)
    else:
        result.notes = notes
    if not result.problems:
        resolve_sources(rubric)
        result.rubric = rubric
    return result


def resolve_sources(rubric: Rubric) -> None:
    """Fill each `ref` source with its title and address from `pustaka` (checked before)."""
    for _, _, node in walk_nodes(rubric):
        for src in node.sumber:
            ref = rubric.pustaka.get(src.ref) if src.ref else None
            if ref is not None:
                src.judul = src.judul or ref.judul
                src.alamat = src.alamat or ref.alamat


@cache
def _builtin(rubric_id: str) -> RubricLoad:
    # The checks cost 0.1 s of every command; the shipped files are checked by the tests
    # (tests/test_rubric.py) and by `rbctl rubric check <id>`.
    return check_builtin(rubric_id, trusted=True)


def check_builtin(rubric_id: str, *, trusted: bool = False) -> RubricLoad:
    """A built-in rubric, read and (unless ``trusted``) checked."""
    path = BUILTIN_DIR / f"{rubric_id}.yaml"
    loaded = load_rubric_file(path, f"rbctl/rubrics/{rubric_id}.yaml", builtin=True, trusted=trusted)
    loaded.ref, loaded.builtin = rubric_id, True
    return loaded


def inside(base: Path, ref: str) -> bool:
    """A relative path without `..` that, symlinks resolved, stays inside ``base``."""
    pure = PurePosixPath(ref.replace("\\", "/"))
    if pure.is_absolute() or ref[1:3] in (":/", ":\\") or ".." in pure.parts:
        return False
    try:
        return (base / ref).resolve().is_relative_to(base.resolve())
    except (OSError, RuntimeError):
        return False


def is_path_ref(ref: str) -> bool:
    return ref.endswith((".yaml", ".yml")) or "/" in ref or "\\" in ref


def load_rubric(
    ref: str | None = None, base: Path | None = None, *, source: str = "rbctl.yaml",
    position: tuple[int, int] = (1, 1),
) -> RubricLoad:
    """A built-in rubric by id, or a rubric file by path (relative to ``base``, the workspace).

    ``source`` and ``position`` locate the reference (the `rubrik` key) for the not-found problem.
    """
    ref = (ref or DEFAULT_RUBRIC).strip()
    if ref in builtin_ids():
        return _builtin(ref)
    if is_path_ref(ref):
        path = Path(ref) if base is None else base / ref
        if base is not None and not inside(base, ref):
            return RubricLoad(ref=ref, rel=ref, path=None, problems=[Problem(
                source, *position, "rubric-path-outside",
                f"Berkas rubrik `{ref}` berada di luar ruang kerja.",
                "Salin berkas rubrik ke dalam ruang kerja (misalnya `rubrik/nama.yaml`) dan tulis jalur relatifnya.")])
        if path.is_file():
            loaded = load_rubric_file(path, ref)
            loaded.ref = ref
            return loaded
        return RubricLoad(ref=ref, rel=ref, path=path, problems=[Problem(
            source, *position, "rubric-unknown", f"Berkas rubrik `{ref}` tidak ditemukan.",
            "Tulis jalur relatif terhadap folder workspace, misalnya `rubrik/pmprb-2020-revisi.yaml`.")])
    return RubricLoad(ref=ref, rel=ref, path=None, problems=[Problem(
        source, *position, "rubric-unknown", f"Rubrik `{ref}` tidak dikenal.",
        "Pakai salah satu rubrik bawaan (" + ", ".join(builtin_ids()) + ") atau jalur berkas .yaml.")])


def builtin_rubric(rubric_id: str = DEFAULT_RUBRIC) -> Rubric:
    """A built-in rubric; raises ValueError if it is missing or broken (a packaging error)."""
    loaded = _builtin(rubric_id) if rubric_id in builtin_ids() else None
    if loaded is None or loaded.rubric is None:
        raise ValueError(f"rubrik bawaan `{rubric_id}` tidak tersedia atau rusak")
    return loaded.rubric
