"""Everything a report shows, as plain dicts of display strings (pure functions).

The renderers (Markdown/HTML templates, Word, PDF) only lay this out; no renderer computes.
Scores come from :mod:`rbctl.scoring`; numbers are shown as the official sheets show them
(two decimals, half up, comma).

How an action item is read for a period:
- target of the period = sum of the quarterly targets of its quarters (TW I + TW II for
  semester I); for the year, ``total`` when given, else the sum of the four quarters;
- realisation of the period = sum of ``realisasi.twN.nilai`` of its quarters (quarterly
  realisations are amounts of that quarter, like the targets);
- achievement = realisation / target x 100 (not capped: over-achievement is shown);
- status = the status of the latest realised quarter of the period ("belum" if none);
- obstacles and follow-up = those written in the period's quarters, marked by quarter.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from rbctl import narrative_images as images
from rbctl.models import ActionItem, Evidence, Narrative, NarrativeSection, Person, Signatory, WorkspaceConfig
from rbctl.numfmt import to_fraction
from rbctl.report.idtext import amount_text, bobot_text, long_date, percent_text, rupiah, score_text
from rbctl.report.periods import ROMAN, ReportPeriod
from rbctl.report.provenance import Provenance
from rbctl.rubric import Rubric
from rbctl.schedule import REQUIRED_NARRATIVES
from rbctl.scoring import NodeScore, ScoreResult
from rbctl.workspace import Unit

Ctx = dict[str, Any]

TITLE = "Laporan Pelaksanaan Reformasi Birokrasi"

STATUS_LABELS = {
    "belum": "Belum dimulai",
    "berjalan": "Sedang berjalan",
    "selesai": "Selesai",
    "tertunda": "Tertunda",
    "batal": "Batal",
}
EVIDENCE_KIND_LABELS = {
    "sk": "Surat Keputusan",
    "notulen": "Notulen",
    "foto": "Foto",
    "laporan": "Laporan",
    "surat": "Surat",
    "tautan": "Tautan",
    "dokumen": "Dokumen",
    "daftar_hadir": "Daftar hadir",
    "lainnya": "Lainnya",
}
LEVEL_LABELS = {"ri": "KPU RI", "provinsi": "Provinsi", "kabupaten": "Kabupaten", "kota": "Kota"}


@dataclass
class ChildScore:
    """A unit under the reported one (a province's kabupaten/kota), with its score if any."""

    unit_id: str
    name: str
    result: ScoreResult | None


@dataclass
class ReportInput:
    """What one unit's report is built from."""

    config: WorkspaceConfig
    unit: Unit
    rubric: Rubric
    period: ReportPeriod
    date: dt.date
    provenance: Provenance
    result: ScoreResult | None  # None when the unit has no LKE for the year
    children: list[ChildScore] = field(default_factory=list)
    review: ScoreResult | None = None  # the internal reviewer's answers, scored apart
    draft: bool = False
    notes: list[str] = field(default_factory=list)  # validate's findings, listed in a draft
    root: Path | None = None  # the workspace (for the logo)


# ---- small helpers --------------------------------------------------------------------------


def _person(person: Person | None) -> Ctx:
    if person is None:
        return {"nama": "", "nip": "", "jabatan": ""}
    return {"nama": person.nama, "nip": person.nip or "", "jabatan": person.jabatan or ""}


def _evidence_ref(ev_id: str, registry: dict[str, Evidence]) -> Ctx:
    ev = registry.get(ev_id)
    if ev is None:
        return {"id": ev_id, "judul": "(tidak terdaftar di data-dukung.yaml)", "tanggal": "", "terdaftar": False}
    return {"id": ev.id, "judul": ev.judul, "tanggal": long_date(ev.tanggal), "terdaftar": True}


def _sorted_evidence(ids: Iterable[str], registry: dict[str, Evidence]) -> list[str]:
    def key(ev_id: str) -> tuple[int, dt.date, str]:
        ev = registry.get(ev_id)
        return (0, ev.tanggal, ev_id) if ev is not None else (1, dt.date.min, ev_id)

    return sorted(set(ids), key=key)


def _narratives(unit: Unit, period: ReportPeriod, sections: Iterable[NarrativeSection],
                area: str | None = None) -> list[Ctx]:
    """The period's narratives of ``sections``; a year without its own narrative of a section
    takes both semesters' (semester I first)."""
    out: list[Ctx] = []
    for section in sections:
        found = _narratives_of(unit, period.year, (period.code,), section, area)
        if not found and period.code == "tahunan":
            found = _narratives_of(unit, period.year, ("semester-1", "semester-2"), section, area)
        out += found
    return out


def _narratives_of(unit: Unit, year: int, periods: tuple[str, ...], section: NarrativeSection,
                   area: str | None) -> list[Ctx]:
    chosen = []
    for loaded in unit.narratives:
        record: Narrative = loaded.record
        if record.tahun != year or record.periode.value not in periods or record.bagian != section:
            continue
        if section == NarrativeSection.PELAKSANAAN and record.area != area:
            continue
        chosen.append((periods.index(record.periode.value), loaded.doc.rel, loaded))
    out = []
    for _order, _rel, loaded in sorted(chosen, key=lambda c: (c[0], c[1])):
        record = loaded.record
        body = images.embed(loaded.doc.body_text, loaded.doc.path.parent, unit.folder.parent.parent)
        out.append({"judul": record.judul, "bagian": record.bagian.value, "isi": body.strip("\n"),
                    "berkas": loaded.doc.rel})
    return out


# ---- chapter I ------------------------------------------------------------------------------


def _introduction(inp: ReportInput, area_names: dict[str, str]) -> Ctx:
    unit = inp.unit
    assert unit.profile is not None
    profile = unit.profile.record
    registry = unit.evidence_by_id()
    sk = None
    if profile.tim_rb.sk:
        sk = _evidence_ref(profile.tim_rb.sk, registry)
    members = []
    for i, m in enumerate(profile.tim_rb.anggota, 1):
        members.append({
            "no": i, "nama": m.nama, "nip": m.nip or "-", "jabatan": m.jabatan or "-", "peran": m.peran,
            "area": ", ".join(area_names.get(a, a) for a in m.area) or "-",
        })
    return {
        "narasi": _narratives(unit, inp.period, [NarrativeSection.PENDAHULUAN]),
        "maksud_tujuan": _narratives(unit, inp.period, [NarrativeSection.MAKSUD_TUJUAN]),
        "dasar_hukum": list(inp.config.dasar_hukum),
        "tim": {"sk": sk, "anggota": members},
    }


# ---- chapter II -----------------------------------------------------------------------------


def _period_target(item: ActionItem, period: ReportPeriod) -> Fraction | None:
    quarters = item.target.quarters()
    if period.code == "tahunan" and item.target.total is not None:
        return to_fraction(item.target.total)
    values = [quarters[q - 1] for q in period.quarters]
    if all(v is None for v in values):
        return None
    return sum((to_fraction(v) for v in values if v is not None), Fraction(0))


def quarter_end(year: int, quarter: int) -> dt.date:
    return dt.date(year, 3 * quarter, 30 if quarter in (2, 3) else 31)


def _item(no: int, item: ActionItem, inp: ReportInput, numbers: dict[str, int]) -> Ctx:
    period, day = inp.period, inp.date
    realised = {q: r for q, r in item.realisasi.by_quarter().items() if q in period.quarters}
    target = _period_target(item, period)
    real = sum((to_fraction(r.nilai) for r in realised.values()), Fraction(0)) if realised else None
    if target is not None and target > 0:
        achievement: Fraction | None = (real or Fraction(0)) / target * 100
    else:
        achievement = None
    targets = item.target.quarters()
    # A quarter of the period that has ended by the report date, had a target, and has no realisation.
    missing = [q for q in period.quarters
               if q not in realised and targets[q - 1] and quarter_end(period.year, q) <= day]
    status = realised[max(realised)].status.value if realised else "belum"
    label = STATUS_LABELS[status]
    if missing and realised:
        label = f"{label} (s.d. TW {ROMAN[max(realised)]}); TW {', '.join(ROMAN[q] for q in missing)} tanpa realisasi"
    elif missing:
        label = "Belum ada realisasi"
    several = len(realised) > 1

    def notes(attr: str) -> list[str]:
        out = []
        for q, r in sorted(realised.items()):
            text = getattr(r, attr)
            if text:
                out.append(f"TW {ROMAN[q]}: {text}" if several else text)
        return out

    registry = inp.unit.evidence_by_id()
    evidence_ids = {ev for r in realised.values() for ev in r.data_dukung}
    evidence_ids |= set(item.data_dukung)
    evidence_ids |= {ev.id for ev in registry.values() if item.id in ev.kegiatan}
    refs = sorted(numbers[e] for e in evidence_ids if e in numbers)
    by_quarter = item.realisasi.by_quarter()
    quarters = []
    for q in (1, 2, 3, 4):
        shown = q in period.quarters or q < min(period.quarters)
        got = by_quarter.get(q) if shown else None
        quarters.append({"target": amount_text(targets[q - 1]),
                         "realisasi": amount_text(got.nilai) if got is not None else "-"})
    return {
        "no": no,
        "kegiatan": item.kegiatan,
        "output": item.output,
        "satuan": item.satuan,
        "indikator": item.indikator,
        "pelaksana": item.pelaksana,
        "koordinator": item.koordinator,
        "anggaran": rupiah(item.anggaran),
        "target": amount_text(target),
        "realisasi": amount_text(real) if real is not None else "-",
        "capaian": percent_text(achievement) if achievement is not None else "-",
        "capaian_angka": float(achievement) if achievement is not None else None,
        "status": status,
        "status_label": label,
        "tanpa_realisasi": [f"TW {ROMAN[q]}" for q in missing],
        "triwulan": quarters,
        "catatan": notes("catatan"),
        "kendala": notes("kendala"),
        "tindak_lanjut": notes("tindak_lanjut"),
        "data_dukung": refs,
        "data_dukung_teks": ", ".join(str(n) for n in refs) or "-",
        "_achievement": achievement,
        "_anggaran": to_fraction(item.anggaran) if item.anggaran is not None else None,
    }


def _action_plans(inp: ReportInput, area_names: dict[str, str], area_order: list[str],
                  numbers: dict[str, int]) -> Ctx:
    unit = inp.unit
    plans = [p.record for p in unit.plans if p.record.tahun == inp.period.year]
    order = {a: i for i, a in enumerate(area_order)}
    plans.sort(key=lambda p: (order.get(p.area, len(order)), p.area))
    areas: list[Ctx] = []
    summary: list[Ctx] = []
    budget: list[Ctx] = []
    total_budget = Fraction(0)
    for n, plan in enumerate(plans, 1):
        items = [_item(i, it, inp, numbers) for i, it in enumerate(plan.rencana_aksi, 1)]
        counted = [it["_achievement"] for it in items if it["_achievement"] is not None]
        mean = sum(counted, Fraction(0)) / len(counted) if counted else None
        money = [it["_anggaran"] for it in items if it["_anggaran"] is not None]
        for it in items:
            del it["_achievement"], it["_anggaran"]
        name = area_names.get(plan.area, plan.area)
        areas.append({"no": n, "id": plan.area, "nama": name, "kegiatan": items,
                      "narasi": _narratives(unit, inp.period, [NarrativeSection.PELAKSANAAN], area=plan.area)})
        statuses = [it["status"] for it in items]
        summary.append({
            "no": n, "area": name, "jumlah": len(items),
            "selesai": statuses.count("selesai"), "berjalan": statuses.count("berjalan"),
            "belum": sum(1 for s in statuses if s in ("belum", "tertunda", "batal")),
            "capaian": percent_text(mean) if mean is not None else "-",
        })
        area_budget = sum(money, Fraction(0))
        total_budget += area_budget
        budget.append({"no": n, "area": name, "kegiatan": len(money),
                       "anggaran": rupiah(area_budget) if money else "-"})
    total_items = sum(s["jumlah"] for s in summary)
    return {
        "area": areas,
        "ringkasan": summary,
        "anggaran": budget,
        "anggaran_total": rupiah(total_budget),
        "jumlah_kegiatan": total_items,
        "jumlah_selesai": sum(s["selesai"] for s in summary),
        "narasi": _narratives(unit, inp.period, [NarrativeSection.PELAKSANAAN], area=None),
        "quick_win": _narratives(unit, inp.period, [NarrativeSection.QUICK_WIN]),
        "narasi_anggaran": _narratives(unit, inp.period, [NarrativeSection.ANGGARAN]),
    }


# ---- chapter III ----------------------------------------------------------------------------


def _node(node: NodeScore, review: dict[str, NodeScore]) -> Ctx:
    other = review.get(node.id)
    return {
        "id": node.id, "nama": node.name, "bobot": bobot_text(node.weight), "nilai": score_text(node.score),
        "persen": percent_text(node.percent), "sementara": node.provisional,
        "reviu": score_text(other.score) if other is not None else "",
    }


def chart_rows(result: ScoreResult, rubric: Rubric) -> list[Ctx]:
    """One bar per change area: the points it earned over its weight, in percent, across components."""
    earned: dict[str, Fraction] = {}
    weight: dict[str, Fraction] = {}
    for comp in result.components:
        for area in comp.children:
            if area.change_area is None:
                continue
            earned[area.change_area] = earned.get(area.change_area, Fraction(0)) + area.score
            weight[area.change_area] = weight.get(area.change_area, Fraction(0)) + area.weight
    rows = []
    for ca in rubric.change_areas:
        if ca.id in weight and weight[ca.id] > 0:
            pct = earned[ca.id] / weight[ca.id] * 100
            rows.append({"id": ca.id, "label": ca.name, "persen": percent_text(pct),
                         "nilai": float(pct), "poin": score_text(earned[ca.id]), "bobot": bobot_text(weight[ca.id])})
    return rows


def _flat(result: ScoreResult | None) -> dict[str, NodeScore]:
    out: dict[str, NodeScore] = {}
    for comp in result.components if result else []:
        out[comp.id] = comp
        for area in comp.children:
            out[area.id] = area
    return out


def method(rubric: Rubric) -> Ctx:
    """What the method appendix says about the rubric (one section; other fields may join it)."""
    return {"judul": rubric.title, "dasar": rubric.legal_basis, "total": amount_text(rubric.total),
            "predikat": [{"predikat": g.grade, "label": g.label,
                          "batas": ("\u2265 " if g.inclusive else "> ") + score_text(g.above)} for g in rubric.grades]}


def _assessment(inp: ReportInput) -> Ctx:
    rubric = inp.rubric
    base: Ctx = {
        "rubrik": {"id": rubric.id, "judul": rubric.title, "dasar": rubric.legal_basis,
                   "total": bobot_text(rubric.total), "maksimum": amount_text(rubric.total)},
        "tahun": inp.period.year,
    }
    result = inp.result
    children = [
        {"id": c.unit_id, "nama": c.name,
         "indeks": score_text(c.result.index) if c.result else "-",
         "predikat": (c.result.grade.grade if c.result and c.result.grade else "-"),
         "kosong": c.result is None}
        for c in inp.children
    ]
    if result is None:
        return {**base, "ada": False, "anak": children, "reviu": None}
    review = _flat(inp.review)
    names = {ca.id: ca.name for ca in rubric.change_areas}  # one name per change area, as in chapter II
    components = []
    for comp in result.components:
        areas = [{**_node(a, review), "nama": names.get(a.change_area or "", a.name)} for a in comp.children]
        components.append({**_node(comp, review), "area": areas})
    grade = result.grade
    answered = sum(1 for c in result.criteria if c.status.value == "dijawab")
    return {
        **base,
        "ada": True,
        "komponen": components,
        "indeks": score_text(result.index),
        "indeks_persen": percent_text(result.index / rubric.total * 100) if rubric.total else "-",
        "predikat": grade.grade if grade else "-",
        "predikat_label": grade.label if grade else "",
        "sementara": result.provisional,
        "jumlah_kriteria": len(result.criteria),
        "dijawab": answered,
        "belum_dijawab": len(result.unanswered),
        "tidak_sah": len(result.invalid),
        "grafik": chart_rows(result, rubric),
        "anak": children,
        "reviu": _review(inp.review),
    }


def _review(review: ScoreResult | None) -> Ctx | None:
    """The reviewer's index beside the unit's own."""
    if review is None:
        return None
    grade = review.grade
    return {"indeks": score_text(review.index), "predikat": grade.grade if grade else "-",
            "jumlah": sum(1 for c in review.criteria if c.reviewed)}


# ---- kendala, rekomendasi, closing, signatures, appendix -----------------------------------


_QUARTER_MARK = re.compile(r"^TW [IV]+: ")


def _said(text: str, told: str) -> bool:
    """Whether a narrative already says this obstacle (its words, spacing aside)."""
    words = " ".join(_QUARTER_MARK.sub("", text).split())
    return len(words) > 8 and words in told


def _obstacles(inp: ReportInput, plans: Ctx) -> Ctx:
    narratives = _narratives(inp.unit, inp.period, [NarrativeSection.KENDALA])
    told = " ".join(" ".join(n["isi"].split()) for n in narratives)
    rows: list[Ctx] = []
    for area in plans["area"]:
        for it in area["kegiatan"]:
            # Each obstacle once: what the kendala narrative already tells is not listed again.
            obstacles = [t for t in it["kendala"] if not _said(t, told)]
            follow_up = [t for t in it["tindak_lanjut"] if not _said(t, told)]
            if obstacles or follow_up:
                rows.append({"no": len(rows) + 1, "area": area["nama"], "kegiatan": it["kegiatan"],
                             "kendala": obstacles or ["-"], "tindak_lanjut": follow_up or ["-"]})
    return {
        "narasi": narratives,
        "butir": rows,
        "rekomendasi": _narratives(inp.unit, inp.period,
                                   [NarrativeSection.REKOMENDASI, NarrativeSection.TINDAK_LANJUT]),
        "lainnya": _narratives(inp.unit, inp.period, [NarrativeSection.CAPAIAN, NarrativeSection.LAINNYA]),
    }


def _defaults(inp: ReportInput) -> tuple[str | None, Signatory | Person | None]:
    assert inp.unit.profile is not None
    own = inp.unit.profile.record.laporan
    place = (own.tempat if own and own.tempat else None) or inp.config.laporan.tempat
    signer: Signatory | Person | None = (own.penandatangan if own else None) or inp.config.laporan.penandatangan
    return place, signer


def _signature(inp: ReportInput) -> Ctx:
    assert inp.unit.profile is not None
    profile = inp.unit.profile.record
    place, signer = _defaults(inp)
    if signer is None:
        signer = profile.sekretaris
        title = signer.jabatan or f"Sekretaris {profile.nama}"
    else:
        title = signer.jabatan or ""
    return {"tempat": place or "", "tanggal": long_date(inp.date), "jabatan": title, "nama": signer.nama,
            "nip": signer.nip or ""}


def _endorsements(inp: ReportInput, sign: Ctx) -> list[Ctx]:
    """Who signs the lembar pengesahan: as configured, else the report's signer and the chair."""
    assert inp.unit.profile is not None
    profile = inp.unit.profile.record
    own = profile.laporan
    listed = (own.pengesahan if own and own.pengesahan else None) or inp.config.laporan.pengesahan
    if listed:
        return [{"peran": e.peran, "jabatan": e.jabatan or "", "nama": e.nama, "nip": e.nip or ""} for e in listed]
    chair = profile.ketua
    return [
        {"peran": "Disusun oleh", "jabatan": sign["jabatan"], "nama": sign["nama"], "nip": sign["nip"]},
        {"peran": "Mengetahui", "jabatan": chair.jabatan or f"Ketua {profile.nama}", "nama": chair.nama,
         "nip": chair.nip or ""},
    ]


def _evidence_list(inp: ReportInput) -> tuple[list[Ctx], dict[str, int], list[str]]:
    """The period's evidence up to the report date, numbered; and what is dated after it."""
    registry = inp.unit.evidence_by_id()
    in_period = sorted((e for e in registry.values() if inp.period.contains(e.tanggal)),
                       key=lambda e: (e.tanggal, e.id))
    chosen = [e for e in in_period if e.tanggal <= inp.date]
    late = [f"Data dukung \u201c{e.judul}\u201d bertanggal {long_date(e.tanggal)}, sesudah tanggal laporan "
            f"{long_date(inp.date)}: tidak dicantumkan." for e in in_period if e.tanggal > inp.date]
    rows = [{"no": i, "judul": ev.judul, "tanggal": long_date(ev.tanggal),
             "jenis": EVIDENCE_KIND_LABELS.get(ev.jenis.value, ev.jenis.value)} for i, ev in enumerate(chosen, 1)]
    return rows, {ev.id: i for i, ev in enumerate(chosen, 1)}, late


def _warnings(inp: ReportInput, plans: Ctx, late: list[str]) -> list[str]:
    out = []
    if inp.date < inp.period.end:
        out.append(f"Tanggal laporan {long_date(inp.date)} sebelum akhir periode ({long_date(inp.period.end)}).")
    out += late
    missing: dict[str, list[str]] = {}
    for area in plans["area"]:
        for it in area["kegiatan"]:
            for q in it["tanpa_realisasi"]:
                missing.setdefault(q, []).append(it["kegiatan"])
    for q, names in sorted(missing.items()):
        out.append(f"{q}: {len(names)} kegiatan belum memiliki realisasi ({'; '.join(names)}).")
    for section in REQUIRED_NARRATIVES:
        if not _narratives(inp.unit, inp.period, [section]):
            out.append(f"Narasi `{section.value}` untuk laporan {inp.period.title} belum ada "
                       f"(`{inp.unit.rel}/narasi/{inp.period.code}-{section.value}.md`).")
    return out


def _logo(inp: ReportInput) -> str:
    """The logo from rbctl.yaml (or unit.yaml) as a data URI; "" when none or not usable."""
    assert inp.unit.profile is not None
    own = inp.unit.profile.record.laporan
    name = (own.logo if own and own.logo else None) or inp.config.laporan.logo
    if not name or inp.root is None:
        return ""
    path, _why = images.classify(name, inp.root, inp.root)
    if path is None:
        return ""
    kind = "image/png" if path.suffix.lower() == ".png" else "image/jpeg" if path.suffix.lower() in (
        ".jpg", ".jpeg") else "image/gif"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode()}"


