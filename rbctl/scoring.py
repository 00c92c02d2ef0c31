"""Scoring an LKE against a rubric, exactly as the official sheet does.

Pure: (rubric, answers) -> a score tree with exact values (Fractions) at every node.

- A criterion's value is in 0..1: the scale's literal option value (B on A/B/C/D is 0.67),
  a percentage (from its two counts when it has them) over the cap and capped at 1, or a
  range value (value - min) / (max - min).
- A sub-area = mean of its criteria's values x its weight; with per-criterion weights, the
  weighted mean instead. An unanswered (or invalid) criterion counts 0 and is listed.
- Area = sum of sub-areas, component = sum of areas, index = sum of components, unrounded.
- Only the display rounds (rbctl.numfmt). The grade compares the unrounded index to the bands.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from functools import cached_property

from rbctl.answerparse import Verdict, number_value, read_answer
from rbctl.models import Answers
from rbctl.numfmt import to_fraction
from rbctl.rubric import (
    ChoiceScale,
    Criterion,
    GradeBand,
    PercentageScale,
    Rubric,
    Scale,
    SubArea,
)

ZERO = Fraction(0)
ONE = Fraction(1)


class Status(StrEnum):
    ANSWERED = "dijawab"
    UNANSWERED = "kosong"
    INVALID = "tidak-sah"
    NOT_APPLICABLE = "tidak-berlaku"  # an answer in the scale's `not_applicable` list


@dataclass(frozen=True)
class Converted:
    value: Fraction
    status: Status
    shown: str | None = None  # the answer as shown to the user ("B", "70%", "7/10")
    note: str | None = None  # why it is invalid or how it was computed


@dataclass
class CriterionScore:
    id: str
    text: str
    scale: str
    value: Fraction  # 0..1
    status: Status
    weight: Fraction  # points this criterion can earn in the index
    answer: str | None = None
    note: str | None = None
    has_evidence: bool = False
    top_answer: str = ""
    top_value: Fraction = ONE
    reviewed: bool = False  # reviewer mode: the reviewer answered this criterion

    @property
    def points(self) -> Fraction:
        return self.value * self.weight

    @property
    def is_top(self) -> bool:
        return self.status is Status.ANSWERED and self.value >= self.top_value


@dataclass
class NodeScore:
    """A component, area or sub-area: its weight, its exact score and what it is made of."""

    id: str
    name: str
    level: str  # "komponen", "area", "subarea"
    weight: Fraction
    score: Fraction
    provisional: bool
    change_area: str | None = None
    children: list[NodeScore] = field(default_factory=list)
    group: str | None = None  # a component's group ("Pengungkit", "Hasil")
    criteria: list[CriterionScore] = field(default_factory=list)

    @property
    def percent(self) -> Fraction:
        """Score as a percentage of the weight (the sheet's "% capaian")."""
        return self.score / self.weight * 100 if self.weight else ZERO

    def walk(self) -> list[NodeScore]:
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


@dataclass(frozen=True)
class Gain:
    """Points the index would gain if this criterion had its best answer."""

    criterion_id: str
    text: str
    current: str | None
    target: str
    points: Fraction


@dataclass
class ScoreResult:
    rubric_id: str
    rubric_title: str
    total: Fraction
    index: Fraction
    grade: GradeBand | None
    provisional: bool
    reviewer: bool
    components: list[NodeScore]
    criteria: list[CriterionScore]
    unknown: list[str]  # answered ids the rubric does not have

    @cached_property
    def gains(self) -> list[Gain]:
        """What the index would gain per criterion, largest first (ties in rubric order).

        Computed when asked for: a ranking of many units never needs it.
        """
        gains = [
            Gain(c.id, c.text, c.answer, c.top_answer, (c.top_value - c.value) * c.weight)
            for c in self.criteria if c.value < c.top_value and c.weight > 0
        ]
        order = {c.id: i for i, c in enumerate(self.criteria)}
        gains.sort(key=lambda g: (-g.points, order[g.criterion_id]))
        return gains

    @property
    def unanswered(self) -> list[CriterionScore]:
        return [c for c in self.criteria if c.status is Status.UNANSWERED]

    @property
    def invalid(self) -> list[CriterionScore]:
        return [c for c in self.criteria if c.status is Status.INVALID]

    @property
    def top_without_evidence(self) -> list[CriterionScore]:
        return [c for c in self.criteria if c.is_top and not c.has_evidence]

    def provisional_names(self) -> list[str]:
        """The areas scored with a provisional weight (their own or a sub-area's), as
        `Pemenuhan: Deregulasi Kebijakan`; a whole provisional component by its name alone."""
        names: list[str] = []
        for comp in self.components:
            areas = [a.name for a in comp.children if a.provisional]
            if comp.provisional and len(areas) == len(comp.children):
                names.append(comp.name)
            elif areas:
                names.append(f"{comp.name}: {', '.join(areas)}")
        return names

    def node(self, node_id: str) -> NodeScore | None:
        for comp in self.components:
            for node in comp.walk():
                if node.id == node_id:
                    return node
        return None


# ---- answers to values ----------------------------------------------------------------------


def _exact(value: object) -> Fraction | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Fraction | Decimal):
        if isinstance(value, float) and not math.isfinite(value):
            return None
        return to_fraction(value)
    if isinstance(value, str):
        return number_value(value)
    return None


