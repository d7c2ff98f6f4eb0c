"""Hostile and odd content, as an attacker or an unlucky editor would write it: one URL, one
page; URLs of safe characters only; nothing a page or a feed cannot carry; names a file system
accepts; dates that exist. Every case gives the same `path:line: message` in `check` and `build`,
exit 1, no traceback, and the previous output as it was."""

from __future__ import annotations

import pytest
from conftest import NOW, run, tree

from site_builder.cli import main

ARTICLE = "content/articles/2026/x.md"
SETTINGS = "content/_site.yaml"
SETTINGS_TEXT = "title: Tin thử nghiệm\nbase_url: https://tin.example.org\nlanguage: vi\npage_size: 2\nfeed_size: 3\n"


def article(front: str, body: str = "Nội dung.\n") -> str:
    return f"---\ntitle: Bài mới\ndate: 2026-03-01T08:00:00+07:00\n{front}\n---\n{body}"


def page(title: str) -> str:
    return f"---\ntitle: {title}\n---\nNội dung.\n"


LONG = "a" * 300
CASES = [
    # One URL, one page (normalised before comparing; both sources named, where they are)
    (
        "alias /./",
        ARTICLE,
        article("aliases: [/./]"),
        'x.md:4: aliases: "/./" có phần "." hoặc "..": viết đường dẫn đầy đủ, như /2022/11/ten-cu/',
    ),
    (
        "alias with //",
        ARTICLE,
        article("aliases: [/2022//11/cum-thi-dua-so-6-tong-ket-nam-2022/]"),
        'x.md:4: aliases: "/2022//11/cum-thi-dua-so-6-tong-ket-nam-2022/" có phần trống ("//")',
    ),
    (
        "alias with /./",
        ARTICLE,
        article("aliases: [/2022/./11/cum-thi-dua-so-6-tong-ket-nam-2022/]"),
        'x.md:4: aliases: "/2022/./11/cum-thi-dua-so-6-tong-ket-nam-2022/" có phần "." hoặc "..": viết đường dẫn đầy đủ, như /2022/11/ten-cu/',
    ),
    (
        "alias /.",
        ARTICLE,
        article("aliases: [/.]"),
        'x.md:4: aliases: "/." có phần "." hoặc "..": viết đường dẫn đầy đủ, như /2022/11/ten-cu/',
    ),
    (
        "alias /x/.",
        ARTICLE,
        article("aliases: [/x/.]"),
        'x.md:4: aliases: "/x/." có phần "." hoặc "..": viết đường dẫn đầy đủ, như /2022/11/ten-cu/',
    ),
    (
        "alias of the home page",
        ARTICLE,
        article("aliases: [/]"),
        "content/articles/2026/x.md:4: địa chỉ / trùng với trang chủ: xóa nó đi hoặc viết một địa chỉ khác",
    ),
    (
        "alias of the search page",
        ARTICLE,
        article("aliases: [/tim-kiem/]"),
        "content/articles/2026/x.md:4: địa chỉ /tim-kiem/ trùng với trang tìm kiếm: xóa nó đi hoặc viết một địa chỉ khác",
    ),
    (
        "alias of a static file",
        ARTICLE,
        article("aliases: [/favicon.svg]"),
        "content/articles/2026/x.md:4: địa chỉ /favicon.svg trùng với tệp tĩnh favicon.svg: xóa nó đi hoặc viết một địa chỉ khác",
    ),
    (
        "alias of _redirects",
        ARTICLE,
        article("aliases: [/_redirects]"),
        "content/articles/2026/x.md:4: /_redirects/ cần một thư mục ở chỗ đã có tệp /_redirects của tệp _redirects",
    ),
    (
        "alias of an article, percent-encoded",
        ARTICLE,
        article("aliases: [/2026/02/dai-hoi-gia-l%61i/]"),
        "content/articles/2026/x.md:4: địa chỉ /2026/02/dai-hoi-gia-l%61i/ (tệp của /2026/02/dai-hoi-gia-lai/) "
        "trùng với bài content/articles/2026/dai-hoi-gia-lai.md",
    ),
    (
        "alias under a feed",
        ARTICLE,
        article("aliases: [/rss.xml/]"),
        "content/articles/2026/x.md:4: /rss.xml/ cần một thư mục ở chỗ đã có tệp /rss.xml của tệp rss.xml: xóa nó đi hoặc viết một địa chỉ khác",
    ),
    (
        "alias in the search index",
        ARTICLE,
        article("aliases: [/pagefind/x/]"),
        "content/articles/2026/x.md:4: /pagefind/x/ nằm trong /pagefind/, nơi trang đăng chỉ mục tìm kiếm (Pagefind)",
    ),
    (
        "page over the search page",
        "content/pages/tim-kiem.md",
        page("Tìm kiếm"),
        "content/pages/tim-kiem.md:1: địa chỉ /tim-kiem/ trùng với trang tìm kiếm: đặt một slug: khác (hoặc đổi tiêu đề)",
    ),
    (
        "page over the provinces page",
        "content/pages/tinh.md",
        page("Tỉnh"),
        "content/pages/tinh.md:1: địa chỉ /tinh/ trùng với trang các tỉnh: đặt một slug: khác (hoặc đổi tiêu đề)",
    ),
    (
        "page over the clusters page",
        "content/pages/cum.md",
        page("Cụm thi đua"),
        "content/pages/cum.md:1: địa chỉ /cum-thi-dua/ trùng với trang các cụm thi đua: đặt một slug: khác (hoặc đổi tiêu đề)",
    ),
    (
        "tag without letters",
        ARTICLE,
        article("tags: [中文]"),
        'x.md:4: tags: "中文" không có chữ cái hay chữ số nào để làm địa chỉ trang: viết bằng chữ tiếng Việt, chữ Latinh hoặc chữ số',
    ),
    (
        "tag of punctuation",
        ARTICLE,
        article('tags: ["!!!"]'),
        'x.md:4: tags: "!!!" không có chữ cái hay chữ số nào để làm địa chỉ trang: viết bằng chữ tiếng Việt, chữ Latinh hoặc chữ số',
    ),
    (
        "section of punctuation",
        ARTICLE,
        article('section: "!!!"'),
        'x.md:4: section: "!!!" không có chữ cái hay chữ số nào để làm địa chỉ trang: viết bằng chữ tiếng Việt, chữ Latinh hoặc chữ số',
    ),
    (
        "event without letters",
        ARTICLE,
        article("events: [中文]"),
        'x.md:4: events: "中文" không có chữ cái hay chữ số nào để làm địa chỉ trang: viết bằng chữ tiếng Việt, chữ Latinh hoặc chữ số',
    ),
    (
        "alias with a hidden part",
        ARTICLE,
        article('aliases: ["/.git/x.html"]'),
        'x.md:4: aliases: "/.git/x.html" có phần bắt đầu bằng "." (tệp hay thư mục ẩn, như .git, mà trang không bao giờ ghi)',
    ),
    (
        "alias with a splat",
        ARTICLE,
        article('aliases: ["/tin/*"]'),
        'x.md:4: aliases: "/tin/*" có ký tự không dùng được trong địa chỉ: "*"',
    ),
    (
        "alias with a placeholder",
        ARTICLE,
        article('aliases: ["/tin/:slug/"]'),
        'x.md:4: aliases: "/tin/:slug/" có ký tự không dùng được trong địa chỉ: ":"',
    ),
    (
        "image named like a smaller copy",
        "content/images/hoi-nghi-anh-480w.webp",
        "not really webp",
        "content/images/hoi-nghi-anh.png:1: địa chỉ /images/hoi-nghi-anh-480w.webp trùng với ảnh "
        "content/images/hoi-nghi-anh-480w.webp: đổi tên hoặc chuyển tệp đi chỗ khác",
    ),
    (
        "static _redirects",
        "static/_redirects",
        "/a /b 301\n",
        "static/_redirects:1: địa chỉ /_redirects trùng với tệp _redirects: trang tự viết _redirects "
        "từ aliases và redirects: trong content/_site.yaml; hãy viết các quy tắc ở đó",
    ),
    (
        "static file in the search index",
        "static/pagefind/x.txt",
        "x",
        "static/pagefind/x.txt:1: /pagefind/x.txt nằm trong /pagefind/, nơi trang đăng chỉ mục tìm kiếm (Pagefind)",
    ),
    (
        "permalink with a space",
        SETTINGS,
        SETTINGS_TEXT + 'permalinks:\n  article: "/tin tức/{yyyy}/{slug}/"\n',
        'content/_site.yaml:6: permalink article "/tin tức/{yyyy}/{slug}/" có ký tự không dùng được trong địa chỉ: '
        "U+0020 (dấu cách)",
    ),
    (
        "permalink with a . part",
        SETTINGS,
        SETTINGS_TEXT + 'permalinks:\n  page: "/./{slug}/"\n',
        'content/_site.yaml:6: permalink page "/./{slug}/" có phần "." hoặc "..": viết đường dẫn đầy đủ, như /2022/11/ten-cu/',
    ),
    (
        "permalink with a conversion",
        SETTINGS,
        SETTINGS_TEXT + 'permalinks:\n  page: "/{slug!r}/"\n',
        'content/_site.yaml:6: permalink page "/{slug!r}/" phải bắt đầu và kết thúc bằng "/" và chỉ dùng {slug}',
    ),
    (
        "a broken cluster an article names",
        "content/clusters/cum-9.md",
        "---\nname: Cụm 9\n---\nx\n",
        "content/clusters/cum-9.md:1: cụm thi đua cần có provinces: danh sách các tỉnh thành viên",
    ),
    # Validated URLs: nothing that writes a second rule into _redirects, no script URLs
    (
        "alias with spaces",
        ARTICLE,
        article('aliases: ["/x https://evil.example/ 200"]'),
        'x.md:4: aliases: "/x https://evil.example/ 200" có ký tự không dùng được trong địa chỉ: U+0020 (dấu cách)',
    ),
    (
        "alias with a line break",
        ARTICLE,
        article('aliases: ["/x\\n/y https://evil.example/ 200"]'),
        'x.md:4: aliases: "/x\\u000a/y https://evil.example/ 200" có ký tự không dùng được trong địa chỉ: U+000A (dấu xuống dòng)',
    ),
    (
        "alias with a tab",
        ARTICLE,
        article('aliases: ["/x\\t/y"]'),
        "có ký tự không dùng được trong địa chỉ: U+0009 (dấu tab)",
    ),
    (
        "redirect with spaces",
        SETTINGS,
        SETTINGS_TEXT + "redirects:\n  /cu/: /moi/ 200\n",
        'content/_site.yaml:7: chuyển hướng tới "/moi/ 200": địa chỉ mới phải là địa chỉ không có dấu cách hay ký tự điều khiển',
    ),
    (
        "redirect from a line break",
        SETTINGS,
        SETTINGS_TEXT + 'redirects:\n  "/a\\n/b https://evil.example/": /moi/\n',
        'content/_site.yaml:6: chuyển hướng từ "/a\\u000a/b https://evil.example/": địa chỉ cũ có ký tự không dùng được trong địa chỉ: U+000A (dấu xuống dòng)',
    ),
    (
        "redirect to a script",
        SETTINGS,
        SETTINGS_TEXT + "redirects:\n  /cu/: 'javascript:alert(1)'\n",
        'content/_site.yaml:7: chuyển hướng tới "javascript:alert(1)": địa chỉ mới phải là địa chỉ http(s) hoặc đường dẫn từ gốc trang, không phải địa chỉ "javascript:"',
    ),
    (
        "menu link to a script",
        SETTINGS,
        SETTINGS_TEXT + "menu:\n  - {title: A, url: 'javascript:alert(1)'}\n",
        'content/_site.yaml:7: menu: url "javascript:alert(1)" phải là địa chỉ http(s) hoặc đường dẫn từ gốc trang, không phải địa chỉ "javascript:"',
    ),
    (
        "menu link to data",
        SETTINGS,
        SETTINGS_TEXT + "menu:\n  - {title: A, url: 'data:text/html,<b>x</b>'}\n",
        'menu: url "data:text/html,<b>x</b>" phải là địa chỉ http(s) hoặc đường dẫn từ gốc trang',
    ),
    (
        "menu link to a file",
        SETTINGS,
        SETTINGS_TEXT + "menu:\n  - {title: A, url: 'file:///etc/passwd'}\n",
        'menu: url "file:///etc/passwd" phải là địa chỉ http(s) hoặc đường dẫn từ gốc trang',
    ),
    (
        "lead image from a script",
        ARTICLE,
        article("image: {src: 'javascript:alert(1)', alt: Ảnh}"),
        'x.md:4: ảnh "javascript:alert(1)" phải là địa chỉ http(s) hoặc đường dẫn từ gốc trang, không phải địa chỉ "javascript:"',
    ),
    (
        "lead image from data",
        ARTICLE,
        article("image: {src: 'data:image/svg+xml,<svg/>', alt: Ảnh}"),
        'x.md:4: ảnh "data:image/svg+xml,<svg/>" phải là địa chỉ http(s) hoặc đường dẫn từ gốc trang, không phải địa chỉ "data:"',
    ),
    (
        "lead image from a file",
        ARTICLE,
        article("image: {src: 'file:///etc/passwd', alt: Ảnh}"),
        'x.md:4: ảnh "file:///etc/passwd" phải là địa chỉ http(s) hoặc đường dẫn từ gốc trang, không phải địa chỉ "file:"',
    ),
    (
        "base_url with a line break",
        SETTINGS,
        'title: T\nbase_url: "https://x.org\\nDisallow: /"\n',
        'content/_site.yaml:2: base_url "https://x.org\\u000aDisallow: /" phải là địa chỉ không có dấu cách hay ký tự điều khiển',
    ),
    (
        "base_url without a host",
        SETTINGS,
        "title: T\nbase_url: 'https:///x'\n",
        'content/_site.yaml:2: base_url "https:///x" phải có tên miền, như https://example.org/',
    ),
    # Characters pages and feeds cannot carry
    (
        "vertical tab in a title",
        ARTICLE,
        "---\ntitle: Bài\x0bmới\ndate: 2026-03-01\n---\nx\n",
        "x.md:2: dòng này có ký tự U+000B (dấu tab dọc, thường do chép từ Word) mà trang web và nguồn tin không chứa được: xóa nó đi",
    ),
    (
        "escaped vertical tab in a title",
        ARTICLE,
        '---\ntitle: "Bài\\vmới"\ndate: 2026-03-01\n---\nx\n',
        "x.md:2: title: có ký tự U+000B (dấu tab dọc, thường do chép từ Word) mà trang web và nguồn tin không chứa được: xóa nó đi",
    ),
    (
        "page break in the body",
        ARTICLE,
        article("", "Một.\n\nHai\x0cba.\n"),
        "x.md:8: dòng này có ký tự U+000C (dấu ngắt trang) mà trang web và nguồn tin không chứa được: xóa nó đi",
    ),
    (
        "escape in the body",
        ARTICLE,
        article("", "Một \x1b[31m đỏ.\n"),
        "x.md:6: dòng này có ký tự U+001B (ký tự escape) mà trang web và nguồn tin không chứa được: xóa nó đi",
    ),
    (
        "NUL in the body",
        ARTICLE,
        article("", "Một\x00hai.\n"),
        "x.md:6: dòng này có ký tự U+0000 (ký tự NUL) mà trang web và nguồn tin không chứa được: xóa nó đi",
    ),
    (
        "noncharacter in the body",
        ARTICLE,
        article("", "Một\ufffehai.\n"),
        "x.md:6: dòng này có ký tự U+FFFE (một ký tự điều khiển vô hình) mà trang web và nguồn tin không chứa được: xóa nó đi",
    ),
    (
        "C1 control in a tag",
        ARTICLE,
        article("tags: [a\u0085b]"),
        "x.md:4: dòng này có ký tự U+0085 (một ký tự điều khiển vô hình) mà trang web và nguồn tin không chứa được: xóa nó đi",
    ),
    (
        "entity of a page break",
        ARTICLE,
        article("", "Một &#12; hai.\n"),
        "x.md:6: một mã ký tự trong bài (như &#12;) tạo ra ký tự U+000C (dấu ngắt trang) mà trang web và nguồn tin không chứa được: xóa nó đi",
    ),
    # Names a file system accepts
    (
        "slug of 256 characters",
        ARTICLE,
        article("slug: " + "a" * 256),
        "x.md:4: slug dài 256 ký tự, quá 200 ký tự cho phép (có phải aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa?)",
    ),
    (
        "title of 300 characters",
        ARTICLE,
        "---\ntitle: " + "Tin " * 75 + "\ndate: 2026-03-01\n---\nx\n",
        "x.md:2: tiêu đề tạo ra địa chỉ trang dài 299 ký tự, quá 200 ký tự cho phép: thêm một địa chỉ ngắn hơn, như slug: tin-tin-tin-tin-tin-tin-tin-tin-tin-tin-tin-tin-tin-tin-tin-tin-tin-tin-tin-tin",
    ),
    (
        "tag of 300 characters",
        ARTICLE,
        article(f"tags: [{LONG}]"),
        'x.md:4: tags: "' + "a" * 39 + '…" dài 300 ký tự, quá dài cho địa chỉ trang',
    ),
    (
        "alias of 300 characters",
        ARTICLE,
        article(f"aliases: [/{LONG}/]"),
        "có một phần dài 300 byte; tên tệp chỉ được tối đa 255",
    ),
    # Dates that exist in every time zone
    (
        "date past the year 9999 in UTC",
        ARTICLE,
        "---\ntitle: A\ndate: 9999-12-31T23:59:59-12:00\n---\nx\n",
        'x.md:3: date: "9999-12-31 23:59:59-12:00" nằm ngoài khoảng ngày trang có thể hiển thị: viết một ngày trong khoảng năm 1 đến năm 9999',
    ),
    (
        "date before the year 1 in UTC",
        ARTICLE,
        "---\ntitle: A\ndate: 0001-01-01T00:00:00+14:00\n---\nx\n",
        'x.md:3: date: "0001-01-01 00:00:00+14:00" nằm ngoài khoảng ngày trang có thể hiển thị',
    ),
    (
        "event date past the year 9999",
        ARTICLE,
        article("events: [{name: Hội nghị, date: '9999-12-31T23:00:00-12:00'}]"),
        'x.md:4: events: "9999-12-31T23:00:00-12:00" nằm ngoài khoảng ngày trang có thể hiển thị: viết một ngày trong khoảng năm 1 đến năm 9999',
    ),
]


