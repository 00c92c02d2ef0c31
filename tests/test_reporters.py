"""The three output formats, on problems built by hand."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import jsonschema
import pytest

from rbctl.problems import Problem, Severity
from rbctl.reporters import REPORTERS, default_format

DOC = Path(__file__).resolve().parents[1] / "README.md"

TAB = Problem("units/a/unit.yaml", 7, 1, "yaml-tab", "Karakter tab dipakai untuk indentasi.",
              "Ganti tab dengan spasi.")
TOP = Problem("units/a/lke/2026.yaml", 10, 3, "answer-without-evidence", "Jawaban `Ya` tanpa data dukung.",
              "Tambahkan `data_dukung: [ID]`.", Severity.WARNING)
DATE = Problem("units/a/data-dukung.yaml", 14, 14, "invalid-date", "`tanggal`: tanggal `2024-02-30` tidak sah.",
               "Tulis TTTT-BB-HH.")
PROBLEMS = sorted([TAB, TOP, DATE])


def render(fmt: str, root: Path, problems: list[Problem], files: int = 4) -> str:
    out = io.StringIO()
    REPORTERS[fmt](out).report(root, problems, files)
    return out.getvalue()


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- json ----------------------------------------------------------------------------------------


def test_json_shape(root: Path) -> None:
    payload = json.loads(render("json", root, PROBLEMS))
    assert list(payload) == ["version", "workspace", "summary", "problems"]
    assert payload["version"] == 1
    assert payload["workspace"] == str(root)
    assert payload["summary"] == {"files": 4, "errors": 2, "warnings": 1}
    assert payload["problems"][0] == {
        "path": "units/a/data-dukung.yaml", "line": 14, "column": 14, "rule": "invalid-date", "severity": "error",
        "message": "`tanggal`: tanggal `2024-02-30` tidak sah.", "hint": "Tulis TTTT-BB-HH.",
    }
    assert [p["severity"] for p in payload["problems"]] == ["error", "warning", "error"]
    assert [p["path"] for p in payload["problems"]] == [
        "units/a/data-dukung.yaml", "units/a/lke/2026.yaml", "units/a/unit.yaml"]


def test_json_keeps_non_ascii_text(root: Path) -> None:
    problem = Problem("units/a/unit.yaml", 1, 1, "yaml-encoding", "Nama `André` tidak sah → periksa.", "")
    text = render("json", root, [problem])
    assert "André" in text
    assert "→" in text
    assert json.loads(text)["problems"][0]["hint"] == ""


def test_json_clean_run(root: Path) -> None:
    payload = json.loads(render("json", root, [], files=7))
    assert payload["summary"] == {"files": 7, "errors": 0, "warnings": 0}
    assert payload["problems"] == []


def test_json_paths_are_relative_to_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    monkeypatch.chdir(repo)
    ws = repo / "ws"
    payload = json.loads(render("json", ws, [TAB]))
    assert payload["problems"][0]["path"] == "ws/units/a/unit.yaml"


def _documented_schema() -> dict[str, object]:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"```json schema\n(.*?)```", text, re.S)
    assert match, "README.md must hold the JSON Schema in a ```json schema block"
    schema: dict[str, object] = json.loads(match.group(1))
    return schema


def test_json_output_matches_the_documented_schema(root: Path) -> None:
    schema = _documented_schema()
    jsonschema.Draft7Validator.check_schema(schema)
    for problems in (PROBLEMS, []):
        jsonschema.validate(json.loads(render("json", root, problems)), schema)


def test_documented_schema_rejects_a_changed_shape(root: Path) -> None:
    payload = json.loads(render("json", root, PROBLEMS))
    del payload["problems"][0]["column"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(payload, _documented_schema())


# --- github --------------------------------------------------------------------------------------


def test_github_annotation_per_problem_and_summary(root: Path) -> None:
    lines = render("github", root, PROBLEMS).splitlines()
    assert lines == [
        "::error file=units/a/data-dukung.yaml,line=14,col=14,title=invalid-date::"
        "`tanggal`: tanggal `2024-02-30` tidak sah. Tulis TTTT-BB-HH.",
        "::warning file=units/a/lke/2026.yaml,line=10,col=3,title=answer-without-evidence::"
        "Jawaban `Ya` tanpa data dukung. Tambahkan `data_dukung: [ID]`.",
        "::error file=units/a/unit.yaml,line=7,col=1,title=yaml-tab::"
        "Karakter tab dipakai untuk indentasi. Ganti tab dengan spasi.",
        "4 berkas diperiksa: 2 galat, 1 peringatan.",
    ]


def test_github_escapes_message_data(root: Path) -> None:
    problem = Problem("units/a/lke/2026.yaml", 3, 5, "answer-not-in-scale", "Jawaban 120% di luar 0-100,\nbaris dua",
                      "Tulis: 100%\r")
    (line, _summary) = render("github", root, [problem]).splitlines()
    _, data = line.split("::", 2)[1:]
    assert data == "Jawaban 120%25 di luar 0-100,%0Abaris dua Tulis: 100%25%0D"


def test_github_escapes_properties(root: Path) -> None:
    problem = Problem("units/a,b/100%:x.yaml", 2, 4, "yaml-tab", "Pesan: satu, dua.", "")
    (line, _summary) = render("github", root, [problem]).splitlines()
    assert line == "::error file=units/a%2Cb/100%25%3Ax.yaml,line=2,col=4,title=yaml-tab::Pesan: satu, dua."


def test_github_without_problems_prints_only_the_summary(root: Path) -> None:
    assert render("github", root, [], files=7) == "7 berkas diperiksa: 0 galat, 0 peringatan.\n"


@pytest.mark.parametrize(("value", "expected"), [("true", "github"), (None, "text"), ("false", "text")])
def test_default_format_follows_github_actions(value: str | None, expected: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    if value is None:
        monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    else:
        monkeypatch.setenv("GITHUB_ACTIONS", value)
    assert default_format() == expected


# --- text ----------------------------------------------------------------------------------------


def test_text_grouped_by_file_with_summary(root: Path) -> None:
    second = Problem("units/a/unit.yaml", 9, 3, "missing-key", "Kunci wajib `nama` tidak ada.", "Tambahkan `nama:`.")
    lines = render("text", root, sorted([*PROBLEMS, second])).splitlines()
    assert lines == [
        "units/a/data-dukung.yaml",
        "  units/a/data-dukung.yaml:14:14: galat `tanggal`: tanggal `2024-02-30` tidak sah. [invalid-date]",
        "    → Tulis TTTT-BB-HH.",
        "units/a/lke/2026.yaml",
        "  units/a/lke/2026.yaml:10:3: peringatan Jawaban `Ya` tanpa data dukung. [answer-without-evidence]",
        "    → Tambahkan `data_dukung: [ID]`.",
        "units/a/unit.yaml",
        "  units/a/unit.yaml:7:1: galat Karakter tab dipakai untuk indentasi. [yaml-tab]",
        "    → Ganti tab dengan spasi.",
        "  units/a/unit.yaml:9:3: galat Kunci wajib `nama` tidak ada. [missing-key]",
        "    → Tambahkan `nama:`.",
        "4 berkas diperiksa: 3 galat, 1 peringatan.",
    ]


def test_text_does_not_read_brackets_as_markup(root: Path) -> None:
    problem = Problem("units/[a]/unit.yaml", 1, 1, "unknown-key", "Kunci `[bold]x[/bold]` tidak dikenal.", "")
    out = render("text", root, [problem])
    assert "units/[a]/unit.yaml" in out
    assert "Kunci `[bold]x[/bold]` tidak dikenal." in out


def test_text_clean_run(root: Path) -> None:
    assert render("text", root, [], files=7) == "✓ 7 berkas diperiksa: tidak ada masalah.\n"


def test_gitlab_code_quality_report(root: Path) -> None:
    report = json.loads(render("gitlab", root, PROBLEMS))
    assert len(report) == len(PROBLEMS)
    first, problem = report[0], PROBLEMS[0]
    assert first["check_name"] == problem.rule
    assert first["location"]["lines"]["begin"] == problem.line
    assert first["location"]["path"].endswith(problem.path)
    assert first["severity"] == ("major" if problem.severity == "error" else "minor")
    assert problem.message in first["description"]
    fingerprints = [entry["fingerprint"] for entry in report]
    assert len(set(fingerprints)) == len(fingerprints)
    assert json.loads(render("gitlab", root, PROBLEMS)) == report  # stable across runs
    assert json.loads(render("gitlab", root, [])) == []


def test_summary_and_severity_words_follow_the_language(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RBCTL_LANG", "en")
    text = render("text", root, list(PROBLEMS)).splitlines()
    assert text[-1] == "4 files checked: 2 error(s), 1 warning(s)."
    assert any(": error " in line for line in text)
    assert any(": warning " in line for line in text)
    assert render("github", root, [], files=7) == "7 files checked: 0 error(s), 0 warning(s).\n"
    assert render("text", root, [], files=7) == "✓ 7 files checked: no problems.\n"
