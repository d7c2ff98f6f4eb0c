"""`site-builder new "Tiêu đề"`: write a new article file with its front matter filled in.

The file goes to `content/articles/{yyyy}/{slug}.md`, dated now in the site timezone. The cluster
and provinces are checked the way the build checks them, so a typo is caught here, with a
did-you-mean, rather than at the next build. An existing file is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

import yaml

from .config import load_config
from .errors import Report, did_you_mean
from .messages import t
from .provinces import ProvinceRegistry
from .slugs import slugify


class _FrontMatterDumper(yaml.SafeDumper):
    """yaml.safe_dump in the style of the sample articles: `date: 2026-03-05T14:30:00+07:00` (ISO 8601
    with a "T", not PyYAML's space) and lists on one line, `provinces: [Quảng Ngãi, Bình Định]`."""


_FrontMatterDumper.add_representer(
    dt.datetime, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())
)
_FrontMatterDumper.add_representer(
    list, lambda dumper, value: dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)
)


def front_matter(meta: dict) -> str:
    """The `---` block; every value goes through the safe dumper, so quotes and colons in a title are safe."""
    body = yaml.dump(
        meta,
        Dumper=_FrontMatterDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=float("inf"),
    )
    return f"---\n{body}---\n"


def new_article(
    source: Path,
    title: str,
    *,
    cluster: str | None = None,
    provinces: Sequence[str] = (),
    section: str | None = None,
    tags: Sequence[str] = (),
    now: dt.datetime | None = None,
) -> Path:
    """Write the article file and return its path (under `source` as given); raise NewError on any problem."""
    content = source / "content"
    if not content.is_dir():
        raise NewError(t("new.no_content", folder=source))
    report = Report(root=source)
    config = load_config(content, report)
    if report.errors:  # the timezone comes from the settings: they must be readable
        raise NewError(*(str(p) for p in report.sorted()))

    title = " ".join(title.split())
    problems = []
    slug = slugify(title)
    if not title:
        problems.append(t("new.empty_title"))
    elif not slug:
        problems.append(t("new.title_no_letters", title=title))
    if cluster is not None and not (content / "clusters" / f"{cluster}.md").is_file():
        known = sorted(p.stem for p in (content / "clusters").glob("*.md"))
        hint = did_you_mean(cluster, known) or (t("new.known_clusters", names=", ".join(known)) if known else "")
        problems.append(t("new.unknown_cluster", name=cluster, hint=hint))

    moment = (now or dt.datetime.now(config.tz)).astimezone(config.tz).replace(microsecond=0)
    registry = ProvinceRegistry.load()
    names = []
    for name in provinces:
        unit = registry.match(name, on=moment.date())
        if unit is None:
            near = registry.suggest(name)
            problems.append(
                t("new.unknown_province", name=name, hint=t("did_you_mean", choice=near.name) if near else "")
            )
        else:
            names.append(unit.name)  # the registry's spelling: "quang ngai" is written "Quảng Ngãi"
    if problems:
        raise NewError(*problems)

    meta: dict = {"title": title, "date": moment}
    if cluster is not None:
        meta["cluster"] = cluster
    if names:
        meta["provinces"] = list(dict.fromkeys(names))  # a province given twice is listed once
    if section:
        meta["section"] = section
    if tags:
        meta["tags"] = list(tags)

    path = content / "articles" / f"{moment:%Y}" / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # "x" creates the file only if it does not exist: no window in which another one could be replaced.
        with path.open("x", encoding="utf-8") as f:
            f.write(front_matter(meta) + "\n")
    except FileExistsError:
        raise NewError(t("new.exists", path=path)) from None
    return path


class NewError(Exception):
    """Problems with the command's input, each an editor-readable line."""

    def __init__(self, *lines: str):
        super().__init__("; ".join(lines))
        self.lines = lines


def run_new(args) -> int:
    """The `new` subcommand: print the new file's path, or each problem on its own line (exit 1)."""
    if not args.source.is_dir():
        print(t("cli.error", message=t("cli.no_source", folder=args.source)), file=sys.stderr)
        return 2
    try:
        path = new_article(
            args.source,
            args.title,
            cluster=args.cluster,
            provinces=args.province or [],
            section=args.section,
            tags=args.tag or [],
        )
    except NewError as exc:
        for line in exc.lines:
            print(t("cli.error", message=line), file=sys.stderr)
        return 1
    except OSError as exc:  # a read-only folder, a full disk: say so without a traceback
        print(t("cli.error", message=f"{exc.filename or ''}: {exc.strerror or exc}"), file=sys.stderr)
        return 1
    print(path)
    return 0
