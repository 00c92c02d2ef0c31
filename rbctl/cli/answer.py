"""`rbctl answer`: one criterion's answer, checked against its scale."""

from __future__ import annotations

from typing import Annotated

import typer

from rbctl.authoring import set_answer
from rbctl.cli.changes import report, run
from rbctl.cli.options import ForceOpt, WorkspaceOpt, workspace_root


def answer_cmd(
    criterion: Annotated[str, typer.Argument(metavar="KRITERIA", help="Id kriteria, misalnya P.MP.1.a.")],
    value: Annotated[str, typer.Argument(metavar="NILAI", help="Jawaban: pilihan (A, Ya), persen (85), nilai, "
                                                               "atau dua jumlah (7/10).")],
    unit: Annotated[str, typer.Option("--unit", "-u", help="Id unit.")],
    evidence: Annotated[list[str] | None, typer.Option("--evidence", help="Id data dukung (boleh berulang).")] = None,
    note: Annotated[str | None, typer.Option("--note", help="Penjelasan jawaban (catatan, dengan --review).")] = None,
    year: Annotated[int | None, typer.Option("--year", help="Tahun LKE (bawaan: rbctl.yaml).")] = None,
    review: Annotated[bool, typer.Option("--review", help="Tulis sebagai jawaban penilai internal (reviu).")] = False,
    workspace: WorkspaceOpt = None,
    force: ForceOpt = False,
) -> None:
    """Isi jawaban satu kriteria, diperiksa terhadap skala kriterianya."""
    root = workspace_root(workspace)
    outcome = run(lambda: set_answer(root, unit, criterion, value, evidence=evidence or [], note=note, year=year,
                                      review=review, force=force))
    report(outcome)


def register(app: typer.Typer) -> None:
    app.command("answer")(answer_cmd)
