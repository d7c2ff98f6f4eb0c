"""Lay out a generated site for Hugo, Eleventy and Pelican, each in a folder of its own.

The articles are the same files; what changes is the metadata each tool understands:

- Hugo: taxonomies must be lists of names, so `events` ({name, date, place} mappings) become their
  names, `cluster` a list and `section` a one-item `sections` list. Bodies are copied as they are
  (CRLF line ends, no-break and zero-width spaces included).
- Eleventy: reads our YAML front matter as it is, so articles are hard links to the generated
  files; only a directory data file (layout, permalink) and the templates are added.
- Pelican: its Markdown reader wants `Key: value` lines, so front matter is rewritten in that form
  (lists joined with ";", tags with ","); custom keys are read back by bench/pelican/bench_plugin.py.

Images (content/images/, with its <yyyy>/<mm>/ folders of photos in the realistic corpus) are hard
links too, where each tool publishes them from: Hugo's static/images/, Eleventy's images/ (a
passthrough copy), Pelican's content/images/ (STATIC_PATHS). Bodies keep their figures
(`![alt](/images/…)` alone in a paragraph, a caption in the title or in the italic paragraph after
it) and GFM tables, which all three render.

`prepare(tool, site, dest)` is done once per corpus (a marker file records which one) and is not
part of any timing; the templates and settings from bench/<tool>/ are copied in on every call.
Uses PyYAML (a dependency of site-builder) to read front matter.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
CONVERTER_VERSION = 2  # (2: CRLF files, images hard-linked)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_FRONT_MATTER = re.compile(r"---\r?\n(.*?)^---\r?\n", re.S | re.M)


def read(path: Path) -> tuple[dict, str]:
    """(front matter, body as it is): files pasted from Word have CRLF line ends throughout."""
    text = path.read_bytes().decode("utf-8")
    match = _FRONT_MATTER.match(text)
    return yaml.load(match.group(1), Loader=_LOADER) or {}, text[match.end() :]


def articles(site: Path):
    yield from sorted((site / "content" / "articles").rglob("*.md"))


def _names(value) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        value = [value]
    return [str(v["name"]) if isinstance(v, dict) else str(v) for v in value]


def _iso(value) -> str:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return str(value)


def _link_or_copy(src: Path | str, dest: Path | str) -> None:
    src, dest = Path(src), Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dest)
    except OSError:
        shutil.copyfile(src, dest)


def _copy_tree(src: Path, dest: Path, link: bool = False) -> None:
    """Templates are copied; images hard-linked (`link`): 1 GB of photos at 10,000 articles."""
    shutil.copytree(
        src,
        dest,
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns("__pycache__", "node_modules"),
        copy_function=_link_or_copy if link else shutil.copy2,
    )


def _marker(site: Path) -> str:
    info = json.loads((site / "bench.json").read_text(encoding="utf-8"))
    return json.dumps({"converter": CONVERTER_VERSION, **info}, sort_keys=True)


def hugo(site: Path, dest: Path) -> None:
    for path in articles(site):
        meta, body = read(path)
        fm = {"title": meta["title"], "date": _iso(meta["date"])}
        for key in ("summary", "author", "image", "related", "draft"):
            if key in meta:
                fm[key] = meta[key]
        fm["cluster"] = _names(meta.get("cluster"))
        fm["provinces"] = _names(meta.get("provinces"))
        fm["events"] = _names(meta.get("events"))
        fm["tags"] = _names(meta.get("tags"))
        fm["sections"] = _names(meta.get("section"))
        out = dest / "content" / path.relative_to(site / "content")
        out.parent.mkdir(parents=True, exist_ok=True)
        newline = "\r\n" if "\r\n" in body else "\n"  # (the file's own line ends)
        # JSON front matter ({...}) is one of Hugo's formats and needs no quoting rules of its own.
        out.write_bytes((json.dumps(fm, ensure_ascii=False) + newline + body).encode("utf-8"))
    _copy_tree(site / "content" / "images", dest / "static" / "images", link=True)


def eleventy(site: Path, dest: Path) -> None:
    for path in articles(site):
        _link_or_copy(path, dest / "articles" / path.relative_to(site / "content" / "articles"))
    _copy_tree(site / "content" / "images", dest / "images", link=True)


def pelican(site: Path, dest: Path) -> None:
    for path in articles(site):
        meta, body = read(path)
        lines = [f"Title: {meta['title']}", f"Date: {_iso(meta['date'])}", f"Slug: {path.stem}"]
        if meta.get("summary"):
            lines.append(f"Summary: {meta['summary']}")
        if meta.get("section"):
            lines.append(f"Category: {meta['section']}")
        if meta.get("tags"):
            lines.append("Tags: " + ", ".join(_names(meta["tags"])))
        if meta.get("author"):
            lines.append(f"Author: {meta['author']}")
        for key in ("cluster", "provinces", "events", "related"):
            if meta.get(key):
                lines.append(f"{key.capitalize()}: " + "; ".join(_names(meta[key])))
        if meta.get("image"):
            image = meta["image"]
            lines += [
                f"Image: {image['src']}",
                f"Image_alt: {image.get('alt', '')}",
                f"Image_caption: {image.get('caption', '')}",
            ]
        if meta.get("draft"):
            lines.append("Status: draft")
        out = dest / "content" / path.relative_to(site / "content")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(("\n".join(lines) + "\n\n" + body.lstrip("\r\n")).encode("utf-8"))
    _copy_tree(site / "content" / "images", dest / "content" / "images", link=True)


CONVERTERS = {"hugo": hugo, "eleventy": eleventy, "pelican": pelican}


def prepare(tool: str, site: Path, dest: Path) -> tuple[Path, bool]:
    """The tool's source folder for this corpus: converted once, templates refreshed every time;
    and whether a stale copy was deleted to make it (see Trash in run.py)."""
    marker = dest / ".bench-prepared"
    deleted = False
    if not (marker.is_file() and marker.read_text(encoding="utf-8") == _marker(site)):
        if dest.exists():
            shutil.rmtree(dest)
            deleted = True
        dest.mkdir(parents=True)
        CONVERTERS[tool](site, dest)
        marker.write_text(_marker(site), encoding="utf-8")
    _copy_tree(BENCH / tool, dest)
    return dest, deleted


if __name__ == "__main__":
    import sys

    if len(sys.argv) != 4 or sys.argv[1] not in CONVERTERS:
        sys.exit(f"usage: python bench/convert.py {{{'|'.join(CONVERTERS)}}} SITE_DIR DEST_DIR")
    print(prepare(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]))[0])
