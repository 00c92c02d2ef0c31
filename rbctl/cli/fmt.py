"""`rbctl fmt`: tidy the layout of records without losing comments."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from rbctl import fmtmemo
from rbctl.authoring import format_files, record_paths
from rbctl.cli.changes import shown
from rbctl.cli.options import EXIT_PROBLEMS, WorkspaceOpt, fail, workspace_root
from rbctl.cli.progress import progress_bar
from rbctl.messages import t
from rbctl.rubricref import load_rubric_for
from rbctl.workspace import load_config


def fmt_cmd(
    paths: Annotated[list[Path] | None, typer.Argument(metavar="type.file", help="fmt.arg.paths")] = None,
    check: Annotated[bool, typer.Option("--check", help="fmt.opt.check")] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Tidy the layout of every record (indentation, key order) and write LKE answers in their canonical form."""
    if paths:
        files: list[Path] = []
        for path in paths:
            if path.is_dir():
                inside = path.resolve()
                files.extend(p for p in record_paths(workspace_root(path)) if p.resolve().is_relative_to(inside))
            elif path.is_file():
                files.append(path)
            else:
                raise fail(t("err.path_missing", path=path), t("hint.check_path"))
    else:
        files = record_paths(workspace_root(workspace))
    root = workspace_root(workspace or (files[0].parent if files else None))
    memo = fmtmemo.folder_for(root)
    config, _problems = load_config(root)
    rubric, _rubric_problems, rubric_key = load_rubric_for(root, config)  # none: layout only (validate says why)
    try:
        with progress_bar(t("fmt.progress"), len(files)) as advance:
            result = format_files(files, check=check, memo_dir=memo, advance=advance, rubric=rubric,
                                  rubric_key=rubric_key)
    except OSError as exc:
        raise fail(t("err.write", reason=exc.strerror or exc, file=exc.filename), t("hint.write_intact")) from None
    console = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    for error in result.errors:
        label = escape(t("problem.error"))
        where = f"{escape(shown(error.path))}:{error.line}:{error.column}"
        err.print(f"{where}: [red]{label}[/red] {escape(error.message)}")
    word = t("fmt.would_tidy") if check else t("fmt.tidied")
    for path in result.changed:
        console.print(f"{escape(shown(path))}: {word}")
    total = len(result.changed) + result.unchanged + len(result.errors)
    if check and result.changed:
        console.print(t("fmt.untidy", count=len(result.changed), total=total))
    elif not result.changed and not result.errors:
        console.print(t("fmt.all_tidy", total=total))
    if result.errors or (check and result.changed):
        raise typer.Exit(EXIT_PROBLEMS)


def register(app: typer.Typer) -> None:
    app.command("fmt", help="cmd.fmt")(fmt_cmd)
