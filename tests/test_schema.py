"""Schema problems: located at the offending key or value, in the team's language, with a hint."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rbctl.models import ActionPlan, EvidenceRegistry, UnitProfile
from rbctl.problems import Problem
from rbctl.schema import to_record
from rbctl.yamlload import load_document
from tests.conftest import GOOD

UNIT = (GOOD / "units/prov-uji/unit.yaml").read_text(encoding="utf-8")
PLAN = (GOOD / "units/prov-uji/rencana-aksi/manajemen-perubahan.yaml").read_text(encoding="utf-8")
EVIDENCE = (GOOD / "units/prov-uji/data-dukung.yaml").read_text(encoding="utf-8")
ANSWERS = (GOOD / "units/prov-uji/lke/2026.yaml").read_text(encoding="utf-8")

# English pydantic wording must never reach a user.
_ENGLISH = re.compile(r"\b(Input|should|valid|Field|required|or|greater|less|than)\b")


def check(tmp_path: Path, text: str, kind: str | None) -> tuple[object, list[Problem]]:
    path = tmp_path / "catatan.yaml"
    path.write_text(text, encoding="utf-8")
    doc = load_document(path, "catatan.yaml")
    assert doc.problems == []
    record, problems = to_record(doc, kind)
    for p in problems:
        assert p.message
        assert p.hint
        assert not _ENGLISH.search(p.message + " " + p.hint), p
    return record, problems


def located(problems: list[Problem]) -> list[tuple[str, int, int]]:
    return [(p.rule, p.line, p.column) for p in problems]


def edit(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


def test_good_records_have_no_problems(tmp_path: Path) -> None:
    for text, kind, model in ((UNIT, "unit", UnitProfile), (PLAN, "rencana_aksi", ActionPlan),
                              (EVIDENCE, "data_dukung", EvidenceRegistry)):
        record, problems = check(tmp_path, text, kind)
        assert problems == []
        assert isinstance(record, model)


def test_missing_key_points_at_its_map(tmp_path: Path) -> None:
    _, problems = check(tmp_path, edit(PLAN, "    satuan: dokumen\n", ""), "rencana_aksi")
    assert located(problems) == [("missing-key", 6, 5)]
    assert "`satuan`" in problems[0].message
    assert "`satuan:`" in problems[0].hint


def test_unknown_key_suggests_the_close_one(tmp_path: Path) -> None:
    # One misspelt key is one problem: not also "`tingkat` is missing".
    _, problems = check(tmp_path, edit(UNIT, "tingkat: provinsi", "tingkt: provinsi"), "unit")
    assert located(problems) == [("unknown-key", 5, 1)]
    assert problems[0].message == "Kunci `tingkt` tidak dikenal."
    assert problems[0].hint == "Mungkin maksudnya `tingkat`?"


def test_unknown_key_far_from_any_lists_the_known_keys(tmp_path: Path) -> None:
    _, problems = check(tmp_path, edit(UNIT, "  nama: Budi Santoso\n", "  nama: Budi Santoso\n  umur: 40\n"), "unit")
    assert located(problems) == [("unknown-key", 8, 3)]
    assert problems[0].hint == "Kunci yang dikenal di sini: `nama`, `nip`, `jabatan`."


def test_unknown_key_does_not_suggest_an_unrelated_one(tmp_path: Path) -> None:
    text = edit(UNIT, "nama: KPU Provinsi Uji\n", "nama: KPU Provinsi Uji\npenulis: x\n")
    _, problems = check(tmp_path, text, "unit")
    assert located(problems) == [("unknown-key", 5, 1)]
    assert "Mungkin" not in problems[0].hint


def test_unquoted_nip_is_a_number_and_the_hint_says_quote_it(tmp_path: Path) -> None:
    _, problems = check(tmp_path, edit(UNIT, '  nip: "197801012005012001"', "  nip: 197801012005012001"), "unit")
    assert located(problems) == [("invalid-type", 10, 8)]
    assert "teks" in problems[0].message
    assert "tanda kutip" in problems[0].hint


def test_id_with_leading_zero_is_a_number(tmp_path: Path) -> None:
    _, problems = check(tmp_path, edit(PLAN, "id: PU-MP-01", "id: 0101"), "rencana_aksi")
    assert located(problems) == [("invalid-type", 6, 9)]
    assert "tanda kutip" in problems[0].hint


def test_impossible_date(tmp_path: Path) -> None:
    _, problems = check(tmp_path, edit(EVIDENCE, "tanggal: 2026-02-05", "tanggal: 2024-02-30"), "data_dukung")
    assert located(problems) == [("invalid-date", 14, 14)]
    assert "2024-02-30" in problems[0].message
    assert "TTTT-BB-HH" in problems[0].hint


def test_enum_lists_the_choices(tmp_path: Path) -> None:
    _, problems = check(tmp_path, edit(PLAN, "status: selesai", "status: Selesai"), "rencana_aksi")
    assert located(problems) == [("invalid-value", 19, 17)]
    assert "`Selesai`" in problems[0].message
    assert problems[0].hint == ("Mungkin maksudnya `selesai`? Pilihan: `belum`, `berjalan`, `selesai`, `tertunda`, "
                                "`batal`.")


def test_bounds_are_explained(tmp_path: Path) -> None:
    _, problems = check(tmp_path, edit(PLAN, "tahun: 2026", "tahun: 1990"), "rencana_aksi")
    assert located(problems) == [("invalid-value", 3, 8)]
    assert problems[0].hint == "Nilainya paling kecil 2010."
    _, problems = check(tmp_path, edit(PLAN, "anggaran: 2500000", "anggaran: -5"), "rencana_aksi")
    assert located(problems) == [("invalid-value", 12, 15)]
    assert problems[0].hint == "Nilainya paling kecil 0."


def test_fraction_where_a_whole_number_belongs(tmp_path: Path) -> None:
    _, problems = check(tmp_path, edit(PLAN, "tahun: 2026", "tahun: 2026.5"), "rencana_aksi")
    assert located(problems) == [("invalid-type", 3, 8)]
    assert "bilangan bulat" in problems[0].message


def test_amount_with_thousands_dots(tmp_path: Path) -> None:
    _, problems = check(tmp_path, edit(PLAN, "anggaran: 2500000", "anggaran: 2.500.000"), "rencana_aksi")
    assert located(problems) == [("invalid-type", 12, 15)]
    assert "titik ribuan" in problems[0].hint


def test_empty_value_of_a_required_key(tmp_path: Path) -> None:
    _, problems = check(tmp_path, edit(PLAN, "kegiatan: Rapat koordinasi Tim RB", "kegiatan:"), "rencana_aksi")
    assert located(problems) == [("invalid-value", 7, 14)]
    assert problems[0].message == "`kegiatan` tidak boleh kosong."


def test_empty_list_where_one_is_needed(tmp_path: Path) -> None:
    text = UNIT[: UNIT.index("  anggota:")] + "  anggota: []\n"
    _, problems = check(tmp_path, text, "unit")
    assert located(problems) == [("invalid-value", 13, 12)]
    assert "`anggota`" in problems[0].message


def test_pattern_hints(tmp_path: Path) -> None:
    _, problems = check(tmp_path, edit(EVIDENCE, "sha256: a2ab", "sha256: A2AB"), "data_dukung")
    assert located(problems) == [("invalid-value", 9, 13)]
    assert "sha256sum" in problems[0].hint
    _, problems = check(tmp_path, edit(EVIDENCE, "tautan: https://", "tautan: www."), "data_dukung")
    assert located(problems) == [("invalid-value", 21, 13)]
    assert "https://" in problems[0].hint
    _, problems = check(tmp_path, edit(PLAN, "id: PU-MP-01", "id: PU MP 01"), "rencana_aksi")
    assert located(problems) == [("invalid-value", 6, 9)]
    assert "tanda hubung" in problems[0].hint


def test_map_given_a_list_and_a_text(tmp_path: Path) -> None:
    _, problems = check(tmp_path, edit(PLAN, "target: {tw1: 1, tw2: 1, tw3: 1, tw4: 1, total: 4}",
                                       "target: [1, 1, 1, 1, 4]"), "rencana_aksi")
    assert located(problems) == [("invalid-type", 11, 13)]
    assert problems[0].message == "`target` harus berupa peta (kunci: nilai), bukan `[1, 1, 1, 1, 4]`."


def test_answer_of_the_wrong_type_is_named_by_its_key(tmp_path: Path) -> None:
    _, problems = check(tmp_path, edit(ANSWERS, "    jawaban: A\n", "    jawaban: [A]\n"), "lke")
    assert located(problems) == [("invalid-type", 7, 14)]
    assert problems[0].message.startswith("`jawaban` harus berupa")


# --- the header: kind and version --------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("- jenis: unit\n", ("not-a-mapping", 1, 1)),
    ("KPU Provinsi Uji\n", ("not-a-mapping", 1, 1)),
    ("versi_skema: 1\nnama: x\n", ("unknown-kind", 1, 1)),
    ("nama: x\njenis: unti\nversi_skema: 1\n", ("unknown-kind", 2, 8)),
    ("jenis: lke\nversi_skema: 1\n", ("kind-misplaced", 1, 8)),
    ("jenis: unit\nnama: x\n", ("schema-version", 1, 8)),
    ("jenis: unit\nversi_skema: 2\n", ("schema-version", 2, 14)),
    ("jenis: unit\nversi_skema: '1'\n", ("schema-version", 2, 14)),
])
def test_header_problems(tmp_path: Path, text: str, expected: tuple[str, int, int]) -> None:
    record, problems = check(tmp_path, text, "unit")
    assert record is None
    assert located(problems) == [expected]


def test_kind_is_free_without_an_expected_one(tmp_path: Path) -> None:
    record, problems = check(tmp_path, PLAN, None)
    assert problems == []
    assert isinstance(record, ActionPlan)


# --- salvage: what can still be checked of a record with errors -------------------------------------


def test_broken_entry_is_left_out_and_the_rest_kept(tmp_path: Path) -> None:
    path = tmp_path / "data-dukung.yaml"
    path.write_text(edit(EVIDENCE, "tanggal: 2026-02-05", "tanggal: 2024-02-30"), encoding="utf-8")
    doc = load_document(path, "data-dukung.yaml")
    record, problems = to_record(doc, "data_dukung")
    assert located(problems) == [("invalid-date", 14, 14)]
    assert isinstance(record, EvidenceRegistry)
    assert [e.id for e in record.data_dukung] == ["PU-SK-01", "PU-WEB-01"]
    assert doc.dropped_ids == {"PU-NOT-01"}
    # the third entry of the file is the second of the record: positions still point at the file
    assert doc.at(("data_dukung", 1, "id")) == (17, 9)


def test_bad_optional_value_is_left_out_and_the_entry_kept(tmp_path: Path) -> None:
    record, problems = check(tmp_path, edit(PLAN, "anggaran: 2500000", "anggaran: banyak"), "rencana_aksi")
    assert located(problems) == [("invalid-type", 12, 15)]
    assert isinstance(record, ActionPlan)
    assert record.rencana_aksi[0].anggaran is None
    assert record.rencana_aksi[0].id == "PU-MP-01"


def test_every_problem_once_and_sorted(tmp_path: Path) -> None:
    text = edit(edit(UNIT, "tingkat: provinsi", "tingkat: desa"), '  nip: "197801012005012001"\ntim_rb',
                "  nip: 1978\ntim_rb")
    _, problems = check(tmp_path, text, "unit")
    assert located(problems) == [("invalid-value", 5, 10), ("invalid-type", 10, 8)]
