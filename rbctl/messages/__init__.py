"""Every user-facing string of the command line, keyed by message id, in Indonesian and English.

``t("id", **values)`` gives the text in the chosen language (``--lang`` or ``RBCTL_LANG``;
Indonesian by default). A key missing from a table falls back to Indonesian; a string that is
not a key at all comes back unchanged, so text that is not migrated yet still shows.
"""

from __future__ import annotations

import os
import re

from rbctl.messages import en, id_

LANGUAGES = ("id", "en")
_TABLES: dict[str, dict[str, str]] = {"id": id_.MESSAGES, "en": en.MESSAGES}
_chosen: str | None = None


def normalise(code: str | None) -> str | None:
    """``en``, ``en_US.UTF-8``, ``EN`` -> ``en``; anything unknown -> None."""
    if not code:
        return None
    short = re.split(r"[_.\-]", code.strip().lower(), maxsplit=1)[0]
    return short if short in _TABLES else None


def lang() -> str:
    """The language in use: set by ``--lang``, else ``RBCTL_LANG``, else Indonesian."""
    return _chosen or normalise(os.environ.get("RBCTL_LANG")) or "id"


def set_lang(code: str | None) -> None:
    global _chosen  # noqa: PLW0603 - one process, one language at a time
    _chosen = normalise(code)


def is_key(text: str) -> bool:
    return text in id_.MESSAGES


def t(key: str, /, **values: object) -> str:
    """The message ``key`` in the current language, with ``values`` filled in."""
    text = _TABLES[lang()].get(key)
    if text is None:
        text = id_.MESSAGES.get(key)
    if text is None:
        return key
    return text.format(**values) if values else text


def table(code: str) -> dict[str, str]:
    return _TABLES[code]
