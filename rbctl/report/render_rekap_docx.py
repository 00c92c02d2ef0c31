"""The consolidated report (`--rekap`) as a Word document, with the report's own layout helpers."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from rbctl.report.context import Ctx
from rbctl.report.render_docx import Writer, _heading, _new_section, _para, _setup, _update_on_open, landscape_section


def _incomplete(w: Writer) -> None:
    """Units declared but absent, with errors, or without an LKE, by name."""
    doc, ctx = w.doc, w.ctx
    count = ctx["jumlah"]
    _heading(doc, "3. Satuan Kerja yang Belum Lengkap", 2)
    listed = False
    if count["tidak_ada"]:
        _para(doc, f"{count['tidak_ada']} dari {count['dinyatakan']} satuan kerja yang dinyatakan belum ada di "
                   "ruang kerja.", style="List Bullet")
        listed = True
    for r in ctx["unit_bawahan"]:
        if r["galat"]:
            _para(doc, f"{r['nama']}: {r['jumlah_galat']} galat pada catatan, antara lain {r['galat'][0]}.",
                  style="List Bullet")
            listed = True
        elif not r["lke"]:
            _para(doc, f"{r['nama']}: LKE tahun {ctx['tahun']} belum diisi.", style="List Bullet")
            listed = True
    if not listed:
        w.text("Semua satuan kerja telah lengkap.")


def render_rekap_docx(ctx: Ctx) -> bytes:
    doc = Document()
    _setup(doc, ctx)
    w = Writer(doc, ctx)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, ctx["judul"].upper(), bold=True, size=18, align=center, space_after=8)
    _para(doc, ctx["periode"]["judul"].upper(), bold=True, size=15, align=center, space_after=160)
    _para(doc, ctx["sampul"]["sekretariat"].upper(), bold=True, size=15, align=center)
    _new_section(doc, numbers="decimal")
    if ctx["catatan_draf"]:
        _heading(doc, "CATATAN DRAF", 1)
        for note in ctx["catatan_draf"]:
            _para(doc, note, style="List Bullet", space_after=2)
    count, own, plans = ctx["jumlah"], ctx["induk"], ctx["rencana"]
    _heading(doc, f"REKAPITULASI {ctx['periode']['judul'].upper()}", 1)
    _heading(doc, "1. Ringkasan", 2)
    text = (f"{count['lengkap']} dari {count['dinyatakan']} satuan kerja kabupaten/kota telah mengisi lembar kerja "
            f"evaluasi (LKE) tahun {ctx['tahun']} dengan catatan yang sah")
    if count["tidak_ada"]:
        text += f"; {count['tidak_ada']} satuan kerja belum ada di ruang kerja"
    if count["bergalat"]:
        text += f"; {count['bergalat']} satuan kerja memiliki catatan bergalat"
    if count["tanpa_lke"]:
        text += f"; {count['tanpa_lke']} satuan kerja belum mengisi LKE"
    w.text(f"{text}. Indeks {ctx['unit']['nama']} sendiri {own['indeks']} (predikat {own['predikat']}). Pada "
           f"{ctx['periode']['judul']}, satuan kerja kabupaten/kota melaksanakan {plans['kegiatan']} kegiatan rencana "
           f"aksi, {plans['selesai']} di antaranya selesai. Penilaian memakai {ctx['rubrik']['judul']} "
           f"({ctx['rubrik']['dasar']}).")
    _heading(doc, "2. Indeks, Predikat dan Rencana Aksi per Satuan Kerja", 2)
    rows = [["", f"{own['nama']} (induk)", own["indeks"], own["predikat"], str(own["rencana"]["kegiatan"]),
             str(own["rencana"]["selesai"]), own["rencana"]["capaian"], ""]]
    for i, r in enumerate(ctx["unit_bawahan"], 1):
        note = "catatan bergalat" if r["galat"] else ("" if r["lke"] else "LKE belum diisi")
        rows.append([str(i), r["nama"], r["indeks"], r["predikat"], str(r["rencana"]["kegiatan"]),
                     str(r["rencana"]["selesai"]), r["rencana"]["capaian"], note])
    w.table("Indeks, predikat dan rencana aksi per satuan kerja",
            ["No", "Satuan Kerja", "Indeks", "Predikat", "Kegiatan", "Selesai", "Rata-rata Capaian", "Keterangan"],
            rows, [0.8, 4.6, 1.6, 1.6, 1.7, 1.6, 2.0, 2.6], numeric=[0, 2, 4, 5, 6], bold_rows=[0])
    _incomplete(w)
    landscape_section(doc, ctx)
    _heading(doc, "4. CAPAIAN PER AREA PERUBAHAN", 1)
    areas = ctx["area"]
    width = (25.7 - 5.0) / max(len(areas), 1)
    w.table("Capaian setiap area perubahan terhadap bobotnya, per satuan kerja", ["Satuan Kerja", *areas],
            [[r["nama"], *r["area"]] for r in [own, *ctx["unit_bawahan"]]], [5.0, *([width] * len(areas))],
            numeric=list(range(1, len(areas) + 1)))
    _update_on_open(doc)
    props = doc.core_properties
    props.title = f"{ctx['judul']} {ctx['unit']['nama']} {ctx['periode']['judul']}"
    props.author = props.last_modified_by = ctx["unit"]["nama"]
    stamp = dt.datetime.combine(dt.date(ctx["tahun"], 1, 1), dt.time())
    props.created = props.modified = props.last_printed = stamp
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
