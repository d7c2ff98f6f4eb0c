"""The render plan: every HTML page of the site as (URL, layout, context), computed without a disk."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterator

from ..collation import vi_sort_key
from ..config import SiteConfig
from ..content.models import Article
from ..model.index import Listing, SiteIndex
from ..urls import Urls


@dataclass(frozen=True)
class PageJob:
    url: str
    layout: str
    context: dict


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
    urls: list[str]


def paginate(articles: list[Article], size: int, base_url: str) -> list[Paginator]:
    """Pages of `size`; an empty list still gets one (empty) page, so its URL exists."""
    total = max(1, math.ceil(len(articles) / size))
    urls = [Urls.paged(base_url, n) for n in range(1, total + 1)]
    return [
        Paginator(n, total, articles[(n - 1) * size: n * size], urls[n - 1], urls[0],
                  urls[n - 2] if n > 1 else None, urls[n] if n < total else None, urls)
        for n in range(1, total + 1)
    ]


def _page(title: str, url: str, kind: str, description: str = "", crumbs=(), feed_url=None, **extra) -> dict:
    return {"title": title, "url": url, "kind": kind, "description": description,
            "breadcrumbs": list(crumbs), "feed_url": feed_url, **extra}


def plan_pages(index: SiteIndex, config: SiteConfig, urls: Urls) -> Iterator[PageJob]:
    """Articles, standalone pages, home, indexes and every paginated list."""
    home = ("Trang chủ", "/")
    clusters = list(index.clusters.values())
    common = {"all_clusters": clusters}

    for article in index.articles:
        article_clusters = [index.clusters[c] for c in article.cluster_ids]
        crumbs = [home] + ([(article_clusters[0].name, article_clusters[0].url)] if article_clusters else [])
        yield PageJob(article.url, article.layout, {
            **common, "page": _page(article.title, article.url, "article", article.summary, crumbs),
            "article": article, "article_clusters": article_clusters,
            "related": index.related_to(article, config.related_size),
            "latest": index.latest(config.latest_size, exclude=article),
        })

    for page in index.pages:
        yield PageJob(page.url, page.layout, {**common, "page": _page(page.title, page.url, "page", page.summary,
                                                                       [home]), "content_page": page})

    blocks = [(c, c.articles[:5]) for c in clusters if c.articles]
    for pager in paginate(index.articles, config.page_size, "/"):
        yield PageJob(pager.url, "home.html", {
            **common, "page": _page(config.title, pager.url, "home", config.description, feed_url="/rss.xml"),
            "paginator": pager, "cluster_blocks": blocks if pager.number == 1 else []})

    clusters_url = urls.index("clusters")
    yield PageJob(clusters_url, "clusters.html", {
        **common, "page": _page("Cụm thi đua", clusters_url, "clusters", crumbs=[home])})
    provinces_url = urls.index("provinces")
    current = [(index.provinces[p.slug], [index.provinces[s] for s in p.absorbed])
               for p in index.registry.current()]
    yield PageJob(provinces_url, "provinces.html", {
        **common, "page": _page("Tỉnh, thành phố", provinces_url, "provinces", crumbs=[home]),
        "provinces": current})

    for listing in index.clusters.values():
        cluster = listing.cluster
        timeline = sorted(((e, a) for a in listing.articles for e in a.events),
                          key=lambda ea: (ea[0].date or ea[1].date.date(), ea[1].rel_path))
        members = [(m, index.provinces[m.province.successor] if m.province.successor else None)
                   for m in cluster.provinces]
        yield from _list_pages(listing, "cluster.html", config, [home, ("Cụm thi đua", clusters_url)],
                               {**common, "cluster": cluster, "timeline": timeline, "members": members})
    for listing in index.provinces.values():
        p = listing.province
        extra = {"province": p,
                 "successor": index.provinces[p.successor] if p.successor else None,
                 "absorbed": [index.provinces[s] for s in p.absorbed]}
        yield from _list_pages(listing, "province.html", config, [home, ("Tỉnh, thành phố", provinces_url)],
                               {**common, **extra})
    for group in (index.events, index.tags, index.sections):
        for listing in group.values():
            yield from _list_pages(listing, "list.html", config, [home], common)

    yield PageJob("/404.html", "404.html", {**common, "page": _page("Không tìm thấy trang", "/404.html", "404")})


def _list_pages(listing: Listing, layout: str, config: SiteConfig, crumbs, extra: dict) -> Iterator[PageJob]:
    for pager in paginate(listing.articles, config.page_size, listing.url):
        title = listing.name if pager.number == 1 else f"{listing.name} – trang {pager.number}"
        yield PageJob(pager.url, layout, {
            **extra, "listing": listing, "paginator": pager,
            "page": _page(title, pager.url, listing.kind, crumbs=crumbs, feed_url=listing.feed_url)})


__all__ = ["PageJob", "Paginator", "paginate", "plan_pages", "vi_sort_key"]
