"""What is due: per unit, overdue realisation, unanswered criteria, top answers without
evidence; and the next reporting dates with the days left.

Built on `validate` (so it reads only units that changed since the last run): the date
dependent part (overdue quarters) is judged here from the stored facts, never cached.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rbctl.checks import QUARTER_NAMES, is_top, overdue, quarter_end
from rbctl.models import Schedule
from rbctl.problems import Severity
from rbctl.rubric import Rubric
from rbctl.rubricref import load_rubric_for
from rbctl.schedule import Deadline, deadlines
from rbctl.validate import validate
from rbctl.workspace import load_config
from rbctl.yamlload import load_document


@dataclass(frozen=True)
class Overdue:
    activity: str
    year: int
    quarter: int
    ended: dt.date
    path: str
    line: int

    @property
    def quarter_name(self) -> str:
        return QUARTER_NAMES[self.quarter]


@dataclass
class UnitStatus:
    id: str
    name: str
    errors: int = 0
    overdue: list[Overdue] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)
    top_without_evidence: list[str] = field(default_factory=list)
    lke_missing: bool = False  # no LKE file for the year at all


@dataclass
class StatusResult:
    as_of: dt.date
    year: int
    organisation: str
    deadlines: list[Deadline]
    units: list[UnitStatus]
    notes: list[str] = field(default_factory=list)


def workspace_status(root: Path, *, as_of: dt.date, only_units: Iterable[str] | None = None,
                     use_cache: bool = True, cache_dir: Path | None = None) -> StatusResult:
    """Status of every unit (or of ``only_units``) of the workspace at ``root``."""
    config, _problems = load_config(root)
    rubric, _rubric_problems, _key = load_rubric_for(root, config)
    wanted = set(only_units) if only_units is not None else None
    result = validate(root, as_of=as_of, only_units=wanted, use_cache=use_cache, cache_dir=cache_dir,
                      with_summaries=True)
    year = config.record.tahun if config else as_of.year
    schedule = config.record.jadwal if config else Schedule()
    units = []
    for detail in result.details:
        folder = Path(detail.facts.folder).name
        if wanted is not None and folder not in wanted:
            continue
        info = detail.summary["info"] if detail.summary else [folder, folder]
        unit = UnitStatus(id=str(info[0]), name=str(info[1]))
        unit.errors = sum(1 for p in result.problems if p.path.startswith(detail.facts.folder + "/")
                          and p.severity is Severity.ERROR)
        unit.overdue = _overdue(root, detail.facts, as_of)
        if rubric is not None and detail.summary is not None:
            _answers(unit, rubric, detail.summary["lke"].get(str(year)))
        units.append(unit)
    organisation = config.record.organisasi if config else root.name
    return StatusResult(as_of, year, organisation, deadlines(schedule, year, as_of), units, result.notes)


def _overdue(root: Path, facts: Any, as_of: dt.date) -> list[Overdue]:
    out = []
    docs: dict[str, Any] = {}
    for year, quarter, activity, path, loc in overdue(facts, as_of):
        if path not in docs:
            docs[path] = load_document(root / path, path)
        line = docs[path].at(loc, key=True)[0]
        out.append(Overdue(activity, year, quarter, quarter_end(year, quarter), path, line))
    return out


def _answers(unit: UnitStatus, rubric: Rubric, entry: dict[str, Any] | None) -> None:
    """Unanswered criteria and top answers without evidence, from the stored LKE answers."""
    if entry is None:
        unit.lke_missing = True
        unit.unanswered = list(rubric.criteria())
        return
    answers: dict[str, Any] = entry["answers"].get("jawaban") or {}
    for crit_id, criterion in rubric.criteria().items():
        given = answers.get(crit_id) or {}
        value, counts = given.get("jawaban"), given.get("jumlah") or {}
        if value is None and not counts:
            unit.unanswered.append(crit_id)
            continue
        scale = rubric.scales.get(criterion.scale)
        if scale is not None and not given.get("data_dukung") and is_top(value, counts, scale, criterion):
            unit.top_without_evidence.append(crit_id)


def status_json(status: StatusResult) -> dict[str, Any]:
    """The `--format json` shape (documented in docs/workflow.md)."""
    return {
        "version": 1,
        "as_of": status.as_of.isoformat(),
        "year": status.year,
        "organisation": status.organisation,
        "deadlines": [{"name": d.name, "date": d.date.isoformat(), "days_left": d.days_left, "default": d.default}
                      for d in status.deadlines],
        "units": [{"id": u.id, "name": u.name, "errors": u.errors,
                   "overdue": [{"activity": o.activity, "year": o.year, "quarter": o.quarter,
                                "ended": o.ended.isoformat(), "path": o.path, "line": o.line} for o in u.overdue],
                   "unanswered": u.unanswered, "top_without_evidence": u.top_without_evidence,
                   "lke_missing": u.lke_missing}
                  for u in status.units],
    }


def days_text(days: int) -> str:
    if days > 0:
        return f"{days} hari lagi"
    if days == 0:
        return "hari ini"
    return f"lewat {-days} hari"
