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
import gc
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from rbctl.hints import layout_mistake
from rbctl.problems import Problem
from rbctl.textsafe import describe, first_control

try:  # libyaml is part of PyYAML wheels; fall back to pure Python where it is missing.
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on the wheel
    from yaml import Loader as _Parser  # type: ignore[assignment]

Loc = tuple[str | int, ...]

_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_SPECIAL: dict[str, Any] = {
    "~": None, "null": None, "Null": None, "NULL": None,
    "true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False,
    ".inf": math.inf, ".Inf": math.inf, ".INF": math.inf, "+.inf": math.inf, "+.Inf": math.inf,
    "+.INF": math.inf, "-.inf": -math.inf, "-.Inf": -math.inf, "-.INF": -math.inf,
    ".nan": math.nan, ".NaN": math.nan, ".NAN": math.nan,
}
# Only these first characters can start a non-string plain scalar: most values skip the regexes.
_MAYBE_TYPED = frozenset("-+.0123456789~nNtTfF")
_MAX_DEPTH = 60
# libyaml errors whose context mark, not its problem mark, is where the mistake stands.
_CONTEXT_IS_CULPRIT = frozenset({
    "while scanning a simple key", "while scanning a quoted scalar",
    "while parsing a flow sequence", "while parsing a flow mapping",
})
_STR_TAG = "tag:yaml.org,2002:str"


class YamlError(Exception):
    """A located syntax or structure problem found while building the data."""

    def __init__(self, line: int, column: int, rule: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.line, self.column, self.rule, self.hint = line, column, rule, hint
        self.others: list[YamlError] = []  # further problems of the same file, found after this one


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


def plain_scalar(value: str) -> Any:
    """YAML 1.2 core schema resolution of a plain (unquoted) scalar."""
    if not value:
        return None
    if value[0] not in _MAYBE_TYPED:
        return value
    if value in _SPECIAL:
        return _SPECIAL[value]
    if _INT.match(value):
        try:
            return int(value)
        except ValueError:  # more digits than Python converts: no record has such a number
            return value
    if _OCT.match(value):
        return int(value[2:], 8)
    if _HEX.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value):
        return float(value)
    return value


def _scalar(event: Any) -> Any:
    if event.style or (event.tag is not None and event.tag != "!"):
        return event.value  # quoted, block, or tagged (`!!str 5`): a string as written
    return plain_scalar(event.value)


def _pos(event: Any) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _error(event: Any, rule: str, message: str, hint: str) -> YamlError:
    line, col = _pos(event)
    return YamlError(line, col, rule, message, hint)


def _no_anchor(event: Any) -> None:
    if event.anchor is not None:
        raise _error(event, "yaml-alias", "Anchor YAML (`&`) tidak dipakai di catatan.",
                     "Tulis nilainya langsung, tanpa & dan *.")


def _joined(errors: list[YamlError]) -> YamlError:
    """The first problem of a file, carrying the others."""
    ordered = sorted(errors, key=lambda e: (e.line, e.column))
    first = ordered[0]
    first.others = ordered[1:]
    return first


class _NoKey:
    """Marks an open mapping that waits for a key (None is a valid key value)."""


_NO_KEY = _NoKey()


