"""`rbctl evidence add`: copy a file into a unit's evidence and record it."""

from __future__ import annotations

from typing import Annotated

import typer

from rbctl.authoring import add_evidence
from rbctl.cli.changes import report, run
from rbctl.cli.options import ForceOpt, WorkspaceOpt, parse_date, workspace_root
from rbctl.models import EvidenceKind


def evidence_add_cmd(
    source: Annotated[str, typer.Argument(metavar="BERKAS", help="Berkas data dukung, atau tautan https://...")],
    unit: Annotated[str, typer.Option("--unit", "-u", help="Id unit.")],
    title: Annotated[str, typer.Option("--title", help="Judul data dukung.")],
    date: Annotated[str, typer.Option("--date", help="Tanggal dokumen TTTT-BB-HH.")],
    kind: Annotated[EvidenceKind | None, typer.Option("--kind", help="Jenis data dukung (bawaan: dari nama berkas).")
                    ] = None,
    criterion: Annotated[list[str] | None, typer.Option(
        "--criterion", help="Id kriteria yang didukung (boleh berulang).")] = None,
    activity: Annotated[list[str] | None, typer.Option("--activity", help="Id kegiatan yang didukung (boleh berulang).")
                        ] = None,
    evidence_id: Annotated[str | None, typer.Option("--id", help="Id data dukung (bawaan: <unit>-DD-<nomor>).")] = None,
    note: Annotated[str | None, typer.Option("--note", help="Keterangan.")] = None,
    workspace: WorkspaceOpt = None,
    force: ForceOpt = False,
) -> None:
    """Salin (atau daftarkan) berkas ke data-dukung unit dengan sha256-nya, lalu catat entrinya."""
    root = workspace_root(workspace)
    when = parse_date(date, "--date")
    outcome = run(lambda: add_evidence(root, unit, source, title=title, date=when, kind=kind,
                                        criteria=criterion or [], activities=activity or [],
                                        evidence_id=evidence_id, note=note, force=force))
    report(outcome)
    typer.echo(f"Id data dukung: {outcome.ident}")


def register(app: typer.Typer) -> None:
    evidence = typer.Typer(help="Data dukung unit.", no_args_is_help=True)
    evidence.command("add")(evidence_add_cmd)
    app.add_typer(evidence, name="evidence")
