"""A build that finds nothing changed since the last one (unchanged.py): it writes nothing and
reads no article, says what the last build said, and gives way to a full build whenever anything
it cannot vouch for differs: a file of the site, the options, the clock, the output."""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import NOW, record_article_reads, run, tree

import site_builder.build
import site_builder.content.load
import site_builder.unchanged
from site_builder.build import BuildOptions, build
from site_builder.cli import main
from site_builder.unchanged import StampsAhead, stamp_site, steady_between

CAN_THO = "content/articles/2026/can-tho.md"
FUTURE = "content/articles/2026/bai-tuong-lai.md"  # dated 2099-01-01 08:00 +07:00


@pytest.fixture
def trusting(monkeypatch):
    """Files count as settled the moment they are written (instead of two seconds later): the
    tests need not wait. The margin itself is tested below."""
    monkeypatch.setattr(site_builder.unchanged, "RACY_NS", 0)


@pytest.fixture
def articles_read(monkeypatch) -> list[str]:
    """The article files the builds of a test read."""
    return record_article_reads(monkeypatch)


def fresh_build(site: Path, dest: Path, now: str = NOW) -> dict[str, bytes]:
    """The site built afresh (no cache, no record) into `dest`: what any build must equal."""
    assert (
        main(
            [
                "build",
                "--source",
                str(site),
                "--output",
                str(dest),
                "--no-cache",
                "--no-search",
                "--quiet",
                "--now",
                now,
            ]
        )
        == 0
    )
    return tree(dest)


def options(site: Path, **more) -> BuildOptions:
    return BuildOptions(source=site, now=dt.datetime.fromisoformat(more.pop("now", NOW)), **more)


def stood(result) -> bool:
    return result.stats.get("unchanged") == 1


def test_a_build_with_nothing_changed_writes_and_reads_nothing_and_says_the_same(site, trusting, monkeypatch):
    # A warning and an article left out, so that there is something to say again.
    (site / "content/articles/2026/canh-bao.md").write_text(
        '---\ntitle: "Hội nghị ở Bìn Thuận"\ndate: 2026-01-20 08:00\n---\n\nHội nghị ở Bìn Thuận.\n',
        encoding="utf-8",
    )
    first = build(options(site))
    assert first.ok and not stood(first) and first.report.warnings and first.future
    output = tree(site / "public")
    stamps = {p: os.lstat(p).st_mtime_ns for p in (site / "public").rglob("*")}

    def nothing_may_render(*args, **kwargs):
        raise AssertionError("rendered although nothing changed")

    monkeypatch.setattr(site_builder.build, "_render", nothing_may_render)
    monkeypatch.setattr(site_builder.build, "load_content", nothing_may_render)
    again = build(options(site))
    assert again.ok and stood(again)
    assert again.files == 0 and again.stats["kept"] == len(output) - 0  # every file of the output, kept
    assert [str(p) for p in again.report.warnings] == [str(p) for p in first.report.warnings]
    assert (again.articles, again.pages, again.feeds) == (first.articles, first.pages, first.feeds)
    assert again.drafts == first.drafts
    assert again.left_out() == first.left_out()  # the same notes, the due date in the site's zone
    assert tree(site / "public") == output
    assert {p: os.lstat(p).st_mtime_ns for p in (site / "public").rglob("*")} == stamps


def test_the_command_line_says_the_same_with_nothing_changed(site, trusting, capsys):
    assert main(["build", "--source", str(site), "--now", NOW]) == 0
    first = capsys.readouterr()
    assert main(["build", "--source", str(site), "--now", NOW]) == 0
    again = capsys.readouterr()
    assert again.err == first.err  # warnings and notes, word for word
    built_first, built_again = first.out.split(" trong ")[0], again.out.split(" trong ")[0]
    assert built_again == built_first  # "đã dựng N bài, M trang, K nguồn tin"
    assert "ghi 0 tệp" in again.out


