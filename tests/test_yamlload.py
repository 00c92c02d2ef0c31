"""Reading YAML: YAML 1.2 scalars, 1-based positions, and every failure as a located problem."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rbctl.rules import RULES
from rbctl.yamlload import Document, Positions, YamlError, load_document, parse_text, walk_strings


def value(text: str) -> Any:
    return parse_text(f"v: {text}\n")["v"]


@pytest.mark.parametrize("text", ["yes", "no", "on", "off", "y", "n", "Yes", "NO", "On", "OFF"])
def test_yaml11_booleans_stay_strings(text: str) -> None:
    assert value(text) == text


@pytest.mark.parametrize(("text", "expected"), [
    ("true", True), ("True", True), ("TRUE", True), ("false", False), ("False", False),
])
def test_yaml12_booleans(text: str, expected: bool) -> None:
    assert value(text) is expected


@pytest.mark.parametrize(("text", "expected"), [
    ("010", 10), ("0", 0), ("-5", -5), ("+7", 7), ("0o17", 15), ("0x1F", 31),
    ("198501012010011001", 198501012010011001),
])
def test_integers(text: str, expected: int) -> None:
    got = value(text)
    assert type(got) is int
    assert got == expected


@pytest.mark.parametrize(("text", "expected"), [("1.5", 1.5), ("-0.25", -0.25), ("1e3", 1000.0), (".5", 0.5)])
def test_floats(text: str, expected: float) -> None:
    got = value(text)
    assert type(got) is float
    assert got == expected


def test_special_floats() -> None:
    assert value(".inf") == math.inf
    assert value("-.inf") == -math.inf
    assert math.isnan(value(".nan"))


@pytest.mark.parametrize("text", ["~", "null", "Null", "NULL", ""])
def test_nulls(text: str) -> None:
    assert value(text) is None


@pytest.mark.parametrize(("text", "expected"), [
    ('"010"', "010"), ("'010'", "010"), ('"yes"', "yes"), ("'true'", "true"), ('""', ""), ("'~'", "~"),
    ("!!str 5", "5"), ("2026-01-10", "2026-01-10"), ("12:30", "12:30"), ("1_000", "1_000"),
    ("0b101", "0b101"), ("1.2.3", "1.2.3"), ("P.MP.1.a", "P.MP.1.a"), ("https://a.b/c?d=1", "https://a.b/c?d=1"),
])
def test_strings_stay_as_written(text: str, expected: str) -> None:
    assert value(text) == expected


def test_block_scalars_are_strings() -> None:
    data = parse_text("a: |\n  baris satu\n  baris dua\nb: >-\n  satu\n  dua\nc: |\n  010\n")
    assert data == {"a": "baris satu\nbaris dua\n", "b": "satu dua", "c": "010\n"}


def test_keys_are_the_text_written() -> None:
    data = parse_text("yes: 1\nnull: 2\n1.5: 3\n2026: 4\n'010': 5\ntrue: 6\n")
    assert data == {"yes": 1, "null": 2, "1.5": 3, 2026: 4, "010": 5, "true": 6}


def test_structures() -> None:
    data = parse_text("a:\n  - x\n  - {b: 1, c: [2, 3]}\nd: []\ne: {}\n")
    assert data == {"a": ["x", {"b": 1, "c": [2, 3]}], "d": [], "e": {}}


def test_positions_are_one_based() -> None:
    positions = Positions()
    parse_text("a: 1\nb:\n  - x\n  - y: 2\n    z: [3, 4]\n", positions)
    assert positions.keys[("a",)] == (1, 1)
    assert positions.values[("a",)] == (1, 4)
    assert positions.keys[("b",)] == (2, 1)
    assert positions.values[("b", 0)] == (3, 5)
    assert positions.values[("b", 1)] == (4, 5)
    assert positions.keys[("b", 1, "y")] == (4, 5)
    assert positions.values[("b", 1, "y")] == (4, 8)
    assert positions.values[("b", 1, "z", 1)] == (5, 12)


def test_position_of_a_missing_path_is_its_nearest_parent() -> None:
    positions = Positions()
    parse_text("a:\n  b:\n    c: 1\n", positions)
    assert positions.find(("a", "b", "tidak-ada")) == (3, 5)
    assert positions.find(("a", "b", "c"), key=True) == (3, 5)
    assert positions.find(("a", "b", "c")) == (3, 8)
    assert positions.find(("x",)) == (1, 1)


def test_positions_only_when_asked() -> None:
    assert parse_text("a: 1\n") == {"a": 1}  # no Positions object: nothing kept


# --- failures: parse_text raises YamlError with a position -----------------------------------------


@pytest.mark.parametrize(("text", "rule", "line", "column"), [
    ("a:\n\tb: 1\n", "yaml-tab", 2, 1),
    ("a: 1\nb: 2\na: 3\n", "yaml-duplicate-key", 3, 1),
    ("a: &x 1\n", "yaml-alias", 1, 4),
    ("a: *x\n", "yaml-alias", 1, 4),
    ("a: 1\n<<: {b: 2}\n", "yaml-alias", 2, 1),
    ("a: 1\n---\nb: 2\n", "yaml-syntax", 2, 1),
    ('a: 1\nb: "abc\nc: 2\n', "yaml-syntax", 2, 4),
    ("a: 1\nb abc\nc: 2\n", "yaml-syntax", 2, 1),
    ("a: [1, 2\nb: 3\n", "yaml-syntax", 1, 4),
    ("a: b: c\n", "yaml-syntax", 1, 5),
    ("? [a]\n: 1\n", "yaml-syntax", 1, 3),
    ("a: 1\nb: \x00\n", "yaml-encoding", 2, 4),
    ("é: 1\nb: x\x07\n", "yaml-encoding", 2, 5),
    ("a: " + "[" * 80 + "]" * 80 + "\n", "yaml-too-deep", 1, 63),
])
def test_failures_are_located(text: str, rule: str, line: int, column: int) -> None:
    with pytest.raises(YamlError) as info:
        parse_text(text)
    assert (info.value.rule, info.value.line, info.value.column) == (rule, line, column)
    assert info.value.hint


def test_duplicate_key_names_the_first_line() -> None:
    with pytest.raises(YamlError, match="baris 2"):
        parse_text("x: 0\na: 1\nb: 2\na: 3\n")


def test_same_key_in_different_maps_is_fine() -> None:
    assert parse_text("a: {id: 1}\nb: {id: 2}\n") == {"a": {"id": 1}, "b": {"id": 2}}


def test_tab_after_a_colon_is_only_a_separator() -> None:
    assert parse_text("a:\t1\n") == {"a": 1}


# --- load_document: files ---------------------------------------------------------------------------


def load(tmp_path: Path, content: bytes, name: str = "berkas.yaml", *, markdown: bool = False) -> Document:
    path = tmp_path / name
    path.write_bytes(content)
    return load_document(path, name, markdown=markdown)


def only_problem(doc: Document) -> tuple[str, int, int]:
    (problem,) = doc.problems
    assert problem.path == doc.rel
    assert problem.severity == "error"
    return problem.rule, problem.line, problem.column


def test_valid_file(tmp_path: Path) -> None:
    doc = load(tmp_path, b"jenis: unit\nnama: KPU\n")
    assert doc.ok
    assert doc.data == {"jenis": "unit", "nama": "KPU"}
    assert doc.at(("nama",)) == (2, 7)


def test_bom_and_crlf(tmp_path: Path) -> None:
    doc = load(tmp_path, "\ufeffjenis: unit\r\nnama: KPU\r\n".encode())
    assert doc.data == {"jenis": "unit", "nama": "KPU"}
    assert doc.at(("nama",)) == (2, 7)


@pytest.mark.parametrize(("content", "expected"), [
    (b"", ("yaml-empty", 1, 1)),
    (b"\n  \n", ("yaml-empty", 1, 1)),
    (b"# komentar saja\n", ("yaml-empty", 1, 1)),
    (b"~\n", ("yaml-empty", 1, 1)),
    (b"a: 1\nnama: Andr\xe9\n", ("yaml-encoding", 2, 11)),
    ("a: 1\n".encode("utf-16"), ("yaml-encoding", 1, 1)),
    (b"a:\n\tb: 1\n", ("yaml-tab", 2, 1)),
])
def test_file_failures_are_located(tmp_path: Path, content: bytes, expected: tuple[str, int, int]) -> None:
    doc = load(tmp_path, content)
    assert only_problem(doc) == expected
    assert doc.data is None


def test_unreadable_file(tmp_path: Path) -> None:
    (tmp_path / "folder.yaml").mkdir()
    doc = load_document(tmp_path / "folder.yaml", "folder.yaml")
    assert only_problem(doc) == ("file-unreadable", 1, 1)


def test_front_matter_positions_count_file_lines(tmp_path: Path) -> None:
    doc = load(tmp_path, b"---\njenis: narasi\njudul: Kendala\n---\n# Kendala\n\nIsi.\n", "n.md", markdown=True)
    assert doc.data == {"jenis": "narasi", "judul": "Kendala"}
    assert doc.body == "# Kendala\n\nIsi.\n"
    assert doc.at(("judul",)) == (3, 8)


def test_front_matter_failures(tmp_path: Path) -> None:
    assert only_problem(load(tmp_path, b"# Judul\n", "a.md", markdown=True)) == ("front-matter-missing", 1, 1)
    assert only_problem(load(tmp_path, b"---\njenis: narasi\n", "b.md", markdown=True)) == (
        "front-matter-missing", 1, 1)
    assert only_problem(load(tmp_path, b'---\njenis: narasi\njudul: "x\n---\n', "c.md", markdown=True)) == (
        "yaml-syntax", 3, 8)


def test_walk_strings() -> None:
    data = parse_text("a: x\nb: [y, 1, {c: z}]\n")
    assert list(walk_strings(data)) == [(("a",), "x"), (("b", 0), "y"), (("b", 2, "c"), "z")]


_YAMLISH = st.text(alphabet=st.sampled_from(list("ab:- \n\t'\"[]{},&*!#|>%@`\x00é\ufeff0123")), max_size=60)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.one_of(st.binary(max_size=60), _YAMLISH.map(lambda s: s.encode("utf-8", "surrogatepass"))))
def test_load_document_never_raises(tmp_path: Path, content: bytes) -> None:
    doc = load(tmp_path, content)
    assert (doc.data is None) == bool(doc.problems)
    for problem in doc.problems:
        assert problem.rule in RULES
        assert problem.line >= 1
        assert problem.column >= 1
        assert problem.line <= content.count(b"\n") + 1


# --- the fast path for clean documents gives exactly what the full builder gives ----------

_TRICKY = [
    "a: 1\nb: [1, 2, {c: d}]\n",
    "yes: no\n1.5: x\nnull: 3\n~: 4\ntrue: 5\n",
    "'quoted': \"5\"\nplain: 5\nblock: |\n  two\n  lines\nfolded: >\n  a\n  b\n",
    "list:\n  - \n  - ~\n  - ''\n  - -1\n  - 0o17\n  - 0x1F\n  - 1e3\n  - .inf\n  - -.nan\n",
    "tagged: !!str 5\nlocal: ! 5\n",
    "- a\n- - b\n  - c\n- {d: [e, {f: g}]}\n",
    "a: 1\na: 2\n",  # duplicate: the full builder reports it
    "x: &a 1\ny: *a\n",  # anchors and aliases: reported
    "<<: {a: 1}\n",  # merge key: reported
    "? [a, b]\n: c\n",  # a key that is not text: reported
    "---\na: 1\n---\nb: 2\n",  # two documents: reported
    "",
    "just text\n",
]


def _full(text: str) -> object:
    from rbctl.yamlload import _Builder, _events

    return _Builder(None).run(_events(text))


def _outcome(fn: object, text: str) -> tuple[str, object]:
    try:
        return "ok", fn(text)  # type: ignore[operator]
    except YamlError as exc:
        return "error", (exc.rule, exc.line, exc.column, str(exc))


@pytest.mark.parametrize("text", _TRICKY)
def test_fast_path_equals_full_builder_on_tricky_yaml(text: str) -> None:
    fast = _outcome(parse_text, text)
    full = _outcome(lambda t: parse_text(t, Positions()), text)
    assert fast == full


def test_fast_path_equals_full_builder_on_every_record_file() -> None:
    root = Path(__file__).resolve().parents[1]
    files = [p for base in ("examples", "tests/cases", "tests/data") for p in (root / base).rglob("*.y*ml")]
    assert len(files) > 50
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        fast = _outcome(parse_text, text)
        full = _outcome(lambda t: parse_text(t, Positions()), text)
        assert fast == full, path
        if fast[0] == "ok":
            assert fast[1] == _full(text), path
