"""Problems found in content, collected into a Report and printed together at the end; and YAML
read within bounds, so that whatever an editor writes is a problem with a line (`load_yaml`)."""

from __future__ import annotations

import difflib
import functools
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.constructor import SafeConstructor

from .messages import date_why, number, t
from .messages import did_you_mean as _did_you_mean

ERROR = "error"
WARNING = "warning"
WARNING_PREFIX = "warning_prefix"  # (messages.py: "cảnh báo: ")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, located as precisely as we can (line 1 when unknown)."""

    path: str
    line: int
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        # A warning says so (`path:line: cảnh báo: …`): the build goes on, unlike for an error.
        if self.severity == WARNING:
            return f"{self.path}:{self.line}: {t(WARNING_PREFIX)}{self.message}"
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
                return text[len(self._root) :]
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
    """' (có phải "x"?)' for the closest choice, or '' when nothing is close."""
    return _did_you_mean(closest(word, choices))


def did_you_mean_file(written: str, files: Iterable[str]) -> str:
    """' (có phải "x"?)' for the file an editor most likely meant by a path that names none, or ''.
    In this order: the same path in other capitals ("Hoi-Nghi.JPG"); the same name with another
    ending in the same folder ("hoi-nghi.jpeg" for "hoi-nghi.jpg"); the same name in another folder
    ("bao-cao.pdf" for "tai-lieu/2026/bao-cao.pdf": a comparison of whole paths misses it when the
    folders are long), the one whose path is closest; a name one or two slips from it in the same
    folder ("hoi-ngi.jpg"). Whole paths are not compared: "/images/2026/khac.png" would be "close"
    to every picture of 2026 by its folder alone. Each step is one pass over the files (a site may
    have 15,000 pictures in one folder): the slips are looked for only among names of about the
    same length."""
    files = list(files)
    lowered = written.lower()
    folder, _, name = lowered.rpartition("/")
    stem = name.rsplit(".", 1)[0]
    split = [(rel, *rel.lower().rpartition("/")[::2]) for rel in files]  # (path, its folder, its name)
    for rel, where, called in split:
        if where == folder and called == name:
            return _did_you_mean(rel)
    for rel, where, called in split:
        if where == folder and called.rsplit(".", 1)[0] == stem:
            return _did_you_mean(rel)
    elsewhere = [rel for rel, _, called in split if called == name]
    if elsewhere:
        return _did_you_mean(closest(written, elsewhere, cutoff=0.0))
    near = {called: rel for rel, where, called in split if where == folder and abs(len(called) - len(name)) <= 2}
    # (Compared, by difflib, only with the hundred that begin and the hundred that end most like
    # it: a slip leaves the letters before it or those after it as written.)
    heads = sorted(near, key=lambda called: (-len(os.path.commonprefix([called, name])), called))[:100]
    tails = sorted(near, key=lambda called: (-len(os.path.commonprefix([called[::-1], name[::-1]])), called))[:100]
    meant = closest(name, dict.fromkeys(heads + tails), cutoff=0.8)
    return _did_you_mean(near[meant]) if meant is not None else ""


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice closest to `word`, or None when nothing is close."""
    choices = list(choices)
    if len(word) > 3 * max(map(len, choices), default=0):
        return None  # none is close: a ratio of 0.6 needs 2 x the shorter length >= 0.6 x both lengths
    close = difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    return close[0] if close else None


def line_of_key(front_matter: str, key: str, value: str | None = None) -> int:
    """Line of `key:` (and, if given, of the first later line mentioning `value`) in the file.

    `front_matter` is the text between the '---' lines including the first line's newline,
    so its line index equals the file's 1-based line number minus one... plus the '---' line.
    """
    if len(key) > 1024:
        return 1  # YAML takes no longer key on a `key:` line
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


# --- YAML from editors (front matter, content/_site.yaml), read within bounds, every problem a line
#
# PyYAML's safe loader runs no code, but what it builds can still take a build down:
# - an alias shares its node, so a 600-byte "billion laughs" (`b: &b [*a, *a, …]`, nine levels)
#   loads at once as a graph that every later walk as a tree (the cache's encode, templates) takes
#   as 9^9 values: out of memory after a minute; `x: &a [*a]` is a list that holds itself;
# - every later walk recurses once a level, and LibYAML takes 1,000 levels (the pure-Python
#   loader, used without LibYAML, recurses itself);
# - Python writes no int of more than 4,300 digits (the cache could not store `0x1000…`), and
#   a base-60 one (`1:30:30:…`) takes seconds to build;
# - tags make values JSON cannot hold (`!!binary`, `!!set`) or fail with a KeyError or an
#   AttributeError (`!!bool x`, `!!timestamp x`).
# Editors need none of these: anchors, aliases and tags are refused, and so are lists and
# mappings nested more than MAX_YAML_DEPTH levels deep and numbers longer than
# MAX_YAML_NUMBER_CHARS, each with the line where it is (`YAMLProblem`).
#
# At no cost to ordinary text: anchors, aliases and tags need a '&', '*' or '!' in the text, and
# deep nesting needs many '[' or '{', or a line that starts far to the right (see `_yaml_may_nest`).
# Only a text with one of those is parsed once more, as events, before PyYAML loads it. (Front
# matter in the simple form never gets here: content/front_matter.py reads it.)
# (Here, below both settings and content, as line_of_key is: tests/test_layers.py.)

MAX_YAML_DEPTH = 20  # levels of lists and mappings, the top mapping being the first
MAX_YAML_NUMBER_CHARS = 1000  # 0x + 1,000 hex digits is 1,205 decimal ones: Python writes 4,300

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # what python-frontmatter uses


class YAMLProblem(Exception):
    """Why a YAML text is refused; `line` is 0-based in the text."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class _NotARealDate(YAMLProblem):
    """2026-13-45: the key it is the value of is named by `load_yaml`, which has the text."""

    def __init__(self, line: int, value: str, why: str):
        super().__init__(line, t("yaml.not_a_real_date", key="", value=value, why=why))
        self.value = value
        self.why = why


