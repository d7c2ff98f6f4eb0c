"""Province, cluster and event pages across the 2025 reorganisation (fixture: articles before and after)."""

from __future__ import annotations

import feedparser
from conftest import html

from site_builder.collation import vi_sort_key

BINH_DINH_2022 = "/2022/10/binh-dinh-ton-vinh-tri-thuc/"
GIA_LAI_2026 = "/2026/02/dai-hoi-gia-lai/"


def names(doc, selector):
    return [a.get_text(strip=True) for a in doc.select(selector)]


def test_provinces_index_lists_the_34_current_units_in_vietnamese_order_with_absorbed_ones(built):
    doc = html(built / "tinh/index.html")
    top = doc.select_one("main ul")
    current = [li.find("a", recursive=False).get_text(strip=True) for li in top.find_all("li", recursive=False)]
    assert len(current) == 34
    assert current == sorted(current, key=vi_sort_key) and current != sorted(current)
    assert current[:6] == ["An Giang", "Bắc Ninh", "Cà Mau", "Cao Bằng", "Cần Thơ", "Đà Nẵng"]
    gia_lai = next(li for li in top.find_all("li", recursive=False) if li.a.get_text(strip=True) == "Gia Lai")
    assert [a.get_text(strip=True) for a in gia_lai.find("ul").find_all("a")] == ["Bình Định"]
    assert "3 bài" in gia_lai.get_text(" ", strip=True)  # its own article and Bình Định's two
    hue = next(li for li in top.find_all("li", recursive=False) if li.a.get_text(strip=True) == "Huế")
    assert [a["href"] for a in hue.find("ul").find_all("a")] == ["/tinh/thua-thien-hue/"]


def test_a_page_for_each_of_the_64_units(built):
    pages = sorted(p.parent.name for p in (built / "tinh").glob("*/index.html"))
    assert len(pages) == 64 and "hue" in pages and "thua-thien-hue" in pages and "binh-dinh" in pages


def test_absorbed_unit_says_where_it_went_and_keeps_its_articles(built):
    doc = html(built / "tinh/binh-dinh/index.html")
    history = doc.select_one(".history")
    assert "01/07/2025" in history.get_text() and history.a["href"] == "/tinh/gia-lai/"
    hrefs = [a["href"] for a in doc.select(".article-list .item-title a")]
    assert BINH_DINH_2022 in hrefs and GIA_LAI_2026 not in hrefs


def test_current_province_feed_follows_the_same_rule(built):
    feed = feedparser.parse((built / "tinh/gia-lai/rss.xml").read_bytes())
    links = [e.link for e in feed.entries]
    assert links[0].endswith(GIA_LAI_2026) and any(link.endswith(BINH_DINH_2022) for link in links)
    old = feedparser.parse((built / "tinh/binh-dinh/rss.xml").read_bytes())
    assert not any(e.link.endswith(GIA_LAI_2026) for e in old.entries)


def test_hue_written_before_2025_means_thua_thien_hue(site):
    from conftest import run

    (site / "content/articles/2022/hue.md").write_text(
        "---\ntitle: Hội thảo ở Huế\ndate: 2024-05-01\nprovinces: [Huế]\n---\nNội dung.\n", encoding="utf-8"
    )
    (site / "content/articles/2026/hue-moi.md").write_text(
        "---\ntitle: Hội nghị ở Huế\ndate: 2026-05-01\nprovinces: [Huế]\n---\nNội dung.\n", encoding="utf-8"
    )
    assert run(site, "build") == 0
    old = html(site / "public/tinh/thua-thien-hue/index.html")
    assert [a["href"] for a in old.select(".article-list .item-title a")] == ["/2024/05/hoi-thao-o-hue/"]
    new = html(site / "public/tinh/hue/index.html")
    assert [a["href"] for a in new.select(".article-list .item-title a")] == [
        "/2026/05/hoi-nghi-o-hue/",
        "/2024/05/hoi-thao-o-hue/",
    ]
    assert "Thừa Thiên Huế" in new.select(".written-as")[0].get_text()


def test_clusters_index_and_cluster_members_now(built):
    doc = html(built / "cum-thi-dua/index.html")
    assert [a["href"] for a in doc.select("main ul a")] == ["/cum-thi-dua/cum-6/", "/cum-thi-dua/cum-9/"]
    cluster = html(built / "cum-thi-dua/cum-6/index.html")
    members = {li.a.get_text(strip=True): li.get_text(" ", strip=True) for li in cluster.select(".members li")}
    assert members["Phú Yên"] == "Phú Yên — nay thuộc Đắk Lắk"
    assert members["Ninh Thuận"] == "Ninh Thuận — nay thuộc Khánh Hòa"
    assert members["Bình Thuận"] == "Bình Thuận — nay thuộc Lâm Đồng"
    assert members["Quảng Ngãi"] == "Quảng Ngãi"  # kept its name (it absorbed Kon Tum)


def test_event_page_gathers_the_same_event_across_clusters(built):
    doc = html(built / "su-kien/ky-ket-giao-uoc-thi-dua/index.html")
    hrefs = [a["href"] for a in doc.select(".article-list .item-title a")]
    assert hrefs == ["/2026/01/can-tho-ky-ket-giao-uoc/", "/2025/03/phu-yen-to-chuc-hoi-thao/"]
    page2 = built / "su-kien/ky-ket-giao-uoc-thi-dua/page/2/index.html"
    assert [a["href"] for a in html(page2).select(".article-list .item-title a")] == [
        "/2022/11/cum-thi-dua-so-6-tong-ket-nam-2022/"
    ]
