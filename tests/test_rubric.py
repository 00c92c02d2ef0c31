"""Rubric files: the built-ins pass the check; broken ones are reported with file and line."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from rbctl.rubricload import BUILTIN_DIR, builtin_ids, builtin_rubric, check_builtin, load_rubric, load_rubric_file

CHANGE_AREAS = {
    "manajemen-perubahan", "deregulasi", "organisasi", "tata-laksana", "sdm", "akuntabilitas",
    "pengawasan", "pelayanan-publik",
}

GOOD = """\
kind: rubric
schema_version: 1
id: uji
title: Rubrik uji
legal_basis: uji
version: "1"
total: 10
scales:
  abc:
    type: choice
    options: {A: 1, B: 0.5, C: 0}
  persen-jumlah:
    type: percentage
    from_counts: true
change_areas:
  - {id: manajemen-perubahan, name: Manajemen Perubahan}
components:
  - id: P
    name: Pemenuhan
    weight: 10
    areas:
      - id: P.MP
        change_area: manajemen-perubahan
        weight: 10
        subareas:
          - id: P.MP.1
            name: Tim RB
            weight: "10/3"
            criteria:
              - {id: P.MP.1.a, text: Tim RB telah dibentuk, scale: abc}
          - id: P.MP.2
            name: Road Map
            weight: "20/3"
            criteria:
              - {id: P.MP.2.a, text: Road Map memuat quick win, scale: abc}
              - id: P.MP.2.b
                text: Agen perubahan telah membuat perubahan yang konkret
                scale: persen-jumlah
                counts:
                  numerator: perubahan
                  numerator_label: Jumlah perubahan
                  denominator: agen
                  denominator_label: Jumlah agen perubahan
grades:
  - {grade: A, label: Baik, above: 5}
  - {grade: D, label: Kurang, above: 0, inclusive: true}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rubrik.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


BUILTINS = ["pmprb-2014", "pmprb-2020", "rb-2023", "zi-2014", "zi-2021"]


@pytest.mark.parametrize("rid", BUILTINS)
def test_builtins_pass_the_check(rid):
    assert rid in builtin_ids()
    loaded = check_builtin(rid)  # every check (at run time the shipped files are trusted)
    assert loaded.problems == []
    assert loaded.rubric is not None
    assert loaded.builtin
    assert load_rubric(rid).rubric == loaded.rubric


@pytest.mark.parametrize("rid", BUILTINS)
def test_builtins_are_complete(rid):
    rubric = builtin_rubric(rid)
    hasil = [c for c in rubric.components if c.group == "Hasil"]
    for comp in rubric.components:
        for area in comp.areas:
            if comp.group in ("Pengungkit", None):
                assert area.change_area in rubric.change_area_ids()
            for sub in area.subareas:
                assert sub.criteria, sub.id
                for crit in sub.criteria:
                    assert crit.guide_lines(), crit.id  # every criterion says what its answers mean
    if hasil:
        assert sum((c.weight for c in hasil), Fraction(0)) == 40
    if rubric.is_provisional():
        assert rubric.provisional_note


def test_pmprb_2020_weights_are_the_known_ones():
    rubric = builtin_rubric("pmprb-2020")
    assert {c.id: c.weight for c in rubric.components} == {"P": 20, "HA": 10, "R": 30, "H": 40}
    pemenuhan = next(c for c in rubric.components if c.id == "P")
    assert {a.change_area: a.weight for a in pemenuhan.areas} == {
        "manajemen-perubahan": 2, "deregulasi": 1, "organisasi": 2, "tata-laksana": 2, "sdm": 5,
        "akuntabilitas": 2, "pengawasan": 4, "pelayanan-publik": 2,
    }
    assert all(not a.provisional for a in pemenuhan.areas)
    assert {a.id for a in rubric.components[1].areas if not a.provisional} == {"HA.DK"}
    assert rubric.change_area_ids() == CHANGE_AREAS
    assert rubric.scales["opini-bpk"].type == "choice"
    lhkpn = next(c for c in rubric.criteria().values() if c.text == "Penyampaian LHKPN")
    assert lhkpn.counts is not None


def test_rubric_file_without_sources_still_scores_with_a_warning(tmp_path):
    loaded = load_rubric_file(write(tmp_path, GOOD), "rubrik.yaml")
    assert loaded.rubric is not None
    assert loaded.problems == []
    assert [(p.rule, str(p.severity)) for p in loaded.notes] == [("rubric-provenance", "warning")]
    assert "simpul rubrik tanpa `status` atau `sumber`" in loaded.notes[0].message


