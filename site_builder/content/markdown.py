"""The one MarkdownIt factory: CommonMark + tables, heading ids, lone images as <figure>.

markdown-it-py is the engine of record: its tokens carry the images an article shows, with their
lines, for the editor-facing checks, and its plugins make figures and heading ids. Whatever
renders a body, the result is what markdown-it-py makes of it. Most bodies — news prose with
links, autolinks, emphasis, lists, quotes, plain tables and figure lines (an image alone in its
paragraph) — are rendered by pyromark (pulldown-cmark, compiled) in a fifth to a quarter of the
time, and made byte for byte markdown-it's: its links' URLs normalised by copies of
markdown-it's normalizeLink and validateLink, its tables laid out, the Unicode spaces at a
block's edges trimmed as markdown-it trims them, the ids added as the anchors plugin would,
figure lines made the figure plugin's <figure>. A body where the two engines could read
something apart (raw HTML, a numeric entity, fenced code, a tab, an indented line under a list
item or quote, a table not written plainly, …) is left to markdown-it-py. tests/test_markdown.py
and the seeded fuzz differential tests/test_markdown_fuzz.py render bodies both ways and compare.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape, unescape
from html.entities import html5 as _html5
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from ..slugs import slugify
from .blocks import replace_paragraphs
from .embeds import VIDEO_LINE, embeds, render_embed

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

try:
    import pyromark
except ImportError:  # (a declared dependency; without it every body goes through markdown-it-py)
    pyromark = None  # type: ignore[assignment]

ANCHOR_LEVELS = (2, 4)  # headings h2 to h4 get an id (h1 is the page's title)

# Alt texts that a CMS or a hurried editor leaves behind; they describe nothing to a reader.
PLACEHOLDER_ALTS = {"tm-img-alt", "image", "img", "alt", "photo", "picture", "ảnh", "hình", "hình ảnh", "anh"}


@dataclass
class Image:
    """An image found in a body: what the build validates and copies."""

    src: str
    alt: str
    title: str
    line: int  # 0-based line within the body


@dataclass
class Rendered:
    html: str
    images: list[Image] = field(default_factory=list)
    first_paragraph: str = ""


def make_markdown(unsafe_html: bool = False) -> MarkdownIt:
    """A parser with raw HTML escaped unless the site opts in (markdown-it's commonmark allows it)."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.anchors import anchors_plugin

    md = MarkdownIt("commonmark", {"html": unsafe_html, "typographer": False}).enable("table")
    md.use(anchors_plugin, min_level=ANCHOR_LEVELS[0], max_level=ANCHOR_LEVELS[1], slug_func=slugify, permalink=False)
    md.core.ruler.push("figures", _figures)
    md.add_render_rule("figure", _render_figure)
    md.core.ruler.push("embeds", embeds)  # (a video's address alone in a paragraph: embeds.py)
    md.add_render_rule("embed", render_embed)
    return md


class LazyMarkdown:
    """make_markdown(unsafe_html), made the first time a body needs markdown-it-py: pyromark renders
    most bodies (see render_plain), and a warm build renders none but the clusters' and pages'.
    Importing markdown-it-py and its plugins costs ~22 ms, a seventieth of a warm build of 10,000
    articles. Stands for the parser where it is read (`md.parse`, `md.renderer`, `md.options`):
    reading an attribute this object lacks reads the parser's; setting one sets it here."""

    def __init__(self, unsafe_html: bool = False):
        self.unsafe_html = unsafe_html
        self._parser: MarkdownIt | None = None

    def __getattr__(self, name: str):  # (only for names this object lacks: `parse`, `renderer`, …)
        if name.startswith("__") or name == "_parser":
            raise AttributeError(name)  # (copy and pickle ask for these: never a reason to import)
        if self._parser is None:
            self._parser = make_markdown(self.unsafe_html)
        return getattr(self._parser, name)


def _figures(state) -> None:
    """A paragraph holding only an image becomes one `figure` token; the title is its caption."""
    from markdown_it.token import Token

    def figure(opening, inline):
        children = [c for c in (inline.children or []) if not (c.type == "text" and not c.content.strip())]
        if len(children) != 1 or children[0].type != "image":
            return None
        token = Token("figure", "figure", 0)
        token.children = [children[0]]
        return token

    replace_paragraphs(state, figure)


def _render_figure(self, tokens, idx, options, env) -> str:
    image = tokens[idx].children[0]
    alt = self.renderInlineAsText(image.children or [], options, env)
    return figure_html(image.attrGet("src") or "", alt, image.attrGet("title") or "")


def figure_html(src: str, alt: str, caption: str) -> str:
    img = f'<img src="{escape(src)}" alt="{escape(alt)}">'
    figcaption = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
    return f"<figure>{img}{figcaption}</figure>\n"


def render_markdown(md: MarkdownIt | LazyMarkdown, body: str) -> Rendered:
    """HTML of a body, the images it uses (for validation) and its first paragraph as text."""
    return render_plain(body) or render_with_tokens(md, body)


# What only markdown-it-py renders, at a glance: images (![) other than figure lines, link
# definitions and the links that use them (]:), fenced code (``` ~~~, ended differently at the end
# of a body), tabs (columns counted differently in corner cases), NUL characters, and U+2028 and
# U+2029 (whitespace to pulldown-cmark's emphasis rules, not to markdown-it's). (Figure lines are
# taken out before this check: their pattern admits none of these.) The rest is looked for below.
# Each mark comes after a character without which it is only text to both renderers ("[" for
# "![" and "]:": no image or link definition has no "["): looking for one character in a body
# is ten times as fast as for two or three (and a regex slower still), and most bodies have
# none of "[", "`" or "~", so a longer mark is looked for only once its character is found.
_NOT_PLAIN = (
    ("[", "!["),
    ("[", "]:"),
    ("`", "```"),
    ("~", "~~~"),
    ("\t", "\t"),
    ("\0", "\0"),
    ("\u2028", "\u2028"),
    ("\u2029", "\u2029"),
)
# "<" that pulldown-cmark would read as raw HTML (markdown-it-py too, or as text when the site
# escapes HTML), unless it opens an autolink (<https://…>, <ban@tin.vn>: CommonMark's forms) or
# a link's URL; after it "/", "!" or "?" (a closing tag, a comment, a declaration, an
# instruction to pulldown-cmark, even where markdown-it sees an address: <?@b.vn>) is HTML.
_TAG_START = re.compile(r"<(?:[A-Za-z]|([/!?]))")
_AUTOLINK = re.compile(
    r"<(?:[a-zA-Z][a-zA-Z0-9+.\-]{1,31}:[^<>\x00-\x20]*|[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@"
    r"[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*)>"
)
_CR = re.compile(r"\r\n?")
# An entity as markdown-it reads one in text (named: only those HTML5 has; "KH&CN;" is text) or
# in a URL (numeric up to 8 digits there): named ones that stand for a character both engines
# write alike are rendered here; a numeric one, or one that gives a space, a line break or a
# control character (markdown-it trims a text's spaces before it reads entities), is not.
_ENTITY = re.compile(r"&(?:#(?:[xX][0-9a-fA-F]{1,8}|[0-9]{1,8})|([A-Za-z][A-Za-z0-9]{1,31}));")
# A backslash before spaces that end a line: markdown-it's escape rule takes the backslash and
# the first space as text, which leaves too few spaces for a hard break (pulldown-cmark makes one).
_BACKSLASH_SPACES = re.compile(r"\\ +\n")
# A line indented four spaces or more that starts a block (a heading, quote, list, rule, fence,
# HTML or table): in a paragraph of a list item whose text starts further right (`100. `,
# `-    `) or of a quote, markdown-it lets it end the paragraph, pulldown-cmark (as CommonMark)
# keeps it there as a lazy line. See _plain_indents.
_INDENTED_BLOCK_START = re.compile(r"\n([> ]*    )[#>*+\-_=`~<|0-9]")
# A line whose quotes and list items could nest 20 deep (each takes a column or more and counts
# once or twice), and brackets that could: markdown-it-py's maxNesting (20) cuts its reading there.
_DEEP = re.compile(r"\n[ >\-*+0-9.)]{20}")
_LIST_MARKER = re.compile(r"(?:[-*+]|[0-9]{1,9}[.)])( *)")
# An indented line (in a quote: indented after its "> "): if it is a lazy line of a list item (less
# indented than the item's text), markdown-it takes its spaces off and pulldown-cmark keeps them,
# which shows in a code span that goes on over the line break.
_INDENTED_LINE = re.compile(r"\n(?>(?: {0,3}>[ ]?)*) ")
# A run of * or _ at the start of a link's text before punctuation, or at its end after it:
# markdown-it reads the text alone (its edges as spaces), pulldown-cmark sees the brackets
# (punctuation), and where a run can open and close, they part on CommonMark's rule of 3.
_EMPHASIS_AT_LINK_START = re.compile(r"\[(?:\*+(?:[^\w\s*]|_)|_+[^\w\s])")
# A figure line as editors write one: an image alone on a line at its start, with an alt text and
# an optional "caption" of plain text (nothing markdown-it would unescape or emphasise, no pipe
# that could make the line a table's), and a URL with no space, bracket, quote, backslash or
# entity (its src is what markdown-it's normalizeLink makes of it). Whether the line is a
# paragraph of its own (and so a figure) is read from pyromark's HTML: see render_plain.
_FIGURE_LINE = re.compile(
    r"\n!\[([^\[\]\\`*_&<|\x00-\x1f\x7f]*)\]\("  # (no control character: markdown-it reads NUL and CR apart)
    r'([^\s()<>\[\]\\&"\'`|\x00-\x1f\x7f]+)'
    r'(?: "([^"\\&|\x00-\x1f\x7f]*)")?\)(?=\n|\Z)'
)
_FIGURE_MARK = "FIGURExSITExBUILDER"  # stands for a figure line while pyromark renders the body
_HEADING = re.compile(rf"<h([{ANCHOR_LEVELS[0]}-{ANCHOR_LEVELS[1]}])>(.*?)</h\1>", re.S)  # those the plugin marks
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_TAG = re.compile(r"<[^>]*>")
# A double quote in text (not inside a tag: text has its > escaped), which markdown-it escapes
# and pulldown-cmark leaves as it is.
_TEXT_QUOTE = re.compile(r'"(?![^<]*>)')
# markdown-it trims these (mdTrim: CommonMark's whitespace and the Unicode spaces) off the text
# of a paragraph, a heading and a table cell; pulldown-cmark only spaces, tabs and line breaks.
_UNICODE_SPACE = "\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_HAS_UNICODE_SPACE = re.compile(f"[{_UNICODE_SPACE}]")
_TRIM = "\t\n\x0b\x0c\r \xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"
# pyromark's HTML cut at its block tags: what lies between two of them is the text of a block (a
# paragraph, heading, cell or tight list item: the line breaks next to the tags are not text).
_BLOCKS = re.compile(
    r"(<pre><code>[^<]*</code></pre>|<hr />|</?(?:p|li|h[1-6]|ul|ol|blockquote|table|thead|tbody|tr)>"
    r'|<ol start="[0-9]+">|</t[hd]>|<t[hd](?: style="[^"]*")?>)'
)
_TABLES = pyromark.Options.ENABLE_TABLES if pyromark is not None else 0
_TABLE = re.compile(r"<table>.*?</table>\n", re.S)
_TABLE_LINE = re.compile(r"(<table>|</?thead>|</?tbody>|</?tr>|</th>|</td>)")
# A line either engine could take for a table's delimiter row (in a quote or a list too)…
_DELIMITER_LIKE = re.compile(r"[ \t>]*[-|: \t]*-[-|: \t]*$")
# … and the rows of a plain table: from | at its start to | at its end.
_DELIMITER_ROW = re.compile(r"\|(?: *:?-+:? *\|)+ *$")
_ROW = re.compile(r"\|.*\| *$")
_SPACE_IN_URL = re.compile(r"\s")
_LINK_TAG = re.compile(r'<a href="([^"]*)"(?: title="([^"]*)")?>')
_AUTOLINK_TEXT = re.compile(r"([^<]*)</a>")


def render_plain(body: str) -> Rendered | None:
    """The body rendered by pyromark, as render_with_tokens would render it; None when it has
    something the two engines could read apart, or when pyromark's HTML cannot tell what
    markdown-it's tokens would (then the caller uses markdown-it-py)."""
    if pyromark is None:
        return None
    if "\r" in body:
        if "![" in body:
            return None  # (a lone CR is a line break to markdown-it: the images' lines would differ)
        body = _CR.sub("\n", body)  # (markdown-it's normalize rule; source.py made CRLF LF)
    figures: list[re.Match] = []
    if "[" in body and "![" in body:
        if _FIGURE_MARK in body:
            return None

        def mark(figure: re.Match) -> str:
            figures.append(figure)
            return f"\n{_FIGURE_MARK}{len(figures) - 1}x"

        body = _FIGURE_LINE.sub(mark, "\n" + body)[1:]
    if any(gate in body and mark in body for gate, mark in _NOT_PLAIN):
        return None
    if ("youtu" in body or "vimeo.com" in body) and VIDEO_LINE.search("\n" + body):
        return None  # (a video's line: markdown-it-py's embeds rule makes its player)
    pointy = False  # a link's URL in <…>: pyromark's events say whether it read it so (or as HTML)
    if "<" in body:
        for tag in _TAG_START.finditer(body):
            if tag.group(1) or _AUTOLINK.match(body, tag.start()) is None:
                if tag.group(1) or not body.startswith("](", tag.start() - 2):
                    return None
                pointy = True
    if "&" in body and not _plain_entities(body):
        return None
    if "|" in body and not _plain_tables(body):
        return None
    if "\\" in body and _BACKSLASH_SPACES.search(body):
        return None
    if "    " in body and not _plain_indents(body):
        return None
    lines = "\n" + body  # (the patterns of a line's start look for "\n": ten times as fast as re.M)
    if _DEEP.search(lines) or (body.count("[") >= 15 and any(part.count("[") >= 15 for part in body.split("\n\n"))):
        return None  # (markdown-it stops reading blocks or brackets nested 20 deep: maxNesting)
    if body.count("(") >= 30 and any(part.count("(") >= 30 for part in body.split("\n\n")):
        return None  # (a link's URL with parentheses nested 32 deep: the two stop a step apart)
    if "`" in body and _INDENTED_LINE.search(lines):
        return None
    if "](" in body and _emphasis_at_link_edge(body):
        return None
    # (A last line without its line break: markdown-it ends a code block on it with one anyway.)
    if not body.endswith("\n"):
        body += "\n"
    html: str | None = pyromark.html(body, options=_TABLES)
    assert html is not None
    if pointy or (("](" in body or "<" in body) and "<a href=" in html):  # (a link has one of them)
        html = _markdown_it_links(body, html, pointy)
        if html is None:
            return None
    if '"' in html:
        html = _TEXT_QUOTE.sub("&quot;", html)
    if "|" in body and "<table>" in html:
        html = _TABLE.sub(_markdown_it_table, html)
    if (">" in body and "<blockquote>\n</blockquote>" in html) or "<li></li>" in html:
        return None  # an empty quote (markdown-it writes it on one line), an empty list item
        # (after which the two disagree on where the list ends)
    # A figure line is a paragraph of its own, as markdown-it's figure rule wants (not part of a
    # paragraph, a heading or a quote, not below a line of spaces markdown-it would trim): then
    # its <p> holds the mark alone, once.
    if any(html.count(f"<p>{_FIGURE_MARK}{number}x</p>\n") != 1 for number in range(len(figures))):
        return None
    if _HAS_UNICODE_SPACE.search(html):
        html = _trim_blocks(html)
        if html is None:
            return None
    assert html is not None
    images: list[Image] = []
    for number, figure in enumerate(figures):
        placeholder = f"<p>{_FIGURE_MARK}{number}x</p>\n"
        alt, src, caption = figure.group(1), _normalize_link(figure.group(2)), figure.group(3) or ""
        if not _validate_link(src):
            return None  # (not an image to markdown-it: `javascript:`, `data:text/html`…)
        html = html.replace(placeholder, figure_html(src, alt, caption))
        images.append(Image(src, alt, caption, figure.string.count("\n", 0, figure.start())))
    # The first paragraph with text, as markdown-it's: a tight list item's text is a (hidden)
    # paragraph to it, with no <p> here, so a list before that paragraph sends the body there.
    first = ""
    for paragraph in _PARAGRAPH.finditer(html):
        text = unescape(_TAG.sub("", paragraph.group(1)))
        if text:
            if "<li>" in html[: paragraph.start()]:
                return None
            first = text
            break
    else:
        if "<li>" in html:
            return None
    parts: list[str] = []
    slugs: set[str] = set()
    done = 0
    for heading in _HEADING.finditer(html):
        level, inner = heading.groups()
        if "\n" in inner:
            return None  # a heading over several lines: the plugin's title leaves out the breaks
        # The plugin's title is the heading's text and code, as here without tags (the HTML of
        # text escapes only the characters unescape gives back; an entity is its character).
        slug = _unique_slug(slugify(unescape(_TAG.sub("", inner))), slugs)
        # (escape() as the plugin's escapeHtml: they differ only on "'", which no slug has)
        parts += [html[done : heading.start()], f'<h{level} id="{escape(slug)}">{inner}</h{level}>']
        done = heading.end()
    parts.append(html[done:])
    return Rendered("".join(parts), images, first)


def _markdown_it_table(table: re.Match) -> str:
    """A table laid out as markdown-it writes one: a tag a line, no empty <tbody>, its style."""
    html = table.group().replace("<tbody>\n</tbody>", "").replace("\n", "").replace('="text-align: ', '="text-align:')
    return _TABLE_LINE.sub("\\1\n", html) + "\n"


def _emphasis_at_link_edge(body: str) -> bool:
    """Whether a run of * or _ starts a link's text before punctuation or ends it after some."""
    if ("[*" in body or "[_" in body) and _EMPHASIS_AT_LINK_START.search(body):
        return True
    end = body.find("](")
    while end != -1:
        run = end
        if run and body[run - 1] in "*_":
            while run > 1 and body[run - 2] == body[end - 1]:
                run -= 1
            before = body[run - 2] if run > 1 else " "
            if not (before.isalnum() or before.isspace()):
                return True  # (punctuation, or the other one of * and _)
        end = body.find("](", end + 2)
    return False


def _plain_indents(body: str) -> bool:
    """Whether no line indented four spaces or more that starts a block comes under a line of
    its paragraph whose text starts further right (a list item's) or that is in a quote."""
    for line in _INDENTED_BLOCK_START.finditer("\n" + body):  # (line.start(): its start in body)
        indent = line.group(1)
        if ">" in indent:
            return False
        end = line.start() - 1
        while end > 0:  # the lines above, up to a blank one
            start = body.rfind("\n", 0, end) + 1
            above = body[start:end]
            if not above.strip(" "):
                break
            column = len(above) - len(above.lstrip(" "))
            if above[column] == ">":
                return False
            while marker := _LIST_MARKER.match(above, column):  # (`- 1. a`: items in items)
                spaces = len(marker.group(1))
                if not spaces and marker.end() < len(above):
                    break  # ("-a", "1.5": text)
                column = marker.end() - (spaces - 1 if spaces > 4 or marker.end() == len(above) else 0)
            if column > len(indent):
                return False
            end = start - 1
    return True


def _plain_tables(body: str) -> bool:
    """Whether every table either engine could see is one they read alike: a delimiter row (or a
    line that could be one) under a line with a pipe starts a table of the plain form — a blank
    line (or the start) above it, each row a line of its own from | to |, as many cells in each,
    and a blank line (or the end) after it. (The two part on tables inside a paragraph, lists or
    quotes, on rows with fewer cells, rows without pipes, a list marker as a delimiter row…)"""
    lines = body.split("\n")
    for i, line in enumerate(lines):
        if i == 0 or not _DELIMITER_LIKE.match(line) or "|" not in lines[i - 1]:
            continue
        if i > 1 and lines[i - 2].strip(" "):
            return False
        cells = _cells(lines[i - 1])
        if not cells or not _DELIMITER_ROW.match(line) or _cells(line) != cells:
            return False
        end = i + 1
        while end < len(lines) and lines[end].startswith("|"):
            if _cells(lines[end]) != cells:
                return False
            end += 1
        if any("\\|" in row and "<" in row for row in lines[i - 1 : end]):
            return False  # (markdown-it takes the \ of "\|" off in an autolink too, pulldown-cmark not)
        if end < len(lines) and lines[end].strip(" "):
            return False
    return True


def _cells(row: str) -> int:
    """The number of cells of a row written from | to | (0 for another line)."""
    if not _ROW.match(row) or "\\\\|" in row:
        return 0
    return row.count("|") - row.count("\\|") - 1


def _plain_entities(body: str) -> bool:
    """Whether every entity in the body is a named one both engines write alike (see _ENTITY)."""
    for entity in _ENTITY.finditer(body):
        name = entity.group(1)
        if name is None:
            return False
        chars = _html5.get(name + ";")
        if chars is not None and any(
            c in _TRIM or c < " " or "\x7f" <= c <= "\x9f" or c in "\u2028\u2029" for c in chars
        ):
            return False
    return True


def _trim_blocks(html: str) -> str | None:
    """The text of each block trimmed as markdown-it trims it (mdTrim), pyromark's HTML otherwise;
    None where the two would not agree on what trimming leaves."""
    spaces = set(_HAS_UNICODE_SPACE.findall(html))
    parts = _BLOCKS.split(html)
    if len(spaces) == 1:  # (most often NBSP alone: one look a block)
        space = spaces.pop()
        texts = [i for i in range(0, len(parts), 2) if space in parts[i]]
    else:
        texts = [i for i in range(0, len(parts), 2) if any(space in parts[i] for space in spaces)]
    for i in texts:  # (pyromark trims spaces, tabs and line breaks as markdown-it does)
        text = parts[i]
        # A line break after a closing tag or before an opening one is the HTML's, not the text's.
        lead = "\n" if text.startswith("\n") and i and parts[i - 1].startswith(("</", "<hr", "<pre")) else ""
        trail = "\n" if text.endswith("\n") and i + 1 < len(parts) and not parts[i + 1].startswith("</") else ""
        trimmed = text[len(lead) : len(text) - len(trail)].strip(_TRIM)
        if trimmed.startswith("<br />") or trimmed.endswith(("<br />", "<br />\n")) or (lead and trail and not trimmed):
            return None  # (markdown-it trimmed the spaces of a hard break, or its backslash is text)
        parts[i] = lead + trimmed + trail
    return "".join(parts)


def _markdown_it_links(body: str, html: str, pointy: bool = False) -> str | None:
    """pyromark's HTML with each link's tag as markdown-it-py writes it (its URL normalised as
    markdown-it's normalizeLink does, the title escaped as it escapes it) and an autolink's text
    as its normalizeLinkText gives it; None when markdown-it would not make one of them a link
    (validateLink: javascript:, data: …) or the link is one pyromark made otherwise, and when
    `pointy` (a "<" after "](") and pyromark read HTML somewhere."""
    if not pointy and (done_html := _links_from_html(html)) is not None:
        return done_html
    events: Any = pyromark.events(body, options=_TABLES)  # (its typed events: read as plain dicts)
    if pointy:
        events = list(events)
        if any(type(event) is dict and ("InlineHtml" in event or "Html" in event) for event in events):
            return None  # (a "<" after "](" that is no link's URL but HTML to pyromark)
    links = [
        event["Start"]["Link"]
        for event in events
        if type(event) is dict and type(event.get("Start")) is dict and "Link" in event["Start"]
    ]
    tags = list(_LINK_TAG.finditer(html))
    if len(links) != len(tags) or len(tags) != html.count("<a href="):
        return None
    parts: list[str] = []
    done = 0
    for link, tag in zip(links, tags):
        kind, url = link["link_type"], link["dest_url"]
        if kind == "Inline":
            start = _link_open(url, link["title"])
        elif kind in ("Autolink", "Email") and not link["title"]:
            start = _link_open("mailto:" + url if kind == "Email" else url, "")
        else:
            return None
        if start is None:
            return None
        parts += [html[done : tag.start()], start]
        done = tag.end()
        if kind != "Inline":  # an autolink's text: the URL as normalizeLinkText shows it
            text = _AUTOLINK_TEXT.match(html, done)
            if text is None or unescape(text.group(1)) != url:
                return None
            parts.append(_escape_html(_normalize_link_text(url)))
            done = text.end(1)
    parts.append(html[done:])
    return "".join(parts)


def _links_from_html(html: str) -> str | None:
    """_markdown_it_links without pyromark's events, read from its hrefs: pyromark writes a URL's
    characters as they are, & as &amp;, ' as &#x27; and the others (spaces, non-ASCII) as %XX.
    For a URL of _PLAIN_URL's form with no space (none in the href read back with its %XX
    decoded), normalizeLink is mdurl.encode, which keeps %XX and gives the href read back what
    it gives the URL. An autolink's text (the URL, a ":" or "@" in it, no tag) is the URL as
    normalizeLinkText shows it: the same unless it has %XX or a punycode host, then the events
    say which link it is. None when a link is not so (or markdown-it makes no link of it)."""
    tags = list(_LINK_TAG.finditer(html))
    if len(tags) != html.count("<a href="):
        return None
    parts: list[str] = []
    done = 0
    for tag in tags:
        url = tag.group(1).replace("&#x27;", "'").replace("&amp;", "&")
        if not _plain_url(url):
            return None
        if "%" in url or "xn--" in url:
            if "%" in url and _SPACE_IN_URL.search(unquote(url)):
                return None  # (markdown-it strips the spaces at a URL's ends)
            text = html[tag.end() : html.find("</a>", tag.end())]
            if "<" not in text and (":" in text or "@" in text):
                return None  # (maybe an autolink)
        start = _link_open(url, unescape(tag.group(2)) if tag.group(2) else "")
        if start is None:
            return None
        parts += [html[done : tag.start()], start]
        done = tag.end()
    parts.append(html[done:])
    return "".join(parts)


@lru_cache(maxsize=4096)
def _link_open(url: str, title: str) -> str | None:
    """A link's start tag as markdown-it-py writes it; None when it makes no link of it."""
    if "\n" in title:
        return None  # (markdown-it keeps a quote's or list item's indentation in it)
    href = _normalize_link(url)
    if not _validate_link(href):
        return None
    return (
        f'<a href="{_escape_html(href)}" title="{_escape_html(title)}">'
        if title
        else f'<a href="{_escape_html(href)}">'
    )


# markdown-it-py's normalizeLink, normalizeLinkText and validateLink (markdown_it/common/
# normalize_url.py) and escapeHtml, line for line with mdurl (its URL library), so that a body
# with links needs no import of markdown-it-py; tests/test_markdown_fuzz.py holds them to
# markdown-it-py's on URLs of every shape.
_RECODE_HOSTNAME_FOR = ("http:", "https:", "mailto:")
# A URL that mdurl.parse and mdurl.format give back as it is, with no space to strip, no
# hostname to punycode, drop or split (an http(s) URL with a plain ASCII host of 253 characters
# at most, labels of 63), no auth, no empty port; or one with no scheme and no host ("/a", "#b",
# "?c", "d/e": nothing before a ":" that mdurl would take for a scheme).
_PLAIN_URL = re.compile(
    r"(?:https?://([A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*)(?::[0-9]+)?(?=[/?#]|$)"
    r"|(?![A-Za-z0-9.+-]*:|//))\S*"
)
# What mdurl.encode leaves as it is (its ENCODE_DEFAULT_CHARS, letters, digits, %XX).
_KEPT_BY_ENCODE = re.compile(r"(?:[A-Za-z0-9;/?:@&=+$,\-_.!~*'()#]|%[0-9A-Fa-f]{2})*")
_BAD_PROTO = re.compile(r"^(vbscript|javascript|file|data):")
_GOOD_DATA = re.compile(r"^data:image\/(gif|png|jpeg|webp);")
_PUNYCODE_SEPARATORS = re.compile(r"[\x2E\u3002\uFF0E\uFF61]")
_NON_ASCII = re.compile(r"[^\0-\x7E]")


def _plain_url(url: str) -> bool:
    plain = _PLAIN_URL.fullmatch(url)
    return plain is not None and len(plain.group(1) or "") <= 253


@lru_cache(maxsize=4096)
def _normalize_link(url: str) -> str:
    import mdurl

    if _plain_url(url):  # (mdurl's parse and format give it back as it is: mdurl.encode is left)
        return url if _KEPT_BY_ENCODE.fullmatch(url) else mdurl.encode(url)
    parsed = mdurl.parse(url, slashes_denote_host=True)
    if parsed.hostname and (not parsed.protocol or parsed.protocol in _RECODE_HOSTNAME_FOR):
        try:
            parsed = parsed._replace(hostname=_map_domain(parsed.hostname, _punycode_to_ascii))
        except Exception:  # noqa: BLE001 (as markdown-it: `with suppress(Exception)`)
            pass
    if not parsed.hostname or ":" not in parsed.hostname:
        return mdurl.encode(mdurl.format(parsed))
    return mdurl.format(
        parsed._replace(
            protocol=parsed.protocol and mdurl.encode(parsed.protocol),
            auth=parsed.auth and mdurl.encode(parsed.auth),
            hostname=mdurl.encode(parsed.hostname),
            pathname=parsed.pathname and mdurl.encode(parsed.pathname),
            search=parsed.search and mdurl.encode(parsed.search),
            hash=parsed.hash and mdurl.encode(parsed.hash),
        )
    )


def _normalize_link_text(url: str) -> str:
    import mdurl

    parsed = mdurl.parse(url, slashes_denote_host=True)
    if parsed.hostname and (not parsed.protocol or parsed.protocol in _RECODE_HOSTNAME_FOR):
        try:
            parsed = parsed._replace(hostname=_map_domain(parsed.hostname, _punycode_to_unicode))
        except Exception:  # noqa: BLE001
            pass
    return mdurl.decode(mdurl.format(parsed), mdurl.DECODE_DEFAULT_CHARS + "%")


def _validate_link(url: str) -> bool:
    url = url.strip().lower()
    return bool(_GOOD_DATA.search(url)) if _BAD_PROTO.search(url) else True


def _map_domain(string: str, fn) -> str:
    parts = string.split("@")
    result = ""
    if len(parts) > 1:
        result = parts[0] + "@"
        string = parts[1]
    return result + ".".join(fn(label) for label in _PUNYCODE_SEPARATORS.split(string))


def _punycode_to_ascii(label: str) -> str:
    return "xn--" + codecs.encode(label, encoding="punycode").decode() if _NON_ASCII.search(label) else label


def _punycode_to_unicode(label: str) -> str:
    if not label.startswith("xn--"):
        return label
    return codecs.decode(label[4:].lower(), encoding="punycode")  # type: ignore[call-overload]  # (str in: ASCII)


def _escape_html(raw: str) -> str:
    return raw.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _unique_slug(slug: str, slugs: set[str]) -> str:
    """The anchors plugin's unique_slug (mdit_py_plugins.anchors.index), here so that a body
    pyromark renders needs no import of markdown-it-py: "a", "a-1", "a-2" for repeated titles."""
    unique, number = slug, 1
    while unique in slugs:
        unique = f"{slug}-{number}"
        number += 1
    slugs.add(unique)
    return unique


def render_with_tokens(md: MarkdownIt | LazyMarkdown, body: str) -> Rendered:
    env: dict = {}
    tokens = md.parse(body, env)
    renderer: Any = md.renderer  # (markdown-it's RendererHTML: its protocol type lacks renderInlineAsText)
    images: list[Image] = []
    first = ""
    for i, tok in enumerate(tokens):
        kids = tok.children if tok.type in ("inline", "figure") else None
        if kids:
            for child in _walk(kids):
                if child.type == "image":
                    alt = renderer.renderInlineAsText(child.children or [], md.options, env)
                    images.append(
                        Image(
                            child.attrGet("src") or "",
                            alt,
                            child.attrGet("title") or "",
                            _line_of(body, tok.map, child.attrGet("src") or ""),
                        )
                    )
        if not first and tok.type == "inline" and i > 0 and tokens[i - 1].type == "paragraph_open":
            first = renderer.renderInlineAsText(tok.children or [], md.options, env)
    return Rendered(md.renderer.render(tokens, md.options, env), images, first)


def _walk(children):
    for child in children:
        yield child
        if child.children:
            yield from _walk(child.children)


def _line_of(body: str, span, needle: str) -> int:
    """The body line (0-based) holding `needle` within a block's line span."""
    if not span:
        return 0
    start, end = span
    if needle:
        for offset, line in enumerate(body.split("\n")[start:end]):
            if needle in line:
                return start + offset
    return start


_SPACE = re.compile(r"\s+")


def summarize(text: str, limit: int = 200) -> str:
    """Plain text cut at a word boundary near `limit` characters, with an ellipsis when cut."""
    text = _SPACE.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,;:.-–") + "…"
