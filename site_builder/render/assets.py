"""Static files: a site's own static/ over the theme's, CSS and JS fingerprinted for long caching."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

FINGERPRINTED = {".css", ".js"}


@dataclass(frozen=True)
class Asset:
    source: Path  # the file on disk
    url: str  # where it is published: /css/style.3f2a9c1b.css


def collect_assets(static_dirs: list[Path], files) -> dict[str, Asset]:
    """{logical path: Asset}; later folders win. `files` (sitefiles.SiteFiles) lists each folder:
    hidden files are skipped; links out of the site, devices and oversized files are refused."""
    found: dict[str, Path] = {}
    for folder in static_dirs:
        for path in files.walk(folder, hidden=False):
            found[path.relative_to(folder).as_posix()] = path.resolve()
    assets = {}
    for rel, path in sorted(found.items()):
        url = "/" + rel
        if path.suffix in FINGERPRINTED:
            # Content hash in the name: the file can be cached forever, a change gets a new URL.
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
            url = f"/{rel[: -len(path.suffix)]}.{digest}{path.suffix}"
        assets[rel] = Asset(path, url)
    return assets


def asset_url(assets: dict[str, Asset]):
    """The `asset('css/style.css')` template function: the published URL of a static file."""

    def lookup(rel: str) -> str:
        found = assets.get(rel.lstrip("/"))
        return found.url if found else "/" + rel.lstrip("/")

    return lookup
