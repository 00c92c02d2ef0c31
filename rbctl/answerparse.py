"""One reading of an answer (and of a number) as a Tim RB writes it, for every command.

`validate`, `score`, `answer`, `fmt` and `import` all call ``read_answer``, so the same input
gets the same verdict everywhere: accepted with one value (and one canonical form, which
`rbctl fmt` writes), or rejected with a reason and what to write instead.

The rule table:

| written                                   | read as                                              |
|-------------------------------------------|------------------------------------------------------|
| `Ya`, `ya`, `YA`, `"Ya "`, `b`            | the option, in any case, with spaces around          |
| `B. Sebagian ...`                         | option B (an option pasted with its text)            |
| `0,67` on A/B/C/D, `75%` on A/B/C/D/E     | the one option with that value (B)                   |
| `57,1`, `57.1`, `'57.1'`, `'90`           | 57.1, 90: comma or point as decimal; quotes dropped  |
| `1.234,5`, `1,234.5`, `1.500.000`         | grouped thousands: 1234.5, 1500000                   |
| `3,125`, `3.125` on a 0-4 range          | 3.125: the one reading the scale allows              |
| `1.500`, `1,500`; or both readings fit    | ambiguous (thousands or decimals?): rejected         |
| `75%`, `75`                               | 75 on a percentage scale                             |
| `0,75` on a percentage scale              | ambiguous (75% or 0.75%?): rejected; `0.75%` is kept |
| `80%` on a range                          | rejected: a range value is not a percentage          |
| `3,5` on a 0-4 range                      | 3.5                                                  |

A number YAML itself reads (`jawaban: 57.1`) is that number; ``as_written`` gives back the
text of an unquoted `1.500`, which YAML reads as 1.5, so that it is judged as written.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ruamel.yaml.scalarstring import PlainScalarString

from rbctl import hints
from rbctl.rubric import ChoiceScale, Criterion, PercentageScale, RangeScale, Rubric, Scale

if TYPE_CHECKING:
    from rbctl.models import Answers
    from rbctl.yamlload import Document

Canonical = str | int | float

_QUOTES = ("'", '"', "\u2018", "\u2019", "\u201c", "\u201d")
_PLAIN = re.compile(r"^\d+$")
_DECIMAL = re.compile(r"^(\d*)([.,])(\d+)$")
_GROUPED = re.compile(r"^\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*$")
_ID_STYLE = re.compile(r"^\d{1,3}(?:\.\d{3})*,\d+$")  # 1.234,5
_EN_STYLE = re.compile(r"^\d{1,3}(?:,\d{3})*\.\d+$")  # 1,234.5
_LEADING_OPTION = re.compile(r"^([A-Za-z]+)\s*[.)]\s+\S")  # "B. Sebagian ..." pasted with its text


class Verdict(StrEnum):
    EMPTY = "kosong"
    ACCEPTED = "diterima"
    REJECTED = "ditolak"


@dataclass(frozen=True)
class NumberText:
    """A number as written: its value, or the readings it could have when ambiguous."""

    value: Fraction | None
    percent: bool = False
    readings: tuple[Fraction, ...] = ()  # ambiguous: (as decimals, as thousands)
    zero_end: bool = False  # ambiguous and ends in 0 (`1.500`): how thousands look, not decimals


@dataclass(frozen=True)
class Reading:
    """What an answer as written means for one criterion's scale."""

    verdict: Verdict
    canonical: Canonical | None = None  # what `jawaban` should hold (accepted only)
    option: str | None = None  # choice scales
    number: Fraction | None = None  # percentage and range scales
    reason: str = ""  # why it is rejected, a clause: "`D` bukan pilihan skala kriteria ini"
    hint: str = ""  # what to write instead
    ambiguous: bool = False

    @property
    def accepted(self) -> bool:
        return self.verdict is Verdict.ACCEPTED


def clean_text(text: str) -> str:
    """Without the spaces and quotes around it (YAML quotes a user typed inside a value, a
    cell's leading apostrophe)."""
    text = text.replace("\u00a0", " ").strip()
    if len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES:
        text = text[1:-1].strip()
    elif text[:1] == "'":
        text = text[1:].strip()
    return text


