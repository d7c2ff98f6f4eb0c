"""Problems found in content, collected into a Report and printed together at the end."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, located as precisely as we can (line 1 when unknown)."""

    path: str
    line: int
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Report:
    """Every problem of a run: a build stops before writing when it holds any error."""

    root: Path | None = None
    problems: list[Problem] = field(default_factory=list)
    error_count: int = 0  # kept up to date: asked after every file, while warnings can be many

    def _rel(self, path: Path | str) -> str:
        """The path as the editor knows it: relative to the site folder when inside it."""
        text = str(path)
        if self.root is not None:
            if "_root" not in self.__dict__:
                self._root = str(self.root.resolve()) + "/"
            if text.startswith(self._root):
                return text[len(self._root):]
            try:
                return Path(path).resolve().relative_to(self._root.rstrip("/")).as_posix()
            except (ValueError, OSError):
                pass
        return Path(text).as_posix()

    def error(self, path: Path | str, line: int, message: str) -> None:
        self.problems.append(Problem(self._rel(path), max(1, line), message, ERROR))
        self.error_count += 1

    def warning(self, path: Path | str, line: int, message: str) -> None:
        self.problems.append(Problem(self._rel(path), max(1, line), message, WARNING))

    def make_warnings_errors(self) -> None:
        """--strict: every warning fails the run."""
        self.problems = [Problem(p.path, p.line, p.message, ERROR) for p in self.problems]
        self.error_count = len(self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    def sorted(self) -> list[Problem]:
        # Stable, reader-friendly order: by file, then line; duplicates dropped.
        return sorted(set(self.problems))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean "x"?)' for the closest choice, or '' when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def line_of_key(front_matter: str, key: str, value: str | None = None) -> int:
    """Line of `key:` (and, if given, of the first later line mentioning `value`) in the file.

    `front_matter` is the text between the '---' lines including the first line's newline,
    so its line index equals the file's 1-based line number minus one... plus the '---' line.
    """
    lines = front_matter.split("\n")
    key_re = re.compile(rf"^\s*-?\s*{re.escape(key)}\s*:")
    for i, line in enumerate(lines):
        if key_re.match(line):
            if value is None:
                return i + 1
            for j in range(i, len(lines)):
                if str(value) in lines[j]:
                    return j + 1
            return i + 1
    return 1


def bad_yaml_date_line(text: str) -> int:
    """The 0-based line of the first value YAML reads as a date that is none (2026-13-45): PyYAML
    raises a bare ValueError for it, with no position. 0 when there is none to be found."""
    import yaml

    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return 0
    constructor = yaml.SafeLoader("")
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop(0)
        if isinstance(node, yaml.MappingNode):
            stack[:0] = [item for pair in node.value for item in pair]
        elif isinstance(node, yaml.SequenceNode):
            stack[:0] = list(node.value)
        elif node.tag == "tag:yaml.org,2002:timestamp":
            try:
                constructor.construct_yaml_timestamp(node)
            except (ValueError, OverflowError):
                return node.start_mark.line
    return 0
