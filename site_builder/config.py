"""Site settings (content/_site.yaml): schema, defaults, validation with every problem reported."""

from __future__ import annotations

import datetime as dt
import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from . import messages
from .chars import FORBIDDEN, forbidden_message
from .dates import zone
from .editions import EDITION_KEYS, LANGUAGE_NAMES, code_is_known
from .errors import Report, YAMLProblem, did_you_mean, line_of_key, load_yaml
from .messages import t
from .urls import link_problem, path_problem

DEFAULT_PERMALINKS = {
    "article": "/{yyyy}/{mm}/{slug}/",
    "page": "/{slug}/",
    "clusters": "/cum-thi-dua/",
    "cluster": "/cum-thi-dua/{slug}/",
    "provinces": "/tinh/",
    "province": "/tinh/{slug}/",
    "event": "/su-kien/{slug}/",
    "tag": "/the/{slug}/",
    "section": "/chuyen-muc/{slug}/",
    # The index of each kind of term, the authors' pages and the archives by date (render/portal.py)
    "events": "/su-kien/",
    "tags": "/the/",
    "sections": "/chuyen-muc/",
    "author": "/tac-gia/{slug}/",
    "authors": "/tac-gia/",
    "year": "/{yyyy}/",
    "month": "/{yyyy}/{mm}/",
}
_PLACEHOLDERS = {"article": {"yyyy", "mm", "dd", "slug"}, "year": {"yyyy"}, "month": {"yyyy", "mm"}}
MAX_UNKNOWN = 20  # unknown settings (or permalinks) reported one by one; then how many more

KNOWN_KEYS = {
    "title",
    "description",
    "base_url",
    "language",
    "timezone",
    "page_size",
    "feed_size",
    "related_size",
    "latest_size",
    "permalinks",
    "unsafe_html",
    "author",
    "publisher",
    "menu",
    "redirects",
    "cms",
    "languages",
}
CMS_KEYS = {"backend", "repo", "branch", "workflow"}
CMS_BACKENDS = ("git-gateway", "github")


@dataclass(frozen=True)
class CmsSettings:
    """`cms:` in _site.yaml: `true` (the default), `false`, or where the CMS saves online."""

    backend: str = "git-gateway"  # Netlify Identity + Git Gateway; or "github" (GitHub accounts)
    repo: str = ""  # owner/name, for the github backend
    branch: str = "main"
    workflow: bool = True  # editorial workflow: drafts and reviews as pull requests


@dataclass
class SiteConfig:
    """Validated settings; `extra` is never used: unknown keys are errors (a typo must not pass)."""

    title: str = "Tin tức"
    description: str = ""
    base_url: str = "http://localhost:8000"
    language: str = "vi"
    timezone: str = "Asia/Ho_Chi_Minh"
    page_size: int = 20
    feed_size: int = 20
    related_size: int = 5
    latest_size: int = 10
    permalinks: dict = field(default_factory=lambda: dict(DEFAULT_PERMALINKS))
    unsafe_html: bool = False
    author: str = ""
    publisher: str = ""
    menu: list = field(default_factory=list)
    redirects: dict = field(default_factory=dict)  # renamed URLs: {old path: new path}
    # The CMS at /admin/ (cms.py): None when `cms: false`; else where it saves online.
    cms: CmsSettings | None = field(default_factory=lambda: CmsSettings())
    # The other editions (editions.py): {code: {title, description, author, publisher}}, in the
    # order written; `language` is the main one.
    languages: dict = field(default_factory=dict)

    @property
    def tz(self) -> dt.tzinfo:
        return zone(self.timezone)

    def absolute(self, url: str) -> str:
        """A root-relative URL made absolute with the base URL."""
        return self.base_url.rstrip("/") + url if url.startswith("/") else url


