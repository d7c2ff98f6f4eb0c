"""Vietnamese-aware slugs: the one function that names every URL on the site."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Strip Vietnamese diacritics and map đ/Đ to d/D, keeping case and everything else."""
    # NFD splits "ệ" into "e" + combining marks; đ has no decomposition, so map it by hand.
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """'Cụm thi đua số 6' -> 'cum-thi-dua-so-6': folded, lower case, hyphen-separated."""
    return _NON_ALNUM.sub("-", fold(text).lower()).strip("-")
