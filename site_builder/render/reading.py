"""What a long report shows its reader before the text: how long it takes to read, a table of
contents of its `##` sections, and the documents attached to it (type and size).

Read from the rendered body when the article page is rendered (never on a warm build, which does
not render an unchanged page): the body's `<h2 id>` are the anchors markdown.py gives headings.
"""

from __future__ import annotations

import math
import re
from html import unescape
from typing import NamedTuple

from ..content.attachments import href, kind_of, size_text
from ..content.models import Article, Attachment

WORDS_A_MINUTE = 200  # a reader of Vietnamese news on a screen (syllables, as words are written)
TOC_MIN_SECTIONS = 3  # fewer sections need no contents

_TAG = re.compile(r"<[^>]*>")
_H2 = re.compile(r'<h2 id="([^"]*)">(.*?)</h2>', re.S)


def reading_minutes(html: str) -> int:
    """Minutes to read a body, at least 1."""
    words = len(unescape(_TAG.sub(" ", html)).split())
    return max(1, math.ceil(words / WORDS_A_MINUTE))


class Section(NamedTuple):
    anchor: str  # the heading's id, as written in the body (already escaped there)
    title: str  # its text, unescaped (the template escapes it again)


def contents(article: Article, html: str) -> list[Section]:
    """The `##` sections of a body when it gets a table of contents: `toc: true`, or three or more
    sections unless `toc: false`."""
    if article.toc is False or "<h2 " not in html:
        return []
    sections = [Section(unescape(anchor), unescape(_TAG.sub("", title)).strip()) for anchor, title in _H2.findall(html)]
    if article.toc is None and len(sections) < TOC_MIN_SECTIONS:
        return []
    return sections


class AttachmentInfo(NamedTuple):
    url: str
    title: str
    label: str  # "PDF"
    mime: str
    size: str  # "1,2 MB"


def describer(stamps: dict, language: str):
    """`attachment_info(attachment)` for templates: its type and size, from the file's stamp taken
    by the build (size first)."""

    def attachment_info(attached: Attachment) -> AttachmentInfo:
        label, mime = kind_of(attached.url)
        stamp = stamps.get(attached.url.lstrip("/"))
        size = size_text(stamp[0], language) if stamp else ""
        return AttachmentInfo(href(attached.url), attached.title, label, mime, size)

    return attachment_info
