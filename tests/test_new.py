"""`site-builder new`: the file it writes, where, with what date, and what it refuses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from site_builder.cli import main
from site_builder.new import new_article

VN = dt.timezone(dt.timedelta(hours=7))


def front(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n")[1])


def articles(site: Path) -> set[Path]:
    return set((site / "content" / "articles").rglob("*.md"))


def test_writes_the_article_with_slug_date_and_validated_fields(site, capsys):
    before = dt.datetime.now(VN)
    code = main(
        [
            "new",
            'Hội nghị tổng kết: "Đổi mới" năm 2026',
            "--source",
            str(site),
            "--cluster",
            "cum-6",
            "--province",
            "quang ngai",
            "--province",
            "TP. HCM",
            "--section",
            "Thi đua - Khen thưởng",
            "--tag",
            "Tổng kết",
            "--tag",
            "a: b",
        ]
    )
    out = capsys.readouterr()
    assert code == 0, out.err
    path = Path(out.out.strip())
    assert path.is_file()
    assert path.parent == site / "content" / "articles" / f"{before:%Y}"
    assert path.name == "hoi-nghi-tong-ket-doi-moi-nam-2026.md"
    meta = front(path)
    assert meta["title"] == 'Hội nghị tổng kết: "Đổi mới" năm 2026'  # colon and quotes survive
    assert isinstance(meta["date"], dt.datetime) and meta["date"].utcoffset() == dt.timedelta(hours=7)
    assert before - dt.timedelta(seconds=1) <= meta["date"] <= dt.datetime.now(VN)
    assert meta["cluster"] == "cum-6"
    assert meta["provinces"] == ["Quảng Ngãi", "Hồ Chí Minh"]  # written in the registry's spelling
    assert meta["section"] == "Thi đua - Khen thưởng"
    assert meta["tags"] == ["Tổng kết", "a: b"]
    assert "date: " + meta["date"].isoformat() in path.read_text(encoding="utf-8")  # 2026-…T…+07:00
    # The real build accepts it (--now a day ahead, so "now" is not in the future).
    tomorrow = (dt.datetime.now(VN) + dt.timedelta(days=1)).isoformat()
    assert main(["build", "--source", str(site), "--now", tomorrow, "--quiet"]) == 0


def test_date_and_year_folder_are_in_the_site_timezone(site):
    # 20:00 UTC on 31 December is already 03:00 on 1 January in Vietnam (the fixture's timezone).
    moment = dt.datetime(2026, 12, 31, 20, 0, tzinfo=dt.UTC)
    path = new_article(site, "Chúc mừng năm mới", now=moment)
    assert path == site / "content" / "articles" / "2027" / "chuc-mung-nam-moi.md"
    assert front(path)["date"] == dt.datetime(2027, 1, 1, 3, 0, tzinfo=VN)
    assert "date: 2027-01-01T03:00:00+07:00\n" in path.read_text(encoding="utf-8")

    settings = site / "content" / "_site.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("Asia/Ho_Chi_Minh", "Europe/London"), encoding="utf-8"
    )
    path = new_article(site, "Chúc mừng năm mới ở London", now=moment)
    assert path.parent.name == "2026"
    assert front(path)["date"] == dt.datetime(2026, 12, 31, 20, 0, tzinfo=dt.UTC)
    assert "date: 2026-12-31T20:00:00+00:00\n" in path.read_text(encoding="utf-8")


def test_refuses_to_overwrite(site, capsys):
    assert main(["new", "Bài trùng tên", "--source", str(site)]) == 0
    path = Path(capsys.readouterr().out.strip())
    path.write_text(path.read_text(encoding="utf-8") + "Nội dung đã viết.\n", encoding="utf-8")
    kept = path.read_bytes()
    assert main(["new", "Bài trùng tên", "--source", str(site)]) == 1
    err = capsys.readouterr().err
    assert "đã có rồi: sửa tệp đó, hoặc chọn một tiêu đề khác" in err and str(path) in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert path.read_bytes() == kept


def test_bad_province_gets_a_did_you_mean_and_writes_nothing(site, capsys):
    before = articles(site)
    assert (
        main(["new", "Tin Quảng Ngãi", "--source", str(site), "--province", "Qaunrg Ngãi", "--province", "Bìn Thuận"])
        == 1
    )
    err = capsys.readouterr().err
    assert 'không có tỉnh, thành phố "Qaunrg Ngãi" (có phải "Quảng Ngãi"?)' in err
    assert 'không có tỉnh, thành phố "Bìn Thuận" (có phải "Bình Thuận"?)' in err
    assert "Traceback" not in err
    assert articles(site) == before


def test_unknown_cluster_gets_a_did_you_mean_and_writes_nothing(site, capsys):
    before = articles(site)
    assert main(["new", "Tin cụm", "--source", str(site), "--cluster", "cum-66"]) == 1
    err = capsys.readouterr().err
    assert 'không có cụm thi đua "cum-66"' in err and '(có phải "cum-6"?)' in err
    assert len(err.strip().splitlines()) == 1
    assert articles(site) == before


def test_other_mistakes_are_one_line_errors(site, tmp_path, capsys):
    assert main(["new", "!!!", "--source", str(site)]) == 1
    assert "không có chữ cái hay chữ số nào để đặt tên tệp" in capsys.readouterr().err
    assert main(["new", "   ", "--source", str(site)]) == 1
    assert "tiêu đề trống" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert main(["new", "Tin", "--source", str(tmp_path / "empty")]) == 1
    assert "không có thư mục content/" in capsys.readouterr().err
    assert main(["new", "Tin", "--source", str(tmp_path / "missing")]) == 2
    # A broken settings file is reported as the build reports it (path:line: message).
    (site / "content" / "_site.yaml").write_text("timezone: Asia/Hanoi_City\n", encoding="utf-8")
    assert main(["new", "Tin", "--source", str(site)]) == 1
    assert "content/_site.yaml:1:" in capsys.readouterr().err
