"""RSS 2.0 and Atom through feedgen, JSON Feed 1.1 by hand; absolute URLs everywhere in them."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from collections.abc import Sequence

from feedgen.entry import FeedEntry
from feedgen.ext.media import MediaEntryExtension, MediaExtension
from feedgen.feed import FeedGenerator

from ..config import SiteConfig
from ..content.attachments import href, kind_of
from ..content.models import Article

EMPTY_FEED_DATE = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_ROOT_RELATIVE = re.compile(r'(\s(?:href|src)=")(/(?!/)[^"]*)"')


def absolutize(html: str, config: SiteConfig) -> str:
    """Root-relative links and image sources in article HTML made absolute (feed readers need it)."""
    if '="/' not in html:  # every link the pattern rewrites has it: skip the regex (7 µs, not 57)
        return html
    base = config.base_url.rstrip("/")
    return _ROOT_RELATIVE.sub(lambda m: f'{m.group(1)}{base}{m.group(2)}"', html)


class Made:
    """What a process making many feeds made for one, kept for the next that shows the same article:
    a site's newest articles are in its own feeds and in their clusters', provinces', tags' and
    sections' (3,500 items in 214 feeds at 1,000 articles). Each article's body as feeds show it,
    and each RSS item and Atom entry as feedgen made it: feedgen's forty calls an item cost more
    than copying the element it made (copy.deepcopy of an lxml element, in C). Keyed by the
    article's URL, which no two editions share: within one an item depends on nothing else (the
    settings, cluster names and file sizes are the edition's)."""

    def __init__(self) -> None:
        self.bodies: dict[str, str] = {}
        self.items: dict[tuple[str, str], object] = {}


def _body(article: Article, config: SiteConfig, made: Made | None) -> str:
    """The article's HTML as feeds show it, made once in a process (see Made)."""
    if made is None:
        return absolutize(article.html, config)
    body = made.bodies.get(article.url)
    if body is None:
        body = made.bodies[article.url] = absolutize(article.html, config)
    return body


class _Copy:
    """An entry of one more feed, as feedgen made it for the first (see Made): feedgen asks it for
    its element (`rss_entry`, `atom_entry`) and offers it the feed's extensions, which the element
    already has what it needs of."""

    def __init__(self, element) -> None:
        self.element = element

    def register_extension(self, *args, **kwargs) -> None:
        pass

    def rss_entry(self, extensions: bool = True):
        # A copy for each feed: the element kept is never put in a tree (an lxml element has one
        # parent; appended to a feed's channel it would be moved there, and its namespaces fitted).
        return copy.deepcopy(self.element)

    atom_entry = rss_entry


def _categories(article: Article, cluster_names: dict[str, str]) -> list[str]:
    names = [cluster_names.get(c, c) for c in article.cluster_ids]
    names += [m.province.name for m in article.provinces]
    return list(dict.fromkeys(names))


def _generator(
    kind: str,
    title: str,
    page_url: str,
    self_url: str,
    config: SiteConfig,
    articles: Sequence[Article],
    cluster_names: dict[str, str],
    made: Made | None,
    sizes: dict[str, int] | None = None,
) -> FeedGenerator:
    fg = FeedGenerator()
    if kind == "rss" and any(a.image is not None for a in articles):
        # media:thumbnail: the lead image of each item. (Registered by class: feedgen's load_extension
        # looks for a module feedgen.ext.media_entry first, which no feedgen has, on every call.)
        fg.register_extension("media", MediaExtension, MediaEntryExtension, atom=False, rss=True)
    fg.id(config.absolute(page_url))
    fg.title(title)
    fg.description(config.description or title)
    fg.language(config.language)
    fg.generator("site-builder")
    # feedgen takes the RSS channel <link> from the last link() call: self first, the page last.
    fg.link(href=config.absolute(self_url), rel="self")
    fg.link(href=config.absolute(page_url), rel="alternate")
    author = config.publisher or config.author or config.title
    fg.author({"name": author})
    if articles:
        newest = max(a.updated or a.date for a in articles).astimezone(config.tz)
        fg.updated(newest)  # also lastBuildDate: the newest article, never the clock, so builds repeat
        fg.lastBuildDate(newest)
    else:
        # feedgen stamps the clock by default; an empty feed has no date to give, so it gets none
        # in RSS (lastBuildDate is optional) and the epoch in Atom (where <updated> is required).
        fg.updated(EMPTY_FEED_DATE)  # (this sets lastBuildDate too, so clear that after)
        fg._FeedGenerator__rss_lastBuildDate = None
    made = made if made is not None else Made()
    for article in articles:
        element = made.items.get((kind, article.url))
        if element is None:
            element = _entry(kind, article, config, cluster_names, made, sizes, author)
            made.items[(kind, article.url)] = element
        fg.add_entry(_Copy(element), order="append")  # feedgen prepends by default; we give newest first
    return fg


