"""The site's content as typed values: what templates and feeds read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..provinces import Province


@dataclass(frozen=True)
class Term:
    """A named grouping an article belongs to: cluster, province, event, tag or section."""

    kind: str
    name: str
    slug: str
    url: str


@dataclass(frozen=True)
class ProvinceMention:
    """A province as the editor wrote it, and the unit it names."""

    written: str
    province: Province


@dataclass(frozen=True)
class EventMention:
    """An event an article reports; date and place when the editor gave them."""

    name: str
    slug: str
    url: str
    date: dt.date | None = None
    place: str = ""


@dataclass(frozen=True)
class LeadImage:
    src: str
    alt: str
    caption: str = ""


@dataclass(frozen=True)
class Attachment:
    """A document an article publishes beside it (a report's PDF): `url` is /files/…; its size and
    type are read from the file when a page shows it (content/attachments.py)."""

    url: str
    title: str


@dataclass
class Article:
    """A news article or report, validated; `html` is its rendered body."""

    path: Path
    rel_path: str
    title: str
    slug: str
    url: str
    date: dt.datetime
    updated: dt.datetime | None
    summary: str
    # The rendered body as UTF-8 (Vietnamese text takes about 1.2 bytes a character this way, 2 in a
    # str); None until first read when it comes from the build cache: most pages of a warm build
    # never read it.
    html_utf8: bytes | None
    cluster_ids: list[str] = field(default_factory=list)
    provinces: list[ProvinceMention] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    tags: list[Term] = field(default_factory=list)
    section: Term | None = None
    author: str = ""
    image: LeadImage | None = None
    draft: bool = False
    aliases: list[str] = field(default_factory=list)
    related_slugs: list[str] = field(default_factory=list)
    layout: str = "article.html"
    extra: dict = field(default_factory=dict)
    dateline: str = ""
    date_text: str = ""  # dd/mm/yyyy as readers see it
    related_line: int = 1  # where `related:` is, for errors found once every article is known
    aliases_line: int = 1  # where `aliases:` is, for URL collisions found once every article is known
    digest: str = ""  # hash of the source file: what incremental builds compare
    body_images: tuple[str, ...] = ()  # `src` of each image in the body
    attachments: tuple[Attachment, ...] = ()
    toc: bool | None = None  # a table of contents: None lets the number of sections decide
    lang: str = "vi"  # the edition it is in (editions.py): `lang:`, else the site's main language
    translation_of: str = ""  # the slug of the article it translates (`translation_of:`), if any
    translation_line: int = 1  # where `translation_of:` is, for errors found once every article is known
    body_loader: Callable[[Article], bytes] | None = field(default=None, repr=False, compare=False)

    @property
    def html(self) -> str:
        """The rendered body (kept as bytes: it is read once per page that shows it)."""
        if self.html_utf8 is None:
            assert self.body_loader is not None  # (an Article from a record always has one)
            self.html_utf8 = self.body_loader(self)
        return self.html_utf8.decode("utf-8")

    @property
    def sort_key(self) -> tuple:
        """Newest first, then by path so equal dates still order the same way every build."""
        return (-self.date.timestamp(), self.rel_path)


@dataclass
class Cluster:
    """An emulation cluster (cụm thi đua): member provinces, founding decision, yearly leadership."""

    id: str
    path: Path
    name: str
    url: str
    feed_url: str
    provinces: list[ProvinceMention]
    decision: str = ""
    terms: list[dict] = field(default_factory=list)  # [{year, head, deputy}] ascending by year
    html: str = ""
    extra: dict = field(default_factory=dict)


@dataclass
class Page:
    """A standalone page (about, contact)."""

    path: Path
    rel_path: str
    title: str
    slug: str
    url: str
    html: str
    summary: str = ""
    layout: str = "page.html"
    draft: bool = False
    extra: dict = field(default_factory=dict)
    digest: str = ""
