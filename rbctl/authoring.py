"""Writing records for the user: a new workspace, a new unit, evidence, answers, layout.

Everything here returns what it did (or raises AuthoringError with a message and a hint);
the CLI prints. Every file goes through rbctl.writer: comments kept, atomic, an existing
file with other content is only replaced when the caller asks (``force``), and running a
command twice gives the same files as running it once.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, TypeVar

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from rbctl import fmtmemo
from rbctl.answerparse import Verdict, number_value, read_answer
from rbctl.checks import resolve_evidence_path
from rbctl.models import PLACEHOLDER, SCHEMA_VERSION, Answer, EvidenceKind, Level, ReviewAnswer, WorkspaceConfig
from rbctl.rubric import ChoiceScale, Criterion, PercentageScale, RangeScale, Rubric
from rbctl.rubricref import builtin_ids, load_rubric_for, read_rubric, rubric_path
from rbctl.scoring import Status, convert
from rbctl.validate import CACHE_DIR
from rbctl.workspace import (
    ANSWERS_DIR,
    CONFIG_NAME,
    EVIDENCE_DIR,
    EVIDENCE_FILE,
    NARRATIVES_DIR,
    PLANS_DIR,
    REPORTS_DIR,
    UNIT_FILE,
    UNITS_DIR,
    load_config,
    unit_files,
    unit_folders,
)
from rbctl.writer import (
    RecordReadError,
    RtRecord,
    UnsafeWriteError,
    WriteRefusedError,
    atomic_copy,
    atomic_write,
    block_map,
    canonical_text,
    file_sha256,
    flow_list,
    load_record,
    order_like,
    record_lock,
    save_record,
    write_if_unchanged,
    yaml_rt,
)

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_IMAGE = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".bmp", ".tif", ".tiff"}


class AuthoringError(Exception):
    """Something the user must fix first; nothing was written."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


@dataclass
class Change:
    path: Path
    action: str  # "dibuat", "diubah", "tetap" (unchanged), "dibiarkan" (kept, --force not applicable)


@dataclass
class Outcome:
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    ident: str | None = None  # the id a command created or used

    def add(self, path: Path, written: bool, existed: bool) -> None:
        self.changes.append(Change(path, ("diubah" if existed else "dibuat") if written else "tetap"))


# --- small helpers ------------------------------------------------------------------------


def scalar(value: object) -> str:
    """A value as YAML writes it in a flow/plain position (quoted only when needed)."""
    buffer = io.StringIO()
    yaml = yaml_rt()
    yaml.dump({"x": value}, buffer)
    return buffer.getvalue().removeprefix("x: ").rstrip("\n")


def comment_text(text: str) -> str:
    """Text safe inside a one-line `#` comment."""
    return " ".join(text.split())


def _write_new(path: Path, text: str, force: bool, out: Outcome) -> None:
    """Create a file, or leave it when identical; other content needs ``force``."""
    existed = path.exists()
    canonical = canonical_text(text, markdown=path.suffix == ".md", path=path)
    try:
        written = atomic_write(path, canonical, overwrite=force)
    except WriteRefusedError:
        raise AuthoringError(f"`{path}` sudah ada dengan isi lain; tidak ditimpa.",
                             "Tambahkan --force untuk menimpanya, atau ubah berkasnya langsung.") from None
    out.add(path, written, existed)


def _check_id(value: str, what: str) -> None:
    if not ID_PATTERN.match(value) or len(value) > 80:
        raise AuthoringError(f"{what} `{value}` tidak sah.",
                             "Pakai huruf, angka, titik, garis bawah dan tanda hubung, diawali huruf/angka, "
                             "misalnya `kpu-surabaya`.")


@dataclass
class Context:
    root: Path
    config: WorkspaceConfig
    rubric: Rubric


def context(root: Path) -> Context:
    """The workspace configuration and rubric, or an AuthoringError saying what is broken."""
    config, problems = load_config(root)
    if config is None:
        first = problems[0] if problems else None
        where = f" ({first.path}:{first.line}: {first.message})" if first else ""
        raise AuthoringError(f"`{CONFIG_NAME}` tidak dapat dibaca{where}.",
                             "Perbaiki dulu; periksa dengan `rbctl validate`.")
    rubric, rubric_problems, _key = load_rubric_for(root, config)
    if rubric is None:
        first_msg = rubric_problems[0].message if rubric_problems else ""
        raise AuthoringError(f"Rubrik ruang kerja tidak dapat dimuat. {first_msg}".strip(),
                             f"Periksa `rubrik` di {CONFIG_NAME}.")
    return Context(root, config.record, rubric)


def unit_folder(root: Path, unit_id: str, *, must_exist: bool = True) -> Path:
    _check_id(unit_id, "Id unit")
    folder = root / UNITS_DIR / unit_id
    if must_exist and not (folder / UNIT_FILE).is_file():
        known = ", ".join(p.name for p in unit_folders(root)[:8]) or "belum ada"
        raise AuthoringError(f"Unit `{unit_id}` tidak ada di ruang kerja.",
                             f"Buat dengan `rbctl new unit {unit_id} ...`; unit yang ada: {known}.")
    return folder


