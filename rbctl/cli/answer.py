"""`rbctl answer`: one criterion's answer, checked against its scale."""

from __future__ import annotations

from typing import Annotated

import typer

from rbctl.authoring import set_answer
from rbctl.cli.changes import report, run
from rbctl.cli.options import ForceOpt, RequiredUnitOpt, WorkspaceOpt, YearOpt, check_units, workspace_root


def answer_cmd(
    criterion: Annotated[str, typer.Argument(metavar="mv.criterion", help="answer.arg.criterion")],
    value: Annotated[str, typer.Argument(metavar="mv.value", help="answer.arg.value")],
    unit: RequiredUnitOpt,
    evidence: Annotated[list[str] | None, typer.Option("--evidence", metavar="type.id", help="answer.opt.evidence")
                        ] = None,
    note: Annotated[str | None, typer.Option("--note", metavar="type.text", help="answer.opt.note")] = None,
    year: YearOpt = None,
    review: Annotated[bool, typer.Option("--review", help="answer.opt.review")] = False,
    workspace: WorkspaceOpt = None,
    force: ForceOpt = False,
) -> None:
    """One criterion's answer, checked against the criterion's scale."""
    root = workspace_root(workspace)
    check_units(root, [unit])
    outcome = run(lambda: set_answer(root, unit, criterion, value, evidence=evidence or [], note=note, year=year,
                                      review=review, force=force))
    report(outcome)


def register(app: typer.Typer) -> None:
    app.command("answer", help="cmd.answer")(answer_cmd)
