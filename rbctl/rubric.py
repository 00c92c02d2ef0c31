"""Rubric model: answer scales, the weighted tree, grade bands. Rubrics are data files.

A weight may be written as a number or as an exact fraction (``"2/3"``): official sheets
print rounded weights (0.67) of sub-areas that are exact fractions, and sums must stay exact.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer

from rbctl.models import Id, Text


def _to_fraction(value: object) -> Fraction:
    if isinstance(value, bool):
        raise ValueError("bobot harus berupa angka")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("harus berupa angka biasa (bukan .inf atau .nan)")
        # Literal decimals as written (0.67 is 67/100, never the binary float).
        return Fraction(Decimal(repr(value)))
    if isinstance(value, str):
        try:
            parsed = Fraction(value.strip())
        except (ValueError, ZeroDivisionError, OverflowError):
            pass
        else:
            if abs(parsed) <= 10**9:  # a weight, not an astronomical figure
                return parsed
    raise ValueError("harus berupa angka, misalnya 2, 0.67 atau \"2/3\"")


Exact = Annotated[
    Fraction,
    BeforeValidator(_to_fraction),
    PlainSerializer(float, return_type=float),
]


class RubricBase(BaseModel):
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True, defer_build=True)


class Source(RubricBase):
    """Where a rubric node was taken from: a document and its part (sheet and cell)."""

    judul: Text
    bagian: str | None = None


class Sourced(RubricBase):
    """Optional provenance of a node: ``status`` (e.g. resmi) and its ``sumber``."""

    status: str | None = None
    sumber: list[Source] = Field(default_factory=list)


class ChoiceScale(RubricBase):
    type: Literal["choice"]
    label: Text | None = None
    options: dict[str, Exact] = Field(min_length=2)


class PercentageScale(RubricBase):
    """Answered with a percentage, or computed from two counts (jumlah) of the criterion.

    The value is min(percentage, cap) / cap: with the usual cap of 100, 100% or more earns
    the full value. ``from_counts`` scales must be computed from the criterion's counts.
    """

    type: Literal["percentage"]
    label: Text | None = None
    cap: Exact = Fraction(100)
    from_counts: bool = False


class RangeScale(RubricBase):
    """A value on a range (nilai SAKIP 0-100, maturitas SPIP 0-5): (value - min) / (max - min)."""

    type: Literal["range"]
    label: Text | None = None
    min: Exact = Fraction(0)
    max: Exact


Scale = Annotated[ChoiceScale | PercentageScale | RangeScale, Field(discriminator="type")]


class Counts(RubricBase):
    """A percentage criterion computed as numerator / denominator x 100."""

    numerator: Id
    numerator_label: Text
    denominator: Id
    denominator_label: Text


class Criterion(Sourced):
    """One LKE item. With ``weight`` (on every criterion of its sub-area, adding up to the
    sub-area's weight) the sub-area is the weighted sum instead of the plain mean."""

    id: Id
    text: Text
    scale: Id
    weight: Exact | None = None
    counts: Counts | None = None
    guide: str | None = None  # what each answer means, as the official sheet explains it


class SubArea(Sourced):
    id: Id
    name: Text
    weight: Exact
    provisional: bool = False
    criteria: list[Criterion] = Field(min_length=1)


class AreaNode(Sourced):
    id: Id
    name: Text | None = None
    change_area: Id | None = None  # the change area (area perubahan) it belongs to
    weight: Exact
    provisional: bool = False
    subareas: list[SubArea] = Field(min_length=1)


class Component(Sourced):
    id: Id
    name: Text
    group: Text | None = None  # e.g. "Pengungkit" or "Hasil"
    weight: Exact
    provisional: bool = False
    areas: list[AreaNode] = Field(min_length=1)


class ChangeArea(RubricBase):
    id: Id
    name: Text


class GradeBand(RubricBase):
    """Index above ``above`` (or at it, with ``inclusive``) earns this grade."""

    grade: Text
    label: Text
    above: Exact
    inclusive: bool = False


class Rubric(RubricBase):
    kind: Literal["rubric"]
    schema_version: Literal[1]
    id: Id
    title: Text
    legal_basis: Text
    version: Text
    total: Exact = Fraction(100)
    provisional_note: str | None = None
    scales: dict[Id, Scale]
    change_areas: list[ChangeArea] = Field(default_factory=list)
    components: list[Component] = Field(min_length=1)
    grades: list[GradeBand] = Field(min_length=1)

    def criteria(self) -> dict[str, Criterion]:
        return {
            c.id: c for comp in self.components for area in comp.areas
            for sub in area.subareas for c in sub.criteria
        }

    def change_area_ids(self) -> set[str]:
        return {a.id for a in self.change_areas}

    def is_provisional(self) -> bool:
        return any(
            comp.provisional or area.provisional or sub.provisional
            for comp in self.components for area in comp.areas for sub in area.subareas
        )