def test_the_stamps_taken_ahead_by_another_process_are_the_walks_own(site, tmp_path, monkeypatch):
    """The command line has the site's stamps taken by a forked process while it imports what a
    build needs (unchanged.StampsAhead): the same stamps as the walk's, racy against the moment
    the look began (a file written just before is hashed there); the walk's own if that process
    fails, cannot begin, or another folder is built."""
    monkeypatch.setattr(site_builder.unchanged, "RACY_NS", 300_000_000)  # (0.3 s, not 2: see conftest)
    monkeypatch.setattr(site_builder.unchanged, "RACY_FILES", 500)
    time.sleep(0.4)  # (the site's files older than that)
    (site / "content/articles/2026/moi.md").write_text("---\ntitle: Mới\n---\nMới.\n", encoding="utf-8")
    ahead = StampsAhead(site)
    taken = ahead.take(site)
    assert taken == stamp_site(site, ahead.started_ns)
    assert list(taken.settled) == ["content/articles/2026/moi.md"] and not taken.racy
    assert ahead.take(site) == stamp_site(site, ahead.started_ns)  # (a second time: stamped here)
    other = tmp_path / "other"
    shutil.copytree(site, other)
    (other / "content/articles/2026/them.md").write_text("---\ntitle: Thêm\n---\nThêm.\n", encoding="utf-8")
    ahead = StampsAhead(site)
    assert ahead.take(other).digest == stamp_site(other).digest != stamp_site(site).digest

    def fails(task):
        raise OSError("the walk went wrong")

    monkeypatch.setattr(site_builder.unchanged, "_stamp_task", fails)
    ahead = StampsAhead(site)
    assert ahead.take(site).digest == stamp_site(site).digest

    def no_fork():
        raise OSError(errno.EAGAIN, os.strerror(errno.EAGAIN))

    monkeypatch.setattr(os, "fork", no_fork)
    ahead = StampsAhead(site)
    assert ahead.take(site).digest == stamp_site(site).digest


def test_stamps_taken_ahead_and_never_taken_leave_no_process_behind(site):
    ahead = StampsAhead(site)
    pid = ahead._forked.workers[0][0] if ahead._forked is not None else None
    ahead.close()
    ahead.close()
    if pid is not None:  # (waited for: not even a zombie is left)
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    assert ahead.take(site).digest == stamp_site(site).digest


# `site-builder build` as its own process (cli.run), telling whether the last build's result stood.
_CLI = """
import sys
import site_builder.build
stands = site_builder.build._last_build_stands
def told(*args, **kwargs):
    stood = stands(*args, **kwargs)
    print("stood" if stood else "built", file=sys.stderr)
    return stood
site_builder.build._last_build_stands = told
sys.argv = ["site-builder", *sys.argv[1:]]
from site_builder.cli import run
run()
"""


