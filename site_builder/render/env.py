"""The Jinja2 environment: a site's own layouts/ first, then the theme shipped in the package."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import jinja2
from jinja2 import nodes
from jinja2.ext import Extension
from markupsafe import Markup

from ..config import SiteConfig
from ..dates import day_text
from ..editions import LANGUAGE_NAMES, Edition
from ..i18n import Strings, theme_strings
from ..sitefiles import TEXT_LIMIT
from ..urls import Urls
from . import reading

THEME_DIR = Path(str(resources.files("site_builder") / "theme"))


def layout_dirs(site_dir: Path) -> list[Path]:
    """Where layouts are looked up, in order: a site's file overrides the theme's of the same name."""
    own = site_dir / "layouts"
    theme = THEME_DIR / "layouts"
    dirs = [own] if own.is_dir() and own.resolve() != theme.resolve() else []
    return dirs + [theme]


def static_dirs(site_dir: Path) -> list[Path]:
    """Static folders, theme first so that a site's own files replace the theme's."""
    own = site_dir / "static"
    theme = THEME_DIR / "static"
    dirs = [theme]
    if own.is_dir() and own.resolve() != theme.resolve():
        dirs.append(own)
    return dirs


def available_layouts(site_dir: Path, files=None) -> frozenset[str]:
    """The layouts a page may name. `files` (sitefiles.SiteFiles) lists the site's own, refusing
    links out of the site, devices and oversized files (the theme's are the package's)."""
    names: set[str] = set()
    for d in layout_dirs(site_dir):
        if files is not None and d != THEME_DIR / "layouts":
            found = files.walk(d, ".html", limit=TEXT_LIMIT)
        else:
            found = d.rglob("*.html")
        names.update(p.relative_to(d).as_posix() for p in found)
    return frozenset(names)


class _SiteLoader(jinja2.FileSystemLoader):
    """Jinja's loader, which follows links: here a layout whose real path leaves its folder is
    not found (sitefiles.py lists such a file as an error before any page is rendered)."""

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        real = os.path.realpath(filename)
        for root in self.searchpath:
            root = os.path.realpath(root)
            if real.startswith(root + os.sep):
                return source, filename, uptodate
        raise jinja2.TemplateNotFound(template)


# Characters that could end a <script> element or start a comment in it, as JSON escapes.
# Replaced one by one, not with str.translate: a translate table is looked up for every
# character of the text (57 µs for the 1 KB of a NewsArticle) where `in` and replace scan
# in C (under 1 µs), and none of the escapes contains a character that a later one replaces.
_SCRIPT_SAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def jsonld(value) -> Markup:
    """JSON for a `<script type="application/ld+json">` block: `<`, `>` and `&` are written as
    \\u003c, \\u003e, \\u0026, so no content (a title with `</script>`) can close the element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    for char, escaped in _SCRIPT_SAFE:
        if char in text:
            text = text.replace(char, escaped)
    return Markup(text)


class FragmentCache(Extension):
    """`{% cache key %}…{% endcache %}`: a fragment rendered once per build for each key.

    The "Tin mới" list is the same on nearly every article page; rendering it once instead of
    on each page saves a third of an article page's time. An article's card is in many lists:
    `cards()` keeps them in the same store (see _cards). A key must name everything the fragment
    shows (articles do not change during a build, so their URLs are enough). Fragments are kept
    for the build, in each worker: 25,000 cards (27 MB) at 10,000 articles.
    """

    tags = {"cache"}

    def __init__(self, environment):
        super().__init__(environment)
        environment.extend(fragment_cache={})

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        key = parser.parse_expression()
        body = parser.parse_statements(("name:endcache",), drop_needle=True)
        return nodes.CallBlock(self.call_method("_cached", [key]), [], [], body).set_lineno(lineno)

    def _cached(self, key, caller):
        store = self.environment.fragment_cache
        if key not in store:
            store[key] = caller()
        return store[key]


def _cards(environment: jinja2.Environment):
    """`cards(items, article_item, level, compact, written_as)`: the cards of an article list,
    each rendered by the theme's macro the first time it is shown in this process (see
    FragmentCache: an article is in many lists) and taken from the fragments after that.

    One call for a whole list: each `{% cache %}` around one card costs a call into Python and a
    new caller macro, which made a list page's twenty cached cards half of its rendering time."""
    store = environment.fragment_cache  # type: ignore[attr-defined]  # (set by make_environment)

    def cards(items, render, level=3, compact=False, written_as=None) -> Markup:
        shown = []
        for item in items:
            key = ("card", item.url, level, compact, written_as.get(item.url) if written_as else None)
            card = store.get(key)
            if card is None:
                card = store[key] = render(item, level, compact, written_as)
            shown.append(card)
        return Markup("".join(shown))

    return cards


