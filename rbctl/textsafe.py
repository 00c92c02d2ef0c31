"""Control characters in record text: found and named for `validate`, removed before rendering.

Word users paste them without seeing them (a manual line break is a vertical tab, U+000B);
Word and Excel files cannot hold most of them, and a lone surrogate cannot even be written
as UTF-8. Tab and newline are ordinary text.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

_NAMES = {
    "\x00": "NUL", "\x07": "bel", "\x08": "backspace", "\x0b": "tab vertikal, dari jeda baris manual Word",
    "\x0c": "pemisah halaman", "\x0d": "carriage return", "\x1b": "escape", "\ufffe": "bukan karakter",
    "\uffff": "bukan karakter",
}


def describe(char: str) -> str:
    """`U+000B (tab vertikal ...)`: how the hint names a control character."""
    name = _NAMES.get(char, "karakter kontrol")
    return f"U+{ord(char):04X} ({name})"


def first_control(text: str) -> int:
    """Index of the first control character in ``text``, or -1."""
    match = CONTROL.search(text.replace("\r\n", "\n"))
    return -1 if match is None else match.start()


def scrub(value: Any) -> Any:
    """The same structure with control characters replaced by spaces (Markup stays Markup)."""
    if isinstance(value, Markup):
        return Markup(CONTROL.sub(" ", str(value)))  # noqa: S704 - only control characters are replaced
    if isinstance(value, str):
        return CONTROL.sub(" ", value.replace("\r\n", "\n"))
    if isinstance(value, dict):
        return {k: scrub(v) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub(v) for v in value]
    if isinstance(value, tuple):
        return tuple(scrub(v) for v in value)
    return value
