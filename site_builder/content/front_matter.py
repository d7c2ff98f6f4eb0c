"""Front matter as editors write it, read without PyYAML's constructor: the same mapping, faster.

PyYAML's C parser is quick, but it builds every value through Python constructors: 0.1 ms for the
ten lines of an article, more than its Markdown when that takes the fast path. Most front matter
is `key: value` lines, where a value is a quoted string, a plain word, date or number, a `[...]`
list or a `{key: value, ...}` mapping of those, or `- ` items or `key: value` lines of those
indented under the key, with comments after them. `read_simple` reads exactly that and answers
None for anything else (deeper nesting, escapes, block scalars, anchors, tabs, unusual
characters), which PyYAML then reads as before.

Plain scalars are typed by PyYAML's own resolver and constructors, as errors.py bounds them
(a date, 6, yes, null, 1_000; 2026-13-45 and a number of 5,000 digits are left to PyYAML, which
reports them), so the values are PyYAML's; what the form admits is what PyYAML reads the same way
(keys under 1,024 characters, no ':' in a plain item of [...]); tests/test_front_matter.py compares
the two on edge cases and on generated and random front matter.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

import yaml
from yaml.resolver import Resolver

from ..errors import BoundedConstructor, YAMLProblem

_RESOLVER = Resolver()
# A date and time as editors and `site-builder new` write them (2026-05-03T08:30:00+07:00): a YAML
# timestamp whose every field datetime.fromisoformat reads as PyYAML's constructor does. (ASCII
# digits, and hours 00-23: Python 3.14's fromisoformat takes T24:00:00 as the next midnight,
# which PyYAML refuses.)
_ISO_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T(?:[01][0-9]|2[0-3]):[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2}")
_CONSTRUCTOR = BoundedConstructor()
_STR = "tag:yaml.org,2002:str"

_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_]{0,1000}):(?:[ ]+|$)")
_ITEM_LINE = re.compile(r"([ ]*)-[ ]+")
_NESTED_KEY_LINE = re.compile(r"([ ]+)([A-Za-z_][A-Za-z0-9_]{0,1000}):(?:[ ]+|$)")
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]{0,1000}):[ ]+")  # (YAML refuses keys over 1,024 characters)
_QUOTED = re.compile(r'"([^"\\]*)"|\'((?:[^\']|\'\')*)\'')  # no escapes; '' is ' in single quotes
# Plain scalars of letters, digits, spaces and a little punctuation, starting with a letter, a
# digit or "/": no indicator, no comment. In a block, ", " is text; in [...] and {...} it separates, and
# ':' is left to PyYAML there (LibYAML and PyYAML read "a:b" in flow differently over versions).
_PLAIN = re.compile(r"(?:[^\W_]|/)[\w ,.:/+()'-]*")
_FLOW_PLAIN = re.compile(r"(?:[^\W_]|/)[\w ./+()'-]*")
_SPACES = re.compile(r"[ ]*")
_END = re.compile(r"[ ]*(?:(?<= )#.*)?")  # what may follow a value on its line: a comment, after a space


class _NotSimple(Exception):
    """Not in the simple form: PyYAML reads it."""


def read_simple(text: str) -> dict | None:
    """The mapping PyYAML's safe loader (CSafeLoader, as python-frontmatter uses) gives for front
    matter in the simple form, or None when the text is not in that form (the caller then loads
    it with PyYAML)."""
    if "\t" in text or not text.replace("\n", "").isprintable():
        return None  # (not printable: YAML refuses some of those characters; PyYAML says which)
    try:
        return _read(text.split("\n")) or None  # (nothing but comments: PyYAML's None)
    except _NotSimple:
        return None


def _blank(line: str) -> bool:
    stripped = line.lstrip(" ")
    return not stripped or stripped.startswith("#")


def _read(lines: list[str]) -> dict:
    result: dict = {}
    i, count = 0, len(lines)
    while i < count:
        line = lines[i]
        i += 1
        if _blank(line):
            continue
        head = _KEY_LINE.match(line)
        if head is None:
            raise _NotSimple
        key = _key(head.group(1))
        if _END.fullmatch(line, head.end()) is None:
            result[key] = _line_value(line, head.end())
            continue
        # Nothing after the key: `- ` items below it, `key: value` lines indented below it, or null.
        block: list | dict | None = None
        indent = None
        while i < count:
            below = lines[i]
            if _blank(below):
                i += 1
                continue
            item = _ITEM_LINE.match(below)
            if item is None:
                item = _NESTED_KEY_LINE.match(below)
                if item is None or _END.fullmatch(below, item.end()) is not None:
                    if below.startswith(" "):
                        raise _NotSimple  # indented, but neither an item nor a key with its value
                    break
            if block is None:
                block, indent = ({} if item.re is _NESTED_KEY_LINE else []), item.group(1)
            elif item.group(1) != indent or (item.re is _NESTED_KEY_LINE) != isinstance(block, dict):
                raise _NotSimple
            if isinstance(block, dict):
                block[_key(item.group(2))] = _line_value(below, item.end())
            else:
                block.append(_line_value(below, item.end()))
            i += 1
        result[key] = block
    return result


def _line_value(line: str, at: int):
    """The value from `at` to the end of the line (a comment may follow it)."""
    if line.startswith("[", at) or line.startswith("{", at):
        value, at = _flow(line, at)
    else:
        value, at = _scalar(line, at, _PLAIN)
    if _END.fullmatch(line, at) is None:
        raise _NotSimple
    return value


def _flow(line: str, at: int) -> tuple[object, int]:
    """`[a, "b c"]` or `{name: "…", date: 2022-09-08}` on one line, items quoted or plain."""
    mapping = line[at] == "{"
    close = "}" if mapping else "]"
    at = _spaces_end(line, at + 1)
    out: Any = {} if mapping else []
    if line.startswith(close, at):
        return out, at + 1
    while True:
        if mapping:
            key = _KEY.match(line, at)
            if key is None:
                raise _NotSimple
            name, at = _key(key.group(1)), key.end()
        value, at = _scalar(line, at, _FLOW_PLAIN)
        if mapping:
            out[name] = value
        else:
            out.append(value)
        at = _spaces_end(line, at)
        if line.startswith(close, at):
            return out, at + 1
        if not line.startswith(",", at):
            raise _NotSimple
        at = _spaces_end(line, at + 1)
        if line.startswith(close, at):
            raise _NotSimple  # `[a, ]`: not worth guessing what each YAML reader makes of it


def _scalar(line: str, at: int, plain_form: re.Pattern) -> tuple[object, int]:
    """A quoted or plain scalar at `at`, and where it ends (trailing spaces are not part of it)."""
    quoted = _QUOTED.match(line, at)
    if quoted:
        double, single = quoted.groups()
        return (double if double is not None else single.replace("''", "'")), quoted.end()
    plain = plain_form.match(line, at)
    if plain is None:
        raise _NotSimple
    text = plain.group().rstrip(" ")
    if ": " in text or text.endswith(":"):
        raise _NotSimple  # a mapping inside a value, or a key: not the simple form
    return _plain(text), at + len(text)


def _key(text: str) -> str:
    key = _plain(text)
    if not isinstance(key, str):
        raise _NotSimple  # `on:` or `yes:` is a boolean key in YAML 1.1
    return key


@lru_cache(maxsize=16384)
def _plain(text: str):
    """A plain scalar typed as YAML types it: by PyYAML's resolver, built by its constructor.
    (Kept: keys, clusters and dates repeat; every value it makes is immutable.)"""
    if _ISO_DATETIME.fullmatch(text):  # an article's date, nearly always, and a new one each time
        try:
            return dt.datetime.fromisoformat(text)  # (what PyYAML's constructor makes of it)
        except ValueError:
            pass  # (2026-13-45T…: to PyYAML's constructor, which has its own say)
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))
    if tag == _STR:
        return text
    try:
        return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, yaml.ScalarNode(tag, text))
    except (YAMLProblem, ValueError, OverflowError):
        # 2026-13-45, 0x_, a number too long: PyYAML reports it, unless a later line has a slip
        # it reports first (it reads the whole text before it builds a value).
        raise _NotSimple from None


def _spaces_end(line: str, at: int) -> int:
    """Where the spaces from `at` end (at `at` when there are none)."""
    found = _SPACES.match(line, at)
    return found.end() if found else at
