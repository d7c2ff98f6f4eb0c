"""Output written into a staging folder beside the target and swapped in only when complete.

Files whose bytes did not change are hard-linked from the previous output instead of written, so
a rebuild rewrites only what changed (their inode and mtime stay the same), and the swap keeps
the previous output intact until the new one is whole.
"""
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
        self.previous = self.target if self.target.is_dir() else None
        self._dirs: set[Path] = set()
        self.files_written = 0  # new or changed files
        self.files_kept = 0     # unchanged files linked from the previous output

    def open(self) -> "StagedOutput":
        self.parent.mkdir(parents=True, exist_ok=True)
        for pattern in (f"{self.prefix}*", f".{self.target.name}.old-*"):  # left by a killed build
            for stale in self.parent.glob(pattern):
                shutil.rmtree(stale, ignore_errors=True)
        self.staging.mkdir()
        return self

    def path_for(self, rel: str) -> Path:
        """The staging path of an output file; refuses anything that escapes the folder."""
        if rel.startswith(("/", "\\")) or ".." in Path(rel).parts or "\0" in rel:
            raise UnsafePath(rel)
        return self.staging / rel

    def _parent(self, path: Path) -> None:
        parent = path.parent
        if parent not in self._dirs:
            parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(parent)

    def _link_previous(self, rel: str, dest: Path) -> bool:
        if self.previous is None:
            return False
        try:
            os.link(self.previous / rel, dest)
        except OSError:
            return False
        self.files_kept += 1
        return True

    def write(self, rel: str, data: bytes) -> None:
        """Write a file, or link the previous output's copy when its bytes are the same."""
        dest = self.path_for(rel)
        self._parent(dest)
        if self.previous is not None:
            old = self.previous / rel
            try:
                if old.stat().st_size == len(data) and old.read_bytes() == data and self._link_previous(rel, dest):
                    return
            except OSError:
                pass
        dest.write_bytes(data)
        self.files_written += 1

    def keep(self, rel: str, stamp: tuple[int, int] | None) -> bool:
        """Link the previous output's file unrendered, if it is still the one recorded (size, mtime)."""
        if self.previous is None or stamp is None:
            return False
        try:
            st = (self.previous / rel).stat()
        except OSError:
            return False
        if (st.st_size, st.st_mtime_ns) != tuple(stamp):
            return False  # changed by hand since: render it again
        dest = self.path_for(rel)
        self._parent(dest)
        return self._link_previous(rel, dest)

    def stamp(self, rel: str) -> tuple[int, int]:
        st = self.path_for(rel).stat()
        return (st.st_size, st.st_mtime_ns)

    def copy_file(self, source: Path, rel: str) -> None:
        self.write(rel, source.read_bytes())

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
            self.copy_file(real, f"{rel}/{path.relative_to(source).as_posix()}".lstrip("/"))

    def commit(self) -> None:
        old = self.parent / f".{self.target.name}.old-{os.getpid()}"
        if self.target.exists():
            os.replace(self.target, old)
        os.replace(self.staging, self.target)
        _remove_later(old)

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def _remove_later(folder: Path) -> None:
    """Delete the replaced output without making the build wait for it.

    The new output is already in place; removing tens of thousands of old files takes seconds,
    so on POSIX a detached `rm -rf` does it. Whatever it leaves is removed by the next build.
    """
    if not folder.exists():
        return
    if os.name == "posix" and shutil.which("rm"):
        import subprocess

        subprocess.Popen(["rm", "-rf", "--", str(folder)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    else:
        shutil.rmtree(folder, ignore_errors=True)
