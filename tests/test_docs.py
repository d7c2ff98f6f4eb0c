"""The project's documents cite only what is in the repository: every relative link and every
file of the code named in backquotes exists, and anchors name real headings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "bench/README.md"]
LINK = re.compile(r"\]\(([^)\s]+)\)")
CODE_PATH = re.compile(r"`((?:site_builder|tests|bench|docs|\.ci)/[^`\s*<>{}]+)`")


def _anchor(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    return {_anchor(line.lstrip("#")) for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")}


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_links_and_named_files_exist(document):
    text = document.read_text(encoding="utf-8")
    missing = []
    prose = re.sub(r"```.*?```|`[^`\n]*`", "", text, flags=re.S)  # (examples in code are not links)
    for target in LINK.findall(prose):
        if re.match(r"[a-z]+:", target):  # https:, mailto:
            continue
        file, _, anchor = target.partition("#")
        path = (document.parent / file).resolve() if file else document
        if not path.exists():
            missing.append(target)
        elif anchor and path.suffix == ".md" and anchor not in _anchors(path):
            missing.append(target)
    for named in CODE_PATH.findall(text):
        name = named.rstrip(".,:;)")
        if "<" in name or not (ROOT / name).exists():
            missing.append(name)
    assert not missing, missing


def test_no_document_cites_files_outside_the_repository():
    for document in DOCUMENTS:
        text = document.read_text(encoding="utf-8")
        assert "SPEC.md" not in text and "../shared" not in text, document
