"""The output folder: nothing a build did not write is deleted or replaced, two builds of one
output take turns, and a build killed at any moment of its commit leaves the old site whole (the
next build finishes or undoes the commit). Kills are real: a build in a child process ends itself
with os._exit at a chosen step of the commit."""

from __future__ import annotations

import json
import resource
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import NOW, run, search_pages, tree

from site_builder.cli import main
from site_builder.swap import OutputLock

FOREIGN = {
    "CNAME": b"tin.example.org\n",
    ".nojekyll": b"",
    ".git/HEAD": b"ref: refs/heads/gh-pages\n",
    ".git/objects/ab/cdef": b"\x00git object",
    "ghi-chu.txt": "ghi chú của biên tập viên".encode(),
    "tai-lieu/bao-cao.pdf": b"%PDF-1.4 report",
}


def put(folder: Path, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)


def full_build(site: Path, dest: Path) -> dict[str, bytes]:
    assert main(["build", "--source", str(site), "--output", str(dest), "--no-cache", "--quiet", "--now", NOW]) == 0
    return tree(dest)


def only(files: dict[str, bytes], keys) -> dict[str, bytes]:
    return {k: v for k, v in files.items() if k in keys}


def edit(site: Path, rel: str, title: str) -> None:
    """A new title for an article (its slug stays)."""
    path = site / rel
    lines = path.read_text(encoding="utf-8").split("\n")
    lines = [f"title: {title}" if line.startswith("title:") else line for line in lines]
    if not any(line.startswith("slug:") for line in lines):
        from site_builder.slugs import slugify

        old = next(line for line in path.read_text(encoding="utf-8").split("\n") if line.startswith("title:"))
        lines.insert(1, f"slug: {slugify(old[6:].strip())}")
    path.write_text("\n".join(lines), encoding="utf-8")


def edit_layout(site: Path) -> None:
    """A change every page shows: each page is written again."""
    base = site / "layouts/base.html"
    base.parent.mkdir(exist_ok=True)
    from site_builder.render.env import THEME_DIR

    text = (THEME_DIR / "layouts/base.html").read_text(encoding="utf-8")
    base.write_text(text.replace("</body>", "<!-- sửa --></body>"), encoding="utf-8")


# --- folders that builds did not make ------------------------------------------------------------


@pytest.fixture(params=["swap", "one by one"])
def commit_path(request, monkeypatch):
    """Either way of committing a change (write.ONE_BY_ONE_SHARE): the whole tree swapped, or the
    changed files moved in one by one, whatever share of the site changed."""
    import site_builder.write

    monkeypatch.setattr(site_builder.write, "ONE_BY_ONE_SHARE", 0 if request.param == "swap" else 1)
    return request.param


def test_a_folder_without_a_list_of_files_keeps_everything_it_held(site, tmp_path, capsys, commit_path):
    """A gh-pages checkout (.git, CNAME, .nojekyll) and other files: built into, nothing removed,
    in the first build and in every later one (an edit, a layout change, a deleted article)."""
    out = tmp_path / "gh-pages"
    put(out, FOREIGN)
    args = ["build", "--source", str(site), "--output", str(out), "--now", NOW, "--quiet"]
    assert main(args) == 0
    assert only(tree(out), FOREIGN) == FOREIGN
    assert (out / "index.html").is_file()
    (site / "content/articles/2026/can-tho.md").unlink()
    assert main(args) == 0
    edit_layout(site)
    assert main(args) == 0
    assert only(tree(out), FOREIGN) == FOREIGN
    site_files = {k: v for k, v in tree(out).items() if k not in FOREIGN}
    assert site_files == full_build(site, tmp_path / "full")


def test_files_put_into_the_output_by_hand_survive_every_build(site, tmp_path, commit_path):
    assert run(site, "build") == 0
    public = site / "public"
    by_hand = {
        "google1234.html": b"google-site-verification",
        ".well-known/security.txt": b"Contact: x",
        "2022/11/cum-thi-dua-so-6-tong-ket-nam-2022/bien-ban.pdf": b"%PDF by hand",
        "images/logo-cu.png": b"\x89PNG old",
    }
    put(public, by_hand)
    for change in ("edit", "layout", "delete", "nothing"):
        if change == "edit":
            path = site / "content/articles/2026/can-tho.md"
            path.write_text(path.read_text(encoding="utf-8").replace("Cần Thơ ký kết", "Cần Thơ ký"), encoding="utf-8")
        elif change == "layout":
            edit_layout(site)
        elif change == "delete":
            (site / "content/articles/2025/phu-yen-hoi-thao.md").unlink()
        assert run(site, "build") == 0, change
        assert only(tree(public), by_hand) == by_hand, change
    assert {k: v for k, v in tree(public).items() if k not in by_hand} == full_build(site, tmp_path / "full")


