"""`rbctl validate` as users run it: malformed YAML, usage errors, pre-commit file lists, formats."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import AS_OF, CASES, Run
from tests.test_cases import build_case, load_expect

PLANS = "units/prov-uji/rencana-aksi"
NARRATIVES = "units/prov-uji/narasi"
VALIDATE = ("validate", "--as-of", AS_OF, "--no-cache")

AK_PLAN = """jenis: rencana_aksi
versi_skema: 1
tahun: 2026
area: akuntabilitas
rencana_aksi:
  - id: PU-AK-01
    kegiatan: Penyusunan laporan kinerja
    output: Laporan kinerja
    satuan: dokumen
    indikator: Laporan kinerja tersusun
    target: {tw1: 0, tw2: 1, tw3: 0, tw4: 0, total: 1}
    pelaksana: Subbagian Program
    koordinator: Sekretaris
"""
_DEEP_BLOCK = "".join("  " * i + f"k{i}:\n" for i in range(70)) + "  " * 70 + "nilai\n"

# kind: (file name, content, rule, line, column). Each is a new file in a valid workspace.
MALFORMED: dict[str, tuple[str, bytes, str, int, int]] = {
    "tab-indent": ("tab.yaml", b"jenis: rencana_aksi\nversi_skema: 1\nrencana_aksi:\n\t- id: PU-AK-01\n",
                   "yaml-tab", 4, 1),
    "duplicate-key": ("dup.yaml", b"jenis: rencana_aksi\nversi_skema: 1\ntahun: 2026\ntahun: 2027\n",
                      "yaml-duplicate-key", 4, 1),
    "invalid-utf8": ("latin1.yaml", b"jenis: rencana_aksi\nversi_skema: 1\narea: manajemen-\xe9\n",
                     "yaml-encoding", 3, 17),
    "utf16": ("utf16.yaml", AK_PLAN.encode("utf-16"), "yaml-encoding", 1, 1),
    "control-character": ("nul.yaml", b"jenis: rencana_aksi\nversi_skema: 1\narea: \x00\n", "yaml-encoding", 3, 7),
    "empty": ("empty.yaml", b"", "yaml-empty", 1, 1),
    "blank-lines": ("blank.yaml", b"\n   \n\n", "yaml-empty", 1, 1),
    "comment-only": ("comment.yaml", b"# belum diisi\n# nanti\n", "yaml-empty", 1, 1),
    "null-document": ("null.yaml", b"~\n", "yaml-empty", 1, 1),
    "list-at-top": ("list.yaml", b"- jenis: rencana_aksi\n- versi_skema: 1\n", "not-a-mapping", 1, 1),
    "text-at-top": ("text.yaml", b"rencana aksi manajemen perubahan\n", "not-a-mapping", 1, 1),
    "list-for-map": ("target-list.yaml", AK_PLAN.replace("target: {tw1: 0, tw2: 1, tw3: 0, tw4: 0, total: 1}",
                                                          "target: [0, 1, 0, 0, 1]").encode(), "invalid-type", 11, 13),
    "text-for-list": ("kriteria-text.yaml", (AK_PLAN + "    kriteria: P.AK.1.a\n").encode(), "invalid-type", 14, 15),
    "anchor": ("anchor.yaml", b"jenis: rencana_aksi\nversi_skema: 1\ntahun: &t 2026\n", "yaml-alias", 3, 8),
    "alias": ("alias.yaml", b"jenis: rencana_aksi\nversi_skema: 1\narea: *t\n", "yaml-alias", 3, 7),
    "recursive-alias": ("recursive.yaml", b"jenis: rencana_aksi\nrencana_aksi: &a [*a]\n", "yaml-alias", 2, 15),
    "billion-laughs": ("laughs.yaml", b"a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", "yaml-alias", 1, 4),
    "merge-key": ("merge.yaml", b"jenis: rencana_aksi\n<<: {versi_skema: 1}\n", "yaml-alias", 2, 1),
    "multi-document": ("multi.yaml", b"jenis: rencana_aksi\n---\njenis: rencana_aksi\n", "yaml-syntax", 2, 1),
    "unclosed-quote": ("quote.yaml", b'jenis: rencana_aksi\narea: "akuntabilitas\nversi_skema: 1\n',
                       "yaml-syntax", 2, 7),
    "missing-colon": ("colon.yaml", b"jenis: rencana_aksi\nversi_skema 1\ntahun: 2026\n", "yaml-syntax", 2, 1),
    "bad-indentation": ("indent.yaml", b"jenis: rencana_aksi\nversi_skema: 1\n  tahun: 2026\n", "yaml-syntax", 3, 3),
    "unclosed-bracket": ("bracket.yaml", b"jenis: rencana_aksi\nkriteria: [P.AK.1.a\nversi_skema: 1\n",
                         "yaml-syntax", 2, 11),
    "key-is-a-list": ("complex-key.yaml", b"jenis: rencana_aksi\n? [a, b]\n: 1\n", "yaml-syntax", 2, 3),
    "deep-flow": ("deep-flow.yaml", ("penjelasan: " + "[" * 100 + "]" * 100 + "\n").encode(), "yaml-too-deep", 1, 72),
    "deep-block": ("deep-block.yaml", _DEEP_BLOCK.encode(), "yaml-too-deep", 61, 121),
    "front-matter-missing": ("tanpa-front-matter.md", b"# Kendala\n\nIsi narasi.\n", "front-matter-missing", 1, 1),
    "front-matter-syntax": ("fm-syntax.md", b'---\njenis: narasi\njudul: "tanpa tutup\n---\nIsi.\n',
                            "yaml-syntax", 3, 8),
    "front-matter-tab": ("fm-tab.md", b"---\njenis: narasi\n\tjudul: x\n---\nIsi.\n", "yaml-tab", 3, 1),
    "front-matter-empty": ("fm-empty.md", b"---\n---\nIsi.\n", "yaml-empty", 2, 1),
}


def _rel(name: str) -> str:
    return f"{NARRATIVES}/{name}" if name.endswith(".md") else f"{PLANS}/{name}"


def _write(ws: Path, name: str, content: bytes) -> str:
    rel = _rel(name)
    (ws / rel).write_bytes(content)
    return rel


@pytest.mark.parametrize("kind", MALFORMED)
def test_malformed_yaml_alone_is_one_located_error(kind: str, workspace: Path, rbctl: Callable[..., Run]) -> None:
    name, content, rule, line, column = MALFORMED[kind]
    rel = _write(workspace, name, content)
    run = rbctl(*VALIDATE, "--format", "json", cwd=workspace)
    got = [(p["path"], p["line"], p["column"], p["rule"], p["severity"]) for p in run.json()["problems"]]
    assert got == [(rel, line, column, rule, "error")]
    assert run.exit_code == 1


def test_malformed_yaml_subprocess_no_traceback(workspace: Path) -> None:
    """The real console entry point on every kind at once: located problems, exit 1, no traceback."""
    for name, content, *_ in MALFORMED.values():
        _write(workspace, name, content)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("GITHUB_ACTIONS", None)
    proc = subprocess.run([sys.executable, "-m", "rbctl", *VALIDATE], cwd=workspace, capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=120, check=False)
    assert "Traceback" not in proc.stderr
    assert proc.stderr == ""
    for name, _content, rule, line, column in MALFORMED.values():
        assert f"{_rel(name)}:{line}:{column}: galat " in proc.stdout
        assert f"[{rule}]" in proc.stdout
    assert proc.returncode == 1


def test_subprocess_github_actions_gets_annotations(workspace: Path) -> None:
    _write(workspace, "tab.yaml", MALFORMED["tab-indent"][1])
    env = {**os.environ, "GITHUB_ACTIONS": "true", "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run([sys.executable, "-m", "rbctl", *VALIDATE], cwd=workspace, capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=60, check=False)
    assert proc.stdout.startswith(f"::error file={PLANS}/tab.yaml,line=4,col=1,title=yaml-tab::")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr


# --- usage errors: exit 2, a message on stderr, nothing on stdout ------------------------------


def test_outside_a_workspace_is_a_usage_error(tmp_path: Path, rbctl: Callable[..., Run]) -> None:
    run = rbctl(*VALIDATE, cwd=tmp_path)
    assert run.exit_code == 2
    assert "rbctl.yaml" in run.stderr
    assert run.stdout == ""


def test_missing_path_is_a_usage_error(workspace: Path, rbctl: Callable[..., Run]) -> None:
    run = rbctl(*VALIDATE, "tidak-ada/unit.yaml", cwd=workspace)
    assert run.exit_code == 2
    assert "tidak-ada" in run.stderr


@pytest.mark.parametrize("value", ["2026-02-30", "30-06-2026", "kemarin"])
def test_bad_as_of_is_a_usage_error(value: str, workspace: Path, rbctl: Callable[..., Run]) -> None:
    run = rbctl("validate", "--as-of", value, cwd=workspace)
    assert run.exit_code == 2
    assert "--as-of" in run.stderr
    assert "TTTT-BB-HH" in run.stderr
    assert run.stdout == ""


def test_unknown_format_is_a_usage_error(workspace: Path, rbctl: Callable[..., Run]) -> None:
    run = rbctl(*VALIDATE, "--format", "xml", cwd=workspace)
    assert run.exit_code == 2


# --- which units are checked -------------------------------------------------------------------


@pytest.fixture
def two_faults(workspace: Path) -> Path:
    """A fault in each unit: an unknown parent in kab-uji, a target sum in prov-uji."""
    kab = workspace / "units/kab-uji/unit.yaml"
    kab.write_text(kab.read_text(encoding="utf-8").replace("induk: prov-uji", "induk: prov-ujii"), encoding="utf-8")
    plan = workspace / PLANS / "manajemen-perubahan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("total: 4}", "total: 5}"), encoding="utf-8")
    return workspace


def _rules(run: Run) -> list[tuple[str, str]]:
    return [(p["path"], p["rule"]) for p in run.json()["problems"]]


KAB_FAULT = ("units/kab-uji/unit.yaml", "unknown-parent-unit")
PROV_FAULT = (f"{PLANS}/manajemen-perubahan.yaml", "target-sum-mismatch")


@pytest.mark.parametrize(("args", "expected"), [
    ((), [KAB_FAULT, PROV_FAULT]),
    (("units/kab-uji/unit.yaml",), [KAB_FAULT]),
    ((f"{PLANS}/manajemen-perubahan.yaml", "units/prov-uji/lke/2026.yaml"), [PROV_FAULT]),
    (("units/prov-uji",), [PROV_FAULT]),
    (("rbctl.yaml",), [KAB_FAULT, PROV_FAULT]),
    (("rubrik-uji.yaml",), [KAB_FAULT, PROV_FAULT]),
    (("--unit", "kab-uji"), [KAB_FAULT]),
    (("units/kab-uji/unit.yaml", "units/prov-uji/data-dukung.yaml"), [KAB_FAULT, PROV_FAULT]),
], ids=["workspace", "one-file", "two-files-one-unit", "unit-folder", "config", "rubric-file", "unit-option",
        "files-of-two-units"])
def test_paths_select_units(args: tuple[str, ...], expected: list[tuple[str, str]], two_faults: Path,
                            rbctl: Callable[..., Run]) -> None:
    run = rbctl(*VALIDATE, "--format", "json", *args, cwd=two_faults)
    assert _rules(run) == expected
    assert run.exit_code == 1


def test_clean_unit_passes_while_another_is_broken(two_faults: Path, rbctl: Callable[..., Run]) -> None:
    """pre-commit passes only the staged files: a clean unit commits even if another unit is broken."""
    (two_faults / "units/kab-uji/unit.yaml").write_text(
        (CASES / "good-minimal/units/kab-uji/unit.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    run = rbctl(*VALIDATE, "--format", "json", "units/kab-uji/unit.yaml", cwd=two_faults)
    assert run.json()["problems"] == []
    assert run.exit_code == 0


def test_duplicate_id_is_reported_in_the_unit_being_committed(tmp_path: Path, rbctl: Callable[..., Run]) -> None:
    """The kabupaten adds an id the province already uses: its own commit must fail, at its own file."""
    case = CASES / "bad-duplicate-id-units"
    ws = build_case(case, tmp_path / "ws", load_expect(case))
    run = rbctl(*VALIDATE, "--format", "json", "units/kab-uji/data-dukung.yaml", cwd=ws)
    problems = run.json()["problems"]
    assert [(p["path"], p["line"], p["rule"]) for p in problems] == [
        ("units/kab-uji/data-dukung.yaml", 4, "duplicate-id")]
    assert "units/prov-uji/data-dukung.yaml:17" in problems[0]["message"]
    assert run.exit_code == 1


def test_workspace_given_from_outside_shows_paths_from_the_current_folder(
        two_faults: Path, rbctl: Callable[..., Run]) -> None:
    run = rbctl(*VALIDATE, "--format", "json", "ws", cwd=two_faults.parent)
    payload = run.json()
    assert payload["workspace"] == str(two_faults.resolve())
    assert [p["path"] for p in payload["problems"]] == [f"ws/{KAB_FAULT[0]}", f"ws/{PROV_FAULT[0]}"]


def test_strict_on_clean_workspace_passes(workspace: Path, rbctl: Callable[..., Run]) -> None:
    run = rbctl(*VALIDATE, "--strict", cwd=workspace)
    assert run.exit_code == 0


def test_cached_rerun_reports_the_same_and_sees_changes(two_faults: Path, rbctl: Callable[..., Run]) -> None:
    args = ("validate", "--as-of", AS_OF, "--format", "json")
    first = rbctl(*args, cwd=two_faults)
    again = rbctl(*args, cwd=two_faults)
    assert _rules(again) == _rules(first) == [KAB_FAULT, PROV_FAULT]
    plan = two_faults / PLANS / "manajemen-perubahan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("total: 5}", "total: 4}"), encoding="utf-8")
    os.utime(plan, ns=(1, 1))  # a different mtime even on a coarse clock
    assert _rules(rbctl(*args, cwd=two_faults)) == [KAB_FAULT]


# --- output formats through the CLI ------------------------------------------------------------


def test_github_format_chosen_when_github_actions_is_set(two_faults: Path, rbctl: Callable[..., Run]) -> None:
    run = rbctl(*VALIDATE, cwd=two_faults, env={"GITHUB_ACTIONS": "true"})
    lines = run.stdout.splitlines()
    assert lines[0].startswith("::error file=units/kab-uji/unit.yaml,line=6,col=8,title=unknown-parent-unit::")
    assert lines[1].startswith(f"::error file={PLANS}/manajemen-perubahan.yaml,line=11,col=53,"
                               "title=target-sum-mismatch::")
    assert run.exit_code == 1


def test_explicit_format_wins_over_github_actions(two_faults: Path, rbctl: Callable[..., Run]) -> None:
    run = rbctl(*VALIDATE, "--format", "json", cwd=two_faults, env={"GITHUB_ACTIONS": "true"})
    assert json.loads(run.stdout)["summary"]["errors"] == 2


def test_text_output_grouped_by_file_with_summary(tmp_path: Path, rbctl: Callable[..., Run]) -> None:
    case = CASES / "multi-ten-faults"
    expect = load_expect(case)
    ws = build_case(case, tmp_path / "ws", expect)
    run = rbctl(*VALIDATE, "--format", "text", cwd=ws)
    lines = run.stdout.splitlines()
    files = sorted({p["path"] for p in expect["problems"]})
    headers = [line for line in lines if not line.startswith(" ")][:-1]
    assert headers == files  # one header per file, in order
    for want in expect["problems"]:
        located = f"  {want['path']}:{want['line']}:{want['column']}: "
        (index,) = [i for i, line in enumerate(lines) if line.startswith(located) and f"[{want['rule']}]" in line]
        header = max(i for i, line in enumerate(lines[:index]) if not line.startswith(" "))
        assert lines[header] == want["path"]
        assert lines[index + 1].startswith("    → ")  # the hint, under its problem
    assert lines[-1] == "13 berkas diperiksa: 13 galat, 1 peringatan."
    assert run.exit_code == 1


def test_text_output_on_clean_workspace(workspace: Path, rbctl: Callable[..., Run]) -> None:
    run = rbctl(*VALIDATE, cwd=workspace)
    assert run.stdout == "✓ 10 berkas diperiksa: tidak ada masalah.\n"
    assert run.exit_code == 0
