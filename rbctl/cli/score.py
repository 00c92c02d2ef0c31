"""`rbctl score`: the LKE score of a unit (or of every unit), its gaps and best improvements."""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from rbctl import unitcache
from rbctl.answerparse import as_written
from rbctl.checks import check_lke
from rbctl.cli.options import (
    EXIT_PROBLEMS,
    CacheDirOpt,
    FolderArg,
    NoCacheOpt,
    UnitsOpt,
    WorkspaceOpt,
    YearOpt,
    check_units,
    fail,
    pick_workspace,
    say_notes,
)
from rbctl.cli.rubric import print_problems
from rbctl.messages import t
from rbctl.models import Level
from rbctl.numfmt import fmt_id, json_number
from rbctl.problems import Problem, Severity
from rbctl.report.context import provisional_note
from rbctl.rubric import Rubric
from rbctl.rubricload import RubricLoad, load_rubric
from rbctl.scorefacts import Summary, answers_of, lke_paths, lke_state
from rbctl.scoring import CriterionScore, NodeScore, ScoreResult, score
from rbctl.thresholds import ConditionResult, ThresholdResult, evaluate
from rbctl.unitcache import UnitResult
from rbctl.validate import ValidationResult, validate
from rbctl.workspace import CONFIG_NAME, UNITS_DIR, Unit, Workspace, load_unit, load_workspace, unit_folders

JSON_VERSION = 1
PROVISIONAL_SENTENCE = (
    "Sebagian bobot rubrik ini masih sementara (bukan bobot resmi), jadi nilai ini belum tentu "
    "sama dengan nilai pada lembar resmi."
)


class ScoreFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"


# ---- what is scored ---------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitInfo:
    """What a ranking shows of a unit: from its records, or from the stored facts of a run."""

    id: str
    name: str
    rel: str
    level: Level | None
    parent: str | None

    @classmethod
    def of(cls, unit: Unit) -> UnitInfo:
        profile = unit.profile.record if unit.profile else None
        return cls(unit.id, unit.name, unit.rel, profile.tingkat if profile else None,
                   profile.induk if profile else None)


@dataclass(frozen=True)
class ScoreLine:
    """What a ranking of many units shows of one unit's score: small enough to store per unit
    (rbctl.unitcache.load_lines), so `score --all` scores only the units that changed."""

    index: Fraction
    grade: str | None
    invalid: int  # answers outside their scale
    components: tuple[tuple[str, Fraction], ...]  # component id -> score, in rubric order
    areas: tuple[tuple[str, Fraction], ...]  # change-area code -> % of its maximum (area_shares)
    review_index: Fraction | None

    @classmethod
    def of(cls, own: ScoreResult, review: ScoreResult | None) -> ScoreLine:
        return cls(own.index, own.grade.grade if own.grade else None, len(own.invalid),
                   tuple((c.id, c.score) for c in own.components), tuple(area_shares(own).items()),
                   review.index if review is not None else None)

    def component(self, component: str) -> Fraction | None:
        return dict(self.components).get(component)


@dataclass
class UnitScore:
    """One unit's scores for a year, or why it has none. From a stored line (`stored`), only
    the ranking's figures are known: ``own`` and ``review`` are then None."""

    info: UnitInfo
    own: ScoreResult | None
    review: ScoreResult | None
    lke_errors: int  # errors reading the LKE file itself (no score is shown)
    other_errors: int  # errors in the unit's other records
    missing: bool  # no LKE for the year
    lke_checks: int = 0  # errors the checks find in the LKE (scored, but not ok)
    stored: ScoreLine | None = None

    @cached_property
    def line(self) -> ScoreLine | None:
        if self.stored is not None:
            return self.stored
        return ScoreLine.of(self.own, self.review) if self.own is not None else None

    @property
    def index(self) -> Fraction | None:
        return self.line.index if self.line is not None else None

    @property
    def status(self) -> str:
        if self.missing:
            return "belum ada LKE"
        if self.lke_errors:
            return f"LKE bergalat ({self.lke_errors})"
        if self.line is not None and self.line.invalid:
            return f"jawaban tidak sah ({self.line.invalid})"
        if self.lke_checks:
            return f"LKE bergalat ({self.lke_checks})"
        if self.other_errors:
            return f"ada galat di catatan lain ({self.other_errors})"
        return "ok"

    @property
    def broken(self) -> bool:
        """The LKE has errors or answers outside their scale: its index is not to be trusted."""
        return bool(self.lke_errors) or (self.line is not None and bool(self.line.invalid))


ALL_ANSWERED = "Semua kriteria sudah dijawab dengan sah, dan setiap jawaban tertinggi punya data dukung."


def _errors(problems: list[Problem]) -> int:
    return sum(1 for p in problems if p.severity is Severity.ERROR)


def lke_problems(unit: Unit, rubric: Rubric, year: int) -> list[Problem]:
    """What `validate` finds in the unit's LKE of ``year`` beyond reading it (answers, references)."""
    return [p for p in check_lke(unit, rubric) if p.path in _lke_files(unit.rel, year, unit)]


