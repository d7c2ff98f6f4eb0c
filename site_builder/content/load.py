"""Reading the content folder into typed values, with every problem recorded as path:line."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

from .. import messages
from ..cache import BuildCache, pack_entry, serialize
from ..config import SiteConfig
from ..dates import dateline, short_date, to_aware
from ..errors import ERROR, WARNING, Report, closest, did_you_mean, did_you_mean_file
from ..files import read_bytes
from ..known import KnownFiles
from ..messages import t
from ..provinces import ProvinceRegistry
from ..sitefiles import TEXT_LIMIT, SiteFiles
from ..slugs import fold, slugify
from ..urls import Urls, link_problem, path_problem
from ..workers import Alongside
from . import records
from .attachments import read_attachments
from .lint import ProvinceLint
from .markdown import PLACEHOLDER_ALTS, LazyMarkdown, summarize
from .models import Article, Cluster, EventMention, LeadImage, Page, ProvinceMention, Term
from .parse import Parsed, from_entry, map_in_workers, parse_entry
from .source import Source, SourceError, parse_source

ARTICLE_KEYS = {
    "title",
    "date",
    "updated",
    "summary",
    "cluster",
    "provinces",
    "events",
    "tags",
    "section",
    "author",
    "image",
    "slug",
    "draft",
    "aliases",
    "related",
    "layout",
    "attachments",
    "toc",
    "lang",
    "translation_of",
}


@dataclass
class Content:
    articles: list[Article] = field(default_factory=list)
    clusters: dict[str, Cluster] = field(default_factory=dict)
    pages: list[Page] = field(default_factory=list)
    # Articles that could not be loaded (their errors are reported): the slugs they would have, so
    # that a `related:` naming one of them is not a second error in another file; None when one of
    # them cannot tell (its front matter cannot be read), and then no pick is an error this build.
    failed_slugs: set[str] | None = field(default_factory=set)
    authors: dict[str, Any] = field(default_factory=dict)  # slug -> authors.AuthorProfile (content/authors/)


@dataclass
class LoadContext:
    """What reading one file needs to know about the rest of the site."""

    config: SiteConfig
    urls: Urls
    registry: ProvinceRegistry
    layouts: frozenset[str]
    cluster_ids: frozenset[str] = frozenset()
    published: dict[str, Path] | None = None  # URL path -> file: what the site publishes (images, static)
    files: SiteFiles | None = None  # what may be read (the site folder's own files)
    # Each edition's URLs (editions.py), by language code; the main edition's are `urls`.
    edition_urls: dict[str, Urls] = field(default_factory=dict)
    # [size, mtime, inode, ctime] of the site's files by path, as the build's first look took them
    # (unchanged.stamp_site): an article's stamp is taken from here rather than by a `stat` again.
    stamps: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self):
        self.tz = self.config.tz
        self.md = LazyMarkdown(self.config.unsafe_html)
        self.lint = ProvinceLint(self.registry)
        self.edition_urls = {self.config.language: self.urls, **self.edition_urls}

    def local_file_present(self, url: str) -> bool:
        """False for a site-relative URL (/images/a.png) of a file the site does not publish
        (content/images/ or a static folder); True for any other URL (https://..., //cdn/...)."""
        if not url.startswith("/") or url.startswith("//") or self.published is None:
            return True
        return url.split("?", 1)[0].split("#", 1)[0][1:] in self.published


def load_content(
    site_dir: Path,
    ctx: LoadContext,
    report: Report,
    cache: BuildCache | None = None,
    jobs: int = 1,
    memory: dict | None = None,
    alongside: Alongside | None = None,
) -> Content:
    """Clusters first (articles refer to them), then articles and pages, each file independently.

    `memory` (a long-running `serve` passes the same dict to every build) keeps the articles read
    by the previous build, so that a rebuild takes the unchanged ones as they are. `alongside`
    is given the content with its clusters, and runs while workers read the articles (if any do)."""
    content_dir = site_dir / "content"
    content = Content()
    files = ctx.files if ctx.files is not None else SiteFiles(site_dir)  # (its refusals: build.py reports them)
    cluster_paths = files.walk(content_dir / "clusters", ".md", hidden=False, limit=TEXT_LIMIT, recursive=False)
    for path in cluster_paths:
        read = read_parsed(path, ctx, report)
        cluster = read and load_cluster(path, read[1], ctx, report)
        if cluster:
            content.clusters[cluster.id] = cluster
    ctx.cluster_ids = frozenset(p.stem for p in cluster_paths)  # a broken cluster file is one error, not many
    if alongside is not None:
        alongside.bind(content)

    # (Sizes are checked with each file's stamp, which is taken anyway: see known.py.)
    paths = files.walk(content_dir / "articles", ".md", hidden=False, limit=TEXT_LIMIT, sizes=False)
    rels = [_relative(path, site_dir) for path in paths]
    context = records.context_digest(ctx)
    reader = records.RecordReader(
        ctx.registry, ctx.urls, ctx.tz, ctx.config.language, _BodyLoader(cache, ctx), ctx.edition_urls
    )
    keys_of = KnownFiles(cache, ctx.stamps)
    remembered = memory.get(context, {}) if memory is not None else {}
    # What each file gave, in the order of `paths`: (article or None, [(line, message, severity)]).
    found: list[tuple[Article | None, list] | None] = [None] * len(paths)

    # 1. A file as the last build saw it (see known.py) is known by its hash without being read;
    # its article, validated by an earlier build under the same site facts, is taken as it was:
    # from memory (serve), or from the cache's records. In chunks, so that the records of a
    # 100,000-article archive are never all in memory at once: only the articles stay.
    stamps: list[Any] = [keys_of.stamp(path, report) for path in paths]
    keys: list[Any] = [keys_of.known_key(rel, stamp) if stamp else None for rel, stamp in zip(rels, stamps)]
    for start in range(0, len(paths), LOAD_CHUNK):
        chunk = range(start, min(start + LOAD_CHUNK, len(paths)))
        for i in chunk:
            kept = remembered.get((keys[i], rels[i])) if keys[i] else None
            if kept is not None and records.all_present(kept[2], ctx):
                found[i] = (kept[0], [(line, message, WARNING) for line, message in kept[1]])
        wanted = [keys[i] for i in chunk if keys[i] and found[i] is None]
        known = cache.get_records(wanted, context) if cache and wanted else {}
        for i in chunk:
            record = known.get(keys[i]) if found[i] is None else None
            if record is not None:
                found[i] = _restore(reader, record, paths[i], rels[i], keys[i], ctx)
        del known

    # 2. The other files are read, hashed, looked up in the cache (parsed entries, records made
    # under these facts) or parsed, and validated: in workers, while this process takes in
    # what they have done so far and stores it in the cache.
    todo = [i for i in range(len(paths)) if stamps[i] and found[i] is None]
    # (A file known by its hash had its record looked up above; a first build looks up nothing.)
    look_up = bool(cache and cache.holds_entries())
    # (`check`, --no-cache and a cache that cannot be opened store no record: none is serialized)
    # What the workers need, handed to them with the function (inherited through fork, never pickled).
    preparing = _Preparing(
        ctx, site_dir, cache, context, store=bool(cache and cache.db is not None and not cache.read_only)
    )
    prepare = partial(_prepare, preparing)
    new_entries: dict[str, Any] = {}
    made: dict[str, Any] = {}  # records as serialized by the workers
    prepared = None
    try:
        items = [(str(paths[i]), keys[i], look_up) for i in todo]
        prepared = map_in_workers(prepare, items, jobs, alongside)
        for i, (key, entry, problems, record, html_utf8, stored) in zip(todo, prepared):
            if key is not None and record is not None and html_utf8 is None:  # a cached record: as in step 1
                found[i] = _restore(reader, record, paths[i], rels[i], key, ctx)
                if found[i] is None:  # not of the expected shape: read, hashed and parsed again here
                    key, entry, problems, record, html_utf8, stored = prepare((str(paths[i]), None, False))
            if key is None:  # the file could not be read
                found[i] = (None, problems)
                continue
            keys_of.learn(rels[i], stamps[i], key)
            if cache:
                cache.used.add(key)
            if found[i] is not None:
                continue
            if entry is not None:
                new_entries[key] = entry
            if record is None:
                found[i] = (None, problems)
                continue
            article = reader.article(record, paths[i], rels[i], key)
            article.html_utf8 = html_utf8
            found[i] = (article, problems)
            if not any(severity == ERROR for _, _, severity in problems):
                made[key] = stored
            if cache and len(new_entries) + len(made) >= LOAD_CHUNK // 4:
                cache.put_many(new_entries)
                cache.put_records(made, context)
                new_entries, made = {}, {}
    finally:
        if prepared is not None:  # now, not when collected: this stops the workers and waits for `alongside`
            prepared.close()
    if cache:
        cache.put_many(new_entries)
        cache.put_records(made, context)
    del new_entries, made

    # 3. In the order of the files: their problems reported, their articles kept.
    now_known: dict[tuple[str, str], tuple] = {}
    for i, result in enumerate(found):
        if result is None:
            content.failed_slugs = None  # (a file that could not even be looked at: its error is reported)
            continue
        loaded: Article | None = result[0]
        problems = result[1]
        for line, message, severity in problems:
            (report.error if severity == ERROR else report.warning)(paths[i], line, message)
        if loaded is None and content.failed_slugs is not None:
            slugs = _slugs_of_failed(paths[i])
            content.failed_slugs = None if slugs is None else content.failed_slugs | slugs
        if loaded is not None:
            content.articles.append(loaded)
            if memory is not None and not any(severity == ERROR for _, _, severity in problems):
                images = [*loaded.body_images, *([loaded.image.src] if loaded.image else [])]
                images += [f.url for f in loaded.attachments]
                now_known[(loaded.digest, loaded.rel_path)] = (
                    loaded,
                    [(line, message) for line, message, _ in problems],
                    images,
                )
    del found
    keys_of.save()
    if memory is not None:
        memory.clear()
        memory[context] = now_known  # (only this build's articles: memory does not grow)
    for path in files.walk(content_dir / "pages", ".md", hidden=False, limit=TEXT_LIMIT):
        read = read_parsed(path, ctx, report)
        if read is None:
            continue
        raw, parsed = read
        page = load_page(path, path.relative_to(site_dir).as_posix(), parsed, ctx, report)
        if page:
            page.digest = hashlib.sha256(raw).hexdigest()
            content.pages.append(page)
    return content


LOAD_CHUNK = 4000


@dataclass
class _Preparing:
    """What preparing an article needs to know of the build (see `_prepare`)."""

    ctx: LoadContext
    site_dir: Path
    cache: BuildCache | None
    context: str  # the digest of the facts a record depends on (records.context_digest)
    store: bool  # whether new records are serialized for the cache


def _restore(reader, record: dict, path: Path, rel: str, key: str, ctx: LoadContext) -> tuple | None:
    """(the Article a cached record was made from, its warnings), or None when the record cannot
    be used: an image it shows is gone, or it is not of the expected shape (never trusted)."""
    if not _images_present(record, ctx):
        return None
    try:
        article = reader.article(record, path, rel, key)
        return article, [(int(line), str(message), WARNING) for line, message in record["warnings"]]
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


class Prepared(NamedTuple):
    """What a worker sends back for one article file (pickled: plain values only). The parent
    makes the Article from the record, as for a warm build, and stores what the worker serialized."""

    key: str | None  # the file's cache key; None when it cannot be read
    entry: tuple | None  # a new parsed entry to cache, packed (cache.pack_entry)
    problems: list  # [(line, message, severity)]
    record: dict | None  # the validated article as a record; None when it has errors
    html_utf8: bytes | None  # its rendered body; None when the record came from the cache
    stored: tuple | None  # a new record as the cache stores it (cache.serialize)


def _prepare(preparing: _Preparing, item: tuple[str, str | None, bool]) -> Prepared:
    """One article file, in a worker: read and hashed (unless its key is known), then taken from
    the cache when `look_up` (its record, unless its key was known: the parent looked for that;
    else its parsed entry) or parsed, and validated."""
    try:
        return _prepare_file(preparing, Path(item[0]), item[1], item[2])
    except OSError as exc:  # the file cannot be read (or an image it names cannot be looked at)
        return Prepared(None, None, [(1, t("cannot_read_file", why=exc.strerror), ERROR)], None, None, None)


def _prepare_file(preparing: _Preparing, path: Path, key: str | None, look_up: bool) -> Prepared:
    ctx, site_dir, cache, context = preparing.ctx, preparing.site_dir, preparing.cache, preparing.context
    raw = None
    if key is None:
        raw = read_bytes(path)
        key = _key_of(raw, cache)
        record = cache.get_records([key], context).get(key) if look_up and cache else None
        if record is not None and _images_present(record, ctx):
            return Prepared(key, None, [], record, None, None)
    entry = cache.get_many([key]).get(key) if look_up and cache else None
    report = Report(root=site_dir)
    parsed = None
    new_entry = None
    if entry is not None:
        try:
            parsed = _parse(path, entry, report)
        except (KeyError, TypeError, ValueError, AttributeError):
            entry = None  # a cached entry of another shape is not trusted: the file is parsed again
    if entry is None:
        if raw is None:
            raw = read_bytes(path)
            # Named by what was read: the file may have been saved again since its stamp was
            # taken, and its entry must never be stored under the key of other bytes.
            key = _key_of(raw, cache)
        entry = parse_entry(path, raw, ctx.md, ctx.lint)
        new_entry = pack_entry(entry)  # here, in the worker, not in the parent
        parsed = _parse(path, entry, report)
    article = parsed and load_article(path, _relative(path, site_dir), parsed, key, ctx, report)
    problems = [(p.line, p.message, p.severity) for p in report.problems]
    if not article:
        return Prepared(key, new_entry, problems, None, None, None)
    warnings = [(line, message) for line, message, severity in problems if severity != ERROR]
    record = records.to_record(article, warnings, ctx.tz)
    return Prepared(key, new_entry, problems, record, article.html_utf8, serialize(record) if preparing.store else None)


def _images_present(record, ctx: LoadContext) -> bool:
    """records.images_present, False for a record not of the expected shape (never trusted)."""
    try:
        return records.images_present(record, ctx)
    except (KeyError, TypeError, ValueError, AttributeError):
        return False


def _key_of(raw: bytes, cache: BuildCache | None) -> str:
    return cache.key(raw) if cache else hashlib.sha256(raw).hexdigest()


class _BodyLoader:
    """Reads an article's rendered body when a page first needs it: from the build cache, or by
    parsing the file again when the cache no longer has it."""

    def __init__(self, cache: BuildCache | None, ctx: LoadContext):
        self.cache = cache
        self.ctx = ctx

    def __call__(self, article: Article) -> bytes:
        body = self.cache.body(article.digest) if self.cache else None
        if body is None:
            entry = parse_entry(article.path, read_bytes(article.path), self.ctx.md, None)
            body = from_entry(article.path, entry).html_utf8
        return body


def _slugs_of_failed(path: Path) -> set[str] | None:
    """The slugs an article that failed to load may have been given (its file's name, its `slug:`,
    its title's), or None when its front matter cannot be read."""
    try:
        src = parse_source(path, read_bytes(path))
    except (SourceError, OSError):
        return None
    slugs = {path.stem, slugify(path.stem)}
    for key in ("slug", "title"):
        value = src.meta.get(key)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
            slugs |= {str(value).strip(), slugify(str(value))}
    return slugs


def _relative(path: Path, folder: Path) -> str:
    """`path` relative to `folder` (which holds it), with "/" (a string cut: asked per article)."""
    text, prefix = str(path), str(folder) + os.sep
    if os.sep == "/" and text.startswith(prefix):
        return text[len(prefix) :]
    return path.relative_to(folder).as_posix()


def read_parsed(path: Path, ctx: LoadContext, report: Report) -> tuple[bytes, Parsed] | None:
    """A cluster, page or author file read and parsed (its bytes, and what they say), rendered in
    this process; None when it could not be read or parsed (reported at its line)."""
    try:
        raw = read_bytes(path)
    except OSError as exc:
        report.error(path, 1, t("cannot_read_file", why=exc.strerror))
        return None
    parsed = _parse(path, parse_entry(path, raw, ctx.md, None), report)
    return (raw, parsed) if parsed is not None else None


def _parse(path: Path, entry: dict, report: Report) -> Parsed | None:
    try:
        return from_entry(path, entry)
    except SourceError as exc:
        report.error(path, exc.line, exc.message)
    return None


def _string_list(src: Source, key: str, report: Report) -> list[str]:
    value = src.meta.get(key)
    if value is None:
        return []
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        report.error(src.path, src.line_of(key), t("load.list_of_names", key=key))
        return []
    return [str(v).strip() for v in value if str(v).strip()]


def _title(src: Source, report: Report, key: str = "title") -> str | None:
    title = src.meta.get(key)
    if title is None or (isinstance(title, str) and not title.strip()):
        if key not in src.meta and (near := _slip_of(src, key)) is not None:
            report.error(src.path, src.line_of(near), t("load.misspelt_key", key=key, written=_shown(near)))
        else:
            report.error(src.path, src.line_of(key) if key in src.meta else 1, t("load.missing", key=key))
        return None
    if not isinstance(title, (str, int, float)):
        report.error(src.path, src.line_of(key), t("load.not_text", key=key))
        return None
    return str(title).strip()


def _date(src: Source, key: str, ctx: LoadContext, report: Report, required: bool) -> dt.datetime | None:
    if key not in src.meta or src.meta[key] is None:
        if required:
            if key not in src.meta and (near := _slip_of(src, key)) is not None:
                report.error(src.path, src.line_of(near), t("load.misspelt_key", key=key, written=_shown(near)))
            else:
                report.error(src.path, src.line_of(key) if key in src.meta else 1, t("load.missing_date", key=key))
        return None
    try:
        return to_aware(src.meta[key], ctx.tz)
    except ValueError as exc:
        report.error(src.path, src.line_of(key), t("load.key_problem", key=key, problem=exc))
        return None


def _slug(src: Source, title: str, report: Report) -> str | None:
    raw = src.meta.get("slug")
    if raw is None:
        slug = slugify(title)
        if not slug:
            report.error(src.path, src.line_of("title"), t("load.title_no_slug"))
            return None
        if len(slug) > SLUG_MAX:
            report.error(
                src.path,
                src.line_of("title"),
                t("load.title_slug_too_long", length=len(slug), limit=SLUG_MAX, shorter=_shortened(slug)),
            )
            return None
        return slug
    raw = str(raw).strip()
    if "/" in raw or "\\" in raw or ".." in raw or raw != slugify(raw):
        hint = messages.did_you_mean(slugify(raw) or None)
        report.error(src.path, src.line_of("slug"), t("load.bad_slug", value=_shown(raw), hint=hint))
        return None
    if len(raw) > SLUG_MAX:
        report.error(
            src.path,
            src.line_of("slug"),
            t("load.slug_too_long", length=len(raw), limit=SLUG_MAX, shorter=_shortened(raw)),
        )
        return None
    return raw


# A slug names a folder of the output: file systems allow 255 bytes a name. Titles make long slugs;
# this leaves room for "-2" and the like, and keeps URLs readable.
SLUG_MAX = 200


def _shortened(slug: str, size: int = 80) -> str:
    """The slug cut at a hyphen before `size` characters."""
    cut = slug[:size]
    return cut.rsplit("-", 1)[0] if "-" in cut[1:] else cut


def _shown(text: str, size: int = 80) -> str:
    """A value as an editor can read it in a message: control characters named, long ones cut."""
    shown = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)
    return shown if len(shown) <= size else shown[: size - 1] + "…"


