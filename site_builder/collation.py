"""Vietnamese alphabetical order: a ă â b c d đ e ê … with tones as a secondary key.

Code-point order puts "Đà Nẵng" after "Yên Bái" and "Cần Thơ" before "Cao Bằng"; readers
expect the dictionary order instead, so every sorted list of names a reader sees uses this key.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")

_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
_LETTER = {letter: i for i, letter in enumerate(_ALPHABET)}
# Marks that make a distinct letter (ă â ê ô ơ ư) versus marks that are tones.
_SHAPE = {"\u0306": "\u0306", "\u0302": "\u0302", "\u031b": "\u031b"}
# Dictionary order of tones: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONE = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


@lru_cache(maxsize=8192)
def vi_sort_key(text: str) -> tuple:
    """Sort key: letters first (word by word, shorter word first), then each syllable's tone."""
    primary: list[int] = []
    tones: list[int] = []
    for word in text.lower().split():
        tone = 0
        for ch in unicodedata.normalize("NFD", word):
            if ch in _TONE:
                tone = _TONE[ch]
            elif ch in _SHAPE:
                if primary and primary[-1] >= 0:
                    base = _ALPHABET[primary[-1]]
                    primary[-1] = _LETTER.get(unicodedata.normalize("NFC", base + ch), primary[-1])
            elif unicodedata.combining(ch):
                continue
            elif ch == "đ":
                primary.append(_LETTER["đ"])
            elif ch in _LETTER:
                primary.append(_LETTER[ch])
            else:
                primary.append(100 + ord(ch))  # digits and punctuation after letters, stable
        primary.append(-1)  # word boundary sorts before any letter: "Cà Mau" < "Cao Bằng"
        tones.append(tone)  # one tone per syllable, wherever the editor put the mark ("Hoà"/"Hòa")
    return (tuple(primary), tuple(tones), text)


def vi_sorted(items: Iterable[T], key: Callable[[T], str] | None = None) -> list[T]:
    """Items in Vietnamese alphabetical order of `key(item)` (or of the items themselves)."""
    return sorted(items, key=lambda item: vi_sort_key(key(item) if key else item))
