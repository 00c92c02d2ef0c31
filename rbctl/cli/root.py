"""The typer layer: parse options, call the core, pick a reporter and an exit code."""

from __future__ import annotations

import importlib
import os
import sys
from typing import TYPE_CHECKING, Annotated, NamedTuple

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup

from rbctl import __version__

if TYPE_CHECKING:
    import typer._click as click


class Lazy(NamedTuple):
    """A command known by name and one-line help, its module imported only when it runs."""

    module: str
    help: str


# Every command, in the order `rbctl --help` lists them. The help line must equal the first
# line of the command's own docstring (a test keeps them equal): `--help` shows this one so
# that it does not have to import every command module (jinja2, openpyxl, pydantic models...).
COMMANDS: dict[str, Lazy] = {
    "validate": Lazy("rbctl.cli.validate",
                     "Periksa seluruh catatan: setiap masalah dengan berkas:baris:kolom, id aturan dan saran."),
    "status": Lazy("rbctl.cli.status", "Yang harus dikerjakan: realisasi terlambat, kriteria kosong, data dukung "
                   "kurang, dan tenggat berikutnya."),
    "rules": Lazy("rbctl.cli.rules", "Daftar semua id aturan dengan penjelasan satu baris."),
    "score": Lazy("rbctl.cli.score",
                  "Nilai LKE: tabel per komponen dan area, kriteria kosong, dan perbaikan terbesar."),
    "report": Lazy("rbctl.cli.report", "Buat laporan semester atau tahunan: Word, PDF, HTML, Markdown dan lembar "
                   "kerja LKE (Excel)."),
    "init": Lazy("rbctl.cli.authoring", "Buat ruang kerja baru: rbctl.yaml dan folder units/."),
    "answer": Lazy("rbctl.cli.authoring", "Isi jawaban satu kriteria, diperiksa terhadap skala kriterianya."),
    "fmt": Lazy("rbctl.cli.authoring", "Rapikan tata letak semua catatan (indentasi, urutan kunci) tanpa kehilangan "
                "komentar."),
    "schema": Lazy("rbctl.cli.authoring", "JSON Schema (draft-07) tiap jenis catatan, untuk pelengkapan dan garis "
                   "merah di editor."),
    "diff": Lazy("rbctl.cli.diff", "Bandingkan ruang kerja sekarang dengan isinya di git: indeks, area, jawaban, "
                 "data dukung, realisasi."),
    "rubric": Lazy("rbctl.cli.rubric", "Rubrik penilaian: daftar, isi dan bobot, pemeriksaan berkas rubrik."),
    "new": Lazy("rbctl.cli.authoring", "Buat catatan baru."),
    "evidence": Lazy("rbctl.cli.authoring", "Data dukung unit."),
    "import": Lazy("rbctl.cli.import_", "Impor dari buku kerja Excel ke catatan."),
}

_LOADED: dict[str, TyperGroup] = {}  # module -> the group of the commands it registers


def load_module_commands(module: str) -> TyperGroup:
    """The commands one module registers, as a click group (imported once)."""
    if module not in _LOADED:
        holder = typer.Typer(add_completion=False, pretty_exceptions_enable=False)

        @holder.callback()
        def _holder() -> None:  # a callback makes typer build a group even for one command
            pass

        importlib.import_module(module).register(holder)
        group = typer.main.get_command(holder)
        assert isinstance(group, TyperGroup)
        _LOADED[module] = group
    return _LOADED[module]


class LazyGroup(TyperGroup):
    """The root command: subcommands resolved by name, their modules imported on first use."""

    listing = False  # set while the root's help is drawn: placeholders are enough then

    def list_commands(self, ctx: click.Context) -> list[str]:  # noqa: ARG002 - click's signature
        return [*COMMANDS, *(name for name in self.commands if name not in COMMANDS)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:  # noqa: ARG002
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        lazy = COMMANDS.get(cmd_name)
        if lazy is None:
            return None
        if self.listing:
            return TyperCommand(name=cmd_name, help=lazy.help)
        command: click.Command = load_module_commands(lazy.module).commands[cmd_name]
        self.commands[cmd_name] = command
        return command

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self.listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self.listing = False


app = typer.Typer(
    name="rbctl",
    cls=LazyGroup,
    help="Catatan, pemeriksaan, skor dan laporan Reformasi Birokrasi dari satu folder git.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback(invoke_without_command=True)
def _root(
    version: Annotated[bool, typer.Option("--version", help="Tampilkan versi.")] = False,
) -> None:
    if version:
        typer.echo(f"rbctl {__version__}")
        raise typer.Exit(0)


def main() -> None:
    """Console entry point: no traceback ever reaches the user."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("dibatalkan.\n")
        sys.exit(130)
    except Exception as exc:  # a bug of rbctl's own: say so plainly, keep the details on request
        if os.environ.get("RBCTL_DEBUG"):
            raise
        from rich.console import Console
        from rich.markup import escape

        err = Console(stderr=True, highlight=False, soft_wrap=True)
        err.print(f"[red]galat internal rbctl:[/red] {escape(type(exc).__name__)}: {escape(str(exc))}")
        err.print("  [cyan]→ Ini kesalahan rbctl, bukan catatan Anda. Laporkan bersama keluaran "
                  "`RBCTL_DEBUG=1 rbctl ...`.[/cyan]")
        sys.exit(3)
