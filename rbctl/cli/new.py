"""`rbctl new unit`: a unit folder with its empty records."""

from __future__ import annotations

from typing import Annotated

import typer

from rbctl.authoring import new_unit
from rbctl.cli.changes import report, run
from rbctl.cli.options import ForceOpt, WorkspaceOpt, YearOpt, workspace_root
from rbctl.models import Level


def new_unit_cmd(
    unit_id: Annotated[str, typer.Argument(metavar="type.id", help="new.arg.id")],
    name: Annotated[str, typer.Option("--name", metavar="type.text", help="new.opt.name")],
    level: Annotated[Level, typer.Option("--level", case_sensitive=False, help="new.opt.level")],
    parent: Annotated[str | None, typer.Option("--parent", metavar="type.id", help="new.opt.parent")] = None,
    chair: Annotated[str | None, typer.Option("--ketua", metavar="type.text", help="new.opt.chair")] = None,
    secretary: Annotated[str | None, typer.Option("--sekretaris", metavar="type.text", help="new.opt.secretary")
                         ] = None,
    year: YearOpt = None,
    workspace: WorkspaceOpt = None,
    force: ForceOpt = False,
) -> None:
    """A unit folder: profile, an empty action plan per area, and an LKE with every criterion."""
    root = workspace_root(workspace)
    report(run(lambda: new_unit(root, unit_id, name=name, level=level, parent=parent, chair=chair,
                                  secretary=secretary, year=year, force=force)))


def register(app: typer.Typer) -> None:
    new = typer.Typer(help="cmd.new", no_args_is_help=True)
    new.command("unit", help="cmd.new.unit")(new_unit_cmd)
    app.add_typer(new, name="new")
