"""What an editor sees (issue 21): messages in the site's language, names published as they are
officially written, one mistake one message, nothing left out silently, dates and image paths
answered with the form to write. Real builds of the fixture site (language: vi) in tmp folders."""

from __future__ import annotations

import re

import pytest
from conftest import NOW, html, run, tree

from site_builder import messages
from site_builder.cli import main

ARTICLE = "content/articles/2026/moi.md"


def write(site, rel: str, text: str) -> None:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def article(front: str, body: str = "Nội dung.\n") -> str:
    """An article whose own front matter starts on line 4 (title on 2, date on 3)."""
    return f"---\ntitle: Bài mới\ndate: 2026-03-01T08:00:00+07:00\n{front}\n---\n{body}"


def problems(capsys) -> list[str]:
    return [line for line in capsys.readouterr().err.splitlines() if not line.startswith("site-builder:")]


def english(site) -> None:
    settings = site / "content/_site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("language: vi", "language: en"), encoding="utf-8")


# --- Messages in the site's language --------------------------------------------------------------


def test_a_vietnamese_site_answers_in_vietnamese(site, capsys):
    write(site, ARTICLE, article("provinces: [Qaunrg Ngãi]\nlayout: artcle"))
    assert main(["build", "--source", str(site), "--now", NOW]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        'content/articles/2026/moi.md:4: provinces: tỉnh "Qaunrg Ngãi" không có trong danh sách tỉnh, thành phố '
        '— có phải "Quảng Ngãi"?',
        'content/articles/2026/moi.md:5: không có mẫu trang (layout) "artcle" (có phải "article.html"?)',
        "site-builder: 2 lỗi, 0 cảnh báo; chưa ghi gì, trang đã đăng giữ nguyên",
    ]


def test_an_english_site_answers_in_english(site, capsys):
    english(site)
    write(site, ARTICLE, article("provinces: [Qaunrg Ngãi]", "Hội nghị tại tỉnh Bìn Thuận.\n"))
    assert main(["check", "--source", str(site), "--now", NOW]) == 1
    assert capsys.readouterr().err.splitlines() == [
        'content/articles/2026/moi.md:4: provinces: unknown province "Qaunrg Ngãi" (did you mean "Quảng Ngãi"?)',
        'content/articles/2026/moi.md:6: warning: "Bìn Thuận" — did you mean "Bình Thuận"?',
        "site-builder: 1 error(s), 1 warning(s); nothing was written",
    ]


@pytest.mark.parametrize("forced, expected", [("en", "did you mean"), ("vi", "có phải")])
def test_site_builder_lang_chooses_for_whoever_wants_the_other(site, capsys, monkeypatch, forced, expected):
    if forced == "vi":
        english(site)
    monkeypatch.setenv("SITE_BUILDER_LANG", forced)
    write(site, ARTICLE, article("cluster: cum-66"))
    assert run(site, "check") == 1
    assert expected in capsys.readouterr().err


def test_a_cached_warning_is_told_in_the_language_of_the_build_that_shows_it(site, capsys, monkeypatch):
    """Warnings are kept in each article's cached record: a warm build shows them in its own language."""
    write(site, ARTICLE, article("", "Hội nghị tại tỉnh Bìn Thuận.\n"))
    assert run(site, "build") == 0
    vietnamese = problems(capsys)
    assert vietnamese == ['content/articles/2026/moi.md:6: cảnh báo: "Bìn Thuận" — có phải "Bình Thuận"?']
    monkeypatch.setenv("SITE_BUILDER_LANG", "en")
    assert run(site, "build") == 0
    assert problems(capsys) == ['content/articles/2026/moi.md:6: warning: "Bìn Thuận" — did you mean "Bình Thuận"?']
    monkeypatch.delenv("SITE_BUILDER_LANG")
    assert run(site, "build") == 0
    assert problems(capsys) == vietnamese