def _address(inp: ReportInput) -> str:
    assert inp.unit.profile is not None
    own = inp.unit.profile.record.laporan
    return (own.alamat if own and own.alamat else None) or inp.config.laporan.alamat or ""


def _default_texts(unit: str, period: ReportPeriod) -> dict[str, list[str]]:
    """What a section says when no narrative replaces it (the unit edits it by writing one)."""
    title, span = period.title, period.span
    return {
        "kata_pengantar": [
            f"Puji syukur kami panjatkan ke hadirat Tuhan Yang Maha Esa karena {TITLE} {unit} {title} dapat "
            "diselesaikan. Laporan ini disusun sebagai pertanggungjawaban Tim Reformasi Birokrasi atas pelaksanaan "
            f"rencana aksi reformasi birokrasi pada periode {span}, sekaligus bahan pemantauan dan evaluasi bagi "
            "pimpinan.",
            "Laporan memuat pelaksanaan rencana aksi pada setiap area perubahan, hasil penilaian mandiri, kendala "
            "yang dihadapi serta rekomendasi tindak lanjutnya. Kami menyampaikan terima kasih kepada seluruh pihak "
            f"yang telah berperan dalam pelaksanaan reformasi birokrasi di lingkungan {unit}.",
        ],
        "latar_belakang": [
            "Reformasi birokrasi merupakan upaya berkelanjutan untuk mewujudkan tata kelola pemerintahan yang "
            "bersih, akuntabel, efektif dan efisien, serta pelayanan publik yang berkualitas. Di lingkungan Komisi "
            "Pemilihan Umum, pelaksanaan reformasi birokrasi dituangkan dalam rencana aksi setiap satuan kerja pada "
            "area perubahan, yang dipantau dan dilaporkan setiap semester.",
            f"Laporan ini menyajikan pelaksanaan reformasi birokrasi di lingkungan {unit} pada {title} ({span}).",
        ],
        "maksud_tujuan": [
            f"Laporan ini dimaksudkan sebagai pertanggungjawaban pelaksanaan rencana aksi reformasi birokrasi {unit} "
            f"pada {title}. Tujuannya adalah menyajikan capaian setiap area perubahan, hasil penilaian mandiri, "
            "serta kendala dan rekomendasi sebagai dasar perbaikan pada periode berikutnya.",
        ],
        "sistematika": [
            "Laporan ini disusun dengan sistematika sebagai berikut: Bab I Pendahuluan memuat latar belakang, "
            "maksud dan tujuan, dasar hukum, tim reformasi birokrasi dan sistematika; Bab II Pelaksanaan Rencana "
            "Aksi memuat pelaksanaan kegiatan pada setiap area perubahan, quick win serta anggaran; Bab III Capaian, "
            "Kendala dan Rekomendasi memuat hasil penilaian mandiri, kendala dan rekomendasi; Bab IV Penutup. "
            "Lampiran memuat matriks rencana aksi per triwulan, daftar data dukung dan metode penilaian.",
        ],
        "penutup": [
            f"Demikian {TITLE.lower()} {unit} {title} ini disusun sebagai bahan pemantauan dan evaluasi. Kendala "
            "yang dihadapi akan ditindaklanjuti pada periode berikutnya.",
        ],
    }


