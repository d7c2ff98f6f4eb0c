"""The Jinja2 environment: a site's own layouts/ first, then the theme shipped in the package."""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..config import SiteConfig

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


def available_layouts(site_dir: Path) -> frozenset[str]:
    names = set()
    for d in layout_dirs(site_dir):
        names.update(p.relative_to(d).as_posix() for p in d.rglob("*.html"))
    return frozenset(names)


# Characters that could end a <script> element or start a comment in it, as JSON escapes.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                              "\u2028": "\\u2028", "\u2029": "\\u2029"})


def jsonld(value) -> Markup:
    """JSON for a `<script type="application/ld+json">` block: `<`, `>` and `&` are written as
    \\u003c, \\u003e, \\u0026, so no content (a title with `</script>`) can close the element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    return Markup(text.translate(_SCRIPT_SAFE))


def make_environment(site_dir: Path, config: SiteConfig, images=None) -> jinja2.Environment:
    """Autoescaping on: every value from content is escaped unless a template marks it safe.

    `images` (render.images.Images) gives templates `responsive_images` (body HTML with sizes,
    lazy loading and srcset) and `image_attrs(src)`; without it both leave images as they are.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in layout_dirs(site_dir)]),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.do"],
    )
    env.filters["absolute"] = config.absolute
    env.filters["jsonld"] = jsonld
    env.filters["responsive_images"] = images.rewrite if images is not None else Markup
    env.globals["image_attrs"] = images.attrs if images is not None else (lambda src, **kw: Markup(""))
    env.globals["site"] = config
    return env
