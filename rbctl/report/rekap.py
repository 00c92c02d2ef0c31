"""The consolidated report of a province and its kabupaten/kota (`rbctl report --rekap`).

One document per run: each unit's index, predikat and per-area achievement, its action plans'
progress in the period, which units are missing or have records with errors, and "N dari M"
against the number of units rbctl.yaml declares (`jumlah_unit_bawahan`). The province's own
records must be valid (or the run a draft); a kabupaten/kota with errors is named, not counted.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from pathlib import Path

from rbctl.report.build import (
    BuildError,
    BuildRequest,
    BuildResult,
    BuiltFile,
    RecordsInvalidError,
    _formats,
    _load,
    _provenance,
    _score,
    fixed_zip,
)
from rbctl.report.context import TITLE, Ctx, chart_rows
from rbctl.report.errors import TemplateRenderError
from rbctl.report.gate import check_records, problem_line
from rbctl.report.idtext import long_date, percent_text, score_text
from rbctl.report.periods import ReportPeriod, period_for
from rbctl.rubric import Rubric
from rbctl.textsafe import scrub
from rbctl.workspace import Unit, children_of
from rbctl.writer import UnsafeWriteError, atomic_write_bytes

REKAP_FORMATS = ("md", "html", "pdf", "docx")


def rekap_file_name(unit_id: str, period: ReportPeriod, fmt: str) -> str:
    return f"laporan-rb-rekap-{unit_id}-{period.year}-{period.code}.{fmt}"


def _plans(unit: Unit, period: ReportPeriod) -> Ctx:
    """How far the unit's action plans got in the period: activities, done, mean achievement."""
    items = [it for p in unit.plans if p.record.tahun == period.year for it in p.record.rencana_aksi]
    done = 0
    achieved: list[Fraction] = []
    for it in items:
        realised = {q: r for q, r in it.realisasi.by_quarter().items() if q in period.quarters}
        if realised and realised[max(realised)].status.value == "selesai":
            done += 1
        targets = it.target.quarters()
        target = sum((Fraction(str(targets[q - 1])) for q in period.quarters if targets[q - 1]), Fraction(0))
        if target > 0:
            real = sum((Fraction(str(r.nilai)) for r in realised.values()), Fraction(0))
            achieved.append(real / target * 100)
    mean = sum(achieved, Fraction(0)) / len(achieved) if achieved else None
    return {"kegiatan": len(items), "selesai": done, "capaian": percent_text(mean) if mean is not None else "-"}


def _row(unit: Unit, rubric: Rubric, period: ReportPeriod, errors: list[str]) -> Ctx:
    assert unit.profile is not None or errors
    name = unit.profile.record.nama if unit.profile is not None else unit.id
    loaded = unit.answers.get(period.year)
    result = None if errors else _score(rubric, loaded.record if loaded is not None else None)
    if result is not None and not any(c.status.value == "dijawab" for c in result.criteria):
        result = None  # the empty LKE `rbctl new unit` writes: not filled yet
    areas = {r["id"]: r["persen"] for r in chart_rows(result, rubric)} if result else {}
    return {
        "id": unit.id, "nama": name,
        "indeks": score_text(result.index) if result else "-",
        "predikat": (result.grade.grade if result and result.grade else "-"),
        "area": [areas.get(a.id, "-") for a in rubric.change_areas],
        "rencana": _plans(unit, period) if not errors else {"kegiatan": 0, "selesai": 0, "capaian": "-"},
        "galat": errors[:3],
        "jumlah_galat": len(errors),
        "lke": result is not None,
    }


