"""When nothing changed: a build whose site, settings, clock and output are as the last build
left them writes what that build wrote, so it writes nothing and says what that build said.

A successful build records (`Standing`): a digest of the stamps (size, mtime, inode, ctime) of
every file under the folders a build reads (content/, layouts/, static/, i18n/), the options
and installed code it ran with, the moments between which its clock would have given the same
site (an article dated later becomes due; one leaves the Google News sitemap's two days), a
digest of the (size, mtime) of every file it left in the output, and what it reported. The next build takes the same
stamps (one `stat` a file: ~0.1 s at 10,000 articles and 15,000 photos) and, when all of that
holds, returns the recorded result without reading an article: a warm build at 10,000 articles
costs the walk, the output's `lstat`s and the interpreter's start.

The stamps are trusted as the article cache trusts them (known.py, and git's index): a file
written in the two seconds before the walk may be written again within its file system's clock
tick without a new stamp, so such a file is hashed by the walk, before the build reads it, and
the next build stands only if its bytes are still those (an editor who saves and builds at once
is not made to wait for one more full build). A fresh checkout, where every file was just
written, is too much to hash: that build records nothing. Anything this module cannot be sure of
(a damaged record, a file it cannot stat, an output file changed by hand, a commit cut short)
means a full build, never a wrong answer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat as stat_module
import time
from dataclasses import dataclass, field
from pathlib import Path

from .workers import Ahead

FOLDERS = ("content", "layouts", "static", "i18n")  # what a build reads of the site folder
RACY_NS = 2_000_000_000  # (as known.KnownFiles.MARGIN_NS)
NEWS_DAYS = 2  # render/machine.news_sitemap: articles of the last two days


@dataclass
class SiteStamp:
    """The site's files as a build found them before reading any."""

    digest: str
    # Whether the stamps cannot vouch for the site: a file written in the moments before the walk
    # (its stamp may not show a next write) that could not be hashed instead (see `settled`).
    racy: bool
    # [size, mtime, inode, ctime] of each file by its path (links: of what they lead to), for the
    # build to take rather than `stat` each article and photo again (known.py, build._renderer).
    files: dict[str, list[int]] = field(default_factory=dict)
    # The files written in the moments before the walk, by path relative to the site: the SHA-256
    # of their bytes as the walk found them. A next build trusts their stamps only if their bytes
    # are still these (an editor who saves and builds at once still gets the next build for free).
    settled: dict[str, str] = field(default_factory=dict)


RACY_HASHED = 32 << 20  # at most this many bytes of just-written files are hashed (else: no record)
RACY_FILES = 500  # nor more files than this (a fresh checkout: every file was just written)


