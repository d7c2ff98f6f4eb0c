"""The fixture site built for real, its output parsed with an HTML5 parser and feedparser."""

from __future__ import annotations

import json
import os

import feedparser
from conftest import html, run, tree

ARTICLE = "2022/11/cum-thi-dua-so-6-tong-ket-nam-2022/index.html"


def test_article_page_has_dateline_lead_figures_and_links(built):
    doc = html(built / ARTICLE)
    assert doc.html["lang"] == "vi"
    assert len(doc.find_all("h1")) == 1
    assert doc.h1.get_text() == "Cụm thi đua số 6 tổng kết năm 2022"
    assert doc.select_one(".dateline").get_text(strip=True) == "Thứ ba, 29/11/2022 09:26 (GMT+7)"
    lead = doc.select_one(".lead")
    assert lead.get_text() == "Tóm tắt <script>alert(1)</script> của bài tổng kết."  # escaped, shown as text
    # No executable script came from content; JSON-LD data blocks carry the text escaped.
    assert [s for s in doc.find_all("script") if s.get("type") != "application/ld+json" and not s.get("src")] == []
    assert "<script>alert" not in (built / ARTICLE).read_text(encoding="utf-8")
    figure = doc.select_one(".body figure")
    assert figure.img["alt"] == "Đại biểu ký kết giao ước"
    assert figure.figcaption.get_text() == "Ký kết giao ước thi đua năm 2023"
    assert doc.select_one(".lead-image figcaption").get_text() == "Quang cảnh hội nghị"
    assert doc.find("h2", id="sac-mau-hoat-dong")
    assert doc.select_one(".body table td").get_text() == "Quảng Ngãi"
    assert doc.select_one(".body em") is None  # raw HTML is escaped by default
    assert "<em>HTML thô</em>" in doc.select_one(".body p").get_text()
    hrefs = {a["href"] for a in doc.select(".article-terms a")}
    assert {
        "/cum-thi-dua/cum-6/",
        "/tinh/quang-ngai/",
        "/tinh/binh-dinh/",
        "/su-kien/ky-ket-giao-uoc-thi-dua/",
        "/the/thi-dua/",
        "/chuyen-muc/thi-dua-khen-thuong/",
    } <= hrefs
    assert (
        doc.find("link", rel="canonical")["href"]
        == "https://tin.example.org/2022/11/cum-thi-dua-so-6-tong-ket-nam-2022/"
    )


def test_xem_them_puts_editor_picks_first_and_never_self_draft_or_future(built):
    doc = html(built / ARTICLE)
    related = [a["href"] for a in doc.select(".related .item-title a")]
    assert related[0] == "/2026/02/dai-hoi-gia-lai/"  # the editor's pick
    assert "/2022/11/cum-thi-dua-so-6-tong-ket-nam-2022/" not in related
    assert len(related) == 4  # every other published article: the site has five
    # Sharing the cluster and an event (Phú Yên) beats sharing the cluster and a province (Bình Định).
    assert related[1:3] == ["/2025/03/phu-yen-to-chuc-hoi-thao/", "/2022/10/binh-dinh-ton-vinh-tri-thuc/"]
    for a in doc.select(".related a, .latest a"):
        assert "ban-nhap" not in a["href"] and "bai-hen-gio" not in a["href"]


def test_tin_moi_is_newest_first_without_self(built):
    doc = html(built / "2026/02/dai-hoi-gia-lai/index.html")
    latest = [a["href"] for a in doc.select(".latest .item-title a")]
    assert latest == [
        "/2026/01/can-tho-ky-ket-giao-uoc/",
        "/2025/03/phu-yen-to-chuc-hoi-thao/",
        "/2022/11/cum-thi-dua-so-6-tong-ket-nam-2022/",
        "/2022/10/binh-dinh-ton-vinh-tri-thuc/",
    ]


