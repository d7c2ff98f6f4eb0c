"""Images in pages: intrinsic width/height (no layout shift), lazy loading, responsive variants.

- Every `<img>` whose `src` is a file of the site (`/images/…` from `content/images/`, or a
  static file) gets `width` and `height` read from the file: from the header of a PNG, JPEG,
  GIF or WebP (no library needed), from `width`/`height` or `viewBox` of an SVG.
- Body images get `loading="lazy"` (they are below the lead); the lead image loads at once.
- Where Pillow is importable, raster images wider than 480 px get WebP variants 480, 960 and
  1440 px wide (never wider than the original) published beside them as `name-480w.webp`, and
  a `srcset`/`sizes` pair. Variants are made once and kept in `.site-builder-cache/images/`,
  keyed by the source file's content, so a rebuild copies them instead of encoding again.

Which variants an image has depends on its pixel width alone, so a page rendered in a worker
and the variants written by `publish` always agree, and a page kept from the previous build
still points at files the new build writes.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import re
import struct
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html import escape, unescape
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..state import KnownImage

WIDTHS = (480, 960, 1440)
MAX_PIXELS = 80_000_000  # larger images (a 45-megapixel camera's are half that) are not resized
# The article column is 44rem wide (704 px) and the page has 1rem of padding on each side.
SIZES = "(min-width: 46rem) 44rem, calc(100vw - 2rem)"
RASTER = {".png", ".jpg", ".jpeg", ".webp", ".gif"}
SCALABLE = {".png", ".jpg", ".jpeg", ".webp"}  # GIFs may be animated: left as they are
WEBP_QUALITY = 80

_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r'\s([a-zA-Z-]+)(?:="([^"]*)")?')


@functools.cache
def pillow_installed() -> bool:
    """Whether Pillow is installed, without importing it: for the site digest, which every build
    computes. (A broken installation counts as installed here while Images makes no variants:
    pages are only re-rendered later than they could be once it is repaired.)"""
    return importlib.util.find_spec("PIL") is not None


@functools.cache
def pillow():
    """The PIL.Image module, or None when Pillow is not installed (looked for once a process: a
    build without Pillow asked again for each of 15,000 images, 1.4 s of failed imports)."""
    try:
        from PIL import Image, ImageOps  # noqa: F401
    except ImportError:  # pragma: no cover - depends on the environment
        return None
    return Image


@dataclass(frozen=True)
class ImageInfo:
    path: Path | str  # (the build lists photos as strings)
    width: int
    height: int
    variants: tuple[tuple[str, int], ...] = ()  # (URL, pixel width), narrowest first

    def srcset(self, src: str) -> str:
        return ", ".join([f"{url} {w}w" for url, w in self.variants] + [f"{src} {self.width}w"])


class Images:
    """Image facts for templates (`rewrite`, `attrs`) and the variants a build publishes.

    `published` maps each URL path the site publishes a file at ("images/2023/05/a.jpg" for
    content/images/2023/05/a.jpg, "logo.png" for static/logo.png) to the file: listed once by the
    build (sitefiles.py), so no image is looked for on disk. `known` holds the sizes of images as
    a previous build read them, by file stamp (size, mtime, inode, ctime): an unchanged image is
    never opened again; `learned` collects this build's, for the next."""

    def __init__(
        self,
        published: dict[str, Path],
        cache_dir: Path | None = None,
        variants: bool | None = None,
        known: dict | None = None,
        stamps: dict | None = None,
    ):
        self.published = published
        self.stamps = stamps or {}  # rel -> [size, mtime, inode, ctime], taken once by the build
        self.cache_dir = cache_dir
        self._variants = variants  # None: decided when the first image that could have them is read
        self._info: dict[str, ImageInfo | None] = {}
        self.known = known or {}
        self.learned: dict[str, KnownImage] = {}

    @property
    def make_variants(self) -> bool:
        """Whether WebP variants are made: when Pillow imports (asked once, and only by a build
        that shows a raster image: importing it costs more than a small rebuild)."""
        if self._variants is None:
            self._variants = pillow() is not None
        return self._variants

    # --- facts ------------------------------------------------------------------------------------

    def locate(self, src: str) -> Path | None:
        if not src.startswith("/") or src.startswith("//") or "?" in src or "#" in src:
            return None
        return self.published.get(src[1:])

    def info(self, src: str) -> ImageInfo | None:
        if src not in self._info:
            self._info[src] = self._read(src)
        return self._info[src]

    def _read(self, src: str) -> ImageInfo | None:
        path = self.locate(src)
        if path is None:
            return None
        suffix = os.path.splitext(path)[1].lower()  # (a str or a Path: the build lists photos as strings)
        if suffix != ".svg" and suffix not in RASTER:
            return None
        rel = src[1:]
        stamp = self.stamps.get(rel) or file_stamp(path)
        if stamp is None:
            return None
        before = self.known.get(rel)
        if before is not None and len(stamp) == 4 and before.stamp == stamp:
            size = before.pixels
        else:
            try:
                size = svg_size(path) if suffix == ".svg" else raster_size(path)
            except (OSError, ValueError, struct.error, ET.ParseError):
                size = None
        self.learned[rel] = KnownImage(*stamp[:4], *(size or (0, 0)))
        if size is None:
            return None
        width, height = size
        variants: tuple[tuple[str, int], ...] = ()
        if width * height > MAX_PIXELS:
            pass  # (too large to resize safely: a hostile file can claim any size; published as it is)
        elif suffix in SCALABLE and self.make_variants:  # (a build with no PNG, JPEG or WebP imports no Pillow)
            stem = src.rsplit(".", 1)[0]
            variants = tuple((f"{stem}-{w}w.webp", w) for w in WIDTHS if w < width)
        return ImageInfo(path, width, height, variants)

    # --- template helpers -------------------------------------------------------------------------

    def attrs(self, src: str, lazy: bool = True, sizes: str = SIZES) -> Markup:
        """` width=… height=… [srcset sizes] loading decoding` for an `<img>` of `src`."""
        info = self.info(src)
        parts = []
        if info is not None:
            parts.append(f'width="{info.width}" height="{info.height}"')
            if info.variants:
                parts.append(f'srcset="{escape(info.srcset(src))}" sizes="{escape(sizes)}"')
        # Below the fold: load when scrolled near. The lead image is what the reader sees first.
        parts.append('loading="lazy" decoding="async"' if lazy else 'fetchpriority="high" decoding="async"')
        return Markup(" " + " ".join(parts))

    def rewrite(self, html: str, lazy: bool = True) -> Markup:
        """Body HTML with each `<img>` of a site file given its size (and variants), lazy-loaded."""

        def one(match: re.Match) -> str:
            tag = match.group(0)
            attrs = {name.lower(): value for name, value in _ATTR.findall(tag)}
            src = unescape(attrs.get("src") or "")
            if not src or "width" in attrs or "height" in attrs or "srcset" in attrs:
                return tag
            end = "/>" if tag.endswith("/>") else ">"
            return tag[: -len(end)].rstrip() + str(self.attrs(src, lazy=lazy)) + end

        return Markup(_IMG.sub(one, str(html)))

    # --- publishing -------------------------------------------------------------------------------

    @staticmethod
    def sources_in(html: str) -> list[str]:
        """The `src` of each `<img>` of some HTML."""
        return [unescape(src) for tag in _IMG.findall(html or "") if (src := dict(_ATTR.findall(tag)).get("src"))]

    def sources(self, index) -> list[str]:
        """Every image `src` the pages of the site show: lead images, then images in bodies."""
        found: dict[str, None] = {}
        for article in index.all_articles:
            if article.image is not None:
                found[article.image.src] = None
            for src in article.body_images:  # known from parsing: no need to decode every body
                found[src] = None
        bodies = [p.html for p in index.pages]
        bodies += [c.cluster.html for c in index.clusters.values() if c.cluster is not None]
        for html in bodies:
            for tag in _IMG.findall(html or ""):
                src = dict(_ATTR.findall(tag)).get("src")
                if src:
                    found[unescape(src)] = None
        return list(found)

    def stamp_of(self, src: str) -> str | None:
        """What a file made from this image depends on: its stamp as read this build."""
        stamp = self.stamps.get(src[1:])
        return ":".join(map(str, stamp)) if stamp else "racy"

    def key(self, src: str) -> str:
        """What a page showing `src` depends on: its size and variants (for page fingerprints)."""
        info = self.info(src)
        return f"{src}={info.width}x{info.height}:{len(info.variants)}" if info is not None else f"{src}=?"

    def publish(self, out, index, warn=None, kept=None, jobs: int = 1) -> int:
        """Write the variants of every image the site shows; returns how many were encoded anew.
        `kept(rel, fingerprint)` says whether the output still holds the file a build made from
        the same fingerprint (then it is neither read nor encoded again; else the caller records
        it). An image that cannot be decoded (a truncated upload) gets none: `warn(path, message)`.
        Images to encode are spread over `jobs` forked processes (about 0.15 s each)."""
        used: set[str] = set()
        named_all = True  # (only then may the cache forget variants no image names)
        wanted: list[tuple[ImageInfo, list[tuple[str, int]], dict[int, str]]] = []
        for src in self.sources(index):
            info = self.info(src)
            if info is None or not info.variants:
                continue
            fingerprint = f"{self.stamp_of(src)}:q{WEBP_QUALITY}"
            todo = []
            for url, width in info.variants:
                if kept is not None and kept(url.lstrip("/"), f"{fingerprint}:{width}"):
                    named_all = False
                else:
                    todo.append((url, width))
            if todo:
                with open(info.path, "rb") as file:
                    digest = hashlib.sha256(file.read()).hexdigest()[:24]
                names = {width: f"{digest}-{width}-q{WEBP_QUALITY}.webp" for _, width in todo}
                used.update(names.values())
                wanted.append((info, todo, names))
        # What the cache does not hold is encoded, in workers when there is enough of it.
        to_encode = [
            (str(info.path), [w for _, w in todo if self._cached_path(names[w]) is None])
            for info, todo, names in wanted
        ]
        to_encode = [(path, widths) for path, widths in to_encode if widths]
        made: dict[str, dict[int, bytes] | str] = {}
        if len(to_encode) >= 8 and jobs > 1:
            from ..workers import Forked

            # (collect: the build pauses the cycle collector outside rendering; Pillow's decoders
            # are not left to it.)
            with Forked(_encode, to_encode, min(jobs, len(to_encode)), collect=True) as forked:
                for (path, _), result in zip(to_encode, forked.results()):
                    made[path] = result
        else:
            for task in to_encode:
                made[task[0]] = _encode(task)
        encoded = 0
        for info, todo, names in wanted:
            result = made.get(str(info.path), {})
            if isinstance(result, str):
                if warn is not None:
                    warn(info.path, result)  # (the reason: the build says what it means)
                continue
            for url, width in todo:
                variant = result.get(width)
                if variant is not None:
                    self._store(names[width], variant)
                    encoded += 1
                else:
                    variant = self._cached(names[width])
                if variant is not None:
                    out.write(url.lstrip("/"), variant)
        if named_all:
            self._prune(used)
        return encoded

    def _cached_path(self, name: str) -> Path | None:
        if self.cache_dir is None:
            return None
        path = self.cache_dir / name
        return path if path.is_file() else None

    def _prune(self, used: set[str]) -> None:
        """Forget variants of images the site no longer shows, so the cache does not grow forever."""
        if self.cache_dir is None or not self.cache_dir.is_dir():
            return
        for path in self.cache_dir.glob("*.webp"):
            if path.name not in used:
                path.unlink(missing_ok=True)

    def _cached(self, name: str) -> bytes | None:
        if self.cache_dir is None:
            return None
        try:
            return (self.cache_dir / name).read_bytes()
        except OSError:
            return None

    def _store(self, name: str, variant: bytes) -> None:
        if self.cache_dir is None:
            return
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            tmp = self.cache_dir / f"{name}.{os.getpid()}.tmp"
            tmp.write_bytes(variant)
            tmp.replace(self.cache_dir / name)
        except OSError:
            pass  # a cache that cannot be written only costs time


