"""Bodies rendered by pyromark are byte for byte what markdown-it-py (with our plugins) makes.

`render_plain` takes a body unless it has raw HTML, a numeric entity, an image other than a
figure line, a link definition, fenced code or a tab (and a few rarer things), and gives up
(None) when pyromark's HTML cannot tell what markdown-it's tokens would. Every body here is
rendered both ways; where the fast path answers, the answers must be equal. (The seeded fuzz
differential is tests/test_markdown_fuzz.py.)
"""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest

from site_builder.content.markdown import make_markdown, render_markdown, render_plain, render_with_tokens
from site_builder.content.source import parse_source

ROOT = Path(__file__).resolve().parent.parent

EDGE_CASES = [
    # a video's address in a list, a quote or a sentence stays an address (the fast path takes them)
    "Đoạn mở đầu.\n\n- https://youtu.be/dQw4w9WgXcQ\n\nĐoạn.\n\n> https://vimeo.com/1\n\nXem https://youtu.be/dQw4w9WgXc nhé.\n",
    "## Hội nghị *tổng kết*\n\nĐoạn `một`.\n\n## Hội nghị tổng kết\n\n### Hội nghị tổng kết\n",
    "# Một\n\n## Hai\n\n### Ba\n\n#### Bốn\n\n##### Năm\n\n###### Sáu\n",
    "##\n\nĐoạn sau tiêu đề rỗng.\n\n## \n",
    "## Tiêu đề có \\# và \\* và `mã` và **đậm** và _nghiêng_ ##\n\nĐoạn.\n",
    '## "Trích" > dẫn\n\nÔng nói: "Đúng > sai".\n',
    "Tiêu đề kiểu setext\n---\n\nĐoạn.\n",
    "> Trích dẫn đầu bài.\n> Dòng hai.\n\nĐoạn.\n",
    "Đoạn có ngắt dòng cứng  \nở đây và\\\ncả ở đây.\n",
    "    mã thụt lề\n    dòng hai\n\nĐoạn.\n",
    "Đoạn\n\n***\n\n---\n\n___\n",
    "*nhấn **lồng** nhau* và **đậm *trong* đậm** và ***cả hai***\n",
    "Ngoặc [không phải liên kết] và (ngoặc tròn) và [x] (y)\n",
    "Dòng kết thúc bằng CRLF\r\n\r\n## Tiêu đề CRLF\r\n",
    "Gạch chân_giữa_từ và sao*giữa*từ và `` mã có ` dấu ``.\n",
    "## 2022\n\n## 2022\n\n## 2022-1\n",
    "Đoạn một\ndòng tiếp (ngắt mềm).\n\nĐoạn hai.\n",
    "Đoạn cuối không xuống dòng",
    "",
    "\n\n\n",
    "Đoạn trước.\n\n- một\n- hai\n\n1. một\n2. hai\n   - lồng\n\n3) khác\n\n+ cộng\n\n10. mười\n11. tiếp\n",
    "Khoảng trắng\u00a0không ngắt và \\\\ gạch ngược.\n",
    # Figure lines: an image alone in its paragraph, plain alt and caption, a URL left as it is.
    '![Ảnh](/images/a.png "Chú thích")\n',
    "Đoạn.\n\n![Quang cảnh > hội nghị (ảnh 1)](/images/2022/hoi-nghi.svg \"Hội nghị (25/11): 'toàn cảnh' <b>\")\n\n## Sau\n",
    '![](/a.svg)\n\n![Hai  dấu cách ](https://example.org/anh/x_1.png)\n\n![Ba](anh.jpg "")',
    '![Đầu](/a.svg)\n\nĐoạn đầu tiên sau ảnh.\n\n![Cuối](/b.svg "Chú thích > cuối")\n',
    '# Tiêu đề\n\n![Ảnh: "trích"!](/images/a~b.webp)\n',
    "![Ảnh](/images/ảnh-hội-nghị.png)\n",
    "![Ảnh](/images/a%20b.png)\n",
    "![Ảnh](HTTPS://Example.org/a.png)\n",
    '![Ảnh](http://bộ-y-tế.gov.vn/a.png "Chú thích")\n\n*Chú thích. Ảnh: PV*\n',
    "![a](https://" + "a.b" * 90 + "/x.png)\n",  # (a host longer than mdurl keeps: dropped)
    # Links (their URLs normalised as markdown-it's normalizeLink does), autolinks, entities, tables
    "Liên kết [ở đây](https://vi.wikipedia.org/wiki/Hà_Nội).\n",
    'Theo [Cổng TTĐT](https://quangngai.gov.vn/Pages/TinTuc.aspx?ItemID=123&Cat=5 "Nguồn & \\"trích\\"").\n',
    "Xem <https://chinhphu.vn/tin-tức> hoặc <ban.bientap@quangngai.gov.vn>.\n",
    "Sở KH&CN; AT&amp;T &copy; &hellip; &quot;trích&quot;\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "Đoạn.\n\n| Đơn vị | Số | Kinh phí |\n|:---|:---:|---:|\n| Sở | 1 | 2.500 |\n| \u00a0Bộ\u00a0 | `a\\|b` | **3** |\n\nSau.\n",
    # Reported: NBSP at a paragraph's (heading's, list item's) edges, which markdown-it trims
    "\u00a0Đoạn mở đầu.\n\nĐoạn hai.\u00a0\n",
    "Đoạn.\n\n- Mục\u00a0\n  - con\n",
    "## Tiêu đề\u00a0\n\n\u00a0\n\nĐoạn.\n",
]
# Given to markdown-it-py: render_plain answers None.
GIVEN_AWAY = [
    "Mở đầu.\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\nhttps://vimeo.com/76979871\n",
    "Xem https://youtu.be/dQw4w9WgXcQ trong câu.\n\n  https://youtu.be/dQw4w9WgXcQ  \n",
    "Tiêu đề setext\nhai dòng\n---\n\nĐoạn.\n",  # the plugin's title leaves out the line break
    "- một\n- hai\n\nĐoạn sau danh sách.\n",  # first paragraph: a tight item, with no <p>
    "- một\n\n- hai (danh sách thưa)\n\nĐoạn.\n",
    "1. một\n2. hai\n",
    "Ký tự \0 rỗng.\n",
    "Tab\tở giữa\tdòng.\n\n\tmã bằng tab\n",  # tabs, fenced code, empty quotes and items: corner
    '```python\nprint("x")\n```\n\n~~~\nkhác\n~~~\n',  # cases where the two renderers differ
    "> \n\nĐoạn.\n",
    "Đoạn.\n\n-\n\n\n- a\n",
    "Ảnh ![trong dòng](/images/a.png) giữa đoạn.\n",  # images that are not figure lines
    "Đoạn.\n![Ảnh nối vào đoạn trên](/images/a.png)\n",
    "> Trích.\n![Ảnh nối vào trích dẫn](/images/a.png)\n",
    "![Ảnh thành tiêu đề](/images/a.png)\n---\n",
    "- ![Ảnh trong danh sách](/images/a.png)\n",
    "   ![Ảnh thụt lề](/images/a.png)\n",
    "![*Nhấn*](/images/a.png)\n",
    "![Ảnh](/images/a.png 'Chú thích')\n",  # captions it unescapes or other quotes
    '![Ảnh](/images/a.png "A \\\\ B")\n',
    "![Ảnh](/images/a.png) \n",
    "FIGURExSITExBUILDER0x\n\n![Ảnh](/images/a.png)\n",
    "![a\x00b](/x.png)\n",
    '![a](/x.png "c\x00d")\n',
    '![a](/x.png "c\r\rd")\n',
    "![a\r# b](/x.png)\n",
    "![a\tb](/x.png)\n",
    "a\r\rb\n\n![a](/x.png)\n",  # NUL, CR, tab: markdown-it reads them apart
    "![a](javascript:x)\n",
    "![a|b](/x.png)\n| - |\n",  # not an image to markdown-it; a table's pipe
    "[tham chiếu]\n\n[tham chiếu]: https://example.org\n",
    "<b>HTML</b> và <https://example.org>\n",
    "AT&amp;T &copy; &#123;\n",
    "Dấu&nbsp;cách\n",
    "Đoạn\n| a | b |\n|---|---|\n",  # a table in a paragraph, a row without pipes: read apart
    "| a | b |\n|---|---|\n| 1 | 2 |\nkhông có ống\n",
    "[Liên kết](javascript:alert(1)) và <javascript:alert(1)>\n",  # not links to markdown-it
    # Reported: a backslash before trailing spaces, an indented line after a lazy quote line or
    # below a list item's text, U+2028, a code span over a lazy list line
    "Dòng một\\  \ndòng hai.\n",
    "Dòng một\\ \ndòng hai.\n",
    "> Trích dẫn\ndòng lười\n    > thụt lề\n",
    "> Trích dẫn\ndòng lười\n    # thụt lề\n",
    "> Trích dẫn\n    - thụt lề\n",
    "Đoạn.\n\n100. Mục một\n    - thụt lề\n",
    "Đoạn\u2028*nhấn*\u2028.\n",
    "*\u2028a*\n",
    "Đoạn.\n\n*  Mục `mã\n  tiếp` nữa\n",
]


