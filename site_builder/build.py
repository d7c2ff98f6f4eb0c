"""The orchestrator: settings -> content -> index -> render plan -> staged output, one way."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import jinja2
import jinja2.meta

from . import cms, i18n, messages, unchanged
from . import fingerprints as inputs
from .cache import BuildCache
from .config import SiteConfig, load_config
from .content.attachments import FOLDER as FILES_FOLDER
from .content.attachments import published_files as attached_outputs
from .content.authors import load_authors
from .content.load import LoadContext, load_content
from .content.parse import PARALLEL_MIN
from .editions import Edition, editions_of
from .errors import Report, line_of_key
from .messages import t
from .model.index import SiteIndex, build_index
from .provinces import ProvinceRegistry
from .render import headers, machine, redirects
from .render.assets import asset_url, collect_assets
from .render.claims import claim_outputs
from .render.env import THEME_DIR, EditionView, available_layouts, layout_dirs, make_environment, static_dirs
from .render.images import Images, file_stamp, pillow_installed
from .render.plan import SEARCH_URL, page_inputs, plan_pages
from .salt import code_digest
from .sitefiles import TEXT_LIMIT, SiteFiles
from .state import Handover, KnownImage, OutputRecord, Shown
from .urls import Urls, normal_path, output_path
from .workers import CAN_FORK, Alongside, Forked
from .write import CommitCutShort, OutputNotOurs, OutputProblem, StagedOutput, UnsafePath


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
    jobs: int | None = None  # worker processes; default: the number of cores
    cache: bool = True  # reuse parsed articles and unchanged pages from .site-builder-cache/
    progress: Callable | None = None  # called as progress(stage, done, total) while building (the CLI draws a bar)
    memory: dict | None = None  # articles kept between builds of one process (serve); see load_content
    search: bool = False  # index the output with Pagefind (the CLI's build does, unless --no-search)
    exits: bool = False  # only for a process that ends right after this build (the CLI): see LEFT_FOR_EXIT
    stamps_ahead: unchanged.StampsAhead | None = None  # the site's stamps being taken (the CLI's: see there)

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
    refused_output: OutputNotOurs | None = None  # the output holds others' files this build would replace
    write_error: OSError | None = None  # the output could not be written (nothing of it changed)
    search_error: str | None = None  # Pagefind failed (nothing of the output changed)
    output_problem: str | None = None  # the output cannot be written safely as it is (nothing changed)
    replaced: list[str] = field(default_factory=list)  # files not listed as the builds' that were replaced
    notes: list[str] = field(default_factory=list)  # what the user should know that is not a problem of the content
    drafts: list[str] = field(default_factory=list)  # articles left out as drafts (their files)
    future: list[tuple[str, dt.datetime]] = field(default_factory=list)  # left out as dated later: (file, date)
    timezone: dt.tzinfo | None = None  # the site's (dates in notes are shown in it)
    no_content: Path | None = None  # the folder given has no content/: not a site

    def failure(self) -> tuple[int, str] | None:
        """(exit status, message) when the build failed for a reason other than the content's
        problems (those are in `report`): the output folder, the disk, Pagefind. None otherwise."""
        if self.no_content is not None:
            return 2, t("build.no_content", folder=self.no_content)
        if self.refused_output is not None:
            refused = self.refused_output
            shown = messages.more(refused.replaced[:3], len(refused.replaced))
            return 2, t("build.not_ours", target=refused.target, shown=shown, name=refused.target.name)
        if self.output_problem is not None:
            return 2, t("build.nothing_changed", problem=self.output_problem)
        if self.search_error is not None:
            return 1, t("build.search_failed", why=self.search_error)
        if self.write_error is not None:
            exc = self.write_error
            where = f" ({exc.filename})" if exc.filename else ""
            return 1, t("build.cannot_write", why=exc.strerror or exc, where=where)
        return None

    def left_out(self) -> list[str]:
        """What the build did not publish, and how to include it: drafts, and articles dated later
        than the build's clock (and when the first of those is due). Nothing is left out silently."""
        notes = []
        if self.drafts:
            shown = messages.more(self.drafts[:SHOWN_FILES], len(self.drafts))
            notes.append(t("cli.drafts", count=len(self.drafts), shown=shown))
        if self.future:
            files = [f"{rel} ({_moment(date, self.timezone)})" for rel, date in self.future[:SHOWN_FILES]]
            due = _moment(self.future[0][1], self.timezone)
            shown = messages.more(files, len(self.future))
            notes.append(t("cli.future", count=len(self.future), shown=shown, due=due))
        return notes

    @property
    def ok(self) -> bool:
        return not self.report.errors and self.failure() is None


SHOWN_FILES = 3  # files named in a note on what was left out; then how many more


def _moment(moment: dt.datetime, tz: dt.tzinfo | None) -> str:
    """'2026-12-01 08:00' in the site's zone, as editors write dates."""
    return f"{moment.astimezone(tz) if tz is not None else moment:%Y-%m-%d %H:%M}"


# A build's articles, index and page records when the process ends right after it (the CLI, which
# then calls os._exit): kept here instead of being freed one object at a time as `build` and
# `_render` return, which takes a tenth of a second at 10,000 articles, for nothing.
LEFT_FOR_EXIT: list = []


