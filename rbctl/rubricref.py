"""Which rubric a workspace uses (`rubrik` in rbctl.yaml), over `rubricload`."""

from __future__ import annotations

import hashlib
from pathlib import Path

from rbctl.models import WorkspaceConfig
from rbctl.problems import Problem
from rbctl.rubric import Rubric
from rbctl.rubricload import BUILTIN_DIR, DEFAULT_RUBRIC, builtin_ids, inside, load_rubric, load_rubric_file
from rbctl.workspace import CONFIG_NAME, Loaded

__all__ = ["BUILTIN_DIR", "DEFAULT_RUBRIC", "builtin_ids", "load_rubric_for", "load_rubric_source", "read_rubric",
           "rubric_path"]


def rubric_path(ref: str, root: Path) -> Path | None:
    """A built-in id, or a path relative to the workspace root."""
    if ref in builtin_ids():
        return BUILTIN_DIR / f"{ref}.yaml"
    if not inside(root, ref):
        return None
    candidate = root / ref
    return candidate if candidate.is_file() else None


def read_rubric(path: Path, rel: str) -> tuple[Rubric | None, list[Problem]]:
    loaded = load_rubric_file(path, rel)
    return loaded.rubric, loaded.problems


def load_rubric_for(root: Path, config: Loaded[WorkspaceConfig] | None) -> tuple[Rubric | None, list[Problem], str]:
    """The workspace's rubric, its problems (located in rbctl.yaml or the rubric file) and a
    key for caches that changes whenever the rubric file does."""
    rubric, problems, key, _path = load_rubric_source(root, config)
    return rubric, problems, key


def load_rubric_source(root: Path, config: Loaded[WorkspaceConfig] | None
                       ) -> tuple[Rubric | None, list[Problem], str, Path | None]:
    """As `load_rubric_for`, and the rubric file read (None when there is none)."""
    if config is None:
        return None, [], "", None
    ref = config.record.rubrik
    position = config.doc.at(("rubrik",)) if "rubrik" in (config.doc.data or {}) else (1, 1)
    loaded = load_rubric(ref, root, source=CONFIG_NAME, position=position)
    path = loaded.path if loaded.path is not None else rubric_path(ref, root)
    if path is None or not path.is_file():
        return loaded.rubric, loaded.problems, "", None
    return loaded.rubric, loaded.problems, hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest(), path
