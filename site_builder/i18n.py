"""The theme's interface strings: one table per language ("Trang chủ" / "Home", "Xem thêm" /
"Related articles"), chosen by the edition a page belongs to.

The theme ships `theme/i18n/vi.yaml` and `theme/i18n/en.yaml`: flat `key: text` lines, the
Vietnamese table naming every key there is. A site may override any key for a language in its own
`i18n/<lang>.yaml` (as in Hugo); a key the theme does not have is a warning with a did-you-mean (it
would be ignored in silence), and so is a file for a language the site does not publish. A
language the theme has no table for takes the English one under the site's overrides.

Strings are text, never HTML: `Strings.__call__` escapes the text and fills its `{fields}` with
the values given, which are escaped too unless they are markup the template made (a link).
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from markupsafe import Markup, escape

from .chars import FORBIDDEN, forbidden_message
from .editions import CODE_FORM
from .errors import Report, YAMLProblem, did_you_mean, line_of_key, load_yaml
from .messages import t

THEME_TABLES = Path(str(resources.files("site_builder") / "theme" / "i18n"))
SITE_FOLDER = "i18n"  # the site's own tables: <site>/i18n/<lang>.yaml
FIELD = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


@lru_cache(maxsize=16)
def _theme_table(code: str) -> dict[str, str]:  # (callers copy it, never change it)
    # "vi-VN" takes the Vietnamese table; a language the theme has no table for, the English one.
    # (The main `language:` is free text: only a code's form names a file.)
    code = code.lower() if CODE_FORM.fullmatch(code.lower()) else "vi" if code.lower().startswith("vi") else "en"
    path = THEME_TABLES / f"{code}.yaml"
    if not path.is_file():
        path = THEME_TABLES / f"{code.lower().split('-')[0]}.yaml"
    if not path.is_file():
        path = THEME_TABLES / "en.yaml"
    data = load_yaml(path.read_text(encoding="utf-8"), "interface strings")
    return {str(k): str(v) for k, v in data.items()}


def keys() -> list[str]:
    """Every key of the interface, in the order of the Vietnamese table."""
    return list(_theme_table("vi"))


def theme_strings(code: str) -> Strings:
    """The theme's own table for a language (no site override): for callers that have no site."""
    return Strings(code, {**_theme_table("vi"), **_theme_table(code)})


class Strings:
    """One edition's table: `tr("home")`, `tr("page_n", title=…, number=2)`."""

    def __init__(self, code: str, table: dict[str, str]):
        self.code = code
        self.table = table
        # Each string as markup, escaped once: templates call `tr("key")` ~20 times a page.
        self._escaped = {key: Markup(escape(text)) for key, text in table.items()}
        # What the table is, for the fingerprint of the pages that use it (fingerprints.py).
        self.digest = hashlib.sha256(json.dumps([code, sorted(table.items())], ensure_ascii=False).encode()).hexdigest()

    def __call__(self, key: str, /, **values: object) -> Markup:
        if not values:
            return self._escaped[key]  # (a key a template names that no table has: the template's slip, a KeyError)
        text = self.table[key]
        # Each field given is filled with its value, escaped unless it is markup the template made;
        # a field the text names and the call does not give stays as written.
        return Markup(
            FIELD.sub(
                lambda m: str(escape(values[m.group(1)])) if m.group(1) in values else m.group(0), str(escape(text))
            )
        )

    def text(self, key: str, /, **values: object) -> str:
        """The string as plain text (page titles and breadcrumbs, escaped where a template shows them)."""
        text = self.table[key]
        return FIELD.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text)


def load_strings(site_dir: Path, codes: list[str], report: Report, files=None) -> dict[str, Strings]:
    """Each edition's table: the theme's for its language, with the site's `i18n/<code>.yaml` over
    it. Problems go to `report` (warnings: a build is not stopped for an interface string)."""
    known = _theme_table("vi")
    tables = {
        code: Strings(code, {**known, **_theme_table(code), **_site_table(site_dir, code, known, report, files)})
        for code in codes
    }
    folder = site_dir / SITE_FOLDER
    if folder.is_dir():
        for path in sorted(folder.glob("*.yaml")):
            if path.stem not in codes and not path.name.startswith("."):
                report.warning(path, 1, t("i18n.no_edition", lang=path.stem))
    return tables


def _site_table(site_dir: Path, code: str, known: dict[str, str], report: Report, files) -> dict[str, str]:
    path = site_dir / SITE_FOLDER / f"{code}.yaml"
    if "/" in code or "\\" in code or code.startswith(".") or not (path.exists() or path.is_symlink()):
        return {}
    try:
        raw = files.read(path) if files is not None else path.read_bytes()
        text = raw.decode("utf-8-sig")
    except OSError as exc:
        report.error(path, 1, str(exc) if exc.strerror is None else t("cannot_read_file", why=exc.strerror))
        return {}
    except UnicodeDecodeError as exc:
        report.error(path, raw[: exc.start].count(b"\n") + 1, t("not_utf8"))
        return {}
    try:
        data = load_yaml(text, "interface strings")
    except YAMLProblem as exc:
        report.error(path, exc.line + 1, exc.message)
        return {}
    if data is None:
        return {}
    if not isinstance(data, dict):
        report.error(path, 1, t("i18n.shape"))
        return {}

    def line(key: str) -> int:
        return max(1, line_of_key("\n" + text, key) - 1)

    table: dict[str, str] = {}
    for key, value in data.items():
        key = str(key)
        if key not in known:
            report.warning(path, line(key), t("i18n.unknown_key", key=key[:80], hint=did_you_mean(key, known)))
            continue
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            report.error(path, line(key), t("i18n.not_text", key=key))
            continue
        value = str(value)
        found = FORBIDDEN.search(value)
        if found is not None:
            report.error(path, line(key), forbidden_message(found.group(), key))
            continue
        # A field the theme's text fills ({number}, {name}) must stay, or the page would lose what
        # it says; a field the theme never fills would be shown as written.
        wanted = set(FIELD.findall(known[key]))
        if wanted - set(FIELD.findall(value)):
            shown = ", ".join("{" + f + "}" for f in sorted(wanted))
            report.error(path, line(key), t("i18n.fields", key=key, fields=shown))
            continue
        table[key] = value
    return table