def _term_name_ok(src: Source, key: str, name: str, report: Report) -> bool:
    """A tag, section or event name must give a URL part: not empty, not too long."""
    slug = slugify(name)
    if not slug:
        report.error(
            src.path,
            src.line_of(key, name),
            t("load.term_no_letters", key=key, name=_shown(name)),
        )
        return False
    if len(slug) > SLUG_MAX:
        report.error(
            src.path,
            src.line_of(key, name[:40]),
            t("load.term_too_long", key=key, name=_shown(name, 40), length=len(name), limit=SLUG_MAX),
        )
        return False
    return True


def _provinces(
    src: Source, key: str, names: list[str], on: dt.date | None, ctx: LoadContext, report: Report
) -> list[ProvinceMention]:
    mentions: list[ProvinceMention] = []
    for name in names:
        province = ctx.registry.match(name, on=on)
        if province is None:
            guess = ctx.registry.suggest(name)
            hint = t("load.province_hint", choice=guess.name) if guess else ""
            report.error(
                src.path, src.line_of(key, name), t("load.unknown_province", key=key, name=_shown(name), hint=hint)
            )
            continue
        # Published as the official name: a slip of tone marks, diacritics or case ("Quảng Ngải",
        # "Quang Ngai", "quảng ngãi") is corrected, with a warning to correct the file too.
        official = ctx.registry.official_spelling(name, province)
        if official is not None:
            report.warning(
                src.path,
                src.line_of(key, name),
                t("load.province_spelling", key=key, name=_shown(name), official=official),
            )
            name = official
        if all(m.province.slug != province.slug for m in mentions):
            mentions.append(ProvinceMention(name, province))
    return mentions