def build(options: BuildOptions) -> BuildResult:
    """Build (or only check) a site; nothing is written unless every stage succeeded.

    The cycle collector is paused for the whole build but while pages are rendered (_render): a
    build makes many long-lived objects (stamps, articles, records, the plan of every page) and
    little cyclic garbage, and the collector would traverse all of them again and again — five
    full collections, 0.2 s of a 2.4 s one-edit build at 10,000 articles. What is made before
    rendering is frozen out of its way (which also keeps forked workers from touching those pages
    of memory); Jinja's rendering makes cyclic garbage, so the collector runs then."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(options, collecting)
    finally:
        gc.unfreeze()  # (a long-running `serve` must be able to collect the previous build)
        if collecting:
            gc.enable()


def _build(options: BuildOptions, collecting: bool) -> BuildResult:
    started = time.perf_counter()
    started_ns = time.time_ns()
    source = options.source
    # Messages in SITE_BUILDER_LANG's language, else Vietnamese until the settings say the site's
    # (load_config); decided here, before any worker is forked, and for this build only.
    messages.choose(None)
    report = Report(root=source)
    result = BuildResult(report)
    if not (source / "content").is_dir():
        result.no_content = source
        return result
    # The stamps of the site's files, taken before any is read (unchanged.py).
    site_stamp = None
    if options.write and options.cache and options.memory is None:
        ahead = options.stamps_ahead
        site_stamp = ahead.take(source) if ahead is not None else unchanged.stamp_site(source, started_ns)
    files = SiteFiles(  # what may be read: the site's own files
        source, trusted=(THEME_DIR,), stamps=site_stamp.files if site_stamp is not None else {}
    )
    # The search page and its menu item only when Pagefind will index the site (`check` answers
    # for a plain `build`): never a search page that cannot find anything.
    searching = (options.search or not options.write) and _pagefind_installed()
    if options.search and not searching:
        result.notes.append(t("build.no_pagefind"))
    config = load_config(source / "content", report, options.base_url, files)
    messages.choose(config.language)
    result.timezone = config.tz
    if report.errors:
        return result
    # (The language too: a file's entry, when it records an error, holds the message.)
    cache = BuildCache(
        source,
        f"{code_digest()}:unsafe_html={config.unsafe_html}:messages={messages.current()}",
        enabled=options.cache,
        read_only=not options.write,
    )
    # Nothing changed since the last build (unchanged.py): its result stands, nothing is read.
    standing_key = None
    if site_stamp is not None:
        standing_key = _standing_key(options, searching)
        if not site_stamp.racy:
            stood = _last_build_stands(options, cache, standing_key, site_stamp, result, started)
            if stood:
                return result
    registry = ProvinceRegistry.load()
    editions = editions_of(config)  # the main language's edition first (editions.py)
    edition_urls = {e.code: Urls(e.permalinks(config.permalinks)) for e in editions}
    urls = edition_urls[config.language]
    # Each edition's interface strings: the theme's table with the site's i18n/<lang>.yaml over it.
    strings = i18n.load_strings(source, [e.code for e in editions], report, files)
    # Static files and images are listed before anything is read, so that `check` refuses what
    # `build` would (a link out of the site, a device, an oversized file); what they list is what
    # the site publishes, and the only files a page may show (`published`: URL path -> file).
    assets = collect_assets(static_dirs(source), files)
    images_dir = source / "content" / "images"
    cut = len(str(images_dir)) + 1
    images = {path[cut:].replace(os.sep, "/"): path for path in files.walk(images_dir, hidden=False, strings=True)}
    cms_files = cms.admin_assets() if config.cms is not None else {}  # the CMS at /admin/ (cms.py)
    published = {rel: asset.source for rel, asset in assets.items()}
    published.update(("images/" + rel, path) for rel, path in images.items())  # (paths as strings)
    # Attachments (content/files/ -> /files/): read only as sitefiles.py allows, copied as they are.
    files_dir = source / "content" / FILES_FOLDER
    cut = len(str(files_dir)) + 1
    attached = {path[cut:].replace(os.sep, "/"): path for path in files.walk(files_dir, hidden=False, strings=True)}
    published.update(attached_outputs(attached))
    ctx = LoadContext(
        config,
        urls,
        registry,
        available_layouts(source, files),
        published=published,
        files=files,
        edition_urls=edition_urls,
        stamps=site_stamp.files if site_stamp is not None else {},
    )
    jobs = (options.jobs or os.cpu_count() or 1) if CAN_FORK else 1
    known_sizes = (
        cache.get_mapping("images", KnownImage) if options.write else {}
    )  # (here: SQLite is not shared with threads)
    leave = LEFT_FOR_EXIT if options.exits else None
    if leave is not None:
        leave.clear()  # (one build's worth at most, should a process misuse `exits`)
    try:
        _progress(options, "reading", 0, 1)
        # (The cycle collector is paused: see `build`. Reading with it on took a quarter of a
        # warm build at 10,000 articles.)
        # The renderer is made while workers read the articles, if any do (see Alongside); not
        # for `check`, which renders nothing.
        renderer = (
            Alongside(
                partial(
                    _renderer,
                    source,
                    config,
                    cache,
                    assets,
                    files,
                    searching,
                    published,
                    known_sizes,
                    time.time_ns(),
                    site_stamp.files if site_stamp is not None else {},
                    [(e, edition_urls[e.code], strings[e.code]) for e in editions],
                )
            )
            if options.write
            else None
        )
        content = load_content(source, ctx, report, cache, jobs, options.memory, renderer)
        load_authors(source, ctx, report, files, content)  # (content/authors/: a few profiles)
        for refusal in dict.fromkeys(files.refused):
            report.error(refusal.path, 1, refusal.message)
        result.stats["load"] = time.perf_counter() - started
        now = options.now or dt.datetime.now(config.tz)
        index = build_index(
            content,
            registry,
            urls,
            report,
            now=now,
            drafts=options.drafts,
            future=options.future,
            tz=config.tz,
            editions=[(e, edition_urls[e.code]) for e in editions],
            strings=strings,
        )
        # One URL, one file: checked before rendering, so that `check` says what `build` would.
        claims = claim_outputs(
            index,
            config,
            urls,
            report,
            assets,
            list(images),
            _settings_line(source),
            search=searching,
            variants=pillow_installed(),
            site_dir=source,
            cms_files=cms_files,
            attachments=list(attached),
        )
        if leave is not None:
            leave += (content, index)
        gc.freeze()
        if not options.write:
            _check_layouts(source, config, index, report)  # (a build finds their slips as it renders)
        if options.strict:
            report.make_warnings_errors()
        result.articles = len(index.all_articles)  # (every edition's)
        result.drafts = [a.rel_path for a in index.drafts]
        result.future = [(a.rel_path, a.date) for a in index.future]
        if report.errors or not options.write:
            result.seconds = time.perf_counter() - started
            return result

        out = StagedOutput(options.output_dir)
        try:
            out.open(on_wait=_waiting)
            if jobs > 1:
                out.look_ahead()  # (the last build's files looked at on the other processor: write.py)
            handover = Handover(structure=_structure(index), output=str(out.target))
            records = _render(
                source,
                config,
                urls,
                index,
                out,
                result,
                now,
                cache,
                jobs,
                renderer.result(),  # type: ignore[union-attr]  # (made whenever the build writes)
                {**{f"images/{rel}": path for rel, path in images.items()}, **attached_outputs(attached)},
                searching,
                handover,
                options.progress,
                leave,
                cms_files,
                collecting,
            )
            if leave is not None:
                leave.append(records)  # (with what _render left: its pages and their old records)
            published_files = [*claims.files, *(["pagefind/"] if searching else [])]
            out.write("_headers", headers.headers_file(published_files, cms=bool(cms_files)))
            _progress(options, "writing", 1, 1)
            if searching and not report.errors:
                handover.search = _index_for_search(out, config, index, cache, jobs)
            if report.errors:
                out.abort()
            else:
                out.commit()
                cache.save_build(records, handover)
                if handover.search is not None:
                    cache.put_document("search", handover.search)
                if handover.image_sizes:  # (sizes of images read this build, for the next: see _renderer)
                    sizes = {**known_sizes, **handover.image_sizes}
                    cache.put_document("images", {}, {rel: sizes[rel] for rel in published if rel in sizes})
                standing = None
                if site_stamp is not None and standing_key is not None and not site_stamp.racy:
                    dates = [a.date for a in content.articles if options.drafts or not a.draft]
                    since, until = unchanged.steady_between(dates, now, options.future)
                    committed = out.committed_stamps(records)
                    standing = unchanged.Standing(
                        standing_key,
                        site_stamp.digest,
                        since.isoformat() if since else None,
                        until.isoformat() if until else None,
                        str(out.target),
                        unchanged.output_digest(committed),
                        len(committed),
                        _said(result),
                        site_stamp.settled,
                    )
                # (None: a record of before would be checked and refused; dropped all the same)
                cache.put_document("standing", standing.to_json() if standing is not None else {})
                result.replaced = out.replaced_foreign
                out.close()
        except OutputNotOurs as exc:
            out.abort()
            result.refused_output = exc
        except SearchFailed as exc:
            out.abort()
            result.search_error = str(exc)
        except (OutputProblem, UnsafePath) as exc:  # a folder of the output replaced by a link
            out.abort()
            result.output_problem = str(exc) if isinstance(exc, OutputProblem) else t("build.through_link", path=exc)
        except OSError as exc:  # a full disk, a read-only folder: the output is as it was
            out.abort()
            result.write_error = exc
        except BaseException:
            out.abort()
            raise
    finally:
        cache.close()
    result.files = out.files_written
    result.stats["kept"] = out.files_kept
    result.seconds = time.perf_counter() - started
    return result


def _standing_key(options: BuildOptions, searching: bool) -> str:
    """What besides the site's files decides what a build writes and says: the installed code and
    libraries, the options, the Pagefind that indexes, the messages' language (unchanged.py)."""
    from .search import pagefind_command

    pagefind = pagefind_command() if searching else None
    parts = [
        code_digest(),
        str(options.output_dir.resolve()),
        repr(options.base_url),
        f"drafts={options.drafts}:future={options.future}:strict={options.strict}:search={searching}",
        f"asked_search={options.search}",
        f"pagefind={pagefind and [pagefind, os.path.getmtime(pagefind[0]) if os.path.exists(pagefind[0]) else None]}",
        f"lang={os.environ.get('SITE_BUILDER_LANG')}:{messages.current()}",
    ]
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def _said(result: BuildResult) -> dict:
    """What a build reported, for a next build that finds nothing changed to say again."""
    tz = result.timezone
    return {
        "articles": result.articles,
        "pages": result.pages,
        "feeds": result.feeds,
        "warnings": [[p.path, p.line, p.message] for p in result.report.warnings],
        "notes": list(result.notes),
        "drafts": list(result.drafts),
        "future": [[rel, (date.astimezone(tz) if tz is not None else date).isoformat()] for rel, date in result.future],
    }