def stamp_site(source: Path, started_ns: int | None = None) -> SiteStamp | None:
    """A digest of the stamps of every entry under the folders a build reads, or None when one
    cannot be looked at (the build reports it). A link to a file is stamped as what it leads to
    and by where it leads (the build refuses a link out of the site by its real path). A link to
    a folder, or one of the four folders being a link, makes the stamps unable to vouch for the
    site (`racy`): the build follows such links where its walks start (content/articles/,
    static/, ...), and a file edited in place under one changes no stamp of the link's."""
    started_ns = time.time_ns() if started_ns is None else started_ns
    newest_trusted = started_ns - RACY_NS
    entries: list[str] = []
    files: dict[str, list[int]] = {}
    racy: list[tuple[str, int]] = []  # (path, size) of the files written in the moments before
    unsettled = False  # a racy entry that is not a regular file (it cannot be hashed), a folder link
    root = str(source)
    real_root = os.path.realpath(root)
    cut = len(root) + 1
    for name in FOLDERS:
        pending = [os.path.join(root, name)]
        try:
            top = os.lstat(pending[0])
        except FileNotFoundError:
            entries.append(f"{name}\0-")
            continue
        except OSError:
            return None
        if not stat_module.S_ISDIR(top.st_mode):
            entries.append(f"{name}\0{_kind(top)}\0{top.st_size}\0{top.st_mtime_ns}\0{top.st_ino}")
            unsettled = unsettled or stat_module.S_ISLNK(top.st_mode)
            continue
        while pending:
            folder = pending.pop()
            try:
                with os.scandir(folder) as listing:
                    found = list(listing)
            except OSError:
                return None
            for entry in found:
                try:
                    if entry.is_dir(follow_symlinks=False):
                        pending.append(entry.path)
                        entries.append(f"{entry.path[cut:]}\0d")
                        continue
                    st = entry.stat(follow_symlinks=True)  # (a link: what it leads to)
                except FileNotFoundError:  # (a link that leads nowhere)
                    entries.append(f"{entry.path[cut:]}\0broken")
                    continue
                except OSError:
                    return None
                regular = stat_module.S_ISREG(st.st_mode)
                link = ""
                if entry.is_symlink():
                    if not regular:  # (a link to a folder: see above)
                        unsettled = True
                    link = "l" + os.path.realpath(entry.path) + "\0"
                    if not _inside(link[1:-1], real_root):  # (the build refuses it: never read here)
                        unsettled = True
                        regular = False
                if st.st_mtime_ns >= newest_trusted or st.st_ctime_ns >= newest_trusted:
                    if regular:
                        racy.append((entry.path, st.st_size))
                    else:
                        unsettled = True
                if regular:
                    files[entry.path] = [st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns]
                entries.append(
                    f"{entry.path[cut:]}\0{link}{_kind(st)}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}\0{st.st_ctime_ns}"
                )
    entries.sort()
    digest = hashlib.sha256("\n".join(entries).encode("utf-8", "surrogateescape")).hexdigest()
    settled = _hashed(racy, cut) if not unsettled else None
    return SiteStamp(digest, settled is None, files, settled or {})


class StampsAhead(Ahead):
    """`stamp_site` in a forked process, begun by the command line before it imports what a build
    needs. The walk (~0.13 s at 10,000 articles and 15,000 photos, a `stat` a file) and the
    imports (Jinja, YAML, Markdown: ~0.12 s) each took a third of a warm build, one after the
    other, with the second processor idle. The build takes the stamps where it took them before
    (`take`): it reads nothing of the site until it has them, and they were taken after the
    moment they are racy against (`started_ns`), as stamp_site's own."""

    def __init__(self, source: Path):
        self.source = source
        self.started_ns = time.time_ns()
        super().__init__(_stamp_task, (source, self.started_ns))

    def take(self, source: Path) -> SiteStamp | None:  # type: ignore[override]
        """What `stamp_site(source)` gives, from the forked process; taken here if that failed or
        was not begun for this folder (once: a second call stamps again)."""
        if source != self.source:
            self.close()
            return stamp_site(source)
        taken = super().take(failed=_NOT_TAKEN)
        return taken if taken is not _NOT_TAKEN else stamp_site(source)


_NOT_TAKEN = object()  # (stamp_site gives None for a site it cannot look at: a result of its own)


def _stamp_task(task: tuple[Path, int]) -> SiteStamp | None:
    return stamp_site(*task)


def _hashed(racy: list[tuple[str, int]], cut: int) -> dict[str, str] | None:
    """SiteStamp.settled of the files just written (path, size), or None when they are too many
    or too large to hash, or one cannot be read."""
    if racy and (len(racy) > RACY_FILES or sum(size for _, size in racy) > RACY_HASHED):
        return None
    settled = {}
    for path, _ in racy:  # (hashed now, before the build reads them: see SiteStamp.settled)
        digest = content_digest(path)
        if digest is None:
            return None
        settled[path[cut:]] = digest
    return settled


def _inside(real: str, real_root: str) -> bool:
    return real.startswith(real_root + os.sep)


def content_digest(path: str, limit: int = RACY_HASHED) -> str | None:
    """The SHA-256 of a regular file's bytes (None if it is not one, cannot be read, or is
    larger than `limit`)."""
    h = hashlib.sha256()
    try:
        if not stat_module.S_ISREG(os.stat(path).st_mode):  # (never a FIFO or a device)
            return None
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                h.update(chunk)
                limit -= len(chunk)
                if limit < 0:
                    return None
    except OSError:
        return None
    return h.hexdigest()


