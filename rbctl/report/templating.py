"""Jinja environment for the report templates.

Templates ship in ``rbctl/templates/``; a workspace overrides any of them with a file of the
same name in ``<workspace>/templates/``. A workspace's templates are not trusted code (anyone
with write access to the repository can change them, and reports are built in CI): every
template runs in Jinja's immutable sandbox (no dunder access, no mutation of the data), with
limits on time, output size, string and list sizes, range() and include depth, and reads only
files that are, symlinks resolved, inside its own templates folder. An undefined variable is
an error (StrictUndefined); ``*.html.j2`` templates escape everything.
"""

from __future__ import annotations

import re
import signal
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, TemplateError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markdown_it import MarkdownIt
from markupsafe import Markup

from rbctl.report.errors import TemplateRenderError

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
WORKSPACE_TEMPLATES = "templates"

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_HEADING = re.compile(r"^(#{1,6})(?=\s)", re.M)
_FENCE = re.compile(r"^(```|~~~)")




MAX_SECONDS = 30  # a report template renders in well under a second
MAX_OUTPUT = 50_000_000  # characters of rendered output
MAX_VALUE = 5_000_000  # characters (or items) a single `*` or `+` may make


class TemplateLimitError(TemplateError):
    """A template ran away (time, size) or reached outside its folder."""


class ContainedLoader(FileSystemLoader):
    """A folder's templates, but never a file that a symlink leads out of the folder to."""

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Any]:
        source, filename, uptodate = super().get_source(environment, template)
        folder = Path(self.searchpath[0]).resolve()
        if not Path(filename).resolve().is_relative_to(folder):
            raise TemplateLimitError(f"templat `{template}` menunjuk ke luar folder templates/ (tautan simbolik)")
        return source, filename, uptodate


class LimitedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox, plus limits: `'a' * 10**10` and friends stop with an error instead of the machine."""

    intercepted_binops = frozenset({"*", "**", "+"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int | float) and abs(right) > 64:
            raise SecurityError("pangkat terlalu besar")
        if operator == "*":
            sized, count = (left, right) if isinstance(right, int) else (right, left)
            if isinstance(sized, str | list | tuple) and isinstance(count, int) and len(sized) * count > MAX_VALUE:
                raise SecurityError("teks atau daftar yang dibuat terlalu besar")
        if operator == "+" and isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple) \
                and len(left) + len(right) > MAX_VALUE:
            raise SecurityError("teks atau daftar yang dibuat terlalu besar")
        return super().call_binop(context, operator, left, right)


def _autoescape(name: str | None) -> bool:
    return name is not None and name.endswith((".html.j2", ".html", ".htm", ".svg.j2"))


def md_escape(value: object) -> str:
    """Record text inside Markdown: no accidental emphasis, links, HTML or table breaks."""
    text = " ".join(str(value).split())
    return _MD_SPECIAL.sub(r"\\\1", text)


def demote(markdown: str, top: int = 4) -> str:
    """Move a narrative's headings so its highest one is level ``top`` (under the chapter's sections)."""
    lines = markdown.splitlines()
    levels: list[int] = []
    fenced = False
    for line in lines:
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and (match := _HEADING.match(line)):
            levels.append(len(match.group(1)))
    if not levels:
        return markdown
    shift = top - min(levels)
    out = []
    fenced = False
    for line in lines:
        if _FENCE.match(line):
            fenced = not fenced
        pushed = line if fenced else _HEADING.sub(lambda m: "#" * max(1, min(6, len(m.group(1)) + shift)), line)
        out.append(pushed)
    return "\n".join(out)


_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def markdown_html(markdown: str, top: int = 4) -> Markup:
    """A narrative's Markdown as HTML; raw HTML in it is shown as text, never run."""
    return Markup(_MARKDOWN.render(demote(markdown, top)))  # noqa: S704 - markdown-it escapes (html=False)


def environment(workspace_root: Path | None) -> ImmutableSandboxedEnvironment:
    loaders: list[BaseLoader] = []
    folder = workspace_root / WORKSPACE_TEMPLATES if workspace_root is not None else None
    if folder is not None and folder.is_dir() and not folder.is_symlink():
        loaders.append(ContainedLoader(str(folder)))
    loaders.append(FileSystemLoader(str(PACKAGE_TEMPLATES)))
    env = LimitedSandbox(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=_autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = md_escape
    env.filters["demote"] = demote
    env.filters["markdown"] = markdown_html
    return env


def template_origin(env: ImmutableSandboxedEnvironment, name: str) -> str:
    """Where a template was found (the workspace's override or the built-in one)."""
    assert env.loader is not None
    _source, filename, _ = env.loader.get_source(env, name)
    return filename or name


def render(env: ImmutableSandboxedEnvironment, name: str, context: dict[str, Any]) -> str:
    """Render a template within the limits; any failure is a TemplateRenderError naming it."""
    try:
        with _deadline(MAX_SECONDS):
            parts: list[str] = []
            size = 0
            for chunk in env.get_template(name).generate(context):
                size += len(chunk)
                if size > MAX_OUTPUT:
                    raise TemplateLimitError("keluaran templat terlalu besar")
                parts.append(chunk)
            return "".join(parts)
    except TemplateError as exc:
        raise TemplateRenderError(f"templat {_where(exc, name)}: {exc.message or exc}") from exc
    except RecursionError as exc:
        raise TemplateRenderError(f"templat `{name}` memanggil dirinya sendiri (include atau macro berulang "
                                  "tanpa akhir)") from exc
    except (OverflowError, MemoryError, ValueError, TypeError, ArithmeticError) as exc:
        raise TemplateRenderError(f"templat {_where(exc, name)}: {exc}") from exc


@contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    """Stop a template that runs longer than ``seconds`` (a timer signal; main thread only)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def stop(_signum: int, _frame: object) -> None:
        raise TemplateLimitError(f"templat berjalan lebih dari {seconds} detik")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _where(exc: BaseException, name: str) -> str:
    """`file:line` of the template line that failed (Jinja puts template frames in the traceback)."""
    filename = getattr(exc, "filename", None)
    lineno = getattr(exc, "lineno", None)
    if not lineno:
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename.endswith(".j2"):
                filename, lineno = frame.filename, frame.lineno
                break
    shown = filename or name
    return f"`{shown}:{lineno}`" if lineno else f"`{shown}`"
