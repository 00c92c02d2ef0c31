"""The consolidated report of a province and its kabupaten/kota (`rbctl report --rekap`)."""

from __future__ import annotations

from rbctl.report.build import BuildError, BuildRequest, BuildResult


def build_rekap(req: BuildRequest) -> BuildResult:
    raise BuildError("--rekap belum tersedia.")
