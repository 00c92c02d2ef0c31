# ruff: noqa: E501 - a table of exact messages reads best one message per line
"""The mistakes a new Tim RB member makes, each with the exact problems `rbctl validate` must
report for it: every one in a single run, with the message and the hint that fixes it.

Each mistake is one edit of tests/cases/good-minimal (a clean workspace); the expected list is
the whole report, so a follow-on error or a hidden problem fails the test as surely as a wrong
hint. Hints suggest what to write; none tells the user to delete what they wrote.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from rbctl.validate import validate
from tests.conftest import AS_OF, Run, copy_good

LKE = "units/prov-uji/lke/2026.yaml"
PLAN = "units/prov-uji/rencana-aksi/manajemen-perubahan.yaml"
EV = "units/prov-uji/data-dukung.yaml"
UNIT = "units/prov-uji/unit.yaml"
KAB = "units/kab-uji/unit.yaml"

Expected = tuple[str, int, int, str, str, str]  # path, line, column, rule, message, hint


@dataclass(frozen=True)
class Mistake:
    name: str
    path: str
    old: str  # text of good-minimal's file ...
    new: str  # ... replaced by the mistake
    expected: list[Expected]


MISTAKES = [
    Mistake('key-typo-penjelasan', LKE, 'penjelasan: Road',
            'penjelesan: Road', [
        (LKE, 12, 5, 'unknown-key',
         'Kunci `penjelesan` tidak dikenal.',
         'Mungkin maksudnya `penjelasan`?'),
    ]),
    Mistake('key-typo-output', PLAN, 'output: Notulen',
            'ouput: Notulen', [
        (PLAN, 8, 5, 'unknown-key',
         'Kunci `ouput` tidak dikenal.',
         'Mungkin maksudnya `output`?'),
    ]),
    Mistake('key-typo-tingkat', UNIT, 'tingkat: provinsi',
            'tingkt: provinsi', [
        (UNIT, 5, 1, 'unknown-key',
         'Kunci `tingkt` tidak dikenal.',
         'Mungkin maksudnya `tingkat`?'),
    ]),
    Mistake('key-capitalised', LKE, '    jawaban: Tidak',
            '    Jawaban: Tidak', [
        (LKE, 11, 5, 'unknown-key',
         'Kunci `Jawaban` tidak dikenal.',
         'Mungkin maksudnya `jawaban`?'),
    ]),
    Mistake('key-space-for-underscore', PLAN, '    data_dukung: [PU-NOT-01]\n',
            '    data dukung: [PU-NOT-01]\n', [
        (PLAN, 20, 9, 'unknown-key',
         'Kunci `data dukung` tidak dikenal.',
         'Mungkin maksudnya `data_dukung`?'),
    ]),
    Mistake('indent-one-space-too-many', UNIT, '  nip: "197801012005012001"\ntim_rb',
            '   nip: "197801012005012001"\ntim_rb', [
        (UNIT, 10, 4, 'yaml-syntax',
         'Indentasi salah: `nip:` menjorok 3 spasi, 1 spasi lebih dalam dari seharusnya.',
         'Tulis `nip:` dengan 2 spasi di awal baris, sejajar dengan `nama:` (baris 9).'),
    ]),
    Mistake('indent-answer-too-shallow', LKE, '    jawaban: A\n',
            '  jawaban: A\n', [
        (LKE, 7, 3, 'yaml-syntax',
         'Indentasi salah: `jawaban:` menjorok 2 spasi, 2 spasi kurang dalam dari seharusnya.',
         'Tulis `jawaban:` dengan 4 spasi di awal baris, sejajar dengan `penjelasan:` (baris 8).'),
    ]),
    Mistake('indent-answer-three-spaces', LKE, '    jawaban: Tidak\n',
            '   jawaban: Tidak\n', [
        (LKE, 11, 4, 'yaml-syntax',
         'Indentasi salah: `jawaban:` menjorok 3 spasi, 1 spasi kurang dalam dari seharusnya.',
         'Tulis `jawaban:` dengan 4 spasi di awal baris, sejajar dengan `penjelasan:` (baris 12).'),
    ]),
    Mistake('indent-key-between-levels', PLAN, '    satuan: dokumen\n',
            '   satuan: dokumen\n', [
        (PLAN, 9, 4, 'yaml-syntax',
         'Indentasi salah: `satuan:` menjorok 3 spasi, 1 spasi kurang dalam dari seharusnya.',
         'Tulis `satuan:` dengan 4 spasi di awal baris, sejajar dengan `output:` (baris 8).'),
    ]),
    Mistake('no-space-after-colon', LKE, 'jawaban: Tidak',
            'jawaban:Tidak', [
        (LKE, 11, 5, 'yaml-syntax',
         'Tidak ada spasi setelah titik dua di `jawaban:Tidak`.',
         'Tambahkan spasi setelah titik dua: `jawaban: Tidak`.'),
    ]),
    Mistake('comma-in-flow-map', LKE, '{perubahan: 3, agen: 5}',
            '{perubahan: 3, agen: 10,5}', [
        (LKE, 17, 34, 'invalid-value',
         '`agen: 10,5`: koma memisahkan angka ini menjadi `10` dan kunci baru `5`.',
         'Di dalam `{...}` koma memisahkan pasangan; tulis desimal dengan titik: `agen: 10.5`.'),
    ]),
    Mistake('decimal-comma-realisation', PLAN, 'nilai: 1\n        status: selesai',
            'nilai: 3,5\n        status: selesai', [
        (PLAN, 18, 16, 'invalid-type',
         '`nilai` harus berupa angka, bukan `3,5`.',
         'Tulis desimal dengan titik: `nilai: 3.5`.'),
    ]),
    Mistake('decimal-comma-range-answer', LKE, 'jawaban: 3\n',
            'jawaban: 3,5\n', [
        (LKE, 19, 14, 'answer-not-canonical',
         'Jawaban `3,5` diterima sebagai `3.5`, tetapi tidak dalam bentuk bakunya.',
         'Tulis `3.5`, atau jalankan `rbctl fmt` untuk merapikan semua jawaban.'),
    ]),
    Mistake('decimal-comma-percentage', LKE, 'jawaban: 80',
            'jawaban: 85,5', [
        (LKE, 14, 14, 'answer-not-canonical',
         'Jawaban `85,5` diterima sebagai `85.5`, tetapi tidak dalam bentuk bakunya.',
         'Tulis `85.5`, atau jalankan `rbctl fmt` untuk merapikan semua jawaban.'),
    ]),
    Mistake('percent-sign', LKE, 'jawaban: 80',
            'jawaban: 80%', [
        (LKE, 14, 14, 'answer-not-canonical',
         'Jawaban `80%` diterima sebagai `80`, tetapi tidak dalam bentuk bakunya.',
         'Tulis `80`, atau jalankan `rbctl fmt` untuk merapikan semua jawaban.'),
    ]),
    Mistake('thousands-dots', PLAN, 'anggaran: 2500000',
            'anggaran: 2.500.000', [
        (PLAN, 12, 15, 'invalid-type',
         '`anggaran` harus berupa angka, bukan `2.500.000`.',
         'Tulis angka tanpa titik ribuan: `anggaran: 2500000`.'),
    ]),
    Mistake('date-day-first-slash', EV, 'tanggal: 2026-01-10',
            'tanggal: 31/12/2026', [
        (EV, 7, 14, 'invalid-date',
         '`tanggal`: tanggal `31/12/2026` tidak sah.',
         'Tulis tanggal sebagai TTTT-BB-HH: 2026-12-31.'),
    ]),
    Mistake('date-day-first-dash', EV, 'tanggal: 2026-01-10',
            'tanggal: 10-01-2026', [
        (EV, 7, 14, 'invalid-date',
         '`tanggal`: tanggal `10-01-2026` tidak sah.',
         'Tulis tanggal sebagai TTTT-BB-HH: 2026-01-10.'),
    ]),
    Mistake('date-month-name', EV, 'tanggal: 2026-02-05',
            'tanggal: 5 Februari 2026', [
        (EV, 14, 14, 'invalid-date',
         '`tanggal`: tanggal `5 Februari 2026` tidak sah.',
         'Tulis tanggal sebagai TTTT-BB-HH: 2026-02-05.'),
    ]),
    Mistake('date-year-first-slash', EV, 'tanggal: 2026-04-20',
            'tanggal: 2026/04/20', [
        (EV, 20, 14, 'invalid-date',
         '`tanggal`: tanggal `2026/04/20` tidak sah.',
         'Tulis tanggal sebagai TTTT-BB-HH: 2026-04-20.'),
    ]),
    Mistake('date-impossible', EV, 'tanggal: 2026-01-10',
            'tanggal: 2026-02-30', [
        (EV, 7, 14, 'invalid-date',
         '`tanggal`: tanggal `2026-02-30` tidak sah.',
         'Tulis tanggal yang ada sebagai TTTT-BB-HH, misalnya 2026-03-15.'),
    ]),
    Mistake('criterion-typo-answer', LKE, 'P.MP.1.b:',
            'P.MP.1.x:', [
        (LKE, 10, 3, 'unknown-criterion',
         'Kriteria `P.MP.1.x` tidak ada di rubrik `rubrik-uji`.',
         'Mungkin maksudnya `P.MP.1.b`? Lihat id kriteria dengan `rbctl rubric show`.'),
    ]),
    Mistake('criterion-case-action', PLAN, 'kriteria: [P.MP.1.a]',
            'kriteria: [p.mp.1.a]', [
        (PLAN, 15, 16, 'unknown-criterion',
         'Kriteria `p.mp.1.a` tidak ada di rubrik `rubrik-uji`.',
         'Mungkin maksudnya `P.MP.1.a`? Lihat id kriteria dengan `rbctl rubric show`.'),
    ]),
    Mistake('status-capitalised', PLAN, 'status: selesai',
            'status: Selesai', [
        (PLAN, 19, 17, 'invalid-value',
         '`status`: nilai `Selesai` tidak diizinkan.',
         'Mungkin maksudnya `selesai`? Pilihan: `belum`, `berjalan`, `selesai`, `tertunda`, `batal`.'),
    ]),
    Mistake('status-english', PLAN, 'status: selesai',
            'status: done', [
        (PLAN, 19, 17, 'invalid-value',
         '`status`: nilai `done` tidak diizinkan.',
         'Pilih salah satu: `belum`, `berjalan`, `selesai`, `tertunda`, `batal`.'),
    ]),
    Mistake('level-capitalised', KAB, 'tingkat: kabupaten',
            'tingkat: Kabupaten', [
        (KAB, 5, 10, 'invalid-value',
         '`tingkat`: nilai `Kabupaten` tidak diizinkan.',
         'Mungkin maksudnya `kabupaten`? Pilihan: `ri`, `provinsi`, `kabupaten`, `kota`.'),
    ]),
    Mistake('level-old-spelling', UNIT, 'tingkat: provinsi',
            'tingkat: propinsi', [
        (UNIT, 5, 10, 'invalid-value',
         '`tingkat`: nilai `propinsi` tidak diizinkan.',
         'Mungkin maksudnya `provinsi`? Pilihan: `ri`, `provinsi`, `kabupaten`, `kota`.'),
    ]),
    Mistake('evidence-kind-capitalised', EV, 'jenis: notulen',
            'jenis: Notulen', [
        (EV, 13, 12, 'invalid-value',
         '`jenis`: nilai `Notulen` tidak diizinkan.',
         'Mungkin maksudnya `notulen`? Pilihan: `sk`, `notulen`, `foto`, `laporan`, `surat`, `tautan`, `dokumen`, `daftar_hadir`, `lainnya`.'),
    ]),
    Mistake('evidence-kind-upper-sk', EV, 'jenis: sk',
            'jenis: SK', [
        (EV, 6, 12, 'invalid-value',
         '`jenis`: nilai `SK` tidak diizinkan.',
         'Mungkin maksudnya `sk`? Pilihan: `sk`, `notulen`, `foto`, `laporan`, `surat`, `tautan`, `dokumen`, `daftar_hadir`, `lainnya`.'),
    ]),
    Mistake('choice-lowercase', LKE, 'jawaban: A\n',
            'jawaban: a\n', [
        (LKE, 7, 14, 'answer-not-canonical',
         'Jawaban `a` diterima sebagai `A`, tetapi tidak dalam bentuk bakunya.',
         'Tulis `A`, atau jalankan `rbctl fmt` untuk merapikan semua jawaban.'),
    ]),
    Mistake('choice-ya-lowercase', LKE, 'jawaban: Tidak',
            'jawaban: tidak', [
        (LKE, 11, 14, 'answer-not-canonical',
         'Jawaban `tidak` diterima sebagai `Tidak`, tetapi tidak dalam bentuk bakunya.',
         'Tulis `Tidak`, atau jalankan `rbctl fmt` untuk merapikan semua jawaban.'),
    ]),
    Mistake('counts-more-done-than-planned', LKE, '{perubahan: 3, agen: 5}',
            '{perubahan: 12, agen: 10}', [
        (LKE, 17, 25, 'answer-counts-over',
         '`perubahan: 12` lebih besar dari `agen: 10`; persentasenya dibatasi 100.',
         'Periksa apakah kedua jumlah tertukar: `perubahan` adalah bagian dari `agen`.'),
    ]),
    Mistake('evidence-ref-typo', LKE, 'data_dukung: [PU-SK-01]',
            'data_dukung: [PU-SK-1]', [
        (LKE, 9, 19, 'unknown-evidence-ref',
         'Data dukung `PU-SK-1` tidak terdaftar di unit ini.',
         'Mungkin maksudnya `PU-SK-01`? Daftarkan di `data-dukung.yaml` (atau `rbctl evidence add`), atau perbaiki id-nya.'),
    ]),
    Mistake('member-area-typo', UNIT, 'area: [akuntabilitas]',
            'area: [akuntabilitass]', [
        (UNIT, 20, 14, 'unknown-member-area',
         'Area `akuntabilitass` tidak ada di rubrik `rubrik-uji`.',
         'Mungkin maksudnya `akuntabilitas`? Pilihan: `akuntabilitas`, `manajemen-perubahan`.'),
    ]),
    Mistake('plan-area-typo', PLAN, 'area: manajemen-perubahan',
            'area: manajemen-perubahn', [
        (PLAN, 4, 7, 'unknown-area',
         'Area `manajemen-perubahn` tidak ada di rubrik `rubrik-uji`.',
         'Mungkin maksudnya `manajemen-perubahan`? Pilihan: `akuntabilitas`, `manajemen-perubahan`.'),
    ]),
    Mistake('parent-unit-typo', KAB, 'induk: prov-uji',
            'induk: prov-ujii', [
        (KAB, 6, 8, 'unknown-parent-unit',
         'Unit induk `prov-ujii` tidak ada.',
         'Mungkin maksudnya `prov-uji`? Tulis id unit induk yang ada di folder `units/`.'),
    ]),
    Mistake('action-ref-typo', EV, 'kegiatan: [PU-MP-01]',
            'kegiatan: [PU-MP-1]', [
        (EV, 16, 16, 'unknown-action-ref',
         'Kegiatan `PU-MP-1` tidak ada di rencana aksi unit ini.',
         'Mungkin maksudnya `PU-MP-01`? Periksa id kegiatan di folder `rencana-aksi/`.'),
    ]),
    Mistake('backslash-path', EV, 'berkas: data-dukung/sk-tim-rb.txt',
            'berkas: data-dukung\\sk-tim-rb.txt', [
        (EV, 8, 13, 'evidence-path-backslash',
         'Path `data-dukung\\sk-tim-rb.txt` memakai `\\` sebagai pemisah folder.',
         'Tulis path dengan `/`: `data-dukung/sk-tim-rb.txt` (`\\` hanya dikenal Windows; di Linux dan CI bisa tidak ditemukan).'),
    ]),
    Mistake('backslash-path-missing-file', EV, 'berkas: data-dukung/notulen-rapat.txt',
            'berkas: data-dukung\\notulen.txt', [
        (EV, 15, 13, 'evidence-file-missing',
         'Berkas `data-dukung\\notulen.txt` tidak ditemukan.',
         'Periksa ejaan dan huruf besar/kecil path-nya, atau tambahkan berkasnya ke git.'),
        (EV, 15, 13, 'evidence-path-backslash',
         'Path `data-dukung\\notulen.txt` memakai `\\` sebagai pemisah folder.',
         'Tulis path dengan `/`: `data-dukung/notulen.txt` (`\\` hanya dikenal Windows; di Linux dan CI bisa tidak ditemukan).'),
    ]),
    Mistake('bad-kind-and-date-hide-nothing', EV, 'jenis: notulen\n    tanggal: 2026-02-05\n    berkas: data-dukung/notulen-rapat.txt',
            'jenis: risalah\n    tanggal: 5/2/2026\n    berkas: data-dukung/notulen.txt', [
        (EV, 13, 12, 'invalid-value',
         '`jenis`: nilai `risalah` tidak diizinkan.',
         'Pilih salah satu: `sk`, `notulen`, `foto`, `laporan`, `surat`, `tautan`, `dokumen`, `daftar_hadir`, `lainnya`.'),
        (EV, 14, 14, 'invalid-date',
         '`tanggal`: tanggal `5/2/2026` tidak sah.',
         'Tulis tanggal sebagai TTTT-BB-HH: 2026-02-05.'),
        (EV, 15, 13, 'evidence-file-missing',
         'Berkas `data-dukung/notulen.txt` tidak ditemukan.',
         'Periksa ejaan dan huruf besar/kecil path-nya, atau tambahkan berkasnya ke git.'),
    ]),
    Mistake('invalid-level-beside-placeholders', KAB, 'tingkat: kabupaten\ninduk: prov-uji\nketua:\n  nama: Dewi Lestari\nsekretaris:\n  nama: Rudi Hartono',
            'tingkat: kabupaten/kota\ninduk: prov-uji\nketua:\n  nama: BELUM DIISI\nsekretaris:\n  nama: BELUM DIISI', [
        (KAB, 5, 10, 'invalid-value',
         '`tingkat`: nilai `kabupaten/kota` tidak diizinkan.',
         'Pilih salah satu: `ri`, `provinsi`, `kabupaten`, `kota`.'),
        (KAB, 8, 9, 'placeholder-unfilled',
         '`nama` masih `BELUM DIISI`.',
         'Ganti dengan isian yang sebenarnya (nama lengkap dengan gelar).'),
        (KAB, 10, 9, 'placeholder-unfilled',
         '`nama` masih `BELUM DIISI`.',
         'Ganti dengan isian yang sebenarnya (nama lengkap dengan gelar).'),
    ]),
    Mistake('duplicate-key-then-tab', UNIT, 'ketua:\n  nama: Budi Santoso\nsekretaris:\n  nama: Siti Aminah\n',
            'ketua:\n  nama: Budi Santoso\nketua:\n  nama: Budi Santoso\nsekretaris:\n\tnama: Siti Aminah\n', [
        (UNIT, 8, 1, 'yaml-duplicate-key',
         'Kunci `ketua` ditulis dua kali (pertama di baris 6).',
         'Gabungkan isi keduanya di bawah satu `ketua:`, atau perbaiki nama kunci yang salah tulis.'),
        (UNIT, 11, 1, 'yaml-tab',
         'Karakter tab dipakai untuk indentasi.',
         'Ganti tab dengan spasi (dua spasi per tingkat).'),
    ]),
    Mistake('tab-indent', UNIT, '  nama: Budi Santoso',
            '\tnama: Budi Santoso', [
        (UNIT, 7, 1, 'yaml-tab',
         'Karakter tab dipakai untuk indentasi.',
         'Ganti tab dengan spasi (dua spasi per tingkat).'),
    ]),
    Mistake('nip-unquoted', UNIT, 'nip: "197801012005012001"\ntim_rb',
            'nip: 197801012005012001\ntim_rb', [
        (UNIT, 10, 8, 'invalid-type',
         '`nip` harus berupa teks, bukan `197801012005012001`.',
         'Beri tanda kutip, misalnya "0101", agar dibaca sebagai teks apa adanya.'),
    ]),
    Mistake('version-quoted', PLAN, 'versi_skema: 1',
            'versi_skema: "1"', [
        (PLAN, 2, 14, 'schema-version',
         '`versi_skema` harus angka 1, bukan teks "1".',
         'Tulis `versi_skema: 1` tanpa tanda kutip.'),
    ]),
    Mistake('kind-with-dash', PLAN, 'jenis: rencana_aksi',
            'jenis: rencana-aksi', [
        (PLAN, 1, 8, 'unknown-kind',
         '`jenis` tidak ada atau tidak dikenal: `rencana-aksi`.',
         'Tulis `jenis: rencana_aksi` (jenis yang dikenal: konfigurasi, unit, rencana_aksi, data_dukung, lke, narasi).'),
    ]),
    Mistake('target-sum', PLAN, 'total: 4',
            'total: 5', [
        (PLAN, 11, 53, 'target-sum-mismatch',
         'Target TW I-IV berjumlah 4, tetapi `total: 5`.',
         'Samakan total dengan jumlah keempat triwulan, atau perbaiki target triwulannya.'),
    ]),
    Mistake('realisation-future', PLAN, '        tindak_lanjut: Rapat dijadwalkan ulang\n',
            '        tindak_lanjut: Rapat dijadwalkan ulang\n      tw3:\n        nilai: 1\n        status: selesai\n', [
        (PLAN, 26, 7, 'realisation-future-quarter',
         'Realisasi TW 3 2026 dilaporkan, padahal triwulan itu baru mulai 2026-07-01 (tanggal acuan 2026-06-30).',
         'Periksa triwulannya (mungkin maksudnya triwulan sebelumnya), atau jalankan dengan `--as-of` tanggal laporan.'),
    ]),
    Mistake('realisation-overdue', PLAN, '      tw1:\n        nilai: 1\n        status: selesai\n        data_dukung: [PU-NOT-01]\n',
            '', [
        (PLAN, 11, 14, 'realisasi-terlambat',
         'Kegiatan `PU-MP-01` punya target TW I 2026 tanpa realisasi, padahal triwulan itu berakhir 2026-03-31 (tanggal acuan 2026-06-30).',
         'Isi `realisasi: tw1:` dengan `nilai` dan `status`; bila belum terlaksana, tulis `nilai: 0`, `status: tertunda` dan `kendala`-nya.'),
    ]),
    Mistake('criteria-as-text', PLAN, 'kriteria: [P.MP.1.a]',
            'kriteria: P.MP.1.a', [
        (PLAN, 15, 15, 'invalid-type',
         '`kriteria` harus berupa daftar (baris diawali `- `), bukan `P.MP.1.a`.',
         'Tulis sebagai daftar: `kriteria: [P.MP.1.a]`, atau setiap butir di baris sendiri diawali `- `.'),
    ]),
    Mistake('indent-last-answer-too-shallow', LKE, '  P.AK.1.a:\n    jawaban: 3\n',
            '  P.AK.1.a:\n  jawaban: 3\n', [
        (LKE, 19, 3, 'yaml-syntax',
         'Indentasi salah: `jawaban:` sejajar dengan `P.AK.1.a:` di atasnya, jadi tidak dibaca sebagai isinya.',
         'Tulis `jawaban:` dengan 4 spasi di awal baris, di bawah `P.AK.1.a:`.'),
    ]),
    Mistake('indent-evidence-key-too-shallow', EV, '    jenis: tautan\n',
            '  jenis: tautan\n', [
        (EV, 19, 3, 'yaml-syntax',
         'Indentasi salah: `jenis:` menjorok 2 spasi, 2 spasi kurang dalam dari seharusnya.',
         'Tulis `jenis:` dengan 4 spasi di awal baris, sejajar dengan `judul:` (baris 18).'),
    ]),
    Mistake('unclosed-quote', EV, 'judul: SK Pembentukan Tim RB',
            'judul: "SK Pembentukan Tim RB', [
        (EV, 5, 12, 'yaml-syntax',
         'Tanda kutip atau kurung belum ditutup.',
         'Tutup tanda kutip (" atau \') atau kurung ([ atau {) yang dibuka di sini.'),
    ]),
]


def _apply(tmp_path: Path, mistake: Mistake) -> Path:
    root = copy_good(tmp_path / "ws")
    path = root / mistake.path
    text = path.read_text(encoding="utf-8")
    assert mistake.old in text, f"{mistake.name}: the text to replace is not in {mistake.path}"
    path.write_text(text.replace(mistake.old, mistake.new, 1), encoding="utf-8")
    return root


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: m.name)
def test_mistake_is_reported_exactly_once_with_its_hint(tmp_path: Path, mistake: Mistake) -> None:
    root = _apply(tmp_path, mistake)
    result = validate(root, as_of=dt.date.fromisoformat(AS_OF), use_cache=False)
    got = [(p.path, p.line, p.column, p.rule, p.message, p.hint) for p in result.problems]
    assert got == mistake.expected


def test_the_table_holds_forty_mistakes_or_more() -> None:
    assert len({m.name for m in MISTAKES}) == len(MISTAKES)
    assert len(MISTAKES) + len(CLI_MISTAKES) >= 40


def test_no_hint_tells_the_user_to_delete_what_they_wrote() -> None:
    for mistake in MISTAKES:
        for *_where, hint in mistake.expected:
            assert "hapus" not in hint.lower(), (mistake.name, hint)


# --- mistakes on the command line ---------------------------------------------------------

RbctlRun = Callable[..., Run]


def _answer_more_done_than_planned(rbctl: RbctlRun, root: Path) -> Run:
    before = (root / LKE).read_bytes()
    run = rbctl("answer", "P.MP.1.d", "12/10", "--unit", "prov-uji", cwd=root)
    assert (root / LKE).read_bytes() == before  # refused: nothing written
    return run


def _evidence_date_day_first(rbctl: RbctlRun, root: Path) -> Run:
    (root / "sk.pdf").write_bytes(b"%PDF-1.4\n")
    return rbctl("evidence", "add", "sk.pdf", "--unit", "prov-uji", "--title", "SK", "--date", "31/12/2026",
                 cwd=root)


def _validate_as_of_day_first(rbctl: RbctlRun, root: Path) -> Run:
    return rbctl("validate", "--as-of", "30/06/2026", cwd=root)


# (name, run, exit code, text that must be on stderr)
CLI_MISTAKES: list[tuple[str, Callable[[RbctlRun, Path], Run], int, list[str]]] = [
    ("answer-more-done-than-planned", _answer_more_done_than_planned, 2,
     ["`12/10`: perubahan (12) lebih besar dari agen (10).",
      "Tulis perubahan/agen: bagian dulu, lalu seluruhnya, misalnya 10/12 bila keduanya tertukar."]),
    ("evidence-date-day-first", _evidence_date_day_first, 2,
     ["--date `31/12/2026` bukan tanggal.", "Tulis tanggal sebagai TTTT-BB-HH: 2026-12-31."]),
    ("validate-as-of-day-first", _validate_as_of_day_first, 2,
     ["--as-of `30/06/2026` bukan tanggal.", "Tulis tanggal sebagai TTTT-BB-HH: 2026-06-30."]),
]


@pytest.mark.parametrize(("name", "action", "code", "said"), CLI_MISTAKES, ids=[c[0] for c in CLI_MISTAKES])
def test_command_line_mistake(rbctl: RbctlRun, workspace: Path, name: str, action: Callable[[RbctlRun, Path], Run],
                              code: int, said: list[str]) -> None:
    run = action(rbctl, workspace)
    assert run.exit_code == code, name
    text = " ".join(run.stderr.split())  # rich may wrap long lines
    for part in said:
        assert part in text, (name, run.stderr)


def test_evidence_kind_in_capitals_is_taken(rbctl: RbctlRun, workspace: Path) -> None:
    (workspace / "units/prov-uji/data-dukung/sk-baru.pdf").write_bytes(b"%PDF-1.4\n")
    run = rbctl("evidence", "add", "units/prov-uji/data-dukung/sk-baru.pdf", "--unit", "prov-uji", "--title",
                "SK baru", "--date", "2026-05-02", "--kind", "SK", cwd=workspace)
    assert run.exit_code == 0, run.stderr
    assert "jenis: sk\n" in (workspace / EV).read_text(encoding="utf-8")
