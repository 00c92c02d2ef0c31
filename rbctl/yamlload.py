"""Fast YAML reading with positions on demand.

Reading is over 95% of validation time (see shared tech notes), so records are parsed with
libyaml's C parser, and the node tree is turned into plain data here with YAML 1.2 core
semantics (``yes``/``no``/``on`` stay strings, no implicit dates: dates are parsed later
by the models, with a position). Positions are kept per path only when asked for, so a
clean file does not pay for them. Writing YAML (which must keep comments) uses ruamel's
round-trip mode elsewhere; it is too slow to read thousands of files with.
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from rbctl.problems import Problem

try:  # libyaml is part of PyYAML wheels; fall back to pure Python where it is missing.
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the wheel
    _Base = yaml.SafeLoader

Loc = tuple[str | int, ...]

_INT = re.compile(r"^[-+]?[0-9]+$|^0o[0-7]+$|^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(
    r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$"
)
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_MAX_DEPTH = 60
_PLAIN = "tag:rbctl,plain"


class _Loader(_Base):  # type: ignore[misc]
    """Only composes nodes; plain scalars are tagged as such and resolved below."""

    yaml_implicit_resolvers: dict[str | None, Any] = {  # noqa: RUF012 - read by PyYAML
        None: [(_PLAIN, re.compile(""))],
    }


class YamlError(Exception):
    """A located syntax or structure problem found while building the data."""

    def __init__(self, line: int, column: int, rule: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.line, self.column, self.rule, self.hint = line, column, rule, hint


@dataclass
class Positions:
    """Where each key and value of a document stands (1-based line, column)."""

    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def find(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Position of ``loc``, or of its nearest located parent."""
        loc = tuple(loc)
        while loc:
            table = self.keys if key else self.values
            if loc in table:
                return table[loc]
            if not key and loc in self.keys:
                return self.keys[loc]
            loc = loc[:-1]
            key = False
        return self.values.get((), (1, 1))


def _scalar(node: yaml.ScalarNode) -> Any:
    value: str = node.value
    if node.tag != _PLAIN:
        return value  # quoted, block or explicitly tagged: a string
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.match(value):
        if value.startswith("0o"):
            return int(value[2:], 8)
        if value.startswith("0x"):
            return int(value[2:], 16)
        return int(value)
    if _FLOAT.match(value):
        low = value.lower()
        if low.endswith("inf"):
            return -math.inf if low.startswith("-") else math.inf
        if low.endswith("nan"):
            return math.nan
        return float(value)
    return value


