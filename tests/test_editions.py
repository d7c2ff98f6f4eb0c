"""An English edition beside the Vietnamese site (issue 24): settings, front matter, URLs, pages,
links between the editions, per-language lists, feeds and search, the interface strings."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from conftest import NOW, html, run, tree

from site_builder.collation import en_sort_key, sort_key_for, vi_sort_key
from site_builder.dates import dateline

LANGUAGES = """languages:
  en:
    title: Test News
    description: The English edition of the test site
"""
GIA_LAI_EN = """---
title: Gia Lai holds its congress
lang: en
translation_of: dai-hoi-gia-lai
date: 2026-02-05T09:00:00+07:00
provinces: [Gia Lai]
tags: [Congress, Ấn tượng]
section: Activities
---
The first congress of the Gia Lai union.
"""
CAN_THO_EN = """---
title: Cần Thơ signs the emulation pledge
lang: en
translation_of: can-tho-ky-ket-giao-uoc
date: 2026-01-15 11:00
cluster: cum-9
provinces: [Sóc Trăng]
events: [Emulation pledge]
tags: [Agreement]
---
Cluster 9 signs.
"""
ENGLISH_ONLY = """---
title: A story only in English
lang: en
date: 2025-06-01T08:00:00+07:00
provinces: [Gia Lai]
tags: [Congress]
---
Nothing in Vietnamese.
"""


def bilingual(site: Path) -> Path:
    """The fixture with an English edition: two translations and one English article of its own."""
    with (site / "content/_site.yaml").open("a", encoding="utf-8") as f:
        f.write(LANGUAGES)
    folder = site / "content/articles/en"
    folder.mkdir()
    (folder / "gia-lai.md").write_text(GIA_LAI_EN, encoding="utf-8")
    (folder / "can-tho.md").write_text(CAN_THO_EN, encoding="utf-8")
    (folder / "english-only.md").write_text(ENGLISH_ONLY, encoding="utf-8")
    return site


@pytest.fixture
def out(site) -> Path:
    bilingual(site)
    assert run(site, "build") == 0
    return site / "public"


EN_GIA_LAI = "en/2026/02/gia-lai-holds-its-congress/index.html"
VI_GIA_LAI = "2026/02/dai-hoi-gia-lai/index.html"


def links_of(page) -> list[str]:
    """The links of a page's main part, but the link to its translation."""
    return [a["href"] for a in page.select("main a[href]") if a.find_parent(class_="translations") is None]


# --- URLs and pages -----------------------------------------------------------------------------


def test_the_english_edition_lives_under_en_with_its_own_home_feeds_and_lists(out):
    for rel in (
        "en/index.html",
        EN_GIA_LAI,
        "en/rss.xml",
        "en/atom.xml",
        "en/feed.json",
        "en/cum-thi-dua/index.html",
        "en/cum-thi-dua/cum-9/index.html",
        "en/cum-thi-dua/cum-9/rss.xml",
        "en/tinh/index.html",
        "en/tinh/gia-lai/index.html",
        "en/tinh/gia-lai/rss.xml",
        "en/the/congress/index.html",
        "en/su-kien/emulation-pledge/index.html",
        "en/chuyen-muc/activities/index.html",
        "en/tim-kiem/index.html",
    ):
        assert (out / rel).is_file(), rel
    # the main language keeps its URLs; the English slug is made from the English title
    assert (out / VI_GIA_LAI).is_file() and (out / "rss.xml").is_file()
    assert not (out / "en/404.html").exists()  # one page for a missing address: the host's /404.html


