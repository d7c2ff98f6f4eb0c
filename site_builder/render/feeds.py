"""RSS 2.0 and Atom through feedgen, JSON Feed 1.1 by hand; absolute URLs everywhere in them."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence

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


def _body(article: Article, config: SiteConfig, bodies: dict | None) -> str:
    """The article's HTML as feeds show it; kept in `bodies` when given (a process making many
    feeds: a site's newest articles are in its own feeds and their clusters' and provinces')."""
    if bodies is None:
        return absolutize(article.html, config)
    body = bodies.get(article.url)
    if body is None:
        body = bodies[article.url] = absolutize(article.html, config)
    return body


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
    bodies: dict | None,
    sizes: dict[str, int] | None = None,
) -> FeedGenerator:
    fg = FeedGenerator()
    if kind == "rss" and any(a.image is not None for a in articles):
        fg.load_extension("media", atom=False, rss=True)  # media:thumbnail: the lead image of each item
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
    for article in articles:
        fe = fg.add_entry(order="append")  # feedgen prepends by default; we give newest first
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
        fe.content(_body(article, config, bodies), type="CDATA" if kind == "rss" else "html")
        for name in _categories(article, cluster_names):
            fe.category(term=name)
        if kind == "rss" and article.image is not None:
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
    return fg


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
    bodies: dict | None = None,
    sizes: dict[str, int] | None = None,
) -> bytes:
    self_url = page_url + "rss.xml"
    fg = _generator("rss", title, page_url, self_url, config, articles, cluster_names, bodies, sizes)
    return fg.rss_str(pretty=True)


def atom(
    title: str,
    config: SiteConfig,
    articles: Sequence[Article],
    cluster_names: dict[str, str],
    home: str = "/",
    bodies: dict | None = None,
    sizes: dict[str, int] | None = None,
) -> bytes:
    """`home`: the edition's home page ("/en/"); the feed is beside it."""
    fg = _generator("atom", title, home, home + "atom.xml", config, articles, cluster_names, bodies, sizes)
    return fg.atom_str(pretty=True)


def json_feed(
    title: str,
    config: SiteConfig,
    articles: Sequence[Article],
    cluster_names: dict[str, str],
    home: str = "/",
    bodies: dict | None = None,
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
                "content_html": _body(a, config, bodies),
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