def _last_build_stands(
    options: BuildOptions, cache: BuildCache, key: str, site: unchanged.SiteStamp, result: BuildResult, started: float
) -> bool:
    """Whether the last build's result stands (unchanged.py): then `result` says what it said."""
    record = cache.get_document("standing")
    if record.get("key") != key or record.get("inputs") != site.digest:  # (the usual answer: said first)
        return False
    standing = unchanged.Standing.from_json(record)
    if standing is None:
        return False
    if not unchanged.still_settled(options.source, standing.settled):  # (files it found just written)
        return False
    now = options.now or dt.datetime.now(dt.UTC)
    if not standing.covers(now):
        return False
    out = StagedOutput(options.output_dir)
    if str(out.target) != standing.output:
        return False
    try:
        out.open(on_wait=_waiting, recover=False)
    except (OSError, CommitCutShort):
        return False  # (the full build says why, or finishes the commit)
    try:
        found = out.found_stamps()
        if found is None or len(found) != standing.count or unchanged.output_digest(found) != standing.output_files:
            return False
    finally:
        out.abort()  # (nothing was staged: its empty staging folder goes, the lock is let go)
    said = standing.said
    try:
        result.articles, result.pages, result.feeds = said["articles"], said["pages"], said["feeds"]
        for path, line, message in said["warnings"]:
            result.report.warning(path, line, message)
        result.notes = list(said["notes"])  # (the same as this build's so far: the same options)
        result.drafts = list(said["drafts"])
        result.future = [(rel, dt.datetime.fromisoformat(moment)) for rel, moment in said["future"]]
    except (KeyError, TypeError, ValueError):
        result.report.problems.clear()
        return False
    result.timezone = None  # (the moments were recorded in the site's zone)
    result.stats.update(kept=standing.count, rendered=0, visited=0, unchanged=1)
    result.seconds = time.perf_counter() - started
    return True


