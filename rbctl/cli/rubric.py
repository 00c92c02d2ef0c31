"""`rbctl rubric list | show | check`: the rubrics, their weights, and checking a rubric file."""

from __future__ import annotations

import json
import sys
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from rbctl.cli.localise import did_you_mean
from rbctl.cli.options import OutputFormat, fail
from rbctl.messages import t
from rbctl.numfmt import fmt_id
from rbctl.problems import Problem, Severity
from rbctl.reporters import REPORTERS, default_format
from rbctl.rubric import ChoiceScale, Criterion, PercentageScale, RangeScale, Rubric, Scale, Source, Sourced
from rbctl.rubricload import DEFAULT_RUBRIC, builtin_ids, check_builtin, is_path_ref, load_rubric, load_rubric_file

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


def _status(node: Sourced) -> str:
    """`[resmi]`, `[turunan]` or `[sementara]` after a node, dim; nothing when unknown."""
    return f" [dim]\\[{node.status}][/dim]" if node.status else ""


def source_text(src: Source) -> str:
    parts = [src.judul or src.ref or ""]
    if src.bagian:
        parts.append(src.bagian)
    if src.alamat:
        parts.append(src.alamat)
    return ", ".join(p for p in parts if p)


def node_json(node: Sourced, level: str) -> dict[str, Any]:
    out: dict[str, Any] = {"level": level, "id": getattr(node, "id", None)}
    for key in ("name", "text", "scale", "group", "change_area"):
        value = getattr(node, key, None)
        if value is not None:
            out[key] = value
    weight = getattr(node, "weight", None)
    out["weight"] = float(weight) if weight is not None else None
    if weight is not None and Fraction(weight).denominator != 1:
        out["weight_exact"] = f"{weight.numerator}/{weight.denominator}"
    out["status"] = node.status
    out["provisional"] = bool(getattr(node, "provisional", False))
    out["sumber"] = [{"judul": s.judul, "alamat": s.alamat, "bagian": s.bagian, "ref": s.ref} for s in node.sumber]
    if isinstance(node, Criterion):
        out["guide"] = node.guide_lines()
        if node.counts is not None:
            out["counts"] = node.counts.model_dump()
    return out


def rubric_json(rubric: Rubric) -> dict[str, Any]:
    """The whole tree: each node's weight, status and sources (`rubric show --format json`)."""
    comps = []
    for comp in rubric.components:
        cj = node_json(comp, "komponen")
        cj["areas"] = []
        for area in comp.areas:
            aj = node_json(area, "area")
            aj["subareas"] = []
            for sub in area.subareas:
                sj = node_json(sub, "subarea")
                sj["criteria"] = [node_json(c, "kriteria") for c in sub.criteria]
                aj["subareas"].append(sj)
            cj["areas"].append(aj)
        comps.append(cj)
    return {"id": rubric.id, "title": rubric.title, "legal_basis": rubric.legal_basis, "version": rubric.version,
            "total": float(rubric.total), "provisional": rubric.is_provisional(),
            "provisional_note": rubric.provisional_note, "components": comps,
            "thresholds": [{**node_json(t, "ambang"), "name": t.name,
                            "conditions": [c.model_dump(mode="json") for c in t.conditions]}
                           for t in rubric.thresholds]}


def find_node(rubric: Rubric, node_id: str) -> tuple[str, Sourced, list[Criterion]] | None:
    """A sub-area (with its criteria) or a criterion (alone) by id, case-insensitively."""
    wanted = node_id.strip().casefold()
    for comp in rubric.components:
        for area in comp.areas:
            for sub in area.subareas:
                if sub.id.casefold() == wanted:
                    return "subarea", sub, list(sub.criteria)
                for crit in sub.criteria:
                    if crit.id.casefold() == wanted:
                        return "kriteria", crit, [crit]
    return None


def print_criterion(console: Console, rubric: Rubric, crit: Criterion) -> None:
    scale = rubric.scales.get(crit.scale)
    console.print(f"[cyan]{crit.id}[/cyan] {escape(crit.text)}{_status(crit)}")
    if scale is not None:
        console.print(f"  Skala: {escape(scale_text(crit.scale, scale))}")
    if crit.counts is not None:
        console.print(f"  Jumlah: {escape(crit.counts.numerator_label)} / {escape(crit.counts.denominator_label)}")
    lines = crit.guide_lines()
    if lines:
        console.print("  Panduan:")
        for line in lines:
            console.print(f"    {escape(line)}")
    else:
        console.print("  [dim]Belum ada panduan untuk kriteria ini.[/dim]")
    for src in crit.sumber:
        console.print(f"  [dim]Sumber: {escape(source_text(src))}[/dim]")