def test_workers_report_in_the_language_of_the_build(site, capsys, monkeypatch):
    """Errors made in forked workers (reading articles, rendering pages) are in the site's language."""
    import site_builder.build
    import site_builder.content.parse

    monkeypatch.setattr(site_builder.content.parse, "PARALLEL_MIN", 1)
    monkeypatch.setattr(site_builder.build, "PARALLEL_MIN", 1)
    write(site, ARTICLE, article("", "![Ảnh hội nghị](/images/khong-co.jpg)\n"))
    assert main(["build", "--source", str(site), "--now", NOW, "--quiet", "--jobs", "2", "--no-cache"]) == 1
    assert problems(capsys) == [
        'content/articles/2026/moi.md:6: không thấy ảnh "/images/khong-co.jpg" trong content/images/ hay static/: '
        "kiểm tra tên tệp, chữ hoa chữ thường và phần đuôi"
    ]
    write(site, ARTICLE, article(""))
    write(site, "layouts/page.html", "{% extends 'base.html' %}{% block main %}{{ page.no.thing }}{% endblock %}")
    assert main(["build", "--source", str(site), "--now", NOW, "--quiet", "--jobs", "2", "--no-cache"]) == 1
    assert "page.html:1: lỗi mẫu trang khi dựng /gioi-thieu/" in capsys.readouterr().err


def test_the_summary_is_in_the_sites_language(site, capsys):
    assert main(["build", "--source", str(site), "--now", NOW]) == 0
    summary = capsys.readouterr().out.strip()
    assert re.fullmatch(
        r"đã dựng 5 bài, \d+ trang, \d+ nguồn tin trong \d+,\d\d giây: ghi \d+ tệp, giữ nguyên 0; 0 cảnh báo", summary
    )
    english(site)
    assert main(["check", "--source", str(site), "--now", NOW]) == 0
    assert capsys.readouterr().out.strip() == "checked 5 articles: no errors, 0 warning(s)"


def test_help_is_in_vietnamese_unless_english_is_asked_for(site, capsys, monkeypatch):
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("cách dùng: site-builder build") and "tùy chọn:" in out
    assert "đăng cả bài nháp (draft: true), để xem thử" in out and "--source THƯ_MỤC" in out
    monkeypatch.setenv("SITE_BUILDER_LANG", "en")
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    assert "include articles marked draft: true" in capsys.readouterr().out
    monkeypatch.delenv("SITE_BUILDER_LANG")
    english(site)  # an English site's --help is in English
    with pytest.raises(SystemExit):
        main(["new", "--source", str(site), "--help"])
    assert "usage: site-builder new" in capsys.readouterr().out


def test_usage_errors_are_in_vietnamese(capsys):
    with pytest.raises(SystemExit) as exit:
        main(["bild"])
    assert exit.value.code == 2
    assert "site-builder: lỗi: lệnh 'bild' không có (chọn một trong " in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["new"])
    assert "site-builder: lỗi: thiếu tham số: TIÊU_ĐỀ" in capsys.readouterr().err


