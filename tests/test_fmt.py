"""`rbctl fmt`: one canonical layout, every comment kept, nothing changed on a tidy workspace."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from rbctl.authoring import format_files, record_paths
from rbctl.writer import canonical_text
from rbctl.yamlload import parse_text

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "kpu-jatim"

MESSY = """\
# kepala berkas
# baris kedua

versi_skema: 1   # versi
jenis: rencana_aksi # jenis
area: manajemen-perubahan
tahun: 2026
rencana_aksi:   # daftar kegiatan
# komentar sebelum butir
- kegiatan: Rapat koordinasi Tim RB  # kegiatan ditulis dulu
  id: PU-MP-01
  output: Notulen rapat
  satuan: dokumen
  indikator: Jumlah rapat koordinasi yang terlaksana
  target: {tw1: 1, tw2: 1, tw3: 1, tw4: 1, total: 4}  # gaya flow
  anggaran: 2500000
  pelaksana: Subbagian Umum
  koordinator: Sekretaris
  data_dukung: [PU-NOT-01]
  kriteria:
  - P.MP.1.a    # kriteria
  realisasi:
      # triwulan II ditulis dulu
      tw2:   # indentasi empat
          status: berjalan
          nilai: 1
          kendala: 'Jadwal pimpinan padat'   # kutip tunggal
          tindak_lanjut: "Rapat dijadwalkan ulang"
      tw1:
          nilai: 1
          status: selesai
          data_dukung: [PU-NOT-01]

# pemisah antar kegiatan
- id: PU-MP-02
  kegiatan: >-
    Sosialisasi road map #1
    kepada pegawai
  output: Laporan
  satuan: laporan
  indikator: Sosialisasi terlaksana
  target:
    tw1: 0   # belum
    tw2: 1
    tw3: 0
    tw4: 0
    total: 1
  pelaksana: Subbagian Umum
  koordinator: Sekretaris
