"""Editions: the site in its main language (`language:`) and in each other one (`languages:`).

The main edition keeps the site's URLs as they are; another lives under `/{code}/` with the same
URL patterns (`/en/`, `/en/2022/11/x/`, `/en/tinh/quang-ngai/`, `/en/rss.xml`). A language code
becomes a folder of the output, so only codes of the known list below are taken, each of the form
`[a-z]{2,3}(-[a-z0-9]+)?` (no `..`, no slash, nothing a URL would have to escape).

Plain values only (settings as a dict, codes, patterns): every layer may use this module.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

# The languages an edition may be in, each with its own name (the link to that edition says it in
# its own language, as readers look for it). Codes are BCP 47, as <html lang> and hreflang take them.
LANGUAGE_NAMES = {
    "vi": "Tiếng Việt",
    "en": "English",
    "fr": "Français",
    "de": "Deutsch",
    "es": "Español",
    "pt": "Português",
    "it": "Italiano",
    "ru": "Русский",
    "zh": "中文",
    "zh-hans": "简体中文",
    "zh-hant": "繁體中文",
    "ja": "日本語",
    "ko": "한국어",
    "lo": "ພາສາລາວ",
    "km": "ភាសាខ្មែរ",
    "th": "ไทย",
    "id": "Bahasa Indonesia",
    "ms": "Bahasa Melayu",
}
CODE_FORM = re.compile(r"[a-z]{2,3}(-[a-z0-9]+)?")
# What an edition's settings may say besides the code (the rest is the main edition's).
EDITION_KEYS = ("title", "description", "author", "publisher", "menu")


def code_is_known(code: str) -> bool:
    return bool(CODE_FORM.fullmatch(code)) and code in LANGUAGE_NAMES


@dataclass(frozen=True)
class Edition:
    """One language of the site: its code, where its URLs start, and its own settings."""

    code: str
    prefix: str  # "" for the main edition, "/en" for English
    settings: tuple[tuple[str, object], ...] = ()  # (key, value) of EDITION_KEYS the site set

    @property
    def main(self) -> bool:
        return not self.prefix

    @property
    def home(self) -> str:
        return self.prefix + "/"

    @property
    def name(self) -> str:
        """The language's own name: "English", "Tiếng Việt"."""
        return LANGUAGE_NAMES.get(self.code, self.code)

    def url(self, path: str) -> str:
        """A root-relative path of the main edition as this edition's: "/rss.xml" -> "/en/rss.xml"."""
        return self.prefix + path

    def permalinks(self, patterns: dict[str, str]) -> dict[str, str]:
        """The site's URL patterns under this edition's prefix."""
        return {kind: self.prefix + pattern for kind, pattern in patterns.items()}

    def config(self, config):
        """The site's settings as this edition's pages and feeds read them: its language, and its
        title, description, author, publisher and menu where it sets them (a SiteConfig, copied)."""
        if self.main:
            return config
        # The site's menu items are pages of the main edition: another edition has its own or none.
        return dataclasses.replace(config, language=self.code, **{"menu": [], **dict(self.settings)})


def editions_of(config) -> list[Edition]:
    """The main edition first, then the others in the order the settings list them."""
    found = [Edition(config.language, "")]
    for code, settings in config.languages.items():
        found.append(Edition(code, "/" + code, tuple(sorted(settings.items()))))
    return found
