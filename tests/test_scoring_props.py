"""Property tests of scoring on every built-in rubric."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rbctl.models import Answers
from rbctl.rubric import ChoiceScale, Criterion, PercentageScale, Rubric
from rbctl.rubricload import builtin_ids, builtin_rubric
from rbctl.scoring import ScoreResult, convert, score

RUBRICS = {rid: builtin_rubric(rid) for rid in builtin_ids()}
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def answer_for(rubric: Rubric, crit: Criterion) -> st.SearchStrategy[Any]:
    scale = rubric.scales[crit.scale]
    if isinstance(scale, ChoiceScale):
        return st.one_of(st.none(), st.sampled_from(sorted(scale.options)).map(lambda o: {"jawaban": o}))
    if isinstance(scale, PercentageScale):
        if crit.counts is not None:
            num, den = crit.counts.numerator, crit.counts.denominator
            return st.one_of(st.none(), st.tuples(st.integers(0, 60), st.integers(1, 50)).map(
                lambda t: {"jumlah": {num: t[0], den: t[1]}}))
        return st.one_of(st.none(), st.floats(0, 150, allow_nan=False).map(lambda v: {"jawaban": v}))
    low, high = float(scale.min), float(scale.max)
    return st.one_of(st.none(), st.floats(low, high, allow_nan=False).map(lambda v: {"jawaban": v}))


def lke(rubric: Rubric) -> st.SearchStrategy[dict[str, Any]]:
    """A whole LKE: each criterion unanswered or answered on its scale."""
    return st.fixed_dictionaries({c.id: answer_for(rubric, c) for c in rubric.criteria().values()}).map(
        lambda d: {k: v for k, v in d.items() if v is not None})


def to_answers(own: dict[str, Any]) -> Answers:
    return Answers.model_validate({"jenis": "lke", "versi_skema": 1, "tahun": 2024, "jawaban": own})


def nodes(result: ScoreResult) -> dict[str, tuple[Fraction, Fraction]]:
    return {n.id: (n.score, n.weight) for comp in result.components for n in comp.walk()}


@pytest.mark.parametrize("rid", sorted(RUBRICS))
def test_every_node_between_zero_and_its_weight(rid):
    rubric = RUBRICS[rid]

    @SETTINGS
    @given(lke(rubric))
    def check(own):
        result = score(rubric, to_answers(own))
        for node_id, (value, weight) in nodes(result).items():
            assert 0 <= value <= weight, node_id
        for crit in result.criteria:
            assert 0 <= crit.value <= 1
        assert 0 <= result.index <= rubric.total
        assert result.index == sum(c.score for c in result.components)

    check()


def top(rubric: Rubric, crit: Criterion) -> dict[str, Any]:
    scale = rubric.scales[crit.scale]
    if isinstance(scale, ChoiceScale):
        return {"jawaban": max(scale.options, key=lambda k: scale.options[k])}
    if isinstance(scale, PercentageScale):
        if crit.counts is not None:
            return {"jumlah": {crit.counts.numerator: 9, crit.counts.denominator: 9}}
        return {"jawaban": 100}
    return {"jawaban": float(scale.max)}


@pytest.mark.parametrize("rid", sorted(RUBRICS))
def test_all_top_answers_give_exactly_the_weights(rid):
    rubric = RUBRICS[rid]
    result = score(rubric, to_answers({c.id: top(rubric, c) for c in rubric.criteria().values()}))
    assert result.index == rubric.total == sum(c.weight for c in rubric.components)
    for node_id, (value, weight) in nodes(result).items():
        assert value == weight, node_id
    assert result.unanswered == []
    assert result.invalid == []
    assert result.gains == []


def value_of(rubric: Rubric, crit: Criterion, entry: dict[str, Any] | None) -> Fraction:
    entry = entry or {}
    return convert(rubric.scales[crit.scale], crit, entry.get("jawaban"), entry.get("jumlah")).value


@pytest.mark.parametrize("rid", sorted(RUBRICS))
def test_raising_one_answer_never_lowers_any_node(rid):
    rubric = RUBRICS[rid]
    criteria = list(rubric.criteria().values())

    @SETTINGS
    @given(lke(rubric), st.data())
    def check(own, data):
        crit = data.draw(st.sampled_from(criteria))
        new = data.draw(answer_for(rubric, crit))
        before_value = value_of(rubric, crit, own.get(crit.id))
        after_value = value_of(rubric, crit, new)
        changed = {k: v for k, v in {**own, crit.id: new}.items() if v is not None}
        if after_value < before_value:
            own, changed = changed, own  # go from the lower answer to the higher one
        before = nodes(score(rubric, to_answers(own)))
        after = nodes(score(rubric, to_answers(changed)))
        for node_id, (value, _weight) in before.items():
            assert after[node_id][0] >= value, node_id

    check()
