"""`rbctl report`: semester and annual report documents (md, html, docx, pdf, xlsx)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from rbctl.cli.options import EXIT_PROBLEMS, fail, parse_date, workspace_root
from rbctl.cli.progress import progress_bar
from rbctl.report import FORMATS, BuildError, BuildRequest, RecordsInvalidError
from rbctl.report.gate import problem_line
from rbctl.report.parallel import build_many
from rbctl.report.rekap import build_rekap
from rbctl.workspace import REPORTS_DIR as OUT_DIR
from rbctl.workspace import load_config, unit_folders


def main_unit(root: Path) -> str | None:
    """`unit_utama` of rbctl.yaml, when set (an unknown one is refused later, by name)."""
    config, _problems = load_config(root)
    return config.record.unit_utama if config is not None else None


class ReportFormat(StrEnum):
    MD = "md"
    HTML = "html"
    DOCX = "docx"
    PDF = "pdf"
    XLSX = "xlsx"


def _period(semester: int | None, annual: bool) -> str:
    if annual and semester is not None:
        raise fail("Pilih salah satu: --semester atau --annual.", "Contoh: `rbctl report --semester 1`.")
    if annual:
        return "tahunan"
    if semester is None:
        raise fail("Periode laporan belum dipilih.", "Tambahkan `--semester 1`, `--semester 2` atau `--annual`.")
    if semester not in (1, 2):
        raise fail(f"--semester {semester} tidak ada.", "Tulis `--semester 1` (Januari-Juni) atau `--semester 2`.")
    return str(semester)


def report_cmd(
    path: Annotated[Path | None, typer.Argument(help="Folder ruang kerja (bawaan: folder ini).")] = None,
    semester: Annotated[int | None, typer.Option("--semester", "-s", help="1 (TW I-II) atau 2 (TW III-IV).")] = None,
    annual: Annotated[bool, typer.Option("--annual", help="Laporan tahunan (TW I-IV).")] = False,
    year: Annotated[int | None, typer.Option("--year", "-y", help="Tahun (bawaan: `tahun` di rbctl.yaml).")] = None,
    unit: Annotated[list[str] | None, typer.Option("--unit", "-u", help="Id unit (boleh berulang).")] = None,
    all_units: Annotated[bool, typer.Option("--all", help="Semua unit di ruang kerja.")] = False,
    formats: Annotated[list[ReportFormat] | None, typer.Option(
        "--format", "-f", help="md, html, docx, pdf atau xlsx (boleh berulang; bawaan: semua).")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Folder keluaran (bawaan: <ruang kerja>/laporan).")
                   ] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="Tanggal laporan TTTT-BB-HH (bawaan: hari terakhir periode).")] = None,
    final: Annotated[bool, typer.Option("--final", help="Tolak membuat dari ruang kerja yang belum di-commit.")
                     ] = False,
    draft: Annotated[bool, typer.Option(
        "--draft", help="Buat walau catatan masih bergalat; setiap halaman bertanda DRAF.")] = False,
    rekap: Annotated[bool, typer.Option("--rekap", help="Satu laporan rekapitulasi unit utama dan unit di bawahnya.")
                     ] = False,
) -> None:
    """Buat laporan semester atau tahunan: Word, PDF, HTML, Markdown dan lembar kerja LKE (Excel)."""
    period = _period(semester, annual)
    root = workspace_root(path)
    if unit and all_units:
        raise fail("Pilih salah satu: --unit atau --all.", "Contoh: `--unit kpu-surabaya` atau `--all`.")
    units: list[str] | None = list(unit) if unit else None
    if units is None and not all_units:
        own = main_unit(root)
        units = [own] if own else None  # no unit_utama: every unit
    if rekap and (units is None or len(units) != 1):
        raise fail("--rekap memerlukan satu unit induk.",
                   "Tulis `unit_utama` di rbctl.yaml, atau tambahkan `--unit ID` unit provinsi.")
    as_of_date = parse_date(as_of, "--as-of") if as_of else None
    request = BuildRequest(
        root=root, period=period, out=(out or root / OUT_DIR), year=year, units=units,
        formats=tuple(f.value for f in formats) if formats else FORMATS, as_of=as_of_date, final=final,
        formats_explicit=bool(formats), draft=draft,
    )
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        if rekap:
            result = build_rekap(request)
        else:
            with progress_bar("Membuat laporan", len(units) if units else len(unit_folders(root))) as advance:
                result = build_many(request, advance=advance)
    except RecordsInvalidError as exc:
        for problem in exc.problems:
            err.print(f"{escape(problem_line(problem))}", markup=True)
        raise fail(f"Laporan tidak dibuat: {len(exc.problems)} galat pada catatan unit yang dilaporkan.",
                   "Perbaiki galat di atas (periksa dengan `rbctl validate`), atau buat draf dengan `--draft`.",
                   EXIT_PROBLEMS) from None
    except BuildError as exc:
        raise fail(exc.message, exc.hint, exc.code) from None
    except OSError as exc:  # e.g. a full disk: the files already there are whole (atomic writes)
        raise fail(f"Gagal menulis laporan: {exc.strerror or exc} ({exc.filename}).",
                   "Periksa ruang disk dan izin folder keluaran; laporan lama tetap utuh.", EXIT_PROBLEMS) from None
    for notice in result.notices:
        err.print(f"[yellow]catatan:[/yellow] {notice}")
    for warning in result.warnings:
        err.print(f"[yellow]peringatan:[/yellow] {escape(warning)}")
    if result.provenance is not None and result.provenance.dirty:
        err.print("[yellow]catatan:[/yellow] ada perubahan yang belum di-commit; properti dokumen mencatatnya "
                  "(gunakan --final untuk menolaknya).")
    console = Console(highlight=False, soft_wrap=True)
    for built in result.files:
        console.print(str(built.path))
    for _unit, message, hint in result.failed:
        err.print(f"[red]galat:[/red] {message}")
        err.print(f"  [cyan]→ {hint}[/cyan]")
    if result.failed:
        raise typer.Exit(EXIT_PROBLEMS)


def register(app: typer.Typer) -> None:
    app.command("report")(report_cmd)
