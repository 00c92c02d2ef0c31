"""Write the bundled example workspace, examples/kpu-jatim/, from tools/example_content.py.

    python tools/make_example.py [--out examples/kpu-jatim]

Deterministic: the same content gives byte-identical files (choices come from hashes of
names, not from a random generator), so re-running it after editing the content shows a
readable diff. It replaces `units/` and writes rbctl.yaml and .gitignore; README.md there is written by hand.
Needs Pillow for the photos (JPEG/PNG).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import math
import re
import shutil
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from example_content import (
    ACTIVITIES,
    ALL_AREAS,
    BAGIAN_PROV,
    COUNT_FROM_ACTIVITY,
    DASAR_HUKUM,
    DENOMINATORS,
    EVIDENCE,
    LHKASN_SHARE,
    NARASI,
    RANGES,
    REVIU,
    REVIU_UNIT,
    SHARED_VALUES,
    SUBBAG_KAB,
    TEXTS,
    UNITS,
    YEAR,
    Activity,
    EvidenceSpec,
    Member,
    UnitSpec,
)

from rbctl.rubric import ChoiceScale, PercentageScale, Rubric
from rbctl.rubricload import builtin_rubric

AREA_CODES = {"manajemen-perubahan": "MP", "deregulasi": "DK", "organisasi": "OR", "tata-laksana": "TL",
              "sdm": "SDM", "akuntabilitas": "AK", "pengawasan": "PW", "pelayanan-publik": "PP"}
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]


CORE = {e.key: e.core for e in EVIDENCE}


def chance(*parts: object) -> float:
    """A stable number in [0, 1) for a combination of names (in place of a random generator)."""
    digest = hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


# --- a small YAML writer that keeps the order and reads like hand-written files -----------


class Flow(dict[str, Any]):
    """A mapping written on one line: {tw1: 1, tw2: 0}."""


class Quoted(str):
    """A string always written in quotes (NIPs: digits that must stay text)."""

    __slots__ = ()


_PLAIN_BAD = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`\s]|: | #|:$|\s$|^$")
_RESERVED = re.compile(
    r"^(~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|n|Y|N)$"
    r"|^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$|^0[xob]|^[-+]?\.(inf|nan)$"
    r"|^\d{4}-\d\d?-\d\d?"
)


def scalar(value: Any, *, flow: bool = False) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value)
    needs_quotes = (isinstance(value, Quoted) or _PLAIN_BAD.search(text) is not None
                    or _RESERVED.search(text) is not None or "\n" in text
                    or (flow and any(c in text for c in ",[]{}")))
    return json.dumps(text, ensure_ascii=False) if needs_quotes else text


def plain_date(value: str) -> str:
    return value  # dates are written unquoted, as people write them


def emit(data: dict[str, Any], indent: int = 0) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for key, value in data.items():
        if key.startswith("#"):
            lines.append(f"{pad}{key}" if key.strip() != "#" else "")
            continue
        if value is None:
            continue
        if isinstance(value, Flow):
            inner = ", ".join(f"{k}: {scalar(v, flow=True)}" for k, v in value.items())
            lines.append(f"{pad}{key}: {{{inner}}}")
        elif isinstance(value, dict):
            lines.append(f"{pad}{key}:")
            lines.extend(emit(value, indent + 2))
        elif isinstance(value, list):
            if not value:
                continue
            if all(not isinstance(v, dict) for v in value):
                inline = "[" + ", ".join(scalar(v, flow=True) for v in value) + "]"
                if len(pad) + len(key) + len(inline) < 110:
                    lines.append(f"{pad}{key}: {inline}")
                else:
                    lines.append(f"{pad}{key}:")
                    lines.extend(f"{pad}  - {scalar(v)}" for v in value)
                continue
            lines.append(f"{pad}{key}:")
            for item in value:
                sub = emit(item, indent + 4)
                first = next(i for i, line in enumerate(sub) if line and not line.lstrip().startswith("#"))
                lines.extend(sub[:first])
                lines.append(f"{pad}  - {sub[first].lstrip()}")
                lines.extend(sub[first + 1:])
        elif key == "tanggal":
            lines.append(f"{pad}{key}: {plain_date(value)}")
        else:
            lines.append(f"{pad}{key}: {scalar(value)}")
    return lines


def yaml_text(header: Iterable[str], data: dict[str, Any]) -> str:
    return "".join(f"# {h}\n" if h else "#\n" for h in header) + "\n".join(emit(data)) + "\n"


# --- small real files: PDF, PNG/JPEG, text --------------------------------------------------


def _pdf_escape(text: str) -> str:
    raw = text.encode("latin-1", "replace").decode("latin-1")
    return raw.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(lines: list[str], title: str) -> bytes:
    """A one-page A4 PDF with the lines in Helvetica (first line bold): small, valid, deterministic."""
    ops = ["BT", "/F2 12 Tf", "16 TL", "64 770 Td"]
    for i, line in enumerate(lines):
        if i == 1:
            ops.append("/F1 10.5 Tf")
        ops.append(f"({_pdf_escape(line)}) Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R "
        b"/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Title (" + _pdf_escape(title).encode("latin-1") + b") /Producer (rbctl example) >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 7 0 R >>\nstartxref\n{xref}\n%%EOF\n"
              .encode())
    return out.getvalue()


def make_image(kind: str, label: str, seed: str) -> bytes:
    """A small picture: a 'photo' of a meeting (JPEG) or an application 'screenshot' (PNG)."""
    from PIL import Image, ImageDraw  # Pillow: only this tool needs it

    width, height = 320, 200
    if kind == "png":  # an application window with a header, a table and a button
        img = Image.new("RGB", (width, height), (245, 246, 250))
        draw = ImageDraw.Draw(img)
        draw.rectangle((0, 0, width, 26), fill=(128, 0, 0))
        draw.text((8, 7), label[:48], fill=(255, 255, 255))
        for row in range(7):
            y = 38 + row * 20
            fill = (255, 255, 255) if row % 2 else (232, 236, 242)
            draw.rectangle((10, y, width - 10, y + 18), fill=fill)
            draw.text((14, y + 4), f"{row + 1}.", fill=(60, 60, 60))
            length = 60 + int(chance(seed, row) * 150)
            draw.rectangle((34, y + 7, 34 + length, y + 11), fill=(150, 160, 175))
        draw.rectangle((width - 90, height - 20, width - 12, height - 6), fill=(0, 102, 204))
        buffer = io.BytesIO()
        img.save(buffer, "PNG", optimize=True)
        return buffer.getvalue()
    img = Image.new("RGB", (width, height), (206, 190, 160))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, width, 60), fill=(170, 150, 120))  # wall
    draw.rectangle((40, 8, width - 40, 42), fill=(150, 20, 30))  # banner
    draw.text((48, 18), label[:40], fill=(255, 255, 255))
    draw.rectangle((30, 120, width - 30, 150), fill=(110, 70, 40))  # table
    for i in range(9):
        x = 30 + i * 32 + int(chance(seed, "x", i) * 8)
        y = 88 + int(chance(seed, "y", i) * 10)
        skin = (180 + int(chance(seed, "s", i) * 40), 140, 110)
        shirt = [(240, 240, 240), (30, 60, 120), (120, 20, 20), (200, 200, 200)][i % 4]
        draw.rectangle((x - 10, y + 14, x + 10, y + 40), fill=shirt)
        draw.ellipse((x - 8, y - 4, x + 8, y + 14), fill=skin)
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=70, optimize=True)
    return buffer.getvalue()


# --- the unit, as the generator sees it ----------------------------------------------------


@dataclass
class Evidence:
    spec: EvidenceSpec
    id: str
    date: str
    kegiatan: list[str] = field(default_factory=list)


@dataclass
class Item:
    activity: Activity
    id: str
    area: str
    target: tuple[int, int, int, int]
    realised: dict[int, int] = field(default_factory=dict)
    planned: dict[int, int] = field(default_factory=dict)
    on_track: bool = True


class UnitBuild:
    def __init__(self, spec: UnitSpec, rubric: Rubric) -> None:
        self.spec = spec
        self.rubric = rubric
        self.q = spec.quality
        self.sub_names = BAGIAN_PROV if spec.tingkat == "provinsi" else SUBBAG_KAB
        self.places = {
            "unit": spec.nama, "UNIT": spec.nama.upper(), "satker": "Sekretariat " + spec.nama,
            "SATKER": ("Sekretariat " + spec.nama).upper(), "wilayah": spec.wilayah, "kota": spec.kota,
            "sk": spec.sk_number, "ketua": spec.ketua.nama, "ketua_tim": spec.tim[0].nama,
            "sub": spec.unit_kind.lower(),
        }
        self.items: dict[str, list[Item]] = {}
        self.evidence: dict[str, Evidence] = {}
        self.choose_activities()
        self.realise()
        self.choose_evidence()

    def fmt(self, text: str, **extra: object) -> str:
        return text.format_map({**self.places, **extra})

    # activities and their realisation
    def choose_activities(self) -> None:
        for area in ALL_AREAS:
            catalog = ACTIVITIES[area]
            if self.q >= 0.9:
                count = 4
            elif self.q >= 0.7:
                count = 3 + (chance(self.spec.id, area, "n") < 0.5)
            else:
                count = 2 + (chance(self.spec.id, area, "n") < 0.5)
            ranked = sorted(catalog, key=lambda a: (a is not catalog[0], chance(self.spec.id, a.key)))
            chosen = [a for a in catalog if a in ranked[:count]]
            self.items[area] = [
                Item(a, f"{self.spec.code}-{AREA_CODES[area]}-{i:02d}", area, self.target_of(a))
                for i, a in enumerate(chosen, 1)
            ]

    def target_of(self, activity: Activity) -> tuple[int, int, int, int]:
        if not activity.per_staff:
            scale = 2 if self.spec.tingkat == "provinsi" and activity.target[0] >= 5 else 1
            t = tuple(int(x) * scale for x in activity.target)
            return t[0], t[1], t[2], t[3]
        staff = self.spec.pegawai
        parts = [round(share * staff) for share in activity.target]
        return parts[0], parts[1], parts[2], parts[3]

    def realise(self) -> None:
        for items in self.items.values():
            for item in items:
                roll = chance(self.spec.id, item.id, "late")
                shortfall = (item.area in self.spec.late_areas and roll < 0.7) or (self.q < 0.6 and roll > 0.75)
                # documents every unit has (core) cannot come from an activity that slipped
                shortfall = shortfall and not any(CORE[key] for _q, key in item.activity.evidence)
                item.on_track = not shortfall
                carried = 0
                for quarter in (1, 2):
                    planned = item.target[quarter - 1] + carried
                    if planned == 0:
                        continue
                    if shortfall and quarter == (1 if item.target[0] > 0 else 2):
                        done = planned // 2 if planned > 1 else 0
                    else:
                        done = planned
                    item.realised[quarter] = done
                    item.planned[quarter] = planned
                    carried = planned - done

    # evidence
    def choose_evidence(self) -> None:
        chosen_acts = {item.activity.key: item for items in self.items.values() for item in items}
        tied: dict[str, list[tuple[str, int]]] = {}
        for area_acts in ACTIVITIES.values():
            for act in area_acts:
                for quarter, key in act.evidence:
                    tied.setdefault(key, []).append((act.key, quarter))
        number = 0
        for spec in EVIDENCE:
            if spec.core:
                keep = True
            elif spec.key in tied:
                # an activity's document exists when the activity did something in that quarter
                keep = any(a in chosen_acts and chosen_acts[a].realised.get(q) != 0 for a, q in tied[spec.key])
                keep = keep and chance(self.spec.id, spec.key) < self.q + 0.25
            else:
                keep = chance(self.spec.id, spec.key) < self.q + 0.1
            if not keep:
                continue
            number += 1
            date = spec.tanggal if len(spec.tanggal) == 10 else f"{YEAR}-{spec.tanggal}"
            self.evidence[spec.key] = Evidence(spec, f"{self.spec.code}-DD-{number:03d}", date)

    def evidence_for(self, criterion: str) -> list[str]:
        return [e.id for e in self.evidence.values() if criterion in e.spec.kriteria][:3]


# --- records ---------------------------------------------------------------------------------


def person(member: Member, *, with_role: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"nama": member.nama, "nip": Quoted(member.nip) if member.nip else None,
                           "jabatan": member.jabatan}
    if with_role:
        out["peran"] = member.peran
        out["area"] = list(member.area)
    return out


def unit_record(unit: UnitBuild) -> str:
    spec = unit.spec
    sk = unit.evidence["sk-tim-rb"].id
    data: dict[str, Any] = {
        "jenis": "unit", "versi_skema": 1, "id": spec.id, "nama": spec.nama, "tingkat": spec.tingkat,
        "induk": spec.induk, "ketua": person(spec.ketua), "sekretaris": person(spec.sekretaris),
        "#": "",
        "# Tim RB sesuai SK; `area` = area perubahan yang dikoordinasikan anggota itu.": "",
        "tim_rb": {
            "sk": sk,
            "anggota": [person(spec.ketua, with_role=True), person(spec.sekretaris, with_role=True)]
            + [person(m, with_role=True) for m in spec.tim],
        },
        "laporan": {
            "tempat": spec.kota,
            "penandatangan": person(spec.sekretaris),
        },
    }
    return yaml_text([f"Profil unit {spec.nama}.", spec.comment], data)


def coordinator(spec: UnitSpec, area: str) -> str:
    for member in spec.tim:
        if area in member.area:
            return member.nama
    return spec.sekretaris.nama


def quarter_name(q: int) -> str:
    return ["TW I", "TW II", "TW III", "TW IV"][q - 1]


def plan_record(unit: UnitBuild, area: str, area_name: str) -> str:
    spec = unit.spec
    items = []
    for item in unit.items[area]:
        act = item.activity
        quarters = sorted(item.realised)
        cited: dict[int, list[str]] = {q: [] for q in quarters}
        loose: list[str] = []  # evidence with no realisation to hang on: cited by the item itself
        for q, key in act.evidence:
            if key not in unit.evidence:
                continue
            ev = unit.evidence[key]
            later = [r for r in quarters if r >= q]
            if not later:
                loose.append(ev.id)
            elif item.realised[later[0]] > 0:
                cited[later[0]].append(ev.id)
            else:
                continue  # postponed: the document is a draft, not yet evidence of this activity
            ev.kegiatan.append(item.id)
        realisasi: dict[str, Any] = {}
        total = sum(item.target)
        for q in quarters:
            done, planned = item.realised[q], item.planned[q]
            cumulative = sum(item.realised[r] for r in quarters if r <= q)
            if done == 0:
                status = "tertunda"
            elif cumulative >= total:
                status = "selesai"
            else:
                status = "berjalan"
            entry: dict[str, Any] = {"nilai": done, "status": status}
            if done < planned:
                entry["kendala"] = act.kendala
                entry["tindak_lanjut"] = act.tindak_lanjut
            else:
                entry["catatan"] = act.catatan[q - 1] or None
            entry["data_dukung"] = cited[q]
            realisasi[f"tw{q}"] = entry
        anggaran = act.anggaran * (5 if spec.tingkat == "provinsi" else 2) // 2
        anggaran = round(anggaran / 100_000) * 100_000
        t = item.target
        entry_item: dict[str, Any] = {
            "id": item.id, "kegiatan": act.kegiatan, "output": act.output, "satuan": act.satuan,
            "indikator": act.indikator,
            "target": Flow(tw1=t[0], tw2=t[1], tw3=t[2], tw4=t[3], total=sum(t)),
            "anggaran": anggaran,
            "pelaksana": unit.sub_names[act.pelaksana],
            "koordinator": coordinator(spec, area),
            "jadwal": act.jadwal,
            "kriteria": [c for c in act.kriteria if c in unit.rubric.criteria()],
            "realisasi": realisasi or None,
            "data_dukung": loose,
        }
        if anggaran == 0:
            entry_item["# tanpa anggaran: dilaksanakan dalam rapat dan apel rutin"] = ""
            entry_item.pop("anggaran")
            entry_item = _move_comment_before(entry_item, "pelaksana")
        items.append(entry_item)
    data = {"jenis": "rencana_aksi", "versi_skema": 1, "tahun": YEAR, "area": area, "#": "",
            "rencana_aksi": items}
    header = [f"Rencana aksi {YEAR} area {area_name}, {spec.nama}.",
              f"Koordinator area: {coordinator(spec, area).rstrip('.')}. Realisasi diisi setelah triwulan berjalan.",
              "Target per triwulan (tw1-tw4) harus berjumlah sama dengan total."]
    return yaml_text(header, data)


def _move_comment_before(entry: dict[str, Any], key: str) -> dict[str, Any]:
    comment = [k for k in entry if k.startswith("# tanpa")]
    out: dict[str, Any] = {}
    for k, v in entry.items():
        if k in comment:
            continue
        if k == key:
            for c in comment:
                out[c] = ""
        out[k] = v
    return out


def evidence_record(unit: UnitBuild) -> str:
    spec = unit.spec
    entries = []
    for ev in unit.evidence.values():
        s = ev.spec
        entry: dict[str, Any] = {"id": ev.id, "judul": unit.fmt(s.judul), "jenis": s.jenis, "tanggal": ev.date}
        if s.source == "url":
            if s.path == "instagram":
                entry["tautan"] = f"https://www.instagram.com/{spec.instagram}/"
            elif s.path.startswith("http"):
                entry["tautan"] = s.path
            else:
                entry["tautan"] = f"https://{spec.domain}{s.path}"
        else:
            entry["berkas"] = "data-dukung/" + s.path
        entry["kriteria"] = [c for c in s.kriteria if c in unit.rubric.criteria()]
        entry["kegiatan"] = ev.kegiatan
        entry["keterangan"] = s.keterangan or None
        entries.append(entry)
    data = {"jenis": "data_dukung", "versi_skema": 1, "#": "", "data_dukung": entries}
    header = [f"Daftar data dukung {spec.nama} tahun {YEAR}.",
              "Berkas disimpan di folder data-dukung/; dokumen yang sudah terbit di laman resmi cukup ditautkan.",
              "`tanggal` = tanggal berlaku dokumen (menentukan semesternya), bukan tanggal unggah.",
              "`sha256` dicatat untuk SK dan laporan yang sudah final, agar perubahan isi terdeteksi."]
    return yaml_text(header, data)


def add_hashes(folder: Path, text: str) -> str:
    """Put `sha256` under the `berkas` of final documents (SK and laporan in PDF)."""
    out = []
    for line in text.splitlines():
        out.append(line)
        match = re.match(r"^(\s+)berkas: (data-dukung/(sk|laporan)/\S+\.pdf)$", line)
        if match:
            digest = hashlib.sha256((folder / match.group(2)).read_bytes()).hexdigest()
            out.append(f"{match.group(1)}sha256: {digest}")
    return "\n".join(out) + "\n"


# --- answers ---------------------------------------------------------------------------------


def denominator(unit: UnitBuild, criterion: str, key: str) -> int:
    spec = unit.spec
    rule = DENOMINATORS.get(key, 10)
    if criterion == "P.PW.7.b":
        return max(1, round(spec.pegawai * LHKASN_SHARE))
    if rule == "activities":
        return sum(len(items) for items in unit.items.values())
    if rule == "agents":
        return max(3, spec.pegawai // 6)
    if rule == "subunits":
        return spec.subunits + 1
    if isinstance(rule, float):
        return max(1, round(spec.pegawai * rule))
    assert isinstance(rule, int)
    return rule


def answer_for(unit: UnitBuild, criterion_id: str) -> dict[str, Any]:
    """The unit's answer to one criterion."""
    criterion = unit.rubric.criteria()[criterion_id]
    scale = unit.rubric.scales[criterion.scale]
    refs = unit.evidence_for(criterion_id)
    texts = TEXTS.get(criterion_id, (criterion.text + ".", criterion.text + " (sebagian)."))
    roll = chance(unit.spec.id, criterion_id)
    if isinstance(scale, ChoiceScale):
        entry = _choice_answer(unit, criterion.scale, scale, texts, refs, roll)
    elif isinstance(scale, PercentageScale) and criterion.counts is not None:
        entry = _count_answer(unit, criterion_id, criterion.counts.numerator, criterion.counts.denominator,
                              texts, refs, roll)
    else:
        entry = _value_answer(unit, criterion_id, texts, roll)
    entry["data_dukung"] = refs
    return entry


