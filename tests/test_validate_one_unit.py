"""`validate --unit X` (or one file) with nothing stored reads unit X, and of the other units
only those that name what X names: it reports exactly what it reports with every unit known."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rbctl.validate import validate

from .conftest import copy_example

DAY = dt.date(2026, 6, 30)


def problems(root: Path, cache: Path, unit: str) -> list[tuple[str, int, int, str, str]]:
    result = validate(root, as_of=DAY, only_units={unit}, cache_dir=cache)
    return [(p.path, p.line, p.column, p.rule, p.message) for p in result.problems]


@pytest.fixture
def clashing(tmp_path: Path) -> Path:
    """The example with two cross-unit faults: Sidoarjo registers an evidence id that Pasuruan
    already uses, and the province's profile names itself differently from its folder (so
    the kabupaten's `induk: kpu-prov-jatim` names no unit)."""
    root = copy_example(tmp_path / "ws")
    registry = root / "units/kpu-kab-sidoarjo/data-dukung.yaml"
    text = registry.read_text(encoding="utf-8")
    first_id = next(line.split("id:")[1].strip() for line in text.splitlines() if "- id:" in line)
    registry.write_text(text.replace(f"id: {first_id}", "id: PSR-DD-001", 1), encoding="utf-8")
    profile = root / "units/kpu-prov-jatim/unit.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("id: kpu-prov-jatim", "id: kpu-jatim", 1),
                       encoding="utf-8")
    return root


@pytest.mark.parametrize("unit", ["kpu-kab-sidoarjo", "kpu-kab-pasuruan", "kpu-kab-malang", "kpu-prov-jatim"])
def test_one_unit_cold_reports_what_it_reports_with_every_unit_stored(clashing, tmp_path, unit):
    full = tmp_path / "full"
    validate(clashing, as_of=DAY, cache_dir=full)  # every unit read and stored
    expected = problems(clashing, full, unit)
    cold = problems(clashing, tmp_path / f"cold-{unit}", unit)
    assert cold == expected


def test_the_cross_unit_faults_are_found_from_one_unit(clashing, tmp_path):
    rules = {p[3] for p in problems(clashing, tmp_path / "c1", "kpu-kab-sidoarjo")}
    assert {"duplicate-id", "unknown-parent-unit"} <= rules
    clash = next(p for p in problems(clashing, tmp_path / "c2", "kpu-kab-sidoarjo") if p[3] == "duplicate-id")
    assert "units/kpu-kab-pasuruan/data-dukung.yaml:" in clash[4]  # where the id was first used


def test_one_unit_cold_reads_only_what_it_needs(clashing, tmp_path):
    result = validate(clashing, as_of=DAY, only_units={"kpu-kab-malang"}, cache_dir=tmp_path / "c")
    # Malang names its parent (read: its profile id matters) and nothing of the others.
    assert result.units_read == 2
