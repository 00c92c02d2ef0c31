"""Reporters: the only code that prints problems. One small class per output format."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from itertools import groupby
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.markup import escape

from rbctl.messages import t
from rbctl.problems import Problem, Severity, count

JSON_VERSION = 1


def display_path(root: Path, rel: str) -> str:
    """Path as the user (and GitHub) sees it: relative to the current folder when inside it."""
    full = root / rel
    try:
        return Path(os.path.relpath(full, Path.cwd())).as_posix() if full.is_relative_to(Path.cwd()) else str(full)
    except ValueError:  # another drive on Windows
        return str(full)


class Reporter:
    name = ""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def report(self, root: Path, problems: list[Problem], files: int) -> None:
        raise NotImplementedError


class TextReporter(Reporter):
    """Grouped by file, with a summary line; colours only on a terminal."""

    name = "text"

    def report(self, root: Path, problems: list[Problem], files: int) -> None:
        console = Console(file=self.out, highlight=False, soft_wrap=True)
        for path, group in groupby(problems, key=lambda p: p.path):
            shown = display_path(root, path)
            console.print(f"[bold]{escape(shown)}[/bold]")
            for p in group:
                colour = "red" if p.severity is Severity.ERROR else "yellow"
                word = t(f"validate.severity.{p.severity}")
                console.print(f"  {shown}:{p.line}:{p.column}: [{colour}]{word}[/{colour}] "
                              f"{escape(p.message)} [dim]\\[{p.rule}][/dim]")
                if p.hint:
                    console.print(f"    [cyan]→ {escape(p.hint)}[/cyan]")
        errors, warnings = count(problems)
        if not problems:
            console.print(f"[green]✓[/green] {escape(t('validate.summary.clean', files=files))}")
        else:  # the counts coloured inside the catalogue's sentence
            console.print(escape(t("validate.summary", files=files, errors="\0E", warnings="\0W"))
                          .replace("\0E", f"[red]{errors}[/red]").replace("\0W", f"[yellow]{warnings}[/yellow]"))


class JsonReporter(Reporter):
    """A stable shape, documented in the README (`version` changes if it ever breaks)."""

    name = "json"

    def report(self, root: Path, problems: list[Problem], files: int) -> None:
        errors, warnings = count(problems)
        payload = {
            "version": JSON_VERSION,
            "workspace": str(root),
            "summary": {"files": files, "errors": errors, "warnings": warnings},
            "problems": [{**p.to_dict(), "path": display_path(root, p.path)} for p in problems],
        }
        json.dump(payload, self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(Reporter):
    """GitHub Actions workflow commands: one annotation per problem, then a summary."""

    name = "github"

    def report(self, root: Path, problems: list[Problem], files: int) -> None:
        for p in problems:
            level = "error" if p.severity is Severity.ERROR else "warning"
            props = ",".join([
                f"file={_escape_property(display_path(root, p.path))}",
                f"line={p.line}", f"col={p.column}", f"title={_escape_property(p.rule)}",
            ])
            message = p.message + (f" {p.hint}" if p.hint else "")
            self.out.write(f"::{level} {props}::{_escape_data(message)}\n")
        errors, warnings = count(problems)
        self.out.write(t("validate.summary", files=files, errors=errors, warnings=warnings) + "\n")


class GitlabReporter(Reporter):
    """GitLab code quality report: a JSON array GitLab shows on the merge request."""

    name = "gitlab"

    def report(self, root: Path, problems: list[Problem], files: int) -> None:
        del files
        out = []
        for p in problems:
            path = display_path(root, p.path)
            # Stable across runs and unique per finding, as GitLab needs to match old and new.
            key = f"{path}:{p.line}:{p.column}:{p.rule}:{p.message}"
            out.append({
                "description": p.message + (f" {p.hint}" if p.hint else ""),
                "check_name": p.rule,
                "fingerprint": hashlib.sha256(key.encode("utf-8")).hexdigest(),
                "severity": "major" if p.severity is Severity.ERROR else "minor",
                "location": {"path": path, "lines": {"begin": p.line}},
            })
        json.dump(out, self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")


REPORTERS: dict[str, Callable[[TextIO], Reporter]] = {
    cls.name: cls for cls in (TextReporter, JsonReporter, GithubReporter, GitlabReporter)
}


def default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