class BoundedConstructor(SafeConstructor):
    """PyYAML's safe constructor, with numbers bounded and a bad number or date located."""

    def construct_yaml_int(self, node):
        if len(node.value) > MAX_YAML_NUMBER_CHARS:
            raise YAMLProblem(
                _node_line(node),
                t("yaml.number_too_long", count=number(len(node.value)), limit=number(MAX_YAML_NUMBER_CHARS)),
            )
        try:
            return super().construct_yaml_int(node)
        except ValueError:  # 0x_ and 0b_ are ints to YAML's resolver, and nothing to Python
            raise YAMLProblem(_node_line(node), t("yaml.not_a_number", value=shown(node.value))) from None

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as exc:  # 2026-13-45: PyYAML's error has no position
            raise _NotARealDate(_node_line(node), shown(node.value), date_why(str(exc))) from None

    def construct_undefined(self, node):
        # Only plain "=" and "<<" get here (tags are refused): YAML 1.1 gives them meanings.
        raise YAMLProblem(_node_line(node), t("yaml.means_something_else", value=shown(node.value)))


BoundedConstructor.add_constructor("tag:yaml.org,2002:int", BoundedConstructor.construct_yaml_int)
BoundedConstructor.add_constructor("tag:yaml.org,2002:timestamp", BoundedConstructor.construct_yaml_timestamp)
BoundedConstructor.add_constructor(None, BoundedConstructor.construct_undefined)


def _node_line(node) -> int:
    return node.start_mark.line if node.start_mark else 0  # (front_matter.py's nodes have no mark)


def shown(text: str, size: int = 80) -> str:
    """A value as a message quotes it: control characters written as \\uXXXX, its start when long."""
    shown = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in str(text))
    return shown if len(shown) <= size else shown[: size - 1] + "…"


class _BoundedLoader(BoundedConstructor, _YAML_LOADER):  # type: ignore[valid-type,misc]  # (C or Python loader)
    """LibYAML's parser (when there), with the bounded constructor."""


_WHERE = {"front matter": "where.front_matter", "site settings": "where.settings"}


