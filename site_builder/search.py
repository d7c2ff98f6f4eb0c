"""Full-text search: Pagefind indexes the finished site's articles as the last step of a build.

Pagefind (its binary comes with the `pagefind[bin]` package) reads each article page's
`data-pagefind-body` element and writes a static index that `/tim-kiem/` queries in the browser.

Each edition (editions.py) has its own index: Pagefind would otherwise find English articles on the
Vietnamese search page. The main edition's parts are `pagefind/<months>/`, listed in
`pagefind/parts.json` as before; another's are `pagefind/<code>-<months>/`, listed in
`pagefind/parts-<code>.json`, indexed with Pagefind told the edition's language (its stemming and
word splitting), and its search page reads that list (the form's `data-index`).

The index is in **parts of consecutive months** of articles, each of at least PART_MIN
(`parts_by_month`): `pagefind/<months>/`, each a whole Pagefind bundle,
listed newest first in `pagefind/parts.json`; the search page loads the newest with Pagefind's
`pagefind.js` and merges the others (`mergeIndex`). A build indexes again only the parts whose
articles changed (a page re-rendered, an article added, moved or gone): Pagefind reads every page
of what it indexes, so one index for the site made editing one article cost a whole re-index
(6.7 s of a 7 s rebuild at 1,000 articles). Parts that changed are indexed side by side, one
Pagefind process a core. Each bundle is written through `StagedOutput.write`: files that did not
change keep the previous build's copy; a build that fails later leaves the previous output as it was.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from .messages import t

OUTPUT_SUBDIR = "pagefind"
PARTS_FILE = "pagefind/parts.json"
INSTALL_HINT = "pip install 'site-builder[search]'"  # (the pagefind[bin] package)
# What the search page needs of a bundle: Pagefind's own UI files (pagefind-ui.js and the rest)
# are not used by the theme's search.js and are not published.
KEEP_TOP = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
KEEP_SUFFIXES = (".pf_meta", ".pagefind")


@dataclass
class SearchResult:
    ok: bool
    message: str = ""
    files: int = 0


def pagefind_command() -> list[str] | None:
    """The Pagefind binary: the one `pagefind[bin]` ships, else a `pagefind` on PATH."""
    try:
        import pagefind_bin  # the binary package that `pagefind[bin]` installs

        return [str(pagefind_bin.get_executable())]
    except (ImportError, FileNotFoundError):
        pass
    for name in ("pagefind_extended", "pagefind"):
        found = shutil.which(name)
        if found:
            return [found]
    return None


def part_name(code: str, main: bool, months: str) -> str:
    """A part's folder under pagefind/: "2022-01_2022-06" for the main edition, "en-2022-01_2022-06"
    for English."""
    return months if main else f"{code}-{months}"


def parts_file(code: str, main: bool) -> str:
    """The URL of the list of an edition's parts (what its search page loads)."""
    return "/" + PARTS_FILE if main else f"/{OUTPUT_SUBDIR}/parts-{code}.json"


PART_MIN = 200  # articles: fewer and a part's word statistics stray from the site's (see parts_by_month)


def parts_by_month(by_month: dict[tuple[int, int], list[str]]) -> dict[str, list[str]]:
    """Parts of the index, from the article pages of each (year, month): consecutive months,
    oldest first, each part closed once it holds PART_MIN articles; a last part that holds fewer
    joins the one before. Named by their first and last month: "2022-01_2022-06", "2026-03".

    Pagefind ranks results by word statistics of its own index (how many of its pages have a
    word, their mean length): parts too small would rank unlike one index for the site, so a site
    of fewer than 2 × PART_MIN articles has one part. Parts much larger make an edit costly, as
    Pagefind indexes the edited article's whole part again: parts by year were 2,000 pages a part
    at 10,000 articles. New articles land in the newest months, so only the last part changes
    (or the last two, when it closes); moving an old article to another month moves the
    boundaries after it."""
    groups: list[list[tuple[int, int]]] = []
    count = 0
    for month in sorted(by_month):
        if not groups or count >= PART_MIN:
            groups.append([])
            count = 0
        groups[-1].append(month)
        count += len(by_month[month])
    if len(groups) > 1 and count < PART_MIN:
        groups[-2].extend(groups.pop())
    parts: dict[str, list[str]] = {}
    for group in groups:
        first, last = (f"{year}-{month:02d}" for year, month in (group[0], group[-1]))
        parts[first if first == last else f"{first}_{last}"] = [rel for month in group for rel in by_month[month]]
    return parts