def file_stamp(path: Path) -> list[int] | None:
    """[size, mtime, inode, ctime]: a file with the same stamp is taken to be unchanged (as git does)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns]


def webp_variants(data: bytes, widths: list[int]) -> dict[int, bytes]:
    """The image scaled to each width (EXIF orientation applied), as WebP: decoded once (a JPEG
    at the smallest scale its decoder offers that is still wide enough), each smaller width made
    from the one above it, encoded with WebP's method 2. Measured on 1600-px photos, against one
    decode per width and method 4: 345 → 145 ms an image (method 4 spent 190 ms on the 1440-px
    copy alone, for files 3 % smaller)."""
    import io

    from PIL import Image, ImageOps

    out: dict[int, bytes] = {}
    with Image.open(io.BytesIO(data)) as opened:
        img: Any = opened  # (an ImageFile, then the Images made from it)
        widest = max(widths)
        if img.format == "JPEG":
            img.draft("RGB", (widest, max(1, round(img.height * widest / img.width))))
        img = ImageOps.exif_transpose(img)
        if img.mode not in ("RGB", "RGBA"):
            img = img.convert("RGBA" if "A" in img.getbands() or img.mode == "P" else "RGB")
        for width in sorted(widths, reverse=True):
            height = max(1, round(img.height * width / img.width))
            img = img.resize((width, height), Image.Resampling.LANCZOS)
            buf = io.BytesIO()
            img.save(buf, "WEBP", quality=WEBP_QUALITY, method=2)
            out[width] = buf.getvalue()
    return out


def webp_variant(data: bytes, width: int) -> bytes:
    """The image scaled to `width`, as WebP (see webp_variants)."""
    return webp_variants(data, [width])[width]


def _encode(task: tuple[str, list[int]]) -> dict[int, bytes] | str:
    """In a worker: an image file's variants, or why they cannot be made (Pillow's message)."""
    path, widths = task
    try:
        with open(path, "rb") as file:
            return webp_variants(file.read(), widths)
    except Exception as exc:  # Pillow raises OSError, ValueError, SyntaxError, its own errors
        return str(exc) or type(exc).__name__


# --- sizes from headers -----------------------------------------------------------------------------

_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px)?\s*$")


def svg_size(path: Path) -> tuple[int, int] | None:
    """`width`/`height` of the root element in px (or unitless), else the `viewBox` size."""
    root = ET.parse(path).getroot()
    w, h = root.get("width"), root.get("height")
    mw, mh = _LENGTH.match(w or ""), _LENGTH.match(h or "")
    if mw and mh:
        return round(float(mw.group(1))), round(float(mh.group(1)))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        bw, bh = float(box[2]), float(box[3])
        if bw > 0 and bh > 0:
            return round(bw), round(bh)
    return None


def raster_size(path: Path) -> tuple[int, int] | None:
    """Pixel size as displayed: from Pillow when present (EXIF orientation applied), else the header."""
    image = pillow()
    if image is not None:
        try:
            with image.open(path) as img:
                width, height = img.size
                orientation = img.getexif().get(0x0112, 1) if hasattr(img, "getexif") else 1
                return (height, width) if orientation in (5, 6, 7, 8) else (width, height)
        except Exception:  # noqa: BLE001 - an unreadable file is simply left without a size
            return None
    with open(path, "rb") as file:
        data = file.read(65536)
        size = header_size(data)
        if size is None and data[:2] == b"\xff\xd8":  # a JPEG whose frame header is after a large EXIF
            size = header_size(data + file.read())
    return size


def header_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG, GIF, WebP or JPEG header (no EXIF orientation)."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        return struct.unpack(">II", data[16:24])
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return struct.unpack("<HH", data[6:10])
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        chunk = data[12:16]
        if chunk == b"VP8 ":
            w, h = struct.unpack("<HH", data[26:30])
            return w & 0x3FFF, h & 0x3FFF
        if chunk == b"VP8L":
            b = data[21:25]
            return 1 + (((b[1] & 0x3F) << 8) | b[0]), 1 + (((b[3] & 0xF) << 10) | (b[2] << 2) | ((b[1] & 0xC0) >> 6))
        if chunk == b"VP8X":
            return 1 + int.from_bytes(data[24:27], "little"), 1 + int.from_bytes(data[27:30], "little")
        return None
    if data[:2] == b"\xff\xd8":
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                i += 1
                continue
            marker = data[i + 1]
            if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7 or marker == 0xFF:
                i += 1 if marker == 0xFF else 2
                continue
            length = struct.unpack(">H", data[i + 2 : i + 4])[0]
            if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
                h, w = struct.unpack(">HH", data[i + 5 : i + 9])
                return w, h
            i += 2 + length
    return None