def provisional_note(result: ScoreResult | None, lead: str = "Bobot bertanda * masih sementara") -> str:
    """One sentence naming the provisional weights a score used; '' when it used none."""
    names = result.provisional_names() if result is not None else []
    if not names:
        return ""
    return (f"{lead} (belum ada sumber resmi): {'; '.join(names)}. "
            "Nilai yang memakainya dapat berbeda dari lembar resmi.")


def _method(inp: ReportInput) -> Ctx:
    """The appendix on method: what a reader must know of how the index was computed."""
    return {"catatan_sementara": provisional_note(inp.result)}


def build_context(inp: ReportInput) -> Ctx:
    """The whole report of one unit for one period, as plain data."""
    unit = inp.unit
    assert unit.profile is not None
    profile = unit.profile.record
    area_names = {a.id: a.name for a in inp.rubric.change_areas}
    area_order = [a.id for a in inp.rubric.change_areas]
    evidence, numbers, late = _evidence_list(inp)
    plans = _action_plans(inp, area_names, area_order, numbers)
    sign = _signature(inp)
    warnings = _warnings(inp, plans, late)
    colophon = inp.provenance.text() if inp.config.laporan.kolofon else ""
    return {
        "judul": TITLE,
        "organisasi": inp.config.organisasi,
        "tahun": inp.period.year,
        "periode": inp.period.as_dict(),
        "tanggal": long_date(inp.date),
        "unit": {
            "id": profile.id, "nama": profile.nama, "tingkat": LEVEL_LABELS.get(profile.tingkat.value, ""),
            "ketua": _person(profile.ketua), "sekretaris": _person(profile.sekretaris),
        },
        "sampul": {"sekretariat": f"Sekretariat {profile.nama}", "alamat": _address(inp), "logo": _logo(inp)},
        "kata_pengantar": _narratives(unit, inp.period, [NarrativeSection.KATA_PENGANTAR]),
        "pendahuluan": _introduction(inp, area_names),
        "rencana_aksi": plans,
        "penilaian": _assessment(inp),
        "kendala": _obstacles(inp, plans),
        "penutup": {"narasi": _narratives(unit, inp.period, [NarrativeSection.PENUTUP])},
        "tanda_tangan": sign,
        "pengesahan": _endorsements(inp, sign),
        "lampiran": evidence,
        "metode": {**method(inp.rubric), **_method(inp)},
        "draf": inp.draft,
        "peringatan": warnings,
        "catatan_draf": [*inp.notes, *warnings] if inp.draft else [],
        "kolofon": colophon,
        "bawaan": _default_texts(profile.nama, inp.period),
        "provenans": inp.provenance.as_dict(),
    }
