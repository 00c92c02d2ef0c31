"""`rbctl report`: Markdown and HTML (golden files), determinism, escaping, templates, provenance.

Regenerate the golden files after an intended change with
`RBCTL_UPDATE_GOLDEN=1 pytest tests/test_report.py` and review the diff.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from rbctl.report import BuildError
from rbctl.report.templating import md_escape
from tests.report_helpers import GOLDEN, build, copy_workspace, only

UPDATE = os.environ.get("RBCTL_UPDATE_GOLDEN") == "1"


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return copy_workspace(tmp_path, monkeypatch)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_semester_one_matches_golden_file(ws: Path, tmp_path: Path, fmt: str) -> None:
    path = only(build(ws, tmp_path / "out", fmt), fmt)
    golden = GOLDEN / f"laporan-rb-kpu-contoh-2026-semester-1.{fmt}"
    if UPDATE:
        golden.parent.mkdir(exist_ok=True)
        shutil.copyfile(path, golden)
    assert path.read_text(encoding="utf-8") == golden.read_text(encoding="utf-8")


def test_same_inputs_give_byte_identical_md_and_html(ws: Path, tmp_path: Path) -> None:
    first = build(ws, tmp_path / "a", "md", "html")
    second = build(ws, tmp_path / "b", "md", "html")
    for fmt in ("md", "html"):
        assert only(first, fmt).read_bytes() == only(second, fmt).read_bytes()


def test_content_of_semester_one(ws: Path, tmp_path: Path) -> None:
    md = only(build(ws, tmp_path / "out", "md"), "md").read_text(encoding="utf-8")
    for heading in ("LEMBAR PENGESAHAN", "KATA PENGANTAR", "BAB I PENDAHULUAN", "BAB II PELAKSANAAN RENCANA AKSI",
                    "BAB III CAPAIAN, KENDALA DAN REKOMENDASI", "BAB IV PENUTUP", "LAMPIRAN A: MATRIKS",
                    "LAMPIRAN B: DAFTAR DATA DUKUNG", "LAMPIRAN C: METODE PENILAIAN"):
        assert f"## {heading}" in md
    assert "### 1.3 Dasar Hukum" in md
    assert "### 3.4 Rekomendasi" in md
    # Target of TW I + TW II (2 + 3), realisation 2 + 2, achievement 80%, latest status.
    assert "| 5 dokumen | 4 | 80,00% | Sedang berjalan |" in md
    assert "Kota Contoh, 30 Juni 2026" in md
    assert "NIP 197501012000032001" in md
    # Evidence of the semester only (by title and date; the August one is left out), no internal codes.
    appendix = md.split("## LAMPIRAN B")[1].split("## LAMPIRAN C")[0]
    assert "| 1 | " in appendix
    assert "Agustus" not in appendix
    assert "DD-00" not in md
    # The province's report lists the units under it.
    assert "| 1 | KPU Kota Anak | 0,20 | D |" in md
    assert "rbctl" not in md
    assert "repositori git" not in md


def test_semester_two_and_annual_cover_their_quarters(ws: Path, tmp_path: Path) -> None:
    s2 = only(build(ws, tmp_path / "s2", "md", period="2", as_of=None), "md").read_text(encoding="utf-8")
    assert "Semester II Tahun 2026 (periode Juli - Desember 2026)" in s2
    assert "Agustus 2026" in s2.split("## LAMPIRAN B")[1]
    assert "31 Desember 2026" in s2  # default date: the last day of the period
    annual = only(build(ws, tmp_path / "y", "md", period="tahunan"), "md").read_text(encoding="utf-8")
    # The year's target is `total` (10 SOP), realisation TW I + TW II.
    assert "| 10 dokumen | 4 | 40,00% |" in annual


def test_html_escapes_record_text_and_narratives(ws: Path, tmp_path: Path) -> None:
    html = only(build(ws, tmp_path / "out", "html"), "html").read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # raw HTML in a narrative is shown, not run
    assert "Budi &lt;Santoso&gt; &amp; Rekan" in html
    assert "<svg" in html  # the chart is inline: one self-contained file
    assert "<link" not in html
    assert "src=" not in html


def test_markdown_escapes_record_text() -> None:
    assert md_escape("a | b <b>x</b>\nnext") == r"a \| b \<b\>x\</b\> next"


def test_workspace_template_overrides_and_is_sandboxed(ws: Path, tmp_path: Path) -> None:
    (ws / "templates").mkdir()
    (ws / "templates" / "laporan.md.j2").write_text("Unit: {{ unit.nama }} / {{ tanda_tangan.tanggal }}\n",
                                                    encoding="utf-8")
    md = only(build(ws, tmp_path / "out", "md"), "md").read_text(encoding="utf-8")
    assert md == "Unit: KPU Provinsi Contoh / 30 Juni 2026\n"
    (ws / "templates" / "laporan.md.j2").write_text("{{ unit.__class__.__mro__ }}\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"laporan\.md\.j2"):
        build(ws, tmp_path / "out", "md")


def test_undefined_variable_fails_loudly_with_its_line(ws: Path, tmp_path: Path) -> None:
    (ws / "templates").mkdir()
    (ws / "templates" / "laporan.html.j2").write_text("<p>{{ unit.nama }}</p>\n<p>{{ unit.alamat }}</p>\n",
                                                      encoding="utf-8")
    with pytest.raises(BuildError) as info:
        build(ws, tmp_path / "out", "html")
    assert "laporan.html.j2:2" in info.value.message
    assert "alamat" in info.value.message


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@x"})


def test_provenance_names_commit_and_final_refuses_dirty_tree(ws: Path, tmp_path: Path) -> None:
    _git(ws, "init", "-q")
    _git(ws, "add", ".")
    _git(ws, "commit", "-q", "-m", "awal")
    head = subprocess.run(["git", "-C", str(ws), "rev-parse", "HEAD"], capture_output=True, text=True,
                          check=True).stdout.strip()
    out = ws / "laporan"  # inside the workspace: its own files do not make the tree dirty
    md = only(build(ws, out, "md", final=True), "md").read_text(encoding="utf-8")
    assert "rbctl" not in md  # by default the tool is named in no page
    with (ws / "rbctl.yaml").open("a", encoding="utf-8") as handle:
        handle.write("  kolofon: true\n")  # under `laporan:`, the last key of the file
    _git(ws, "commit", "-q", "-am", "kolofon")
    head = subprocess.run(["git", "-C", str(ws), "rev-parse", "HEAD"], capture_output=True, text=True,
                          check=True).stdout.strip()
    md = only(build(ws, out, "md", final=True), "md").read_text(encoding="utf-8")
    assert f"dari commit {head[:12]}." in md
    assert "BELUM DI-COMMIT" not in md

    with (ws / "rbctl.yaml").open("a", encoding="utf-8") as handle:
        handle.write("# ubah\n")
    md = only(build(ws, out, "md"), "md").read_text(encoding="utf-8")
    assert "DENGAN PERUBAHAN YANG BELUM DI-COMMIT" in md
    with pytest.raises(BuildError, match="belum di-commit"):
        build(ws, out, "md", final=True)


def test_final_outside_git_is_refused(ws: Path, tmp_path: Path) -> None:
    with pytest.raises(BuildError, match="repositori git"):
        build(ws, tmp_path / "out", "md", final=True)


Runner = Callable[..., object]


def test_cli_writes_every_unit_and_reports_paths(ws: Path, rbctl: Callable[..., object]) -> None:
    run = rbctl("report", "--semester", "1", "--all", "-f", "md", "-f", "html", "--as-of", "2026-06-30", cwd=ws)
    assert run.exit_code == 0, run.stderr  # type: ignore[attr-defined]
    written = sorted(p.name for p in (ws / "laporan").iterdir())
    assert written == [
        "laporan-rb-kpu-anak-2026-semester-1.html", "laporan-rb-kpu-anak-2026-semester-1.md",
        "laporan-rb-kpu-contoh-2026-semester-1.html", "laporan-rb-kpu-contoh-2026-semester-1.md",
    ]
    child = (ws / "laporan" / "laporan-rb-kpu-anak-2026-semester-1.md").read_text(encoding="utf-8")
    assert "Kota Anak, 30 Juni 2026" in child  # the unit's own signatory and place
    assert "Rudi Hartono" in child
    assert "Belum ada rencana aksi tahun 2026." in child


@pytest.mark.parametrize(("args", "message"), [
    (["report"], "Periode laporan belum dipilih"),
    (["report", "--semester", "3", "--all"], "--semester 3 tidak ada"),
    (["report", "--semester", "1", "--annual", "--all"], "Pilih salah satu"),
    (["report", "--semester", "1", "--rekap"], "--rekap memerlukan satu unit induk"),
    (["report", "--semester", "1", "--unit", "kpu-tidak-ada"], "tidak ada di folder units/"),
    (["report", "--semester", "1", "--all", "--as-of", "30-06-2026"], "bukan tanggal"),
])
def test_cli_usage_errors_exit_2_with_a_hint(ws: Path, rbctl: Callable[..., object], args: list[str],
                                             message: str) -> None:
    run = rbctl(*args, cwd=ws)
    assert run.exit_code == 2  # type: ignore[attr-defined]
    assert message in run.stderr  # type: ignore[attr-defined]
    assert "→" in run.stderr  # type: ignore[attr-defined]


def test_unit_with_broken_records_is_not_reported(ws: Path, rbctl: Callable[..., object]) -> None:
    (ws / "units" / "kpu-anak" / "unit.yaml").write_text("jenis: unit\nversi_skema: 1\nid: [\n", encoding="utf-8")
    run = rbctl("report", "--semester", "1", "--all", "-f", "md", cwd=ws)
    assert run.exit_code == 1  # type: ignore[attr-defined]
    assert "units/kpu-anak/unit.yaml" in run.stderr  # type: ignore[attr-defined]
    assert "rbctl validate" in run.stderr  # type: ignore[attr-defined]
    assert not (ws / "laporan").exists()  # nothing written, not even the valid unit's report


def test_no_unit_option_reports_the_main_unit_or_every_unit(ws: Path, rbctl: Callable[..., object]) -> None:
    run = rbctl("report", "--semester", "1", "-f", "md", cwd=ws)
    assert run.exit_code == 0, run.stderr  # type: ignore[attr-defined]
    assert len(list((ws / "laporan").glob("*.md"))) == 2  # no unit_utama: every unit
    shutil.rmtree(ws / "laporan")
    with (ws / "rbctl.yaml").open("a", encoding="utf-8") as handle:
        handle.write("unit_utama: kpu-contoh\n")
    run = rbctl("report", "--semester", "1", "-f", "md", cwd=ws)
    assert run.exit_code == 0, run.stderr  # type: ignore[attr-defined]
    assert [p.name for p in (ws / "laporan").glob("*.md")] == ["laporan-rb-kpu-contoh-2026-semester-1.md"]


def test_invalid_answer_refuses_and_draft_is_marked(ws: Path, rbctl: Callable[..., object]) -> None:
    lke = ws / "units" / "kpu-contoh" / "lke" / "2026.yaml"
    lke.write_text(re.sub(r"jawaban: [A-E]\b", "jawaban: Z", lke.read_text(encoding="utf-8"), count=1),
                   encoding="utf-8")
    run = rbctl("report", "--semester", "1", "--unit", "kpu-contoh", "-f", "md", cwd=ws)
    assert run.exit_code == 1  # type: ignore[attr-defined]
    assert "units/kpu-contoh/lke/2026.yaml:" in run.stderr  # type: ignore[attr-defined]
    assert not (ws / "laporan").exists()
    run = rbctl("report", "--semester", "1", "--unit", "kpu-contoh", "-f", "md", "-f", "html", "--draft",
                "--as-of", "2026-05-01", cwd=ws)
    assert run.exit_code == 0, run.stderr  # type: ignore[attr-defined]
    md = (ws / "laporan" / "laporan-rb-kpu-contoh-2026-semester-1.md").read_text(encoding="utf-8")
    assert md.startswith("> **DRAF**")
    notes = md.split("## CATATAN DRAF")[1].split("## BAB I")[0]
    assert "Galat: units/kpu-contoh/lke/2026.yaml" in notes
    assert "sebelum akhir periode" in notes  # --as-of before the period's end
    assert "sebelum akhir periode" in run.stderr  # type: ignore[attr-defined]
    html = (ws / "laporan" / "laporan-rb-kpu-contoh-2026-semester-1.html").read_text(encoding="utf-8")
    assert 'class="tanda-draf"' in html
    assert '@page { @top-center { content: "DRAF"' in html


def test_pdf_without_weasyprint(ws: Path, rbctl: Callable[..., object], monkeypatch: pytest.MonkeyPatch) -> None:
    import rbctl.report.build as build_module

    monkeypatch.setattr(build_module, "pdf_unavailable", lambda: "WeasyPrint tidak terpasang")
    run = rbctl("report", "--semester", "1", "--unit", "kpu-contoh", "-f", "pdf", cwd=ws)
    assert run.exit_code == 2  # type: ignore[attr-defined]
    assert "pip install 'rbctl[pdf]'" in run.stderr  # type: ignore[attr-defined]
    run = rbctl("report", "--semester", "1", "--unit", "kpu-contoh", cwd=ws)  # all formats: pdf skipped
    assert run.exit_code == 0, run.stderr  # type: ignore[attr-defined]
    assert "PDF dilewati" in run.stderr  # type: ignore[attr-defined]
    assert not list((ws / "laporan").glob("*.pdf"))
    assert list((ws / "laporan").glob("*.docx"))


def test_narrative_headings_sit_under_the_chapter_sections() -> None:
    from rbctl.report.templating import demote

    text = "## Kendala\n\nisi\n\n### Rinci\n\n```\n# bukan judul\n```\n"
    assert demote(text, 4) == "#### Kendala\n\nisi\n\n##### Rinci\n\n```\n# bukan judul\n```"
    assert demote("tanpa judul", 4) == "tanpa judul"


def test_init_sets_the_main_unit_and_rekap_counts_its_children(tmp_path: Path, rbctl: Runner) -> None:
    root = tmp_path / "baru"
    root.mkdir()
    run = rbctl("init", "--org", "KPU Provinsi Baru", "--year", "2026", "--unit", "kpu-prov-baru", cwd=root)
    assert run.exit_code == 0, run.stderr  # type: ignore[attr-defined]
    run = rbctl("new", "unit", "kpu-prov-baru", "--name", "KPU Provinsi Baru", "--level", "provinsi", cwd=root)
    assert run.exit_code == 0, run.stderr  # type: ignore[attr-defined]
    run = rbctl("new", "unit", "kpu-kab-satu", "--name", "KPU Kabupaten Satu", "--level", "kabupaten",
                "--parent", "kpu-prov-baru", cwd=root)
    assert run.exit_code == 0, run.stderr  # type: ignore[attr-defined]
    config = (root / "rbctl.yaml").read_text(encoding="utf-8")
    assert config.count("unit_utama: kpu-prov-baru") == 1
    with (root / "rbctl.yaml").open("a", encoding="utf-8") as handle:
        handle.write("jumlah_unit_bawahan: 38\n")
    run = rbctl("report", "--semester", "1", "--rekap", "-f", "md", "--draft", cwd=root)  # placeholders: a draft
    assert run.exit_code == 0, run.stderr  # type: ignore[attr-defined]
    text = (root / "laporan" / "laporan-rb-rekap-kpu-prov-baru-2026-semester-1.md").read_text(encoding="utf-8")
    assert "0 dari 38 satuan kerja" in text  # the child's LKE is still empty
    assert "37 dari 38 satuan kerja yang dinyatakan belum ada di ruang kerja" in text
    assert "KPU Kabupaten Satu" in text


def test_annual_report_names_quarters_without_realisation_and_both_semesters_narratives(
        ws: Path, tmp_path: Path) -> None:
    result = build(ws, tmp_path / "y", "md", period="tahunan", as_of=None)
    annual = only(result, "md").read_text(encoding="utf-8")
    # TW II was the latest realisation; TW III and IV had targets and none: said, not "Sedang berjalan".
    assert "| Sedang berjalan |" not in annual
    assert "Sedang berjalan (s.d. TW II); TW III, IV tanpa realisasi" in annual
    assert "kpu-contoh: TW IV: 2 kegiatan belum memiliki realisasi (Rapat koordinasi Tim RB; Penyusunan SOP " \
           "berbasis peta proses bisnis)." in result.warnings
    # No annual narrative: the semester's kendala and rekomendasi are used.
    assert "Tahapan pemilihan menyita waktu pegawai" in annual
    assert "1. Jadwal rapat koordinasi disesuaikan dengan tahapan." in annual