def test_no_content_folder_is_said_without_a_made_up_location(tmp_path, capsys):
    assert main(["build", "--source", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"site-builder: lỗi: không có thư mục content/ ở {tmp_path}: chạy lệnh trong thư mục của trang, "
        "hoặc thêm --source <thư mục trang>\n"
    )
    assert "content:1:" not in err


def test_the_serve_error_page_is_in_the_language_and_escapes_what_it_quotes():
    from pathlib import Path

    from site_builder.serve import error_page

    page = error_page(['content/a.md:4: tỉnh "<b>x</b>"'], Path("/tmp/x")).decode()
    assert '<html lang="vi">' in page and "Dựng trang không thành công: 1 lỗi" in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page and "/tmp/x" in page
    messages.choose("en")
    assert "Build failed: 1 error(s)" in error_page(["x"], Path("/tmp/x")).decode()


def test_every_message_has_both_languages_with_the_same_fields_and_is_used():
    from pathlib import Path

    fields = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
    for key, (vi, en) in messages.CATALOGUE.items():
        # (the Vietnamese may leave out a technical detail the English gives: PyYAML's own words)
        assert set(fields.findall(vi)) <= set(fields.findall(en)), key
        assert vi.strip() and en.strip(), key
    package = Path(messages.__file__).parent
    code = "".join(p.read_text(encoding="utf-8") for p in package.rglob("*.py") if p.name != "messages.py")
    code += (package / "messages.py").read_text(encoding="utf-8").split("CATALOGUE: dict")[0]
    # (a list page's kind names its claim: claim.cluster … claim.feed.province, render/claims.py)
    lists = ("cluster", "province", "event", "tag", "section", "author")
    made = {f"claim.{kind}" for kind in (*lists, "year", "month")} | {f"claim.feed.{kind}" for kind in lists}
    assert [key for key in messages.CATALOGUE if f'"{key}"' not in code and key not in made] == []


# --- Names as published -------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["Quảng Ngải", "Quãng Ngãi", "Quang Ngai", "quảng ngãi"])
def test_a_province_with_a_slip_of_marks_or_case_is_published_as_its_official_name(site, capsys, written):
    write(site, ARTICLE, article(f"provinces: [{written}]"))
    assert run(site, "build") == 0
    assert problems(capsys) == [
        f'content/articles/2026/moi.md:4: cảnh báo: provinces: "{written}" chưa viết đúng tên chính thức — trang '
        'đăng là "Quảng Ngãi"; sửa lại trong bài cho đúng'
    ]
    page = html(site / "public/2026/03/bai-moi/index.html")
    links = [a.get_text(strip=True) for a in page.select('a[href="/tinh/quang-ngai/"]')]
    assert links and set(links) == {"Quảng Ngãi"}
    assert written not in page.get_text() or written == "Quảng Ngãi"
    assert run(site, "build", "--strict") == 1  # --strict: the slip fails the build


@pytest.mark.parametrize(
    "written", ["Quảng Ngãi", "tỉnh Quảng Ngãi", "Hoà Bình", "Hòa Bình", "TP.HCM", "Thừa Thiên-Huế"]
)
def test_official_spellings_and_their_usual_forms_raise_nothing(site, capsys, written):
    write(site, ARTICLE, article(f"provinces: [{written}]"))
    assert run(site, "check", "--strict") == 0
    assert problems(capsys) == []


def test_a_cluster_id_written_with_capitals_or_marks_is_read_with_a_warning(site, capsys):
    write(site, ARTICLE, article("cluster: Cụm-6"))
    assert run(site, "build") == 0
    assert problems(capsys) == [
        'content/articles/2026/moi.md:4: cảnh báo: cluster: "Cụm-6" — mã cụm viết là cum-6 (tên tệp '
        "content/clusters/cum-6.md); đã hiểu là cum-6, sửa lại trong bài cho đúng"
    ]
    assert "bai-moi" in (site / "public/cum-thi-dua/cum-6/index.html").read_text(encoding="utf-8")


def test_tone_mark_slips_after_place_words_are_warnings(site, capsys):
    body = "Hội nghị tại tỉnh Quảng Ngải.\n\nĐoàn công tác của tỉnh Quãng Trị.\n\nLiên hiệp Hội tỉnh Bình Đinh.\n"
    write(site, ARTICLE, article("", body))
    assert run(site, "check") == 0
    assert problems(capsys) == [
        'content/articles/2026/moi.md:6: cảnh báo: "Quảng Ngải" sai dấu — tên đúng là "Quảng Ngãi"',
        'content/articles/2026/moi.md:8: cảnh báo: "Quãng Trị" sai dấu — tên đúng là "Quảng Trị"',
        'content/articles/2026/moi.md:10: cảnh báo: "Bình Đinh" sai dấu — tên đúng là "Bình Định"',
    ]


def test_people_named_after_titles_raise_no_tone_warning(site, capsys):
    body = "Chủ tịch UBND tỉnh Lâm Đông phát biểu.\n\nBí thư Tỉnh ủy Hà Tịnh dự họp tại tỉnh Hòa Bình.\n"
    write(site, ARTICLE, article("", body))
    assert run(site, "check", "--strict") == 0
    assert problems(capsys) == []


# --- One mistake, one message -------------------------------------------------------------------


@pytest.mark.parametrize(
    "broken",
    [
        "---\ntitle: Đại hội Gia Lai\ndate: 2026-02-20\ntags: [a, b\n---\nx\n",  # front matter unreadable
        "---\ntitle: Đại hội Gia Lai\nslug: dai-hoi-gia-lai\ndate: 20/02/2026\n---\nx\n",  # a bad date
    ],
    ids=["unreadable", "bad date"],
)
def test_a_broken_article_another_names_in_related_is_one_error(site, capsys, broken):
    """tong-ket.md names dai-hoi-gia-lai in `related:`; breaking dai-hoi-gia-lai.md gives its own
    error only, not a second one in the file the editor did not touch."""
    write(site, "content/articles/2026/dai-hoi-gia-lai.md", broken)
    assert run(site, "check") == 1
    found = problems(capsys)
    assert len(found) == 1 and found[0].startswith("content/articles/2026/dai-hoi-gia-lai.md:4: "), found


def test_a_pick_that_names_no_article_is_still_an_error(site, capsys):
    write(site, "content/articles/2026/dai-hoi-gia-lai.md", "---\ntitle: Khác\ndate: 31/02/2026\n---\nx\n")
    write(site, ARTICLE, article("related: [khong-co-bai-nay]"))
    assert run(site, "check") == 1
    found = problems(capsys)
    assert found[0] == (
        'content/articles/2026/dai-hoi-gia-lai.md:3: date: ngày "31/02/2026" không có thật (tháng này không có ngày '
        "đó): viết một ngày có thật theo dạng năm-tháng-ngày, như 2024-12-31"
    )
    assert len(found) == 2
    assert found[1].startswith('content/articles/2026/moi.md:4: related: không có bài nào có địa chỉ (slug) "khong-co')


# --- Nothing left out silently ------------------------------------------------------------------


def test_drafts_and_future_articles_left_out_are_told_with_the_option_that_includes_them(site, capsys):
    for n, day in enumerate(["2027-01-05T09:00:00+07:00", "2026-12-01T08:30:00+07:00", "2027-03-01", "2028-01-01"]):
        write(site, f"content/articles/2026/hen-gio-{n}.md", f"---\ntitle: Hẹn giờ {n}\ndate: {day}\n---\nx\n")
    assert main(["build", "--source", str(site), "--now", NOW]) == 0
    notes = [line for line in capsys.readouterr().err.splitlines() if line.startswith("site-builder: lưu ý:")]
    assert notes == [
        "site-builder: lưu ý: 1 bài nháp (draft: true) không được đăng: content/articles/2026/ban-nhap.md; "
        "thêm --drafts để xem cả bài nháp",
        "site-builder: lưu ý: 5 bài hẹn giờ (date sau lúc dựng) chưa được đăng: "
        "content/articles/2026/hen-gio-1.md (2026-12-01 08:30), content/articles/2026/hen-gio-0.md (2027-01-05 09:00), "
        "content/articles/2026/hen-gio-2.md (2027-03-01 00:00) và 2 tệp khác; bài sớm nhất đến hạn lúc "
        "2026-12-01 08:30: dựng lại sau lúc đó để đăng, hoặc thêm --future để đăng ngay",
    ]
    assert not (site / "public/2026/12/hen-gio-1").exists()
    assert main(["build", "--source", str(site), "--now", NOW, "--future", "--drafts"]) == 0
    assert "lưu ý" not in capsys.readouterr().err and (site / "public/2026/12/hen-gio-1/index.html").is_file()


def test_an_article_moved_into_the_future_is_told_when_its_page_goes(site, capsys):
    assert run(site, "build") == 0
    assert (site / "public/2026/02/dai-hoi-gia-lai/index.html").is_file()
    path = site / "content/articles/2026/dai-hoi-gia-lai.md"
    path.write_text(re.sub(r"date: .*", "date: 2026-12-24T07:00:00+07:00", path.read_text(encoding="utf-8"), count=1))
    assert main(["check", "--source", str(site), "--now", NOW]) == 0
    err = capsys.readouterr().err
    assert "content/articles/2026/dai-hoi-gia-lai.md (2026-12-24 07:00)" in err
    assert "bài sớm nhất đến hạn lúc 2026-12-24 07:00" in err


# --- Dates, the Vietnamese way --------------------------------------------------------------------


@pytest.mark.parametrize(
    "written, message",
    [
        ("31/12/2024", 'date: ngày "31/12/2024" chưa đúng dạng: viết 2024-12-31'),
        ("31/12/2024 08:30", 'date: ngày "31/12/2024 08:30" chưa đúng dạng: viết 2024-12-31 08:30'),
        ("5.3.2026", 'date: ngày "5.3.2026" chưa đúng dạng: viết 2026-03-05'),
        ("31/02/2024", 'date: ngày "31/02/2024" không có thật (tháng này không có ngày đó)'),
        ("2024-02-30", 'date: ngày "2024-02-30" không có thật (tháng này không có ngày đó)'),
        ("2024-13-01 08:00:00", 'date: ngày "2024-13-01 08:00:00" không có thật (tháng phải từ 1 đến 12)'),
        ("hôm qua", 'date: ngày "hôm qua" chưa đúng dạng: viết theo dạng 2022-11-29 hoặc 2022-11-29 09:26'),
    ],
)
def test_dates_are_answered_with_the_form_to_write(site, capsys, written, message):
    write(site, ARTICLE, f"---\ntitle: Bài mới\ndate: {written}\n---\nx\n")
    assert run(site, "check") == 1
    found = problems(capsys)
    assert len(found) == 1 and found[0].startswith(f"content/articles/2026/moi.md:3: {message}"), found


def test_the_form_suggested_is_accepted_as_that_day(site, capsys):
    write(site, ARTICLE, "---\ntitle: Bài mới\ndate: 2024-12-31 08:30\n---\nx\n")
    assert run(site, "build") == 0
    assert "31/12/2024 08:30 (GMT+7)" in (site / "public/2024/12/bai-moi/index.html").read_text(encoding="utf-8")


# --- Front matter slips told as what to do, at their line --------------------------------------


@pytest.mark.parametrize(
    "front, line, message",
    [
        ('title: "Hội nghị tổng kết\ndate: 2024-12-31', 2, 'thiếu dấu ngoặc kép (") đóng ở cuối dòng'),
        ("title: 'Hội nghị tổng kết\ndate: 2024-12-31", 2, "thiếu dấu nháy đơn (') đóng ở cuối dòng"),
        (
            "title: Hội nghị: tổng kết năm\ndate: 2024-12-31",
            2,
            "giá trị của title có dấu hai chấm (:), nên phải đặt cả giá trị trong dấu ngoặc kép: "
            'title: "Hội nghị: tổng kết năm"',
        ),
        ("title: A\ndate: 2024-12-31\ntags:\n\t- a", 5, "dòng này có ký tự tab: thay bằng dấu cách"),
        ("title: A\n\tdate: 2024-12-31", 3, "dòng này có ký tự tab: thay bằng dấu cách"),
        ("title: A\ndate: 2024-12-31\nprovinces:\n  - Phú Yên\n - Bình Định", 6, "dòng này thụt lề không khớp"),
        ("title: A\n date: 2024-12-31", 3, "dòng này thụt lề không khớp"),
        (
            'title: "Góp phần "Thương hiệu" Việt"\ndate: 2024-12-31',
            2,
            "sau dấu ngoặc kép đóng vẫn còn chữ: nếu giá trị có dấu ngoặc kép bên trong, đặt cả giá trị trong dấu "
            "nháy đơn",
        ),
        ("title: A\ndate: 2024-12-31\ntags: [a, b\nsummary: x", 4, "thiếu dấu ] đóng danh sách mở bằng [ ở dòng này"),
        ("title:Hội nghị\ndate:2024-12-31", 2, 'sau dấu hai chấm phải có một dấu cách: viết "title: Hội nghị"'),
        ("title:Hội nghị\ndate: 2024-12-31", 2, 'sau dấu hai chấm phải có một dấu cách: viết "title: Hội nghị"'),
        ("title: @Hội nghị\ndate: 2024-12-31", 2, 'giá trị không được bắt đầu bằng ký tự "@"'),
    ],
    ids=[
        "unclosed quote",
        "unclosed single quote",
        "colon in a title",
        "tab before an item",
        "tab before a key",
        "indentation of an item",
        "indentation of a key",
        "quotes inside quotes",
        "unclosed list",
        "no space after a colon",
        "no space after a colon, then a key",
        "a value starting with @",
    ],
)
def test_front_matter_slips_are_told_as_what_to_do_at_their_line(site, capsys, front, line, message):
    write(site, ARTICLE, f"---\n{front}\n---\nNội dung.\n")
    assert run(site, "build") == 1
    found = problems(capsys)
    assert len(found) == 1 and found[0].startswith(f"content/articles/2026/moi.md:{line}: {message}"), found


def test_a_tab_in_the_settings_is_told_at_its_own_line(site, capsys):
    (site / "content/_site.yaml").write_text("title: Tin\n\tlanguage: vi\n", encoding="utf-8")
    assert run(site, "check") == 1
    assert problems(capsys) == [
        "content/_site.yaml:2: dòng này có ký tự tab: thay bằng dấu cách (chỉ thụt lề bằng dấu cách)"
    ]


# --- Image paths -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "front, body, line, written, fixed",
    [
        ("", "![Toàn cảnh hội nghị](images/hoi-nghi.svg)\n", 6, "images/hoi-nghi.svg", "/images/hoi-nghi.svg"),
        ("", "![Toàn cảnh hội nghị](../images/hoi-nghi.svg)\n", 6, "../images/hoi-nghi.svg", "/images/hoi-nghi.svg"),
        (
            "image: {src: content/images/hoi-nghi.svg, alt: Toàn cảnh hội nghị}",
            "x\n",
            4,
            "content/images/hoi-nghi.svg",
            "/images/hoi-nghi.svg",
        ),
        ("image: {src: hoi-nghi.svg, alt: Toàn cảnh hội nghị}", "x\n", 4, "hoi-nghi.svg", "/images/hoi-nghi.svg"),
    ],
)
def test_a_relative_image_path_is_an_error_with_the_path_to_write(site, capsys, front, body, line, written, fixed):
    assert run(site, "build") == 0
    before = tree(site / "public")
    capsys.readouterr()
    write(site, ARTICLE, article(front, body))
    assert run(site, "build") == 1
    assert problems(capsys) == [
        f'content/articles/2026/moi.md:{line}: ảnh "{written}" phải viết đường dẫn từ gốc trang, bắt đầu bằng "/": '
        f"viết {fixed}"
    ]
    assert tree(site / "public") == before


