"""Reports of many units on both cores.

Each worker process builds the reports of a slice of the units with the ordinary
:func:`~rbctl.report.build.build_reports` (which reads only those units and their children),
so nothing large crosses between processes: unit ids go in, file paths and messages come
back. The git state is read once, here, and handed to every slice, so all documents of one
run name the same commit.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace

from rbctl.report.build import BuildError, BuildRequest, BuildResult, build_reports, gate, prepare
from rbctl.workspace import unit_folders

PARALLEL_FROM = 6  # fewer units are faster in one process (a worker costs its imports)
_SLICE = 4  # units per task: small enough to keep both cores busy to the end


def _build_slice(req: BuildRequest) -> BuildResult | BuildError:
    try:
        return build_reports(req)
    except BuildError as exc:  # handed back whole, raised again in the parent
        return exc


def build_many(req: BuildRequest, *, jobs: int | None = None, advance: Callable[[int], None] | None = None,
               parallel_from: int = PARALLEL_FROM) -> BuildResult:
    """`build_reports` for any number of units, in two processes when there are many."""
    workers = jobs if jobs is not None else min(2, os.cpu_count() or 1)
    targets = list(dict.fromkeys(req.units)) if req.units is not None else [f.name for f in unit_folders(req.root)]
    shared = prepare(req)  # refuses (BuildError) before any record is read, e.g. an unknown unit
    req, warnings = gate(req)  # refuses (RecordsInvalidError) before anything is written
    req = replace(req, provenance=shared.provenance)
    if workers < 2 or len(targets) < parallel_from:
        result = build_reports(req)
        result.warnings[:0] = warnings
        if advance is not None:
            advance(len(targets))
        return result
    slices = [replace(req, units=targets[i:i + _SLICE]) for i in range(0, len(targets), _SLICE)]
    out = BuildResult(provenance=shared.provenance, notices=list(shared.notices), warnings=warnings)
    with ProcessPoolExecutor(workers) as pool:
        for part, done in zip(slices, pool.map(_build_slice, slices), strict=True):
            if isinstance(done, BuildError):
                raise done
            out.files += done.files
            out.failed += done.failed
            out.warnings += done.warnings
            out.notices += [n for n in done.notices if n not in out.notices]
            if advance is not None:
                advance(len(part.units or []))
    return out