FIXED_LAYOUTS = (
    "home.html",
    "clusters.html",
    "provinces.html",
    "cluster.html",
    "province.html",
    "list.html",
    "author.html",
    "archive.html",
    "terms.html",
    "search.html",
    "404.html",
)


def _check_layouts(source: Path, config: SiteConfig, index: SiteIndex, report: Report) -> None:
    """For `check`: the layouts pages use, and those they extend, include or import, parsed, so that a
    slip in one is reported as `build` reports it (`layouts/x.html:LINE: template error: …`)."""
    env = make_environment(source, config)
    pending = {*FIXED_LAYOUTS, *(a.layout for a in index.all_articles), *(p.layout for p in index.pages)}
    seen: set[str] = set()
    while pending:
        name = pending.pop()
        seen.add(name)
        try:
            assert env.loader is not None  # (make_environment gives it one)
            text, filename, _ = env.loader.get_source(env, name)
            tree = env.parse(text, name, filename)
        except jinja2.TemplateSyntaxError as exc:
            report.error(exc.filename or name, exc.lineno or 1, t("build.template_error", problem=exc.message))
            continue
        except jinja2.TemplateNotFound:
            continue  # (an unknown layout is reported where an article names it)
        pending |= {n for n in jinja2.meta.find_referenced_templates(tree) if n} - seen


def _pagefind_installed() -> bool:
    from .search import pagefind_command  # (a small module; Pagefind itself runs only when indexing)

    return pagefind_command() is not None


def _waiting(pid: int | None) -> None:
    print(t("build.waiting", who=t("build.process", pid=pid) if pid else ""), file=sys.stderr, flush=True)


def _progress(options: BuildOptions, stage: str, done: int, total: int) -> None:
    if options.progress is not None:
        options.progress(stage, done, total)


def _index_for_search(out: StagedOutput, config: SiteConfig, index: SiteIndex, cache: BuildCache, jobs: int) -> dict:
    """The search index in parts, of consecutive months of articles (see search.py), each edition's apart (its
    search page finds its own articles only): a part whose articles' pages are as the last build
    indexed them (none re-rendered, the same pages) and whose bundle the output still holds, as
    listed, is kept; the others are indexed again."""
    from . import search  # (here: a build without search does not import it)

    parts: dict[str, list[str]] = {}
    language: dict[str, str] = {}  # part -> the language Pagefind reads it in
    listed_parts: dict[str, list[str]] = {}  # the file listing an edition's parts -> its parts
    for edition in index.editions():
        code = edition.edition.code if edition.edition is not None else config.language
        main = edition.edition is None or edition.edition.main
        by_month: dict[tuple[int, int], list[str]] = {}
        for article in edition.articles:
            local = article.date.astimezone(config.tz)
            by_month.setdefault((local.year, local.month), []).append(output_path(article.url))
        mine = {search.part_name(code, main, name): pages for name, pages in search.parts_by_month(by_month).items()}
        parts.update(mine)
        language.update((name, code) for name in mine)
        listed_parts[search.parts_file(code, main)] = list(mine)
    before = cache.get_document("search") if out.trusted and not out.recovered else {}
    listed: dict[str, list[str]] = {}
    for rel in out.owned:
        if rel.startswith(f"{search.OUTPUT_SUBDIR}/"):
            listed.setdefault(rel.split("/")[1], []).append(rel)
    record, todo = {}, {}
    for name, pages in parts.items():
        record[name] = hashlib.sha256("\n".join(sorted(pages)).encode()).hexdigest()[:32]
        changed = before.get(name) != record[name] or any(_searched_differently(out, rel) for rel in pages)
        bundle = listed.get(name, [])
        if changed or f"{search.OUTPUT_SUBDIR}/{name}/pagefind-entry.json" not in bundle or not out.keep_listed(bundle):
            todo[name] = pages
    done = search.index_parts(out, todo, language, jobs)
    if not done.ok:
        raise SearchFailed(done.message)
    for listing, names in listed_parts.items():
        newest_first = sorted(names, reverse=True)
        out.write(
            listing.lstrip("/"), json.dumps([f"/{search.OUTPUT_SUBDIR}/{name}/" for name in newest_first]).encode()
        )
    return {name: record[name] for name in parts}  # (saved once the output is committed)


def _searched_differently(out: StagedOutput, rel: str) -> bool:
    """Whether an article page this build staged gives Pagefind something else to index than the
    output's page (search.search_view): a title edit re-renders the pages whose Xem thêm or Tin
    mới lists show it, in other years' parts, and none of those lists is indexed."""
    from . import search

    staged = out.staging / rel
    if not staged.exists():
        return False  # (unchanged: the output's page is this build's)
    try:
        old = (out.target / rel).read_bytes()
    except OSError:
        return True
    return search.search_view(staged.read_bytes()) != search.search_view(old)


def _structure(index: SiteIndex) -> str:
    """What every Xem thêm list and every link between translations is made from (see
    RelatedIndex.structure): the main edition's structure alone for a site of one language."""
    if not index.others:
        return index.related.structure()
    links = sorted((url, *(a.url for a in others)) for url, others in index.translations.items())
    parts = [edition.related.structure() for edition in index.editions()]
    return inputs.output(*parts, repr(links))


def _recall(index: SiteIndex, structure: str | None, paths: list[str]) -> None:
    """Each edition's Xem thêm lists are as the last build's when the whole structure is (a site of
    several editions remembers one: an edit to one edition's terms recomputes the others' lists too)."""
    same = structure is not None and structure == _structure(index)
    for edition in index.editions():
        edition.related.recall(structure if not index.others else None, paths)
        if index.others:
            edition.related.lists_as_before = same


