"""The pages of a news portal beside the lists of plan.py: the home page's blocks, the archives by
year and month, the authors' pages, and the index of each kind of term (/the/, /su-kien/,
/chuyen-muc/, /tac-gia/) with how many articles each term has.

An index page shows counts, not articles: it is looked at by every build that changes any article
(`PageJob.watches_all`), and rendered again only when a term or a count changed (page_inputs
holds each listing's URL and count).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..config import SiteConfig
from ..content.models import Article
from ..i18n import Strings
from ..model.index import Listing, SiteIndex
from ..urls import Urls
from .plan import PageJob, _list_pages, _page

BLOCK_SIZE = 4  # articles in each block of the home page (a section's, a cluster's)

# (the kind of term, its index's permalink key); term_index() gives the index's title and URL
TERM_INDEXES = (("tag", "tags"), ("event", "events"), ("section", "sections"), ("author", "authors"))


def term_index(kind: str, urls: Urls, strings: Strings) -> tuple[str, str]:
    """The breadcrumb of a term's index page (/the/, /su-kien/, /chuyen-muc/, /tac-gia/): its title
    in the edition's language and its URL."""
    key = dict(TERM_INDEXES)[kind]
    titles = {
        "tags": strings.text("index_tags"),
        "events": strings.text("index_events"),
        "sections": strings.text("index_sections"),
        "authors": strings.text("index_authors"),
    }
    return titles[key], urls.index(key)


def lead_of(articles: list[Article]) -> Article | None:
    """The home page's lead story: the newest article with a picture among `articles` (the first
    page's), else the newest; None for an empty site."""
    return next((a for a in articles if a.image is not None), articles[0] if articles else None)


def home_blocks(group: dict[str, Listing]) -> list[tuple[Listing, list[Article]]]:
    """A block of the home page for each list of `group` (sections, clusters): its newest articles."""
    return [(listing, listing.articles[:BLOCK_SIZE]) for listing in group.values() if listing.articles]


def _groups(index: SiteIndex) -> dict[str, dict[str, Listing]]:
    return {"tag": index.tags, "event": index.events, "section": index.sections, "author": index.authors}


def portal_pages(
    index: SiteIndex, config: SiteConfig, urls: Urls, common: dict, strings: Strings, home: tuple[str, str]
) -> Iterator[PageJob]:
    """One edition's term indexes, authors' pages and archives (years, then months), in that order:
    `urls` and `strings` are the edition's, `home` the breadcrumb of its home page."""
    groups = _groups(index)
    for kind, _key in TERM_INDEXES:
        title, url = term_index(kind, urls, strings)
        listings = list(groups[kind].values())
        yield PageJob(
            url,
            "terms.html",
            lambda u=url, t=title, k=kind, ls=listings: {  # type: ignore[misc]  # (defaults bind the loop's values)
                **common,
                "page": _page(t, u, "terms", crumbs=[home], term_kind=k),
                "terms": ls,
            },
            watches_all=True,
        )
    authors = term_index("author", urls, strings)
    for listing in index.authors.values():
        yield from _list_pages(listing, "author.html", config, [home, authors], common, strings)
    for listing in index.years.values():
        months = [m for key, m in index.months.items() if key.startswith(listing.slug + "-")]
        extra = {**common, "months": months}
        yield from _list_pages(listing, "archive.html", config, [home], extra, strings)
    for listing in index.months.values():
        year = index.years[listing.slug[:4]]
        yield from _list_pages(listing, "archive.html", config, [home, (year.name, year.url)], common, strings)
