"""Hostile YAML in front matter and in content/_site.yaml: one clear path:line message, exit 1,
no traceback, previous output untouched, and never more than a moment (errors.load_yaml).

The table is built through the real CLI; the properties (hypothesis) feed generated hostile text
to `parse_source` and `load_config`, which must give a value or a clean error within a deadline.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURE, run, tree
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.cache import encode
from site_builder.config import load_config
from site_builder.content.source import SourceError, parse_source
from site_builder.errors import Report

MAX_DEPTH = 20  # errors.MAX_YAML_DEPTH (test_the_depth_limit_is_the_one_tested checks it)
FRONT = "content/articles/x.md"
SETTINGS = "content/_site.yaml"
FRONT_MATTER = "phần đầu bài (giữa hai dòng ---)"  # where a message says the problem is; the settings:
IN_SETTINGS = "tệp cài đặt"
ANCHORS = f"không dùng được &tên và *tên trong {FRONT_MATTER}: viết thẳng giá trị ra"
TAGS = f"không dùng được thẻ YAML (!!kiểu, !tên) trong {FRONT_MATTER}: bỏ thẻ đi"
DEEP = f"danh sách lồng nhau quá {MAX_DEPTH} tầng trong {FRONT_MATTER}: viết gọn lại"


def article(front: str) -> str:
    """An article whose hostile part starts on line 4."""
    return f"---\ntitle: A\ndate: 2022-01-01\n{front}\n---\nNội dung.\n"


def laughs(levels: int = 9, width: int = 9, item: str = "a{i}: ") -> str:
    """The tester's 600 bytes: 9^9 "x" once every alias is followed; each level a key, or an item."""
    lines = [item.format(i=0) + f"&a0 [{', '.join(['x'] * width)}]"]
    lines += [item.format(i=i) + f"&a{i} [{', '.join([f'*a{i - 1}'] * width)}]" for i in range(1, levels)]
    return "\n".join(lines)


def nested_lists(depth: int) -> str:
    return "[" * depth + "]" * depth


