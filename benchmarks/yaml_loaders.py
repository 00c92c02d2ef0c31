"""rbctl's YAML reading beside libyaml's own parse, PyYAML's C loader and ruamel, on the same files.

    python benchmarks/yaml_loaders.py WORKSPACE      # e.g. one made by benchmarks/synth.py

Prints the best of three passes over every record file for each loader (no positions: the
clean-file path `rbctl validate` takes), and the ratio to libyaml's event parse alone, which
is the floor for any loader built on libyaml. Asserts nothing.
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from yaml._yaml import CParser

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rbctl import yamlload


def events_only(text: str) -> None:
    parser = CParser(text)
    while parser.get_event() is not None:
        pass
    parser.dispose()


def pyyaml_c(text: str) -> Any:
    return yaml.load(text, Loader=yaml.CSafeLoader)


def ruamel_loaders() -> list[tuple[str, Callable[[str], Any]]]:
    from ruamel.yaml import YAML

    safe, rt = YAML(typ="safe"), YAML()
    return [("ruamel typ=safe", safe.load), ("ruamel rt (round-trip)", rt.load)]


def best_of(fn: Callable[[str], Any], texts: list[str], passes: int = 3) -> float:
    best = float("inf")
    for _ in range(passes):
        gc.disable()
        start = time.perf_counter()
        for text in texts:
            fn(text)
        best = min(best, time.perf_counter() - start)
        gc.enable()
    return best


def main() -> int:
    if len(sys.argv) != 2 or sys.argv[1].startswith("-"):
        print(__doc__)
        return 2
    files = [p for p in Path(sys.argv[1]).rglob("*.yaml") if "data-dukung" not in p.parent.parts[-1:]]
    texts = [p.read_text(encoding="utf-8") for p in files]
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    if not texts:
        print(f"Tidak ada berkas YAML di {sys.argv[1]}.")
        return 2
    print(f"{len(files)} berkas, {megabytes:.1f} MB")
    loaders: list[tuple[str, Callable[[str], Any], int]] = [
        ("libyaml: peristiwa saja (batas bawah)", events_only, 3),
        ("rbctl yamlload.parse_text", yamlload.parse_text, 3),
        ("PyYAML CSafeLoader (YAML 1.1)", pyyaml_c, 3),
    ]
    sample = texts[: max(1, len(texts) // 20)]  # ruamel is slow: time a twentieth, scale up
    floor = 0.0
    for name, fn, passes in loaders:
        took = best_of(fn, texts, passes)
        floor = floor or took
        print(f"{name:40s} {took:7.2f} s  {megabytes / took:6.1f} MB/s  x{took / floor:.2f}")
    for name, fn in ruamel_loaders():
        took = best_of(fn, sample, 1) * len(texts) / len(sample)
        print(f"{name:40s} {took:7.2f} s* {megabytes / took:6.1f} MB/s  x{took / floor:.2f}")
    print("* diukur pada 1/20 berkas lalu dikalikan")
    return 0


if __name__ == "__main__":
    sys.exit(main())
