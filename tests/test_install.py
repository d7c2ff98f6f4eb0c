"""A plain `pip install site-builder` (no extras), in a new virtual environment, builds a site whose
search page works: Pagefind's binary comes with the package where its wheels exist."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURE, NOW, search_pages

ROOT = Path(__file__).resolve().parent.parent


def _install(tmp_path: Path) -> Path:
    """The project installed (not editable) into a new venv from a copy without its own venv,
    caches and outputs: what a user's pip gets. Returns the venv's scripts folder."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    project = tmp_path / "project"
    ignored = (
        ".venv",
        ".git",
        "node_modules",
        "public",
        ".site-builder-cache",
        "*.egg-info",
        "build",
        "__pycache__",
        "artifacts",
        ".public.*",
        ".hypothesis",
        ".pytest_cache",
        ".mypy_cache",
        ".ruff_cache",
    )
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(*ignored))
    installed = subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "-q", str(project)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert installed.returncode == 0, installed.stderr[-3000:]
    return bin_dir


def test_a_plain_install_has_a_search_page_that_works(tmp_path):
    bin_dir = _install(tmp_path)
    site = tmp_path / "site"
    shutil.copytree(FIXTURE, site, ignore=shutil.ignore_patterns("public", ".site-builder-cache", ".public.*"))
    done = subprocess.run(
        [str(bin_dir / "site-builder"), "build", "--source", str(site), "--now", NOW],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "Pagefind is not installed" not in done.stderr
    out = site / "public"
    assert search_pages(out) == 5  # every article indexed
    assert (out / "tim-kiem/index.html").is_file() and (out / "pagefind/parts.json").is_file()
    assert 'href="/tim-kiem/"' in (out / "index.html").read_text(encoding="utf-8")


def test_a_rebuild_after_the_installed_package_changes_is_a_full_builds_output(tmp_path):
    """Installed (not editable), built, then an installed module and an installed layout changed
    as an upgrade would change them: the next build, cache and all, equals a full build, and
    shows the change. (The cache was keyed by the version number, the same for every commit.)"""
    bin_dir = _install(tmp_path)
    venv = bin_dir.parent
    # (-I and another folder: `python -c` would otherwise import the repository's own package)
    package = Path(
        subprocess.run(
            [
                str(bin_dir / "python"),
                "-I",
                "-c",
                "import site_builder, os; print(os.path.dirname(site_builder.__file__))",
            ],
            capture_output=True,
            text=True,
            check=True,
            cwd=tmp_path,
        ).stdout.strip()
    )
    assert venv in package.parents, package  # the installed copy, never the repository's
    site = tmp_path / "site"
    shutil.copytree(FIXTURE, site, ignore=shutil.ignore_patterns("public", ".site-builder-cache", ".public.*"))

    def build(*extra: str) -> None:
        done = subprocess.run(
            [
                str(bin_dir / "site-builder"),
                "build",
                "--source",
                str(site),
                "--now",
                NOW,
                "--quiet",
                "--no-search",
                *extra,
            ],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=tmp_path,
        )
        assert done.returncode == 0, done.stderr

    build()
    dates = package / "dates.py"
    dates.write_text(dates.read_text(encoding="utf-8").replace('"Thứ ba"', '"Thứ Ba"'), encoding="utf-8")
    # pip writes new bytecode with an upgrade; an edit of the same size within the second of the
    # install would otherwise still run the old .pyc (Python checks its source by size and seconds)
    for pyc in (package / "__pycache__").glob("dates.*.pyc"):
        pyc.unlink()
    base = package / "theme/layouts/base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</body>", "<!-- bản mới --></body>"), encoding="utf-8")
    build()
    build("--output", str(tmp_path / "full"), "--no-cache")
    from conftest import tree

    assert tree(site / "public") == tree(tmp_path / "full")
    article = (site / "public/2022/11/cum-thi-dua-so-6-tong-ket-nam-2022/index.html").read_text(encoding="utf-8")
    assert "Thứ Ba, 29/11/2022" in article and "<!-- bản mới -->" in article
