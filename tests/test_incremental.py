"""Incremental builds (cache + unchanged pages kept) equal a fresh full build after every edit."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

import pytest
from conftest import NOW, record_article_reads, run, tree

import site_builder.build
import site_builder.cache
import site_builder.content.load
import site_builder.content.parse
import site_builder.fingerprints
import site_builder.known
import site_builder.write
from site_builder.build import BuildOptions, build
from site_builder.cli import main

GIA_LAI = "content/articles/2026/dai-hoi-gia-lai.md"


def full_build(site: Path, dest: Path, *more: str) -> dict[str, bytes]:
    assert (
        main(["build", "--source", str(site), "--output", str(dest), "--no-cache", "--quiet", "--now", NOW, *more]) == 0
    )
    return tree(dest)


def edit(site: Path, rel: str, old: str, new: str) -> None:
    path = site / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


EDITS = [
    (
        "change a title",
        lambda s: edit(
            s,
            "content/articles/2026/can-tho.md",
            "title: Cần Thơ ký kết giao ước",
            "title: Cần Thơ ký kết giao ước thi đua",
        ),
    ),
    (
        "move between months and pages",
        lambda s: edit(
            s,
            "content/articles/2025/phu-yen-hoi-thao.md",
            "date: 2025-03-10T08:00:00+07:00",
            "date: 2026-03-01T08:00:00+07:00",
        ),
    ),
    (
        "add an article",
        lambda s: (s / "content/articles/2026/moi.md").write_text(
            "---\ntitle: Bài mới về Huế\ndate: 2026-03-02T08:00:00+07:00\nprovinces: [Huế]\ncluster: cum-9\n---\nNội dung.\n",
            encoding="utf-8",
        ),
    ),
    ("delete an article", lambda s: (s / "content/articles/2022/binh-dinh-ton-vinh.md").unlink()),
    (
        "rename a province in front matter",
        lambda s: edit(s, "content/articles/2026/can-tho.md", "provinces: [Sóc Trăng]", "provinces: [Cần Thơ]"),
    ),
    (
        "edit a layout",
        lambda s: (
            (s / "layouts").mkdir(exist_ok=True),
            (s / "layouts/list.html").write_text(
                '{% extends "base.html" %}{% block main %}<h1>Danh sách: {{ page.title }}</h1>'
                '{% with items = paginator.articles %}{% include "partials/article_list.html" %}{% endwith %}'
                "{% endblock %}",
                encoding="utf-8",
            ),
        ),
    ),
    (
        "touch a static file",
        lambda s: (
            (s / "static/css").mkdir(parents=True, exist_ok=True),
            (s / "static/css/extra.css").write_text("main { color: #111; }\n"),
        ),
    ),
    (
        "edit a cluster",
        lambda s: edit(
            s, "content/clusters/cum-9.md", "name: Cụm thi đua số 9", "name: Cụm thi đua số 9 (Nam Sông Hậu)"
        ),
    ),
    ("edit settings", lambda s: edit(s, "content/_site.yaml", "feed_size: 3", "feed_size: 4")),
    # Authors, attachments and dates: author pages, archives and index pages as a full build has them.
    (
        "give an article an author",
        lambda s: edit(
            s, "content/articles/2026/can-tho.md", "cluster: cum-9", "author: Trần Thị Bình\ncluster: cum-9"
        ),
    ),
    ("give another article the same author", lambda s: edit(s, GIA_LAI, "title:", "author: Trần Thị Bình\ntitle:")),
    (
        "change an author",
        lambda s: edit(s, "content/articles/2026/can-tho.md", "author: Trần Thị Bình", "author: Lê Văn Cường"),
    ),
    (
        "add an author's profile",
        lambda s: (
            (s / "content/authors").mkdir(exist_ok=True),
            (s / "content/authors/le-van-cuong.md").write_text(
                "---\nrole: Phóng viên\n---\nViết về Cụm 9.\n", encoding="utf-8"
            ),
        ),
    ),
    (
        "attach a file",
        lambda s: (
            (s / "content/files").mkdir(exist_ok=True),
            (s / "content/files/bao-cao.pdf").write_bytes(b"%PDF-1.4\n" + b"0" * 5000 + b"\n%%EOF\n"),
            edit(s, "content/articles/2026/can-tho.md", "cluster: cum-9", "attachments: [bao-cao.pdf]\ncluster: cum-9"),
        ),
    ),
    (
        "replace an attached file with a longer one",
        lambda s: (s / "content/files/bao-cao.pdf").write_bytes(b"%PDF-1.4\n" + b"1" * 1_300_000 + b"\n%%EOF\n"),
    ),
    (
        "move an article to another month",
        lambda s: edit(s, "content/articles/2026/can-tho.md", "date: 2026-01-15 10:00", "date: 2025-12-15 10:00"),
    ),
    ("remove an author", lambda s: edit(s, "content/articles/2026/can-tho.md", "author: Lê Văn Cường\n", "")),
    # Cards of Xem thêm and Tin mới on other articles' pages show the picture's size too.
    (
        "replace a picture by a larger one",
        lambda s: edit(s, "content/images/hoi-nghi.svg", 'width="120" height="80"', 'width="240" height="160"'),
    ),
    # A one-language site's strings: the first i18n/vi.yaml (not only an edit of one) reaches every page.
    (
        "add the site's own interface strings",
        lambda s: (
            (s / "i18n").mkdir(exist_ok=True),
            (s / "i18n/vi.yaml").write_text('related: "Cùng chủ đề"\n', encoding="utf-8"),
        ),
    ),
]


def test_each_edit_then_incremental_build_equals_a_full_build(site, tmp_path):
    assert run(site, "build") == 0
    for number, (name, apply) in enumerate(EDITS):
        apply(site)
        assert run(site, "build") == 0, name
        assert tree(site / "public") == full_build(site, tmp_path / f"full-{number}"), name


def test_warm_build_rewrites_nothing_and_one_edit_rewrites_only_what_shows_it(site):
    options = BuildOptions(source=site, now=__import__("datetime").datetime.fromisoformat(NOW))
    first = build(options)
    assert first.ok and first.files > 0
    before = mtimes(site / "public")
    warm = build(options)
    assert warm.ok and warm.files == 0 and warm.stats["rendered"] == 0  # nothing rendered, nothing written
    assert mtimes(site / "public") == before

    # A second paragraph: the summary (the first paragraph) stays, so lists do not change.
    edit(site, "content/articles/2026/can-tho.md", "Cụm 9 ký kết.", "Cụm 9 ký kết.\n\nĐoạn thứ hai.")
    one = build(options)
    after = mtimes(site / "public")
    changed = sorted(p for p in after if after[p] != before.get(p))
    # The body shows on the article page and in feeds that carry full content; nothing else.
    assert changed == [
        "2026/01/can-tho-ky-ket-giao-uoc/index.html",
        "atom.xml",
        "cum-thi-dua/cum-9/rss.xml",
        "feed.json",
        "rss.xml",
        "su-kien/ky-ket-giao-uoc-thi-dua/rss.xml",  # (every list has its feed)
        "tinh/can-tho/rss.xml",
        "tinh/soc-trang/rss.xml",
    ]
    assert one.files == len(changed)
    # Only the pages that showed the article were looked at (the others' records say so).
    # (the five article pages: Tin mới shows it on each; home, cluster 9, two provinces, its event,
    # the archives of its year and month, and the four index pages, which show every term's count)
    assert one.stats["visited"] == 5 + 1 + 1 + 2 + 1 + 2 + 4 < one.pages


def test_output_is_the_same_with_or_without_cache_and_for_any_number_of_jobs(site, tmp_path, monkeypatch):
    reference = full_build(site, tmp_path / "plain")
    monkeypatch.setattr(site_builder.build, "PARALLEL_MIN", 1)
    monkeypatch.setattr(site_builder.content.parse, "PARALLEL_MIN", 1)
    monkeypatch.setattr(site_builder.content.load, "LOAD_CHUNK", 2)  # articles read in several chunks
    for jobs in ("1", "2", "3"):
        out = tmp_path / f"jobs-{jobs}"
        assert (
            main(["build", "--source", str(site), "--output", str(out), "--jobs", jobs, "--quiet", "--now", NOW]) == 0
        )
        assert tree(out) == reference, jobs
    # warm, from the cache the runs above filled
    assert main(["build", "--source", str(site), "--output", str(tmp_path / "warm"), "--quiet", "--now", NOW]) == 0
    assert tree(tmp_path / "warm") == reference


def test_files_written_and_kept_are_counted_the_same_for_any_number_of_jobs(site, tmp_path, monkeypatch):
    """Workers report their counts and the build's own process renders a share itself: the
    totals are those of one process (every file written cold; none after an unchanged build,
    all kept; one page's file after editing one article's body)."""
    import datetime as dt

    monkeypatch.setattr(site_builder.build, "PARALLEL_MIN", 1)
    counts = {}
    for jobs in (1, 2, 3):
        out = tmp_path / f"jobs-{jobs}"
        site_copy = tmp_path / f"site-{jobs}"
        __import__("shutil").copytree(site, site_copy)
        options = BuildOptions(site_copy, output=out, jobs=jobs, now=dt.datetime.fromisoformat(NOW))
        cold = build(options)
        assert cold.ok and cold.files == len(tree(out)) > 50
        warm = build(options)
        assert warm.ok and warm.files == 0 and warm.stats["kept"] == cold.files
        edit(site_copy, "content/articles/2026/can-tho.md", "Cụm 9 ký kết.", "Cụm 9 ký kết giao ước.")
        edited = build(options)
        assert edited.ok and edited.files >= 1 and edited.files + edited.stats["kept"] == cold.files
        counts[jobs] = (cold.files, warm.stats["kept"], edited.files)
    assert counts[1] == counts[2] == counts[3]


@pytest.mark.parametrize("damage", ["garbage", "truncate", "tamper", "reshape", "reshape-entries"])
def test_a_corrupt_cache_is_ignored(site, tmp_path, damage):
    assert run(site, "build") == 0
    db = site / ".site-builder-cache/cache.sqlite"
    if damage == "garbage":
        for name in ("cache.sqlite", "cache.sqlite-wal", "cache.sqlite-shm"):
            (site / ".site-builder-cache" / name).unlink(missing_ok=True)
        db.write_bytes(b"not a database" * 100)
    elif damage == "truncate":
        db.write_bytes(db.read_bytes()[:1000])
    elif damage == "tamper":  # changed without updating the checksums
        import sqlite3

        con = sqlite3.connect(db)
        con.execute("UPDATE entries SET value = replace(value, 'Gia Lai', 'Gia Lai GIẢ')")
        con.execute("UPDATE records SET value = replace(value, 'Gia Lai', 'Gia Lai GIẢ')")
        con.commit()
        con.close()
    else:  # valid checksums over records of another shape (a cache from a buggy or hostile tool)
        import hashlib
        import sqlite3

        con = sqlite3.connect(db)
        if damage == "reshape-entries":  # no records: the parsed entries are what is looked up
            con.execute("DELETE FROM records")
        for table in ("records", "entries"):
            body = ", body" if table == "entries" else ", NULL"  # an entry's checksum covers its body too
            rows = con.execute(f"SELECT key{body} FROM {table}").fetchall()
            for number, (key, body) in enumerate(rows):
                value = ['{"title": 1}', "[]", '{"title": "x", "date": "not a date"}', "7"][number % 4]
                total = value.encode() + (b"\0" + body if body is not None else b"")
                con.execute(
                    f"UPDATE {table} SET value = ?, sum = ? WHERE key = ?",
                    (value, hashlib.sha256(total).hexdigest()[:16], key),
                )
        con.commit()
        con.close()
    (site / "public/2026/02/dai-hoi-gia-lai/index.html").unlink()  # force re-rendering that page
    assert run(site, "build") == 0
    assert tree(site / "public") == full_build(site, tmp_path / "full")


def test_a_page_changed_by_hand_in_the_output_is_rendered_again(site, tmp_path):
    assert run(site, "build") == 0
    page = site / "public/2026/02/dai-hoi-gia-lai/index.html"
    page.write_text("edited by hand")
    assert run(site, "build") == 0
    assert tree(site / "public") == full_build(site, tmp_path / "full")


def asked_whether_held(monkeypatch) -> list[str]:
    """The files this process asks `lstat` about to know whether the output still holds them as
    written (StagedOutput.holds), from now on; a forked process's are its own."""
    asked: list[str] = []
    real = os.lstat

    def lstat(path, *args, **kwargs):
        if sys._getframe(1).f_code is site_builder.write.StagedOutput.holds.__code__:
            asked.append(str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "lstat", lstat)
    return asked


