"""Each kind of bad input: one clear path:line message, exit 1, no traceback, previous output untouched."""

from __future__ import annotations

import pytest
from conftest import run, tree

GOOD = "content/articles/2026/dai-hoi-gia-lai.md"


def write(site, rel, text: str | bytes) -> None:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


def article(front: str, body: str = "Nội dung.\n") -> str:
    return f"---\n{front}\n---\n{body}"


CASES = [
    (
        "broken YAML",
        "content/articles/x.md",
        article("title: A\ndate: 2022-01-01\ntags: [a, b"),
        "content/articles/x.md:4: thiếu dấu ] đóng danh sách mở bằng [ ở dòng này",
    ),
    (
        "front matter not a mapping",
        "content/articles/x.md",
        article("- a\n- b"),
        "content/articles/x.md:2: phần đầu bài phải gồm các dòng dạng khóa: giá trị",
    ),
    ("empty file", "content/articles/x.md", "", "content/articles/x.md:1: tệp trống"),
    (
        "missing title",
        "content/articles/x.md",
        article("date: 2022-01-01"),
        "content/articles/x.md:1: thiếu title: thêm một dòng title: … vào phần đầu bài",
    ),
    (
        "empty title",
        "content/articles/x.md",
        article('date: 2022-01-01\ntitle: "  "'),
        "content/articles/x.md:3: thiếu title",
    ),
    (
        "unparseable date",
        "content/articles/x.md",
        article("title: A\ndate: 29/11/2022"),
        'content/articles/x.md:3: date: ngày "29/11/2022" chưa đúng dạng: viết 2022-11-29',
    ),
    (
        "date that does not exist",
        "content/articles/x.md",
        article("title: A\ndate: 2026-13-45"),
        'content/articles/x.md:3: date: ngày "2026-13-45" không có thật (tháng phải từ 1 đến 12)',
    ),
    (
        "nested date that does not exist",
        "content/articles/x.md",
        article("title: A\ndate: 2022-01-01\nevents:\n  - {name: Hội nghị, date: 2022-02-30}"),
        'content/articles/x.md:5: date: ngày "2022-02-30" không có thật (tháng này không có ngày đó)',
    ),
    (
        "settings date that does not exist",
        "content/_site.yaml",
        "title: T\nlaunched: 2026-02-30\n",
        'content/_site.yaml:2: launched: ngày "2026-02-30" không có thật',
    ),
    (
        "non-UTF-8 file",
        "content/articles/x.md",
        b"---\ntitle: C\xe0 Mau (Latin-1)\n---\n",
        "content/articles/x.md:2: tệp không phải văn bản UTF-8: mở tệp rồi lưu lại với bảng mã UTF-8",
    ),
    (
        "unknown province",
        "content/articles/x.md",
        article("title: A\ndate: 2022-01-01\nprovinces: [Qaunrg Ngãi]"),
        'content/articles/x.md:4: provinces: tỉnh "Qaunrg Ngãi" không có trong danh sách tỉnh, thành phố — có phải "Quảng Ngãi"?',
    ),
    (
        "unknown cluster",
        "content/articles/x.md",
        article("title: A\ndate: 2022-01-01\ncluster: cum-66"),
        'content/articles/x.md:4: cluster: không có cụm thi đua "cum-66" (có phải "cum-6"?)',
    ),
    (
        "cluster with unknown province",
        "content/clusters/cum-2.md",
        article("name: Cụm 2\nprovinces: [Bìn Thuận]"),
        'content/clusters/cum-2.md:3: provinces: tỉnh "Bìn Thuận" không có trong danh sách tỉnh, thành phố — có phải "Bình Thuận"?',
    ),
    (
        "unknown layout",
        "content/articles/x.md",
        article("title: A\ndate: 2022-01-01\nlayout: artcle"),
        'content/articles/x.md:4: không có mẫu trang (layout) "artcle" (có phải "article.html"?)',
    ),
    (
        "placeholder alt",
        "content/articles/x.md",
        article("title: A\ndate: 2022-01-01", "Mở đầu.\n\n![tm-img-alt](/images/hoi-nghi.svg)\n"),
        'content/articles/x.md:7: ảnh "/images/hoi-nghi.svg" cần lời mô tả ảnh (alt)',
    ),
    (
        "empty alt",
        "content/articles/x.md",
        article("title: A\ndate: 2022-01-01", "![](/images/hoi-nghi.svg)\n"),
        'content/articles/x.md:5: ảnh "/images/hoi-nghi.svg" cần lời mô tả ảnh (alt)',
    ),
    (
        "lead image without alt",
        "content/articles/x.md",
        article("title: A\ndate: 2022-01-01\nimage: {src: /images/hoi-nghi.svg}"),
        'content/articles/x.md:4: ảnh "/images/hoi-nghi.svg" cần lời mô tả ảnh (alt)',
    ),
    (
        "slug with ..",
        "content/articles/x.md",
        article("title: A\ndate: 2022-01-01\nslug: ../../etc"),
        'content/articles/x.md:4: slug "../../etc" chỉ được có chữ thường không dấu, chữ số và dấu gạch ngang',
    ),
    (
        "slug with /",
        "content/articles/x.md",
        article("title: A\ndate: 2022-01-01\nslug: a/b"),
        'content/articles/x.md:4: slug "a/b" chỉ được có chữ thường không dấu, chữ số và dấu gạch ngang',
    ),
    (
        "alias leaving the output",
        "content/articles/x.md",
        article("title: A\ndate: 2022-01-01\naliases: [/../../x/]"),
        'content/articles/x.md:4: aliases: "/../../x/" có phần "." hoặc ".."',
    ),
    (
        "two articles on one URL",
        "content/articles/2026/copy.md",
        article("title: Đại hội Gia Lai\ndate: 2026-02-20"),
        "content/articles/2026/dai-hoi-gia-lai.md:1: địa chỉ /2026/02/dai-hoi-gia-lai/ trùng với bài content/articles/2026/copy.md: đặt cho một trong hai bài một slug: khác",
    ),
    (
        "non-UTF-8 settings",
        "content/_site.yaml",
        b"title: T\ndescription: C\xe0 Mau\n",
        "content/_site.yaml:2: tệp không phải văn bản UTF-8",
    ),
    (
        "bad base_url",
        "content/_site.yaml",
        "title: T\nbase_url: tin.example.org\n",
        'content/_site.yaml:2: base_url "tin.example.org" phải bắt đầu bằng http:// hoặc https://',
    ),
    (
        "unknown setting",
        "content/_site.yaml",
        "title: T\npage_sise: 10\n",
        'content/_site.yaml:2: không có cài đặt "page_sise" (có phải "page_size"?)',
    ),
]


