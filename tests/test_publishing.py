"""Publishing: Netlify settings, redirects, reproducible output, Google News sitemap, feed rules."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
from conftest import html, run, tree
from test_editions import bilingual

REPO = Path(__file__).resolve().parent.parent
BASE = "https://tin.example.org"


def netlify() -> dict:
    return tomllib.loads((REPO / "netlify.toml").read_text(encoding="utf-8"))


def headers_for(pattern: str) -> dict:
    return next(h["values"] for h in netlify()["headers"] if h["for"] == pattern)


def test_netlify_builds_with_the_deploy_url_into_public():
    config = netlify()
    assert config["build"]["publish"] == "public"
    assert '--base-url "$URL"' in config["build"]["command"]
    for context in ("deploy-preview", "branch-deploy"):
        assert '--base-url "$DEPLOY_PRIME_URL"' in config["context"][context]["command"]
    assert config["build"]["environment"]["PYTHON_VERSION"] == "3.11"


def test_netlify_security_and_cache_headers(built):
    from site_builder.render.headers import ADMIN_CSP, SITE_CSP

    every = headers_for("/*")
    # No CSP on "/*": Netlify would join it with /admin/'s. The build's _headers gives the strict one
    # to every path of the site but /admin/, whose rule is in netlify.toml.
    assert "Content-Security-Policy" not in every
    csp = SITE_CSP
    assert "default-src 'self'" in csp and "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    rules = (built / "_headers").read_text(encoding="utf-8").split("\n")
    patterns = [line for line in rules if line.startswith("/")]
    assert {"/", "/2022/*", "/tinh/*", "/images/*", "/css/*", "/rss.xml", "/404.html"} <= set(patterns)
    assert not [p for p in patterns if p.startswith("/admin")]
    assert rules.count(f"  Content-Security-Policy: {csp}") == len(patterns)
    admin = headers_for("/admin/*")["Content-Security-Policy"]
    assert admin == ADMIN_CSP and "script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval';" in admin
    assert "'unsafe-inline'" not in admin.split("script-src")[1].split(";")[0]
    assert every["Strict-Transport-Security"].startswith("max-age=")
    assert every["X-Content-Type-Options"] == "nosniff"
    assert every["Referrer-Policy"] and every["Permissions-Policy"]
    assert "Cache-Control" not in every  # Netlify would join it with the specific rules below
    assert "immutable" in headers_for("/css/*")["Cache-Control"]
    assert "immutable" in headers_for("/js/*")["Cache-Control"]
    assert "max-age=300" in headers_for("/*.xml")["Cache-Control"]
    assert "max-age=300" in headers_for("/feed.json")["Cache-Control"]


def test_netlify_build_command_runs_in_a_clean_venv(tmp_path):
    """The production command, as Netlify runs it, on a copy of the repository's tracked files."""
    checkout = tmp_path / "checkout"
    files = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=REPO,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, files):
        src = REPO / name
        if src.is_file() or src.is_symlink():
            (checkout / name).parent.mkdir(parents=True, exist_ok=True)
            if src.is_symlink():
                os.symlink(os.readlink(src), checkout / name)
            else:
                shutil.copy2(src, checkout / name)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON"))}
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    env["URL"] = "https://tin-khoa-hoc.netlify.app"
    done = subprocess.run(
        ["bash", "-c", netlify()["build"]["command"]],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "https://tin-khoa-hoc.netlify.app/" in (checkout / "public/rss.xml").read_text(encoding="utf-8")
    assert (checkout / "public/404.html").is_file()


def test_aliases_and_renamed_urls_redirect(built):
    lines = (built / "_redirects").read_text().splitlines()
    assert "/tin-tuc/tong-ket-2022/ /2022/11/cum-thi-dua-so-6-tong-ket-nam-2022/ 301" in lines
    assert "/tin-tuc/tong-ket-2022.html /2022/11/cum-thi-dua-so-6-tong-ket-nam-2022/ 301" in lines
    assert "/ve-chung-toi/ /gioi-thieu/ 301" in lines
    page = html(built / "tin-tuc/tong-ket-2022/index.html")
    refresh = page.find("meta", attrs={"http-equiv": "refresh"})["content"]
    assert refresh == "0; url=/2022/11/cum-thi-dua-so-6-tong-ket-nam-2022/"
    assert page.find("link", rel="canonical")["href"] == f"{BASE}/2022/11/cum-thi-dua-so-6-tong-ket-nam-2022/"
    assert (built / "tin-tuc/tong-ket-2022.html").is_file()
    assert html(built / "ve-chung-toi/index.html").find("a")["href"] == "/gioi-thieu/"


def test_two_builds_are_byte_identical(site, tmp_path):
    assert run(site, "build", "--output", str(tmp_path / "one")) == 0
    assert run(site, "build", "--output", str(tmp_path / "two")) == 0
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_news_sitemap_has_the_last_two_days(site):
    from site_builder.cli import main

    assert main(["build", "--source", str(site), "--quiet", "--now", "2026-02-06T12:00:00+07:00"]) == 0
    raw = (site / "public/sitemap-news.xml").read_text(encoding="utf-8")
    root = ET.fromstring(raw)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "n": "http://www.google.com/schemas/sitemap-news/0.9"}
    urls = root.findall("s:url", ns)
    assert [u.find("s:loc", ns).text for u in urls] == [f"{BASE}/2026/02/dai-hoi-gia-lai/"]
    news = urls[0].find("n:news", ns)
    assert news.find("n:publication/n:name", ns).text == "Tin thử nghiệm"
    assert news.find("n:publication/n:language", ns).text == "vi"
    assert news.find("n:publication_date", ns).text == "2026-02-05T08:00:00+07:00"
    assert news.find("n:title", ns).text == "Đại hội Gia Lai"
    assert "Sitemap: https://tin.example.org/sitemap-news.xml" in (site / "public/robots.txt").read_text()