@dataclass
class EditionView:
    """What the pages of one edition know of it (editions.py): its settings (`site` in templates),
    its interface strings (`tr`), its URLs (`links`), and the other editions' home pages."""

    edition: Edition
    config: SiteConfig  # the edition's: its language, title, description
    strings: Strings
    urls: Urls
    main_language: str
    others: list[dict] = field(default_factory=list)  # [{url, code, name}]: the other editions' homes
    search_index: str = "/pagefind/parts.json"  # the list of its search index's parts (search.py)

    @classmethod
    def main_of(cls, config: SiteConfig) -> EditionView:
        """A site's only (or main) edition, with the theme's table for its language."""
        return cls(
            Edition(config.language, ""),
            config,
            theme_strings(config.language),
            Urls(config.permalinks),
            config.language,
        )


class Links:
    """The URLs of an edition's own pages that every page links to (`links.home`, `links.rss`)."""

    def __init__(self, view: EditionView):
        edition, urls = view.edition, view.urls
        self.home = edition.home
        self.clusters = urls.index("clusters")
        self.provinces = urls.index("provinces")
        # The portal's indexes of terms (render/portal.py), each edition's own.
        self.sections = urls.index("sections")
        self.events = urls.index("events")
        self.tags = urls.index("tags")
        self.authors = urls.index("authors")
        self.rss = edition.url("/rss.xml")
        self.atom = edition.url("/atom.xml")
        self.json_feed = edition.url("/feed.json")
        self._province = urls.patterns["province"]

    def province(self, slug: str) -> str:
        return self._province.format(slug=slug)


class _Environment(jinja2.Environment):
    def make_globals(self, d):
        """A template's globals as one dict, not Jinja's ChainMap over the environment's: every
        render and include copies them into a new context, and copying a ChainMap runs in Python
        (a tenth of a page's time). So every global is set in make_environment, before the first
        template is loaded, and none is changed after."""
        return {**self.globals, **(d or {})}


def make_environment(
    site_dir: Path,
    config: SiteConfig,
    images=None,
    asset=None,
    search_page: str | None = None,
    view: EditionView | None = None,
) -> jinja2.Environment:
    """Autoescaping on: every value from content is escaped unless a template marks it safe.

    One environment an edition (`view`; the main edition of `config` when None): its globals say
    the edition's settings, strings and links, and its fragments (cards, Tin mới) are its own.

    `images` (render.images.Images) gives templates `responsive_images` (body HTML with sizes,
    lazy loading and srcset) and `image_attrs(src)`; without it both leave images as they are.
    `asset(path)` gives a static file's fingerprinted URL (build.asset_url).
    """
    env = _Environment(
        loader=_SiteLoader([str(d) for d in layout_dirs(site_dir)]),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one build reads each layout once; no up-to-date check per use
        extensions=["jinja2.ext.do", FragmentCache],
    )
    view = view or EditionView.main_of(config)
    code, tr = view.edition.code, view.strings
    env.filters["absolute"] = config.absolute
    env.filters["jsonld"] = jsonld
    env.filters["responsive_images"] = images.rewrite if images is not None else Markup
    # Dates as written on the page (no change of zone: as the editor or the data gave them).
    env.filters["date_short"] = lambda day: day_text(day, code)
    env.filters["date_time"] = lambda moment: (
        f"{day_text(moment, code)}{',' if not code.startswith('vi') else ''} {moment:%H:%M}"
    )
    env.globals["image_attrs"] = images.attrs if images is not None else (lambda src, **kw: Markup(""))
    env.globals["site"] = view.config
    env.globals["tr"] = tr
    env.globals["edition"] = view.edition
    env.globals["main_language"] = view.main_language
    env.globals["other_editions"] = view.others
    env.globals["links"] = Links(view)
    env.globals["language_name"] = lambda other: LANGUAGE_NAMES.get(other, other)
    env.globals["article_count"] = lambda count: tr("article_count_one" if count == 1 else "article_count", count=count)
    # The search page's URL, None when the site has none; and where its index is listed.
    env.globals["search_page"] = view.edition.url(search_page) if search_page else None
    env.globals["search_index"] = view.search_index
    env.globals["cards"] = _cards(env)
    env.globals["reading_minutes"] = reading.reading_minutes
    env.globals["contents"] = reading.contents
    env.globals["attachment_info"] = reading.describer(images.stamps if images is not None else {}, code)
    if asset is not None:
        env.globals["asset"] = asset
    return env
