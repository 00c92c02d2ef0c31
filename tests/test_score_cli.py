"""`rbctl score` and `rbctl rubric` on small workspaces written here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from rbctl.cli import app

runner = CliRunner()


def unit_yaml(uid: str, name: str, level: str, parent: str | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "jenis": "unit", "versi_skema": 1, "id": uid, "nama": name, "tingkat": level,
        "ketua": {"nama": "Ketua"}, "sekretaris": {"nama": "Sekretaris"},
        "tim_rb": {"anggota": [{"nama": "Anggota", "peran": "ketua tim"}]},
    }
    if parent:
        data["induk"] = parent
    return data


def write(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def lke(answers: dict[str, Any], reviu: dict[str, Any] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"jenis": "lke", "versi_skema": 1, "tahun": 2024, "jawaban": answers}
    if reviu:
        data["reviu"] = reviu
    return data


# Unit answers (pmprb-2020): P.MP.1 A, Ya, B -> 0.356; P.MP.4.b 12/10 capped -> 1 x 2/15 = 0.1333...;
# H.KAK.1.a SAKIP 64.75 -> 9.065. Index = 0.356 + 2/15 + 9.065 = 9.55433... -> 9,55.
PROV_ANSWERS = {
    "P.MP.1.a": {"jawaban": "A", "data_dukung": ["sk-tim-rb"]},
    "P.MP.1.b": {"jawaban": "Ya"},
    "P.MP.1.c": {"jawaban": "B"},
    "P.MP.4.b": {"jumlah": {"perubahan_konkret": 12, "agen_perubahan": 10}},
    "H.KAK.1.a": {"jawaban": 64.75},
}


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    write(tmp_path / "rbctl.yaml", {"jenis": "konfigurasi", "versi_skema": 1, "organisasi": "KPU", "tahun": 2024})
    units = tmp_path / "units"
    write(units / "kpu-jabar" / "unit.yaml", unit_yaml("kpu-jabar", "KPU Provinsi Jawa Barat", "provinsi"))
    write(units / "kpu-jabar" / "lke" / "2024.yaml", lke(PROV_ANSWERS, reviu={"P.MP.1.c": {"jawaban": "C"}}))
    # Bandung: H.KAK.1.a 80 -> 11.2. Bogor: H.KAK.1.a 50 -> 7. Mean of kab/kota = 9.1.
    write(units / "kpu-bandung" / "unit.yaml", unit_yaml("kpu-bandung", "KPU Kota Bandung", "kota", "kpu-jabar"))
    write(units / "kpu-bandung" / "lke" / "2024.yaml", lke({"H.KAK.1.a": {"jawaban": 80}}))
    write(units / "kpu-bogor" / "unit.yaml", unit_yaml("kpu-bogor", "KPU Kabupaten Bogor", "kabupaten", "kpu-jabar"))
    write(units / "kpu-bogor" / "lke" / "2024.yaml", lke({"H.KAK.1.a": {"jawaban": 50}}))
    # Garut's LKE is broken: it is listed, not scored.
    write(units / "kpu-garut" / "unit.yaml", unit_yaml("kpu-garut", "KPU Kabupaten Garut", "kabupaten", "kpu-jabar"))
    (units / "kpu-garut" / "lke").mkdir()
    (units / "kpu-garut" / "lke" / "2024.yaml").write_text(
        "jenis: lke\nversi_skema: 1\ntahun: 2024\njawaban:\n  P.MP.1.a: {jawaban: A, tidak_dikenal: 1}\n",
        encoding="utf-8")
    return tmp_path


def run(*args: str) -> Any:
    return runner.invoke(app, list(args))


def test_score_one_unit_table(workspace):
    result = run("score", str(workspace), "--unit", "kpu-jabar", "--top", "3")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "KPU Provinsi Jawa Barat" in out
    assert "9,55" in out  # the index, comma decimal
    assert "D (Sangat Kurang)" in out
    assert "Belum dijawab (156)" in out  # 161 criteria, 5 answered
    # P.MP.1.b Ya and P.MP.4.b (capped at 100%) have no data dukung; P.MP.1.a has one.
    evidence = out.split("Jawaban tertinggi tanpa data dukung (2)")[1].split("perbaikan terbesar")[0]
    assert "P.MP.1.b" in evidence
    assert "P.MP.4.b" in evidence
    assert "P.MP.1.a" not in evidence
    # Best improvements: H.KPP.1.a (6), H.PB.1.a (5), then SAKIP 64.75 -> 100: 0.3525 x 14 = 4.935 -> 4,94.
    gains = out.split("3 perbaikan terbesar")[1]
    assert gains.index("H.KPP.1.a") < gains.index("H.PB.1.a") < gains.index("H.KAK.1.a")
    assert "4,94" in gains
    footnote = next(line for line in out.splitlines() if line.startswith("* Bobot sementara"))  # named once
    assert "Hasil Antara: Manajemen Perubahan" in footnote
    assert "Pemenuhan" not in footnote  # its weights are official: not named


def test_score_json_shape_and_values(workspace):
    result = run("score", str(workspace / "units" / "kpu-jabar"), "--format", "json", "--reviewer", "--top", "5")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["version"] == 1
    assert data["unit"]["id"] == "kpu-jabar"
    assert data["rubric"]["id"] == "pmprb-2020"
    assert data["index"] == 9.55
    assert data["grade"] == "D"
    assert data["provisional_notice"]
    mp = data["components"][0]["areas"][0]
    assert mp["id"] == "P.MP"
    tim = mp["subareas"][0]
    assert (tim["id"], tim["weight"], tim["score"], tim["percent"]) == ("P.MP.1", 0.4, 0.36, 89.0)
    crit = tim["criteria"][2]
    assert (crit["id"], crit["answer"], crit["value"]) == ("P.MP.1.c", "B", 0.67)
    assert len(data["improvements"]) == 5
    assert data["improvements"][0]["points"] >= data["improvements"][-1]["points"]
    # Reviewer: C instead of B -> (1 + 1 + 0.33) / 3 x 0.4 = 0.31066...; index 9.55433 - 0.04533 = 9.509 -> 9.51
    assert data["review"]["index"] == 9.51


def test_score_markdown(workspace):
    result = run("score", str(workspace), "--unit", "kpu-jabar", "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert "| **Indeks** | 100,00 | **9,55** | D (Sangat Kurang) |" in result.output
    assert "| Manajemen Perubahan | 2,00 | 0,49 | 24,47 |" in result.output  # 0.356 + 0.1333 = 0.4893


def test_fail_under(workspace):
    assert run("score", str(workspace), "--unit", "kpu-jabar", "--fail-under", "9.5").exit_code == 0
    result = run("score", str(workspace), "--unit", "kpu-jabar", "--fail-under", "9.56")
    assert result.exit_code == 1
    assert "di bawah batas 9,56" in result.output


def test_score_all_compares_the_province(workspace):
    result = run("score", str(workspace), "--all", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    order = [u["id"] for u in data["units"]]
    assert order == ["kpu-bandung", "kpu-jabar", "kpu-bogor", "kpu-garut"]  # by index; broken last
    garut = data["units"][-1]
    assert garut["index"] is None
    assert garut["status"].startswith("LKE bergalat")
    [prov] = data["provinces"]
    assert (prov["id"], prov["index"], prov["children_mean"]) == ("kpu-jabar", 9.55, 9.1)
    assert (prov["children_scored"], prov["children_total"]) == (2, 3)


def test_score_all_table(workspace):
    result = run("score", str(workspace), "--all")
    assert result.exit_code == 0, result.output
    assert "LKE bergalat" in result.output
    assert "Provinsi dan kabupaten/kota" in result.output
    assert "9,10" in result.output
    assert "bukan bobot resmi" in result.output
    # Without --unit, several units: the comparison is shown.
    assert "Provinsi dan kabupaten/kota" in run("score", str(workspace)).output


def test_fail_under_all_counts_unscored_units(workspace):
    result = run("score", str(workspace), "--all", "--fail-under", "1")
    assert result.exit_code == 1
    assert "kpu-garut" in result.output


def test_unit_with_broken_lke_is_not_scored(workspace):
    result = run("score", str(workspace), "--unit", "kpu-garut")
    assert result.exit_code == 1
    assert "tidak_dikenal" in result.output or "tidak dikenal" in result.output
    assert "nilai tidak dihitung" in result.output


def test_unknown_unit_and_missing_year(workspace):
    result = run("score", str(workspace), "--unit", "kpu-tidak-ada")
    assert result.exit_code == 2
    assert "kpu-bandung" in result.output
    result = run("score", str(workspace), "--unit", "kpu-jabar", "--year", "2023")
    assert result.exit_code == 1
    assert "belum punya LKE tahun 2023" in result.output


def test_workspace_rubric_by_path(workspace):
    text = (Path(__file__).parents[1] / "rbctl" / "rubrics" / "pmprb-2014.yaml").read_text(encoding="utf-8")
    (workspace / "rubrik").mkdir()
    (workspace / "rubrik" / "lama.yaml").write_text(text, encoding="utf-8")
    config = yaml.safe_load((workspace / "rbctl.yaml").read_text(encoding="utf-8"))
    config["rubrik"] = "rubrik/lama.yaml"
    write(workspace / "rbctl.yaml", config)
    result = run("score", str(workspace), "--unit", "kpu-bandung", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["rubric"]["id"] == "pmprb-2014"
    assert data["index"] == 11.2  # same Hasil item in 2014: 80/100 x 14


def test_broken_workspace_rubric_is_reported(workspace):
    (workspace / "rubrik.yaml").write_text("kind: rubric\n", encoding="utf-8")
    config = yaml.safe_load((workspace / "rbctl.yaml").read_text(encoding="utf-8"))
    config["rubrik"] = "rubrik.yaml"
    write(workspace / "rbctl.yaml", config)
    result = run("score", str(workspace), "--unit", "kpu-bandung")
    assert result.exit_code == 2
    assert "rubrik.yaml:" in result.output
    assert "rbctl rubric check rubrik.yaml" in result.output


def test_rubric_commands():
    listed = run("rubric", "list")
    assert listed.exit_code == 0
    for rid in ("pmprb-2014", "pmprb-2020", "zi-2021"):
        assert rid in listed.output
    shown = run("rubric", "show", "pmprb-2020")
    assert shown.exit_code == 0
    assert "P.SDM.1 Perencanaan Kebutuhan Pegawai" in shown.output
    assert "1/3 (0,33)" in shown.output
    assert "(sementara)" in shown.output
    assert "HA.DK Deregulasi Kebijakan: bobot 1 [resmi]\n" in shown.output  # the one confirmed Hasil Antara area
    assert "HA.MP Manajemen Perubahan: bobot 9/11 (0,82) (sementara) [sementara]" in shown.output
    assert run("rubric", "show", "pmprb-2099").exit_code == 2
    builtin = Path(__file__).parents[1] / "rbctl" / "rubrics"
    checked = run("rubric", "check", *(str(p) for p in sorted(builtin.glob("*.yaml"))), "--format", "text")
    assert checked.exit_code == 0, checked.output


def test_rubric_check_reports_file_and_line(tmp_path):
    text = (Path(__file__).parents[1] / "rbctl" / "rubrics" / "zi-2021.yaml").read_text(encoding="utf-8")
    broken = text.replace("    weight: 30\n", "    weight: 31\n", 1)
    path = tmp_path / "zi-rusak.yaml"
    path.write_text(broken, encoding="utf-8")
    line = broken.splitlines().index("    weight: 31") + 1
    result = run("rubric", "check", str(path), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    found = [(p["line"], p["rule"]) for p in data["problems"]]
    assert (line, "rubric-weights") in found
    assert all(p["path"].endswith("zi-rusak.yaml") for p in data["problems"])
