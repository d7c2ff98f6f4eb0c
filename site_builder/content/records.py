"""A validated Article as a plain JSON record, and back: what warm builds read instead of re-validating.

Validating an article (dates, slug, provinces, events, URLs, datelines) costs more than reading it,
and its result depends only on the file's bytes and on a few facts about the site: the settings,
the cluster ids, the layouts (see `context_digest`). So the cache keeps the result, keyed by the
file's hash, beside that digest; a record made under other facts is not used. Image files are the
one outside fact an article checks that the digest cannot name cheaply: a record lists the images
it needs and is used only while they all still exist (`images_present`).

A record holds what the file says, validated (names, dates, slugs), never text made from it for
readers (URLs, datelines, dates as written): those are made again here, by the code of the build
that shows them.

The body is not in the record: pages whose inputs did not change never read it, so warm builds
load it lazily (Article.body_loader) from the parsed entry of the same key.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import fingerprints, messages
from ..cache import decode, encode
from ..dates import dateline, short_date
from ..slugs import slugify
from .models import Article, Attachment, EventMention, LeadImage, ProvinceMention, Term


def context_digest(ctx) -> str:
    """The facts about the site that validation reads (LoadContext), as one digest; and the language
    of the messages, which the warnings a record keeps are written in (messages.py)."""
    return fingerprints.record_context(ctx.config, ctx.cluster_ids, ctx.layouts, messages.current())


def _moment(value: dt.datetime | None, tz) -> str | None:
    # A date written without an offset took the site's zone: keep it that way (not a fixed offset).
    if value is None:
        return None
    if value.tzinfo is tz:
        return "L" + value.replace(tzinfo=None).isoformat()
    return value.isoformat()


def _from_moment(text: str | None, tz) -> dt.datetime | None:
    if text is None:
        return None
    if text.startswith("L"):
        return dt.datetime.fromisoformat(text[1:]).replace(tzinfo=tz)
    return dt.datetime.fromisoformat(text)


def to_record(article: Article, warnings: list[tuple[int, str]], tz) -> dict:
    """Everything of an Article but its path and body, plus the warnings reading it gave."""
    a = article
    return {
        "title": a.title,
        "slug": a.slug,
        "date": _moment(a.date, tz),
        "updated": _moment(a.updated, tz),
        "summary": a.summary,
        "clusters": a.cluster_ids,
        "provinces": [[m.written, m.province.slug] for m in a.provinces],
        "events": [[e.name, e.date.isoformat() if e.date else None, e.place] for e in a.events],
        "tags": [t.name for t in a.tags],
        "section": a.section.name if a.section else None,
        "author": a.author,
        "image": [a.image.src, a.image.alt, a.image.caption] if a.image else None,
        "draft": a.draft,
        "aliases": a.aliases,
        "related": a.related_slugs,
        "related_line": a.related_line,
        "aliases_line": a.aliases_line,
        "layout": a.layout,
        "extra": encode(a.extra),
        "body_images": list(a.body_images),
        "attachments": [[f.url, f.title] for f in a.attachments],
        "toc": a.toc,
        "lang": a.lang,
        "translation_of": a.translation_of,
        "translation_line": a.translation_line,
        "warnings": [list(w) for w in warnings],
    }


class RecordReader:
    """Articles from records. The values many articles share (a tag, a province mention, an
    event, a section) are made once and shared: immutable, and most of the cost of a record."""

    def __init__(self, registry, urls, tz, language: str, body_loader, edition_urls=None):
        self.registry = registry
        self.urls = urls
        # Each edition's URLs by language (an English article's tags are the English edition's).
        self.edition_urls = {language: urls, **(edition_urls or {})}
        self.tz = tz
        self.language = language
        self.body_loader = body_loader
        self._shared: dict[tuple, object] = {}

    def article(self, record: dict, path, rel_path: str, digest: str) -> Article:
        """The Article a record was made from (its body left to the body loader)."""
        r = record
        shared = self._shared
        lang = r["lang"]
        urls = self.edition_urls[lang]
        key: tuple
        value: Any
        provinces = []
        for written, slug in r["provinces"]:
            key = ("p", written, slug)
            if (value := shared.get(key)) is None:
                value = shared[key] = ProvinceMention(written, self.registry.get(slug))
            provinces.append(value)
        events = []
        for name, day, place in r["events"]:
            key = ("e", lang, name, day, place)
            if (value := shared.get(key)) is None:
                value = shared[key] = EventMention(
                    name,
                    slugify(name),
                    urls.term("event", name),
                    dt.date.fromisoformat(day) if day else None,
                    place,
                )
            events.append(value)
        tags = []
        for name in r["tags"]:
            key = ("t", lang, name)
            if (value := shared.get(key)) is None:
                value = shared[key] = Term("tag", name, slugify(name), urls.term("tag", name))
            tags.append(value)
        section = r["section"]
        if section is not None:
            key = ("s", lang, section)
            if (value := shared.get(key)) is None:
                value = shared[key] = Term("section", section, slugify(section), urls.term("section", section))
            section = value
        image = r["image"]
        date = _from_moment(r["date"], self.tz)
        if date is None:
            raise ValueError("a record without its date")  # (never written so: read as unusable)
        return Article(
            path=path,
            rel_path=rel_path,
            title=r["title"],
            slug=r["slug"],
            url=urls.article(r["slug"], date.astimezone(self.tz)),
            date=date,
            updated=_from_moment(r["updated"], self.tz),
            summary=r["summary"],
            html_utf8=None,
            cluster_ids=r["clusters"],
            provinces=provinces,
            events=events,
            tags=tags,
            section=section or None,
            author=r["author"],
            image=LeadImage(*image) if image else None,
            draft=r["draft"],
            aliases=r["aliases"],
            related_slugs=r["related"],
            related_line=r["related_line"],
            aliases_line=r["aliases_line"],
            layout=r["layout"],
            extra=decode(r["extra"]),
            dateline=dateline(date, self.tz, lang),
            date_text=short_date(date, self.tz, lang),
            digest=digest,
            body_images=tuple(r["body_images"]),
            attachments=tuple(Attachment(str(url), str(title)) for url, title in r["attachments"]),
            toc=r["toc"] if r["toc"] in (True, False) else None,
            body_loader=self.body_loader,
            lang=lang,
            translation_of=r["translation_of"],
            translation_line=r["translation_line"],
        )


def images_present(record: dict, ctx) -> bool:
    """Whether every local image the article shows still exists (as when the record was made)."""
    sources = list(record["body_images"])
    if record["image"]:
        sources.append(record["image"][0])
    sources += [url for url, _ in record["attachments"]]  # (attachments too: a record names its files)
    return all_present(sources, ctx)


def all_present(sources, ctx) -> bool:
    return all(ctx.local_file_present(url) for url in sources)
