"""Reports of many units on two cores: the same files, byte for byte, as in one process."""

from __future__ import annotations

import pytest

from rbctl.report import BuildError, BuildRequest
from rbctl.report.parallel import build_many

from .conftest import copy_example

FORMATS = ("md", "html", "docx", "xlsx")


def test_two_processes_write_what_one_process_writes(tmp_path):
    root = copy_example(tmp_path / "ws")
    one = build_many(BuildRequest(root=root, period="1", out=tmp_path / "one", formats=FORMATS), jobs=1)
    two = build_many(BuildRequest(root=root, period="1", out=tmp_path / "two", formats=FORMATS), jobs=2,
                     parallel_from=1)
    assert [f.path.name for f in two.files] == [f.path.name for f in one.files]
    assert len(two.files) == len(FORMATS) * len(list((root / "units").iterdir()))
    for built in one.files:
        assert (tmp_path / "two" / built.path.name).read_bytes() == built.path.read_bytes(), built.path.name


def test_an_unknown_unit_is_refused_before_any_worker_starts(tmp_path):
    root = copy_example(tmp_path / "ws")
    units = [p.name for p in (root / "units").iterdir()] + ["kpu-tidak-ada"]
    with pytest.raises(BuildError) as caught:
        build_many(BuildRequest(root=root, period="1", out=tmp_path / "out", units=units), jobs=2, parallel_from=1)
    assert caught.value.code == 2
    assert "kpu-tidak-ada" in caught.value.message
    assert not (tmp_path / "out").exists()
