"""Showing rubrics and guides: `rubric show` (tree, one node, json), `answer --explain`, the LKE
file of `new unit`, and the rubric `init` picks by level and year."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rbctl.rubricload import builtin_rubric


def test_rubric_show_json_lists_weight_status_and_source_of_each_node(rbctl, tmp_path):
    result = rbctl("rubric", "show", "pmprb-2020", "--format", "json", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    nodes = [n for c in data["components"] for n in [c, *c["areas"]]]
    nodes += [s for c in data["components"] for a in c["areas"] for s in a["subareas"]]
    crits = [k for c in data["components"] for a in c["areas"] for s in a["subareas"] for k in s["criteria"]]
    assert len(crits) == len(builtin_rubric("pmprb-2020").criteria())
    for node in nodes + crits:
        assert node["status"] in {"resmi", "turunan", "sementara"}, node["id"]
        assert node["sumber"], node["id"]
        assert all(s["judul"] for s in node["sumber"]), node["id"]
    sdm = next(a for a in data["components"][0]["areas"] if a["id"] == "P.SDM")
    first = sdm["subareas"][0]
    assert (first["weight_exact"], first["status"]) == ("1/3", "resmi")
    assert "scribd.com/document/527013755" in first["sumber"][0]["alamat"]


def test_rubric_show_one_criterion_prints_its_guide(rbctl, tmp_path):
    result = rbctl("rubric", "show", "zi-2021", "P.MP.1.b", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "P.MP.1.b Penentuan anggota Tim dipilih melalui prosedur/mekanisme yang jelas [resmi]" in out
    assert "A: Jika dengan prosedur/mekanisme yang jelas dan mewakili seluruh unsur dalam unit kerja" in out
    assert "Data dukung (sementara): SK pembentukan tim" in out
    sub = rbctl("rubric", "show", "zi-2021", "p.mp.1", cwd=tmp_path)  # a sub-area, any case
    assert "P.MP.1 Penyusunan Tim Kerja: bobot 0,5 [resmi]" in sub.stdout
    assert "P.MP.1.a " in sub.stdout
    assert "P.MP.1.b " in sub.stdout
    missing = rbctl("rubric", "show", "zi-2021", "P.XX.9", cwd=tmp_path)
    assert missing.exit_code == 2
    assert "bukan id kriteria atau sub-area" in missing.stderr


def test_custom_rubric_without_sources_warns_in_check_and_show(rbctl, tmp_path):
    good = Path(__file__).parent / "cases" / "good-minimal" / "rubrik-uji.yaml"
    (tmp_path / "r.yaml").write_text(good.read_text(encoding="utf-8"), encoding="utf-8")
    checked = rbctl("rubric", "check", "r.yaml", "--format", "json", cwd=tmp_path)
    assert checked.exit_code == 0, checked.stdout
    assert [p["rule"] for p in json.loads(checked.stdout)["problems"]] == ["rubric-provenance"]
    shown = rbctl("rubric", "show", "r.yaml", cwd=tmp_path)
    assert shown.exit_code == 0
    assert "peringatan:" in shown.stdout
    assert "Skor tetap dihitung." in shown.stdout


@pytest.mark.parametrize(("level", "year", "zi", "expected"), [
    ("ri", 2024, False, "rb-2023"), ("ri", 2022, False, "pmprb-2020"), ("provinsi", 2024, False, "pmprb-2020"),
    ("kabupaten", 2024, True, "zi-2021"), ("kota", 2019, True, "zi-2014"), ("kabupaten", 2018, False, "pmprb-2014"),
])
def test_init_picks_the_rubric_by_level_and_year(rbctl, tmp_path, level, year, zi, expected):
    args = ["init", "ws", "--org", "KPU Uji", "--year", str(year), "--level", level] + (["--zi"] if zi else [])
    result = rbctl(*args, cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert f"Rubrik: {expected} " in result.stdout
    assert f"\nrubrik: {expected}  #" in (tmp_path / "ws" / "rbctl.yaml").read_text(encoding="utf-8")


def test_explain_and_new_unit_carry_the_guide(rbctl, tmp_path):
    assert rbctl("init", "ws", "--org", "KPU Kabupaten Uji", "--year", "2024", "--level", "kabupaten", "--zi",
                 cwd=tmp_path).exit_code == 0
    root = tmp_path / "ws"
    made = rbctl("new", "unit", "kab-uji", "--name", "KPU Kabupaten Uji", "--level", "kabupaten", "-w", str(root),
                 cwd=tmp_path)
    assert made.exit_code == 0, made.stderr
    lke = (root / "units/kab-uji/lke/2024.yaml").read_text(encoding="utf-8")
    assert ("  P.MP.1.a:  # Unit kerja telah membentuk tim untuk melakukan pembangunan Zona Integritas [Ya/Tidak]\n"
            "    # Ya: Jika Tim telah dibentuk di dalam unit kerja.\n") in lke
    explained = rbctl("answer", "P.MP.1.a", "--explain", "-w", str(root), cwd=tmp_path)
    assert explained.exit_code == 0, explained.stderr
    assert "Ya: Jika Tim telah dibentuk di dalam unit kerja." in explained.stdout
    assert lke == (root / "units/kab-uji/lke/2024.yaml").read_text(encoding="utf-8")  # --explain writes nothing
    no_value = rbctl("answer", "P.MP.1.a", "-w", str(root), cwd=tmp_path)
    assert no_value.exit_code == 2
    assert "--explain" in no_value.stderr
