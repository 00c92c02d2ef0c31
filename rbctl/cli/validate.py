"""`rbctl validate`: every problem of the workspace, located, in one run."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from rbctl.cachedir import cache_folder
from rbctl.cli.options import (
    EXIT_PROBLEMS,
    AsOfOpt,
    CacheDirOpt,
    NoCacheOpt,
    OutputFormat,
    StrictOpt,
    UnitsOpt,
    WorkspaceOpt,
    check_units,
    parse_date,
    say_notes,
    workspace_root,
)
from rbctl.layout import UNITS_DIR
from rbctl.problems import Problem
from rbctl.recall import recall
from rbctl.reporters import REPORTERS, default_format


def _units_of(root: Path, paths: list[Path]) -> set[str] | None:
    """Units that hold the given files; None means the whole workspace."""
    units: set[str] = set()
    for path in paths:
        full = path.resolve()
        if full.is_dir():
            try:
                parts = full.relative_to(root.resolve()).parts
            except ValueError:
                return None
            if len(parts) >= 2 and parts[0] == UNITS_DIR:
                units.add(parts[1])
                continue
            return None
        try:
            parts = full.relative_to(root.resolve()).parts
        except ValueError:
            continue
        if len(parts) >= 3 and parts[0] == UNITS_DIR:
            units.add(parts[1])
        else:
            return None  # rbctl.yaml, the rubric file, ...: they matter to every unit
    return units


def validate_cmd(
    paths: Annotated[list[Path] | None, typer.Argument(metavar="type.file", help="validate.arg.paths")] = None,
    unit: UnitsOpt = None,
    output: Annotated[OutputFormat | None, typer.Option(
        "--format", "-f", case_sensitive=False, help="validate.opt.format")] = None,
    strict: StrictOpt = False,
    as_of: AsOfOpt = None,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Check every record; each problem with file:line:column, rule id and hint."""
    paths = paths or []
    root = workspace_root(workspace or (paths[0] if paths else None))
    reference = parse_date(as_of, "--as-of")
    check_units(root, unit)
    only = _units_of(root, paths) if paths else None
    if unit:
        only = set(unit) if only is None else only & set(unit)
    where = cache_folder(root, cache_dir) if only is None and not no_cache else None
    known = recall(where.path, root, reference) if where is not None and not where.note else None
    if known is not None:  # nothing changed since the last run over the whole workspace
        _report(root, known.problems, known.files, output, strict=strict)
        return
    from rbctl.cli.progress import progress_bar  # the checks and their imports: only when they run
    from rbctl.validate import validate

    result = validate(root, as_of=reference, only_units=only, use_cache=not no_cache, cache_dir=cache_dir,
                      progress=progress_bar)
    say_notes(result.notes)
    _report(root, result.problems, result.files, output, strict=strict)


def _report(root: Path, problems: list[Problem], files: int, output: OutputFormat | None, *, strict: bool) -> None:
    fmt = (output.value if output else default_format())
    REPORTERS[fmt](sys.stdout).report(root, problems, files)
    errors = sum(1 for p in problems if p.severity == "error")
    if errors or (strict and problems):
        raise typer.Exit(EXIT_PROBLEMS)


def register(app: typer.Typer) -> None:
    app.command("validate", help="cmd.validate")(validate_cmd)