def rekap_context(req: BuildRequest) -> tuple[Ctx, Path]:
    ws, config, rubric = _load(replace(req, draft=True))  # children's errors are named, not fatal
    assert req.units is not None
    head = ws.units[req.units[0]]
    if head.profile is None:
        raise BuildError(f"Unit `{head.id}` tidak dapat dibaca.", "Periksa dengan `rbctl validate`.")
    year = req.year or config.tahun
    period = period_for(req.period, year)
    day = req.as_of or period.end
    kids = sorted(children_of(req.root, {head.id}))
    check = check_records(req.root, [head.id, *kids])
    own = [p for p in check.errors if p.path.startswith(f"units/{head.id}/") or "/" not in p.path]
    if own and not req.draft:
        raise RecordsInvalidError(own)

    def errors_of(unit_id: str) -> list[str]:
        return [problem_line(p) for p in check.errors if p.path.startswith(f"units/{unit_id}/")]

    rows = [_row(ws.units[k], rubric, period, errors_of(k)) for k in kids if k in ws.units]
    declared = config.jumlah_unit_bawahan if config.jumlah_unit_bawahan is not None else len(rows)
    complete = [r for r in rows if r["lke"]]
    missing = max(declared - len(rows), 0)
    profile = head.profile.record
    ctx: Ctx = {
        "judul": f"Rekapitulasi {TITLE}",
        "organisasi": config.organisasi,
        "tahun": year,
        "periode": period.as_dict(),
        "tanggal": long_date(day),
        "unit": {"id": profile.id, "nama": profile.nama},
        "sampul": {"sekretariat": f"Sekretariat {profile.nama}"},
        "induk": _row(head, rubric, period, [problem_line(p) for p in own]),
        "unit_bawahan": rows,
        "area": [a.name for a in rubric.change_areas],
        "jumlah": {"dinyatakan": declared, "lengkap": len(complete), "di_ruang_kerja": len(rows),
                   "tidak_ada": missing, "bergalat": sum(1 for r in rows if r["galat"]),
                   "tanpa_lke": sum(1 for r in rows if not r["lke"] and not r["galat"])},
        "rencana": {"kegiatan": sum(r["rencana"]["kegiatan"] for r in rows),
                    "selesai": sum(r["rencana"]["selesai"] for r in rows)},
        "rubrik": {"judul": rubric.title, "dasar": rubric.legal_basis},
        "draf": req.draft,
        "catatan_draf": [f"Galat: {problem_line(p)}" for p in own] if req.draft else [],
    }
    return scrub(ctx), req.root


def _render(fmt: str, ctx: Ctx, root: Path) -> bytes:
    from rbctl.report.render_text import render_rekap

    if fmt == "md":
        return render_rekap(ctx, root, "rekap.md.j2").encode("utf-8")
    html = render_rekap(ctx, root, "rekap.html.j2")
    if fmt == "html":
        return html.encode("utf-8")
    if fmt == "pdf":
        from rbctl.report.render_pdf import render_pdf

        return render_pdf(html, base=root)
    from rbctl.report.render_rekap_docx import render_rekap_docx

    return render_rekap_docx(ctx)


def build_rekap(req: BuildRequest) -> BuildResult:
    """Write the consolidated report of ``req.units[0]`` and its children in every asked format."""
    if not req.units or len(req.units) != 1:
        raise BuildError("--rekap memerlukan satu unit induk.", "Tambahkan `--unit ID` unit provinsi.", 2)
    result = BuildResult()
    wanted = [f for f in _formats(req, result.notices) if f in REKAP_FORMATS]
    if "xlsx" in req.formats and req.formats_explicit:
        result.notices.append("Rekapitulasi tidak dibuat dalam xlsx; lembar kerja LKE dibuat per unit.")
    result.provenance = req.provenance or _provenance(req)
    ctx, root = rekap_context(req)
    period = period_for(req.period, ctx["tahun"])
    for row in ctx["unit_bawahan"]:
        if row["galat"]:
            result.warnings.append(f"{row['id']}: catatan bergalat, tidak dihitung ({row['galat'][0]})")
    req.out.mkdir(parents=True, exist_ok=True)
    for fmt in wanted:
        try:
            data = _render(fmt, ctx, root)
        except TemplateRenderError as exc:
            raise BuildError(f"Rekapitulasi {fmt} gagal: {exc}", "Perbaiki templat itu.") from exc
        if fmt == "docx":
            data = fixed_zip(data, req.as_of or period.end)
        path = req.out / rekap_file_name(req.units[0], period, fmt)
        try:
            atomic_write_bytes(path, data, overwrite=True)
        except UnsafeWriteError as exc:
            raise BuildError(exc.message, exc.hint) from exc
        result.files.append(BuiltFile(req.units[0], fmt, path))
    return result