def _choice_answer(unit: UnitBuild, scale_id: str, scale: ChoiceScale, texts: tuple[str, ...], refs: list[str],
                   roll: float) -> dict[str, Any]:
    levels = sorted(scale.options, key=lambda k: -scale.options[k])
    if scale_id == "opini-bpk":
        index = 0
    elif refs:  # documented: the top answer, or a level or two below it
        index = 0 if roll < unit.q ** 1.5 or len(levels) == 2 else 1
        if index == 1 and len(levels) > 3 and roll > 0.3 + unit.q * 0.7:
            index = 2
    else:  # nothing to show: "Tidak", or the level above the lowest
        index = len(levels) - 1 if len(levels) == 2 else len(levels) - 2
    return {"jawaban": levels[index], "penjelasan": unit.fmt(texts[min(index, len(texts) - 1)])}


def _count_answer(unit: UnitBuild, criterion_id: str, numerator: str, denominator_key: str,
                  texts: tuple[str, ...], refs: list[str], roll: float) -> dict[str, Any]:
    den = denominator(unit, criterion_id, denominator_key)
    if refs and roll < unit.q ** 1.5:
        num = den
    else:
        share = min(0.97, 0.55 + unit.q * 0.4 + (roll - 0.5) * 0.1)
        num = min(den - 1, max(0, math.floor(den * share)))
    linked = [item for items in unit.items.values() for item in items
              if item.activity.key == COUNT_FROM_ACTIVITY.get(criterion_id)]
    if linked:
        num = min(den, sum(linked[0].realised.values()))
    if denominator_key == "kegiatan_direncanakan":
        num = sum(1 for items in unit.items.values() for item in items if item.on_track)
        num = num if refs else min(num, den - 1)
    text = texts[0] if num >= den else texts[1]
    return {"jumlah": Flow({numerator: num, denominator_key: den}), "penjelasan": unit.fmt(text, n=num, d=den)}