# komentar akhir berkas
"""


def comment_texts(text: str) -> Counter[str]:
    """Comments of the fixtures above (whose values hold no ` #` outside the block scalar)."""
    found: Counter[str] = Counter()
    for line in text.splitlines():
        if "road map #1" in line:
            continue
        match = re.search(r"(?:^|\s)#\s?(.*)$", line)
        if match:
            found[match.group(1).strip()] += 1
    return found


@pytest.fixture
def messy(workspace: Path) -> Path:
    path = workspace / "units/prov-uji/rencana-aksi/manajemen-perubahan.yaml"
    path.write_text(MESSY, encoding="utf-8")
    return path


def test_fmt_keeps_every_comment_and_the_data(rbctl, workspace, messy):
    before = parse_text(MESSY)
    check = rbctl("fmt", "--check", cwd=workspace)
    assert check.exit_code == 1
    assert "units/prov-uji/rencana-aksi/manajemen-perubahan.yaml: akan dirapikan" in check.stdout
    assert messy.read_text(encoding="utf-8") == MESSY  # --check never writes

    result = rbctl("fmt", cwd=workspace)
    assert result.exit_code == 0, result.stderr
    after = messy.read_text(encoding="utf-8")
    assert comment_texts(after) == comment_texts(MESSY)
    assert parse_text(after) == before
    assert "'Jadwal pimpinan padat'" in after  # quoting kept
    assert "    Sosialisasi road map #1\n      kepada pegawai\n" in after  # folded text kept as written
    # The canonical layout: keys in the model's order, two-space indentation, items under their key.
    assert after.index("jenis:") < after.index("versi_skema:") < after.index("tahun:") < after.index("area:")
    assert "rencana_aksi:   # daftar kegiatan\n" in after
    assert "\n  - id: PU-MP-01\n    kegiatan: Rapat koordinasi Tim RB" in after
    assert "    kriteria:\n      - P.MP.1.a" in after
    assert after.index("      tw1:\n        nilai: 1\n") < after.index("      tw2:")

    assert rbctl("validate", "--as-of", "2026-06-30", cwd=workspace).exit_code == 0
    again = rbctl("fmt", "--check", cwd=workspace)
    assert again.exit_code == 0
    assert "sudah rapi" in again.stdout


def test_fmt_twice_gives_the_same_bytes(workspace, messy):
    format_files([messy], check=False)
    once = messy.read_bytes()
    result = format_files(record_paths(workspace), check=False)
    assert result.changed == []
    assert messy.read_bytes() == once


def test_fmt_keeps_windows_line_endings_and_a_document_start(workspace, messy):
    text = "# komentar di atas\n---\n" + MESSY
    messy.write_bytes(text.replace("\n", "\r\n").encode())
    format_files([messy], check=False)
    raw = messy.read_bytes()
    assert raw.startswith(b"# komentar di atas\r\n---\r\n# kepala berkas\r\n")
    assert raw.count(b"\n") == raw.count(b"\r\n")
    assert parse_text(raw.decode()) == parse_text(MESSY)


def test_fmt_leaves_a_narrative_body_alone(workspace):
    path = workspace / "units/prov-uji/narasi/kendala-semester-1.md"
    body = "\n# Judul Markdown, bukan komentar\n\n  indentasi   aneh   tetap\n"
    text = "---\njudul: Kendala pelaksanaan semester I  # judul\njenis: narasi\nversi_skema: 1\n" \
           "tahun: 2026\nperiode: semester-1\nbagian: kendala\n---" + body
    path.write_text(text, encoding="utf-8")
    format_files([path], check=False)
    after = path.read_text(encoding="utf-8")
    assert after.startswith("---\njenis: narasi\n")
    assert "judul: Kendala pelaksanaan semester I  # judul\n---\n" in after
    assert after.endswith("---" + body)


def test_fmt_reports_a_broken_file_with_its_position_and_writes_nothing(rbctl, workspace, messy):
    broken = MESSY.replace("  output: Notulen rapat\n", "  output: 'Notulen rapat\n", 1)
    messy.write_text(broken, encoding="utf-8")
    result = rbctl("fmt", cwd=workspace)
    assert result.exit_code == 1
    assert re.search(r"manajemen-perubahan\.yaml:\d+:\d+: galat YAML tidak sah", result.stderr)
    assert messy.read_text(encoding="utf-8") == broken


def test_fmt_paths_limit_what_it_touches(rbctl, workspace, messy):
    other = workspace / "units/prov-uji/unit.yaml"
    other.write_text("versi_skema: 1\n" + other.read_text(encoding="utf-8").replace("versi_skema: 1\n", ""),
                     encoding="utf-8")
    untouched = other.read_bytes()
    result = rbctl("fmt", str(messy.relative_to(workspace)), cwd=workspace)
    assert result.exit_code == 0, result.stderr
    assert other.read_bytes() == untouched
    assert messy.read_text(encoding="utf-8") != MESSY


def test_canonical_text_is_stable_on_what_it_produces():
    once = canonical_text(MESSY)
    assert canonical_text(once) == once


def test_fmt_changes_nothing_on_the_example(rbctl, tmp_path):
    if not (EXAMPLE / "rbctl.yaml").is_file():
        pytest.skip("examples/kpu-jatim belum ada")
    copy = tmp_path / "kpu-jatim"
    shutil.copytree(EXAMPLE, copy)
    before = {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()}
    check = rbctl("fmt", "--check", cwd=copy)
    assert check.exit_code == 0, check.stdout + check.stderr
    assert rbctl("fmt", cwd=copy).exit_code == 0
    assert {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()} == before


# --- a tidy tree is checked from memory; the memo never hides a change --------------------


def _example_copy(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(EXAMPLE, root)
    return root


def test_fmt_check_remembers_canonical_files_and_still_sees_a_change(tmp_path: Path) -> None:
    root = _example_copy(tmp_path)
    memo = tmp_path / "cache"
    paths = record_paths(root)
    first = format_files(paths, check=True, memo_dir=memo)
    assert first.changed == []
    assert (memo / "fmt-canonical.json").exists()
    plan = root / "units" / "kpu-kab-malang" / "rencana-aksi" / "sdm.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("versi_skema: 1\n", "versi_skema:    1\n", 1), encoding="utf-8")
    second = format_files(paths, check=True, memo_dir=memo)
    assert second.changed == [plan]
    assert second.unchanged == len(paths) - 1


def test_fmt_memo_of_the_wrong_shape_is_ignored(tmp_path: Path) -> None:
    root = _example_copy(tmp_path)
    memo = tmp_path / "cache"
    memo.mkdir()
    plan = root / "units" / "kpu-kab-malang" / "rencana-aksi" / "sdm.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("versi_skema: 1\n", "versi_skema:    1\n", 1),
                    encoding="utf-8")
    for junk in ('{"a": 1}', "[1, 2, null]", "not json", '["' + "0" * 31 + '"]'):
        (memo / "fmt-canonical.json").write_text(junk, encoding="utf-8")
        assert format_files([plan], check=True, memo_dir=memo).changed == [plan]


def test_fmt_in_two_processes_gives_what_one_gives(tmp_path: Path) -> None:
    one, two = _example_copy(tmp_path / "a"), _example_copy(tmp_path / "b")
    for root in (one, two):
        for path in record_paths(root)[::3]:
            if path.suffix == ".yaml":
                path.write_text(path.read_text(encoding="utf-8").replace("\n", "   \n", 3), encoding="utf-8")
    serial = format_files(record_paths(one), check=False, jobs=1)
    parallel = format_files(record_paths(two), check=False, jobs=2)
    assert [p.relative_to(one) for p in serial.changed] == [p.relative_to(two) for p in parallel.changed]
    assert serial.changed
    for path in record_paths(one):
        assert path.read_bytes() == (two / path.relative_to(one)).read_bytes()
