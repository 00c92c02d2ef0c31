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


def fmt_cmd(
    paths: Annotated[list[Path] | None, typer.Argument(help="Berkas catatan (bawaan: semua di ruang kerja).")] = None,
    check: Annotated[bool, typer.Option("--check", help="Jangan ubah; keluar 1 jika ada berkas yang akan berubah.")
                     ] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Rapikan tata letak semua catatan (indentasi, urutan kunci) tanpa kehilangan komentar."""
    if paths:
        files: list[Path] = []
        for path in paths:
            if path.is_dir():
                inside = path.resolve()
                files.extend(p for p in record_paths(workspace_root(path)) if p.resolve().is_relative_to(inside))
            elif path.is_file():
                files.append(path)
            else:
                raise fail(f"`{path}` tidak ada.", "Periksa path-nya.")
    else:
        files = record_paths(workspace_root(workspace))
    memo = fmtmemo.folder_for(workspace_root(workspace or (files[0].parent if files else None)))
    try:
        with progress_bar("Merapikan", len(files)) as advance:
            result = format_files(files, check=check, memo_dir=memo, advance=advance)
    except OSError as exc:
        raise fail(f"Gagal menulis: {exc.strerror or exc} ({exc.filename}).", "Berkas lama tetap utuh.") from None
    console = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    for error in result.errors:
        err.print(f"{escape(shown(error.path))}:{error.line}:{error.column}: [red]galat[/red] {escape(error.message)}")
    word = "akan dirapikan" if check else "dirapikan"
    for path in result.changed:
        console.print(f"{escape(shown(path))}: {word}")
    total = len(result.changed) + result.unchanged + len(result.errors)
    if check and result.changed:
        console.print(f"{len(result.changed)} dari {total} berkas belum rapi. Jalankan `rbctl fmt`.")
    elif not result.changed and not result.errors:
        console.print(f"{total} berkas sudah rapi.")
    if result.errors or (check and result.changed):
        raise typer.Exit(EXIT_PROBLEMS)


def register(app: typer.Typer) -> None:
    app.command("fmt")(fmt_cmd)
