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

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from rbctl import narrative_images as images
from rbctl.models import ActionItem, Evidence, Narrative, NarrativeSection, Person, Signatory, WorkspaceConfig
from rbctl.numfmt import to_fraction
from rbctl.report.idtext import amount_text, long_date, percent_text, rupiah, score_text, weight_text
from rbctl.report.periods import ROMAN, ReportPeriod
from rbctl.report.provenance import Provenance
from rbctl.rubric import Rubric
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


def _narratives(unit: Unit, period: ReportPeriod, sections: Iterable[NarrativeSection]) -> list[Ctx]:
    wanted = set(sections)
    out: list[Ctx] = []
    for loaded in unit.narratives:
        record: Narrative = loaded.record
        if record.tahun != period.year or record.periode.value != period.code or record.bagian not in wanted:
            continue
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


def _item(no: int, item: ActionItem, period: ReportPeriod, registry: dict[str, Evidence]) -> Ctx:
    realised = {q: r for q, r in item.realisasi.by_quarter().items() if q in period.quarters}
    target = _period_target(item, period)
    real = sum((to_fraction(r.nilai) for r in realised.values()), Fraction(0)) if realised else None
    if target is not None and target > 0:
        achievement: Fraction | None = (real or Fraction(0)) / target * 100
    else:
        achievement = None
    status = realised[max(realised)].status.value if realised else "belum"
    several = len(realised) > 1

    def notes(attr: str) -> list[str]:
        out = []
        for q, r in sorted(realised.items()):
            text = getattr(r, attr)
            if text:
                out.append(f"TW {ROMAN[q]}: {text}" if several else text)
        return out

    evidence_ids = [ev for r in realised.values() for ev in r.data_dukung]
    evidence_ids += [ev for ev in item.data_dukung if ev in registry and period.contains(registry[ev].tanggal)]
    evidence_ids += [ev.id for ev in registry.values() if item.id in ev.kegiatan and period.contains(ev.tanggal)]
    return {
        "no": no,
        "id": item.id,
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
        "status_label": STATUS_LABELS[status],
        "catatan": notes("catatan"),
        "kendala": notes("kendala"),
        "tindak_lanjut": notes("tindak_lanjut"),
        "kendala_tindak_lanjut": [f"Kendala: {t}" for t in notes("kendala")]
        + [f"Tindak lanjut: {t}" for t in notes("tindak_lanjut")],
        "data_dukung": [_evidence_ref(ev, registry) for ev in _sorted_evidence(evidence_ids, registry)],
        "_achievement": achievement,
    }


def _action_plans(inp: ReportInput, area_names: dict[str, str], area_order: list[str]) -> Ctx:
    unit = inp.unit
    registry = unit.evidence_by_id()
    plans = [p.record for p in unit.plans if p.record.tahun == inp.period.year]
    order = {a: i for i, a in enumerate(area_order)}
    plans.sort(key=lambda p: (order.get(p.area, len(order)), p.area))
    areas: list[Ctx] = []
    summary: list[Ctx] = []
    for n, plan in enumerate(plans, 1):
        items = [_item(i, it, inp.period, registry) for i, it in enumerate(plan.rencana_aksi, 1)]
        counted = [it["_achievement"] for it in items if it["_achievement"] is not None]
        mean = sum(counted, Fraction(0)) / len(counted) if counted else None
        for it in items:
            del it["_achievement"]
        name = area_names.get(plan.area, plan.area)
        areas.append({"no": n, "id": plan.area, "nama": name, "kegiatan": items})
        statuses = [it["status"] for it in items]
        summary.append({
            "no": n, "area": name, "jumlah": len(items),
            "selesai": statuses.count("selesai"), "berjalan": statuses.count("berjalan"),
            "belum": sum(1 for s in statuses if s in ("belum", "tertunda", "batal")),
            "capaian": percent_text(mean) if mean is not None else "-",
        })
    total_items = sum(s["jumlah"] for s in summary)
    return {
        "area": areas,
        "ringkasan": summary,
        "jumlah_kegiatan": total_items,
        "jumlah_selesai": sum(s["selesai"] for s in summary),
    }


# ---- chapter III ----------------------------------------------------------------------------


def _node(node: NodeScore) -> Ctx:
    return {
        "id": node.id, "nama": node.name, "bobot": weight_text(node.weight), "nilai": score_text(node.score),
        "persen": percent_text(node.percent), "sementara": node.provisional,
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
                         "nilai": float(pct), "poin": score_text(earned[ca.id]), "bobot": weight_text(weight[ca.id])})
    return rows