def _exact(text: str) -> Fraction | None:
    try:
        return Fraction(Decimal(text))
    except (InvalidOperation, ValueError):
        return None


def parse_number(raw: object) -> NumberText | None:
    """A number as a Tim RB writes it, or None when it is not one (see the rule table)."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return NumberText(Fraction(raw))
    if isinstance(raw, float):
        return NumberText(Fraction(Decimal(repr(raw)))) if math.isfinite(raw) else None
    if isinstance(raw, Fraction):
        return NumberText(raw)
    if isinstance(raw, Decimal):
        return NumberText(Fraction(raw)) if raw.is_finite() else None
    if not isinstance(raw, str):
        return None
    text = clean_text(raw)
    percent = text.endswith("%")
    text = text.removesuffix("%").strip()
    sign = -1 if text.startswith("-") else 1
    text = text.lstrip("+-").strip() if text[:1] in "+-" else text
    if not text or len(text) > 40:  # no figure of a record is that long
        return None
    got = _unsigned(text)
    if got is None:
        return None
    return NumberText(None if got.value is None else sign * got.value, percent,
                      tuple(sign * r for r in got.readings), got.zero_end)


def _unsigned(text: str) -> NumberText | None:
    if _PLAIN.match(text):
        return NumberText(Fraction(int(text)))
    decimal = _DECIMAL.match(text)
    if decimal:
        whole, _sep, digits = decimal.groups()
        as_decimal = _exact(f"{whole or '0'}.{digits}")
        if len(digits) == 3 and 1 <= len(whole) <= 3 and not whole.startswith("0"):
            as_thousands = Fraction(int(whole + digits))
            return NumberText(None, readings=(as_decimal or Fraction(0), as_thousands), zero_end=digits.endswith("0"))
        return NumberText(as_decimal)
    if _GROUPED.match(text):
        return NumberText(Fraction(int(re.sub(r"[.,]", "", text))))
    if _ID_STYLE.match(text):
        return NumberText(_exact(text.replace(".", "").replace(",", ".")))
    if _EN_STYLE.match(text):
        return NumberText(_exact(text.replace(",", "")))
    return None


def number_value(raw: object) -> Fraction | None:
    """The number written, when it is one and not ambiguous (counts, weights, cells)."""
    got = parse_number(raw)
    return got.value if got is not None and not got.percent else None


def plain(value: Fraction) -> int | float:
    """The number as YAML writes it: 90, 57.1."""
    if value.denominator == 1:
        return value.numerator
    return float(value)


def show(value: Fraction) -> str:
    """A number for a hint: `57.1` (as it is written in a record)."""
    return str(plain(value))


def _text(raw: object) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip() if isinstance(raw, str) else str(raw)


# ---- answers ----------------------------------------------------------------------------------


def read_answer(scale: Scale, crit: Criterion | None, raw: object) -> Reading:
    """The answer ``raw`` (a YAML value, a cell, a command-line argument) for ``crit``."""
    if raw is None or (isinstance(raw, str) and clean_text(raw) == ""):
        return Reading(Verdict.EMPTY)
    if scale.is_not_applicable(raw):  # "tidak berlaku": the scale's own words, kept as the rubric writes them
        assert isinstance(raw, str)
        label = next(na for na in scale.not_applicable
                     if " ".join(na.split()).casefold() == " ".join(raw.split()).casefold())
        return Reading(Verdict.ACCEPTED, label)
    if isinstance(raw, bool):
        return _reject(f"`{str(raw).lower()}` bukan jawaban", "Tulis jawabannya, misalnya `Ya` atau `85`.")
    if isinstance(scale, ChoiceScale):
        return _choice(scale, raw)
    if isinstance(scale, PercentageScale):
        return _percentage(scale, crit, raw)
    return _range(scale, raw)


def _reject(reason: str, hint: str, *, ambiguous: bool = False) -> Reading:
    return Reading(Verdict.REJECTED, reason=reason, hint=hint, ambiguous=ambiguous)


def _options_hint(scale: ChoiceScale, given: str) -> str:
    listed = "Pilihan: " + ", ".join(f"`{o}`" for o in scale.options) + "."
    near = hints.did_you_mean(given, scale.options)
    return f"{near} {listed}" if near else listed


def _choice(scale: ChoiceScale, raw: object) -> Reading:
    if isinstance(raw, str):
        text = " ".join(clean_text(raw).split())
        by_name = {option.casefold(): option for option in scale.options}
        option = by_name.get(text.casefold())
        leading = _LEADING_OPTION.match(text)
        if option is None and leading:
            option = by_name.get(leading.group(1).casefold())
        if option is not None:
            return Reading(Verdict.ACCEPTED, option, option=option)
    number = parse_number(raw)
    if number is not None:
        scaled = Fraction(1, 100) if number.percent else Fraction(1)
        value = _resolve(raw, number, lambda v: v * scaled in scale.options.values(), "pilihan")
        matches = [opt for opt, val in scale.options.items() if val == value * scaled] \
            if isinstance(value, Fraction) else []
        if len(matches) == 1:
            return Reading(Verdict.ACCEPTED, matches[0], option=matches[0])
    shown = _text(raw)
    return _reject(f"`{shown}` bukan pilihan skala kriteria ini", _options_hint(scale, shown))


def _resolve(raw: object, number: NumberText, fits: Any, what: str) -> Fraction | Reading:
    """The one reading of `1.500`-like text the scale allows, or why it stays ambiguous.

    `3,125` on a 0-4 range can only be 3.125; `1.500` (ending in 0, as grouped thousands do)
    or a number both of whose readings fit the scale is rejected, with what to write.
    """
    if number.value is not None:
        return number.value
    as_decimal, as_thousands = number.readings
    fitting = [r for r in number.readings if fits(r)]
    if len(fitting) == 1 and not number.zero_end:
        return fitting[0]
    if len(fitting) == 1:
        other = as_thousands if fitting[0] == as_decimal else as_decimal
        hint = f"Tulis `{show(fitting[0])}` ({show(other)} di luar {what})."
    else:
        hint = f"Tulis `{show(as_thousands)}` bila maksudnya ribuan, atau `{show(as_decimal)}` bila desimal."
    return _reject(f"`{_text(raw)}` meragukan: bisa {show(as_thousands)} (titik/koma ribuan) atau "
                   f"{show(as_decimal)} (desimal)", hint, ambiguous=True)


def _percentage(scale: PercentageScale, crit: Criterion | None, raw: object) -> Reading:
    if scale.from_counts:
        spec = crit.counts if crit is not None else None
        names = f"`{spec.numerator}` dan `{spec.denominator}`" if spec is not None else "dua jumlah"
        example = f"{{{spec.numerator}: ..., {spec.denominator}: ...}}" if spec is not None else "{...}"
        return _reject(f"persentase ini dihitung dari jumlah {names}", f"Tulis `jumlah: {example}` saja.")
    number = parse_number(raw)
    if number is None:
        return _reject(f"`{_text(raw)}` bukan angka persentase", "Tulis angka persen, misalnya `85` atau `87.5`.")
    value = _resolve(raw, number, lambda v: 0 <= v <= scale.cap, f"0-{show(scale.cap)}%")
    if isinstance(value, Reading):
        return value
    if value < 0:
        return _reject(f"`{_text(raw)}`: persentase tidak boleh negatif", "Tulis angka 0 atau lebih.")
    if 0 < value < 1 and not number.percent:
        return _reject(f"`{_text(raw)}` meragukan: {show(value * 100)}% atau {show(value)}%?",
                       f"Tulis `{show(value * 100)}` untuk {show(value * 100)}%, atau `{show(value)}%` bila memang "
                       "kurang dari 1%.", ambiguous=True)
    canonical: Canonical = f"{show(value)}%" if 0 < value < 1 else plain(value)
    return Reading(Verdict.ACCEPTED, canonical, number=value)


def _range(scale: RangeScale, raw: object) -> Reading:
    span = f"{show(scale.min)}-{show(scale.max)}"
    number = parse_number(raw)
    if number is None:
        middle = (scale.min + scale.max) / 2
        return _reject(f"`{_text(raw)}` bukan angka", f"Tulis angka {span}, misalnya `{show(middle)}`.")
    value = _resolve(raw, number, lambda v: scale.min <= v <= scale.max, f"rentang {span}")
    if isinstance(value, Reading):
        return value
    if number.percent:
        return _reject(f"`{_text(raw)}`: nilai rentang {span} ditulis tanpa tanda %",
                       f"Tulis angkanya saja, misalnya `{show(value)}`.")
    if not scale.min <= value <= scale.max:
        return _reject(f"`{_text(raw)}` di luar rentang {span}", f"Tulis nilai antara {show(scale.min)} dan "
                       f"{show(scale.max)}.")
    return Reading(Verdict.ACCEPTED, plain(value), number=value)


def is_canonical(raw: object, canonical: Canonical) -> bool:
    """Whether ``raw`` is already written as ``canonical`` (90.0 is 90; `'90'` is not)."""
    if isinstance(raw, bool):
        return False
    if isinstance(canonical, str):
        return isinstance(raw, str) and raw == canonical
    return isinstance(raw, int | float) and raw == canonical


# ---- numbers YAML read differently from how they were written --------------------------------

_AMBIGUOUS_FLOAT = re.compile(r"jawaban\s*:\s*[-+]?[1-9]\d{0,2}\.\d\d0(?![\d.])")
_TOKEN = re.compile(r"[^\s,#\]}]+")


def written_float(text: str, line: int, column: int) -> str | None:
    """The plain scalar at (line, column) of ``text`` as written."""
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return None
    match = _TOKEN.match(lines[line - 1], column - 1)
    return match.group(0) if match else None


def as_written(answers: Answers, doc: Document) -> Answers:
    """``answers`` with each unquoted number YAML read as a decimal but written like grouped
    thousands (`1.500`, read as 1.5) given back as its text, so that it is judged as written.

    A file without such a number (found by one search of its text) costs nothing more.
    """
    text = getattr(doc, "_text", None) or ""
    if not _AMBIGUOUS_FLOAT.search(text):
        return answers
    changed = answers.model_copy(deep=True)
    for section in ("jawaban", "reviu"):
        for crit_id, entry in getattr(changed, section).items():
            if isinstance(entry.jawaban, float):
                line, column = doc.positions().find((section, crit_id, "jawaban"))
                token = written_float(text, line, column)
                if token is not None and (got := parse_number(token)) is not None and got.value is None:
                    entry.jawaban = token
    return changed


# ---- `rbctl fmt` ------------------------------------------------------------------------------


def _float_text(raw: object) -> object:
    """An unquoted float as ruamel read it, given back as written when it looks like `1.500`
    (ruamel keeps the width and the position of the point)."""
    width, point = getattr(raw, "_width", None), getattr(raw, "_prec", None)
    if isinstance(raw, float) and isinstance(width, int) and isinstance(point, int) and \
            getattr(raw, "_exp", None) is None and 1 <= point <= 3 and width - point - 1 == 3:
        return f"{raw:.3f}"
    return raw


def canonical_answers(data: Any, rubric: Rubric) -> int:
    """Rewrite the accepted answers of an LKE (round-trip data) to their canonical form, in
    place; what is rejected stays as written (validate reports it). Returns how many changed."""
    changed = 0
    criteria = rubric.criteria()
    for section in ("jawaban", "reviu"):
        entries = data.get(section) if isinstance(data, dict) else None
        if not isinstance(entries, dict):
            continue
        for crit_id, entry in entries.items():
            crit = criteria.get(str(crit_id))
            if crit is None or not isinstance(entry, dict) or entry.get("jawaban") is None:
                continue
            scale = rubric.scales.get(crit.scale)
            raw = entry["jawaban"]
            reading = read_answer(scale, crit, _float_text(raw)) if scale is not None else None
            if reading is not None and reading.accepted and reading.canonical is not None and \
                    not is_canonical(raw, reading.canonical):
                canonical = reading.canonical
                # Plain, not in the quotes the old text had (`"ya "` -> `Ya`); `0.75%` needs none either.
                entry["jawaban"] = PlainScalarString(canonical) if isinstance(canonical, str) else canonical
                changed += 1
    return changed
