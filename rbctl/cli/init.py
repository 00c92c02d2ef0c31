"""`rbctl init`: a new workspace."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from rbctl.authoring import init_workspace
from rbctl.cli.changes import report, run, shown
from rbctl.cli.options import ForceOpt, fail
from rbctl.rubricref import DEFAULT_RUBRIC


def init_cmd(
    folder: Annotated[Path, typer.Argument(help="Folder ruang kerja baru (bawaan: folder ini).")] = Path(),
    rubric: Annotated[str, typer.Option("--rubric", help="Id rubrik bawaan atau path berkas rubrik.")] = DEFAULT_RUBRIC,
    org: Annotated[str, typer.Option("--org", help="Nama organisasi, misalnya \"KPU Provinsi Jawa Timur\".")] = "",
    year: Annotated[int | None, typer.Option("--year", help="Tahun penilaian (bawaan: tahun ini).")] = None,
    force: ForceOpt = False,
) -> None:
    """Buat ruang kerja baru: rbctl.yaml dan folder units/."""
    if not org.strip():
        raise fail("--org wajib diisi.", "Tulis --org \"KPU Provinsi Jawa Timur\".")
    outcome = run(lambda: init_workspace(folder, rubric_id=rubric, organisation=org,
                                          year=year or dt.date.today().year, force=force))
    report(outcome)
    typer.echo(f"Ruang kerja siap. Berikutnya: rbctl new unit ID --name ... --level ... -w {shown(folder)}")


def register(app: typer.Typer) -> None:
    app.command("init")(init_cmd)