def harm_by_hand(output: Path) -> None:
    """Pages no edit of an article makes again: one edited, one deleted, one saved again with the
    same bytes (only its time changes), one replaced by a folder, one by a link to a copy of it
    (its size and time are the recorded ones, but it is no longer the file the build wrote)."""
    (output / "404.html").write_text("edited by hand")
    (output / "gioi-thieu/index.html").unlink()
    touched = output / "cum-thi-dua/cum-9/rss.xml"
    touched.write_bytes(touched.read_bytes())
    folder = output / "ve-chung-toi/index.html"
    folder.unlink()
    (folder / "x").mkdir(parents=True)
    linked = output / "tinh/an-giang/index.html"
    copy = output.parent / "an-giang.html"
    copy.write_bytes(linked.read_bytes())
    st = linked.stat()
    os.utime(copy, ns=(st.st_atime_ns, st.st_mtime_ns))
    linked.unlink()
    linked.symlink_to(copy)


@pytest.mark.parametrize("look", ["ahead", "failing", "no process to be had"])
def test_the_last_builds_files_looked_at_by_another_process_mend_what_was_changed_by_hand(
    site, tmp_path, monkeypatch, look
):
    """The stamps of the last build's files are taken by a forked process while the build works
    (write.StagedOutput.look_ahead; from 2,000 files on, here from the first): the build asks the
    file system only about what it writes, and a page changed by hand is still made again. A look
    that fails (the process raises), or that cannot begin (no process to be had), leaves each
    file to be asked about, as before."""
    monkeypatch.setattr(site_builder.write, "LOOK_AHEAD_MIN", 0)
    assert run(site, "build", "--jobs", "2", "--no-search") == 0
    output = site / "public"
    held = sum(1 for p in output.rglob("*") if p.is_file())
    harm_by_hand(output)
    edit(site, "content/articles/2026/can-tho.md", "Cụm 9 ký kết.", "Cụm 9 ký kết giao ước thi đua.")
    if look == "failing":

        def fails(task):
            raise OSError("the look went wrong")

        monkeypatch.setattr(site_builder.write, "_stamps_of", fails)
    elif look == "no process to be had":

        def no_fork():
            raise OSError(errno.EAGAIN, os.strerror(errno.EAGAIN))

        monkeypatch.setattr(os, "fork", no_fork)
    asked = asked_whether_held(monkeypatch)
    assert run(site, "build", "--jobs", "2", "--no-search") == 0
    monkeypatch.undo()
    assert tree(output) == full_build(site, tmp_path / "full", "--no-search")
    assert not (output / "tinh/an-giang/index.html").is_symlink()
    if look == "ahead":
        assert asked == []
    else:
        assert len(asked) > held / 2  # (each page no edit shows)