def _value_answer(unit: UnitBuild, criterion_id: str, texts: tuple[str, ...], roll: float) -> dict[str, Any]:
    low, high = RANGES.get(criterion_id, (60.0, 90.0))
    if criterion_id in SHARED_VALUES:
        value = SHARED_VALUES[criterion_id]
    else:
        value = low + (high - low) * max(0.0, min(1.0, unit.q + (roll - 0.5) * 0.15))
    value = round(value, 1 if high > 100 else 2)
    return {"jawaban": value, "penjelasan": unit.fmt(texts[0], v=str(value).replace(".", ","))}


def answers_record(unit: UnitBuild) -> str:
    rubric = unit.rubric
    jawaban: dict[str, Any] = {}
    for component in rubric.components:
        for area in component.areas:
            jawaban[f"# --- {component.name} / {area.name or area.id} ---"] = ""
            for sub in area.subareas:
                for criterion in sub.criteria:
                    jawaban[criterion.id] = answer_for(unit, criterion.id)
    data: dict[str, Any] = {"jenis": "lke", "versi_skema": 1, "tahun": YEAR, "rubrik": rubric.id, "#": "",
                            "jawaban": jawaban}
    if unit.spec.id == REVIU_UNIT:
        data["# "] = ""
        data["# Reviu internal oleh Tim Penilai KPU Provinsi Jawa Timur, 2 Juli 2026."] = ""
        data["# Jawaban penilai disimpan terpisah; jawaban unit di atas tidak diubah."] = ""
        data["reviu"] = reviu_section(unit, jawaban)
    header = [f"Lembar Kerja Evaluasi (LKE) PMPRB {YEAR}: penilaian mandiri {unit.spec.nama}.",
              "Satu entri per kriteria rubrik pmprb-2020. Kriteria persentase diisi dengan `jumlah`",
              "(pembilang dan penyebut); nilainya dihitung rbctl. Jawaban tertinggi wajib ber-data dukung."]
    return yaml_text(header, data)


