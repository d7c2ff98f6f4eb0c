"""Nothing outside the site folder is read or published, links included; only regular files are
read (a device or a pipe would never end); files have a size limit. Each case: `check` and
`build` give the same `path:1: message`, exit 1, no traceback, and the previous output stays."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import NOW, run, tree

ARTICLE = "---\ntitle: Bài ở ngoài\ndate: 2022-01-01\n---\nNội dung.\n"


def outside(tmp_path):
    """A folder beside the site, with what an attacker would like published."""
    folder = tmp_path / "outside"
    folder.mkdir(exist_ok=True)
    (folder / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
    (folder / "bai.md").write_text(ARTICLE, encoding="utf-8")
    (folder / "anh.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    (folder / "base.html").write_text("{{ site.title }} SECRET-LAYOUT")
    return folder


def link(site, rel, target):
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir() and not path.is_symlink():
        import shutil

        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
    path.symlink_to(target)


CASES = [
    (
        "images folder linked out",
        "content/images",
        lambda o: o,
        "content/images:1: là liên kết tới {o}, nằm ngoài thư mục trang",
    ),
    ("static folder linked out", "static", lambda o: o, "static:1: là liên kết tới {o}, nằm ngoài thư mục trang"),
    (
        "image linked out",
        "content/images/anh.svg",
        lambda o: o / "anh.svg",
        "content/images/anh.svg:1: là liên kết tới {o}/anh.svg, nằm ngoài thư mục trang",
    ),
    (
        "article linked out",
        "content/articles/2026/ngoai.md",
        lambda o: o / "bai.md",
        "content/articles/2026/ngoai.md:1: là liên kết tới {o}/bai.md, nằm ngoài thư mục trang",
    ),
    ("articles folder linked out", "content/articles/2030", lambda o: o, None),  # not followed: nothing read
    (
        "page linked out",
        "content/pages/ngoai.md",
        lambda o: o / "bai.md",
        "content/pages/ngoai.md:1: là liên kết tới {o}/bai.md, nằm ngoài thư mục trang",
    ),
    (
        "cluster linked out",
        "content/clusters/cum-1.md",
        lambda o: o / "bai.md",
        "content/clusters/cum-1.md:1: là liên kết tới {o}/bai.md, nằm ngoài thư mục trang",
    ),
    (
        "layout linked out",
        "layouts/base.html",
        lambda o: o / "base.html",
        "layouts/base.html:1: là liên kết tới {o}/base.html, nằm ngoài thư mục trang",
    ),
    (
        "settings linked out",
        "content/_site.yaml",
        lambda o: o / "passwd",
        "content/_site.yaml:1: là liên kết tới {o}/passwd, nằm ngoài thư mục trang",
    ),
    (
        "settings are a device",
        "content/_site.yaml",
        lambda o: "/dev/zero",
        "content/_site.yaml:1: là liên kết tới /dev/zero, nằm ngoài thư mục trang",
    ),
    (
        "article is a device",
        "content/articles/zero.md",
        lambda o: "/dev/zero",
        "content/articles/zero.md:1: là liên kết tới /dev/zero, nằm ngoài thư mục trang",
    ),
]


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("name,rel,target,message", CASES, ids=[c[0] for c in CASES])
def test_links_out_of_the_site_are_refused(site, tmp_path, capsys, command, name, rel, target, message):
    assert run(site, "build") == 0
    before = tree(site / "public")
    capsys.readouterr()
    folder = outside(tmp_path)
    link(site, rel, target(folder))
    code = run(site, command)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    published = b"".join(tree(site / "public").values())
    assert (
        b"root:x:0:0" not in published
        and b"SECRET-LAYOUT" not in published
        and b"B\xc3\xa0i \xe1\xbb\x9f ngo\xc3\xa0i" not in published
    )
    if message is None:
        assert code == 0, err
        return
    assert code == 1, err
    assert message.format(o=folder) in err, err
    assert tree(site / "public") == before


def test_a_link_inside_the_site_is_followed(site, capsys):
    """Links that stay inside the site are fine: an article kept once and linked from two folders."""
    (site / "content/images/cung-anh.svg").symlink_to(site / "content/images/hoi-nghi.svg")
    assert run(site, "build") == 0
    assert (site / "public/images/cung-anh.svg").read_bytes() == (site / "content/images/hoi-nghi.svg").read_bytes()


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_pipe_among_the_articles_is_an_error_not_a_hang(site, command):
    """A FIFO would block the build forever on its first read."""
    os.mkfifo(site / "content/articles/2026/ong.md")
    done = subprocess.run(
        [sys.executable, "-m", "site_builder", command, "--source", str(site), "--now", NOW],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1, done.stderr
    assert "content/articles/2026/ong.md:1: không phải một tệp thường (thiết bị, ống hay socket)" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "rel, message",
    [
        (
            "content/articles/2026/lon.md",
            "content/articles/2026/lon.md:1: tệp nặng 9.0 MB, quá 8.0 MB một bài được phép",
        ),
        ("content/pages/lon.md", "content/pages/lon.md:1: tệp nặng 9.0 MB, quá 8.0 MB một tệp như vậy được phép"),
    ],
)
def test_an_oversized_text_file_is_an_error(site, capsys, rel, message):
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"---\ntitle: A\ndate: 2022-01-01\n---\n" + b"x" * (9 << 20))
    for command in ("check", "build"):
        assert run(site, command) == 1
        err = capsys.readouterr().err
        assert message in err, err


def test_an_oversized_image_is_an_error(site, capsys):
    """An image over the limit (a sparse file: no disk used) is refused, by `build` as by `check`."""
    image = site / "content/images/lon.jpg"
    image.parent.mkdir(parents=True, exist_ok=True)
    with open(image, "wb") as f:
        f.truncate(101 << 20)
    message = "content/images/lon.jpg:1: tệp nặng 101.0 MB, quá 100.0 MB một tệp như vậy được phép"
    for command in ("check", "build"):
        assert run(site, command) == 1
        err = capsys.readouterr().err
        assert message in err, err


def test_a_walk_takes_sizes_from_the_stamps_the_build_took(site):
    """`build` lists images and static files with the sizes its walk of the site found before
    reading anything (unchanged.SiteStamp.files), not by asking for each again: a stamp is what
    the walk says, here a size the file does not have."""
    from site_builder.sitefiles import SiteFiles

    folder = site / "content/images"
    small = sorted(str(p) for p in folder.rglob("*") if p.is_file())[0]
    files = SiteFiles(site, stamps={small: [200 << 20, 0, os.stat(small).st_ino, 0]})
    assert small not in files.walk(folder, hidden=False, strings=True)
    assert [r.path for r in files.refused] == [Path(small)]
    assert small in SiteFiles(site).walk(folder, hidden=False, strings=True)
    # (the stamp of another file at that path, as after a link was replaced by a file: asked again)
    files = SiteFiles(site, stamps={small: [200 << 20, 0, os.stat(small).st_ino + 1, 0]})
    assert small in files.walk(folder, hidden=False, strings=True) and not files.refused


def test_a_build_lists_its_files_with_the_stamps_it_took(site, monkeypatch):
    import site_builder.build
    from site_builder.sitefiles import SiteFiles

    made: list[SiteFiles] = []

    def recorded(*args, **kwargs):
        made.append(SiteFiles(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(site_builder.build, "SiteFiles", recorded)
    assert run(site, "build", "--no-search") == 0
    image = str(site / "content/images/hoi-nghi.svg")
    assert [files.stamps[image][0] for files in made] == [os.stat(image).st_size]


def test_hidden_files_are_not_content(site, capsys):
    """Editors' scratch files (`.#bai.md`, a lock link to nowhere; `.bai.md.swp`) are not articles."""
    (site / "content/articles/2026/.#can-tho.md").symlink_to("root@host.1234:1700000000")
    (site / "content/articles/2026/.nhap.md").write_text("not front matter")
    assert run(site, "check") == 0, capsys.readouterr().err
