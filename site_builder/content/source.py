"""A content file split into front matter and body, keeping the line numbers editors see."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from frontmatter.default_handlers import YAMLHandler

from ..errors import YAMLProblem, line_of_key, load_yaml
from ..messages import t
from .front_matter import read_simple

_HANDLER = YAMLHandler()


class SourceError(Exception):
    """A file that cannot be read at all; `line` is 1-based in the file."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class Source:
    """Front matter as a mapping, the Markdown body, and where each starts in the file."""

    path: Path
    meta: dict
    front_matter: str
    body: str
    body_line: int  # 1-based file line of the body's first line

    def line_of(self, key: str, value: str | None = None) -> int:
        """The file line of a front-matter key (or of a value under it); 1 when not found."""
        return line_of_key(self.front_matter, key, value)


def read_source(path: Path) -> Source:
    """Read and split one Markdown file; raise SourceError for what makes it unusable."""
    return parse_source(path, path.read_bytes())


def parse_source(path: Path, raw: bytes) -> Source:
    """Split a file's bytes into front matter and body; raise SourceError when unusable."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(line, t("not_utf8")) from None
    text = text.replace("\r\n", "\n")
    if not text.strip():
        raise SourceError(1, t("source.empty"))
    if not _HANDLER.detect(text):
        raise SourceError(1, t("source.no_front_matter"))
    try:
        fm, body = _HANDLER.split(text)
    except ValueError:
        raise SourceError(1, t("source.not_closed")) from None
    body_line = text[: len(text) - len(body)].count("\n") + 1
    try:
        # The simple form editors write is read without PyYAML's constructors; anything else,
        # and every slip, by PyYAML within bounds (front_matter.py, errors.load_yaml).
        meta = (read_simple(fm) or load_yaml(fm, "front matter")) if fm.strip() else {}
    except YAMLProblem as exc:
        raise SourceError(exc.line + 1, exc.message) from None  # (the split keeps line 1's newline)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise SourceError(*_not_a_mapping(fm, meta))
    return Source(path, meta, fm, body, body_line)


_NO_SPACE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(\S.*)")


def _not_a_mapping(fm: str, meta: object) -> tuple[int, str]:
    """(line, message) for front matter that YAML reads as one text or a list, not keys: most
    often `title:Tiêu đề`, a key without a space after its colon (then that line is named)."""
    for number, line in enumerate(fm.split("\n")):
        slip = _NO_SPACE.fullmatch(line.strip())
        if slip is not None and not line.startswith((" ", "-")) and not slip.group(2).startswith("//"):
            return number + 1, t("source.no_space_after_colon", fixed=f"{slip.group(1)}: {slip.group(2)}"[:160])
    kind = t("kind.list") if isinstance(meta, list) else t("kind.str") if isinstance(meta, str) else None
    return 2, t("source.not_a_mapping", kind=kind or t("kind.other", name=type(meta).__name__))
