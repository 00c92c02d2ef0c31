"""The example workspace renders semester I, semester II and annual reports for every unit (the
province included), and each workbook's formulas give the unit's `rbctl score` index."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from rbctl.numfmt import round_half_up
from rbctl.report import BuildRequest, build_reports
from rbctl.report.build import BuildResult, pdf_unavailable
from rbctl.rubricload import builtin_rubric
from rbctl.scoring import score
from rbctl.workspace import load_workspace
from tests.test_report_xlsx import SOFFICE, lo_index, pycel_index, recalculated

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "kpu-jatim"
CHAPTERS = ["## BAB I PENDAHULUAN", "## BAB II PELAKSANAAN RENCANA AKSI", "## BAB III CAPAIAN, KENDALA DAN REKOMENDASI",
            "## BAB IV PENUTUP", "## LAMPIRAN A", "## LAMPIRAN B", "## LAMPIRAN C"]

pytestmark = pytest.mark.skipif(not (EXAMPLE / "rbctl.yaml").is_file(), reason="contoh belum ada")


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("contoh")
    root = base / "kpu-jatim"
    # Leave out the cache and built reports (laporan/ at the top), not the evidence folder data-dukung/laporan/.
    shutil.copytree(EXAMPLE, root, ignore=lambda folder, names: [
        n for n in names if n == ".rbctl-cache" or (n == "laporan" and Path(folder) == EXAMPLE)])
    return root


@pytest.fixture(scope="module")
def built(example: Path) -> dict[str, BuildResult]:
    out: dict[str, BuildResult] = {}
    for period in ("1", "2", "tahunan"):
        request = BuildRequest(root=example, period=period, out=example.parent / "out", units=None,
                               formats=("md", "html", "docx", "xlsx"), formats_explicit=True)
        out[period] = build_reports(request)
    return out


def test_every_unit_gets_every_period_and_format(example: Path, built: dict[str, BuildResult]) -> None:
    units = sorted(p.name for p in (example / "units").iterdir())
    assert "kpu-prov-jatim" in units
    for period, result in built.items():
        assert not result.failed, result.failed
        made = sorted((f.unit, f.format) for f in result.files)
        assert made == sorted((u, f) for u in units for f in ("md", "html", "docx", "xlsx")), period
        for file in result.files:
            assert file.path.stat().st_size > 1000
            if file.format == "md":
                text = file.path.read_text(encoding="utf-8")
                assert [c in text for c in CHAPTERS] == [True] * len(CHAPTERS), file.path.name


def test_province_report_sums_up_its_units(built: dict[str, BuildResult]) -> None:
    path = next(f.path for f in built["1"].files if f.unit == "kpu-prov-jatim" and f.format == "md")
    text = path.read_text(encoding="utf-8")
    assert "Rekapitulasi Satuan Kerja di Bawahnya" in text
    for name in ("KPU Kabupaten Malang", "KPU Kabupaten Pasuruan", "KPU Kabupaten Sidoarjo"):
        assert name in text.split("Rekapitulasi Satuan Kerja di Bawahnya")[1]


def test_workbook_index_equals_rbctl_score_for_every_unit(example: Path, built: dict[str, BuildResult]) -> None:
    ws = load_workspace(example)
    rubric = builtin_rubric(ws.config.record.rubrik if ws.config else "pmprb-2020")
    for file in built["1"].files:
        if file.format != "xlsx":
            continue
        answers = ws.units[file.unit].answers[2026].record
        expected = round_half_up(score(rubric, answers).index, 2)
        assert pycel_index(file.path) == expected, file.unit


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) tidak terpasang")
def test_libreoffice_agrees_on_the_province_workbook(example: Path, built: dict[str, BuildResult],
                                                    tmp_path: Path) -> None:
    ws = load_workspace(example)
    rubric = builtin_rubric("pmprb-2020")
    path = next(f.path for f in built["1"].files if f.unit == "kpu-prov-jatim" and f.format == "xlsx")
    answers = ws.units["kpu-prov-jatim"].answers[2026].record
    assert lo_index(recalculated(path, tmp_path)) == round_half_up(score(rubric, answers).index, 2)


@pytest.mark.skipif(pdf_unavailable() is not None, reason="WeasyPrint tidak terpasang")
def test_province_pdf(example: Path) -> None:
    request = BuildRequest(root=example, period="1", out=example.parent / "pdf", units=["kpu-prov-jatim"],
                           formats=("pdf",), formats_explicit=True)
    result = build_reports(request)
    assert result.files[0].path.read_bytes().startswith(b"%PDF-")


def test_province_without_options_and_its_rekap(example: Path, rbctl: Callable[..., Any]) -> None:
    run = rbctl("report", "--semester", "1", "-f", "md", "-f", "docx", cwd=example)  # unit_utama: the province
    assert run.exit_code == 0, run.stderr
    made = sorted(p.name for p in (example / "laporan").iterdir())
    assert made == ["laporan-rb-kpu-prov-jatim-2026-semester-1.docx", "laporan-rb-kpu-prov-jatim-2026-semester-1.md"]
    run = rbctl("report", "--semester", "1", "--rekap", "-f", "md", cwd=example)
    assert run.exit_code == 0, run.stderr
    text = (example / "laporan" / "laporan-rb-rekap-kpu-prov-jatim-2026-semester-1.md").read_text(encoding="utf-8")
    assert "3 dari 38 satuan kerja" in text  # against `jumlah_unit_bawahan` in rbctl.yaml
    assert "35 dari 38 satuan kerja yang dinyatakan belum ada di ruang kerja" in text
    for name in ("KPU Kabupaten Malang", "KPU Kabupaten Pasuruan", "KPU Kabupaten Sidoarjo"):
        assert name in text
    assert "## 4. Capaian per Area Perubahan" in text


def test_each_obstacle_is_printed_once_and_no_internal_code(built: dict[str, BuildResult]) -> None:
    path = next(f.path for f in built["1"].files if f.unit == "kpu-kab-malang" and f.format == "md")
    text = path.read_text(encoding="utf-8")
    obstacle = "Arsip keputusan internal tahun 2021-2022 belum tersedia dalam bentuk digital."
    assert text.count(obstacle) == 1  # told in the kendala narrative, so not repeated in a table
    assert not re.search(r"\bMLG-[A-Z]+-\d+|\bP\.[A-Z]+\.\d|data-dukung/", text)
