"""Safe to run on a pull request: one test per way in that was found (see the security issue).

The cache attacks (a planted pickle, a symlinked cache folder, an edit with its mtime
restored, a cache entry of the wrong shape) are in test_cache_security.py.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import AS_OF, copy_example

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "kpu-jatim"
UNIT = "kpu-kab-malang"
LKE = f"units/{UNIT}/lke/2026.yaml"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    copy_example(root)
    return root


def _answer_line(root: Path, criterion: str) -> str:
    lines = (root / LKE).read_text(encoding="utf-8").splitlines()
    start = lines.index(f"  {criterion}:")
    return next(line.strip() for line in lines[start + 1:] if line.strip().startswith("jawaban:"))


# --- lost writes --------------------------------------------------------------------------


def test_two_answer_runs_at_once_lose_no_update(example: Path) -> None:
    env = {**os.environ, "RBCTL_CACHE_DIR": str(example.parent / "cache")}
    rounds = [("B", "C"), ("C", "B"), ("A", "D"), ("B", "A"), ("C", "C"), ("A", "B")]
    for first, second in rounds:
        runs = [subprocess.Popen([sys.executable, "-m", "rbctl", "answer", crit, value, "--unit", UNIT, "--force",
                                  "-w", str(example)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
                for crit, value in (("P.MP.1.a", first), ("P.MP.1.c", second))]
        for run in runs:
            _out, err = run.communicate(timeout=120)
            assert run.returncode == 0, err.decode()
        assert _answer_line(example, "P.MP.1.a") == f"jawaban: {first}"
        assert _answer_line(example, "P.MP.1.c") == f"jawaban: {second}"


def test_a_record_changed_while_rbctl_edits_it_is_left_alone(rbctl, example: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from rbctl import authoring

    real = authoring._answers_file

    def edited_meanwhile(*args, **kwargs):  # a person saves the file in an editor meanwhile
        record = real(*args, **kwargs)
        with (example / LKE).open("a", encoding="utf-8") as handle:
            handle.write("# disunting di editor\n")
        return record

    monkeypatch.setattr(authoring, "_answers_file", edited_meanwhile)
    result = rbctl("answer", "P.MP.1.a", "C", "--unit", UNIT, "--force", "-w", str(example), cwd=example)
    assert result.exit_code == 1
    assert "berubah sejak dibaca" in result.stderr
    text = (example / LKE).read_text(encoding="utf-8")
    assert text.endswith("# disunting di editor\n")
    assert _answer_line(example, "P.MP.1.a") == "jawaban: B"


def test_a_report_is_never_left_half_written(rbctl, example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = example / "laporan"
    first = rbctl("report", "--semester", "1", "--unit", UNIT, "-f", "md", "-f", "docx", "-o", str(out),
                  "--as-of", AS_OF, cwd=example)
    assert first.exit_code == 0, first.stderr
    good = {p.name: p.read_bytes() for p in out.iterdir()}
    (out / next(n for n in good if n.endswith(".docx"))).unlink()

    def disk_full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    second = rbctl("report", "--semester", "1", "--unit", UNIT, "-f", "md", "-f", "docx", "-o", str(out),
                   "--as-of", AS_OF, cwd=example)
    assert second.exit_code == 1
    assert "laporan lama tetap utuh" in second.stderr
    md = next(n for n in good if n.endswith(".md"))
    assert (out / md).read_bytes() == good[md]
    assert sorted(p.name for p in out.iterdir()) == [md]  # no empty .docx, no temporary file


# --- paths that leave the workspace -------------------------------------------------------


def test_writers_do_not_replace_a_symlinked_record(rbctl, example: Path, tmp_path: Path) -> None:
    outside = tmp_path / "di-luar.yaml"
    shutil.move(example / LKE, outside)
    (example / LKE).symlink_to(outside)
    before = outside.read_bytes()
    answered = rbctl("answer", "P.MP.1.a", "C", "--unit", UNIT, "--force", "-w", str(example), cwd=example)
    assert answered.exit_code == 1
    assert "tautan simbolik" in answered.stderr
    rbctl("fmt", "-w", str(example), cwd=example)  # a linked record is not among the files fmt edits
    direct = rbctl("fmt", str(example / LKE), "-w", str(example), cwd=example)
    assert direct.exit_code == 1
    assert (example / LKE).is_symlink()
    assert outside.read_bytes() == before


# --- templates, narratives and the PDF renderer -------------------------------------------

PACKAGE_HTML = Path(__file__).resolve().parent.parent / "rbctl" / "templates" / "laporan.html.j2"
PIXEL = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                      "1f15c4890000000d49444154789c63f8cfc0f00f00040501808a8c3221000000004945"
                      "4e44ae426082")


class _Listener:
    """A local HTTP server that only counts the requests it gets (none are wanted)."""

    def __init__(self) -> None:
        import http.server
        import threading

        hits: list[str] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()
                self.wfile.write(PIXEL)

            def log_message(self, *_args: object) -> None:
                pass

        self.hits = hits
        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener():
    server = _Listener()
    yield server
    server.close()


def _report(rbctl, root: Path, *formats: str):
    args = [a for f in formats for a in ("-f", f)]
    return rbctl("report", "--semester", "1", "--unit", UNIT, *args, "-o", str(root / "laporan"), "--as-of", AS_OF,
                 cwd=root)


def _pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils tidak terpasang")
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _pdf_or_skip() -> None:
    from rbctl.report.build import pdf_unavailable

    why = pdf_unavailable()
    if why:
        pytest.skip(why)


def test_a_template_cannot_include_a_file_outside_through_a_symlink(rbctl, example: Path, tmp_path: Path) -> None:
    secret = tmp_path / "rahasia.txt"
    secret.write_text("KATA-SANDI-RAHASIA", encoding="utf-8")
    templates = example / "templates"
    templates.mkdir()
    (templates / "p.txt").symlink_to(secret)
    (templates / "laporan.md.j2").write_text("{% include 'p.txt' %}\n", encoding="utf-8")
    result = _report(rbctl, example, "md")
    assert result.exit_code == 1
    assert "menunjuk ke luar folder templates/" in result.stderr
    assert not any("KATA-SANDI-RAHASIA" in p.read_text(encoding="utf-8") for p in (example / "laporan").glob("*")) \
        if (example / "laporan").exists() else True


def test_the_pdf_embeds_no_local_file_and_fetches_nothing(rbctl, example: Path, tmp_path: Path, listener) -> None:
    _pdf_or_skip()
    secret = tmp_path / "rahasia.txt"
    secret.write_text("KATA-SANDI-RAHASIA", encoding="utf-8")
    html = PACKAGE_HTML.read_text(encoding="utf-8").replace(
        "<style>",
        f'<link rel="attachment" href="file://{secret}">'
        f'<link rel="stylesheet" href="http://127.0.0.1:{listener.port}/gaya.css">'
        f'<img src="http://127.0.0.1:{listener.port}/logo.png"><img src="file://{secret}">'
        f"<style>@import url(http://127.0.0.1:{listener.port}/impor.css);", 1)
    (example / "templates").mkdir()
    (example / "templates" / "laporan.html.j2").write_text(html, encoding="utf-8")
    result = _report(rbctl, example, "pdf")
    assert result.exit_code == 0, result.stderr
    pdf = next((example / "laporan").glob("*.pdf")).read_bytes()
    assert b"KATA-SANDI-RAHASIA" not in pdf
    assert b"/EmbeddedFile" not in pdf
    assert listener.hits == []


def test_narrative_images_from_the_internet_or_outside_are_reported_and_left_out(rbctl, example: Path,
                                                                                  tmp_path: Path, listener) -> None:
    outside = tmp_path / "luar"
    outside.mkdir()
    (outside / "pixel.png").write_bytes(PIXEL)
    narrative = sorted((example / "units" / UNIT / "narasi").glob("*.md"))[0]
    (narrative.parent / "foto.png").write_bytes(PIXEL)
    up = os.path.relpath(outside / "pixel.png", narrative.parent)
    with narrative.open("a", encoding="utf-8") as handle:
        handle.write(f"\n![peta](http://127.0.0.1:{listener.port}/x.png)\n\n![luar]({up})\n\n![foto](foto.png)\n")
    checked = rbctl("validate", "--as-of", AS_OF, "--format", "json", cwd=example)
    found = [p for p in checked.json()["problems"] if p["rule"] == "narrative-image-outside"]
    assert [(p["path"].rsplit("/", 1)[-1], p["message"].split("`")[1]) for p in found] == [
        (narrative.name, f"http://127.0.0.1:{listener.port}/x.png"), (narrative.name, up)]
    assert checked.exit_code == 1
    formats = ["md", "html"]
    from rbctl.report.build import pdf_unavailable

    if pdf_unavailable() is None:
        formats.append("pdf")
    assert _report(rbctl, example, *formats).exit_code == 1  # validate errors: no report, nothing written
    assert not (example / "laporan").exists()
    args = [a for f in formats for a in ("-f", f)]
    run = rbctl("report", "--semester", "1", "--unit", UNIT, *args, "-o", str(example / "laporan"), "--as-of", AS_OF,
                "--draft", cwd=example)
    assert run.exit_code == 0, run.stderr
    for path in (example / "laporan").iterdir():
        if path.suffix in (".md", ".html"):
            text = path.read_text(encoding="utf-8")  # the draft names the refused images in its notes, as text
            assert f"](http://127.0.0.1:{listener.port}" not in text
            assert 'src="http' not in text
            assert f"]({up})" not in text
            assert f'src="{up}' not in text
            assert "gambar peta tidak dimuat" in text
            assert "data:image/png;base64," in text  # the image inside the workspace is embedded
    assert listener.hits == []


@pytest.mark.parametrize(("body", "words"), [
    ("{% for i in range(10**9) %}{{ i }}{% endfor %}", "templat"),
    ("{{ 'a' * 10**10 }}", "terlalu besar"),
    ("{% include 'laporan.md.j2' %}", "memanggil dirinya sendiri"),
    ("{% set x = [1] * 10**8 %}{{ x | length }}", "terlalu besar"),
])
def test_a_runaway_template_is_stopped_with_a_clear_error(rbctl, example: Path, body: str, words: str) -> None:
    (example / "templates").mkdir()
    (example / "templates" / "laporan.md.j2").write_text(body + "\n", encoding="utf-8")
    result = _report(rbctl, example, "md")
    assert result.exit_code == 1
    assert "laporan.md.j2" in result.stderr
    assert words in result.stderr
    assert "internal" not in result.stderr


# --- text pasted from Word ----------------------------------------------------------------


@pytest.mark.parametrize("char", ["\\v", "\\x1b", "\\x07", "\\0", "\\uFFFE"])
def test_control_characters_are_located_errors_and_no_renderer_crashes(rbctl, example: Path, char: str) -> None:
    path = example / LKE
    text = path.read_text(encoding="utf-8")
    marker = "    penjelasan: "
    start = text.index(marker) + len(marker)
    end = text.index("\n", start)
    path.write_text(text[:start] + f'"Baris satu{char}baris dua"' + text[end:], encoding="utf-8")
    checked = rbctl("validate", "--as-of", AS_OF, "--format", "json", cwd=example)
    assert checked.exit_code == 1
    [problem] = [p for p in checked.json()["problems"] if p["rule"] == "text-control-char"]
    assert problem["path"] == LKE
    assert problem["line"] == text[:start].count("\n") + 1
    assert "Word" in problem["hint"]
    built = _report(rbctl, example, "docx", "xlsx", "md", "html")
    assert built.exit_code == 1  # the unit's records have an error: no document, and no internal error
    assert "karakter kontrol" in built.stderr
    assert "internal" not in built.stderr


# --- paths that leave the workspace (continued) -------------------------------------------


def test_a_rubric_outside_the_workspace_is_a_located_problem(rbctl, example: Path, tmp_path: Path) -> None:
    rubric = (Path(__file__).resolve().parent.parent / "rbctl" / "rubrics" / "pmprb-2020.yaml").read_text(
        encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "rubric.yaml").write_text(rubric, encoding="utf-8")
    config = example / "rbctl.yaml"
    original = config.read_text(encoding="utf-8")
    line = next(i for i, text in enumerate(original.splitlines(), 1) if text.startswith("rubrik:"))
    for ref in ("../outside/rubric.yaml", str(tmp_path / "outside" / "rubric.yaml")):
        config.write_text(original.replace("rubrik: pmprb-2020", f"rubrik: {ref}"), encoding="utf-8")
        result = rbctl("validate", "--as-of", AS_OF, "--format", "json", cwd=example)
        assert result.exit_code == 1
        problems = [p for p in result.json()["problems"] if p["rule"] == "rubric-path-outside"]
        assert [(p["path"], p["line"]) for p in problems] == [("rbctl.yaml", line)]


def test_a_unit_folder_linked_from_outside_is_not_read(rbctl, example: Path, tmp_path: Path) -> None:
    outside = tmp_path / "unit-luar"
    shutil.copytree(example / "units" / UNIT, outside)
    shutil.rmtree(example / "units" / UNIT)
    (example / "units" / UNIT).symlink_to(outside, target_is_directory=True)
    result = rbctl("validate", "--as-of", AS_OF, "--format", "json", cwd=example)
    assert result.exit_code == 1
    assert [p["path"] for p in result.json()["problems"] if p["rule"] == "unit-folder-symlink"] == [f"units/{UNIT}"]
    built = rbctl("report", "--semester", "1", "--unit", UNIT, "-f", "md", "-o", str(example / "laporan"),
                  cwd=example)
    assert built.exit_code == 2
    assert not (example / "laporan").exists()


def test_a_record_file_linked_from_outside_is_a_problem(rbctl, example: Path, tmp_path: Path) -> None:
    outside = tmp_path / "sdm.yaml"
    plan = example / "units" / UNIT / "rencana-aksi" / "sdm.yaml"
    shutil.move(plan, outside)
    plan.symlink_to(outside)
    result = rbctl("validate", "--as-of", AS_OF, "--format", "json", cwd=example)
    assert result.exit_code == 1
    assert [p["path"] for p in result.json()["problems"] if p["rule"] == "record-symlink"] == [
        f"units/{UNIT}/rencana-aksi/sdm.yaml"]


# --- internal errors that were located problems all along ---------------------------------


@pytest.mark.parametrize(("old", "new", "rule"), [
    ("jenis: lke", "jenis: [lke]", "unknown-kind"),
    ("jenis: lke", "jenis: {lke: 1}", "unknown-kind"),
    ("jenis: lke", "jenis: !!python/object/apply:os.system [echo]", "unknown-kind"),
    ("jenis: lke", "jenis: !!set {a, b}", "unknown-kind"),
])
def test_jenis_of_the_wrong_shape_is_a_problem(rbctl, example: Path, old: str, new: str, rule: str) -> None:
    path = example / LKE
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    result = rbctl("validate", "--as-of", AS_OF, "--format", "json", cwd=example)
    assert result.exit_code == 1
    assert any(p["rule"] == rule and p["path"] == LKE for p in result.json()["problems"])


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan"])
def test_infinite_amounts_and_weights_are_problems(rbctl, example: Path, value: str) -> None:
    plan = example / "units" / UNIT / "rencana-aksi" / "sdm.yaml"
    text = plan.read_text(encoding="utf-8")
    start = text.index("anggaran: ") + len("anggaran: ")
    plan.write_text(text[:start] + value + text[text.index("\n", start):], encoding="utf-8")
    result = rbctl("validate", "--as-of", AS_OF, "--format", "json", cwd=example)
    assert result.exit_code == 1
    assert any(p["path"].endswith("sdm.yaml") and p["rule"] in ("invalid-value", "invalid-type")
               for p in result.json()["problems"])
    rubric = (Path(__file__).resolve().parent.parent / "rbctl" / "rubrics" / "pmprb-2020.yaml").read_text(
        encoding="utf-8")
    start = rubric.index("weight: ") + len("weight: ")
    (example / "rubrik.yaml").write_text(rubric[:start] + value + rubric[rubric.index("\n", start):],
                                         encoding="utf-8")
    config = example / "rbctl.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("rubrik: pmprb-2020", "rubrik: rubrik.yaml"),
                      encoding="utf-8")
    for command in (("validate", "--as-of", AS_OF), ("score", "--unit", UNIT)):
        result = rbctl(*command, cwd=example)
        assert result.exit_code in (1, 2)
        assert "rubrik.yaml" in result.stdout + result.stderr


@pytest.mark.parametrize("name", ["a" * 300 + ".pdf", "/".join(["abcdefghij"] * 450) + ".pdf"])
def test_evidence_names_too_long_for_the_file_system_are_problems(rbctl, example: Path, name: str) -> None:
    registry = example / "units" / UNIT / "data-dukung.yaml"
    text = registry.read_text(encoding="utf-8")
    start = text.index("berkas: ") + len("berkas: ")
    registry.write_text(text[:start] + "data-dukung/" + name + text[text.index("\n", start):], encoding="utf-8")
    result = rbctl("validate", "--as-of", AS_OF, "--format", "json", cwd=example)
    assert result.exit_code == 1
    assert any(p["rule"] == "path-too-long" for p in result.json()["problems"])


def test_evidence_add_hashes_and_copies_in_chunks(example: Path, tmp_path: Path) -> None:
    import tracemalloc

    from rbctl.authoring import add_evidence
    from rbctl.writer import file_sha256

    big = tmp_path / "rekaman-rapat.pdf"
    with big.open("wb") as handle:
        for _ in range(64):
            handle.write(os.urandom(1 << 20))  # 64 MB
    tracemalloc.start()
    add_evidence(example, UNIT, str(big), title="Rekaman rapat", date=__import__("datetime").date(2026, 3, 1))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 16 << 20  # far below the file's size: read in blocks
    copied = next((example / "units" / UNIT / "data-dukung").rglob("rekaman-rapat.pdf"))
    assert file_sha256(copied) == file_sha256(big)


def test_the_html_report_references_nothing_remote_even_from_a_workspace_template(rbctl, example: Path) -> None:
    html = PACKAGE_HTML.read_text(encoding="utf-8").replace(
        "<style>", '<link rel="stylesheet" href="https://cdn.example.org/x.css"><script src="//evil.example/x.js">'
                   "</script><style>@import url(http://127.0.0.1:9/impor.css);", 1)
    (example / "templates").mkdir()
    (example / "templates" / "laporan.html.j2").write_text(html, encoding="utf-8")
    assert _report(rbctl, example, "html").exit_code == 0
    text = next((example / "laporan").glob("*.html")).read_text(encoding="utf-8")
    for remote in ("cdn.example.org", "evil.example", "127.0.0.1"):
        assert remote not in text