def _show(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):.4g}".replace(".", ",")


def top_answer(scale: Scale, crit: Criterion) -> tuple[str, Fraction]:
    """The scale's best answer, as a Tim RB would write it, and its value."""
    if isinstance(scale, ChoiceScale):
        best = max(scale.options.values())
        label = next(k for k, v in scale.options.items() if v == best)
        return label, best
    if isinstance(scale, PercentageScale):
        if crit.counts is not None:
            return f"{crit.counts.numerator} = {crit.counts.denominator} ({_show(scale.cap)}%)", ONE
        return f"{_show(scale.cap)}%", ONE
    return _show(scale.max), ONE


def convert(
    scale: Scale, crit: Criterion, answer: object, counts: Mapping[str, float] | None = None,
) -> Converted:
    """One answer (and its counts) to a value in 0..1; the answer is read by rbctl.answerparse."""
    counts = counts or {}
    if scale.is_not_applicable(answer):
        return Converted(ZERO, Status.NOT_APPLICABLE, " ".join(str(answer).split()))
    spec = crit.counts
    if isinstance(scale, PercentageScale) and spec is not None and (spec.numerator in counts
                                                                    or spec.denominator in counts):
        return _from_counts(scale, crit, counts)
    reading = read_answer(scale, crit, answer)
    if reading.verdict is Verdict.EMPTY:
        if isinstance(scale, PercentageScale) and spec is not None and scale.from_counts:
            return Converted(ZERO, Status.UNANSWERED, None,
                             f"isi jumlah `{spec.numerator}` dan `{spec.denominator}`")
        return Converted(ZERO, Status.UNANSWERED)
    if not reading.accepted:
        return Converted(ZERO, Status.INVALID, str(answer), f"{reading.reason}. {reading.hint}")
    if isinstance(scale, ChoiceScale):
        assert reading.option is not None
        return Converted(scale.options[reading.option], Status.ANSWERED, reading.option)
    assert reading.number is not None
    if isinstance(scale, PercentageScale):
        return _capped(scale, reading.number, f"{_show(reading.number)}%")
    number = reading.number
    return Converted((number - scale.min) / (scale.max - scale.min), Status.ANSWERED, _show(number))