def still_settled(source: Path, settled: dict[str, str]) -> bool:
    """Whether each file the last build found just written still holds the bytes it found (only
    files inside the site are read: the record's paths are not trusted to stay there)."""
    real_root = os.path.realpath(source)
    for rel, digest in settled.items():
        path = os.path.join(source, rel)
        if not _inside(os.path.realpath(path), real_root) or content_digest(path) != digest:
            return False
    return True


def _kind(st: os.stat_result) -> str:
    mode = st.st_mode
    return "f" if stat_module.S_ISREG(mode) else "d" if stat_module.S_ISDIR(mode) else f"o{stat_module.S_IFMT(mode)}"


def steady_between(
    dates: list[dt.datetime], now: dt.datetime, future: bool
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """[since, until): the clocks at which the build gives the site it gives at `now` (None: no
    bound). What the clock decides: which articles are published (dated at or before it, unless
    `future`) and which are in the Google News sitemap (dated within its last two days).
    `dates`: every article that may be published (drafts only when the build shows them)."""
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    tick = dt.timedelta(microseconds=1)

    def later(a, b):
        return b if a is None or (b is not None and b > a) else a

    def earlier(a, b):
        return b if a is None or (b is not None and b < a) else a

    window = dt.timedelta(days=NEWS_DAYS)
    for date in dates:
        if not future:  # published while date <= clock
            if date <= now:
                since = later(since, date)
            else:
                until = earlier(until, date)
        edge = date + window  # in the news sitemap while clock <= edge
        if edge >= now:
            until = earlier(until, edge + tick)
        else:
            since = later(since, edge + tick)
    return since, until


@dataclass
class Standing:
    """What the next build needs to know that this one's result still stands (see the module)."""

    key: str  # the options and the installed code
    inputs: str  # SiteStamp.digest
    since: str | None  # steady_between, as ISO text
    until: str | None
    output: str  # the output folder
    output_files: str = ""  # output_digest of the files it committed
    count: int = 0  # how many
    said: dict = field(default_factory=dict)  # what the build reported (build._said)
    settled: dict[str, str] = field(default_factory=dict)  # SiteStamp.settled of its walk

    def to_json(self) -> dict:
        return {
            "key": self.key,
            "inputs": self.inputs,
            "since": self.since,
            "until": self.until,
            "output": self.output,
            "output_files": self.output_files,
            "count": self.count,
            "said": self.said,
            "settled": self.settled,
        }

    @classmethod
    def from_json(cls, value: dict) -> Standing | None:
        try:
            standing = cls(**{name: value[name] for name in cls.__dataclass_fields__})
        except (KeyError, TypeError):
            return None
        texts = (standing.key, standing.inputs, standing.output, standing.output_files)
        if not all(isinstance(v, str) for v in texts) or type(standing.count) is not int:
            return None
        if not all(v is None or isinstance(v, str) for v in (standing.since, standing.until)):
            return None
        if not isinstance(standing.said, dict) or not isinstance(standing.settled, dict):
            return None
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in standing.settled.items()):
            return None
        return standing

    def covers(self, now: dt.datetime) -> bool:
        """Whether the build at clock `now` gives the same site as the recorded one."""
        try:
            since = dt.datetime.fromisoformat(self.since) if self.since else None
            until = dt.datetime.fromisoformat(self.until) if self.until else None
            return (since is None or since <= now) and (until is None or now < until)
        except (TypeError, ValueError):  # (a naive clock beside an aware one, a damaged record)
            return False


def output_digest(stamps) -> str:
    """A digest of (path, size, mtime) of each output file, in path order: what a build committed
    (from what it wrote and kept), or what the output holds (from an `lstat` each)."""
    return hashlib.sha256(
        "\n".join(f"{rel}\t{size}\t{mtime}" for rel, (size, mtime) in stamps).encode("utf-8", "surrogateescape")
    ).hexdigest()
