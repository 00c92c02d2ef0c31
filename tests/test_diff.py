"""`rbctl diff`: the score change between two commits made here with git, in three formats."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from rbctl.cli.diff import check_score_drops
from rbctl.gitdiff import diff_workspace

from .conftest import copy_good

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git tidak terpasang")


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Tim RB Uji", "-c", "user.email=uji@example.org", "-c", "commit.gpgsign=false",
         "-c", "init.defaultBranch=main", *args],
        cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A records repository: the minimal workspace in `ws/`, then a second commit that answers
    P.MP.1.b with Ya (was Tidak), registers evidence and reports TW II as finished."""
    repo = tmp_path / "catatan-rb"
    repo.mkdir()
    git(repo, "init", "-q")
    ws = copy_good(repo / "ws")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Catatan awal")
    edit(ws / "units/prov-uji/lke/2026.yaml", "    jawaban: Tidak\n    penjelasan: Road Map masih disusun.\n",
         "    jawaban: Ya\n    penjelasan: Road Map ditetapkan.\n    data_dukung: [PU-RM-01]\n")
    (ws / "units/prov-uji/data-dukung/road-map.txt").write_text("Road Map RB 2026\n", encoding="utf-8")
    edit(ws / "units/prov-uji/data-dukung.yaml", "data_dukung:\n",
         "data_dukung:\n  - id: PU-RM-01\n    judul: Road Map RB 2026\n    jenis: dokumen\n"
         "    tanggal: 2026-05-02\n    berkas: data-dukung/road-map.txt\n")
    edit(ws / "units/prov-uji/rencana-aksi/manajemen-perubahan.yaml", "status: berjalan", "status: selesai")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Road Map ditetapkan")
    return repo


def test_diff_shows_the_score_change_as_a_table(rbctl, repo):
    result = rbctl("diff", "HEAD~1", cwd=repo / "ws")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "60,00 (A)" in out
    assert "75,00 (A)" in out
    assert "+15,00" in out
    assert "P.MP.1.b" in out
    assert "Tidak" in out
    assert "Ya" in out
    assert "data dukung ditambah: PU-RM-01" in out
    assert "realisasi PU-MP-01 TW II: 1 (berjalan) → 1 (selesai)" in out
    assert "kab-uji" not in out  # unchanged units are left out


def test_diff_markdown_is_a_pull_request_comment(rbctl, repo):
    result = rbctl("diff", "HEAD~1", "--format", "markdown", cwd=repo / "ws")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("## Perubahan nilai RB — LKE 2026, rubrik rubrik-uji\n")
    assert "| KPU Provinsi Uji (`prov-uji`) | 60,00 (A) | 75,00 (A) | +15,00 ▲ |" in out
    assert "| `P.MP.1.b` Road Map telah disusun | Tidak | Ya | +15,00 ▲ |" in out
    assert "- ditambah: `PU-RM-01` Road Map RB 2026" in out
    assert "| `PU-MP-01` Rapat koordinasi Tim RB | TW II | 1 (berjalan) | 1 (selesai) |" in out


def test_diff_json_has_the_numbers(rbctl, repo):
    result = rbctl("diff", "HEAD~1", "--format", "json", cwd=repo / "ws")
    assert result.exit_code == 0, result.stderr
    payload = result.json()
    commit = git(repo, "rev-parse", "HEAD~1").strip()
    assert payload["base"] == {"ref": "HEAD~1", "commit": commit}
    units = {u["id"]: u for u in payload["units"]}
    prov = units["prov-uji"]
    assert prov["before"] == {"index": 60.0, "grade": "A", "status": "ok"}
    assert prov["after"] == {"index": 75.0, "grade": "A", "status": "ok"}
    assert prov["delta"] == 15.0
    assert prov["dropped"] is False
    assert prov["answers"] == [{"criterion": "P.MP.1.b", "text": "Road Map telah disusun", "before": "Tidak",
                                "after": "Ya", "points_before": 0.0, "points_after": 15.0}]
    assert [a["id"] for a in prov["areas"]] == ["P.MP"]
    assert prov["evidence"] == [{"id": "PU-RM-01", "title": "Road Map RB 2026", "change": "ditambah"}]
    assert prov["actions"] == [{"id": "PU-MP-01", "activity": "Rapat koordinasi Tim RB", "quarter": 2,
                                "before": "1 (berjalan)", "after": "1 (selesai)"}]
    assert units["kab-uji"]["changed"] is False