def test_workers_that_render_share_the_look_ahead_and_never_read_it_themselves(site, tmp_path, monkeypatch):
    """A change that makes every page again (a setting) renders in forked workers: the build takes
    what the look found before forking them, so that only the process that began the look reads
    its answer (a worker reading it would take it from the build, or both would wait for ever)."""
    monkeypatch.setattr(site_builder.write, "LOOK_AHEAD_MIN", 0)
    monkeypatch.setattr(site_builder.build, "PARALLEL_MIN", 1)
    monkeypatch.setattr(site_builder.fingerprints, "RACY_NS", 0)  # (photos just written: still kept by stamp)
    photo = (site / "content/images/hoi-nghi.svg").read_bytes()
    for number in range(8):  # (each process copies its share of the site's files)
        (site / f"content/images/anh-{number}.svg").write_bytes(photo)
    assert run(site, "build", "--jobs", "2", "--no-search") == 0
    readers = tmp_path / "readers"
    real = site_builder.write.StagedOutput._looked

    def looked(self):
        if self._ahead is not None:
            with open(readers, "a") as f:
                f.write(f"{os.getpid()}\n")
        return real(self)

    monkeypatch.setattr(site_builder.write.StagedOutput, "_looked", looked)
    asked = tmp_path / "asked"  # (by any process: the file is shared)
    lstat = os.lstat

    def asking(path, *args, **kwargs):
        if sys._getframe(1).f_code is site_builder.write.StagedOutput.holds.__code__:
            with open(asked, "a") as f:
                f.write(f"{path}\n")
        return lstat(path, *args, **kwargs)

    monkeypatch.setattr(os, "lstat", asking)
    harm_by_hand(site / "public")
    edit(site, "content/_site.yaml", "description: Trang tin dùng", "description: Trang tin mới dùng")
    assert run(site, "build", "--jobs", "2", "--no-search") == 0
    monkeypatch.undo()
    assert readers.read_text().split() == [str(os.getpid())]
    assert not asked.exists()  # (the photos and files kept as they were, by what the look found)
    assert tree(site / "public") == full_build(site, tmp_path / "full", "--no-search")


def test_a_warm_build_reports_what_a_cold_one_does(site, tmp_path, monkeypatch):
    """Articles taken from the cache still give their warnings, and still need their images."""
    import datetime as dt

    (site / "content/articles/2026/lint.md").write_text(
        "---\ntitle: Hội nghị ở Quảng Ngãi\ndate: 2026-03-03T08:00:00+07:00\nprovinces: [Quảng Ngãi]\n---\n"
        "Đoàn đại biểu tỉnh Qaunrg Ngãi dự hội nghị.\n",
        encoding="utf-8",
    )

    def problems() -> list[str]:
        result = build(BuildOptions(site, output=tmp_path / "out", now=dt.datetime.fromisoformat(NOW)))
        return [str(p) for p in result.report.sorted()]

    cold = problems()
    assert cold == ['content/articles/2026/lint.md:6: cảnh báo: "Qaunrg Ngãi" — có phải "Quảng Ngãi"?']
    with monkeypatch.context() as m:  # warm: nothing validated again, the same warning from the record
        m.setattr(site_builder.content.load, "load_article", None)
        assert problems() == cold
    (site / "content/images/hoi-nghi.svg").unlink()
    assert (
        'content/articles/2022/tong-ket.md:11: không thấy ảnh "/images/hoi-nghi.svg" trong content/images/ hay static/: '
        "kiểm tra tên tệp, chữ hoa chữ thường và phần đuôi" in problems()
    )