def load_yaml(text: str, where: str):
    """The value PyYAML's safe loader makes of `text`, within the bounds above; YAMLProblem for
    what is refused and for every error, with its line and a hint an editor can act on (see
    `_yaml_slip`). `where` names the text in messages ("front matter", "site settings")."""
    try:
        if _yaml_may_refuse(text):
            _yaml_check(text, where)
        return yaml.load(text, Loader=_BoundedLoader)
    except _NotARealDate as exc:
        key = _key_of_value(text, exc.line, exc.value)
        raise YAMLProblem(
            exc.line, t("yaml.not_a_real_date", key=f"{key}: " if key else "", value=exc.value, why=exc.why)
        ) from None
    except yaml.MarkedYAMLError as exc:
        if (exc.problem or "") == "exceeded maximum nesting depth":  # LibYAML's own limit (1,000 '[' in a row)
            mark = exc.context_mark or exc.problem_mark
            raise YAMLProblem(mark.line if mark else _yaml_first_line(text), _yaml_too_deep(where)) from None
        raise YAMLProblem(*_yaml_slip(text, exc, where)) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not take (its position: in bytes for LibYAML)
        character = exc.character if isinstance(exc.character, int) else ord(exc.character)
        at = text.find(chr(character))
        raise YAMLProblem(
            text.count("\n", 0, at) if at >= 0 else _yaml_first_line(text),
            t("yaml.bad_character", where=_where(where), code=f"{character:04x}"),
        ) from None
    except yaml.YAMLError as exc:
        problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise YAMLProblem(_yaml_first_line(text), t("yaml.other", where=_where(where), problem=problem)) from None


def _where(where: str) -> str:
    return t(_WHERE[where]) if where in _WHERE else where


_NO_SPACE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(\S.*)")  # `title:Hội nghị`, at the start of a line
_KEY_AT_LINE = re.compile(r"\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*:(?:\s|$)")


def _key_of_value(text: str, line: int, value: str) -> str | None:
    """The key whose value `value` is on `line` of `text` (`date: 2026-13-45`, `{name: x, date: …}`)."""
    lines = text.split("\n")
    if not 0 <= line < len(lines):
        return None
    found = re.search(rf"([A-Za-z_][A-Za-z0-9_]*)\s*:\s*[\"']?{re.escape(value)}", lines[line])
    if found is not None:
        return found.group(1)
    head = _KEY_AT_LINE.match(lines[line])
    return head.group(1) if head else None


def _yaml_slip(text: str, exc: yaml.MarkedYAMLError, where: str) -> tuple[int, str]:
    """(0-based line, message) for a syntax error of PyYAML or LibYAML, told as the slip an editor
    made: a quote left open, a colon in a value that is not quoted, a tab, an indentation that
    does not match, a bracket left open, text after a closing quote. Each at the line that has it:
    a bracket or a quote left open where it opened (PyYAML's context), a tab where the tab is,
    the others where PyYAML stopped (its context is then the mapping around them, lines above)."""
    context, problem = exc.context or "", exc.problem or ""
    lines = text.split("\n")
    context_line = exc.context_mark.line if exc.context_mark else None
    problem_line = exc.problem_mark.line if exc.problem_mark else None
    at = problem_line if problem_line is not None else (context_line if context_line is not None else 0)

    def line_text(number: int | None) -> str:
        return lines[number] if number is not None and 0 <= number < len(lines) else ""

    # `title:Hội nghị` (no space after the colon) is one text to YAML, which then stops at a later
    # line: the slip is the line without the space.
    for index in range(0, min(at, len(lines) - 1) + 1):
        slip = _NO_SPACE.fullmatch(lines[index])
        if slip is not None and not slip.group(2).startswith("//"):
            return index, t("source.no_space_after_colon", fixed=shown(f"{slip.group(1)}: {slip.group(2)}", 160))

    if "quoted scalar" in context and context_line is not None:
        opened = exc.context_mark
        column = getattr(opened, "column", None)
        quote = line_text(context_line)[column : column + 1] if column is not None else '"'
        return context_line, t("yaml.unclosed_single_quote" if quote == "'" else "yaml.unclosed_double_quote")
    if "tab" in problem or "'\t'" in problem or ("cannot start any token" in problem and "\t" in line_text(at)):
        first = min(at, context_line if context_line is not None else at)
        tabbed = at if "\t" in line_text(at) else next((n for n in range(first, len(lines)) if "\t" in lines[n]), at)
        return tabbed, t("yaml.tab")
    if "flow sequence" in context and context_line is not None:
        return context_line, t("yaml.unclosed_list")
    if "flow mapping" in context and context_line is not None:
        return context_line, t("yaml.unclosed_mapping")
    if "cannot start any token" in problem:
        column = getattr(exc.problem_mark, "column", None)
        char = line_text(at)[column : column + 1] if column is not None else ""
        if char and not char.isspace():
            return at, t("yaml.bad_start", char=char)
    if "mapping values are not allowed" in problem:
        current = line_text(at)
        before = next((lines[n] for n in range(at - 1, -1, -1) if lines[n].strip()), "")
        indent, indent_before = len(current) - len(current.lstrip()), len(before) - len(before.lstrip())
        if indent > indent_before and not before.rstrip().endswith(":"):
            return at, t("yaml.indentation")  # (` date: …` under `title: A`: read as part of the title)
        head = _KEY_AT_LINE.match(current)
        if head is not None:
            key, value = head.group(1), current[head.end() :].strip()
            if value and not value.startswith(("'", '"', "[", "{")):
                value = value.split(" #", 1)[0].rstrip()
                fixed = f'{key}: "{value}"' if '"' not in value else f"{key}: '{value.replace(chr(39), chr(39) * 2)}'"
                return at, t("yaml.colon_in_value", key=key, fixed=shown(fixed, 160))
        return at, t("yaml.colon_in_line")
    if "expected key" in problem or "expected <block end>" in problem or "block mapping" in context:
        current = line_text(at)
        if re.match(r"\s*(?:-\s+)?[A-Za-z_][A-Za-z0-9_]*\s*:\s*([\"']).*?\1\s*[^\s#]", current) or re.match(
            r"\s*-\s+([\"']).*?\1\s*[^\s#]", current
        ):
            return at, t("yaml.text_after_quote")
        return at, t("yaml.indentation")
    if "block collection" in context or "block sequence" in context or "indentation" in problem:
        return at, t("yaml.indentation")
    return at, t("yaml.other", where=_where(where), problem=problem or context or "invalid YAML")