def test_drafts_and_future_are_left_out_everywhere(built):
    files = tree(built)
    assert not [p for p in files if "ban-nhap" in p or "bai-hen-gio" in p]
    for name, data in files.items():
        if name.endswith((".html", ".xml", ".json")):
            assert "Bài nháp" not in data.decode("utf-8") and "hẹn giờ" not in data.decode("utf-8"), name


def test_drafts_and_future_flags_include_them(site):
    assert run(site, "build", "--drafts", "--future") == 0
    assert (site / "public/2026/01/bai-nhap-chua-dang/index.html").is_file()
    assert (site / "public/2099/01/bai-hen-gio-dang/index.html").is_file()


def test_lists_are_newest_first_and_paginated(built):
    home = html(built / "index.html")
    # Page 1 is the portal: the lead story (the newest with a picture), then the rest of the page.
    lead = home.select_one("main .lead-story .lead-title a")["href"]
    newest = [a["href"] for a in home.select("main .newest > .article-list .item-title a")]
    assert [lead, *newest] == ["/2026/02/dai-hoi-gia-lai/", "/2026/01/can-tho-ky-ket-giao-uoc/"] or [
        *newest,
        lead,
    ] == ["/2026/02/dai-hoi-gia-lai/", "/2026/01/can-tho-ky-ket-giao-uoc/"]
    assert home.select_one(".pagination a[rel=next]")["href"] == "/page/2/"
    page3 = html(built / "page/3/index.html")
    assert [a["href"] for a in page3.select("main > .article-list .item-title a")] == [
        "/2022/10/binh-dinh-ton-vinh-tri-thuc/"
    ]
    assert not (built / "page/4").exists()
    cluster = html(built / "cum-thi-dua/cum-6/index.html")
    assert len(cluster.select(".article-list .item")) == 2
    assert (built / "cum-thi-dua/cum-6/page/2/index.html").is_file()
    item = cluster.select_one(".article-list .item")
    assert item.select_one(".item-meta time").get_text() == "10/03/2025"
    assert item.select_one(".item-summary").get_text() == "Hội thảo về chuyển đổi số."


def test_cluster_page_has_decision_members_terms_and_timeline(built):
    doc = html(built / "cum-thi-dua/cum-6/index.html")
    text = doc.get_text(" ", strip=True)
    assert "586/QĐ-LHHVN, 13/7/2022" in text
    members = [li.get_text(" ", strip=True) for li in doc.select(".members li")]
    assert "Bình Định — nay thuộc Gia Lai" in members
    assert "Quảng Ngãi" in members
    rows = [[c.get_text(strip=True) for c in tr.find_all(["th", "td"])] for tr in doc.select(".terms tbody tr")]
    assert rows == [["2022", "Quảng Ngãi", ""], ["2023", "Bình Định", "Phú Yên"]]
    assert doc.select_one(".timeline a")["href"] == "/su-kien/ky-ket-giao-uoc-thi-dua/"
    assert "<b>" not in str(doc.select_one(".cluster-facts .body"))  # cluster body HTML escaped too


def test_province_pages_follow_the_2025_reorganisation(built):
    gia_lai = html(built / "tinh/gia-lai/index.html")
    page2 = html(built / "tinh/gia-lai/page/2/index.html")
    hrefs = [a["href"] for doc in (gia_lai, page2) for a in doc.select(".article-list .item-title a")]
    # Gia Lai's own article and those written about Bình Định before it was absorbed.
    assert hrefs == [
        "/2026/02/dai-hoi-gia-lai/",
        "/2022/11/cum-thi-dua-so-6-tong-ket-nam-2022/",
        "/2022/10/binh-dinh-ton-vinh-tri-thuc/",
    ]
    assert "Bình Định" in gia_lai.select(".written-as")[0].get_text()
    assert [a["href"] for a in gia_lai.select(".history a")] == ["/tinh/binh-dinh/"]
    binh_dinh = html(built / "tinh/binh-dinh/index.html")
    history = binh_dinh.select_one(".history")
    assert history.a["href"] == "/tinh/gia-lai/" and "01/07/2025" in history.get_text()
    assert len(binh_dinh.select(".article-list .item")) == 2
    assert (built / "tinh/hue/index.html").is_file() and (built / "tinh/thua-thien-hue/index.html").is_file()


