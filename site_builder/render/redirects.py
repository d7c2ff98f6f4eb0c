"""Old URLs kept alive: a Netlify `_redirects` file (301) and a small HTML page at each old path."""

from __future__ import annotations

from html import escape

from ..config import SiteConfig


def redirects_file(moves: list[tuple[str, str]]) -> bytes:
    """Netlify's format: one `old new 301` a line, in a stable order."""
    return "".join(f"{old} {new} 301\n" for old, new in sorted(moves)).encode("utf-8")


def redirect_page(new_url: str, title: str, config: SiteConfig) -> bytes:
    """For hosts without redirect rules: refresh at once, and tell search engines the real URL."""
    target = escape(new_url, quote=True)
    canonical = escape(config.absolute(new_url), quote=True)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(config.language)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Đã chuyển: {escape(title)}</title>\n"
        f'<link rel="canonical" href="{canonical}">\n'
        '<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        "</head>\n<body>\n"
        f'<p>Trang đã chuyển đến <a href="{target}">{escape(title)}</a>.</p>\n'
        "</body>\n</html>\n"
    ).encode()
