"""Photos for bench/generate.py's realistic corpus: a pool of base pictures encoded once, and
each article's files made unique from them cheaply.

A news archive's photos are all different files, so a build that makes WebP copies of them
decodes and encodes every one: no two articles may share bytes (site-builder keys its cache of
copies by the file's content). Encoding 15,000 photos would take longer than generating the rest
of a 10,000-article site, so a pool of POOL_SIZE base pictures is encoded once with Pillow
(smooth colour fields, shapes the size of people and banners, fine grain: JPEG sizes like those
of web-exported news photos), and each file is a base picture with a comment of its own inserted:
a JPEG COM segment after the JFIF header, a PNG tEXt chunk after IHDR. The pixels are the base's,
so a decoder does the whole work again; the bytes, and so every hash of them, differ.

Sizes (pixels) as editors upload them: mostly 1200-1600 px wide landscape, some 1920-2400, some
portrait, a few PNG screenshots; about a quarter of the JPEGs progressive. JPEG quality 75 with
fine grain gives 40-150 KB a JPEG (110-240 KB a PNG), 70 KB on average: the photos of 10,000
articles (15,000 files) come to about 1 GB, GitHub Pages' limit for a whole site. (Photos straight
from a camera, resized to the same pixels at quality 90, are 2-4 times as many bytes; the work of
scaling and encoding them grows with their pixels, not their bytes.)

The same seed gives the same pool with the same Pillow (and the libjpeg, zlib it bundles).
"""

from __future__ import annotations

import io
import random
import struct
import zlib

# (format, width, height, progressive): the pool, in order; a photo takes one at random, so the
# list is also the mix of sizes. 40 entries: 30 % 1200x800, 10 % 1280x853, 25 % 1600x1067,
# 7.5 % 1920x1280, 5 % 2048x1365, 5 % 2400x1600, 10 % portrait, 7.5 % PNG screenshots.
POOL = (
    [("jpg", 1200, 800, k % 4 == 3) for k in range(12)]
    + [("jpg", 1280, 853, k == 1) for k in range(4)]
    + [("jpg", 1600, 1067, k % 4 == 2) for k in range(10)]
    + [("jpg", 1920, 1280, k == 0) for k in range(3)]
    + [("jpg", 2048, 1365, k == 1) for k in range(2)]
    + [("jpg", 2400, 1600, False) for k in range(2)]
    + [("jpg", 800, 1200, False), ("jpg", 1067, 1600, True), ("jpg", 1080, 1440, False), ("jpg", 1200, 1800, False)]
    + [("png", 1366, 768, False), ("png", 1280, 720, False), ("png", 1920, 1080, False)]
)
POOL_SIZE = len(POOL)
JPEG_QUALITY = 75
GRAIN = 5  # of 255: the share of fine noise blended in (the bytes of a file grow with it)


def _pillow():
    try:
        from PIL import Image, ImageDraw, ImageFilter
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise SystemExit(
            "bench/generate.py --variant realistic needs Pillow for its photos: "
            "pip install pillow (or site-builder[images])"
        ) from exc
    return Image, ImageDraw, ImageFilter


def _photo(width: int, height: int, rng: random.Random, progressive: bool) -> bytes:
    Image, ImageDraw, ImageFilter = _pillow()
    # A hall, a field, a stage: a smooth field of colour from a few points, scaled up.
    small = Image.new("RGB", (6, 4))
    small.putdata([tuple(rng.randrange(40, 230) for _ in range(3)) for _ in range(24)])
    img = small.resize((width, height), Image.BICUBIC)
    draw = ImageDraw.Draw(img)
    for _ in range(60):  # people, chairs, banners: shapes of many sizes in the lower two thirds
        x, y = rng.randrange(width), rng.randrange(height // 3, height)
        size = rng.randrange(max(2, width // 60), max(3, width // 8))
        colour = tuple(rng.randrange(256) for _ in range(3))
        if rng.random() < 0.5:
            draw.ellipse((x, y, x + size, y + int(size * rng.uniform(0.8, 1.3))), fill=colour)
        else:
            draw.rectangle((x, y, x + size, y + int(size * rng.uniform(1.5, 3))), fill=colour)
    img = img.filter(ImageFilter.GaussianBlur(width / 800))  # out of focus a little, as photos are
    gw, gh = width // 2, height // 2  # grain: sensor noise, two pixels wide
    grain = Image.frombytes("L", (gw, gh), rng.randbytes(gw * gh)).resize((width, height), Image.BILINEAR)
    img = Image.blend(img, Image.merge("RGB", (grain, grain, grain)), GRAIN / 255)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=progressive)
    return buf.getvalue()


def _screenshot(width: int, height: int, rng: random.Random) -> bytes:
    """A web page or an app's window: flat colours, lines of "text", a photo in it."""
    Image, ImageDraw, _ = _pillow()
    img = Image.new("RGB", (width, height), (250, 250, 248))
    draw = ImageDraw.Draw(img)
    bar = tuple(rng.randrange(20, 160) for _ in range(3))
    draw.rectangle((0, 0, width, height // 12), fill=bar)
    draw.rectangle((0, height // 12, width // 5, height), fill=(236, 238, 242))
    y = height // 12 + 24
    while y < height - 20:
        x = width // 5 + 32
        while x < width - 60:
            w = rng.randrange(20, 110)
            draw.rectangle((x, y, min(x + w, width - 40), y + 9), fill=(60, 60, 70))
            x += w + 8
        y += rng.choice((20, 20, 20, 44))
    pw, ph = width // 4, height // 4  # a photo inside the page
    pict = Image.frombytes("RGB", (pw // 8, ph // 8), rng.randbytes((pw // 8) * (ph // 8) * 3)).resize(
        (pw, ph), Image.BICUBIC
    )
    img.paste(pict, (width - pw - 40, height // 12 + 40))
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=False)
    return buf.getvalue()


def make_pool(seed: int) -> list[tuple[str, bytes]]:
    """[(extension, bytes)] of the POOL, made from `seed`."""
    rng = random.Random(seed)
    pool = []
    for kind, width, height, progressive in POOL:
        data = _screenshot(width, height, rng) if kind == "png" else _photo(width, height, rng, progressive)
        pool.append((kind, data))
    return pool


def unique(kind: str, data: bytes, tag: str) -> bytes:
    """The picture `data` with the comment `tag` inserted, so that no two files are the same."""
    text = tag.encode("ascii")
    if kind == "png":  # a tEXt chunk after IHDR (which is always first, 25 bytes after the signature)
        chunk = b"tEXt" + b"Comment\x00" + text
        return data[:33] + struct.pack(">I", len(chunk) - 4) + chunk + struct.pack(">I", zlib.crc32(chunk)) + data[33:]
    # JPEG: a COM segment after SOI and the JFIF APP0 segment (which must come first)
    at = 2
    if data[2:4] == b"\xff\xe0":
        at = 4 + struct.unpack(">H", data[4:6])[0]
    return data[:at] + b"\xff\xfe" + struct.pack(">H", len(text) + 2) + text + data[at:]