def _image_ok(src: Source, line: int, alt: str, url: str, ctx: LoadContext, report: Report) -> bool:
    ok = True
    if not alt.strip() or alt.strip().lower() in PLACEHOLDER_ALTS:
        report.error(src.path, line, t("load.image_alt", src=_shown(url), alt=f'"{_shown(alt.strip())}"'))
        ok = False
    fixed = _rooted(url)
    if fixed is not None:
        report.error(src.path, line, t("load.image_relative", src=_shown(url), fixed=_shown(fixed)))
        ok = False
    elif not ctx.local_file_present(url):
        report.error(src.path, line, t("load.image_missing", src=_shown(url), hint=_image_meant(url, ctx)))
        ok = False
    return ok


# What a missing image is compared with: the pictures the site publishes (not its CSS or scripts).
_PICTURES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg")


def _image_meant(url: str, ctx: LoadContext) -> str:
    """' (có phải "/images/…"?)' for a picture the site has that the missing one probably is."""
    pictures = ["/" + rel for rel in ctx.published or () if rel.lower().endswith(_PICTURES)]
    return did_you_mean_file(url.split("?", 1)[0].split("#", 1)[0], pictures)


def _rooted(url: str) -> str | None:
    """For a relative image path (`images/x.jpg`, `../images/x.jpg`, `content/images/x.jpg`), the
    path from the site's root that names the file (`/images/x.jpg`); None for any other URL. A page
    is at /2026/05/bai/: a relative path there names a file under it, which no build writes."""
    if not url or url.startswith(("/", "#")) or ":" in url.split("/", 1)[0]:
        return None  # (from the root, a fragment, or with a scheme: https://, data:)
    parts = [p for p in url.split("/") if p not in ("", ".", "..")]
    if parts[:1] == ["content"]:
        parts = parts[1:]
    if parts[:1] != ["images"] and parts[:1] != ["static"]:
        parts = ["images", *parts]
    elif parts[:1] == ["static"]:
        parts = parts[1:]
    return "/" + "/".join(parts)