def test_the_command_line_in_its_own_process_stands_when_nothing_changed_and_builds_an_edit(site, tmp_path):
    """`site-builder build` as its own process (cli.run: the stamps taken ahead, the process ended
    without teardown): nothing changed, the last build's result stands; an edit, the site a fresh
    build makes."""

    def build_here() -> str:
        done = subprocess.run(
            [sys.executable, "-c", _CLI, "build", "--source", str(site), "--now", NOW, "--no-search", "--jobs", "2"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stderr

    assert "stood" not in build_here()
    assert "stood" in build_here()  # (the site's files just written: hashed by the look, and found the same)
    article = site / CAN_THO
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("Cụm 9 ký kết.", "Cụm 9 ký kết giao ước."), encoding="utf-8")
    assert "built" in build_here()
    assert tree(site / "public") == fresh_build(site, tmp_path / "fresh")


@pytest.mark.parametrize(
    "change",
    [
        "edit an article",
        "touch an article",
        "add an article",
        "remove an article",
        "edit the settings",
        "edit a cluster",
        "add a layout",
        "add a static file",
        "add an interface string",
        "replace an image",
        "link a file elsewhere in the site",
    ],
)
def test_any_change_to_the_site_gives_a_full_build_equal_to_a_fresh_one(site, tmp_path, trusting, change):
    assert run(site, "build", "--no-search") == 0
    content = site / "content"
    if change == "edit an article":
        path = site / CAN_THO
        path.write_text(path.read_text(encoding="utf-8").replace("Cụm 9 ký kết.", "Cụm 9 đã ký kết."), encoding="utf-8")
    elif change == "touch an article":  # (the same bytes: a full build, which writes nothing)
        os.utime(site / CAN_THO, ns=(1, 1))
    elif change == "add an article":
        (content / "articles/2026/moi.md").write_text(
            '---\ntitle: "Bài mới"\ndate: 2026-02-01 08:00\n---\n\nNội dung.\n', encoding="utf-8"
        )
    elif change == "remove an article":
        (site / CAN_THO).unlink()
    elif change == "edit the settings":
        settings = content / "_site.yaml"
        text = settings.read_text(encoding="utf-8")
        settings.write_text(
            text.replace("title:", "title: Mới -", 1) if "title:" in text else text + "\n# x\n", encoding="utf-8"
        )
    elif change == "edit a cluster":
        cluster = sorted((content / "clusters").glob("*.md"))[0]
        cluster.write_text(cluster.read_text(encoding="utf-8") + "\nThêm một câu.\n", encoding="utf-8")
    elif change == "add a layout":
        (site / "layouts").mkdir()
        (site / "layouts/robots.txt").write_text("not a layout a build reads, but a file of layouts/\n")
    elif change == "add a static file":
        (site / "static").mkdir()
        (site / "static/ghi-chu.txt").write_text("một tệp tĩnh\n", encoding="utf-8")
    elif change == "add an interface string":
        (site / "i18n").mkdir()
        (site / "i18n/vi.yaml").write_text('related: "Cùng chủ đề"\n', encoding="utf-8")
    elif change == "replace an image":
        image = sorted((content / "images").rglob("*.*"))[0]
        image.write_bytes(image.read_bytes() + b"\0")
    elif change == "link a file elsewhere in the site":
        (site / "static").mkdir()
        (site / "static/tong-ket.md").symlink_to(site / CAN_THO)
    result = build(options(site))
    assert result.ok and not stood(result)
    assert tree(site / "public") == fresh_build(site, tmp_path / "fresh")


def test_a_changed_link_target_is_a_change(site, trusting):
    (site / "static").mkdir()
    first, second = site / "static/a.txt", site / "static/b.txt"
    first.write_text("một\n")
    second.write_text("hai\n")
    (site / "static/ghi-chu.txt").symlink_to(first)
    assert run(site, "build", "--no-search") == 0
    assert (site / "public/ghi-chu.txt").read_text() == "một\n"
    (site / "static/ghi-chu.txt").unlink()
    (site / "static/ghi-chu.txt").symlink_to(second)
    result = build(options(site))
    assert result.ok and not stood(result)
    assert (site / "public/ghi-chu.txt").read_text() == "hai\n"


@pytest.mark.parametrize("harm", ["edit a page", "delete a page", "delete the manifest", "replace a page by a folder"])
def test_an_output_changed_by_hand_gives_a_full_build_that_mends_it(site, trusting, harm):
    assert run(site, "build", "--no-search") == 0
    out = site / "public"
    good = tree(out)
    page = out / "index.html"
    if harm == "edit a page":
        page.write_text(page.read_text(encoding="utf-8").replace("<body", "<body data-x", 1), encoding="utf-8")
    elif harm == "delete a page":
        page.unlink()
    elif harm == "delete the manifest":
        (site / ".public.files.json").unlink()
    elif harm == "replace a page by a folder":
        page.unlink()
        page.mkdir()
        (page / "x").write_text("x")
    result = build(options(site))
    assert result.ok and not stood(result)
    if harm == "replace a page by a folder":  # (put by hand where the site has a page: replaced, and said)
        assert result.replaced == ["index.html"]
    assert tree(out) == good


def test_other_options_or_another_output_give_a_full_build(site, tmp_path, trusting):
    assert build(options(site)).ok
    assert stood(build(options(site)))
    assert not stood(build(options(site, drafts=True)))
    assert not stood(build(options(site, base_url="https://khac.example.vn/")))
    assert not stood(build(options(site, output=tmp_path / "khac")))
    assert not stood(build(options(site, strict=True)))
    assert build(options(site)).ok  # (the last build, with the first options, recorded again)
    assert stood(build(options(site)))
    assert not stood(build(options(site, cache=False)))


def test_the_clock_passing_a_due_article_or_the_news_window_gives_a_full_build(site, tmp_path, trusting):
    def fresh(now: str) -> dict:
        return fresh_build(site, tmp_path / now.replace(":", "-"), now)

    assert stood(build(options(site))) is False
    assert stood(build(options(site, now="2026-11-30T12:00:00+07:00")))  # a day on: nothing comes or goes
    due = "2099-01-01T08:00:00+07:00"  # the future article's date: it is published
    result = build(options(site, now=due))
    assert result.ok and not stood(result) and not result.future
    assert tree(site / "public") == fresh(due)
    # Two days after it, it leaves the Google News sitemap.
    later = "2099-01-03T08:00:00.000001+07:00"
    assert stood(build(options(site, now="2099-01-03T08:00:00+07:00")))  # (still within the two days)
    result = build(options(site, now=later))
    assert result.ok and not stood(result)
    assert tree(site / "public") == fresh(later)
    # And back before it: the article is left out again.
    result = build(options(site))
    assert result.ok and not stood(result) and result.future
    assert tree(site / "public") == fresh(NOW)


def test_steady_between_bounds_the_clock_by_publication_and_the_news_window():
    tz = dt.timezone(dt.timedelta(hours=7))
    a, b, c = (dt.datetime(2026, 1, d, 8, tzinfo=tz) for d in (1, 10, 20))
    now = dt.datetime(2026, 1, 11, 8, tzinfo=tz)
    since, until = steady_between([a, b, c], now, future=False)
    # b (published, and in the news window until b + 2 days) and c (due later) bound it.
    assert since == b and until == b + dt.timedelta(days=2, microseconds=1)
    since, until = steady_between([a, b, c], dt.datetime(2026, 1, 15, tzinfo=tz), future=False)
    assert since == b + dt.timedelta(days=2, microseconds=1) and until == c
    assert steady_between([a, b, c], dt.datetime(2026, 1, 15, tzinfo=tz), future=True)[1] == c + dt.timedelta(
        days=2, microseconds=1
    )
    assert steady_between([], now, future=False) == (None, None)


def test_files_written_just_before_a_build_are_trusted_by_their_bytes(site, monkeypatch, articles_read):
    """A file written in the two seconds before a build could be written again within its file
    system's clock tick, keeping its stamp: the build hashes such files before reading them, and
    the next build stands only if their bytes are still those. Too many of them (a fresh
    checkout) and the build records nothing."""
    monkeypatch.setattr(site_builder.unchanged, "RACY_NS", 1000 * 10**9)  # every file is "just written"
    monkeypatch.setattr(site_builder.unchanged, "RACY_FILES", 500)
    assert build(options(site)).ok
    articles_read.clear()
    assert stood(build(options(site)))  # (each file hashed again: the same bytes)
    assert articles_read == []
    monkeypatch.setattr(site_builder.unchanged, "RACY_FILES", 3)  # fewer than the site's files
    assert not stood(build(options(site)))  # (this build cannot vouch for them all: it does the work)
    assert not stood(build(options(site)))  # (and the one before recorded nothing)


def test_a_write_that_kept_its_stamp_is_found_by_the_bytes(site, monkeypatch):
    """What a coarse clock allows (two writes within one tick, the same size): the stamps agree,
    the bytes do not."""
    from site_builder.unchanged import stamp_site, still_settled

    monkeypatch.setattr(site_builder.unchanged, "RACY_NS", 0)
    monkeypatch.setattr(site_builder.unchanged, "RACY_FILES", 500)
    path = site / CAN_THO
    found = stamp_site(site, started_ns=path.stat().st_mtime_ns)  # (this file: just written)
    assert not found.racy and CAN_THO in found.settled
    assert still_settled(site, found.settled)
    text = path.read_bytes()
    path.write_bytes(text.replace("Cụm 9".encode(), "Cụm 8".encode()))  # (the same size)
    assert not still_settled(site, found.settled)
    path.unlink()
    assert not still_settled(site, found.settled)


def test_a_commit_cut_short_is_finished_by_a_full_build(site, trusting):
    assert run(site, "build", "--no-search") == 0
    journal = site / ".public.journal"
    journal.write_text("{}")  # (an interrupted commit's journal: the next build must look at it)
    result = build(options(site))
    assert result.ok and not stood(result)
    assert not journal.exists()


def test_a_damaged_or_planted_record_is_not_trusted(site, trusting):
    import sqlite3

    assert run(site, "build", "--no-search") == 0
    assert stood(build(options(site)))
    db = sqlite3.connect(site / ".site-builder-cache/cache.sqlite")
    db.execute("UPDATE documents SET value = replace(value, '\"count\"', '\"cuont\"') WHERE name = 'standing'")
    db.commit()
    db.close()
    assert not stood(build(options(site)))  # (its checksum fails: a full build, which records again)
    assert stood(build(options(site)))


def test_a_build_that_failed_leaves_the_record_of_the_last_good_one(site, trusting):
    assert run(site, "build", "--no-search") == 0
    good = tree(site / "public")
    path = site / CAN_THO
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("date:", "date: 2026-13-45\nx:", 1), encoding="utf-8")
    assert not build(options(site)).ok
    path.write_text(text, encoding="utf-8")  # put back: the output is the last good build's
    result = build(options(site))
    assert result.ok
    assert tree(site / "public") == good