def _load(path: Path) -> RtRecord:
    try:
        record = load_record(path)
    except RecordReadError as exc:
        raise AuthoringError(f"{exc.path}:{exc.line}:{exc.column}: {exc.message}.",
                             "Perbaiki berkasnya dulu (periksa dengan `rbctl validate`).") from None
    if not isinstance(record.data, CommentedMap):
        raise AuthoringError(f"`{path}` bukan catatan (peta kunci: nilai).", "Periksa dengan `rbctl validate`.")
    return record


# --- init ---------------------------------------------------------------------------------


def config_text(organisation: str, year: int, rubric_id: str, legal_basis: str | None,
                main_unit: str | None = None) -> str:
    lines = [
        "# Konfigurasi ruang kerja rbctl: satu folder git berisi catatan RB seluruh unit.",
        "# Periksa isinya kapan saja dengan `rbctl validate`.",
        "jenis: konfigurasi",
        f"versi_skema: {SCHEMA_VERSION}",
        f"organisasi: {scalar(organisation)}",
        f"tahun: {year}",
        f"rubrik: {scalar(rubric_id)}  # id rubrik bawaan ({', '.join(builtin_ids())}) atau path berkas rubrik",
    ]
    if legal_basis:
        lines += ["dasar_hukum:", f"  - {scalar(legal_basis)}"]
    lines += ["# Unit ruang kerja ini sendiri: `rbctl report` tanpa --unit melaporkannya (tanpa ini: semua unit)."]
    lines += [f"unit_utama: {main_unit}"] if main_unit else ["# unit_utama: kpu-prov-jatim"]
    lines += [
        "# Bawaan untuk laporan (opsional):",
        "# laporan:",
        "#   tempat: Surabaya",
        "#   penandatangan:",
        "#     nama: Nama Penandatangan",
        "#     nip: \"198501012010011001\"",
        "#     jabatan: Sekretaris",
    ]
    return "\n".join(lines) + "\n"


def init_workspace(folder: Path, *, rubric_id: str, organisation: str, year: int, force: bool = False,
                   main_unit: str | None = None) -> Outcome:
    if not organisation.strip():
        raise AuthoringError("Nama organisasi kosong.", "Tulis --org \"KPU Provinsi Jawa Timur\".")
    if main_unit is not None:
        _check_id(main_unit, "Id unit utama")
    if not 2010 <= year <= 2100:
        raise AuthoringError(f"Tahun {year} di luar rentang 2010-2100.", "Tulis tahun empat angka, misalnya 2024.")
    if folder.exists() and not folder.is_dir():
        raise AuthoringError(f"`{folder}` adalah berkas, bukan folder.", "Pilih folder lain.")
    path = rubric_path(rubric_id, folder)
    if path is None:
        raise AuthoringError(f"Rubrik `{rubric_id}` tidak dikenal.",
                             f"Pakai id bawaan ({', '.join(builtin_ids())}) atau path berkas rubrik di folder itu.")
    legal_basis: str | None = None
    if rubric_id in builtin_ids():
        rubric, _problems = read_rubric(path, path.name)
        legal_basis = rubric.legal_basis if rubric is not None else None
    out = Outcome()
    _write_new(folder / CONFIG_NAME, config_text(organisation.strip(), year, rubric_id, legal_basis, main_unit),
               force, out)
    units = folder / UNITS_DIR
    if not units.is_dir():
        units.mkdir(parents=True)
        out.changes.append(Change(units, "dibuat"))
    keep = units / ".gitkeep"
    if not keep.exists():
        atomic_write(keep, "")
    ignore = folder / ".gitignore"
    if not ignore.exists():
        # The validate cache and the built reports are made from the records, never kept in git.
        atomic_write(ignore, f"{CACHE_DIR}/\n{REPORTS_DIR}/\n")
        out.changes.append(Change(ignore, "dibuat"))
    return out


# --- new unit -----------------------------------------------------------------------------


def unit_text(unit_id: str, name: str, level: Level, parent: str | None, chair: str | None,
              secretary: str | None) -> str:
    def person(key: str, value: str | None, role: str) -> list[str]:
        if value:
            return [f"{key}:", f"  nama: {scalar(value)}", f"  jabatan: {role}"]
        return [f"{key}:", f"  nama: {PLACEHOLDER}  # TODO: nama {role.lower()}", f"  jabatan: {role}"]

    lines = [
        f"# Profil unit {comment_text(name)}. Ganti isian {PLACEHOLDER} lalu jalankan `rbctl validate`.",
        "jenis: unit",
        f"versi_skema: {SCHEMA_VERSION}",
        f"id: {scalar(unit_id)}",
        f"nama: {scalar(name)}",
        f"tingkat: {level.value}",
    ]
    if parent:
        lines.append(f"induk: {scalar(parent)}")
    lines += person("ketua", chair, "Ketua")
    lines += person("sekretaris", secretary, "Sekretaris")
    lines += [
        "tim_rb:",
        "  # sk: id data dukung SK pembentukan Tim RB (daftarkan dengan `rbctl evidence add`)",
        "  anggota:",
        f"    - nama: {scalar(chair) if chair else PLACEHOLDER}",
        "      peran: Pengarah",
        f"    - nama: {scalar(secretary) if secretary else PLACEHOLDER}",
        "      peran: Koordinator",
    ]
    return "\n".join(lines) + "\n"


