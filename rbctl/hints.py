"""Recognising what a newcomer most likely meant: near-miss names, decimal commas, dates
written day first, a key glued to its value, Windows paths.

Pure functions: they take the text as written and return the corrected text to suggest, or
None when they do not recognise the mistake. The messages that use them live with the checks.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable

_MONTHS = {
    "jan": 1, "januari": 1, "january": 1, "feb": 2, "februari": 2, "pebruari": 2, "february": 2,
    "mar": 3, "maret": 3, "march": 3, "apr": 4, "april": 4, "mei": 5, "may": 5, "jun": 6, "juni": 6,
    "june": 6, "jul": 7, "juli": 7, "july": 7, "agu": 8, "agt": 8, "agus": 8, "agustus": 8, "aug": 8,
    "august": 8, "sep": 9, "sept": 9, "september": 9, "okt": 10, "oktober": 10, "oct": 10, "october": 10,
    "nov": 11, "nopember": 11, "november": 11, "des": 12, "desember": 12, "dec": 12, "december": 12,
}
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_YEAR_FIRST = re.compile(r"^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$")
_NAMED = re.compile(r"^(\d{1,2})[\s-]+([A-Za-z]+)\.?[\s-]+(\d{4})$")
_DECIMAL_COMMA = re.compile(r"^[-+]?\d+,\d+$")
_THOUSANDS_DOTS = re.compile(r"^\d{1,3}(\.\d{3})+$")
_GLUED = re.compile(r"^([A-Za-z_][A-Za-z0-9_.-]*):(?!//)(\S.*)$")


def distance(a: str, b: str) -> int:
    """Levenshtein distance, with a swap of two neighbours counting as one edit."""
    a, b = a.casefold(), b.casefold()
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, prev2[j - 2] + 1)
            row.append(cost)
        prev2, prev = prev, row
    return prev[-1]


def closest(word: str, choices: Iterable[str], *, taken: Collection[str] = ()) -> list[str]:
    """The choices nearest to ``word`` (case-insensitive), best first; [] when none is near.

    Near means at most a third of the word's letters changed (at least one). Among equally
    near choices, those not ``taken`` yet (e.g. criteria not answered yet) come first, and only
    they are given when there are any: `P.MP.1.x` beside an answered `P.MP.1.a` means `P.MP.1.b`.
    """
    options = [c for c in dict.fromkeys(choices) if c != word]
    same_case = [c for c in options if c.casefold() == word.casefold()]
    if same_case:
        return same_case[:1]
    limit = max(1, len(word) // 3)
    scored = sorted((distance(word, c), c) for c in options)
    near = [c for d, c in scored if d <= limit and d == scored[0][0]] if scored else []
    free = [c for c in near if c not in taken]
    return (free or near)[:4]


def did_you_mean(word: str, choices: Iterable[str], *, taken: Collection[str] = ()) -> str | None:
    """"Mungkin maksudnya `x`?" for the nearest choices, or None."""
    near = closest(word, choices, taken=taken)
    if not near:
        return None
    names = [f"`{c}`" for c in near]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " atau " + names[-1]
    return f"Mungkin maksudnya {listed}?"


def decimal_comma(text: str) -> str | None:
    """`3,5` -> `3.5` (a decimal comma, as Indonesian sheets write it); None otherwise."""
    text = text.strip()
    return text.replace(",", ".") if _DECIMAL_COMMA.match(text) else None


def thousands_dots(text: str) -> str | None:
    """`1.500.000` -> `1500000` (dots grouping thousands); None otherwise."""
    text = text.strip()
    return text.replace(".", "") if _THOUSANDS_DOTS.match(text) else None


def number_fix(text: str) -> str | None:
    """The number to write for a figure written the Indonesian way, or None."""
    return decimal_comma(text) or thousands_dots(text)


def date_guess(text: str) -> dt.date | None:
    """The date meant by `31/12/2026`, `31-12-2026`, `2026/12/31` or `5 Februari 2026`; None if unclear."""
    text = text.strip()
    try:
        if match := _DAY_FIRST.match(text):
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        if match := _YEAR_FIRST.match(text):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if (match := _NAMED.match(text)) and match[2].casefold() in _MONTHS:
            return dt.date(int(match[3]), _MONTHS[match[2].casefold()], int(match[1]))
    except ValueError:  # 31/02/2026: a date that does not exist is no guess
        return None
    return None


def date_hint(text: str) -> str:
    """How to write the date ``text`` most likely means."""
    guess = date_guess(text)
    if guess is not None and guess.isoformat() != text.strip():
        return f"Tulis tanggal sebagai TTTT-BB-HH: {guess.isoformat()}."
    return "Tulis tanggal yang ada sebagai TTTT-BB-HH, misalnya 2026-03-15."


def glued_key(text: str) -> tuple[str, str] | None:
    """(`jawaban`, `A`) for `jawaban:A`: a key and its value with no space after the colon."""
    match = _GLUED.match(text.strip())
    return (match[1], match[2]) if match else None


def glued_hint(key: str, value: str) -> str:
    return f"Tambahkan spasi setelah titik dua: `{key}: {value}`."


def posix_path(text: str) -> str | None:
    """`data-dukung\\sk.pdf` -> `data-dukung/sk.pdf`; None when there is no backslash."""
    return text.replace("\\", "/") if "\\" in text else None


# --- YAML layout: indentation and a colon without a space ----------------------------------

_KEY_LINE = re.compile(r"^( *)(- +)?([^\s:#'\"\[{][^:#]*?|\"[^\"]*\"|'[^']*'):(?: +(\S.*))?$")


def _content_lines(text: str) -> list[tuple[int, str]]:
    """(1-based number, line) of every line that is not blank or a comment."""
    return [(n, line.rstrip()) for n, line in enumerate(text.splitlines(), 1)
            if line.strip() and not line.lstrip().startswith("#")]


def _key_of(line: str) -> tuple[int, str, str | None] | None:
    """(indent, key, value) of a `key: value` line (indent counts a list dash), or None."""
    match = _KEY_LINE.match(line)
    if match is None:
        return None
    indent = len(match[1]) + len(match[2] or "")
    return indent, match[3].strip("'\""), match[4]


def layout_mistake(text: str, line: int) -> tuple[int, int, str, str] | None:
    """(line, column, message, hint) when a YAML syntax error at ``line`` is a layout slip a
    newcomer makes: a key glued to its value, or a key indented unlike its siblings."""
    lines = _content_lines(text)
    here = next((i for i, (n, _l) in enumerate(lines) if n >= line), len(lines) - 1)
    if here < 0:
        return None
    for i in (here - 1, here):
        if i < 0:
            continue
        number, raw = lines[i]
        body = raw.lstrip(" ").removeprefix("- ").strip()
        glued = glued_key(body) if ": " not in body and not body.endswith(":") else None
        if glued is not None:
            return number, raw.index(body) + 1, f"Tidak ada spasi setelah titik dua di `{body}`.", glued_hint(*glued)
    return _indent_mistake(lines, here)


def _indent_mistake(lines: list[tuple[int, str]], here: int) -> tuple[int, int, str, str] | None:
    if here < 1:
        return None
    cur, prev = _key_of(lines[here][1]), _key_of(lines[here - 1][1])
    if cur is None or prev is None:
        return None
    before = _key_of(lines[here - 2][1]) if here >= 2 else None
    if cur[0] > prev[0] and prev[2] is not None:
        # A key deeper than the key above, which already has its value.
        if before is not None and before[2] is None and prev[0] <= before[0]:
            return _indent_message(lines[here - 1], prev, cur[0], lines[here])  # the key above is too shallow
        if prev[0] % 2 == 1 and cur[0] % 2 == 0:
            return _indent_message(lines[here - 1], prev, cur[0], lines[here])
        return _indent_message(lines[here], cur, prev[0], lines[here - 1])
    if cur[0] < prev[0]:
        levels = _open_levels(lines, here)
        if cur[0] not in levels and levels:
            want = min(levels, key=lambda level: (abs(level - cur[0]), -level))
            sibling = next((lines[i] for i in range(here - 1, -1, -1) if (k := _key_of(lines[i][1])) and k[0] == want),
                           lines[here - 1])
            return _indent_message(lines[here], cur, want, sibling)
    return None


def _open_levels(lines: list[tuple[int, str]], here: int) -> list[int]:
    """Indents of the keys that enclose line ``here`` (and of the key just above it)."""
    levels: list[int] = []
    limit = 10**6
    for i in range(here - 1, -1, -1):
        key = _key_of(lines[i][1])
        if key is not None and key[0] < limit:
            levels.append(key[0])
            limit = key[0]
    return levels


def _indent_message(culprit: tuple[int, str], key: tuple[int, str, str | None], want: int,
                    sibling: tuple[int, str]) -> tuple[int, int, str, str]:
    number, raw = culprit
    other = _key_of(sibling[1])
    other_name = f"`{other[1]}:` (baris {sibling[0]})" if other else f"baris {sibling[0]}"
    got = key[0]
    how = "lebih dalam" if got > want else "kurang dalam"
    return (number, len(raw) - len(raw.lstrip(" ")) + 1,
            f"Indentasi salah: `{key[1]}:` menjorok {got} spasi, {abs(got - want)} spasi {how} dari seharusnya.",
            f"Tulis `{key[1]}:` dengan {want} spasi di awal baris, sejajar dengan {other_name}.")
