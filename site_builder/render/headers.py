"""`_headers`: the site's strict Content-Security-Policy on every path of the site but /admin/.

Netlify joins the values of every header rule that matches a path, and a browser enforces every
policy it is given: a strict policy on "/*" would also hold on /admin/, where Decap CMS needs
'unsafe-eval' (its config is checked by ajv, which compiles code) and inline styles (CSS-in-JS),
and the CMS would not start. So "/*" in netlify.toml carries no CSP; this file, written by every
build, gives the strict one to each top-level path the build publishes (`/`, `/2026/*`,
`/tinh/*`, `/rss.xml`, `/images/*`, …) and never to `/admin/*`, whose own rule is in netlify.toml
(ADMIN_CSP, the same text). A site without the CMS (`cms: false`) gets the strict rule on "/*".
What no rule names is a path the site does not have: Netlify answers it with 404.html, a page of
the theme with no script.
"""

from __future__ import annotations

from urllib.parse import quote

from ..content.embeds import FRAME_SOURCES

# Scripts and styles only from the site itself: the theme has no inline script (JSON-LD blocks are
# data), Pagefind needs WebAssembly, live reload only runs locally.
# Frames only from the two video players a body may embed (content/embeds.py: a YouTube or Vimeo
# address alone on its line), each the provider's privacy-enhanced one.
SITE_CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: https:; "
    f"font-src 'self'; connect-src 'self'; frame-src {' '.join(FRAME_SOURCES)}; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'; upgrade-insecure-requests"
)
# /admin/ (netlify.toml's rule for /admin/*): what Decap CMS 3 needs in Chromium and no more than
# that: 'unsafe-eval' (ajv), inline styles (emotion), blob: and data: images (uploads before they
# are saved), the GitHub API for the github backend; Git Gateway and Netlify Identity are on the
# site's own origin (/.netlify/…). Scripts still come from the site only.
ADMIN_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob: https:; media-src 'self' blob:; font-src 'self' data:; "
    "connect-src 'self' blob: https://api.github.com; frame-src 'self' blob:; worker-src 'self' blob:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def headers_file(output_files, cms: bool) -> bytes:
    """The `_headers` file for the output files (paths relative to the output folder)."""
    lines = [
        "# Written by site-builder at every build: the site's Content-Security-Policy on every path",
        "# but /admin/ (the CMS), whose own is in netlify.toml. See site_builder/render/headers.py.",
    ]
    if not cms:
        patterns = ["/*"]
    else:
        folders: set[str] = set()
        files: set[str] = set()
        for rel in output_files:
            first, slash, _ = rel.partition("/")
            (folders if slash else files).add(first)
        folders.discard("admin")
        files -= {"admin", "_headers", "_redirects"}  # (Netlify reads these two, never serves them)
        patterns = ["/"]
        for name in sorted(folders | files):
            for form in dict.fromkeys((name, quote(name, safe="!$&'()+,;=@-._~"))):
                patterns.append(f"/{form}/*" if name in folders else f"/{form}")
    for pattern in patterns:
        lines += [pattern, f"  Content-Security-Policy: {SITE_CSP}"]
    return ("\n".join(lines) + "\n").encode("utf-8")
