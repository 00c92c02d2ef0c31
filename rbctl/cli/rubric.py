"""`rbctl rubric list | show | check`: the rubrics, their weights, and checking a rubric file."""

from __future__ import annotations

import sys
from fractions import Fraction
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from rbctl.cli.localise import did_you_mean
from rbctl.cli.options import OutputFormat, fail
from rbctl.messages import t
from rbctl.numfmt import fmt_id
from rbctl.problems import Problem
from rbctl.reporters import REPORTERS, default_format
from rbctl.rubric import ChoiceScale, PercentageScale, RangeScale, Rubric, Scale
from rbctl.rubricload import DEFAULT_RUBRIC, builtin_ids, is_path_ref, load_rubric, load_rubric_file

EXIT_PROBLEMS, EXIT_USAGE = 1, 2
PROVISIONAL_SENTENCE = "Bobot bertanda (sementara) bukan bobot resmi; lihat catatan rubrik di atas."


def weight_text(value: Fraction) -> str:
    """``2``, ``0,4`` or ``1/3 (0,33)``: exact, with the sheet's rounded figure beside it."""
    if value.denominator == 1:
        return str(value.numerator)
    rounded = fmt_id(value)
    if Fraction(rounded.replace(".", "").replace(",", ".")) == value:
        return rounded.rstrip("0").rstrip(",")
    return f"{value.numerator}/{value.denominator} ({rounded})"


def scale_text(sid: str, scale: Scale) -> str:
    if isinstance(scale, ChoiceScale):
        options = ", ".join(f"{k} {weight_text(v)}" for k, v in scale.options.items())
        return f"{sid}: {options}"
    if isinstance(scale, PercentageScale):
        source = "dari dua jumlah, " if scale.from_counts else ""
        return f"{sid}: persentase, {source}dibatasi {weight_text(scale.cap)}%"
    assert isinstance(scale, RangeScale)
    return f"{sid}: nilai {weight_text(scale.min)}-{weight_text(scale.max)}"


def _mark(provisional: bool) -> str:
    return " [yellow](sementara)[/yellow]" if provisional else ""


def rubric_tree(rubric: Rubric, *, criteria: bool = True) -> Tree:
    tree = Tree(f"[bold]{escape(rubric.title)}[/bold] ({rubric.id}, total {weight_text(rubric.total)})")
    for comp in rubric.components:
        group = f" — {escape(comp.group)}" if comp.group else ""
        cnode = tree.add(f"[bold]{comp.id} {escape(comp.name)}[/bold]{group}: bobot "
                         f"{weight_text(comp.weight)}{_mark(comp.provisional)}")
        for area in comp.areas:
            anode = cnode.add(f"{area.id} {escape(area.name or '')}: bobot {weight_text(area.weight)}"
                              f"{_mark(comp.provisional or area.provisional)}")
            for sub in area.subareas:
                prov = comp.provisional or area.provisional or sub.provisional
                snode = anode.add(f"{sub.id} {escape(sub.name)}: bobot {weight_text(sub.weight)}{_mark(prov)}")
                if not criteria:
                    continue
                for crit in sub.criteria:
                    own = f", bobot {weight_text(crit.weight)}" if crit.weight is not None else ""
                    counts = ""
                    if crit.counts is not None:
                        counts = f" [dim]= {crit.counts.numerator} / {crit.counts.denominator}[/dim]"
                    snode.add(f"[cyan]{crit.id}[/cyan] {escape(crit.text)} [dim]({crit.scale}{own})[/dim]{counts}")
    return tree


