"""Vietnam's provinces before and after the 2025 reorganisation, and matching names to them.

The facts live in data/provinces.yaml (copied from the reference file with its sources). The 63
old units and 34 new ones overlap: a unit that kept its name is one unit, so there are 64.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from .collation import vi_sort_key
from .slugs import fold, slugify

HUE_RENAMED = dt.date(2025, 1, 1)
# Forms seen in real text that the name, slug and short form do not already give.
EXTRA_ALIASES = {"ho-chi-minh": ("HCM", "TPHCM", "TP.HCM", "Sài Gòn - Hồ Chí Minh")}
_PREFIXES = (("thanh", "pho"), ("tinh",), ("tp",))


@dataclass(frozen=True)
class Province:
    """A province-level unit: one of the 63 before mid-2025, the 34 after, or both."""

    slug: str
    name: str
    code: str
    is_city: bool
    existed_before: bool
    exists_now: bool
    successor: str | None  # the other unit it went into (binh-dinh -> gia-lai); None if itself current
    since: dt.date | None  # when that change took effect; None when unchanged
    absorbed: tuple[str, ...] = ()  # the other units merged into this one
    short: str | None = None

    @property
    def display_name(self) -> str:
        return self.name


@lru_cache(maxsize=65536)
def match_key(text: str) -> str:
    """'Thành phố Hồ Chí Minh', 'TP. HCM', 'Thừa Thiên-Huế' -> comparable keys without marks or spaces."""
    words = re.sub(r"[^a-z0-9]+", " ", fold(text).lower()).split()
    for prefix in _PREFIXES:
        if tuple(words[: len(prefix)]) == prefix and len(words) > len(prefix):
            words = words[len(prefix):]
            break
    return "".join(words)


def _distance(a: str, b: str) -> int:
    """Damerau–Levenshtein (optimal string alignment): 'qaunrg' is two slips from 'quang'."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[len(b)]


class ProvinceRegistry:
    """Every unit by slug, and lookups by any accepted spelling."""

    def __init__(self, units: list[Province]):
        self.units = {p.slug: p for p in units}
        self._ordered = sorted(units, key=lambda p: vi_sort_key(p.name))
        self._by_key: dict[str, str] = {}
        self._spellings: list[tuple[str, str]] = []  # (folded spaced form, slug) for did-you-mean
        for p in units:
            forms = [p.name, p.slug, *(f for f in [p.short] if f), *EXTRA_ALIASES.get(p.slug, ())]
            for form in forms:
                key = match_key(form)
                owner = self._by_key.setdefault(key, p.slug)
                if owner != p.slug:
                    # Only "Huế" is shared (Thừa Thiên Huế's short form, today's city): today's unit
                    # wins, and match() gives the old one for dates before the renaming.
                    if {owner, p.slug} != {"hue", "thua-thien-hue"}:
                        raise ValueError(f"province spelling {form!r} matches both {owner} and {p.slug}")
                    self._by_key[key] = "hue"
                self._spellings.append((" ".join(re.sub(r"[^a-z0-9]+", " ", fold(form).lower()).split()), p.slug))

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> "ProvinceRegistry":
        text = (resources.files("site_builder") / "data" / "provinces.yaml").read_text(encoding="utf-8")
        return cls(_units(yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))))

    def get(self, slug: str) -> Province:
        return self.units[slug]

    def all(self) -> list[Province]:
        return list(self._ordered)

    def current(self) -> list[Province]:
        return [p for p in self._ordered if p.exists_now]

    def successor_of(self, slug: str) -> Province:
        p = self.units[slug]
        return self.units[p.successor] if p.successor else p

    def match(self, text: str, on: dt.date | None = None) -> Province | None:
        """The unit a name means; "Huế" before 2025 means Thừa Thiên Huế."""
        slug = self._by_key.get(match_key(str(text)))
        if slug is None:
            return None
        if slug == "hue" and on is not None and on < HUE_RENAMED:
            slug = "thua-thien-hue"
        return self.units[slug]

    def suggest(self, text: str) -> Province | None:
        """The closest unit to a misspelt name, or None when nothing is close."""
        spaced = " ".join(re.sub(r"[^a-z0-9]+", " ", fold(str(text)).lower()).split())
        if not spaced:
            return None
        best = min(self._spellings, key=lambda fs: (_distance(spaced, fs[0]), fs[0]))
        if _distance(spaced, best[0]) <= max(2, len(best[0]) // 4):
            return self.units[best[1]]
        return None


def _units(data: dict) -> list[Province]:
    before = {row["name"]: row for row in data["provinces_pre2025"]}
    now = {row["name"]: row for row in data["provinces_2025"]}
    absorbed: dict[str, list[str]] = {}
    for row in data["provinces_pre2025"]:
        if row["merged_into"] != row["name"]:
            absorbed.setdefault(row["merged_into"], []).append(row["slug"])
    units = []
    for name, row in before.items():
        merged = row["merged_into"]
        new = now.get(merged)
        units.append(Province(
            slug=row["slug"], name=name, code=str(row["code"]), is_city=row.get("type") == "tp",
            existed_before=True, exists_now=name in now,
            successor=new["slug"] if merged != name else None,
            since=row.get("since") if (merged != name or absorbed.get(name)) else None,
            absorbed=tuple(absorbed.get(name, ())) if name in now else (), short=row.get("short")))
    for name, row in now.items():
        if name not in before:  # a new name: Huế
            sources = absorbed.get(name, [])
            units.append(Province(
                slug=row["slug"], name=name, code=str(row["code"]), is_city=row.get("type") == "tp",
                existed_before=False, exists_now=True, successor=None,
                since=min(before_row["since"] for before_row in data["provinces_pre2025"]
                          if before_row["merged_into"] == name),
                absorbed=tuple(sources), short=None))
    return units
