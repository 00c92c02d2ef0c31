"""Rubric model: answer scales, the weighted tree, grade bands. Rubrics are data files.

A weight may be written as a number or as an exact fraction (``"2/3"``): official sheets
print rounded weights (0.67) of sub-areas that are exact fractions, and sums must stay exact.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, model_validator

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


NodeStatus = Literal["resmi", "turunan", "sementara"]
"""resmi: a regulation or an agency's own worksheet gives it; turunan: computed from official
figures by a rule the rubric states; sementara: no source found."""


class Reference(RubricBase):
    """A document a rubric cites, listed once in the rubric's ``pustaka``."""

    judul: Text
    alamat: str | None = None  # where to find it (URL, or repository and file)


class Source(RubricBase):
    """Where a rubric node was taken from: a document (``ref`` to ``pustaka``, or its own
    ``judul``/``alamat``) and its part (sheet, cell, article)."""

    ref: Id | None = None
    judul: Text | None = None
    alamat: str | None = None
    bagian: str | None = None

    @model_validator(mode="after")
    def _named(self) -> Source:
        if self.ref is None and self.judul is None:
            raise ValueError("sumber perlu `ref` (id di `pustaka`) atau `judul`")
        return self


class Sourced(RubricBase):
    """Provenance of a node: ``status`` and its ``sumber``. Built-in rubrics need both on every
    node; a workspace's own rubric may omit them (a warning)."""

    status: NodeStatus | None = None
    sumber: list[Source] = Field(default_factory=list)


class ScaleBase(RubricBase):
    """``not_applicable``: answers that mean the criterion does not apply to the unit ("tidak
    berlaku"); only a component with ``rescale_not_applicable`` accepts them."""

    label: Text | None = None
    not_applicable: list[str] = Field(default_factory=list)

    def is_not_applicable(self, answer: object) -> bool:
        if not isinstance(answer, str) or not self.not_applicable:
            return False
        wanted = " ".join(answer.split()).casefold()
        return any(wanted == " ".join(na.split()).casefold() for na in self.not_applicable)


class ChoiceScale(ScaleBase):
    type: Literal["choice"]
    options: dict[str, Exact] = Field(min_length=2)


class PercentageScale(ScaleBase):
    """Answered with a percentage, or computed from two counts (jumlah) of the criterion.

    The value is min(percentage, cap) / cap: with the usual cap of 100, 100% or more earns
    the full value. ``from_counts`` scales must be computed from the criterion's counts.
    """

    type: Literal["percentage"]
    cap: Exact = Fraction(100)
    from_counts: bool = False


class RangeScale(ScaleBase):
    """A value on a range (nilai SAKIP 0-100, maturitas SPIP 0-5): (value - min) / (max - min)."""

    type: Literal["range"]
    min: Exact = Fraction(0)
    max: Exact


Scale = Annotated[ChoiceScale | PercentageScale | RangeScale, Field(discriminator="type")]


class Counts(RubricBase):
    """A percentage criterion computed as numerator / denominator x 100."""

    numerator: Id
    numerator_label: Text
    denominator: Id
    denominator_label: Text


class Guide(RubricBase):
    """How to answer a criterion: what each answer means (the sheet's "kriteria jawaban") and
    the evidence (data dukung) expected. ``status`` says whether the wording is the source's."""

    jawaban: dict[str, str] = Field(default_factory=dict)
    bukti: str | None = None
    catatan: str | None = None
    status: NodeStatus | None = None  # of the answers' wording
    status_bukti: NodeStatus | None = None  # of the evidence text (often sementara)


class Criterion(Sourced):
    """One LKE item. With ``weight`` (on every criterion of its sub-area, adding up to the
    sub-area's weight) the sub-area is the weighted sum instead of the plain mean."""

    id: Id
    text: Text
    scale: Id
    weight: Exact | None = None
    counts: Counts | None = None
    guide: Guide | str | None = None  # what each answer means, as the official sheet explains it

    def guide_lines(self) -> list[str]:
        """The guide as short lines for a terminal, a YAML comment or a cell note."""
        guide = self.guide
        if guide is None:
            return []
        if isinstance(guide, str):
            return [" ".join(guide.split())]
        lines = [f"{option}: {' '.join(meaning.split())}" for option, meaning in guide.jawaban.items()]
        if guide.catatan:
            lines.append("Catatan: " + " ".join(guide.catatan.split()))
        if guide.bukti:
            mark = " (sementara)" if guide.status_bukti == "sementara" else ""
            lines.append(f"Data dukung{mark}: " + " ".join(guide.bukti.split()))
        if guide.status == "sementara":
            lines.append("(Arti jawaban ini sementara, bukan kata-kata lembar resmi.)")
        return lines


class Weighted(Sourced):
    """A component, area or sub-area. Its weight is provisional when it says so, or when its
    status is ``sementara``."""

    provisional: bool = False

    @model_validator(mode="after")
    def _status_provisional(self) -> Weighted:
        if self.status == "sementara":
            self.provisional = True
        return self


class SubArea(Weighted):
    id: Id
    name: Text
    weight: Exact
    criteria: list[Criterion] = Field(min_length=1)


class AreaNode(Weighted):
    id: Id
    name: Text | None = None
    change_area: Id | None = None  # the change area (area perubahan) it belongs to
    weight: Exact
    subareas: list[SubArea] = Field(min_length=1)


class Component(Weighted):
    id: Id
    name: Text
    group: Text | None = None  # e.g. "Pengungkit" or "Hasil"
    weight: Exact
    # When answers say some criteria do not apply (a scale's `not_applicable` answers), the
    # component is rescaled: earned points / applicable weight x its weight (PermenPANRB 9/2023).
    rescale_not_applicable: bool = False
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


class Condition(RubricBase):
    """One condition of a threshold: the index (``of: total``), a node (its id), a group of
    components (``of: "group:Pengungkit"``) or, with ``each_area``, every area under a
    component or group, must reach ``min`` points or ``min_percent`` of its weight."""

    label: Text
    of: str
    each_area: bool = False
    min: Exact | None = None
    min_percent: Exact | None = None

    @model_validator(mode="after")
    def _one_bound(self) -> Condition:
        if (self.min is None) == (self.min_percent is None):
            raise ValueError("tulis tepat satu dari `min` atau `min_percent`")
        return self


class Threshold(Sourced):
    """A set of conditions a unit must all meet (e.g. the WBK predicate of Zona Integritas)."""

    id: Id
    name: Text
    conditions: list[Condition] = Field(min_length=1)


class Rubric(RubricBase):
    kind: Literal["rubric"]
    schema_version: Literal[1]
    id: Id
    title: Text
    legal_basis: Text
    version: Text
    total: Exact = Fraction(100)
    provisional_note: str | None = None
    pustaka: dict[Id, Reference] = Field(default_factory=dict)  # documents the nodes cite
    scales: dict[Id, Scale]
    change_areas: list[ChangeArea] = Field(default_factory=list)
    components: list[Component] = Field(min_length=1)
    grades: list[GradeBand] = Field(min_length=1)
    thresholds: list[Threshold] = Field(default_factory=list)

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
