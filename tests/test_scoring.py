"""Hand-computed scores on the built-in PMPRB 2020 rubric, matched to the hundredth.

Every case writes out: the answers, their literal values, the mean (or weighted sum), the
weight, the exact result and the half-up display. The sheet's numbers: B on A/B/C/D is 0.67
(not 2/3), sums stay unrounded, only the display rounds, half up, with a decimal comma.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from rbctl.models import Answers
from rbctl.numfmt import fmt_id, parse_id_number, round_half_up
from rbctl.rubricload import builtin_rubric
from rbctl.scoring import score

F = Fraction


def answers(own: dict[str, Any], reviu: dict[str, Any] | None = None) -> Answers:
    def entry(value: Any) -> dict[str, Any]:
        return value if isinstance(value, dict) else {"jawaban": value}

    return Answers.model_validate({
        "jenis": "lke", "versi_skema": 1, "tahun": 2024,
        "jawaban": {k: entry(v) for k, v in own.items()},
        "reviu": {k: entry(v) for k, v in (reviu or {}).items()},
    })


@pytest.fixture(scope="module")
def rubric():
    return builtin_rubric("pmprb-2020")


def shown(value: Fraction) -> str:
    return fmt_id(value)


def test_case1_plain_mean_with_literal_abcd_value(rubric):
    # P.MP.1 Tim RB, weight 2/5 (2014: 1 x 2/5).
    # a "Tim RB telah dibentuk" A (abc) = 1; b Ya = 1; c B (abcd) = 0.67 (literal).
    # mean = 2.67 / 3 = 0.89; x 0.4 = 0.356 -> 0,36; 89,00% of the sub-area.
    result = score(rubric, answers({"P.MP.1.a": "A", "P.MP.1.b": "Ya", "P.MP.1.c": "B"}))
    node = result.node("P.MP.1")
    assert node is not None
    assert node.score == F(356, 1000)
    assert shown(node.score) == "0,36"
    assert shown(node.percent) == "89,00"
    # The area and component sum the unrounded value; nothing else is answered.
    assert result.node("P.MP").score == F(356, 1000)
    assert result.index == F(356, 1000)


def test_case2_percentage_from_counts(rubric):
    # P.MP.4, weight 0.4: a Ya = 1; b 7 perubahan konkret / 10 agen perubahan = 70% = 0.7;
    # c C on A-E = 0.5. mean = 2.2 / 3 = 0.7333...; x 0.4 = 0.29333... -> 0,29.
    result = score(rubric, answers({
        "P.MP.4.a": "ya",  # case-insensitive
        "P.MP.4.b": {"jumlah": {"perubahan_konkret": 7, "agen_perubahan": 10}},
        "P.MP.4.c": "C",
    }))
    crit = next(c for c in result.criteria if c.id == "P.MP.4.b")
    assert crit.value == F(7, 10)
    assert crit.answer == "7/10 = 70%"
    node = result.node("P.MP.4")
    assert node.score == F(22, 75)
    assert shown(node.score) == "0,29"


def test_case3_percentage_capped(rubric):
    # P.MP.4, weight 0.4: 12 changes by 10 agents = 120%, capped at 100% = 1; a Ya = 1; c A = 1.
    # mean = 1; x 0.4 = 0.40. Never more than the weight.
    result = score(rubric, answers({
        "P.MP.4.a": "Ya", "P.MP.4.c": "A",
        "P.MP.4.b": {"jumlah": {"perubahan_konkret": 12, "agen_perubahan": 10}},
    }))
    crit = next(c for c in result.criteria if c.id == "P.MP.4.b")
    assert crit.value == 1
    assert crit.note == "dibatasi 100%"
    assert result.node("P.MP.4").score == F(2, 5)
    assert shown(result.node("P.MP.4").score) == "0,40"


def test_case4_unanswered_counts_zero_and_is_listed(rubric):
    # P.MP.3, weight 0.8: a B on A-E = 0.75; b unanswered = 0; c Ya = 1.
    # mean = 1.75 / 3 = 0.58333...; x 0.8 = 0.46666... -> 0,47.
    result = score(rubric, answers({"P.MP.3.a": "B", "P.MP.3.c": "Ya"}))
    assert result.node("P.MP.3").score == F(7, 15)
    assert shown(result.node("P.MP.3").score) == "0,47"
    unanswered = [c.id for c in result.unanswered]
    assert "P.MP.3.b" in unanswered
    assert "P.MP.3.a" not in unanswered
    assert len(unanswered) == len(rubric.criteria()) - 2


def test_case5_per_criterion_weights_and_half_up(rubric):
    # H.KAK.1, weight 20 with item weights 14 / 3 / 3 (weighted sum, not the plain mean).
    # Only a: nilai SAKIP 64.75 on 0-100 = 0.6475; x 14 = 9.065 exactly -> 9,07 half up
    # (Python's round(9.065, 2) gives 9.06).
    result = score(rubric, answers({"H.KAK.1.a": 64.75}))
    assert result.node("H.KAK.1").score == F(9065, 1000)
    assert shown(result.node("H.KAK.1").score) == "9,07"
    # Add b 3.2 and c 2.5 on 0-4: 0.8 x 3 = 2.4; 0.625 x 3 = 1.875. Sum 13.34 -> 13,34.
    # (A plain mean would give (0.6475 + 0.8 + 0.625) / 3 x 20 = 13.82.)
    result = score(rubric, answers({"H.KAK.1.a": 64.75, "H.KAK.1.b": 3.2, "H.KAK.1.c": "2,5"}))
    assert result.node("H.KAK.1").score == F(1334, 100)
    assert shown(result.node("H.KAK.1").score) == "13,34"
    assert shown(result.node("H").percent) == "33,35"  # 13.34 / 40 = 33.35%


def test_case6_literal_value_changes_the_hundredth(rubric):
    # P.SDM.4 Promosi Terbuka, weight 2 (2014: 6 x 5/15). a Tidak = 0; b B (abcd) = 0.67; c C (abc) = 0.
    # mean = 0.67 / 3; x 2 = 0.44666... -> 0,45. (With 2/3 for B it would be 0.4444 -> 0,44.)
    result = score(rubric, answers({"P.SDM.4.a": "Tidak", "P.SDM.4.b": "B", "P.SDM.4.c": "C"}))
    assert result.node("P.SDM.4").score == F(67, 150)
    assert shown(result.node("P.SDM.4").score) == "0,45"


def _all_top(rubric) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for crit in rubric.criteria().values():
        scale = rubric.scales[crit.scale]
        if scale.type == "choice":
            out[crit.id] = max(scale.options, key=lambda k: scale.options[k])
        elif crit.counts is not None:
            out[crit.id] = {"jumlah": {crit.counts.numerator: 5, crit.counts.denominator: 5}}
        elif scale.type == "percentage":
            out[crit.id] = 100
        else:
            out[crit.id] = float(scale.max)
    return out


def test_case7_grade_band_boundary_is_exclusive(rubric):
    # Everything at its best except the whole Pemerintah Bersih area (weight 10):
    # a 0 on 0-4, b 0 on 0-4, c opini TMP = 0. Index = 100 - 10 = 90 exactly.
    # AA needs more than 90: the grade is A (Memuaskan).
    own = _all_top(rubric)
    own.update({"H.PB.1.a": 0, "H.PB.1.b": 0, "H.PB.1.c": "TMP"})
    result = score(rubric, answers(own))
    assert result.index == 90
    assert result.grade is not None
    assert (result.grade.grade, result.grade.label) == ("A", "Memuaskan")
    assert result.provisional is True
    everything = score(rubric, answers(_all_top(rubric)))
    assert everything.index == 100
    assert everything.grade.grade == "AA"
    assert everything.gains == []
    assert score(rubric, None).grade.grade == "D"  # index 0 is still graded


def test_gains_sorted_with_target_answer(rubric):
    # P.MP.1.c B -> A gains (1 - 0.67) x 0.4 / 3 = 0.044; the SAKIP gap is worth 14.
    result = score(rubric, answers({"P.MP.1.c": "B"}))
    first = result.gains[0]
    assert (first.criterion_id, first.target, first.points) == ("H.KAK.1.a", "100", 14)
    gain = next(g for g in result.gains if g.criterion_id == "P.MP.1.c")
    assert gain.points == F(33, 100) * F(2, 5) / 3
    assert (gain.current, gain.target) == ("B", "A")
    points = [g.points for g in result.gains]
    assert points == sorted(points, reverse=True)
    counts_gain = next(g for g in result.gains if g.criterion_id == "P.MP.4.b")
    assert counts_gain.target.startswith("perubahan_konkret = agen_perubahan")


def test_invalid_answers_count_zero_with_a_reason(rubric):
    result = score(rubric, answers({
        "P.MP.1.a": "D",  # not an option of A/B/C
        "P.MP.4.b": {"jumlah": {"perubahan_konkret": 3}},  # denominator missing
        "H.KAK.1.a": 120,  # outside 0-100
        "P.PW.3.b": {"jumlah": {"pengaduan_ditindaklanjuti": 0, "pengaduan_masuk": 0}},
        "P.MP.2.d": 80,  # computed from counts, not typed in
    }))
    by_id = {c.id: c for c in result.invalid}
    assert set(by_id) == {"P.MP.1.a", "P.MP.4.b", "H.KAK.1.a", "P.PW.3.b", "P.MP.2.d"}
    assert "`A`, `B`, `C`" in by_id["P.MP.1.a"].note
    assert "agen_perubahan" in by_id["P.MP.4.b"].note
    assert "di luar rentang 0-100" in by_id["H.KAK.1.a"].note
    assert all(c.value == 0 for c in by_id.values())
    assert result.index == 0


def test_direct_percentage_and_unknown_ids(rubric):
    # HA.AK.1.c is typed in as a percentage: 87,5% = 0.875 of an equal third of 54/55.
    result = score(rubric, answers({"HA.AK.1.c": "87,5%", "X.Y.1.a": "A"}))
    crit = next(c for c in result.criteria if c.id == "HA.AK.1.c")
    assert crit.value == F(7, 8)
    assert crit.points == F(7, 8) * F(54, 55) / 3
    assert result.unknown == ["X.Y.1.a"]


def test_reviewer_answers_scored_separately(rubric):
    own = {"P.MP.1.a": "A", "P.MP.1.b": "Ya", "P.MP.1.c": "A"}
    data = answers(own, reviu={"P.MP.1.c": "C"})
    mine = score(rubric, data)
    theirs = score(rubric, data, reviewer=True)
    assert mine.node("P.MP.1").score == F(2, 5)
    # Reviewer: A = 1, Ya = 1 (kept from the unit), C = 0.33 -> 2.33 / 3 x 0.4 = 0.31066... -> 0,31.
    assert theirs.node("P.MP.1").score == F(233, 100) / 3 * F(2, 5)
    assert shown(theirs.node("P.MP.1").score) == "0,31"
    reviewed = [c.id for c in theirs.criteria if c.reviewed]
    assert reviewed == ["P.MP.1.c"]


def test_top_answers_without_evidence(rubric):
    data = answers({
        "P.MP.1.a": {"jawaban": "A", "data_dukung": ["sk-tim-rb"]},
        "P.MP.1.b": "Ya",
        "P.MP.1.c": "B",
    })
    result = score(rubric, data)
    assert [c.id for c in result.top_without_evidence] == ["P.MP.1.b"]


@pytest.mark.parametrize(("value", "text"), [
    (F(1335, 1000), "1,34"), (F(1, 3), "0,33"), (F(2, 3), "0,67"), (F(275, 3), "91,67"),
    (F(-1005, 1000), "-1,01"), (0.125, "0,13"), (100, "100,00"), (F(12345, 10), "1.234,50"),
])
def test_display_rounds_half_up_with_comma(value, text):
    assert fmt_id(value) == text


def test_round_half_up_is_exact():
    assert str(round_half_up(2.675)) == "2.68"  # the float 2.675 is 2.67499..., the sheet shows 2,68
    assert parse_id_number("87,5%") == F(175, 2)
    assert parse_id_number("1.234,5") == F(2469, 2)
    assert parse_id_number("abc") is None
    assert parse_id_number("nan") is None
