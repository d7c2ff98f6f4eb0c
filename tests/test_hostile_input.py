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
    ("alias /./", ARTICLE, article("aliases: [/./]"), 'x.md:4: alias "/./" has a "." or ".." part'),
    (
        "alias with //",
        ARTICLE,
        article("aliases: [/2022//11/cum-thi-dua-so-6-tong-ket-nam-2022/]"),
        'x.md:4: alias "/2022//11/cum-thi-dua-so-6-tong-ket-nam-2022/" has an empty part ("//")',
    ),
    (
        "alias with /./",
        ARTICLE,
        article("aliases: [/2022/./11/cum-thi-dua-so-6-tong-ket-nam-2022/]"),
        'x.md:4: alias "/2022/./11/cum-thi-dua-so-6-tong-ket-nam-2022/" has a "." or ".." part',
    ),
    ("alias /.", ARTICLE, article("aliases: [/.]"), 'x.md:4: alias "/." has a "." or ".." part'),
    ("alias /x/.", ARTICLE, article("aliases: [/x/.]"), 'x.md:4: alias "/x/." has a "." or ".." part'),
    (
        "alias of the home page",
        ARTICLE,
        article("aliases: [/]"),
        "content/articles/2026/x.md:4: URL / is also the URL of the home page",
    ),
    (
        "alias of the search page",
        ARTICLE,
        article("aliases: [/tim-kiem/]"),
        "content/articles/2026/x.md:4: URL /tim-kiem/ is also the URL of the search page",
    ),
    (
        "alias of a static file",
        ARTICLE,
        article("aliases: [/favicon.svg]"),
        "content/articles/2026/x.md:4: URL /favicon.svg is also the URL of the static file favicon.svg",
    ),
    (
        "alias of _redirects",
        ARTICLE,
        article("aliases: [/_redirects]"),
        "content/articles/2026/x.md:4: /_redirects/ would need a folder where the file /_redirects of the file "
        "_redirects is",
    ),
    (
        "alias of an article, percent-encoded",
        ARTICLE,
        article("aliases: [/2026/02/dai-hoi-gia-l%61i/]"),
        "content/articles/2026/x.md:4: URL /2026/02/dai-hoi-gia-l%61i/ (the file of /2026/02/dai-hoi-gia-lai/) "
        "is also the URL of the article content/articles/2026/dai-hoi-gia-lai.md",
    ),
    (
        "alias under a feed",
        ARTICLE,
        article("aliases: [/rss.xml/]"),
        "content/articles/2026/x.md:4: /rss.xml/ would need a folder where the file /rss.xml of the file rss.xml is",
    ),
    (
        "alias in the search index",
        ARTICLE,
        article("aliases: [/pagefind/x/]"),
        "content/articles/2026/x.md:4: /pagefind/x/ is inside /pagefind/, where the build publishes the search index",
    ),
    (
        "page over the search page",
        "content/pages/tim-kiem.md",
        page("Tìm kiếm"),
        "content/pages/tim-kiem.md:1: URL /tim-kiem/ is also the URL of the search page",
    ),
    (
        "page over the provinces page",
        "content/pages/tinh.md",
        page("Tỉnh"),
        "content/pages/tinh.md:1: URL /tinh/ is also the URL of the provinces page",
    ),
    (
        "page over the clusters page",
        "content/pages/cum.md",
        page("Cụm thi đua"),
        "content/pages/cum.md:1: URL /cum-thi-dua/ is also the URL of the clusters page",
    ),
    (
        "tag without letters",
        ARTICLE,
        article("tags: [中文]"),
        'x.md:4: tags: "中文" has no letter or digit that a URL can show',
    ),
    ("tag of punctuation", ARTICLE, article('tags: ["!!!"]'), 'x.md:4: tags: "!!!" has no letter or digit'),
    ("section of punctuation", ARTICLE, article('section: "!!!"'), 'x.md:4: section: "!!!" has no letter or digit'),
    ("event without letters", ARTICLE, article("events: [中文]"), 'x.md:4: events: "中文" has no letter or digit'),
    (
        "alias with a hidden part",
        ARTICLE,
        article('aliases: ["/.git/x.html"]'),
        'x.md:4: alias "/.git/x.html" has a part starting with "." (a hidden file or folder',
    ),
    (
        "alias with a splat",
        ARTICLE,
        article('aliases: ["/tin/*"]'),
        'x.md:4: alias "/tin/*" has a character a URL path cannot have: "*"',
    ),
    (
        "alias with a placeholder",
        ARTICLE,
        article('aliases: ["/tin/:slug/"]'),
        'x.md:4: alias "/tin/:slug/" has a character a URL path cannot have: ":"',
    ),
    (
        "image named like a smaller copy",
        "content/images/hoi-nghi-anh-480w.webp",
        "not really webp",
        "content/images/hoi-nghi-anh.png:1: URL /images/hoi-nghi-anh-480w.webp is also the URL of the image "
        "content/images/hoi-nghi-anh-480w.webp: rename or move the file",
    ),
    (
        "static _redirects",
        "static/_redirects",
        "/a /b 301\n",
        "static/_redirects:1: URL /_redirects is also the URL of the file _redirects: the build writes _redirects "
        "from aliases and redirects: in content/_site.yaml; write your rules there",
    ),
    (
        "static file in the search index",
        "static/pagefind/x.txt",
        "x",
        "static/pagefind/x.txt:1: /pagefind/x.txt is inside /pagefind/, where the build publishes the search index",
    ),
    (
        "permalink with a space",
        SETTINGS,
        SETTINGS_TEXT + 'permalinks:\n  article: "/tin tức/{yyyy}/{slug}/"\n',
        'content/_site.yaml:6: permalink article "/tin tức/{yyyy}/{slug}/" has a character a URL path cannot have: '
        "U+0020 (space)",
    ),
    (
        "permalink with a . part",
        SETTINGS,
        SETTINGS_TEXT + 'permalinks:\n  page: "/./{slug}/"\n',
        'content/_site.yaml:6: permalink page "/./{slug}/" has a "." or ".." part',
    ),
    (
        "permalink with a conversion",
        SETTINGS,
        SETTINGS_TEXT + 'permalinks:\n  page: "/{slug!r}/"\n',
        'content/_site.yaml:6: permalink page "/{slug!r}/" must start and end with "/" and use only {slug}',
    ),
    (
        "a broken cluster an article names",
        "content/clusters/cum-9.md",
        "---\nname: Cụm 9\n---\nx\n",
        "content/clusters/cum-9.md:1: a cluster needs provinces: the list of its members",
    ),
    # Validated URLs: nothing that writes a second rule into _redirects, no script URLs
    (
        "alias with spaces",
        ARTICLE,
        article('aliases: ["/x https://evil.example/ 200"]'),
        'x.md:4: alias "/x https://evil.example/ 200" has a character a URL path cannot have: U+0020 (space)',
    ),
    (
        "alias with a line break",
        ARTICLE,
        article('aliases: ["/x\\n/y https://evil.example/ 200"]'),
        'x.md:4: alias "/x\\u000a/y https://evil.example/ 200" has a character a URL path cannot have: U+000A',
    ),
    ("alias with a tab", ARTICLE, article('aliases: ["/x\\t/y"]'), "has a character a URL path cannot have: U+0009"),
    (
        "redirect with spaces",
        SETTINGS,
        SETTINGS_TEXT + "redirects:\n  /cu/: /moi/ 200\n",
        'content/_site.yaml:7: redirect to "/moi/ 200": the new URL must be a URL without spaces',
    ),
    (
        "redirect from a line break",
        SETTINGS,
        SETTINGS_TEXT + 'redirects:\n  "/a\\n/b https://evil.example/": /moi/\n',
        'content/_site.yaml:6: redirect from "/a\\u000a/b https://evil.example/": the old path has a character',
    ),
    (
        "redirect to a script",
        SETTINGS,
        SETTINGS_TEXT + "redirects:\n  /cu/: 'javascript:alert(1)'\n",
        'content/_site.yaml:7: redirect to "javascript:alert(1)": the new URL must be a http(s) URL or a path',
    ),
    (
        "menu link to a script",
        SETTINGS,
        SETTINGS_TEXT + "menu:\n  - {title: A, url: 'javascript:alert(1)'}\n",
        'content/_site.yaml:7: menu url "javascript:alert(1)" must be a http(s) URL or a path from the site root',
    ),
    (
        "menu link to data",
        SETTINGS,
        SETTINGS_TEXT + "menu:\n  - {title: A, url: 'data:text/html,<b>x</b>'}\n",
        'menu url "data:text/html,<b>x</b>" must be a http(s) URL',
    ),
    (
        "menu link to a file",
        SETTINGS,
        SETTINGS_TEXT + "menu:\n  - {title: A, url: 'file:///etc/passwd'}\n",
        'menu url "file:///etc/passwd" must be a http(s) URL',
    ),
    (
        "lead image from a script",
        ARTICLE,
        article("image: {src: 'javascript:alert(1)', alt: Ảnh}"),
        'x.md:4: image "javascript:alert(1)" must be a http(s) URL or a path from the site root, not a "javascript:" URL',
    ),
    (
        "lead image from data",
        ARTICLE,
        article("image: {src: 'data:image/svg+xml,<svg/>', alt: Ảnh}"),
        'x.md:4: image "data:image/svg+xml,<svg/>" must be a http(s) URL',
    ),
    (
        "lead image from a file",
        ARTICLE,
        article("image: {src: 'file:///etc/passwd', alt: Ảnh}"),
        'x.md:4: image "file:///etc/passwd" must be a http(s) URL',
    ),
    (
        "base_url with a line break",
        SETTINGS,
        'title: T\nbase_url: "https://x.org\\nDisallow: /"\n',
        'content/_site.yaml:2: base_url "https://x.org\\u000aDisallow: /" must be a URL without spaces',
    ),
    (
        "base_url without a host",
        SETTINGS,
        "title: T\nbase_url: 'https:///x'\n",
        'content/_site.yaml:2: base_url "https:///x" must name a host',
    ),
    # Characters pages and feeds cannot carry
    (
        "vertical tab in a title",
        ARTICLE,
        "---\ntitle: Bài\x0bmới\ndate: 2026-03-01\n---\nx\n",
        "x.md:2: this line has U+000B (a vertical tab, often left by copying from Word)",
    ),
    (
        "escaped vertical tab in a title",
        ARTICLE,
        '---\ntitle: "Bài\\vmới"\ndate: 2026-03-01\n---\nx\n',
        "x.md:2: title: has U+000B",
    ),
    (
        "page break in the body",
        ARTICLE,
        article("", "Một.\n\nHai\x0cba.\n"),
        "x.md:8: this line has U+000C (a page break)",
    ),
    ("escape in the body", ARTICLE, article("", "Một \x1b[31m đỏ.\n"), "x.md:6: this line has U+001B (an escape)"),
    ("NUL in the body", ARTICLE, article("", "Một\x00hai.\n"), "x.md:6: this line has U+0000 (a NUL)"),
    ("noncharacter in the body", ARTICLE, article("", "Một\ufffehai.\n"), "x.md:6: this line has U+FFFE"),
    ("C1 control in a tag", ARTICLE, article("tags: [a\u0085b]"), "x.md:4: this line has U+0085"),
    (
        "entity of a page break",
        ARTICLE,
        article("", "Một &#12; hai.\n"),
        "x.md:6: an entity in the text (such as &#12;) gives U+000C (a page break)",
    ),
    # Names a file system accepts
    (
        "slug of 256 characters",
        ARTICLE,
        article("slug: " + "a" * 256),
        "x.md:4: slug has 256 characters, more than the 200 a URL part may have here",
    ),
    (
        "title of 300 characters",
        ARTICLE,
        "---\ntitle: " + "Tin " * 75 + "\ndate: 2026-03-01\n---\nx\n",
        "x.md:2: title gives a slug of 299 characters, more than the 200 a URL part may have here: add a shorter one",
    ),
    (
        "tag of 300 characters",
        ARTICLE,
        article(f"tags: [{LONG}]"),
        'x.md:4: tags: "' + "a" * 39 + '…" is 300 characters long',
    ),
    (
        "alias of 300 characters",
        ARTICLE,
        article(f"aliases: [/{LONG}/]"),
        "has a part of 300 bytes; a file name may have at most 255",
    ),
    # Dates that exist in every time zone
    (
        "date past the year 9999 in UTC",
        ARTICLE,
        "---\ntitle: A\ndate: 9999-12-31T23:59:59-12:00\n---\nx\n",
        'x.md:3: date: "9999-12-31 23:59:59-12:00" is out of the range of dates a site can show',
    ),
    (
        "date before the year 1 in UTC",
        ARTICLE,
        "---\ntitle: A\ndate: 0001-01-01T00:00:00+14:00\n---\nx\n",
        "is out of the range of dates a site can show",
    ),
    (
        "event date past the year 9999",
        ARTICLE,
        article("events: [{name: Hội nghị, date: '9999-12-31T23:00:00-12:00'}]"),
        'x.md:4: event date: "9999-12-31T23:00:00-12:00" is out of the range',
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
        "content/articles/2026/b.md:4: URL /tin-cu/ is also the URL of an alias of content/articles/2026/a.md "
        "(line 4): remove it or write another path"
    ) in capsys.readouterr().err


def test_a_redirect_of_the_settings_is_named_where_it_is(site, capsys):
    settings = site / SETTINGS
    settings.write_text(settings.read_text(encoding="utf-8") + "  /2026/02/dai-hoi-gia-lai/: /\n", encoding="utf-8")
    assert run(site, "check") == 1
    assert (
        "content/_site.yaml:10: URL /2026/02/dai-hoi-gia-lai/ is also the URL of the article "
        "content/articles/2026/dai-hoi-gia-lai.md: remove it or write another path"
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
    assert "must be a URL without spaces or control characters" in capsys.readouterr().err
    assert not (site / "public").exists()


@pytest.mark.parametrize(
    "text, message",
    [
        ('title: "Tin\\vthử"\n', "content/_site.yaml:1: title: has U+000B (a vertical tab"),
        ('title: T\nmenu:\n  - {title: "A\\fB", url: /a/}\n', "content/_site.yaml:2: menu: has U+000C (a page break)"),
    ],
)
def test_settings_text_that_feeds_cannot_carry(site, capsys, text, message):
    (site / SETTINGS).write_text(text, encoding="utf-8")
    for command in ("check", "build"):
        assert run(site, command) == 1
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err, err