def load_article(
    path: Path, rel_path: str, parsed: Parsed, digest: str, ctx: LoadContext, report: Report
) -> Article | None:
    """One article file validated into an Article; None (with problems recorded) when unusable."""
    src = parsed.source
    before = report.error_count
    meta = src.meta
    title = _title(src, report)
    date = _date(src, "date", ctx, report, required=True)
    updated = _date(src, "updated", ctx, report, required=False)
    slug = _slug(src, title, report) if title else None
    lang = _lang(src, ctx, report)
    urls = ctx.edition_urls[lang]  # (an English article's tags and events are the English edition's)
    translation_of = _translation_of(src, report)

    cluster_ids = _clusters(src, ctx, report)
    provinces = _provinces(
        src, "provinces", _string_list(src, "provinces", report), date.date() if date else None, ctx, report
    )
    events = _events(src, ctx, report, urls)
    tags = [
        Term("tag", t, slugify(t), urls.term("tag", t))
        for t in _string_list(src, "tags", report)
        if _term_name_ok(src, "tags", t, report)
    ]
    section = None
    if meta.get("section"):
        name = str(meta["section"]).strip()
        if _term_name_ok(src, "section", name, report):
            section = Term("section", name, slugify(name), urls.term("section", name))

    image = None
    if meta.get("image") is not None:
        raw = meta["image"]
        if isinstance(raw, str):
            raw = {"src": raw}
        if not isinstance(raw, dict) or not raw.get("src"):
            report.error(src.path, src.line_of("image"), t("load.image_mapping"))
        elif link_problem(str(raw["src"]).strip(), relative=True) is not None:
            report.error(
                src.path,
                src.line_of("image"),
                t(
                    "load.image_problem",
                    src=_shown(str(raw["src"])),
                    why=link_problem(str(raw["src"]).strip(), relative=True),
                ),
            )
        elif _image_ok(src, src.line_of("image"), str(raw.get("alt") or ""), str(raw["src"]), ctx, report):
            image = LeadImage(str(raw["src"]), str(raw["alt"]).strip(), str(raw.get("caption") or "").strip())

    aliases = []
    for alias in _string_list(src, "aliases", report):
        why = path_problem(alias)
        if why is not None:
            report.error(src.path, src.line_of("aliases", alias), t("load.alias_problem", alias=_shown(alias), why=why))
        else:
            aliases.append(alias if alias.endswith("/") or "." in alias.rsplit("/", 1)[-1] else alias + "/")

    layout = _layout(src, "article.html", ctx, report)
    draft = meta.get("draft", False)
    if not isinstance(draft, bool):
        report.error(src.path, src.line_of("draft"), t("load.draft_bool"))
        draft = False

    attachments = read_attachments(src, ctx.published, report)
    toc = meta.get("toc")
    if toc is not None and not isinstance(toc, bool):
        report.error(src.path, src.line_of("toc"), t("load.toc_bool"))
        toc = None

    _unknown_keys(src, report)
    rendered = parsed.rendered
    for img in rendered.images:
        _image_ok(src, src.body_line + img.line, img.alt, img.src, ctx, report)
    for slip in parsed.slips:
        tone = fold(slip.written).lower() == fold(slip.meant).lower()  # right but for its marks
        message = t("load.tone_slip" if tone else "load.slip", written=_shown(slip.written), meant=slip.meant)
        report.warning(path, src.body_line + slip.line, message)

    if report.error_count > before or title is None or date is None or slug is None:
        return None
    summary = meta.get("summary")
    summary = str(summary).strip() if summary else summarize(rendered.first_paragraph)
    return Article(
        path=path,
        rel_path=rel_path,
        title=title,
        slug=slug,
        url=urls.article(slug, date.astimezone(ctx.tz)),
        date=date,
        updated=updated,
        summary=summary,
        html_utf8=parsed.html_utf8,
        cluster_ids=cluster_ids,
        provinces=provinces,
        events=events,
        tags=tags,
        section=section,
        author=str(meta.get("author") or "").strip(),
        image=image,
        draft=draft,
        aliases=aliases,
        related_slugs=_string_list(src, "related", report),
        related_line=src.line_of("related"),
        aliases_line=src.line_of("aliases"),
        layout=layout,
        extra={k: v for k, v in meta.items() if k not in ARTICLE_KEYS},
        body_images=tuple(img.src for img in rendered.images),
        attachments=attachments,
        toc=toc,
        dateline=dateline(date, ctx.tz, lang),
        date_text=short_date(date, ctx.tz, lang),
        digest=digest,
        lang=lang,
        translation_of=translation_of,
        translation_line=src.line_of("translation_of"),
    )