def load_config(content_dir: Path, report: Report, base_url: str | None = None, files=None) -> SiteConfig:
    """Read `_site.yaml` if present; record each problem in `report`; defaults fill the rest.
    `files` (sitefiles.SiteFiles) says whether the file may be read: inside the site, a file."""
    config = SiteConfig()
    path = content_dir / "_site.yaml"
    text = ""
    if path.exists() or path.is_symlink():
        why = files.problem(path) if files is not None else None
        try:
            raw = path.read_bytes() if why is None else b""
        except OSError as exc:
            why = t("cannot_read_file", why=exc.strerror)
        if why is not None:
            report.error(path, 1, why)
            return config
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            report.error(path, raw[: exc.start].count(b"\n") + 1, t("not_utf8"))
            return config
        # The messages about this file in the language it says, even when YAML cannot read it.
        messages.choose(messages.language_in(text))
        try:
            data = load_yaml(text, "site settings") or {}
        except YAMLProblem as exc:
            report.error(path, exc.line + 1, exc.message)
            data = {}
        if not isinstance(data, dict):
            report.error(path, 1, t("config.not_a_mapping"))
            data = {}
        # The site's language decides the language of every message from here on (messages.py).
        messages.choose(data.get("language"))
        _apply(config, data, path, text, report)
    if base_url:
        config.base_url = base_url  # (the command line checks its own --base-url: base_url_problem)
    else:
        why = base_url_problem(config.base_url)
        if why is not None:
            report.error(
                path, _setting_line(text, "base_url"), t("config.base_url", url=_shown(config.base_url), why=why)
            )
    config.base_url = config.base_url.rstrip("/")
    return config


def base_url_problem(url: str) -> str | None:
    """Why `url` cannot be the site's base URL, or None: it must be an absolute http(s) URL with a
    host and nothing a feed, a sitemap or robots.txt could not carry (no space, no line break)."""
    if not url.startswith(("http://", "https://")):
        return t("url.base_scheme")
    why = link_problem(url)
    if why is not None:
        return why
    parts = urlsplit(url)
    if parts.query or parts.fragment or "?" in url or "#" in url:
        return t("url.base_query")
    return None


def _shown(value: object, form=str, size: int = 80) -> str:
    """A value as a message quotes it: control characters written as \\uXXXX, its start when long."""
    text = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in form(value))
    return text if len(text) <= size else text[: size - 1] + "…"


def _setting_line(text: str, key: str, value: str | None = None) -> int:
    """The line of `key:` (and of `value` under it) in the settings file (1 when absent)."""
    return max(1, line_of_key("\n" + text, key, value) - 1)  # line_of_key counts from a '---' line


def _apply(config: SiteConfig, data: dict, path: Path, text: str, report: Report) -> None:
    def line(key: str) -> int:
        return _setting_line(text, key)

    unknown = 0
    for key, value in data.items():
        key = str(key)
        if key not in KNOWN_KEYS:
            unknown += 1
            if unknown <= MAX_UNKNOWN:  # (each is looked for in the text: not 200,000 of them)
                report.error(path, line(key), t("config.unknown", key=_shown(key), hint=did_you_mean(key, KNOWN_KEYS)))
            elif unknown == MAX_UNKNOWN + 1:
                more = sum(str(k) not in KNOWN_KEYS for k in data) - MAX_UNKNOWN
                report.error(path, line(key), t("config.more_unknown", count=messages.number(more)))
            continue
        if key in {"page_size", "feed_size", "related_size", "latest_size"}:
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                report.error(path, line(key), t("config.whole_number", key=key, value=_shown(value, repr)))
                continue
        elif key == "unsafe_html":
            if not isinstance(value, bool):
                report.error(path, line(key), t("config.bool", key=key))
                continue
        elif key == "permalinks":
            value = _permalinks(value, path, line(key), report)
        elif key == "menu":
            if not _menu_ok(value, path, text, line(key), report):
                continue
        elif key == "redirects":
            if not isinstance(value, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in value.items()
            ):
                report.error(path, line(key), t("config.redirects"))
                continue
            bad = [
                (old, t("config.redirect_from", old=_shown(old), why=why))
                for old in value
                if (why := path_problem(old))
            ]
            bad += [
                (old, t("config.redirect_to", new=_shown(new), why=why))
                for old, new in value.items()
                if (why := link_problem(new))
            ]
            for old, message in bad:
                report.error(path, _setting_line(text, "redirects", old), message)
            if bad:
                continue
        elif key == "cms":
            value = _cms(value, path, line(key), report)
            if value is False:
                continue
        elif key == "languages":
            value = _languages(value, data.get("language", config.language), path, text, report)
            if value is None:
                continue
        elif key == "timezone":
            try:
                zone(str(value))
            except ValueError as exc:
                report.error(path, line(key), str(exc))
                continue
        else:
            value = "" if value is None else str(value)
        found = _forbidden_in(value)
        if found is not None:
            report.error(path, line(key), forbidden_message(found, key))
            continue
        setattr(config, key, value)


