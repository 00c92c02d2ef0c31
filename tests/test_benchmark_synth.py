"""The benchmark's generator stays in step with the schema: a small synthetic workspace
validates clean, and generating is deterministic."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

SYNTH = Path(__file__).resolve().parents[1] / "benchmarks" / "synth.py"


def _synth() -> ModuleType:
    spec = importlib.util.spec_from_file_location("rbctl_bench_synth", SYNTH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_small_synthetic_workspace_validates_clean(tmp_path: Path) -> None:
    made = _synth().generate(tmp_path / "ws", units=3)
    assert made.units == 3
    units = sorted(p.name for p in (tmp_path / "ws" / "units").iterdir())
    assert units == ["kpu-aceh-01", "kpu-prov-aceh", "kpu-ri"]  # RI, a province and its first kabupaten
    result = subprocess.run(
        [sys.executable, "-m", "rbctl", "validate", str(tmp_path / "ws"), "--as-of", "2026-06-30",
         "--format", "json", "--no-cache"],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["problems"] == []
    # every unit's files were read: profile, evidence, 8 plans, answers, 2 narratives (+ rbctl.yaml)
    assert report["summary"]["files"] == 1 + 3 * 13


def test_generation_is_deterministic(tmp_path: Path) -> None:
    synth = _synth()
    synth.generate(tmp_path / "a", units=2)
    synth.generate(tmp_path / "b", units=2)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert files_a == files_b
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel
