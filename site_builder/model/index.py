"""The site index: published articles newest first, grouped by cluster, province, event, tag, section."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..collation import sort_key_for, vi_sort_key
from ..content.load import Content
from ..content.models import Article, Cluster, Page
from ..editions import Edition
from ..errors import Report, did_you_mean, shown
from ..i18n import Strings, theme_strings
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
    # The edition this index is of (editions.py); the main one's index holds the others in `others`.
    edition: Edition | None = None
    others: list[SiteIndex] = field(default_factory=list)
    # Shared by every edition's index: each article's place among all the site's articles (the main
    # edition's first, then each other's: `all_articles`), which is how build records name them; and
    # each article's versions in the other languages (url -> articles), published ones only.
    site_rank: dict[str, int] = field(default_factory=dict)
    translations: dict[str, list[Article]] = field(default_factory=dict)
    main_language: str = "vi"  # the site's main language (x-default of a translated article)

    def editions(self) -> list[SiteIndex]:
        """The main edition's index, then the other editions'."""
        return [self, *self.others]

    @property
    def all_articles(self) -> list[Article]:
        """Every published article of every edition, in the order of `site_rank`."""
        if not self.others:
            return self.articles
        return [a for edition in self.editions() for a in edition.articles]

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
    editions: list[tuple[Edition, Urls]] | None = None,
    strings: dict[str, Strings] | None = None,
) -> SiteIndex:
    """Filter drafts and future articles out everywhere, then group them, each edition's apart: no
    list of one edition shows another's articles (URLs are checked by render/claims.py, which knows
    every file of the site). `editions`: each edition with its URLs, the main one first; None for
    a site of one language. `tz`: the site's zone (archives by date); `strings`: each edition's
    interface table by language code (the names of archives), the theme's when not given."""
    zone = tz or now.tzinfo or dt.UTC
    tables = strings or {}

    def edition_index(chosen: list[Article], pages: list[Page], edition_urls: Urls, edition: Edition | None):
        code = edition.code if edition is not None else "vi"
        table = tables.get(code) or theme_strings(code)
        return _edition_index(chosen, pages, content, registry, edition_urls, edition, zone, table)

    articles = sorted((a for a in content.articles if is_published(a, now, drafts, future)), key=lambda a: a.sort_key)
    left_drafts = sorted((a for a in content.articles if a.draft and not drafts), key=lambda a: a.rel_path)
    left_future = sorted(
        (a for a in content.articles if (drafts or not a.draft) and not future and a.date > now),
        key=lambda a: (a.date, a.rel_path),
    )
    pages = [p for p in content.pages if drafts or not p.draft]
    if editions is None or len(editions) == 1:
        edition = editions[0][0] if editions else None
        index = edition_index(articles, pages, urls, edition)
        index.site_rank = index.rank
    else:
        by_lang: dict[str, list[Article]] = {e.code: [] for e, _ in editions}
        for a in articles:
            by_lang[a.lang].append(a)
        (main, main_urls), *others = editions
        index = edition_index(by_lang[main.code], pages, main_urls, main)
        index.others = [edition_index(by_lang[e.code], [], u, e) for e, u in others]
        index.site_rank = {a.url: rank for rank, a in enumerate(index.all_articles)}
        for other in index.others:
            other.site_rank, other.translations = index.site_rank, index.translations
    if any(a.translation_of for a in articles):  # (a site of one language: each is an error)
        _link_translations(index, content, report)
    index.drafts, index.future = left_drafts, left_future
    if editions:
        for each in index.editions():
            each.main_language = editions[0][0].code
    _check_related(index, content, report)
    return index


def _edition_index(
    articles: list[Article],
    pages: list[Page],
    content: Content,
    registry: ProvinceRegistry,
    urls: Urls,
    edition: Edition | None,
    tz: dt.tzinfo,
    strings: Strings,
) -> SiteIndex:
    """One edition's lists (its archives by date and its authors' too, model/archives.py). Cluster and province names are the official Vietnamese ones in every
    edition (and in Vietnamese order); the names editors give (events, tags, sections) are in the
    order of the edition's language."""
    main = edition is None or edition.main
    clusters = {}
    for cid, c in sorted(content.clusters.items(), key=lambda kv: vi_sort_key(kv[1].name)):
        url = c.url if main else urls.term("cluster", cid)
        clusters[cid] = Listing(
            "cluster", cid, c.name, url, feed_url=c.feed_url if main else url + "rss.xml", cluster=c
        )
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

    order = sort_key_for(edition.code) if edition is not None else vi_sort_key

    def by_name(group: dict[str, Listing]) -> dict[str, Listing]:
        return dict(sorted(group.items(), key=lambda kv: order(kv[1].name)))

    from .archives import by_author, by_date  # (archives.py imports Listing from here)

    years, months = by_date(articles, urls, tz, strings)
    return SiteIndex(
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
        years=years,
        months=months,
        authors=by_author(articles, urls, content.authors, order),
        edition=edition,
    )


def _link_translations(index: SiteIndex, content: Content, report: Report) -> None:
    """`translation_of:` names the original (its slug, in another language; the main language's
    first when two have it): each original and its translations link to each other, one translation
    per language. A slug that names no article is an error at its line, as a `related:` pick is;
    a draft or future original or translation is quietly not linked until it is published."""
    main = index.edition.code if index.edition is not None else ""
    by_slug: dict[str, list[Article]] = {}
    for a in content.articles:
        by_slug.setdefault(a.slug, []).append(a)
    groups: dict[str, dict[str, Article]] = {}  # the original's path -> {language: its version}
    translations = sorted((a for a in index.all_articles if a.translation_of), key=lambda a: a.rel_path)
    for a in translations:
        candidates = [o for o in by_slug.get(a.translation_of, ()) if o.lang != a.lang]
        candidates.sort(key=lambda o: (o.lang != main, o.rel_path))
        original = candidates[0] if candidates else None
        if original is None:
            if content.failed_slugs is not None and a.translation_of not in content.failed_slugs:
                hint = did_you_mean(a.translation_of, {o.slug for o in content.articles if o.lang != a.lang})
                report.error(
                    a.path,
                    a.translation_line,
                    t("load.translation_missing", slug_given=shown(a.translation_of), hint=hint),
                )
            continue
        group = groups.setdefault(original.rel_path, {original.lang: original})
        if a.lang in group:
            other = group[a.lang].rel_path
            report.error(
                a.path,
                a.translation_line,
                t("load.translation_twice", slug_given=shown(a.translation_of), lang=a.lang, other=other),
            )
            continue
        group[a.lang] = a
    for group in groups.values():
        shown_versions = [v for v in group.values() if v.url in index.site_rank]
        for version in shown_versions:
            versions = [v for v in shown_versions if v is not version]
            if versions:
                index.translations[version.url] = versions


def _check_related(index: SiteIndex, content: Content, report: Report) -> None:
    """An editor's pick must name an article; a draft or future one is quietly left out. An article
    that failed to load (its errors are reported) still counts: one mistake, one message, in the
    file that has it. (When one cannot say what it would be called, no pick is checked this build.)"""
    if content.failed_slugs is None:
        return
    known = {a.slug for a in content.articles}
    for a in index.all_articles:
        for slug in a.related_slugs:
            if slug not in known and slug not in content.failed_slugs:
                report.error(
                    a.path,
                    a.related_line,
                    t("load.related_missing", slug_given=shown(slug), hint=did_you_mean(slug, known)),
                )
