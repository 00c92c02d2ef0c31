"""`rbctl import lke`: answers from an LKE workbook back into the records."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from rbctl.cli.options import EXIT_PROBLEMS, ForceOpt, UnitOpt, WorkspaceOpt, YearOpt, check_units, fail, workspace_root

if TYPE_CHECKING:
    from rbctl.problems import Problem
    from rbctl.rubric import GradeBand


class ImportFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


class WinnerChoice(StrEnum):
    """`--menang`: the same values as rbctl.importer.lke.Winner, without importing it for --help."""

    WORKBOOK = "workbook"
    BERKAS = "berkas"


class AsPart(StrEnum):
    JAWABAN = "jawaban"
    REVIU = "reviu"


def _headers(path: Path | None) -> dict[str, list[str]] | None:
    """The mapping file of --kolom: role: [header names]."""
    if path is None:
        return None
    from ruamel.yaml import YAML

    from rbctl.importer.workbook import HEADER_NAMES

    try:
        data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise fail(f"{path}: tidak dapat dibaca ({exc}).", "Tulis peta peran: [nama kolom], misalnya "
                   "`answer: [Jawaban Unit]`.") from None
    if not isinstance(data, dict) or any(k not in HEADER_NAMES or not isinstance(v, list) for k, v in data.items()):
        raise fail(f"{path}: harus berupa peta peran kolom ke daftar nama kolom.",
                   "Peran yang dikenal: " + ", ".join(HEADER_NAMES) + ".")
    return {str(k): [str(x) for x in v] for k, v in data.items()}


def _print_problem(err: Console, problem: Problem) -> None:
    rule = escape(f"[{problem.rule}]")
    err.print(f"{escape(problem.path)}: {problem.severity}: {escape(problem.message)} {rule}")


def lke_cmd(
    file: Annotated[Path, typer.Argument(metavar="mv.xlsx", help="import.arg.file")],
    unit: UnitOpt = None,
    year: YearOpt = None,
    as_part: Annotated[AsPart, typer.Option("--as", case_sensitive=False, help="import.opt.as")] = AsPart.JAWABAN,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="import.opt.dry_run")] = False,
    output: Annotated[ImportFormat, typer.Option("--format", "-f", case_sensitive=False, help="opt.format")
                      ] = ImportFormat.TEXT,
    partial: Annotated[bool, typer.Option("--partial", help="import.opt.partial")] = False,
    winner: Annotated[WinnerChoice | None, typer.Option("--menang", case_sensitive=False, help="import.opt.winner")
                      ] = None,
    columns: Annotated[Path | None, typer.Option("--kolom", metavar="type.file", help="import.opt.columns")] = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Import answers, explanations and evidence from an LKE workbook (.xlsx) into lke/<year>.yaml."""
    from rbctl.cli.diff import diff_json, diff_markdown, print_diff
    from rbctl.importer.lke import ImportFailedError, Request, Winner, can_write, plan_import, write_plan
    from rbctl.writer import UnsafeWriteError, WriteRefusedError

    root = workspace_root(workspace)
    check_units(root, [unit] if unit else None)
    req = Request(file, unit, year, as_part is AsPart.REVIU, partial, Winner(winner.value) if winner else None,
                  _headers(columns))
    try:
        plan = plan_import(root, req)
    except ImportFailedError as exc:
        raise fail(exc.message, exc.hint, EXIT_PROBLEMS) from None
    console = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    writable = can_write(plan, req)
    try:
        written = False if dry_run or not writable else write_plan(plan)
    except UnsafeWriteError as exc:
        raise fail(exc.message, exc.hint, EXIT_PROBLEMS) from None
    except WriteRefusedError as exc:
        raise fail(f"`{exc.path}` dibuat orang lain selama impor; tidak ditimpa.",
                   "Jalankan impornya sekali lagi.", EXIT_PROBLEMS) from None
    if output is ImportFormat.JSON:
        data = diff_json(plan.diff)
        data["import"] = {
            "file": str(file), "unit": plan.unit, "year": plan.year, "kind": plan.kind, "written": written,
            "rows": [{"criterion": r.criterion, "cell": r.where, "similarity": round(r.similarity, 3)}
                     for r in plan.rows],
            "conflicts": [c.__dict__ for c in plan.conflicts],
            "problems": [p.to_dict() for p in plan.problems],
        }
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    elif output is ImportFormat.MARKDOWN:
        typer.echo(diff_markdown(plan.diff))
    else:
        print_diff(console, plan.diff)
    for problem in plan.problems:
        _print_problem(err, problem)
        if problem.hint:
            err.print(f"  [cyan]→ {escape(problem.hint)}[/cyan]")
    for c in plan.conflicts:
        err.print(f"bentrok {c.criterion} `{c.field}` ({c.where}): buku kerja `{escape(c.workbook)}`, berkas "
                  f"`{escape(c.records)}` (semula `{escape(c.base)}`)")
    if plan.conflicts:
        err.print(f"{plan.path} berubah sejak buku kerja dibuat; {len(plan.conflicts)} isian bentrok, tidak ada yang "
                  f"ditulis.\n  [cyan]→ Pilih yang dipakai: --menang workbook atau --menang berkas.[/cyan]")
    elif dry_run:
        err.print("--dry-run: tidak ada yang ditulis.")
    elif not writable:
        err.print(f"{len(plan.errors)} galat; tidak ada yang ditulis.\n  [cyan]→ Perbaiki buku kerjanya, atau "
                  f"tambahkan --partial untuk menulis baris yang sah saja.[/cyan]")
    else:
        err.print(f"{plan.path}: {'diubah' if written else 'tetap'} ({len(plan.applied)} isian).")
    if plan.conflicts or (plan.errors and not (partial and written)):
        raise typer.Exit(EXIT_PROBLEMS)


