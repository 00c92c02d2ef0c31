"""Benchmark `rbctl validate` on a synthetic national workspace, beside check-jsonschema and yamllint.

    python benchmarks/run.py                  # full size (553 units) in a temporary folder
    python benchmarks/run.py --units 60       # smaller
    python benchmarks/run.py --out /tmp/ws    # keep the workspace (re-used with --reuse)

Measures, as a user would see them (a fresh `python -m rbctl` process each time):
  1. cold: no cache (the script's own cache folder, RBCTL_CACHE_DIR, emptied first; the
     user's cache is never read or written);
  2. warm: again, nothing changed;
  3. one unit changed: one action plan file of one unit edited, then validated again.
Wall time; peak memory as the largest single process (GNU time's "Maximum resident set
size") and as the sum over the process tree (rbctl uses worker processes), sampled from
/proc every 20 ms. Then check-jsonschema (with JSON Schemas exported from rbctl's models)
and yamllint are timed on a sample of the units and extrapolated to the whole tree by size;
both are installed into the current environment with pip when missing (benchmark only: they
are not rbctl dependencies). Prints a table; asserts nothing about times.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import synth

AS_OF = "2026-06-30"
GNU_TIME = Path("/usr/bin/time")
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass
class Run:
    label: str
    wall: float
    rss_max_mb: float | None  # largest single process
    rss_tree_mb: float | None  # sum over the process tree, sampled
    code: int
    note: str = ""


# --- measuring a command ------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    """All descendants of pid (Linux /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:  # noqa: PTH123
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo.extend(parents.get(current, []))
    return out


def _tree_rss(pid: int) -> int:
    total = 0
    for child in _children(pid):
        try:
            with open(f"/proc/{child}/statm", "rb") as handle:  # noqa: PTH123
                total += int(handle.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
    return total


def measure(label: str, cmd: list[str], stdout: Path, cwd: Path | None = None,
            env: dict[str, str] | None = None) -> Run:
    """Run cmd; wall time, peak RSS of the largest process and of the whole tree."""
    use_time = GNU_TIME.exists()
    report = stdout.with_suffix(".time")
    full = [str(GNU_TIME), "-v", "-o", str(report), *cmd] if use_time else cmd
    peak = 0
    proc_live = Path("/proc/self").exists()
    with stdout.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(full, stdout=out, stderr=subprocess.STDOUT, cwd=cwd, env=env)
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, _tree_rss(proc.pid))
                done.wait(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        if proc_live:
            sampler.start()
        code = proc.wait()
        wall = time.perf_counter() - start
        done.set()
        if proc_live:
            sampler.join()
    rss_max: float | None = None
    if use_time and report.exists():
        match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report.read_text())
        rss_max = int(match.group(1)) / 1024 if match else None
        status = re.search(r"Exit status: (\d+)", report.read_text())
        code = int(status.group(1)) if status else code
    else:
        import resource

        rss_max = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # all children so far
    return Run(label, wall, rss_max, peak / 2**20 if proc_live else None, code)


def rbctl_validate(root: Path, out: Path, label: str) -> Run:
    cmd = [sys.executable, "-m", "rbctl", "validate", str(root), "--as-of", AS_OF, "--format", "json"]
    run = measure(label, cmd, out)
    try:
        summary = json.loads(out.read_text(encoding="utf-8"))["summary"]
        run.note = f"{summary['files']} berkas, {summary['errors']} galat, {summary['warnings']} peringatan"
    except (ValueError, KeyError):
        run.note = "keluaran bukan JSON: " + out.read_text(encoding="utf-8", errors="replace")[:200]
    return run


# --- the other tools ------------------------------------------------------------------------


def ensure_tools(install: bool) -> dict[str, str | None]:
    """Paths of check-jsonschema and yamllint, installing them with pip when allowed."""
    bindir = Path(sys.executable).parent
    wanted = {"check-jsonschema": "check-jsonschema", "yamllint": "yamllint"}
    found = {name: shutil.which(name, path=str(bindir)) or shutil.which(name) for name in wanted}
    missing = [pkg for name, pkg in wanted.items() if not found[name]]
    if missing and install:
        print(f"pip install {' '.join(missing)} (benchmark only) ...", flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", *missing], check=False)
        found = {name: shutil.which(name, path=str(bindir)) or shutil.which(name) for name in wanted}
    return found


def export_schemas(folder: Path) -> dict[str, Path]:
    from rbctl.models import KIND_MODELS

    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for kind, model in KIND_MODELS.items():
        schema = {"$schema": "http://json-schema.org/draft-07/schema#", **model.model_json_schema()}
        path = folder / f"{kind}.schema.json"
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=1), encoding="utf-8")
        out[kind] = path
    return out