def register(app: typer.Typer) -> None:
    rubric_app = typer.Typer(help="cmd.rubric", no_args_is_help=True)
    app.add_typer(rubric_app, name="rubric")
    from rbctl.cli.import_ import rubric_import_cmd

    rubric_app.command("import", help="cmd.rubric.import")(rubric_import_cmd)

    @rubric_app.command("list", help="cmd.rubric.list")
    def list_cmd() -> None:
        """The built-in rubrics."""
        table = Table("id", "judul", "dasar hukum", "kriteria", "bobot", box=None)
        for rid in builtin_ids():
            loaded = load_rubric(rid)
            if loaded.rubric is None:
                table.add_row(rid, "[red]rusak[/red]", "", "", "")
                continue
            r = loaded.rubric
            name = rid + (" (bawaan)" if rid == DEFAULT_RUBRIC else "")
            table.add_row(name, escape(r.title), escape(r.legal_basis),
                          str(len(r.criteria())), "sebagian sementara" if r.is_provisional() else "resmi")
        Console(highlight=False).print(table)

    @rubric_app.command("show", help="cmd.rubric.show")
    def show_cmd(
        rubric_id: Annotated[str, typer.Argument(metavar="mv.rubric", help="rubric.arg.id")] = DEFAULT_RUBRIC,
        no_criteria: Annotated[bool, typer.Option("--no-criteria", help="rubric.opt.no_criteria")] = False,
    ) -> None:
        """The rubric tree with its weights; provisional weights marked."""
        if not is_path_ref(rubric_id) and rubric_id not in builtin_ids():
            # An id, not a file: nothing in rbctl.yaml is to blame.
            raise fail(t("rubric.err.unknown", id=rubric_id),
                       did_you_mean(rubric_id, builtin_ids()) or t("rubric.hint.unknown",
                                                                   ids=", ".join(builtin_ids())), EXIT_USAGE)
        loaded = load_rubric(rubric_id, Path.cwd())
        if loaded.rubric is None:
            print_problems(loaded.problems)
            raise typer.Exit(EXIT_PROBLEMS if is_path_ref(rubric_id) else EXIT_USAGE)
        rubric = loaded.rubric
        console = Console(highlight=False, soft_wrap=True)
        console.print(f"{escape(rubric.legal_basis)}; versi {escape(rubric.version)}")
        console.print("Skala: " + "; ".join(escape(scale_text(k, v)) for k, v in rubric.scales.items()))
        grades = ", ".join(f"{g.grade} {'≥' if g.inclusive else '>'}{weight_text(g.above)}" for g in rubric.grades)
        console.print(f"Predikat: {grades}")
        if rubric.is_provisional():
            console.print(f"[yellow]{PROVISIONAL_SENTENCE}[/yellow]")
            if rubric.provisional_note:
                console.print(f"[dim]{escape(rubric.provisional_note)}[/dim]")
        Console(highlight=False).print(rubric_tree(rubric, criteria=not no_criteria))

    @rubric_app.command("check", help="cmd.rubric.check")
    def check_cmd(
        files: Annotated[list[Path], typer.Argument(metavar="type.file", help="rubric.arg.files")],
        output: Annotated[OutputFormat | None, typer.Option("--format", "-f", case_sensitive=False,
                                                            help="validate.opt.format")] = None,
    ) -> None:
        """Check rubric files: child weights add up, ids unique, scales defined, counts complete."""
        fmt = output.value if output else default_format()
        problems: list[Problem] = []
        for path in files:
            if not path.is_file() and str(path) in builtin_ids():
                problems.extend(load_rubric(str(path)).problems)
                continue
            problems.extend(load_rubric_file(path, str(path)).problems)
        REPORTERS[fmt](sys.stdout).report(Path.cwd(), sorted(problems), len(files))
        if problems:
            raise typer.Exit(EXIT_PROBLEMS)


def print_problems(problems: list[Problem]) -> None:
    """Located problems on stderr, one line each with the hint below."""
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    for p in problems:
        label = escape(t("problem.error"))
        console.print(f"{escape(p.path)}:{p.line}:{p.column}: [red]{label}[/red] {escape(p.message)} "
                      f"[dim]\\[{p.rule}][/dim]")
        if p.hint:
            console.print(f"  [cyan]→ {escape(p.hint)}[/cyan]")