def _versions(url: str, index: SiteIndex, language_of: dict[str, str], main: str) -> list[tuple[str, str]]:
    """The page at `url` in every language, itself included, and x-default (the version in the
    main language), as the sitemap lists them: the same links as the page's own <head>."""
    versions = sorted([(language_of[url], url), *((a.lang, a.url) for a in index.translations[url])])
    default = [("x-default", href) for lang, href in versions if lang == main]
    return versions + default[:1]


class SearchFailed(Exception):
    """Pagefind did not make the index the site's search page needs: the build fails."""


def _site_digest(
    source: Path, config: SiteConfig, assets, content, files: SiteFiles, searching: bool, images: Images, stamps: dict
) -> str:
    """inputs.site, from what this build has found (see there)."""
    layouts = [
        (path.relative_to(folder).as_posix(), path)
        for folder in layout_dirs(source)
        for path in files.walk(folder, ".html", limit=TEXT_LIMIT)
    ]
    clusters = [cluster for _, cluster in sorted(content.clusters.items())]
    authors = [profile for _, profile in sorted(content.authors.items())]  # (their pages: few, like clusters)
    bodies = [c.html for c in clusters] + [p.html for p in content.pages] + [a.html for a in authors]
    shared = [images.key(src) for body in bodies for src in images.sources_in(body)]
    shared += [images.key(a.photo.src) for a in authors if a.photo is not None]
    files_read = [c.path for c in clusters] + [a.path for a in authors]
    return inputs.site(config, layouts, assets, stamps, files_read, shared, pillow_installed(), searching)


@dataclass
class _RenderWork:
    """What rendering a share of the pages needs: handed to each forked worker with the function
    (inherited through fork, never pickled)."""

    out: StagedOutput
    envs: list[jinja2.Environment]  # each edition's (a page's `edition` says which)
    jobs: list  # every page of the site (render/plan.py)
    digests: list[str]  # each edition's digest (the site's and its strings')
    previous: dict[str, OutputRecord]
    rank: dict[str, int]  # article URL -> its rank in the site's order (all editions: index.site_rank)
    visit: list[int]  # the pages that may have changed
    feeds: list[tuple]  # (path, fingerprint, kind, arguments) of the feeds to make
    shown_as: dict[str, str]  # article URL -> what pages show of it (fingerprints.article_digests)
    sizes: dict[str, int]  # URL -> size in bytes of each attached file (feeds state it)
    copies: list[tuple[str, str, str]]  # (source, output path, made from) of the site's images and attachments
    parent: int  # the build's process: a worker that outlives it stops
    progress: Callable | None = None


def _render_share(work: _RenderWork, worker: int, workers: int) -> dict:
    """Render every `workers`-th page to visit, starting at `worker`; pages whose inputs are
    unchanged are kept. Each output file gets its record (state.OutputRecord)."""
    out, envs, jobs, digests, previous = work.out, work.envs, work.jobs, work.digests, work.previous
    rank = work.rank
    visit = work.visit
    fingerprints: dict[str, OutputRecord] = {}
    rendered = 0
    # Counted from here: a forked worker starts from the parent's counts, and may run more shares.
    written, kept = out.files_written, out.files_kept
    progress = work.progress
    for position in range(worker, len(visit), workers):
        if worker and position % 64 == worker and os.getppid() != work.parent:
            os._exit(1)  # the build was killed: no rendering into a staging folder nobody will move
        if progress and worker == 0 and position % (50 * workers) == 0:
            progress("rendering", position, len(visit))  # worker 0 speaks for all: they advance together
        job = jobs[visit[position]]
        env, digest = envs[job.edition], digests[job.edition]
        rel = output_path(job.url)
        before: OutputRecord | None = previous.get(rel)
        shown: list = []
        memo = None
        if job.inputs is not None:
            # Article pages: what they show is known without building the context (see plan.py).
            page_made_of, memo, shown = job.inputs(before.memo if before else None)
            fp = inputs.output(digest, job.url, job.layout, page_made_of)
            context_fp = None  # (compared by `fp` only)
            if before and before.made_from == fp and out.keep(rel, before.stamp):
                fingerprints[rel] = before._replace(context=None, memo=memo, shows=_ranks(shown, rank))
                continue
            context = job.context()
        else:
            context = job.context()
            fp = context_fp = inputs.output(digest, job.url, job.layout, page_inputs(context, shown, work.shown_as))
            if before and before.context == context_fp and out.keep(rel, before.stamp):
                fingerprints[rel] = before._replace(
                    made_from=fp, memo=None, shows=None if job.watches_all else _ranks(shown, rank)
                )
                continue
        try:
            html = env.get_template(job.layout).render(context)
        except jinja2.TemplateSyntaxError as exc:
            return {
                "error": (exc.filename or job.layout, exc.lineno or 1, t("build.template_error", problem=exc.message))
            }
        except jinja2.TemplateError as exc:
            return {"error": (job.layout, 1, t("build.template_render_error", url=job.url, problem=exc))}
        out.write(rel, html.encode("utf-8"))
        rendered += 1
        fingerprints[rel] = OutputRecord.written(
            fp, out.stamp(rel), context=context_fp, memo=memo, shows=None if job.watches_all else _ranks(shown, rank)
        )
    feed_jobs = work.feeds
    if feed_jobs:
        from .render import feeds

        made = feeds.Made()  # each article's body and items as feeds show them, made once here
        for rel, fp, kind, args in feed_jobs[worker::workers]:
            out.write(rel, getattr(feeds, kind)(*args, made=made, sizes=work.sizes))
            fingerprints[rel] = OutputRecord.written(fp, out.stamp(rel), context=fp)
    # The site's images, copied by each process for its share (the files of 10,000 articles'
    # photos, ~1 GB: in the build's own process alone they made it the slowest of the renderers).
    for source_path, rel, made_from in work.copies[worker::workers]:
        before = previous.get(rel)
        if "racy" not in made_from and before and before.made_from == made_from and out.keep(rel, before.stamp):
            fingerprints[rel] = before
            continue
        out.copy_file(source_path, rel)
        fingerprints[rel] = OutputRecord.written(made_from, out.stamp(rel))
    return {
        "fingerprints": fingerprints,
        "rendered": rendered,
        "written": out.files_written - written,
        "kept": out.files_kept - kept,
        "outputs": out.outputs,
    }


