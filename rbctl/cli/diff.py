"""`rbctl diff [BASE]`: the score change of a pull request, as a table, Markdown or JSON."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from rbctl.cli.localise import did_you_mean
from rbctl.cli.options import (
    EXIT_PROBLEMS,
    CacheDirOpt,
    NoCacheOpt,
    UnitsOpt,
    WorkspaceOpt,
    YearOpt,
    fail,
    workspace_root,
)
from rbctl.gitdiff import GitError, UnitDiff, UnitScoreView, WorkspaceDiff, diff_workspace
from rbctl.messages import t
from rbctl.numfmt import fmt_id, json_number
from rbctl.workspace import unit_folders

JSON_VERSION = 1
PROVISIONAL_NOTE = ("Sebagian bobot rubrik ini masih sementara (bukan bobot resmi), jadi nilai ini belum tentu "
                    "sama dengan nilai pada lembar resmi.")
_QUARTERS = {1: "TW I", 2: "TW II", 3: "TW III", 4: "TW IV"}


class DiffFormat(StrEnum):
    TABLE = "table"
    MARKDOWN = "markdown"
    JSON = "json"


# --- words --------------------------------------------------------------------------------


def _score(view: UnitScoreView | None) -> str:
    if view is None:
        return "(belum ada unit)"
    if view.index is None:
        return f"({view.status})"
    return f"{fmt_id(view.index)} ({view.grade or '-'})"


def _delta(value: Fraction | None) -> str:
    if value is None:
        return ""
    if value == 0:
        return "0"
    arrow = "▲" if value > 0 else "▼"
    return f"{'+' if value > 0 else ''}{fmt_id(value)} {arrow}"


def _opt(value: Fraction | None) -> str:
    return fmt_id(value) if value is not None else "—"


def _answer(text: str | None) -> str:
    return text if text is not None else "(kosong)"


def _real(text: str | None) -> str:
    return text if text is not None else "—"


def _base(diff: WorkspaceDiff) -> str:
    commit = f" (`{diff.base_commit[:10]}`)" if diff.base_commit else ""
    return f"{diff.base_label}{commit}"


# --- markdown -----------------------------------------------------------------------------


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def diff_markdown(diff: WorkspaceDiff) -> str:
    """A pull-request comment: the summary table, then what moved in each unit."""
    year = f"LKE {diff.year}" if diff.year else "LKE"
    lines = [f"## Perubahan nilai RB — {year}, rubrik {diff.rubric_id or '?'}", "",
             f"Dibanding {_base(diff)}.", ""]
    changed = diff.changed_units
    if not changed:
        lines += ["Tidak ada perubahan nilai, jawaban, data dukung, maupun realisasi rencana aksi.", ""]
        return "\n".join(lines)
    lines += ["| Unit | Sebelum | Sesudah | Selisih |", "|---|---:|---:|---:|"]
    for unit in changed:
        lines.append(f"| {_md(unit.name)} (`{unit.id}`) | {_score(unit.before)} | {_score(unit.after)} | "
                     f"{_delta(unit.delta)} |")
    lines.append("")
    for unit in changed:
        lines += [f"### {_md(unit.name)} (`{unit.id}`)", ""]
        if unit.areas:
            lines += ["**Area yang nilainya berubah**", "", "| Area | Bobot | Sebelum | Sesudah | Selisih |",
                      "|---|---:|---:|---:|---:|"]
            for area in unit.areas:
                change = (area.after or Fraction(0)) - (area.before or Fraction(0))
                lines.append(f"| {_md(area.name)} | {fmt_id(area.weight)} | {_opt(area.before)} | "
                             f"{_opt(area.after)} | {_delta(change)} |")
            lines.append("")
        if unit.answers:
            lines += ["**Jawaban yang berubah**", "", "| Kriteria | Sebelum | Sesudah | Poin |", "|---|---|---|---:|"]
            for ans in unit.answers:
                lines.append(f"| `{ans.criterion}` {_md(ans.text)} | {_md(_answer(ans.before))} | "
                             f"{_md(_answer(ans.after))} | {_delta(ans.points_after - ans.points_before)} |")
            lines.append("")
        if unit.evidence:
            lines += ["**Data dukung**", ""]
            lines += [f"- {ev.change}: `{ev.id}` {_md(ev.title)}" for ev in unit.evidence]
            lines.append("")
        if unit.actions:
            lines += ["**Realisasi rencana aksi**", "", "| Kegiatan | Triwulan | Sebelum | Sesudah |",
                      "|---|---|---|---|"]
            for act in unit.actions:
                lines.append(f"| `{act.id}` {_md(act.activity)} | {_QUARTERS[act.quarter]} | {_real(act.before)} | "
                             f"{_real(act.after)} |")
            lines.append("")
    if diff.provisional:
        lines += [f"_{PROVISIONAL_NOTE}_", ""]
    return "\n".join(lines)


# --- json ---------------------------------------------------------------------------------


def _view_json(view: UnitScoreView | None) -> dict[str, Any] | None:
    if view is None:
        return None
    return {"index": json_number(view.index) if view.index is not None else None, "grade": view.grade,
            "status": view.status}


def _num(value: Fraction | None) -> float | None:
    return json_number(value) if value is not None else None


def unit_json(unit: UnitDiff) -> dict[str, Any]:
    return {
        "id": unit.id, "name": unit.name, "changed": unit.changed, "dropped": unit.dropped,
        "before": _view_json(unit.before), "after": _view_json(unit.after), "delta": _num(unit.delta),
        "areas": [{"id": a.id, "name": a.name, "weight": json_number(a.weight), "before": _num(a.before),
                   "after": _num(a.after)} for a in unit.areas],
        "answers": [{"criterion": a.criterion, "text": a.text, "before": a.before, "after": a.after,
                     "points_before": json_number(a.points_before, 4), "points_after": json_number(a.points_after, 4)}
                    for a in unit.answers],
        "evidence": [{"id": e.id, "title": e.title, "change": e.change} for e in unit.evidence],
        "actions": [{"id": a.id, "activity": a.activity, "quarter": a.quarter, "before": a.before, "after": a.after}
                    for a in unit.actions],
    }


def diff_json(diff: WorkspaceDiff) -> dict[str, Any]:
    return {
        "version": JSON_VERSION,
        "base": {"ref": diff.base_label, "commit": diff.base_commit},
        "year": diff.year, "rubric": diff.rubric_id, "provisional": diff.provisional,
        "units": [unit_json(u) for u in diff.units],
        "provisional_notice": PROVISIONAL_NOTE if diff.provisional else None,
    }


# --- table --------------------------------------------------------------------------------


def print_diff(console: Console, diff: WorkspaceDiff) -> None:
    console.print(f"[bold]Perubahan nilai RB[/bold] — LKE {diff.year}, rubrik {diff.rubric_id or '?'}; "
                  f"dibanding {escape(_base(diff).replace('`', ''))}")
    changed = diff.changed_units
    if not changed:
        console.print("Tidak ada perubahan nilai, jawaban, data dukung, maupun realisasi rencana aksi.")
        return
    summary = Table("unit", "sebelum", "sesudah", "selisih", box=None)
    for unit in changed:
        summary.add_row(f"{escape(unit.name)} [dim]{unit.id}[/dim]", _score(unit.before), _score(unit.after),
                        _coloured(unit.delta))
    console.print(summary)
    for unit in changed:
        console.print(f"\n[bold]{escape(unit.name)}[/bold] [dim]{unit.id}[/dim]")
        if unit.areas:
            table = Table("area", "bobot", "sebelum", "sesudah", "selisih", box=None, title_justify="left")
            for area in unit.areas:
                table.add_row(escape(area.name), fmt_id(area.weight), _opt(area.before), _opt(area.after),
                              _coloured((area.after or Fraction(0)) - (area.before or Fraction(0))))
            console.print(table)
        if unit.answers:
            table = Table("kriteria", "sebelum", "sesudah", "poin", box=None)
            for ans in unit.answers:
                table.add_row(f"{ans.criterion} [dim]{escape(ans.text)}[/dim]", escape(_answer(ans.before)),
                              escape(_answer(ans.after)), _coloured(ans.points_after - ans.points_before))
            console.print(table)
        for ev in unit.evidence:
            console.print(f"  data dukung {ev.change}: {ev.id} [dim]{escape(ev.title)}[/dim]")
        for act in unit.actions:
            console.print(f"  realisasi {act.id} {_QUARTERS[act.quarter]}: {_real(act.before)} → {_real(act.after)} "
                          f"[dim]{escape(act.activity)}[/dim]")
    if diff.provisional:
        console.print(f"\n[yellow]*[/yellow] {PROVISIONAL_NOTE}")


def _coloured(value: Fraction | None) -> str:
    text = _delta(value)
    if value is None or value == 0:
        return text
    return f"[green]{text}[/green]" if value > 0 else f"[red]{text}[/red]"


def drop_message(diff: WorkspaceDiff) -> str:
    names = ", ".join(f"{u.id} ({_score(u.before)} → {_score(u.after)})" for u in diff.drops)
    return f"Indeks turun dibanding {_base(diff).replace('`', '')}: {names}."


# --- for `rbctl score --compare-to REF --fail-on-drop` --------------------------------------


def check_score_drops(root: Path, ref: str, *, year: int | None, unit: str | None, fail_on_drop: bool,
                      use_cache: bool = True, cache_dir: Path | None = None) -> bool:
    """Compare with ``ref``, say on stderr which indexes fell; True when the run must fail.

    Used by `rbctl score` so that it needs two options and one call.
    """
    try:
        diff = diff_workspace(root, ref, year=year, only_units={unit} if unit else None, use_cache=use_cache,
                              cache_dir=cache_dir, unchanged=False)
    except GitError as exc:
        raise fail(exc.message, exc.hint) from None
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    if diff.drops:
        colour = "red" if fail_on_drop else "yellow"
        err.print(f"[{colour}]{escape(drop_message(diff))}[/{colour}]")
    else:
        moved = [u for u in diff.units if u.delta]
        err.print(f"Tidak ada indeks yang turun dibanding {escape(_base(diff).replace('`', ''))}"
                  f" ({len(moved)} unit berubah).")
    return fail_on_drop and bool(diff.drops)


# --- the command --------------------------------------------------------------------------


def diff_cmd(
    base: Annotated[str | None, typer.Argument(metavar="type.ref", help="diff.arg.base")] = None,
    unit: UnitsOpt = None,
    output: Annotated[DiffFormat, typer.Option("--format", "-f", case_sensitive=False, help="opt.format")
                      ] = DiffFormat.TABLE,
    year: YearOpt = None,
    fail_on_drop: Annotated[bool, typer.Option("--fail-on-drop", help="diff.opt.fail_on_drop")] = False,
    workspace: WorkspaceOpt = None,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
) -> None:
    """Compare the workspace with its state in git: index, areas, answers, evidence, realisation."""
    root = workspace_root(workspace)
    try:
        diff = diff_workspace(root, base, year=year, only_units=set(unit) if unit else None,
                              use_cache=not no_cache, cache_dir=cache_dir,
                              unchanged=output is DiffFormat.JSON)  # only JSON lists the units that did not change
    except GitError as exc:
        raise fail(exc.message, exc.hint) from None
    if unit:
        # A unit only in the base was deleted, so it is among the changed ones.
        missing = sorted(set(unit) - {u.id for u in diff.units} - {f.name for f in unit_folders(root)})
        if missing:
            known = sorted({u.id for u in diff.units} | {f.name for f in unit_folders(root)})
            raise fail(t("diff.err.unknown_units", units=", ".join(f"`{m}`" for m in missing)),
                       did_you_mean(missing[0], known) or t("diff.hint.unknown_units"))
    if output is DiffFormat.JSON:
        json.dump(diff_json(diff), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif output is DiffFormat.MARKDOWN:
        sys.stdout.write(diff_markdown(diff))
    else:
        print_diff(Console(highlight=False, soft_wrap=True), diff)
    if fail_on_drop and diff.drops:
        Console(stderr=True, highlight=False, soft_wrap=True).print(f"[red]{escape(drop_message(diff))}[/red]")
        raise typer.Exit(EXIT_PROBLEMS)


def register(app: typer.Typer) -> None:
    app.command("diff", help="cmd.diff")(diff_cmd)
