"""`rbctl import lke` of workbooks in the official layout, and `rbctl rubric import`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import Run
from tests.import_fixtures import EXPECTED_INDEX, layout_a, layout_b, set_formula

UNIT = "prov-uji"
LKE = Path("units/prov-uji/lke/2026.yaml")


def _index(rbctl: Callable[..., Run], ws: Path) -> float:
    run = rbctl("score", "-u", UNIT, "-f", "json", cwd=ws)
    data = run.json()
    units = data.get("units", [data])
    return float(units[0]["index"])


@pytest.mark.parametrize("build", [layout_a, layout_b], ids=["merged-one-sheet", "two-sheets-other-names"])
def test_official_layouts_import_every_row_with_the_expected_score(
        rbctl: Callable[..., Run], workspace: Path, tmp_path: Path, build: Callable[[Path], Path]) -> None:
    book = build(tmp_path / "lke.xlsx")
    run = rbctl("import", "lke", str(book), "-u", UNIT, "-f", "json", cwd=workspace)
    assert run.exit_code == 0, run.stderr
    result = run.json()["import"]
    assert result["problems"] == []
    assert sorted(r["criterion"] for r in result["rows"]) == ["P.AK.1.a", "P.MP.1.a", "P.MP.1.b", "P.MP.1.c",
                                                              "P.MP.1.d"]
    assert all(r["similarity"] > 0.6 for r in result["rows"])
    assert _index(rbctl, workspace) == pytest.approx(EXPECTED_INDEX)
    text = (workspace / LKE).read_text()
    assert "jumlah: {perubahan: 3, agen: 4}" in text
    assert "# Tim RB" not in text or "jenis: lke" in text  # comments kept


def test_formula_with_a_cached_value_is_read(rbctl: Callable[..., Run], workspace: Path, tmp_path: Path) -> None:
    book = set_formula(layout_a(tmp_path / "lke.xlsx"), 0, "F8", '=UPPER("a")', "A")
    run = rbctl("import", "lke", str(book), "-u", UNIT, cwd=workspace)
    assert run.exit_code == 0, run.stderr
    assert _index(rbctl, workspace) == pytest.approx(EXPECTED_INDEX)


def test_unmatched_row_and_missing_criterion_are_located_and_nothing_is_written(
        rbctl: Callable[..., Run], workspace: Path, tmp_path: Path) -> None:
    book = layout_a(tmp_path / "lke.xlsx")
    wb = openpyxl.load_workbook(book)
    wb["LKE"]["B11"] = "Survei kepuasan masyarakat atas layanan"
    wb["LKE"]["F10"] = "D"
    wb["LKE"]["D7"] = 50
    wb.save(book)
    before = (workspace / LKE).read_text()
    run = rbctl("import", "lke", str(book), "-u", UNIT, cwd=workspace)
    assert run.exit_code == 1
    assert "LKE!B11: baris \"Survei kepuasan masyarakat atas layanan\" tidak cocok dengan kriteria rubrik mana " \
           "pun; paling mirip" in run.stderr
    assert "(kemiripan " in run.stderr
    assert "Kriteria P.MP.1.d (Agen perubahan yang membuat perubahan konkret) tidak ada barisnya" in run.stderr
    assert "LKE!F10: jawaban P.MP.1.c di luar skala: `D` bukan angka persentase." in run.stderr
    assert "LKE!D7: bobot `50` tidak sama dengan bobot rubrik (60)." in run.stderr
    assert (workspace / LKE).read_text() == before
    run = rbctl("import", "lke", str(book), "-u", UNIT, "--partial", cwd=workspace)
    assert "jawaban: A" in (workspace / LKE).read_text()


def test_rubric_import_passes_check_and_scores_to_the_workbook_total(
        rbctl: Callable[..., Run], workspace: Path, tmp_path: Path) -> None:
    template = layout_a(tmp_path / "templat.xlsx")
    run = rbctl("rubric", "import", str(template), "--id", "lke-resmi", "-o", "lke-resmi.yaml", cwd=workspace)
    assert run.exit_code == 0, run.stderr
    rubric = (workspace / "lke-resmi.yaml").read_text()
    assert "status: resmi" in rubric
    assert "bagian: LKE!A8" in rubric
    assert "judul: templat.xlsx" in rubric
    assert "guide: 'Pilih sesuai kondisi: A/B/C'" in rubric
    assert rbctl("rubric", "check", "lke-resmi.yaml", cwd=workspace).exit_code == 0
    config = workspace / "rbctl.yaml"
    config.write_text(config.read_text().replace("rubrik: rubrik-uji.yaml", "rubrik: lke-resmi.yaml"))
    (workspace / LKE).unlink()
    run = rbctl("import", "lke", str(template), "-u", UNIT, cwd=workspace)
    assert run.exit_code == 0, run.stderr
    total = openpyxl.load_workbook(template)["LKE"]
    own_total = next(r[8].value for r in total.iter_rows() if r[1].value == "NILAI TOTAL")
    assert _index(rbctl, workspace) == pytest.approx(own_total)


def test_extra_header_names_from_a_mapping_file(rbctl: Callable[..., Run], workspace: Path, tmp_path: Path) -> None:
    book = layout_a(tmp_path / "lke.xlsx")
    wb = openpyxl.load_workbook(book)
    wb["LKE"]["F4"] = "Isian Unit Kerja"
    wb.save(book)
    (tmp_path / "kolom.yaml").write_text("answer: [Isian Unit Kerja]\n")
    run = rbctl("import", "lke", str(book), "-u", UNIT, "--kolom", str(tmp_path / "kolom.yaml"), cwd=workspace)
    assert run.exit_code == 0, run.stderr
    assert _index(rbctl, workspace) == pytest.approx(EXPECTED_INDEX)


def test_official_evidence_text_is_a_warning_and_ids_are_added(rbctl: Callable[..., Run], workspace: Path,
                                                               tmp_path: Path) -> None:
    book = layout_a(tmp_path / "lke.xlsx")
    wb = openpyxl.load_workbook(book)
    wb["LKE"]["L4"] = "Data Dukung"
    wb["LKE"]["L8"] = "PU-SK-01, SK Tim RB nomor 12"
    wb["LKE"]["L9"] = "PU-SK-01"
    wb.save(book)
    run = rbctl("import", "lke", str(book), "-u", UNIT, cwd=workspace)
    assert run.exit_code == 0, run.stderr
    assert "warning: LKE!F8: data dukung `SK Tim RB nomor 12` tidak terdaftar di unit prov-uji; tidak diimpor." \
        in " ".join(run.stderr.split())
    text = (workspace / LKE).read_text()
    assert "SK Tim RB nomor 12" not in text
    assert text.split("P.MP.1.b:")[1].split("P.MP.1.c")[0].count("data_dukung: [PU-SK-01]") == 1


def test_a_file_edited_while_importing_is_not_overwritten(workspace: Path, tmp_path: Path) -> None:
    from rbctl.importer.lke import Request, plan_import, write_plan
    from rbctl.writer import UnsafeWriteError

    plan = plan_import(workspace, Request(layout_a(tmp_path / "lke.xlsx"), UNIT))
    path = workspace / LKE
    path.write_text(path.read_text() + "# disunting selama impor\n")
    with pytest.raises(UnsafeWriteError):
        write_plan(plan)
    assert path.read_text().endswith("# disunting selama impor\n")
