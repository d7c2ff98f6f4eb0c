"""Paragraphs that are really blocks: the markdown-it core rules of figures (markdown.py) and video
players (embeds.py) each turn a paragraph holding one thing into one token of their own."""

from __future__ import annotations

from collections.abc import Callable


def replace_paragraphs(state, make: Callable) -> None:
    """Each paragraph (`paragraph_open`, `inline`, `paragraph_close`) for which `make(opening,
    inline)` gives a token is replaced by that token, in one pass over the body's tokens."""
    tokens = state.tokens
    out: list = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if (
            tok.type == "paragraph_open"
            and i + 2 < len(tokens)
            and tokens[i + 1].type == "inline"
            and tokens[i + 2].type == "paragraph_close"
        ):
            block = make(tok, tokens[i + 1])
            if block is not None:
                block.map = tokens[i + 1].map
                block.block = True
                out.append(block)
                i += 3
                continue
        out.append(tok)
        i += 1
    state.tokens = out
