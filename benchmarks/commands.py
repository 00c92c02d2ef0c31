"""Every command at national scale: the targets of the performance issue, met or missed.

    python benchmarks/commands.py                     # 553 units in a temporary folder
    python benchmarks/commands.py --units 30          # one province (KPU RI, Aceh and its kab/kota)
    python benchmarks/commands.py --out /tmp/ws --reuse

Each row is a fresh `python -m rbctl` process, run `--repeat` times (default 3; the long
`report --all` row once): min and median wall time, and the peak memory of the whole
process tree (rbctl uses worker processes). The validate cache and fact store are put in a
folder of this script's own (RBCTL_CACHE_DIR, XDG_CACHE_HOME), so "dingin" means an empty
store and nothing of the user's is touched. check-jsonschema is timed on the same files by
`benchmarks/run.py`; this script prints the rbctl rows. It asserts nothing: it prints
"terpenuhi" or "TIDAK" per target, and the figures behind it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import synth
from run import Run, measure

AS_OF = "2026-06-30"
REPORT_UNIT_FORMATS = ("md", "html", "docx", "xlsx")


@dataclass
class Row:
    label: str
    seconds: float | None  # target, None when the issue gives none
    megabytes: float | None = None
    runs: list[Run] = field(default_factory=list)
    note: str = ""

    def verdict(self) -> str:
        if not self.runs:
            return "dilewati"
        if any(r.code != 0 for r in self.runs):
            return f"GAGAL (kode {self.runs[-1].code})"
        ok = self.seconds is None or min(r.wall for r in self.runs) <= self.seconds
        ok = ok and (self.megabytes is None or self.peak() <= self.megabytes)
        if self.seconds is None and self.megabytes is None:
            return "-"
        return "terpenuhi" if ok else "TIDAK"

    def peak(self) -> float:
        return max((r.rss_tree_mb or r.rss_max_mb or 0.0) for r in self.runs) if self.runs else 0.0

    def target(self) -> str:
        parts = []
        if self.seconds is not None:
            parts.append(f"< {self.seconds:g} s")
        if self.megabytes is not None:
            parts.append(f"< {self.megabytes:g} MB")
        return ", ".join(parts) or "-"


class Bench:
    """Runs rbctl in the workspace with a cache folder of its own."""

    def __init__(self, root: Path, work: Path, repeat: int) -> None:
        self.root, self.work, self.repeat = root, work, repeat
        self.env = {**os.environ, "RBCTL_CACHE_DIR": str(work / "cache"), "XDG_CACHE_HOME": str(work / "xdg"),
                    "CI": "true"}
        self.count = 0

    def clear_cache(self) -> None:
        for folder in (self.work / "cache", self.work / "xdg", self.root / ".rbctl-cache"):
            shutil.rmtree(folder, ignore_errors=True)

    def run(self, label: str, args: list[str]) -> Run:
        self.count += 1
        log = self.work / f"run-{self.count}.log"
        cmd = [sys.executable, "-m", "rbctl", *args]
        result = measure(label, cmd, log, cwd=self.root, env=self.env)
        if result.code != 0:
            result.note = log.read_text(encoding="utf-8", errors="replace")[-400:]
        return result

    def row(self, row: Row, args: list[str] | Callable[[int], list[str]], *,
            before: Callable[[], None] | None = None, times: int | None = None) -> Row:
        for i in range(times or self.repeat):
            if before is not None:
                before()
            row.runs.append(self.run(row.label, args(i) if callable(args) else args))
        return row


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "b@example.invalid",
                        "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "b@example.invalid"})


def change_units(root: Path, count: int, stamp: str) -> list[str]:
    """Edit the LKE of `count` units (one answer each), as a reviewed change would."""
    folders = sorted(p for p in (root / "units").iterdir() if p.is_dir())
    step = max(1, len(folders) // count)
    changed = []
    for folder in folders[::step][:count]:
        lke = next(iter(sorted((folder / "lke").glob("*.yaml"))), None)
        if lke is None:
            continue
        text = lke.read_text(encoding="utf-8")
        for old, new in (("jawaban: A\n", "jawaban: B\n"), ("jawaban: B\n", "jawaban: A\n"),
                         ("jawaban: Ya\n", "jawaban: Tidak\n")):
            if old in text:
                text = text.replace(old, new, 1)
                break
        lke.write_text(text + f"# {stamp}\n", encoding="utf-8")
        changed.append(folder.name)
    return changed


def measure_all(bench: Bench, *, pdf_skipped: str, report_all: bool) -> list[Row]:
    root = bench.root
    folders = sorted(p.name for p in (root / "units").iterdir() if p.is_dir())
    unit = folders[len(folders) // 2]
    one_file = f"units/{unit}/lke/{next(iter(sorted((root / 'units' / unit / 'lke').glob('*.yaml')))).name}"
    rows: list[Row] = []

    rows.append(bench.row(Row("validate, dingin (tanpa cache)", None), ["validate", "--as-of", AS_OF],
                          before=bench.clear_cache))
    rows.append(bench.row(Row("validate, ulang tanpa perubahan", 0.3), ["validate", "--as-of", AS_OF]))
    counter = iter(range(10_000))

    def touch() -> None:
        plan = root / "units" / folders[len(folders) // 3] / "rencana-aksi" / "sdm.yaml"
        with plan.open("a", encoding="utf-8") as handle:
            handle.write(f"# benchmark {next(counter)}\n")

    rows.append(bench.row(Row("validate, satu unit diubah", 1.0), ["validate", "--as-of", AS_OF], before=touch))
    day = dt.date.fromisoformat(AS_OF)
    rows.append(bench.row(Row("validate pertama hari itu (--as-of baru, tanpa perubahan)", 1.0),
                          lambda i: ["validate", "--as-of", (day + dt.timedelta(days=i + 1)).isoformat()]))
    rows.append(bench.row(Row(f"validate --unit {unit}, dingin", 1.0),
                          ["validate", "--unit", unit, "--as-of", AS_OF], before=bench.clear_cache))
    rows.append(bench.row(Row("validate <satu berkas>, dingin", 1.0), ["validate", one_file, "--as-of", AS_OF],
                          before=bench.clear_cache))
    bench.run("isi cache", ["validate", "--as-of", AS_OF])
    rows.append(bench.row(Row("score --all", 3.0, 300), ["score", "--all"]))
    out = bench.work / "laporan"
    for fmt in REPORT_UNIT_FORMATS:
        rows.append(bench.row(Row(f"report --unit {unit} -f {fmt}", 2.0),
                              ["report", "--semester", "1", "--unit", unit, "-f", fmt, "-o", str(out)]))
    if not pdf_skipped:
        rows.append(bench.row(Row(f"report --unit {unit} -f pdf", 4.0),
                              ["report", "--semester", "1", "--unit", unit, "-f", "pdf", "-o", str(out)]))
    else:
        rows.append(Row(f"report --unit {unit} -f pdf", 4.0, note=pdf_skipped))
    if report_all:
        rows.append(bench.row(Row(f"report --all -f xlsx ({len(folders)} unit)", 45.0),
                              ["report", "--semester", "1", "--all", "-f", "xlsx", "-o", str(out)], times=1))
    else:
        rows.append(Row("report --all -f xlsx", 45.0, note="--no-report-all"))

    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "awal")
    change_units(root, 5, "diubah untuk diff")
    git(root, "commit", "-qam", "lima unit berubah")
    rows.append(bench.row(Row("diff HEAD~1, 5 unit berubah", 3.0, 300), ["diff", "HEAD~1"]))

    fmt_row = Row("fmt --check, seluruh pohon", 10.0)
    first = bench.run("fmt (sekali, agar rapi)", ["fmt"])
    if first.code != 0:
        fmt_row.note = f"fmt pertama keluar {first.code}"
    rows.append(bench.row(fmt_row, ["fmt", "--check"]))
    rows.append(bench.row(Row("--help", 0.2), ["--help"]))
    return rows


def print_rows(rows: list[Row]) -> None:
    header = ["perintah", "min", "median", "memori puncak", "target", "hasil"]
    body = []
    for row in rows:
        walls = [r.wall for r in row.runs]
        body.append([row.label,
                     f"{min(walls):.2f} s" if walls else "-",
                     f"{statistics.median(walls):.2f} s" if walls else "-",
                     f"{row.peak():,.0f} MB" if walls else "-",
                     row.target(), row.verdict()])
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for line in body:
        print("  ".join(c.ljust(w) if i in (0, 5) else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths,
                                                                                               strict=True))))
    for row in rows:
        if row.note:
            print(f"catatan {row.label}: {row.note.strip()}")
        for run in row.runs:
            if run.code != 0 and run.note:
                print(f"keluaran {row.label}: {run.note.strip()}")
                break


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark every rbctl command against its target.")
    parser.add_argument("--units", type=int, default=None, help="first N units only (default: all 553)")
    parser.add_argument("--out", type=Path, default=None, help="workspace folder (default: a temporary one)")
    parser.add_argument("--reuse", action="store_true", help="use the workspace already in --out")
    parser.add_argument("--repeat", type=int, default=3, help="runs per row (min and median)")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF row")
    parser.add_argument("--no-report-all", action="store_true", help="skip `report --all -f xlsx`")
    args = parser.parse_args()

    temporary = args.out is None
    root = Path(tempfile.mkdtemp(prefix="rbctl-bench-")) if temporary else args.out.resolve()
    work = Path(tempfile.mkdtemp(prefix="rbctl-bench-work-"))
    try:
        if not (args.reuse and (root / "rbctl.yaml").exists()):
            shutil.rmtree(root, ignore_errors=True)
            start = time.perf_counter()
            made = synth.generate(root, args.units)
            print(f"dibuat: {made.units} unit, {made.files:,} berkas, {made.bytes / 1e6:.1f} MB "
                  f"dalam {time.perf_counter() - start:.1f} s", flush=True)
        shutil.rmtree(root / ".git", ignore_errors=True)
        pdf_skipped = "--no-pdf" if args.no_pdf else "" if _has_weasyprint() else "WeasyPrint tidak terpasang"
        bench = Bench(root, work, max(1, args.repeat))
        rows = measure_all(bench, pdf_skipped=pdf_skipped, report_all=not args.no_report_all)
        units = sum(1 for p in (root / "units").iterdir() if p.is_dir())
        print()
        print(f"rbctl, setiap perintah: {units} unit, --as-of {AS_OF}, {os.cpu_count()} CPU, "
              f"{bench.repeat} kali per baris")
        print()
        print_rows(rows)
        missed = [r.label for r in rows if r.verdict().startswith(("TIDAK", "GAGAL"))]
        print()
        print(f"target terpenuhi: {sum(r.verdict() == 'terpenuhi' for r in rows)}, "
              f"tidak: {len(missed)}" + (f" ({'; '.join(missed)})" if missed else ""))
        return 1 if any(r.verdict().startswith("GAGAL") for r in rows) else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if temporary:
            shutil.rmtree(root, ignore_errors=True)


def _has_weasyprint() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
