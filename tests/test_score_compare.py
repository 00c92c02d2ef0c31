"""`rbctl score --all`: the province comparison shows each unit's components and change areas."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from typer.testing import CliRunner

from rbctl.cli import app

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "kpu-jatim"


def _run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _id(value: float) -> str:
    return str(Decimal(repr(value)).quantize(Decimal("0.01"), ROUND_HALF_UP)).replace(".", ",")


def test_all_rows_show_components_and_area_shares_matching_the_unit_scores() -> None:
    table = _run("score", str(EXAMPLE), "--all", "--format", "markdown")
    lines = [line for line in table.splitlines() if line.startswith("| ")]
    head = [cell.strip() for cell in lines[0].strip("|").split("|")]
    assert head[5:9] == ["P", "HA", "R", "H"]
    assert "MP %" in head
    assert "PP %" in head
    rows = {cells[1].split()[0]: cells for cells in
            ([c.strip() for c in line.strip("|").split("|")] for line in lines[1:])
            if cells[1].startswith("kpu-")}
    assert set(rows) == {"kpu-prov-jatim", "kpu-kab-pasuruan", "kpu-kab-malang", "kpu-kab-sidoarjo"}
    for unit, cells in rows.items():
        own = json.loads(_run("score", str(EXAMPLE), "--unit", unit, "--format", "json"))
        assert cells[3] == _id(own["index"])
        by_code: dict[str, list[float]] = {}
        for comp in own["components"]:
            assert cells[head.index(comp["id"])] == _id(comp["score"])
            for area in comp["areas"]:
                if "change_area" in area:
                    got = by_code.setdefault(area["id"].split(".")[-1], [0.0, 0.0])
                    got[0] += area["score_exact"] if "score_exact" in area else area["score"]
                    got[1] += area["weight"]
        for code, (score, weight) in by_code.items():
            shown = float(cells[head.index(f"{code} %")].replace(",", "."))
            # JSON scores are rounded to two decimals, so allow that much in the share.
            assert abs(shown - score / weight * 100) < 0.6, (unit, code)


def test_a_complete_lke_says_nothing_is_missing_and_a_gap_is_listed(tmp_path: Path) -> None:
    import shutil

    complete = _run("score", str(EXAMPLE), "--unit", "kpu-kab-malang")
    assert "Semua kriteria sudah dijawab" in complete
    copy = tmp_path / "ws"
    shutil.copytree(EXAMPLE, copy)
    lke = copy / "units" / "kpu-kab-malang" / "lke" / "2026.yaml"
    lines = lke.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("  P.MP.1.a:"))
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("    "))
    lke.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    gap = _run("score", str(copy), "--unit", "kpu-kab-malang")
    assert "Semua kriteria sudah dijawab" not in gap
    assert "Belum dijawab (1)" in gap
    assert "P.MP.1.a" in gap
