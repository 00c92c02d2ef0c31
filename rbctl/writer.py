"""Writing record files without losing anything.

Reading for validation is fast and lossy (see yamlload); writing goes through ruamel's
round-trip mode, which keeps comments, blank lines, key order and quoting of everything the
caller does not change. Every write is atomic: the new text goes to a temporary file in the
same folder, is flushed to disk, and replaces the old file with ``os.replace``, so a crash or
Ctrl-C leaves either the old file or the new one, never half of each. A write that would
change nothing does not touch the file (idempotent commands, unchanged mtimes).

Canonical layout (``rbctl fmt``): two-space indentation, list items indented under their
key (``key:\\n  - item``), keys of a record in the order its model declares them, no line
wrapping, the file's own line endings and quoting kept.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import io
import os
import re
import shutil
import tempfile
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from rbctl.models import KIND_MODELS

if TYPE_CHECKING:
    from rbctl.rubric import Rubric

_FRONT = re.compile(r"\A(---[ \t]*\r?\n)(.*?)(^(?:---|\.\.\.)[ \t]*\r?$\n?)", re.S | re.M)
# Comments and blank lines up to an explicit document start `---`: ruamel drops them, so
# they are kept aside verbatim.
_START = re.compile(r"\A(?:[ \t]*(?:#[^\n]*)?\r?\n)*---[ \t]*(?:#[^\n]*)?\r?\n")


class RecordReadError(Exception):
    """A record file that cannot be read for writing (syntax error, not UTF-8, ...)."""

    def __init__(self, path: Path, line: int, column: int, message: str) -> None:
        super().__init__(f"{path}:{line}:{column}: {message}")
        self.path, self.line, self.column, self.message = path, line, column, message


class UnsafeWriteError(Exception):
    """A write rbctl refuses for safety; nothing was changed. Carries the user's message and hint."""

    def __init__(self, path: Path, message: str, hint: str) -> None:
        super().__init__(message)
        self.path, self.message, self.hint = path, message, hint


def changed_since_read(path: Path) -> UnsafeWriteError:
    return UnsafeWriteError(path, f"`{path}` berubah sejak dibaca (disunting orang atau program lain); "
                                  "tidak ada yang diubah.",
                            "Periksa perubahannya, lalu jalankan perintahnya sekali lagi.")


def symlink_refused(path: Path) -> UnsafeWriteError:
    return UnsafeWriteError(path, f"`{path}` adalah tautan simbolik; rbctl tidak menulis lewat tautan.",
                            "Ganti tautan itu dengan berkas biasa di dalam ruang kerja.")


class WriteRefusedError(Exception):
    """The target exists with other content and the caller did not ask to overwrite it."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


def yaml_rt() -> YAML:
    """A round-trip YAML instance with the canonical layout."""
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    yaml.width = 100_000  # never re-wrap a long line
    yaml.allow_duplicate_keys = False
    return yaml


# --- reading ------------------------------------------------------------------------------


@dataclass
class RtText:
    """A record file's text split into what ruamel reads and what it must leave alone."""

    head: str  # front matter opening line of a Markdown narrative ('' for YAML files)
    yaml: str
    tail: str  # closing line and Markdown body of a narrative
    newline: str  # "\n" or "\r\n", as the file writes it
    bom: bool


def split_text(text: str, *, markdown: bool) -> RtText:
    bom = text.startswith("\ufeff")
    text = text.removeprefix("\ufeff")
    newline = "\r\n" if "\r\n" in text else "\n"
    if markdown:
        match = _FRONT.match(text)
        if match is None:
            raise ValueError("front matter")
        return RtText(match.group(1), match.group(2), match.group(3) + text[match.end():], newline, bom)
    start = _START.match(text)
    if start is not None:
        return RtText(start.group(0), text[start.end():], "", newline, bom)
    return RtText("", text, "", newline, bom)


def parse_rt(text: str, path: Path) -> Any:
    """Parse YAML text in round-trip mode; every failure becomes a located RecordReadError."""
    try:
        return yaml_rt().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        raise RecordReadError(path, line, col, f"YAML tidak sah: {exc.problem or exc.context}") from None
    except (YAMLError, ValueError, RecursionError, TypeError) as exc:
        raise RecordReadError(path, 1, 1, f"YAML tidak sah: {exc}") from None