def _cms(value: object, path: Path, line: int, report: Report) -> CmsSettings | None | bool:
    """`cms: true`, `cms: false` or `cms: {backend, repo, branch, workflow}`; False when invalid."""
    if value is True or value is None:
        return CmsSettings()
    if value is False:
        return None
    if not isinstance(value, dict):
        report.error(path, line, t("config.cms_shape"))
        return False
    ok = True
    for key in value:
        if str(key) not in CMS_KEYS:
            report.error(path, line, t("config.cms_unknown", key=_shown(key), hint=did_you_mean(str(key), CMS_KEYS)))
            ok = False
    backend = str(value.get("backend") or "git-gateway")
    repo = str(value.get("repo") or "")
    branch = str(value.get("branch") or "main")
    workflow = value.get("workflow", True)
    if backend not in CMS_BACKENDS:
        report.error(
            path,
            line,
            t("config.cms_backend", backend=_shown(backend), hint=did_you_mean(backend, CMS_BACKENDS)),
        )
        ok = False
    if backend == "github" and not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", repo):
        report.error(path, line, t("config.cms_repo", repo=_shown(repo)))
        ok = False
    if not re.fullmatch(r"[A-Za-z0-9_./-]+", branch) or ".." in branch:
        report.error(path, line, t("config.cms_branch", branch=_shown(branch)))
        ok = False
    if not isinstance(workflow, bool):
        report.error(path, line, t("config.cms_workflow"))
        ok = False
    return CmsSettings(backend, repo, branch, workflow) if ok else False