# --- The guide for editors and its example site --------------------------------------------------


def test_the_guides_example_site_builds_without_an_error_or_a_warning(tmp_path, capsys):
    import shutil
    from pathlib import Path

    example = tmp_path / "vi-du"
    shutil.copytree(Path(__file__).resolve().parent.parent / "docs/vi-du", example)
    assert main(["build", "--source", str(example), "--now", NOW, "--strict", "--no-search"]) == 0
    err = capsys.readouterr().err
    assert "content/" not in err and "lỗi" not in err, err
    page = html(example / "public/2026/03/vi-du-bai-day-du/index.html")
    assert "Bài ví dụ ngắn nhất" in page.get_text()  # its editor's pick, in Xem thêm


def test_the_guide_explains_every_front_matter_key_and_the_example_uses_every_setting():
    from pathlib import Path

    import yaml

    from site_builder.config import KNOWN_KEYS
    from site_builder.content.load import ARTICLE_KEYS

    docs = Path(__file__).resolve().parent.parent / "docs"
    guide = (docs / "huong-dan-bien-tap.md").read_text(encoding="utf-8")
    assert [key for key in sorted(ARTICLE_KEYS) if f"\n### {key}\n" not in guide] == []
    settings = yaml.safe_load((docs / "vi-du/content/_site.yaml").read_text(encoding="utf-8"))
    assert set(settings) == KNOWN_KEYS
    example = (docs / "vi-du/content/articles/2026/vi-du-bai-day-du.md").read_text(encoding="utf-8")
    front = yaml.safe_load(example.split("---\n")[1])
    # Every key; `translation_of` only makes sense in a translation: its English version has it.
    assert set(front) == ARTICLE_KEYS - {"translation_of"}
    english = (docs / "vi-du/content/articles/2026/vi-du-ban-tieng-anh.md").read_text(encoding="utf-8")
    assert "translation_of" in yaml.safe_load(english.split("---\n")[1])
    for target in re.findall(r"\]\(((?:vi-du|\.\./)[^)#]*)\)", guide):
        assert (docs / target).exists(), target


