"""`rbctl init`, `new unit`, `evidence add`, `answer`: a workspace built only through commands,
writes that keep comments, refuse to overwrite, are atomic, and change nothing when repeated."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from rbctl.authoring import set_answer
from rbctl.models import Answers
from rbctl.rubricref import BUILTIN_DIR, read_rubric
from rbctl.scoring import score
from rbctl.validate import validate
from rbctl.workspace import load_workspace
from rbctl.yamlload import parse_text

AS_OF = dt.date(2024, 12, 31)


def comments(path: Path) -> list[str]:
    """Every comment of a YAML file, as written (text after the `#`)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.search(r"(?:^|\s)#\s?(.*)$", line)
        if match:
            out.append(match.group(1).strip())
    return out


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file() and ".rbctl-cache" not in p.parts}


def no_problems(root: Path) -> None:
    """Validate passes; the only findings allowed are the warnings that names written as
    `BELUM DIISI` (a unit made without --ketua/--sekretaris) are still to be filled in, and
    that the semester II report due in January has no narratives yet (they are written by hand)."""
    result = validate(root, as_of=AS_OF, use_cache=False)
    left = [p for p in result.problems if p.rule not in ("placeholder-unfilled", "narasi-belum-ada")]
    assert left == [], [f"{p.path}:{p.line}: {p.rule} {p.message}" for p in left]
    assert all(p.severity == "warning" for p in result.problems)


@pytest.fixture
def evidence_file(tmp_path: Path) -> Path:
    path = tmp_path / "luar" / "SK Tim RB 2024.pdf"
    path.parent.mkdir()
    path.write_bytes(b"%PDF-1.4 SK Tim RB\n")
    return path


def steps(root: Path, evidence_file: Path) -> list[tuple[str, ...]]:
    """Building the whole workspace, through commands only."""
    ws = ("-w", str(root))
    return [
        ("init", str(root), "--rubric", "pmprb-2020", "--org", "KPU Provinsi Jawa Timur", "--year", "2024"),
        ("new", "unit", "kpu-jatim", "--name", "KPU Provinsi Jawa Timur", "--level", "provinsi",
         "--ketua", "Aang Kunaifi", "--sekretaris", "Nanik Karsini", *ws),
        ("new", "unit", "kpu-surabaya", "--name", "KPU Kota Surabaya", "--level", "kota", "--parent", "kpu-jatim", *ws),
        ("evidence", "add", str(evidence_file), "--unit", "kpu-jatim", "--title", "SK Tim RB 2024",
         "--date", "2024-01-15", "--kind", "sk", "--criterion", "P.MP.1.a", *ws),
        ("answer", "P.MP.1.a", "A", "--unit", "kpu-jatim", "--evidence", "kpu-jatim-DD-001",
         "--note", "Tim RB dibentuk dengan SK Ketua.", *ws),
        ("answer", "P.MP.1.c", "b", "--unit", "kpu-jatim", *ws),
        ("answer", "P.MP.2.d", "3/4", "--unit", "kpu-jatim", *ws),
    ]


def build(rbctl: Callable[..., Any], root: Path, evidence_file: Path, *, check: bool = False) -> list[Any]:
    """Run every step; with ``check``, validate after each one."""
    results = []
    for step in steps(root, evidence_file):
        result = rbctl(*step, cwd=root.parent)
        assert result.exit_code == 0, (step, result.stdout, result.stderr)
        results.append(result)
        if check:
            no_problems(root)
    return results