def read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RecordReadError(path, 1, 1, f"tidak dapat dibaca: {exc.strerror}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise RecordReadError(path, 1, 1, "bukan teks UTF-8") from None


@dataclass
class RtRecord:
    """A record loaded for editing: change ``data`` in place, then ``render()`` it."""

    path: Path
    data: Any
    parts: RtText
    original: bytes | None = None  # the bytes read: saving refuses when the file no longer holds them

    def render(self) -> str:
        return render(self.data, self.parts)


def load_record(path: Path) -> RtRecord:
    """Load a record file (YAML, or a narrative's front matter) for editing."""
    if path.is_symlink():
        raise symlink_refused(path)
    text = read_text(path)
    markdown = path.suffix == ".md"
    try:
        parts = split_text(text, markdown=markdown)
    except ValueError:
        raise RecordReadError(path, 1, 1, "narasi tidak diawali front matter `---`") from None
    data = parse_rt(parts.yaml.replace("\r\n", "\n"), path)
    return RtRecord(path, data, parts, text.encode("utf-8"))


# --- writing ------------------------------------------------------------------------------


def dump_yaml(data: Any) -> str:
    buffer = io.StringIO()
    yaml_rt().dump(data, buffer)
    return buffer.getvalue()


def render(data: Any, parts: RtText) -> str:
    body = dump_yaml(data)
    text = parts.head + body.replace("\n", parts.newline) + parts.tail
    return ("\ufeff" if parts.bom else "") + text


def canonical_text(text: str, *, markdown: bool = False, kind_hint: str | None = None,
                   path: Path | None = None, rubric: Rubric | None = None) -> str:
    """The canonical layout of one record file's text (raises RecordReadError); with the
    workspace's ``rubric``, an LKE's accepted answers in their canonical form too."""
    where = path or Path("<teks>")
    try:
        parts = split_text(text, markdown=markdown)
    except ValueError:
        raise RecordReadError(where, 1, 1, "narasi tidak diawali front matter `---`") from None
    data = parse_rt(parts.yaml.replace("\r\n", "\n"), where)
    if data is None:
        return text
    kind = data.get("jenis") if isinstance(data, dict) else None
    model = KIND_MODELS.get(kind if isinstance(kind, str) else kind_hint or "")
    if model is not None:
        order_like(data, model)
    if rubric is not None and (kind if isinstance(kind, str) else kind_hint) == "lke":
        from rbctl.answerparse import canonical_answers  # only fmt needs it

        canonical_answers(data, rubric)
    return render(data, parts)


def atomic_write(path: Path, text: str, *, overwrite: bool = False) -> bool:
    """Write ``text`` (UTF-8) to ``path`` atomically; see ``atomic_write_bytes``."""
    return atomic_write_bytes(path, text.encode("utf-8"), overwrite=overwrite)


def atomic_write_bytes(path: Path, data: bytes, *, overwrite: bool = False) -> bool:
    """Write ``data`` to ``path`` atomically; return False when the file already holds it.

    An existing file with other content is only replaced when ``overwrite`` is True,
    otherwise WriteRefusedError. The temporary file lives in the same folder (so
    ``os.replace`` is atomic) and is removed on any failure, Ctrl-C included.
    """
    if path.is_symlink():
        raise symlink_refused(path)
    existing: bytes | None
    try:
        existing = path.read_bytes()
    except FileNotFoundError:
        existing = None
    if existing == data:
        return False
    if existing is not None and not overwrite:
        raise WriteRefusedError(path)
    mode = path.stat().st_mode & 0o777 if existing is not None else None
    _replace_with(path, lambda out: out.write(data), mode)
    return True


def _replace_with(path: Path, fill: Callable[[BinaryIO], object], mode: int | None) -> None:
    """Write a temporary file beside ``path`` with ``fill``, flush it to disk, then rename it over
    ``path``; on any failure (Ctrl-C included) remove it and leave ``path`` as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            fill(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        tmp.chmod(mode)
        tmp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def atomic_copy(source: Path, target: Path, *, overwrite: bool = False) -> bool:
    """Copy a (binary) file atomically, in chunks (memory stays flat for a large file).

    False when the target already has the same bytes.
    """
    if target.is_symlink():
        raise symlink_refused(target)
    if target.exists() and file_sha256(target) == file_sha256(source):
        return False
    if target.exists() and not overwrite:
        raise WriteRefusedError(target)

    def fill(out: BinaryIO) -> None:
        with source.open("rb") as src:
            shutil.copyfileobj(src, out, 1 << 20)

    _replace_with(target, fill, None)
    return True


def file_sha256(path: Path) -> str:
    """sha256 of a file, read in blocks (memory stays flat for a large file)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save_record(record: RtRecord) -> bool:
    """Write an edited record back, unless someone changed the file since it was read."""
    return write_if_unchanged(record.path, record.original, record.render().encode("utf-8"))


def write_if_unchanged(path: Path, original: bytes | None, data: bytes) -> bool:
    """Replace ``path`` with ``data`` if it still holds ``original`` (UnsafeWriteError otherwise)."""
    with record_lock(path):
        if original is not None:
            try:
                current: bytes | None = path.read_bytes()
            except FileNotFoundError:
                current = None
            if current != original:
                raise changed_since_read(path)
        return atomic_write_bytes(path, data, overwrite=True)


# --- one writer at a time -----------------------------------------------------------------

_HELD: dict[str, tuple[int, int]] = {}  # lock file -> (fd, depth) held by this process


def _lock_file(path: Path) -> Path:
    """The lock file of a record: in the user's cache folder, never in the workspace."""
    from rbctl.cachedir import base_folder

    key = hashlib.blake2b(str(path.resolve()).encode(), digest_size=12).hexdigest()
    folder = base_folder() / "locks"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if folder.is_symlink():
            raise OSError("symlink")
    except OSError:
        folder = Path(tempfile.gettempdir()) / f"rbctl-locks-{os.getuid()}"
        folder.mkdir(mode=0o700, exist_ok=True)
    return folder / f"{key}.lock"


@contextlib.contextmanager
def record_lock(path: Path) -> Iterator[None]:
    """Hold the record's lock: other rbctl writers of the same file wait (re-entrant here).

    Read-modify-write commands hold it from the read to the write, so two `rbctl answer`
    runs on the same file take turns and neither update is lost.
    """
    lock = str(_lock_file(path))
    if lock in _HELD:
        fd, depth = _HELD[lock]
        _HELD[lock] = (fd, depth + 1)
        try:
            yield
        finally:
            fd, depth = _HELD[lock]
            _HELD[lock] = (fd, depth - 1)
        return
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        _HELD[lock] = (fd, 1)
        try:
            yield
        finally:
            del _HELD[lock]
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


# --- building new nodes -------------------------------------------------------------------


def flow_list(items: Iterable[Any]) -> CommentedSeq:
    """A short list written on one line, ``[a, b]``, as ids usually are."""
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def block_map(mapping: CommentedMap) -> CommentedMap:
    """Make a (possibly empty, flow ``{}``) map write as an indented block."""
    mapping.fa.set_block_style()
    return mapping


# --- canonical key order ------------------------------------------------------------------


def _strip(annotation: Any) -> Any:
    """Unwrap Annotated[...] and X | None to the interesting type."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
            continue
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            models = [a for a in args if _is_model(_strip(a)) or typing.get_origin(_strip(a)) in (list, dict)]
            if len(models) == 1:
                annotation = models[0]
                continue
            return None
        return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _key_order(model: type[BaseModel]) -> list[str]:
    """Keys in canonical order: the model's, except that an answer's counts (``jumlah``, the
    answer of a percentage criterion) follow ``jawaban`` directly."""
    keys = list(model.model_fields)
    if "jawaban" in keys and "jumlah" in keys and not issubclass(model, tuple(KIND_MODELS.values())):
        keys.remove("jumlah")
        keys.insert(keys.index("jawaban") + 1, "jumlah")
    return keys


def order_like(node: Any, annotation: Any) -> None:
    """Reorder the keys of every map in ``node`` as the model (or container) declares them.

    Keys the model does not know stay after the known ones, in their own order; data maps
    (answers keyed by criterion, counts) keep the order they were written in. Comments travel
    with the key they follow.
    """
    annotation = _strip(annotation)
    if annotation is None:
        return
    if _is_model(annotation):
        if not isinstance(node, CommentedMap):
            return
        fields = annotation.model_fields
        order = _key_order(annotation)
        wanted = [k for k in order if k in node] + [k for k in node if k not in fields]
        if list(node) != wanted:
            for key in wanted:
                node.move_to_end(key)
        for key, value in node.items():
            if key in fields:
                order_like(value, fields[key].annotation)
        return
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is list and args and isinstance(node, list):
        for item in node:
            order_like(item, args[0])
    elif origin is dict and len(args) == 2 and isinstance(node, dict):
        for value in node.values():
            order_like(value, args[1])