CASES = [
    # front matter
    ("billion laughs", FRONT, article(laughs()), f"{FRONT}:4: {ANCHORS}"),
    ("a list that holds itself", FRONT, article("x: &a [*a]"), f"{FRONT}:4: {ANCHORS}"),
    (
        "a list that holds itself, then a date that does not exist",
        FRONT,
        article("x: &a [*a]\nwhen: 2026-13-45"),
        f"{FRONT}:4: {ANCHORS}",
    ),
    (
        "an alias of nothing, after * and & in quotes",
        FRONT,
        article('summary: "5 * 3 & co"\nx: *a'),
        f"{FRONT}:5: {ANCHORS}",
    ),
    (
        "a chain of 2,000 merge keys",
        FRONT,
        article("a0: &a0 {k0: 1}\n" + "\n".join(f"a{i}: &a{i} {{<<: *a{i - 1}, k{i}: 1}}" for i in range(1, 2000))),
        f"{FRONT}:4: {ANCHORS}",
    ),
    ("100,000 nested lists", FRONT, article("x: " + nested_lists(100_000)), f"{FRONT}:4: {DEEP}"),
    ("100,000 nested mappings", FRONT, article("x: " + "{a: " * 100_000 + "1" + "}" * 100_000), f"{FRONT}:4: {DEEP}"),
    ("900 nested lists (under LibYAML's own limit)", FRONT, article("x: " + nested_lists(900)), f"{FRONT}:4: {DEEP}"),
    ("one level too deep", FRONT, article("x: " + nested_lists(MAX_DEPTH)), f"{FRONT}:4: {DEEP}"),
    (
        "100 indented mappings",
        FRONT,
        article("x:\n" + "".join(" " * i + "a:\n" for i in range(1, 101)) + " " * 101 + "b"),
        f"{FRONT}:24: {DEEP}",
    ),  # the top mapping is level 1, x's level 2 (line 5), ... level 21 on line 24
    ("60 compact lists on one line", FRONT, article("x:\n" + "- " * 60 + "a"), f"{FRONT}:5: {DEEP}"),
    (
        "a number of 100,000 digits",
        FRONT,
        article("x: 1" + "0" * 100_000),
        f"{FRONT}:4: số quá dài (100.001 chữ số, tối đa 1.000): nếu đây là chữ, đặt nó trong dấu ngoặc kép",
    ),
    (
        "a hex number of 5,000 digits (the simple form)",
        FRONT,
        article("x: 0x1" + "0" * 4999),
        f"{FRONT}:4: số quá dài (5.002 chữ số, tối đa 1.000)",
    ),
    ("a base-60 number of 5,300 digits", FRONT, article("x: 1" + ":30" * 3000), f"{FRONT}:4: số quá dài"),
    (
        "a number Python cannot read",
        FRONT,
        article("x: 0x_"),
        f'{FRONT}:4: "0x_" không phải là số: nếu đây là chữ, đặt nó trong dấu ngoặc kép',
    ),
    ("!!python/object", FRONT, article("x: !!python/object:os.system {}"), f"{FRONT}:4: {TAGS}"),
    ("!!binary (bytes, which the cache cannot hold)", FRONT, article("x: !!binary AAAA"), f"{FRONT}:4: {TAGS}"),
    ("!!set", FRONT, article("tags: [a]\nx: !!set {a, b}"), f"{FRONT}:5: {TAGS}"),
    ("!!bool that is none", FRONT, article("x: !!bool maybe"), f"{FRONT}:4: {TAGS}"),
    ("!!timestamp that is none", FRONT, article("x: !!timestamp soon"), f"{FRONT}:4: {TAGS}"),
    (
        "a control character",
        FRONT,
        article('x: "a\x01b"'),
        f"{FRONT}:4: dòng này có ký tự U+0001 (một ký tự điều khiển vô hình) mà trang web và nguồn tin không chứa được",
    ),
    (
        "a plain =",
        FRONT,
        article("x: ="),
        f'{FRONT}:4: "=" có nghĩa riêng ở chỗ này: nếu đây là chữ, đặt nó trong dấu ngoặc kép',
    ),
    # content/_site.yaml
    (
        "settings: billion laughs",
        SETTINGS,
        "title: T\ndescription:\n" + laughs(item="- ") + "\n",
        f"{SETTINGS}:3: {ANCHORS.replace(FRONT_MATTER, IN_SETTINGS)}",
    ),
    (
        "settings: a list that holds itself",
        SETTINGS,
        "title: &a [*a]\n",
        f"{SETTINGS}:1: {ANCHORS.replace(FRONT_MATTER, IN_SETTINGS)}",
    ),
    (
        "settings: 100,000 nested lists",
        SETTINGS,
        "title: T\nmenu: " + nested_lists(100_000) + "\n",
        f"{SETTINGS}:2: {DEEP.replace(FRONT_MATTER, IN_SETTINGS)}",
    ),
    (
        "settings: a title of 900 nested lists",
        SETTINGS,
        "title: " + nested_lists(900) + "\n",
        f"{SETTINGS}:1: {DEEP.replace(FRONT_MATTER, IN_SETTINGS)}",
    ),
    (
        "settings: a number of 100,000 digits",
        SETTINGS,
        "title: T\npage_size: 1" + "0" * 100_000 + "\n",
        f"{SETTINGS}:2: số quá dài (100.001 chữ số, tối đa 1.000)",
    ),
    (
        "settings: !!timestamp that is none",
        SETTINGS,
        "title: T\ndescription: !!timestamp soon\n",
        f"{SETTINGS}:2: {TAGS.replace(FRONT_MATTER, IN_SETTINGS)}",
    ),
    (
        "settings: a control character",
        SETTINGS,
        "title: T\ndescription: a\x01b\n",
        f"{SETTINGS}:2: tệp cài đặt có ký tự #x0001 không dùng được: xóa nó đi",
    ),
    (
        "settings: 5,000 unknown settings",
        SETTINGS,
        "".join(f"k{i}: 1\n" for i in range(5000)),
        f"{SETTINGS}:21: còn 4.980 cài đặt không biết nữa từ đây trở đi",
    ),
    (
        "settings: a key of 1,000,000 characters",
        SETTINGS,
        "? " + "k" * 1_000_000 + "\n: 1\n",
        f'{SETTINGS}:1: không có cài đặt "{"k" * 79}…"\n',
    ),
]


