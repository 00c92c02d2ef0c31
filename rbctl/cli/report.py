"""`rbctl report`: semester and annual report documents (md, html, docx, pdf, xlsx)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from rbctl.cli.options import (
    EXIT_PROBLEMS,
    FolderArg,
    UnitsOpt,
    WorkspaceOpt,
    YearOpt,
    check_units,
    fail,
    parse_date,
    pick_workspace,
)
from rbctl.cli.progress import progress_bar
from rbctl.messages import t
from rbctl.report import FORMATS, BuildError, BuildRequest
from rbctl.report.parallel import build_many
from rbctl.workspace import REPORTS_DIR as OUT_DIR
from rbctl.workspace import unit_folders


class ReportFormat(StrEnum):
    MD = "md"
    HTML = "html"
    DOCX = "docx"
    PDF = "pdf"
    XLSX = "xlsx"


def _period(semester: int | None, annual: bool) -> str:
    if annual and semester is not None:
        raise fail(t("report.err.semester_and_annual"), t("report.hint.semester_and_annual"))
    if annual:
        return "tahunan"
    if semester is None:
        raise fail(t("report.err.no_period"), t("report.hint.no_period"))
    if semester not in (1, 2):
        raise fail(t("report.err.semester", value=semester), t("report.hint.semester"))
    return str(semester)


def report_cmd(
    path: FolderArg = None,
    semester: Annotated[int | None, typer.Option("--semester", "-s", metavar="1|2", help="report.opt.semester")
                        ] = None,
    annual: Annotated[bool, typer.Option("--annual", help="report.opt.annual")] = False,
    year: YearOpt = None,
    unit: UnitsOpt = None,
    all_units: Annotated[bool, typer.Option("--all", help="report.opt.all")] = False,
    formats: Annotated[list[ReportFormat] | None, typer.Option(
        "--format", "-f", case_sensitive=False, help="report.opt.format")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", metavar="type.folder", help="report.opt.out")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", metavar="type.date", help="report.opt.as_of")] = None,
    final: Annotated[bool, typer.Option("--final", help="report.opt.final")] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Semester or annual report: Word, PDF, HTML, Markdown and the LKE workbook (Excel)."""
    period = _period(semester, annual)
    root = pick_workspace(workspace, path)
    if unit and all_units:
        raise fail(t("report.err.unit_and_all"), t("report.hint.unit_and_all"))
    check_units(root, unit)
    units: list[str] | None = list(unit) if unit else None
    if units is None and not all_units:
        folders = [f.name for f in unit_folders(root)]
        if len(folders) != 1:
            listed = ", ".join(folders[:8]) + (", ..." if len(folders) > 8 else "")
            raise fail(t("report.err.no_unit"), t("report.hint.no_unit", units=listed or "-"))
        units = folders
    as_of_date = parse_date(as_of, "--as-of") if as_of else None
    request = BuildRequest(
        root=root, period=period, out=(out or root / OUT_DIR), year=year, units=units,
        formats=tuple(f.value for f in formats) if formats else FORMATS, as_of=as_of_date, final=final,
        formats_explicit=bool(formats),
    )
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        with progress_bar(t("report.progress"), len(units) if units else len(unit_folders(root))) as advance:
            result = build_many(request, advance=advance)
    except BuildError as exc:
        raise fail(exc.message, exc.hint, exc.code) from None
    except OSError as exc:  # e.g. a full disk: the files already there are whole (atomic writes)
        raise fail(t("report.err.write", reason=exc.strerror or exc, file=exc.filename),
                   t("report.hint.write"), EXIT_PROBLEMS) from None
    note = t("note.label")
    for notice in result.notices:
        err.print(f"[yellow]{note}[/yellow] {notice}")
    if result.provenance is not None and result.provenance.dirty:
        err.print(f"[yellow]{note}[/yellow] {t('report.note.dirty')}")
    console = Console(highlight=False, soft_wrap=True)
    for built in result.files:
        console.print(str(built.path))
    for _unit, message, hint in result.failed:
        err.print(f"[red]{t('err.label')}[/red] {message}")
        err.print(f"  [cyan]→ {hint}[/cyan]")
    if result.failed:
        raise typer.Exit(EXIT_PROBLEMS)


def register(app: typer.Typer) -> None:
    app.command("report", help="cmd.report")(report_cmd)
