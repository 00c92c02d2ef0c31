"""`validate --unit X` (or one file) with nothing stored reads unit X, and of the other units
only those that name what X names: it reports exactly what it reports with every unit known."""

from __future__ import annotations

import datetime as dt
import json
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


@pytest.mark.parametrize("unit", ["kpu-kab-sidoarjo", "kpu-kab-pasuruan", "kpu-prov-jatim"])
def test_one_unit_from_the_store_reports_what_a_run_without_cache_reports(clashing, tmp_path, unit):
    """With every unit stored, `--unit X` checks only X's entry and those of the units that
    name what X names; the cross-unit faults are still found, at the same places."""
    store = tmp_path / "store"
    validate(clashing, as_of=DAY, cache_dir=store)
    nocache = validate(clashing, as_of=DAY, only_units={unit}, use_cache=False)
    assert problems(clashing, store, unit) == [(p.path, p.line, p.column, p.rule, p.message)
                                               for p in nocache.problems]


def test_one_unit_run_keeps_the_other_units_stored(clashing, tmp_path):
    store = tmp_path / "store"
    validate(clashing, as_of=DAY, cache_dir=store)
    plan = clashing / "units/kpu-kab-malang/rencana-aksi/sdm.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("kegiatan:", "kegiatn:", 1), encoding="utf-8")
    one = validate(clashing, as_of=DAY, only_units={"kpu-kab-malang"}, cache_dir=store)
    assert one.units_read == 1
    assert "unknown-key" in {p.rule for p in one.problems}
    again = validate(clashing, as_of=DAY, cache_dir=store)
    assert again.units_read == 0  # Malang's new entry written, the others' kept as they were
    fresh = validate(clashing, as_of=DAY, use_cache=False)
    assert again.problems == fresh.problems


def test_a_tampered_entry_of_another_unit_is_read_from_its_files(clashing, tmp_path):
    """A stored entry of the unit X clashes with that is not what the schema allows: that unit
    is read again, and the clash still found."""
    store = tmp_path / "store"
    validate(clashing, as_of=DAY, cache_dir=store)
    path = next(store.rglob("validate.json"))
    text = path.read_text(encoding="utf-8")
    name = next(k for k in json.loads(text)["units"] if k.endswith("kpu-kab-pasuruan"))
    data = json.loads(text)
    data["units"][name]["files"] = "banyak"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = validate(clashing, as_of=DAY, only_units={"kpu-kab-sidoarjo"}, cache_dir=store)
    assert "duplicate-id" in {p.rule for p in result.problems}
    assert result.units_read == 1  # Sidoarjo from the store, Pasuruan from its files
    assert json.loads(path.read_text(encoding="utf-8"))["units"][name]["files"] != "banyak"  # repaired


def _all(root: Path, cache: Path | None) -> list[tuple[str, int, int, str, str]]:
    result = validate(root, as_of=DAY, cache_dir=cache, use_cache=cache is not None)
    return [(p.path, p.line, p.column, p.rule, p.message) for p in result.problems]


def test_a_run_where_no_unit_changed_reports_the_cross_unit_faults_it_stored(clashing, tmp_path):
    cache = tmp_path / "c"
    first = _all(clashing, cache)
    assert {"duplicate-id", "unknown-parent-unit"} <= {p[3] for p in first}
    assert _all(clashing, cache) == first  # from the stored workspace-wide problems
    # A clash made in a third unit is seen on the next run, and a fixed one is gone.
    registry = clashing / "units/kpu-kab-malang/data-dukung.yaml"
    text = registry.read_text(encoding="utf-8")
    first_id = next(line.split("id:")[1].strip() for line in text.splitlines() if "- id:" in line)
    registry.write_text(text.replace(f"id: {first_id}", "id: PSR-DD-002", 1), encoding="utf-8")
    profile = clashing / "units/kpu-prov-jatim/unit.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("id: kpu-jatim", "id: kpu-prov-jatim", 1),
                       encoding="utf-8")
    after = _all(clashing, cache)
    assert after == _all(clashing, None)
    assert any(p[3] == "duplicate-id" and "`PSR-DD-002`" in p[4] for p in after)
    assert "unknown-parent-unit" not in {p[3] for p in after}
    assert _all(clashing, cache) == after
