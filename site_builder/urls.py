"""URL patterns from the settings turned into root-relative URLs and output paths."""
from __future__ import annotations

import datetime as dt

from .slugs import slugify


class Urls:
    """Every URL of the site comes from here, so one pattern change moves every link."""

    def __init__(self, permalinks: dict[str, str]):
        self.patterns = permalinks

    def article(self, slug: str, date: dt.datetime) -> str:
        return self.patterns["article"].format(yyyy=f"{date.year:04d}", mm=f"{date.month:02d}",
                                               dd=f"{date.day:02d}", slug=slug)

    def page(self, slug: str) -> str:
        return self.patterns["page"].format(slug=slug)

    def term(self, kind: str, name: str) -> str:
        """URL of a cluster, province, event, tag or section page; names are slugified here."""
        return self.patterns[kind].format(slug=slugify(name))

    def index(self, kind: str) -> str:
        return self.patterns[kind]

    @staticmethod
    def paged(url: str, number: int) -> str:
        """Page 1 of a list lives at the list's own URL; later pages under page/N/."""
        return url if number <= 1 else f"{url}page/{number}/"


def output_path(url: str) -> str:
    """'/2022/11/x/' -> '2022/11/x/index.html'; '/rss.xml' -> 'rss.xml'."""
    rel = url.lstrip("/")
    if not rel or rel.endswith("/"):
        return rel + "index.html"
    return rel


def is_safe_url_path(path: str) -> bool:
    """True when a URL path stays inside the output folder once written."""
    return ".." not in path.split("/") and "\\" not in path and "\0" not in path
