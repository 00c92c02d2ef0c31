"""Indonesian display of dates, amounts and scores (comma decimals, month names)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from rbctl.numfmt import Number, fmt_id, to_fraction

MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
          "Oktober", "November", "Desember"]
CHAPTERS = ["I", "II", "III", "IV", "V", "VI"]


def long_date(day: dt.date) -> str:
    """"30 Juni 2026"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def score_text(value: Number) -> str:
    """Two decimals, half up, comma: "91,67"."""
    return fmt_id(value, 2)


def percent_text(value: Number) -> str:
    """"91,67%"."""
    return fmt_id(value, 2) + "%"


def amount_text(value: Number | None) -> str:
    """An amount as written: "4", "2,5", "1.250"; "-" when absent."""
    if value is None:
        return "-"
    exact = to_fraction(value)
    if exact.denominator == 1:
        return fmt_id(exact, 0)
    text = fmt_id(exact, 2)
    return text.rstrip("0").rstrip(",") if "," in text else text


def weight_text(value: Fraction) -> str:
    """A weight: "2", "0,4", "0,82" (an exact fraction is shown rounded)."""
    return amount_text(value)


def rupiah(value: Number | None) -> str:
    if value is None:
        return "-"
    return "Rp" + fmt_id(value, 0)


def bobot_text(value: Fraction) -> str:
    """A weight in a report, always with two decimals as the sheets show it: "2,00", "0,82"."""
    return fmt_id(value, 2)
