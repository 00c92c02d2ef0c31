"""Reports are built from valid records only: `validate` runs first over the reported units.

Any error refuses the whole run (nothing is written) unless the run is a draft; warnings are
handed back to be printed and, in a draft, listed in the document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rbctl.problems import Problem, Severity


@dataclass
class RecordCheck:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def unit_lines(self, unit_id: str) -> list[str]:
        """The errors and warnings in one unit's files (and rbctl.yaml), one line each."""
        prefix = f"units/{unit_id}/"
        mine = [p for p in self.errors + self.warnings if p.path.startswith(prefix) or "/" not in p.path]
        return [("Galat: " if p.severity is Severity.ERROR else "") + problem_line(p) for p in mine]


# Quarters without realisation and missing narratives: validate judges them for the report being
# written today; the report, for the period it reports and its date (context.py), so a semester I
# report does not warn of TW III.
PERIOD_RULES = frozenset({"realisasi-terlambat", "narasi-belum-ada"})


def problem_line(problem: Problem) -> str:
    return f"{problem.path}:{problem.line}: {problem.message}"


def check_records(root: Path, units: Iterable[str], today: dt.date | None = None) -> RecordCheck:
    """`validate` over ``units`` (dated today: a report date in the past is a report warning,
    not a validate error)."""
    from rbctl.validate import validate

    result = validate(root, as_of=today or dt.date.today(), only_units=list(units), skip_rules=PERIOD_RULES)
    check = RecordCheck()
    for problem in result.problems:
        if problem.rule in PERIOD_RULES:
            continue  # judged by the report for its own period and date, not for today

        (check.errors if problem.severity is Severity.ERROR else check.warnings).append(problem)
    return check
