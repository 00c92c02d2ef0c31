"""`rbctl status`: what is due, per unit, and the next reporting dates."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer

from rbctl.cli.options import (
    AsOfOpt,
    CacheDirOpt,
    NoCacheOpt,
    UnitsOpt,
    WorkspaceOpt,
    fail,
    parse_date,
    say_notes,
    workspace_root,
)
from rbctl.status import StatusResult, UnitStatus, days_text, status_json, workspace_status
from rbctl.workspace import unit_folders

_SHOWN = 10  # ids listed per line before "dan N lainnya"


class StatusFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


def status_cmd(
    workspace: WorkspaceOpt = None,
    unit: UnitsOpt = None,
    output: Annotated[StatusFormat, typer.Option("--format", "-f", case_sensitive=False, help="status.opt.format")
                      ] = StatusFormat.TEXT,
    as_of: AsOfOpt = None,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
) -> None:
    """Yang harus dikerjakan: realisasi terlambat, kriteria kosong, data dukung kurang, dan tenggat berikutnya."""
    root = workspace_root(workspace)
    reference = parse_date(as_of, "--as-of")
    if unit:
        known = {folder.name for folder in unit_folders(root)}
        unknown = [u for u in unit if u not in known]
        if unknown:
            raise fail(f"Unit `{unknown[0]}` tidak ada di folder units/.",
                       "Unit yang ada: " + ", ".join(sorted(known)) + ".")
    status = workspace_status(root, as_of=reference, only_units=unit or None, use_cache=not no_cache,
                              cache_dir=cache_dir)
    say_notes(status.notes)
    if output is StatusFormat.JSON:
        sys.stdout.write(json.dumps(status_json(status), ensure_ascii=False, indent=2) + "\n")
    elif output is StatusFormat.MARKDOWN:
        sys.stdout.write(status_markdown(status))
    else:
        sys.stdout.write(status_text(status))


def _ids(ids: list[str]) -> str:
    shown = ", ".join(ids[:_SHOWN])
    return shown + (f" dan {len(ids) - _SHOWN} lainnya" if len(ids) > _SHOWN else "")


def _unit_lines(unit: UnitStatus) -> list[str]:
    """The unit's open items, one per line; [] when nothing is due."""
    lines = [f"realisasi terlambat: {o.activity} TW {o.quarter_name} {o.year} (berakhir {o.ended.isoformat()}, "
             f"{o.path}:{o.line})" for o in unit.overdue]
    if unit.lke_missing:
        lines.append(f"LKE tahun ini belum ada: {len(unit.unanswered)} kriteria belum dijawab")
    elif unit.unanswered:
        lines.append(f"{len(unit.unanswered)} kriteria belum dijawab: {_ids(unit.unanswered)}")
    if unit.top_without_evidence:
        lines.append(f"{len(unit.top_without_evidence)} jawaban tertinggi tanpa data dukung: "
                     f"{_ids(unit.top_without_evidence)}")
    if unit.errors:
        lines.append(f"{unit.errors} galat catatan (lihat `rbctl validate`)")
    return lines


def _deadline_line(status: StatusResult) -> list[str]:
    return [f"{d.name}: {d.date.isoformat()} ({days_text(d.days_left)})"
            + (" *" if d.default else "") for d in status.deadlines]


_DEFAULT_NOTE = ("* tanggal bawaan rbctl, bukan tanggal resmi: atur di `jadwal:` rbctl.yaml "
                 "(laporan_semester_1, laporan_semester_2, batas_lke).")


def status_text(status: StatusResult) -> str:
    out = [f"Status RB {status.year} — {status.organisation} (tanggal acuan {status.as_of.isoformat()})", "",
           "Tenggat"]
    out += [f"  {line}" for line in _deadline_line(status)]
    out.append("")
    for unit in status.units:
        lines = _unit_lines(unit)
        out.append(f"{unit.id} {unit.name}" + ("" if lines else ": tidak ada yang tertunda"))
        out += [f"  {line}" for line in lines]
    overdue = sum(len(u.overdue) for u in status.units)
    out += ["", f"{len(status.units)} unit: {overdue} realisasi terlambat."]
    if any(d.default for d in status.deadlines):
        out.append(_DEFAULT_NOTE)
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def status_markdown(status: StatusResult) -> str:
    out = [f"## Status RB {status.year} — {_md(status.organisation)}", "",
           f"Tanggal acuan {status.as_of.isoformat()}.", "", "| tenggat | tanggal | sisa |", "|---|---|---|"]
    star = " \\*"
    out += [f"| {d.name}{star if d.default else ''} | {d.date.isoformat()} | {days_text(d.days_left)} |"
            for d in status.deadlines]
    out += ["", "| unit | realisasi terlambat | belum dijawab | tertinggi tanpa data dukung | galat |",
            "|---|---|---|---|---|"]
    for unit in status.units:
        late = "<br>".join(f"{o.activity} TW {o.quarter_name} {o.year}" for o in unit.overdue) or "-"
        out.append(f"| {_md(unit.id)} | {_md(late)} | {len(unit.unanswered)} | {len(unit.top_without_evidence)} "
                   f"| {unit.errors} |")
    if any(d.default for d in status.deadlines):
        out += ["", _DEFAULT_NOTE.replace("*", "\\*", 1)]
    return "\n".join(out) + "\n"


def register(app: typer.Typer) -> None:
    app.command("status", help="cmd.status")(status_cmd)