def sample_files(root: Path, every: int) -> dict[str, list[Path]]:
    """Record files of every n-th unit, by kind."""
    kinds: dict[str, list[Path]] = {"unit": [], "data_dukung": [], "rencana_aksi": [], "lke": []}
    folders = sorted(p for p in (root / "units").iterdir() if p.is_dir())
    for folder in folders[::every]:
        kinds["unit"].append(folder / "unit.yaml")
        kinds["data_dukung"].append(folder / "data-dukung.yaml")
        kinds["rencana_aksi"].extend(sorted((folder / "rencana-aksi").glob("*.yaml")))
        kinds["lke"].extend(sorted((folder / "lke").glob("*.yaml")))
    return kinds


def time_tool(label: str, cmds: list[list[str]], log: Path) -> Run:
    """Several commands one after another, as one measurement (summed wall, max RSS)."""
    wall, rss, tree, codes = 0.0, 0.0, 0.0, []
    for i, cmd in enumerate(cmds):
        run = measure(label, cmd, log.with_name(f"{log.stem}-{i}.log"))
        wall += run.wall
        rss = max(rss, run.rss_max_mb or 0)
        tree = max(tree, run.rss_tree_mb or 0)
        codes.append(run.code)
    return Run(label, wall, rss, tree, max(codes))


# --- the report -----------------------------------------------------------------------------


def tree_size(root: Path) -> tuple[int, int, int, int]:
    """(record files, record bytes, all files, all bytes) under root, cache excluded."""
    records = record_bytes = files = size = 0
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != ".rbctl-cache"]
        for name in filenames:
            st = os.stat(os.path.join(dirpath, name))  # noqa: PTH116, PTH118
            files += 1
            size += st.st_size
            if name.endswith((".yaml", ".md")) and "data-dukung" not in Path(dirpath).parts[-1:]:
                records += 1
                record_bytes += st.st_size
    return records, record_bytes, files, size


def fmt_mb(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f} MB"


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)), line]
    for row in rows:
        out.append("  ".join(str(c).ljust(w) if i in (0, len(row) - 1) else str(c).rjust(w)
                             for i, (c, w) in enumerate(zip(row, widths, strict=True))))
    return "\n".join(out)


