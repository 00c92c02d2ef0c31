"""Stored per-unit facts never change an answer: every command that reads them prints the same
with them (warm) as without them (`--no-cache`, or an empty cache folder), after edits made
between runs, one of which keeps the file's size and modification time."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from .conftest import copy_example

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git tidak terpasang")

PROVINCE = "kpu-prov-jatim"


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Tim RB Uji", "-c", "user.email=uji@example.org",
                    "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
                   cwd=repo, capture_output=True, check=True)


def swap_answer_keeping_size_and_mtime(path: Path) -> None:
    """Change the first letter answer (A<->B), then put the old modification time back (as
    `cp -p`, `tar` and `rsync -t` do): size and mtime say nothing changed."""
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    match = re.search(r"^(\s*jawaban: )([AB])$", text, flags=re.MULTILINE)
    assert match is not None, "the example has no A/B answer any more"
    swapped = "B" if match.group(2) == "A" else "A"
    path.write_text(text[:match.start(2)] + swapped + text[match.end(2):], encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def outputs(rbctl: Any, ws: Path, out: Path, cache: Path, flags: tuple[str, ...] = ()) -> dict[str, str]:
    """What a user sees of validate, score --all, diff and the report (md), with the cache in
    ``cache`` (RBCTL_CACHE_DIR) and ``flags`` on the commands that read stored facts."""
    env = {"RBCTL_CACHE_DIR": str(cache)}
    seen: dict[str, str] = {}
    for name, args in {
        "validate": ("validate", ".", "--format", "json", *flags),
        "score": ("score", ".", "--all", "--format", "json", *flags),
        "diff": ("diff", "HEAD", "--format", "json", *flags),
        "diff-md": ("diff", "HEAD", "--format", "markdown", *flags),
        "report": ("report", ".", "--semester", "1", "--unit", PROVINCE, "-f", "md", "-o", str(out)),
    }.items():
        result = rbctl(*args, cwd=ws, env=env)
        assert result.exit_code in (0, 1), result.stderr
        seen[name] = result.stdout
    seen["report"] = next(out.glob("*.md")).read_text(encoding="utf-8")
    return seen


def test_warm_runs_print_what_runs_without_stored_facts_print(rbctl, tmp_path):
    repo = tmp_path / "catatan-rb"
    ws = copy_example(repo / "ws")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Catatan awal")
    cache = tmp_path / "cache"
    first = outputs(rbctl, ws, tmp_path / "out0", cache)  # fills the store

    swap_answer_keeping_size_and_mtime(ws / "units/kpu-kab-malang/lke/2026.yaml")
    plan = next(p for p in sorted((ws / "units/kpu-kab-sidoarjo/rencana-aksi").glob("*.yaml"))
                if "status: selesai" in p.read_text(encoding="utf-8"))
    plan.write_text(plan.read_text(encoding="utf-8").replace("status: selesai", "status: berjalan", 1),
                    encoding="utf-8")
    profile = ws / "units/kpu-kab-pasuruan/unit.yaml"
    profile.write_text(profile.read_text(encoding="utf-8") + "alamat_kantor: Jl. Uji\n", encoding="utf-8")

    warm = outputs(rbctl, ws, tmp_path / "out1", cache)
    without = outputs(rbctl, ws, tmp_path / "out2", tmp_path / "unused-cache", ("--no-cache",))
    empty = outputs(rbctl, ws, tmp_path / "out3", tmp_path / "empty-cache")
    for name in warm:
        assert warm[name] == without[name], f"{name}: stored facts changed the output"
        assert warm[name] == empty[name], f"{name}: a warm cache and an empty one disagree"
    # The edits were seen, the one that kept size and mtime included.
    assert warm["score"] != first["score"]
    assert "kpu-kab-malang" in warm["diff-md"]
    assert "kpu-kab-sidoarjo" in warm["diff-md"]
    assert "unknown-key" in warm["validate"] or "alamat_kantor" in warm["validate"]
