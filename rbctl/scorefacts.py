"""A unit's score inputs in a compact, JSON-able form, kept with its validate results.

`rbctl score --all` on a national workspace would otherwise read every record of every
unit into typed models (16 s, 640 MB); with these facts it reads only the units that
changed since the last run (`rbctl.validate`'s cache) and scores the rest from what was
stored: the unit's name, level and parent, the error count of each of its files, and per
year its LKE answers (answer, counts, evidence ids; no explanations). The facts come back
from the cache as untrusted data: `rbctl.unitcache` checks their shape, and answers are
validated by the same pydantic model as the file itself before they are scored.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from rbctl.answerparse import as_written
from rbctl.models import Answers
from rbctl.problems import Severity
from rbctl.workspace import Unit

Summary = dict[str, Any]

# Only what scoring reads: the file's own check already saw the rest.
_INCLUDE: Any = {"jenis": True, "versi_skema": True, "tahun": True, "rubrik": True,
                 "jawaban": {"__all__": {"jawaban", "jumlah", "data_dukung"}},
                 "reviu": {"__all__": {"jawaban", "jumlah"}}}


def summarize(unit: Unit) -> Summary:
    """The facts of one freshly read unit."""
    profile = unit.profile.record if unit.profile else None
    errors = Counter(p.path for p in unit.problems if p.severity is Severity.ERROR)
    return {
        "info": [unit.id, unit.name, unit.rel, profile.tingkat.value if profile else None,
                 profile.induk if profile else None],
        "errors": dict(errors),
        # As written: an unquoted `1.500` (YAML's 1.5) is kept as its text, judged as `validate` judges it.
        "lke": {str(year): {"file": loaded.doc.rel, "answers": as_written(loaded.record, loaded.doc).model_dump(
            mode="json", include=_INCLUDE)} for year, loaded in unit.answers.items()},
    }


def answers_of(entry: dict[str, Any]) -> Answers:
    """The stored answers as the model (raises pydantic's ValidationError on anything else)."""
    return Answers.model_validate(entry["answers"])


def lke_paths(rel: str, year: int) -> set[str]:
    """Where a unit's LKE of ``year`` can be (``rel``: the unit folder in the workspace)."""
    return {f"{rel}/lke/{year}.yaml", f"{rel}/lke/{year}.yml"}


@dataclass(frozen=True)
class LkeState:
    """A unit's LKE of one year as its stored facts tell it: the answers (None: no LKE), the
    files it can be in, and the validate errors in those files and in the unit's other files."""

    entry: dict[str, Any] | None
    files: set[str]
    lke_errors: int
    other_errors: int


def lke_state(summary: Summary, year: int | None) -> LkeState:
    """The state of ``year``'s LKE in a unit's facts (no year: no LKE)."""
    errors: dict[str, int] = summary["errors"]
    if year is None:
        return LkeState(None, set(), 0, sum(errors.values()))
    entry = summary["lke"].get(str(year))
    files = lke_paths(summary["info"][2], year) | ({entry["file"]} if entry else set())
    lke_errors = sum(n for path, n in errors.items() if path in files)
    return LkeState(entry, files, lke_errors, sum(errors.values()) - lke_errors)