def _from_counts(scale: PercentageScale, crit: Criterion, counts: Mapping[str, float]) -> Converted:
    spec = crit.counts
    assert spec is not None
    missing = [k for k in (spec.numerator, spec.denominator) if k not in counts]
    if missing:
        return Converted(ZERO, Status.INVALID, None, f"jumlah `{missing[0]}` belum diisi")
    num = _exact(counts[spec.numerator])
    den = _exact(counts[spec.denominator])
    if num is None or den is None or num < 0 or den < 0:
        return Converted(ZERO, Status.INVALID, None, "jumlah harus berupa angka 0 atau lebih")
    if den == 0:
        return Converted(ZERO, Status.INVALID, f"{_show(num)}/0",
                         f"`{spec.denominator}` bernilai 0: persentase tidak dapat dihitung")
    pct = num / den * 100
    return _capped(scale, pct, f"{_show(num)}/{_show(den)} = {_show(pct)}%")


def _capped(scale: PercentageScale, pct: Fraction, shown: str) -> Converted:
    if pct < 0:
        return Converted(ZERO, Status.INVALID, shown, "persentase tidak boleh negatif")
    note = f"dibatasi {_show(scale.cap)}%" if pct > scale.cap else None
    return Converted(min(pct, scale.cap) / scale.cap, Status.ANSWERED, shown, note)


# ---- the tree ---------------------------------------------------------------------------------


def criterion_weights(sub: SubArea) -> list[Fraction]:
    """Points each criterion of a sub-area can earn: own weights, or an equal share."""
    own = [c.weight for c in sub.criteria]
    if all(w is not None for w in own):
        weights = [w for w in own if w is not None]
        total = sum(weights, ZERO)
        if total > 0:
            return [sub.weight * w / total for w in weights]
    return [sub.weight / len(sub.criteria)] * len(sub.criteria)


def grade_for(rubric: Rubric, index: Fraction) -> GradeBand | None:
    for band in sorted(rubric.grades, key=lambda b: b.above, reverse=True):
        if index > band.above or (band.inclusive and index >= band.above):
            return band
    return None


@dataclass(frozen=True)
class _Prepared:
    """What scoring needs of one criterion that does not depend on the answers (computed once)."""

    crit: Criterion
    scale: Scale
    weight: Fraction
    top_label: str
    top_value: Fraction
    choices: dict[str, Converted]  # casefolded option -> its conversion (choice scales only)


def _prepare(rubric: Rubric, crit: Criterion, weight: Fraction) -> _Prepared:
    scale = rubric.scales[crit.scale]
    choices = ({option.casefold(): Converted(value, Status.ANSWERED, option) for option, value in scale.options.items()}
               if isinstance(scale, ChoiceScale) else {})
    return _Prepared(crit, scale, weight, *top_answer(scale, crit), choices)


_PREPARED: dict[int, tuple[Rubric, dict[str, list[_Prepared]]]] = {}


def _prepared(rubric: Rubric) -> dict[str, list[_Prepared]]:
    """Per sub-area id, its criteria with their weights and best answers. Kept per rubric object
    (which the entry keeps alive, so its id is not reused): scoring 500 units parses nothing twice."""
    hit = _PREPARED.get(id(rubric))
    if hit is not None and hit[0] is rubric:
        return hit[1]
    plan: dict[str, list[_Prepared]] = {}
    for comp in rubric.components:
        for area in comp.areas:
            for sub in area.subareas:
                plan[sub.id] = [_prepare(rubric, crit, weight)
                                for crit, weight in zip(sub.criteria, criterion_weights(sub), strict=True)]
    if len(_PREPARED) > 16:
        _PREPARED.clear()
    _PREPARED[id(rubric)] = (rubric, plan)
    return plan


