"""Files for machines: sitemap (split into an index past 50,000 URLs) and robots.txt."""

from __future__ import annotations

from html import escape as _html_escape

from ..config import SiteConfig

SITEMAP_LIMIT = 50_000
_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_XHTML_NS = "http://www.w3.org/1999/xhtml"


def escape(text: str, quote: bool = False) -> str:
    """&, < and > as XML entities (what xml.sax.saxutils.escape does, without importing urllib);
    quotes too for an attribute's value (`quote`)."""
    return _html_escape(text, quote=quote)


def _urlset(entries: list[tuple]) -> bytes:
    """Entries (URL, lastmod) or (URL, lastmod, alternates): a page in other languages is listed
    with each version as `<xhtml:link rel="alternate" hreflang="…">`, itself included (Google's form)."""
    languages = any(len(entry) > 2 and entry[2] for entry in entries)
    xhtml = f' xmlns:xhtml="{_XHTML_NS}"' if languages else ""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{_NS}"{xhtml}>']
    for loc, lastmod, *rest in entries:
        mod = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        links = "".join(
            f'<xhtml:link rel="alternate" hreflang="{escape(lang)}" href="{escape(href, True)}"/>'
            for lang, href in (rest[0] if rest else ())
        )
        lines.append(f"  <url><loc>{escape(loc)}</loc>{mod}{links}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def sitemaps(entries: list[tuple], config: SiteConfig, limit: int | None = None) -> dict[str, bytes]:
    """{output path: bytes}: one sitemap.xml, or an index of sitemap-N.xml files past `limit` URLs.
    `entries`: (URL, lastmod) or (URL, lastmod, [(hreflang, URL)]), root-relative."""
    limit = limit or SITEMAP_LIMIT
    entries = [
        (config.absolute(url), lastmod, *([[(lang, config.absolute(href)) for lang, href in rest[0]]] if rest else []))
        for url, lastmod, *rest in entries
    ]
    if len(entries) <= limit:
        return {"sitemap.xml": _urlset(entries)}
    files: dict[str, bytes] = {}
    index = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sitemapindex xmlns="{_NS}">']
    for n, start in enumerate(range(0, len(entries), limit), start=1):
        chunk = entries[start : start + limit]
        name = f"sitemap-{n}.xml"
        files[name] = _urlset(chunk)
        newest = max((entry[1] for entry in chunk if entry[1]), default=None)
        mod = f"<lastmod>{newest}</lastmod>" if newest else ""
        index.append(f"  <sitemap><loc>{escape(config.absolute('/' + name))}</loc>{mod}</sitemap>")
    index.append("</sitemapindex>")
    files["sitemap.xml"] = ("\n".join(index) + "\n").encode("utf-8")
    return files


def sitemap_names(count: int, limit: int | None = None) -> list[str]:
    """The sitemap files `sitemaps` writes for `count` URLs."""
    limit = limit or SITEMAP_LIMIT
    if count <= limit:
        return ["sitemap.xml"]
    return ["sitemap.xml", *(f"sitemap-{n}.xml" for n in range(1, -(-count // limit) + 1))]


def robots(config: SiteConfig) -> bytes:
    return (
        f"User-agent: *\nAllow: /\n\nSitemap: {config.absolute('/sitemap.xml')}\n"
        f"Sitemap: {config.absolute('/sitemap-news.xml')}\n"
    ).encode()


_NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
NEWS_MAX = 1000


def news_sitemap(articles, config: SiteConfig, now) -> bytes:
    """Google News sitemap: articles of the last two days by the site's clock, at most 1,000.

    `articles` must be newest first (the index keeps them so), which makes this a prefix scan.
    """
    import datetime as dt

    since = now - dt.timedelta(days=2)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{_NS}" xmlns:news="{_NEWS_NS}">']
    for article in articles[:NEWS_MAX]:
        if article.date < since:
            break
        lines += [
            "  <url>",
            f"    <loc>{escape(config.absolute(article.url))}</loc>",
            "    <news:news>",
            "      <news:publication>",
            f"        <news:name>{escape(config.publisher or config.title)}</news:name>",
            f"        <news:language>{escape(article.lang)}</news:language>",
            "      </news:publication>",
            f"      <news:publication_date>{article.date.astimezone(config.tz).isoformat()}</news:publication_date>",
            f"      <news:title>{escape(article.title)}</news:title>",
            "    </news:news>",
            "  </url>",
        ]
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")