@pytest.fixture(scope="module")
def built_site(tmp_path_factory) -> Path:
    """The fixture site built once; each case writes one file, builds, and puts the file back."""
    site = tmp_path_factory.mktemp("hostile") / "site"
    shutil.copytree(FIXTURE, site, ignore=shutil.ignore_patterns("public", ".site-builder-cache", ".public.*"))
    assert run(site, "build") == 0
    return site


@pytest.mark.parametrize("name,rel,text,message", CASES, ids=[c[0] for c in CASES])
def test_hostile_yaml_is_reported_and_previous_output_kept(built_site, capsys, name, rel, text, message):
    site = built_site
    before = tree(site / "public")
    path = site / rel
    original = path.read_bytes() if path.exists() else None
    capsys.readouterr()
    path.write_text(text, encoding="utf-8")
    try:
        assert run(site, "build") == 1
    finally:
        if original is None:
            path.unlink()
        else:
            path.write_bytes(original)
    err = capsys.readouterr().err
    assert message in err, err[:2000]
    assert "Traceback" not in err
    assert max(map(len, err.splitlines())) < 300  # a line a problem, that a terminal shows
    assert tree(site / "public") == before
    assert not list(site.glob(".public.staging-*"))


def test_what_only_looks_hostile_still_builds(site, capsys):
    """'*', '&' and '!' in text, nesting at the limit, numbers of 1,000 digits, long keys and values."""
    (site / "content/articles/x.md").write_text(
        article(
            'summary: "5 * 3 & co!"\nnote: Hợp tác R&D, *quan trọng*!\nlead: |\n  *a &b !c\n'
            "x: " + nested_lists(MAX_DEPTH - 1) + "\nbig: 1" + "0" * 999 + "\n? " + "k" * 100_000 + "\n: v\n"
            "text: " + "chữ " * 250_000
        ),
        encoding="utf-8",
    )
    (site / "content/_site.yaml").write_text(
        (site / "content/_site.yaml").read_text(encoding="utf-8") + 'description: "* & ! [["\n', encoding="utf-8"
    )
    assert run(site, "build") == 0, capsys.readouterr().err


def test_the_depth_limit_is_the_one_tested():
    from site_builder import errors

    assert errors.MAX_YAML_DEPTH == MAX_DEPTH


# --- Properties: generated hostile YAML gives a value or a clean error, within a deadline ---------

PROPERTY = settings(deadline=timedelta(seconds=1), max_examples=150, database=None)

# YAML's indicators and the values that broke it, and some text between them.
TOKENS = [
    "&a ",
    "*a",
    "&b ",
    "*b",
    "!!binary ",
    "!!set ",
    "!!python/object:os.system ",
    "!x ",
    "! ",
    "<<: ",
    "? ",
    "- ",
    ": ",
    ":",
    "[",
    "]",
    "{",
    "}",
    ",",
    "#",
    "'",
    '"',
    "\\",
    "|",
    ">",
    "%YAML 1.1\n",
    "...",
    "=",
    "~",
    "\n",
    "  ",
    "\t",
    "\r",
    "\x00",
    "\x01",
    "\x85",
    "\u2028",
    "\ufeff",
    "1" * 5000,
    "0x" + "f" * 1200,
    "1:30" * 500,
    "2026-13-45",
    "2022-11-29",
    "k" * 1100,
    "title",
    "date",
    "Quảng Ngãi",
    "0x_",
    "ờ",
]
hostile_text = st.lists(st.sampled_from(TOKENS) | st.text(st.characters(codec="utf-8"), max_size=4), max_size=40).map(
    "".join
)
hostile_bytes = st.lists(st.sampled_from([t.encode() for t in TOKENS]) | st.binary(max_size=4), max_size=40).map(
    b"".join
)
# (st.dates: a new date each time; yaml.dump writes an object met twice as an anchor and an alias)
scalars = st.sampled_from(["x", "Quảng Ngãi", 6, 2.5, True, None, "*a", "&b", "!c"]) | st.dates()