def test_files_the_site_no_longer_has_are_deleted(site, tmp_path):
    """The last build's list of files (beside the output) says what to delete: the result is a
    full build's tree. (Without the list nothing is deleted: tests/test_output_safety.py.)"""
    assert run(site, "build") == 0
    manifest = site / ".public.files.json"
    assert "2022/10/binh-dinh-ton-vinh-tri-thuc/index.html" in manifest.read_text(encoding="utf-8")
    (site / "content/articles/2022/binh-dinh-ton-vinh.md").unlink()
    assert run(site, "build") == 0
    assert not (site / "public/2022/10/binh-dinh-ton-vinh-tri-thuc").exists()  # the file and its folder
    assert tree(site / "public") == full_build(site, tmp_path / "full")
    (site / "content/articles/2026/can-tho.md").unlink()
    assert run(site, "build") == 0
    assert tree(site / "public") == full_build(site, tmp_path / "full2")


def test_unchanged_files_are_not_read_again_and_changed_ones_are(site, tmp_path, monkeypatch):
    """An article file as the last build saw it (size, mtime, inode, ctime) is known by its cache
    key without being read; an edited one is read. (The safety margin for files written just before
    a build is set to 0 here, as the test edits files within it.)"""
    monkeypatch.setattr(site_builder.known.KnownFiles, "MARGIN_NS", 0)
    assert run(site, "build") == 0
    read = record_article_reads(monkeypatch)
    assert run(site, "build") == 0
    assert read == []
    edit(site, "content/articles/2026/can-tho.md", "title: Cần Thơ ký kết giao ước", "title: Cần Thơ ký giao ước")
    assert run(site, "build") == 0
    assert read == ["can-tho.md"]
    assert tree(site / "public") == full_build(site, tmp_path / "full")


def test_files_written_just_before_a_build_are_trusted_once_a_later_build_read_them(site, monkeypatch):
    """A file changed within the safety margin before a build is read by it, not known by its
    stamp. That build records its own start, so the next build trusts the file. (Before, nothing
    was recorded when no file had changed: after a `git pull`, every later build read them all.)
    The clock is moved forward instead of waiting out the margin."""
    monkeypatch.setattr(site_builder.known.KnownFiles, "MARGIN_NS", 1000 * 10**9)  # every file here is "just written"
    assert run(site, "build") == 0
    read = record_article_reads(monkeypatch)
    import time

    class Later:  # the clock 2,000 s on: the files are then older than the margin
        @staticmethod
        def time_ns():
            return time.time_ns() + 2000 * 10**9

    assert run(site, "build") == 0
    assert sorted(read) == sorted(p.name for p in (site / "content/articles").rglob("*.md"))  # all within the margin
    read.clear()
    monkeypatch.setattr(site_builder.known, "time", Later)
    assert run(site, "build") == 0  # still within the margin of the second build's start (recorded: it read racy files)
    assert read
    read.clear()
    assert run(site, "build") == 0  # the previous build recorded its start (2,000 s on): none is read now
    assert read == []


def test_builds_in_one_process_reuse_articles_from_memory_and_equal_a_full_build(site, tmp_path, monkeypatch):
    """What `serve` does: one dict kept across builds. Unchanged articles are taken from it (not
    even their cache records are read); edited ones are read again; the output equals a full build."""
    import datetime as dt

    options = BuildOptions(site, now=dt.datetime.fromisoformat(NOW), memory={}, search=True)  # as the CLI
    assert build(options).ok
    with monkeypatch.context() as m:
        m.setattr(site_builder.known.KnownFiles, "MARGIN_NS", 0)  # (files written just now are trusted)
        m.setattr(site_builder.content.load, "load_article", None)  # nothing validated again...
        m.setattr(site_builder.cache.BuildCache, "get_records", lambda self, keys, context: {} if not keys else None)
        assert build(options).ok  # ...and no record asked for
    for name, apply in EDITS:
        apply(site)
        assert build(options).ok, name
        assert tree(site / "public") == full_build(site, tmp_path / name.replace(" ", "-")), name


def test_compiled_templates_are_not_shared_between_sites_with_other_settings(site, tmp_path):
    """Jinja compiles `"/" | absolute` into the template's code: a compiled template kept for one
    base URL must not serve another (it did, before the bytecode cache was keyed by the settings)."""
    other = tmp_path / "other"
    import shutil

    shutil.copytree(site, other)
    edit(other, "content/_site.yaml", "base_url: https://tin.example.org", "base_url: https://khac.example.org")
    for folder, host in ((site, "tin.example.org"), (other, "khac.example.org"), (site, "tin.example.org")):
        assert run(folder, "build", "--no-search") == 0
        page = (folder / "public/2022/11/cum-thi-dua-so-6-tong-ket-nam-2022/index.html").read_text(encoding="utf-8")
        assert f'"publisher":{{"@type":"Organization","name":"Tin thử nghiệm","url":"https://{host}/"}}' in page


def test_an_edited_standalone_page_is_rendered_again(site, tmp_path):
    """A page of content/pages/ shows no article: it must still be looked at when it changes
    (it is not among the articles whose digests say which pages to visit)."""
    assert run(site, "build") == 0
    path = site / "content/pages/gioi-thieu.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nMột đoạn mới.\n", encoding="utf-8")
    assert run(site, "build") == 0
    assert tree(site / "public") == full_build(site, tmp_path / "full")


