"""Safe to run on a pull request: one test per way in that was found (see the security issue).

The cache attacks (a planted pickle, a symlinked cache folder, an edit with its mtime
restored, a cache entry of the wrong shape) are in test_cache_security.py.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import AS_OF

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "kpu-jatim"
UNIT = "kpu-kab-malang"
LKE = f"units/{UNIT}/lke/2026.yaml"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("laporan", ".rbctl-cache"))
    return root


def _answer_line(root: Path, criterion: str) -> str:
    lines = (root / LKE).read_text(encoding="utf-8").splitlines()
    start = lines.index(f"  {criterion}:")
    return next(line.strip() for line in lines[start + 1:] if line.strip().startswith("jawaban:"))


# --- lost writes --------------------------------------------------------------------------


def test_two_answer_runs_at_once_lose_no_update(example: Path) -> None:
    env = {**os.environ, "RBCTL_CACHE_DIR": str(example.parent / "cache")}
    rounds = [("B", "C"), ("C", "B"), ("A", "D"), ("B", "A"), ("C", "C"), ("A", "B")]
    for first, second in rounds:
        runs = [subprocess.Popen([sys.executable, "-m", "rbctl", "answer", crit, value, "--unit", UNIT, "--force",
                                  "-w", str(example)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
                for crit, value in (("P.MP.1.a", first), ("P.MP.1.c", second))]
        for run in runs:
            _out, err = run.communicate(timeout=120)
            assert run.returncode == 0, err.decode()
        assert _answer_line(example, "P.MP.1.a") == f"jawaban: {first}"
        assert _answer_line(example, "P.MP.1.c") == f"jawaban: {second}"


def test_a_record_changed_while_rbctl_edits_it_is_left_alone(rbctl, example: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from rbctl import authoring

    real = authoring._answers_file

    def edited_meanwhile(*args, **kwargs):  # a person saves the file in an editor meanwhile
        record = real(*args, **kwargs)
        with (example / LKE).open("a", encoding="utf-8") as handle:
            handle.write("# disunting di editor\n")
        return record

    monkeypatch.setattr(authoring, "_answers_file", edited_meanwhile)
    result = rbctl("answer", "P.MP.1.a", "C", "--unit", UNIT, "--force", "-w", str(example), cwd=example)
    assert result.exit_code == 1
    assert "berubah sejak dibaca" in result.stderr
    text = (example / LKE).read_text(encoding="utf-8")
    assert text.endswith("# disunting di editor\n")
    assert _answer_line(example, "P.MP.1.a") == "jawaban: B"


def test_a_report_is_never_left_half_written(rbctl, example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = example / "laporan"
    first = rbctl("report", "--semester", "1", "--unit", UNIT, "-f", "md", "-f", "docx", "-o", str(out),
                  "--as-of", AS_OF, cwd=example)
    assert first.exit_code == 0, first.stderr
    good = {p.name: p.read_bytes() for p in out.iterdir()}
    (out / next(n for n in good if n.endswith(".docx"))).unlink()

    def disk_full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    second = rbctl("report", "--semester", "1", "--unit", UNIT, "-f", "md", "-f", "docx", "-o", str(out),
                   "--as-of", AS_OF, cwd=example)
    assert second.exit_code == 1
    assert "laporan lama tetap utuh" in second.stderr
    md = next(n for n in good if n.endswith(".md"))
    assert (out / md).read_bytes() == good[md]
    assert sorted(p.name for p in out.iterdir()) == [md]  # no empty .docx, no temporary file


# --- paths that leave the workspace -------------------------------------------------------


def test_writers_do_not_replace_a_symlinked_record(rbctl, example: Path, tmp_path: Path) -> None:
    outside = tmp_path / "di-luar.yaml"
    shutil.move(example / LKE, outside)
    (example / LKE).symlink_to(outside)
    before = outside.read_bytes()
    answered = rbctl("answer", "P.MP.1.a", "C", "--unit", UNIT, "--force", "-w", str(example), cwd=example)
    assert answered.exit_code == 1
    assert "tautan simbolik" in answered.stderr
    formatted = rbctl("fmt", "-w", str(example), cwd=example)
    assert formatted.exit_code == 1
    assert (example / LKE).is_symlink()
    assert outside.read_bytes() == before