def main() -> int:  # noqa: PLR0915 - one straight script
    parser = argparse.ArgumentParser(description="Benchmark rbctl validate on a synthetic national workspace.")
    parser.add_argument("--units", type=int, default=None, help="first N units only (default: all 553)")
    parser.add_argument("--out", type=Path, default=None, help="workspace folder (default: a temporary one)")
    parser.add_argument("--reuse", action="store_true", help="use the workspace already in --out")
    parser.add_argument("--sample", type=int, default=10, help="time the other tools on every N-th unit")
    parser.add_argument("--no-install", action="store_true", help="do not pip install the other tools")
    parser.add_argument("--skip-tools", action="store_true", help="only rbctl")
    args = parser.parse_args()

    temporary = args.out is None
    root = Path(tempfile.mkdtemp(prefix="rbctl-bench-")) if temporary else args.out.resolve()
    work = Path(tempfile.mkdtemp(prefix="rbctl-bench-logs-"))
    try:
        if args.reuse and (root / "rbctl.yaml").exists():
            print(f"memakai ruang kerja yang ada: {root}")
        else:
            marker = root / "rbctl.yaml"
            if root.exists() and any(root.iterdir()):
                if not (marker.exists() and "benchmarks/synth.py" in marker.read_text(encoding="utf-8")):
                    print(f"{root} tidak kosong dan bukan ruang kerja sintetis; pilih folder lain.", file=sys.stderr)
                    return 2
                shutil.rmtree(root)
            start = time.perf_counter()
            made = synth.generate(root, args.units)
            print(f"dibuat: {made.units} unit, {made.files} berkas, {made.bytes / 1e6:.1f} MB "
                  f"dalam {time.perf_counter() - start:.1f} s ({root})", flush=True)
        units = sum(1 for p in (root / "units").iterdir() if p.is_dir())
        records, record_bytes, files, size = tree_size(root)

        runs: list[Run] = []
        cache = work / "cache"  # every rbctl run below inherits it: "cold" is really cold
        os.environ["RBCTL_CACHE_DIR"] = str(cache)
        shutil.rmtree(cache, ignore_errors=True)
        runs.append(rbctl_validate(root, work / "cold.json", "rbctl validate, dingin (tanpa cache)"))
        runs.append(rbctl_validate(root, work / "warm.json", "rbctl validate, ulang tanpa perubahan"))
        folders = sorted(p for p in (root / "units").iterdir() if p.is_dir())
        target = folders[len(folders) // 2] / "rencana-aksi" / "sdm.yaml"
        with target.open("a", encoding="utf-8") as handle:
            handle.write(f"# diubah oleh benchmarks/run.py {time.time():.0f}\n")
        runs.append(rbctl_validate(root, work / "touch.json", "rbctl validate, satu unit diubah"))
        cold = runs[0].wall

        tool_rows: list[list[str]] = []
        notes: list[str] = []
        if not args.skip_tools:
            tools = ensure_tools(not args.no_install)
            kinds = sample_files(root, max(1, args.sample))
            sample = [p for paths in kinds.values() for p in paths]
            sample_bytes = sum(p.stat().st_size for p in sample)
            factor = record_bytes / sample_bytes
            notes.append(f"Alat lain diukur pada {len(sample)} berkas ({sample_bytes / 1e6:.1f} MB, setiap unit "
                         f"ke-{args.sample}) lalu diekstrapolasi x{factor:.1f} menurut ukuran.")
            schemas = export_schemas(work / "schemas")
            if tools["check-jsonschema"]:
                cmds = [[tools["check-jsonschema"], "--schemafile", str(schemas[kind]), *map(str, paths)]
                        for kind, paths in kinds.items() if paths]
                run = time_tool("check-jsonschema (skema dari rbctl.models)", cmds, work / "cjs.log")
                tool_rows.append(_tool_row(run, factor, cold))
                notes.append(f"check-jsonschema keluar dengan kode {run.code}; ia menunjuk path JSON, "
                             "bukan baris dan kolom.")
            else:
                notes.append("check-jsonschema tidak tersedia: dilewati.")
            if tools["yamllint"]:
                config = "{extends: default, rules: {line-length: disable, document-start: disable}}"
                run = time_tool("yamllint (default, tanpa line-length)",
                                [[tools["yamllint"], "-f", "parsable", "-d", config, *map(str, sample)]],
                                work / "yamllint.log")
                tool_rows.append(_tool_row(run, factor, cold))
            else:
                notes.append("yamllint tidak tersedia: dilewati.")

        print()
        print(f"rbctl benchmark: {units} unit, {records:,} berkas catatan ({record_bytes / 1e6:.1f} MB); "
              f"seluruh pohon {files:,} berkas ({size / 1e6:.1f} MB)")
        print(f"mesin: {os.cpu_count()} CPU, Python {platform.python_version()}, {platform.platform()}")
        print()
        rows = [[r.label, f"{r.wall:.2f} s", f"{record_bytes / 1e6 / r.wall:.1f} MB/s" if r is runs[0] else "",
                 fmt_mb(r.rss_max_mb), fmt_mb(r.rss_tree_mb), f"{r.code}", r.note] for r in runs]
        print(table(rows + tool_rows, ["perintah", "waktu", "laju", "RSS maks/proses", "RSS puncak/pohon",
                                       "kode", "catatan"]))
        print()
        targets = [("dingin <= 15 s", runs[0].wall <= 15), ("ulang <= 1 s", runs[1].wall <= 1),
                   ("satu unit <= 1 s", runs[2].wall <= 1),
                   ("memori < 1 GB", max(r.rss_tree_mb or r.rss_max_mb or 0 for r in runs) < 1024)]
        print("target: " + ", ".join(f"{name}: {'ya' if ok else 'TIDAK'}" for name, ok in targets))
        for note in notes:
            print("catatan: " + note)
        print("Waktu berulang bisa berbeda sampai 30%; bandingkan rasionya.")
        return 0 if all(r.code == 0 for r in runs) else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if temporary:
            shutil.rmtree(root, ignore_errors=True)


def _tool_row(run: Run, factor: float, cold: float) -> list[str]:
    whole = run.wall * factor
    return [run.label, f"{whole:.1f} s*", f"x{whole / cold:.1f} rbctl",
            fmt_mb(run.rss_max_mb), fmt_mb(run.rss_tree_mb), f"{run.code}",
            f"sampel {run.wall:.2f} s; *ekstrapolasi"]


if __name__ == "__main__":
    sys.exit(main())
