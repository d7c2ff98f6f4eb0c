"""Front matter read by `read_simple` is exactly what PyYAML's safe loader makes of it.

`read_simple` answers only for the simple form (see content/front_matter.py) and None otherwise;
where it answers, the mapping must equal PyYAML's, value for value and type for type, and where
PyYAML raises an error it must raise the same kind or answer None (PyYAML then reports it).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import random
from pathlib import Path

import pytest
import yaml

from site_builder.content.front_matter import read_simple

ROOT = Path(__file__).resolve().parent.parent
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # what python-frontmatter uses


def same(a, b) -> bool:
    """Equal and of the same types all the way down (True == 1 and a date == itself are not enough)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dt.datetime):  # (equal instants in two time zones are equal datetimes)
        return a == b and a.utcoffset() == b.utcoffset() and repr(a) == repr(b)
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(map(same, a, b))
    return a == b


def outcome(read, text):
    try:
        return read(text), None
    except Exception as exc:  # noqa: BLE001 (the kind of error is what is compared)
        return None, type(exc)


def compare(texts: list[str]) -> int:
    """How many texts read_simple answered; each answer equal to PyYAML's."""
    answered = 0
    for text in texts:
        fast, fast_error = outcome(read_simple, text)
        full, full_error = outcome(lambda t: yaml.load(t, Loader=LOADER), text)
        if fast_error is not None:
            assert fast_error is full_error, (text, fast_error, full_error)
            continue
        if fast is not None:
            answered += 1
            assert full_error is None, (text, full_error)
            assert same(fast, full), (text, fast, full)
    return answered


