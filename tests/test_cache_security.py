"""The validate cache can be neither planted nor fooled: data only, outside the workspace, keyed by ctime."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
from pathlib import Path

import pytest

from rbctl.cachedir import cache_folder
from tests.conftest import AS_OF

ANSWERS = "units/prov-uji/lke/2026.yaml"


class _Planted:
    """Unpickling this writes a file: the proof that a planted cache was executed."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (os.system, (f"touch {self.marker}",))


def _validate(rbctl, ws: Path, *extra: str):
    return rbctl("validate", "--as-of", AS_OF, "--format", "json", *extra, cwd=ws)


def test_a_planted_pickle_in_the_workspace_is_never_loaded(rbctl, workspace: Path, tmp_path: Path) -> None:
    marker = tmp_path / "owned"
    for name in ("validate.pickle", "validate.json"):
        folder = workspace / ".rbctl-cache"
        folder.mkdir(exist_ok=True)
        (folder / name).write_bytes(pickle.dumps(_Planted(marker)))
    subprocess.run(["git", "init", "-q"], cwd=workspace, check=True)
    subprocess.run(["git", "add", "-f", "."], cwd=workspace, check=True)
    for _ in range(2):
        assert _validate(rbctl, workspace).exit_code == 0
    assert not marker.exists()


def test_the_cache_lives_outside_the_workspace(rbctl, workspace: Path) -> None:
    assert _validate(rbctl, workspace).exit_code == 0
    folder = cache_folder(workspace).path
    assert folder is not None
    assert (folder / "validate.json").exists()
    assert not folder.resolve().is_relative_to(workspace.resolve())
    assert not (workspace / ".rbctl-cache").exists()
    json.loads((folder / "validate.json").read_text(encoding="utf-8"))  # data, nothing else


def test_a_cache_folder_that_is_a_symlink_is_not_written_through(rbctl, workspace: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir()
    base = tmp_path / "cachebase"
    base.mkdir()
    monkeypatch.setenv("RBCTL_CACHE_DIR", str(base))
    folder = cache_folder(workspace).path
    assert folder is not None
    folder.symlink_to(target, target_is_directory=True)
    result = _validate(rbctl, workspace)
    assert result.exit_code == 0
    assert list(target.iterdir()) == []
    assert "tautan simbolik" in result.stderr


def test_a_cache_folder_tracked_by_git_is_ignored_with_a_note(rbctl, workspace: Path) -> None:
    inside = workspace / "cache-di-repo"
    inside.mkdir()
    (inside / "x.txt").write_text("x", encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=workspace, check=True)
    subprocess.run(["git", "add", "-f", "."], cwd=workspace, check=True)
    result = _validate(rbctl, workspace, "--cache-dir", str(inside))
    assert result.exit_code == 0
    assert "dilacak git" in result.stderr
    assert sorted(p.name for p in inside.iterdir()) == ["x.txt"]


def test_an_edit_with_its_mtime_restored_is_seen(rbctl, workspace: Path) -> None:
    path = workspace / ANSWERS
    assert _validate(rbctl, workspace).exit_code == 0
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert "jawaban: Tidak\n" in text
    path.write_text(text.replace("jawaban: Tidak\n", "jawaban: Tidaq\n", 1), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # as cp -p, tar and rsync -t do
    assert path.stat().st_size == before.st_size
    result = _validate(rbctl, workspace)
    assert result.exit_code == 1
    assert any(p["rule"] == "answer-not-in-scale" for p in result.json()["problems"])


@pytest.mark.parametrize("damage", [
    lambda d: [],
    lambda d: {**d, "units": []},
    lambda d: {**d, "units": {k: {**v, "problems": [["x", "1", 1, "r", "m", "h", "error"]]}
                              for k, v in d["units"].items()}},
    lambda d: {**d, "units": {k: {**v, "facts": {"folder": 1}} for k, v in d["units"].items()}},
    lambda d: {**d, "units": {k: {**v, "problems": [["x", 1, 1, "r", "m", "h", "fatal"]]}
                              for k, v in d["units"].items()}},
    lambda d: {**d, "units": {k: {**v, "facts": {**v["facts"], "defined": [[1, 2]]}} for k, v in d["units"].items()}},
    lambda d: {**d, "workspace": {"digest": 1, "problems": []}},
    lambda d: {**d, "workspace": {"digest": "x", "problems": [["x", 1, 1, "r", "m", "h", "fatal"]]}},
])
def test_a_cache_entry_of_the_wrong_shape_gives_a_cold_run(rbctl, workspace: Path, damage) -> None:
    path = workspace / ANSWERS
    path.write_text(path.read_text(encoding="utf-8").replace("jawaban: Tidak\n", "jawaban: Q\n", 1), encoding="utf-8")
    first = _validate(rbctl, workspace)
    assert first.exit_code == 1
    cache = cache_folder(workspace).path / "validate.json"
    data = json.loads(cache.read_text(encoding="utf-8"))
    cache.write_text(json.dumps(damage(data)), encoding="utf-8")
    again = _validate(rbctl, workspace)
    assert again.exit_code == 1
    assert again.json()["problems"] == first.json()["problems"]


def _lines(d: dict) -> dict:
    return d["units"]


@pytest.mark.parametrize("damage", [
    lambda d: "bukan json",
    lambda d: {**d, "units": {k: {**v, "line": {**v["line"], "index": [1, 0]}} if v["line"] else v
                              for k, v in _lines(d).items()}},
    lambda d: {**d, "units": {k: {**v, "info": [k]} for k, v in _lines(d).items()}},
    lambda d: {**d, "units": {k: {**v, "info": [*v["info"][:3], "kecamatan", None]} for k, v in _lines(d).items()}},
    lambda d: {**d, "context": "lain"},
])
def test_stored_ranking_lines_of_the_wrong_shape_are_scored_again(rbctl, workspace: Path, damage) -> None:
    first = rbctl("score", "--all", "--format", "json", cwd=workspace)
    assert first.exit_code == 0, first.stderr
    lines = cache_folder(workspace).path / "lines-2026.json"
    data = json.loads(lines.read_text(encoding="utf-8"))
    assert len(data["units"]) == len(first.json()["units"])
    lines.write_text(json.dumps(damage(data)), encoding="utf-8")
    again = rbctl("score", "--all", "--format", "json", cwd=workspace)
    assert again.exit_code == 0, again.stderr
    assert again.stdout == first.stdout
