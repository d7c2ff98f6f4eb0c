"""The one MarkdownIt factory: CommonMark + tables, heading ids, lone images as <figure>.

markdown-it-py is the engine: its tokens carry the images an article shows, with their lines, for
the editor-facing checks, and its plugins make figures and heading ids. A body with no link, raw
HTML, entity or table and no image but plain figure lines (most news prose) is rendered by
pyromark (pulldown-cmark, compiled), five times faster and byte for byte the same
(tests/test_markdown.py compares the two); the ids are added as the anchors plugin would, and
figure lines (an image alone in its paragraph) become the figure plugin's <figure>.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape, unescape
from html.entities import html5 as _html5
from typing import TYPE_CHECKING

from ..slugs import slugify

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

try:
    import pyromark
except ImportError:  # (a declared dependency; without it every body goes through markdown-it-py)
    pyromark = None

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
    md.use(anchors_plugin, min_level=ANCHOR_LEVELS[0], max_level=ANCHOR_LEVELS[1], slug_func=slugify,
           permalink=False)
    md.core.ruler.push("figures", _figures)
    md.add_render_rule("figure", _render_figure)
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

    tokens = state.tokens
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if (
            tok.type == "paragraph_open"
            and i + 2 < len(tokens)
            and tokens[i + 1].type == "inline"
            and tokens[i + 2].type == "paragraph_close"
        ):
            children = [c for c in (tokens[i + 1].children or []) if not (c.type == "text" and not c.content.strip())]
            if len(children) == 1 and children[0].type == "image":
                figure = Token("figure", "figure", 0)
                figure.map = tokens[i + 1].map
                figure.children = [children[0]]
                figure.block = True
                out.append(figure)
                i += 3
                continue
        out.append(tok)
        i += 1
    state.tokens = out


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


# What only markdown-it-py renders, at a glance: raw HTML and autolinks (<), images (![) other
# than figure lines, inline links and link definitions (]( ]:, whose URLs the two renderers
# normalise differently), tables (|), fenced code (``` ~~~, ended differently at the end of a
# body), tabs (columns counted differently in corner cases), NUL characters, and U+2028 and
# U+2029 (whitespace to pulldown-cmark's emphasis rules, not to markdown-it's). (Figure lines are
# taken out before this check: their pattern admits none of these.) More is looked for below.
# Each mark comes after a character without which it is only text to both renderers ("[" for
# "![", "](" and "]:": no image, link or link definition has no "["): looking for one character in
# a body is ten times as fast as for two or three (and a regex slower still), and most bodies have
# none of "[", "`" or "~", so a longer mark is looked for only once its character is found.
_NOT_PLAIN = (("<", "<"), ("[", "!["), ("[", "]("), ("[", "]:"), ("|", "|"), ("`", "```"), ("~", "~~~"),
              ("\t", "\t"), ("\0", "\0"), ("\u2028", "\u2028"), ("\u2029", "\u2029"))
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
# A figure line as editors write one: an image alone on a line at its start, with an alt text and
# an optional "caption" of plain text (nothing markdown-it would unescape or emphasise, no pipe
# that could make the line a table's), and a path or http(s) URL of characters its URL
# normalisation leaves as they are. Whether the line is a paragraph of its own (and so a
# figure) is read from pyromark's HTML: see render_plain.
_FIGURE_LINE = re.compile(
    r'\n!\[([^\[\]\\`*_&<|\x00-\x1f\x7f]*)\]\('  # (no control character: markdown-it reads NUL and CR apart)
    r'((?:https?://(?=[a-z0-9.-]{1,253}[/)])[a-z0-9]+(?:[.-][a-z0-9]+)*)?/?[A-Za-z0-9/._~-]+)'  # (a host mdurl keeps)
    r'(?: "([^"\\&|\x00-\x1f\x7f]*)")?\)(?=\n|\Z)')
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
_BLOCKS = re.compile(r'(<pre><code>[^<]*</code></pre>|<hr />|</?(?:p|li|h[1-6]|ul|ol|blockquote|table|thead|tbody|tr)>'
                     r'|<ol start="[0-9]+">|</t[hd]>|<t[hd](?: style="[^"]*")?>)')


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
    if "&" in body and not _plain_entities(body):
        return None
    if "\\" in body and _BACKSLASH_SPACES.search(body):
        return None
    if "    " in body and not _plain_indents(body):
        return None
    lines = "\n" + body  # (the patterns of a line's start look for "\n": ten times as fast as re.M)
    if _DEEP.search(lines) or (body.count("[") >= 15 and any(part.count("[") >= 15 for part in body.split("\n\n"))):
        return None  # (markdown-it stops reading blocks or brackets nested 20 deep: maxNesting)
    if "`" in body and _INDENTED_LINE.search(lines):
        return None
    # (A last line without its line break: markdown-it ends a code block on it with one anyway.)
    if not body.endswith("\n"):
        body += "\n"
    html = pyromark.html(body)
    if '"' in html:
        html = _TEXT_QUOTE.sub("&quot;", html)
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
    images: list[Image] = []
    for number, figure in enumerate(figures):
        mark = f"<p>{_FIGURE_MARK}{number}x</p>\n"
        alt, src, caption = figure.group(1), figure.group(2), figure.group(3) or ""
        html = html.replace(mark, figure_html(src, alt, caption))
        images.append(Image(src, alt, caption, figure.string.count("\n", 0, figure.start())))
    # The first paragraph with text, as markdown-it's: a tight list item's text is a (hidden)
    # paragraph to it, with no <p> here, so a list before that paragraph sends the body there.
    first = ""
    for paragraph in _PARAGRAPH.finditer(html):
        text = unescape(_TAG.sub("", paragraph.group(1)))
        if text:
            if "<li>" in html[:paragraph.start()]:
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
        parts += [html[done:heading.start()], f'<h{level} id="{escape(slug)}">{inner}</h{level}>']
        done = heading.end()
    parts.append(html[done:])
    return Rendered("".join(parts), images, first)


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


def _plain_entities(body: str) -> bool:
    """Whether every entity in the body is a named one both engines write alike (see _ENTITY)."""
    for entity in _ENTITY.finditer(body):
        name = entity.group(1)
        if name is None:
            return False
        chars = _html5.get(name + ";")
        if chars is not None and any(c in _TRIM or c < " " or "\x7f" <= c <= "\x9f" or c in "\u2028\u2029" for c in chars):
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
        trimmed = text[len(lead):len(text) - len(trail)].strip(_TRIM)
        if trimmed.startswith("<br />") or trimmed.endswith(("<br />", "<br />\n")) or (lead and trail and not trimmed):
            return None  # (markdown-it trimmed the spaces of a hard break, or its backslash is text)
        parts[i] = lead + trimmed + trail
    return "".join(parts)


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
    images: list[Image] = []
    first = ""
    for i, tok in enumerate(tokens):
        kids = tok.children if tok.type in ("inline", "figure") else None
        if kids:
            for child in _walk(kids):
                if child.type == "image":
                    alt = md.renderer.renderInlineAsText(child.children or [], md.options, env)
                    images.append(Image(child.attrGet("src") or "", alt, child.attrGet("title") or "",
                                        _line_of(body, tok.map, child.attrGet("src") or "")))
        if not first and tok.type == "inline" and i > 0 and tokens[i - 1].type == "paragraph_open":
            first = md.renderer.renderInlineAsText(tok.children or [], md.options, env)
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
