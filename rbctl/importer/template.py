"""`rbctl rubric import`: a rubric file from an official LKE template.

Rows numbered A / I / 1 / a become components, areas, sub-areas and criteria with their bobot;
a criterion's answer options come from the "pilihan jawaban" cell (`A/B/C`, `Ya/Tidak`, `%`,
`0-5`, or options with their values `A=1; B=0,5; C=0`), its guide text from a guide column.
Every node records where it came from (``sumber``: file name and sheet!cell) and ``status:
resmi``, since it is copied from the official sheet. Option values a sheet does not write are
spread evenly from 1 down to 0 (the usual A/B/C = 1/0,5/0); such scales say so in their label.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from rbctl.importer.normalise import cell_text, normalise_count
from rbctl.importer.numbering import level_of
from rbctl.importer.workbook import Book, Layout, SheetReader, find_layout, reader
from rbctl.problems import Problem
from rbctl.rubric import GradeBand

_RANGE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*[-–]\s*(\d+(?:[.,]\d+)?)\s*$")
_VALUED = re.compile(r"^\s*([^=:]+?)\s*[=:]\s*(\d+(?:[.,]\d+)?)\s*$")


@dataclass
class Built:
    text: str  # the rubric file (YAML)
    criteria: int
    problems: list[Problem] = field(default_factory=list)


def _num(value: Fraction) -> int | float | str:
    if value.denominator == 1:
        return value.numerator
    as_float = float(value)
    return as_float if Fraction(repr(as_float)) == value else f"{value.numerator}/{value.denominator}"


def _scale(options: str, counted: bool) -> tuple[str, dict[str, Any]] | None:
    """(scale id, scale) for an options cell, or None when it cannot be read."""
    text = options.strip()
    low = text.casefold()
    if "%" in low or "persen" in low:
        if counted:
            return "persen-jumlah", {"type": "percentage", "label": "Persentase dari dua jumlah", "cap": 100,
                                     "from_counts": True}
        return "persen", {"type": "percentage", "label": "Persentase", "cap": 100}
    match = _RANGE.match(text)
    if match:
        lo, hi = (Fraction(g.replace(",", ".")) for g in match.groups())
        return f"nilai-{_num(lo)}-{_num(hi)}", {"type": "range", "label": f"Nilai {text}", "min": _num(lo),
                                                  "max": _num(hi)}
    parts = [p.strip() for p in re.split(r"[/;\n]", text) if p.strip()]
    if len(parts) < 2:
        return None
    valued = [_VALUED.match(p) for p in parts]
    if all(valued):
        opts = {m.group(1).strip(): _num(Fraction(m.group(2).replace(",", "."))) for m in valued if m}
        label = "/".join(opts)
    else:
        names = [re.split(r"[.)]\s", p, maxsplit=1)[0].strip() for p in parts]
        step = Fraction(1, len(names) - 1)
        opts = {name: _num(1 - i * step) for i, name in enumerate(names)}
        label = "/".join(names) + " (nilai pilihan dibagi rata 1 sampai 0)"
    sid = "pilihan-" + "-".join(re.sub(r"[^0-9a-z]+", "", k.casefold()) or "x" for k in opts)
    return sid, {"type": "choice", "label": label, "options": opts}


def _source(file: Path, sheet: str, row: int, col: int) -> list[dict[str, str]]:
    return [{"judul": file.name, "bagian": f"{sheet}!{get_column_letter(col)}{row}"}]


@dataclass
class _State:
    file: Path
    components: list[dict[str, Any]] = field(default_factory=list)
    scales: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    count: int = 0


def _node(state: _State, sr: SheetReader, layout: Layout, row: int, node_id: str, text: str) -> dict[str, Any]:
    node: dict[str, Any] = {"id": node_id, "name": text}
    weight_col = layout.columns.get("weight")
    weight = normalise_count(sr.value(row, weight_col)) if weight_col else None
    if weight is not None:
        node["weight"] = weight
    else:
        state.problems.append(Problem(str(state.file), row, weight_col or 1, "import-weight-mismatch",
                                      f"{layout.sheet}!{get_column_letter(weight_col or 1)}{row}: {node_id} tanpa "
                                      f"bobot.", "Isi bobotnya di lembar resmi, atau tulis di berkas rubrik."))
        node["weight"] = 0
    node["status"] = "resmi"
    node["sumber"] = _source(state.file, layout.sheet, row, layout.columns.get("number", 1))
    return node


def _criterion(state: _State, sr: SheetReader, layout: Layout, row: int, crit_id: str, text: str) -> dict[str, Any]:
    cols = layout.columns
    options = cell_text(sr.value(row, cols["options"])) if "options" in cols else ""
    counted = {"numerator", "denominator"} <= set(cols) and "jumlah" in options.casefold()
    scale = _scale(options, counted)
    if scale is None:
        col = cols.get("options", cols["text"])
        state.problems.append(Problem(str(state.file), row, col, "import-options",
                                      f"{layout.sheet}!{get_column_letter(col)}{row}: pilihan jawaban "
                                      f"`{options}` untuk {crit_id} tidak dapat dibaca.",
                                      "Tulis pilihan seperti A/B/C, Ya/Tidak, %, 0-5, atau A=1; B=0,5; C=0."))
        scale = ("ya-tidak", {"type": "choice", "label": "Ya/Tidak", "options": {"Ya": 1, "Tidak": 0}})
    sid, body = scale
    state.scales.setdefault(sid, body)
    crit: dict[str, Any] = {"id": crit_id, "text": text, "scale": sid}
    weight_col = cols.get("weight")
    weight = normalise_count(sr.value(row, weight_col)) if weight_col else None
    if weight is not None:
        crit["weight"] = weight
    if counted:
        crit["counts"] = {"numerator": "pembilang", "numerator_label": "Pembilang",
                          "denominator": "penyebut", "denominator_label": "Penyebut"}
    if "guide" in cols and cell_text(sr.value(row, cols["guide"])):
        crit["guide"] = cell_text(sr.value(row, cols["guide"]))
    crit["status"] = "resmi"
    crit["sumber"] = _source(state.file, layout.sheet, row, cols.get("number", 1))
    state.count += 1
    return crit


def _walk(state: _State, sr: SheetReader, layout: Layout) -> None:
    cols = layout.columns
    seen = bool(state.components)
    for row in range(layout.header_row + 1, sr.values.max_row + 1):
        level = level_of(sr.value(row, cols["number"]), seen_component=seen)
        text = cell_text(sr.value(row, cols["text"]))
        if level is None or not text:
            continue
        depth, _n = level
        token = cell_text(sr.value(row, cols["number"])).strip("().")
        if depth == 1:
            seen = True
            state.components.append({**_node(state, sr, layout, row, token, text), "areas": []})
        elif depth == 2 and state.components:
            comp = state.components[-1]
            comp["areas"].append({**_node(state, sr, layout, row, f"{comp['id']}.{token}", text), "subareas": []})
        elif depth == 3 and state.components and state.components[-1]["areas"]:
            area = state.components[-1]["areas"][-1]
            area["subareas"].append({**_node(state, sr, layout, row, f"{area['id']}.{token}", text), "criteria": []})
        elif depth == 4 and state.components and state.components[-1]["areas"] and \
                state.components[-1]["areas"][-1]["subareas"]:
            sub = state.components[-1]["areas"][-1]["subareas"][-1]
            sub["criteria"].append(_criterion(state, sr, layout, row, f"{sub['id']}.{token}", text))


def _ordered(node: dict[str, Any], children: str | None) -> dict[str, Any]:
    """Keys in the order rubric files write them."""
    keys = ["id", "name", "text", "scale", "weight", "counts", "guide", "status", "sumber"]
    out = {k: node[k] for k in keys if k in node}
    if children:
        out[children] = node[children]
    return out


def build_rubric(book: Book, rubric_id: str, grades: list[GradeBand] | None,
                 extra: dict[str, list[str]] | None = None) -> Built:
    state = _State(book.path)
    for title in book.values.sheetnames:
        if book.values[title].sheet_state != "visible":
            continue
        sr = reader(book, title)
        layout = find_layout(sr.values, extra)
        if layout is None or "number" not in layout.columns or "text" not in layout.columns:
            continue
        _walk(state, sr, layout)
    components = [
        {**_ordered(c, None), "areas": [
            {**_ordered(a, None), "subareas": [
                {**_ordered(s, None), "criteria": [_ordered(k, None) for k in s["criteria"]]}
                for s in a["subareas"]]}
            for a in c["areas"]]}
        for c in state.components
    ]
    total = sum((Fraction(str(c.get("weight", 0))) for c in state.components), Fraction(0))
    bands = [{"grade": g.grade, "label": g.label, "above": _num(g.above), **({"inclusive": True} if g.inclusive
                                                                              else {})} for g in grades or []]
    if not bands:
        bands = [{"grade": "-", "label": "Predikat belum ditetapkan", "above": 0, "inclusive": True}]
    data = {
        "kind": "rubric", "schema_version": 1, "id": rubric_id,
        "title": f"Rubrik dari {book.path.name}", "legal_basis": f"Lembar kerja resmi {book.path.name}",
        "version": book.path.stem, "total": _num(total), "scales": state.scales, "components": components,
        "grades": bands,
    }
    return Built(_dump(data, book.path.name), state.count, state.problems)


def _dump(data: dict[str, Any], name: str) -> str:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 100_000
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return f"# Rubrik dari lembar kerja resmi {name} (`rbctl rubric import`). Periksa: `rbctl rubric check`.\n" + \
        buffer.getvalue()