def _ranks(articles: list, rank: dict[str, int]) -> list[int]:
    return sorted({rank[a.url] for a in articles})


def _pages_to_visit(
    pages: list, previous: dict, changed: set[int] | None, out: StagedOutput, fingerprints: dict
) -> list[int]:
    """Which pages may have changed. With `changed` (the ranks of edited articles, when nothing
    else about the site changed), a page that shows none of them is kept as it is without being
    looked at again — provided its file is still the one written; `fingerprints` gets its record."""
    if changed is None:
        return list(range(len(pages)))
    visit = []
    keep = out.keep
    for number, job in enumerate(pages):
        rel = output_path(job.url)
        before = previous.get(rel)
        if (
            before is not None
            # (a page that watches every article, as an index's counts do, only when none changed)
            and (changed.isdisjoint(before.shows) if before.shows is not None else job.watches_all and not changed)
            and keep(rel, before.stamp)
        ):
            fingerprints[rel] = before
        else:
            visit.append(number)
    return visit


def template_bytecode_cache(site_digest: str = "") -> jinja2.BytecodeCache | None:
    """Compiled templates, kept between builds (a warm build compiles nothing). Jinja's own
    per-user folder in the system's temporary folder, which it checks belongs to this user: never
    the site folder, where a planted file could carry code.

    Keyed by the site digest (settings, layouts, assets) as well as the template: Jinja folds
    constant expressions while compiling, so `"/" | absolute` is compiled into the code with
    this site's base URL in it, and must never be reused for another site or other settings."""
    try:
        return _SiteBytecodeCache(site_digest, pattern=TEMPLATE_CACHE_PATTERN)
    except (RuntimeError, OSError):
        return None  # no safe folder: templates are compiled every build


class _SiteBytecodeCache(jinja2.FileSystemBytecodeCache):
    def __init__(self, site_digest: str, **options):
        super().__init__(**options)
        self.site_digest = site_digest

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return hashlib.sha1(f"{self.site_digest}|{name}|{filename}".encode()).hexdigest()


TEMPLATE_CACHE_PATTERN = "__site_builder_%s.cache"


def _feeds_to_make(
    index: SiteIndex,
    config: SiteConfig,
    site_digest: str,
    previous: dict,
    out: StagedOutput,
    fingerprints: dict,
    digests: dict[str, str],
) -> list[tuple]:
    """The site's feeds and each list's (cluster, province, event, tag, section, author): (path,
    fingerprint, kind, arguments) of those to make; a feed shows the settings and its articles (as
    `digests` has them: with the sizes of their pictures and files), so unchanged ones are kept as
    they are (their records go to `fingerprints`). Made by the render workers, beside the pages."""
    names = {cid: listing.name for cid, listing in index.clusters.items()}
    top = index.articles[: config.feed_size]
    home = index.edition.home if index.edition is not None else "/"  # (an edition's feeds are beside its home)
    folder = home.lstrip("/")
    wanted = [
        (folder + "rss.xml", top, "rss", (config.title, home, config, top, names)),
        (folder + "atom.xml", top, "atom", (config.title, config, top, names, home)),
        (folder + "feed.json", top, "json_feed", (config.title, config, top, names, home)),
    ]
    for listing in index.listings():
        if not listing.feed_url:
            continue  # (archives by date have none: the site's feed is the newest)
        articles = listing.articles[: config.feed_size]
        wanted.append(
            (
                output_path(listing.feed_url),
                articles,
                "rss",
                (f"{listing.name} – {config.title}", listing.url, config, articles, names),
            )
        )
    to_make = []
    for rel, articles, kind, args in wanted:
        fp = inputs.output(site_digest, rel, " ".join(digests[a.url] for a in articles))
        before = previous.get(rel)
        if before and before.made_from == fp and out.keep(rel, before.stamp):
            fingerprints[rel] = before
        else:
            to_make.append((rel, fp, kind, args))
    return to_make


def _renderer(
    source: Path,
    config: SiteConfig,
    cache: BuildCache,
    assets: dict,
    files: SiteFiles,
    searching: bool,
    published: dict,
    known_sizes: dict,
    started_ns: int,
    taken: dict[str, list[int]],
    editions: list[tuple[Edition, Urls, i18n.Strings]],
    content,
    ahead: bool = False,
) -> tuple:
    """What rendering needs before it starts: the assets, the images, the site digest and, for
    each edition, its template environment and digest (the site's and its interface strings: a
    change to i18n/en.yaml makes the English pages again, and only them). `ahead` (done while
    workers read the articles, see workers.Alongside): every template is compiled and the feed
    library imported then, not after reading.

    Every published file is stamped here once (size, mtime, inode, ctime): an image with the stamp
    a previous build recorded is neither opened for its size nor copied again. A file changed in
    the moments before this build is not trusted by its stamp (as for articles: racy writes)."""
    stamps: dict[str, list] = {}
    for rel, path in published.items():
        stamp = taken.get(str(path)) or file_stamp(path)  # (taken: by the build's first look, unchanged.py)
        if stamp is not None:
            racy = stamp[1] > started_ns - inputs.RACY_NS or stamp[3] > started_ns - inputs.RACY_NS
            stamps[rel] = stamp + ["racy"] if racy else stamp
    images = Images(published, cache.folder / "images" if cache.enabled else None, known=known_sizes, stamps=stamps)
    if ahead:
        # Each image's size, read now (a header each: 15,000 files at 10,000 articles on a first
        # build) while the workers read the articles, not later by the build's own process.
        for rel in published:
            if rel.startswith("images/"):
                images.info("/" + rel)
    from .search import parts_file  # (a list of URLs: Pagefind itself is not imported)

    site_digest = _site_digest(source, config, assets, content, files, searching, images, stamps)
    envs, digests = [], []
    for edition, urls, strings in editions:
        others = [{"url": e.home, "code": e.code, "name": e.name} for e, _, _ in editions if e is not edition]
        view = EditionView(
            edition,
            edition.config(config),
            strings,
            urls,
            config.language,
            others,
            parts_file(edition.code, edition.main),
        )
        env = make_environment(source, config, images, asset_url(assets), SEARCH_URL if searching else None, view)
        digest = inputs.edition(site_digest, edition.code, strings.digest)
        if cache.enabled:
            env.bytecode_cache = template_bytecode_cache(digest)
        if ahead:
            _compile_templates(env)
        envs.append(env)
        digests.append(digest)
    if ahead:
        from .render import feeds  # noqa: F401  (feedgen and lxml)
    return assets, images, envs, site_digest, digests


