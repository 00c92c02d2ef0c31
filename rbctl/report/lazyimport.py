"""Imports of heavy libraries, made only by the format that needs them."""

from __future__ import annotations

import sys
from types import ModuleType


def render_xlsx_module() -> ModuleType:
    """`rbctl.report.render_xlsx`, with openpyxl imported as if numpy were absent.

    openpyxl imports numpy, when it is installed (pycel, a test dependency, brings it), only
    to recognise numpy numbers, which rbctl never writes: that is 0.1 s of every workbook
    command. Nothing else in the process is affected: numpy stays importable afterwards.
    """
    absent = "numpy" not in sys.modules and "openpyxl" not in sys.modules
    if absent:
        sys.modules["numpy"] = None  # type: ignore[assignment]  # import numpy -> ImportError
    try:
        from rbctl.report import render_xlsx
    finally:
        if absent:
            del sys.modules["numpy"]
    return render_xlsx