def test_a_folder_whose_files_a_build_would_replace_is_refused(site, tmp_path, capsys):
    out = tmp_path / "mine"
    mine = {"index.html": b"<h1>my own page</h1>", "rss.xml": b"<rss/>", "notes.txt": b"notes"}
    put(out, mine)
    assert main(["build", "--source", str(site), "--output", str(out), "--now", NOW]) == 2
    err = capsys.readouterr().err
    assert "có những tệp không phải do site-builder ghi (index.html, rss.xml)" in err, err
    assert "Hãy dựng vào một thư mục trống hoặc mới (--output), hoặc làm trống thư mục này trước" in err
    assert "Traceback" not in err
    assert tree(out) == mine
    assert not [p for p in tmp_path.glob(".mine.*") if p.name not in (".mine.lock",)]
    (out / "index.html").unlink()
    (out / "rss.xml").unlink()
    assert main(["build", "--source", str(site), "--output", str(out), "--now", NOW, "--quiet"]) == 0
    assert (out / "notes.txt").read_bytes() == b"notes"


@pytest.mark.parametrize("inside", [".git", ".git/site", "layouts", "static", "content/out"])
def test_output_among_the_sites_own_files_is_a_usage_error(site, capsys, inside):
    (site / ".git").mkdir(exist_ok=True)
    (site / ".git/HEAD").write_text("ref: refs/heads/main\n")
    before = tree(site)
    assert main(["build", "--source", str(site), "--output", str(site / inside)]) == 2
    assert "sẽ trộn trang với chính các tệp nguồn của nó" in capsys.readouterr().err
    assert tree(site) == before


def test_a_planted_list_of_files_deletes_nothing_outside_or_hidden(site, tmp_path, commit_path):
    """The list beside the output names what the last build wrote; one that names hidden files or
    paths out of the folder (written by someone else) makes the build delete none of them."""
    assert run(site, "build") == 0
    public = site / "public"
    put(public, {".git/config": b"[core]"})
    (tmp_path / "outside.txt").write_bytes(b"keep me")
    import json

    manifest = site / ".public.files.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["files"] += [".git/config", "../../outside.txt", "/etc/hostname", "a/../../../outside.txt"]
    manifest.write_text(json.dumps(data), encoding="utf-8")
    (site / "content/articles/2026/can-tho.md").unlink()
    assert run(site, "build") == 0
    assert (public / ".git/config").read_bytes() == b"[core]"
    assert (tmp_path / "outside.txt").read_bytes() == b"keep me"


def test_deleting_never_follows_a_link_out_of_the_output(site, tmp_path, capsys, commit_path):
    """A folder of the output replaced by a link to another folder: a later build deletes and
    writes nothing through it, and says so (exit 2); once the link is gone, it builds."""
    assert run(site, "build") == 0
    public = site / "public"
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "11/binh-dinh-ton-vinh-tri-thuc").mkdir(parents=True)
    (elsewhere / "10/binh-dinh-ton-vinh-tri-thuc").mkdir(parents=True)
    (elsewhere / "10/binh-dinh-ton-vinh-tri-thuc/index.html").write_bytes(b"not the site's")
    kept = tree(elsewhere)
    import shutil

    shutil.rmtree(public / "2022")
    (public / "2022").symlink_to(elsewhere)
    (site / "content/articles/2022/binh-dinh-ton-vinh.md").unlink()
    assert run(site, "build") == 2
    err = capsys.readouterr().err
    assert f"{public / '2022'} là liên kết tới {elsewhere}, ở chỗ trang có một thư mục" in err, err
    assert tree(elsewhere) == kept and (public / "2022").is_symlink()
    (public / "2022").unlink()
    assert run(site, "build") == 0
    assert tree(elsewhere) == kept
    assert tree(public) == full_build(site, tmp_path / "full")


# --- two builds, one output ------------------------------------------------------------------------


def build_process(site: Path, *extra: str, script: str = "", env=None, **popen) -> subprocess.Popen:
    """`site-builder build` in a child process; `script` runs in it first (to arrange a kill)."""
    code = textwrap.dedent(script) + textwrap.dedent(f"""
        import sys
        from site_builder.cli import main
        sys.exit(main(["build", "--source", {str(site)!r}, "--now", {NOW!r}, "--quiet", *{list(extra)!r}]))
    """)
    return subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, **popen
    )


def test_a_file_put_by_hand_where_the_site_now_has_one_is_replaced_with_a_note(site, capsys, commit_path):
    """A file put into the output by hand at a path a new article then takes, and a file where
    the site now needs a folder: replaced, and the build says which."""
    assert run(site, "build") == 0
    put(site / "public", {"2026/01/ha-noi-moi/index.html": b"by hand", "2026/02/hue": b"a file"})
    for slug, title in (("ha-noi-moi", "Hà Nội mới"), ("hue/x", "Huế")):
        folder = site / "content/articles/2026"
        (folder / f"{slug.replace('/', '-')}.md").write_text(
            f"---\ntitle: {title}\ndate: 2026-0{1 if slug == 'ha-noi-moi' else 2}-20 10:00\nslug: {slug.split('/')[0]}\n---\nBài.\n",
            encoding="utf-8",
        )
    capsys.readouterr()
    assert main(["build", "--source", str(site), "--now", NOW]) == 0
    err = capsys.readouterr().err
    assert "đã thay những tệp ai đó chép tay vào thư mục xuất bản" in err, err
    assert "2026/01/ha-noi-moi/index.html" in err and "2026/02/hue" in err
    assert (site / "public/2026/01/ha-noi-moi/index.html").read_bytes() != b"by hand"
    assert (site / "public/2026/02/hue/index.html").is_file()


