"""Output written into a staging folder beside the target and swapped in only when complete."""
from __future__ import annotations

import os
import shutil
from pathlib import Path


class UnsafePath(Exception):
    """A path that would land outside the output folder."""


class StagedOutput:
    """Write everything under a fresh folder; `commit` swaps it in, `abort` throws it away.

    A failed or interrupted build therefore leaves the previous output exactly as it was.
    """

    def __init__(self, target: Path):
        self.target = target.resolve()
        self.parent = self.target.parent
        self.prefix = f".{self.target.name}.staging-"
        self.staging = self.parent / f"{self.prefix}{os.getpid()}"
        self._dirs: set[Path] = set()
        self.files_written = 0

    def open(self) -> "StagedOutput":
        self.parent.mkdir(parents=True, exist_ok=True)
        for stale in self.parent.glob(f"{self.prefix}*"):  # left by a build that was killed
            shutil.rmtree(stale, ignore_errors=True)
        self.staging.mkdir()
        return self

    def path_for(self, rel: str) -> Path:
        """The staging path of an output file; refuses anything that escapes the folder."""
        if rel.startswith(("/", "\\")) or ".." in Path(rel).parts or "\0" in rel:
            raise UnsafePath(rel)
        return self.staging / rel

    def write(self, rel: str, data: bytes) -> None:
        path = self.path_for(rel)
        parent = path.parent
        if parent not in self._dirs:
            parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(parent)
        path.write_bytes(data)
        self.files_written += 1

    def copy_file(self, source: Path, rel: str) -> None:
        dest = self.path_for(rel)
        if dest.parent not in self._dirs:
            dest.parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(dest.parent)
        shutil.copyfile(source, dest)
        self.files_written += 1

    def copy_tree(self, source: Path, rel: str = "") -> None:
        """Copy a folder's files (symlinks followed only when they stay inside it)."""
        if not source.is_dir():
            return
        root = source.resolve()
        for path in sorted(source.rglob("*")):
            if not path.is_file() or path.name.startswith("."):
                continue
            real = path.resolve()
            if root not in real.parents:
                continue  # a symlink pointing out of the folder is not published
            dest = self.path_for(f"{rel}/{path.relative_to(source).as_posix()}".lstrip("/"))
            if dest.parent not in self._dirs:
                dest.parent.mkdir(parents=True, exist_ok=True)
                self._dirs.add(dest.parent)
            shutil.copyfile(real, dest)
            self.files_written += 1

    def commit(self) -> None:
        old = self.parent / f".{self.target.name}.old-{os.getpid()}"
        if self.target.exists():
            os.replace(self.target, old)
        os.replace(self.staging, self.target)
        shutil.rmtree(old, ignore_errors=True)

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
