"""Which built-in rubric a new workspace starts with, by the unit's level and the year.

KPU RI is evaluated as one ministry-level institution on the indicator-based instrument of
PermenPANRB 9/2023 from 2023; how satker (KPU Provinsi, Kabupaten/Kota) are assessed internally
after 2023 is not known, so they keep the PMPRB self-assessment, or the Zona Integritas LKE when
the unit builds ZI. Each row: (first year, for KPU RI?, for ZI?, rubric id); the latest row that
applies wins.
"""

from __future__ import annotations

from rbctl.models import Level

_TABLE: tuple[tuple[int, bool | None, bool, str], ...] = (
    (0, None, False, "pmprb-2014"),
    (2020, None, False, "pmprb-2020"),
    (2023, True, False, "rb-2023"),
    (0, None, True, "zi-2014"),
    (2021, None, True, "zi-2021"),
)


def default_rubric(level: Level | None, year: int, *, zi: bool = False) -> str:
    """The built-in rubric id for a workspace of ``level`` (None: a satker) in ``year``."""
    is_ri = level is Level.RI
    chosen = "pmprb-2020"
    for first, for_ri, for_zi, rubric_id in _TABLE:
        if year >= first and for_zi == zi and (for_ri is None or for_ri == is_ri):
            chosen = rubric_id
    return chosen