def test_touched_files_are_hashed_and_taken_from_the_cache_in_workers(site, tmp_path, monkeypatch):
    """A fresh checkout (CI, Netlify with a restored cache) gives every file new times but the same
    bytes: each is read and hashed again, in workers, and its validated record is taken from the
    cache; nothing is parsed or validated again, and the output equals a full build."""
    import os
    import time

    assert run(site, "build") == 0
    later = time.time() + 60
    for path in (site / "content/articles").rglob("*.md"):
        os.utime(path, (later, later))
    real = site_builder.content.load.parse_entry

    def parse_entry(path, *args):
        assert "articles" not in path.parts, f"{path} parsed again"
        return real(path, *args)

    with monkeypatch.context() as m:
        m.setattr(site_builder.content.parse, "PARALLEL_MIN", 1)  # workers even for a few files
        m.setattr(site_builder.content.load, "load_article", None)
        m.setattr(site_builder.content.load, "parse_entry", parse_entry)
        assert run(site, "build", "--jobs", "2") == 0
    assert tree(site / "public") == full_build(site, tmp_path / "full")


def test_entries_of_old_versions_are_dropped_once_they_pile_up(site, tmp_path):
    """An edit leaves the old version's entry and record behind (dropping them every build costs
    more than keeping them); once they are more than a few, a build drops every unused one."""
    import sqlite3

    assert run(site, "build") == 0
    db = site / ".site-builder-cache/cache.sqlite"

    def count() -> int:
        con = sqlite3.connect(db)
        try:
            return con.execute("SELECT count(*) FROM entries").fetchone()[0]
        finally:
            con.close()

    articles = count()
    edit(site, "content/articles/2026/can-tho.md", "title: Cần Thơ ký kết giao ước", "title: Cần Thơ ký giao ước")
    assert run(site, "build") == 0
    assert count() == articles + 1  # the old version's entry is still there
    con = sqlite3.connect(db)
    con.executemany("INSERT INTO entries VALUES (?, 'x', '{}', x'')", [(f"{n:064x}",) for n in range(60)])
    con.commit()
    con.close()
    edit(site, "content/articles/2026/can-tho.md", "title: Cần Thơ ký giao ước", "title: Cần Thơ ký kết giao ước")
    assert run(site, "build") == 0
    assert count() == articles  # only the files' present versions
    assert tree(site / "public") == full_build(site, tmp_path / "full")


def test_a_file_saved_while_it_is_read_is_never_cached_under_its_old_key(site, tmp_path, monkeypatch):
    """The editor saves an article between the moment a build hashed it and the moment the build
    reads it again (here: while its cached record turns out unusable). What is read is cached
    under the hash of what was read; once the file is back as it was (a checkout), the build
    shows the old text again, not the in-between version."""
    import os
    import time

    article = site / "content/articles/2026/can-tho.md"
    first = article.read_text(encoding="utf-8")
    between = first.replace("title: Cần Thơ ký kết giao ước", "title: Phiên bản giữa chừng", 1)
    assert run(site, "build") == 0

    def touch_all():
        later = time.time() + 60
        for path in (site / "content/articles").rglob("*.md"):
            os.utime(path, (later, later))

    touch_all()
    real = site_builder.content.load._restore

    def restore(reader, record, path, rel, key, ctx):
        if path.name == "can-tho.md" and article.read_text(encoding="utf-8") == first:
            article.write_text(between, encoding="utf-8")  # saved meanwhile...
            return None  # ...and the record cannot be used
        return real(reader, record, path, rel, key, ctx)

    with monkeypatch.context() as m:
        m.setattr(site_builder.content.load, "_restore", restore)
        assert run(site, "build") == 0
    assert "Phiên bản giữa chừng" in tree(site / "public")["2026/01/phien-ban-giua-chung/index.html"].decode()
    article.write_text(first, encoding="utf-8")
    touch_all()
    assert run(site, "build") == 0
    assert tree(site / "public") == full_build(site, tmp_path / "full")


def test_a_relative_source_folder_works_with_workers_reading_the_cache(site, tmp_path, monkeypatch):
    """Through the library API the source folder may be relative: forked workers open the cache
    by its absolute file: URI."""
    import datetime as dt
    import os
    import time

    assert run(site, "build", "--no-search") == 0
    later = time.time() + 60
    for path in (site / "content/articles").rglob("*.md"):
        os.utime(path, (later, later))  # read again, in workers, and looked up in the cache
    monkeypatch.chdir(site.parent)
    monkeypatch.setattr(site_builder.content.parse, "PARALLEL_MIN", 1)
    result = build(
        BuildOptions(Path(site.name), output=tmp_path / "out", jobs=2, search=False, now=dt.datetime.fromisoformat(NOW))
    )
    assert result.ok and result.articles > 0


