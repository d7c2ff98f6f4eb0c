"""Which files a build may read: only the site's own.

A file is read only when its real path (every link followed) is inside the site folder, or inside
the theme shipped with the package; only regular files (never a device such as /dev/zero, a pipe
that would hang the build, or a socket); and only up to a size. A link that leads elsewhere is an
error naming it, not something skipped in silence: an editor who linked a file expects it on the
site. Folders are listed with `os.scandir`, whose entries say whether they are links or regular
files without a `stat` each, so a site of 100,000 articles pays nothing for the checks but a
`realpath` per link.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .messages import t

TEXT_LIMIT = 8 << 20  # an article, page, cluster, settings file or layout: 8 MiB (an article is ~10 KB)
FILE_LIMIT = 100 << 20  # an image or static file: 100 MiB, what GitHub accepts in one file


@dataclass(frozen=True)
class Refusal:
    """A file the build will not read, and why (reported as `path:1: message`)."""

    path: Path
    message: str


def size_text(size: int) -> str:
    return f"{size / (1 << 20):.1f} MB"


class Unreadable(OSError):
    """A file the build may not read; its message says why."""


@dataclass
class SiteFiles:
    """The site folder's readable files; `refused` collects what was found and not read."""

    site: Path
    trusted: tuple[Path, ...] = ()  # other folders whose files may be read (the package's theme)
    refused: list[Refusal] = field(default_factory=list)
    # [size, mtime, inode, ctime] by path, as the build's walk found them before reading anything
    # (unchanged.SiteStamp.files): a file's size is taken from there, not asked for again.
    stamps: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self):
        self._roots = tuple(os.path.realpath(p) for p in (self.site, *self.trusted))

    def is_inside(self, path: Path | str) -> bool:
        """Whether `path`, links followed, is inside the site folder (or a trusted one)."""
        real = os.path.realpath(path)
        return any(real == root or real.startswith(root + os.sep) for root in self._roots)

    def problem(self, path: Path | str, limit: int = TEXT_LIMIT) -> str | None:
        """Why the file at `path` may not be read, or None."""
        if not self.is_inside(path):
            return t("files.link_out", target=os.path.realpath(path))
        try:
            st = os.stat(path)
        except OSError as exc:
            return t("cannot_read_file", why=exc.strerror)
        if (st.st_mode & 0o170000) != 0o100000:
            return t("files.not_regular")
        if st.st_size > limit:
            return t("files.too_big", size=size_text(st.st_size), limit=size_text(limit))
        return None

    def refuse(self, path: Path | str, message: str) -> None:
        self.refused.append(Refusal(Path(path), message))

    def walk(
        self,
        folder: Path,
        suffix: str = "",
        hidden: bool = True,
        limit: int = FILE_LIMIT,
        sizes: bool = True,
        recursive: bool = True,
        strings: bool = False,
    ) -> list:
        """Every readable file under `folder` named *suffix, sorted as strings (as
        `sorted(folder.rglob("*" + suffix), key=str)`); links to folders are not followed, links
        to files only when they stay inside the site; `hidden=False` skips names starting with
        "." at any depth. Files over `limit` are refused (`sizes=False`: not looked at here, for
        a caller that stats each file anyway). What is not read is recorded in `refused`. With
        `strings`, the paths are strings (making a Path costs more than finding the file)."""
        if not (folder.exists() or folder.is_symlink()):
            return []
        if not self.is_inside(folder):
            self.refuse(folder, t("files.folder_link_out", target=os.path.realpath(folder)))
            return []
        if not folder.is_dir():
            return []
        found: list[str] = []
        pending = [str(folder)]
        while pending:
            current = pending.pop()
            try:
                entries = list(os.scandir(current))
            except OSError as exc:
                self.refuse(current, t("cannot_read_folder", why=exc.strerror))
                continue
            for entry in entries:
                name = entry.name
                if not hidden and name.startswith("."):
                    continue
                if entry.is_file(follow_symlinks=False):  # (a regular file: nearly every entry)
                    if name.endswith(suffix):
                        if sizes:
                            known = self.stamps.get(entry.path)
                            try:  # (the stamp only if it is of this file: then a link, now a file, is asked)
                                if known and known[2] == entry.inode():
                                    size = known[0]
                                else:
                                    size = entry.stat(follow_symlinks=False).st_size
                            except OSError:
                                size = 0
                            if size > limit:
                                self.refuse(
                                    entry.path, t("files.too_big", size=size_text(size), limit=size_text(limit))
                                )
                                continue
                        found.append(entry.path)
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if recursive:
                        pending.append(entry.path)
                    continue
                if not name.endswith(suffix):
                    continue
                if entry.is_symlink():
                    if os.path.isdir(entry.path):
                        continue  # (links to folders are not followed)
                    why = self.problem(entry.path, limit)
                    if why is not None:
                        self.refuse(entry.path, why)
                        continue
                else:
                    self.refuse(entry.path, t("files.not_regular"))
                    continue
                found.append(entry.path)
        found.sort()
        return found if strings else [Path(p) for p in found]  # (`strings`: no Path for 15,000 photos)

    def read(self, path: Path, limit: int = TEXT_LIMIT) -> bytes:
        """A file's bytes, if it may be read; OSError with the reason otherwise."""
        from .files import read_bytes

        why = self.problem(path, limit)
        if why is not None:
            raise Unreadable(why)
        return read_bytes(path)