class _Builder:
    """Plain data from libyaml's events: dicts, lists and YAML 1.2 scalars.

    Working on events rather than composed nodes is about twice as fast, and every
    structural rule (duplicate keys, aliases, merge keys, depth) is checked here.
    """

    def __init__(self, positions: Positions | None) -> None:
        self.positions = positions
        self.stack: list[Any] = []  # open containers
        self.locs: list[Loc] = []  # where each open container stands
        self.pending: list[Any] = []  # per open mapping: the key waiting for its value
        self.seen_keys: list[dict[Any, tuple[int, int]]] = []
        self.root: Any = None
        self.documents = 0
        # Duplicate keys do not stop the reading: a mistake further down is still found.
        self.duplicates: list[YamlError] = []

    def run(self, events: Iterator[Any]) -> Any:
        self._run(events)
        if self.duplicates:
            raise _joined(self.duplicates)
        return self.root

    def _run(self, events: Iterator[Any]) -> None:
        for event in events:
            kind = type(event)
            if kind is yaml.ScalarEvent:
                self._scalar(event)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                self._start(event, {} if kind is yaml.MappingStartEvent else [])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                self._end()
            elif kind is yaml.AliasEvent:
                raise _error(event, "yaml-alias", "Alias YAML (`*`) tidak dipakai di catatan.",
                             "Tulis nilainya langsung, tanpa & dan *.")
            elif kind is yaml.DocumentStartEvent:
                self.documents += 1
                if self.documents > 1:
                    raise _error(event, "yaml-syntax", "Berkas berisi lebih dari satu dokumen YAML (`---`).",
                                 "Satu berkas satu catatan: pisahkan ke berkas lain.")

    def _wants_key(self) -> bool:
        return bool(self.stack) and self.pending[-1] is _NO_KEY and type(self.stack[-1]) is dict

    def _child_loc(self) -> Loc:
        if not self.stack:
            return ()
        top = self.stack[-1]
        return (*self.locs[-1], len(top)) if type(top) is list else (*self.locs[-1], self.pending[-1])

    def _scalar(self, event: Any) -> None:
        _no_anchor(event)
        if self._wants_key():
            self._key(event)
            return
        if self.positions is not None:
            self.positions.values[self._child_loc()] = _pos(event)
        self._put(_scalar(event))

    def _start(self, event: Any, container: Any) -> None:
        _no_anchor(event)
        if self._wants_key():
            raise _error(event, "yaml-syntax", "Kunci harus berupa teks biasa.",
                         "Tulis kunci sebagai kata, misalnya `kegiatan:`.")
        if len(self.stack) >= _MAX_DEPTH:
            raise _error(event, "yaml-too-deep", "Struktur YAML terlalu dalam.",
                         "Periksa indentasi; catatan RB tidak pernah sedalam ini.")
        loc = self._child_loc()
        if self.positions is not None:
            self.positions.values[loc] = _pos(event)
        self.stack.append(container)
        self.locs.append(loc)
        self.pending.append(_NO_KEY)
        self.seen_keys.append({})

    def _end(self) -> None:
        value = self.stack.pop()
        self.locs.pop()
        self.pending.pop()
        self.seen_keys.pop()
        self._put(value)

    def _put(self, value: Any) -> None:
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        if type(top) is list:
            top.append(value)
        else:
            top[self.pending[-1]] = value
            self.pending[-1] = _NO_KEY

    def _key(self, event: Any) -> None:
        if event.value == "<<" and not event.style:
            raise _error(event, "yaml-alias", "Penggabungan `<<:` tidak dipakai di catatan.",
                         "Tulis setiap kunci langsung.")
        key = _scalar(event)
        if isinstance(key, float | bool) or key is None:
            key = event.value  # `yes:`, `1.5:` or `null:` as a key means the text
        seen = self.seen_keys[-1]
        if key in seen:
            self.duplicates.append(_error(
                event, "yaml-duplicate-key", f"Kunci `{key}` ditulis dua kali (pertama di baris {seen[key][0]}).",
                f"Gabungkan isi keduanya di bawah satu `{key}:`, atau perbaiki nama kunci yang salah tulis."))
            self.pending[-1] = key
            return
        seen[key] = _pos(event)
        if self.positions is not None:
            self.positions.keys[(*self.locs[-1], key)] = seen[key]
        self.pending[-1] = key


class _UnusualError(Exception):
    """The fast path met something it leaves to the full builder (which says where and why)."""


_SCALAR_EVENT = yaml.ScalarEvent
_MAP_START = yaml.MappingStartEvent
_SEQ_START = yaml.SequenceStartEvent
_MAP_END = yaml.MappingEndEvent
_SEQ_END = yaml.SequenceEndEvent
_QUIET_EVENTS = (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)