def test_a_cache_stored_in_another_number_of_parts_is_read_whole(site, tmp_path, monkeypatch):
    """PARTS changed between two builds with the cache kept. (A new version of the code starts a
    new cache; this is for a PARTS changed by hand, or a cache whose salt did not see the change.)
    Up (32 parts to 256): the next edit does what the same edit does with 256 throughout (the old
    parts' names are among the new ones). Down (256 to 32): the parts past the 32nd are not read,
    so more pages are rendered again, the same files written, and those parts are deleted: left
    there, they would be read again, stale, by a build with 256 parts, over the fresh ones (the
    round trip 256, 32, 256 with a change at each step kept three pages as they were). Every time
    the output is a full build's and the mapping is stored in exactly the parts of its PARTS."""
    import datetime as dt
    import shutil
    import sqlite3

    now = dt.datetime.fromisoformat(NOW)
    pristine = tmp_path / "pristine"
    shutil.copytree(site, pristine)

    def parts(folder: Path) -> dict[str, set[str]]:
        con = sqlite3.connect(folder / ".site-builder-cache/cache.sqlite")
        try:
            found: dict[str, set[str]] = {}
            for (name,) in con.execute("SELECT name FROM documents WHERE name LIKE '%#%'"):
                found.setdefault(name.split("#")[0], set()).add(name)
            return found
        finally:
            con.close()

    def built(folder: Path, count: int, label: str):
        monkeypatch.setattr(site_builder.cache, "PARTS", count)
        result = build(BuildOptions(source=folder, now=now, search=False))
        assert result.ok, label
        assert tree(folder / "public") == full_build(folder, tmp_path / f"full-{label}", "--no-search"), label
        stored = parts(folder)
        assert stored and all(names == {f"{name}#{i}" for i in range(count)} for name, names in stored.items()), label
        return result

    def edited(folder: Path, before: int, after: int, label: str):
        built(folder, before, label + "-first")
        edit(folder, "content/articles/2026/can-tho.md", "Cụm 9 ký kết.", "Cụm 9 ký kết giao ước.")
        return built(folder, after, label)

    for before, after in ((32, 256), (256, 32)):
        same = edited(shutil.copytree(pristine, tmp_path / f"same-{after}"), after, after, f"same-{after}")
        changed = edited(shutil.copytree(pristine, tmp_path / f"from-{before}"), before, after, f"from-{before}")
        assert changed.files == same.files
        if before < after:
            assert changed.stats["rendered"] == same.stats["rendered"]
        else:
            assert changed.stats["rendered"] > same.stats["rendered"]

    # The round trip: 256, then a newest article with 32, then an edit with 256 again.
    folder = shutil.copytree(pristine, tmp_path / "round-trip")
    built(folder, 256, "trip-256")
    (folder / "content/articles/2026/moi-nhat.md").write_text(
        "---\ntitle: Tin mới nhất về hội nghị\ndate: 2026-02-06T08:00:00+07:00\nprovinces: [Gia Lai]\n---\nMột tin mới.\n",
        encoding="utf-8",
    )
    built(folder, 32, "trip-32")
    edit(folder, "content/articles/2026/can-tho.md", "Cụm 9 ký kết.", "Cụm 9 ký kết giao ước mới.")
    built(folder, 256, "trip-256-again")


def test_the_fingerprints_and_stamps_of_pages_and_files_are_written_only_where_they_changed(
    site, tmp_path, monkeypatch
):
    """Large mappings are stored in parts: a warm build rewrites none of them, an edit a few, and
    a part that fails its checksum is not trusted (only the work its keys saved is done again)."""
    import json
    import sqlite3

    monkeypatch.setattr(site_builder.known.KnownFiles, "MARGIN_NS", 0)  # (files written just now are trusted)
    db = site / ".site-builder-cache/cache.sqlite"

    def rows(name: str) -> dict[str, int]:  # a part's rowid changes when it is written again
        con = sqlite3.connect(db)
        try:
            return dict(con.execute("SELECT name, rowid FROM documents WHERE name LIKE ?", (f"{name}#%",)))
        finally:
            con.close()

    assert run(site, "build") == 0
    first = rows("fingerprints")
    assert len(first) == site_builder.cache.PARTS and len(rows("files")) == site_builder.cache.PARTS
    assert run(site, "build") == 0
    assert rows("fingerprints") == first
    edit(site, "content/articles/2026/can-tho.md", "Cụm 9 ký kết.", "Cụm 9 ký kết giao ước.")
    assert run(site, "build") == 0
    edited = rows("fingerprints")
    assert 0 < len({name for name in first if first[name] != edited[name]}) < len(first) // 2
    assert tree(site / "public") == full_build(site, tmp_path / "full")

    # A file's stamp pointing at another file's key, the checksum left as it was: if the part
    # were trusted, Cần Thơ's page would show the Gia Lai article.
    con = sqlite3.connect(db)
    parts = {
        name: json.loads(value)
        for name, value in con.execute("SELECT name, value FROM documents WHERE name LIKE 'files#%'")
    }
    stamps = {rel: (name, stamp) for name, part in parts.items() for rel, stamp in part.items()}
    name, stamp = stamps["content/articles/2026/can-tho.md"]
    stamp[4] = stamps["content/articles/2026/dai-hoi-gia-lai.md"][1][4]
    parts[name]["content/articles/2026/can-tho.md"] = stamp
    con.execute("UPDATE documents SET value = ? WHERE name = ?", (json.dumps(parts[name]), name))
    con.commit()
    con.close()
    (site / "public/2026/02/dai-hoi-gia-lai/index.html").write_text("edited by hand")
    assert run(site, "build") == 0
    assert tree(site / "public") == full_build(site, tmp_path / "full2")
    con = sqlite3.connect(db)  # written again whole, with its checksum
    stored, value = con.execute("SELECT sum, value FROM documents WHERE name = ?", (name,)).fetchone()
    assert site_builder.cache.checksum(value) == stored
    con.close()


