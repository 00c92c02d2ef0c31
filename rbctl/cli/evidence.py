"""`rbctl evidence add`: copy a file into a unit's evidence and record it."""

from __future__ import annotations

from typing import Annotated

import typer

from rbctl.authoring import add_evidence
from rbctl.cli.changes import report, run
from rbctl.cli.options import ForceOpt, RequiredUnitOpt, WorkspaceOpt, check_units, parse_date, workspace_root
from rbctl.messages import t
from rbctl.models import EvidenceKind


def evidence_add_cmd(
    source: Annotated[str, typer.Argument(metavar="type.file", help="evidence.arg.source")],
    unit: RequiredUnitOpt,
    title: Annotated[str, typer.Option("--title", metavar="type.text", help="evidence.opt.title")],
    date: Annotated[str, typer.Option("--date", metavar="type.date", help="evidence.opt.date")],
    kind: Annotated[EvidenceKind | None, typer.Option("--kind", case_sensitive=False, help="evidence.opt.kind")
                    ] = None,
    criterion: Annotated[list[str] | None, typer.Option("--criterion", metavar="mv.criterion",
                                                        help="evidence.opt.criterion")] = None,
    activity: Annotated[list[str] | None, typer.Option("--activity", metavar="mv.activity",
                                                       help="evidence.opt.activity")] = None,
    evidence_id: Annotated[str | None, typer.Option("--id", metavar="type.id", help="evidence.opt.id")] = None,
    note: Annotated[str | None, typer.Option("--note", metavar="type.text", help="evidence.opt.note")] = None,
    workspace: WorkspaceOpt = None,
    force: ForceOpt = False,
) -> None:
    """Copy (or register) a file into the unit's evidence with its sha256, and record the entry."""
    root = workspace_root(workspace)
    check_units(root, [unit])
    when = parse_date(date, "--date")
    outcome = run(lambda: add_evidence(root, unit, source, title=title, date=when, kind=kind,
                                        criteria=criterion or [], activities=activity or [],
                                        evidence_id=evidence_id, note=note, force=force))
    report(outcome)
    typer.echo(t("evidence.done", id=outcome.ident))


def register(app: typer.Typer) -> None:
    evidence = typer.Typer(help="cmd.evidence", no_args_is_help=True)
    evidence.command("add", help="cmd.evidence.add")(evidence_add_cmd)
    app.add_typer(evidence, name="evidence")