def front_matter_of(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("---", 2)[1]


EDGE_CASES = [
    '\ntitle: "Hội nghị: tổng kết"\ndate: 2022-11-29T09:26:00+07:00\ncluster: cum-6\n',
    "\ntitle: 'Cụm 6 - \"Thương hiệu\" it''s'\ndate: 2022-11-29\n",
    "\ncount: 6\nbig: 1_000\ntime: 12:30\nflag: yes\nother: No\nnothing: null\nempty:\nratio: 0.5\nhex: 0x1F\n",
    "\ndate: 2022-11-29 09:26:00\nspaced: 2022-11-29 09:26:00 +07:00\n",
    "\ntitle: Hà Nội, Việt Nam (cũ) - TP. Hồ Chí Minh\nsrc: /images/a.svg\n",
    '\ntitle: a # a comment\nsummary: "b"   # another\n# a line of comment\n  # an indented one\n',
    "\nprovinces: [Quảng Ngãi, \"Bình Định\", 'Phú Yên']\ntags: []\nextra: {}\n",
    '\nevents:\n  - {name: Hội nghị, date: 2022-11-25, place: "TP. Quảng Ngãi"}\n  - "Ký kết"\n\n  - plain\n',
    "\nrelated:  # picks\n- a\n- b\ntags: [x]\n",
    '\nimage:\n  src: /images/a.svg\n  alt: "Ảnh"\n  caption: Chú thích, dài\n',
    "\ntitle: a\ntitle: b\n",  # the last wins, in both
    "\n" + "k" * 1001 + ": 1\n",  # a long key YAML still takes
    "\n# only a comment\n",
]
NOT_SIMPLE = [
    "\ntitle: a: b\n",
    "\ntitle: a:\n",
    '\ntitle: "a\\"b"\n',
    "\ntitle: |\n  block\n",
    "\ntitle: >\n  folded\n",
    "\ntitle: &x a\nother: *x\n",
    "\ntitle: !!str 5\n",
    "\ntitle: ~\n",
    "\ntitle:\tx\n",
    "\ntitle: C#\n",
    '\ntitle: "a"#c\n',
    "\ntags: [a, ]\n",
    "\ntags: [a:b]\n",
    "\ntags: {a:b}\n",
    "\ntags: [[a]]\n",
    "\non: x\n",
    "\nyes: x\n",
    "\ntitle: a\n  continued\n",
    "\nimage:\n  src:\n    deep: x\n",
    "\nlist:\n  - a\n   - b\n",
    "\nlist:\n  - a\n  k: v\n",
    '\ntitle: "a\u00a0b"\n',
    "\n- a\n",
    "\ntitle:x\n",
    '\ntitle: "unclosed\n',
    "\nlist:\n  -\n",
    "\n...\n",
    "\n%YAML 1.1\n",
    "\ndate: 2026-13-45\n",
    "\ndate: 2026-13-45\ntitle:x\n",
    "\n" + "a" * 1025 + ": 1\n",
    "\nx:\n  " + "a" * 1025 + ": 1\n",
    "\nx: {" + "a" * 1025 + ": 1}\n",  # keys longer than YAML allows
]


def test_edge_cases_read_the_same():
    assert compare(EDGE_CASES) == len(EDGE_CASES) - 1  # (only a comment: None, as PyYAML says)


def test_other_forms_are_left_to_pyyaml():
    for text in NOT_SIMPLE:
        assert outcome(read_simple, text) == (None, None), text
    compare(NOT_SIMPLE)


def test_a_date_that_does_not_exist_is_left_to_pyyaml():
    """PyYAML reads the whole text before building values: a slip in a later line is the error it
    reports first, so the simple reader does not raise its own."""
    assert read_simple("\ndate: 2026-13-45\n") is None
    assert read_simple("\ndate: 2026-12-31\n") == {"date": dt.date(2026, 12, 31)}


def test_dates_and_times_read_as_pyyaml_reads_them():
    """The form `date: 2026-05-03T08:30:00+07:00` is read without PyYAML's constructor: every field
    at its limits and past them, offsets either side of UTC, and impossible ones."""
    r = random.Random(11)
    fields = [
        ["0001", "1970", "2022", "2024", "9999"],
        ["00", "01", "02", "12", "13"],
        ["00", "01", "28", "29", "30", "31", "32"],
        ["00", "09", "23", "24"],
        ["00", "59", "60"],
        ["00", "59", "60", "61"],
        ["+07:00", "-07:00", "+00:00", "-00:00", "+05:30", "-03:45", "+23:59", "+24:00", "-24:00", "+07:60", "+99:99"],
    ]
    values = {
        f"{y}-{m}-{d}T{h}:{mi}:{s}{z}"
        for y, m, d, h, mi, s, z in (tuple(r.choice(f) for f in fields) for _ in range(3000))
    }
    values |= {"2022-11-29T09:26:00+07:00", "2024-02-29T00:00:00+07:00", "2023-02-29T00:00:00+07:00"}
    texts = [f"\ntitle: a\ndate: {v}\n" for v in sorted(values)]
    # Every one PyYAML takes is answered (and the same); the others are left to PyYAML.
    assert compare(texts) == sum(outcome(lambda t: yaml.load(t, Loader=LOADER), t)[1] is None for t in texts) > 150
    assert read_simple("\ndate: 2022-11-29T09:26:00+07:00\n") == {
        "date": dt.datetime(2022, 11, 29, 9, 26, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    }


def test_generated_news_articles_read_the_same_and_take_the_fast_path():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    gen = generate.Generator(7)
    texts = [gen.article()[2].split("---", 2)[1] for _ in range(400)]
    assert compare(texts) == len(texts)


def test_the_sample_site_and_the_fixture_read_the_same():
    texts = [
        front_matter_of(p)
        for folder in ("content", "tests/fixture/content")
        for p in sorted((ROOT / folder).rglob("*.md"))
    ]
    assert compare(texts) >= len(texts) // 2


KEYS = ["title", "date", "cluster", "tags", "image", "on", "yes", "Null", "x_1", "True"]
VALUES = [
    '"Hội nghị: tổng kết"',
    "'it''s'",
    "'a",
    '"a',
    "Hà Nội, Việt Nam",
    "cum-8",
    "6",
    "-6",
    "1_000",
    "12:30",
    "0x1F",
    "0o17",
    "017",
    "1e3",
    "yes",
    "No",
    "off",
    "~",
    "null",
    "Null",
    "2022-11-29",
    "2022-11-29T09:26:00+07:00",
    "2022-11-29 09:26:00",
    "2022-1-9",
    "2026-13-45",
    "2022-02-30",
    "[a, b]",
    '["x, y", z]',
    "[]",
    "{}",
    "{name: a, date: 2022-01-01}",
    "{name: a, name: b}",
    "[a, ]",
    "[a:b]",
    "{a:b}",
    "[a #c]",
    "a # c",
    '"a" # c',
    '"a"#c',
    "C#",
    "a: b",
    "a:",
    "/images/x.svg",
    ".5",
    "-1",
    "- a",
    '"a\\"b"',
    "|",
    ">",
    "&a x",
    "*a",
    "!!str 5",
    "x  ",
    "",
    "Hà  Nội",
    '"\u00a0"',
    "a\u2028b",
    "a'b",
    "(x)",
    "a - b",
    "[1, 2.5, yes]",
    "[2022-01-01, 12:30]",
    "{k: [a]}",
    "+1",
    "1:2:3",
    "3.14",
    ".inf",
    "NaN",
    "a,b",
    "[a,b]",
    "{ a: b }",
]
LINES = [
    "{key}: {value}",
    "{key}:",
    "  - {value}",
    "- {value}",
    "  {key}: {value}",
    "    {key}: {value}",
    "# comment",
    "",
    "  # c",
    "{key}:{value}",
    "   - {value}",
    "{key}:   {value}   ",
    "{key}: {value} # c",
]


def random_front_matter(n: int, seed: int) -> list[str]:
    r = random.Random(seed)
    out = []
    for _ in range(n):
        # Mostly `key: value` lines with ordinary keys, so that many texts are in the simple form.
        lines = [
            r.choices(LINES, weights=[12, 3, 3, 1, 3, 1, 1, 1, 1, 1, 1, 1, 2])[0].format(
                key=r.choice(KEYS[:5]) if r.random() < 0.9 else r.choice(KEYS), value=r.choice(VALUES)
            )
            for _ in range(r.randint(1, 6))
        ]
        out.append("\n" + "\n".join(lines) + "\n")
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_front_matter_reads_the_same_or_is_left_to_pyyaml(seed):
    """(Run over seeds 0-199 when this was written: 400,000 texts.)"""
    texts = random_front_matter(2000, seed)
    assert compare(texts) > 200