def test_an_english_sites_broken_settings_are_told_in_english(site, capsys):
    (site / "content/_site.yaml").write_text('title: "Tin\nlanguage: en\n', encoding="utf-8")
    assert run(site, "check") == 1
    assert problems(capsys) == [
        'content/_site.yaml:1: a quoted value is not closed: add the closing " at the end of the line'
    ]


@pytest.mark.parametrize(
    "front, found",
    [
        ("tag: [Thi đua]", 'content/articles/2026/moi.md:4: cảnh báo: khóa "tag" không có — có phải "tags"?'),
        (
            "Provinces: [Phú Yên]",
            'content/articles/2026/moi.md:4: cảnh báo: khóa "Provinces" không có — có phải "provinces"?',
        ),
        ("custom_field: giá trị riêng", None),  # any other key is kept for templates, without a word
    ],
)
def test_a_slip_of_a_front_matter_key_is_not_kept_in_silence(site, capsys, front, found):
    write(site, ARTICLE, article(front))
    assert run(site, "check") == 0
    assert problems(capsys) == ([found + " Giá trị của nó chưa được dùng ở đâu cả"] if found else [])


def test_a_slip_of_a_required_key_is_one_error_at_its_line(site, capsys):
    write(site, ARTICLE, "---\ntittle: Bài mới\ndate: 2026-03-01\n---\nx\n")
    assert run(site, "check") == 1
    assert problems(capsys) == [
        'content/articles/2026/moi.md:2: thiếu title: dòng này ghi "tittle" — viết đúng là title'
    ]


