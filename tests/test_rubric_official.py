"""The official weights of ../shared/domain.md, pinned node by node, with their status.

Each figure below is copied from the domain notes (and their sources S1, S3, S7, S8, S9), not
from the rubric files: a rubric edit that changes an official weight fails here.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from rbctl.rubric import Rubric
from rbctl.rubricload import builtin_rubric

F = Fraction  # short: the figures below are exact fractions

# Pemenuhan sub-areas in the sheet's order: (name fragment, 2020 weight, 2014 base weight) [S1].
PEMENUHAN = {
    "P.MP": [("Tim", F(2, 5), 1), ("Road Map", F(2, 5), 1), ("Pemantauan", F(4, 5), 2), ("Pola Pikir", F(2, 5), 1)],
    "P.DK": [("Harmonisasi", F(1, 2), F(5, 2)), ("Pengendalian", F(1, 2), F(5, 2))],
    "P.OR": [("Evaluasi", 1, 3), ("Penataan", 1, 3)],
    "P.TL": [("SOP", F(3, 5), F(3, 2)), ("Government", F(4, 5), 2), ("Keterbukaan", F(3, 5), F(3, 2))],
    "P.SDM": [("Perencanaan", F(1, 3), 1), ("Penerimaan", F(2, 3), 2), ("Pengembangan", F(1, 3), 1),
              ("Promosi", 2, 6), ("Kinerja Individu", F(2, 3), 2), ("Disiplin", F(1, 3), 1),
              ("Evaluasi Jabatan", F(1, 3), 1), ("Informasi Kepegawaian", F(1, 3), 1)],
    "P.AK": [("Pimpinan", F(2, 3), 2), ("Pengelolaan", F(4, 3), 4)],
    "P.PW": [("Gratifikasi", F(1, 2), F(3, 2)), ("SPIP", F(1, 2), F(3, 2)), ("Pengaduan", F(2, 3), 2),
             ("Whistle", F(1, 2), F(3, 2)), ("Benturan", F(1, 2), F(3, 2)), ("Zona Integritas", F(5, 6), F(5, 2)),
             ("APIP", F(1, 2), F(3, 2))],
    "P.PP": [("Standar", F(1, 3), 1), ("Budaya", F(1, 3), 1), ("Pengelolaan Pengaduan", F(1, 2), F(3, 2)),
             ("Kepuasan", F(1, 2), F(3, 2)), ("Teknologi", F(1, 3), 1)],
}


def _sheet_order(area_subs: list, expected: list) -> list:
    """The rubric's sub-areas matched to the sheet's order by name (ids keep older numbering)."""
    out = []
    for fragment, *_ in expected:
        matches = [s for s in area_subs if fragment.casefold() in s.name.casefold()]
        assert len(matches) == 1, (fragment, [s.name for s in area_subs])
        out.append(matches[0])
    return out


@pytest.mark.parametrize(("rid", "column"), [("pmprb-2020", 1), ("pmprb-2014", 2)])
def test_pemenuhan_sub_areas_are_the_official_ones(rid, column):
    rubric = builtin_rubric(rid)
    pemenuhan = rubric.components[0]
    for area in pemenuhan.areas:
        expected = PEMENUHAN[area.id]
        assert len(area.subareas) == len(expected), area.id
        for sub, row in zip(_sheet_order(area.subareas, expected), expected, strict=True):
            assert sub.weight == row[column], (rid, sub.id, sub.name)
            assert sub.status == "resmi"
            assert not sub.provisional
            assert sub.sumber
            assert sub.sumber[0].judul


def test_pengawasan_has_apip_not_lhkpn_and_sdm_has_job_evaluation():
    rubric = builtin_rubric("pmprb-2020")
    names = {a.id: [s.name for s in a.subareas] for a in rubric.components[0].areas}
    assert not any("Harta Kekayaan" in n for n in names["P.PW"])
    assert any("Evaluasi Jabatan" in n for n in names["P.SDM"])
    assert len(names["P.PP"]) == 5


def test_pmprb_2014_areas_and_hasil():
    rubric = builtin_rubric("pmprb-2014")
    assert [a.weight for a in rubric.components[0].areas] == [5, 5, 6, 5, 15, 6, 12, 6]
    hasil = next(c for c in rubric.components if c.id == "H")
    assert [a.weight for a in hasil.areas] == [20, 10, 10]
    assert all(a.status == "resmi" for a in hasil.areas)


ZI_SUBAREAS = {
    "P.MP": [F(1, 2), 1, 1, F(3, 2)], "P.TL": [1, 2, F(1, 2)],
    "P.SDM": [F(1, 4), F(1, 2), F(5, 4), 2, F(3, 4), F(1, 4)], "P.AK": [F(5, 2), F(5, 2)],
    "P.PW": [F(3, 2)] * 5, "P.PP": [1] * 5,
    "R.MP": [2, 1, 1], "R.TL": [F(1, 2), 1, 2], "R.SDM": [F(3, 2), F(3, 2), 2], "R.AK": [2, F(3, 2), F(3, 2)],
    "R.PW": [F(5, 2), 3, 2], "R.PP": [F(5, 2), F(5, 2)],
    "H.HB": [F(35, 2), 5], "H.HP": [F(35, 2)],
}


def test_zi_2021_weights():
    rubric = builtin_rubric("zi-2021")
    assert {c.id: c.weight for c in rubric.components} == {"P": 30, "R": 30, "H": 40}
    weights = {a.id: a.weight for c in rubric.components for a in c.areas if c.id in {"P", "R"}}
    half = {"MP": 4, "TL": F(7, 2), "SDM": 5, "AK": 5, "PW": F(15, 2), "PP": 5}
    assert weights == {f"{c}.{k}": v for c in ("P", "R") for k, v in half.items()}
    subs = {a.id: [s.weight for s in a.subareas] for c in rubric.components for a in c.areas}
    assert subs == ZI_SUBAREAS
    tim = rubric.criteria()
    assert rubric.scales[tim["P.MP.1.a"].scale].type == "choice"
    assert list(rubric.scales[tim["P.MP.1.a"].scale].options) == ["Ya", "Tidak"]  # the sheet's Ya/Tidak
    assert list(rubric.scales[tim["P.MP.1.b"].scale].options) == ["A", "B", "C"]
    assert len(rubric.criteria()) == 113  # 110 items of the sheet + 3 Hasil items


def test_zi_2021_wbk_thresholds():
    rubric = builtin_rubric("zi-2021")
    (wbk,) = rubric.thresholds
    got = {(c.of, c.each_area): (c.min, c.min_percent) for c in wbk.conditions}
    assert got == {
        ("total", False): (75, None), ("group:Pengungkit", False): (40, None), ("P", True): (None, 60),
        ("R", True): (None, 60), ("H.HB", False): (F(73, 4), None), ("H.HB.1", False): (F(63, 4), None),
        ("H.HB.2", False): (F(5, 2), None), ("H.HP", False): (14, None),
    }


RB2023 = {  # indicator weights for a K/L [S7]
    "Penyederhanaan struktur": 2, "Sistem kerja": 2, "maturitas SPIP": 4, "Zona Integritas": 3, "SAKIP": 4,
    "perencanaan": 2, "Arsitektur SPBE": 2, "arsip": 2, "IKPA": 2, "aset": 2, "SP4N-LAPOR": F(3, 2),
    "kualitas kebijakan": F(3, 2), "reformasi hukum": F(3, 2), "Statistik": F(3, 2), "pengadaan": 2,
    "merit": 4, "Indeks pelayanan publik": F(3, 2), "Kepatuhan standar": F(3, 2), "Indeks SPBE": 9,
    "prioritas nasional": 2, "IKU": 8, "Opini BPK": 5, "rekomendasi BPK": 4, "BerAKHLAK": 4,
    "Penilaian Integritas": 10, "kepuasan masyarakat": 8,
}


def _indicators(rubric: Rubric) -> dict[str, F]:
    comp = rubric.components[0]
    return {c.text: c.weight for a in comp.areas[1:] for s in a.subareas for c in s.criteria if c.weight is not None}


def test_rb_2023_indicator_weights():
    rubric = builtin_rubric("rb-2023")
    general = rubric.components[0]
    assert general.weight == 100
    assert general.rescale_not_applicable
    assert [(a.name, a.weight) for a in general.areas] == [
        ("Strategi Pelaksanaan", 10), ("Capaian Pelaksanaan Kebijakan", 40), ("Capaian Sasaran Strategis", 50)]
    assert [[s.weight for s in a.subareas] for a in general.areas] == [[3, 7], [33, 7], [28, 22]]
    indicators = _indicators(rubric)
    assert len(indicators) == len(RB2023)
    for fragment, weight in RB2023.items():
        matches = [w for text, w in indicators.items() if fragment.casefold() in text.casefold()]
        assert matches == [weight], fragment
    tematik = rubric.components[1]
    assert tematik.weight == 10
    assert [a.weight for a in tematik.areas] == [4, 6]
    assert rubric.total == 110