def test_a_second_build_of_the_same_output_waits_for_the_first(site, tmp_path):
    assert run(site, "build") == 0
    lock = OutputLock(site / ".public.lock")
    lock.acquire()  # as a build that is writing would hold it
    try:
        child = build_process(site)
        deadline = time.monotonic() + 20
        while child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
            if (site / f".public.staging-{child.pid}").exists():
                break
        time.sleep(1.0)
        assert child.poll() is None, child.communicate()
        assert not (site / f".public.staging-{child.pid}").exists()  # nothing started beside the output
    finally:
        lock.release()
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    assert "một lần dựng khác đang ghi thư mục này (tiến trình" in err and "đang chờ nó xong" in err


def test_builds_started_together_both_succeed(site, tmp_path):
    (site / "content/articles/2026/can-tho.md").unlink()
    children = [build_process(site) for _ in range(3)]
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        assert "Traceback" not in err
    assert tree(site / "public") == full_build(site, tmp_path / "full")
    assert not list(site.glob(".public.staging-*"))


# --- a build killed during its commit ----------------------------------------------------------------

KILLS = {
    # the shadow (the previous tree) being brought up to date
    "shadow": """
        from site_builder import write
        real, calls = write._Tree.link_from, [0]
        def dying(*a, **k):
            calls[0] += 1
            if calls[0] == 2:
                os._exit(9)
            return real(*a, **k)
        write._Tree.link_from = dying
    """,
    # the new files being moved into it
    "moving": """
        from site_builder import write
        real, calls = write._Tree.place, [0]
        def dying(*a, **k):
            calls[0] += 1
            if calls[0] == 4:
                os._exit(9)
            return real(*a, **k)
        write._Tree.place = dying
    """,
    # the output's own files (CNAME, .git) being moved into the new tree
    "carrying": """
        from site_builder import write
        real = write._carry
        def dying(*a, **k):
            real(*a, **k)
            os._exit(9)
        write._carry = dying
    """,
    # the folders swapped, the list of files not yet written
    "swapped": """
        from site_builder import write
        real = write.swap_folders
        def dying(*a, **k):
            real(*a, **k)
            os._exit(9)
        write.swap_folders = dying
    """,
    # no atomic exchange on this system: between the renames that swap the folders
    "renaming": """
        from site_builder import swap, write
        swap._EXCHANGE = None
        real = write.swap_folders
        def stepped(*a, **k):
            rename, calls = os.rename, [0]
            def dying(*b, **kw):
                calls[0] += 1
                if calls[0] == 2:
                    os._exit(9)
                return rename(*b, **kw)
            os.rename = dying
            real(*a, **k)
        write.swap_folders = stepped
    """,
}


# Commits that swap the whole tree, whatever share of the site changed (see ONE_BY_ONE_SHARE).
ALWAYS_SWAP = "from site_builder import write\nwrite.ONE_BY_ONE_SHARE = 0\n"


@pytest.mark.parametrize("step", list(KILLS))
def test_a_build_killed_during_its_commit_leaves_a_whole_site(site, tmp_path, step, monkeypatch):
    """Killed at each step of the commit, the output is the old site (or, once the folders are
    swapped, the new one), never a mix, with the files put there by hand; the next build gives
    exactly a full build's site, and those files still."""
    import site_builder.write

    monkeypatch.setattr(site_builder.write, "ONE_BY_ONE_SHARE", 0)
    assert run(site, "build") == 0
    put(site / "public", {"CNAME": b"tin.example.org\n", ".git/HEAD": b"ref: refs/heads/gh-pages\n"})
    for title in ("Cần Thơ ký kết giao ước", "Cần Thơ ký giao ước thi đua"):
        edit(site, "content/articles/2026/can-tho.md", title)
        assert run(site, "build") == 0  # (the second time the previous tree is brought up to date)
    before = tree(site / "public")
    edit(site, "content/articles/2026/dai-hoi-gia-lai.md", "Đại hội Gia Lai mới")
    (site / "content/articles/2025/phu-yen-hoi-thao.md").unlink()
    child = build_process(site, script="import os\n" + ALWAYS_SWAP + textwrap.dedent(KILLS[step]))
    out, err = child.communicate(timeout=120)
    assert child.returncode == 9, err
    after = tree(site / "public") if (site / "public").exists() else None
    expected = full_build(site, tmp_path / "full")
    hand = {"CNAME": b"tin.example.org\n", ".git/HEAD": b"ref: refs/heads/gh-pages\n"}
    if step in ("swapped",):
        assert after == {**expected, **hand}
    elif step == "renaming":
        assert after is None  # (the moment between two renames: the next build finishes the swap)
    elif step == "carrying":
        assert only(after, expected) == only(before, expected)  # the old site, whole
    else:
        assert after == before
    assert run(site, "build") == 0
    assert tree(site / "public") == {**expected, **hand}
    assert not list(site.glob(".public.staging-*")) and not list(site.glob(".public.old-*"))