@pytest.mark.parametrize("name,rel,text,message", CASES, ids=[c[0] for c in CASES])
def test_hostile_input_is_one_clear_error_in_check_as_in_build(site, capsys, name, rel, text, message):
    if name == "image named like a smaller copy":
        import io

        from PIL import Image

        buffer = io.BytesIO()
        Image.new("RGB", (600, 400), (10, 20, 30)).save(buffer, "PNG")
        (site / "content/images/hoi-nghi-anh.png").write_bytes(buffer.getvalue())
    assert run(site, "build") == 0
    before = tree(site / "public")
    capsys.readouterr()
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    for command in ("check", "build"):
        assert run(site, command) == 1, (command, capsys.readouterr().err)
        err = capsys.readouterr().err
        assert message in err, (command, err)
        assert "Traceback" not in err
    assert tree(site / "public") == before


def test_two_articles_with_one_alias_name_both(site, capsys):
    for name in ("a", "b"):
        (site / f"content/articles/2026/{name}.md").write_text(
            f"---\ntitle: Bài {name}\ndate: 2026-03-01\naliases: [/tin-cu/]\n---\nx\n", encoding="utf-8"
        )
    assert run(site, "check") == 1
    assert (
        "content/articles/2026/b.md:4: địa chỉ /tin-cu/ trùng với một địa chỉ cũ (aliases) của "
        "content/articles/2026/a.md (dòng 4): xóa nó đi hoặc viết một địa chỉ khác"
    ) in capsys.readouterr().err


