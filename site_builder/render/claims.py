"""One URL, one file: every file a build will write, claimed by what makes it, before anything
is rendered (so `check` finds what `build` would).

Each URL is taken as the file a static host serves for it (percent-escapes decoded, Unicode
NFC): `/2022//11/x/` and `/./` never get here (urls.path_problem refuses them), but `/tin-t%E1%BB%A9c/`
and `/tin-tức/` are one file. The site's own pages (home, lists, feeds, sitemaps, search, 404,
static files, images) are claimed first and always keep their URL; then articles (in the order
of their files), standalone pages, aliases and `redirects:` of the settings. A second claim on a
file, or a claim on a file where another needs a folder of that name, is an error naming both,
at the file and line that made the later one.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from ..config import SiteConfig
from ..errors import Report
from ..messages import t
from ..model.index import SiteIndex
from ..urls import NAME_MAX, Urls, normal_path, output_path
from . import machine
from .images import SCALABLE, WIDTHS
from .plan import SEARCH_URL

RESERVED = {"pagefind": "claim.pagefind"}
CMS_RESERVED = {"admin": "claim.cms"}


class Claim(NamedTuple):  # (a tuple: one is made for each page of the site)
    kind: str  # what makes the file, as a message id: "claim.home", "claim.article", "claim.alias", …
    name: str = ""  # which one: the article's file, the tag's name (told only in a message)
    path: Path | str | None = None  # the file that made it, for the error's location
    line: int = 1

    @property
    def what(self) -> str:
        """ "trang chủ", "bài content/articles/x.md", "một địa chỉ cũ (aliases) của …"."""
        return t(self.kind, name=self.name)


class Claims:
    def __init__(self, report: Report, reserved: dict[str, str] | None = None):
        self.report = report
        self.reserved = RESERVED if reserved is None else reserved
        self.files: dict[str, tuple[str, Claim]] = {}  # output file -> (URL, claim)

    def claim(self, url: str, claim: Claim) -> bool:
        # (URLs made from slugs are ASCII without escapes: decoding and NFC change nothing there,
        # and a site claims one URL per page.)
        rel = output_path(url if url.isascii() and "%" not in url else normal_path(url))
        if len(rel) > NAME_MAX or not rel.isascii():
            for part in rel.split("/"):
                if len(part.encode("utf-8")) > NAME_MAX:
                    return self._error(claim, t("claim.long_part", url=url, limit=NAME_MAX))
        first = rel.split("/", 1)[0]
        if first in self.reserved and (claim.path is not None or claim.kind == "claim.static"):
            return self._error(claim, t("claim.reserved", url=url, folder=first, what=t(self.reserved[first])))
        held = self.files.get(rel)
        if held is not None:
            other_url, other = held
            if other == claim:
                return True
            where = t("claim.on_line", line=other.line) if other.line > 1 else ""
            same = t("claim.url", url=url) if other_url == url else t("claim.url_of_file", url=url, other=other_url)
            return self._error(
                claim, t("claim.taken", same=same, other=other.what, where=where, advice=_advice(claim, other))
            )
        self.files[rel] = (url, claim)
        return True

    def check_folders(self) -> None:
        """A file where another file needs a folder of that name (`/rss.xml` and `/rss.xml/`)."""
        folders: set[str] = set()
        for rel in self.files:
            folder = rel.rpartition("/")[0]
            while folder and folder not in folders:
                folders.add(folder)
                folder = folder.rpartition("/")[0]
        if folders.isdisjoint(self.files):
            return  # (nearly always: one set operation, then the slow way only to say where)
        for rel, (url, claim) in sorted(self.files.items()):
            folder = rel.rpartition("/")[0]
            while folder:
                held = self.files.get(folder)
                if held is not None:
                    other_url, other = held
                    owner, by = (claim, other) if claim.path is not None or other.path is None else (other, claim)
                    shown = url if owner is claim else other_url
                    blocker = other_url if owner is claim else url
                    self._error(
                        owner,
                        t(
                            "claim.folder",
                            url=shown,
                            blocker=blocker,
                            other=(other if owner is claim else claim).what,
                            advice=_advice(owner, by),
                        ),
                    )
                    break
                folder = folder.rpartition("/")[0]

    def _error(self, claim: Claim, message: str) -> bool:
        if claim.path is None:  # (two of the site's own pages on one URL: the permalinks of the settings)
            message = t("claim.of", what=claim.what, message=message)
        self.report.error(claim.path or "content/_site.yaml", claim.line, message)
        return False


def _advice(claim: Claim, other: Claim) -> str:
    if claim.kind in ("claim.alias", "claim.redirect"):
        return t("advice.alias")
    if claim.kind in ("claim.static", "claim.image", "claim.variant"):
        if other.kind == "claim.file" and other.name == "_headers":
            return t("advice.headers_file")
        if other.kind == "claim.file" and other.name == "_redirects":
            return t("advice.redirects_file")
        return t("advice.rename")
    if other.kind == "claim.article" and claim.kind == "claim.article":
        return t("advice.two_articles")
    return t("advice.slug")


def claim_outputs(
    index: SiteIndex,
    config: SiteConfig,
    urls: Urls,
    report: Report,
    assets: dict,
    image_files: list[str],
    settings_line: Callable[[str, str | None], int],
    search: bool = True,
    variants: bool = False,
    site_dir: Path | None = None,
    cms_files: dict | None = None,
    attachments: list[str] | None = None,  # the files of content/files/, published under /files/
) -> Claims:
    """Claim every file of the site (see the module's docstring); errors go to `report`.
    `cms_files`: the CMS's own files (cms.py), when the site has one at /admin/."""
    claims = Claims(report, {**RESERVED, **CMS_RESERVED} if cms_files else RESERVED)
    size = config.page_size
    in_sitemap = [0]  # pages a sitemap lists: every HTML page but 404.html

    def pages(url: str, count: int, claim: Claim) -> None:
        for number in range(1, max(1, math.ceil(count / size)) + 1):
            claims.claim(Urls.paged(url, number), claim)
            in_sitemap[0] += 1

    editions = index.editions()
    for edition in editions:
        prefix = edition.edition.prefix if edition.edition is not None else ""
        edition_urls = Urls(edition.edition.permalinks(config.permalinks)) if prefix and edition.edition else urls
        # (The home page of another edition is named with its language: "/en/" is not the site's home.)
        home = Claim("claim.edition_home", edition.edition.name) if prefix and edition.edition else Claim("claim.home")
        pages(prefix + "/", len(edition.articles), home)
        for url, claim in (
            (edition_urls.index("clusters"), Claim("claim.clusters")),
            (edition_urls.index("provinces"), Claim("claim.provinces")),
            *([(prefix + SEARCH_URL, Claim("claim.search"))] if search else []),
        ):
            pages(url, 0, claim)
        for name in ("rss.xml", "atom.xml", "feed.json"):
            claims.claim(f"{prefix}/{name}", Claim("claim.file", name))
    claims.claim("/404.html", Claim("claim.404"))
    for name in ("sitemap-news.xml", "robots.txt", "_redirects", "_headers"):
        claims.claim("/" + name, Claim("claim.file", name))
    if cms_files:
        claims.claim("/admin/", Claim("claim.cms_page"))
        claims.claim("/admin/config.yml", Claim("claim.cms_config"))
        for rel, asset in sorted(cms_files.items()):
            claims.claim(asset.url, Claim("claim.cms_file", rel))
    for rel, asset in sorted(assets.items()):
        own = site_dir is not None and site_dir in asset.source.parents  # (a file of the site's static/)
        claims.claim(asset.url, Claim("claim.static", rel, asset.source if own else None))
    for rel in image_files:
        claims.claim("/images/" + rel, Claim("claim.image", rel, f"content/images/{rel}"))
    for rel in attachments or ():
        claims.claim("/files/" + rel, Claim("claim.attachment", rel, f"content/files/{rel}"))
    if variants:  # the smaller copies of raster images the build makes (render/images.py)
        for rel in image_files:
            stem, dot, suffix = rel.rpartition(".")
            if dot and f".{suffix.lower()}" in SCALABLE:
                for width in WIDTHS:
                    claims.claim(f"/images/{stem}-{width}w.webp", Claim("claim.variant", rel, f"content/images/{rel}"))
    for edition in editions:
        edition_urls = (
            Urls(edition.edition.permalinks(config.permalinks)) if edition.edition and edition.edition.prefix else urls
        )
        for key in ("tags", "events", "sections", "authors"):  # the index of each kind of term (render/portal.py)
            pages(edition_urls.index(key), 0, Claim("claim.terms", edition_urls.index(key)))
        for listing in edition.listings():
            named = ("event", "tag", "section", "author")
            oldest = listing.articles[-1] if listing.articles and listing.kind in named else None
            claim = Claim(f"claim.{listing.kind}", listing.name, oldest.path if oldest is not None else None)
            pages(listing.url, len(listing.articles), claim)
            if listing.feed_url:
                claims.claim(listing.feed_url, Claim(f"claim.feed.{listing.kind}", listing.name))

    articles = sorted(index.all_articles, key=lambda a: a.rel_path)
    for a in articles:
        claims.claim(a.url, Claim("claim.article", a.rel_path, a.path))
    for p in index.pages:
        claims.claim(p.url, Claim("claim.page", p.rel_path, p.path))
    in_sitemap[0] += len(articles) + len(index.pages)
    for name in machine.sitemap_names(in_sitemap[0]):
        claims.claim("/" + name, Claim("claim.sitemap", name))
    for a in articles:
        for alias in a.aliases:
            claims.claim(alias, Claim("claim.alias", a.rel_path, a.path, a.aliases_line))
    for old in config.redirects:
        claims.claim(old, Claim("claim.redirect", "", "content/_site.yaml", settings_line("redirects", old)))
    claims.check_folders()
    return claims