def test_workspace_built_only_through_commands_validates_and_scores(rbctl, tmp_path, evidence_file):
    root = tmp_path / "rb-jatim"
    first = steps(root, evidence_file)[:3]
    for step in first:
        assert rbctl(*step, cwd=tmp_path).exit_code == 0
    written = {p: comments(p) for p in root.rglob("*.yaml")}
    assert len(written) == 1 + 2 * 11
    assert all(written.values()), "every file rbctl writes explains itself with comments"
    build(rbctl, root, evidence_file, check=True)

    # Every file written keeps the comments that were in it.
    for path, before in written.items():
        after = comments(path)
        assert [c for c in before if c not in after] == [], path

    # The evidence was copied into the unit with its sha256.
    copied = root / "units/kpu-jatim/data-dukung/SK-Tim-RB-2024.pdf"
    assert copied.read_bytes() == evidence_file.read_bytes()
    registry = parse_text((root / "units/kpu-jatim/data-dukung.yaml").read_text(encoding="utf-8"))
    entry = registry["data_dukung"][0]
    assert entry["berkas"] == "data-dukung/SK-Tim-RB-2024.pdf"
    assert entry["sha256"] == hashlib.sha256(evidence_file.read_bytes()).hexdigest()

    # It scores: A on P.MP.1.a and B (0.67) on P.MP.1.c of a 3-criterion sub-area of weight 0.4,
    # and 3/4 on P.MP.2.d of a 4-criterion sub-area of weight 0.4.
    ws = load_workspace(root)
    rubric, _ = read_rubric(BUILTIN_DIR / "pmprb-2020.yaml", "pmprb-2020")
    assert rubric is not None
    answers = ws.units["kpu-jatim"].answers[2024].record
    assert isinstance(answers, Answers)
    result = score(rubric, answers)
    sub = Fraction(2, 5)
    assert result.index == sub / 3 * (1 + Fraction(67, 100)) + sub / 4 * Fraction(3, 4)
    empty = score(rubric, ws.units["kpu-surabaya"].answers[2024].record)
    assert empty.index == 0
    assert len(empty.unanswered) == len(rubric.criteria())


