"""Every rule id rbctl reports, with a one-line explanation (`rbctl rules`, README)."""

from __future__ import annotations

from rbctl.problems import Severity

E, W = Severity.ERROR, Severity.WARNING

# id: (default severity, explanation in the team's language)
RULES: dict[str, tuple[Severity, str]] = {
    # reading files
    "file-unreadable": (E, "Berkas tidak dapat dibaca (izin, atau bukan berkas biasa)."),
    "yaml-encoding": (E, "Berkas bukan teks UTF-8."),
    "yaml-syntax": (E, "Sintaks YAML tidak sah (indentasi, titik dua, tanda kutip, lebih dari satu dokumen)."),
    "yaml-tab": (E, "Tab dipakai untuk indentasi; YAML hanya menerima spasi."),
    "yaml-duplicate-key": (E, "Kunci yang sama ditulis dua kali dalam satu peta."),
    "yaml-alias": (E, "Anchor, alias atau `<<:` dipakai; catatan ditulis langsung."),
    "yaml-too-deep": (E, "Struktur bersarang terlalu dalam."),
    "yaml-empty": (E, "Berkas kosong atau hanya berisi komentar."),
    "front-matter-missing": (E, "Narasi Markdown tidak diawali front matter YAML."),
    # schema
    "not-a-mapping": (E, "Isi berkas harus berupa peta (kunci: nilai), bukan daftar atau teks."),
    "unknown-kind": (E, "`jenis` tidak ada atau tidak dikenal."),
    "kind-misplaced": (E, "Jenis catatan tidak sesuai dengan letak berkasnya."),
    "schema-version": (E, "`versi_skema` tidak ada atau tidak didukung versi rbctl ini."),
    "missing-key": (E, "Kunci wajib tidak ada."),
    "unknown-key": (E, "Kunci tidak dikenal (salah ketik, atau tidak ada di skema)."),
    "invalid-type": (E, "Nilai berjenis salah (misalnya angka di tempat teks)."),
    "invalid-value": (E, "Nilai di luar pilihan atau batas yang diizinkan."),
    "invalid-date": (E, "Tanggal tidak sah atau tidak ditulis TTTT-BB-HH."),
    # workspace structure
    "workspace-config-missing": (E, "Tidak ada `rbctl.yaml` di folder ruang kerja."),
    "unit-profile-missing": (E, "Folder unit tanpa `unit.yaml`."),
    "placeholder-unfilled": (W, "Isian `BELUM DIISI` dari `rbctl new unit` belum diganti."),
    "unit-folder-mismatch": (E, "`id` unit tidak sama dengan nama foldernya."),
    "file-misplaced": (E, "Berkas YAML di dalam folder unit yang tidak dibaca rbctl (folder atau nama salah eja)."),
    "duplicate-year-answers": (E, "Dua berkas LKE untuk tahun yang sama dalam satu unit."),
    "year-mismatch": (E, "Tahun catatan tidak sama dengan tahun di nama berkas."),
    "rubric-unknown": (E, "Rubrik di `rbctl.yaml` tidak ditemukan."),
    "rubric-mismatch": (E, "Rubrik LKE tidak sama dengan rubrik ruang kerja."),
    "rubric-path-outside": (E, "Berkas rubrik berada di luar ruang kerja (`..`, path absolut, symlink)."),
    "unit-folder-symlink": (E, "Folder unit adalah tautan simbolik; rbctl tidak membaca catatan di luar ruang kerja."),
    "record-symlink": (E, "Berkas atau folder catatan adalah tautan simbolik; tidak dibaca dan tidak ditulis rbctl."),
    "text-control-char": (E, "Teks memuat karakter kontrol (misalnya dari tempelan Word); hanya tab dan baris baru "
                          "yang boleh."),
    "path-too-long": (E, "Nama berkas lebih dari 255 bita atau path lebih dari 4.096 bita."),
    "narrative-image-outside": (E, "Gambar di narasi menunjuk ke alamat internet atau ke luar ruang kerja; "
                                "tidak dimuat di laporan."),
    # rubric files (`rbctl rubric check`)
    "rubric-schema": (E, "Berkas rubrik tidak sesuai format rubrik (kunci wajib, kunci tak dikenal, nilai)."),
    "rubric-weights": (E, "Bobot tidak sama dengan jumlah bobot di bawahnya (komponen, area, sub-area, kriteria)."),
    "rubric-duplicate-id": (E, "Id komponen, area, sub-area atau kriteria dipakai dua kali dalam rubrik."),
    "rubric-undefined-scale": (E, "Kriteria memakai skala yang tidak didefinisikan di `scales`."),
    "rubric-counts": (E, "`counts` kriteria persentase tidak ada, tidak cocok dengan skalanya, atau tidak sah."),
    "rubric-scale": (E, "Skala rubrik tidak sah (nilai pilihan di luar 0-1, batas atau rentang salah)."),
    "rubric-change-area": (E, "Area rubrik menunjuk area perubahan yang tidak ada di `change_areas`."),
    "rubric-grades": (E, "Predikat tidak berurutan, melebihi total, atau tidak mencakup indeks 0."),
    "rubric-provenance": (W, "Simpul rubrik tanpa `status` atau `sumber` (galat pada rubrik bawaan)."),
    "rubric-source": (E, "Sumber simpul rubrik menunjuk dokumen yang tidak ada di `pustaka`."),
    "rubric-thresholds": (E, "Syarat ambang (misalnya WBK) menunjuk simpul yang tidak ada di rubrik."),
    # references and ids
    "duplicate-id": (E, "Id yang sama dipakai dua kali di ruang kerja."),
    "duplicate-area-plan": (E, "Dua berkas rencana aksi untuk area yang sama dan tahun yang sama."),
    "unknown-area": (E, "Area perubahan tidak ada di rubrik."),
    "unknown-criterion": (E, "Kriteria tidak ada di rubrik."),
    "unknown-evidence-ref": (E, "Data dukung yang dirujuk tidak terdaftar di unit."),
    "unknown-action-ref": (E, "Kegiatan rencana aksi yang dirujuk tidak ada di unit."),
    "unknown-parent-unit": (E, "Unit induk tidak ada di ruang kerja."),
    "unknown-member-area": (E, "Area yang dipimpin anggota Tim RB tidak ada di rubrik."),
    # evidence
    "evidence-source-missing": (E, "Data dukung tanpa `berkas` maupun `tautan`."),
    "evidence-file-missing": (E, "Berkas data dukung tidak ditemukan."),
    "evidence-path-outside": (E, "Berkas data dukung menunjuk ke luar folder unit (`..`, path absolut, symlink)."),
    "evidence-path-backslash": (W, "Path data dukung memakai `\\` (gaya Windows); tulis dengan `/`."),
    "evidence-sha256-mismatch": (E, "Isi berkas data dukung tidak cocok dengan sha256 yang dicatat."),
    # answers and plans
    "answer-not-in-scale": (E, "Jawaban tidak termasuk pilihan skala kriteria."),
    "answer-ambiguous": (E, "Angka jawaban meragukan (`1.500`: ribuan atau desimal?); tulis angka yang dimaksud."),
    "answer-not-canonical": (W, "Jawaban diterima tetapi tidak ditulis dalam bentuk bakunya (`ya`, `'90'`, `57,1`); "
                                "`rbctl fmt` merapikannya."),
    "answer-counts-invalid": (E, "Jumlah untuk kriteria persentase tidak lengkap atau tidak sah."),
    "answer-counts-over": (W, "Jumlah pembilang kriteria persentase lebih besar dari penyebutnya (lebih dari 100%)."),
    "answer-without-evidence": (W, "Jawaban tertinggi tanpa data dukung."),
    "target-sum-mismatch": (E, "Jumlah target TW I-IV tidak sama dengan total."),
    "realisasi-terlambat": (W, "Triwulan yang sudah berakhir punya target tetapi belum ada realisasinya."),
    "narasi-belum-ada": (W, "Laporan yang sedang disusun (menurut `--as-of` dan `jadwal`) belum punya narasi "
                            "wajibnya (kendala, rekomendasi)."),
    "realisation-future-quarter": (E, "Realisasi dilaporkan untuk triwulan yang belum dimulai."),
    # importing workbooks (`rbctl import lke`, `rbctl rubric import`)
    "import-row-unmatched": (E, "Baris buku kerja tidak cocok dengan kriteria rubrik mana pun (nomor dan uraian)."),
    "import-criterion-missing": (E, "Kriteria rubrik tidak ada barisnya di buku kerja yang diimpor."),
    "import-weight-mismatch": (E, "Bobot di buku kerja tidak sama dengan bobot rubrik, atau tidak ada."),
    "import-formula-uncached": (E, "Rumus di buku kerja tanpa nilai tersimpan (belum pernah dibuka dan disimpan)."),
    "import-options": (E, "Pilihan jawaban di templat LKE tidak dapat dibaca."),
}


def severity_of(rule: str) -> Severity:
    return RULES[rule][0]