# --- A site with an English edition (tests/test_editions.py) -------------------------------------

EN = "content/articles/en"
BILINGUAL_EDITS = [
    (
        "edit an English article's title: English lists and its original's alternate link",
        lambda s: edit(s, f"{EN}/gia-lai.md", "title: Gia Lai holds its congress", "title: Gia Lai holds a congress"),
    ),
    (
        "edit an English article's terms: English Xem thêm and taxonomy pages",
        lambda s: edit(s, f"{EN}/english-only.md", "tags: [Congress]", "tags: [Agreement]"),
    ),
    (
        "add a translation",
        lambda s: (s / f"{EN}/binh-dinh.md").write_text(
            "---\ntitle: Bình Định honours its scientists\nlang: en\ntranslation_of: binh-dinh-ton-vinh-tri-thuc\n"
            "date: 2022-10-20T08:00:00+07:00\nprovinces: [Bình Định]\n---\nHonours.\n",
            encoding="utf-8",
        ),
    ),
    (
        "change translation_of",
        lambda s: edit(
            s, f"{EN}/english-only.md", "lang: en\n", "lang: en\ntranslation_of: phu-yen-to-chuc-hoi-thao\n"
        ),
    ),
    ("remove a translation", lambda s: (s / f"{EN}/can-tho.md").unlink()),
    (
        "edit the English interface strings",
        lambda s: ((s / "i18n").mkdir(exist_ok=True), (s / "i18n/en.yaml").write_text('latest: "Newest"\n')),
    ),
    (
        "move an original to another month: the translation's alternate link",
        lambda s: edit(s, GIA_LAI, "date: 2026-02-05T08:00:00+07:00", "date: 2026-03-05T08:00:00+07:00"),
    ),
    ("edit the English edition's settings", lambda s: edit(s, "content/_site.yaml", "title: Test News", "title: News")),
    # The portal's pages in the English edition (issue 23 merged with 24): its authors, archives,
    # index counts and attachments.
    (
        "give an English article an author: the English author's page and index",
        lambda s: edit(s, f"{EN}/english-only.md", "lang: en\n", "lang: en\nauthor: Trần Thị Bình\n"),
    ),
    (
        "attach a file to an English article",
        lambda s: (
            (s / "content/files").mkdir(exist_ok=True),
            (s / "content/files/report.pdf").write_bytes(b"%PDF-1.4\n" + b"0" * 5000 + b"\n%%EOF\n"),
            edit(s, f"{EN}/english-only.md", "lang: en\n", "lang: en\nattachments: [report.pdf]\n"),
        ),
    ),
    (
        "replace the English article's file with a longer one",
        lambda s: (s / "content/files/report.pdf").write_bytes(b"%PDF-1.4\n" + b"1" * 1_300_000 + b"\n%%EOF\n"),
    ),
    (
        "move an English article to another month: the English archives",
        lambda s: edit(
            s, f"{EN}/english-only.md", "date: 2025-06-01T08:00:00+07:00", "date: 2025-07-01T08:00:00+07:00"
        ),
    ),
    (
        "give an English article a section: the English index of sections",
        lambda s: edit(s, f"{EN}/english-only.md", "lang: en\n", "lang: en\nsection: Reports\n"),
    ),
    (
        "rename the months of the English archives",
        lambda s: (s / "i18n/en.yaml").write_text('archive_month: "{month}, {year}"\n', encoding="utf-8"),
    ),
]


def test_each_edit_of_a_site_with_an_english_edition_then_incremental_build_equals_a_full_build(site, tmp_path):
    from test_editions import bilingual

    bilingual(site)
    assert run(site, "build") == 0
    for number, (name, apply) in enumerate(BILINGUAL_EDITS):
        apply(site)
        assert run(site, "build") == 0, name
        assert tree(site / "public") == full_build(site, tmp_path / f"full-{number}"), name