def killed_while_moving_in(site: Path, moved: int) -> None:
    """A build that commits file by file, killed (as by `kill -9`) after moving `moved` files in."""
    script = f"""
        import os
        from site_builder import write
        write.ONE_BY_ONE_SHARE = 1
        real, calls = write._Tree.place, [0]
        def dying(*a, **k):
            calls[0] += 1
            if calls[0] == {moved + 1}:
                os._exit(9)
            return real(*a, **k)
        write._Tree.place = dying
    """
    assert build_process(site, script=script).wait(timeout=120) == 9


def test_a_small_change_after_a_first_build_is_moved_in_file_by_file(site, tmp_path, monkeypatch):
    """With no shadow to swap with (after a first build) and few files changed, the changed files
    replace the old ones one by one: no shadow of every file is made, the files put there by hand
    stay, and the output is a full build's. A larger change then swaps a new tree in."""
    import json

    import site_builder.write

    monkeypatch.setattr(site_builder.write, "ONE_BY_ONE_SHARE", 1)
    assert run(site, "build") == 0
    put(site / "public", {"CNAME": b"tin.example.org\n", ".git/HEAD": b"ref: refs/heads/gh-pages\n"})
    hand = {"CNAME": b"tin.example.org\n", ".git/HEAD": b"ref: refs/heads/gh-pages\n"}
    first, folder = (site / "public/index.html").stat().st_ino, (site / "public").stat().st_ino
    edit(site, "content/articles/2026/can-tho.md", "Cần Thơ ký giao ước thi đua")
    (site / "content/articles/2025/phu-yen-hoi-thao.md").unlink()
    assert run(site, "build") == 0
    assert not (site / ".public.shadow").exists()
    assert (site / "public").stat().st_ino == folder  # (the same folder, not a swapped one)
    assert (site / "public/index.html").stat().st_ino != first  # (replaced, not written over)
    assert tree(site / "public") == {**full_build(site, tmp_path / "full"), **hand}
    manifest = json.loads((site / ".public.files.json").read_text(encoding="utf-8"))
    assert manifest["shadow"] is None and "untrusted" not in manifest
    assert "2025/03/phu-yen-to-chuc-hoi-thao/index.html" in manifest["removed"]
    monkeypatch.setattr(site_builder.write, "ONE_BY_ONE_SHARE", 0)
    edit_layout(site)
    assert run(site, "build") == 0
    assert (site / ".public.shadow").is_dir()
    assert tree(site / "public") == {**full_build(site, tmp_path / "full-2"), **hand}


def test_a_small_change_after_a_large_one_is_moved_in_and_the_shadow_catches_up_later(site, tmp_path, monkeypatch):
    """After a swap (a change of every page), small changes are moved in one by one all the same:
    the shadow is kept as it was, the manifest lists all it lacks (both small changes, an article
    written and one removed, on top of the large change), and the next swap brings it up to date
    by that list: the output is a full build's each time, with the files put there by hand."""
    import json

    import site_builder.write

    def manifest() -> dict:
        return json.loads((site / ".public.files.json").read_text(encoding="utf-8"))

    def shadow_identity() -> list[int]:
        st = (site / ".public.shadow").stat()
        return [st.st_dev, st.st_ino]

    hand = {"CNAME": b"tin.example.org\n", ".git/HEAD": b"ref: refs/heads/gh-pages\n"}
    assert run(site, "build") == 0
    put(site / "public", hand)
    monkeypatch.setattr(site_builder.write, "ONE_BY_ONE_SHARE", 0)
    edit_layout(site)
    assert run(site, "build") == 0  # swapped: the shadow is the site before the layout change
    shadow = shadow_identity()
    after_swap = manifest()
    assert after_swap["shadow"] == shadow and len(after_swap["written"]) > 20
    monkeypatch.setattr(site_builder.write, "ONE_BY_ONE_SHARE", 1)
    folder = (site / "public").stat().st_ino
    edit(site, "content/articles/2026/can-tho.md", "Cần Thơ ký giao ước thi đua")
    assert run(site, "build") == 0
    assert (site / "public").stat().st_ino == folder  # (moved in, not swapped)
    edit(site, "content/articles/2026/can-tho.md", "Cần Thơ ký kết giao ước thi đua")
    (site / "content/articles/2025/phu-yen-hoi-thao.md").unlink()
    assert run(site, "build") == 0
    assert (site / "public").stat().st_ino == folder
    assert tree(site / "public") == {**full_build(site, tmp_path / "full"), **hand}
    behind = manifest()
    assert behind["shadow"] == shadow_identity() == shadow  # (the shadow untouched, still trusted)
    assert set(after_swap["written"]) < set(behind["written"])
    assert "2025/03/phu-yen-to-chuc-hoi-thao/index.html" in behind["removed"]
    assert "2025/03/phu-yen-to-chuc-hoi-thao/index.html" not in behind["files"]
    # A large change again: the shadow brought up to date by all that, then swapped in.
    monkeypatch.setattr(site_builder.write, "ONE_BY_ONE_SHARE", 0)
    (site / "layouts/base.html").write_text(
        (site / "layouts/base.html").read_text(encoding="utf-8").replace("<!-- sửa -->", "<!-- sửa lại -->"),
        encoding="utf-8",
    )
    assert run(site, "build") == 0
    assert (site / "public").stat().st_ino != folder
    assert tree(site / "public") == {**full_build(site, tmp_path / "full-2"), **hand}
    assert manifest()["written"] and manifest()["shadow"] == shadow_identity()