def test_default_base_is_the_merge_base_with_main_and_the_tree_is_untouched(rbctl, repo):
    git(repo, "checkout", "-q", "-b", "perbaikan", "HEAD~1")
    git(repo, "branch", "-q", "-f", "main", "HEAD")
    ws = repo / "ws"
    edit(ws / "units/prov-uji/lke/2026.yaml", "  P.AK.1.a:\n    jawaban: 3\n", "  P.AK.1.a:\n    jawaban: 4\n")
    status = git(repo, "status", "--porcelain")
    head = git(repo, "rev-parse", "HEAD")
    result = rbctl("diff", "--format", "json", cwd=ws)
    assert result.exit_code == 0, result.stderr
    payload = result.json()
    assert payload["base"]["ref"] == "merge-base dengan main"
    prov = {u["id"]: u for u in payload["units"]}["prov-uji"]
    assert [a["criterion"] for a in prov["answers"]] == ["P.AK.1.a"]
    assert prov["delta"] > 0
    # Reading the old side touched nothing: same status, same HEAD, no stray files.
    assert git(repo, "status", "--porcelain") == status
    assert git(repo, "rev-parse", "HEAD") == head


def test_a_fall_fails_with_fail_on_drop(rbctl, repo):
    ws = repo / "ws"
    edit(ws / "units/prov-uji/lke/2026.yaml", "    jawaban: Ya\n", "    jawaban: Tidak\n")
    edit(ws / "units/prov-uji/lke/2026.yaml", "  P.MP.1.a:\n    jawaban: A\n", "  P.MP.1.a:\n    jawaban: B\n")
    quiet = rbctl("diff", "HEAD~1", cwd=ws)
    assert quiet.exit_code == 0
    failing = rbctl("diff", "HEAD~1", "--fail-on-drop", cwd=ws)
    assert failing.exit_code == 1
    assert "Indeks turun" in failing.stderr
    assert "prov-uji" in failing.stderr
    diff = diff_workspace(ws, "HEAD~1")
    assert [u.id for u in diff.drops] == ["prov-uji"]
    assert check_score_drops(ws, "HEAD~1", year=None, unit=None, fail_on_drop=True) is True
    assert check_score_drops(ws, "HEAD", year=None, unit="kab-uji", fail_on_drop=True) is False


def test_a_new_unit_has_no_score_before(rbctl, repo):
    ws = repo / "ws"
    result = rbctl("new", "unit", "kab-baru", "--name", "KPU Kabupaten Baru", "--level", "kabupaten",
                   "--parent", "prov-uji", cwd=ws)
    assert result.exit_code == 0, result.stderr
    rbctl("answer", "P.MP.1.b", "Tidak", "--unit", "kab-baru", cwd=ws)
    payload = rbctl("diff", "HEAD", "--format", "json", "--unit", "kab-baru", cwd=ws).json()
    [unit] = payload["units"]
    assert unit["before"] is None
    assert unit["after"]["status"] == "ok"
    assert unit["dropped"] is False
    assert "(belum ada unit)" in rbctl("diff", "HEAD", cwd=ws).stdout


def test_errors_are_plain_messages(rbctl, repo, tmp_path):
    unknown = rbctl("diff", "tidak-ada", cwd=repo / "ws")
    assert unknown.exit_code == 2
    assert "`tidak-ada` tidak ditemukan" in unknown.stderr
    outside = copy_good(tmp_path / "bukan-git")
    result = rbctl("diff", cwd=outside)
    assert result.exit_code == 2
    assert "tidak berada di dalam repositori git" in result.stderr


def test_score_compare_to_fails_on_drop(rbctl, repo):
    ws = repo / "ws"
    rose = rbctl("score", "--all", "--compare-to", "HEAD~1", "--fail-on-drop", cwd=ws)
    assert rose.exit_code == 0, rose.stderr
    edit(ws / "units/prov-uji/lke/2026.yaml", "    jawaban: Ya\n", "    jawaban: Tidak\n")
    fell = rbctl("score", "--all", "--compare-to", "HEAD", "--fail-on-drop", cwd=ws)
    assert fell.exit_code == 1
    assert "Indeks turun" in fell.stderr
    assert "prov-uji" in fell.stderr
    told = rbctl("score", "--all", "--compare-to", "HEAD", cwd=ws)
    assert told.exit_code == 0  # without --fail-on-drop the fall is only reported
    assert "Indeks turun" in told.stderr


def test_a_record_file_with_a_newline_in_its_name_is_compared_not_a_crash(rbctl, repo):
    ws = repo / "ws"
    (ws / "units/prov-uji/narasi").mkdir(exist_ok=True)
    (ws / "units/prov-uji/narasi/a\nb.md").write_text("x\n", encoding="utf-8")
    result = rbctl("diff", "HEAD~1", "--format", "json", cwd=ws)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