def test_english_pages_say_english_and_keep_the_official_vietnamese_names(out):
    page = html(out / EN_GIA_LAI)
    assert page.html["lang"] == "en"
    assert page.select_one(".dateline time").get_text() == "Thursday, 5 February 2026, 09:00 (GMT+7)"
    assert page.select_one(".skip-link").get_text() == "Skip to main content"
    assert [a.get_text() for a in page.select(".site-nav a")][:3] == ["Home", "Emulation clusters", "Provinces"]
    assert page.select_one("#xem-them").get_text() == "Related articles"
    assert page.select_one("#tin-moi").get_text() == "Latest"
    terms = page.select_one(".article-terms").get_text(" ", strip=True)
    assert "Provinces: Gia Lai Section: Activities Tags: Congress , Ấn tượng" in terms
    assert page.select_one("title").get_text() == "Gia Lai holds its congress – Test News"
    province = html(out / "en/tinh/soc-trang/index.html")
    assert province.select_one("h1").get_text() == "Sóc Trăng"
    assert "Since 1 July 2025, Sóc Trăng has been part of" in province.select_one(".history").get_text()
    assert html(out / "en/tinh/index.html").select_one("h1").get_text() == "Provinces and cities"
    cluster = html(out / "en/cum-thi-dua/cum-9/index.html")
    assert cluster.select_one("h1").get_text() == html(out / "cum-thi-dua/cum-9/index.html").select_one("h1").get_text()
    assert "(1 article)" in html(out / "en/cum-thi-dua/index.html").select_one(".cluster-index").get_text()
    # and the Vietnamese pages say Vietnamese, as before
    vi = html(out / VI_GIA_LAI)
    assert vi.html["lang"] == "vi" and vi.select_one(".skip-link").get_text() == "Bỏ qua, đến nội dung chính"
    assert vi.select_one(".dateline time").get_text() == "Thứ năm, 05/02/2026 08:00 (GMT+7)"


def test_english_dates_and_order():
    import datetime as dt
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    moment = dt.datetime(2022, 11, 29, 9, 26, tzinfo=tz)
    assert dateline(moment, tz, "en") == "Tuesday, 29 November 2022, 09:26 (GMT+7)"
    assert dateline(moment, tz, "vi") == "Thứ ba, 29/11/2022 09:26 (GMT+7)"
    names = ["Zebra", "Đà Nẵng", "apple", "Émile", "Cao Bằng", "Cần Thơ"]
    assert sorted(names, key=en_sort_key) == ["apple", "Cần Thơ", "Cao Bằng", "Đà Nẵng", "Émile", "Zebra"]
    assert sorted(names, key=vi_sort_key)[:3] == ["apple", "Cao Bằng", "Cần Thơ"]  # Vietnamese: a before ă
    assert sort_key_for("vi") is vi_sort_key and sort_key_for("en") is en_sort_key


# --- Linking the editions -----------------------------------------------------------------------


def test_an_article_and_its_translation_link_to_each_other(out):
    base = "https://tin.example.org"
    for rel, other, other_lang in ((VI_GIA_LAI, EN_GIA_LAI, "en"), (EN_GIA_LAI, VI_GIA_LAI, "vi")):
        page = html(out / rel)
        alternates = {link["hreflang"]: link["href"] for link in page.select('head link[rel="alternate"][hreflang]')}
        assert alternates == {
            "vi": f"{base}/2026/02/dai-hoi-gia-lai/",
            "en": f"{base}/en/2026/02/gia-lai-holds-its-congress/",
            "x-default": f"{base}/2026/02/dai-hoi-gia-lai/",
        }
        visible = page.select_one(".translations a")
        assert visible["href"] == "/" + other.removesuffix("index.html")
        assert visible["hreflang"] == visible["lang"] == other_lang
    # an article without a translation has no hreflang links
    assert not html(out / "en/2025/06/a-story-only-in-english/index.html").select("link[hreflang]")
    assert html(out / VI_GIA_LAI).select_one(".translations").get_text(" ", strip=True).startswith("Đọc bài này bằng")


def test_every_page_offers_the_other_editions_home(out):
    for rel, home, code in (
        ("index.html", "/en/", "en"),
        ("tinh/gia-lai/index.html", "/en/", "en"),
        ("en/index.html", "/", "vi"),
        ("en/the/congress/index.html", "/", "vi"),
        ("404.html", "/en/", "en"),
    ):
        link = html(out / rel).select_one("nav.editions a")
        assert (link["href"], link["hreflang"], link["lang"]) == (home, code, code), rel