def test_builtin_node_without_status_or_source_fails(tmp_path, monkeypatch):
    text = (BUILTIN_DIR / "zi-2021.yaml").read_text(encoding="utf-8")
    # Drop the status of the first criterion: a built-in rubric must not load.
    broken = text.replace("                status: resmi\n", "", 1)
    assert broken != text
    folder = tmp_path / "rubrics"
    folder.mkdir()
    (folder / "zi-2021.yaml").write_text(broken, encoding="utf-8")
    loaded = load_rubric_file(folder / "zi-2021.yaml", "rbctl/rubrics/zi-2021.yaml", builtin=True)
    assert loaded.rubric is None
    assert [p.rule for p in loaded.problems] == ["rubric-provenance"]
    nosource = text.replace("                sumber:\n                  - {ref: S8a, bagian: "
                            "'tabel pertanyaan dan opsi, butir PPA1A'}\n", "", 1)
    assert nosource != text
    (folder / "zi-2021.yaml").write_text(nosource, encoding="utf-8")
    loaded = load_rubric_file(folder / "zi-2021.yaml", "rbctl/rubrics/zi-2021.yaml", builtin=True)
    assert [p.rule for p in loaded.problems] == ["rubric-provenance"]
    assert "P.MP.1.a" in loaded.problems[0].message


def test_good_rubric_loads(tmp_path):
    loaded = load_rubric_file(write(tmp_path, GOOD), "rubrik.yaml")
    assert loaded.problems == []
    assert loaded.rubric is not None


def test_weights_not_adding_up_is_located(tmp_path):
    text = GOOD.replace('weight: "20/3"', "weight: 6.67")
    loaded = load_rubric_file(write(tmp_path, text), "rubrik/uji.yaml")
    assert loaded.rubric is None
    rules = [(p.path, p.line, p.rule) for p in loaded.problems]
    # The area's weight no longer equals the sum of its sub-areas.
    area_weight_line = line_of(text, "change_area: manajemen-perubahan") + 1
    assert rules == [("rubrik/uji.yaml", area_weight_line, "rubric-weights")]
    problem = loaded.problems[0]
    assert "jumlah bobot sub-area" in problem.message
    assert "10" in problem.message
    assert problem.hint


def test_duplicate_id_is_located_at_the_second(tmp_path):
    text = GOOD.replace("id: P.MP.2.a,", "id: P.MP.1.a,")
    loaded = load_rubric_file(write(tmp_path, text), "uji.yaml")
    dup = [p for p in loaded.problems if p.rule == "rubric-duplicate-id"]
    assert len(dup) == 1
    assert dup[0].line == line_of(text, "Road Map memuat quick win")
    assert f"baris {line_of(text, 'Tim RB telah dibentuk')}" in dup[0].message


def test_undefined_scale_is_located(tmp_path):
    text = GOOD.replace("text: Road Map memuat quick win, scale: abc", "text: Road Map memuat quick win, scale: abcd")
    loaded = load_rubric_file(write(tmp_path, text), "uji.yaml")
    [problem] = loaded.problems
    assert (problem.rule, problem.line) == ("rubric-undefined-scale", line_of(text, "scale: abcd"))
    assert "abcd" in problem.message
    assert "abc, persen-jumlah" in problem.hint


def test_counts_missing_for_a_counted_percentage(tmp_path):
    start = GOOD.index("                counts:")
    end = GOOD.index("grades:")
    text = GOOD[:start] + GOOD[end:]
    loaded = load_rubric_file(write(tmp_path, text), "uji.yaml")
    [problem] = loaded.problems
    assert problem.rule == "rubric-counts"
    assert problem.line == line_of(text, "scale: persen-jumlah")


def test_schema_errors_are_located(tmp_path):
    text = GOOD.replace("    options: {A: 1, B: 0.5, C: 0}", "    options: {A: 1, B: setengah, C: 0}")
    text = text.replace("        weight: 10\n        subareas:", "        wieght: 10\n        subareas:")
    loaded = load_rubric_file(write(tmp_path, text), "uji.yaml")
    found = {(p.line, p.rule) for p in loaded.problems}
    assert (line_of(text, "B: setengah"), "rubric-schema") in found
    assert (line_of(text, "wieght"), "rubric-schema") in found
    assert all(p.path == "uji.yaml" for p in loaded.problems)


def test_grade_bands_must_reach_zero(tmp_path):
    text = GOOD.replace("above: 0, inclusive: true", "above: 1")
    loaded = load_rubric_file(write(tmp_path, text), "uji.yaml")
    assert [p.rule for p in loaded.problems] == ["rubric-grades"]
    assert loaded.problems[0].line == line_of(text, "grade: D")


def test_yaml_syntax_error_is_a_problem(tmp_path):
    loaded = load_rubric_file(write(tmp_path, GOOD.replace("id: uji", "id: [uji")), "uji.yaml")
    assert loaded.rubric is None
    assert loaded.problems
    assert loaded.problems[0].rule.startswith("yaml-")


def test_workspace_reference_by_path_or_unknown(tmp_path):
    (tmp_path / "rubrik").mkdir()
    (tmp_path / "rubrik" / "revisi.yaml").write_text(GOOD, encoding="utf-8")
    loaded = load_rubric("rubrik/revisi.yaml", tmp_path)
    assert loaded.ok
    assert loaded.rubric.id == "uji"
    missing = load_rubric("rubrik/tidak-ada.yaml", tmp_path, position=(4, 9))
    assert [(p.path, p.line, p.column, p.rule) for p in missing.problems] == [
        ("rbctl.yaml", 4, 9, "rubric-unknown")]
    unknown = load_rubric("pmprb-2099", tmp_path)
    assert unknown.rubric is None
    assert "pmprb-2020" in unknown.problems[0].hint
    assert load_rubric(None).rubric.id == "pmprb-2020"