def test_a_site_served_or_checked_never_takes_it(site, trusting):
    assert run(site, "build", "--no-search") == 0
    assert not stood(build(options(site, write=False)))
    assert not stood(build(options(site, memory={})))


def test_a_copied_site_is_built_in_full(site, tmp_path, trusting):
    """Another folder with the same files (a copy keeps no inode): its own build."""
    assert run(site, "build", "--no-search") == 0
    copy = tmp_path / "copy"
    shutil.copytree(site, copy, symlinks=True)
    result = build(options(copy))
    assert result.ok and not stood(result)


# Found by a review (each failed before): links the build follows or refuses by where they lead.


@pytest.mark.parametrize("linked", ["content", "content/articles", "content/images", "static"])
def test_a_folder_that_is_a_link_never_lets_a_build_stand(site, trusting, linked):
    """The build follows a link where its walks start (content/articles/, static/, ...): a file
    edited in place under one changes none of the link's stamps, so such a site is always built."""
    if linked == "static":
        (site / "static").mkdir()
        (site / "static/ghi-chu.txt").write_text("một\n", encoding="utf-8")
    real = site / ("that-" + linked.replace("/", "-"))
    (site / linked).rename(real)
    (site / linked).symlink_to(real, target_is_directory=True)
    assert build(options(site)).ok
    if linked == "content/images":
        image = real / "hoi-nghi.svg"
        image.write_bytes(image.read_bytes().replace(b"</svg>", b"<!--x--></svg>"))
        published, marker = site / "public/images/hoi-nghi.svg", b"<!--x-->"
    elif linked == "static":
        (real / "ghi-chu.txt").write_text("hai\n", encoding="utf-8")
        published, marker = site / "public/ghi-chu.txt", b"hai"
    else:
        article = real / CAN_THO[len(linked) + 1 :]
        article.write_text(
            article.read_text(encoding="utf-8").replace("Cụm 9 ký kết.", "Cụm 9 MỚI ký kết."), encoding="utf-8"
        )
        published, marker = next((site / "public").rglob("can-tho*/index.html")), "MỚI".encode()
    again = build(options(site))
    assert again.ok and not stood(again)
    assert marker in published.read_bytes()