def bodies_of(folder: Path) -> list[str]:
    return [parse_source(p, p.read_bytes()).body for p in sorted(folder.rglob("*.md"))]


def generated_bodies(n: int) -> list[str]:
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    gen = generate.Generator(7)
    out = []
    for _ in range(n):
        _, slug, text = gen.article()
        out.append(parse_source(Path(f"{slug}.md"), text.encode("utf-8")).body)
    return out


FRAGMENTS = [
    "## Hội nghị",
    "### Kết quả *nổi bật*",
    "#### `mã`",
    "Đoạn văn thường.",
    "Dòng một\ndòng hai.",
    "- mục",
    "- mục\n- mục hai",
    "1. thứ nhất",
    "> trích",
    "> trích\n> tiếp",
    "    mã",
    "```\nmã\n```",
    "***",
    "Tiêu đề\n---",
    "Tiêu đề\n===",
    "*nghiêng* **đậm**",
    "\\*không nghiêng\\*",
    "a  \nb",
    '"ngoặc kép" > lớn hơn',
    "`x` và ``y``",
    "_a_b_",
    "  - thụt lề",
    "* sao",
    "[ngoặc]",
    "",
    "#không",
    "2. hai",
    "- [ ] việc",
    "> - trích danh sách",
    "> > lồng",
    "  > thụt",
    "## Tiêu đề ##",
    "Đoạn\n===",
    "    mã\n\n    tiếp",
    "```js\nx\n",
    "~~~ python\ny\n~~~",
    "* * *",
    "- - -",
    "***đậm nghiêng***",
    "a\\\nb",
    "\\`",
    "`` ` ``",
    "__đậm__",
    "*a **b** c*",
    "1) một",
    "- a\n\n  b",
    "-\n  a",
    "#\tTab",
    "Ký\ttab",
    "x *y*z* w",
    "[x]: không là url",
    "(x)",
    "\\[x\\](y)",
    "Đoạn  ",
    "# ",
    "### ###",
    "> ",
    "-",
    "1.",
    "    ",
    "\t- tab list",
    "'đơn'",
    "— …",
    "~gạch~",
    "$x$",
    "![Ảnh](/images/a.svg)",
    '![Ảnh hội nghị](/images/b.png "Chú thích (1/2)")',
    "![](https://x.vn/c.jpg)",
    "- ![Ảnh](/a.svg)",
    "> ![Ảnh](/a.svg)",
    "Chữ ![ảnh](/a.svg)",
    "![Ảnh](/a.svg) chữ",
    "   ![Ảnh](/a.svg)",
    "![Ảnh](/a b.svg)",
    '![Ảnh](/a.svg "x")\n---',
    "![a *b*](/a.svg)",
    "![a](</a.svg>)",
]