def test_a_redirect_of_the_settings_is_named_where_it_is(site, capsys):
    settings = site / SETTINGS
    settings.write_text(settings.read_text(encoding="utf-8") + "  /2026/02/dai-hoi-gia-lai/: /\n", encoding="utf-8")
    assert run(site, "check") == 1
    assert (
        "content/_site.yaml:10: địa chỉ /2026/02/dai-hoi-gia-lai/ trùng với bài "
        "content/articles/2026/dai-hoi-gia-lai.md: xóa nó đi hoặc viết một địa chỉ khác"
    ) in capsys.readouterr().err


def test_redirects_file_holds_one_rule_a_line(site):
    (site / ARTICLE).write_text(
        article("aliases: [/tin-cu/, /tin-t%E1%BB%A9c/, /tài-liệu/bài.html, /bao-cao.pdf]"), encoding="utf-8"
    )
    assert run(site, "build") == 0
    rules = (site / "public/_redirects").read_text(encoding="utf-8").splitlines()
    assert all(len(rule.split()) == 3 and rule.endswith(" 301") for rule in rules), rules
    assert "/tin-cu/ /2026/03/bai-moi/ 301" in rules and "/bao-cao.pdf /2026/03/bai-moi/ 301" in rules
    # A page at each old path that names a page, found where a static host looks for it (decoded)
    assert "bai-moi" in (site / "public/tin-tức/index.html").read_text(encoding="utf-8")
    assert (site / "public/tài-liệu/bài.html").is_file()
    assert not (site / "public/bao-cao.pdf").exists()  # (an HTML page there would be served as a PDF)


