"""One file's bytes -> its front matter, rendered body and lint findings, as a plain entry (JSON and bytes).

This is the expensive, independent part of reading content (YAML, Markdown, lint), so it is what
the build cache stores and what worker processes compute in parallel on a cold build.
"""

from __future__ import annotations

import gc
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..cache import decode, encode
from ..chars import FORBIDDEN, forbidden_message, has_forbidden_bytes
from ..chars import FORBIDDEN_BYTES as _FORBIDDEN_BYTES
from ..workers import Alongside, Forked
from .lint import ProvinceLint, Slip
from .markdown import Image, Rendered, render_markdown
from .source import Source, SourceError, parse_source


@dataclass
class Parsed:
    source: Source
    rendered: Rendered  # its `html` is empty: the body is kept as UTF-8 bytes in `html_utf8`
    slips: list[Slip]
    html_utf8: bytes  # the rendered body, as articles keep it in memory

    @property
    def html(self) -> str:
        return self.html_utf8.decode("utf-8")


# Characters pages and feeds cannot carry (chars.py), looked for in the file's bytes, in values
# YAML unescaped ("\v") and in the rendered body (an entity such as &#12;), and reported where they are.
def _forbidden(raw: bytes, src: Source | None, html: str | None) -> list | None:
    """[line, message] for the first character that pages and feeds cannot carry, or None."""
    if src is None:
        in_bytes = _FORBIDDEN_BYTES.search(raw) if has_forbidden_bytes(raw) else None
        if in_bytes is None:
            return None
        char = in_bytes.group().decode("utf-8", "replace")[:1]
        return [raw.count(b"\n", 0, in_bytes.start()) + 1, forbidden_message(char)]
    pending = list(src.meta.items())
    seen = 0
    while pending and seen < 100_000:  # (values YAML unescaped: "\v" in quotes)
        seen += 1
        key, value = pending.pop()
        if isinstance(value, str):
            found = FORBIDDEN.search(value)
            if found is not None:
                return [src.line_of(str(key)), forbidden_message(found.group(), str(key))]
        elif isinstance(value, dict):
            pending.extend((key, v) for v in value.values())
        elif isinstance(value, list):
            pending.extend((key, v) for v in value)
    if html is not None and (found := FORBIDDEN.search(html)) is not None:
        line = src.body_line
        for entity in _ENTITY.finditer(src.body):  # the line of the entity that made it, if it is one
            code = int(entity.group(1), 10) if entity.group(1) else int(entity.group(2), 16)
            if code < 0x110000 and FORBIDDEN.match(chr(code)):
                line += src.body.count("\n", 0, entity.start())
                break
        return [line, forbidden_message(found.group(), entity=True)]
    return None


_ENTITY = re.compile(r"&#(?:([0-9]{1,7})|[xX]([0-9a-fA-F]{1,6}));")


def parse_entry(path: Path, raw: bytes, md, lint: ProvinceLint | None) -> dict:
    bad = _forbidden(raw, None, None)
    if bad is not None:
        return {"error": bad}
    try:
        src = parse_source(path, raw)
    except SourceError as exc:
        return {"error": [exc.line, exc.message]}
    bad = _forbidden(raw, src, None)
    if bad is not None:
        return {"error": bad}
    rendered = render_markdown(md, src.body)
    if "&#" in src.body and (bad := _forbidden(raw, src, rendered.html)) is not None:
        return {"error": bad}
    slips = lint.check(src.body) if lint else []
    return {
        # Encoded here, once, in the worker that rendered it; warm builds take it as it is. (Not
        # compressed: zlib took a tenth of the CPU of reading an article and half as much again
        # to decompress for its page, to save ~6 KB an article of memory and cache.)
        "meta": encode(src.meta),
        "fm": src.front_matter,
        "body_line": src.body_line,
        "html_utf8": rendered.html.encode("utf-8"),  # bytes: the cache stores them apart
        "images": [[i.src, i.alt, i.title, i.line] for i in rendered.images],
        "first": rendered.first_paragraph,
        "slips": [[s.line, s.written, s.meant] for s in slips],
    }


def from_entry(path: Path, entry: dict) -> Parsed:
    """Raises SourceError for an entry that records one."""
    if "error" in entry:
        raise SourceError(*entry["error"])
    src = Source(path, decode(entry["meta"]), entry["fm"], "", entry["body_line"])
    rendered = Rendered("", [Image(*i) for i in entry["images"]], entry["first"])
    html_utf8 = entry["html_utf8"]
    if not isinstance(html_utf8, bytes):
        raise TypeError("an entry's body is bytes")
    return Parsed(src, rendered, [Slip(*s) for s in entry["slips"]], html_utf8)


def map_in_workers(function, items: list, jobs: int, alongside: Alongside | None = None):
    """function(item) for each item, yielded in order as they are done (the caller works on the
    first results while workers make the next), spread over `jobs` forked processes when that
    pays for itself. `function` and the items are inherited by the workers; results are pickled.
    `alongside` is started once the workers are forked, and waited for before this returns."""
    if jobs <= 1 or len(items) < PARALLEL_MIN:
        # The collector is paused by build.py while reading; parsing many files makes garbage
        # it must collect. Not for a few: turning it on runs a full collection at once.
        paused = not gc.isenabled() and len(items) >= 50
        if paused:
            gc.enable()
        try:
            for item in items:
                yield function(item)
        finally:
            if paused:
                gc.disable()
        return
    # Small chunks: results flow back steadily, and the last chunks keep both workers busy.
    chunk = max(1, min(64, len(items) // (jobs * 8)))
    chunks = [items[i : i + chunk] for i in range(0, len(items), chunk)]
    # collect: the parent pauses the cycle collector while reading (build.py); a worker that
    # parses thousands of files needs it running.
    try:
        with Forked(lambda part: [function(item) for item in part], chunks, jobs, collect=True) as forked:
            if alongside is not None:
                alongside.start()
            for part in forked.results():
                yield from part
    finally:  # (after the workers are stopped: on an error or ^C they are not kept waiting for it)
        if alongside is not None:
            alongside.wait()


PARALLEL_MIN = int(os.environ.get("SITE_BUILDER_PARALLEL_MIN", "400"))  # below this a pool costs more than it saves
