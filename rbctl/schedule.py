"""Reporting dates of a year, and which report's window a day falls in.

The defaults are rbctl's, not official dates: a workspace sets its own under `jadwal:` in
rbctl.yaml (semester I report 15 July, semester II report 15 January of the next year, LKE
and annual report 31 March of the next year).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rbctl.models import NarrativeSection, Schedule

# Name of each date, and rbctl's default for it (month, day, years after `tahun`).
SCHEDULE_DEFAULTS: dict[str, tuple[str, int, int, int]] = {
    "laporan_semester_1": ("Laporan semester I", 7, 15, 0),
    "laporan_semester_2": ("Laporan semester II", 1, 15, 1),
    "batas_lke": ("Batas pengisian LKE", 3, 31, 1),
}

# The sections every semester and annual report must have a narrative for.
REQUIRED_NARRATIVES = (NarrativeSection.KENDALA, NarrativeSection.REKOMENDASI)

# period code -> (the schedule date it is due by, month and day it ends)
_PERIODS: dict[str, tuple[str, int, int]] = {
    "semester-1": ("laporan_semester_1", 6, 30),
    "semester-2": ("laporan_semester_2", 12, 31),
    "tahunan": ("batas_lke", 12, 31),
}


@dataclass(frozen=True)
class Deadline:
    name: str
    date: dt.date
    days_left: int  # negative: passed that many days ago
    default: bool  # rbctl's default, not set in rbctl.yaml


def due_date(schedule: Schedule, year: int, key: str) -> tuple[dt.date, bool]:
    """The date of ``key`` for the year ``tahun``, and whether it is rbctl's default."""
    given: dt.date | None = getattr(schedule, key)
    _name, month, day, later = SCHEDULE_DEFAULTS[key]
    return given or dt.date(year + later, month, day), given is None


def deadlines(schedule: Schedule, year: int, as_of: dt.date) -> list[Deadline]:
    """The reporting dates of the year, soonest first (passed ones last)."""
    out = []
    for key, (name, *_rest) in SCHEDULE_DEFAULTS.items():
        when, default = due_date(schedule, year, key)
        out.append(Deadline(name, when, (when - as_of).days, default))
    return sorted(out, key=lambda d: (d.days_left < 0, abs(d.days_left)))


def reporting_periods(schedule: Schedule, year: int, as_of: dt.date) -> list[tuple[str, int]]:
    """The reports being written on ``as_of``: (period code, year) of every period of the
    workspace year that has ended by that day and whose report is not yet past due."""
    out = []
    for code, (key, month, day) in _PERIODS.items():
        due, _default = due_date(schedule, year, key)
        if dt.date(year, month, day) <= as_of <= due:
            out.append((code, year))
    return out