def register(app: typer.Typer) -> None:
    import_app = typer.Typer(help="cmd.import", no_args_is_help=True)
    app.add_typer(import_app, name="import")
    import_app.command("lke", help="cmd.import.lke")(lke_cmd)


def rubric_import_cmd(
    file: Annotated[Path, typer.Argument(metavar="mv.xlsx", help="rubric_import.arg.file")],
    rubric_id: Annotated[str, typer.Option("--id", metavar="mv.rubric", help="rubric_import.opt.id")],
    out: Annotated[Path | None, typer.Option("--out", "-o", metavar="type.file", help="rubric_import.opt.out")
                   ] = None,
    columns: Annotated[Path | None, typer.Option("--kolom", metavar="type.file", help="import.opt.columns")] = None,
    force: ForceOpt = False,
) -> None:
    """A rubric file from the official LKE workbook (components, areas, sub-areas, criteria, weights)."""
    from rbctl.authoring import ID_PATTERN
    from rbctl.importer.template import build_rubric
    from rbctl.importer.workbook import WorkbookError, open_book
    from rbctl.writer import WriteRefusedError, atomic_write

    if not ID_PATTERN.match(rubric_id):
        raise fail(f"Id rubrik `{rubric_id}` tidak sah.", "Pakai huruf, angka, titik dan tanda hubung, misalnya "
                   "pmprb-2027.")
    try:
        book = open_book(file)
    except WorkbookError as exc:
        raise fail(exc.message, exc.hint, EXIT_PROBLEMS) from None
    built = build_rubric(book, rubric_id, _workspace_grades(), _headers(columns))
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    for problem in built.problems:
        _print_problem(err, problem)
    if built.criteria == 0:
        raise fail(f"{file.name}: tidak ada baris kriteria bernomor (A / I / 1 / a) di bawah baris judul kolom.",
                   "Periksa nama kolom nomor dan uraian, atau tambahkan dengan --kolom BERKAS.yaml.", EXIT_PROBLEMS)
    if built.problems:
        raise fail("Rubrik tidak ditulis karena galat di atas.", "Perbaiki lembar kerjanya lalu impor lagi.",
                   EXIT_PROBLEMS)
    target = out or Path(f"{rubric_id}.yaml")
    try:
        atomic_write(target, built.text, overwrite=force)
    except WriteRefusedError:
        raise fail(f"`{target}` sudah ada dengan isi lain; tidak ditimpa.", "Tambahkan --force, atau pilih --out "
                   "lain.") from None
    typer.echo(f"{target}: rubrik `{rubric_id}` dengan {built.criteria} kriteria. Periksa: rbctl rubric check {target}")


def _workspace_grades() -> list[GradeBand] | None:
    """The grade bands of the current workspace's rubric: an LKE template does not carry them."""
    from rbctl.authoring import AuthoringError, context
    from rbctl.workspace import WorkspaceNotFoundError, find_root

    try:
        return list(context(find_root(Path.cwd())).rubric.grades)
    except (WorkspaceNotFoundError, AuthoringError):
        return None