def _lang(src: Source, ctx: LoadContext, report: Report) -> str:
    """The edition an article is in: `lang:`, one of the site's languages; the main one when absent."""
    main = ctx.config.language
    raw = src.meta.get("lang")
    if raw is None or str(raw).strip() == "":
        return main
    code = str(raw).strip()
    if code not in ctx.edition_urls:
        hint = did_you_mean(code.lower(), ctx.edition_urls)
        report.error(src.path, src.line_of("lang"), t("load.lang_unknown", lang=_shown(code), hint=hint))
        return main
    return code


def _translation_of(src: Source, report: Report) -> str:
    """The slug of the article this one translates (checked once every article is known: model/index.py)."""
    raw = src.meta.get("translation_of")
    if raw is None:
        return ""
    if not isinstance(raw, (str, int)) or isinstance(raw, bool) or not str(raw).strip():
        report.error(src.path, src.line_of("translation_of"), t("load.translation_of_form"))
        return ""
    return str(raw).strip()


def _unknown_keys(src: Source, report: Report) -> None:
    """A key no article has that is a slip of one it has (`tag:`, `Provinces:`, `sumary:`) is a
    warning: the value would be kept for templates (article.extra) and shown nowhere, in silence.
    Other keys (`custom_field:`) are kept without a word, as before. (A slip of a required key,
    `tittle:`, is the error that the key is missing, at the slip's line: see `_slip_of`.)"""
    for key in src.meta:
        if key not in ARTICLE_KEYS and isinstance(key, str) and len(key) <= 40:
            meant = closest(key.lower(), ARTICLE_KEYS, cutoff=0.8)
            if meant is not None and not (meant in REQUIRED_KEYS and meant not in src.meta):
                report.warning(src.path, src.line_of(key), t("load.unknown_key", key=_shown(key), choice=meant))