def _compile_templates(env: jinja2.Environment) -> None:
    for name in env.list_templates(extensions=["html"]):
        try:
            env.get_template(name)
        except Exception:  # (a syntax error, an unreadable file: reported where a page uses it, if one does)
            pass


def _render(
    source: Path,
    config: SiteConfig,
    urls: Urls,
    index: SiteIndex,
    out: StagedOutput,
    result: BuildResult,
    now: dt.datetime,
    cache: BuildCache,
    jobs: int,
    renderer: tuple,
    image_files: dict[str, str],  # output path -> file: the site's images and attachments, copied as they are
    searching: bool,
    handover: Handover,
    progress=None,
    leave: list | None = None,
    cms_files: dict | None = None,
    collecting: bool = True,
) -> dict[str, OutputRecord]:
    """Every output file of the site but the search index, staged in `out`; returns their records.
    `renderer`: what `_renderer` made (while the articles were read, or in place). What the next
    build needs to know of this one goes into `handover`."""
    assets, images, envs, site_digest, edition_digests = renderer
    everything = index.all_articles  # every edition's, in the order of `index.site_rank`
    # Each attachment's size, from the stamp taken once this build (pages and feeds state it).
    sizes = {"/" + rel: stamp[0] for rel, stamp in images.stamps.items() if rel.startswith(FILES_FOLDER + "/")}
    digests = inputs.article_digests(everything, images.key, lambda url: f"{url}={sizes.get(url)}")
    shown_as = {a.url: d for a, d in zip(everything, digests)}
    pages: list = []
    for number, edition in enumerate(index.editions()):
        view = envs[number].globals
        pages += plan_pages(
            edition,
            view["site"],
            Urls(edition.edition.permalinks(config.permalinks)) if edition.edition else urls,
            search=searching,
            digest_of=lambda a: shown_as[a.url],
            strings=view["tr"],
            number=number,
        )
    # What every page depends on, all editions together: what the last build saw, or not.
    # (The editions' digests even for one: they hold its interface strings, i18n/<lang>.yaml.)
    whole_site = inputs.output(site_digest, *edition_digests)
    previous: dict[str, OutputRecord] = {}
    if out.previous is not None and cache.get_meta("output") == str(out.target):
        previous = cache.output_records()
    if leave is not None:
        leave += (pages, previous)
    shown = Shown(digests, [[p.url, p.digest] for p in index.pages], [a.rel_path for a in everything])
    before = cache.shown() if previous else Shown()
    _recall(index, cache.get_meta("structure") if previous else None, before.paths)
    changed = None
    if (
        all(edition.related.lists_as_before for edition in index.editions())
        and cache.get_meta("site") == whole_site
        and before.pages == shown.pages
        and len(before.digests) == len(digests)
    ):
        # Only some articles' content changed, or none (same site, same pages, same lists): the
        # pages to look at are the ones that showed them (ranks recorded per page by the last build).
        changed = {r for r, (old, new) in enumerate(zip(before.digests, digests)) if old != new}
    carried: dict[str, OutputRecord] = {}
    visit = _pages_to_visit(pages, previous, changed, out, carried)
    feed_jobs = []
    for number, edition in enumerate(index.editions()):
        edition_config = envs[number].globals["site"]
        feed_jobs += _feeds_to_make(edition, edition_config, edition_digests[number], previous, out, carried, shown_as)
    result.feeds = sum(3 + sum(1 for listing in edition.listings() if listing.feed_url) for edition in index.editions())
    result.stats["visited"] = len(visit)
    copies = [(path, rel, f"copy:{images.stamps.get(rel)}") for rel, path in image_files.items()]
    work = _RenderWork(
        out=out,
        envs=envs,
        jobs=pages,
        digests=edition_digests,
        previous=previous,
        progress=progress,
        rank=index.site_rank,
        visit=visit,
        feeds=feed_jobs,
        shown_as=shown_as,
        sizes=sizes,
        copies=copies,
        parent=os.getpid(),
    )
    workers = jobs if len(visit) >= PARALLEL_MIN and jobs > 1 else 1
    if feed_jobs:
        from .render import feeds  # noqa: F401  (feedgen and lxml: imported once, only when a feed is made)
    if workers > 1:
        for env in envs:
            _compile_templates(env)  # once here, not once in each worker (unless done ahead)
    # Rendering makes cyclic garbage (Jinja's contexts): the collector runs while pages are
    # rendered, over what this build made since reading (the plan, the records) frozen too.
    gc.freeze()
    if collecting:
        gc.enable()
    try:
        if workers == 1:
            shares = [_render_share(work, 0, 1)]
        else:
            # This process renders the first share itself while forked workers render the others:
            # it would only wait, and one process fewer is one fewer copy of the pages it touches.
            out.take_look()  # (the workers share what the look ahead found: write.py)
            with Forked(lambda share: _render_share(work, share, workers), range(1, workers), workers - 1) as forked:
                own = _render_share(work, 0, workers)
                others = list(forked.results())
    finally:
        gc.disable()
    if workers > 1:
        # Workers report the files they wrote and kept; this process's share is in its counters.
        out.files_written += sum(s.get("written", 0) for s in others)
        out.files_kept += sum(s.get("kept", 0) for s in others)
        for share in others:
            out.outputs.update(share.get("outputs", ()))
        shares = [own, *others]
    fingerprints: dict[str, OutputRecord] = carried
    for share in shares:
        if "error" in share:
            result.report.error(*share["error"])
            return {}
        fingerprints.update(share["fingerprints"])
        result.stats["rendered"] = result.stats.get("rendered", 0) + share["rendered"]
    result.pages = len(pages)

    sitemap: list[tuple] = [
        (job.url, None)
        if job.article is None
        else (job.url, (job.article.updated or job.article.date).astimezone(config.tz).date().isoformat())
        for job in pages
        if job.url != "/404.html"
    ]
    if index.translations:  # an article in other languages: each version listed with all of them
        language_of = {a.url: a.lang for a in everything}
        sitemap = [
            (*entry, _versions(entry[0], index, language_of, config.language))
            if entry[0] in index.translations
            else entry
            for entry in sitemap
        ]
    # The sitemap files: kept as they are when they would list the same pages with the same dates.
    sitemap_fp = inputs.output(site_digest, repr(sitemap))
    sitemap_before = previous.get("sitemap.xml")
    names = sitemap_before.parts if sitemap_before else None
    if (
        sitemap_before
        and names
        and sitemap_before.made_from == sitemap_fp
        and all(n in previous and out.holds(n, previous[n].stamp) for n in names)
    ):
        for name in names:
            out.keep(name, previous[name].stamp)
            fingerprints[name] = previous[name]
    else:
        sitemaps = machine.sitemaps(sitemap, config)
        for name, data in sitemaps.items():
            out.write(name, data)
            fingerprints[name] = OutputRecord.written(
                sitemap_fp, out.stamp(name), parts=sorted(sitemaps) if name == "sitemap.xml" else None
            )
    newest = index.all_articles if not index.others else sorted(everything, key=lambda a: a.sort_key)
    out.write("sitemap-news.xml", machine.news_sitemap(newest, config, now))
    out.write("robots.txt", machine.robots(config))
    _write_redirects(config, index, out, result, {env.globals["tr"].code: env.globals["tr"] for env in envs})

    def kept(rel: str, made_from: str) -> bool:
        """Whether the output still holds the file made from the same source (by its stamp), as
        recorded: then it is not read again. Else its record is made once it is written."""
        before = previous.get(rel)
        if "racy" not in made_from and before and before.made_from == made_from and out.keep(rel, before.stamp):
            fingerprints[rel] = before
            return True
        made[rel] = made_from
        return False

    made: dict[str, str] = {}
    stamps = images.stamps
    for rel, asset in assets.items():
        if not kept(asset.url.lstrip("/"), f"copy:{stamps.get(rel)}"):
            out.copy_file(asset.source, asset.url.lstrip("/"))
    if cms_files:
        _write_cms(config, index, assets, cms_files, out, kept)
    result.stats["images_encoded"] = images.publish(
        out,
        index,
        warn=lambda path, why: result.report.warning(path, 1, t("build.image_unreadable", why=why)),
        kept=kept,
        jobs=jobs,
    )
    for rel, made_from in made.items():
        if rel in out.outputs:
            fingerprints[rel] = OutputRecord.written(made_from, out.stamp(rel))
    handover.image_sizes = {
        rel: v for rel, v in images.learned.items() if "racy" not in stamps.get(rel, ()) and images.known.get(rel) != v
    }
    handover.site_digest = whole_site
    handover.shown = shown
    return fingerprints