class _SearchView(HTMLParser):
    """Finds where each `data-pagefind-body` element of a page starts and ends (character
    offsets), and whether any other `data-pagefind-*` attribute stands outside them."""

    # Elements whose content is text to an HTML5 tokenizer (Pagefind's lol_html), not markup: an
    # `</article>` in a <textarea> does not end the body (HTMLParser knows only script and style;
    # typeshed marks the attribute Final, but HTMLParser reads it from the instance's class).
    CDATA_CONTENT_ELEMENTS = (  # type: ignore[misc]
        "script",
        "style",
        "textarea",
        "title",
        "xmp",
        "iframe",
        "noembed",
        "noframes",
        "noscript",
        "plaintext",
    )

    def __init__(self, text: str):
        super().__init__(convert_charrefs=False)
        self.starts = [0]  # where each line starts (HTMLParser counts lines by "\n" only)
        for line in text.split("\n"):
            self.starts.append(self.starts[-1] + len(line) + 1)
        self.spans: list[tuple[int, int]] = []
        self.outside = False  # a data-pagefind attribute outside the body elements
        self._open: tuple[str, int, int] | None = None  # (tag, depth, start) of the body element open
        self.feed(text)
        self.close()

    def _at(self) -> int:
        line, column = self.getpos()
        return self.starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if self._open is not None:
            name, depth, start = self._open
            if tag == name:
                self._open = (name, depth + 1, start)
            return
        names = [key for key, _ in attrs]
        if "data-pagefind-body" in names:
            self._open = (tag, 1, self._at())
        elif any(key.startswith("data-pagefind") for key in names):
            self.outside = True

    def handle_startendtag(self, tag, attrs):
        if self._open is None and any(key.startswith("data-pagefind") for key, _ in attrs):
            self.outside = True

    def handle_endtag(self, tag):
        if self._open is not None and tag == self._open[0]:
            name, depth, start = self._open
            if depth == 1:
                self.spans.append((start, self._at()))  # (up to its end tag)
                self._open = None
            else:
                self._open = (name, depth - 1, start)


def search_view(html: bytes) -> bytes:
    """What Pagefind reads of a page, for telling whether re-indexing it could change anything:
    the `<html>` tag (its language), then each `data-pagefind-body` element. The whole page when
    it has no such element, one is not closed, or a `data-pagefind-*` attribute stands outside
    them (meta or a filter set elsewhere): then every change counts."""
    plain = _plain_view(html)
    return plain if plain is not None else _parsed_view(html)


def _parsed_view(html: bytes) -> bytes:
    """search_view, by HTMLParser: any page."""
    text = html.decode("utf-8", errors="surrogateescape")
    view = _SearchView(text)
    if not view.spans or view.outside or view._open is not None:
        return html
    opening = re.search(r"<html\b[^>]*>", text, re.I)
    parts = [opening.group() if opening else ""] + [text[start:end] for start, end in view.spans]
    return "\0".join(parts).encode("utf-8", errors="surrogateescape")


# --- the same view, found quickly in a page written as the theme writes them ------------------------
# A new article changes every article page ("Tin mới") and a layout edit every one: each re-rendered
# page's view is compared with its previous page's (build.py). Parsed by HTMLParser, that is 1.8 ms
# a page, two pages an article: 36 s of a 49 s build at 10,000 articles. A page made only of plain
# tokens — text without "<" whose "&" each begin a well-formed reference; tags whose names, spaces
# and unquoted values are plain ASCII, whose values hold no "<" or ">", an unquoted one no "/" and
# no "/" after it; the doctype; comments without "--"; script, title and the other elements whose
# content is text, with no "<" in it — is cut into the same tokens by HTMLParser (3.11 to 3.13, and
# by the stricter rules of later releases) as by one regular expression, so its view is found with
# a few searches. Any other page is parsed as before, and anything this does not follow exactly (a
# data-pagefind attribute outside the body, a body left open, the word in a text) is left to the
# parser too. (A review found four ways a page could pass and be cut otherwise — "a=b/>", a bad
# "&#", a Unicode space in a tag, <plaintext>: tests/test_search_view.py keeps each one declined.)