def rubric_tree(rubric: Rubric, *, criteria: bool = True) -> Tree:
    tree = Tree(f"[bold]{escape(rubric.title)}[/bold] ({rubric.id}, total {weight_text(rubric.total)})")
    for comp in rubric.components:
        group = f" — {escape(comp.group)}" if comp.group else ""
        cnode = tree.add(f"[bold]{comp.id} {escape(comp.name)}[/bold]{group}: bobot "
                         f"{weight_text(comp.weight)}{_mark(comp.provisional)}{_status(comp)}")
        for area in comp.areas:
            anode = cnode.add(f"{area.id} {escape(area.name or '')}: bobot {weight_text(area.weight)}"
                              f"{_mark(comp.provisional or area.provisional)}{_status(area)}")
            for sub in area.subareas:
                prov = comp.provisional or area.provisional or sub.provisional
                snode = anode.add(f"{sub.id} {escape(sub.name)}: bobot {weight_text(sub.weight)}{_mark(prov)}"
                                  f"{_status(sub)}")
                if not criteria:
                    continue
                for crit in sub.criteria:
                    own = f", bobot {weight_text(crit.weight)}" if crit.weight is not None else ""
                    counts = ""
                    if crit.counts is not None:
                        counts = f" [dim]= {crit.counts.numerator} / {crit.counts.denominator}[/dim]"
                    snode.add(f"[cyan]{crit.id}[/cyan] {escape(crit.text)} [dim]({crit.scale}{own})[/dim]{counts}"
                              f"{_status(crit)}")
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
        node_id: Annotated[str | None, typer.Argument(metavar="mv.node", help="rubric.arg.node")] = None,
        no_criteria: Annotated[bool, typer.Option("--no-criteria", help="rubric.opt.no_criteria")] = False,
        output: Annotated[str, typer.Option("--format", "-f", help="rubric.opt.format")] = "text",
    ) -> None:
        """The rubric tree with weights, status and sources; or one criterion/sub-area with its guide."""
        if output not in ("text", "json"):
            raise fail(t("rubric.err.format", format=output), t("rubric.hint.format"))
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
        if node_id is not None:
            show_node(console, rubric, rubric_id, node_id, output)
            return
        if output == "json":
            sys.stdout.write(json.dumps(rubric_json(rubric), ensure_ascii=False, indent=2) + "\n")
            return
        print_header(console, rubric, loaded.notes)
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
                problems.extend(check_builtin(str(path)).problems)
                continue
            loaded = load_rubric_file(path, str(path))
            problems.extend(loaded.problems + loaded.notes)
        REPORTERS[fmt](sys.stdout).report(Path.cwd(), sorted(problems), len(files))
        if any(p.severity is Severity.ERROR for p in problems):
            raise typer.Exit(EXIT_PROBLEMS)


def print_header(console: Console, rubric: Rubric, notes: list[Problem]) -> None:
    """Legal basis, scales, grades, provisional note and (own rubrics) missing provenance."""
    console.print(f"{escape(rubric.legal_basis)}; versi {escape(rubric.version)}")
    console.print("Skala: " + "; ".join(escape(scale_text(k, v)) for k, v in rubric.scales.items()))
    grades = ", ".join(f"{g.grade} {'≥' if g.inclusive else '>'}{weight_text(g.above)}" for g in rubric.grades)
    console.print(f"Predikat: {grades}")
    if rubric.is_provisional():
        console.print(f"[yellow]{PROVISIONAL_SENTENCE}[/yellow]")
        if rubric.provisional_note:
            console.print(f"[dim]{escape(rubric.provisional_note)}[/dim]")
    for note in notes:
        console.print(f"[yellow]peringatan:[/yellow] {escape(note.message)}")


def show_node(console: Console, rubric: Rubric, rubric_id: str, node_id: str, output: str) -> None:
    """One criterion, or a sub-area and its criteria: text, scale, guide and sources."""
    found = find_node(rubric, node_id)
    if found is None:
        raise fail(f"`{node_id}` bukan id kriteria atau sub-area rubrik {rubric.id}.",
                   f"Lihat daftar id dengan `rbctl rubric show {rubric_id}`.")
    level, node, criteria = found
    if output == "json":
        payload = node_json(node, level)
        if level == "subarea":
            payload["criteria"] = [node_json(c, "kriteria") for c in criteria]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    if level == "subarea":
        sub = node
        console.print(f"[bold]{getattr(sub, 'id', '')} {escape(getattr(sub, 'name', ''))}[/bold]: bobot "
                      f"{weight_text(getattr(sub, 'weight', Fraction(0)))}{_status(sub)}")
        for src in sub.sumber:
            console.print(f"[dim]Sumber: {escape(source_text(src))}[/dim]")
        console.print("")
    for crit in criteria:
        print_criterion(console, rubric, crit)


def print_problems(problems: list[Problem]) -> None:
    """Located problems on stderr, one line each with the hint below."""
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    for p in problems:
        label = escape(t("problem.error"))
        console.print(f"{escape(p.path)}:{p.line}:{p.column}: [red]{label}[/red] {escape(p.message)} "
                      f"[dim]\\[{p.rule}][/dim]")
        if p.hint:
            console.print(f"  [cyan]→ {escape(p.hint)}[/cyan]")
