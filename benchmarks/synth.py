"""Generate a synthetic national KPU workspace, deterministically, for benchmarks and tests.

    python benchmarks/synth.py OUT [--units N] [--seed S]

One KPU RI, 38 KPU Provinsi and 514 KPU/KIP kabupaten/kota (553 units) by default; with
``--units N`` the first N of them, parents always before their children, so any N gives a
valid workspace. Each unit has its profile, one action plan per change area (realisation for
TW I-II only, so it is clean with ``--as-of`` from 2026-04-01 on), about a hundred evidence
entries (links, plus one small PDF with its sha256) and answers for every criterion of the
default rubric. About 108 KB and 12 files per unit: the full size is about 60 MB in about
6,600 files (6,085 of them records).

Texts are built from Indonesian word lists: nonsense, but with the length and shape of
real records. The records follow the rubric loaded from rbctl itself, so the generator
stays in step with the schema (tests/test_benchmark_synth.py validates a small one).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from dataclasses import dataclass
from pathlib import Path

YEAR = 2026
RUBRIC = "pmprb-2020"

# (slug, name, kabupaten/kota count): 38 provinces, 514 kabupaten/kota.
PROVINCES: list[tuple[str, str, int]] = [
    ("aceh", "Aceh", 23), ("sumut", "Sumatera Utara", 33), ("sumbar", "Sumatera Barat", 19),
    ("riau", "Riau", 12), ("jambi", "Jambi", 11), ("sumsel", "Sumatera Selatan", 17),
    ("bengkulu", "Bengkulu", 10), ("lampung", "Lampung", 15), ("babel", "Kepulauan Bangka Belitung", 7),
    ("kepri", "Kepulauan Riau", 7), ("dki", "DKI Jakarta", 6), ("jabar", "Jawa Barat", 27),
    ("jateng", "Jawa Tengah", 35), ("diy", "DI Yogyakarta", 5), ("jatim", "Jawa Timur", 38),
    ("banten", "Banten", 8), ("bali", "Bali", 9), ("ntb", "Nusa Tenggara Barat", 10),
    ("ntt", "Nusa Tenggara Timur", 22), ("kalbar", "Kalimantan Barat", 14), ("kalteng", "Kalimantan Tengah", 14),
    ("kalsel", "Kalimantan Selatan", 13), ("kaltim", "Kalimantan Timur", 10), ("kaltara", "Kalimantan Utara", 5),
    ("sulut", "Sulawesi Utara", 15), ("sulteng", "Sulawesi Tengah", 13), ("sulsel", "Sulawesi Selatan", 24),
    ("sultra", "Sulawesi Tenggara", 17), ("gorontalo", "Gorontalo", 6), ("sulbar", "Sulawesi Barat", 6),
    ("maluku", "Maluku", 11), ("malut", "Maluku Utara", 10), ("papua", "Papua", 9),
    ("pabar", "Papua Barat", 7), ("papsel", "Papua Selatan", 4), ("papteng", "Papua Tengah", 8),
    ("pappeg", "Papua Pegunungan", 8), ("pbd", "Papua Barat Daya", 6),
]
AREAS = ["manajemen-perubahan", "deregulasi", "organisasi", "tata-laksana", "sdm", "akuntabilitas", "pengawasan",
         "pelayanan-publik"]
AREA_CODES = ["MP", "DK", "OR", "TL", "SDM", "AK", "PW", "PP"]
EVIDENCE_KINDS = ["sk", "notulen", "foto", "laporan", "surat", "tautan", "dokumen", "daftar_hadir"]
STATUSES = ["berjalan", "selesai", "berjalan"]
FIRST = ["Agus", "Sri", "Budi", "Dewi", "Eko", "Fitri", "Hendra", "Indah", "Joko", "Lestari", "Made", "Nur",
         "Putu", "Rahmat", "Siti", "Teguh", "Wahyu", "Yuliana", "Andi", "Ratna", "Yohanes", "Maria", "Muhammad"]
LAST = ["Setiawan", "Wahyuni", "Santoso", "Anggraini", "Prasetyo", "Handayani", "Kurniawan", "Permata", "Susilo",
        "Sari", "Wirawan", "Hidayah", "Suryani", "Hidayat", "Rahmawati", "Wibowo", "Nugroho", "Safitri", "Pasaribu",
        "Siregar", "Manurung", "Lumban Tobing", "Rumbiak", "Latuconsina", "Daeng Mappa"]
_TEXT = ("pelaksanaan kegiatan rencana aksi reformasi birokrasi telah dilaksanakan sesuai jadwal dengan dukungan "
         "seluruh pegawai sekretariat dan hasilnya dilaporkan kepada pimpinan melalui rapat koordinasi bulanan "
         "serta dituangkan dalam notulen yang ditandatangani pejabat terkait dokumen pendukung disimpan dalam "
         "folder data dukung dan diunggah ke laman resmi pejabat pengelola informasi dan dokumentasi kendala "
         "utama adalah keterbatasan anggaran dan waktu karena bersamaan dengan tahapan pemilihan tindak lanjut "
         "dijadwalkan pada triwulan berikutnya dengan pendampingan dari komisi pemilihan umum provinsi capaian "
         "indikator kinerja dipantau melalui aplikasi dan dibahas dalam evaluasi semester")
WORDS = _TEXT.split()
KEGIATAN = ["Penyusunan", "Sosialisasi", "Evaluasi", "Pemutakhiran", "Pemantauan", "Penetapan", "Reviu",
            "Digitalisasi", "Pelatihan", "Pendampingan", "Inventarisasi", "Publikasi"]
OBJEK = ["rencana kerja Tim RB", "peta proses bisnis", "standar pelayanan", "register risiko", "SOP administrasi",
         "peta jabatan", "data kepegawaian", "perjanjian kinerja", "kode etik pegawai", "arsip elektronik",
         "survei kepuasan masyarakat", "regulasi internal", "agen perubahan", "zona integritas", "LHKPN dan LHKASN"]
SATUAN = ["dokumen", "kali", "laporan", "kegiatan", "orang", "SOP", "berkas"]
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
       b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


@dataclass(frozen=True)
class UnitDef:
    id: str
    code: str
    nama: str
    tingkat: str
    induk: str | None


@dataclass
class Criterion:
    id: str
    kind: str  # choice, counts, value
    options: list[str]  # choice: highest first
    numerator: str = ""
    denominator: str = ""
    low: float = 0.0
    high: float = 100.0


def national_units() -> list[UnitDef]:
    """KPU RI, then each province followed by its kabupaten/kota."""
    units = [UnitDef("kpu-ri", "RI", "KPU Republik Indonesia", "ri", None)]
    for p, (slug, name, count) in enumerate(PROVINCES, 1):
        prov = f"kpu-prov-{slug}"
        body = "KIP" if slug == "aceh" else "KPU"
        units.append(UnitDef(prov, f"P{p:02d}", f"{body} Provinsi {name}", "provinsi", "kpu-ri"))
        for k in range(1, count + 1):
            tingkat = "kota" if k % 5 == 0 else "kabupaten"
            label = "Kota" if tingkat == "kota" else "Kabupaten"
            units.append(UnitDef(f"kpu-{slug}-{k:02d}", f"P{p:02d}K{k:02d}", f"{body} {label} {name} {k:02d}",
                                 tingkat, prov))
    return units


def rubric_criteria() -> tuple[list[Criterion], list[str]]:
    """Criteria and change areas of the default rubric, from rbctl itself."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from rbctl.rubric import ChoiceScale, PercentageScale
    from rbctl.rubricload import builtin_rubric

    rubric = builtin_rubric(RUBRIC)
    out: list[Criterion] = []
    for cid, crit in rubric.criteria().items():
        scale = rubric.scales[crit.scale]
        if isinstance(scale, ChoiceScale):
            options = sorted(scale.options, key=lambda k: -scale.options[k])
            out.append(Criterion(cid, "choice", options))
        elif isinstance(scale, PercentageScale) and crit.counts is not None:
            out.append(Criterion(cid, "counts", [], crit.counts.numerator, crit.counts.denominator))
        elif isinstance(scale, PercentageScale):
            out.append(Criterion(cid, "value", [], low=0, high=float(scale.cap)))
        else:
            out.append(Criterion(cid, "value", [], low=float(scale.min), high=float(scale.max)))
    return out, sorted(rubric.change_area_ids())