def test_new_unit_lists_every_criterion_unanswered_with_its_text(rbctl, tmp_path):
    root = tmp_path / "ws"
    rbctl("init", str(root), "--org", "KPU Provinsi Jawa Timur", "--year", "2024", "--rubric", "zi-2021", cwd=tmp_path)
    result = rbctl("new", "unit", "kpu-jatim", "--name", "KPU Provinsi Jawa Timur", "--level", "provinsi",
                   "-w", str(root), cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    rubric, _ = read_rubric(BUILTIN_DIR / "zi-2021.yaml", "zi-2021")
    assert rubric is not None
    path = root / "units/kpu-jatim/lke/2024.yaml"
    text = path.read_text(encoding="utf-8")
    data = parse_text(text)
    assert list(data["jawaban"]) == list(rubric.criteria())
    for crit in rubric.criteria().values():
        assert f"  {crit.id}:  # {' '.join(crit.text.split())} [" in text
        entry = data["jawaban"][crit.id]
        assert entry.get("jawaban") is None
        assert not entry.get("jumlah")
    plans = sorted(p.stem for p in (root / "units/kpu-jatim/rencana-aksi").glob("*.yaml"))
    assert plans == sorted(a.id for a in rubric.change_areas)
    no_problems(root)


def test_running_every_command_twice_changes_nothing(rbctl, tmp_path, evidence_file):
    root = tmp_path / "ws"
    build(rbctl, root, evidence_file)
    before = snapshot(root)
    results = build(rbctl, root, evidence_file)
    assert snapshot(root) == before  # same bytes, not even rewritten (same mtimes)
    assert "kpu-jatim-DD-001" in results[3].stdout  # the evidence already registered keeps its id
    no_problems(root)


def test_answer_refuses_to_overwrite_unless_forced(rbctl, tmp_path, evidence_file):
    root = tmp_path / "ws"
    build(rbctl, root, evidence_file)
    lke = root / "units/kpu-jatim/lke/2024.yaml"
    before = lke.read_bytes()
    refused = rbctl("answer", "P.MP.1.a", "B", "--unit", "kpu-jatim", "-w", str(root), cwd=tmp_path)
    assert refused.exit_code == 2
    assert "sudah berisi `jawaban: A`" in refused.stderr
    assert "--force" in refused.stderr
    assert lke.read_bytes() == before
    forced = rbctl("answer", "P.MP.1.a", "B", "--unit", "kpu-jatim", "--force", "-w", str(root), cwd=tmp_path)
    assert forced.exit_code == 0
    entry = parse_text(lke.read_text(encoding="utf-8"))["jawaban"]["P.MP.1.a"]
    assert entry == {"jawaban": "B", "penjelasan": "Tim RB dibentuk dengan SK Ketua.",
                     "data_dukung": ["kpu-jatim-DD-001"]}
    no_problems(root)


@pytest.mark.parametrize(("criterion", "value", "message"), [
    ("P.MP.1.a", "Z", "bukan pilihan skala"),
    ("P.MP.2.d", "80", "dihitung dari jumlah"),
    ("P.MP.2.d", "3/0", "bernilai 0"),
    ("P.XX.9", "A", "tidak ada di rubrik"),
    ("p.mp.1.a", "A", "Mungkin maksudnya `P.MP.1.a`"),
])
def test_answer_is_checked_against_the_scale(rbctl, tmp_path, evidence_file, criterion, value, message):
    root = tmp_path / "ws"
    build(rbctl, root, evidence_file)
    before = snapshot(root)
    result = rbctl("answer", criterion, value, "--unit", "kpu-jatim", "-w", str(root), cwd=tmp_path)
    assert result.exit_code == 2
    assert message in result.stderr
    assert snapshot(root) == before


def test_answer_with_unregistered_evidence_is_refused(rbctl, tmp_path, evidence_file):
    root = tmp_path / "ws"
    build(rbctl, root, evidence_file)
    result = rbctl("answer", "P.MP.1.b", "Ya", "--unit", "kpu-jatim", "--evidence", "DD-TIDAK-ADA",
                   "-w", str(root), cwd=tmp_path)
    assert result.exit_code == 2
    assert "`DD-TIDAK-ADA` tidak terdaftar" in result.stderr
    assert "rbctl evidence add" in result.stderr


def test_user_comments_and_quoting_survive_an_answer(rbctl, tmp_path, evidence_file):
    root = tmp_path / "ws"
    build(rbctl, root, evidence_file)
    lke = root / "units/kpu-jatim/lke/2024.yaml"
    text = lke.read_text(encoding="utf-8")
    text = text.replace("    jawaban: A\n", "    jawaban: 'A'  # disepakati rapat 3 Maret\n")
    text = text.replace("jawaban:\n  # P.MP.1", "jawaban:\n\n  # catatan tim: isi bertahap\n  # P.MP.1")
    lke.write_text(text, encoding="utf-8")
    result = rbctl("answer", "P.MP.1.b", "ya", "--unit", "kpu-jatim", "-w", str(root), cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    after = lke.read_text(encoding="utf-8")
    assert "    jawaban: 'A'  # disepakati rapat 3 Maret\n" in after
    assert "jawaban:\n\n  # catatan tim: isi bertahap\n  # P.MP.1" in after
    assert "  P.MP.1.b:  # Tim RB telah menyusun rencana kerja tahunan [Ya/Tidak]\n    # Ya: " in after
    assert "sementara, bukan kata-kata lembar resmi.)\n    jawaban: Ya\n  P.MP.1.c:" in after
    assert "tanpa data dukung" in result.stdout  # a top answer without evidence is pointed out
    # Only the answered line changed.
    changed = [line for line in after.splitlines() if line not in text.splitlines()]
    assert changed == ["    jawaban: Ya"]


def test_answer_keeps_windows_line_endings(rbctl, tmp_path, evidence_file):
    root = tmp_path / "ws"
    build(rbctl, root, evidence_file)
    lke = root / "units/kpu-jatim/lke/2024.yaml"
    lke.write_bytes(lke.read_bytes().replace(b"\n", b"\r\n"))
    result = rbctl("answer", "P.MP.1.b", "Tidak", "--unit", "kpu-jatim", "-w", str(root), cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    raw = lke.read_bytes()
    assert b"    jawaban: Tidak\r\n" in raw
    assert raw.count(b"\n") == raw.count(b"\r\n")
    no_problems(root)


def test_answer_adds_a_criterion_missing_from_a_hand_written_file(rbctl, tmp_path, evidence_file):
    root = tmp_path / "ws"
    build(rbctl, root, evidence_file)
    lke = root / "units/kpu-surabaya/lke/2024.yaml"
    lke.write_text("# ditulis tangan\njenis: lke\nversi_skema: 1\ntahun: 2024\njawaban:\n"
                   "  P.MP.1.a: {jawaban: B}  # sementara\n  P.MP.2.a: {jawaban: Tidak}\n", encoding="utf-8")
    result = rbctl("answer", "P.MP.1.b", "Tidak", "--unit", "kpu-surabaya", "-w", str(root), cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    data = parse_text(lke.read_text(encoding="utf-8"))
    assert list(data["jawaban"]) == ["P.MP.1.a", "P.MP.1.b", "P.MP.2.a"]  # in rubric order
    assert data["jawaban"]["P.MP.1.b"] == {"jawaban": "Tidak"}
    assert "# sementara" in lke.read_text(encoding="utf-8")
    no_problems(root)


def test_evidence_already_inside_the_unit_is_registered_in_place(rbctl, tmp_path, evidence_file):
    root = tmp_path / "ws"
    build(rbctl, root, evidence_file)
    inside = root / "units/kpu-surabaya/data-dukung/notulen rapat.pdf"
    inside.write_bytes(b"notulen")
    result = rbctl("evidence", "add", str(inside), "--unit", "kpu-surabaya", "--title", "Notulen rapat Tim RB",
                   "--date", "2024-02-01", "-w", str(root), cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    entry = parse_text((root / "units/kpu-surabaya/data-dukung.yaml").read_text(encoding="utf-8"))["data_dukung"][0]
    assert entry["berkas"] == "data-dukung/notulen rapat.pdf"
    assert entry["jenis"] == "dokumen"
    assert sorted(p.name for p in inside.parent.iterdir()) == [".gitkeep", "notulen rapat.pdf"]
    link = rbctl("evidence", "add", "https://kpu.go.id/berita/rb", "--unit", "kpu-surabaya", "--title", "Berita RB",
                 "--date", "2024-02-02", "-w", str(root), cwd=tmp_path)
    assert link.exit_code == 0, link.stderr
    registry = parse_text((root / "units/kpu-surabaya/data-dukung.yaml").read_text(encoding="utf-8"))
    assert registry["data_dukung"][1]["tautan"] == "https://kpu.go.id/berita/rb"
    assert registry["data_dukung"][1]["jenis"] == "tautan"
    # Both are referenced, so validate has nothing to say about unused evidence.
    rbctl("answer", "P.MP.1.a", "B", "--unit", "kpu-surabaya", "--evidence", "kpu-surabaya-DD-001",
          "--evidence", "kpu-surabaya-DD-002", "-w", str(root), cwd=tmp_path)
    no_problems(root)


def test_evidence_add_refuses_a_different_file_under_a_taken_name(rbctl, tmp_path, evidence_file):
    root = tmp_path / "ws"
    build(rbctl, root, evidence_file)
    other = tmp_path / "lain" / evidence_file.name
    other.parent.mkdir()
    other.write_bytes(b"isi lain")
    before = snapshot(root)
    result = rbctl("evidence", "add", str(other), "--unit", "kpu-jatim", "--title", "SK Tim RB 2024",
                   "--date", "2024-01-15", "-w", str(root), cwd=tmp_path)
    assert result.exit_code == 2
    assert "--force" in result.stderr
    assert snapshot(root) == before
    forced = rbctl("evidence", "add", str(other), "--unit", "kpu-jatim", "--title", "SK Tim RB 2024 (revisi)",
                   "--date", "2024-01-15", "--force", "-w", str(root), cwd=tmp_path)
    assert forced.exit_code == 0, forced.stderr
    entries = parse_text((root / "units/kpu-jatim/data-dukung.yaml").read_text(encoding="utf-8"))["data_dukung"]
    assert len(entries) == 1
    assert entries[0]["id"] == "kpu-jatim-DD-001"
    assert entries[0]["jenis"] == "sk"  # the recorded kind is not replaced by a guess
    assert entries[0]["sha256"] == hashlib.sha256(b"isi lain").hexdigest()
    no_problems(root)


def test_new_unit_refuses_an_unknown_parent_and_an_existing_profile(rbctl, tmp_path, evidence_file):
    root = tmp_path / "ws"
    build(rbctl, root, evidence_file)
    missing = rbctl("new", "unit", "kpu-malang", "--name", "KPU Kota Malang", "--level", "kota",
                    "--parent", "kpu-jatimm", "-w", str(root), cwd=tmp_path)
    assert missing.exit_code == 2
    assert "`kpu-jatimm` tidak ada" in missing.stderr
    assert not (root / "units/kpu-malang").exists()
    profile = root / "units/kpu-jatim/unit.yaml"
    before = profile.read_bytes()
    other = rbctl("new", "unit", "kpu-jatim", "--name", "KPU Jatim", "--level", "provinsi", "-w", str(root),
                  cwd=tmp_path)
    assert other.exit_code == 2
    assert profile.read_bytes() == before
    answers = root / "units/kpu-jatim/lke/2024.yaml"
    answered = answers.read_bytes()
    forced = rbctl("new", "unit", "kpu-jatim", "--name", "KPU Jatim", "--level", "provinsi", "--force",
                   "-w", str(root), cwd=tmp_path)
    assert forced.exit_code == 0
    assert "nama: KPU Jatim" in profile.read_text(encoding="utf-8")
    assert answers.read_bytes() == answered  # answers are never overwritten
    no_problems(root)


def test_init_refuses_to_overwrite_another_workspace(rbctl, tmp_path):
    root = tmp_path / "ws"
    assert rbctl("init", str(root), "--org", "KPU A", "--year", "2024", cwd=tmp_path).exit_code == 0
    config = (root / "rbctl.yaml").read_bytes()
    again = rbctl("init", str(root), "--org", "KPU B", "--year", "2024", cwd=tmp_path)
    assert again.exit_code == 2
    assert "sudah ada" in again.stderr
    assert (root / "rbctl.yaml").read_bytes() == config
    unknown = rbctl("init", str(tmp_path / "lain"), "--org", "KPU", "--rubric", "pmprb-2099", cwd=tmp_path)
    assert unknown.exit_code == 2
    assert "pmprb-2020" in unknown.stderr  # the hint lists the built-in rubrics
    assert not (tmp_path / "lain" / "rbctl.yaml").exists()


@pytest.mark.parametrize("error", [KeyboardInterrupt, OSError(28, "No space left on device")])
def test_an_interrupted_write_leaves_the_original_file_whole(rbctl, tmp_path, evidence_file, monkeypatch, error):
    root = tmp_path / "ws"
    build(rbctl, root, evidence_file)
    lke = root / "units/kpu-jatim/lke/2024.yaml"
    before = snapshot(root)

    def interrupted(src: object, dst: object) -> None:
        # The new text is complete in the temporary file next to the target at this point.
        temps = list(lke.parent.glob(".2024.yaml.*.tmp"))
        assert len(temps) == 1
        assert b"jawaban: Ya" in temps[0].read_bytes()
        raise error

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(error if isinstance(error, type) else type(error)):
        set_answer(root, "kpu-jatim", "P.MP.1.b", "Ya")
    monkeypatch.undo()
    assert snapshot(root) == before  # original intact, no temporary file left behind
    no_problems(root)


def test_write_error_is_reported_without_a_traceback(rbctl, tmp_path, evidence_file, monkeypatch):
    root = tmp_path / "ws"
    build(rbctl, root, evidence_file)

    def full(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    result = rbctl("answer", "P.MP.1.b", "Ya", "--unit", "kpu-jatim", "-w", str(root), cwd=tmp_path)
    assert result.exit_code == 2
    assert "No space left on device" in result.stderr
    assert "berkas lama tetap utuh" in result.stderr