@pytest.mark.parametrize("name,rel,text,message", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_reported_and_previous_output_kept(site, capsys, name, rel, text, message):
    assert run(site, "build") == 0
    before = tree(site / "public")
    capsys.readouterr()
    write(site, rel, text)
    assert run(site, "build") == 1
    err = capsys.readouterr().err
    assert message in err, err
    assert "Traceback" not in err
    assert tree(site / "public") == before
    assert not list(site.glob(".public.staging-*"))


def test_every_error_is_reported_in_one_run(site, capsys):
    write(site, "content/articles/a.md", article("title: A\ndate: 2022-01-01\nprovinces: [Hà Nộii]"))
    write(site, "content/articles/b.md", article("date: 2022-01-01"))
    write(site, "content/articles/c.md", "")
    assert run(site, "check") == 1
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("content/")]
    assert lines == [
        'content/articles/a.md:4: provinces: tỉnh "Hà Nộii" không có trong danh sách tỉnh, thành phố — có phải "Hà Nội"?',
        "content/articles/b.md:1: thiếu title: thêm một dòng title: … vào phần đầu bài",
        "content/articles/c.md:1: tệp trống: viết phần đầu bài (title:, date:) rồi nội dung, hoặc tạo bài bằng site-builder new",
    ]


def test_template_error_names_the_layout(site, capsys):
    write(site, "layouts/article.html", "{% extends 'base.html' %}\n{% block main %}{{ article.title }\n{% endblock %}")
    assert run(site, "build") == 1
    err = capsys.readouterr().err
    assert "article.html:2: lỗi mẫu trang" in err and "Traceback" not in err


def test_output_that_would_replace_the_site_is_a_usage_error(site, capsys):
    from site_builder.cli import main

    assert main(["build", "--source", str(site), "--output", str(site)]) == 2
    assert (site / "content").is_dir()


def test_editor_pick_that_names_no_article(site, capsys):
    write(site, "content/articles/x.md", article("title: A\ndate: 2022-01-01\nrelated: [dai-hoi-gia-lia]"))
    assert run(site, "check") == 1
    assert (
        'content/articles/x.md:4: related: không có bài nào có địa chỉ (slug) "dai-hoi-gia-lia" (có phải "dai-hoi-gia-lai"?)'
        in capsys.readouterr().err
    )