# --- A file named that the site does not have: the one the editor meant ----------------------------


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("/images/Hoi-Nghi.SVG", "/images/hoi-nghi.svg"),  # capitals
        ("/images/2026/hoi-nghi.svg", "/images/2026/03/hoi-nghi.svg"),  # the right name, another folder
        ("/images/hoi-ngi.svg", "/images/hoi-nghi.svg"),  # a slip of the name
        ("/images/hoi-nghi.jpg", "/images/hoi-nghi.svg"),  # another ending
    ],
)
def test_a_missing_image_is_told_with_the_picture_meant(site, capsys, written, meant):
    write(site, "content/images/2026/03/hoi-nghi.svg", (site / "content/images/hoi-nghi.svg").read_text())
    if written == "/images/2026/hoi-nghi.svg":
        (site / "content/images/hoi-nghi.svg").unlink()  # (only the one of 2026/03 has the name)
        for old in (site / "content/articles").rglob("*.md"):  # (the fixture's articles show it)
            old.write_text(old.read_text(encoding="utf-8").replace("/images/hoi-nghi.svg", meant), encoding="utf-8")
    write(site, ARTICLE, article("", f"![Ảnh hội nghị]({written})\n"))
    assert run(site, "build") == 1
    assert problems(capsys) == [
        f'content/articles/2026/moi.md:6: không thấy ảnh "{written}" trong content/images/ hay static/ '
        f'(có phải "{meant}"?): kiểm tra tên tệp, chữ hoa chữ thường và phần đuôi'
    ]


