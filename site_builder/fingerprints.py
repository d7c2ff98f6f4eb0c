"""Every fingerprint that decides what a build may take from the last one, in one place.

A fingerprint names the inputs of something a build makes; when it is the one the last build
recorded (state.py), the thing is taken as it is. Each is salted with the installed code and the
libraries that shape output (salt.py), so an upgrade never keeps what older code made. The table
in docs/architecture.md says what each covers.

Functions here take plain values (settings, folders, digests, stamps), so that every layer can
use them without importing the layers above.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from .salt import code_digest

RACY_NS = 2_000_000_000  # a file changed this close to a build's start is not known by its stamp

RECORD_VERSION = 5  # bump when the shape of an article record changes (content/records.py)


def output(*parts) -> str:
    """What one output file was made from (a page, a feed, the sitemaps), as 128 bits."""
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32]


def record_context(config, cluster_ids: Iterable[str], layouts: Iterable[str], language: str) -> str:
    """The facts about the site that validating an article reads, and the language its messages
    are written in (a record keeps its warnings): a record made under other facts is not used
    (content/records.py)."""
    settings = sorted((k, repr(v)) for k, v in vars(config).items())
    facts = [RECORD_VERSION, code_digest(), settings, sorted(cluster_ids), sorted(layouts), language]
    return hashlib.sha256(json.dumps(facts, ensure_ascii=False).encode()).hexdigest()[:32]


def site(
    config,
    layout_files: Iterable[tuple[str, Path]],
    assets: dict,
    asset_stamps: dict,
    cluster_files: Iterable[Path],
    shared_images: Iterable[str],
    images_made: bool,
    searching: bool,
) -> str:
    """Everything every page depends on: the package, settings, layouts (name and bytes), asset
    URLs and stamps, clusters, whether WebP variants are made (`images_made`: Pillow) and whether
    the site has a search page (its menu item is on every page), and the images that clusters and
    standalone pages show (`shared_images`, as `image_key` gives them). An article page depends on
    its own images: see `article_digests`; a new photo does not re-render the whole site."""
    h = hashlib.sha256(f"{code_digest()}\n{sorted(vars(config).items())!r}\n{images_made}\n{searching}".encode())
    for name, path in layout_files:
        h.update(name.encode() + b"\0" + path.read_bytes())
    h.update(repr(sorted((k, a.url) for k, a in assets.items())).encode())
    h.update(repr(sorted((rel, asset_stamps.get(rel)) for rel in assets)).encode())
    for path in cluster_files:
        h.update(path.read_bytes())
    for key in shared_images:
        h.update(key.encode())
    return h.hexdigest()


def edition(site_digest: str, code: str, strings_digest: str) -> str:
    """What every page of one edition depends on: the site, and the edition's interface strings
    (i18n.py), so that editing i18n/en.yaml makes only the English pages again."""
    return hashlib.sha256(f"{site_digest}|{code}|{strings_digest}".encode()).hexdigest()


def article_digests(articles, image_key, file_key=None) -> list[str]:
    """Each article's digest (its file's hash), with the size and variants of each image it shows
    when it shows any (`image_key(src)`), and the size of each file it attaches (`file_key(url)`):
    what its page depends on (an image replaced by a larger one, a PDF by a longer one, re-renders
    the pages that show it)."""
    digests = []
    for a in articles:
        sources = a.body_images if a.image is None else (a.image.src, *a.body_images)
        digest = a.digest if not sources else a.digest + "|" + "|".join(image_key(src) for src in sources)
        if a.attachments and file_key is not None:
            digest += "|" + "|".join(file_key(f.url) for f in a.attachments)
        digests.append(digest)
    return digests
