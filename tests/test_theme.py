"""The default theme without a browser: metadata and JSON-LD, image sizes and variants, the search
build step. (tests/test_browser.py checks the same site in Chromium.)"""

from __future__ import annotations

import io
import json
import re

import pytest
from conftest import html, run, search_pages, tree

import site_builder.search
from site_builder.render.env import jsonld
from site_builder.render.images import header_size, svg_size

ARTICLE = "2022/11/cum-thi-dua-so-6-tong-ket-nam-2022/index.html"
BASE = "https://tin.example.org"


def ld_blocks(doc) -> dict[str, dict]:
    return {
        block["@type"]: block
        for block in (json.loads(s.string) for s in doc.find_all("script", type="application/ld+json"))
    }


def test_jsonld_filter_cannot_close_the_script_element():
    value = {"headline": "</script><script>alert(1)</script> <!-- & \u2028 Quảng Ngãi"}
    text = str(jsonld(value))
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert "Quảng Ngãi" in text  # readable, not \\u-escaped
    assert json.loads(text) == value


def test_article_metadata_open_graph_twitter_and_news_article(site):
    tong_ket = site / "content/articles/2022/tong-ket.md"
    tong_ket.write_text(
        tong_ket.read_text(encoding="utf-8").replace(
            "date: 2022-11-29T09:26:00+07:00",
            "date: 2022-11-29T09:26:00+07:00\nupdated: 2022-11-30T08:00:00\nauthor: Nguyễn Văn A",
        ),
        encoding="utf-8",
    )
    assert run(site, "build", "--no-search") == 0
    doc = html(site / "public" / ARTICLE)
    url = f"{BASE}/2022/11/cum-thi-dua-so-6-tong-ket-nam-2022/"
    meta = {m.get("property") or m.get("name"): m["content"] for m in doc.find_all("meta") if m.get("content")}
    assert meta["description"] == "Tóm tắt <script>alert(1)</script> của bài tổng kết."
    assert meta["og:type"] == "article" and meta["og:url"] == url and meta["og:locale"] == "vi_VN"
    assert meta["og:title"] == "Cụm thi đua số 6 tổng kết năm 2022"
    assert meta["og:image"] == f"{BASE}/images/hoi-nghi.svg" and meta["og:image:alt"] == "Toàn cảnh hội nghị"
    assert meta["article:published_time"] == "2022-11-29T09:26:00+07:00"
    assert meta["twitter:card"] == "summary_large_image"
    assert doc.find("link", rel="canonical")["href"] == url

    ld = ld_blocks(doc)
    news = ld["NewsArticle"]
    assert news["headline"] == "Cụm thi đua số 6 tổng kết năm 2022"
    assert news["datePublished"] == "2022-11-29T09:26:00+07:00"
    assert news["dateModified"] == "2022-11-30T08:00:00+07:00"  # no offset written: the site's zone
    assert news["author"] == {"@type": "Person", "name": "Nguyễn Văn A"}
    assert news["publisher"]["@type"] == "Organization" and news["publisher"]["name"] == "Tin thử nghiệm"
    assert news["image"] == [f"{BASE}/images/hoi-nghi.svg"]
    assert news["mainEntityOfPage"]["@id"] == url
    crumbs = ld["BreadcrumbList"]["itemListElement"]
    assert [(c["position"], c["name"], c["item"]) for c in crumbs] == [
        (1, "Trang chủ", f"{BASE}/"),
        (2, "Cụm thi đua số 6", f"{BASE}/cum-thi-dua/cum-6/"),
        (3, "Cụm thi đua số 6 tổng kết năm 2022", url),
    ]
    # The summary's "<script>" reaches the JSON-LD only as \u003c escapes.
    raw = (site / "public" / ARTICLE).read_text(encoding="utf-8")
    assert "<script>alert" not in raw and "\\u003cscript\\u003ealert(1)" in raw


def test_every_page_has_one_h1_landmarks_and_the_menu(built):
    for path in built.rglob("*.html"):
        doc = html(path)
        if doc.find("meta", attrs={"http-equiv": "refresh"}):
            continue  # a redirect page for an old URL
        if path.relative_to(built).parts[0] == "admin":
            continue  # the CMS's page (cms.py): the CMS draws it
        assert len(doc.find_all("h1")) == 1, path
        assert doc.find("main", id="noi-dung") and doc.find("header") and doc.find("footer"), path
        assert doc.select_one("a.skip-link")["href"] == "#noi-dung"
        menu = [a.get_text() for a in doc.select(".menu a")]
        assert menu[:4] == ["Trang chủ", "Cụm thi đua", "Tỉnh/Thành", "Tìm kiếm"], path
        for a in doc.find_all("a"):  # link text says where it goes
            assert a.get_text(strip=True).lower() not in {"xem thêm", "tại đây", "đây", "click"}, (path, a)


