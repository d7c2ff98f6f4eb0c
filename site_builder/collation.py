"""Vietnamese alphabetical order: a ă â b c d đ e ê … with tones as a secondary key.

Code-point order puts "Đà Nẵng" after "Yên Bái" and "Cần Thơ" before "Cao Bằng"; readers
expect the dictionary order instead, so every sorted list of names a reader sees uses this key.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar

T = TypeVar("T")

# The Vietnamese alphabet, with f j w z (loanwords, foreign names) where Latin puts them.
_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
_LETTER = {letter: 100 + i for i, letter in enumerate(_ALPHABET)}  # digits (48..57) sort first
_BOUNDARY = -1  # end of a word sorts before any letter: "Cà Mau" < "Cao Bằng"
# Marks that make a distinct letter (breve ă, circumflex â ê ô, horn ơ ư) ...
_SHAPE = {"\u0306", "\u0302", "\u031b"}
# ... versus tone marks, in dictionary order: ngang (0), huyền, hỏi, ngã, sắc, nặng.
_TONE = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _rank(base: str) -> int:
    if base in _LETTER:
        return _LETTER[base]
    return ord(base[0]) if base[0].isdigit() else 1000 + ord(base[0])  # other scripts after z


def _is_separator(ch: str) -> bool:
    # Spaces, hyphens and other punctuation all just end a word: "Bà Rịa-Vũng Tàu" sorts
    # exactly like "Bà Rịa - Vũng Tàu".
    return unicodedata.category(ch)[0] in "ZPSC"


@lru_cache(maxsize=8192)
def vi_sort_key(text: str) -> tuple:
    """Sort key: letters word by word (case-insensitive), then each syllable's tone, then the text."""
    letters: list[int] = []
    tones: list[int] = []
    bases: list[str] = []  # the current word's letters, each with its shape marks attached
    tone = 0

    def end_word() -> None:
        nonlocal tone
        if bases:
            # NFC joins "a" + breve back into "ă", so shaped letters rank as their own letter.
            letters.extend(_rank(unicodedata.normalize("NFC", b)) for b in bases)
            letters.append(_BOUNDARY)
            # One tone per syllable, wherever the editor put the mark: "Hoà" sorts as "Hòa".
            tones.append(tone)
            bases.clear()
        tone = 0

    # NFD splits "ặ" into "a" + dot below + breve (in that canonical order); "đ" does not split.
    for ch in unicodedata.normalize("NFD", text.lower()):
        if ch in _TONE:
            tone = _TONE[ch]
        elif ch in _SHAPE and bases:
            bases[-1] += ch
        elif unicodedata.combining(ch):
            continue  # a stray mark we do not rank
        elif _is_separator(ch):
            end_word()
        else:
            bases.append(ch)
    end_word()
    # The text itself breaks ties ("An" vs "an") so the order never depends on input order.
    return (tuple(letters), tuple(tones), text)


def vi_sorted(items: Iterable[T], key: Callable[[T], str] | None = None) -> list[T]:
    """Items in Vietnamese alphabetical order of `key(item)` (or of the items themselves)."""
    return sorted(items, key=lambda item: vi_sort_key(key(item) if key else item))


@lru_cache(maxsize=8192)
def en_sort_key(text: str) -> tuple:
    """English order: letters without their marks, case-insensitive ("Émile" among the e's),
    then the text itself so that the order never depends on input order."""
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return (plain.replace("đ", "d").replace("Đ", "D").casefold(), text)


def sort_key_for(language: str) -> Callable[[str], tuple]:
    """The order of names in lists of an edition in `language`: Vietnamese, else English's."""
    return vi_sort_key if language.startswith("vi") else en_sort_key
