"""`rbctl init`: a new workspace."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from rbctl.authoring import init_workspace
from rbctl.cli.changes import report, run, shown
from rbctl.cli.options import ForceOpt, WorkspaceOpt, fail
from rbctl.messages import t
from rbctl.models import Level
from rbctl.rubricdefault import default_rubric


def init_cmd(
    folder: Annotated[Path, typer.Argument(metavar="type.folder", help="init.arg.folder")] = Path(),
    rubric: Annotated[str | None, typer.Option("--rubric", metavar="mv.rubric", help="init.opt.rubric")] = None,
    org: Annotated[str, typer.Option("--org", metavar="type.text", help="init.opt.org")] = "",
    year: Annotated[int | None, typer.Option("--year", "-y", metavar="type.year", help="init.opt.year")] = None,
    level: Annotated[Level | None, typer.Option("--level", help="init.opt.level")] = None,
    zi: Annotated[bool, typer.Option("--zi", help="init.opt.zi")] = False,
    main_unit: Annotated[str | None, typer.Option("--unit", "-u", metavar="type.id", help="init.opt.unit")] = None,
    force: ForceOpt = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """A new workspace: rbctl.yaml and the units/ folder."""
    folder = workspace or folder
    if not org.strip():
        raise fail(t("init.err.org"), t("init.hint.org"))
    when = year or dt.date.today().year
    chosen = rubric or default_rubric(level, when, zi=zi)
    outcome = run(lambda: init_workspace(folder, rubric_id=chosen, organisation=org, year=when, force=force,
                                          main_unit=main_unit))
    report(outcome)
    if rubric is None:
        typer.echo(t("init.rubric", rubric=chosen))
    typer.echo(t("init.done", folder=shown(folder)))


def register(app: typer.Typer) -> None:
    app.command("init", help="cmd.init")(init_cmd)