RSS_DATE = re.compile(r"^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0700$")


def check_rss(path: Path, page_url: str) -> None:
    raw = path.read_bytes()
    parsed = feedparser.parse(raw)
    assert not parsed.bozo, parsed.get("bozo_exception")
    root = ET.fromstring(raw)
    atom = "{http://www.w3.org/2005/Atom}"
    channel = root.find("channel")
    self_links = [link for link in channel.findall(f"{atom}link") if link.get("rel") == "self"]
    assert [link.get("href") for link in self_links] == [BASE + page_url + "rss.xml"]
    assert channel.find("link").text == BASE + page_url  # the page, not the feed itself
    assert channel.find("language").text == "vi"
    assert RSS_DATE.match(channel.find("lastBuildDate").text)
    dates = []
    for item in channel.findall("item"):
        guid = item.find("guid")
        assert guid.get("isPermaLink") == "true" and guid.text == item.find("link").text
        assert guid.text.startswith(BASE + "/")
        assert RSS_DATE.match(item.find("pubDate").text)
        dates.append(parsedate_to_datetime(item.find("pubDate").text))
        content = item.find("{http://purl.org/rss/1.0/modules/content/}encoded").text
        assert not re.search(r'(?:href|src)="/(?!/)', content), content
        assert item.find("description").text
    assert dates == sorted(dates, reverse=True)


def test_feeds_follow_the_validators_rules(built):
    check_rss(built / "rss.xml", "/")
    check_rss(built / "cum-thi-dua/cum-6/rss.xml", "/cum-thi-dua/cum-6/")
    check_rss(built / "tinh/gia-lai/rss.xml", "/tinh/gia-lai/")
    last = ET.fromstring((built / "rss.xml").read_bytes()).find("channel/lastBuildDate").text
    assert last == "Thu, 05 Feb 2026 08:00:00 +0700"  # the newest article, not the clock

    atom_raw = (built / "atom.xml").read_bytes()
    assert not feedparser.parse(atom_raw).bozo
    ns = "{http://www.w3.org/2005/Atom}"
    feed = ET.fromstring(atom_raw)
    assert feed.find(f"{ns}id").text == BASE + "/"
    assert feed.find(f"{ns}updated").text == "2026-02-05T08:00:00+07:00"
    assert feed.find(f"{ns}author/{ns}name").text
    for entry in feed.findall(f"{ns}entry"):
        assert entry.find(f"{ns}id").text.startswith(BASE + "/")
        assert entry.find(f"{ns}updated").text.endswith("+07:00")
        assert entry.find(f"{ns}author/{ns}name").text
        assert entry.find(f"{ns}content").get("type") == "html"

    data = json.loads((built / "feed.json").read_text(encoding="utf-8"))
    assert data["language"] == "vi" and data["feed_url"] == BASE + "/feed.json"
    published = [item["date_published"] for item in data["items"]]
    assert published == sorted(published, reverse=True)
    for item in data["items"]:
        assert item["id"] == item["url"] and item["id"].startswith(BASE + "/")
        assert item["content_html"] and not re.search(r'(?:href|src)="/(?!/)', item["content_html"])


def test_feeds_share_each_item_and_each_feed_is_as_made_alone(site, monkeypatch):
    """A process making many feeds makes each article's RSS item and Atom entry once and copies it
    for every other feed that shows the article (a site's newest articles are in most of its feeds),
    in each edition (an English one here, whose articles have URLs of their own):
    each feed is byte for byte what it is made alone, with its lead image (media:thumbnail), its
    attachments (enclosures) and its body (CDATA); and no feed or item looks again for the module
    that feedgen's load_extension looks for first, which no feedgen has."""
    import builtins

    import site_builder.render.feeds as feeds

    made: list = []  # (kind, arguments, sizes) of each feed the build made
    alone = {kind: getattr(feeds, kind) for kind in ("rss", "atom", "json_feed")}

    def recorder(kind):
        def recorded(*args, **kwargs):
            made.append((kind, args, kwargs["sizes"]))
            return alone[kind](*args, **kwargs)

        return recorded

    for kind in alone:
        monkeypatch.setattr(feeds, kind, recorder(kind))

    entries = []

    class CountedEntry(feeds.FeedEntry):
        def __init__(self):
            super().__init__()
            entries.append(self)

    looked_for = []
    real_import = builtins.__import__

    def recording_import(name, *args, **kwargs):
        looked_for.append(name)
        return real_import(name, *args, **kwargs)

    (site / "content/files").mkdir()
    (site / "content/files/bao-cao.pdf").write_bytes(b"%PDF-1.4\n" + b"0" * 5000 + b"\n%%EOF\n")
    (site / "content/files/so-lieu.csv").write_text("tỉnh,số\nSóc Trăng,3\n", encoding="utf-8")
    can_tho = site / "content/articles/2026/can-tho.md"
    can_tho.write_text(
        can_tho.read_text(encoding="utf-8").replace("cluster:", "attachments: [bao-cao.pdf, so-lieu.csv]\ncluster:"),
        encoding="utf-8",
    )
    bilingual(site)  # (an English edition: its own feeds, articles at their own URLs)
    monkeypatch.setattr(feeds, "FeedEntry", CountedEntry)
    monkeypatch.setattr(builtins, "__import__", recording_import)
    assert run(site, "build", "--jobs", "1") == 0  # (one process: every feed made in this one)
    monkeypatch.setattr(builtins, "__import__", real_import)

    def articles(kind, args):  # (rss: title, page, config, articles, …; atom, json_feed: title, config, articles, …)
        return args[3] if kind == "rss" else args[2]

    shown = [(kind, a.url) for kind, args, _sizes in made if kind != "json_feed" for a in articles(kind, args)]
    assert len(shown) > 2 * len(set(shown))  # the fixture's articles are each in several feeds
    assert len(entries) == len(set(shown))  # each made once
    assert not [name for name in looked_for if name.startswith("feedgen.ext.")]

    outputs = {}
    for path in (site / "public").rglob("*"):
        if path.name in ("rss.xml", "atom.xml", "feed.json"):
            outputs[path.read_bytes()] = path
    kinds = set()
    for kind, args, sizes in made:
        made_alone = alone[kind](*args, sizes=sizes)
        assert made_alone in outputs, (kind, args[0])  # the file the build wrote, byte for byte
        assert outputs[made_alone].name == {"rss": "rss.xml", "atom": "atom.xml", "json_feed": "feed.json"}[kind]
        kinds.add(kind)
        if b"<media:thumbnail " in made_alone:
            kinds.add(kind + " with a lead image")
        if b"<enclosure " in made_alone or b'rel="enclosure"' in made_alone:
            kinds.add(kind + " with an attachment")
    assert len(made) == len(outputs)
    assert kinds == {
        "rss",
        "atom",
        "json_feed",
        "rss with a lead image",
        "rss with an attachment",
        "atom with an attachment",
    }
    assert (site / "public/atom.xml").read_bytes().count(b'rel="enclosure"') == 2  # (Atom: each file)
    assert {"public/en/rss.xml", "public/en/atom.xml", "public/en/feed.json"} <= {
        path.relative_to(site).as_posix() for path in outputs.values()
    }


def test_a_generated_site_past_the_sitemap_limit_gets_a_sitemap_index(site, monkeypatch):
    """The real limit is 50,000 URLs; the same code path is exercised with a limit of 50."""
    import site_builder.render.machine as machine

    monkeypatch.setattr(machine, "SITEMAP_LIMIT", 50)
    for n in range(60):
        (site / f"content/articles/2024/bai-{n}.md").parent.mkdir(parents=True, exist_ok=True)
        (site / f"content/articles/2024/bai-{n}.md").write_text(
            f"---\ntitle: Bài số {n}\ndate: 2024-01-{1 + n % 28:02d}T08:00:00+07:00\n---\nNội dung {n}.\n",
            encoding="utf-8",
        )
    assert run(site, "build", "--no-search") == 0
    out = site / "public"
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ET.fromstring((out / "sitemap.xml").read_bytes())
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    parts = [loc.text for loc in index.findall("s:sitemap/s:loc", ns)]
    assert len(parts) >= 2 and all(p.startswith(BASE + "/sitemap-") for p in parts)
    urls = [
        loc.text
        for p in parts
        for loc in ET.fromstring((out / p.removeprefix(BASE + "/")).read_bytes()).findall("s:url/s:loc", ns)
    ]
    assert len(urls) == len(set(urls)) and all(
        len(ET.fromstring((out / p.removeprefix(BASE + "/")).read_bytes())) <= 50 for p in parts
    )
    assert f"{BASE}/2024/01/bai-so-0/" in urls and f"{BASE}/" in urls
