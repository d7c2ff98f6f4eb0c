"""What the last build knew of each article file: its stamp and the cache key of what reading it
gave. A build that finds a file as the last one saw it takes that key without reading the file.
(Bookkeeping for incremental builds, kept apart from content/, which validates.)"""

from __future__ import annotations

import os
import time
from pathlib import Path

from .cache import BuildCache
from .errors import Report
from .messages import t
from .sitefiles import TEXT_LIMIT, size_text
from .state import KnownFile


class KnownFiles:
    """The cache key of each article file: when the file is as the last build saw it (size, mtime,
    inode, ctime) and was not written in the moments before that build started, that build's key,
    without reading it (git's index does the same); otherwise it is read and hashed (`learn`)."""

    MARGIN_NS = 2_000_000_000  # a file changed this close to a build's start is read again (racy writes)

    def __init__(self, cache: BuildCache | None, taken: dict[str, list[int]] | None = None):
        self.cache = cache
        self.taken = taken or {}  # stamps the build took already, by path (unchanged.stamp_site)
        self.started = time.time_ns()
        document = cache.get_document("files") if cache else {}
        started = document.get("started")
        saved = started if isinstance(started, int) else 0
        self.trusted_before = saved - self.MARGIN_NS
        self.known: dict[str, KnownFile] = cache.get_mapping("files", KnownFile) if cache and saved else {}
        self.seen: dict[str, KnownFile] = {}
        # Whether a file as the last build saw it was read all the same, having been written just
        # before that build: saved again now, a later build trusts it (else it would be read by
        # every build until some file changed: after a `git pull`, thousands of them).
        self.racy = False

    def stamp(self, path: Path, report: Report) -> list | None:
        stamp = self.taken.get(str(path))
        if stamp is None:
            try:
                st = os.stat(path)
            except OSError as exc:
                report.error(path, 1, t("cannot_read_file", why=exc.strerror))
                return None
            stamp = [st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns]
        if stamp[0] > TEXT_LIMIT:
            report.error(path, 1, t("load.article_too_big", size=size_text(stamp[0]), limit=size_text(TEXT_LIMIT)))
            return None
        return list(stamp)

    def known_key(self, rel: str, stamp: list) -> str | None:
        before = self.known.get(rel)
        if before is not None and before.stamp == stamp:
            if stamp[1] < self.trusted_before and stamp[3] < self.trusted_before:
                self.seen[rel] = before
                return before.key
            self.racy = True
        return None

    def learn(self, rel: str, stamp: list, key: str) -> None:
        self.seen[rel] = KnownFile(stamp[0], stamp[1], stamp[2], stamp[3], key)

    def save(self) -> None:
        if self.cache and (self.seen != self.known or self.racy):  # (else the older start time stays: safe)
            self.cache.put_document("files", {"started": self.started}, self.seen)
