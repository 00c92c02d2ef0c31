"""Shared options behave the same on every command: -w, repeatable --unit, unknown ids are usage
errors (exit 2) with the closest matches, dates written the Indonesian way are offered as ISO."""

from __future__ import annotations

import re
from pathlib import Path

import pytest


def test_validate_unknown_unit_is_a_usage_error_with_a_suggestion(rbctl, workspace: Path) -> None:
    result = rbctl("validate", "--unit", "tidak-ada", cwd=workspace)
    assert result.exit_code == 2
    assert "Unit `tidak-ada` tidak ada di folder units/." in result.stderr
    assert "diperiksa" not in result.stdout  # no false green
    near = rbctl("validate", "--unit", "prov-uj", cwd=workspace)
    assert near.exit_code == 2
    assert "Mungkin maksudnya `prov-uji`?" in near.stderr


@pytest.mark.parametrize("command", [["score"], ["report", "--semester", "1"]])
def test_unknown_unit_is_exit_2_everywhere(rbctl, workspace: Path, command: list[str]) -> None:
    result = rbctl(*command, "--unit", "prov-ujj", cwd=workspace)
    assert result.exit_code == 2, result.stderr
    assert "prov-uji" in result.stderr


def test_rubric_show_unknown_id_blames_no_file(rbctl, tmp_path: Path) -> None:
    result = rbctl("rubric", "show", "pmprb-2099", cwd=tmp_path)
    assert result.exit_code == 2
    assert "rbctl.yaml" not in result.stderr
    assert "Rubrik `pmprb-2099` tidak dikenal." in result.stderr
    assert "Mungkin maksudnya `pmprb-20" in result.stderr


def test_workspace_option_on_validate_score_and_report(rbctl, workspace: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "lain"
    elsewhere.mkdir()
    assert rbctl("validate", "-w", str(workspace), cwd=elsewhere).exit_code == 0
    assert rbctl("validate", str(workspace), cwd=elsewhere).exit_code == 0  # the old positional form
    assert rbctl("score", "--all", "-w", str(workspace), cwd=elsewhere).exit_code in (0, 1)
    old = rbctl("score", "--all", str(workspace), cwd=elsewhere)
    assert old.stdout == rbctl("score", "--all", "-w", str(workspace), cwd=elsewhere).stdout


def test_score_unit_is_repeatable(rbctl, workspace: Path) -> None:
    units = sorted(p.name for p in (workspace / "units").iterdir() if p.is_dir())
    assert len(units) >= 2
    both = rbctl("score", "-u", units[0], "-u", units[1], "--format", "json", cwd=workspace)
    assert both.exit_code in (0, 1), both.stderr
    assert sorted(u["id"] for u in both.json()["units"]) == units[:2]
    one = rbctl("score", "-u", "prov-uji", "--format", "json", cwd=workspace)
    assert one.stdout, one.stderr
    assert one.json()["unit"]["id"] == "prov-uji"


def test_date_in_indonesian_order_is_offered_as_iso(rbctl, workspace: Path) -> None:
    unit = sorted(p.name for p in (workspace / "units").iterdir() if p.is_dir())[0]
    result = rbctl("evidence", "add", "https://contoh.go.id/sk.pdf", "--unit", unit, "--title", "SK",
                   "--date", "31/12/2026", "--kind", "SK", cwd=workspace)
    assert result.exit_code == 2
    assert "Tulis tanggal sebagai TTTT-BB-HH: 2026-12-31." in result.stderr


def test_score_all_tables_do_not_wrap_off_a_terminal(rbctl, workspace: Path) -> None:
    long_name = "Komisi Pemilihan Umum Kabupaten Kepulauan Seribu Utara Yang Sangat Panjang Namanya"
    made = rbctl("new", "unit", "kpu-kabupaten-kepulauan-seribu-utara", "--name", long_name, "--level", "KABUPATEN",
                 cwd=workspace)
    assert made.exit_code == 0, made.stderr
    result = rbctl("score", "--all", cwd=workspace)
    assert any(f"kpu-kabupaten-kepulauan-seribu-utara {long_name}" in line for line in result.stdout.splitlines())
    assert not re.search(r"^\s+Namanya", result.stdout, re.M)
