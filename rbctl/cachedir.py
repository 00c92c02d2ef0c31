"""Where rbctl keeps what it derived from a workspace: the user's cache folder, never the repository.

Anything inside the workspace can come from a pull request, so nothing rbctl reads back as
its own cache may live there: a planted cache file would be input rbctl trusts. The cache
goes under ``$XDG_CACHE_HOME/rbctl`` (``~/.cache/rbctl``), one folder per workspace keyed by
its resolved path; ``--cache-dir`` or ``RBCTL_CACHE_DIR`` move it. Its files are data only
(JSON) and are checked for shape when read back. A cache folder that is a symbolic link, or
one inside the workspace that git tracks, is not used (the run is then simply cold).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "RBCTL_CACHE_DIR"


@dataclass(frozen=True)
class CacheFolder:
    """The folder to use (None: run without a cache) and why not, when it is refused."""

    path: Path | None
    note: str = ""


def base_folder(override: Path | None = None) -> Path:
    """The user's rbctl cache folder (all workspaces)."""
    if override is not None:
        return override
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "rbctl"


def workspace_key(root: Path) -> str:
    return hashlib.blake2b(str(root.resolve()).encode(), digest_size=10).hexdigest()


def _tracked_by_git(root: Path, folder: Path) -> bool:
    try:
        rel = folder.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    try:
        out = subprocess.run(["git", "ls-files", "--", str(rel)], cwd=root, capture_output=True, text=True,
                             check=False, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return False
    return out.returncode == 0 and bool(out.stdout.strip())


def _has_link(path: Path) -> bool:
    """True when the folder or one of its existing parents below `/` is a symbolic link we did not expect."""
    return any(p.is_symlink() for p in (path, path.parent) if p.exists() or p.is_symlink())


def cache_folder(root: Path, override: Path | None = None) -> CacheFolder:
    """This workspace's cache folder, or None with a note when it must not be used."""
    base = base_folder(override)
    folder = base / workspace_key(root)
    if _has_link(folder):
        return CacheFolder(None, f"folder cache `{folder}` adalah tautan simbolik; cache tidak dipakai.")
    if _tracked_by_git(root, base):
        return CacheFolder(None, f"folder cache `{base}` berada di dalam repositori dan dilacak git; "
                                 "cache tidak dipakai (pindahkan dengan --cache-dir).")
    return CacheFolder(folder)


def write_file(path: Path, data: bytes) -> None:
    """Replace a file of the cache folder atomically (never through a linked folder); raises OSError."""
    if path.parent.is_symlink():
        return
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        Path(tmp).replace(path)
    finally:
        Path(tmp).unlink(missing_ok=True)