def _lke_files(rel: str, year: int, unit: Unit) -> set[str]:
    loaded = unit.answers.get(year)
    return lke_paths(rel, year) | ({loaded.doc.rel} if loaded is not None else set())


def score_unit(rubric: Rubric, unit: Unit, year: int, *, reviewer: bool,
               checked: list[Problem] | None = None) -> UnitScore:
    """One unit's scores; ``checked``: its problems as `validate` found them (else the LKE is checked here)."""
    loaded = unit.answers.get(year)
    lke_files = _lke_files(unit.rel, year, unit)
    lke_errors = _errors([p for p in unit.problems if p.path in lke_files])
    other = _errors(unit.problems) - lke_errors
    if loaded is None:
        return UnitScore(UnitInfo.of(unit), None, None, lke_errors, other, missing=lke_errors == 0)
    if lke_errors:
        return UnitScore(UnitInfo.of(unit), None, None, lke_errors, other, missing=False)
    found = checked if checked is not None else [*unit.problems, *lke_problems(unit, rubric, year)]
    checks = _errors([p for p in found if p.path in lke_files]) - lke_errors
    answers = as_written(loaded.record, loaded.doc)
    own = score(rubric, answers)
    review = score(rubric, answers, reviewer=True) if reviewer else None
    return UnitScore(UnitInfo.of(unit), own, review, 0, other, missing=False, lke_checks=checks)


# ---- JSON ---------------------------------------------------------------------------------------


def _num(value: Fraction) -> float:
    return json_number(value)


def node_json(node: NodeScore) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": node.id, "name": node.name, "weight": _num(node.weight), "score": _num(node.score),
        "percent": _num(node.percent), "provisional": node.provisional,
    }
    if node.change_area:
        out["change_area"] = node.change_area
    if node.children:
        key = "areas" if node.level == "komponen" else "subareas"
        out[key] = [node_json(child) for child in node.children]
    if node.criteria:
        out["criteria"] = [criterion_json(c) for c in node.criteria]
    return out


def criterion_json(crit: CriterionScore) -> dict[str, Any]:
    return {
        "id": crit.id, "status": str(crit.status), "answer": crit.answer, "value": json_number(crit.value, 4),
        "points": json_number(crit.points, 4), "max_points": json_number(crit.weight, 4), "note": crit.note,
        "evidence": crit.has_evidence,
    }


def result_json(result: ScoreResult, top: int) -> dict[str, Any]:
    return {
        "index": _num(result.index),
        "index_exact": str(result.index),
        "max": _num(result.total),
        "grade": result.grade.grade if result.grade else None,
        "grade_label": result.grade.label if result.grade else None,
        "components": [node_json(c) for c in result.components],
        "unanswered": [{"id": c.id, "text": c.text, "note": c.note} for c in result.unanswered],
        "invalid": [{"id": c.id, "text": c.text, "answer": c.answer, "note": c.note} for c in result.invalid],
        "top_without_evidence": [{"id": c.id, "text": c.text, "answer": c.answer}
                                 for c in result.top_without_evidence],
        "improvements": [{"id": g.criterion_id, "text": g.text, "answer": g.current, "target": g.target,
                          "points": _num(g.points)} for g in result.gains[:top]],
        "unknown_criteria": result.unknown,
    }


def rubric_json(rubric: Rubric, ref: RubricLoad) -> dict[str, Any]:
    return {"id": rubric.id, "title": rubric.title, "source": ref.rel, "provisional": rubric.is_provisional()}


# ---- comparison (--all) -----------------------------------------------------------------------


@dataclass
class ProvinceRow:
    unit: UnitInfo
    own: Fraction | None
    children_mean: Fraction | None
    children_scored: int
    children_total: int


def compare(scores: list[UnitScore]) -> tuple[list[UnitScore], list[ProvinceRow]]:
    """Units sorted by index (unscored last), and each province beside its kabupaten/kota."""
    ranked = sorted(scores, key=lambda s: (s.index is None, -(s.index or 0), s.info.id))
    provinces: list[ProvinceRow] = []
    by_parent: dict[str, list[UnitScore]] = {}
    for c in scores:
        if c.info.parent is not None and c.info.level in (Level.KABUPATEN, Level.KOTA):
            by_parent.setdefault(c.info.parent, []).append(c)
    for s in scores:
        if s.info.level is not Level.PROVINSI:
            continue
        children = by_parent.get(s.info.id, [])
        indexes = [c.index for c in children if c.index is not None]
        mean = sum(indexes, Fraction(0)) / len(indexes) if indexes else None
        provinces.append(ProvinceRow(s.info, s.index, mean, len(indexes), len(children)))
    provinces.sort(key=lambda p: p.unit.id)
    return ranked, provinces