_S = rb"[ \t\n\r\f]"
_NAME = rb"[a-zA-Z_:][-a-zA-Z0-9_:.]*+"  # an attribute's
_UNQUOTED = b"[" + b"".join(re.escape(bytes([c])) for c in range(0x21, 0x7F) if chr(c) not in "\"'=<>`/") + b"]"
_VALUE = rb"""(?:%s*+=%s*+(?:"[^"<>]*+"|'[^'<>]*+'|%s++(?!/)))?""" % (_S, _S, _UNQUOTED)
_ATTRIBUTES = rb"(?:%s++%s%s)*+%s*+" % (_S, _NAME, _VALUE, _S)
_RAW = rb"script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext"  # (_SearchView's)
_PLAIN_PAGE = re.compile(
    rb"(?:(?:[^<&]++|&(?:[a-zA-Z][a-zA-Z0-9]*+|#[0-9]++|#[xX][0-9a-fA-F]++);)++"  # text
    rb"|<(?!(?:%(raw)s)(?![-a-zA-Z0-9]))[a-zA-Z][-a-zA-Z0-9]*+%(attributes)s/?>"  # a tag
    rb"|</[a-zA-Z][-a-zA-Z0-9]*+%(s)s*+>"  # an end tag
    rb"|%(text_elements)s"  # an element whose content is text
    rb"|<!--(?:[^<>-]|-(?=[^<>-]))*+-->"  # a comment
    rb"|<!doctype%(s)s[^<>]*+>"
    rb")*+"
    % {
        b"raw": _RAW,
        b"s": _S,
        b"attributes": _ATTRIBUTES,
        # (One alternative a name, not a group and its back-reference: Python 3.11's engine fails
        # on a group inside a possessive repetition, "SystemError: The span of capturing group".
        # Not <plaintext>, which later parsers never close: a page with one is parsed.)
        b"text_elements": b"|".join(
            rb"<%s%s>[^<]*+</%s>" % (name, _ATTRIBUTES, name) for name in _RAW.split(b"|") if name != b"plaintext"
        ),
    },
    re.I,
)
_START_TAG = re.compile(rb"<([a-zA-Z][-a-zA-Z0-9]*+)(%s)(/?)>" % _ATTRIBUTES)
_ATTRIBUTE_NAME = re.compile(rb"%s+(%s)%s" % (_S, _NAME, _VALUE))
_HTML_TAG = re.compile(rb"<html\b[^>]*>", re.I)  # (as search_view's: in a plain page every "<" starts a token)


@functools.lru_cache(maxsize=64)  # (a page can name thousands of elements: the cache stays small)
def _edges_of(name: bytes) -> re.Pattern:
    """Start and end tags of one element name (in a plain page, where every "<" starts a token)."""
    return re.compile(rb"<(/?)%s(?=[ \t\n\r\f/>])([^<>]*+)>" % re.escape(name))  # (of a lowered page)


def _plain_view(page: bytes) -> bytes | None:
    """search_view of a plain page (see above) whose data-pagefind attributes are all the
    `data-pagefind-body` of a start tag or inside such an element, each closed; else None."""
    if _PLAIN_PAGE.fullmatch(page) is None:
        return None
    lowered = page.lower()  # (names are read in any case; searching the lowered page is faster than re.I)
    spans: list[tuple[int, int]] = []
    # Each data-pagefind after the last body element (inside one, attributes are not looked at,
    # as by _SearchView) must be the data-pagefind-body of a start tag.
    found = lowered.find(b"data-pagefind")
    while found >= 0:
        start = page.rfind(b"<", 0, found)
        tag = _START_TAG.match(lowered, start) if start >= 0 else None
        if tag is None or tag.end() <= found:
            return None  # in a text, a comment, an end tag: not an attribute
        names = _ATTRIBUTE_NAME.findall(tag.group(2))
        if tag.group(3) or b"data-pagefind-body" not in names:
            return None  # self-closed, or another data-pagefind attribute outside the body: the whole page
        depth = 1
        for edge in _edges_of(tag.group(1)).finditer(lowered, tag.end()):
            if edge.group(1):
                depth -= 1
                if depth == 0:
                    spans.append((start, edge.start()))
                    break
            elif not edge.group(2).endswith(b"/"):
                depth += 1
        else:
            return None  # left open: the whole page
        found = lowered.find(b"data-pagefind", edge.end())
    if not spans:
        return None
    opening = _HTML_TAG.search(page)
    return b"\0".join([opening.group() if opening else b""] + [page[a:b] for a, b in spans])