@pytest.mark.parametrize("first", [True, False], ids=["first build", "rebuild"])
def test_an_interrupted_build_leaves_the_previous_output(site, monkeypatch, capsys, first):
    """Ctrl+C while feeds are written: nothing half-done reaches the output."""
    import site_builder.render.feeds as feeds

    if not first:
        assert run(site, "build") == 0
        write(
            site, GOOD, article("title: Đại hội Gia Lai (sửa)\nslug: dai-hoi-gia-lai\ndate: 2026-02-05T08:00:00+07:00")
        )
    before = tree(site / "public") if not first else None

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(feeds, "atom", interrupted)
    assert run(site, "build") == 130
    assert "site-builder: đã dừng giữa chừng; trang đã đăng giữ nguyên" in capsys.readouterr().err
    if first:
        assert not (site / "public").exists()
    else:
        assert tree(site / "public") == before
    # nothing left over beside the output but what write.py keeps there: the lock, the list of the
    # output's files and the previous tree (hard links)
    assert {p.name for p in site.glob(".public.*")} <= {".public.lock", ".public.files.json", ".public.shadow"}


def test_an_article_that_cannot_be_read_is_a_path_line_error(site, capsys, monkeypatch):
    """A link to nothing is found while listing; a file that goes away between its stat and its
    reading (here: in the worker) is found while reading. Both: path:1, exit 1, no traceback."""
    import site_builder.content.load

    assert run(site, "build") == 0
    before = tree(site / "public")
    capsys.readouterr()
    (site / "content/articles/2026/gone.md").symlink_to(site / "content/articles/2026/nowhere.md")
    assert run(site, "build") == 1
    err = capsys.readouterr().err
    assert "content/articles/2026/gone.md:1: không đọc được tệp: No such file or directory" in err, err
    assert "Traceback" not in err and tree(site / "public") == before
    (site / "content/articles/2026/gone.md").unlink()

    real = site_builder.content.load.read_bytes

    def vanished(path):
        if path.name == "can-tho.md":
            raise FileNotFoundError(2, "No such file or directory")
        return real(path)

    monkeypatch.setattr(site_builder.content.load, "read_bytes", vanished)
    path = site / "content/articles/2026/can-tho.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Cần Thơ ký kết", "Cần Thơ ký"), encoding="utf-8")
    assert run(site, "build") == 1
    err = capsys.readouterr().err
    assert "content/articles/2026/can-tho.md:1: không đọc được tệp: No such file or directory" in err, err
    assert "Traceback" not in err and tree(site / "public") == before


@pytest.mark.parametrize("jobs", ["1", "3"])
@pytest.mark.parametrize(
    "layout, message",
    [
        (
            "{% extends 'base.html' %}\n{% block main %}{{ article.title }\n{% endblock %}",
            "article.html:2: lỗi mẫu trang",
        ),
        (
            "{% extends 'base.html' %}\n{% block main %}{{ article.no_such.thing }}{% endblock %}",
            "lỗi mẫu trang khi dựng /",
        ),
    ],
)
def test_a_template_error_in_any_worker_fails_the_build_and_keeps_the_last_output(
    site, capsys, monkeypatch, jobs, layout, message
):
    """With workers (and the build's own process rendering a share) as with one process: the
    error is reported without a traceback, exit 1, and the last good output is left as it was."""
    import site_builder.build
    from site_builder.cli import main

    monkeypatch.setattr(site_builder.build, "PARALLEL_MIN", 1)
    assert run(site, "build") == 0
    before = tree(site / "public")
    write(site, "layouts/article.html", layout)
    assert main(["build", "--source", str(site), "--jobs", jobs, "--quiet", "--now", "2026-11-29T12:00:00+07:00"]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert tree(site / "public") == before


def test_check_finds_a_template_slip_as_build_does(site, capsys):
    """`check` renders nothing, but parses the layouts pages use (and what they extend or include)."""
    write(site, "layouts/partials/breadcrumbs.html", "{% for c in page.breadcrumbs %}{{ c[0] }\n{% endfor %}")
    assert run(site, "check") == 1
    err = capsys.readouterr().err
    assert "layouts/partials/breadcrumbs.html:1: lỗi mẫu trang" in err and "Traceback" not in err
    assert run(site, "build") == 1
    assert "layouts/partials/breadcrumbs.html:1: lỗi mẫu trang" in capsys.readouterr().err


def test_an_image_that_cannot_be_decoded_is_a_warning_and_published_as_it_is(site, capsys):
    """A truncated upload: its header gives a size, its pixels end early. The build goes on, says
    which file, and publishes the file as it is (no smaller copies)."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), (200, 100, 50)).save(buffer, "JPEG", quality=90)
    write(site, "content/images/hong.jpg", buffer.getvalue()[: len(buffer.getvalue()) // 3])
    write(site, "content/articles/x.md", article("title: A\ndate: 2022-01-01", "![Ảnh bị cắt](/images/hong.jpg)\n"))
    assert run(site, "build") == 0
    err = capsys.readouterr().err
    assert "content/images/hong.jpg:1: cảnh báo: ảnh này không đọc trọn được (image file is truncated" in err, err
    assert (site / "public/images/hong.jpg").is_file() and "Traceback" not in err