def _build_clean(text: str) -> Any:  # noqa: PLR0915 - one loop on purpose: calls cost more than events here
    """Plain data of a clean document in one tight loop, or _UnusualError.

    The common case (a well-formed record) pays only for what it needs: no positions, no
    method call per event. Anything a rule is about (anchors, aliases, merge keys, duplicate
    keys, a non-scalar key, depth, several documents) raises _UnusualError, and the full
    builder runs instead to report it with its position.
    """
    parser = _Parser(text)
    get: Any = parser.get_event  # libyaml events: attributes by kind, typed loosely in the stubs
    resolve = plain_scalar
    maybe_typed = _MAYBE_TYPED
    stack: list[Any] = []
    keys: list[Any] = []  # per open container: the key waiting for its value, or _NO_KEY
    no_key = _NO_KEY
    root: Any = None
    documents = 0
    try:
        event = get()
        while event is not None:
            kind = type(event)
            if kind is _SCALAR_EVENT:
                if event.anchor is not None:
                    raise _UnusualError
                raw = event.value
                if event.style or (event.tag is not None and event.tag != "!"):
                    value: Any = raw
                elif not raw:
                    value = None
                elif raw[0] not in maybe_typed:
                    value = raw
                else:
                    value = resolve(raw)
                if stack:
                    top = stack[-1]
                    if type(top) is list:
                        top.append(value)
                    else:
                        key = keys[-1]
                        if key is no_key:
                            if raw == "<<" or isinstance(value, float | bool) or value is None:
                                raise _UnusualError  # merge key, or a key the full builder turns into text
                            if value in top:
                                raise _UnusualError
                            keys[-1] = value
                        else:
                            top[key] = value
                            keys[-1] = no_key
                else:
                    root = value
            elif kind is _MAP_START or kind is _SEQ_START:
                if event.anchor is not None or len(stack) >= _MAX_DEPTH:
                    raise _UnusualError
                if stack and type(stack[-1]) is dict and keys[-1] is no_key:
                    raise _UnusualError
                stack.append({} if kind is _MAP_START else [])
                keys.append(no_key)
            elif kind is _MAP_END or kind is _SEQ_END:
                value = stack.pop()
                keys.pop()
                if stack:
                    top = stack[-1]
                    if type(top) is list:
                        top.append(value)
                    else:
                        top[keys[-1]] = value
                        keys[-1] = no_key
                else:
                    root = value
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _UnusualError
            elif kind not in _QUIET_EVENTS:
                raise _UnusualError  # an alias
            event = get()
    finally:
        parser.dispose()
    return root


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


def _events(text: str) -> Iterator[Any]:
    parser = _Parser(text)
    try:
        event = parser.get_event()
        while event is not None:
            yield event
            event = parser.get_event()
    finally:
        parser.dispose()


# libyaml's most common complaints, said in the team's language; the rest are quoted.
_LIBYAML_MESSAGES: list[tuple[str, str, str]] = [
    ("found unexpected end of stream", "Tanda kutip atau kurung belum ditutup.",
     "Tutup tanda kutip (\" atau ') atau kurung ([ atau {) yang dibuka di sini."),
    ("could not find expected ':'", "Kunci tanpa titik dua `:`.",
     "Tulis `kunci: nilai`; jika ini lanjutan teks panjang, beri tanda kutip pada seluruh teksnya."),
    ("mapping values are not allowed", "Titik dua `:` di tempat yang tidak boleh.",
     "Beri tanda kutip pada teks yang memuat `: `, misalnya judul: \"Rapat: evaluasi\"."),
    ("did not find expected key", "Indentasi tidak sejajar dengan kunci di atasnya.",
     "Samakan jumlah spasi di awal baris dengan kunci lain di tingkat yang sama."),
    ("did not find expected '-' indicator", "Butir daftar tidak sejajar.",
     "Samakan indentasi setiap butir `- ` dalam daftar yang sama."),
    ("did not find expected ',' or ']'", "Daftar `[...]` tidak ditutup dengan benar.",
     "Pisahkan butir dengan koma dan tutup dengan `]`."),
    ("did not find expected ',' or '}'", "Peta `{...}` tidak ditutup dengan benar.",
     "Pisahkan pasangan dengan koma dan tutup dengan `}`."),
    ("found character that cannot start any token", "Karakter yang tidak boleh mengawali nilai (misalnya ` @ atau %).",
     "Beri tanda kutip pada nilai ini."),
    ("found undefined tag handle", "Tanda `!` di awal nilai dibaca sebagai tag YAML.",
     "Beri tanda kutip pada nilai yang diawali `!`."),
    ("block sequence entries are not allowed", "Butir daftar `- ` di tempat yang tidak boleh.",
     "Letakkan daftar di baris baru setelah `kunci:`, menjorok dua spasi."),
]


def _explain(problem: str, context: str) -> tuple[str, str]:
    for needle, message, hint in _LIBYAML_MESSAGES:
        if needle in problem or needle in context:
            return message, hint
    return (f"Sintaks YAML tidak sah ({problem}).",
            "Periksa indentasi, titik dua setelah kunci, dan tanda kutip yang belum ditutup.")