def _assessment(inp: ReportInput) -> Ctx:
    rubric = inp.rubric
    base: Ctx = {
        "rubrik": {"id": rubric.id, "judul": rubric.title, "dasar": rubric.legal_basis,
                   "total": weight_text(rubric.total)},
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
        return {**base, "ada": False, "anak": children}
    components = []
    for comp in result.components:
        components.append({**_node(comp), "area": [_node(a) for a in comp.children]})
    grade = result.grade
    answered = sum(1 for c in result.criteria if c.status.value == "dijawab")
    return {
        **base,
        "ada": True,
        "komponen": components,
        "indeks": score_text(result.index),
        "predikat": grade.grade if grade else "-",
        "predikat_label": grade.label if grade else "",
        "sementara": result.provisional,
        "catatan_sementara": (rubric.provisional_note or "Sebagian bobot rubrik ini sementara.")
        if result.provisional else "",
        "jumlah_kriteria": len(result.criteria),
        "dijawab": answered,
        "belum_dijawab": len(result.unanswered),
        "tidak_sah": len(result.invalid),
        "grafik": chart_rows(result, rubric),
        "anak": children,
        "reviu": _review(inp.review),
    }


def _review(review: ScoreResult | None) -> Ctx | None:
    """The reviewer's index beside the unit's own (one sentence in chapter III)."""
    if review is None:
        return None
    grade = review.grade
    return {"indeks": score_text(review.index), "predikat": grade.grade if grade else "-",
            "jumlah": sum(1 for c in review.criteria if c.reviewed)}


# ---- chapter IV, V, signature, appendix -----------------------------------------------------


def _obstacles(inp: ReportInput, plans: Ctx) -> Ctx:
    rows: list[Ctx] = []
    for area in plans["area"]:
        for it in area["kegiatan"]:
            if it["kendala"] or it["tindak_lanjut"]:
                rows.append({"no": len(rows) + 1, "area": area["nama"], "kegiatan": it["kegiatan"], "id": it["id"],
                             "kendala": it["kendala"] or ["-"], "tindak_lanjut": it["tindak_lanjut"] or ["-"]})
    sections = [NarrativeSection.KENDALA, NarrativeSection.TINDAK_LANJUT, NarrativeSection.REKOMENDASI,
                NarrativeSection.LAINNYA]
    return {"narasi": _narratives(inp.unit, inp.period, sections), "butir": rows}


def _signature(inp: ReportInput) -> Ctx:
    assert inp.unit.profile is not None
    profile = inp.unit.profile.record
    own = profile.laporan
    place = (own.tempat if own and own.tempat else None) or inp.config.laporan.tempat or ""
    signer: Signatory | Person | None = (own.penandatangan if own else None) or inp.config.laporan.penandatangan
    if signer is None:
        signer = profile.sekretaris
        title = signer.jabatan or f"Sekretaris {profile.nama}"
    else:
        title = signer.jabatan or ""
    return {"tempat": place, "tanggal": long_date(inp.date), "jabatan": title, "nama": signer.nama,
            "nip": signer.nip or ""}


def _appendix(inp: ReportInput) -> list[Ctx]:
    registry = inp.unit.evidence_by_id()
    rows: list[Ctx] = []
    chosen = sorted((e for e in registry.values() if inp.period.contains(e.tanggal)), key=lambda e: (e.tanggal, e.id))
    for i, ev in enumerate(chosen, 1):
        rows.append({
            "no": i, "id": ev.id, "judul": ev.judul, "tanggal": long_date(ev.tanggal),
            "jenis": EVIDENCE_KIND_LABELS.get(ev.jenis.value, ev.jenis.value),
            "sumber": ev.berkas or ev.tautan or "-",
            "terkait": ", ".join([*ev.kegiatan, *ev.kriteria]) or "-",
        })
    return rows


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
    plans = _action_plans(inp, area_names, area_order)
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
        "pendahuluan": _introduction(inp, area_names),
        "rencana_aksi": plans,
        "penilaian": _assessment(inp),
        "kendala": _obstacles(inp, plans),
        "penutup": {"narasi": _narratives(unit, inp.period, [NarrativeSection.PENUTUP])},
        "tanda_tangan": _signature(inp),
        "lampiran": _appendix(inp),
        "metode": _method(inp),
        "provenans": inp.provenance.as_dict(),
    }
