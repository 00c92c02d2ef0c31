"""One cell value (as typed in Excel) to an answer of a criterion's scale.

Kept behind ``normalise_answer`` so one shared answer parser can replace it: options in any
case and with stray spaces (`a`, `ya `), a number matching an option's value (`0,75` for B of
A/B/C/D/E), percentages as `75%`, `75`, `0,75` or a %-formatted cell, decimal commas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction

from rbctl.numfmt import parse_id_number
from rbctl.rubric import ChoiceScale, Criterion, PercentageScale, RangeScale, Scale
from rbctl.scoring import Status, convert

_PERCENT = re.compile(r"^\s*(.+?)\s*%\s*$")
_LEADING_OPTION = re.compile(r"^\s*([A-Za-z]+)\s*[.)]\s+\S")  # "B. Sebagian ..." typed with its text


@dataclass
class Normalised:
    value: str | int | float | None  # what `jawaban` gets (None: counts only, or empty)
    counts: dict[str, int | float] = field(default_factory=dict)
    shown: str = ""
    error: str | None = None  # why the cell is not an answer of the scale


def _number(value: Fraction) -> int | float:
    return value.numerator if value.denominator == 1 else float(value)


def _as_fraction(raw: object) -> tuple[Fraction | None, bool]:
    """A cell value as a number, and whether it was written as a percentage."""
    if isinstance(raw, bool):
        return None, False
    if isinstance(raw, int):
        return Fraction(raw), False
    if isinstance(raw, float):
        return Fraction(repr(raw)), False
    if isinstance(raw, str):
        match = _PERCENT.match(raw)
        if match:
            return parse_id_number(match.group(1)), True
        return parse_id_number(raw.strip()), False
    return None, False


def cell_text(raw: object) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def _choice(scale: ChoiceScale, crit: Criterion, raw: object) -> Normalised:
    text = cell_text(raw)
    conv = convert(scale, crit, text)
    if conv.status is Status.ANSWERED and conv.shown:
        return Normalised(conv.shown, shown=conv.shown)
    leading = _LEADING_OPTION.match(text)
    if leading:
        conv = convert(scale, crit, leading.group(1))
        if conv.status is Status.ANSWERED and conv.shown:
            return Normalised(conv.shown, shown=conv.shown)
    number, percent = _as_fraction(raw)
    if number is not None:
        value = number / 100 if percent else number
        matches = [opt for opt, val in scale.options.items() if val == value]
        if len(matches) == 1:
            return Normalised(matches[0], shown=matches[0])
    return Normalised(None, error=f"`{text}` bukan pilihan jawaban ({', '.join(scale.options)})")


def _percentage(scale: PercentageScale, crit: Criterion, raw: object, percent_format: bool) -> Normalised:
    number, percent = _as_fraction(raw)
    if number is None:
        return Normalised(None, error=f"`{cell_text(raw)}` bukan angka persentase")
    if (percent_format and not percent) or (not percent and 0 < number <= 1 and number.denominator != 1):
        number *= 100  # 0,75 or a %-formatted 0.75 means 75%
    if scale.from_counts:
        return Normalised(None, error="persentase ini dihitung dari dua jumlah; isi kolom jumlah")
    conv = convert(scale, crit, _number(number))
    if conv.status is not Status.ANSWERED:
        return Normalised(None, error=f"`{cell_text(raw)}`: {conv.note}")
    return Normalised(_number(number), shown=conv.shown or "")


def _range(scale: RangeScale, crit: Criterion, raw: object) -> Normalised:
    number, _percent = _as_fraction(raw)
    if number is None:
        return Normalised(None, error=f"`{cell_text(raw)}` bukan angka")
    conv = convert(scale, crit, _number(number))
    if conv.status is not Status.ANSWERED:
        return Normalised(None, error=f"`{cell_text(raw)}`: {conv.note}")
    return Normalised(_number(number), shown=conv.shown or "")


def normalise_answer(scale: Scale, crit: Criterion, raw: object, *, percent_format: bool = False) -> Normalised:
    """The answer a cell holds for ``crit``; ``error`` says why it is not one of the scale."""
    if isinstance(scale, ChoiceScale):
        return _choice(scale, crit, raw)
    if isinstance(scale, PercentageScale):
        return _percentage(scale, crit, raw, percent_format)
    return _range(scale, crit, raw)


def normalise_count(raw: object) -> int | float | None:
    number, _percent = _as_fraction(raw)
    if number is None or number < 0:
        return None
    return _number(number)
