"""The province registry: the 2025 history facts, every accepted spelling, and did-you-mean."""

from __future__ import annotations

import datetime as dt

import pytest

from site_builder.collation import vi_sort_key
from site_builder.provinces import ProvinceRegistry
from site_builder.slugs import fold, slugify

REG = ProvinceRegistry.load()
JULY = dt.date(2025, 7, 1)


def test_load_is_cached():
    assert ProvinceRegistry.load() is REG


def test_counts():
    assert len(REG.all()) == 64  # 63 old units + the new city Huế
    assert len({p.slug for p in REG.all()}) == 64
    assert sum(p.existed_before for p in REG.all()) == 63
    assert sum(p.exists_now for p in REG.all()) == 34
    assert len(REG.current()) == 34 and all(p.exists_now for p in REG.current())
    assert sum(p.is_city for p in REG.current()) == 6  # 28 provinces, 6 centrally-run cities


def test_get_unknown_slug_raises():
    with pytest.raises(KeyError):
        REG.get("sai-gon")


@pytest.mark.parametrize(
    "old,new,since",
    [
        ("binh-dinh", "gia-lai", JULY),
        ("phu-yen", "dak-lak", JULY),
        ("ninh-thuan", "khanh-hoa", JULY),
        ("binh-thuan", "lam-dong", JULY),
        ("binh-duong", "ho-chi-minh", JULY),
        ("ba-ria-vung-tau", "ho-chi-minh", JULY),
        ("thua-thien-hue", "hue", dt.date(2025, 1, 1)),
    ],
)
def test_absorbed_units_point_to_their_successor(old, new, since):
    p = REG.get(old)
    assert (p.existed_before, p.exists_now, p.successor, p.since) == (True, False, new, since)
    assert REG.successor_of(old) is REG.get(new)
    assert old in REG.get(new).absorbed


def test_history_of_current_units():
    assert REG.get("gia-lai").absorbed == ("binh-dinh",)
    assert REG.get("gia-lai").successor is None and REG.get("gia-lai").since == JULY
    assert set(REG.get("ho-chi-minh").absorbed) == {"binh-duong", "ba-ria-vung-tau"}
    hue = REG.get("hue")
    assert (hue.existed_before, hue.exists_now, hue.is_city, hue.absorbed) == (False, True, True, ("thua-thien-hue",))
    assert not REG.get("thua-thien-hue").is_city


def test_unchanged_unit():
    hanoi = REG.get("ha-noi")
    assert (hanoi.existed_before, hanoi.exists_now, hanoi.successor, hanoi.since, hanoi.absorbed) == (
        True,
        True,
        None,
        None,
        (),
    )
    assert REG.successor_of("ha-noi") is hanoi


def test_every_old_unit_leads_to_a_current_one():
    for p in REG.all():
        assert REG.successor_of(p.slug).exists_now
        assert (p.successor is None) == p.exists_now
        # A unit changed in 2025 exactly when it went elsewhere or took others in.
        assert (p.since is None) == (p.successor is None and not p.absorbed)


def test_cluster_6_members_today():
    # Cụm thi đua số 6 (reference clusters_known): where its former provinces are now.
    now = {
        name: REG.successor_of(REG.match(name).slug).name
        for name in ["Quảng Ngãi", "Bình Định", "Phú Yên", "Khánh Hòa", "Ninh Thuận", "Bình Thuận"]
    }
    assert now == {
        "Quảng Ngãi": "Quảng Ngãi",
        "Bình Định": "Gia Lai",
        "Phú Yên": "Đắk Lắk",
        "Khánh Hòa": "Khánh Hòa",
        "Ninh Thuận": "Khánh Hòa",
        "Bình Thuận": "Lâm Đồng",
    }


def test_codes_are_current_for_current_units():
    assert REG.get("gia-lai").code == "52"  # QĐ 19/2025: the code of Bình Định, the seat
    assert REG.get("binh-dinh").code == "52" and REG.get("ha-noi").code == "01"


