"""Seeded mutation fuzzing: hostile records never crash rbctl, and broken ones are never accepted.

Records are made from the example workspace by one mutation each (key and type changes,
extreme numbers, hostile strings and dates, YAML tags, aliases, deep nesting, bad encodings,
truncation, control characters) and run through `validate` and `score` in-process; a sample
also goes through every report format. An exception out of rbctl's core is what would be
exit 3 (an internal error) on the command line. Mutations that certainly break a record
must give at least one error. The seed and size are printed (RBCTL_FUZZ_SEED,
RBCTL_FUZZ_SIZE change them) so that a failure can be replayed.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from rbctl.cli.score import score_unit
from rbctl.problems import Severity
from rbctl.report import BuildError, BuildRequest, RecordsInvalidError, build_reports
from rbctl.rubricload import load_rubric
from rbctl.validate import validate
from rbctl.workspace import load_workspace
from tests.conftest import SUMMARY, copy_example

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "kpu-jatim"
UNIT = "kpu-kab-malang"
SEED = int(os.environ.get("RBCTL_FUZZ_SEED", "20261202"))
SIZE = int(os.environ.get("RBCTL_FUZZ_SIZE", "1000"))
REPORT_SAMPLE = 8  # mutations also rendered in every format (a report takes about a second)
AS_OF = dt.date(2026, 6, 30)

_KEY = re.compile(r"^(?P<indent>[ ]*(?:- )?)(?P<key>[a-z_][a-z0-9_]*):(?P<rest>.*)$", re.M)
_SCALAR = re.compile(r"^(?P<head>[ ]*(?:- )?[a-z_][a-z0-9_]*: )(?P<value>[^\n#{\[|>][^\n]*)$", re.M)
HOSTILE = ["=HYPERLINK(\"http://x\")", "<script>alert(1)</script>", "{{ 7*7 }}", "../../../etc/passwd", "x" * 100_000,
           "\u202egnp.exe", "😀" * 50, "' OR 1=1 --", "@SUM(A1)", "%s%s%n", "\\\\server\\share", "null", "~", ""]
NUMBERS = ["1e308", "-1", "1" + "0" * 30, ".inf", "-.inf", ".nan", "0", "-0.0", "0x1F", "1_000", "9" * 5000]
DATES = ["2026-02-30", "0000-01-01", "9999-12-31", "31/12/2026", "2026-13-01", "2026-1-1", "20260101"]
TAGS = ["!!python/object/apply:os.system [\"true\"]", "!!binary aGVsbG8=", "!!set {a, b}", "!custom x",
        "!!timestamp 2026-01-01", "!!float 1"]
CONTROL = ["\\v", "\\x1b", "\\x07", "\\0", "\\uFFFE", "\\ud800"]


@dataclass
class Mutant:
    kind: str
    rel: str
    data: bytes
    must_fail: bool  # the record is broken for certain: an error is required


def _files(root: Path) -> list[str]:
    unit = root / "units" / UNIT
    paths = [unit / "unit.yaml", unit / "data-dukung.yaml", *sorted((unit / "rencana-aksi").glob("*.yaml")),
             *sorted((unit / "lke").glob("*.yaml")), *sorted((unit / "narasi").glob("*.md"))]
    return [p.relative_to(root).as_posix() for p in paths]


def _pick(rng: random.Random, pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    matches = list(pattern.finditer(text))
    return rng.choice(matches) if matches else None


def _replace(text: str, match: re.Match[str], group: str, new: str) -> str:
    return text[:match.start(group)] + new + text[match.end(group):]


def _rename_key(rng: random.Random, text: str) -> tuple[str, bool]:
    match = _pick(rng, _KEY, text)
    if match is None:
        return text, False
    key = match["key"]
    typo = key[:-1] if len(key) > 3 and rng.random() < 0.5 else key + rng.choice("xqz")
    return _replace(text, match, "key", typo), key not in ("catatan", "penjelasan")  # optional keys dropped


def _set_value(values: list[str], must: bool) -> Callable[[random.Random, str], tuple[str, bool]]:
    def mutate(rng: random.Random, text: str) -> tuple[str, bool]:
        match = _pick(rng, _SCALAR, text)
        if match is None:
            return text, False
        return _replace(text, match, "value", rng.choice(values)), must
    return mutate


def _type_change(rng: random.Random, text: str) -> tuple[str, bool]:
    match = _pick(rng, _SCALAR, text)
    if match is None:
        return text, False
    return _replace(text, match, "value", rng.choice(["[1, 2]", "{a: 1}", "true", "[]", "{}", "12.5"])), False


def _hostile_string(rng: random.Random, text: str) -> tuple[str, bool]:
    match = _pick(rng, _SCALAR, text)
    if match is None:
        return text, False
    value = rng.choice(HOSTILE).replace("\\", "\\\\").replace('"', '\\"')
    return _replace(text, match, "value", f'"{value}"'), False


def _tag(rng: random.Random, text: str) -> tuple[str, bool]:
    match = _pick(rng, _SCALAR, text)
    if match is None:
        return text, False
    return _replace(text, match, "value", rng.choice(TAGS)), False


def _jenis(rng: random.Random, text: str) -> tuple[str, bool]:
    new = rng.choice(["[lke]", "{a: 1}", "!!set {a, b}", "!!python/object/apply:os.system [\"true\"]", "Lke", "", "7"])
    return re.sub(r"^jenis: .*$", f"jenis: {new}", text, count=1, flags=re.M), True


def _alias(rng: random.Random, text: str) -> tuple[str, bool]:
    match = _pick(rng, _SCALAR, text)
    if match is None:
        return text, False
    return _replace(text, match, "value", "&a " + match["value"]) + "\nzz_alias: *a\n", True


def _deep(rng: random.Random, text: str) -> tuple[str, bool]:
    depth = rng.choice([70, 200, 2000])
    deep = "dalam: " + "[" * depth + "]" * depth + "\n"
    at = text.index("\n", text.index("jenis:")) + 1  # inside the YAML (a narrative's front matter too)
    return text[:at] + deep + text[at:], True


def _truncate(rng: random.Random, text: str) -> tuple[str, bool]:
    return text[: rng.randrange(0, max(1, len(text)))], False


def _control(rng: random.Random, text: str) -> tuple[str, bool]:
    match = _pick(rng, _SCALAR, text)
    if match is None:
        return text, False
    return _replace(text, match, "value", f'"awal{rng.choice(CONTROL)}akhir"'), True


def _date(rng: random.Random, text: str) -> tuple[str, bool]:
    dates = list(re.finditer(r"(?P<d>\b20\d\d-\d\d-\d\d\b)", text))
    if not dates:
        return text, False
    match = rng.choice(dates)
    new = rng.choice(DATES)
    return _replace(text, match, "d", new), new not in ("9999-12-31", "0000-01-01")


TEXT_MUTATIONS: dict[str, Callable[[random.Random, str], tuple[str, bool]]] = {
    "kunci salah eja": _rename_key,
    "jenis berganti tipe": _type_change,
    "angka ekstrem": _set_value(NUMBERS, False),
    "teks berbahaya": _hostile_string,
    "tag YAML": _tag,
    "jenis aneh": _jenis,
    "alias": _alias,
    "terlalu dalam": _deep,
    "terpotong": _truncate,
    "karakter kontrol": _control,
    "tanggal": _date,
}


def _bytes_mutation(rng: random.Random, raw: bytes) -> tuple[bytes, bool]:
    choice = rng.randrange(4)
    if choice == 0:
        cut = rng.randrange(len(raw))
        return raw[:cut] + b"\xff\xfe\xc3" + raw[cut:], True  # not UTF-8
    if choice == 1:
        return "\ufeff".encode("utf-16-le") + raw.decode("utf-8").encode("utf-16-le"), True
    if choice == 2:
        cut = rng.randrange(len(raw))
        return raw[:cut] + b"\x00" + raw[cut:], True
    return raw.replace(b"\n", b"\r\n"), False


def mutants(root: Path, rng: random.Random, count: int) -> list[Mutant]:
    files = _files(root)
    originals = {rel: (root / rel).read_bytes() for rel in files}
    kinds = [*TEXT_MUTATIONS, "encoding"]
    out = []
    while len(out) < count:
        rel = rng.choice(files)
        kind = rng.choice(kinds)
        raw = originals[rel]
        if kind == "encoding":
            data, must = _bytes_mutation(rng, raw)
        else:
            text, must = TEXT_MUTATIONS[kind](rng, raw.decode("utf-8"))
            data = text.encode("utf-8", errors="surrogatepass")
        if data != raw:
            out.append(Mutant(kind, rel, data, must))
    return out


@pytest.fixture(scope="module")
def fuzz_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "ws"
    copy_example(root)
    return root


def _errors(problems: list) -> int:
    return sum(1 for p in problems if p.severity is Severity.ERROR)


def test_mutated_records_never_crash_and_broken_ones_are_reported(fuzz_root: Path) -> None:
    rng = random.Random(SEED)
    cases = mutants(fuzz_root, rng, SIZE)
    rubric = load_rubric("pmprb-2020").rubric
    assert rubric is not None
    start = time.perf_counter()
    silent: list[str] = []
    reported = 0
    for number, case in enumerate(cases):
        path = fuzz_root / case.rel
        original = path.read_bytes()
        path.write_bytes(case.data)
        try:
            label = f"#{number} {case.kind} di {case.rel} (seed {SEED})"
            try:
                # The cache keeps the other units; the mutated file always changes the unit's key.
                result = validate(fuzz_root, as_of=AS_OF, only_units={UNIT})
                if "/lke/" in case.rel or case.rel.endswith("unit.yaml"):  # what a score reads
                    ws = load_workspace(fuzz_root, only_units={UNIT})
                    if UNIT in ws.units:
                        score_unit(rubric, ws.units[UNIT], 2026, reviewer=True)
            except Exception as exc:  # would be exit 3 on the command line
                raise AssertionError(f"{label}: {type(exc).__name__}: {exc}") from exc
            if case.must_fail and _errors(result.problems) == 0:
                silent.append(label)
            if _errors(result.problems):
                reported += 1
            if number < REPORT_SAMPLE:
                _render_every_format(fuzz_root, label)
        finally:
            path.write_bytes(original)
    took = time.perf_counter() - start
    must = sum(c.must_fail for c in cases)
    SUMMARY.append(f"fuzz: {len(cases)} rekaman termutasi (seed {SEED}; {must} pasti rusak), {reported} dengan "
                   f"galat, {min(REPORT_SAMPLE, len(cases))} juga dilaporkan dalam semua format; {took:.1f} s")
    assert not silent, "rusak tetapi diterima tanpa galat:\n" + "\n".join(silent[:20])


def _render_every_format(root: Path, label: str) -> None:
    from rbctl.report.build import pdf_unavailable

    formats = ("md", "html", "docx", "xlsx") + (("pdf",) if pdf_unavailable() is None else ())
    request = BuildRequest(root=root, period="1", out=root.parent / "laporan", units=[UNIT], formats=formats,
                           as_of=AS_OF)
    try:
        build_reports(request)
    except RecordsInvalidError:  # refused (exit 1): the draft of the same records must not crash either
        try:
            build_reports(replace(request, draft=True))
        except BuildError:
            pass
        except Exception as exc:
            raise AssertionError(f"{label}, draf: {type(exc).__name__}: {exc}") from exc
    except BuildError:
        pass  # a clear refusal (exit 1 or 2) is a fine answer to a broken record
    except Exception as exc:
        raise AssertionError(f"{label}, laporan: {type(exc).__name__}: {exc}") from exc
