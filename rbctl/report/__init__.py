"""`rbctl report`: the semester and annual submission documents of a unit.

Context building (:mod:`rbctl.report.context`) turns a workspace and a score into plain
dicts; each output format has its own renderer module. Nothing here prints.
"""

from __future__ import annotations

from rbctl.report.build import FORMATS, BuildError, BuildRequest, BuiltFile, RecordsInvalidError, build_reports
from rbctl.report.periods import ReportPeriod, period_for

__all__ = ["FORMATS", "BuildError", "BuildRequest", "BuiltFile", "RecordsInvalidError", "ReportPeriod",
           "build_reports", "period_for"]
