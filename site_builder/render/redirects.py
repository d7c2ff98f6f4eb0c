"""Old URLs kept alive: a Netlify `_redirects` file (301) and a small HTML page at each old path."""

from __future__ import annotations

from html import escape

from markupsafe import Markup

from ..config import SiteConfig
from ..i18n import Strings


def redirects_file(moves: list[tuple[str, str]]) -> bytes:
    """Netlify's format: one `old new 301` a line, in a stable order."""
    return "".join(f"{old} {new} 301\n" for old, new in sorted(moves)).encode("utf-8")


def redirect_page(new_url: str, title: str, config: SiteConfig, strings: Strings) -> bytes:
    """For hosts without redirect rules: refresh at once, and tell search engines the real URL.
    In the language of the page moved (`strings`: its edition's interface strings)."""
    target = escape(new_url, quote=True)
    canonical = escape(config.absolute(new_url), quote=True)
    link = Markup('<a href="{}">{}</a>').format(Markup(target), title)
    moved, moved_text = strings("moved", title=title), strings("moved_text", link=link)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(strings.code)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{moved}</title>\n"
        f'<link rel="canonical" href="{canonical}">\n'
        '<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        "</head>\n<body>\n"
        f"<p>{moved_text}</p>\n"
        "</body>\n</html>\n"
    ).encode()
