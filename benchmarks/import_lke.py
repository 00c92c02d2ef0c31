"""Time `rbctl import lke` of a 150-criterion workbook (official layout and rbctl's own).

    python benchmarks/import_lke.py            # 150 criteria
    python benchmarks/import_lke.py --criteria 300

Builds, in a temporary folder, a workspace whose rubric has N criteria (two components, five
areas each, three sub-areas each, criteria spread over them), a filled workbook in the official
layout (numbering A / I / 1 / a, no ids) and one from `rbctl report -f xlsx`, then times a fresh
`python -m rbctl import lke` process for each (as a user sees it: start-up included) with
--dry-run and with writing. Prints the times; asserts nothing.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

ROMAN = ["I", "II", "III", "IV", "V"]
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def plan(n: int) -> list[tuple[int, int, int, int]]:
    """(component, area, sub-area, criterion) positions of n criteria, 1-based."""
    slots = [(c, a, s) for c in (1, 2) for a in range(1, 6) for s in range(1, 4)]
    out = []
    for i in range(n):
        c, a, s = slots[i % len(slots)]
        out.append((c, a, s, sum(1 for x in out if x[:3] == (c, a, s)) + 1))
    return out


def rubric_yaml(n: int) -> str:
    positions = plan(n)
    lines = ["kind: rubric", "schema_version: 1", "id: bench", "title: Rubrik uji kecepatan",
             "legal_basis: Tidak ada", "version: '1'", "total: 100", "scales:",
             "  abcd: {type: choice, options: {A: 1, B: 0.67, C: 0.33, D: 0}}", "components:"]
    for c in (1, 2):
        lines += [f"  - id: K{c}", f"    name: Komponen {c}", "    weight: 50", "    areas:"]
        for a in range(1, 6):
            lines += [f"      - id: K{c}.{a}", f"        name: Area {c}.{a}", "        weight: 10",
                      "        subareas:"]
            for s in range(1, 4):
                w = "10/3"
                lines += [f"          - id: K{c}.{a}.{s}", f"            name: Sub-area {c}.{a}.{s}",
                          f"            weight: '{w}'", "            criteria:"]
                for (pc, pa, ps, k) in positions:
                    if (pc, pa, ps) == (c, a, s):
                        lines.append(f"              - {{id: K{c}.{a}.{s}.{k}, text: 'Kriteria {c} {a} {s} {k} "
                                     f"tentang pelaksanaan nomor {c * 1000 + a * 100 + s * 10 + k}', scale: abcd}}")
    lines += ["grades:", "  - {grade: A, label: Baik, above: 50}", "  - {grade: D, label: Kurang, above: 0, "
              "inclusive: true}"]
    return "\n".join(lines) + "\n"


def official(path: Path, n: int) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["No", "Uraian", "Bobot", "Pilihan Jawaban", "Jawaban", "Penjelasan"])
    positions = plan(n)
    for c in (1, 2):
        ws.append(["AB"[c - 1], f"Komponen {c}", 50])
        for a in range(1, 6):
            ws.append([ROMAN[a - 1], f"Area {c}.{a}", 10])
            for s in range(1, 4):
                ws.append([str(s), f"Sub-area {c}.{a}.{s}", None])
                for (pc, pa, ps, k) in positions:
                    if (pc, pa, ps) == (c, a, s):
                        ws.append([LETTERS[k - 1], f"Kriteria {c} {a} {s} {k} tentang pelaksanaan nomor "
                                   f"{c * 1000 + a * 100 + s * 10 + k}", None, "A/B/C/D", "abcd"[k % 4],
                                   f"Penjelasan {k}"])
    wb.save(path)


def workspace(root: Path, n: int) -> None:
    (root / "units/bench/lke").mkdir(parents=True)
    (root / "rbctl.yaml").write_text("jenis: konfigurasi\nversi_skema: 1\norganisasi: Uji\ntahun: 2026\n"
                                     "rubrik: bench.yaml\n")
    (root / "bench.yaml").write_text(rubric_yaml(n))
    (root / "units/bench/unit.yaml").write_text(
        "jenis: unit\nversi_skema: 1\nid: bench\nnama: Unit Uji\ntingkat: provinsi\nketua:\n  nama: A\n"
        "sekretaris:\n  nama: B\ntim_rb:\n  anggota:\n    - {nama: B, peran: Ketua}\n")


def timed(args: list[str], cwd: Path) -> str:
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "rbctl", *args], cwd=cwd, capture_output=True, text=True,
                         check=False)
    took = time.perf_counter() - start
    if run.returncode != 0:
        print(run.stderr[-2000:], file=sys.stderr)
    return f"{took:.2f} s (kode keluar {run.returncode})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--criteria", type=int, default=150)
    n = parser.parse_args().criteria
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ws"
        workspace(root, n)
        book = Path(tmp) / "resmi.xlsx"
        official(book, n)
        print(f"{n} kriteria")
        print(f"  lembar resmi, --dry-run : {timed(['import', 'lke', str(book), '-u', 'bench', '--dry-run'], root)}")
        print(f"  lembar resmi, tulis     : {timed(['import', 'lke', str(book), '-u', 'bench'], root)}")
        out = Path(tmp) / "out"
        made = subprocess.run([sys.executable, "-m", "rbctl", "report", "-u", "bench", "-f", "xlsx", "-o", str(out),
                               "-s", "1"], cwd=root, capture_output=True, text=True, check=False)
        if made.returncode != 0:
            print(made.stderr[-2000:], file=sys.stderr)
        own = next(out.glob("*.xlsx"), None)
        if own is not None:
            print(f"  buku kerja rbctl        : {timed(['import', 'lke', str(own), '--dry-run'], root)}")


if __name__ == "__main__":
    main()