def index_parts(out, parts: dict[str, list[str]], language: str | dict[str, str], jobs: int = 1) -> SearchResult:
    """Index each named part (its article pages, as paths in the output) into `pagefind/<part>/`,
    several at once, in `language` (or each part in its own: {part: language}). Returns ok=False
    with a message when Pagefind is missing or fails."""
    command = pagefind_command()
    if command is None:
        return _skip(t("search.not_installed", hint=INSTALL_HINT))
    if not parts:
        return SearchResult(True, "search index: no article", 0)
    # Beside the output, not in the system's temporary folder: a build killed meanwhile leaves it
    # where the next build of this output deletes it (write.py).
    with tempfile.TemporaryDirectory(prefix=f".{out.target.name}.search-{os.getpid()}-", dir=out.parent) as tmp:
        work = Path(tmp)
        running: list[tuple[str, subprocess.Popen, Path]] = []
        failed: list[str] = []
        files = 0
        pending = sorted(parts)

        def start_next() -> None:
            """Pagefind on the next part, its pages linked into a folder of their own."""
            name = pending.pop()
            view, bundle = work / f"view-{name}", work / f"bundle-{name}"
            for rel in parts[name]:
                dest = view / rel
                dest.parent.mkdir(parents=True, exist_ok=True)
                staged = out.staging / rel
                _link_or_copy(staged if staged.exists() else out.target / rel, dest)
            args = [
                *command,
                "--site",
                str(view),
                "--output-path",
                str(bundle),
                "--force-language",
                language if isinstance(language, str) else language[name],
                "--silent",
            ]
            try:
                process = subprocess.Popen(
                    args,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                    env={**os.environ, "NO_COLOR": "1"},
                    preexec_fn=_end_with_parent(),
                )
            except OSError as exc:
                raise _NotStarted(str(exc)) from exc
            running.append((name, process, bundle))

        try:
            while pending or running:
                while pending and len(running) < max(1, jobs):
                    start_next()
                name, process, bundle = running.pop(0)
                try:
                    output, _ = process.communicate(timeout=1800)
                except subprocess.TimeoutExpired:
                    process.kill()
                    output = t("search.too_long")
                if pending:
                    start_next()  # (before this part's files are written: `jobs` Pagefinds busy meanwhile)
                if process.returncode != 0 or not (bundle / "pagefind.js").is_file():
                    detail = (output or "").strip().splitlines()[-1:] or [t("search.no_output")]
                    failed.append(detail[0])
                    continue
                canonicalize(bundle)
                for path in sorted(bundle.rglob("*")):
                    rel = path.relative_to(bundle).as_posix()
                    if path.is_file() and (rel in KEEP_TOP or rel.endswith(KEEP_SUFFIXES) or "/" in rel):
                        out.write(f"{OUTPUT_SUBDIR}/{name}/{rel}", path.read_bytes())
                        files += 1
        except _NotStarted as exc:
            for _, process, _ in running:  # (the others: not left indexing for nothing)
                process.kill()
                process.wait()
            return _skip(t("search.not_started", detail=exc))
        if failed:
            return _skip(t("search.failed", detail=failed[0]))
    return SearchResult(True, f"search index: {files} files in {len(parts)} parts", files)


class _NotStarted(Exception):
    """Pagefind's binary could not be run (the OSError's words)."""


def _link_or_copy(source: Path, dest: Path) -> None:
    try:
        os.link(source, dest)
    except OSError:
        shutil.copyfile(source, dest)