def random_bodies(n: int, seed: int) -> list[str]:
    r = random.Random(seed)
    return [
        "\n".join(r.choice(FRAGMENTS) + r.choice(["\n", "\n\n", ""]) for _ in range(r.randint(1, 8))) for _ in range(n)
    ]


def compare(bodies: list[str], unsafe_html: bool = False) -> int:
    """How many bodies the fast path took; each of them equal to the markdown-it-py rendering."""
    md = make_markdown(unsafe_html)
    taken = 0
    for body in bodies:
        fast = render_plain(body)
        full = render_with_tokens(md, body)
        if fast is not None:
            taken += 1
            assert fast == full, body
        assert render_markdown(md, body) == full, body
    return taken


def test_markdown_it_is_imported_only_when_a_body_needs_it():
    """pyromark renders most bodies and a warm build renders none: markdown-it-py (~25 ms to
    import) is imported by the first body that needs it, and renders it as the parser made by
    make_markdown does."""
    import subprocess
    import sys

    code = """if True:
        import sys
        from site_builder.build import build
        from site_builder.content.markdown import LazyMarkdown, make_markdown, render_markdown, render_with_tokens
        md = LazyMarkdown()
        plain = render_markdown(md, "## Tiêu đề\\n\\nĐoạn *một*.\\n\\n## Tiêu đề\\n")
        assert "markdown_it" not in sys.modules, "imported for a plain body"
        news = render_markdown(md, "Theo [Cổng](https://chinhphu.vn/tin-tức) và <https://a.gov.vn/>.\\n\\n"
                                   "| a | b |\\n|---|---|\\n| 1 | 2 |\\n\\n![Ảnh](/ảnh/a.jpg)\\n")
        assert "markdown_it" not in sys.modules, "imported for a body with links, a table, a figure"
        assert news.html.count("<a href=") == 2 and "<table>" in news.html and news.images
        assert "email" not in sys.modules, "email imported by the build's modules"
        body = "Xem [trang](/a/) và <b>đậm</b>.\\n\\n![Ảnh hội nghị](/images/a.svg)\\n"
        linked = render_markdown(md, body)
        assert "markdown_it" in sys.modules
        assert linked == render_with_tokens(make_markdown(), body), linked
        assert plain.html.count(' id="tieu-de') == 2, plain.html
        print(linked.html)
    """
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert '<a href="/a/">trang</a>' in done.stdout and "&lt;b&gt;" in done.stdout and "<figure>" in done.stdout


