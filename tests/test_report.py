"""`rbctl report`: Markdown and HTML (golden files), determinism, escaping, templates, provenance.

Regenerate the golden files after an intended change with
`RBCTL_UPDATE_GOLDEN=1 pytest tests/test_report.py` and review the diff.
"""

from __future__ import annotations

import os
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
    for heading in ("BAB I PENDAHULUAN", "BAB II PELAKSANAAN RENCANA AKSI", "BAB III HASIL PENILAIAN MANDIRI",
                    "BAB IV KENDALA DAN TINDAK LANJUT", "BAB V PENUTUP", "LAMPIRAN: DAFTAR DATA DUKUNG"):
        assert f"## {heading}" in md
    # Target of TW I + TW II (2 + 3), realisation 2 + 2, achievement 80%, latest status.
    assert "| 5 dokumen | 4 | 80,00% | Sedang berjalan |" in md
    assert "Kota Contoh, 30 Juni 2026" in md
    assert "NIP 197501012000032001" in md
    # Evidence of the semester only: DD-004 is dated August.
    appendix = md.split("## LAMPIRAN")[1]
    assert "DD-003" in appendix
    assert "DD-004" not in appendix
    # The province's report lists the units under it.
    assert "| 1 | KPU Kota Anak | 0,20 | D |" in md
    assert "ruang kerja tidak berada dalam repositori git" in md


def test_semester_two_and_annual_cover_their_quarters(ws: Path, tmp_path: Path) -> None:
    s2 = only(build(ws, tmp_path / "s2", "md", period="2", as_of=None), "md").read_text(encoding="utf-8")
    assert "Semester II Tahun 2026 (Juli - Desember 2026)" in s2
    assert "DD-004" in s2.split("## LAMPIRAN")[1]
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
    assert f"dari commit {head[:12]}." in md
    md = only(build(ws, out, "md", final=True), "md").read_text(encoding="utf-8")
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
    (["report", "--semester", "1"], "Unit belum dipilih"),
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
    assert "kpu-anak" in run.stderr  # type: ignore[attr-defined]
    assert "rbctl validate" in run.stderr  # type: ignore[attr-defined]
    assert (ws / "laporan" / "laporan-rb-kpu-contoh-2026-semester-1.md").is_file()


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
