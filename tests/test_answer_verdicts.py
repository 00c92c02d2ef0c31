"""One verdict per hand-typed answer: `validate`, `score` and `answer` agree, and `fmt` writes
each accepted answer in its canonical form (rbctl.answerparse holds the rule table)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from rbctl.authoring import AuthoringError, parse_answer
from rbctl.cli.score import score_unit
from rbctl.rubricref import load_rubric_for
from rbctl.scoring import Status
from rbctl.validate import validate
from rbctl.workspace import load_config, load_unit
from rbctl.writer import canonical_text

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "kpu-jatim"
UNIT = "kpu-kab-malang"
LKE = f"units/{UNIT}/lke/2026.yaml"

# criterion (its scale), answer as typed after `jawaban: `, then the verdict:
# the canonical answer when accepted, or the rule `validate` reports when rejected.
TABLE = [
    ("P.MP.1.b", "ya", "Ya"),                       # Ya/Tidak
    ("P.MP.1.b", "YA", "Ya"),
    ("P.MP.1.b", '"Ya "', "Ya"),
    ("P.MP.1.b", "tidak", "Tidak"),
    ("P.MP.1.b", "yes", "answer-not-in-scale"),
    ("P.MP.1.a", "b", "B"),                         # A/B/C
    ("P.MP.1.a", "' c '", "C"),
    ("P.MP.1.a", "D", "answer-not-in-scale"),
    ("P.MP.1.a", "0,5", "B"),                       # an option's value
    ("R.MP.1.a", "0,67", "B"),                      # A/B/C/D: B is the literal 0.67
    ("P.MP.1.c", "0,33", "C"),                      # A/B/C/D
    ("P.MP.1.c", "33%", "C"),
    ("HA.MP.1.a", "57,1", 57.1),                    # range 0-100
    ("HA.MP.1.a", "'90'", 90),
    ("HA.MP.1.a", "1.500", "answer-ambiguous"),
    ("HA.MP.1.a", "'1.500'", "answer-ambiguous"),
    ("HA.MP.1.a", "101", "answer-not-in-scale"),
    ("HA.MP.1.a", "75%", "answer-not-in-scale"),
    ("HA.MP.1.a", "tinggi", "answer-not-in-scale"),
    ("H.KPP.1.a", "3,5", 3.5),                      # range 0-4
    ("H.KPP.1.a", "3,125", 3.125),                  # only 3.125 fits 0-4
    ("H.KPP.1.a", "4,5", "answer-not-in-scale"),
    ("HA.AK.1.c", "75%", 75),                       # percentage
    ("HA.AK.1.c", "' 87,5 % '", 87.5),
    ("HA.AK.1.c", "0,75", "answer-ambiguous"),      # 75% or 0.75%?
    ("HA.AK.1.c", "0,75%", "0.75%"),
    ("HA.AK.1.c", "1.234,5", 1234.5),               # grouped thousands with decimals: capped at 100
    ("HA.AK.1.c", "-5", "answer-not-in-scale"),
]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("verdicts") / "ws"
    shutil.copytree(EXAMPLE, root)
    return root


def _with_answer(base: Path, tmp_path: Path, crit: str, typed: str) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(base, root)
    path = root / LKE
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(rf"(^  {re.escape(crit)}:\n    jawaban: ).*$", re.M)
    assert pattern.search(text), crit
    path.write_text(pattern.sub(lambda m: m.group(1) + typed, text, count=1), encoding="utf-8")
    return root


def _line_of(root: Path, crit: str) -> int:
    lines = (root / LKE).read_text(encoding="utf-8").splitlines()
    return lines.index(f"  {crit}:") + 2


@pytest.mark.parametrize(("crit", "typed", "verdict"), TABLE, ids=[f"{c}={t}" for c, t, _v in TABLE])
def test_validate_score_answer_and_fmt_agree(base: Path, tmp_path: Path, crit: str, typed: str,
                                             verdict: object) -> None:
    root = _with_answer(base, tmp_path, crit, typed)
    line = _line_of(root, crit)
    rejected = isinstance(verdict, str) and verdict.startswith("answer-")

    # validate
    problems = [p for p in validate(root, as_of=dt.date(2026, 6, 30), use_cache=False).problems
                if p.path == LKE and p.line == line and p.rule.startswith("answer-")
                and p.rule != "answer-without-evidence"]
    errors = [p.rule for p in problems if p.severity.value == "error"]
    assert errors == ([verdict] if rejected else []), problems

    # score: the same criterion accepted with the same value, or invalid with the reason
    config, _problems = load_config(root)
    rubric, _rubric_problems, rubric_key = load_rubric_for(root, config)
    assert rubric is not None
    scored = score_unit(rubric, load_unit(root, root / "units" / UNIT), 2026, reviewer=False)
    assert scored.own is not None
    criterion = next(c for c in scored.own.criteria if c.id == crit)
    assert criterion.status is (Status.INVALID if rejected else Status.ANSWERED), criterion
    assert scored.status != "ok" if rejected else scored.status == "ok"

    # answer: the same verdict for the same text typed on the command line
    if rejected:
        with pytest.raises(AuthoringError):
            parse_answer(rubric, rubric.criteria()[crit], typed)
        assert problems[0].hint  # what to write instead
        return
    assert parse_answer(rubric, rubric.criteria()[crit], typed).value == verdict

    # fmt: the accepted answer in its canonical form; then validate says nothing more about it
    path = root / LKE
    tidy = canonical_text(path.read_text(encoding="utf-8"), kind_hint="lke", path=path, rubric=rubric)
    written = tidy.splitlines()[line - 1].strip()
    assert written == f"jawaban: {verdict}"
    path.write_text(tidy, encoding="utf-8")
    again = [p for p in validate(root, as_of=dt.date(2026, 6, 30), use_cache=False).problems
             if p.path == LKE and p.line == line and p.rule.startswith("answer-not")]
    assert again == []
    assert rubric_key
