"""Display rounding as the official sheets do it: half up (Excel's ROUND), Indonesian comma.

Scores stay exact (Fractions) until shown; only the display rounds. Python's ``round`` rounds
half to even and works on binary floats (``round(1.335, 2)`` gives 1.33); the sheet shows 1,34.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

Number = Fraction | Decimal | int | float


def to_fraction(value: Number) -> Fraction:
    """Exact value; a float counts as the decimal it prints as (0.67 is 67/100)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))
    return Fraction(value)


def round_half_up(value: Number, places: int = 2) -> Decimal:
    """Round half away from zero to ``places`` decimals, exactly."""
    exact = to_fraction(value)
    scale = 10**places
    scaled = abs(exact) * scale
    rounded = math.floor(scaled + Fraction(1, 2))
    if exact < 0:
        rounded = -rounded
    return Decimal(rounded).scaleb(-places).quantize(Decimal(1).scaleb(-places))


def fmt_id(value: Number, places: int = 2) -> str:
    """Indonesian display: ``91,67``; thousands grouped with a dot (``1.234,50``)."""
    text = f"{round_half_up(value, places):,.{places}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def fmt_dot(value: Number, places: int = 2) -> str:
    """Display with a decimal point, for machine-readable output: ``91.67``."""
    return f"{round_half_up(value, places):.{places}f}"


def json_number(value: Number, places: int = 2) -> float:
    """Half-up rounded number for JSON (prints with a dot)."""
    return float(round_half_up(value, places))


def parse_id_number(text: str) -> Fraction | None:
    """Read a number as a Tim RB writes it: ``87,5``, ``87.5``, ``87,5%``. None if not a number."""
    cleaned = text.strip().removesuffix("%").strip().replace(" ", "")
    if not cleaned or len(cleaned) > 40:  # no figure of a record is that long; Python would refuse to print it
        return None
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        value = Fraction(Decimal(cleaned))
    except (ArithmeticError, ValueError):
        return None
    return value
