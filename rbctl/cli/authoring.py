"""`rbctl init`, `new unit`, `evidence add`, `answer`, `fmt`, `schema`: writing records safely."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from rbctl import fmtmemo
from rbctl.authoring import (
    AuthoringError,
    Outcome,
    add_evidence,
    format_files,
    init_workspace,
    new_unit,
    record_paths,
    set_answer,
)
from rbctl.cli.options import EXIT_PROBLEMS, fail, parse_date, workspace_root
from rbctl.cli.progress import progress_bar
from rbctl.jsonschema_export import all_schemas, merge_vscode_settings, schema_text, write_schemas
from rbctl.models import KIND_MODELS, EvidenceKind, Level
from rbctl.rubricdefault import default_rubric
from rbctl.writer import UnsafeWriteError, atomic_write

WorkspaceOpt = Annotated[
    Path | None, typer.Option("--workspace", "-w", help="Folder ruang kerja (bawaan: folder ini atau di atasnya).")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Timpa isi yang sudah ada (bawaan: menolak).")]

_WORDS = {"dibuat": "green", "diubah": "yellow", "tetap": "dim", "dibiarkan": "dim"}


def _shown(path: Path) -> str:
    try:
        return Path(os.path.relpath(path, Path.cwd())).as_posix()
    except ValueError:
        return str(path)


def _report(outcome: Outcome) -> None:
    console = Console(highlight=False, soft_wrap=True)
    for change in outcome.changes:
        colour = _WORDS.get(change.action, "white")
        console.print(f"  [{colour}]{change.action:<9}[/{colour}] {escape(_shown(change.path))}")
    for note in outcome.notes:
        console.print(f"  [cyan]→ {escape(note)}[/cyan]")
    if outcome.changes and all(c.action in ("tetap", "dibiarkan") for c in outcome.changes):
        console.print("Tidak ada yang berubah.")


def _run(action: Callable[[], Outcome]) -> Outcome:
    try:
        return action()
    except AuthoringError as exc:
        raise fail(exc.message, exc.hint) from None
    except UnsafeWriteError as exc:
        raise fail(exc.message, exc.hint, EXIT_PROBLEMS) from None
    except OSError as exc:
        raise fail(f"Gagal menulis: {exc.strerror or exc} ({exc.filename}).",
                   "Periksa izin folder dan ruang disk; berkas lama tetap utuh.") from None


def init_cmd(
    folder: Annotated[Path, typer.Argument(help="Folder ruang kerja baru (bawaan: folder ini).")] = Path(),
    rubric: Annotated[str | None, typer.Option(
        "--rubric", help="Id rubrik bawaan atau path berkas rubrik (bawaan: dipilih dari --level dan --year).")] = None,
    org: Annotated[str, typer.Option("--org", help="Nama organisasi, misalnya \"KPU Provinsi Jawa Timur\".")] = "",
    year: Annotated[int | None, typer.Option("--year", help="Tahun penilaian (bawaan: tahun ini).")] = None,
    level: Annotated[Level | None, typer.Option(
        "--level", help="Tingkat organisasi: ri memakai rb-2023 sejak 2023; satker memakai PMPRB.")] = None,
    zi: Annotated[bool, typer.Option("--zi", help="Satker yang membangun Zona Integritas: rubrik ZI.")] = False,
    force: ForceOpt = False,
) -> None:
    """Buat ruang kerja baru: rbctl.yaml dan folder units/."""
    if not org.strip():
        raise fail("--org wajib diisi.", "Tulis --org \"KPU Provinsi Jawa Timur\".")
    when = year or dt.date.today().year
    chosen = rubric or default_rubric(level, when, zi=zi)
    outcome = _run(lambda: init_workspace(folder, rubric_id=chosen, organisation=org, year=when, force=force))
    _report(outcome)
    if rubric is None:
        typer.echo(f"Rubrik: {chosen} (pilih lain dengan --rubric).")
    typer.echo(f"Ruang kerja siap. Berikutnya: rbctl new unit ID --name ... --level ... -w {_shown(folder)}")


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
    _report(_run(lambda: new_unit(root, unit_id, name=name, level=level, parent=parent, chair=chair,
                                  secretary=secretary, year=year, force=force)))


def evidence_add_cmd(
    source: Annotated[str, typer.Argument(metavar="BERKAS", help="Berkas data dukung, atau tautan https://...")],
    unit: Annotated[str, typer.Option("--unit", "-u", help="Id unit.")],
    title: Annotated[str, typer.Option("--title", help="Judul data dukung.")],
    date: Annotated[str, typer.Option("--date", help="Tanggal dokumen TTTT-BB-HH.")],
    kind: Annotated[EvidenceKind | None, typer.Option(
        "--kind", case_sensitive=False, help="Jenis data dukung (bawaan: dari nama berkas).")
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
    outcome = _run(lambda: add_evidence(root, unit, source, title=title, date=when, kind=kind,
                                        criteria=criterion or [], activities=activity or [],
                                        evidence_id=evidence_id, note=note, force=force))
    _report(outcome)
    typer.echo(f"Id data dukung: {outcome.ident}")


def answer_cmd(
    criterion: Annotated[str, typer.Argument(metavar="KRITERIA", help="Id kriteria, misalnya P.MP.1.a.")],
    value: Annotated[str | None, typer.Argument(metavar="NILAI", help="Jawaban: pilihan (A, Ya), persen (85), nilai, "
                                                                      "atau dua jumlah (7/10).")] = None,
    unit: Annotated[str | None, typer.Option("--unit", "-u", help="Id unit.")] = None,
    evidence: Annotated[list[str] | None, typer.Option("--evidence", help="Id data dukung (boleh berulang).")] = None,
    note: Annotated[str | None, typer.Option("--note", help="Penjelasan jawaban (catatan, dengan --review).")] = None,
    year: Annotated[int | None, typer.Option("--year", help="Tahun LKE (bawaan: rbctl.yaml).")] = None,
    review: Annotated[bool, typer.Option("--review", help="Tulis sebagai jawaban penilai internal (reviu).")] = False,
    workspace: WorkspaceOpt = None,
    force: ForceOpt = False,
    explain: Annotated[bool, typer.Option("--explain", help="Tampilkan arti tiap jawaban dan data dukung yang "
                                                            "diharapkan; tidak menulis apa pun.")] = False,
) -> None:
    """Isi jawaban satu kriteria, diperiksa terhadap skala kriterianya."""
    root = workspace_root(workspace)
    if explain:
        _explain(root, criterion)
        return
    if value is None or unit is None:
        raise fail("Tulis jawaban dan unitnya: `rbctl answer KRITERIA NILAI --unit UNIT`.",
                   f"Arti tiap jawaban: `rbctl answer {criterion} --explain`.")
    outcome = _run(lambda: set_answer(root, unit, criterion, value, evidence=evidence or [], note=note, year=year,
                                      review=review, force=force))
    _report(outcome)


def _explain(root: Path, criterion: str) -> None:
    """The criterion's text, scale, guide and sources, from the workspace's rubric."""
    from rbctl.authoring import context
    from rbctl.cli.rubric import find_node, print_criterion

    try:
        rubric = context(root).rubric
    except AuthoringError as exc:
        raise fail(exc.message, exc.hint) from None
    found = find_node(rubric, criterion)
    if found is None or found[0] != "kriteria":
        raise fail(f"Kriteria `{criterion}` tidak ada di rubrik {rubric.id}.",
                   f"Lihat daftar kriteria dengan `rbctl rubric show {rubric.id}`.")
    print_criterion(Console(highlight=False, soft_wrap=True), rubric, found[2][0])


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
        err.print(f"{escape(_shown(error.path))}:{error.line}:{error.column}: [red]galat[/red] {escape(error.message)}")
    word = "akan dirapikan" if check else "dirapikan"
    for path in result.changed:
        console.print(f"{escape(_shown(path))}: {word}")
    total = len(result.changed) + result.unchanged + len(result.errors)
    if check and result.changed:
        console.print(f"{len(result.changed)} dari {total} berkas belum rapi. Jalankan `rbctl fmt`.")
    elif not result.changed and not result.errors:
        console.print(f"{total} berkas sudah rapi.")
    if result.errors or (check and result.changed):
        raise typer.Exit(EXIT_PROBLEMS)


def schema_cmd(
    kind: Annotated[str | None, typer.Argument(metavar="JENIS", help="Satu jenis catatan (bawaan: semua).")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Tulis <jenis>.schema.json ke folder ini.")] = None,
    vscode: Annotated[bool, typer.Option("--vscode", help="Juga hubungkan skema di .vscode/settings.json "
                                                          "ruang kerja (perlu --out).")] = False,
) -> None:
    """JSON Schema (draft-07) tiap jenis catatan, untuk pelengkapan dan garis merah di editor."""
    if kind is not None and kind not in KIND_MODELS:
        raise fail(f"Jenis `{kind}` tidak dikenal.", "Pilih salah satu: " + ", ".join(KIND_MODELS) + ".")
    if vscode and out is None:
        raise fail("--vscode perlu --out.", "Misalnya: rbctl schema --out schemas --vscode")
    if out is not None:
        root = workspace_root(out.parent if not out.exists() else out) if vscode else None
        try:
            written = write_schemas(out)
            if root is not None:
                written.append(_write_vscode(root, out))
        except OSError as exc:
            raise fail(f"Gagal menulis ke `{out}`: {exc.strerror or exc}.", "Periksa izin folder.") from None
        for path, changed in written:
            typer.echo(f"  {'ditulis' if changed else 'tetap':<9} {_shown(path)}")
        return
    if kind is not None:
        sys.stdout.write(schema_text(kind))
    else:
        sys.stdout.write(json.dumps(all_schemas(), ensure_ascii=False, indent=2) + "\n")


def _write_vscode(root: Path, out: Path) -> tuple[Path, bool]:
    settings = root / ".vscode" / "settings.json"
    try:
        relative = out.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise fail(f"`{out}` berada di luar ruang kerja `{root}`.",
                   "Simpan skema di dalam ruang kerja, misalnya --out schemas.") from None
    existing = settings.read_text(encoding="utf-8") if settings.exists() else None
    try:
        text = merge_vscode_settings(existing, relative)
    except ValueError:
        raise fail(f"`{settings}` bukan JSON biasa (mungkin berisi komentar); tidak diubah.",
                   f"Tambahkan sendiri `yaml.schemas` yang mengarah ke `{relative}/`.") from None
    return settings, atomic_write(settings, text, overwrite=True)


def register(app: typer.Typer) -> None:
    app.command("init")(init_cmd)
    new = typer.Typer(help="Buat catatan baru.", no_args_is_help=True)
    new.command("unit")(new_unit_cmd)
    app.add_typer(new, name="new")
    evidence = typer.Typer(help="Data dukung unit.", no_args_is_help=True)
    evidence.command("add")(evidence_add_cmd)
    app.add_typer(evidence, name="evidence")
    app.command("answer")(answer_cmd)
    app.command("fmt")(fmt_cmd)
    app.command("schema")(schema_cmd)