def reviu_section(unit: UnitBuild, jawaban: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for criterion_id, (lower, note) in REVIU.items():
        own = jawaban.get(criterion_id)
        criterion = unit.rubric.criteria().get(criterion_id)
        if own is None or criterion is None:
            continue
        scale = unit.rubric.scales[criterion.scale]
        entry: dict[str, Any] = {}
        if isinstance(scale, ChoiceScale):
            levels = sorted(scale.options, key=lambda k: -scale.options[k])
            index = levels.index(own["jawaban"])
            if lower:
                index = min(index + 1, len(levels) - 1)
            entry["jawaban"] = levels[index]
        elif "jumlah" in own:
            counts = dict(own["jumlah"])
            numerator = next(iter(counts))
            if lower:
                counts[numerator] = max(0, counts[numerator] - 2)
            entry["jumlah"] = Flow(counts)
        else:
            entry["jawaban"] = own["jawaban"]
        entry["catatan"] = note
        out[criterion_id] = entry
    return out


# --- narratives --------------------------------------------------------------------------------


def narrative_kendala(unit: UnitBuild, area_names: dict[str, str]) -> str:
    intro, _ = NARASI[unit.spec.id]
    parts = [_front("kendala", f"Kendala pelaksanaan RB semester I {YEAR}") + intro, ""]
    for area in ALL_AREAS:
        notes = []
        for item in unit.items[area]:
            if not item.on_track:
                act = item.activity
                notes.append(f"- **{act.kegiatan}**: {act.kendala} Tindak lanjut: {act.tindak_lanjut}")
        if notes:
            parts += [f"## {area_names[area]}", "", *notes, ""]
    return "\n".join(parts).rstrip() + "\n"


def narrative_rekomendasi(unit: UnitBuild) -> str:
    _, body = NARASI[unit.spec.id]
    return _front("rekomendasi", f"Rekomendasi semester I {YEAR}") + body


def _front(bagian: str, judul: str) -> str:
    return (f"---\njenis: narasi\nversi_skema: 1\ntahun: {YEAR}\nperiode: semester-1\nbagian: {bagian}\n"
            f"judul: {judul}\n---\n\n")


# --- files -------------------------------------------------------------------------------------


STAFF_FIRST = ["Wahyu", "Fitri", "Joko", "Puji", "Mochamad", "Rina", "Yayuk", "Ani", "Gilang", "Siti", "Rudi",
               "Novi", "Bayu", "Lilik", "Hari", "Umi", "Dedi", "Tri", "Arif", "Wulan", "Slamet", "Evi", "Faisal"]
STAFF_LAST = ["Hidayat", "Handayani", "Susilo", "Astuti", "Ilham", "Marlina", "Indrawati", "Rahmawati", "Ramadhan",
              "Khotimah", "Hartono", "Kurniasih", "Saputra", "Muniroh", "Purnomo", "Lestari", "Firmansyah", "Utami"]


def attendance(unit: UnitBuild, title: str, date: str) -> str:
    """A plausible attendance list: the Tim RB, then the other staff who came."""
    spec = unit.spec
    people = [(m.nama, m.jabatan) for m in (spec.sekretaris, *spec.tim)]
    present = spec.pegawai if unit.q >= 0.7 else round(spec.pegawai * 0.7)
    if "pelayanan prima" in title.lower():  # only the service desk staff
        present = len(people) + 2
    n = 0
    while len(people) < present:
        first = STAFF_FIRST[(n * 7 + len(spec.id)) % len(STAFF_FIRST)]
        last = STAFF_LAST[(n * 5 + len(spec.code)) % len(STAFF_LAST)]
        name = f"{first} {last}"
        if all(name != p[0] for p in people):
            people.append((name, "Pelaksana" if n % 3 else "Pengelola Layanan Operasional"))
        n += 1
    lines = [f"DAFTAR HADIR {title.upper()}", f"Sekretariat {spec.nama}", f"Tanggal: {date}", "",
             "No | Nama | Jabatan | Paraf"]
    lines += [f"{i} | {name} | {jabatan} | ttd" for i, (name, jabatan) in enumerate(people, 1)]
    lines += ["", f"Jumlah hadir: {len(people)} dari {spec.pegawai} pegawai."]
    return "\n".join(lines) + "\n"


def write_file(unit: UnitBuild, folder: Path, ev: Evidence) -> None:
    s = ev.spec
    path = folder / "data-dukung" / s.path
    path.parent.mkdir(parents=True, exist_ok=True)
    if s.source == "pdf":
        lines = [unit.fmt(line) for line in s.body] or [unit.fmt(s.judul)]
        path.write_bytes(make_pdf(lines, unit.fmt(s.judul)))
    elif s.source in ("jpg", "png"):
        banner = unit.fmt(s.judul).removeprefix("Foto ").removeprefix("kegiatan ")
        label = banner.upper() if s.source == "jpg" else unit.spec.nama
        path.write_bytes(make_image(s.source, label, unit.spec.id + s.key))
    elif s.jenis == "daftar_hadir":
        y, m, d = ev.date.split("-")
        title = unit.fmt(s.judul).removeprefix("Daftar hadir ")
        path.write_text(attendance(unit, title, f"{int(d)} {MONTHS[int(m) - 1]} {y}"), encoding="utf-8")
    else:
        path.write_text("\n".join(unit.fmt(line) for line in s.body) + "\n", encoding="utf-8")




def config_record() -> str:
    prov = UNITS[0]
    data = {
        "jenis": "konfigurasi", "versi_skema": 1, "organisasi": prov.nama, "tahun": YEAR,
        "#": "",
        "# Rubrik: id bawaan (satker: pmprb-2020, pmprb-2014, zi-2021, zi-2014; KPU RI: rb-2023) atau path.": "",
        "rubrik": "pmprb-2020",
        "dasar_hukum": list(DASAR_HUKUM),
        "laporan": {"tempat": prov.kota, "penandatangan": person(prov.sekretaris)},
        "# Unit ruang kerja ini sendiri: `rbctl report` tanpa --unit melaporkannya.": "",
        "unit_utama": prov.id,
        "# Jumlah KPU kabupaten/kota di bawah unit utama (untuk \"N dari M\" pada --rekap).": "",
        "jumlah_unit_bawahan": 38,
    }
    return yaml_text([f"Ruang kerja RB {prov.nama} dan KPU kabupaten di bawahnya, tahun {YEAR}."], data)


def build(out: Path) -> None:
    rubric = builtin_rubric("pmprb-2020")
    area_names = {a.id: a.name for a in rubric.change_areas}
    missing = [c for c in rubric.criteria() if c not in TEXTS]
    if missing:
        print("catatan: kriteria tanpa teks penjelasan khusus:", ", ".join(missing), file=sys.stderr)
    uncovered = [c for c in rubric.criteria() if not any(c in e.kriteria for e in EVIDENCE)]
    if uncovered:
        print("catatan: kriteria tanpa data dukung di katalog:", ", ".join(uncovered), file=sys.stderr)
    out.mkdir(parents=True, exist_ok=True)
    if (out / "units").exists():
        shutil.rmtree(out / "units")
    (out / "rbctl.yaml").write_text(config_record(), encoding="utf-8")
    (out / ".gitignore").write_text(".rbctl-cache/\nlaporan/\n", encoding="utf-8")
    for spec in UNITS:
        unit = UnitBuild(spec, rubric)
        folder = out / "units" / spec.id
        (folder / "rencana-aksi").mkdir(parents=True)
        (folder / "lke").mkdir()
        (folder / "narasi").mkdir()
        for area in ALL_AREAS:
            text = plan_record(unit, area, area_names[area])
            (folder / "rencana-aksi" / f"{area}.yaml").write_text(text, encoding="utf-8")
        for ev in unit.evidence.values():
            if ev.spec.source != "url":
                write_file(unit, folder, ev)
        (folder / "unit.yaml").write_text(unit_record(unit), encoding="utf-8")
        registry = add_hashes(folder, evidence_record(unit))
        (folder / "data-dukung.yaml").write_text(registry, encoding="utf-8")
        (folder / "lke" / f"{YEAR}.yaml").write_text(answers_record(unit), encoding="utf-8")
        _report_unused(unit, folder)
        (folder / "narasi" / "semester-1-kendala.md").write_text(narrative_kendala(unit, area_names),
                                                                encoding="utf-8")
        (folder / "narasi" / "semester-1-rekomendasi.md").write_text(narrative_rekomendasi(unit),
                                                                    encoding="utf-8")


def _report_unused(unit: UnitBuild, folder: Path) -> None:
    """Every registered document should be cited somewhere (an answer, an activity, the SK)."""
    text = "".join(p.read_text(encoding="utf-8") for p in [folder / "unit.yaml", *folder.glob("*/*.yaml")]
                   if p.name != "data-dukung.yaml")
    unused = [e.id for e in unit.evidence.values() if not e.kegiatan and e.id not in text]
    if unused:
        print(f"catatan: {unit.spec.id}: data dukung tidak dirujuk: {', '.join(unused)}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "examples" / "kpu-jatim")
    args = parser.parse_args()
    build(args.out)
    print(f"ditulis: {args.out}")


if __name__ == "__main__":
    main()