def test_pyromark_is_installed():
    assert importlib.util.find_spec("pyromark"), "a declared dependency: without it every body is slower"


@pytest.mark.parametrize("unsafe_html", [False, True])
def test_edge_cases_render_the_same_either_way(unsafe_html):
    assert compare(EDGE_CASES, unsafe_html) == len(EDGE_CASES)
    assert compare(GIVEN_AWAY, unsafe_html) == 0


def test_generated_news_articles_render_the_same_and_take_the_fast_path():
    bodies = generated_bodies(300)
    assert sum("![" in body for body in bodies) > 30  # figures among them
    assert compare(bodies) == len(bodies)


def test_figure_lines_give_the_images_with_their_lines():
    body = (
        'Đoạn.\n\n![Một](/images/a.svg "Chú thích")\n\nĐoạn hai\ntiếp.\n\n![Hai](/images/b.png)\n\n'
        "Xem [nguồn](https://a.gov.vn/).\n\n![Ba](https://a.gov.vn/ảnh/hội-nghị.jpg)\n\n*Chú thích.*\n"
    )
    fast = render_plain(body)
    assert fast is not None
    assert [(i.src, i.alt, i.title, i.line) for i in fast.images] == [
        ("/images/a.svg", "Một", "Chú thích", 2),
        ("/images/b.png", "Hai", "", 7),
        ("https://a.gov.vn/%E1%BA%A3nh/h%E1%BB%99i-ngh%E1%BB%8B.jpg", "Ba", "", 11),
    ]
    assert fast.html.count("<figure>") == 3
    assert fast == render_with_tokens(make_markdown(), body)


def test_the_sample_site_and_the_fixture_render_the_same():
    bodies = bodies_of(ROOT / "content") + bodies_of(ROOT / "tests/fixture/content")
    assert len(bodies) > 10
    compare(bodies)


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_random_mixtures_of_block_and_inline_markup_render_the_same(seed):
    """(Run over seeds 0-119 when the fast path was written: 180,000 bodies, 63,168 taken, none different.)"""
    bodies = random_bodies(1500, seed)
    assert compare(bodies) > 300
    assert sum(render_plain(body) is not None and "![" in body for body in bodies) > 25  # with figures


def test_a_video_address_alone_on_its_line_becomes_a_privacy_enhanced_player():
    from bs4 import BeautifulSoup

    md = make_markdown()
    body = (
        "Mở đầu.\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ&t=30s\n\nhttps://vimeo.com/76979871\n\n"
        "Xem https://youtu.be/dQw4w9WgXcQ trong câu.\n\nhttps://youtu.be/dQw4w9WgXcQ<script>alert(1)</script>\n"
    )
    assert render_plain(body) is None  # (left to markdown-it-py, whose embeds rule makes the players)
    doc = BeautifulSoup(render_markdown(md, body).html, "html.parser")
    frames = doc.find_all("iframe")
    assert [f["src"] for f in frames] == [
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        "https://player.vimeo.com/video/76979871?dnt=1",
    ]
    assert all(f["title"] and f["loading"] == "lazy" and f.parent.name == "figure" for f in frames)
    assert "https://youtu.be/dQw4w9WgXcQ trong câu." in doc.get_text()  # (in a sentence: a plain address)
    assert doc.find("script") is None and "&lt;script&gt;" in str(doc)  # raw HTML stays escaped


def test_the_sites_policy_allows_frames_from_the_two_players_only():
    from site_builder.content.embeds import FRAME_SOURCES
    from site_builder.render.headers import SITE_CSP

    frame_src = next(d for d in SITE_CSP.split("; ") if d.startswith("frame-src "))
    assert (
        frame_src.split()[1:]
        == list(FRAME_SOURCES)
        == [
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
        ]
    )
