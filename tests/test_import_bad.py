"""Bad workbooks: a clear, located message, a non-zero exit, and nothing written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.import_fixtures import layout_a, set_formula

UNIT = "prov-uji"
LKE = Path("units/prov-uji/lke/2026.yaml")


def _refused(rbctl: Callable[..., Run], ws: Path, book: Path, *args: str) -> str:
    before = (ws / LKE).read_text()
    run = rbctl("import", "lke", str(book), *args, cwd=ws)
    assert run.exit_code == 1, run.stdout + run.stderr
    assert (ws / LKE).read_text() == before
    return " ".join(run.stderr.split())


def test_password_protected_workbook(rbctl: Callable[..., Run], workspace: Path, tmp_path: Path) -> None:
    book = tmp_path / "lke.xlsx"
    book.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000))  # an encrypted package is an OLE file
    err = _refused(rbctl, workspace, book, "-u", UNIT)
    assert "galat: lke.xlsx: buku kerja dilindungi kata sandi (terenkripsi) atau berformat .xls lama." in err
    assert "hapus kata sandinya" in err


def test_corrupt_workbook(rbctl: Callable[..., Run], workspace: Path, tmp_path: Path) -> None:
    book = tmp_path / "lke.xlsx"
    book.write_bytes(layout_a(tmp_path / "ok.xlsx").read_bytes()[:900])
    err = _refused(rbctl, workspace, book, "-u", UNIT)
    assert "galat: lke.xlsx: berkas rusak atau bukan buku kerja .xlsx." in err


def test_old_xls_format(rbctl: Callable[..., Run], workspace: Path, tmp_path: Path) -> None:
    book = tmp_path / "lke.xls"
    book.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000))
    err = _refused(rbctl, workspace, book, "-u", UNIT)
    assert "galat: lke.xls: format Excel lama (.xls) tidak dapat dibaca." in err
    assert "simpan sebagai .xlsx" in err


def test_workbook_of_another_unit(rbctl: Callable[..., Run], workspace: Path, tmp_path: Path) -> None:
    assert rbctl("report", "-u", UNIT, "-f", "xlsx", "-o", str(tmp_path / "out"), "-s", "1",
                 cwd=workspace).exit_code == 0
    book = next((tmp_path / "out").glob("*.xlsx"))
    err = _refused(rbctl, workspace, book, "-u", "kab-uji")
    assert f"galat: {book.name} adalah LKE unit `prov-uji`, bukan `kab-uji`." in err


def test_official_workbook_of_another_unit(rbctl: Callable[..., Run], workspace: Path, tmp_path: Path) -> None:
    book = layout_a(tmp_path / "lke.xlsx", unit="KPU Kabupaten Uji")
    err = _refused(rbctl, workspace, book, "-u", UNIT)
    assert "galat: lke.xlsx: LKE!A3 menyebut unit `KPU Kabupaten Uji`, bukan KPU Provinsi Uji (`prov-uji`)." in err


@pytest.mark.parametrize("official", [False, True], ids=["rbctl", "resmi"])
def test_workbook_of_another_year(rbctl: Callable[..., Run], workspace: Path, tmp_path: Path, official: bool) -> None:
    if official:
        book = layout_a(tmp_path / "lke.xlsx", year=2025)
        err = _refused(rbctl, workspace, book, "-u", UNIT)
        assert "galat: lke.xlsx: LKE!A2 menyebut tahun 2025, bukan 2026." in err
        return
    assert rbctl("report", "-u", UNIT, "-f", "xlsx", "-o", str(tmp_path / "out"), "-s", "1",
                 cwd=workspace).exit_code == 0
    book = next((tmp_path / "out").glob("*.xlsx"))
    err = _refused(rbctl, workspace, book, "--year", "2025")
    assert f"galat: {book.name} adalah LKE tahun 2026, bukan 2025." in err


def test_formula_without_a_cached_value(rbctl: Callable[..., Run], workspace: Path, tmp_path: Path) -> None:
    book = set_formula(layout_a(tmp_path / "lke.xlsx"), 0, "F8", '=UPPER("a")', None)
    err = _refused(rbctl, workspace, book, "-u", UNIT)
    assert "LKE!F8: rumus tanpa nilai tersimpan (buku kerja belum pernah dihitung). [import-formula-uncached]" in err
    assert "Buka dan simpan sekali di Excel atau LibreOffice" in err


def test_empty_answer_column(rbctl: Callable[..., Run], workspace: Path, tmp_path: Path) -> None:
    book = layout_a(tmp_path / "lke.xlsx", answers=False)
    err = _refused(rbctl, workspace, book, "-u", UNIT)
    assert "galat: lke.xlsx: kolom jawaban kosong; tidak ada jawaban yang diimpor." in err