def _pos(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    def __init__(self, positions: Positions | None) -> None:
        self.positions = positions
        self.seen: set[int] = set()
        self.positions_hint = (1, 1)

    def build(self, node: yaml.Node, loc: Loc, depth: int = 0) -> Any:
        if depth > _MAX_DEPTH:
            line, col = _pos(node)
            raise YamlError(line, col, "yaml-too-deep", "Struktur YAML terlalu dalam.",
                            "Periksa indentasi; catatan RB tidak pernah sedalam ini.")
        if id(node) in self.seen:
            # The C composer hands an alias back as the very node it refers to, so its
            # own mark is the anchor's; the parent's position is where the alias is used.
            line, col = self.positions_hint
            raise YamlError(line, col, "yaml-alias", "Anchor/alias YAML (&, *) tidak dipakai di catatan.",
                            "Tulis nilainya langsung, tanpa & dan *.")
        self.seen.add(id(node))
        self.positions_hint = _pos(node)
        if self.positions is not None:
            self.positions.values[loc] = _pos(node)
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.MappingNode)
        return self._mapping(node, loc, depth)

    def _mapping(self, node: yaml.MappingNode, loc: Loc, depth: int) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        first: dict[Any, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                line, col = _pos(key_node)
                raise YamlError(line, col, "yaml-syntax", "Kunci harus berupa teks biasa.",
                                "Tulis kunci sebagai kata, misalnya `kegiatan:`.")
            if key_node.tag == "tag:yaml.org,2002:merge" or key_node.value == "<<":
                line, col = _pos(key_node)
                raise YamlError(line, col, "yaml-alias", "Penggabungan `<<:` tidak dipakai di catatan.",
                                "Tulis setiap kunci langsung.")
            key = _scalar(key_node)
            if isinstance(key, float | bool) or key is None:
                key = key_node.value
            if key in first:
                line, col = _pos(key_node)
                prev = first[key].start_mark.line + 1
                raise YamlError(line, col, "yaml-duplicate-key",
                                f"Kunci `{key}` ditulis dua kali (pertama di baris {prev}).",
                                "Hapus salah satu, atau gabungkan isinya.")
            first[key] = key_node
            self.positions_hint = _pos(key_node)
            if self.positions is not None:
                self.positions.keys[(*loc, key)] = _pos(key_node)
            out[key] = self.build(value_node, (*loc, key), depth + 1)
        return out


def _decode(raw: bytes) -> str:
    """Decode UTF-8; raise YamlError at the line and column of the first bad byte."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        raise YamlError(line, col, "yaml-encoding", "Berkas bukan teks UTF-8 yang sah.",
                        "Simpan ulang berkas sebagai UTF-8 (di editor: Save with Encoding → UTF-8).") from None
    return text.removeprefix("\ufeff")


def _first_tab_indent(text: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if "\t" in line[: len(line) - len(line.lstrip(" \t"))]:
            return number
    return 0


def parse_text(text: str, positions: Positions | None = None) -> Any:
    """Parse one YAML document; raise YamlError with a position on any failure."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "sintaks tidak sah"
        tab_line = _first_tab_indent(text)
        if tab_line and ("tab" in problem or tab_line <= line):
            raise YamlError(tab_line, 1, "yaml-tab", "Karakter tab dipakai untuk indentasi.",
                            "Ganti tab dengan spasi (dua spasi per tingkat).") from None
        if "expected a single document" in (exc.context or ""):
            raise YamlError(line, col, "yaml-syntax", "Berkas berisi lebih dari satu dokumen YAML (`---`).",
                            "Satu berkas satu catatan: pisahkan ke berkas lain.") from None
        raise YamlError(line, col, "yaml-syntax", f"Sintaks YAML tidak sah: {problem}.",
                        "Periksa indentasi, titik dua setelah kunci, dan tanda kutip yang belum ditutup.") from None
    except yaml.YAMLError as exc:
        raise YamlError(1, 1, "yaml-syntax", f"Sintaks YAML tidak sah: {exc}.",
                        "Periksa isi berkas.") from None
    finally:
        loader.dispose()
    if node is None:
        return None
    try:
        return _Builder(positions).build(node, ())
    except RecursionError:
        raise YamlError(1, 1, "yaml-too-deep", "Struktur YAML terlalu dalam.",
                        "Periksa indentasi.") from None


@dataclass
class Document:
    """One record file as read: its data (None when unreadable) and what went wrong."""

    path: Path
    rel: str
    data: Any = None
    problems: list[Problem] = field(default_factory=list)
    body: str = ""  # Markdown body below the front matter
    line_offset: int = 0  # lines before the YAML starts (front matter)
    dropped_ids: set[str] = field(default_factory=set)  # items left out for their errors
    # For lists whose broken items were left out: record index -> index in the file.
    index_maps: dict[str, list[int]] = field(default_factory=dict)
    _positions: Positions | None = None
    _text: str | None = None

    @property
    def ok(self) -> bool:
        return self.data is not None and not self.problems

    def positions(self) -> Positions:
        """Re-parse with positions; only files that have something to report pay for this."""
        if self._positions is None:
            self._positions = Positions()
            if self._text is not None:
                with contextlib.suppress(YamlError):
                    parse_text(self._text, self._positions)
        return self._positions

    def source_loc(self, loc: Loc) -> Loc:
        """A record's path translated to the file's, where broken items were left out."""
        if len(loc) > 1 and isinstance(loc[0], str) and isinstance(loc[1], int) and loc[0] in self.index_maps:
            return (loc[0], self.index_maps[loc[0]][loc[1]], *loc[2:])
        return loc

    def at(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        line, col = self.positions().find(self.source_loc(loc), key=key)
        return line + self.line_offset, col


_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*\r?$\n?", re.S | re.M)


def _split_front_matter(text: str) -> tuple[str, str, int] | None:
    match = _FRONT.match(text)
    if match is None:
        return None
    return match.group(1), text[match.end():], 1


def load_document(path: Path, rel: str, *, markdown: bool = False) -> Document:
    """Read one record file. Never raises: every failure is a located Problem."""
    doc = Document(path=path, rel=rel)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        doc.problems.append(Problem(rel, 1, 1, "file-unreadable", f"Berkas tidak dapat dibaca: {exc.strerror}.",
                                    "Periksa izin berkas."))
        return doc
    try:
        text = _decode(raw)
        if markdown:
            split = _split_front_matter(text)
            if split is None:
                raise YamlError(1, 1, "front-matter-missing", "Narasi tidak diawali front matter YAML.",
                                "Mulai berkas dengan baris `---`, isi `jenis: narasi` dst., lalu `---` lagi.")
            text, doc.body, doc.line_offset = split
        doc._text = text
        if not text.strip():
            raise YamlError(1, 1, "yaml-empty", "Berkas kosong.",
                            "Isi berkas dengan catatan (mulai dari `jenis:` dan `versi_skema:`) atau hapus berkasnya.")
        doc.data = parse_text(text)
        if doc.data is None:
            raise YamlError(1, 1, "yaml-empty", "Berkas tidak berisi data.",
                            "Isi berkas dengan catatan (mulai dari `jenis:` dan `versi_skema:`) atau hapus berkasnya.")
    except YamlError as exc:
        doc.data = None
        doc.problems.append(Problem(rel, exc.line + doc.line_offset, exc.column, exc.rule, str(exc), exc.hint))
    return doc


def walk_strings(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every string value in a document, with where it stands."""
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from walk_strings(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from walk_strings(value, (*loc, i))
