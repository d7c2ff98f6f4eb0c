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


# What only markdown-it-py renders: raw HTML and autolinks (<), entities (&), images (![) other
# than figure lines, inline links and link definitions (]( ]:, whose URLs two renderers normalise
# differently), tables (|), fenced code (``` ~~~, ended differently at the end of a body), tabs
# (columns counted differently in corner cases) and NUL characters. (Figure lines are taken out
# before this check: their pattern admits none of these and no other control character.)
# Each mark comes after a character without which it is only text to both renderers ("[" for
# "![", "](" and "]:": no image, link or link definition has no "["): looking for one character in
# a body is ten times as fast as for two or three (and a regex slower still), and most bodies have
# none of "[", "`" or "~", so a longer mark is looked for only once its character is found.
_NOT_PLAIN = (("<", "<"), ("&", "&"), ("[", "!["), ("[", "]("), ("[", "]:"), ("|", "|"), ("`", "```"),
              ("~", "~~~"), ("\t", "\t"), ("\0", "\0"))
# A figure line as editors write one: an image alone on a line at its start, with an alt text and
# an optional "caption" of plain text (nothing markdown-it would unescape or emphasise), and a
# path or http(s) URL of characters its URL normalisation leaves as they are. Whether the line is
# a paragraph of its own (and so a figure) is read from pyromark's HTML: see render_plain.
_FIGURE_LINE = re.compile(
    r'^!\[([^\[\]\\`*_&<\x00-\x1f\x7f]*)\]\('  # (no control character: markdown-it reads NUL and CR apart)
    r'((?:https?://(?=[a-z0-9.-]{1,253}[/)])[a-z0-9]+(?:[.-][a-z0-9]+)*)?/?[A-Za-z0-9/._~-]+)'  # (a host mdurl keeps)
    r'(?: "([^"\\&\x00-\x1f\x7f]*)")?\)$', re.M)
_FIGURE_MARK = "FIGURExSITExBUILDER"  # stands for a figure line while pyromark renders the body
_HEADING = re.compile(rf"<h([{ANCHOR_LEVELS[0]}-{ANCHOR_LEVELS[1]}])>(.*?)</h\1>", re.S)  # those the plugin marks
_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_TAG = re.compile(r"<[^>]*>")
# A double quote in text (not inside a tag: text has its > escaped), which markdown-it escapes
# and pulldown-cmark leaves as it is.
_TEXT_QUOTE = re.compile(r'"(?![^<]*>)')


def render_plain(body: str) -> Rendered | None:
    """A body with none of _NOT_PLAIN rendered by pyromark, as render_with_tokens would render it;
    None when it has one, or when the HTML alone cannot tell what the tokens would (then the
    caller uses markdown-it-py)."""
    if pyromark is None:
        return None
    figures: list[re.Match] = []
    if "[" in body and "![" in body:
        if _FIGURE_MARK in body or "\r" in body:
            return None  # (a lone CR is a line break to markdown-it: the images' lines would differ)

        def mark(figure: re.Match) -> str:
            figures.append(figure)
            return f"{_FIGURE_MARK}{len(figures) - 1}x"
        body = _FIGURE_LINE.sub(mark, body)
    if any(gate in body and mark in body for gate, mark in _NOT_PLAIN):
        return None
    # (A last line without its line break: markdown-it ends a code block on it with one anyway.)
    html = pyromark.html(body if body.endswith("\n") else body + "\n")
    if '"' in html:
        html = _TEXT_QUOTE.sub("&quot;", html)
    images: list[Image] = []
    for number, figure in enumerate(figures):
        # A paragraph of its own, as markdown-it's figure rule wants (not part of a paragraph,
        # a heading or a quote): then its <p> holds the mark alone, once.
        mark = f"<p>{_FIGURE_MARK}{number}x</p>\n"
        if html.count(mark) != 1:
            return None
        alt, src, caption = figure.group(1), figure.group(2), figure.group(3) or ""
        html = html.replace(mark, figure_html(src, alt, caption))
        images.append(Image(src, alt, caption, figure.string.count("\n", 0, figure.start())))
    if "<blockquote>\n</blockquote>" in html or "<li></li>" in html:
        return None  # an empty quote (markdown-it writes it on one line), an empty list item
        # (after which the two disagree on where the list ends)
    first = _FIRST_PARAGRAPH.search(html)
    if "<li>" in html[:first.start() if first else len(html)]:
        return None  # a tight list item is a (hidden) paragraph to markdown-it, with no <p> here
    parts: list[str] = []
    slugs: set[str] = set()
    done = 0
    for heading in _HEADING.finditer(html):
        level, inner = heading.groups()
        if "\n" in inner:
            return None  # a heading over several lines: the plugin's title leaves out the breaks
        # The plugin's title is the heading's text and code, as here without tags (the HTML of
        # text escapes only the characters unescape gives back: & and < are not in the body).
        slug = _unique_slug(slugify(unescape(_TAG.sub("", inner))), slugs)
        # (escape() as the plugin's escapeHtml: they differ only on "'", which no slug has)
        parts += [html[done:heading.start()], f'<h{level} id="{escape(slug)}">{inner}</h{level}>']
        done = heading.end()
    parts.append(html[done:])
    return Rendered("".join(parts), images, unescape(_TAG.sub("", first.group(1))) if first else "")


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