def _languages(value: object, main: object, path: Path, text: str, report: Report) -> dict | None:
    """`languages: {en: {title: …, description: …}}`: each code a known language other than the
    main one (it becomes the edition's folder, /en/), each key one an edition may set; None when
    anything is wrong (every problem reported)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        report.error(path, _setting_line(text, "languages"), t("config.languages_shape"))
        return None
    found: dict[str, dict] = {}
    ok = True
    for code, settings in value.items():
        code_text = str(code)
        line = _setting_line(text, "languages", code_text)
        if not code_is_known(code_text):
            known = ", ".join(sorted(LANGUAGE_NAMES))
            hint = did_you_mean(code_text.lower(), LANGUAGE_NAMES)
            report.error(path, line, t("config.language_code", code=_shown(code), hint=hint, known=known))
            ok = False
            continue
        if code_text == str(main):
            report.error(path, line, t("config.language_main", code=code_text))
            ok = False
            continue
        if settings is None:
            settings = {}
        if not isinstance(settings, dict):
            report.error(path, line, t("config.language_settings", code=code_text))
            ok = False
            continue
        edition: dict[str, object] = {}
        for key, setting in settings.items():
            if str(key) not in EDITION_KEYS:
                report.error(
                    path,
                    _line_after(text, line, str(key)),
                    t(
                        "config.language_unknown",
                        code=code_text,
                        key=_shown(key),
                        hint=did_you_mean(str(key), EDITION_KEYS),
                    ),
                )
                ok = False
                continue
            if key == "menu":
                if not _menu_ok(setting, path, text, _line_after(text, line, "menu"), report):
                    ok = False
                    continue
                shown_value: object = setting
            else:
                shown_value = "" if setting is None else str(setting)
            found_char = _forbidden_in(shown_value)
            if found_char is not None:
                report.error(path, line, forbidden_message(found_char, f"languages: {code_text}: {key}"))
                ok = False
                continue
            edition[str(key)] = shown_value
        found[code_text] = edition
    return found if ok else None


def _menu_ok(value: object, path: Path, text: str, line: int, report: Report) -> bool:
    """`menu:` (the site's, or an edition's): a list of {title, url}, each URL a link a page may hold."""
    if not isinstance(value, list) or not all(isinstance(i, dict) and "title" in i and "url" in i for i in value):
        report.error(path, line, t("config.menu"))
        return False
    bad = [(str(i["url"]), why) for i in value if (why := link_problem(str(i["url"]), relative=True))]
    for url, why in bad:
        report.error(path, _setting_line(text, "menu", url), t("config.menu_url", url=_shown(url), why=why))
    return not bad


def _line_after(text: str, start: int, key: str) -> int:
    """The line of `key:` at or after line `start` of the settings (an edition's own key), else `start`."""
    pattern = re.compile(rf"(?:^|[\s{{,]){re.escape(key)}\s*:")
    for number, line in enumerate(text.split("\n")[start - 1 :], start=start):
        if pattern.search(line):
            return number
    return start


def _forbidden_in(value) -> str | None:
    """The first character pages and feeds cannot carry in a setting's text (chars.py), or None.
    (Nesting is bounded: the YAML reader refuses aliases and deep values.)"""
    if isinstance(value, str):
        match = FORBIDDEN.search(value)
        return match.group() if match else None
    items = value.items() if isinstance(value, dict) else value if isinstance(value, list) else ()
    for item in items:
        for part in item if isinstance(value, dict) else (item,):
            found = _forbidden_in(part)
            if found is not None:
                return found
    return None


def _permalinks(value: object, path: Path, line: int, report: Report) -> dict:
    patterns = dict(DEFAULT_PERMALINKS)
    if not isinstance(value, dict):
        report.error(path, line, t("config.permalinks"))
        return patterns
    unknown = [kind for kind in value if kind not in DEFAULT_PERMALINKS]
    for kind in unknown[:MAX_UNKNOWN]:
        report.error(
            path,
            line,
            t("config.unknown_permalink", kind=_shown(kind), hint=did_you_mean(str(kind), DEFAULT_PERMALINKS)),
        )
    if len(unknown) > MAX_UNKNOWN:
        report.error(path, line, t("config.more_permalinks", count=messages.number(len(unknown) - MAX_UNKNOWN)))
    for kind, pattern in value.items():
        if kind not in DEFAULT_PERMALINKS:
            continue
        pattern = str(pattern)
        allowed = _PLACEHOLDERS.get(kind, {"slug"} if "{slug}" in DEFAULT_PERMALINKS[kind] else set())
        try:
            fields = list(string.Formatter().parse(pattern))
        except ValueError:
            fields = None  # (an unmatched "{" or "}")
        names = {name for _, name, _, _ in fields or () if name}
        plain = fields is not None and all(not spec and conversion is None for _, _, spec, conversion in fields)
        if not (pattern.startswith("/") and pattern.endswith("/")) or not plain or names - allowed:
            shown_allowed = "{" + ", ".join(sorted(allowed)) + "}" if allowed else t("config.nothing")
            report.error(
                path, line, t("config.permalink_form", kind=kind, pattern=_shown(pattern), allowed=shown_allowed)
            )
            continue
        # The pattern filled with sample values must be a path of the site (urls.path_problem):
        # no space, no "." part, nothing that would break _redirects or a sitemap.
        why = path_problem(pattern.format(yyyy="2022", mm="11", dd="29", slug="bai-viet"))
        if why is not None:
            report.error(path, line, t("config.permalink_problem", kind=kind, pattern=_shown(pattern), why=why))
            continue
        patterns[kind] = pattern
    return patterns
