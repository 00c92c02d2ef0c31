"""`rbctl new unit`: a unit folder with its empty records."""

from __future__ import annotations

from typing import Annotated

import typer

from rbctl.authoring import new_unit
from rbctl.cli.changes import report, run
from rbctl.cli.options import ForceOpt, WorkspaceOpt, workspace_root
from rbctl.models import Level


def new_unit_cmd(
    unit_id: Annotated[str, typer.Argument(metavar="ID", help="Id unit, juga nama foldernya, misalnya kpu-surabaya.")],
    name: Annotated[str, typer.Option("--name", help="Nama unit, misalnya \"KPU Kota Surabaya\".")],
    level: Annotated[Level, typer.Option("--level", help="Tingkat unit.")],
    parent: Annotated[str | None, typer.Option("--parent", help="Id unit induk.")] = None,
    chair: Annotated[str | None, typer.Option("--ketua", help="Nama ketua.")] = None,
    secretary: Annotated[str | None, typer.Option("--sekretaris", help="Nama sekretaris (koordinator Tim RB).")] = None,
    year: Annotated[int | None, typer.Option("--year", help="Tahun LKE dan rencana aksi (bawaan: rbctl.yaml).")] = None,
    workspace: WorkspaceOpt = None,
    force: ForceOpt = False,
) -> None:
    """Buat folder unit: profil, rencana aksi kosong per area, dan LKE berisi semua kriteria rubrik."""
    root = workspace_root(workspace)
    report(run(lambda: new_unit(root, unit_id, name=name, level=level, parent=parent, chair=chair,
                                  secretary=secretary, year=year, force=force)))


def register(app: typer.Typer) -> None:
    new = typer.Typer(help="Buat catatan baru.", no_args_is_help=True)
    new.command("unit")(new_unit_cmd)
    app.add_typer(new, name="new")