def _yaml_first_line(text: str) -> int:
    """Where a problem without a position is reported: the first line with something on it."""
    return len(text) - len(text.lstrip("\n"))


def _yaml_may_refuse(text: str) -> bool:
    """Whether `text` may hold what `_yaml_check` refuses: cheap, and never False when it does."""
    return "&" in text or "*" in text or "!" in text or _yaml_may_nest(text)


# A line that starts with a run of spaces and block indicators: where a block list or mapping
# starts. (YAML's line breaks include \r, NEL, LS and PS.)
_YAML_RUN = "[ \t?:-]"
_YAML_LINE_START = re.compile(f"{_YAML_RUN}*")


@functools.lru_cache(maxsize=MAX_YAML_DEPTH)
def _yaml_deep_line(run: int) -> re.Pattern:
    """A line that starts with `run` of them. (Compiled when first asked for: nearly every front
    matter asks for one, MAX_YAML_DEPTH // 2; all ten took 7 ms of every command's start.)"""
    return re.compile(f"[\n\r\x85\u2028\u2029]{_YAML_RUN}{{{run}}}")


def _yaml_may_nest(text: str) -> bool:
    """Whether `text` may nest deeper than MAX_YAML_DEPTH.

    Each level of flow nesting takes a '[' or '{'. A block list or mapping starts at the column
    of its first '-', '?' or key, which is at most P, the longest run of spaces, tabs, '-', '?'
    and ':' at the start of a line; a block collection inside another starts further right,
    except a list that is a mapping's value, which may start at the mapping's column (and whose
    items start further right). So block nesting is at most 2 (P + 1) levels deep."""
    room = MAX_YAML_DEPTH - text.count("[") - text.count("{")  # levels left for block nesting
    if room < 2:
        return True
    run = room // 2  # 2 (P + 1) > room when P >= room // 2
    start = _YAML_LINE_START.match(text)
    assert start is not None  # (it matches any text: spaces, maybe none)
    return start.end() >= run or _yaml_deep_line(run).search(text) is not None


def _yaml_check(text: str, where: str) -> None:
    """Refuse anchors, aliases, tags and nesting deeper than MAX_YAML_DEPTH, at the first one: from
    the parser's events, which come one by one (nothing is built, and a deep text is refused as
    soon as it is too deep). A syntax error is raised as PyYAML's, as loading would."""
    depth = 0
    for event in yaml.parse(text, Loader=_YAML_LOADER):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise YAMLProblem(event.start_mark.line, t("yaml.anchor", where=_where(where)))
        if getattr(event, "tag", None) is not None:
            raise YAMLProblem(event.start_mark.line, t("yaml.tag", where=_where(where)))
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise YAMLProblem(event.start_mark.line, _yaml_too_deep(where))
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _yaml_too_deep(where: str) -> str:
    return t("yaml.too_deep", limit=MAX_YAML_DEPTH, where=_where(where))
