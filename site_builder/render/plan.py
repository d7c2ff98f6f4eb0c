"""The render plan: every HTML page of the site as (URL, layout, context), computed without a disk.

Contexts are built lazily (`job.context()`), so a worker renders only its share of the pages and a
page whose inputs did not change is never computed. What a page shows — the articles in it and
anything else that varies — is what incremental builds compare: `page_inputs(context)`, or for an
article page `job.inputs(...)`, known without building its context.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..config import SiteConfig
from ..content.models import Article, Page
from ..i18n import Strings, theme_strings
from ..model.index import Listing, SiteIndex
from ..slugs import slugify
from ..urls import Urls


@dataclass(slots=True)  # (not frozen: a frozen dataclass is three times slower to make)
class PageJob:
    url: str
    layout: str
    make: Callable[[], dict]
    article: Article | None = None  # the article an article page shows (for the sitemap's lastmod)
    # Article pages: what the page shows, known without building its context. Called with what
    # the previous build remembered for the page, returns (inputs, what to remember this time, the
    # articles shown); None means "compare the inputs of the built context instead" (page_inputs).
    inputs: Callable[[list | None], tuple[str, list, list[Article]]] | None = None
    # A page that shows what every article may change without showing the article (how many
    # articles each term has): looked at by every build that changes an article (render/portal.py).
    watches_all: bool = False
    edition: int = 0  # which edition's environment renders it (0: the main one; build.py)

    def context(self) -> dict:
        return self.make()


def page_inputs(context: dict, shown: list | None = None, digests: Mapping[str, str] | None = None) -> list[str]:
    """Digests of every article a page shows, in order, plus list positions: its dependencies.
    The articles themselves are added to `shown` when given. `digests` (article URL -> digest):
    what a page shows of an article when that is more than its file (the sizes of its pictures,
    which cards show as thumbnails: fingerprints.article_digests)."""
    found: list[str] = []
    page = context.get("page")
    shows_clusters = page is not None and page.get("kind") == "clusters"
    for key, value in context.items():
        if key != "all_clusters" or shows_clusters:  # every page gets it; only the clusters index shows it
            _collect(value, found, 0, shown, digests)
    return found


def _collect(value, found: list[str], depth: int, shown: list | None, digests: Mapping[str, str] | None) -> None:
    if isinstance(value, (Article, Page)):
        found.append(digests.get(value.url, value.digest) if digests is not None else value.digest)
        if shown is not None and isinstance(value, Article):
            shown.append(value)
    elif isinstance(value, Paginator):
        found.append(f"page {value.number}/{value.total}")
        for a in value.articles:
            found.append(digests.get(a.url, a.digest) if digests is not None else a.digest)
        if shown is not None:
            shown.extend(value.articles)
    elif isinstance(value, (list, tuple)) and depth < 3:
        for item in value:
            _collect(item, found, depth + 1, shown, digests)
    elif isinstance(value, Listing):
        found.append(f"listing {value.url} {len(value.articles)}")


@dataclass
class Paginator:
    """One page of a list: its articles and the links around it."""

    number: int
    total: int
    articles: list[Article]
    url: str
    first_url: str
    prev_url: str | None
    next_url: str | None
    urls: list[str]  # every page's URL (one list shared by all pages of the list)

    @property
    def window(self) -> list[tuple[int, str] | None]:
        """The page links to show: the first, the last and two either side of this one, with None
        for a gap. Linking every page from every page would make a long list quadratic in size."""
        keep = {1, self.total, *range(max(1, self.number - 2), min(self.total, self.number + 2) + 1)}
        shown: list[tuple[int, str] | None] = []
        previous = 0
        for number in sorted(keep):
            if number - previous > 1:
                shown.append(None)
            shown.append((number, self.urls[number - 1]))
            previous = number
        return shown


def paginate(articles: list[Article], size: int, base_url: str) -> list[Paginator]:
    """Pages of `size`; an empty list still gets one (empty) page, so its URL exists."""
    total = max(1, math.ceil(len(articles) / size))
    urls = [Urls.paged(base_url, n) for n in range(1, total + 1)]
    return [
        Paginator(
            n,
            total,
            articles[(n - 1) * size : n * size],
            urls[n - 1],
            urls[0],
            urls[n - 2] if n > 1 else None,
            urls[n] if n < total else None,
            urls,
        )
        for n in range(1, total + 1)
    ]


class PageInfo(Mapping):
    """What templates know as `page`: title, url, kind, description, breadcrumbs, feed_url.

    Attributes as well as a mapping's keys: templates write `page.title`, and Jinja looks an
    attribute up before a key, so a dict cost a caught exception for each of ~20 such reads a
    page. `page["title"]`, `page.get("title")`, `page.items()` and `page | dictsort` still work."""

    def __init__(self, **fields):
        self.__dict__.update(fields)

    def __getitem__(self, key: str):
        return self.__dict__[key]

    def __iter__(self):
        return iter(self.__dict__)

    def __len__(self) -> int:
        return len(self.__dict__)

    def __repr__(self) -> str:
        return f"PageInfo({self.__dict__!r})"


def _page(
    title: str, url: str, kind: str, description: str = "", crumbs=(), feed_url=None, alternates=(), **extra
) -> PageInfo:
    """`alternates`: the page in other languages, [{hreflang, url}] (an article with translations)."""
    return PageInfo(
        title=title,
        url=url,
        kind=kind,
        description=description,
        breadcrumbs=list(crumbs),
        feed_url=feed_url,
        alternates=alternates,
        **extra,
    )


SEARCH_URL = "/tim-kiem/"  # the search page (Pagefind, see site_builder/search.py)


def plan_pages(
    index: SiteIndex,
    config: SiteConfig,
    urls: Urls,
    search: bool = True,
    digest_of: Callable[[Article], str] | None = None,
    strings: Strings | None = None,
    number: int = 0,
) -> Iterator[PageJob]:
    """One edition's articles, standalone pages, home, indexes and every paginated list, in a fixed
    order; the search page when the site has a search index (`search`). `digest_of(article)`:
    what an article's own page shows of it (its digest, and the sizes of its images: build.py).
    `config` and `urls` are the edition's, `strings` its interface table, `number` its place in
    the site's editions (which environment renders its pages)."""
    for job in _plan(index, config, urls, search, digest_of or (lambda a: a.digest), strings or theme_strings("vi")):
        job.edition = number
        yield job