REQUIRED_KEYS = ("title", "date")


def _slip_of(src: Source, key: str) -> str | None:
    """The key of `src` that is a slip of the missing `key` (`tittle` for title), or None."""
    for written in src.meta:
        if isinstance(written, str) and written not in ARTICLE_KEYS and len(written) <= 40:
            if closest(written.lower(), ARTICLE_KEYS, cutoff=0.8) == key:
                return written
    return None


def _layout(src: Source, default: str, ctx: LoadContext, report: Report) -> str:
    name = src.meta.get("layout")
    if name is None:
        return default
    name = str(name)
    if not name.endswith(".html"):
        name += ".html"
    if name not in ctx.layouts:
        report.error(
            src.path,
            src.line_of("layout"),
            t("load.unknown_layout", name=_shown(str(src.meta["layout"])), hint=did_you_mean(name, ctx.layouts)),
        )
        return default
    return name


def _clusters(src: Source, ctx: LoadContext, report: Report) -> list[str]:
    """The cluster ids an article names. An id written with capitals, marks or spaces ("Cụm-6",
    "CUM 6") is the id it slugifies to, with a warning; an unknown one is an error."""
    ids = []
    for name in _string_list(src, "cluster", report):
        if name in ctx.cluster_ids:
            ids.append(name)
        elif slugify(name) in ctx.cluster_ids:
            report.warning(
                src.path,
                src.line_of("cluster", name),
                t("load.cluster_spelling", name=_shown(name), cluster=slugify(name)),
            )
            ids.append(slugify(name))
        else:
            report.error(
                src.path,
                src.line_of("cluster", name),
                t("load.unknown_cluster", name=_shown(name), hint=did_you_mean(name, ctx.cluster_ids)),
            )
    return list(dict.fromkeys(ids))


