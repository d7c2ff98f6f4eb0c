"""Shared helpers: copy the fixture site into a temporary folder and build it with the real CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from site_builder import messages
from site_builder.cli import main

FIXTURE = Path(__file__).parent / "fixture"
NOW = "2026-11-29T12:00:00+07:00"


@pytest.fixture(autouse=True)
def _messages_in_the_default_language(monkeypatch):
    """Each test starts with messages in Vietnamese, as for a site without settings (a build then
    takes its site's language), whatever SITE_BUILDER_LANG the shell running the tests has."""
    monkeypatch.delenv(messages.ENV, raising=False)
    messages.choose(None)


@pytest.fixture(autouse=True)
def _builds_in_full(monkeypatch):
    """Each build a test makes in this process does its work, even when nothing changed since the
    last one (unchanged.py: its result would stand, once the site's files are two seconds old —
    which, left to the clock, a slow machine would reach in some tests and not others). The tests
    of that path say so (tests/test_unchanged.py, fixture `trusting`)."""
    from site_builder import unchanged

    monkeypatch.setattr(unchanged, "RACY_NS", 1 << 62)  # every file "just written"
    monkeypatch.setattr(unchanged, "RACY_FILES", -1)  # and too many of them to hash


@pytest.fixture
def site(tmp_path) -> Path:
    """A writable copy of the fixture site."""
    dest = tmp_path / "site"
    shutil.copytree(FIXTURE, dest, ignore=shutil.ignore_patterns("public", ".site-builder-cache", ".public.*"))
    return dest


def run(site: Path, *args: str) -> int:
    return main([args[0], "--source", str(site), "--now", NOW, "--quiet", *args[1:]])


@pytest.fixture
def built(site) -> Path:
    """The fixture site built once; returns its output folder."""
    assert run(site, "build") == 0
    return site / "public"


def html(path: Path) -> BeautifulSoup:
    """Parse an output page with a real HTML5 parser."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path, for byte-for-byte comparisons."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def search_pages(out: Path) -> int:
    """How many pages the search index of a built site holds, over its parts (search.py)."""
    import json

    parts = json.loads((out / "pagefind/parts.json").read_text(encoding="utf-8"))
    total = 0
    for part in parts:
        entry = json.loads((out / part.strip("/") / "pagefind-entry.json").read_text(encoding="utf-8"))
        total += sum(language["page_count"] for language in entry["languages"].values())
    return total


def record_article_reads(monkeypatch) -> list[str]:
    """From now on, the name of each article file a build of this test reads, in order."""
    import site_builder.content.load as load

    read: list[str] = []
    real = load.read_bytes

    def reading(path):
        if "articles" in Path(path).parts:
            read.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(load, "read_bytes", reading)
    return read