def parse_text(text: str, positions: Positions | None = None) -> Any:
    """Parse one YAML document; raise YamlError with a position on any failure."""
    # Building the data allocates many small objects and no cycles: the cyclic garbage
    # collector only costs time here (about a third of it, measured).
    was_enabled = gc.isenabled()
    gc.disable()
    builder = _Builder(positions)
    try:
        if positions is None:
            with contextlib.suppress(_UnusualError):
                return _build_clean(text)
        return builder.run(_events(text))
    except yaml.MarkedYAMLError as exc:
        raise _joined([*builder.duplicates, _syntax_error(text, exc)]) from None
    except yaml.reader.ReaderError as exc:  # a control character, e.g. NUL bytes of a UTF-16 file
        code = exc.character if isinstance(exc.character, int) else 0
        before = text[: max(text.find(chr(code)), 0)]  # libyaml's `position` counts bytes: find the character
        line, col = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        raise YamlError(line, col, "yaml-encoding", f"Berkas memuat karakter kontrol #x{code:04x}.",
                        "Simpan ulang berkas sebagai teks UTF-8 biasa, tanpa karakter kontrol.") from None
    except yaml.YAMLError as exc:
        raise YamlError(1, 1, "yaml-syntax", f"Sintaks YAML tidak sah: {exc}.", "Periksa isi berkas.") from None
    finally:
        if was_enabled:
            gc.enable()


# libyaml complaints that a key indented unlike its siblings, or glued to its value, gives.
_LAYOUT_PROBLEMS = ("mapping values are not allowed", "did not find expected key", "could not find expected ':'",
                    "did not find expected '-' indicator")


def _syntax_error(text: str, exc: yaml.MarkedYAMLError) -> YamlError:
    """A libyaml complaint as a located problem, said as the mistake a person made."""
    mark = exc.problem_mark or exc.context_mark
    if exc.context in _CONTEXT_IS_CULPRIT and exc.context_mark is not None:
        mark = exc.context_mark  # the unclosed quote or the key without `:`, not where libyaml gave up
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if line > text.count("\n") + 1:  # libyaml puts an unexpected end after the last line
        line, col = text.count("\n") + 1, len(text) - text.rfind("\n")
    problem = exc.problem or "sintaks tidak sah"
    tab_line = _first_tab_indent(text)
    if tab_line and ("tab" in problem or tab_line <= line):
        return YamlError(tab_line, 1, "yaml-tab", "Karakter tab dipakai untuk indentasi.",
                         "Ganti tab dengan spasi (dua spasi per tingkat).")
    if any(needle in problem for needle in _LAYOUT_PROBLEMS):
        found = layout_mistake(text, line)
        if found is not None:
            return YamlError(found[0], found[1], "yaml-syntax", found[2], found[3])
    message, hint = _explain(problem, exc.context or "")
    return YamlError(line, col, "yaml-syntax", message, hint)


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

    @property
    def body_text(self) -> str:
        return self.body.replace("\r\n", "\n")

    def body_at(self, index: int) -> tuple[int, int]:
        """Line and column of a character of the Markdown body (after the front matter), the
        body taken with `\\n` line ends (as `body_text` gives it)."""
        before = self.body_text[:index]
        first = self.line_offset + (self._text or "").count("\n") + 2  # the body's first line
        return first + before.count("\n"), index - (before.rfind("\n") + 1) + 1

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
            if split is None and text.startswith("---"):
                raise YamlError(1, 1, "front-matter-missing", "Front matter dibuka dengan `---` tetapi tidak ditutup.",
                                "Tambahkan baris `---` sendiri setelah kunci terakhir front matter.")
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
        for found in (exc, *exc.others):
            doc.problems.append(Problem(rel, found.line + doc.line_offset, found.column, found.rule, str(found),
                                        found.hint))
        return doc
    doc.problems.extend(_control_problems(doc, text))
    return doc


def _control_problem(rel: str, line: int, column: int, char: str) -> Problem:
    return Problem(rel, line, column, "text-control-char",
                   f"Teks memuat karakter kontrol {describe(char)}.",
                   "Ketik ulang bagian itu atau ganti karakternya dengan spasi atau baris baru (biasanya terbawa "
                   "dari tempelan Word).")


def _control_problems(doc: Document, text: str) -> list[Problem]:
    """Control characters in string values (only escapes in quotes can make them: libyaml
    refuses raw ones) and in a narrative's Markdown body."""
    out = []
    if "\\" in text:
        for loc, value in walk_strings(doc.data):
            index = first_control(value)
            if index >= 0:
                line, col = doc.at(loc)
                out.append(_control_problem(doc.rel, line, col, value.replace("\r\n", "\n")[index]))
    index = first_control(doc.body_text)
    if index >= 0:
        out.append(_control_problem(doc.rel, *doc.body_at(index), doc.body_text[index]))
    return out


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
