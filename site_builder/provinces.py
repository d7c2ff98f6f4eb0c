"""Vietnam's provinces before and after the 2025 reorganisation, and matching names to them.

The facts live in data/provinces.yaml (copied from the reference file with its sources). The 63
old units and 34 new ones overlap: a unit that kept its name is one unit, so there are 64 (the
extra one is Huế, the city that replaced Thừa Thiên Huế).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from .collation import vi_sort_key
from .slugs import fold

HUE_RENAMED = dt.date(2025, 1, 1)
# Forms seen in real text that the name, slug and short form do not already give.
EXTRA_ALIASES = {"ho-chi-minh": ("HCM", "TPHCM", "TP.HCM")}
# Words before a name that do not change which unit it is ("tỉnh Bình Định", "TP. Huế").
_PREFIXES = (("thanh", "pho"), ("tinh",), ("tp",))
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Province:
    """A province-level unit: one of the 63 before mid-2025, the 34 after, or both."""

    slug: str
    name: str
    code: str  # GSO code: today's (QĐ 19/2025) for a current unit, the last one for a former unit
    is_city: bool  # a centrally-run city (type tp)
    existed_before: bool  # one of the 63 (until 2025-06-30)
    exists_now: bool  # one of the 34 (from 2025-07-01)
    successor: str | None  # the other unit it went into (binh-dinh -> gia-lai); None if itself current
    since: dt.date | None  # when that change (or an absorption) took effect; None when unchanged
    absorbed: tuple[str, ...] = ()  # the other units merged into this one
    short: str | None = None  # "TP.HCM", "BR-VT", "Huế"


def _words(text: str) -> list[str]:
    """Folded lower-case words, without a leading "tỉnh"/"thành phố"/"TP": hyphen = space = dot."""
    words = _NON_ALNUM.sub(" ", fold(text).lower()).split()
    for prefix in _PREFIXES:
        if tuple(words[: len(prefix)]) == prefix and len(words) > len(prefix):
            return words[len(prefix) :]
    return words


@lru_cache(maxsize=65536)
def match_key(text: str) -> str:
    """'Thành phố Hồ Chí Minh', 'TP. HCM', 'Thừa Thiên-Huế' -> comparable keys without marks or spaces.

    Folding to ASCII is what unifies both tone placements ("Hoà"/"Hòa"): NFC keeps them apart.
    Memoised because every article's provinces go through it.
    """
    return "".join(_words(text))


# --- Spellings with their marks: what a name must be when it is published ----------------------
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng (combining)
_LETTERS = re.compile(r"[^\W_]+")
_PREFIX_WORDS = {prefix: len(prefix) for prefix in _PREFIXES}


@lru_cache(maxsize=65536)
def toned(word: str) -> str:
    """A word with its tone mark moved to its end: "Hoà" and "Hòa" are one spelling (the two places
    of the mark are both correct), "Ngải" and "Ngãi" are not (the marks differ)."""
    decomposed = unicodedata.normalize("NFD", word)
    if _TONES.isdisjoint(decomposed):
        return unicodedata.normalize("NFC", word)
    rest = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    return rest + "".join(ch for ch in decomposed if ch in _TONES)


def spelling(text: str, lower: bool = False) -> tuple[str, ...]:
    """The words of a name with their marks (tone marks in one place), without a leading "tỉnh",
    "thành phố" or "TP.": "TP. Hồ Chí Minh" and "Thành phố Hồ Chí Minh" are spelt alike, and so are
    "Thừa Thiên-Huế" and "Thừa Thiên Huế"; "Quảng Ngải" is not "Quảng Ngãi"."""
    words = _LETTERS.findall(text.lower() if lower else text)
    folded = [fold(w).lower() for w in words]
    for prefix, size in _PREFIX_WORDS.items():
        if tuple(folded[:size]) == prefix and len(words) > size:
            words = words[size:]
            break
    return tuple(toned(w) for w in words)


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
            for form in (p.name, p.slug, *filter(None, [p.short]), *EXTRA_ALIASES.get(p.slug, ())):
                key = match_key(form)
                owner = self._by_key.setdefault(key, p.slug)
                if owner != p.slug:
                    # Only "Huế" is shared (Thừa Thiên Huế's short form, today's city): today's unit
                    # wins, and match() gives the old one for dates before the renaming.
                    if {owner, p.slug} != {"hue", "thua-thien-hue"}:
                        raise ValueError(f"province spelling {form!r} matches both {owner} and {p.slug}")
                    self._by_key[key] = "hue"
                self._spellings.append((" ".join(_words(form)), p.slug))

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> ProvinceRegistry:
        """The registry of the packaged data, read once per process."""
        text = (resources.files("site_builder") / "data" / "provinces.yaml").read_text(encoding="utf-8")
        return cls(_units(yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))))

    def get(self, slug: str) -> Province:
        return self.units[slug]  # KeyError for an unknown slug

    def all(self) -> list[Province]:
        """The 64 distinct units, in Vietnamese alphabetical order."""
        return list(self._ordered)

    def current(self) -> list[Province]:
        """The 34 units that exist from 2025-07-01, in Vietnamese alphabetical order."""
        return [p for p in self._ordered if p.exists_now]

    def successor_of(self, slug: str) -> Province:
        """The current unit an old unit now belongs to (the unit itself when current)."""
        p = self.units[slug]
        return self.units[p.successor] if p.successor else p

    def match(self, text: str, on: dt.date | None = None) -> Province | None:
        """The unit a name means; "Huế" on a date before 2025 means Thừa Thiên Huế."""
        slug = self._by_key.get(match_key(str(text)))
        if slug is None:
            return None
        if slug == "hue" and on is not None and on < HUE_RENAMED:
            slug = "thua-thien-hue"
        return self.units[slug]

    @lru_cache(maxsize=65536)  # noqa: B019  (one registry a process; names repeat in every article)
    def official_spelling(self, text: str, province: Province) -> str | None:
        """None when `text` spells `province` as it is officially written: its name or short form
        (or TP.HCM and the like), with its marks and capitals, after "tỉnh", "thành phố" or "TP."
        or not, with either place of a tone mark ("Hoà"/"Hòa"), hyphens or spaces. Otherwise the
        spelling to publish: "Quảng Ngải", "Quang Ngai", "quảng ngãi" -> "Quảng Ngãi"."""
        forms = self._forms(province.slug)
        if spelling(str(text)) in forms.values():
            return None
        key = match_key(str(text))
        return next((form for form, spelt in forms.items() if match_key(form) == key), province.name)

    def is_official(self, text: str) -> bool:
        """Whether `text` names a unit spelt as officially written but for capitals (`official_spelling`),
        or is plain ASCII that names one ("Quang Ngai" in a text without marks)."""
        province = self.match(text)
        if province is None:
            return False
        return text.isascii() or spelling(text, lower=True) in {
            spelling(form, lower=True) for form in self._forms(province.slug)
        }

    @lru_cache(maxsize=128)  # noqa: B019  (64 units, one registry a process)
    def _forms(self, slug: str) -> dict[str, tuple[str, ...]]:
        """The unit's official spellings, as written and as `spelling` gives them, name first."""
        p = self.units[slug]
        written = (p.name, *filter(None, [p.short]), *EXTRA_ALIASES.get(p.slug, ()))
        return {form: spelling(form) for form in written}

    def suggest(self, text: str) -> Province | None:
        """The closest unit to a misspelt name, or None when nothing is close."""
        spaced = " ".join(_words(str(text)))
        if not spaced:
            return None
        distance, form, slug = min((_distance(spaced, form), form, slug) for form, slug in self._spellings)
        # Up to a quarter of the name wrong (at least 2 slips), but never half of it: "ha" is 2
        # slips from "hue" and "hcm", which is no evidence of either.
        if distance <= min(max(2, len(form) // 4), (len(form) - 1) // 2):
            return self.units[slug]
        return None


def _units(data: dict) -> list[Province]:
    """The 64 units from the two lists; a name in both is one unit that lived through 2025."""
    before = {row["name"]: row for row in data["provinces_pre2025"]}
    now = {row["name"]: row for row in data["provinces_2025"]}
    absorbed: dict[str, list[str]] = {}  # new name -> slugs of the other old units merged into it
    for row in data["provinces_pre2025"]:
        if row["merged_into"] != row["name"]:
            absorbed.setdefault(row["merged_into"], []).append(row["slug"])
    units = []
    for name, row in (before | now).items():
        old, new = before.get(name), now.get(name)
        merged_into = old["merged_into"] if old else name
        if old:
            since = old["since"]
        else:  # a new name (Huế): it dates from the unit it replaced
            since = min(r["since"] for r in before.values() if r["merged_into"] == name)
        units.append(
            Province(
                slug=row["slug"],
                name=name,
                code=str((new or old or {})["code"]),  # current units carry their code from QĐ 19/2025
                is_city=row.get("type") == "tp",
                existed_before=old is not None,
                exists_now=new is not None,
                successor=now[merged_into]["slug"] if merged_into != name else None,
                since=since,
                absorbed=tuple(absorbed.get(name, ())),
                short=(old or {}).get("short"),
            )
        )
    return units