# ---- markdown -----------------------------------------------------------------------------------


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def score_markdown(title: str, result: ScoreResult, top: int, review: ScoreResult | None = None) -> str:
    """A unit's score as Markdown for reports: Indonesian decimal commas."""
    lines = [f"## {_md(title)}", ""]
    head = "| Komponen / area | Bobot | Nilai | % maks |"
    sep = "|---|---:|---:|---:|"
    if review is not None:
        head, sep = head + " Nilai reviu |", sep + "---:|"
    lines += [head, sep]
    for comp in result.components:
        other = review.node(comp.id) if review else None
        lines.append(_md_row(f"**{comp.id} {comp.name}**", comp, other, review is not None))
        for area in comp.children:
            other = review.node(area.id) if review else None
            lines.append(_md_row(f"{area.name}", area, other, review is not None))
    grade = f"{result.grade.grade} ({result.grade.label})" if result.grade else "-"
    row = f"| **Indeks** | {fmt_id(result.total)} | **{fmt_id(result.index)}** | {grade} |"
    if review is not None:
        row += f" {fmt_id(review.index)} |"
    lines += [row, ""]
    if result.provisional:
        lines += [f"_{PROVISIONAL_SENTENCE}_", ""]
    if result.unanswered:
        lines += [f"### Belum dijawab ({len(result.unanswered)})", ""]
        lines += [f"- `{c.id}` {_md(c.text)}" for c in result.unanswered] + [""]
    if result.invalid:
        lines += [f"### Jawaban tidak sah ({len(result.invalid)})", ""]
        lines += [f"- `{c.id}` {_md(c.text)}: {_md(c.note or '')}" for c in result.invalid] + [""]
    missing = result.top_without_evidence
    if not (result.unanswered or result.invalid or missing):
        lines += [ALL_ANSWERED, ""]
    if missing:
        lines += [f"### Jawaban tertinggi tanpa data dukung ({len(missing)})", ""]
        lines += [f"- `{c.id}` {_md(c.text)} ({_md(c.answer or '')})" for c in missing] + [""]
    if result.gains and top > 0:
        lines += [f"### {min(top, len(result.gains))} perbaikan terbesar", "",
                  "| Kriteria | Jawaban | Target | Tambahan nilai |", "|---|---|---|---:|"]
        for g in result.gains[:top]:
            lines.append(f"| `{g.criterion_id}` {_md(g.text)} | {_md(g.current or '-')} | {_md(g.target)} | "
                         f"{fmt_id(g.points)} |")
        lines.append("")
    return "\n".join(lines)


def _md_row(label: str, node: NodeScore, other: NodeScore | None, with_review: bool) -> str:
    mark = " (sementara)" if node.provisional else ""
    row = f"| {_md(label)}{mark} | {fmt_id(node.weight)} | {fmt_id(node.score)} | {fmt_id(node.percent)} |"
    if with_review:
        row += f" {fmt_id(other.score) if other else '-'} |"
    return row


# ---- terminal -----------------------------------------------------------------------------------


def print_table(console: Console, title: str, result: ScoreResult, top: int, review: ScoreResult | None) -> None:
    table = Table(title=title, title_justify="left", box=None, pad_edge=False)
    table.add_column("komponen / area")
    table.add_column("bobot", justify="right")
    table.add_column("nilai", justify="right")
    table.add_column("% maks", justify="right")
    if review is not None:
        table.add_column("nilai reviu", justify="right")
    for comp in result.components:
        cells = [f"[bold]{comp.id} {escape(comp.name)}[/bold]" + (" [yellow]*[/yellow]" if comp.provisional else ""),
                 fmt_id(comp.weight), f"[bold]{fmt_id(comp.score)}[/bold]", fmt_id(comp.percent)]
        if review is not None:
            other = review.node(comp.id)
            cells.append(fmt_id(other.score) if other else "-")
        table.add_row(*cells)
        for area in comp.children:
            cells = [f"  {escape(area.name)}" + (" [yellow]*[/yellow]" if area.provisional else ""),
                     fmt_id(area.weight), fmt_id(area.score), fmt_id(area.percent)]
            if review is not None:
                other = review.node(area.id)
                cells.append(fmt_id(other.score) if other else "-")
            table.add_row(*cells)
    cells = ["[bold]Indeks[/bold]", fmt_id(result.total), f"[bold]{fmt_id(result.index)}[/bold]",
             fmt_id(result.index / result.total * 100 if result.total else 0)]
    if review is not None:
        cells.append(fmt_id(review.index))
    table.add_row(*cells)
    console.print(table)
    grade = f"{result.grade.grade} ({result.grade.label})" if result.grade else "-"
    line = f"Indeks [bold]{fmt_id(result.index)}[/bold], predikat [bold]{escape(grade)}[/bold]"
    if review is not None:
        rgrade = f"{review.grade.grade} ({review.grade.label})" if review.grade else "-"
        line += f"; menurut reviu {fmt_id(review.index)}, predikat {escape(rgrade)}"
    console.print(line + ".")
    if result.provisional:
        console.print(f"[yellow]*[/yellow] {escape(provisional_note(result, 'Bobot sementara'))}")
    if result.unanswered:
        console.print(f"\n[bold]Belum dijawab ({len(result.unanswered)})[/bold], dihitung 0:")
        for c in result.unanswered:
            note = f" [dim]({escape(c.note)})[/dim]" if c.note else ""
            console.print(f"  [cyan]{c.id}[/cyan] {escape(c.text)}{note}")
    if result.invalid:
        console.print(f"\n[bold red]Jawaban tidak sah ({len(result.invalid)})[/bold red], dihitung 0:")
        for c in result.invalid:
            console.print(f"  [cyan]{c.id}[/cyan] {escape(c.text)}: {escape(c.note or '')}")
    missing = result.top_without_evidence
    if not (result.unanswered or result.invalid or missing):
        # Saying so plainly beats an empty space where a list would be.
        console.print(f"\n[green]✓[/green] {ALL_ANSWERED}")
    if missing:
        console.print(f"\n[bold]Jawaban tertinggi tanpa data dukung ({len(missing)})[/bold]:")
        for c in missing:
            console.print(f"  [cyan]{c.id}[/cyan] {escape(c.text)} [dim]({escape(c.answer or '')})[/dim]")
    if result.gains and top > 0:
        gains = Table(title=f"\n{min(top, len(result.gains))} perbaikan terbesar", title_justify="left",
                      box=None, pad_edge=False)
        for name in ("kriteria", "jawaban", "target", "tambahan nilai"):
            gains.add_column(name, justify="right" if name == "tambahan nilai" else "left")
        for g in result.gains[:top]:
            gains.add_row(f"[cyan]{g.criterion_id}[/cyan] {escape(g.text)}", escape(g.current or "-"),
                          escape(g.target), fmt_id(g.points))
        console.print(gains)
    if result.unknown:
        console.print(f"\n[yellow]Jawaban untuk kriteria yang tidak ada di rubrik, tidak dihitung:[/yellow] "
                      f"{', '.join(result.unknown)}")