def test_a_body_image_from_a_script_is_not_published(site):
    (site / ARTICLE).write_text(
        article("", 'Mở đầu.\n\n![Ảnh](javascript:alert(1))\n\n<img src="javascript:alert(2)" alt="x">\n'),
        encoding="utf-8",
    )
    assert run(site, "build") == 0
    published = (site / "public/2026/03/bai-moi/index.html").read_text(encoding="utf-8")
    assert 'src="javascript:' not in published and '<img src="javascript' not in published


def test_a_base_url_with_a_line_break_on_the_command_line_is_a_usage_error(site, capsys):
    assert main(["build", "--source", str(site), "--base-url", "https://x.org\nDisallow: /", "--now", NOW]) == 2
    assert "phải là địa chỉ không có dấu cách hay ký tự điều khiển" in capsys.readouterr().err
    assert not (site / "public").exists()


@pytest.mark.parametrize(
    "text, message",
    [
        ('title: "Tin\\vthử"\n', "content/_site.yaml:1: title: có ký tự U+000B (dấu tab dọc, thường do chép từ Word)"),
        (
            'title: T\nmenu:\n  - {title: "A\\fB", url: /a/}\n',
            "content/_site.yaml:2: menu: có ký tự U+000C (dấu ngắt trang)",
        ),
    ],
)
def test_settings_text_that_feeds_cannot_carry(site, capsys, text, message):
    (site / SETTINGS).write_text(text, encoding="utf-8")
    for command in ("check", "build"):
        assert run(site, command) == 1
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err, err
