"""One small workspace per built-in rubric (tests/data/rubrik/<id>), scored by the real CLI
against values computed by hand from the official weights (see each test's arithmetic)."""

from __future__ import annotations

import json
import shutil
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run

F = Fraction  # short: the figures below are exact fractions

DATA = Path(__file__).parent / "data" / "rubrik"


def _score(rbctl: Any, tmp_path: Path, rid: str, unit: str, *extra: str) -> Run:
    root = tmp_path / rid
    shutil.copytree(DATA / rid, root)
    return rbctl("score", "--unit", unit, "--no-cache", *extra, cwd=root)


def _json(rbctl: Any, tmp_path: Path, rid: str, unit: str) -> dict[str, Any]:
    result = _score(rbctl, tmp_path, rid, unit, "--format", "json")
    assert result.exit_code == 0, result.stdout + result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_zi_2021_unit_meeting_every_wbk_condition(rbctl, tmp_path):
    data = _json(rbctl, tmp_path, "zi-2021", "zi-lolos")
    # Pengungkit all best answers: 30 + 30. IPAK 3,8 / 4 x 17,5 = 16,625; capaian kinerja B 0,75 x 5 = 3,75;
    # IPKP 3,4 / 4 x 17,5 = 14,875.
    assert F(data["index_exact"]) == 60 + F(133, 8) + F(15, 4) + F(119, 8)
    (wbk,) = data["thresholds"]
    assert wbk["met"]
    assert all(c["met"] and c["shortfall"] == 0 for c in wbk["conditions"])
    # 12 areas (six in Pemenuhan, six in Reform) are checked one by one.
    assert sum(1 for c in wbk["conditions"] if c["label"].startswith(("Pemenuhan per area", "Reform per area"))) == 12


def test_zi_2021_unit_falling_short_says_which_and_by_how_much(rbctl, tmp_path):
    data = _json(rbctl, tmp_path, "zi-2021", "zi-gagal")
    # As zi-lolos, but SPBE (2 points) answered C on all four items, and IPAK 3,5: 3,5 / 4 x 17,5 = 15,3125.
    assert F(data["index_exact"]) == 60 - 2 + F(245, 16) + F(15, 4) + F(119, 8)
    (wbk,) = data["thresholds"]
    assert not wbk["met"]
    short = {c["label"]: c["shortfall"] for c in wbk["conditions"] if not c["met"]}
    # Tata Laksana (Pemenuhan) 1 + 0 + 0,5 = 1,5 of 3,5; 60% is 2,1. IPAK needs 15,75.
    assert short == {"Pemenuhan per area: Penataan Tata Laksana": 0.6, "Survei persepsi anti korupsi (IPAK)": 0.44}
    text = _score(rbctl, tmp_path / "teks", "zi-2021", "zi-gagal")
    assert "Syarat Wilayah Bebas dari Korupsi (WBK): belum memenuhi (2 syarat)" in text.stdout
    assert "Survei persepsi anti korupsi (IPAK): 15,31 (syarat ≥ 15,75) kurang 0,44" in text.stdout


def test_rb_2023_rescales_when_an_indicator_does_not_apply(rbctl, tmp_path):
    data = _json(rbctl, tmp_path, "rb-2023", "kpu-ri")
    # RB General: every indicator at its maximum except statistik sektoral (1,5) "tidak berlaku" and
    # nilai SAKIP 80 (4 x 0,8 = 3,2). Earned 100 - 1,5 - 0,8 = 97,7 of 98,5 applicable, rescaled to 100.
    # RB Tematik: strategi 50 / 100 x 4 = 2, dampak 6.
    general = F(977, 10) / F(985, 10) * 100
    assert F(data["index_exact"]) == general + 2 + 6
    assert data["grade"] == "AA"  # above 100 with RB Tematik
    comp = data["components"][0]
    crits = {c["id"]: c for a in comp["areas"] for s in a["subareas"] for c in s["criteria"]}
    assert crits["G.B.1.statistik"]["status"] == "tidak-berlaku"
    assert crits["G.B.1.statistik"]["max_points"] == 0
    assert comp["weight"] == 100


def test_pmprb_2020_new_sub_areas_score(rbctl, tmp_path):
    data = _json(rbctl, tmp_path, "pmprb-2020", "kab-uji")
    # P.MP.1.a A: 0,4 / 3; P.SDM.8.a B: 0,67 x (1/3) / 3; P.PW.7.a (APIP) Ya: 0,5 / 3.
    assert F(data["index_exact"]) == F(2, 5) / 3 + F(67, 100) * F(1, 3) / 3 + F(1, 2) / 3


def test_pmprb_2014_base_weights_score(rbctl, tmp_path):
    data = _json(rbctl, tmp_path, "pmprb-2014", "kab-uji")
    # Promosi jabatan terbuka, base weight 6, all best; pemanfaatan TI (1) one of three items Ya.
    assert F(data["index_exact"]) == 6 + F(1, 3)


def test_zi_2014_scores(rbctl, tmp_path):
    data = _json(rbctl, tmp_path, "zi-2014", "kab-uji")
    # Pemantauan dan evaluasi, Manajemen Perubahan sub-area of weight 2, all best.
    assert F(data["index_exact"]) == 2
    assert data["thresholds"] == []  # no WBK threshold is known for the 2014 model


@pytest.mark.parametrize("rid", sorted(p.name for p in DATA.iterdir()))
def test_each_rubric_workspace_validates(rbctl, tmp_path, rid):
    root = tmp_path / rid
    shutil.copytree(DATA / rid, root)
    result = rbctl("validate", "--no-cache", cwd=root)
    assert result.exit_code == 0, result.stdout + result.stderr