def test_search_page_and_filters_in_article_pages(built):
    doc = html(built / "tim-kiem/index.html")
    assert doc.h1.get_text() == "Tìm kiếm"
    assert doc.find("label", attrs={"for": "search-q"}) and doc.find("input", id="search-q")
    script = doc.find("script", src=True)
    assert script["type"] == "module" and re.fullmatch(r"/js/search\.[0-9a-f]{10}\.js", script["src"])
    assert [s for s in doc.find_all("script") if not s.get("src") and s.get("type") != "application/ld+json"] == []
    article = html(built / ARTICLE)
    assert article.find(attrs={"data-pagefind-body": True}).name == "article"
    filters = {(a["data-pagefind-filter"]) for a in article.select("[data-pagefind-filter]")}
    assert {"cluster", "province:Quảng Ngãi", "province:Bình Định"} <= filters
    assert html(built / "index.html").find(attrs={"data-pagefind-body": True}) is None  # only articles


def test_search_index_is_built_reproducibly_and_skipped_on_request(site, tmp_path):
    assert run(site, "build") == 0
    bundle = site / "public/pagefind"
    parts = json.loads((bundle / "parts.json").read_text())
    assert parts == ["/pagefind/2022-10_2026-02/"]  # (a small site: one part; see test_the_index_is_in_parts_by_month)
    assert all((bundle / part.split("/")[2] / "pagefind.js").is_file() for part in parts)
    assert list(bundle.glob("*/filter/*.pf_filter"))
    assert search_pages(site / "public") == 5
    assert not list(bundle.rglob("pagefind-ui.js"))  # (Pagefind's own UI is not used)
    first = {p.relative_to(bundle).as_posix(): p.read_bytes() for p in bundle.rglob("*") if p.is_file()}
    for n in range(3):  # Pagefind's own filter order varies from run to run; ours does not
        out = tmp_path / f"again-{n}"
        assert run(site, "build", "--output", str(out), "--no-cache") == 0
        again = {
            p.relative_to(out / "pagefind").as_posix(): p.read_bytes()
            for p in (out / "pagefind").rglob("*")
            if p.is_file()
        }
        assert again == first
    assert run(site, "build", "--no-search", "--output", str(tmp_path / "plain")) == 0
    assert_no_search_page(tmp_path / "plain")


