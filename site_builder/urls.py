"""URL patterns from the settings turned into root-relative URLs and output paths."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from urllib.parse import unquote, urlsplit

from . import messages
from .messages import t
from .slugs import slugify


class Urls:
    """Every URL of the site comes from here, so one pattern change moves every link."""

    def __init__(self, permalinks: dict[str, str]):
        self.patterns = permalinks

    def article(self, slug: str, date: dt.datetime) -> str:
        return self.patterns["article"].format(
            yyyy=f"{date.year:04d}", mm=f"{date.month:02d}", dd=f"{date.day:02d}", slug=slug
        )

    def page(self, slug: str) -> str:
        return self.patterns["page"].format(slug=slug)

    def term(self, kind: str, name: str) -> str:
        """URL of a cluster, province, event, tag or section page; names are slugified here."""
        return self.patterns[kind].format(slug=slugify(name))

    def index(self, kind: str) -> str:
        return self.patterns[kind]

    def archive(self, year: int, month: int | None = None) -> str:
        """A year's archive (/2022/), or a month's (/2022/11/)."""
        if month is None:
            return self.patterns["year"].format(yyyy=f"{year:04d}")
        return self.patterns["month"].format(yyyy=f"{year:04d}", mm=f"{month:02d}")

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


# What a path of the site may hold: letters and digits of any script, and the characters RFC 3986
# allows in a path but `*` and `:` (a splat and a placeholder in Netlify's `_redirects`: `/tin/:x/`
# would redirect every page under /tin/; both are refused in Windows file names). No space, tab,
# line break or control character (they would add rules to `_redirects`), no `?` or `#` (a query
# or a fragment is not a page), no backslash.
_PATH_CHARS = re.compile(r"[\w\-.~!$&'()+,;=@%/]*")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
NAME_MAX = 255  # bytes in one file or folder name, on every common file system


def path_problem(path: str) -> str | None:
    """Why `path` cannot be a path of the site (an alias, a redirect's old URL), or None.
    Percent-escapes are read (`%C3%A1` is "á"): the file a static host serves is the decoded one."""
    if not path.startswith("/"):
        return t("url.not_rooted")
    decoded = unicodedata.normalize("NFC", unquote(path)) if "%" in path else unicodedata.normalize("NFC", path)
    for text in (path, decoded):
        if not _PATH_CHARS.fullmatch(text):
            bad = next(ch for ch in text if not _PATH_CHARS.fullmatch(ch))
            return t("url.bad_character", char=_describe(bad))
    if _BAD_ESCAPE.search(path):
        return t("url.bad_escape")
    if "%2f" in path.lower():
        return t("url.encoded_slash")
    parts = decoded.split("/")[1:]
    if parts and parts[-1] == "":
        parts.pop()
    if any(part in (".", "..") for part in parts):
        return t("url.dot_part")
    if any(part.startswith(".") for part in parts):
        return t("url.hidden_part")
    if "" in parts:
        return t("url.empty_part")
    for part in parts:
        if len(part.encode("utf-8")) > NAME_MAX:
            return t("url.long_part", length=len(part.encode("utf-8")), limit=NAME_MAX)
    return None


def normal_path(path: str) -> str:
    """A valid path (path_problem is None) as the file it names is found: escapes decoded, NFC."""
    return unicodedata.normalize("NFC", unquote(path))


def link_problem(url: str, external: bool = True, relative: bool = False) -> str | None:
    """Why `url` cannot be a link target (a redirect's new URL, a menu link, an image), or None:
    a path from the site root, a full http(s) URL when `external`, or a relative path when
    `relative`. Never `javascript:`, `data:`, `file:` or anything with spaces or control characters."""
    if not url or any(ch.isspace() or unicodedata.category(ch)[0] == "C" for ch in url):
        return t("url.spaces")
    if url.startswith("//"):
        return t("url.double_slash")
    if url.startswith("/"):
        path = url.split("#", 1)[0].split("?", 1)[0]
        return path_problem(path) if path != "/" else None
    scheme = urlsplit(url).scheme if ":" in url.split("/", 1)[0] else ""
    if scheme:
        if not external or scheme.lower() not in ("http", "https"):
            return t("url.scheme_external" if external else "url.scheme_local", scheme=scheme)
        if not urlsplit(url).netloc:
            return t("url.no_host")
        return None
    if relative:
        return None
    return t("url.relative_external" if external else "url.relative")


def _describe(ch: str) -> str:
    if ch.isspace() or unicodedata.category(ch)[0] == "C":
        return f"U+{ord(ch):04X} ({_invisible(ch)})"
    return f'"{ch}"'


def _invisible(ch: str) -> str:
    """What a space or control character is: "dấu cách", "dấu xuống dòng"; Unicode's name in English."""
    if messages.current() != "vi":
        return unicodedata.name(ch, "a control character").lower()
    if ch in "\n\r\x85\u2028\u2029":
        return t("url.char.line_break")
    if ch == "\t":
        return t("url.char.tab")
    return t("url.char.space") if ch.isspace() else t("chars.control")
