"""The site index: published articles newest first, grouped by cluster, province, event, tag, section."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..collation import vi_sort_key
from ..content.load import Content
from ..content.models import Article, Cluster, Page
from ..errors import Report, did_you_mean, shown
from ..messages import t
from ..provinces import Province, ProvinceRegistry
from ..urls import Urls
from .related import RelatedIndex


@dataclass
class Listing:
    """A list page's subject and its articles, newest first (a cluster, province, event, tag, section)."""

    kind: str
    slug: str
    name: str
    url: str
    articles: list[Article] = field(default_factory=list)
    feed_url: str | None = None
    cluster: Cluster | None = None
    province: Province | None = None
    # For a current province: which old name each article used, when it was an absorbed unit's.
    written_as: dict[str, str] = field(default_factory=dict)
    profile: Any = None  # an author's (content/authors.py: name, role, photo, biography), when written


@dataclass
class SiteIndex:
    articles: list[Article]  # published, newest first
    pages: list[Page]
    clusters: dict[str, Listing]
    provinces: dict[str, Listing]
    events: dict[str, Listing]
    tags: dict[str, Listing]
    sections: dict[str, Listing]
    related: RelatedIndex
    registry: ProvinceRegistry
    rank: dict[str, int] = field(default_factory=dict)  # article url -> position newest first
    # What was left out, so the build can say so: drafts, and articles dated after `now` (oldest first)
    drafts: list[Article] = field(default_factory=list)
    future: list[Article] = field(default_factory=list)
    # Archives by year ("2022") and month ("2022-11"), and authors (model/archives.py)
    years: dict[str, Listing] = field(default_factory=dict)
    months: dict[str, Listing] = field(default_factory=dict)
    authors: dict[str, Listing] = field(default_factory=dict)

    def latest(self, size: int, exclude: Article | None = None) -> list[Article]:
        """Tin mới: the newest articles of the whole site, never `exclude` itself."""
        newest = self.articles[: size + 1]
        if exclude is None or all(a is not exclude for a in newest):
            return newest[:size]
        return [a for a in newest if a is not exclude][:size]

    def related_to(self, article: Article, size: int) -> list[Article]:
        return self.related.related_to(self.rank[article.url], size)

    def listings(self):
        """Every list page subject, in a stable order."""
        for group in (self.clusters, self.provinces, self.events, self.tags, self.sections, self.authors):
            yield from group.values()
        yield from self.years.values()
        yield from self.months.values()


def is_published(article: Article, now: dt.datetime, drafts: bool, future: bool) -> bool:
    return (drafts or not article.draft) and (future or article.date <= now)


def build_index(
    content: Content,
    registry: ProvinceRegistry,
    urls: Urls,
    report: Report,
    *,
    now: dt.datetime,
    drafts: bool = False,
    future: bool = False,
    tz: dt.tzinfo | None = None,
) -> SiteIndex:
    """Filter drafts and future articles out everywhere, then group them (URLs are checked by
    render/claims.py, which knows every file of the site)."""
    articles = sorted((a for a in content.articles if is_published(a, now, drafts, future)), key=lambda a: a.sort_key)
    left_drafts = sorted((a for a in content.articles if a.draft and not drafts), key=lambda a: a.rel_path)
    left_future = sorted(
        (a for a in content.articles if (drafts or not a.draft) and not future and a.date > now),
        key=lambda a: (a.date, a.rel_path),
    )
    pages = [p for p in content.pages if drafts or not p.draft]

    clusters = {
        cid: Listing("cluster", cid, c.name, c.url, feed_url=c.feed_url, cluster=c)
        for cid, c in sorted(content.clusters.items(), key=lambda kv: vi_sort_key(kv[1].name))
    }
    provinces = {}
    for p in registry.all():
        url = urls.term("province", p.slug)
        provinces[p.slug] = Listing("province", p.slug, p.name, url, feed_url=url + "rss.xml", province=p)
    events: dict[str, Listing] = {}
    tags: dict[str, Listing] = {}
    sections: dict[str, Listing] = {}

    for a in articles:
        for cid in a.cluster_ids:
            if cid in clusters:  # (a cluster file with errors is not loaded: its errors are reported)
                clusters[cid].articles.append(a)
        placed: set[str] = set()
        for m in a.provinces:
            own = m.province
            for slug in (own.slug, own.successor):
                if slug and slug not in placed:
                    placed.add(slug)
                    provinces[slug].articles.append(a)
                    if slug != own.slug:
                        provinces[slug].written_as[a.url] = own.name
        for e in a.events:
            events.setdefault(
                e.slug, Listing("event", e.slug, e.name, e.url, feed_url=e.url + "rss.xml")
            ).articles.append(a)
        for tag in a.tags:
            tags.setdefault(
                tag.slug, Listing("tag", tag.slug, tag.name, tag.url, feed_url=tag.url + "rss.xml")
            ).articles.append(a)
        if a.section:
            s = a.section
            sections.setdefault(
                s.slug, Listing("section", s.slug, s.name, s.url, feed_url=s.url + "rss.xml")
            ).articles.append(a)

    def by_name(group: dict[str, Listing]) -> dict[str, Listing]:
        return dict(sorted(group.items(), key=lambda kv: vi_sort_key(kv[1].name)))

    index = SiteIndex(
        articles,
        pages,
        clusters,
        provinces,
        by_name(events),
        by_name(tags),
        by_name(sections),
        RelatedIndex(articles),
        registry,
        {a.url: i for i, a in enumerate(articles)},
        left_drafts,
        left_future,
    )
    from .archives import by_author, by_date  # (archives.py imports Listing from here)

    index.years, index.months = by_date(
        articles, urls, tz or now.tzinfo or dt.UTC
    )  # (the site's zone: the build gives it)
    index.authors = by_author(articles, urls, content.authors)
    _check_related(index, content, report)
    return index


def _check_related(index: SiteIndex, content: Content, report: Report) -> None:
    """An editor's pick must name an article; a draft or future one is quietly left out. An article
    that failed to load (its errors are reported) still counts: one mistake, one message, in the
    file that has it. (When one cannot say what it would be called, no pick is checked this build.)"""
    if content.failed_slugs is None:
        return
    known = {a.slug for a in content.articles}
    for a in index.articles:
        for slug in a.related_slugs:
            if slug not in known and slug not in content.failed_slugs:
                report.error(
                    a.path,
                    a.related_line,
                    t("load.related_missing", slug_given=shown(slug), hint=did_you_mean(slug, known)),
                )
