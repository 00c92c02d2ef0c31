"""Which git commit a document was built from, and whether the working tree was clean."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from rbctl import __version__


@dataclass(frozen=True)
class Provenance:
    in_git: bool
    commit: str | None = None  # full hash
    dirty: bool = False
    version: str = __version__

    @property
    def short(self) -> str:
        return (self.commit or "")[:12]

    def text(self) -> str:
        """The footer line, in Indonesian."""
        base = f"Dibuat dengan rbctl {self.version}"
        if not self.in_git:
            return f"{base}; ruang kerja tidak berada dalam repositori git (asal data tidak tercatat)."
        if self.commit is None:
            return f"{base}; repositori git belum memiliki commit (asal data tidak tercatat)."
        if self.dirty:
            return (f"{base} dari commit {self.short}, DENGAN PERUBAHAN YANG BELUM DI-COMMIT "
                    "(isi dokumen dapat berbeda dari commit tersebut).")
        return f"{base} dari commit {self.short}."

    def as_dict(self) -> dict[str, object]:
        return {"git": self.in_git, "commit": self.commit, "commit_pendek": self.short, "kotor": self.dirty,
                "versi": self.version, "teks": self.text()}


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str] | None:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False,
                              timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None


def detect(root: Path, exclude: list[Path] | None = None) -> Provenance:
    """Commit of ``root``'s repository and whether anything under ``root`` is uncommitted.

    ``exclude`` are folders (such as the output folder) whose changes do not count.
    """
    inside = _git(root, "rev-parse", "--is-inside-work-tree")
    if inside is None or inside.returncode != 0 or inside.stdout.strip() != "true":
        return Provenance(in_git=False)
    head = _git(root, "rev-parse", "--verify", "--quiet", "HEAD")
    commit = head.stdout.strip() if head is not None and head.returncode == 0 and head.stdout.strip() else None
    spec = ["--", "."]
    for folder in exclude or []:
        try:
            rel = folder.resolve().relative_to(root.resolve())
        except ValueError:
            continue
        if rel.parts:
            spec.append(f":(exclude){rel.as_posix()}")
    status = _git(root, "status", "--porcelain", "--untracked-files=normal", *spec)
    dirty = status is None or status.returncode != 0 or bool(status.stdout.strip())
    return Provenance(in_git=True, commit=commit, dirty=dirty)