def _rescale(comp: NodeScore) -> None:
    """Criteria that do not apply leave the component: each applicable criterion's weight grows
    by weight / applicable weight, so the component is earned / applicable x its weight
    (PermenPANRB 9/2023). Areas and sub-areas carry their rescaled weights and scores."""
    leaves = [c for area in comp.children for sub in area.children for c in sub.criteria]
    applicable = sum((c.weight for c in leaves if c.status is not Status.NOT_APPLICABLE), ZERO)
    if applicable == comp.weight or not leaves:
        return
    factor = comp.weight / applicable if applicable > 0 else ZERO
    for area in comp.children:
        for sub in area.children:
            for crit in sub.criteria:
                crit.weight = ZERO if crit.status is Status.NOT_APPLICABLE else crit.weight * factor
            sub.weight = sum((c.weight for c in sub.criteria), ZERO)
            sub.score = sum((c.points for c in sub.criteria), ZERO)
        area.weight = sum((s.weight for s in area.children), ZERO)
        area.score = sum((s.score for s in area.children), ZERO)


def score(rubric: Rubric, answers: Answers | None, *, reviewer: bool = False) -> ScoreResult:
    """Score ``answers`` with ``rubric``.

    With ``reviewer``, the reviewer's answers (``reviu``) are scored; a criterion the reviewer
    did not answer keeps the unit's own answer (``reviewed`` tells them apart).
    """
    own = answers.jawaban if answers is not None else {}
    review = answers.reviu if answers is not None else {}
    plan = _prepared(rubric)
    all_criteria: list[CriterionScore] = []
    components: list[NodeScore] = []
    for comp in rubric.components:
        comp_node = NodeScore(comp.id, comp.name, "komponen", comp.weight, ZERO, comp.provisional, group=comp.group)
        for area in comp.areas:
            area_prov = comp.provisional or area.provisional
            area_node = NodeScore(area.id, area.name or area.id, "area", area.weight, ZERO, area_prov,
                                  area.change_area)
            for sub in area.subareas:
                sub_node = NodeScore(sub.id, sub.name, "subarea", sub.weight, ZERO,
                                     area_prov or sub.provisional, area.change_area)
                for prep in plan[sub.id]:
                    crit, scale, weight = prep.crit, prep.scale, prep.weight
                    mine = own.get(crit.id)
                    theirs = review.get(crit.id) if reviewer else None
                    reviewed = theirs is not None and (theirs.jawaban is not None or bool(theirs.jumlah))
                    given = theirs if reviewed else mine
                    answer = given.jawaban if given is not None else None
                    conv = prep.choices.get(answer.strip().casefold()) if prep.choices and isinstance(answer, str) \
                        else None
                    if conv is None:
                        conv = convert(scale, crit, answer, given.jumlah if given is not None else None)
                    top_label, top_value = prep.top_label, prep.top_value
                    cs = CriterionScore(
                        id=crit.id, text=crit.text, scale=crit.scale, value=conv.value, status=conv.status,
                        weight=weight, answer=conv.shown, note=conv.note,
                        has_evidence=bool(mine and mine.data_dukung), top_answer=top_label,
                        top_value=top_value, reviewed=reviewed,
                    )
                    sub_node.criteria.append(cs)
                    all_criteria.append(cs)
                sub_node.score = sum((c.points for c in sub_node.criteria), ZERO)
                area_node.children.append(sub_node)
            area_node.score = sum((s.score for s in area_node.children), ZERO)
            area_node.provisional = area_node.provisional or any(s.provisional for s in area_node.children)
            comp_node.children.append(area_node)
        if comp.rescale_not_applicable:
            _rescale(comp_node)
        comp_node.score = sum((a.score for a in comp_node.children), ZERO)
        comp_node.provisional = comp_node.provisional or any(a.provisional for a in comp_node.children)
        components.append(comp_node)
    index = sum((c.score for c in components), ZERO)
    known = {c.id for c in all_criteria}
    answered_ids = set(own) | (set(review) if reviewer else set())
    return ScoreResult(
        rubric_id=rubric.id, rubric_title=rubric.title, total=rubric.total, index=index,
        grade=grade_for(rubric, index), provisional=any(c.provisional for c in components),
        reviewer=reviewer, components=components, criteria=all_criteria,
        unknown=sorted(answered_ids - known),
    )