def area_shares(result: ScoreResult) -> dict[str, Fraction]:
    """Each change area's share of its maximum, over every component it appears in,
    keyed by its short code (the area node id after the component: `P.MP` -> `MP`)."""
    scores: dict[str, list[Fraction]] = {}
    for comp in result.components:
        for area in comp.children:
            if area.change_area is None:
                continue
            code = area.id.split(".")[-1]
            got = scores.setdefault(code, [Fraction(0), Fraction(0)])
            got[0] += area.score
            got[1] += area.weight
    return {code: s / w * 100 for code, (s, w) in scores.items() if w}


def _component_cell(line: ScoreLine | None, component: str) -> str:
    value = line.component(component) if line is not None else None
    return fmt_id(value) if value is not None else "-"


def _comparison_columns(ranked: list[UnitScore]) -> tuple[list[str], list[str]]:
    """Component ids and change-area codes, in rubric order, of the scored units."""
    comps: list[str] = []
    areas: list[str] = []
    for s in ranked:
        if s.line is None:
            continue
        comps = [c for c, _score in s.line.components]
        areas = [a for a, _share in s.line.areas]
        break
    return comps, areas


BREAKDOWN_UP_TO = 60  # units; more make a breakdown nobody reads on a terminal (and slow to draw)


def print_comparison(console: Console, title: str, ranked: list[UnitScore], provinces: list[ProvinceRow],
                     reviewer: bool, detail: bool | None = None) -> None:
    table = Table(title=title, title_justify="left", box=None, pad_edge=False)
    for name in ("#", "unit", "tingkat", "indeks", "predikat"):
        table.add_column(name, justify="right" if name in ("#", "indeks") else "left")
    if reviewer:
        table.add_column("indeks reviu", justify="right")
    table.add_column("keterangan", no_wrap=True)
    for rank, s in enumerate(ranked, 1):
        level = s.info.level.value if s.info.level else "-"
        line = s.line
        if line is None:
            cells = ["-", escape(f"{s.info.id} {s.info.name}"), level, "-", "-"]
        else:
            cells = [str(rank), escape(f"{s.info.id} {s.info.name}"), level, fmt_id(line.index), line.grade or "-"]
        if reviewer:
            cells.append(fmt_id(line.review_index) if line is not None and line.review_index is not None else "-")
        status = s.status
        colour = "green" if status == "ok" else ("yellow" if line is not None else "red")
        cells.append(f"[{colour}]{escape(status)}[/{colour}]")
        table.add_row(*cells)
    console.print(table)
    if detail or (detail is None and len(ranked) <= BREAKDOWN_UP_TO):
        _print_breakdown(console, ranked)
    else:
        console.print(f"\n[dim]Rincian nilai komponen dan area per unit ({len(ranked)} unit): tambahkan --rinci.[/dim]")
    if provinces:
        ptable = Table(title="\nProvinsi dan kabupaten/kota", title_justify="left", box=None, pad_edge=False)
        for name in ("provinsi", "indeks provinsi", "rata-rata kab/kota", "unit dinilai", "selisih"):
            ptable.add_column(name, justify="left" if name == "provinsi" else "right")
        for p in provinces:
            diff = "-" if p.own is None or p.children_mean is None else fmt_id(p.own - p.children_mean)
            ptable.add_row(escape(f"{p.unit.id} {p.unit.name}"), fmt_id(p.own) if p.own is not None else "-",
                           fmt_id(p.children_mean) if p.children_mean is not None else "-",
                           f"{p.children_scored} dari {p.children_total}", diff)
        console.print(ptable)