def plan_text(year: int, area_id: str, area_name: str) -> str:
    lines = [
        f"# Rencana aksi area {comment_text(area_name)} tahun {year}.",
        "jenis: rencana_aksi",
        f"versi_skema: {SCHEMA_VERSION}",
        f"tahun: {year}",
        f"area: {scalar(area_id)}",
        "rencana_aksi: []",
        "# Tulis kegiatan sebagai daftar di bawah `rencana_aksi:` (ganti `[]`), misalnya:",
        "#   - id: MP-01",
        "#     kegiatan: Penyusunan rencana kerja Tim RB",
        "#     output: Dokumen rencana kerja",
        "#     satuan: dokumen",
        "#     indikator: Rencana kerja ditetapkan",
        "#     target: {tw1: 1, tw2: 0, tw3: 0, tw4: 0, total: 1}",
        "#     pelaksana: Subbagian Perencanaan",
        "#     koordinator: Sekretaris",
    ]
    return "\n".join(lines) + "\n"


def evidence_text() -> str:
    lines = [
        "# Data dukung unit; berkasnya disimpan di folder `data-dukung/`.",
        "# Tambahkan dengan `rbctl evidence add BERKAS --unit ID --title ... --date ...`.",
        "jenis: data_dukung",
        f"versi_skema: {SCHEMA_VERSION}",
        "data_dukung: []",
    ]
    return "\n".join(lines) + "\n"


def scale_hint(rubric: Rubric, crit: Criterion) -> str:
    scale = rubric.scales.get(crit.scale)
    if isinstance(scale, ChoiceScale):
        return "/".join(scale.options)
    if isinstance(scale, PercentageScale):
        if crit.counts is not None and scale.from_counts:
            return f"jumlah: {crit.counts.numerator} / {crit.counts.denominator}"
        return "persen 0-100"
    if isinstance(scale, RangeScale):
        return f"nilai {_num(scale.min)}-{_num(scale.max)}"
    return crit.scale


