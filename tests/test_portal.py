"""The news portal of issue 23, built for real from the fixture site with a report added: the home
page's lead and blocks, thumbnails, archives by year and month, index pages, authors, a feed for
every list, attachments (on the page and in every feed), contents, reading time and videos."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from conftest import html, run
from test_publishing import BASE, check_rss

from site_builder.collation import vi_sort_key

REPO = Path(__file__).resolve().parent.parent
SAMPLE_PDF = REPO / "content/files/2026/bao-cao-mau-tong-ket-thi-dua-2025.pdf"
REPORT = "content/articles/2026/bao-cao.md"
REPORT_URL = "/2026/02/bao-cao-tong-ket-thi-dua-2025/"
ATOM = "{http://www.w3.org/2005/Atom}"

REPORT_TEXT = (
    """---
title: Báo cáo tổng kết thi đua 2025
slug: bao-cao-tong-ket-thi-dua-2025
date: 2026-02-06T09:00:00+07:00
section: Báo cáo
tags: [Thi đua, Báo cáo]
author: Nguyễn Văn A
image: {src: /images/anh-bia.jpg, alt: Trang bìa báo cáo}
attachments:
  - file: bao-cao.pdf
    title: Toàn văn báo cáo
  - files/so-lieu/so-lieu-2025.zip
---
Mở đầu báo cáo.

## Kết quả

"""
    + "Nội dung phần kết quả. " * 300
    + """

https://youtu.be/M7lc1UVf-VE

## Hạn chế

Nội dung phần hạn chế.

## Phương hướng