def test_a_file_adopted_by_a_small_change_is_not_lost_by_the_next_swap(site, tmp_path, monkeypatch):
    """A CNAME put there by hand, then published by the site too (static/CNAME, the same bytes)
    with a small edit: adopted, moved in one by one with the shadow kept. The shadow never had it
    (the last swap carried it into the new tree as a file of one's own), so it is listed as what
    the shadow lacks, and the next swap keeps it. (Found by review: the list left it out.)"""
    import site_builder.write

    hand = {"CNAME": b"tin.example.org\n"}
    assert run(site, "build") == 0
    put(site / "public", hand)
    monkeypatch.setattr(site_builder.write, "ONE_BY_ONE_SHARE", 0)
    edit_layout(site)
    assert run(site, "build") == 0
    monkeypatch.setattr(site_builder.write, "ONE_BY_ONE_SHARE", 1)
    put(site / "static", hand)
    edit(site, "content/articles/2026/can-tho.md", "Cần Thơ ký giao ước thi đua")
    assert run(site, "build") == 0
    monkeypatch.setattr(site_builder.write, "ONE_BY_ONE_SHARE", 0)
    base = site / "layouts/base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</body>", "<!-- lại --></body>"), encoding="utf-8")
    assert run(site, "build") == 0
    assert (site / "public/CNAME").read_bytes() == hand["CNAME"]
    assert tree(site / "public") == full_build(site, tmp_path / "full")


def test_a_build_killed_moving_files_in_after_a_swap_is_finished_and_forgets_the_shadow(site, tmp_path, monkeypatch):
    """Killed while moving a small change in one by one with a shadow kept from a swap: the next
    build finishes the commit, no longer trusts that shadow (it makes the next one anew), and the
    output is a full build's, then and after another swap."""
    import json

    import site_builder.write

    assert run(site, "build") == 0
    monkeypatch.setattr(site_builder.write, "ONE_BY_ONE_SHARE", 0)
    edit_layout(site)
    assert run(site, "build") == 0
    edit(site, "content/articles/2026/can-tho.md", "Cần Thơ ký giao ước thi đua")
    killed_while_moving_in(site, moved=2)
    assert (site / ".public.journal").exists()
    monkeypatch.setattr(site_builder.write, "ONE_BY_ONE_SHARE", 1)
    assert run(site, "build") == 0
    assert tree(site / "public") == full_build(site, tmp_path / "full")
    assert json.loads((site / ".public.files.json").read_text(encoding="utf-8"))["shadow"] is None
    monkeypatch.setattr(site_builder.write, "ONE_BY_ONE_SHARE", 0)
    (site / "content/articles/2025/phu-yen-hoi-thao.md").unlink()
    assert run(site, "build") == 0
    assert tree(site / "public") == full_build(site, tmp_path / "full-2")


def test_a_build_killed_while_moving_files_in_one_by_one_is_finished_by_the_next(site, tmp_path):
    """Killed while moving its files in one by one, the output holds each file old or new (never
    a half-written one), and the next build finishes that commit from the staging folder the
    journal names, trusting the output again: the result is a full build's."""
    import json

    assert run(site, "build") == 0
    before = tree(site / "public")
    put(site / "public", {"CNAME": b"tin.example.org\n"})
    edit(site, "content/articles/2026/can-tho.md", "Cần Thơ ký giao ước thi đua")
    (site / "content/articles/2025/phu-yen-hoi-thao.md").unlink()
    killed_while_moving_in(site, moved=3)
    expected = full_build(site, tmp_path / "full")
    after = tree(site / "public")
    assert after.pop("CNAME") == b"tin.example.org\n"
    assert all(data in (before.get(rel), expected.get(rel)) for rel, data in after.items())
    assert sum(before.get(rel) != data for rel, data in after.items()) == 3  # (moved before the kill)
    assert (site / ".public.journal").exists()
    # The next build: the commit finished first (from the killed build's staging folder), then
    # this build finds nothing more to change.
    assert run(site, "build") == 0
    assert tree(site / "public") == {**expected, "CNAME": b"tin.example.org\n"}
    manifest = json.loads((site / ".public.files.json").read_text(encoding="utf-8"))
    assert "untrusted" not in manifest
    assert not list(site.glob(".public.staging-*")) and not (site / ".public.journal").exists()