def _num(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else str(float(value)).replace(".", ",")


def _criterion_comment(rubric: Rubric, crit: Criterion) -> str:
    return comment_text(f"{crit.text} [{scale_hint(rubric, crit)}]")


def _empty_answer_lines(rubric: Rubric, crit: Criterion) -> list[str]:
    scale = rubric.scales.get(crit.scale)
    lines = [f"  {crit.id}:  # {_criterion_comment(rubric, crit)}"]
    # The guide (what each answer means, the evidence expected) as comments: a new member can
    # answer from the file alone. `rbctl answer ID --explain` shows the same.
    lines.extend(f"    # {comment_text(line)}" for line in crit.guide_lines())
    if isinstance(scale, PercentageScale) and scale.from_counts and crit.counts is not None:
        lines.append("    jumlah: {}")
    else:
        lines.append("    jawaban:")
    return lines


def answers_text(rubric: Rubric, year: int) -> str:
    lines = [
        f"# Penilaian mandiri (LKE) {year}, rubrik {rubric.id}: {comment_text(rubric.title)}.",
        "# Setiap kriteria di bawah `jawaban:` belum dijawab. Isi dengan",
        "# `rbctl answer KRITERIA NILAI --unit ID` atau langsung di sini; pilihan jawaban",
        "# ada di [kurung] pada komentar. Tambahkan `data_dukung: [ID]` dan `penjelasan: ...`.",
        "jenis: lke",
        f"versi_skema: {SCHEMA_VERSION}",
        f"tahun: {year}",
        f"rubrik: {scalar(rubric.id)}",
        "jawaban:",
    ]
    first = True
    for comp in rubric.components:
        for area in comp.areas:
            for sub in area.subareas:
                if not first:
                    lines.append("")
                first = False
                where = " › ".join(x for x in (comp.name, area.name or area.id, sub.name) if x)
                lines.append(f"  # {sub.id} {comment_text(where)}")
                for crit in sub.criteria:
                    lines.extend(_empty_answer_lines(rubric, crit))
    return "\n".join(lines) + "\n"


def new_unit(root: Path, unit_id: str, *, name: str, level: Level, parent: str | None = None,
             chair: str | None = None, secretary: str | None = None, year: int | None = None,
             force: bool = False) -> Outcome:
    ctx = context(root)
    folder = unit_folder(root, unit_id, must_exist=False)
    if not name.strip():
        raise AuthoringError("Nama unit kosong.", "Tulis --name \"KPU Kota Surabaya\".")
    if parent is not None:
        _check_id(parent, "Id unit induk")
        if parent == unit_id:
            raise AuthoringError("Unit tidak dapat menjadi induk dirinya sendiri.", "Periksa --parent.")
        if not (root / UNITS_DIR / parent / UNIT_FILE).is_file():
            raise AuthoringError(f"Unit induk `{parent}` tidak ada di ruang kerja.",
                                 f"Buat dulu dengan `rbctl new unit {parent} ...`, atau hapus --parent.")
    year = year or ctx.config.tahun
    out = Outcome(ident=unit_id)
    _write_new(folder / UNIT_FILE,
               unit_text(unit_id, name.strip(), level, parent, chair, secretary), force, out)
    registry = folder / EVIDENCE_FILE
    if registry.exists():
        out.changes.append(Change(registry, "dibiarkan"))
    else:
        _write_new(registry, evidence_text(), False, out)
    keep = folder / EVIDENCE_DIR / ".gitkeep"
    if not keep.exists():
        atomic_write(keep, "")
    names = {a.id: a.name for a in ctx.rubric.change_areas}
    for area_id, area_name in names.items():
        path = folder / PLANS_DIR / f"{area_id}.yaml"
        if path.exists():
            out.changes.append(Change(path, "dibiarkan"))
            continue
        _write_new(path, plan_text(year, area_id, area_name), False, out)
    answers = folder / ANSWERS_DIR / f"{year}.yaml"
    if answers.exists():
        out.changes.append(Change(answers, "dibiarkan"))
        out.notes.append(f"`{answers.name}` sudah ada dan tidak disentuh (jawaban tidak pernah ditimpa).")
    else:
        _write_new(answers, answers_text(ctx.rubric, year), False, out)
    return out


# --- evidence add -------------------------------------------------------------------------


def _next_evidence_id(unit_id: str, taken: set[str]) -> str:
    prefix = f"{unit_id}-DD-"
    numbers = [int(i[len(prefix):]) for i in taken if i.startswith(prefix) and i[len(prefix):].isdigit()]
    number = max(numbers, default=0) + 1
    while f"{prefix}{number:03d}" in taken:
        number += 1
    return f"{prefix}{number:03d}"


def _action_ids(folder: Path) -> set[str]:
    ids: set[str] = set()
    plans = folder / PLANS_DIR
    if not plans.is_dir():
        return ids
    for path in sorted(plans.glob("*.y*ml")):
        try:
            data = load_record(path).data
        except RecordReadError:
            continue
        items = data.get("rencana_aksi") if isinstance(data, dict) else None
        for item in items or []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                ids.add(item["id"])
    return ids


def _registry(folder: Path) -> RtRecord:
    path = folder / EVIDENCE_FILE
    if not path.exists():
        atomic_write(path, canonical_text(evidence_text(), path=path))
    record = _load(path)
    items = record.data.get("data_dukung")
    if items is None:
        record.data["data_dukung"] = CommentedSeq()
    elif not isinstance(items, list):
        raise AuthoringError(f"`data_dukung` di {path} bukan daftar.", "Periksa dengan `rbctl validate`.")
    return record


def guess_kind(name: str) -> EvidenceKind:
    return EvidenceKind.FOTO if Path(name).suffix.lower() in _IMAGE else EvidenceKind.DOKUMEN


@dataclass
class EvidenceRequest:
    """What `rbctl evidence add` was asked to record, before it touches any file."""

    entry: dict[str, Any]
    is_link: bool
    copy_from: Path | None = None  # a file outside the unit, to be copied to ``target``
    target: Path | None = None


def _check_refs(ctx: Context, folder: Path, unit_id: str, criteria: list[str], activities: list[str]) -> None:
    known_criteria = ctx.rubric.criteria()
    for crit in criteria:
        if crit not in known_criteria:
            raise AuthoringError(f"Kriteria `{crit}` tidak ada di rubrik `{ctx.rubric.id}`.",
                                 "Lihat id kriteria di berkas LKE unit atau dengan `rbctl rubric show`.")
    if activities:
        actions = _action_ids(folder)
        for act in activities:
            if act not in actions:
                raise AuthoringError(f"Kegiatan `{act}` tidak ada di rencana aksi unit `{unit_id}`.",
                                     "Periksa id kegiatan di folder `rencana-aksi/`.")


def _evidence_request(folder: Path, source: str, *, title: str, date: dt.date, kind: EvidenceKind | None,
                      criteria: list[str], activities: list[str], note: str | None) -> EvidenceRequest:
    entry: dict[str, Any] = {"judul": title.strip()}
    if re.match(r"^https?://\S+$", source):
        request = EvidenceRequest(entry, is_link=True)
        entry.update(jenis=(kind or EvidenceKind.TAUTAN).value, tanggal=date, tautan=source)
    else:
        file = Path(source)
        if not file.is_file():
            raise AuthoringError(f"Berkas `{source}` tidak ada.", "Periksa path-nya, atau beri tautan https://...")
        request = EvidenceRequest(entry, is_link=False)
        inside = _inside(folder, file)
        if inside is not None:
            berkas = inside
            if resolve_evidence_path(folder, berkas)[0] is None:
                raise AuthoringError(f"`{source}` tidak dapat didaftarkan dari tempatnya.",
                                     "Simpan berkas biasa (bukan symlink) di folder unit, atau beri path di luar unit "
                                     "agar disalin.")
        else:
            request.target = folder / EVIDENCE_DIR / _safe_name(file.name)
            request.copy_from = file
            berkas = f"{EVIDENCE_DIR}/{request.target.name}"
        entry.update(jenis=(kind or guess_kind(file.name)).value, tanggal=date, berkas=berkas,
                     sha256=file_sha256(file))
    if criteria:
        entry["kriteria"] = list(dict.fromkeys(criteria))
    if activities:
        entry["kegiatan"] = list(dict.fromkeys(activities))
    if note:
        entry["keterangan"] = note
    return request


def _existing_entry(items: list[Any], request: EvidenceRequest, evidence_id: str | None,
                    force: bool, *, kind_given: bool) -> CommentedMap | None:
    """The registry entry this request updates (same file or link, or the id asked for), if any.

    A kind that was only guessed from the file name never overrides the one recorded.
    """
    key = "tautan" if request.is_link else "berkas"
    same = [i for i in items if isinstance(i, CommentedMap) and i.get(key) == request.entry[key]]
    existing = same[0] if same else None
    if evidence_id is not None:
        by_id = [i for i in items if isinstance(i, CommentedMap) and i.get("id") == evidence_id]
        if by_id and existing is not None and by_id[0] is not existing:
            raise AuthoringError(f"Id `{evidence_id}` sudah dipakai data dukung lain, dan berkas ini sudah terdaftar "
                                 f"sebagai `{existing.get('id')}`.", "Pakai id yang lain, atau hapus --id.")
        if by_id and existing is None:
            if not force:
                raise AuthoringError(f"Id `{evidence_id}` sudah dipakai untuk `{_source_of(by_id[0])}`.",
                                     "Pakai id yang lain, atau --force untuk mengganti entri itu.")
            existing = by_id[0]
    if existing is None:
        return None
    if not kind_given and "jenis" in existing:
        request.entry.pop("jenis", None)
    ident = str(existing.get("id"))
    if evidence_id is not None and ident != evidence_id and not force:
        raise AuthoringError(f"`{_source_of(existing)}` sudah terdaftar sebagai `{ident}`.",
                             f"Rujuk `{ident}`, atau --force untuk mengganti id-nya.")
    conflicts = [k for k, v in request.entry.items() if k in existing and not _same(existing[k], v)]
    if conflicts and not force:
        listed = ", ".join(f"`{k}`" for k in conflicts)
        raise AuthoringError(f"`{_source_of(existing)}` sudah terdaftar sebagai `{ident}` dengan {listed} lain.",
                             "Tambahkan --force untuk memperbarui entri itu.")
    return existing


def add_evidence(root: Path, unit_id: str, source: str, *, title: str, date: dt.date,
                 kind: EvidenceKind | None = None, criteria: list[str] | None = None,
                 activities: list[str] | None = None, evidence_id: str | None = None,
                 note: str | None = None, force: bool = False) -> Outcome:
    """Register a file (copied into the unit's ``data-dukung/`` when it is elsewhere) or a link.

    The same file added again is a no-op; the same file with other details, another file
    under a name already taken, or an id already used are refused unless ``force``.
    """
    ctx = context(root)
    folder = unit_folder(root, unit_id)
    if not title.strip():
        raise AuthoringError("Judul data dukung kosong.", "Tulis --title \"SK Tim RB 2024\".")
    if evidence_id is not None:
        _check_id(evidence_id, "Id data dukung")
    _check_refs(ctx, folder, unit_id, criteria or [], activities or [])
    request = _evidence_request(folder, source, title=title, date=date, kind=kind, criteria=criteria or [],
                                activities=activities or [], note=note)
    with record_lock(folder / EVIDENCE_FILE):  # from the read to the write
        return _add_evidence_locked(folder, unit_id, request, evidence_id, force, kind_given=kind is not None)


def _add_evidence_locked(folder: Path, unit_id: str, request: Any, evidence_id: str | None, force: bool, *,
                         kind_given: bool) -> Outcome:
    record = _registry(folder)
    items: list[Any] = record.data["data_dukung"]
    existing = _existing_entry(items, request, evidence_id, force, kind_given=kind_given)
    target, copy_from = request.target, request.copy_from
    if target is not None and copy_from is not None and existing is None and not force and target.exists() \
            and file_sha256(target) != file_sha256(copy_from):
        raise AuthoringError(f"`{target}` sudah ada dengan isi lain.",
                             "Ganti nama berkasnya, atau --force untuk menimpanya.")
    if existing is not None:
        if evidence_id is not None:
            existing["id"] = evidence_id
        _update_map(existing, request.entry)
        ident = str(existing["id"])
    else:
        taken = {str(i.get("id")) for i in items if isinstance(i, dict)}
        ident = evidence_id or _next_evidence_id(unit_id, taken)
        new = CommentedMap()
        new["id"] = ident
        _update_map(new, request.entry)
        if isinstance(items, CommentedSeq):
            items.fa.set_block_style()
        items.append(new)
    out = Outcome(ident=ident)
    if target is not None and copy_from is not None:
        existed = target.exists()
        try:
            written = atomic_copy(copy_from, target, overwrite=force)
        except WriteRefusedError:
            raise AuthoringError(f"`{target}` sudah ada dengan isi lain.",
                                 "Ganti nama berkasnya, atau --force untuk menimpanya.") from None
        out.add(target, written, existed)
    out.add(record.path, save_record(record), True)
    return out


def _inside(folder: Path, file: Path) -> str | None:
    """``file`` relative to the unit folder, when it is inside it."""
    try:
        rel = file.absolute().relative_to(folder.absolute())
    except ValueError:
        try:
            rel = file.resolve().relative_to(folder.resolve())
        except ValueError:
            return None
    return rel.as_posix()


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "berkas"


def _source_of(item: Any) -> str:
    return str(item.get("berkas") or item.get("tautan") or item.get("id"))


def _same(old: Any, new: Any) -> bool:
    if isinstance(new, list):
        return isinstance(old, list) and [str(x) for x in old] == [str(x) for x in new]
    if isinstance(new, dt.date):
        return str(old) == new.isoformat()
    return bool(old == new)


def _update_map(target: CommentedMap, values: dict[str, Any]) -> None:
    for key, value in values.items():
        if key in target and _same(target[key], value):
            continue
        target[key] = flow_list(value) if isinstance(value, list) else value


# --- answer -------------------------------------------------------------------------------


@dataclass
class ParsedAnswer:
    value: str | int | float | None
    counts: dict[str, int | float]
    shown: str


def _number(value: Fraction) -> int | float:
    return value.numerator if value.denominator == 1 else float(value)


def parse_answer(rubric: Rubric, crit: Criterion, raw: str) -> ParsedAnswer:
    """Check a value typed on the command line against the criterion's scale (rbctl.answerparse)."""
    scale = rubric.scales[crit.scale]
    text = raw.strip()
    if scale.is_not_applicable(text):
        return ParsedAnswer(text, {}, text)
    if isinstance(scale, PercentageScale) and crit.counts is not None and "/" in text:
        return _parse_counts(scale, crit, raw)
    reading = read_answer(scale, crit, text)
    if reading.verdict is Verdict.EMPTY:
        raise AuthoringError("Jawaban kosong.", "Tulis jawabannya, misalnya `A`, `Ya` atau `85`.")
    if not reading.accepted:
        hint = reading.hint
        if isinstance(scale, PercentageScale) and scale.from_counts and crit.counts is not None:
            hint = f"Tulis dua jumlah {crit.counts.numerator}/{crit.counts.denominator}, misalnya 7/10."
        raise AuthoringError(f"`{raw}` tidak sah untuk {crit.id}: {reading.reason}.", hint)
    assert reading.canonical is not None
    conv = convert(scale, crit, reading.canonical)
    return ParsedAnswer(reading.canonical, {}, conv.shown or text)


def _parse_counts(scale: PercentageScale, crit: Criterion, raw: str) -> ParsedAnswer:
    assert crit.counts is not None
    left, _sep, right = raw.strip().partition("/")
    num, den = number_value(left), number_value(right)
    if num is None or den is None:
        raise AuthoringError(f"`{raw}` bukan dua jumlah.",
                             f"Tulis {crit.counts.numerator}/{crit.counts.denominator}, misalnya 7/10.")
    if 0 < den < num:
        raise AuthoringError(
            f"`{raw}`: {crit.counts.numerator} ({_number(num)}) lebih besar dari {crit.counts.denominator} "
            f"({_number(den)}).",
            f"Tulis {crit.counts.numerator}/{crit.counts.denominator}: bagian dulu, lalu seluruhnya, "
            f"misalnya {_number(den)}/{_number(num)} bila keduanya tertukar.")
    counts = {crit.counts.numerator: _number(num), crit.counts.denominator: _number(den)}
    conv = convert(scale, crit, None, counts)
    if conv.status is not Status.ANSWERED:
        raise AuthoringError(f"Jumlah `{raw}` tidak sah: {conv.note}.", "Periksa kedua jumlah.")
    return ParsedAnswer(None, counts, conv.shown or raw.strip())


def _evidence_ids(folder: Path) -> set[str]:
    path = folder / EVIDENCE_FILE
    if not path.exists():
        return set()
    data = _load(path).data
    return {str(i.get("id")) for i in data.get("data_dukung") or [] if isinstance(i, dict)}


def _answers_file(folder: Path, ctx: Context, year: int, out: Outcome) -> RtRecord:
    path = folder / ANSWERS_DIR / f"{year}.yaml"
    if not path.exists():
        _write_new(path, answers_text(ctx.rubric, year), False, out)
    record = _load(path)
    if record.data.get("tahun") != year:
        raise AuthoringError(f"`{path}` berisi `tahun: {record.data.get('tahun')}`, bukan {year}.",
                             "Perbaiki berkasnya dulu (periksa dengan `rbctl validate`).")
    return record


def _section(record: RtRecord, name: str, rubric: Rubric, crit_id: str) -> CommentedMap:
    section = record.data.get(name)
    if section is None:
        section = CommentedMap()
        record.data[name] = section
    if not isinstance(section, CommentedMap):
        raise AuthoringError(f"`{name}` di {record.path} bukan peta.", "Periksa dengan `rbctl validate`.")
    block_map(section)
    if crit_id not in section:
        order = list(rubric.criteria())
        after = {c: i for i, c in enumerate(order)}
        position = len(section)
        for i, key in enumerate(section):
            if after.get(str(key), len(order)) > after[crit_id]:
                position = i
                break
        entry = CommentedMap()
        section.insert(position, crit_id, entry, comment=_criterion_comment(rubric, rubric.criteria()[crit_id]))
    entry = section[crit_id]
    if entry is None:
        entry = CommentedMap()
        section[crit_id] = entry
    if not isinstance(entry, CommentedMap):
        raise AuthoringError(f"Jawaban `{crit_id}` di {record.path} bukan peta.", "Periksa dengan `rbctl validate`.")
    return block_map(entry)


def _criterion(rubric: Rubric, criterion: str) -> Criterion:
    crit = rubric.criteria().get(criterion)
    if crit is None:
        close = [c for c in rubric.criteria() if c.casefold() == criterion.casefold()]
        hint = f"Mungkin maksudnya `{close[0]}`?" if close else "Lihat id kriteria di berkas LKE unit."
        raise AuthoringError(f"Kriteria `{criterion}` tidak ada di rubrik `{rubric.id}`.", hint)
    return crit


def _answer_conflicts(entry: CommentedMap, parsed: ParsedAnswer, note: str | None, note_key: str) -> list[str]:
    """What is already written in the entry and would be replaced."""
    wanted: dict[str, Any] = {"jumlah": parsed.counts} if parsed.counts else {"jawaban": parsed.value}
    if note is not None:
        wanted[note_key] = note
    conflicts = []
    for key, value in wanted.items():
        old = entry.get(key)
        if old not in (None, "", {}) and not _same_answer(old, value):
            conflicts.append(f"`{key}: {_flat(old)}`")
    other = "jawaban" if parsed.counts else "jumlah"
    if entry.get(other) not in (None, "", {}):
        conflicts.append(f"`{other}: {_flat(entry.get(other))}`")
    return conflicts


def _apply_answer(entry: CommentedMap, parsed: ParsedAnswer, note: str | None, note_key: str,
                  evidence: list[str]) -> None:
    if parsed.counts:
        if "jawaban" in entry:
            del entry["jawaban"]
        old_counts = entry.get("jumlah")
        if not (isinstance(old_counts, dict) and _same_answer(old_counts, parsed.counts)):
            counts = CommentedMap(parsed.counts)
            counts.fa.set_flow_style()
            entry["jumlah"] = counts
    else:
        if entry.get("jumlah") not in (None, {}):
            del entry["jumlah"]
        if "jawaban" not in entry or not _same_answer(entry.get("jawaban"), parsed.value):
            entry["jawaban"] = parsed.value
    if note is not None and entry.get(note_key) != note:
        entry[note_key] = note
    if evidence:
        refs = entry.get("data_dukung")
        if isinstance(refs, list):
            refs.extend(ref for ref in evidence if ref not in refs)
        else:
            entry["data_dukung"] = flow_list(evidence)


def set_answer(root: Path, unit_id: str, criterion: str, raw: str, *, evidence: list[str] | None = None,
               note: str | None = None, year: int | None = None, review: bool = False,
               force: bool = False) -> Outcome:
    """Set one criterion's answer (or the reviewer's, with ``review``) in ``lke/<year>.yaml``.

    The same answer again changes nothing; another answer already written is refused
    unless ``force``. Evidence ids are added to those already listed.
    """
    ctx = context(root)
    folder = unit_folder(root, unit_id)
    crit = _criterion(ctx.rubric, criterion)
    parsed = parse_answer(ctx.rubric, crit, raw)
    evidence = list(dict.fromkeys(evidence or []))
    if evidence and review:
        raise AuthoringError("Jawaban reviu tidak memuat data dukung.", "Hapus --evidence, atau tanpa --review.")
    known = _evidence_ids(folder) if evidence else set()
    for ref in evidence:
        if ref not in known:
            raise AuthoringError(f"Data dukung `{ref}` tidak terdaftar di unit `{unit_id}`.",
                                 f"Daftarkan dulu: `rbctl evidence add BERKAS --unit {unit_id} ...`.")
    out = Outcome(ident=parsed.shown)
    target_year = year or ctx.config.tahun
    with record_lock(folder / ANSWERS_DIR / f"{target_year}.yaml"):  # from the read to the write
        return _set_answer_locked(ctx, folder, crit, criterion, parsed, evidence, note, target_year, review,
                                  force, out)


def _set_answer_locked(ctx: Context, folder: Path, crit: Criterion, criterion: str, parsed: ParsedAnswer,
                       evidence: list[str], note: str | None, year: int, review: bool, force: bool,
                       out: Outcome) -> Outcome:
    record = _answers_file(folder, ctx, year, out)
    entry = _section(record, "reviu" if review else "jawaban", ctx.rubric, criterion)
    note_key = "catatan" if review else "penjelasan"
    conflicts = _answer_conflicts(entry, parsed, note, note_key)
    if conflicts and not force:
        raise AuthoringError(f"{criterion} sudah berisi {', '.join(conflicts)}; tidak ditimpa.",
                             "Tambahkan --force untuk menggantinya.")
    _apply_answer(entry, parsed, note, note_key, evidence)
    order_like(entry, ReviewAnswer if review else Answer)
    out.add(record.path, save_record(record), True)
    scale = ctx.rubric.scales[crit.scale]
    top = convert(scale, crit, parsed.value, parsed.counts).value >= 1
    if top and not review and not entry.get("data_dukung"):
        out.notes.append(f"Jawaban tertinggi untuk {criterion} tanpa data dukung; penilai akan menanyakannya. "
                         f"Tambahkan dengan --evidence ID.")
    return out


def _same_answer(old: Any, new: Any) -> bool:
    if isinstance(new, dict):
        return isinstance(old, dict) and {str(k): float(v) for k, v in old.items()} == \
            {k: float(v) for k, v in new.items()}
    if isinstance(new, int | float) and not isinstance(new, bool):
        return isinstance(old, int | float) and not isinstance(old, bool) and float(old) == float(new)
    return bool(old == new)


def _flat(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
    return str(value)


# --- fmt ----------------------------------------------------------------------------------


_T = TypeVar("_T")


@dataclass
class FmtResult:
    changed: list[Path] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RecordReadError] = field(default_factory=list)


def record_paths(root: Path) -> list[Path]:
    """Every record file of the workspace, in a stable order."""
    paths = [root / CONFIG_NAME] if (root / CONFIG_NAME).is_file() else []
    for folder in unit_folders(root):
        paths.extend(unit_files(folder))
    return paths


_FMT_RUBRIC: dict[str, Rubric | None] = {"rubric": None}  # per process: set once, not pickled per file


def _set_fmt_rubric(rubric: Rubric | None) -> None:
    _FMT_RUBRIC["rubric"] = rubric


def _canonical_job(job: tuple[str, str, str | None]) -> tuple[str | None, tuple[int, int, str] | None]:
    """One file's canonical text, or where it cannot be read (a worker process's unit of work)."""
    path, text, kind = job
    try:
        return canonical_text(text, markdown=path.endswith(".md"), kind_hint=kind, path=Path(path),
                              rubric=_FMT_RUBRIC["rubric"]), None
    except RecordReadError as exc:
        return None, (exc.line, exc.column, exc.message)


def _advancing(items: Iterable[_T], advance: Callable[[int], None] | None) -> Iterator[_T]:
    for item in items:
        if advance is not None:
            advance(1)
        yield item


_PARALLEL_FMT_FROM = 24  # fewer files than this are faster in one process


def format_files(paths: list[Path], *, check: bool, memo_dir: Path | None = None,
                 jobs: int | None = None, advance: Callable[[int], None] | None = None,
                 rubric: Rubric | None = None, rubric_key: str = "") -> FmtResult:
    """Bring each record file to the canonical layout (or, with ``check``, only say which would change);
    with the workspace's ``rubric``, LKE answers to their canonical form (`ya` -> `Ya`, `'90'` -> 90).

    Files whose exact bytes are remembered as canonical (``fmtmemo``, keyed by the rubric's
    ``rubric_key`` too) are not formatted again; the others in two processes when there are many.
    """
    _set_fmt_rubric(rubric)
    result = FmtResult()
    known = fmtmemo.load(memo_dir)
    learned: set[str] = set()
    todo: list[tuple[Path, str, str]] = []  # path, text, memo key
    for path in paths:
        if path.is_symlink():
            result.errors.append(RecordReadError(path, 1, 1, "tautan simbolik; rbctl tidak menyunting lewat tautan"))
            continue
        try:
            raw = path.read_bytes()
            text = raw.decode("utf-8")
        except (OSError, UnicodeDecodeError):
            result.errors.append(RecordReadError(path, 1, 1, "tidak dapat dibaca sebagai teks UTF-8"))
            continue
        key = fmtmemo.digest(raw, _memo_kind(path, rubric_key), path.suffix == ".md")
        if key in known:
            result.unchanged += 1
            if advance is not None:
                advance(1)
            continue
        todo.append((path, text, key))
    work = [(str(path), text, _kind_hint(path)) for path, text, _key in todo]
    workers = jobs if jobs is not None else min(2, os.cpu_count() or 1)
    if workers > 1 and len(work) >= _PARALLEL_FMT_FROM:
        with ProcessPoolExecutor(workers, initializer=_set_fmt_rubric, initargs=(rubric,)) as pool:
            outcomes = list(_advancing(pool.map(_canonical_job, work, chunksize=max(1, len(work) // (workers * 8))),
                                       advance))
    else:
        outcomes = list(_advancing(map(_canonical_job, work), advance))
    for (path, text, key), (new, error) in zip(todo, outcomes, strict=True):
        if new is None:
            line, column, message = error or (1, 1, "")
            result.errors.append(RecordReadError(path, line, column, message))
            continue
        if new == text:
            result.unchanged += 1
            learned.add(key)
            continue
        if not check:
            try:
                write_if_unchanged(path, text.encode("utf-8"), new.encode("utf-8"))
            except UnsafeWriteError as exc:
                result.errors.append(RecordReadError(path, 1, 1, exc.message))
                continue
            learned.add(fmtmemo.digest(new.encode("utf-8"), _memo_kind(path, rubric_key), path.suffix == ".md"))
        result.changed.append(path)
    if learned:
        fmtmemo.save(memo_dir, known | learned)
    return result


def _memo_kind(path: Path, rubric_key: str) -> str | None:
    """The memo's kind of a file: an LKE's canonical form depends on the rubric too."""
    kind = _kind_hint(path)
    return f"{kind}:{rubric_key}" if kind == "lke" and rubric_key else kind


def _kind_hint(path: Path) -> str | None:
    if path.name == CONFIG_NAME:
        return "konfigurasi"
    if path.name == UNIT_FILE:
        return "unit"
    if path.name == EVIDENCE_FILE:
        return "data_dukung"
    return {PLANS_DIR: "rencana_aksi", ANSWERS_DIR: "lke", NARRATIVES_DIR: "narasi"}.get(path.parent.name)