def test_a_missing_image_like_no_picture_of_the_site_gets_no_guess(site, capsys):
    write(site, ARTICLE, article("", "![Ảnh hội nghị](/images/khac-han.png)\n"))
    assert run(site, "build") == 1
    assert problems(capsys) == [
        'content/articles/2026/moi.md:6: không thấy ảnh "/images/khac-han.png" trong content/images/ hay static/: '
        "kiểm tra tên tệp, chữ hoa chữ thường và phần đuôi"
    ]


def test_an_attachment_named_without_its_folder_is_told_with_its_path(site, capsys):
    (site / "content/files/tai-lieu/hoi-nghi-2026").mkdir(parents=True)
    (site / "content/files/tai-lieu/hoi-nghi-2026/bao-cao.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (site / "content/files/khac.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    write(site, ARTICLE, article("attachments: [bao-cao.pdf]"))
    assert run(site, "build") == 1
    assert problems(capsys) == [
        'content/articles/2026/moi.md:4: attachments: không thấy tệp "bao-cao.pdf" trong content/files/ '
        '(có phải "tai-lieu/hoi-nghi-2026/bao-cao.pdf"?): kiểm tra tên tệp, chữ hoa chữ thường và phần đuôi'
    ]


def test_the_file_meant_is_found_among_thousands_in_one_folder():
    from site_builder.errors import did_you_mean_file

    pictures = [f"/images/anh-hoi-nghi-tong-ket-{n}.jpg" for n in range(15_000)]
    for n in (5, 777, 9999, 14_998):
        hint = f' (có phải "/images/anh-hoi-nghi-tong-ket-{n}.jpg"?)'
        assert did_you_mean_file(f"/images/anh-hoi-ngi-tong-ket-{n}.jpg", pictures) == hint  # a letter left out
        assert did_you_mean_file(f"/images/nh-hoi-nghi-tong-ket-{n}.jpg", pictures) == hint  # the first one
        assert did_you_mean_file(f"/images/anh-hoi-nghi-tong-ket-{n}.jgp", pictures) == hint  # two swapped
    assert did_you_mean_file("/images/zzz.png", pictures) == ""