def test_a_journal_naming_a_staging_folder_elsewhere_moves_nothing(site, tmp_path):
    """A planted journal of a commit file by file whose staging folder is not one of ours (a path
    out of the folder, a link) moves nothing into the output; the output is compared, not trusted."""
    import json

    assert run(site, "build") == 0
    outside = tmp_path / "outside"
    put(outside, {"index.html": b"planted"})
    (site / ".public.staging-1").symlink_to(outside)
    manifest = json.loads((site / ".public.files.json").read_text(encoding="utf-8"))
    for staging in ("../outside", ".public.staging-1"):
        journal = {
            "state": "file by file",
            "staging": staging,
            "staged": ["index.html"],
            "stale": [],
            "manifest": manifest,
        }
        (site / ".public.journal").write_text(json.dumps(journal), encoding="utf-8")
        assert run(site, "build") == 0
        assert (site / "public/index.html").read_bytes() != b"planted"
        assert (outside / "index.html").read_bytes() == b"planted"
    assert tree(site / "public") == full_build(site, tmp_path / "full")


def test_a_build_killed_while_moving_files_in_place_is_repaired_by_the_next(site, tmp_path):
    """Where folders cannot be swapped (a mount point), files are moved in one by one: killed
    then, the next build trusts nothing it finds and gives a full build's site."""
    assert run(site, "build") == 0
    edit_layout(site)
    script = """
        import os
        from site_builder import write
        def cannot(self, *a):
            raise write._CannotSwap
        write.StagedOutput._commit_by_swap = cannot
        made, calls = write._Tree.place, [0]
        def dying(*a, **k):
            calls[0] += 1
            if calls[0] == 4:
                os._exit(9)
            return made(*a, **k)
        write._Tree.place = dying
    """
    child = build_process(site, script=script)
    assert child.wait(timeout=120) == 9
    assert run(site, "build") == 0
    assert tree(site / "public") == full_build(site, tmp_path / "full")


# --- what the build runs, and what it cannot write ------------------------------------------------------


def test_pagefind_ends_with_a_killed_build_and_leaves_no_folder(site, tmp_path):
    """A build killed while Pagefind runs takes Pagefind with it; its working folder is beside the
    output (not in the system's temporary folder), and the next build deletes it."""
    marker = tmp_path / "pagefind.pid"
    script = f"""
        import sys
        from site_builder import search
        search.pagefind_command = lambda: [sys.executable, "-c",
            "import os, time; open({str(marker)!r}, 'w').write(str(os.getpid())); time.sleep(120)"]
    """
    tmp_before = set(Path("/tmp").glob("site-builder-pagefind-*"))
    child = build_process(site, script=script)
    deadline = time.monotonic() + 60
    while not marker.exists() or not marker.read_text():
        assert child.poll() is None and time.monotonic() < deadline, child.communicate()
        time.sleep(0.05)
    pagefind = int(marker.read_text())
    assert list(site.glob(".public.search-*"))
    child.kill()
    child.wait(timeout=10)
    deadline = time.monotonic() + 5
    while _alive(pagefind) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pagefind)
    assert not set(Path("/tmp").glob("site-builder-pagefind-*")) - tmp_before  # (none made by this build)
    assert run(site, "build", "--no-search") == 0
    assert not list(site.glob(".public.search-*"))


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_a_file_the_system_will_not_let_grow_is_an_error_and_the_output_stays(site, tmp_path):
    """A write that fails (here: files limited to 4 KB, as a full disk would stop them) is one
    message saying what and where, exit 1, no traceback; the previous output is as it was."""
    assert run(site, "build") == 0
    before = tree(site / "public")
    edit_layout(site)

    def small_files():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # (a write fails with EFBIG instead)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    child = build_process(site, "--no-cache", preexec_fn=small_files)
    out, err = child.communicate(timeout=120)
    assert child.returncode == 1, err
    assert "site-builder: lỗi: không ghi được thư mục xuất bản: File too large" in err, err
    assert "trang cũ giữ nguyên" in err and "Traceback" not in err
    assert tree(site / "public") == before


def test_an_output_where_nothing_can_be_written_is_an_error(site, capsys):
    assert main(["build", "--source", str(site), "--output", "/sys/site-builder-out", "--now", NOW]) == 1
    err = capsys.readouterr().err
    assert "site-builder: lỗi: không ghi được thư mục xuất bản: " in err and "(/sys/" in err, err
    assert "Traceback" not in err


# --- what a review found: links and files planted beside or inside the output ---------------------


def test_a_planted_shadow_link_and_journal_move_nothing(site, tmp_path):
    """A link named like the shadow and a journal naming 'foreign' entries, committed to the
    site's repository: no folder from elsewhere is moved into the output."""
    home = tmp_path / "home"
    (home / ".ssh").mkdir(parents=True)
    (home / ".ssh/id").write_text("KEY")
    (site / ".public.shadow").symlink_to(home)
    (site / ".public.journal").write_text(
        '{"state": "swapping", "foreign": [".ssh"], "shadow": [1, 2], "target": [3, 4]}'
    )
    assert run(site, "build") == 0
    assert (home / ".ssh/id").read_text() == "KEY"
    assert not (site / "public/.ssh").exists()