def _write_cms(config: SiteConfig, index: SiteIndex, assets: dict, cms_files: dict, out: StagedOutput, kept) -> None:
    """/admin/: the page, its config made from the site's schema, and the CMS's files (cms.py)."""
    style = asset_url(assets)("css/style.css")
    out.write("admin/index.html", cms.index_html(config, style))
    # Its data's JSON, cheap beside the YAML (which PyYAML represents in Python: 0.05 s at
    # 10,000 articles), tells whether the last build's file still stands.
    data = cms.cms_config(config, index)
    made_from = "cms:" + hashlib.sha256(json.dumps(data, ensure_ascii=False, default=str).encode()).hexdigest()
    if not kept("admin/config.yml", made_from):
        out.write("admin/config.yml", cms.config_yml_of(data))
    for asset in cms_files.values():
        rel = asset.url.lstrip("/")
        if not kept(rel, f"copy:{file_stamp(asset.source)}"):
            out.copy_file(asset.source, rel)


def _write_redirects(
    config: SiteConfig, index: SiteIndex, out: StagedOutput, result: BuildResult, strings: dict[str, i18n.Strings]
) -> None:
    """Aliases and renamed URLs: `_redirects` for Netlify, and for other hosts an HTML page at
    each old path that names a page (a folder or an .html file; an old `/x.pdf` gets only the rule),
    in the language of the article moved (`strings`: each edition's, by language; a renamed URL of
    `redirects:` in the site's). Each old path was claimed before rendering (render/claims.py):
    none replaces a file of the site."""
    main = strings[config.language]
    moves = [(alias, a.url, a.title, strings.get(a.lang, main)) for a in index.all_articles for alias in a.aliases]
    moves += [(old, new, new, main) for old, new in config.redirects.items()]
    for old, new, title, said in moves:
        if old.endswith("/") or old.lower().endswith((".html", ".htm")):
            out.write(output_path(normal_path(old)), redirects.redirect_page(new, title, config, said))
    out.write("_redirects", redirects.redirects_file([(old, new) for old, new, _, _ in moves]))


def _settings_line(source: Path):
    """line(key, value): where a setting (and a value under it) is in content/_site.yaml, for errors."""

    def line(key: str, value: str | None = None) -> int:
        try:
            text = (source / "content" / "_site.yaml").read_text(encoding="utf-8-sig")
        except (OSError, ValueError):
            return 1
        return max(1, line_of_key("\n" + text, key, value) - 1)

    return line
