"""The pre-commit hooks (.pre-commit-hooks.yaml) in a records repository: pass on the example,
fail on a broken file with the located message. Offline: the hooks run from a `repo: local`
configuration with the same entry and file patterns, using the rbctl installed here."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import GOOD

pytest.importorskip("pre_commit", reason="pre-commit tidak terpasang (pip install pre-commit)")
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git tidak terpasang")

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ROOT / ".pre-commit-hooks.yaml"
EXAMPLE = ROOT / "examples" / "kpu-jatim"
AS_OF = ["--as-of", "2026-06-30"]  # the examples report realisation up to TW II 2026


def manifest() -> dict[str, dict[str, object]]:
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    return {hook["id"]: hook for hook in hooks}


def run(cwd: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=300)


@pytest.fixture
def records_repo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A git repository holding a copy of the example workspace at its root, with a local
    pre-commit configuration built from this repository's hook manifest."""
    repo = tmp_path / "catatan-rb"
    source = EXAMPLE if (EXAMPLE / "rbctl.yaml").is_file() else GOOD
    shutil.copytree(source, repo, ignore=shutil.ignore_patterns(".rbctl-cache", "expect.yaml"))
    hooks = []
    for hook in manifest().values():
        local = {k: v for k, v in hook.items() if k not in ("language", "description")}
        local["language"] = "system"  # the rbctl of this environment; `python` would pip-install it
        if hook["id"] == "rbctl-validate":
            local["args"] = AS_OF
        hooks.append(local)
    config = {"repos": [{"repo": "local", "hooks": hooks}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(tmp_path), "NO_COLOR": "1", "TERM": "dumb"}
    env.pop("GITHUB_ACTIONS", None)
    for args in (("init", "-q"), ("add", "-A")):
        assert run(repo, "git", *args, env=env).returncode == 0
    return repo, env


def pre_commit(repo: Path, env: dict[str, str], hook: str) -> subprocess.CompletedProcess[str]:
    return run(repo, sys.executable, "-m", "pre_commit", "run", hook, "--all-files", "--color", "never", env=env)


def test_manifest_is_valid_for_pre_commit():
    env = {**os.environ, "NO_COLOR": "1"}
    result = run(ROOT, sys.executable, "-m", "pre_commit", "validate-manifest", str(HOOKS), env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    hooks = manifest()
    assert set(hooks) == {"rbctl-validate", "rbctl-fmt"}
    assert hooks["rbctl-validate"]["entry"] == "rbctl validate"
    assert hooks["rbctl-validate"]["language"] == "python"


@pytest.mark.parametrize(("path", "validate", "fmt"), [
    ("rbctl.yaml", True, True),
    ("units/kpu-jatim/unit.yaml", True, True),
    ("units/kpu-jatim/lke/2026.yaml", True, True),
    ("units/kpu-jatim/rencana-aksi/sdm.yaml", True, True),
    ("units/kpu-jatim/narasi/kendala.md", True, True),
    ("units/kpu-jatim/data-dukung.yaml", True, True),
    ("units/kpu-jatim/data-dukung/sk-tim-rb.pdf", True, False),
    ("rb/units/kpu-jatim/unit.yaml", True, True),  # a workspace in a subfolder
    ("README.md", False, False),
    ("docs/catatan.yaml", False, False),
    ("units/kpu-jatim/lain.yaml", False, False),
])
def test_hooks_run_on_record_files_only(path, validate, fmt):
    hooks = manifest()
    assert bool(re.search(str(hooks["rbctl-validate"]["files"]), path)) is validate
    assert bool(re.search(str(hooks["rbctl-fmt"]["files"]), path)) is fmt


def test_validate_hook_passes_then_fails_on_a_broken_file(records_repo):
    repo, env = records_repo
    passed = pre_commit(repo, env, "rbctl-validate")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout

    unit = sorted((repo / "units").iterdir())[0]
    profile = unit / "unit.yaml"
    lines = profile.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("tingkat:"))
    lines[number - 1] = "tingkat: kecamatan\n"
    profile.write_text("".join(lines), encoding="utf-8")
    assert run(repo, "git", "add", "-A", env=env).returncode == 0
    failed = pre_commit(repo, env, "rbctl-validate")
    assert failed.returncode == 1
    out = failed.stdout + failed.stderr
    assert "Failed" in out
    rel = profile.relative_to(repo).as_posix()
    assert f"{rel}:{number}:10: galat `tingkat`: nilai `kecamatan` tidak diizinkan." in out
    assert "[invalid-value]" in out


def test_fmt_hook_tidies_a_file_and_then_passes(records_repo):
    repo, env = records_repo
    unit = sorted((repo / "units").iterdir())[0]
    profile = unit / "unit.yaml"
    text = profile.read_text(encoding="utf-8")
    messy = text.replace("jenis: unit\nversi_skema: 1\n", "versi_skema: 1\njenis: unit   # jenis catatan\n", 1)
    assert messy != text
    profile.write_text(messy, encoding="utf-8")
    assert run(repo, "git", "add", "-A", env=env).returncode == 0
    first = pre_commit(repo, env, "rbctl-fmt")
    assert first.returncode == 1  # pre-commit fails when a hook changed files
    assert "files were modified by this hook" in first.stdout
    tidy = profile.read_text(encoding="utf-8")
    assert tidy.startswith(text.split("jenis: unit\n")[0] + "jenis: unit   # jenis catatan\nversi_skema: 1\n")
    assert run(repo, "git", "add", "-A", env=env).returncode == 0
    second = pre_commit(repo, env, "rbctl-fmt")
    assert second.returncode == 0, second.stdout + second.stderr