def test_a_planted_lock_link_is_not_written_through(site, tmp_path):
    precious = tmp_path / "precious.txt"
    precious.write_text("precious")
    (site / ".public.lock").symlink_to(precious)
    assert run(site, "build") == 0
    assert precious.read_text() == "precious"


def test_an_output_link_out_of_the_site_is_refused(site, tmp_path, capsys):
    elsewhere = tmp_path / "autostart"
    elsewhere.mkdir()
    (site / "public").symlink_to(elsewhere)
    assert run(site, "build") == 2
    assert "thư mục xuất bản mặc định phải là một thư mục của trang" in capsys.readouterr().err
    assert not list(elsewhere.iterdir())
    (site / "public").unlink()
    (site / "out").symlink_to(elsewhere)
    assert main(["build", "--source", str(site), "--output", str(site / "out"), "--now", NOW]) == 2
    assert "dẫn ra ngoài qua một liên kết" in capsys.readouterr().err
    assert not list(elsewhere.iterdir())


def test_a_linked_cache_folder_is_refused(site, tmp_path, capsys):
    (tmp_path / "elsewhere").mkdir()
    (site / ".site-builder-cache").symlink_to(tmp_path / "elsewhere")
    assert run(site, "build") == 2
    assert ".site-builder-cache là một liên kết" in capsys.readouterr().err
    assert not list((tmp_path / "elsewhere").iterdir())


def test_a_static_folder_that_becomes_a_file_and_back(site, tmp_path, commit_path):
    """Every build of this sequence succeeds and gives a full build's site."""
    static = site / "static"
    (static / "docs").mkdir(parents=True)
    (static / "docs/a.txt").write_text("a")
    for step in range(4):
        assert run(site, "build") == 0, step
        assert tree(site / "public") == full_build(site, tmp_path / f"full-{step}"), step
        import shutil

        if (static / "docs").is_dir():
            shutil.rmtree(static / "docs")
            (static / "docs").write_text("f")
        else:
            (static / "docs").unlink()
            (static / "docs").mkdir()
            (static / "docs/a.txt").write_text("a")
        path = site / "content/articles/2026/can-tho.md"
        path.write_text(path.read_text(encoding="utf-8") + "\nThêm.\n", encoding="utf-8")


def test_files_found_as_the_build_would_write_them_stay(site, tmp_path, commit_path):
    """A file put into the output with the bytes the build then makes for it (a static file
    added on both sides): kept in every later build."""
    assert run(site, "build") == 0
    edit(site, "content/articles/2026/can-tho.md", "Cần Thơ ký giao ước")
    assert run(site, "build") == 0
    (site / "public/extra.txt").write_text("hello")
    (site / "static").mkdir(exist_ok=True)
    (site / "static/extra.txt").write_text("hello")
    for title in ("Cần Thơ ký giao ước 2", "Cần Thơ ký giao ước 3"):
        edit(site, "content/articles/2026/can-tho.md", title)
        assert run(site, "build") == 0
        assert tree(site / "public") == full_build(site, tmp_path / f"full-{title[-1]}")


def test_a_mount_point_output_is_committed_in_place(site, tmp_path, monkeypatch):
    """A folder that cannot be swapped (a mount point): files are moved in one by one, and the
    result is a full build's."""
    import site_builder.write

    monkeypatch.setattr(site_builder.write, "_is_mount_point", lambda path: True)
    assert run(site, "build") == 0
    put(site / "public", {"CNAME": b"tin.example.org\n"})
    edit_layout(site)
    (site / "content/articles/2026/can-tho.md").unlink()
    assert run(site, "build") == 0
    assert tree(site / "public") == {**full_build(site, tmp_path / "full"), "CNAME": b"tin.example.org\n"}
    assert not (site / ".public.shadow").exists()


def test_a_file_put_into_the_search_index_is_not_taken_as_the_index(site, tmp_path):
    """The last build's index is kept only as listed beside the output: a file put into pagefind/
    by hand stays, and is not taken for part of the index (nor deleted with it)."""
    assert run(site, "build") == 0
    (site / "public/pagefind/custom.css").write_text("x")
    for title in ("Cần Thơ ký giao ước", "Cần Thơ ký giao ước 2"):
        assert run(site, "build") == 0
        edit(site, "content/articles/2026/can-tho.md", title)
    assert run(site, "build") == 0
    assert (site / "public/pagefind/custom.css").read_text() == "x"
    assert (site / "public/pagefind/parts.json").is_file()
    assert run(site, "build", "--no-search") == 0
    assert not (site / "public/pagefind/parts.json").exists()
    assert run(site, "build") == 0
    assert (site / "public/pagefind/parts.json").is_file()


def test_a_journal_of_an_interrupted_move_in_place_then_nothing_changed_keeps_the_index(site):
    """After a commit in place was cut short the output is not trusted: a build with nothing to
    change must still leave a whole site, search index included."""
    assert run(site, "build") == 0
    import json

    manifest = site / ".public.files.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["untrusted"] = True
    manifest.write_text(json.dumps(data), encoding="utf-8")
    assert run(site, "build") == 0
    assert (site / "public/pagefind/parts.json").is_file()
    assert (site / "public/tim-kiem/index.html").is_file()


