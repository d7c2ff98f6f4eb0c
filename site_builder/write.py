"""Writing the output so that a failed or interrupted build never leaves a broken site.

First build (no output yet): everything goes into a staging folder beside the target, renamed
into place at the end. Later builds: only new or changed files are staged; once the whole build
has succeeded they are moved into the output one by one (each `os.replace` is atomic) and files
the site no longer has are deleted. A journal beside the output marks that short commit; if a
build is killed during it, the next build sees the journal, trusts nothing in the output and
rebuilds it whole in a fresh folder. Unchanged files are never touched (same inode and mtime).
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from .files import read_bytes, write_all


_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


class UnsafePath(Exception):
    """A path that would land outside the output folder."""


class StagedOutput:
    def __init__(self, target: Path):
        self.target = target.resolve()
        self.parent = self.target.parent
        self.prefix = f".{self.target.name}.staging-"
        self.staging = self.parent / f"{self.prefix}{os.getpid()}"
        self.journal = self.parent / f".{self.target.name}.journal"
        self.previous: Path | None = None  # the output being updated, when it can be trusted
        self.outputs: set[str] = set()     # every file of this build, kept or written
        self._dirs: set[str] = set()
        self._stamps: dict[str, tuple[int, int]] = {}  # (size, mtime) of files written or found unchanged
        self.files_written = 0  # new or changed files
        self.files_kept = 0     # unchanged files left as they were

    def open(self) -> "StagedOutput":
        self.parent.mkdir(parents=True, exist_ok=True)
        for pattern in (f"{self.prefix}*", f".{self.target.name}.old-*", f".{self.target.name}.view-*",
                        f".{self.target.name}.files.json.*"):
            for stale in self.parent.glob(pattern):
                if stale.is_dir() and not stale.is_symlink():
                    shutil.rmtree(stale, ignore_errors=True)
                else:
                    stale.unlink(missing_ok=True)
        if self.target.is_dir() and not self.journal.exists():
            self.previous = self.target
            self._previous_prefix = f"{self.target}{os.sep}"
        self.staging.mkdir()
        self._staging_prefix = f"{self.staging}{os.sep}"
        self._dirs.add(str(self.staging))
        return self

    def path_for(self, rel: str) -> Path:
        """The staging path of an output file; refuses anything that escapes the folder."""
        self._check(rel)
        return self.staging / rel

    @staticmethod
    def _check(rel: str) -> None:
        # String tests, not pathlib: a warm build asks this for every page of the site.
        if (not rel or rel[0] in "/\\" or "\0" in rel or "\\" in rel or rel == ".."
                or rel.startswith("../") or rel.endswith("/..") or "/../" in rel):
            raise UnsafePath(rel)

    def _stage(self, rel: str) -> str:
        """The staging path of a file about to be written, its folder made (one `mkdir` per folder)."""
        self._check(rel)
        dest = f"{self._staging_prefix}{rel}"
        parent = os.path.dirname(dest)
        if parent not in self._dirs:
            try:
                os.mkdir(parent)
            except FileExistsError:
                pass
            except FileNotFoundError:
                os.makedirs(parent, exist_ok=True)
            self._dirs.add(parent)
        return dest

    def write(self, rel: str, data: bytes) -> None:
        """Stage a file unless the output already holds exactly these bytes.

        Plain `os` calls, not pathlib or buffered files: a cold build writes one file per page,
        and each `open()` of a buffered file costs three more system calls than the write needs."""
        self.outputs.add(rel)
        if self.previous is not None:
            self._check(rel)
            old = f"{self._previous_prefix}{rel}"
            try:
                st = os.stat(old)
                if st.st_size == len(data):
                    if read_bytes(old) == data:
                        self.files_kept += 1
                        self._stamps[rel] = (st.st_size, st.st_mtime_ns)
                        return
            except OSError:
                pass
        fd = os.open(self._stage(rel), _WRITE_FLAGS, 0o666)
        try:
            write_all(fd, data)
            st = os.fstat(fd)
        finally:
            os.close(fd)
        self._stamps[rel] = (st.st_size, st.st_mtime_ns)  # what `stamp` answers without a `stat`
        self.files_written += 1

    def keep(self, rel: str, stamp) -> bool:
        """Leave a file unrendered if the output still holds the one recorded (size, mtime)."""
        if not self.holds(rel, stamp):
            return False
        self.outputs.add(rel)
        self.files_kept += 1
        return True

    def holds(self, rel: str, stamp) -> bool:
        """Whether the output still holds the file recorded as (size, mtime): not changed by hand."""
        if self.previous is None or not stamp or len(stamp) != 2:
            return False
        self._check(rel)  # same safety check as for a written file
        try:
            st = os.stat(f"{self._previous_prefix}{rel}")
        except OSError:
            return False
        return st.st_size == stamp[0] and st.st_mtime_ns == stamp[1]

    def stamp(self, rel: str) -> tuple[int, int]:
        """(size, mtime) of a file this build wrote or found unchanged (`write`), as it will be in
        the output: taken when it was written, not asked of the file system again."""
        return self._stamps[rel]

    def copy_file(self, source: Path, rel: str) -> None:
        self.write(rel, read_bytes(source))

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

    def complete_view(self, suffix: str = ".html") -> Path:
        """A folder holding the whole new site's `suffix` files (hard links), for tools such as
        Pagefind that must read every page, while unchanged ones stay in the previous output."""
        if self.previous is None:
            return self.staging
        view = self.parent / f".{self.target.name}.view-{os.getpid()}"
        shutil.rmtree(view, ignore_errors=True)
        made: set[Path] = set()
        for rel in sorted(self.outputs):
            if not rel.endswith(suffix):
                continue
            staged = self.staging / rel
            source = staged if staged.exists() else self.previous / rel
            dest = view / rel
            if dest.parent not in made:
                dest.parent.mkdir(parents=True, exist_ok=True)
                made.add(dest.parent)
            os.link(source, dest)
        return view

    def drop_view(self, view: Path) -> None:
        if view != self.staging:
            shutil.rmtree(view, ignore_errors=True)

    def commit(self) -> None:
        if self.previous is None:
            old = self.parent / f".{self.target.name}.old-{os.getpid()}"
            if self.target.exists():
                os.replace(self.target, old)  # an untrusted output (see the journal) is replaced whole
            os.replace(self.staging, self.target)
            self._write_manifest()
            self.journal.unlink(missing_ok=True)
            _remove_later(old)
            return
        self.journal.write_text(f"updating {self.target} from {self.staging}\n")
        staging, target = str(self.staging), str(self.target)
        for folder, _, files in os.walk(staging):
            rel_folder = folder[len(staging) + 1:]
            if files:
                os.makedirs(os.path.join(target, rel_folder), exist_ok=True)
            for name in files:
                os.replace(os.path.join(folder, name), os.path.join(target, rel_folder, name))
        before = self._read_manifest()
        if before is None:
            self._delete_unlisted()
        else:
            # The files the last build wrote and this one did not: no need to walk the whole output.
            for rel in sorted(before - self.outputs):
                self._check(rel)
                path = os.path.join(target, rel)
                if os.path.isfile(path) or os.path.islink(path):
                    os.unlink(path)
                folder = os.path.dirname(path)
                while folder != target and folder.startswith(target + os.sep):
                    try:
                        os.rmdir(folder)  # only when left empty
                    except OSError:
                        break
                    folder = os.path.dirname(folder)
        self._write_manifest()
        self.journal.unlink()
        shutil.rmtree(self.staging, ignore_errors=True)

    def _delete_unlisted(self) -> None:
        """Without a list of the last build's files: delete every file that is not this build's."""
        target, outputs = str(self.target), self.outputs
        for folder, _, files in os.walk(target, topdown=False):
            rel_folder = folder[len(target) + 1:]
            prefix = rel_folder + "/" if rel_folder else ""
            for name in files:
                if prefix + name not in outputs:
                    os.unlink(os.path.join(folder, name))  # no longer part of the site
            if rel_folder and not os.listdir(folder):
                os.rmdir(folder)  # left empty

    @property
    def manifest(self) -> Path:
        """The list of the output's files, kept beside it (never published with it)."""
        return self.parent / f".{self.target.name}.files.json"

    def _read_manifest(self) -> set[str] | None:
        try:
            data = json.loads(self.manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("output") != str(self.target) or not isinstance(data.get("files"), list):
            return None
        return {f for f in data["files"] if isinstance(f, str)}

    def _write_manifest(self) -> None:
        data = json.dumps({"output": str(self.target), "files": sorted(self.outputs)}, ensure_ascii=False)
        temporary = self.manifest.with_name(self.manifest.name + f".{os.getpid()}")
        temporary.write_text(data, encoding="utf-8")
        os.replace(temporary, self.manifest)

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def _remove_later(folder: Path) -> None:
    """Delete a replaced output without making the build wait for it.

    On POSIX a detached `rm -rf` does it; whatever it leaves is removed by the next build.
    """
    if not folder.exists():
        return
    if os.name == "posix" and shutil.which("rm"):
        import subprocess

        subprocess.Popen(["rm", "-rf", "--", str(folder)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    else:
        shutil.rmtree(folder, ignore_errors=True)
