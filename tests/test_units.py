"""Unit tests for the small pure parts: slugs, datelines, pagination, related ranking, sitemaps."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from site_builder.config import SiteConfig
from site_builder.content.markdown import summarize
from site_builder.content.models import Article, EventMention, ProvinceMention, Term
from site_builder.dates import dateline, rfc822, to_aware, zone
from site_builder.model.related import RelatedIndex
from site_builder.provinces import ProvinceRegistry
from site_builder.render.machine import sitemaps
from site_builder.render.plan import paginate
from site_builder.slugs import slugify

TZ = zone("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    "text,slug",
    [
        (
            'Cụm thi đua số 6- Góp phần phát triển "Thương hiệu" Liên hiệp Hội Việt Nam',
            "cum-thi-dua-so-6-gop-phan-phat-trien-thuong-hieu-lien-hiep-hoi-viet-nam",
        ),
        ("Đắk Lắk: Người thắp lên ngọn lửa", "dak-lak-nguoi-thap-len-ngon-lua"),
        ("ĐẠI HỘI Đảng bộ", "dai-hoi-dang-bo"),
        ("Khánh Hoà", "khanh-hoa"),
        ("Khánh Hòa", "khanh-hoa"),
        ("Bà Rịa - Vũng Tàu", "ba-ria-vung-tau"),
        ("  KH&CN  2022 ", "kh-cn-2022"),
        ("Thừa Thiên-Huế", "thua-thien-hue"),
        ("", ""),
    ],
)
def test_slugify(text, slug):
    assert slugify(text) == slug


@pytest.mark.parametrize(
    "iso,expected",
    [
        ("2022-11-29T09:26:00+07:00", "Thứ ba, 29/11/2022 09:26 (GMT+7)"),
        ("2022-11-28T09:26:00", "Thứ hai, 28/11/2022 09:26 (GMT+7)"),  # no offset: site timezone
        ("2022-12-03T23:00:00+00:00", "Chủ nhật, 04/12/2022 06:00 (GMT+7)"),  # shown in the site timezone
        ("2022-12-03", "Thứ bảy, 03/12/2022 00:00 (GMT+7)"),
    ],
)
def test_dateline(iso, expected):
    assert dateline(to_aware(iso, TZ), TZ) == expected


def test_date_values_are_aware_and_feeds_carry_the_offset():
    moment = to_aware(dt.datetime(2022, 11, 29, 9, 26), TZ)
    assert moment.utcoffset() == dt.timedelta(hours=7)
    assert rfc822(moment, TZ) == "Tue, 29 Nov 2022 09:26:00 +0700"
    with pytest.raises(ValueError, match='ngày "29/11/2022" chưa đúng dạng: viết 2022-11-29'):
        to_aware("29/11/2022", TZ)


def test_summary_is_cut_at_a_word_near_200_characters():
    text = " ".join(["chữ"] * 100)
    cut = summarize(text)
    assert cut.endswith("…") and len(cut) <= 201 and not cut[:-1].endswith("ch")
    assert summarize("Ngắn.") == "Ngắn."


@pytest.mark.parametrize(
    "count,size,pages,last",
    [(0, 20, 1, 0), (1, 20, 1, 1), (20, 20, 1, 20), (21, 20, 2, 1), (40, 20, 2, 20), (41, 20, 3, 1)],
)
def test_pagination_edges(count, size, pages, last):
    items = [object() for _ in range(count)]
    result = paginate(items, size, "/tinh/ha-noi/")
    assert len(result) == pages
    assert len(result[-1].articles) == last
    assert result[0].url == "/tinh/ha-noi/" and result[0].prev_url is None
    assert result[-1].next_url is None
    if pages > 1:
        assert result[1].url == "/tinh/ha-noi/page/2/" and result[1].prev_url == "/tinh/ha-noi/"
        assert result[0].next_url == "/tinh/ha-noi/page/2/"
    assert sum(len(p.articles) for p in result) == count


REG = ProvinceRegistry.load()


def make(slug, day, cluster=None, provinces=(), events=(), tags=(), section=None, related=()):
    date = dt.datetime(2024, 1, day, tzinfo=TZ)
    return Article(
        path=Path(f"{slug}.md"),
        rel_path=f"{slug}.md",
        title=slug,
        slug=slug,
        url=f"/{slug}/",
        date=date,
        updated=None,
        summary="",
        html_utf8=b"",
        cluster_ids=[cluster] if cluster else [],
        provinces=[ProvinceMention(p, REG.match(p)) for p in provinces],
        events=[EventMention(e, slugify(e), "/") for e in events],
        tags=[Term("tag", t, slugify(t), "/") for t in tags],
        section=Term("section", section, slugify(section), "/") if section else None,
        related_slugs=list(related),
    )


def ranked(articles):
    articles = sorted(articles, key=lambda a: a.sort_key)
    return RelatedIndex(articles), {a.slug: i for i, a in enumerate(articles)}


def test_related_ranks_cluster_over_province_over_tag_and_fills_with_newest():
    me = make("me", 10, cluster="cum-6", provinces=["Quảng Ngãi"], tags=["Thi đua"])
    same_cluster = make("same-cluster", 1, cluster="cum-6")
    same_province = make("same-province", 2, provinces=["Quảng Ngãi"])
    same_tag = make("same-tag", 3, tags=["Thi đua"])
    unrelated_old = make("unrelated-old", 4)
    unrelated_new = make("unrelated-new", 9)
    index, rank = ranked([me, same_cluster, same_province, same_tag, unrelated_old, unrelated_new])
    got = [a.slug for a in index.related_to(rank["me"], 5)]
    assert got == ["same-cluster", "same-province", "same-tag", "unrelated-new", "unrelated-old"]


def test_related_ties_go_to_the_newer_article_and_rare_terms_weigh_more():
    me = make("me", 20, tags=["hiếm", "phổ biến"])
    common = [make(f"common-{i}", i, tags=["phổ biến"]) for i in range(1, 10)]
    rare = make("rare", 1, tags=["hiếm"])  # oldest, but its tag is carried by few articles
    index, rank = ranked([me, rare, *common])
    got = [a.slug for a in index.related_to(rank["me"], 3)]
    assert got == ["rare", "common-9", "common-8"]


def test_related_editor_picks_first_and_never_self():
    me = make("me", 5, cluster="cum-6", related=["pick", "me", "missing"])
    pick = make("pick", 1)
    other = make("other", 2, cluster="cum-6")
    index, rank = ranked([me, pick, other])
    assert [a.slug for a in index.related_to(rank["me"], 5)] == ["pick", "other"]


def test_related_on_a_one_article_site_is_empty():
    index, rank = ranked([make("only", 1, cluster="cum-6")])
    assert index.related_to(0, 5) == []


@pytest.mark.parametrize(
    "number,shown",
    [
        (1, [1, 2, 3, None, 10]),
        (4, [1, 2, 3, 4, 5, 6, None, 10]),
        (5, [1, None, 3, 4, 5, 6, 7, None, 10]),
        (10, [1, None, 8, 9, 10]),
    ],
)
def test_pagination_links_a_window_not_every_page(number, shown):
    pages = paginate([object() for _ in range(100)], 10, "/the/x/")
    window = pages[number - 1].window
    assert [entry and entry[0] for entry in window] == shown
    assert all(entry is None or entry[1] == pages[entry[0] - 1].url for entry in window)


def test_sitemap_splits_into_an_index_past_the_limit():
    config = SiteConfig(base_url="https://x.org")
    files = sitemaps([(f"/a/{i}/", "2024-01-01") for i in range(5)], config, limit=2)
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]
    assert b"<sitemapindex" in files["sitemap.xml"] and b"https://x.org/sitemap-3.xml" in files["sitemap.xml"]
    assert files["sitemap-3.xml"].count(b"<url>") == 1
    assert list(sitemaps([("/", None)], config)) == ["sitemap.xml"]


@pytest.mark.parametrize("size", [0, 1, 4095, 4096, 3 * 1024 * 1024 + 7])
def test_read_bytes_reads_whole_files(tmp_path, size):
    from site_builder.files import read_bytes

    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    path = tmp_path / "f.bin"
    path.write_bytes(data)
    assert read_bytes(path) == data
    with pytest.raises(FileNotFoundError):
        read_bytes(tmp_path / "missing")


def test_written_files_are_staged_with_their_folders_and_stamps(tmp_path):
    from site_builder.write import StagedOutput, UnsafePath

    out = StagedOutput(tmp_path / "public").open()
    out.write("2026/02/bai/index.html", b"<p>1</p>")
    out.write("rss.xml", b"<rss/>")
    staged = out.staging / "2026/02/bai/index.html"
    assert staged.read_bytes() == b"<p>1</p>"
    st = staged.stat()
    assert out.stamp("2026/02/bai/index.html") == (st.st_size, st.st_mtime_ns)
    with pytest.raises(UnsafePath):
        out.write("../outside.html", b"x")
    out.commit()
    assert (tmp_path / "public/rss.xml").read_bytes() == b"<rss/>"
    assert not (tmp_path / "outside.html").exists()


def test_files_under_lists_like_sorted_rglob_without_following_folder_links(tmp_path):
    from site_builder.files import files_under

    for rel in ("b/2.md", "a/1.md", "a/c/3.md", "a/note.txt", "z.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    (tmp_path / "dir.md").mkdir()  # a folder named like an article is not one
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (outside / "far.md").write_text("x")
    (tmp_path / "link").symlink_to(outside, target_is_directory=True)
    expected = sorted((p for p in tmp_path.rglob("*.md") if p.is_file()), key=str)
    assert files_under(tmp_path, ".md") == expected
    assert [p.relative_to(tmp_path).as_posix() for p in expected] == ["a/1.md", "a/c/3.md", "b/2.md", "z.md"]


def test_page_info_reads_as_attributes_and_as_a_mapping():
    import jinja2

    from site_builder.render.plan import _page

    page = _page("Tin", "/tin/", "list", "Mô tả", [("Trang chủ", "/")], feed_url="/tin/rss.xml")
    assert (page.title, page["url"], page.get("kind"), page.get("nope", 1)) == ("Tin", "/tin/", "list", 1)
    assert dict(page) == {
        "title": "Tin",
        "url": "/tin/",
        "kind": "list",
        "description": "Mô tả",
        "breadcrumbs": [("Trang chủ", "/")],
        "feed_url": "/tin/rss.xml",
        "alternates": (),  # (the page in other languages: an article with translations)
    }
    template = jinja2.Environment().from_string(
        "{{ page.title }}|{{ page['kind'] }}|{{ page | dictsort | length }}|{{ page.missing is undefined }}"
    )
    assert template.render(page=page) == "Tin|list|7|True"
