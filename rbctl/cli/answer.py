"""`rbctl answer`: one criterion's answer, checked against its scale."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from rbctl.authoring import AuthoringError, context, set_answer
from rbctl.cli.changes import report, run
from rbctl.cli.options import ForceOpt, UnitOpt, WorkspaceOpt, YearOpt, check_units, fail, workspace_root
from rbctl.messages import t


def answer_cmd(
    criterion: Annotated[str, typer.Argument(metavar="mv.criterion", help="answer.arg.criterion")],
    value: Annotated[str | None, typer.Argument(metavar="mv.value", help="answer.arg.value")] = None,
    unit: UnitOpt = None,
    evidence: Annotated[list[str] | None, typer.Option("--evidence", metavar="type.id", help="answer.opt.evidence")
                        ] = None,
    note: Annotated[str | None, typer.Option("--note", metavar="type.text", help="answer.opt.note")] = None,
    year: YearOpt = None,
    review: Annotated[bool, typer.Option("--review", help="answer.opt.review")] = False,
    workspace: WorkspaceOpt = None,
    force: ForceOpt = False,
    explain: Annotated[bool, typer.Option("--explain", help="answer.opt.explain")] = False,
) -> None:
    """One criterion's answer, checked against the criterion's scale."""
    root = workspace_root(workspace)
    if explain:
        _explain(root, criterion)
        return
    if value is None or unit is None:
        raise fail(t("answer.err.value"), t("answer.hint.value", criterion=criterion))
    check_units(root, [unit])
    outcome = run(lambda: set_answer(root, unit, criterion, value, evidence=evidence or [], note=note, year=year,
                                      review=review, force=force))
    report(outcome)


def _explain(root: Path, criterion: str) -> None:
    """The criterion's text, scale, guide and sources, from the workspace's rubric."""
    from rbctl.cli.rubric import find_node, print_criterion

    try:
        rubric = context(root).rubric
    except AuthoringError as exc:
        raise fail(exc.message, exc.hint) from None
    found = find_node(rubric, criterion)
    if found is None or found[0] != "kriteria":
        raise fail(t("answer.err.criterion", criterion=criterion, rubric=rubric.id),
                   t("answer.hint.criterion", rubric=rubric.id))
    print_criterion(Console(highlight=False, soft_wrap=True), rubric, found[2][0])


def register(app: typer.Typer) -> None:
    app.command("answer", help="cmd.answer")(answer_cmd)