@pytest.mark.parametrize("p", REG.all(), ids=lambda p: p.slug)
def test_every_name_round_trips(p):
    for form in (p.name, slugify(p.name), fold(p.name), fold(p.name).upper(), p.name.lower(), p.slug):
        assert REG.match(form, on=dt.date(2025, 8, 1)) is p, form


@pytest.mark.parametrize(
    "text,slug",
    [
        # tone placement, case, diacritics
        ("Hoà Bình", "hoa-binh"),
        ("Hòa Bình", "hoa-binh"),
        ("Khánh Hoà", "khanh-hoa"),
        ("khanh hoa", "khanh-hoa"),
        ("THANH HOÁ", "thanh-hoa"),
        ("Đắk Lắk", "dak-lak"),
        ("dak lak", "dak-lak"),
        # prefixes
        ("tỉnh Bình Định", "binh-dinh"),
        ("Tỉnh Quảng Ngãi", "quang-ngai"),
        ("thành phố Đà Nẵng", "da-nang"),
        ("TP. Cần Thơ", "can-tho"),
        ("TP Hải Phòng", "hai-phong"),
        ("Thành phố Huế", "hue"),
        # hyphens and spaces
        ("Thừa Thiên-Huế", "thua-thien-hue"),
        ("Thua Thien Hue", "thua-thien-hue"),
        ("Bà Rịa-Vũng Tàu", "ba-ria-vung-tau"),
        ("Bà Rịa - Vũng Tàu", "ba-ria-vung-tau"),
        ("BR-VT", "ba-ria-vung-tau"),
        ("quang-ngai", "quang-ngai"),
        # Hồ Chí Minh
        ("TP.HCM", "ho-chi-minh"),
        ("TP. HCM", "ho-chi-minh"),
        ("TPHCM", "ho-chi-minh"),
        ("TP HCM", "ho-chi-minh"),
        ("HCM", "ho-chi-minh"),
        ("Thành phố Hồ Chí Minh", "ho-chi-minh"),
        ("Ho Chi Minh", "ho-chi-minh"),
        ("tp.hcm", "ho-chi-minh"),
    ],
)
def test_spellings(text, slug):
    assert REG.match(text).slug == slug


def test_hue_depends_on_the_date():
    assert REG.match("Huế").slug == "hue"
    assert REG.match("Hue", on=dt.date(2025, 1, 1)).slug == "hue"
    assert REG.match("Huế", on=dt.date(2024, 12, 31)).slug == "thua-thien-hue"
    assert REG.match("Thừa Thiên Huế", on=dt.date(2025, 8, 1)).slug == "thua-thien-hue"  # name kept


@pytest.mark.parametrize("text", ["", "Sài Gòn Xanh", "Việt Nam", "tỉnh", "TP", "Hà"])
def test_no_match(text):
    assert REG.match(text) is None


@pytest.mark.parametrize(
    "text,slug",
    [
        ("Qaunrg Ngãi", "quang-ngai"),
        ("Bìn Thuận", "binh-thuan"),
        ("Khanh Hao", "khanh-hoa"),
        ("Hà Nọi", "ha-noi"),
        ("tỉnh Bìn Thuận", "binh-thuan"),
        ("Thừ Thiên Huế", "thua-thien-hue"),
    ],
)
def test_suggest(text, slug):
    assert REG.suggest(text).slug == slug


@pytest.mark.parametrize("text", ["xyz", "", "ha", "Nguyễn Văn An", "Bộ Công Thương"])
def test_suggest_nothing_close(text):
    assert REG.suggest(text) is None


def test_lists_are_in_vietnamese_order():
    names = [p.name for p in REG.current()]
    assert names == sorted(names, key=vi_sort_key)
    assert names != sorted(names)  # code-point order would put Đà Nẵng after Vĩnh Long
    assert names.index("Cà Mau") < names.index("Cao Bằng") < names.index("Cần Thơ") < names.index("Đà Nẵng")
    every = [p.name for p in REG.all()]
    assert every == sorted(every, key=vi_sort_key)
