"""Jinja environment for the report templates.

Templates ship in ``rbctl/templates/``; a workspace overrides any of them with a file of the
same name in ``<workspace>/templates/``. A workspace's templates are not trusted code: every
template runs in Jinja's immutable sandbox (no dunder access, no mutation of the data). An
undefined variable is an error (StrictUndefined); ``*.html.j2`` templates escape everything.
"""

from __future__ import annotations

import re
import traceback
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markdown_it import MarkdownIt
from markupsafe import Markup

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
WORKSPACE_TEMPLATES = "templates"

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_HEADING = re.compile(r"^(#{1,6})(?=\s)", re.M)
_FENCE = re.compile(r"^(```|~~~)")


class TemplateRenderError(Exception):
    """A template could not be read or rendered; the message says which and where."""


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
    loaders = []
    if workspace_root is not None and (workspace_root / WORKSPACE_TEMPLATES).is_dir():
        loaders.append(FileSystemLoader(str(workspace_root / WORKSPACE_TEMPLATES)))
    loaders.append(FileSystemLoader(str(PACKAGE_TEMPLATES)))
    env = ImmutableSandboxedEnvironment(
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
    try:
        return env.get_template(name).render(context)
    except TemplateError as exc:
        raise TemplateRenderError(f"templat {_where(exc, name)}: {exc.message or exc}") from exc


def _where(exc: TemplateError, name: str) -> str:
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
