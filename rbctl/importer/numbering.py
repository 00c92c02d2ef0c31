"""Hierarchical numbering of official LKE sheets: A (component) / I (area) / 1 (sub-area) / a (criterion)."""

from __future__ import annotations

import re

_ROMAN = {"I": 1, "V": 5, "X": 10}
_TOKEN = re.compile(r"^\(?([A-Za-z]{1,5}|\d{1,3})[.)]?$")


def roman_value(token: str) -> int | None:
    """I..XXXIX (letters I, V, X only, so component letters C, D, L, M are never roman)."""
    if not token or any(ch not in _ROMAN for ch in token):
        return None
    total = 0
    for i, ch in enumerate(token):
        value = _ROMAN[ch]
        total += -value if i + 1 < len(token) and _ROMAN[token[i + 1]] > value else value
    return total


def level_of(raw: object, *, seen_component: bool) -> tuple[int, int] | None:
    """(level 1-4, 1-based position) of a numbering cell, or None when it is not numbering.

    A single capital letter is a component unless it reads as a roman numeral below one
    (I, V, X after A); roman numerals are areas, digits sub-areas, lower-case letters criteria.
    """
    if raw is None:
        return None
    text = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw).strip()
    match = _TOKEN.match(text)
    if not match:
        return None
    token = match.group(1)
    if token.isdigit():
        return 3, int(token)
    if token.islower():
        return (4, ord(token) - ord("a") + 1) if len(token) == 1 else None
    roman = roman_value(token)
    if roman is not None and (seen_component or len(token) > 1):
        return 2, roman
    if len(token) == 1:
        return 1, ord(token) - ord("A") + 1
    return None