class Writer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def text(self, low: int, high: int) -> str:
        """A sentence of plain words (safe as a plain YAML scalar)."""
        count = self.rng.randint(low, high)
        words = self.rng.choices(WORDS, k=count)
        sentence = " ".join(words)
        return sentence[0].upper() + sentence[1:] + "."

    def name(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def nip(self) -> str:
        r = self.rng
        return (f"{r.randint(1965, 1998)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}"
                f"{r.randint(1990, 2022)}{r.randint(1, 12):02d}{r.randint(1, 2)}{r.randint(1, 12):03d}")


def _unit_yaml(unit: UnitDef, w: Writer, areas: list[str], sk: str) -> str:
    lines = [f"# Profil {unit.nama} (data sintetis untuk benchmark).", "jenis: unit", "versi_skema: 1",
             f"id: {unit.id}", f"nama: {unit.nama}", f"tingkat: {unit.tingkat}"]
    if unit.induk:
        lines.append(f"induk: {unit.induk}")
    lines += ["ketua:", f"  nama: {w.name()}", "sekretaris:", f"  nama: {w.name()}", f'  nip: "{w.nip()}"',
              "tim_rb:", f"  sk: {sk}", "  anggota:"]
    for i, area in enumerate(areas):
        lines += [f"    - nama: {w.name()}", f'      nip: "{w.nip()}"', f"      jabatan: Koordinator area {i + 1}",
                  "      peran: Koordinator Area", f"      area: [{area}]"]
    return "\n".join(lines) + "\n"


def _plan_yaml(unit: UnitDef, w: Writer, area: str, code: str, evidence: list[str],
               criteria: list[Criterion]) -> tuple[str, list[str]]:
    r = w.rng
    lines = [f"# Rencana aksi {area} {YEAR}, {unit.nama}.", "jenis: rencana_aksi", "versi_skema: 1",
             f"tahun: {YEAR}", f"area: {area}", "rencana_aksi:"]
    ids = []
    for n in range(1, r.randint(3, 4) + 1):
        item = f"{unit.code}-{code}-{n:02d}"
        ids.append(item)
        target = [r.randint(0, 3) for _ in range(4)]
        target[0] = max(target[0], 1)
        crit = r.sample(criteria, 2)
        lines += [
            f"  - id: {item}",
            f"    kegiatan: {r.choice(KEGIATAN)} {r.choice(OBJEK)} tahun {YEAR}",
            f"    output: Dokumen {r.choice(OBJEK)}",
            f"    satuan: {r.choice(SATUAN)}",
            f"    indikator: {w.text(8, 14)}",
            f"    target: {{tw1: {target[0]}, tw2: {target[1]}, tw3: {target[2]}, tw4: {target[3]}, "
            f"total: {sum(target)}}}",
            f"    anggaran: {r.randint(0, 60) * 250_000}",
            f"    pelaksana: Subbagian {r.choice(OBJEK)}",
            f"    koordinator: {w.name()}",
            f"    jadwal: Januari-Desember {YEAR}",
            f"    kriteria: [{crit[0].id}, {crit[1].id}]",
            "    realisasi:",
        ]
        for q in (1, 2):
            done = target[q - 1] if r.random() < 0.8 else max(0, target[q - 1] - 1)
            status = "tertunda" if done == 0 else r.choice(STATUSES)
            lines += [f"      tw{q}:", f"        nilai: {done}", f"        status: {status}",
                      f"        catatan: {w.text(8, 24)}"]
            if done < target[q - 1]:
                lines += [f"        kendala: {w.text(10, 25)}", f"        tindak_lanjut: {w.text(10, 25)}"]
            lines.append(f"        data_dukung: [{r.choice(evidence)}]")
    return "\n".join(lines) + "\n", ids


def _evidence_yaml(unit: UnitDef, w: Writer, ids: list[str], actions: list[str], criteria: list[Criterion],
                   sk_sha: str) -> str:
    r = w.rng
    lines = [f"# Data dukung {unit.nama} (data sintetis).", "jenis: data_dukung", "versi_skema: 1", "data_dukung:"]
    for i, eid in enumerate(ids):
        month, day = r.randint(1, 6), r.randint(1, 28)
        lines += [f"  - id: {eid}", f"    judul: {w.text(6, 16)}"]
        if i == 0:
            lines += ["    jenis: sk", f"    tanggal: {YEAR}-01-{day:02d}", "    berkas: data-dukung/sk-tim-rb.pdf",
                      f"    sha256: {sk_sha}"]
        else:
            lines += [f"    jenis: {r.choice(EVIDENCE_KINDS)}", f"    tanggal: {YEAR}-{month:02d}-{day:02d}",
                      f"    tautan: https://{unit.id}.kpu.go.id/data-dukung/{YEAR}/{eid.lower()}"]
        picks = r.sample(criteria, r.randint(1, 3))
        lines.append("    kriteria: [" + ", ".join(c.id for c in picks) + "]")
        lines.append(f"    kegiatan: [{r.choice(actions)}]")
        lines.append(f"    keterangan: {w.text(8, 24)}")
    return "\n".join(lines) + "\n"


def _answers_yaml(unit: UnitDef, w: Writer, criteria: list[Criterion], evidence: list[str]) -> str:
    r = w.rng
    lines = [f"# LKE {YEAR} {unit.nama} (data sintetis).", "jenis: lke", "versi_skema: 1", f"tahun: {YEAR}",
             f"rubrik: {RUBRIC}", "jawaban:"]
    for crit in criteria:
        lines.append(f"  {crit.id}:")
        if crit.kind == "choice":
            lines.append(f"    jawaban: {r.choice(crit.options)}")
        elif crit.kind == "counts":
            den = r.randint(3, 120)
            lines.append(f"    jumlah: {{{crit.numerator}: {r.randint(0, den)}, {crit.denominator}: {den}}}")
        else:
            value = round(r.uniform(crit.low + (crit.high - crit.low) * 0.4, crit.high), 2)
            lines.append(f"    jawaban: {value}")
        lines.append(f"    penjelasan: {w.text(10, 28)}")
        lines.append("    data_dukung: [" + ", ".join(r.sample(evidence, 2)) + "]")
    return "\n".join(lines) + "\n"


def write_unit(root: Path, unit: UnitDef, criteria: list[Criterion], areas: list[str], seed: int) -> tuple[int, int]:
    """Write one unit; return (files, bytes)."""
    rng = random.Random(f"{seed}:{unit.id}")
    w = Writer(rng)
    folder = root / "units" / unit.id
    (folder / "rencana-aksi").mkdir(parents=True, exist_ok=True)
    (folder / "lke").mkdir(exist_ok=True)
    (folder / "data-dukung").mkdir(exist_ok=True)
    evidence = [f"{unit.code}-DD-{i:03d}" for i in range(1, rng.randint(90, 110) + 1)]
    pdf = PDF + f"% {unit.id}\n".encode()
    files: dict[Path, str] = {folder / "unit.yaml": _unit_yaml(unit, w, areas, evidence[0])}
    actions: list[str] = []
    for area, code in zip(AREAS, AREA_CODES, strict=True):
        text, ids = _plan_yaml(unit, w, area, code, evidence, criteria)
        actions += ids
        files[folder / "rencana-aksi" / f"{area}.yaml"] = text
    files[folder / "data-dukung.yaml"] = _evidence_yaml(unit, w, evidence, actions, criteria,
                                                        hashlib.sha256(pdf).hexdigest())
    files[folder / "lke" / f"{YEAR}.yaml"] = _answers_yaml(unit, w, criteria, evidence)
    (folder / "narasi").mkdir(exist_ok=True)
    for section, title in (("kendala", "Kendala"), ("rekomendasi", "Rekomendasi")):
        files[folder / "narasi" / f"semester-1-{section}.md"] = _narrative_md(w, section, title)
    size = 0
    for path, text in files.items():
        data = text.encode()
        path.write_bytes(data)
        size += len(data)
    (folder / "data-dukung" / "sk-tim-rb.pdf").write_bytes(pdf)
    return len(files) + 1, size + len(pdf)


def _narrative_md(w: Writer, section: str, title: str) -> str:
    """A semester I narrative: front matter and three paragraphs."""
    body = "\n\n".join(w.text(40, 80) for _ in range(3))
    return (f"---\njenis: narasi\nversi_skema: 1\ntahun: {YEAR}\nperiode: semester-1\nbagian: {section}\n"
            f"judul: {title} pelaksanaan RB semester I {YEAR}\n---\n\n{body}\n")


CONFIG = f"""\
# Ruang kerja sintetis untuk benchmark rbctl (benchmarks/synth.py).
jenis: konfigurasi
versi_skema: 1
organisasi: Komisi Pemilihan Umum
tahun: {YEAR}
rubrik: {RUBRIC}
dasar_hukum:
  - Peraturan Menteri PANRB Nomor 25 Tahun 2020
  - Peraturan Menteri PANRB Nomor 26 Tahun 2020
  - Keputusan KPU Nomor 314 Tahun 2021
laporan:
  tempat: Jakarta
"""


@dataclass
class Generated:
    root: Path
    units: int
    files: int
    bytes: int


def generate(root: Path, units: int | None = None, seed: int = 2026) -> Generated:
    """Write the workspace under ``root`` (which should be empty or absent)."""
    criteria, rubric_areas = rubric_criteria()
    if sorted(AREAS) != rubric_areas:
        raise SystemExit(f"the rubric's change areas changed: {rubric_areas}")
    chosen = national_units()[:units] if units is not None else national_units()
    root.mkdir(parents=True, exist_ok=True)
    (root / "rbctl.yaml").write_text(CONFIG, encoding="utf-8")
    (root / ".gitignore").write_text(".rbctl-cache/\n", encoding="utf-8")
    files, size = 1, len(CONFIG.encode())
    for unit in chosen:
        f, b = write_unit(root, unit, criteria, AREAS, seed)
        files += f
        size += b
    return Generated(root, len(chosen), files, size)


def main() -> None:
    parser = argparse.ArgumentParser(description="Generate a synthetic national rbctl workspace.")
    parser.add_argument("out", type=Path)
    parser.add_argument("--units", type=int, default=None, help="only the first N units (default: all 553)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    made = generate(args.out, args.units, args.seed)
    print(f"{made.units} units, {made.files} files, {made.bytes / 1e6:.1f} MB in {made.root}")


if __name__ == "__main__":
    main()