def _entry(
    kind: str,
    article: Article,
    config: SiteConfig,
    cluster_names: dict[str, str],
    made: Made,
    sizes: dict[str, int] | None,
    author: str,
):
    """The article's RSS item or Atom entry, an lxml element made by feedgen."""
    fe = FeedEntry()
    url = config.absolute(article.url)
    fe.id(url)
    fe.guid(url, permalink=True)
    fe.title(article.title)
    fe.link(href=url)
    fe.published(article.date.astimezone(config.tz))
    fe.updated((article.updated or article.date).astimezone(config.tz))
    fe.author({"name": article.author or author})
    if article.summary:
        fe.description(article.summary) if kind == "rss" else fe.summary(article.summary)
    # CDATA is right in RSS but makes Atom's <content type="CDATA">, which is invalid there.
    fe.content(_body(article, config, made), type="CDATA" if kind == "rss" else "html")
    for name in _categories(article, cluster_names):
        fe.category(term=name)
    if kind == "rss" and article.image is not None:
        fe.register_extension("media", MediaEntryExtension, atom=False, rss=True)  # (the feed declares its namespace)
        fe.media.thumbnail({"url": config.absolute(article.image.src)})
    # Attachments: RSS has room for one enclosure (the first), Atom for each.
    for number, attached in enumerate(article.attachments):
        url, length, mime = (
            config.absolute(href(attached.url)),
            str((sizes or {}).get(attached.url, 0)),
            kind_of(attached.url)[1],
        )
        if kind == "rss":
            if number == 0:
                fe.enclosure(url, length, mime)
        else:
            if number == 0:
                fe.register_extension("enclosures", _AtomEnclosures, atom=True, rss=False)
            fe.enclosures.links.append({"href": url, "rel": "enclosure", "type": mime, "length": length})
    return fe.rss_entry() if kind == "rss" else fe.atom_entry()


class _AtomEnclosures:
    """`<link rel="enclosure">` of an Atom entry, one a file. (feedgen's own entry links lose
    their `rel` in Atom: its loop reads the attributes from the element it is making.)"""

    def __init__(self) -> None:
        self.links: list[dict[str, str]] = []

    def extend_ns(self) -> dict:
        return {}

    def extend_atom(self, entry):
        from lxml import etree

        for link in self.links:
            etree.SubElement(entry, "link", link)
        return entry


def rss(
    title: str,
    page_url: str,
    config: SiteConfig,
    articles: Sequence[Article],
    cluster_names: dict[str, str],
    made: Made | None = None,
    sizes: dict[str, int] | None = None,
) -> bytes:
    self_url = page_url + "rss.xml"
    fg = _generator("rss", title, page_url, self_url, config, articles, cluster_names, made, sizes)
    return fg.rss_str(pretty=True)


def atom(
    title: str,
    config: SiteConfig,
    articles: Sequence[Article],
    cluster_names: dict[str, str],
    home: str = "/",
    made: Made | None = None,
    sizes: dict[str, int] | None = None,
) -> bytes:
    """`home`: the edition's home page ("/en/"); the feed is beside it."""
    fg = _generator("atom", title, home, home + "atom.xml", config, articles, cluster_names, made, sizes)
    return fg.atom_str(pretty=True)


def json_feed(
    title: str,
    config: SiteConfig,
    articles: Sequence[Article],
    cluster_names: dict[str, str],
    home: str = "/",
    made: Made | None = None,
    sizes: dict[str, int] | None = None,
) -> bytes:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1); json.dumps escapes whatever content holds.
    `home`: the edition's home page ("/en/"); the feed is beside it."""
    author = config.publisher or config.author or config.title
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": config.absolute(home),
        "feed_url": config.absolute(home + "feed.json"),
        "description": config.description or title,
        "language": config.language,
        "authors": [{"name": author}],
        "items": [
            {
                "id": config.absolute(a.url),
                "url": config.absolute(a.url),
                "title": a.title,
                "summary": a.summary,
                "content_html": _body(a, config, made),
                "date_published": a.date.astimezone(config.tz).isoformat(),
                "date_modified": (a.updated or a.date).astimezone(config.tz).isoformat(),
                "authors": [{"name": a.author or author}],
                "tags": _categories(a, cluster_names) + [t.name for t in a.tags],
                **({"image": config.absolute(a.image.src)} if a.image else {}),
                **({"attachments": [_attachment(f, config, sizes) for f in a.attachments]} if a.attachments else {}),
            }
            for a in articles
        ],
    }
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _attachment(attached, config: SiteConfig, sizes: dict[str, int] | None) -> dict:
    """A JSON Feed attachment: url, mime_type, title, size_in_bytes."""
    return {
        "url": config.absolute(href(attached.url)),
        "mime_type": kind_of(attached.url)[1],
        "title": attached.title,
        "size_in_bytes": (sizes or {}).get(attached.url, 0),
    }