# --- found by review: commits file by file, their recovery, and what search is compared on --------------


def test_hand_file_in_a_site_folder_that_becomes_a_file(site, tmp_path, commit_path):
    """A folder of the last build (static docs/) holding a file put there by hand; the site then
    has a file `docs` instead. The hand file must not be deleted (swap path keeps it)."""
    static = site / "static"
    (static / "docs").mkdir(parents=True)
    (static / "docs/a.txt").write_text("a")
    assert run(site, "build") == 0
    put(site / "public", {"docs/notes.txt": b"by hand"})
    shutil.rmtree(static / "docs")
    (static / "docs").write_text("f")
    assert run(site, "build") == 0
    found = tree(site / "public")
    assert {p for p in found if "notes" in p}, f"{commit_path}: docs/notes.txt put there by hand was deleted"


def test_killed_file_by_file_then_output_removed_by_hand(site, tmp_path, capsys):
    """Killed while moving files in one by one; the user then deletes public/ to start over.
    Every later build should succeed (a first build into a missing folder)."""
    assert run(site, "build") == 0
    edit(site, "content/articles/2026/can-tho.md", "Cần Thơ ký giao ước thi đua")
    killed_while_moving_in(site, moved=1)
    assert (site / ".public.journal").exists()
    shutil.rmtree(site / "public")
    codes = [run(site, "build") for _ in range(2)]
    assert codes == [0, 0], (codes, capsys.readouterr().err)
    assert tree(site / "public") == full_build(site, tmp_path / "full")


def test_planted_journal_stale_deletes_a_hand_file(site, tmp_path):
    """A journal of a commit file by file whose `stale` names a file no build listed (CNAME)."""
    assert run(site, "build") == 0
    put(site / "public", {"CNAME": b"tin.example.org\n"})
    (site / ".public.staging-1").mkdir()
    manifest = json.loads((site / ".public.files.json").read_text(encoding="utf-8"))
    journal = {
        "state": "file by file",
        "staging": ".public.staging-1",
        "staged": [],
        "stale": ["CNAME"],
        "manifest": manifest,
    }
    (site / ".public.journal").write_text(json.dumps(journal), encoding="utf-8")
    assert run(site, "build") == 0
    assert (site / "public/CNAME").read_bytes() == b"tin.example.org\n"


@pytest.mark.parametrize("settled", [False, True])
def test_killed_file_by_file_then_article_removed_search_matches_full_build(site, tmp_path, monkeypatch, settled):
    """An article added; the build is killed while moving its files in one by one; the next
    build finishes that commit (trusting the output) and the article is removed again before
    it: the search index must be a full build's (not still finding the removed article).
    `settled`: the site's files count as settled, so the next build first looks whether the last
    one's result stands (unchanged.py; the site is as then): that look must leave the unfinished
    commit to the build that finishes it, which then knows it did."""
    if settled:
        import site_builder.unchanged

        monkeypatch.setattr(site_builder.unchanged, "RACY_NS", 0)
    assert run(site, "build") == 0
    new = site / "content/articles/2026/moi.md"
    new.write_text("---\ntitle: Bài mới toanh\ndate: 2026-02-20 10:00\n---\nNội dung zebraword.\n", encoding="utf-8")
    killed_while_moving_in(site, moved=1)
    assert (site / ".public.journal").exists()
    new.unlink()
    assert run(site, "build") == 0
    full = full_build(site, tmp_path / "full")
    assert search_pages(site / "public") == search_pages(tmp_path / "full")
    got = tree(site / "public")
    diff = sorted(k for k in set(got) | set(full) if got.get(k) != full.get(k))
    assert not diff, diff


def test_text_after_a_textarea_in_an_article_is_indexed_again(site, tmp_path):
    """unsafe_html: an article whose body holds a <textarea> quoting `</article>`; an edit to the
    text after it must reach the search index (Pagefind reads it: lol_html, RCDATA)."""
    cfg = site / "content/_site.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + "\nunsafe_html: true\n", encoding="utf-8")
    art = site / "content/articles/2025/phu-yen-hoi-thao.md"
    text = art.read_text(encoding="utf-8")
    head, _, body = text.partition("\n---\n")
    head = "\n".join(line for line in head.split("\n") if not line.startswith(("cluster:", "provinces:")))
    art.write_text(
        f"{head}\n---\nĐoạn đầu.\n\n<textarea readonly></article></textarea>\n\nzebraword\n", encoding="utf-8"
    )
    assert run(site, "build") == 0
    art.write_text(
        f"{head}\n---\nĐoạn đầu.\n\n<textarea readonly></article></textarea>\n\ngiraffeword\n", encoding="utf-8"
    )
    assert run(site, "build") == 0
    full = full_build(site, tmp_path / "full")
    got = tree(site / "public")
    diff = sorted(k for k in set(got) | set(full) if got.get(k) != full.get(k))
    assert not diff, diff
