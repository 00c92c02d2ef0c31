"""One cell value (as typed in Excel) to an answer of a criterion's scale.

The cell is read by rbctl.answerparse, as `validate`, `score` and `answer` read a record: the
same text gets the same verdict. What only a workbook has is its cell format: a number in a
%-formatted cell (0.75 shown as 75%) is read as written with its % sign.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from rbctl.answerparse import number_value, read_answer, show
from rbctl.rubric import Criterion, PercentageScale, Scale
from rbctl.scoring import convert


@dataclass
class Normalised:
    value: str | int | float | None  # what `jawaban` gets (None: counts only, or empty)
    counts: dict[str, int | float] = field(default_factory=dict)
    shown: str = ""
    error: str | None = None  # why the cell is not an answer of the scale


def _number(value: Fraction) -> int | float:
    return value.numerator if value.denominator == 1 else float(value)


def cell_text(raw: object) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def _as_written(raw: object, percent_format: bool) -> object:
    """A number in a %-formatted cell as the text it shows (0.75 -> `75%`)."""
    if percent_format and isinstance(raw, int | float) and not isinstance(raw, bool):
        return f"{show(Fraction(Decimal(repr(raw))) * 100)}%"
    return raw


def normalise_answer(scale: Scale, crit: Criterion, raw: object, *, percent_format: bool = False) -> Normalised:
    """The answer a cell holds for ``crit``; ``error`` says why it is not one of the scale."""
    if isinstance(scale, PercentageScale) and scale.from_counts:
        return Normalised(None, error="persentase ini dihitung dari dua jumlah; isi kolom jumlah")
    reading = read_answer(scale, crit, _as_written(raw, percent_format))
    if not reading.accepted or reading.canonical is None:
        return Normalised(None, error=reading.reason or f"`{cell_text(raw)}` kosong")
    conv = convert(scale, crit, reading.canonical)
    return Normalised(reading.canonical, shown=conv.shown or "")


def normalise_count(raw: object) -> int | float | None:
    number = number_value(raw)
    if number is None or number < 0:
        return None
    return _number(number)
