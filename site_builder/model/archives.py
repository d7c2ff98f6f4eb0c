"""Lists by date and by author: /2022/ and /2022/11/ (what a reader gets by trimming an article's
URL), and /tac-gia/{slug}/ for each `author:`.

One pass over the articles, which are newest first, so every list is newest first too; years and
months are ordered newest first (an archive is read from the present backwards), authors by name
in Vietnamese order (collation.py).
"""

from __future__ import annotations

import datetime as dt

from ..collation import vi_sort_key
from ..content.models import Article
from ..dates import month_text
from ..i18n import Strings
from ..slugs import slugify
from ..urls import Urls
from .index import Listing


def by_date(
    articles: list[Article], urls: Urls, tz: dt.tzinfo, strings: Strings
) -> tuple[dict[str, Listing], dict[str, Listing]]:
    """(years, months): a Listing for each year and each month that has an article, newest first;
    keyed "2022" and "2022-11", named in the edition's language (`strings`: "Tháng 11/2022",
    "November 2022")."""
    text = strings.text
    years: dict[str, Listing] = {}
    months: dict[str, Listing] = {}
    for a in articles:
        local = a.date.astimezone(tz)
        year_key = f"{local.year:04d}"
        month_key = f"{local.year:04d}-{local.month:02d}"
        year = years.get(year_key)
        if year is None:
            year = years[year_key] = Listing(
                "year", year_key, text("archive_year", year=year_key), urls.archive(local.year)
            )
        year.articles.append(a)
        month = months.get(month_key)
        if month is None:
            name = text("archive_month", month=month_text(local.month, strings.code), year=year_key)
            month = months[month_key] = Listing("month", month_key, name, urls.archive(local.year, local.month))
        month.articles.append(a)
    return years, months


def by_author(
    articles: list[Article], urls: Urls, profiles: dict | None = None, order=vi_sort_key
) -> dict[str, Listing]:
    """A Listing for each author (by the slug of the name: "Nguyễn Văn A" and "Nguyễn văn A" are
    one author, named as the newest article writes it, or as their profile in content/authors/
    does), in the order of names of the edition's language (`order`; Vietnamese by default). A profile of no published article's author makes no page."""
    authors: dict[str, Listing] = {}
    for a in articles:
        if not a.author:
            continue
        slug = slugify(a.author)
        if not slug:
            continue
        listing = authors.get(slug)
        if listing is None:
            url = urls.term("author", a.author)
            listing = authors[slug] = Listing("author", slug, a.author, url, feed_url=url + "rss.xml")
        listing.articles.append(a)
    for slug, listing in authors.items():
        profile = (profiles or {}).get(slug)
        if profile is not None:
            listing.profile = profile
            listing.name = profile.name or listing.name
    return dict(sorted(authors.items(), key=lambda kv: order(kv[1].name)))


def month_of(article: Article, urls: Urls, tz: dt.tzinfo) -> str:
    """The URL of the month's archive an article is in (its dateline links there)."""
    local = article.date.astimezone(tz)
    return urls.archive(local.year, local.month)