_BREAKDOWN_TITLE = "\nNilai komponen dan capaian area perubahan (% dari maksimum)"


def _print_breakdown(console: Console, ranked: list[UnitScore]) -> None:
    """Components and change areas per unit: a row per unit where the terminal is wide
    enough, otherwise (for a few units) a column per unit, so no number is cut."""
    comps, areas = _comparison_columns(ranked)
    scored = [s for s in ranked if s.line is not None]
    if not scored:
        return
    labels = comps + [f"{a} %" for a in areas]
    values = {s.info.id: [_component_cell(s.line, c) for c in comps]
              + [fmt_id(v) for _code, v in (s.line.areas if s.line else ())] for s in scored}
    id_width = max(len(s.info.id) for s in scored)
    wide = id_width + 8 * len(labels) <= console.width
    table = Table(title=_BREAKDOWN_TITLE, title_justify="left", box=None, pad_edge=False)
    if wide or len(scored) > 6:
        table.add_column("unit", no_wrap=True)
        for label in labels:
            table.add_column(label, justify="right", no_wrap=True)
        for s in scored:
            table.add_row(escape(s.info.id), *values[s.info.id])
    else:
        table.add_column("", no_wrap=True)
        for s in scored:
            table.add_column(escape(s.info.id), justify="right", no_wrap=True)
        for i, label in enumerate(labels):
            table.add_row(label, *(values[s.info.id][i] for s in scored))
    console.print(table)


def comparison_markdown(title: str, ranked: list[UnitScore], provinces: list[ProvinceRow], reviewer: bool) -> str:
    comps, areas = _comparison_columns(ranked)
    extra = "".join(f" {c} |" for c in comps) + "".join(f" {a} % |" for a in areas)
    review_head = " Indeks reviu |" if reviewer else ""
    head = "| # | Unit | Tingkat | Indeks | Predikat |" + review_head + extra + " Keterangan |"
    sep = "|---:|---|---|---:|---|" + ("---:|" if reviewer else "") + "---:|" * (len(comps) + len(areas)) + "---|"
    lines = [f"## {_md(title)}", "", head, sep]
    for rank, s in enumerate(ranked, 1):
        level = s.info.level.value if s.info.level else "-"
        line = s.line
        index = fmt_id(line.index) if line else "-"
        grade = line.grade if line and line.grade else "-"
        row = f"| {rank if line else '-'} | {_md(s.info.id + ' ' + s.info.name)} | {level} | {index} | {grade} |"
        if reviewer:
            row += f" {fmt_id(line.review_index) if line and line.review_index is not None else '-'} |"
        shares = dict(line.areas) if line else {}
        row += "".join(f" {_component_cell(line, c)} |" for c in comps)
        row += "".join(f" {fmt_id(shares[a]) if a in shares else '-'} |" for a in areas)
        lines.append(row + f" {_md(s.status)} |")
    if provinces:
        lines += ["", "| Provinsi | Indeks provinsi | Rata-rata kab/kota | Unit dinilai |", "|---|---:|---:|---:|"]
        for p in provinces:
            lines.append(f"| {_md(p.unit.id + ' ' + p.unit.name)} | {fmt_id(p.own) if p.own is not None else '-'} | "
                         f"{fmt_id(p.children_mean) if p.children_mean is not None else '-'} | "
                         f"{p.children_scored} dari {p.children_total} |")
    return "\n".join(lines) + "\n"


# ---- the command --------------------------------------------------------------------------------


def thresholds_json(checks: list[ThresholdResult]) -> list[dict[str, Any]]:
    return [{"id": th.id, "name": th.name, "met": th.met, "conditions": [
        {"label": c.label, "node": c.node, "value": _num(c.value), "required": _num(c.required), "met": c.met,
         "shortfall": _num(c.shortfall)} for c in th.conditions]} for th in checks]


def _condition_line(c: ConditionResult) -> str:
    if c.met:
        return f"{c.label}: {fmt_id(c.value)} (syarat ≥ {fmt_id(c.required)}) terpenuhi"
    return f"{c.label}: {fmt_id(c.value)} (syarat ≥ {fmt_id(c.required)}) kurang {fmt_id(c.shortfall)}"


