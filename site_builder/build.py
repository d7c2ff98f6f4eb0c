"""The orchestrator: settings -> content -> index -> render plan -> staged output, one way."""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from .config import SiteConfig, load_config
from .content.load import LoadContext, load_content
from .errors import Report
from .model.index import SiteIndex, build_index
from .provinces import ProvinceRegistry
from .render import feeds, machine, redirects
from .render.assets import asset_url, collect_assets
from .render.env import available_layouts, make_environment, static_dirs
from .render.plan import plan_pages
from .urls import Urls, output_path
from .write import StagedOutput


@dataclass
class BuildOptions:
    source: Path
    output: Path | None = None
    base_url: str | None = None
    drafts: bool = False
    future: bool = False
    now: dt.datetime | None = None
    write: bool = True  # False for `check`: validate everything, write nothing
    strict: bool = False  # warnings fail the build

    @property
    def output_dir(self) -> Path:
        return self.output if self.output is not None else self.source / "public"


@dataclass
class BuildResult:
    report: Report
    articles: int = 0
    pages: int = 0
    feeds: int = 0
    files: int = 0
    seconds: float = 0.0
    stats: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.report.errors


def build(options: BuildOptions) -> BuildResult:
    """Build (or only check) a site; nothing is written unless every stage succeeded."""
    started = time.perf_counter()
    source = options.source
    report = Report(root=source)
    result = BuildResult(report)
    if not (source / "content").is_dir():
        report.error(source / "content", 1, "no content/ folder here: run in a site folder or pass --source")
        return result
    config = load_config(source / "content", report, options.base_url)
    if report.errors:
        return result
    registry = ProvinceRegistry.load()
    urls = Urls(config.permalinks)
    ctx = LoadContext(config, urls, registry, available_layouts(source),
                      asset_roots=(source / "content", *static_dirs(source)))
    content = load_content(source, ctx, report)
    now = options.now or dt.datetime.now(config.tz)
    index = build_index(content, registry, urls, report, now=now, drafts=options.drafts, future=options.future)
    if options.strict:
        report.make_warnings_errors()
    result.articles = len(index.articles)
    if report.errors or not options.write:
        result.seconds = time.perf_counter() - started
        return result

    out = StagedOutput(options.output_dir).open()
    try:
        _render(source, config, urls, index, out, result, now)
        if report.errors:
            out.abort()
        else:
            out.commit()
    except BaseException:
        out.abort()
        raise
    result.files = out.files_written
    result.seconds = time.perf_counter() - started
    return result


def _render(source: Path, config: SiteConfig, urls: Urls, index: SiteIndex, out: StagedOutput,
            result: BuildResult, now: dt.datetime) -> None:
    assets = collect_assets(static_dirs(source))
    env = make_environment(source, config)
    env.globals["asset"] = asset_url(assets)
    sitemap: list[tuple[str, str | None]] = []
    for job in plan_pages(index, config, urls):
        try:
            html = env.get_template(job.layout).render(job.context)
        except jinja2.TemplateSyntaxError as exc:
            result.report.error(exc.filename or job.layout, exc.lineno or 1, f"template error: {exc.message}")
            return
        except jinja2.TemplateError as exc:
            result.report.error(job.layout, 1, f"template error while rendering {job.url}: {exc}")
            return
        out.write(output_path(job.url), html.encode("utf-8"))
        result.pages += 1
        if job.url != "/404.html":
            article = job.context.get("article")
            lastmod = (article.updated or article.date).astimezone(config.tz).date().isoformat() if article else None
            sitemap.append((job.url, lastmod))

    names = {cid: listing.name for cid, listing in index.clusters.items()}
    top = index.articles[: config.feed_size]
    out.write("rss.xml", feeds.rss(config.title, "/", config, top, names))
    out.write("atom.xml", feeds.atom(config.title, config, top, names))
    out.write("feed.json", feeds.json_feed(config.title, config, top, names))
    result.feeds = 3
    for listing in (*index.clusters.values(), *index.provinces.values()):
        title = f"{listing.name} – {config.title}"
        out.write(output_path(listing.feed_url), feeds.rss(title, listing.url, config,
                                                           listing.articles[: config.feed_size], names))
        result.feeds += 1
    for name, data in machine.sitemaps(sitemap, config).items():
        out.write(name, data)
    out.write("sitemap-news.xml", machine.news_sitemap(index.articles, config, now))
    out.write("robots.txt", machine.robots(config))
    _write_redirects(config, index, out, result)
    for asset in assets.values():
        out.copy_file(asset.source, asset.url.lstrip("/"))
    out.copy_tree(source / "content" / "images", "images")


def _write_redirects(config: SiteConfig, index: SiteIndex, out: StagedOutput, result: BuildResult) -> None:
    """Aliases and renamed URLs: `_redirects` for Netlify, an HTML page at each old path elsewhere."""
    moves = [(alias, a.url, a.title) for a in index.articles for alias in a.aliases]
    moves += [(old, new, new) for old, new in config.redirects.items()]
    for old, new, title in moves:
        target = output_path(old)
        if out.path_for(target).exists():  # pages are written by now: never replace one
            result.report.error("content/_site.yaml", 1, f"redirect from {old} would replace a page of the site")
            continue
        out.write(target, redirects.redirect_page(new, title, config))
    out.write("_redirects", redirects.redirects_file([(old, new) for old, new, _ in moves]))