def _plan(
    index: SiteIndex,
    config: SiteConfig,
    urls: Urls,
    search: bool,
    digest_of: Callable[[Article], str],
    strings: Strings,
) -> Iterator[PageJob]:
    clusters = list(index.clusters.values())
    common = {"all_clusters": clusters}
    text = strings.text
    edition = index.edition
    prefix = edition.prefix if edition is not None else ""
    home = (text("home"), prefix + "/")
    from .portal import home_blocks, lead_of, portal_pages, term_index  # (portal.py builds on this module)

    for article in index.articles:
        yield _article_job(article, index, config, common, digest_of, home)

    for page in index.pages:
        yield PageJob(
            page.url,
            page.layout,
            lambda p=page: {**common, "page": _page(p.title, p.url, "page", p.summary, [home]), "content_page": p},  # type: ignore[misc]
        )

    for pager in paginate(index.articles, config.page_size, prefix + "/"):
        yield PageJob(
            pager.url,
            "home.html",
            lambda pg=pager: {  # type: ignore[misc]  # (a default argument binds the pager)
                **common,
                "page": _page(config.title, pg.url, "home", config.description, feed_url=prefix + "/rss.xml"),
                "paginator": pg,
                # The first page is the portal: a lead story, the newest, a block per section and cluster.
                "lead": lead_of(pg.articles) if pg.number == 1 else None,
                "section_blocks": home_blocks(index.sections) if pg.number == 1 else [],
                "cluster_blocks": home_blocks(index.clusters) if pg.number == 1 else [],
            },
        )

    clusters_url = urls.index("clusters")
    yield PageJob(
        clusters_url,
        "clusters.html",
        lambda: {**common, "page": _page(text("clusters"), clusters_url, "clusters", crumbs=[home])},
    )
    provinces_url = urls.index("provinces")
    yield PageJob(
        provinces_url,
        "provinces.html",
        lambda: {
            **common,
            "page": _page(text("provinces"), provinces_url, "provinces", crumbs=[home]),
            "provinces": [
                (index.provinces[p.slug], [index.provinces[s] for s in p.absorbed]) for p in index.registry.current()
            ],
        },
    )

    for listing in index.clusters.values():
        cluster = listing.cluster
        assert cluster is not None  # (a cluster's listing)
        extra: dict[str, Any] = {
            **common,
            "cluster": cluster,
            "members": [
                (m, index.provinces[m.province.successor] if m.province.successor else None) for m in cluster.provinces
            ],
        }
        # The events timeline shows on the first page only: computed there, not once per page.
        first = {
            "timeline": lambda lst=listing: sorted(
                ((e, a) for a in lst.articles for e in a.events),
                key=lambda ea: (ea[0].date or ea[1].date.date(), ea[1].rel_path),
            )
        }
        crumbs = [home, (text("clusters"), clusters_url)]
        yield from _list_pages(listing, "cluster.html", config, crumbs, extra, strings, first)
    for listing in index.provinces.values():
        p = listing.province
        assert p is not None  # (a province's listing)
        extra = {
            **common,
            "province": p,
            "successor": index.provinces[p.successor] if p.successor else None,
            "absorbed": [index.provinces[s] for s in p.absorbed],
        }
        crumbs = [home, (text("provinces"), provinces_url)]
        yield from _list_pages(listing, "province.html", config, crumbs, extra, strings)
    for group in (index.events, index.tags, index.sections):
        for listing in group.values():
            yield from _list_pages(
                listing, "list.html", config, [home, term_index(listing.kind, urls, strings)], common, strings
            )

    yield from portal_pages(index, config, urls, common, strings, home)

    if search:
        search_url = prefix + SEARCH_URL
        yield PageJob(
            search_url,
            "search.html",
            lambda: {
                **common,
                "page": _page(
                    text("search"), search_url, "search", text("search_description", site=config.title), [home]
                ),
            },
        )

    if not prefix:  # (one page for a missing address: the host serves /404.html for any path)
        yield PageJob("/404.html", "404.html", lambda: {**common, "page": _page(text("not_found"), "/404.html", "404")})