def test_the_index_is_in_parts_by_month():
    """Consecutive months, each part closed once it holds PART_MIN articles, a small last part
    joined to the one before; a year of many articles is cut (parts by year were 2,000 pages each
    at 10,000 articles: an edit indexed all of them again)."""
    from site_builder.search import PART_MIN, parts_by_month

    def months(counts: dict[tuple[int, int], int]):
        return {(y, m): [f"{y}/{m:02d}/bai-{i}/index.html" for i in range(n)] for (y, m), n in counts.items()}

    assert list(parts_by_month(months({(2022, 3): 3, (2026, 1): 2}))) == ["2022-03_2026-01"]
    site = months(
        {
            (2021, 5): PART_MIN // 2,
            (2022, 2): PART_MIN // 2,
            (2023, 1): PART_MIN,
            (2024, 1): PART_MIN - 5,
            (2024, 7): 5,
            (2024, 8): PART_MIN + 5,
            (2025, 1): 10,
        }
    )
    parts = parts_by_month(site)
    # (the last part, of 10, joins the one before; 2024-07 closes a part of exactly PART_MIN)
    assert list(parts) == ["2021-05_2022-02", "2023-01", "2024-01_2024-07", "2024-08_2025-01"]
    assert sorted(rel for p in parts.values() for rel in p) == sorted(rel for p in site.values() for rel in p)
    busy = months({(2025, m): PART_MIN // 2 for m in range(1, 13)})  # 1,200 articles in a year
    parts = parts_by_month(busy)
    assert len(parts) == 6 and all(len(pages) == PART_MIN for pages in parts.values())
    # An article added in the newest month changes the last part only.
    more = months({**{(2025, m): PART_MIN // 2 for m in range(1, 13)}, (2026, 1): 1})
    assert {k: v for k, v in parts_by_month(more).items() if k != "2025-11_2026-01"} == {
        k: v for k, v in parts.items() if k != "2025-11_2025-12"
    }


def test_editing_an_article_indexes_again_only_its_part(site, tmp_path, monkeypatch):
    """An edit re-indexes its own part; the others are kept as they are (same files, untouched),
    and the result is what a full build indexes. (Parts of one article each here.)"""
    import site_builder.search

    monkeypatch.setattr(site_builder.search, "PART_MIN", 1)
    assert run(site, "build") == 0
    bundle = site / "public/pagefind"
    assert json.loads((bundle / "parts.json").read_text()) == [
        f"/pagefind/{name}/" for name in ("2026-02", "2026-01", "2025-03", "2022-11", "2022-10")
    ]

    def stamps(part):
        return {
            p.relative_to(bundle).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in (bundle / part).rglob("*")
            if p.is_file()
        }

    names = ("2022-10", "2022-11", "2025-03", "2026-01", "2026-02")
    before = {part: stamps(part) for part in names}
    path = site / "content/articles/2022/tong-ket.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nThêm một câu về Quảng Ngãi.\n", encoding="utf-8")
    assert run(site, "build") == 0
    assert all(stamps(part) == before[part] for part in names if part != "2022-11")
    assert stamps("2022-11") != before["2022-11"]
    assert run(site, "build", "--output", str(tmp_path / "full"), "--no-cache") == 0
    full = tmp_path / "full/pagefind"
    assert {p.relative_to(bundle).as_posix(): p.read_bytes() for p in bundle.rglob("*") if p.is_file()} == {
        p.relative_to(full).as_posix(): p.read_bytes() for p in full.rglob("*") if p.is_file()
    }


def test_a_title_shown_in_other_pages_lists_indexes_again_only_its_own_part(site, tmp_path, monkeypatch):
    """A new title re-renders every page whose Tin mới or Xem thêm list shows the article, in
    other years too; those lists are not indexed, so only the article's own part is indexed
    again, and the index is still the one a full build makes."""
    import site_builder.search

    monkeypatch.setattr(site_builder.search, "PART_MIN", 1)
    assert run(site, "build") == 0
    bundle = site / "public/pagefind"
    indexed: list[str] = []
    real = site_builder.search.index_parts

    def index_parts(out, parts, *args, **kwargs):
        indexed.extend(parts)
        return real(out, parts, *args, **kwargs)

    monkeypatch.setattr(site_builder.search, "index_parts", index_parts)
    older = site / "public/2022/11/cum-thi-dua-so-6-tong-ket-nam-2022/index.html"
    path = site / "content/articles/2026/can-tho.md"
    text = path.read_text(encoding="utf-8")
    title = next(line for line in text.split("\n") if line.startswith("title:"))
    path.write_text(
        text.replace(title, "title: Cần Thơ ký giao ước thi đua năm mới\nslug: can-tho-ky-ket-giao-uoc", 1),
        encoding="utf-8",
    )
    assert run(site, "build") == 0
    assert "Cần Thơ ký giao ước thi đua năm mới" in older.read_text(encoding="utf-8")  # (its Tin mới list)
    assert indexed == ["2026-01"]  # (Pagefind given that part only)
    assert run(site, "build", "--output", str(tmp_path / "full"), "--no-cache") == 0
    full = tmp_path / "full/pagefind"
    assert {p.relative_to(bundle).as_posix(): p.read_bytes() for p in bundle.rglob("*") if p.is_file()} == {
        p.relative_to(full).as_posix(): p.read_bytes() for p in full.rglob("*") if p.is_file()
    }


def test_the_search_view_of_a_page_is_what_pagefind_reads():
    from site_builder.search import search_view

    page = (
        '<html lang="vi"><head><title>A</title></head><body><nav>Menu</nav>'
        '<article data-pagefind-body><h1 data-pagefind-meta="title">Tiêu đề</h1><div><div>x</div></div>'
        "<script>var s = '</article>';</script><p>Thân bài</p></article>"
        '<section class="related"><h2>Xem thêm</h2><a href="/b/">Bài B</a></section></body></html>'
    )
    view = search_view(page.encode())
    assert b"Th\xc3\xa2n b\xc3\xa0i" in view and b'lang="vi"' in view
    assert b"Xem th" not in view and b"Menu" not in view
    # Lists and menus outside the body: not what is indexed; the body, the language: what is.
    assert search_view(page.replace("Bài B", "Bài C").encode()) == view
    assert search_view(page.replace("Menu", "Trang chủ").encode()) == view
    assert search_view(page.replace("Thân bài", "Thân bài mới").encode()) != view
    assert search_view(page.replace('lang="vi"', 'lang="en"').encode()) != view
    # No body element, one left open, a filter outside it: the whole page counts.
    for whole in (
        page.replace(" data-pagefind-body", ""),
        page.replace("</article><section", "<section"),
        page.replace("<nav>", '<nav data-pagefind-filter="x">'),
    ):
        assert search_view(whole.encode()) == whole.encode()


def assert_no_search_page(out):
    """No index, no search page, and no page links to one: never a search that finds nothing."""
    assert not (out / "pagefind").exists() and not (out / "tim-kiem").exists()
    assert (out / "index.html").is_file()
    for page in out.rglob("*.html"):
        assert "/tim-kiem/" not in page.read_text(encoding="utf-8"), page


def test_build_without_pagefind_has_no_search_page_and_says_so(site, monkeypatch, capsys):
    """A plain install where Pagefind has no binary for the machine: the site is built without
    a search page or menu item, and the build says why."""
    monkeypatch.setattr(site_builder.search, "pagefind_command", lambda: None)
    run_verbose = ["build", "--source", str(site), "--now", "2026-11-29T12:00:00+07:00"]
    from site_builder.cli import main

    assert main(run_verbose) == 0
    assert "lưu ý: chưa cài Pagefind nên trang được dựng không có trang tìm kiếm" in capsys.readouterr().err
    assert_no_search_page(site / "public")


def test_a_search_page_with_its_menu_item_when_pagefind_is_there(built):
    assert (built / "tim-kiem/index.html").is_file() and (built / "pagefind/parts.json").is_file()
    assert html(built / "index.html").select_one('nav a[href="/tim-kiem/"]').get_text() == "Tìm kiếm"


def test_a_pagefind_that_fails_fails_the_build_and_keeps_the_last_output(site, monkeypatch, capsys):
    import sys

    assert run(site, "build") == 0
    before = tree(site / "public")
    (site / "content/articles/2026/can-tho.md").unlink()
    monkeypatch.setattr(
        site_builder.search,
        "pagefind_command",
        lambda: [sys.executable, "-c", "import sys; print('panicked'); sys.exit(101)"],
    )
    assert run(site, "build") == 1
    err = capsys.readouterr().err
    assert "site-builder: lỗi: không làm được chỉ mục tìm kiếm: Pagefind báo lỗi (panicked)" in err, err
    assert tree(site / "public") == before


def test_a_pagefind_that_cannot_run_fails_the_build_and_keeps_the_last_output(site, monkeypatch, capsys, tmp_path):
    """The binary gone between two builds (a broken install): said in one line, nothing changed."""
    assert run(site, "build") == 0
    before = tree(site / "public")
    (site / "content/articles/2026/can-tho.md").unlink()
    monkeypatch.setattr(site_builder.search, "pagefind_command", lambda: [str(tmp_path / "gone/pagefind")])
    assert run(site, "build") == 1
    err = capsys.readouterr().err
    assert "không làm được chỉ mục tìm kiếm: không chạy được Pagefind (" in err, err
    assert "Traceback" not in err
    assert tree(site / "public") == before
    assert not [p for p in site.iterdir() if ".search-" in p.name]  # (its working folder removed)


# --- images -----------------------------------------------------------------------------------------

PIL = pytest.importorskip("PIL.Image", reason="Pillow is in the test extra: pip install -e '.[test]'")


def png(width: int, height: int) -> bytes:
    buf = io.BytesIO()
    PIL.new("RGB", (width, height), (30, 90, 160)).save(buf, "PNG")
    return buf.getvalue()


def test_header_sizes_without_pillow():
    for fmt in ("PNG", "JPEG", "GIF", "WEBP"):
        buf = io.BytesIO()
        PIL.new("RGB", (1234, 567), (200, 10, 10)).save(buf, fmt)
        assert header_size(buf.getvalue()) == (1234, 567), fmt
    buf = io.BytesIO()
    PIL.new("RGBA", (321, 123), (200, 10, 10, 100)).save(buf, "WEBP", lossless=True)
    assert header_size(buf.getvalue()) == (321, 123)


def test_svg_size_from_attributes_or_viewbox(tmp_path):
    svg = tmp_path / "a.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="640px" height="360"/>')
    assert svg_size(svg) == (640, 360)
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 800 450"/>')
    assert svg_size(svg) == (800, 450)


def test_cards_are_drawn_by_the_sites_macro_and_differ_where_their_list_says_so(site):
    """An article's card is rendered once per build and key (cards() in render/env.py): the
    same article's card says "written when it was Bình Định" on Gia Lai's page and not on the home
    page; a site's own article_item macro draws them."""
    (site / "layouts/partials").mkdir(parents=True)
    (site / "layouts/partials/article_item.html").write_text(
        '{% macro article_item(item, level=3, compact=false, written_as=none) %}<li class="item mine">'
        '<a href="{{ item.url }}">{{ item.title }}</a>{% if written_as and written_as.get(item.url) %}'
        '<i class="written-as">{{ written_as[item.url] }}</i>{% endif %}</li>\n{% endmacro %}',
        encoding="utf-8",
    )
    assert run(site, "build", "--no-search") == 0
    url = "/2022/11/cum-thi-dua-so-6-tong-ket-nam-2022/"
    cards = {}
    for name, page in (("gia-lai", "tinh/gia-lai/index.html"), ("home", "index.html")):
        cards[name] = [li for li in html(site / "public" / page).select(".article-list li.mine") if li.a["href"] == url]
    assert len(cards["gia-lai"]) == 1 and cards["gia-lai"][0].select_one(".written-as").get_text() == "Bình Định"
    # (on the home page it is in the newest and in its cluster's block: neither says so)
    assert cards["home"] and all(card.select_one(".written-as") is None for card in cards["home"])


def test_a_site_without_raster_images_builds_without_importing_pillow(site):
    """Pillow (~30 ms to import) is asked whether it works only once a page shows an image it
    could scale: the fixture's images are SVG."""
    pytest.importorskip("PIL", reason="Pillow is in the test extra: without it this shows nothing")
    import subprocess
    import sys

    code = (
        "import sys\nfrom site_builder.cli import main\n"
        f"assert main(['build', '--source', {str(site)!r}, '--quiet', '--no-search', '--now', '2026-11-29T12:00:00+07:00']) == 0\n"
        "print('PIL' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
    assert 'width="120"' in (site / "public" / ARTICLE).read_text(encoding="utf-8")  # SVG sizes still given


def test_images_get_sizes_lazy_loading_and_cached_webp_variants(site, capsys):
    (site / "content/images/anh-lon.png").write_bytes(png(2000, 1000))
    (site / "content/images/anh-nho.png").write_bytes(png(400, 300))
    tong_ket = site / "content/articles/2022/tong-ket.md"
    tong_ket.write_text(
        tong_ket.read_text(encoding="utf-8").replace(
            "image: {src: /images/hoi-nghi.svg,", "image: {src: /images/anh-lon.png,"
        )
        + "\n![Ảnh nhỏ trong bài](/images/anh-nho.png)\n",
        encoding="utf-8",
    )
    assert run(site, "build", "--no-search") == 0
    out = site / "public"
    doc = html(out / ARTICLE)
    lead = doc.select_one(".lead-image img")
    assert (lead["width"], lead["height"]) == ("2000", "1000")
    assert "loading" not in lead.attrs  # the lead is above the fold
    assert lead["srcset"] == (
        "/images/anh-lon-480w.webp 480w, /images/anh-lon-960w.webp 960w, "
        "/images/anh-lon-1440w.webp 1440w, /images/anh-lon.png 2000w"
    )
    assert lead["sizes"]
    for width in (480, 960, 1440):
        with PIL.open(out / f"images/anh-lon-{width}w.webp") as variant:
            assert variant.format == "WEBP" and variant.size == (width, width // 2)
    body = {img["src"]: img for img in doc.select(".body img")}
    assert body["/images/hoi-nghi.svg"]["width"] == "120" and body["/images/hoi-nghi.svg"]["loading"] == "lazy"
    small = body["/images/anh-nho.png"]
    assert (small["width"], small["height"], small["loading"]) == ("400", "300", "lazy")
    assert "srcset" not in small.attrs  # never scaled up
    cache = site / ".site-builder-cache/images"
    assert len(list(cache.glob("*.webp"))) == 3

    # A second build, even into a fresh folder, encodes nothing: the variants come from the cache.
    from site_builder.build import BuildOptions, build

    result = build(BuildOptions(source=site, output=site.parent / "second"))
    assert result.ok and result.stats["images_encoded"] == 0
    assert (site.parent / "second/images/anh-lon-960w.webp").read_bytes() == (
        out / "images/anh-lon-960w.webp"
    ).read_bytes()
