"""Which rubric a workspace uses: a built-in id or a path, as `rubrik` in rbctl.yaml says."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pydantic import ValidationError

from rbctl.models import WorkspaceConfig
from rbctl.problems import Problem
from rbctl.rubric import Rubric
from rbctl.rules import severity_of
from rbctl.workspace import CONFIG_NAME, Loaded
from rbctl.yamlload import load_document

BUILTIN_DIR = Path(__file__).parent / "rubrics"
DEFAULT_RUBRIC = "pmprb-2020"


def builtin_ids() -> list[str]:
    return sorted(p.stem for p in BUILTIN_DIR.glob("*.yaml"))


def rubric_path(ref: str, root: Path) -> Path | None:
    """A built-in id, or a path relative to the workspace root."""
    if ref in builtin_ids():
        return BUILTIN_DIR / f"{ref}.yaml"
    candidate = root / ref
    return candidate if candidate.is_file() else None


def read_rubric(path: Path, rel: str) -> tuple[Rubric | None, list[Problem]]:
    doc = load_document(path, rel)
    if doc.data is None:
        return None, doc.problems
    try:
        return Rubric.model_validate(doc.data), []
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        line, col = doc.at(tuple(err["loc"]))
        return None, [Problem(rel, line, col, "rubric-unknown", f"Rubrik tidak sah: {err['msg']}.",
                              f"Periksa dengan `rbctl rubric check {rel}`.", severity_of("rubric-unknown"))]


def load_rubric_for(root: Path, config: Loaded[WorkspaceConfig] | None) -> tuple[Rubric | None, list[Problem], str]:
    """The workspace's rubric, problems located in rbctl.yaml, and a key for caches."""
    if config is None:
        return None, [], ""
    ref = config.record.rubrik
    path = rubric_path(ref, root)
    if path is None:
        known = ", ".join(builtin_ids())
        line, col = config.doc.at(("rubrik",))
        return None, [Problem(CONFIG_NAME, line, col, "rubric-unknown", f"Rubrik `{ref}` tidak ditemukan.",
                              f"Pakai id bawaan ({known}) atau path berkas rubrik di ruang kerja.",
                              severity_of("rubric-unknown"))], ""
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else f"<bawaan>/{path.name}"
    rubric, problems = read_rubric(path, rel)
    key = hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    return rubric, problems, key
