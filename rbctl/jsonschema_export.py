"""JSON Schemas of the record kinds, generated from the models, for editors.

yaml-language-server (VS Code's YAML extension) reads draft-07: completion, hover text and
red underlines while a Tim RB member types. The schemas say what the models say (unknown
keys are errors, ids and NIPs have their patterns); rbctl validate remains the judge, since a
schema cannot check references between files or the rubric's scales.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rbctl.models import KIND_MODELS

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
SUFFIX = ".schema.json"

TITLES: dict[str, str] = {
    "konfigurasi": "Konfigurasi ruang kerja rbctl (rbctl.yaml)",
    "unit": "Profil unit (units/<id>/unit.yaml)",
    "rencana_aksi": "Rencana aksi satu area perubahan (units/<id>/rencana-aksi/<area>.yaml)",
    "data_dukung": "Daftar data dukung unit (units/<id>/data-dukung.yaml)",
    "lke": "Jawaban penilaian mandiri / LKE (units/<id>/lke/<tahun>.yaml)",
    "narasi": "Front matter narasi laporan (units/<id>/narasi/*.md)",
}

# Where each kind lives in a workspace, as globs for editors (relative to the workspace root).
FILE_GLOBS: dict[str, list[str]] = {
    "konfigurasi": ["rbctl.yaml"],
    "unit": ["units/*/unit.yaml"],
    "rencana_aksi": ["units/*/rencana-aksi/*.yaml", "units/*/rencana-aksi/*.yml"],
    "data_dukung": ["units/*/data-dukung.yaml"],
    "lke": ["units/*/lke/*.yaml", "units/*/lke/*.yml"],
}

# Hover text for keys, in the team's language (the same key means the same everywhere).
KEY_DOCS: dict[str, str] = {
    "jenis": "Jenis catatan; menentukan kunci apa saja yang boleh ada.",
    "versi_skema": "Versi skema catatan; tulis 1.",
    "tahun": "Tahun (empat angka), misalnya 2024.",
    "organisasi": "Nama organisasi, misalnya KPU Provinsi Jawa Timur.",
    "rubrik": "Id rubrik bawaan (pmprb-2014, pmprb-2020, rb-2023, zi-2014, zi-2021) atau path berkas rubrik.",
    "dasar_hukum": "Dasar hukum yang dikutip di laporan.",
    "id": "Id: huruf, angka, titik, garis bawah dan tanda hubung, misalnya MP-01.",
    "nama": "Nama lengkap.",
    "nip": "NIP dalam tanda kutip, misalnya \"198501012010011001\".",
    "tingkat": "Tingkat unit: ri, provinsi, kabupaten atau kota.",
    "induk": "Id unit induk (misalnya KPU Provinsi untuk KPU kabupaten/kota).",
    "peran": "Peran dalam Tim RB, misalnya Koordinator atau Anggota.",
    "area": "Id area perubahan rubrik, misalnya manajemen-perubahan.",
    "kegiatan": "Uraian kegiatan (di rencana aksi) atau id kegiatan yang didukung (di data dukung).",
    "target": "Target per triwulan (tw1-tw4) dan total.",
    "realisasi": "Realisasi per triwulan: nilai, status, catatan, kendala, tindak lanjut, data dukung.",
    "status": "belum, berjalan, selesai, tertunda atau batal.",
    "data_dukung": "Id data dukung yang terdaftar di data-dukung.yaml unit.",
    "kriteria": "Id kriteria rubrik, misalnya P.MP.1.a.",
    "judul": "Judul data dukung atau narasi.",
    "tanggal": "Tanggal TTTT-BB-HH, misalnya 2024-03-15.",
    "berkas": "Path berkas relatif terhadap folder unit, misalnya data-dukung/sk-tim-rb.pdf.",
    "tautan": "Tautan https://...",
    "sha256": "Sidik jari isi berkas (64 huruf heksadesimal), diisi `rbctl evidence add`.",
    "jawaban": "Jawaban sesuai skala kriteria: pilihan (A, B, Ya, ...), persen, atau nilai.",
    "penjelasan": "Penjelasan jawaban untuk penilai.",
    "jumlah": "Dua jumlah untuk kriteria persentase (pembilang dan penyebut).",
    "reviu": "Jawaban penilai internal, per kriteria.",
    "periode": "semester-1, semester-2 atau tahunan.",
    "bagian": "Bagian laporan: pendahuluan, kendala, rekomendasi, tindak_lanjut, penutup, lainnya.",
}


def _walk(node: Any) -> None:
    """Drop English docstrings, add Indonesian hover text, close maps keyed by ids."""
    if isinstance(node, dict):
        node.pop("description", None)
        props = node.get("properties")
        if isinstance(props, dict):
            for key, sub in props.items():
                if key in KEY_DOCS and isinstance(sub, dict):
                    _walk(sub)
                    sub["description"] = KEY_DOCS[key]
                else:
                    _walk(sub)
        for key, value in node.items():
            if key != "properties":
                _walk(value)
        if "patternProperties" in node and "properties" not in node:
            node.setdefault("additionalProperties", False)
    elif isinstance(node, list):
        for item in node:
            _walk(item)


def schema_for(kind: str) -> dict[str, Any]:
    """The draft-07 JSON Schema of one record kind."""
    model = KIND_MODELS[kind]
    raw = model.model_json_schema(ref_template="#/definitions/{model}")
    definitions = raw.pop("$defs", {})
    _walk(raw)
    _walk(definitions)
    for definition in definitions.values():
        definition.pop("title", None)  # class names, in English: no use in an editor's hover
    out: dict[str, Any] = {"$schema": DRAFT_07, "title": TITLES.get(kind, kind)}
    out.update((k, v) for k, v in raw.items() if k != "title")
    if definitions:
        out["definitions"] = definitions
    return out


def all_schemas() -> dict[str, dict[str, Any]]:
    return {kind: schema_for(kind) for kind in KIND_MODELS}


def schema_text(kind: str) -> str:
    return json.dumps(schema_for(kind), ensure_ascii=False, indent=2) + "\n"


def schema_files() -> dict[str, str]:
    """File name -> text, for ``rbctl schema --out DIR``."""
    return {f"{kind}{SUFFIX}": schema_text(kind) for kind in KIND_MODELS}


def vscode_settings(schema_dir: str) -> dict[str, Any]:
    """`.vscode/settings.json` content wiring the schemas to the workspace's files.

    ``schema_dir`` is the schema folder relative to the workspace root (as VS Code opens it).
    """
    base = schema_dir.strip("/") or "."
    schemas = {f"./{base}/{kind}{SUFFIX}": globs for kind, globs in FILE_GLOBS.items()}
    return {"yaml.schemas": schemas, "yaml.yamlVersion": "1.2", "yaml.validate": True}


def vscode_settings_text(schema_dir: str) -> str:
    return json.dumps(vscode_settings(schema_dir), ensure_ascii=False, indent=2) + "\n"


def merge_vscode_settings(existing: str | None, schema_dir: str) -> str:
    """Settings text with our ``yaml.schemas`` entries set and every other setting kept.

    Raises ValueError when the existing file is not plain JSON (VS Code also accepts
    comments, which a JSON round trip would lose: such a file is left to the user).
    """
    settings: dict[str, Any] = {}
    if existing is not None and existing.strip():
        loaded = json.loads(existing)
        if not isinstance(loaded, dict):
            raise ValueError("bukan objek JSON")
        settings = loaded
    ours = vscode_settings(schema_dir)
    schemas = settings.get("yaml.schemas")
    schemas = dict(schemas) if isinstance(schemas, dict) else {}
    stale = [k for k in schemas if k.endswith(SUFFIX) and Path(k).name.removesuffix(SUFFIX) in KIND_MODELS]
    for key in stale:
        del schemas[key]
    schemas.update(ours["yaml.schemas"])
    settings["yaml.schemas"] = schemas
    for key, value in ours.items():
        settings.setdefault(key, value)
    return json.dumps(settings, ensure_ascii=False, indent=2) + "\n"


def write_schemas(out_dir: Path) -> list[tuple[Path, bool]]:
    """Write every schema into ``out_dir``; (path, changed) for each. Regenerated files are
    always ours, so they are replaced without asking."""
    from rbctl.writer import atomic_write

    out_dir.mkdir(parents=True, exist_ok=True)
    return [(out_dir / name, atomic_write(out_dir / name, text, overwrite=True))
            for name, text in schema_files().items()]
