"""`rbctl schema`: JSON Schemas of the record kinds, for editors."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from rbctl.cli.changes import shown
from rbctl.cli.localise import did_you_mean
from rbctl.cli.options import fail, workspace_root
from rbctl.jsonschema_export import all_schemas, merge_vscode_settings, schema_text, write_schemas
from rbctl.messages import t
from rbctl.models import KIND_MODELS
from rbctl.writer import atomic_write


def schema_cmd(
    kind: Annotated[str | None, typer.Argument(metavar="mv.kind", help="schema.arg.kind")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", metavar="type.folder", help="schema.opt.out")] = None,
    vscode: Annotated[bool, typer.Option("--vscode", help="schema.opt.vscode")] = False,
) -> None:
    """JSON Schema (draft-07) of each record kind, for completion and red underlines in editors."""
    if kind is not None and kind not in KIND_MODELS:
        hint = did_you_mean(kind, list(KIND_MODELS)) or t("click.choose_from", choices=", ".join(KIND_MODELS))
        raise fail(t("schema.err.kind", kind=kind), hint)
    if vscode and out is None:
        raise fail(t("schema.err.vscode"), t("schema.hint.vscode"))
    if out is not None:
        root = workspace_root(out.parent if not out.exists() else out) if vscode else None
        try:
            written = write_schemas(out)
            if root is not None:
                written.append(_write_vscode(root, out))
        except OSError as exc:
            raise fail(t("err.write", reason=exc.strerror or exc, file=out), t("hint.permissions")) from None
        for path, changed in written:
            typer.echo(f"  {t('schema.written') if changed else t('schema.same'):<9} {shown(path)}")
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
        raise fail(t("schema.err.outside", out=out, root=root), t("schema.hint.outside")) from None
    existing = settings.read_text(encoding="utf-8") if settings.exists() else None
    try:
        text = merge_vscode_settings(existing, relative)
    except ValueError:
        raise fail(t("schema.err.settings", file=settings), t("schema.hint.settings", folder=relative)) from None
    return settings, atomic_write(settings, text, overwrite=True)


def register(app: typer.Typer) -> None:
    app.command("schema", help="cmd.schema")(schema_cmd)