def test_the_sitemap_lists_each_version_with_its_alternates(out):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(out / "sitemap.xml").getroot()
    urls = {u.find("s:loc", ns).text: u for u in root.findall("s:url", ns)}
    base = "https://tin.example.org"
    for loc in (f"{base}/2026/02/dai-hoi-gia-lai/", f"{base}/en/2026/02/gia-lai-holds-its-congress/"):
        links = {x.get("hreflang"): x.get("href") for x in urls[loc].findall("x:link", ns)}
        assert links == {
            "vi": f"{base}/2026/02/dai-hoi-gia-lai/",
            "en": f"{base}/en/2026/02/gia-lai-holds-its-congress/",
            "x-default": f"{base}/2026/02/dai-hoi-gia-lai/",
        }
    assert f"{base}/en/" in urls and f"{base}/en/tinh/gia-lai/" in urls
    assert not urls[f"{base}/en/2025/06/a-story-only-in-english/"].findall("x:link", ns)


# --- Per-language lists and feeds ---------------------------------------------------------------


def test_lists_and_feeds_of_one_edition_never_show_the_others_articles(out):
    def article_links(rel: str) -> set[str]:
        return {h for h in links_of(html(out / rel)) if h.count("/") >= 4 and not h.startswith(("/tinh/", "/en/tinh/"))}

    english = {"/en/2026/02/gia-lai-holds-its-congress/", "/en/2026/01/can-tho-signs-the-emulation-pledge/"}
    assert {h for h in links_of(html(out / "en/index.html")) if h.startswith("/en/20")} <= english | {
        "/en/2025/06/a-story-only-in-english/"
    }
    for rel in ("en/index.html", "en/tinh/gia-lai/index.html", "en/the/congress/index.html", EN_GIA_LAI):
        shown = [h for h in links_of(html(out / rel)) if h[1:3].isdigit() or h.startswith("/en/20")]
        assert shown and all(h.startswith("/en/") for h in shown), (rel, shown)
    for rel in ("index.html", "tinh/gia-lai/index.html", "the/dai-hoi/index.html", VI_GIA_LAI):
        shown = [h for h in links_of(html(out / rel)) if h[1:3].isdigit() or h.startswith("/en/20")]
        assert shown and not any(h.startswith("/en/") for h in shown), (rel, shown)
    # Tin mới of an English article: the other English articles only
    latest = [a["href"] for a in html(out / EN_GIA_LAI).select("#tin-moi ~ ul a")]
    assert latest == ["/en/2026/01/can-tho-signs-the-emulation-pledge/", "/en/2025/06/a-story-only-in-english/"]
    for feed, expected_lang in (("en/rss.xml", "en"), ("rss.xml", "vi"), ("en/atom.xml", "en"), ("atom.xml", "vi")):
        parsed = feedparser.parse((out / feed).read_bytes())
        links = [e.link for e in parsed.entries]
        assert links and all(("/en/" in link) == (expected_lang == "en") for link in links), feed
    assert feedparser.parse((out / "en/rss.xml").read_bytes()).feed.language == "en"
    assert feedparser.parse((out / "en/rss.xml").read_bytes()).feed.title == "Test News"
    items = json.loads((out / "en/feed.json").read_text(encoding="utf-8"))
    assert items["home_page_url"] == "https://tin.example.org/en/" and items["language"] == "en"
    assert items["feed_url"] == "https://tin.example.org/en/feed.json"
    assert all("/en/" in item["url"] for item in items["items"])
    province_feed = feedparser.parse((out / "en/tinh/gia-lai/rss.xml").read_bytes())
    assert {e.link for e in province_feed.entries} == {
        "https://tin.example.org/en/2026/02/gia-lai-holds-its-congress/",
        "https://tin.example.org/en/2025/06/a-story-only-in-english/",
    }