def _events(src: Source, ctx: LoadContext, report: Report, urls: Urls) -> list[EventMention]:
    raw = src.meta.get("events")
    if raw is None:
        return []
    if not isinstance(raw, list):
        raw = [raw]
    events = []
    for item in raw:
        if isinstance(item, str) and item.strip():
            name, date, place = item.strip(), None, ""
        elif isinstance(item, dict) and str(item.get("name") or "").strip():
            name, place = str(item["name"]).strip(), str(item.get("place") or "").strip()
            date = item.get("date")
            if date is not None:
                try:
                    date = to_aware(date, ctx.tz).date()
                except ValueError as exc:
                    report.error(
                        src.path, src.line_of("events", str(item.get("date"))), t("load.event_date", problem=exc)
                    )
                    date = None
        else:
            report.error(src.path, src.line_of("events"), t("load.event_shape"))
            continue
        if not _term_name_ok(src, "events", name, report):
            continue
        events.append(EventMention(name, slugify(name), urls.term("event", name), date, place))
    return events


def load_cluster(path: Path, parsed: Parsed, ctx: LoadContext, report: Report) -> Cluster | None:
    """A cluster file: its id is the file name (cum-6.md -> cum-6)."""
    src = parsed.source
    before = report.error_count
    cid = path.stem
    if cid != slugify(cid):
        report.error(path, 1, t("load.cluster_file_name", name=_shown(path.name)))
    name = _title(src, report, "name")
    names = _string_list(src, "provinces", report)
    if not names:
        report.error(path, src.line_of("provinces"), t("load.cluster_provinces"))
    members = _provinces(src, "provinces", names, None, ctx, report)
    terms = []
    raw_terms = src.meta.get("terms") or {}
    if not isinstance(raw_terms, dict):
        report.error(path, src.line_of("terms"), t("load.terms_mapping"))
        raw_terms = {}
    for year, roles in sorted(raw_terms.items(), key=lambda kv: str(kv[0])):
        if not isinstance(roles, dict):
            report.error(path, src.line_of("terms", str(year)), t("load.terms_year", year=_shown(str(year))))
            continue
        entry = {"year": year}
        for role in ("head", "deputy"):
            if roles.get(role):
                found = _provinces(src, "terms", [str(roles[role])], None, ctx, report)
                entry[role] = found[0] if found else None
        terms.append(entry)
    if report.error_count > before or name is None:
        return None
    url = ctx.urls.term("cluster", cid)
    return Cluster(
        cid,
        path,
        name,
        url,
        url + "rss.xml",
        members,
        str(src.meta.get("decision") or ""),
        terms,
        parsed.html,
        {k: v for k, v in src.meta.items() if k not in {"name", "provinces", "decision", "terms"}},
    )


def load_page(path: Path, rel_path: str, parsed: Parsed, ctx: LoadContext, report: Report) -> Page | None:
    src = parsed.source
    before = report.error_count
    title = _title(src, report)
    slug = _slug(src, title, report) if title else None
    layout = _layout(src, "page.html", ctx, report)
    rendered = parsed.rendered
    for img in rendered.images:
        _image_ok(src, src.body_line + img.line, img.alt, img.src, ctx, report)
    if report.error_count > before or not title or not slug:
        return None
    summary = str(src.meta.get("summary") or "") or summarize(rendered.first_paragraph)
    return Page(
        path,
        rel_path,
        title,
        slug,
        ctx.urls.page(slug),
        parsed.html,
        summary,
        layout,
        bool(src.meta.get("draft", False)),
        {k: v for k, v in src.meta.items() if k not in {"title", "slug", "layout", "summary", "draft"}},
    )
