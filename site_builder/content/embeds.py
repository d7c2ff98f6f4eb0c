"""Videos in a body: a YouTube or Vimeo address alone on its line (a paragraph of its own) becomes
the provider's privacy-enhanced player — youtube-nocookie.com, Vimeo with `dnt=1` — in an iframe
with a title and lazy loading. The site's Content-Security-Policy allows frames from exactly
these two players (render/headers.py, FRAME_SOURCES).

Only the address is read, never HTML: raw HTML stays escaped, and what the iframe gets is the
video's id, checked against the id's form (11 characters for YouTube, digits for Vimeo).
"""

from __future__ import annotations

import re

from .blocks import replace_paragraphs

# The player origins the site's CSP names in frame-src: keep the two in step.
FRAME_SOURCES = ("https://www.youtube-nocookie.com", "https://player.vimeo.com")

_YOUTUBE = (
    r"https?://(?:(?:www\.|m\.)?youtube\.com/(?:watch\?v=|embed/|shorts/|live/)|youtu\.be/)"
    r"(?P<youtube>[A-Za-z0-9_-]{11})(?:[?&][A-Za-z0-9_=&%.-]*)?"
)
_VIMEO = r"https?://(?:www\.)?vimeo\.com/(?P<vimeo>[0-9]{1,12})/?"
VIDEO_URL = re.compile(rf"(?:{_YOUTUBE}|{_VIMEO})")
# The same, alone on a line (the fast path of markdown.py leaves such bodies to markdown-it-py).
# Any spaces around it, Unicode ones too: more than markdown-it trims off a paragraph (and more
# than `str.strip`, which the rule uses), so that every line the rule could take is found here.
VIDEO_LINE = re.compile(rf"\n[^\S\n]*(?:{_YOUTUBE}|{_VIMEO})[^\S\n]*(?=\n|\Z)")


def embed_html(match: re.Match) -> str:
    if match.group("youtube"):
        src, title = f"{FRAME_SOURCES[0]}/embed/{match.group('youtube')}", "Video YouTube"
    else:
        src, title = f"{FRAME_SOURCES[1]}/video/{match.group('vimeo')}?dnt=1", "Video Vimeo"
    return (
        f'<figure class="embed"><iframe src="{src}" title="{title}" loading="lazy" '
        'allow="encrypted-media; picture-in-picture; fullscreen" allowfullscreen '
        'referrerpolicy="strict-origin-when-cross-origin"></iframe></figure>\n'
    )


def embeds(state) -> None:
    """markdown-it core rule: a paragraph of the body's own (not in a list or a quote) whose whole
    text is a video's address becomes an `embed` token (after the figures rule). Such a paragraph
    is a line VIDEO_LINE finds, so the fast path never renders one."""
    from markdown_it.token import Token

    def player(opening, inline):
        if opening.level != 0 or "\n" in inline.content:
            return None  # (in a list or a quote: a player is a block of the body's own)
        match = VIDEO_URL.fullmatch(inline.content.strip())
        if match is None:
            return None
        token = Token("embed", "figure", 0)
        token.content = embed_html(match)
        return token

    replace_paragraphs(state, player)


def render_embed(self, tokens, idx, options, env) -> str:
    return tokens[idx].content
