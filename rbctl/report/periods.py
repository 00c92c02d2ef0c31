"""Report periods: semester I (TW I-II), semester II (TW III-IV) and the whole year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rbctl.report.idtext import MONTHS, long_date

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class ReportPeriod:
    code: str  # "semester-1", "semester-2", "tahunan" (as narratives name them)
    year: int
    quarters: tuple[int, ...]
    start: dt.date
    end: dt.date

    @property
    def name(self) -> str:
        """"Semester I" or "Tahunan"."""
        if self.code == "tahunan":
            return "Tahunan"
        return f"Semester {ROMAN[int(self.code[-1])]}"

    @property
    def title(self) -> str:
        """"Semester I Tahun 2026" or "Tahun 2026"."""
        if self.code == "tahunan":
            return f"Tahun {self.year}"
        return f"{self.name} Tahun {self.year}"

    @property
    def span(self) -> str:
        """"Januari - Juni 2026"."""
        return f"{MONTHS[self.start.month - 1]} - {MONTHS[self.end.month - 1]} {self.year}"

    @property
    def slug(self) -> str:
        return self.code

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def quarter_labels(self) -> list[str]:
        return [f"TW {ROMAN[q]}" for q in self.quarters]

    def as_dict(self) -> dict[str, object]:
        return {
            "kode": self.code,
            "nama": self.name,
            "judul": self.title,
            "rentang": self.span,
            "mulai": long_date(self.start),
            "selesai": long_date(self.end),
            "triwulan": self.quarter_labels(),
            "tahunan": self.code == "tahunan",
        }


def period_for(kind: str, year: int) -> ReportPeriod:
    """``kind`` is "1", "2" (semesters) or "tahunan"."""
    if kind == "1":
        return ReportPeriod("semester-1", year, (1, 2), dt.date(year, 1, 1), dt.date(year, 6, 30))
    if kind == "2":
        return ReportPeriod("semester-2", year, (3, 4), dt.date(year, 7, 1), dt.date(year, 12, 31))
    if kind == "tahunan":
        return ReportPeriod("tahunan", year, (1, 2, 3, 4), dt.date(year, 1, 1), dt.date(year, 12, 31))
    raise ValueError(kind)
