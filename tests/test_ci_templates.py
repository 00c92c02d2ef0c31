"""The CI templates in examples/ci/ parse, do what the docs say, and call only commands and
options that exist (checked against the real command tree of the CLI)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import typer.main

from rbctl.cli import app
from rbctl.yamlload import parse_text

CI = Path(__file__).resolve().parent.parent / "examples" / "ci"
GITHUB = CI / "github-actions.yml"
GITLAB = CI / "gitlab-ci.yml"
_INVOCATION = re.compile(r"(?:^|[\s;&|()])rbctl\s+([^;&|\n><]*)")


def load(path: Path) -> Any:
    return parse_text(path.read_text(encoding="utf-8"))  # YAML 1.2: `on:` stays a key


def github_scripts(workflow: dict[str, Any]) -> list[str]:
    return [step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step]


def gitlab_scripts(pipeline: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for value in pipeline.values():
        if isinstance(value, dict):
            for key in ("before_script", "script", "after_script"):
                out.extend(value.get(key, []))
    return out


def invocations(script: str) -> list[list[str]]:
    """Every `rbctl ...` command line in a shell script, as argument lists."""
    script = re.sub(r"\$\{\{.*?\}\}", "EKSPRESI", script).replace("\\\n", " ")
    return [shlex.split(match.group(1)) for match in _INVOCATION.finditer(script)]


def check_invocation(args: list[str]) -> list[str]:
    """What is wrong with one `rbctl` argument list, judged by the CLI's command tree."""
    command: Any = typer.main.get_command(app)
    path = ["rbctl"]
    while hasattr(command, "commands") and args and not args[0].startswith("-"):
        name = args.pop(0)
        sub = command.get_command(None, name)  # the root loads its commands by name, on demand
        if sub is None:
            return [f"`{' '.join(path)} {name}`: perintah tidak ada"]
        command = sub
        path.append(name)
    if hasattr(command, "commands"):
        return [f"`{' '.join(path)}` perlu subperintah"]
    options = {opt: p for p in command.params for opt in [*getattr(p, "opts", []), *getattr(p, "secondary_opts", [])]
               if getattr(p, "param_type_name", "") == "option" or opt.startswith("-")}
    arguments = [p for p in command.params if p not in options.values()]
    errors: list[str] = []
    positionals = 0
    while args:
        token = args.pop(0)
        if token.startswith("-"):
            name, _eq, inline = token.partition("=")
            param = options.get(name)
            if param is None:
                errors.append(f"`{' '.join(path)}`: opsi `{name}` tidak ada")
                continue
            if getattr(param, "is_flag", False) or getattr(param, "count", False):
                continue
            value = inline or (args.pop(0) if args else "")
            choices = _choices(param)
            if choices is not None and not value.startswith("$") and value not in choices:
                errors.append(f"`{' '.join(path)} {name}`: nilai `{value}` bukan pilihan {list(choices)}")
        else:
            positionals += 1
    capacity = sum(-1 if p.nargs == -1 else p.nargs for p in arguments)
    if not any(p.nargs == -1 for p in arguments) and positionals > capacity:
        errors.append(f"`{' '.join(path)}`: {positionals} argumen, paling banyak {capacity}")
    return errors


def _choices(param: Any) -> list[str] | None:
    """The allowed values of an enum-typed option (click's `type.choices`, or typer's own)."""
    for holder in (getattr(param, "type", None), getattr(param, "type_descriptor", None)):
        choices = getattr(holder, "choices", None)
        if choices:
            return [str(getattr(c, "value", c)) for c in choices]
    return None


def all_invocations() -> list[tuple[str, list[str]]]:
    found = [(GITHUB.name, inv) for script in github_scripts(load(GITHUB)) for inv in invocations(script)]
    found += [(GITLAB.name, inv) for script in gitlab_scripts(load(GITLAB)) for inv in invocations(script)]
    return found


def test_every_rbctl_call_in_the_templates_exists():
    calls = all_invocations()
    commands = {(name, tuple(a for a in inv if not a.startswith("-"))[:1]) for name, inv in calls}
    for template in (GITHUB.name, GITLAB.name):
        for wanted in ("validate", "fmt", "score", "diff", "report"):
            assert (template, (wanted,)) in commands, (template, wanted)
    errors = [f"{name}: {e}" for name, inv in calls for e in check_invocation(list(inv))]
    assert errors == []


@pytest.mark.parametrize(("line", "problem"), [
    ("rbctl validate --formatt github", "opsi `--formatt` tidak ada"),
    ("rbctl nilai --all", "perintah tidak ada"),
    ("rbctl validate --format sarif", "bukan pilihan"),
    ("rbctl new", "perlu subperintah"),
    ("rbctl diff main lain", "paling banyak 1"),
])
def test_the_checker_catches_mistakes(line, problem):
    [args] = invocations(line)
    errors = check_invocation(args)
    assert any(problem in e for e in errors), errors


