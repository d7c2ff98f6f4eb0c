"""What one build leaves the next, typed: the record of each output file, the facts remembered
about each file of the site, and the handover a build passes from its stages to the cache.

This is the one place those become JSON and back (the cache stores JSON, see cache.py). A value
the cache holds in another shape (a damaged part, a format of before) reads as missing: the file
it described is made, or read, again. Every cache and fingerprint is salted with the installed
code (salt.py), so a record is never read by code other than the code that wrote it; the shape
checks here are for damage, not for upgrades.

Records hold facts (stamps, fingerprints, ranks, names), never text as readers see it: that is
made again from the facts by the code of the build that shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


class OutputRecord(NamedTuple):
    """What one output file was made from, and the file as it was written: a later build keeps
    the file without rendering it again when its inputs give the same `made_from` and the output
    still holds that file (same size and mtime, so not changed by hand)."""

    made_from: str  # a fingerprint of the inputs ("copy:<stamp>" for a copied file)
    size: int
    mtime_ns: int
    context: str | None = None  # list pages: the fingerprint of their rendering context
    memo: list | None = None  # article pages: what plan.py needs to name their inputs again
    shows: list[int] | None = None  # pages: the ranks of the articles they show
    parts: list[str] | None = None  # sitemap.xml: the sitemap files made with it

    @property
    def stamp(self) -> tuple[int, int]:
        return (self.size, self.mtime_ns)

    @classmethod
    def written(cls, made_from: str, stamp: tuple[int, int] | list[int], **facts) -> OutputRecord:
        """The record of a file just written (its stamp as the output gave it)."""
        return cls(made_from, stamp[0], stamp[1], **facts)

    def to_json(self) -> list:
        return list(self)

    @classmethod
    def from_json(cls, value) -> OutputRecord | None:
        if (
            type(value) is list
            and len(value) == len(cls._fields)
            and type(value[0]) is str
            and type(value[1]) is int
            and type(value[2]) is int
        ):
            return cls._make(value)
        return None


class KnownFile(NamedTuple):
    """A file of the site as the last build read it: its stamp, and the key of what reading it
    gave (the cache entry of a parsed article). Same stamp, same key: the file is not read again."""

    size: int
    mtime_ns: int
    inode: int
    ctime_ns: int
    key: str

    @property
    def stamp(self) -> list[int]:
        return [self.size, self.mtime_ns, self.inode, self.ctime_ns]

    def to_json(self) -> list:
        return list(self)

    @classmethod
    def from_json(cls, value) -> KnownFile | None:
        if type(value) is list and len(value) == 5 and type(value[4]) is str and _ints(value[:4]):
            return cls._make(value)
        return None


class KnownImage(NamedTuple):
    """An image of the site as the last build saw it: its stamp and its size in pixels (0 × 0
    when it could not be read). Same stamp: the image is not opened again."""

    size: int
    mtime_ns: int
    inode: int
    ctime_ns: int
    width: int
    height: int

    @property
    def stamp(self) -> list[int]:
        return [self.size, self.mtime_ns, self.inode, self.ctime_ns]

    @property
    def pixels(self) -> tuple[int, int] | None:
        return (self.width, self.height) if self.width else None

    def to_json(self) -> list:
        return list(self)

    @classmethod
    def from_json(cls, value) -> KnownImage | None:
        if type(value) is list and len(value) == 6 and _ints(value):
            return cls._make(value)
        return None


def many_from_json(record, found: dict) -> dict:
    """{key: record} of a mapping the cache read, each value in the record's shape (a list of its
    length) made a record; others left out. Its parts passed their checksums (cache.py): the types
    inside were written by this code (salt.py), so only the shape is checked — 60,000 records at
    10,000 articles, read by every build."""
    make, length = record._make, len(record._fields)
    return {key: make(value) for key, value in found.items() if type(value) is list and len(value) == length}


def _ints(values) -> bool:
    return all(type(v) is int for v in values)


@dataclass
class Shown:
    """The articles as a build showed them: each one's digest (with its images') in the order of
    the site, the standalone pages, and the articles' files in that order. The next build compares
    them with its own to know which pages an edit reaches (build.py)."""

    digests: list[str] = field(default_factory=list)
    pages: list[list[str]] = field(default_factory=list)  # [url, digest] of each standalone page
    paths: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"digests": self.digests, "pages": self.pages, "paths": self.paths}

    @classmethod
    def from_json(cls, value) -> Shown | None:
        if not isinstance(value, dict):
            return None
        digests, pages, paths = value.get("digests"), value.get("pages"), value.get("paths")
        if not (isinstance(digests, list) and isinstance(pages, list) and isinstance(paths, list)):
            return None
        return cls(digests, pages, paths)


@dataclass
class Handover:
    """What a build's stages leave for the next build, beside the output records: passed from
    rendering to the commit, and saved with the records in one transaction, only when the build
    succeeded (cache.save_build)."""

    site_digest: str = ""  # settings, layouts, assets, images (build._site_digest)
    structure: str = ""  # what the Xem thêm lists depend on (model/related.py)
    output: str = ""  # the output folder the records describe
    shown: Shown = field(default_factory=Shown)
    image_sizes: dict[str, KnownImage] = field(default_factory=dict)  # read this build, for the next
    search: dict[str, str] | None = None  # the search index's parts, each with what it indexed (search.py)

    def meta(self) -> dict[str, str]:
        return {"structure": self.structure, "site": self.site_digest, "output": self.output}
