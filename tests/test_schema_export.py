"""`rbctl schema`: draft-07 JSON Schemas from the models; every example file validates against
its schema, and the example workspace wires them into VS Code."""

from __future__ import annotations

import copy
import json
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator, FormatChecker

from rbctl.authoring import record_paths
from rbctl.jsonschema_export import FILE_GLOBS, SUFFIX, schema_files, vscode_settings
from rbctl.models import KIND_MODELS
from rbctl.writer import split_text
from rbctl.yamlload import parse_text

from .conftest import GOOD

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "kpu-jatim"
WORKSPACES = [pytest.param(GOOD, id="good-minimal"), pytest.param(EXAMPLE, id="kpu-jatim")]


def record_data(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    parts = split_text(text, markdown=path.suffix == ".md")
    return parse_text(parts.yaml)


@pytest.fixture(scope="module")
def schemas(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    from typer.testing import CliRunner

    from rbctl.cli import app

    out = tmp_path_factory.mktemp("skema")
    result = CliRunner().invoke(app, ["schema", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{kind}{SUFFIX}" for kind in KIND_MODELS)
    return {kind: json.loads((out / f"{kind}{SUFFIX}").read_text(encoding="utf-8")) for kind in KIND_MODELS}


def test_every_schema_is_draft_07(schemas):
    for kind, schema in schemas.items():
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#", kind
        Draft7Validator.check_schema(schema)
        assert schema["properties"]["jenis"]["const"] == kind
        assert schema["additionalProperties"] is False


@pytest.mark.parametrize("root", WORKSPACES)
def test_every_record_file_validates_against_its_schema(schemas, root):
    if not (root / "rbctl.yaml").is_file():
        pytest.skip(f"{root} belum ada")
    paths = record_paths(root)
    kinds = set()
    for path in paths:
        data = record_data(path)
        kind = data["jenis"]
        kinds.add(kind)
        validator = Draft7Validator(schemas[kind], format_checker=FormatChecker())
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]
        assert errors == [], path
    assert kinds == set(KIND_MODELS)  # every kind was exercised


@pytest.mark.parametrize(("kind", "path", "mutate", "where"), [
    ("unit", "units/prov-uji/unit.yaml", lambda d: d.update(nama_unit="x"), ""),
    ("unit", "units/prov-uji/unit.yaml", lambda d: d.update(tingkat="kecamatan"), "tingkat"),
    ("unit", "units/prov-uji/unit.yaml", lambda d: d["ketua"].update(nip=198501012010011001), "ketua/nip"),
    ("lke", "units/prov-uji/lke/2026.yaml", lambda d: d["jawaban"].update({"P MP 1": {"jawaban": "A"}}), "jawaban"),
    ("lke", "units/prov-uji/lke/2026.yaml", lambda d: d["jawaban"]["P.MP.1.a"].update(bukti=["x"]),
     "jawaban/P.MP.1.a"),
    ("data_dukung", "units/prov-uji/data-dukung.yaml", lambda d: d["data_dukung"][0].update(tanggal="2026-13-01"),
     "data_dukung/0/tanggal"),
    ("rencana_aksi", "units/prov-uji/rencana-aksi/manajemen-perubahan.yaml",
     lambda d: d["rencana_aksi"][0]["realisasi"]["tw1"].update(status="hampir"),
     "rencana_aksi/0/realisasi/tw1/status"),
])
def test_a_schema_underlines_what_validate_rejects(schemas, kind, path, mutate, where):
    data = copy.deepcopy(record_data(GOOD / path))
    mutate(data)
    validator = Draft7Validator(schemas[kind], format_checker=FormatChecker())
    errors = list(validator.iter_errors(data))
    assert errors
    # The editor underlines the node itself, or the optional block around it (`anyOf` with null).
    paths = ["/".join(map(str, e.absolute_path)) for e in errors]
    assert any(where == p or where.startswith(p + "/") for p in paths if p or not where), paths


def test_schema_prints_one_kind_or_all(rbctl, tmp_path):
    one = rbctl("schema", "lke", cwd=tmp_path)
    assert one.exit_code == 0
    assert one.json()["properties"]["jenis"]["const"] == "lke"
    every = rbctl("schema", cwd=tmp_path)
    assert set(every.json()) == set(KIND_MODELS)
    wrong = rbctl("schema", "laporan", cwd=tmp_path)
    assert wrong.exit_code == 2
    assert "rencana_aksi" in wrong.stderr


def test_the_example_is_wired_into_vs_code():
    if not (EXAMPLE / "rbctl.yaml").is_file():
        pytest.skip("examples/kpu-jatim belum ada")
    # The committed schemas are what `rbctl schema --out schemas` makes today (not stale).
    for name, text in schema_files().items():
        assert (EXAMPLE / "schemas" / name).read_text(encoding="utf-8") == text, name
    settings = json.loads((EXAMPLE / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == vscode_settings("schemas")["yaml.schemas"]
    files = [p.relative_to(EXAMPLE).as_posix() for p in record_paths(EXAMPLE) if p.suffix != ".md"]
    for schema, globs in settings["yaml.schemas"].items():
        assert (EXAMPLE / schema).is_file()
        kind = Path(schema).name.removesuffix(SUFFIX)
        assert globs == FILE_GLOBS[kind]
        matched = [f for f in files if any(fnmatch(f, g) for g in globs)]
        assert matched, schema
        assert all(record_data(EXAMPLE / f)["jenis"] == kind for f in matched), schema
    for f in files:  # yaml-language-server matches globs at the end of the path, `*` across folders
        assert sum(any(fnmatch(f, g) for g in globs) for globs in settings["yaml.schemas"].values()) == 1, f


def test_vscode_wiring_keeps_other_settings(rbctl, workspace):
    settings = workspace / ".vscode/settings.json"
    settings.parent.mkdir()
    settings.write_text('{"editor.tabSize": 2, "yaml.schemas": {"https://x/lain.json": "lain.yaml"}}',
                        encoding="utf-8")
    result = rbctl("schema", "--out", "schemas", "--vscode", cwd=workspace)
    assert result.exit_code == 0, result.stderr
    merged = json.loads(settings.read_text(encoding="utf-8"))
    assert merged["editor.tabSize"] == 2
    assert merged["yaml.schemas"]["https://x/lain.json"] == "lain.yaml"
    assert merged["yaml.schemas"]["./schemas/unit.schema.json"] == ["units/*/unit.yaml"]
    before = settings.read_bytes()
    assert rbctl("schema", "--out", "schemas", "--vscode", cwd=workspace).exit_code == 0
    assert settings.read_bytes() == before
    settings.write_text('{\n  // komentar JSONC\n  "editor.tabSize": 2\n}\n', encoding="utf-8")
    refused = rbctl("schema", "--out", "schemas", "--vscode", cwd=workspace)
    assert refused.exit_code == 2
    assert "tidak diubah" in refused.stderr
    assert "// komentar JSONC" in settings.read_text(encoding="utf-8")