def depth(value) -> int:
    if isinstance(value, dict):
        return 1 + max(map(depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(depth, value), default=0)
    return 0


def front_matter(raw: bytes):
    """parse_source's answer: the mapping, or the SourceError; any other exception fails the test.
    A mapping must be what the cache stores (JSON) and what templates walk (not too deep)."""
    try:
        meta = parse_source(Path("content/articles/x.md"), b"---\n" + raw + "\n---\nNội dung.\n".encode()).meta
    except SourceError as exc:
        assert exc.line >= 1 and "\n" not in exc.message, exc.message
        return exc
    json.dumps(encode(meta))
    assert depth(meta) <= MAX_DEPTH
    return meta


@pytest.fixture(scope="module")
def settings_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("settings")


def site_settings(folder: Path, raw: bytes) -> list[str]:
    """load_config's problems, each one clean line; it must not raise."""
    (folder / "_site.yaml").write_bytes(raw)
    report = Report()
    load_config(folder, report)
    for problem in report.problems:
        assert problem.line >= 1 and "\n" not in problem.message, problem
    return [problem.message for problem in report.problems]


@PROPERTY
@given(text=hostile_text, raw=hostile_bytes)
def test_indicator_soup_gives_a_value_or_a_clean_error(settings_dir, text, raw):
    for data in (text.encode(), raw, b"title: A\nx: " + text.encode()):
        front_matter(data)
        site_settings(settings_dir, data)


@st.composite
def shared_values(draw):
    """Lists and mappings built from earlier ones, as billion laughs are; sometimes one holds itself.
    (yaml.dump writes a value met twice as an anchor and aliases.)"""
    pool = [draw(scalars)]
    for _ in range(draw(st.integers(1, 12))):
        children = [pool[i] for i in draw(st.lists(st.integers(0, len(pool) - 1), min_size=1, max_size=9))]
        pool.append(children if draw(st.booleans()) else {f"k{i}": child for i, child in enumerate(children)})
    if draw(st.booleans()):
        pool.append([pool[-1]])
        pool[-1].append(pool[-1])
    return pool[-1]


def dumped(draw, value) -> str:
    return yaml.safe_dump(
        {"title": "A", "date": dt.date(2022, 1, 1), "x": value},
        allow_unicode=True,
        default_flow_style=draw(st.sampled_from([None, True, False])),
        indent=draw(st.integers(2, 9)),
        width=draw(st.sampled_from([20, 80, 10_000])),
    )


@PROPERTY
@given(data=st.data())
def test_anchors_and_aliases_are_refused(settings_dir, data):
    value = data.draw(shared_values())
    text = dumped(data.draw, value)
    answer = front_matter(text.encode())
    if "*id" in text:
        assert isinstance(answer, SourceError) and answer.message == ANCHORS, (text, answer)
        assert any(m == ANCHORS.replace(FRONT_MATTER, IN_SETTINGS) for m in site_settings(settings_dir, text.encode()))
    else:
        assert not isinstance(answer, SourceError), (text, answer)
        assert answer["x"] == value


@st.composite
def nested_values(draw):
    """A list or mapping nested 1 to 45 levels deep, with siblings, written in any of YAML's styles."""
    value = draw(scalars)
    levels = draw(st.integers(1, 45))
    for _ in range(levels):
        siblings = draw(st.lists(scalars, max_size=2))
        if draw(st.booleans()):
            value = [value, *siblings]
        else:
            value = {"k": value, **{f"s{i}": s for i, s in enumerate(siblings)}}
    return levels + 1, value  # (the front matter's mapping is the first level)


@PROPERTY
@given(data=st.data())
def test_nesting_deeper_than_the_limit_is_refused(settings_dir, data):
    levels, value = data.draw(nested_values())
    text = dumped(data.draw, value)
    answer = front_matter(text.encode())
    if levels > MAX_DEPTH:
        assert isinstance(answer, SourceError) and answer.message == DEEP, (text, answer)
        assert any(m == DEEP.replace(FRONT_MATTER, IN_SETTINGS) for m in site_settings(settings_dir, text.encode()))
    else:
        assert not isinstance(answer, SourceError), (text, answer)
        assert answer["x"] == value