Nội dung phần phương hướng.
"""
)


def add_report(site: Path) -> None:
    """The report, its two files (a real PDF and a 1.25 MB archive), a raster cover, a profile."""
    from PIL import Image

    (site / "content/files/so-lieu").mkdir(parents=True)
    (site / "content/files/bao-cao.pdf").write_bytes(SAMPLE_PDF.read_bytes())
    (site / "content/files/so-lieu/so-lieu-2025.zip").write_bytes(b"PK\x05\x06" + b"\0" * 1_249_996)
    cover = io.BytesIO()
    Image.new("RGB", (1200, 800), (11, 79, 138)).save(cover, "JPEG")
    (site / "content/images/anh-bia.jpg").write_bytes(cover.getvalue())
    (site / REPORT).write_text(REPORT_TEXT, encoding="utf-8")
    (site / "content/authors").mkdir()
    (site / "content/authors/nguyen-van-a.md").write_text(
        "---\nrole: Phóng viên ban Thi đua\n---\nViết về thi đua, khen thưởng.\n", encoding="utf-8"
    )


@pytest.fixture
def portal(site) -> Path:
    add_report(site)
    assert run(site, "build", "--no-search") == 0
    return site / "public"


def test_the_home_page_leads_with_a_picture_then_the_newest_and_a_block_per_section_and_cluster(portal):
    home = html(portal / "index.html")
    lead = home.select_one("main .lead-story")
    assert lead.select_one(".lead-title a")["href"] == REPORT_URL  # the newest with a picture
    picture = lead.select_one("img.lead-picture")
    assert picture["src"] == "/images/anh-bia.jpg" and picture["alt"] == "Trang bìa báo cáo"
    assert picture["width"] == "1200" and "srcset" in picture.attrs and "loading" not in picture.attrs
    newest = [a["href"] for a in home.select("main .newest .article-list .item-title a")]
    assert newest == ["/2026/02/dai-hoi-gia-lai/"] and REPORT_URL not in newest  # (page size 2)
    blocks = {
        s.h2.get_text(): [h3.get_text() for h3 in s.select(".cluster-block h3")] for s in home.select(".cluster-blocks")
    }
    assert blocks == {
        "Tin theo chuyên mục": ["Báo cáo", "Thi đua - Khen thưởng"],
        "Tin các cụm thi đua": ["Cụm thi đua số 6", "Cụm thi đua số 9"],
    }


def test_cards_show_a_sized_lazy_thumbnail_with_variants(portal):
    tag = html(portal / "the/thi-dua/index.html")
    cards = {li.select_one(".item-title a")["href"]: li for li in tag.select(".article-list .item")}
    thumb = cards[REPORT_URL].select_one("img.thumb")
    assert thumb["src"] == "/images/anh-bia.jpg" and thumb["alt"] == ""  # (the title beside it says it)
    assert (thumb["width"], thumb["height"], thumb["loading"]) == ("1200", "800", "lazy")
    assert "/images/anh-bia-480w.webp 480w" in thumb["srcset"] and (portal / "images/anh-bia-480w.webp").is_file()
    svg = cards["/2022/11/cum-thi-dua-so-6-tong-ket-nam-2022/"].select_one("img.thumb")
    assert svg["src"] == "/images/hoi-nghi.svg" and svg["width"] and "srcset" not in svg.attrs


def test_a_report_lists_its_attachments_with_type_and_size(portal):
    page = html(portal / REPORT_URL.strip("/") / "index.html")
    items = page.select(".attachments li")
    assert [(li.a["href"], li.a.get_text(), li.select_one(".file-facts").get_text()) for li in items] == [
        ("/files/bao-cao.pdf", "Toàn văn báo cáo", f"(PDF, {round(SAMPLE_PDF.stat().st_size / 1000)} kB)"),
        ("/files/so-lieu/so-lieu-2025.zip", "so-lieu-2025.zip", "(ZIP, 1,2 MB)"),  # the decimal comma
    ]
    assert (portal / "files/bao-cao.pdf").read_bytes() == SAMPLE_PDF.read_bytes()
    assert (portal / "files/bao-cao.pdf").read_bytes().startswith(b"%PDF-")


def test_feeds_carry_the_attachments_and_the_lead_image(portal):
    size_pdf = SAMPLE_PDF.stat().st_size
    rss = ET.fromstring((portal / "rss.xml").read_bytes())
    item = next(i for i in rss.iter("item") if i.findtext("link") == BASE + REPORT_URL)
    enclosures = item.findall("enclosure")  # RSS has room for one: the first
    assert [(e.get("url"), e.get("length"), e.get("type")) for e in enclosures] == [
        (f"{BASE}/files/bao-cao.pdf", str(size_pdf), "application/pdf")
    ]
    thumbnail = next(item.iter("{http://search.yahoo.com/mrss/}thumbnail"))  # (in a media:group)
    assert thumbnail.get("url") == f"{BASE}/images/anh-bia.jpg"
    assert not feedparser.parse((portal / "rss.xml").read_bytes()).bozo

    atom = ET.fromstring((portal / "atom.xml").read_bytes())
    entry = next(e for e in atom.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}id") == BASE + REPORT_URL)
    links = [
        (link.get("href"), link.get("type"), link.get("length"))
        for link in entry.findall(f"{ATOM}link")
        if link.get("rel") == "enclosure"
    ]
    assert links == [
        (f"{BASE}/files/bao-cao.pdf", "application/pdf", str(size_pdf)),
        (f"{BASE}/files/so-lieu/so-lieu-2025.zip", "application/zip", "1250000"),
    ]
    assert not feedparser.parse((portal / "atom.xml").read_bytes()).bozo

    data = json.loads((portal / "feed.json").read_text(encoding="utf-8"))
    item = next(i for i in data["items"] if i["url"] == BASE + REPORT_URL)
    assert item["image"] == f"{BASE}/images/anh-bia.jpg"
    assert item["attachments"] == [
        {
            "url": f"{BASE}/files/bao-cao.pdf",
            "mime_type": "application/pdf",
            "title": "Toàn văn báo cáo",
            "size_in_bytes": size_pdf,
        },
        {
            "url": f"{BASE}/files/so-lieu/so-lieu-2025.zip",
            "mime_type": "application/zip",
            "title": "so-lieu-2025.zip",
            "size_in_bytes": 1_250_000,
        },
    ]


def test_a_missing_attachment_is_an_error_at_its_line_with_a_near_name(site, capsys):
    add_report(site)
    assert run(site, "build", "--no-search") == 0
    before = (site / "public/index.html").read_bytes()
    text = (site / REPORT).read_text(encoding="utf-8").replace("file: bao-cao.pdf", "file: bao-coa.pdf")
    (site / REPORT).write_text(text, encoding="utf-8")
    assert run(site, "build", "--no-search") == 1
    err = capsys.readouterr().err
    line = text.splitlines().index("  - file: bao-coa.pdf") + 1
    assert (
        f'{REPORT}:{line}: attachments: không thấy tệp "bao-coa.pdf" trong content/files/ (có phải "bao-cao.pdf"?)'
        in err
    )
    assert "Traceback" not in err
    assert (site / "public/index.html").read_bytes() == before  # the last good output is kept

    (site / REPORT).write_text(text.replace("file: bao-coa.pdf", "file: bao-cao.exe"), encoding="utf-8")
    (site / "content/files/bao-cao.exe").write_bytes(b"MZ")
    assert run(site, "build", "--no-search") == 1
    assert 'attachments: tệp "bao-cao.exe" không thuộc loại được đính kèm (PDF, DOC, DOCX' in capsys.readouterr().err


def test_a_long_report_gets_contents_and_reading_time_and_toc_overrides_it(site, portal):
    page = html(portal / REPORT_URL.strip("/") / "index.html")
    toc = page.select(".toc li a")
    assert [(a["href"], a.get_text()) for a in toc] == [
        ("#ket-qua", "Kết quả"),
        ("#han-che", "Hạn chế"),
        ("#phuong-huong", "Phương hướng"),
    ]
    assert all(page.select_one(f".body h2{a['href']}") for a in toc)  # each leads to its heading
    assert page.select_one(".reading-time").get_text() == "8 phút đọc · 2 tài liệu đính kèm"  # ~1,520 words
    short = html(portal / "2026/02/dai-hoi-gia-lai/index.html")
    assert short.select_one(".toc") is None and short.select_one(".reading-time").get_text() == "1 phút đọc"

    (site / REPORT).write_text(REPORT_TEXT.replace("author:", "toc: false\nauthor:"), encoding="utf-8")
    gia_lai = site / "content/articles/2026/dai-hoi-gia-lai.md"
    gia_lai.write_text(
        gia_lai.read_text(encoding="utf-8").replace("tags:", "toc: true\ntags:") + "\n## Một\n", encoding="utf-8"
    )
    assert run(site, "build", "--no-search") == 0
    assert html(portal / REPORT_URL.strip("/") / "index.html").select_one(".toc") is None
    assert [a.get_text() for a in html(portal / "2026/02/dai-hoi-gia-lai/index.html").select(".toc a")] == ["Một"]


def test_archives_by_year_and_month_are_paginated_and_linked_from_the_dateline(portal):
    year = html(portal / "2026/index.html")
    assert year.h1.get_text() == "Năm 2026"
    assert [a["href"] for a in year.select(".archive-months a")] == ["/2026/02/", "/2026/01/"]
    assert [a["href"] for a in year.select("main > .article-list .item-title a")] == [
        REPORT_URL,
        "/2026/02/dai-hoi-gia-lai/",
    ]
    assert year.select_one(".pagination a[rel=next]")["href"] == "/2026/page/2/"
    page2 = html(portal / "2026/page/2/index.html")
    assert [a["href"] for a in page2.select("main > .article-list .item-title a")] == [
        "/2026/01/can-tho-ky-ket-giao-uoc/"
    ]
    month = html(portal / "2026/02/index.html")
    assert month.h1.get_text() == "Tháng 02/2026"
    assert [(a["href"], a.get_text(strip=True)) for a in month.select(".breadcrumbs li a")] == [
        ("/", "Trang chủ"),
        ("/2026/", "Năm 2026"),
    ]
    article = html(portal / "2026/02/dai-hoi-gia-lai/index.html")
    assert article.select_one(".dateline a")["href"] == "/2026/02/"
    assert (portal / "2022/11/index.html").is_file() and (portal / "2025/index.html").is_file()


@pytest.mark.parametrize(
    ("url", "title"),
    [("/the/", "Thẻ"), ("/su-kien/", "Sự kiện"), ("/chuyen-muc/", "Chuyên mục"), ("/tac-gia/", "Tác giả")],
)
def test_index_pages_list_every_term_with_its_count_in_vietnamese_order(portal, url, title):
    page = html(portal / url.strip("/") / "index.html")
    assert page.h1.get_text() == title
    entries = [(li.a.get_text(), li.a["href"], li.get_text()) for li in page.select(".term-index li")]
    assert entries, url
    names = [name for name, _, _ in entries]
    assert names == sorted(names, key=vi_sort_key)
    for _name, href, text in entries:
        count = int(re.search(r"\((\d+) bài\)", text).group(1))
        listed = html(portal / href.strip("/") / "index.html")
        total = len(listed.select("main .article-list .item"))
        pages = listed.select(".pagination li a")
        assert count == total or (pages and count > total), href  # (a later page holds the rest)


def test_an_author_has_a_page_with_the_profile_and_the_articles(portal):
    page = html(portal / "tac-gia/nguyen-van-a/index.html")
    assert page.h1.get_text() == "Nguyễn Văn A"
    assert page.select_one(".author-role").get_text() == "Phóng viên ban Thi đua"
    assert "Viết về thi đua" in page.select_one(".author-bio").get_text()
    assert [a["href"] for a in page.select(".article-list .item-title a")] == [REPORT_URL]
    byline = html(portal / REPORT_URL.strip("/") / "index.html").select_one(".dateline .author a")
    assert byline["href"] == "/tac-gia/nguyen-van-a/"
    assert html(portal / "tac-gia/phong-vien/index.html").select_one(".author-profile") is None


def test_every_list_announces_its_own_feed_and_the_feed_validates(portal):
    sitemap = (portal / "sitemap.xml").read_text(encoding="utf-8")
    urls = [u.removeprefix(BASE) for u in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    lists = [u for u in urls if re.match(r"^/(cum-thi-dua|tinh|su-kien|the|chuyen-muc|tac-gia)/[^/]+/$", u)]
    kinds = {u.split("/")[1] for u in lists}
    assert kinds == {"cum-thi-dua", "tinh", "su-kien", "the", "chuyen-muc", "tac-gia"}
    for url in lists:
        page = html(portal / url.strip("/") / "index.html")
        alternate = [link["href"] for link in page.select('link[rel=alternate][type="application/rss+xml"]')]
        assert url + "rss.xml" in alternate, url
        assert page.select_one(".feed-link a")["href"] == url + "rss.xml", url
        if page.select("main .article-list .item"):
            check_rss(portal / url.strip("/") / "rss.xml", url)
        else:  # (a province without articles: an empty feed, without a date)
            assert not feedparser.parse((portal / url.strip("/") / "rss.xml").read_bytes()).bozo, url


def test_a_video_line_becomes_the_privacy_enhanced_player_the_policy_allows(portal):
    frame = html(portal / REPORT_URL.strip("/") / "index.html").select_one(".body figure.embed iframe")
    assert frame["src"] == "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE"
    assert frame["title"] and frame["loading"] == "lazy"
    headers = (portal / "_headers").read_text(encoding="utf-8")
    assert "frame-src https://www.youtube-nocookie.com https://player.vimeo.com;" in headers


def test_an_attachments_name_is_escaped_in_links_and_its_title_as_text(site):
    add_report(site)
    (site / "content/files/bao cao <2025>.docx").write_bytes(b"PK\x03\x04" + b"\0" * 100)
    text = REPORT_TEXT.replace(
        "  - files/so-lieu/so-lieu-2025.zip", '  - {file: "bao cao <2025>.docx", title: "<script>alert(1)</script>"}'
    )
    (site / REPORT).write_text(text, encoding="utf-8")
    assert run(site, "build", "--no-search") == 0
    out = site / "public"
    link = html(out / REPORT_URL.strip("/") / "index.html").select(".attachments li a")[1]
    assert link["href"] == "/files/bao%20cao%20%3C2025%3E.docx" and link.get_text() == "<script>alert(1)</script>"
    assert "<script>alert(1)" not in (out / REPORT_URL.strip("/") / "index.html").read_text(encoding="utf-8")
    assert (out / "files/bao cao <2025>.docx").is_file()
    data = json.loads((out / "feed.json").read_text(encoding="utf-8"))
    item = next(i for i in data["items"] if i["url"] == BASE + REPORT_URL)
    assert item["attachments"][1]["url"] == f"{BASE}/files/bao%20cao%20%3C2025%3E.docx"
    assert not feedparser.parse((out / "atom.xml").read_bytes()).bozo


def test_an_english_site_is_told_of_a_missing_attachment_in_english(site, capsys):
    add_report(site)
    settings = site / "content/_site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("language: vi", "language: en"), encoding="utf-8")
    (site / REPORT).write_text(REPORT_TEXT.replace("file: bao-cao.pdf", "file: bao-cao.pfd"), encoding="utf-8")
    assert run(site, "build", "--no-search") == 1
    err = capsys.readouterr().err
    assert 'attachments: file "bao-cao.pfd" not found in content/files/ (did you mean "bao-cao.pdf"?)' in err


def test_a_slip_in_an_authors_profile_is_told_at_its_line(site, capsys):
    add_report(site)
    (site / "content/authors/nguyen-van-a.md").write_text("---\nrol: Phóng viên\n---\nGiới thiệu.\n", encoding="utf-8")
    assert run(site, "build", "--no-search") == 1
    err = capsys.readouterr().err
    assert 'content/authors/nguyen-van-a.md:2: khóa "rol" không dùng trong tệp tác giả' in err and '"role"' in err


ENGLISH_REPORT = """---
title: Report on the emulation year 2025
lang: en
translation_of: bao-cao-tong-ket-thi-dua-2025
date: 2026-02-07T09:00:00+07:00
section: Reports
tags: [Emulation]
author: Nguyễn Văn A
image: {src: /images/anh-bia.jpg, alt: The report's cover}
attachments:
  - file: so-lieu/so-lieu-2025.zip
    title: The figures
---
"""


@pytest.fixture
def both(site) -> Path:
    """The portal with an English edition (issue 24): the fixture's translations, the report, and
    the report's English version with one attachment and the same author."""
    from test_editions import bilingual

    add_report(site)
    bilingual(site)
    body = (
        "Opening.\n\n## Results\n\n"
        + "The results of the year. " * 200
        + "\n\n## Limits\n\nFew.\n\n## Plans\n\nMore.\n"
    )
    (site / "content/articles/en/report.md").write_text(ENGLISH_REPORT + body, encoding="utf-8")
    assert run(site, "build", "--no-search") == 0
    return site / "public"


EN_REPORT_URL = "/en/2026/02/report-on-the-emulation-year-2025/"


def test_the_english_edition_has_its_own_portal_in_english(both):
    home = html(both / "en/index.html")
    assert home.select_one(".lead-story .lead-title a")["href"] == EN_REPORT_URL
    shown = {a["href"] for a in home.select("main a[href]") if re.match(r"^/(en/)?\d{4}/\d{2}/[^/]+/$", a["href"])}
    assert shown and all(url.startswith("/en/") for url in shown)  # English articles only
    assert [s.h2.get_text() for s in home.select(".cluster-blocks")][0] == "News by section"
    browse = {a.get_text(): a["href"] for a in home.select(".portal-links a")}
    assert browse == {
        "Sections": "/en/chuyen-muc/",
        "Events": "/en/su-kien/",
        "Tags": "/en/the/",
        "Authors": "/en/tac-gia/",
    }
    assert "Tin theo chuyên mục" not in (both / "en/index.html").read_text(encoding="utf-8")

    report = html(both / EN_REPORT_URL.strip("/") / "index.html")
    assert report.select_one(".reading-time").get_text() == "6 min read · 1 attachment"  # (~1,010 words)
    assert report.select_one(".toc h2").get_text() == "Contents"
    assert report.select_one(".attachments h2").get_text() == "Attachments"
    assert report.select_one(".attachments .file-facts").get_text() == "(ZIP, 1.2 MB)"  # the English decimal mark
    dateline = report.select_one(".dateline a")
    assert dateline["href"] == "/en/2026/02/" and dateline["title"] == "Articles of the same month"
    assert report.select_one(".dateline .author a")["href"] == "/en/tac-gia/nguyen-van-a/"
    # Tin mới and Xem thêm never cross editions: the English articles only, each side.
    listed = [a["href"] for a in report.select(".latest .item-title a, .related .item-title a")]
    assert listed and all(url.startswith("/en/") for url in listed)
    vi_report = html(both / REPORT_URL.strip("/") / "index.html")
    listed = [a["href"] for a in vi_report.select(".latest .item-title a, .related .item-title a")]
    assert listed and not any(url.startswith("/en/") for url in listed)
    facts = [f.get_text() for f in vi_report.select(".attachments .file-facts")]
    assert facts[1] == "(ZIP, 1,2 MB)"  # the Vietnamese decimal mark


@pytest.mark.parametrize(
    "path, title, crumbs",
    [
        ("en/2026/index.html", "2026", ["Home"]),
        ("en/2026/02/index.html", "February 2026", ["Home", "2026"]),
        ("en/the/index.html", "Tags", ["Home"]),
        ("en/su-kien/index.html", "Events", ["Home"]),
        ("en/chuyen-muc/index.html", "Sections", ["Home"]),
        ("en/tac-gia/index.html", "Authors", ["Home"]),
        ("en/tac-gia/nguyen-van-a/index.html", "Nguyễn Văn A", ["Home", "Authors"]),
        ("en/the/emulation/index.html", "Emulation", ["Home", "Tags"]),
        ("2026/02/index.html", "Tháng 02/2026", ["Trang chủ", "Năm 2026"]),
        ("tac-gia/nguyen-van-a/index.html", "Nguyễn Văn A", ["Trang chủ", "Tác giả"]),
    ],
)
def test_archives_indexes_and_authors_are_per_edition_in_its_language(both, path, title, crumbs):
    page = html(both / path)
    assert page.h1.get_text() == title
    assert [a.get_text() for a in page.select(".breadcrumbs a")] == crumbs
    english = path.startswith("en/")
    for a in page.select("main .article-list a, main .term-index a, main .archive-months a"):
        assert a["href"].startswith("/en/") == english, (path, a["href"])


def test_each_editions_lists_have_feeds_of_their_own_articles(both):
    feed = feedparser.parse((both / "en/tac-gia/nguyen-van-a/rss.xml").read_bytes())
    assert [e.link for e in feed.entries] == [BASE + EN_REPORT_URL]
    feed = feedparser.parse((both / "tac-gia/nguyen-van-a/rss.xml").read_bytes())
    assert BASE + REPORT_URL in [e.link for e in feed.entries]
    assert all("/en/" not in e.link for e in feed.entries)
    months = html(both / "en/2026/index.html").select(".archive-months a")
    assert [a.get_text() for a in months] == ["February 2026", "January 2026"]
    assert html(both / "en/2026/index.html").select_one(".archive-months")["aria-label"] == "Months of 2026"