def _end_with_parent():
    """On Linux, a function run in the child before Pagefind starts: the kernel ends Pagefind when
    the build that started it ends, even by `kill -9` (else it would go on indexing for nothing)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes
    import signal

    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()
    PR_SET_PDEATHSIG = 1

    def arrange() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the build ended before the call took effect
            os._exit(1)

    return arrange


def _skip(message: str) -> SearchResult:
    return SearchResult(False, message)  # (the build fails with it: build.py)


# --- reproducible output ----------------------------------------------------------------------------
# Pagefind writes each filter's values in hash-map order, which changes from run to run, and the
# file names (and so the meta file and pagefind-entry.json) follow from the bytes. Two builds of
# the same site must be identical, so the values are put in a fixed order and the files renamed
# by their content. The format is Pagefind's: "pagefind_dcd" then CBOR, gzip-compressed; a file
# that does not look like that is left as Pagefind wrote it.

SIGNATURE = b"pagefind_dcd"


def canonicalize(bundle: Path) -> bool:
    """Sort filter values and rename filter and meta files by content; False if left as written."""
    entry_path = bundle / "pagefind-entry.json"
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        languages = entry["languages"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    entry_text = entry_path.read_text(encoding="utf-8")
    changed = False
    for info in languages.values():
        meta_hash = info.get("hash") if isinstance(info, dict) else None
        meta_path = bundle / f"pagefind.{meta_hash}.pf_meta"
        if not meta_hash or not meta_path.is_file():
            continue
        meta = _unpack(meta_path.read_bytes())
        if meta is None:
            continue
        for path in sorted((bundle / "filter").glob("*.pf_filter")):
            old = path.name[: -len(".pf_filter")]
            if old.encode() not in meta:
                continue
            data = _unpack(path.read_bytes())
            ordered = _sorted_filter(data) if data is not None else None
            if ordered is None:
                continue
            new = _renamed(old, ordered)
            path.unlink()
            (path.parent / f"{new}.pf_filter").write_bytes(_pack(ordered))
            meta = meta.replace(old.encode(), new.encode())
        meta = _sorted_meta(meta) or meta
        new_meta = _renamed(meta_hash, meta)
        meta_path.unlink()
        (bundle / f"pagefind.{new_meta}.pf_meta").write_bytes(_pack(meta))
        entry_text = entry_text.replace(f'"{meta_hash}"', f'"{new_meta}"')
        changed = True
    entry_path.write_text(entry_text, encoding="utf-8")
    return changed


def _unpack(raw: bytes) -> bytes | None:
    try:
        data = gzip.decompress(raw)
    except (OSError, EOFError):
        data = raw
    return data if data.startswith(SIGNATURE) else None


def _pack(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def _renamed(old: str, data: bytes) -> str:
    """`vi_3f2a9c1` -> the same prefix and length, with hex digits from the content."""
    prefix, _, digits = old.rpartition("_")
    return f"{prefix}_{hashlib.sha256(data).hexdigest()[: len(digits)]}" if prefix else old


def _sorted_filter(data: bytes) -> bytes | None:
    """A filter chunk [name, [[value, [pages]], ...]] with its values in byte order."""
    try:
        pos = len(SIGNATURE)
        count, pos = _head(data, pos, 4)
        if count != 2:
            return None
        name_end = _item_end(data, pos)
        values, body = _head(data, name_end, 4)
        starts, end = [], body
        for _ in range(values):
            starts.append(end)
            end = _item_end(data, end)
        if end != len(data):
            return None
        items = [data[a:b] for a, b in zip(starts, starts[1:] + [end])]
        return data[:body] + b"".join(sorted(items))
    except (IndexError, ValueError):
        return None


def _sorted_meta(data: bytes) -> bytes | None:
    """The meta chunk [version, pages, index chunks, filters, sorts, fields] with its filter and
    sort lists ([name, chunk] pairs, in hash-map order as written) in byte order."""
    try:
        pos = len(SIGNATURE)
        count, pos = _head(data, pos, 4)
        parts = []
        for _ in range(count):
            end = _item_end(data, pos)
            parts.append((pos, end))
            pos = end
        if pos != len(data) or count != 6:
            return None
        out = bytearray(data[: parts[0][0]])
        for number, (a, b) in enumerate(parts):
            out += _sorted_array(data, a, b) if number in (3, 4) else data[a:b]
        return bytes(out)
    except (IndexError, ValueError):
        return None


def _sorted_array(data: bytes, start: int, end: int) -> bytes:
    count, pos = _head(data, start, 4)
    items = []
    for _ in range(count):
        after = _item_end(data, pos)
        items.append(data[pos:after])
        pos = after
    if pos != end:
        raise ValueError("array does not end where expected")
    return data[start : start + (pos - start) - sum(map(len, items))] + b"".join(sorted(items))


def _head(data: bytes, pos: int, major: int | None = None) -> tuple[int, int]:
    """A CBOR item's head: (argument, position after the head)."""
    first = data[pos]
    if major is not None and first >> 5 != major:
        raise ValueError("unexpected CBOR type")
    info = first & 0x1F
    if info < 24:
        return info, pos + 1
    if info > 27:
        raise ValueError("indefinite or reserved CBOR length")
    size = 1 << (info - 24)
    return int.from_bytes(data[pos + 1 : pos + 1 + size], "big"), pos + 1 + size


def _item_end(data: bytes, pos: int) -> int:
    """The position after one complete CBOR item (integers, strings, arrays, maps, simple values)."""
    major = data[pos] >> 5
    arg, pos = _head(data, pos)
    if major in (0, 1, 7):
        return pos
    if major in (2, 3):
        return pos + arg
    if major == 4:
        for _ in range(arg):
            pos = _item_end(data, pos)
        return pos
    if major == 5:
        for _ in range(2 * arg):
            pos = _item_end(data, pos)
        return pos
    if major == 6:
        return _item_end(data, pos)
    raise ValueError("unknown CBOR type")