def test_github_workflow_does_what_the_docs_say():
    workflow = load(GITHUB)
    assert set(workflow["on"]) == {"pull_request", "push"}
    assert workflow["on"]["push"]["tags"] == ["laporan-*"]
    check = workflow["jobs"]["periksa"]
    steps = {step.get("name", step.get("uses")): step for step in check["steps"]}
    assert steps["actions/checkout@v4"]["with"]["fetch-depth"] == 0
    assert "rbctl validate --format github" in steps["Validasi"]["run"]
    assert 'rbctl score --all --fail-under "$BATAS_NILAI"' in steps["Nilai"]["run"]  # opt-in
    assert "BATAS_NILAI" not in workflow.get("env", {})  # off until a team turns it on
    summary = steps["Perubahan nilai"]
    assert summary["if"] == "github.event_name == 'pull_request'"
    assert '--format markdown >> "$GITHUB_STEP_SUMMARY"' in summary["run"]
    report = workflow["jobs"]["laporan"]
    assert report["if"] == "startsWith(github.ref, 'refs/tags/')"
    assert report["needs"] == "periksa"
    assert any(step.get("uses", "").startswith("actions/upload-artifact@") for step in report["steps"])


def test_gitlab_pipeline_does_the_same():
    pipeline = load(GITLAB)
    assert pipeline["variables"]["GIT_DEPTH"] == "0"
    assert pipeline["validasi"]["artifacts"]["reports"]["codequality"] == "gl-code-quality.json"
    assert any("rbctl validate" in line for line in pipeline["validasi"]["script"])
    assert any("--fail-under" in line for line in pipeline["nilai"]["script"])
    assert "BATAS_NILAI" not in pipeline["variables"]
    diff = pipeline["perubahan-nilai"]
    assert diff["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert any("--format markdown" in line for line in diff["script"])
    report = pipeline["laporan"]
    assert "CI_COMMIT_TAG" in report["rules"][0]["if"]
    assert report["artifacts"]["paths"] == ["laporan/"]
    stages = set(pipeline["stages"])
    assert all(job["stage"] in stages for job in pipeline.values() if isinstance(job, dict) and "stage" in job)


def test_gitlab_template_writes_the_code_quality_report_rbctl_makes(rbctl, workspace):
    """The GitLab job's `--format gitlab` output is the code quality report it uploads."""
    import json

    job = load(GITLAB)["validasi"]
    assert any("--format gitlab > gl-code-quality.json" in line for line in job["script"])
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality.json"
    (workspace / "units/prov-uji/unit.yaml").write_text(
        (workspace / "units/prov-uji/unit.yaml").read_text(encoding="utf-8").replace("tingkat: provinsi",
                                                                                     "tingkat: kecamatan"),
        encoding="utf-8")
    # A fixed date: on a later one, good-minimal's TW III target without realisation is a warning too.
    result = rbctl("validate", "--format", "gitlab", "--as-of", "2026-06-30", cwd=workspace)
    assert result.exit_code == 1
    [finding] = json.loads(result.stdout)
    assert finding["check_name"] == "invalid-value"
    assert finding["location"]["path"] == "units/prov-uji/unit.yaml"
    assert finding["severity"] == "major"
    assert len(finding["fingerprint"]) == 64


def _github_check_steps() -> list[tuple[str, str]]:
    steps = load(GITHUB)["jobs"]["periksa"]["steps"]
    return [(step["name"], step["run"]) for step in steps if "run" in step and "rbctl" in step["run"]
            and "pip install" not in step["run"]]


def test_github_template_is_green_on_a_new_workspace(tmp_path: Path) -> None:
    """The template's rbctl steps, run by bash as in Actions, on `rbctl init` + `rbctl new unit`:
    the first pipeline passes; the threshold is opt-in (BATAS_NILAI) and then fails the new unit."""
    import os
    import subprocess
    import sys

    bindir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}", "GITHUB_ACTIONS": "true",
           "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"), "RBCTL_LANG": "", "CI": "true",
           "RBCTL_CACHE_DIR": str(tmp_path / "cache"), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
    ws = tmp_path / "catatan"

    def sh(script: str, extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        script = re.sub(r"\$\{\{.*?\}\}", "HEAD", script)
        return subprocess.run(["bash", "-e", "-o", "pipefail", "-c", script], cwd=ws, env={**env, **(extra or {})},
                              capture_output=True, text=True, check=False)

    ws.mkdir()
    setup = sh('rbctl init --org "KPU Kota Uji" && rbctl new unit kpu-uji --name "KPU Kota Uji" --level kota '
               '&& git init -q && git add -A && git commit -qm awal')
    assert setup.returncode == 0, setup.stderr
    steps = _github_check_steps()
    assert {name for name, _ in steps} >= {"Validasi", "Tata letak", "Nilai", "Perubahan nilai"}
    for name, script in steps:
        done = sh(script)
        assert done.returncode == 0, (name, done.stdout, done.stderr)
    nilai = dict(steps)["Nilai"]
    assert len(sh(nilai).stdout.splitlines()) < 40  # a summary, not every unanswered criterion
    strict = sh(nilai, {"BATAS_NILAI": "60"})
    assert strict.returncode == 1
    assert "--fail-under" in strict.stderr