def test_a_link_pointed_out_of_the_site_at_the_same_file_is_a_change(site, tmp_path, trusting):
    """A hard link outside the site to the same file: the same inode, size and times. The build
    refuses a link out of the site by its real path, so the walk stamps where a link leads."""
    (site / "static").mkdir()
    inside = site / "shared.txt"
    inside.write_text("chung\n", encoding="utf-8")
    outside = tmp_path / "outside.txt"
    os.link(inside, outside)
    (site / "static/ghi-chu.txt").symlink_to(inside)
    assert build(options(site)).ok
    (site / "static/ghi-chu.txt").unlink()
    (site / "static/ghi-chu.txt").symlink_to(outside)
    again = build(options(site))
    assert not again.ok and not stood(again)
    assert any("ghi-chu.txt" in str(p) for p in again.report.errors)


def test_the_walk_never_reads_a_file_outside_the_site(site, tmp_path, monkeypatch):
    """A link to an outside file just written: the build refuses it; the walk must not open it
    to hash it first (a link to /proc/kmsg would block and consume the kernel's log)."""
    outside = tmp_path / "secret.txt"
    outside.write_text("không phải của trang\n", encoding="utf-8")
    (site / "content/articles/2026/lien-ket.md").symlink_to(outside)
    monkeypatch.setattr(site_builder.unchanged, "RACY_NS", 2_000_000_000)  # (the real margin)
    monkeypatch.setattr(site_builder.unchanged, "RACY_FILES", 500)
    opened: list[str] = []
    real_open = open

    def spy(path, *args, **kwargs):
        opened.append(os.path.realpath(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(site_builder.unchanged, "open", spy, raising=False)
    found = site_builder.unchanged.stamp_site(site)
    assert found is not None and found.racy  # (no record: the build reports the link)
    assert str(outside) not in opened
    assert not site_builder.unchanged.still_settled(site, {"../secret.txt": "0" * 64})
    assert str(outside) not in opened