def print_thresholds(console: Console, checks: list[ThresholdResult]) -> None:
    """Each condition of each threshold (e.g. WBK): met, or short by how much."""
    for th in checks:
        verdict = "[green]memenuhi[/green]" if th.met else f"[red]belum memenuhi ({len(th.failing)} syarat)[/red]"
        console.print(f"\n[bold]Syarat {escape(th.name)}[/bold]: {verdict}")
        for c in th.conditions:
            mark = "[green]✓[/green]" if c.met else "[red]✗[/red]"
            console.print(f"  {mark} {escape(_condition_line(c))}")


def thresholds_markdown(checks: list[ThresholdResult]) -> str:
    lines: list[str] = []
    for th in checks:
        lines += [f"### Syarat {_md(th.name)}: {'memenuhi' if th.met else 'belum memenuhi'}", ""]
        lines += [f"- {'✓' if c.met else '✗'} {_md(_condition_line(c))}" for c in th.conditions] + [""]
    return "\n".join(lines)


def _unit_of_path(root: Path, path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        parts = path.resolve().relative_to(root.resolve()).parts
    except ValueError:
        return None
    return parts[1] if len(parts) >= 2 and parts[0] == UNITS_DIR else None


def _workspace_rubric(ws: Workspace) -> tuple[Rubric, RubricLoad]:
    if ws.config is None:
        print_problems(ws.problems)
        raise fail(f"`{CONFIG_NAME}` tidak dapat dibaca.", "Perbaiki galat di atas (lihat `rbctl validate`).")
    ref = ws.config.record.rubrik
    loaded = load_rubric(ref, ws.root, source=CONFIG_NAME, position=ws.config.doc.at(("rubrik",)))
    if loaded.rubric is None:
        print_problems(loaded.problems)
        # An unknown id already has its hint above; a rubric file with errors can be checked.
        hint = f"Periksa dengan `rbctl rubric check {ref}`." if loaded.path is not None and loaded.path.is_file() \
            else "Perbaiki `rubrik` di rbctl.yaml."
        raise fail(f"Rubrik `{ref}` tidak dapat dipakai.", hint)
    return loaded.rubric, loaded


def _console() -> Console:
    """The output console; off a terminal (CI logs, files) wide enough that no id or name wraps."""
    console = Console(highlight=False)
    return console if console.is_terminal else Console(highlight=False, width=1000)


def score_cmd(
    path: FolderArg = None,
    unit: UnitsOpt = None,
    all_units: Annotated[bool, typer.Option("--all", help="score.opt.all")] = False,
    reviewer: Annotated[bool, typer.Option("--reviewer", help="score.opt.reviewer")] = False,
    output: Annotated[ScoreFormat, typer.Option("--format", "-f", case_sensitive=False, help="opt.format")] = (
        ScoreFormat.TABLE),
    top: Annotated[int, typer.Option("--top", metavar="type.integer", help="score.opt.top")] = 10,
    fail_under: Annotated[float | None, typer.Option("--fail-under", metavar="type.number",
                                                     help="score.opt.fail_under")] = None,
    year: YearOpt = None,
    compare_to: Annotated[str | None, typer.Option("--compare-to", metavar="type.ref", help="score.opt.compare_to")
                          ] = None,
    fail_on_drop: Annotated[bool, typer.Option("--fail-on-drop", help="score.opt.fail_on_drop")] = False,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
    detail: Annotated[bool, typer.Option("--rinci", help="score.opt.detail")] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """The LKE score: a table per component and area, empty criteria, biggest improvements."""
    if unit and all_units:
        raise fail(t("score.err.unit_and_all"), t("hint.pick_one"))
    if top < 0:
        raise fail(t("score.err.top", value=top), t("score.hint.top"))
    root = pick_workspace(workspace, path if path is None or not path.is_file() else None)
    check_units(root, unit)
    folders = [f.name for f in unit_folders(root)]
    units = list(dict.fromkeys(unit)) if unit else None
    if units is None and not all_units:
        here = _unit_of_path(root, path)
        units = [here] if here else ([folders[0]] if len(folders) == 1 else None)
    single = units[0] if units and len(units) == 1 else None
    # One unit: read it. Several or all: rbctl.yaml here, the units from the stored facts (see all_scores).
    ws = load_workspace(root, only_units={single} if single else set())
    rubric, ref = _workspace_rubric(ws)
    assert ws.config is not None
    the_year = year or ws.config.record.tahun
    if not folders:
        raise fail(t("score.err.no_units"), t("score.hint.no_units"))
    threshold = Fraction(str(fail_under)) if fail_under is not None else None
    if fail_on_drop and compare_to is None:
        raise fail(t("score.err.drop_needs_compare"), t("score.hint.drop_needs_compare"))
    dropped = False
    if compare_to is not None:
        from rbctl.cli.diff import check_score_drops

        dropped = check_score_drops(root, compare_to, year=the_year, unit=single, fail_on_drop=fail_on_drop,
                                    use_cache=not no_cache, cache_dir=cache_dir)
    if single is None:
        scores = all_scores(root, rubric, the_year, reviewer=reviewer, use_cache=not no_cache, cache_dir=cache_dir)
        if units:
            scores = [s for s in scores if s.info.id in units]
        _score_all(scores, rubric, ref, the_year, reviewer, output, threshold, detail or None)
    else:
        _score_one(ws.units[single], rubric, ref, the_year, reviewer, output, top, threshold)
    if dropped:
        raise typer.Exit(EXIT_PROBLEMS)


def register(app: typer.Typer) -> None:
    app.command("score", help="cmd.score")(score_cmd)


def _score_one(unit: Unit, rubric: Rubric, ref: RubricLoad, year: int, reviewer: bool, output: ScoreFormat,
               top: int, threshold: Fraction | None) -> None:
    s = score_unit(rubric, unit, year, reviewer=reviewer)
    if s.own is None:
        if s.missing:
            raise fail(f"Unit `{unit.id}` belum punya LKE tahun {year} ({unit.rel}/lke/{year}.yaml).",
                       "Isi jawaban dengan `rbctl answer`, atau pilih tahun lain dengan --year.", EXIT_PROBLEMS)
        print_problems([p for p in unit.problems if p.path.startswith(f"{unit.rel}/lke/{year}.")])
        raise fail(f"LKE unit `{unit.id}` tahun {year} berisi {s.lke_errors} galat; nilai tidak dihitung.",
                   "Perbaiki galat di atas, lalu jalankan lagi.", EXIT_PROBLEMS)
    title = f"{unit.name} — LKE {year}, rubrik {rubric.id}"
    if output is ScoreFormat.JSON:
        payload: dict[str, Any] = {
            "version": JSON_VERSION, "rubric": rubric_json(rubric, ref), "year": year,
            "unit": {"id": unit.id, "name": unit.name}, **result_json(s.own, top),
            "provisional_notice": PROVISIONAL_SENTENCE if s.own.provisional else None,
            "thresholds": thresholds_json(evaluate(rubric, s.own)),
        }
        if s.review is not None:
            payload["review"] = result_json(s.review, top)
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif output is ScoreFormat.MARKDOWN:
        sys.stdout.write(score_markdown(title, s.own, top, s.review))
        sys.stdout.write(thresholds_markdown(evaluate(rubric, s.own)))
    else:
        console = _console()
        print_table(console, title, s.own, top, s.review)
        print_thresholds(console, evaluate(rubric, s.own))
        if s.lke_checks:
            console.print(f"\n[red]LKE ini berisi {s.lke_checks} galat[/red] (lihat `rbctl validate`):")
            print_problems([p for p in lke_problems(unit, rubric, year) if p.severity is Severity.ERROR])
        if s.other_errors:
            console.print(f"\n[yellow]Unit ini punya {s.other_errors} galat di catatan lain[/yellow]; "
                          f"lihat `rbctl validate --unit {unit.id}`.")
    if threshold is not None and s.own.index < threshold:
        Console(stderr=True, highlight=False).print(
            f"[red]Indeks {fmt_id(s.own.index)} di bawah batas {fmt_id(threshold)} (--fail-under).[/red]")
        raise typer.Exit(EXIT_PROBLEMS)
    if s.broken:  # the index above counts those answers 0: not a number to submit
        raise typer.Exit(EXIT_PROBLEMS)


def all_scores(root: Path, rubric: Rubric, year: int, *, reviewer: bool, use_cache: bool = True,
               cache_dir: Path | None = None) -> list[UnitScore]:
    """Every unit's scores: units unchanged since the last run from their stored ranking lines
    (or, failing that, their stored score inputs), the others read (in two processes when
    many), exactly as `validate` does and with its cache."""
    # Dated checks are left out: they give workspace-level problems, which scores do not use.
    result = validate(root, as_of=dt.date.today(), use_cache=use_cache, cache_dir=cache_dir, dated=False)
    say_notes(result.notes)
    stored = unitcache.load_lines(result.store, result.context, year, reviewer)
    scores, lines = [], {}
    for (name, key), detail in zip(result.keys.items(), result.details, strict=True):
        hit = stored.get(name)
        line = _from_line(hit) if hit is not None and hit["key"] == key else None
        if line is None:
            line = _score_detail(root, rubric, year, reviewer, result, name, key, detail)
        scores.append(line)
        lines[name] = _to_line(line, key)
    if result.store is not None and lines != stored:
        unitcache.save_lines(result.store, result.context, year, reviewer, lines)
    return scores


def _score_detail(root: Path, rubric: Rubric, year: int, reviewer: bool, result: ValidationResult, name: str,
                  key: str, detail: UnitResult) -> UnitScore:
    summary = detail.summary or unitcache.load_summary(result.store, result.context, name, key)
    try:
        if summary is None:
            raise ValueError("no stored score inputs")
        return score_from_summary(rubric, summary, year, reviewer=reviewer, checked=detail.problems)
    except (ValueError, ValidationError):  # stored facts of an unexpected shape: read the unit itself
        return score_unit(rubric, load_unit(root, root / detail.facts.folder), year, reviewer=reviewer,
                          checked=detail.problems)


def _ratio(value: Fraction) -> tuple[int, int]:
    return value.numerator, value.denominator


def _to_line(s: UnitScore, key: str) -> dict[str, Any]:
    line = s.line
    info = s.info
    return {
        "key": key, "info": (info.id, info.name, info.rel, info.level.value if info.level else None, info.parent),
        "lke_errors": s.lke_errors, "other_errors": s.other_errors, "missing": s.missing, "lke_checks": s.lke_checks,
        "line": None if line is None else {
            "index": _ratio(line.index), "grade": line.grade, "invalid": line.invalid,
            "components": [(c, _ratio(v)) for c, v in line.components],
            "areas": [(a, _ratio(v)) for a, v in line.areas],
            "review_index": _ratio(line.review_index) if line.review_index is not None else None,
        },
    }


def _from_line(entry: dict[str, Any]) -> UnitScore | None:
    """A stored ranking line back as a unit's scores; None when its values make no sense."""
    try:
        unit_id, name, rel, level, parent = entry["info"]
        info = UnitInfo(unit_id, name, rel, Level(level) if level is not None else None, parent)
        raw = entry["line"]
        line = None if raw is None else ScoreLine(
            Fraction(*raw["index"]), raw["grade"], raw["invalid"],
            tuple((c, Fraction(*v)) for c, v in raw["components"]),
            tuple((a, Fraction(*v)) for a, v in raw["areas"]),
            Fraction(*raw["review_index"]) if raw["review_index"] is not None else None)
    except (ValueError, ZeroDivisionError, TypeError, KeyError):
        return None
    return UnitScore(info, None, None, entry["lke_errors"], entry["other_errors"], entry["missing"],
                     entry["lke_checks"], stored=line)


def score_from_summary(rubric: Rubric, summary: Summary, year: int, *, reviewer: bool,
                       checked: list[Problem] | None = None) -> UnitScore:
    """`score_unit` over a unit's stored facts (rbctl.scorefacts) instead of its records;
    ``checked``: the unit's problems as `validate` found (or stored) them."""
    unit_id, name, rel, level, parent = summary["info"]
    info = UnitInfo(unit_id, name, rel, Level(level) if level is not None else None, parent)
    state = lke_state(summary, year)
    if state.entry is None:
        return UnitScore(info, None, None, state.lke_errors, state.other_errors, missing=state.lke_errors == 0)
    if state.lke_errors:
        return UnitScore(info, None, None, state.lke_errors, state.other_errors, missing=False)
    checks = _errors([p for p in checked or [] if p.path in state.files])
    answers = answers_of(state.entry)
    review = score(rubric, answers, reviewer=True) if reviewer else None
    return UnitScore(info, score(rubric, answers), review, 0, state.other_errors, missing=False, lke_checks=checks)


def _score_all(scores: list[UnitScore], rubric: Rubric, ref: RubricLoad, year: int, reviewer: bool,
               output: ScoreFormat, threshold: Fraction | None, detail: bool | None = None) -> None:
    ranked, provinces = compare(scores)
    title = f"Indeks RB {year} per unit — rubrik {rubric.id}"
    provisional = rubric.is_provisional()
    if output is ScoreFormat.JSON:
        payload = {
            "version": JSON_VERSION, "rubric": rubric_json(rubric, ref), "year": year,
            "units": [{
                "id": s.info.id, "name": s.info.name,
                "level": s.info.level.value if s.info.level else None,
                "parent": s.info.parent,
                "index": _num(s.line.index) if s.line else None,
                "grade": s.line.grade if s.line else None,
                "review_index": _num(s.line.review_index) if s.line and s.line.review_index is not None else None,
                "status": s.status, "lke_errors": s.lke_errors, "other_errors": s.other_errors,
            } for s in ranked],
            "provinces": [{
                "id": p.unit.id, "name": p.unit.name, "index": _num(p.own) if p.own is not None else None,
                "children_mean": _num(p.children_mean) if p.children_mean is not None else None,
                "children_scored": p.children_scored, "children_total": p.children_total,
            } for p in provinces],
            "provisional_notice": PROVISIONAL_SENTENCE if provisional else None,
        }
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif output is ScoreFormat.MARKDOWN:
        text = comparison_markdown(title, ranked, provinces, reviewer)
        sys.stdout.write(text + (f"\n_{PROVISIONAL_SENTENCE}_\n" if provisional else ""))
    else:
        console = _console()
        print_comparison(console, title, ranked, provinces, reviewer, detail)
        if provisional:
            console.print(f"\n{PROVISIONAL_SENTENCE}")
    if threshold is not None:
        below = [s for s in scores if s.index is None or s.index < threshold]
        if below:
            names = ", ".join(s.info.id for s in below)
            Console(stderr=True, highlight=False).print(
                f"[red]{len(below)} unit di bawah batas {fmt_id(threshold)} atau tidak dapat dinilai "
                f"(--fail-under): {escape(names)}.[/red]")
            raise typer.Exit(EXIT_PROBLEMS)
