"""A content file split into front matter and body, keeping the line numbers editors see."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from frontmatter.default_handlers import YAMLHandler

from ..errors import YAMLProblem, line_of_key, load_yaml
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
        raise SourceError(line, "file is not UTF-8 text (save it as UTF-8)") from None
    text = text.replace("\r\n", "\n")
    if not text.strip():
        raise SourceError(1, "file is empty")
    if not _HANDLER.detect(text):
        raise SourceError(1, "missing front matter: start the file with a '---' line, then title: and date:")
    try:
        fm, body = _HANDLER.split(text)
    except ValueError:
        raise SourceError(1, "front matter is not closed: add a '---' line after it") from None
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
        raise SourceError(2, f"front matter must be a mapping of keys (title: ...), not a {type(meta).__name__}")
    return Source(path, meta, fm, body, body_line)
