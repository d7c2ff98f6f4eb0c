"""Shared helpers: copy the fixture site into a temporary folder and build it with the real CLI."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from site_builder.cli import main

FIXTURE = Path(__file__).parent / "fixture"
NOW = "2026-11-29T12:00:00+07:00"


@pytest.fixture
def site(tmp_path) -> Path:
    """A writable copy of the fixture site."""
    dest = tmp_path / "site"
    shutil.copytree(FIXTURE, dest)
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


def _unstable(rel: str) -> bool:
    """Pagefind's filter and metadata indexes differ from run to run on the same pages (its
    maintainers say so: Pagefind/pagefind#638); its fragments and word indexes are stable."""
    return rel.startswith("pagefind/filter/") or (rel.startswith("pagefind/") and rel.endswith(".pf_meta")) \
        or rel == "pagefind/pagefind-entry.json"


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path, for byte-for-byte comparisons.

    Pagefind's known-unstable files are replaced by what must still agree: how many there are,
    and the number of pages the index says it holds.
    """
    files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    unstable = sorted(rel for rel in files if _unstable(rel))
    for rel in unstable:
        del files[rel]
    if unstable:
        entry = json.loads((folder / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
        pages = {lang: info["page_count"] for lang, info in entry["languages"].items()}
        files["pagefind (unstable files)"] = repr((len(unstable), pages)).encode()
    return files
