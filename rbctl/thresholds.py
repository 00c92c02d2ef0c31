"""Threshold checks (e.g. the WBK conditions of Zona Integritas) over a score: pure.

A rubric's `thresholds` name conditions on the index, a node, a group of components, or each
area under a component; each condition is met when the unrounded score reaches its minimum
(points, or a percentage of the node's weight). Display rounds; the comparison does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from rbctl.rubric import Condition, Rubric
from rbctl.scoring import NodeScore, ScoreResult

ZERO = Fraction(0)


@dataclass(frozen=True)
class ConditionResult:
    label: str
    node: str  # the node id, `total` or `group:<name>`
    value: Fraction
    required: Fraction

    @property
    def met(self) -> bool:
        return self.value >= self.required

    @property
    def shortfall(self) -> Fraction:
        return max(self.required - self.value, ZERO)


@dataclass(frozen=True)
class ThresholdResult:
    id: str
    name: str
    conditions: list[ConditionResult]

    @property
    def met(self) -> bool:
        return all(c.met for c in self.conditions)

    @property
    def failing(self) -> list[ConditionResult]:
        return [c for c in self.conditions if not c.met]


def _required(cond: Condition, weight: Fraction) -> Fraction:
    if cond.min is not None:
        return cond.min
    assert cond.min_percent is not None  # the model requires one of the two
    return weight * cond.min_percent / 100


def _targets(cond: Condition, result: ScoreResult) -> list[tuple[str, str, Fraction, Fraction]]:
    """(label, node id, score, weight) for each node the condition applies to."""
    if cond.of == "total":
        return [(cond.label, "total", result.index, result.total)]
    if cond.of.startswith("group:"):
        comps = [c for c in result.components if c.group == cond.of[6:]]
        if cond.each_area:
            return [_area(cond, a) for c in comps for a in c.children]
        return [(cond.label, cond.of, sum((c.score for c in comps), ZERO), sum((c.weight for c in comps), ZERO))]
    node = result.node(cond.of)
    if node is None:
        return []
    if cond.each_area:
        return [_area(cond, a) for a in node.children]
    return [(cond.label, node.id, node.score, node.weight)]


def _area(cond: Condition, area: NodeScore) -> tuple[str, str, Fraction, Fraction]:
    return (f"{cond.label}: {area.name}", area.id, area.score, area.weight)


def evaluate(rubric: Rubric, result: ScoreResult) -> list[ThresholdResult]:
    out = []
    for th in rubric.thresholds:
        conds = [ConditionResult(label, node_id, value, _required(cond, weight))
                 for cond in th.conditions for label, node_id, value, weight in _targets(cond, result)]
        out.append(ThresholdResult(th.id, th.name, conds))
    return out