def test_each_edition_has_its_own_search_index(out):
    parts = json.loads((out / "pagefind/parts-en.json").read_text(encoding="utf-8"))
    assert parts and all(p.startswith("/pagefind/en-") for p in parts)
    english = 0
    for part in parts:
        entry = json.loads((out / part.strip("/") / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert set(entry["languages"]) == {"en"}
        english += sum(language["page_count"] for language in entry["languages"].values())
    assert english == 3
    main = json.loads((out / "pagefind/parts.json").read_text(encoding="utf-8"))
    assert not any("/en-" in p for p in main)
    form = html(out / "en/tim-kiem/index.html").select_one("#search-form")
    assert form["data-index"] == "/pagefind/parts-en.json" and form["action"] == "/en/tim-kiem/"
    assert html(out / "tim-kiem/index.html").select_one("#search-form")["data-index"] == "/pagefind/parts.json"


# --- Settings and front matter: mistakes -------------------------------------------------------


@pytest.mark.parametrize(
    "languages, message",
    [
        (
            "languages:\n  eng: {title: X}\n",
            '_site.yaml:11: languages: "eng" không phải mã ngôn ngữ dùng được (có phải "en"?)',
        ),
        ("languages:\n  en: {titel: X}\n", '_site.yaml:11: languages: en: không có cài đặt "titel" (có phải "title"?)'),
        ("languages:\n  vi: {title: X}\n", '_site.yaml:11: languages: "vi" đã là ngôn ngữ chính của trang'),
        ("languages:\n  ../x: {title: X}\n", '_site.yaml:11: languages: "../x" không phải mã ngôn ngữ'),
        ("languages: [en]\n", "_site.yaml:10: languages phải có dạng"),
        ("langauges:\n  en: {title: X}\n", '_site.yaml:10: không có cài đặt "langauges" (có phải "languages"?)'),
    ],
)
def test_a_wrong_language_setting_is_an_error_with_a_did_you_mean(site, capsys, languages, message):
    with (site / "content/_site.yaml").open("a", encoding="utf-8") as f:
        f.write(languages)
    assert run(site, "check") == 1
    assert message in capsys.readouterr().err


def test_a_wrong_lang_or_translation_of_is_an_error_at_its_line(site, capsys):
    bilingual(site)
    (site / "content/articles/en/gia-lai.md").write_text(
        GIA_LAI_EN.replace("translation_of: dai-hoi-gia-lai", "translation_of: dai-hoi-gia-la"), encoding="utf-8"
    )
    (site / "content/articles/en/fr.md").write_text(ENGLISH_ONLY.replace("lang: en", "lang: eng"), encoding="utf-8")
    (site / "content/articles/en/twice.md").write_text(
        CAN_THO_EN.replace("title: Cần Thơ signs", "title: Cần Thơ signs again"), encoding="utf-8"
    )
    assert run(site, "build") == 1
    err = capsys.readouterr().err
    assert (
        "content/articles/en/gia-lai.md:4: translation_of: không có bài nào ở ngôn ngữ khác có địa chỉ (slug) "
        '"dai-hoi-gia-la" (có phải "dai-hoi-gia-lai"?)' in err
    )
    assert 'content/articles/en/fr.md:3: lang: trang không có ngôn ngữ "eng" (có phải "en"?)' in err
    assert (
        'content/articles/en/twice.md:4: translation_of: bài "can-tho-ky-ket-giao-uoc" đã có bản en: '
        "content/articles/en/can-tho.md" in err
    )
    assert "Traceback" not in err
    assert not (site / "public").exists()  # a failed build writes nothing


def test_a_translation_on_a_site_of_one_language_is_an_error(site, capsys):
    (site / "content/articles/2026/x.md").write_text(ENGLISH_ONLY.replace("lang: en\n", "translation_of: khong-co\n"))
    assert run(site, "check") == 1
    assert "content/articles/2026/x.md:3: translation_of: không có bài nào" in capsys.readouterr().err


def test_the_editions_folder_cannot_take_a_page_of_the_site(site, capsys):
    bilingual(site)
    (site / "content/pages/en.md").write_text("---\ntitle: En\n---\nx\n", encoding="utf-8")
    assert run(site, "check") == 1
    assert "content/pages/en.md:1: địa chỉ /en/ trùng với trang chủ của bản English:" in capsys.readouterr().err


def test_an_english_translation_in_draft_is_not_linked(site):
    bilingual(site)
    path = site / "content/articles/en/gia-lai.md"
    path.write_text(GIA_LAI_EN.replace("lang: en\n", "lang: en\ndraft: true\n"), encoding="utf-8")
    assert run(site, "build") == 0
    page = html(site / "public" / VI_GIA_LAI)
    assert not page.select("link[hreflang]") and page.select_one(".translations") is None


# --- The interface strings ----------------------------------------------------------------------


def test_a_sites_i18n_file_overrides_strings_as_text(site, capsys):
    bilingual(site)
    (site / "i18n").mkdir()
    (site / "i18n/en.yaml").write_text(
        'related: "More <b>reading</b>"\nlatest_news: "News from VUSTA"\npage_n: "{title}, page {number}"\n',
        encoding="utf-8",
    )
    (site / "i18n/vi.yaml").write_text('home: "Trang nhất"\n', encoding="utf-8")
    assert run(site, "build") == 0
    out = site / "public"
    # (The portal's home: its h1 is the site's title, the newest list's heading is under the lead.)
    assert html(out / "en/index.html").select_one("#tin-moi-nhat").get_text() == "News from VUSTA"
    assert (
        "More &lt;b&gt;reading&lt;/b&gt;"
        in (out / "en/2026/01/can-tho-signs-the-emulation-pledge/index.html").read_text()
    )
    related = html(out / "en/2026/01/can-tho-signs-the-emulation-pledge/index.html").select_one("#xem-them")
    assert related.get_text() == "More <b>reading</b>" and related.find("b") is None  # text, escaped
    assert html(out / "index.html").select_one(".site-nav a").get_text() == "Trang nhất"
    assert html(out / "en/index.html").select_one(".site-nav a").get_text() == "Home"


@pytest.mark.parametrize(
    "text, message",
    [
        ('relatd: "More"\n', 'i18n/en.yaml:1: cảnh báo: không có chuỗi giao diện "relatd" (có phải "related"?)'),
        ('page_n: "Page"\n', 'i18n/en.yaml:1: "page_n" phải giữ {number}, {title}'),
        ("home: [a, b]\n", 'i18n/en.yaml:1: "home" phải là một dòng chữ'),
        ("home: 'x\n", "i18n/en.yaml:1:"),
    ],
)
def test_a_mistake_in_a_sites_i18n_file_is_told_at_its_line(site, capsys, text, message):
    bilingual(site)
    (site / "i18n").mkdir()
    (site / "i18n/en.yaml").write_text(text, encoding="utf-8")
    run(site, "check")
    assert message in capsys.readouterr().err


def test_an_i18n_file_for_a_language_the_site_has_not_is_a_warning(site, capsys):
    (site / "i18n").mkdir()
    (site / "i18n/fr.yaml").write_text("home: Accueil\n", encoding="utf-8")
    assert run(site, "build") == 0
    assert 'i18n/fr.yaml:1: cảnh báo: trang không có ngôn ngữ "fr"' in capsys.readouterr().err
    assert run(site, "build", "--strict") == 1


def test_editing_the_english_strings_makes_only_the_english_pages_again(site):
    import datetime as dt

    from site_builder.build import BuildOptions, build

    bilingual(site)
    options = BuildOptions(source=site, now=dt.datetime.fromisoformat(NOW))
    assert build(options).ok
    before = {p: p.stat().st_mtime_ns for p in (site / "public").rglob("*.html")}
    (site / "i18n").mkdir()
    (site / "i18n/en.yaml").write_text('related: "See also"\n', encoding="utf-8")
    result = build(options)
    assert result.ok
    changed = sorted(str(p.relative_to(site / "public")) for p in before if p.stat().st_mtime_ns != before[p])
    # the English article pages (Xem thêm shows on each: they all have related articles), no other
    assert changed == [
        "en/2025/06/a-story-only-in-english/index.html",
        "en/2026/01/can-tho-signs-the-emulation-pledge/index.html",
        EN_GIA_LAI,
    ]
    assert result.stats["rendered"] > len(changed)  # every English page rendered, only those changed written


def test_the_theme_tables_have_the_same_keys_and_fields():
    import re

    from site_builder import i18n

    vi, en = i18n._theme_table("vi"), i18n._theme_table("en")
    assert list(vi) == list(en)
    field = re.compile(r"\{([a-z_]+)\}")
    for key in vi:
        assert set(field.findall(vi[key])) == set(field.findall(en[key])), key
    layouts = "".join(p.read_text(encoding="utf-8") for p in (i18n.THEME_TABLES.parent / "layouts").rglob("*.html"))
    # Page titles and breadcrumbs named in Python: the plan, the portal's pages, the archives.
    titled = ("render/plan.py", "render/portal.py", "model/archives.py", "render/redirects.py")
    plan = "".join((Path(i18n.__file__).parent / rel).read_text(encoding="utf-8") for rel in titled)
    used = set(re.findall(r'tr\("([a-z_]+)"', layouts)) | set(re.findall(r'\b(?:text|strings)\("([a-z_]+)"', plan))
    used |= {"article_count", "article_count_one", "page_n"}  # (chosen by count; plan's list titles)
    assert used == set(vi), set(vi) ^ used


def test_a_site_without_languages_has_no_trace_of_them(site):
    assert run(site, "build") == 0
    out = site / "public"
    files = tree(out)
    assert not any(rel.startswith("en/") for rel in files)
    assert b"xhtml" not in files["sitemap.xml"] and b"hreflang" not in files["2026/02/dai-hoi-gia-lai/index.html"]
    assert b'class="editions"' not in files["index.html"]


def test_the_cms_offers_lang_and_translation_of_when_the_site_has_another_edition(out, site):
    import yaml

    articles = yaml.safe_load((out / "admin/config.yml").read_text(encoding="utf-8"))["collections"][0]
    names = [f["name"] for f in articles["fields"]]
    assert names[-4:] == ["lang", "translation_of", "draft", "body"]
    lang = next(f for f in articles["fields"] if f["name"] == "lang")
    assert lang["options"] == [{"label": "Tiếng Việt", "value": "vi"}, {"label": "English", "value": "en"}]
    assert lang["default"] == "vi"
    originals = next(f for f in articles["fields"] if f["name"] == "translation_of")["options"]
    assert "dai-hoi-gia-lai" in [o["value"] for o in originals]
    assert not any(o["value"].startswith("gia-lai-holds") for o in originals)  # the main edition's only


def test_the_cms_of_a_site_of_one_language_has_neither(site):
    import yaml

    assert run(site, "build") == 0
    articles = yaml.safe_load((site / "public/admin/config.yml").read_text(encoding="utf-8"))["collections"][0]
    assert not {"lang", "translation_of"} & {f["name"] for f in articles["fields"]}


def test_the_readme_lists_every_interface_string():
    from site_builder import i18n

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert [key for key in i18n.keys() if f"`{key}`" not in readme] == []


def test_an_i18n_file_is_read_as_the_sites_own_files_are(site, capsys, tmp_path):
    """Through sitefiles.py: a link out of the site is refused, not followed."""
    outside = tmp_path / "outside.yaml"
    outside.write_text('home: "Elsewhere"\n', encoding="utf-8")
    (site / "i18n").mkdir()
    (site / "i18n/vi.yaml").symlink_to(outside)
    assert run(site, "check") == 1
    err = capsys.readouterr().err
    assert "i18n/vi.yaml:1:" in err and str(outside) in err and "Traceback" not in err


def test_a_warm_build_of_both_editions_rewrites_nothing_and_an_english_edit_only_what_shows_it(site):
    import datetime as dt

    from site_builder.build import BuildOptions, build

    bilingual(site)
    options = BuildOptions(source=site, now=dt.datetime.fromisoformat(NOW))
    assert build(options).ok
    before = {p: p.stat().st_mtime_ns for p in (site / "public").rglob("*") if p.is_file()}
    warm = build(options)
    assert warm.ok and warm.files == 0 and warm.stats["rendered"] == 0
    # A second paragraph of an English article: its page and the English feeds that carry its
    # body are written; its original's page is looked at again (it shows the translation's link)
    # but comes out the same; nothing of the Vietnamese edition's lists.
    path = site / "content/articles/en/can-tho.md"
    path.write_text(CAN_THO_EN.replace("Cluster 9 signs.", "Cluster 9 signs.\n\nA second paragraph."))
    assert build(options).ok
    changed = sorted(str(p.relative_to(site / "public")) for p in before if p.stat().st_mtime_ns != before[p])
    assert changed == [
        "en/2026/01/can-tho-signs-the-emulation-pledge/index.html",
        "en/atom.xml",
        "en/cum-thi-dua/cum-9/rss.xml",
        "en/feed.json",
        "en/rss.xml",
        "en/su-kien/emulation-pledge/rss.xml",  # (the portal: a feed for every list, issue 23)
        "en/the/agreement/rss.xml",
        "en/tinh/can-tho/rss.xml",
        "en/tinh/soc-trang/rss.xml",
    ]


@pytest.mark.parametrize(
    "language, home", [("vi", "Trang chủ"), ("vi-VN", "Trang chủ"), ("en-GB", "Home"), ("fr", "Home"), ("../x", "Home")]
)
def test_the_main_languages_table_is_chosen_by_the_codes_form(language, home):
    from site_builder import i18n

    assert i18n.theme_strings(language).text("home") == home


def test_an_edition_has_its_own_menu_or_none(site, capsys):
    (site / "content/_site.yaml").write_text(
        (site / "content/_site.yaml").read_text(encoding="utf-8")
        + "menu: [{title: Giới thiệu, url: /gioi-thieu/}]\n"
        + LANGUAGES.replace(
            "    title: Test News\n", "    title: Test News\n    menu: [{title: About, url: /en/the/congress/}]\n"
        ),
        encoding="utf-8",
    )
    (site / "content/articles/en").mkdir()
    (site / "content/articles/en/gia-lai.md").write_text(GIA_LAI_EN, encoding="utf-8")
    assert run(site, "build") == 0
    out = site / "public"
    assert [a.get_text() for a in html(out / "index.html").select(".site-nav a")][-1] == "Giới thiệu"
    english = [a["href"] for a in html(out / "en/index.html").select(".site-nav a")]
    assert english[-1] == "/en/the/congress/" and "/gioi-thieu/" not in english
    (site / "content/_site.yaml").write_text(
        (site / "content/_site.yaml")
        .read_text(encoding="utf-8")
        .replace("url: /en/the/congress/", "url: javascript:x"),
        encoding="utf-8",
    )
    assert run(site, "check") == 1
    assert 'menu: url "javascript:x"' in capsys.readouterr().err


def test_the_page_left_at_an_old_address_speaks_the_language_of_the_article_moved(site):
    """An alias of an English article leaves an English page (for hosts without redirect rules);
    a Vietnamese article's stays Vietnamese; the title is text, escaped, in both."""
    bilingual(site)
    english = site / "content/articles/en/english-only.md"
    english.write_text(
        ENGLISH_ONLY.replace("title: A story only in English", 'title: "A <b>story</b> & more"').replace(
            "lang: en\n", "lang: en\naliases: [/en/old-story/]\n"
        ),
        encoding="utf-8",
    )
    assert run(site, "build") == 0
    out = site / "public"
    moved = html(out / "en/old-story/index.html")
    assert moved.html["lang"] == "en"
    assert moved.title.get_text() == "Moved: A <b>story</b> & more"
    assert moved.p.get_text() == "This page has moved to A <b>story</b> & more."
    assert moved.p.a["href"] == moved.find("meta", attrs={"http-equiv": "refresh"})["content"].split("url=")[1]
    assert moved.p.a["href"].startswith("/en/2025/06/")
    assert moved.find("b") is None  # (the title's markup is text)
    # The fixture's Vietnamese alias: a Vietnamese page, as before.
    vietnamese = html(out / "tin-tuc/tong-ket-2022/index.html")
    assert vietnamese.html["lang"] == "vi"
    assert vietnamese.title.get_text().startswith("Đã chuyển: ")
    assert vietnamese.p.get_text().startswith("Trang đã chuyển đến ")
