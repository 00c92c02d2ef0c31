"""`rbctl schema`: JSON Schemas of the record kinds, for editors."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from rbctl.cli.changes import shown
from rbctl.cli.options import fail, workspace_root
from rbctl.jsonschema_export import all_schemas, merge_vscode_settings, schema_text, write_schemas
from rbctl.models import KIND_MODELS
from rbctl.writer import atomic_write


def schema_cmd(
    kind: Annotated[str | None, typer.Argument(metavar="JENIS", help="Satu jenis catatan (bawaan: semua).")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Tulis <jenis>.schema.json ke folder ini.")] = None,
    vscode: Annotated[bool, typer.Option("--vscode", help="Juga hubungkan skema di .vscode/settings.json "
                                                          "ruang kerja (perlu --out).")] = False,
) -> None:
    """JSON Schema (draft-07) tiap jenis catatan, untuk pelengkapan dan garis merah di editor."""
    if kind is not None and kind not in KIND_MODELS:
        raise fail(f"Jenis `{kind}` tidak dikenal.", "Pilih salah satu: " + ", ".join(KIND_MODELS) + ".")
    if vscode and out is None:
        raise fail("--vscode perlu --out.", "Misalnya: rbctl schema --out schemas --vscode")
    if out is not None:
        root = workspace_root(out.parent if not out.exists() else out) if vscode else None
        try:
            written = write_schemas(out)
            if root is not None:
                written.append(_write_vscode(root, out))
        except OSError as exc:
            raise fail(f"Gagal menulis ke `{out}`: {exc.strerror or exc}.", "Periksa izin folder.") from None
        for path, changed in written:
            typer.echo(f"  {'ditulis' if changed else 'tetap':<9} {shown(path)}")
        return
    if kind is not None:
        sys.stdout.write(schema_text(kind))
    else:
        sys.stdout.write(json.dumps(all_schemas(), ensure_ascii=False, indent=2) + "\n")


def _write_vscode(root: Path, out: Path) -> tuple[Path, bool]:
    settings = root / ".vscode" / "settings.json"
    try:
        relative = out.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise fail(f"`{out}` berada di luar ruang kerja `{root}`.",
                   "Simpan skema di dalam ruang kerja, misalnya --out schemas.") from None
    existing = settings.read_text(encoding="utf-8") if settings.exists() else None
    try:
        text = merge_vscode_settings(existing, relative)
    except ValueError:
        raise fail(f"`{settings}` bukan JSON biasa (mungkin berisi komentar); tidak diubah.",
                   f"Tambahkan sendiri `yaml.schemas` yang mengarah ke `{relative}/`.") from None
    return settings, atomic_write(settings, text, overwrite=True)


def register(app: typer.Typer) -> None:
    app.command("schema")(schema_cmd)