def test_event_tag_section_pages(built):
    event = html(built / "su-kien/ky-ket-giao-uoc-thi-dua/index.html")
    assert [a["href"] for a in event.select(".article-list .item-title a")] == [
        "/2026/01/can-tho-ky-ket-giao-uoc/",
        "/2025/03/phu-yen-to-chuc-hoi-thao/",
    ]
    assert (built / "the/thi-dua/index.html").is_file()
    assert (built / "chuyen-muc/thi-dua-khen-thuong/index.html").is_file()
    assert (built / "gioi-thieu/index.html").is_file()
    assert (built / "images/hoi-nghi.svg").is_file()
    css = html(built / "index.html").find("link", rel="stylesheet")["href"]
    assert css.startswith("/css/style.") and css.endswith(".css") and (built / css.lstrip("/")).is_file()


def test_feeds_parse_and_carry_offsets_and_absolute_urls(built):
    rss = feedparser.parse((built / "rss.xml").read_bytes())
    assert not rss.bozo, rss.get("bozo_exception")
    assert rss.feed.language == "vi"
    assert [e.link for e in rss.entries] == [
        "https://tin.example.org/2026/02/dai-hoi-gia-lai/",
        "https://tin.example.org/2026/01/can-tho-ky-ket-giao-uoc/",
        "https://tin.example.org/2025/03/phu-yen-to-chuc-hoi-thao/",
    ]  # feed_size 3, newest first
    raw = (built / "rss.xml").read_text(encoding="utf-8")
    assert "<pubDate>Thu, 05 Feb 2026 08:00:00 +0700</pubDate>" in raw
    assert '<guid isPermaLink="true">https://tin.example.org/2026/02/dai-hoi-gia-lai/</guid>' in raw
    cluster_rss = feedparser.parse((built / "cum-thi-dua/cum-6/rss.xml").read_bytes())
    assert not cluster_rss.bozo
    first = cluster_rss.entries[1]
    assert 'src="https://tin.example.org/images/hoi-nghi.svg"' in first.content[0].value
    assert {t.term for t in first.tags} >= {"Cụm thi đua số 6", "Quảng Ngãi", "Bình Định"}
    assert not feedparser.parse((built / "tinh/gia-lai/rss.xml").read_bytes()).bozo
    atom = feedparser.parse((built / "atom.xml").read_bytes())
    assert not atom.bozo and atom.entries[0].id == "https://tin.example.org/2026/02/dai-hoi-gia-lai/"
    feed = json.loads((built / "feed.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1" and feed["language"] == "vi"
    assert feed["items"][0]["date_published"] == "2026-02-05T08:00:00+07:00"


def test_machine_files(built):
    robots = (built / "robots.txt").read_text()
    assert "Sitemap: https://tin.example.org/sitemap.xml" in robots
    sitemap = (built / "sitemap.xml").read_text()
    assert "<loc>https://tin.example.org/2022/11/cum-thi-dua-so-6-tong-ket-nam-2022/</loc>" in sitemap
    assert "ban-nhap" not in sitemap and "404" not in sitemap
    assert html(built / "404.html").h1.get_text() == "Không tìm thấy trang"


def test_unknown_front_matter_keys_reach_templates(site):
    (site / "layouts").mkdir()
    (site / "layouts" / "article.html").write_text(
        '{% extends "base.html" %}{% block main %}<p id="x">{{ article.extra.custom_field }}</p>{% endblock %}',
        encoding="utf-8",
    )
    assert run(site, "build") == 0
    assert html(site / "public" / ARTICLE).find(id="x").get_text() == "giá trị riêng"
    # the rest of the theme still comes from the package
    assert html(site / "public/index.html").select_one(".masthead")


def test_check_writes_nothing(site):
    before = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    assert run(site, "check") == 0
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == before  # not even a cache
    assert run(site, "build") == 0
    cache = site / ".site-builder-cache/cache.sqlite"
    stamp = cache.stat().st_mtime_ns, cache.stat().st_size
    assert run(site, "check") == 0  # reads the cache the build left, changes nothing in it
    assert (cache.stat().st_mtime_ns, cache.stat().st_size) == stamp


def test_base_url_option_overrides_config(site):
    assert run(site, "build", "--base-url", "https://preview.example.net") == 0
    assert "https://preview.example.net/rss.xml" in (site / "public/rss.xml").read_text()


def test_unsafe_html_when_site_opts_in(site):
    cfg = site / "content/_site.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + "unsafe_html: true\n", encoding="utf-8")
    assert run(site, "build") == 0
    assert html(site / "public" / ARTICLE).select_one(".body em").get_text() == "HTML thô"


def test_site_with_only_content_uses_packaged_theme(site):
    assert not (site / "layouts").exists() and not (site / "static").exists()
    assert run(site, "build") == 0
    assert list((site / "public/css").glob("style.*.css"))


def test_terminal_output_summary_and_no_progress_bar_when_not_interactive(site):
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "site_builder", "build", "--source", str(site), "--now", "2026-11-29T12:00:00+07:00"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "\r" not in done.stderr + done.stdout
    summary = done.stdout.strip().splitlines()[-1]
    assert summary.startswith("đã dựng 5 bài, ") and " trang, " in summary and " nguồn tin trong " in summary
    assert "ghi " in summary and " tệp, giữ nguyên " in summary and summary.endswith(" cảnh báo")
    quiet_build = [
        sys.executable,
        "-m",
        "site_builder",
        "build",
        "--source",
        str(site),
        "--quiet",
        "--now",
        "2026-11-29T12:00:00+07:00",
    ]
    quiet = subprocess.run(quiet_build, capture_output=True, text=True, timeout=120)
    assert quiet.returncode == 0 and quiet.stdout == ""
    # The command ends with os._exit after a build (cli.run): its status and its last words still
    # come out, for a failed build as for a usage error.
    (site / "content" / "articles" / "broken.md").write_text("---\ntitle: [unclosed\n---\nx\n", encoding="utf-8")
    failed = subprocess.run(quiet_build, capture_output=True, text=True, timeout=120)
    assert failed.returncode == 1 and "broken.md:2: " in failed.stderr and "chưa ghi gì" in failed.stderr
    usage = subprocess.run(
        [sys.executable, "-m", "site_builder", "build", "--source", str(site / "nowhere")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert usage.returncode == 2 and "không có thư mục này" in usage.stderr


def test_a_build_leaves_its_objects_only_to_a_process_that_exits_after_it(site):
    """The command (cli.run, which ends with os._exit) keeps what a build made instead of freeing
    it object by object; called in-process (tests, `serve`) nothing is kept, so nothing piles up."""
    import site_builder.build
    from site_builder.cli import main

    left = site_builder.build.LEFT_FOR_EXIT
    assert run(site, "build") == 0
    assert left == []
    # (A change: with none, nothing would be read, see test_unchanged.py.)
    os.utime(next((site / "content/articles").rglob("*.md")))
    try:
        assert main(["build", "--source", str(site), "--quiet", "--now", "2026-11-29T12:00:00+07:00"], exits=True) == 0
        kinds = {type(thing).__name__ for thing in left}
        assert {"Content", "SiteIndex", "list", "dict"} <= kinds  # articles, index, pages, page records
    finally:
        left.clear()


def test_progress_bar_draws_and_clears(capsys, monkeypatch):
    from site_builder.cli import ProgressBar

    monkeypatch.setattr(ProgressBar, "DELAY", 0)
    bar = ProgressBar()
    bar("rendering", 50, 100)
    bar.close()
    err = capsys.readouterr().err
    assert "dựng trang" in err and "50/100" in err and "#" * 15 in err and err.endswith("\r")
