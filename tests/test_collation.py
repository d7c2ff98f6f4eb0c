"""Vietnamese alphabetical order."""

from __future__ import annotations

import random

import pytest

from site_builder.collation import vi_sort_key, vi_sorted

EXPECTED = [
    "An Giang",
    "Bắc Ninh",
    "Cà Mau",
    "Cao Bằng",
    "Cần Thơ",
    "Đà Nẵng",
    "Đắk Lắk",
    "Điện Biên",
    "Gia Lai",
    "Hà Nam",
    "Hà Nội",
    "Hà Tĩnh",
    "Hải Dương",
    "Hồ Chí Minh",
    "Huế",
    "Hưng Yên",
    "Lạng Sơn",
    "Lào Cai",
    "Lâm Đồng",
    "Ô Môn",
    "Ơ Đỏ",
    "Thái Nguyên",
    "Thanh Hóa",
    "Tuyên Quang",
    "Ứng Hòa",
    "Yên Bái",
]


def test_example_list():
    shuffled = EXPECTED[:]
    random.Random(7).shuffle(shuffled)
    assert vi_sorted(shuffled) == EXPECTED
    assert sorted(EXPECTED) != EXPECTED  # code-point order differs (Đ, Ơ, Ư sort last there)


def test_words_compared_one_by_one():
    assert vi_sorted(["Cần Thơ", "Đà Nẵng", "Cao Bằng", "Đắk Lắk", "Cà Mau"]) == [
        "Cà Mau",
        "Cao Bằng",
        "Cần Thơ",
        "Đà Nẵng",
        "Đắk Lắk",
    ]


def test_letter_order():
    letters = "a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y".split()
    assert vi_sorted(reversed(letters)) == letters


def test_tones_are_secondary_in_dictionary_order():
    # ngang, huyền, hỏi, ngã, sắc, nặng
    assert vi_sorted(["mạ", "má", "mã", "mả", "mà", "ma"]) == ["ma", "mà", "mả", "mã", "má", "mạ"]
    # letters decide before any tone: "mạc" < "màn" because c < n, whatever the tones
    assert vi_sorted(["màn", "mạc"]) == ["mạc", "màn"]
    assert vi_sorted(["Hoa Lư", "Hoà Bình", "Hòa An"]) == ["Hòa An", "Hoà Bình", "Hoa Lư"]


@pytest.mark.parametrize("a,b", [("Hoà", "Hòa"), ("Khoá", "Khóa"), ("Thuỷ", "Thủy")])
def test_both_tone_placements_sort_alike(a, b):
    assert vi_sort_key(a)[:2] == vi_sort_key(b)[:2]


def test_case_insensitive_and_decomposed_input():
    import unicodedata

    assert vi_sort_key("ĐÀ NẴNG")[:2] == vi_sort_key("Đà Nẵng")[:2]
    assert vi_sort_key(unicodedata.normalize("NFD", "Đặng"))[:2] == vi_sort_key("Đặng")[:2]
    assert vi_sorted(["b", "A", "a"]) == ["A", "a", "b"]  # equal letters: ties broken stably by the text


def test_hyphen_is_a_word_break():
    assert vi_sort_key("Bà Rịa-Vũng Tàu")[:2] == vi_sort_key("Bà Rịa - Vũng Tàu")[:2]


def test_key_argument_and_odd_input():
    items = [{"n": "Yên Bái"}, {"n": "Ấp Bắc"}]
    assert vi_sorted(items, key=lambda d: d["n"]) == items[::-1]
    # digits before letters; stray marks and other scripts never raise
    assert vi_sorted(["Cụm số b", "Cụm số 6", "1̂", "", "漢字", "straße"]) == [
        "",
        "1̂",
        "Cụm số 6",
        "Cụm số b",
        "straße",
        "漢字",
    ]