def _article_job(
    article: Article,
    index: SiteIndex,
    config: SiteConfig,
    common: dict,
    digest_of: Callable[[Article], str],
    home: tuple[str, str],
) -> PageJob:
    size = config.related_size
    # Its versions in other languages (model/index.py): linked both ways, so each shows the other's
    # URL and is made again when the other changes (their digests are among its inputs).
    translations = index.translations.get(article.url, [])
    found: dict[str, list[Article]] = {}  # what `inputs` computed, for `make` to use rather than redo

    def inputs(remembered: list | None) -> tuple[str, list, list[Article]]:
        # Xem thêm is the costly part of an article page's inputs. Its articles are a function of
        # the related signature (see RelatedIndex.signature): when that is what the last build
        # saw, the last build's list is this one's (remembered by rank in the last build's order);
        # otherwise it is computed.
        rank = index.rank[article.url]
        related = None
        if remembered and index.related.lists_as_before:
            signature = remembered[0]
        else:
            signature = index.related.signature(rank, size)
        if remembered and remembered[0] == signature:
            related = index.related.remembered(remembered[1])
        if related is None:
            related = index.related.related_to(rank, size)
        found["related"] = related
        latest = found["latest"] = index.latest(config.latest_size, exclude=article)
        inputs = [
            digest_of(article),
            # (Each shown as a card: its digest with its picture's size, as lists compare them.)
            *(digest_of(a) for a in related),
            "latest",
            *(digest_of(a) for a in latest),
            *article.cluster_ids,
            *(["translations", *(digest_of(a) for a in translations)] if translations else []),
        ]
        # (Remembered by their place among all the site's articles: the build's records name them so.)
        site_rank = index.site_rank or index.rank
        shown = [article, *related, *latest, *translations]
        return " ".join(inputs), [signature, [site_rank[a.url] for a in related]], shown

    def make() -> dict:
        article_clusters = [index.clusters[c] for c in article.cluster_ids]
        crumbs = [home] + ([(article_clusters[0].name, article_clusters[0].url)] if article_clusters else [])
        return {
            **common,
            "page": _page(article.title, article.url, "article", article.summary, crumbs, alternates=_alternates()),
            "article": article,
            "translations": translations,
            "article_clusters": article_clusters,
            # Where the dateline and the byline lead: the month's archive, the author's page.
            "archive": index.months.get(f"{article.date.astimezone(config.tz):%Y-%m}"),
            "author_page": index.authors.get(slugify(article.author)) if article.author else None,
            "related": found.pop("related", None) or index.related_to(article, size),
            "latest": found.pop("latest", None) or index.latest(config.latest_size, exclude=article),
        }

    def _alternates() -> list[dict]:
        """hreflang links: every version, this one included, and x-default for the version in the
        site's main language (the original, readers of no listed language get)."""
        if not translations:
            return []
        versions = sorted([article, *translations], key=lambda a: a.lang)
        links = [{"hreflang": a.lang, "url": a.url} for a in versions]
        main = index.main_language
        default = next((a for a in versions if a.lang == main), None)
        if default is not None:
            links.append({"hreflang": "x-default", "url": default.url})
        return links

    return PageJob(article.url, article.layout, make, article=article, inputs=inputs)


def _list_pages(
    listing: Listing,
    layout: str,
    config: SiteConfig,
    crumbs,
    extra: dict,
    strings: Strings,
    first_page: dict | None = None,
) -> Iterator[PageJob]:
    for pager in paginate(listing.articles, config.page_size, listing.url):

        def make(pg=pager):
            title = listing.name if pg.number == 1 else strings.text("page_n", title=listing.name, number=pg.number)
            context = dict(extra)
            for key, compute in (first_page or {}).items():
                context[key] = compute() if pg.number == 1 else []
            return {
                **context,
                "listing": listing,
                "paginator": pg,
                "page": _page(title, pg.url, listing.kind, crumbs=crumbs, feed_url=listing.feed_url),
            }

        yield PageJob(pager.url, layout, make)
