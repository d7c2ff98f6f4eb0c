"""The built sample site in a real browser: accessibility (axe-core, WCAG 2.2 AA), valid HTML (the
Nu Html Checker), no broken links (a crawl over HTTP), search, and no horizontal scrolling at 320 px.

Debian's Chromium is driven by Playwright; the site is served from a thread on 127.0.0.1.
Screenshots of each kind of page at 320 and 1280 px go to tests/artifacts/ (not committed).
When Chromium, Java, Node or the npm packages are missing, every test here fails and says what
to install (`.ci/run` installs them all).
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest
from browser_support import (
    ARTIFACTS,
    AXE_JS,
    CHROMIUM,
    CHROMIUM_ARGS,
    VNU_JAR,
    WCAG_TAGS,
    missing_tools,
    sample_source,
    serve,
)

from site_builder.cli import main

WIDTHS = (320, 1280)


def expect(target):
    """Playwright's expect, imported late: without Playwright the `tools` fixture says what to install."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


@pytest.fixture(scope="module")
def tools():
    missing = missing_tools()
    if missing:
        pytest.fail(
            "browser tests need tools that are not installed (bash .ci/run installs them all):\n  "
            + "\n  ".join(missing),
            pytrace=False,
        )


@pytest.fixture(scope="module")
def site_out(tmp_path_factory, tools) -> Path:
    """The sample site (or the fixture, while content/ is empty) built once, with its search index."""
    out = tmp_path_factory.mktemp("browser") / "public"
    assert main(["build", "--source", str(sample_source()), "--output", str(out), "--quiet", "--no-cache"]) == 0
    assert (out / "pagefind" / "parts.json").is_file(), "the build wrote no search index"
    return out


@pytest.fixture(scope="module")
def base_url(site_out):
    with serve(site_out) as url:
        yield url


@pytest.fixture(scope="module")
def browser(tools):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    tab.script_errors = errors
    yield tab
    context.close()


def _links(path: Path) -> list[str]:
    return re.findall(r'href="(/[^"]*)"', path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pages(site_out) -> dict[str, str]:
    """One URL of each kind of page: home, an article (the Cluster 6 summary), a cluster, a
    province, the search page, a report, an archive, an index of terms, an author; and of the
    English edition (issue 24): its home, the Cluster 6 summary's translation, its search page."""
    sitemap = (site_out / "sitemap.xml").read_text(encoding="utf-8")
    urls = [re.sub(r"^https?://[^/]+", "", u) for u in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    articles = [u for u in urls if re.match(r"^/\d{4}/\d{2}/[^/]+/$", u)]
    assert articles, "the site has no articles"
    article = next((u for u in articles if "cum-thi-dua-so-6" in u), articles[0])
    cluster = next(u for u in _links(site_out / "cum-thi-dua/index.html") if re.match(r"^/cum-thi-dua/[^/]+/$", u))
    article_file = site_out / article.strip("/") / "index.html"
    province = next(u for u in _links(article_file) if re.match(r"^/tinh/[^/]+/$", u))
    # The portal's pages (issue 23): a report with an attachment and a video, a month's archive,
    # an index of terms and an author's page.
    report = next(
        u for u in articles if 'class="attachments"' in (site_out / u.strip("/") / "index.html").read_text("utf-8")
    )
    assert "<iframe" in (site_out / report.strip("/") / "index.html").read_text("utf-8"), "the report has no video"
    archive = next(u for u in urls if re.match(r"^/\d{4}/\d{2}/$", u))
    author = next(u for u in _links(site_out / "tac-gia/index.html") if re.match(r"^/tac-gia/[^/]+/$", u))
    english = next(u for u in urls if re.match(r"^/en/\d{4}/\d{2}/emulation-cluster[^/]*/$", u))
    return {
        "home": "/",
        "article": article,
        "cluster": cluster,
        "province": province,
        "search": "/tim-kiem/",
        "report": report,
        "archive": archive,
        "index": "/the/",
        "author": author,
        "english-home": "/en/",
        "english-article": english,
        "english-search": "/en/tim-kiem/",
    }


def run_axe(tab) -> list[dict]:
    # Evaluated through the DevTools protocol, not as a <script>: the page's CSP stays in force.
    tab.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;0")
    result = tab.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return result["violations"]


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at " + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        for v in violations
    )


def search_ready(tab) -> None:
    # Waits by polling from Python: the page's CSP forbids the eval that wait_for_function uses.
    expect(tab.locator("html")).to_have_class(re.compile(r"\bsearch-ready\b"), timeout=10_000)


def search_for(tab, text: str) -> None:
    search_ready(tab)
    tab.fill("#search-q", text)
    expect(tab.locator("#search-status")).to_contain_text(text, timeout=10_000)


@pytest.mark.parametrize(
    "kind",
    [
        "home",
        "article",
        "cluster",
        "province",
        "search",
        "report",
        "archive",
        "index",
        "author",
        "english-home",
        "english-article",
        "english-search",
    ],
)
def test_axe_finds_no_wcag_22_aa_violations(page, base_url, pages, kind):
    page.goto(base_url + pages[kind])
    if kind.endswith("search"):  # with results on screen, the part of the page that scripts build
        search_for(page, "quang ngai")
    violations = run_axe(page)
    assert violations == [], describe(violations)
    assert page.script_errors == []


def test_nu_html_checker_finds_no_errors_or_warnings(site_out, tools):
    done = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--skip-non-html", "--format", "json", str(site_out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(done.stderr or '{"messages": []}')["messages"]
    problems = [m for m in messages if m["type"] != "info" or m.get("subType") == "warning"]
    listed = "\n".join(
        f"{unquote(m.get('url', ''))}:{m.get('lastLine', '?')}: {m['type']}"
        f"{'/' + m['subType'] if m.get('subType') else ''}: {m['message']}"
        for m in problems[:40]
    )
    assert problems == [], f"{len(problems)} problem(s):\n{listed}"
    checked = len(list(site_out.rglob("*.html")))
    assert checked > 20


def test_no_broken_internal_link_or_image(base_url):
    """Every page reachable from the home page, crawled over HTTP as a reader's browser would: each
    link, image (src and srcset), stylesheet, script and feed of the site answers 200."""
    import urllib.error
    import urllib.request
    from urllib.parse import urljoin, urlsplit

    from bs4 import BeautifulSoup

    def fetch(url: str) -> tuple[int, str, bytes]:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.status, response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, "", b""

    host = urlsplit(base_url).netloc
    seen: dict[str, int] = {}
    pending, referrer = [base_url + "/"], {base_url + "/": "(start)"}
    broken = []
    while pending:
        url = pending.pop()
        if url in seen:
            continue
        status, kind, body = fetch(url)
        seen[url] = status
        if status != 200:
            broken.append(f"{url} ({status}) on {referrer[url]}")
            continue
        if not kind.startswith("text/html"):
            continue
        soup = BeautifulSoup(body, "html5lib")
        found = [
            tag.get(attr)
            for tag in soup.find_all(["a", "link", "img", "script", "source"])
            for attr in ("href", "src")
            if tag.get(attr)
        ]
        found += [
            part.split()[0]
            for tag in soup.find_all(["img", "source"])
            if tag.get("srcset")
            for part in tag["srcset"].split(",")
            if part.strip()
        ]
        for link in found:
            target = urljoin(url, link).split("#", 1)[0]
            if urlsplit(target).netloc == host and target not in seen:
                referrer.setdefault(target, url)
                pending.append(target)
    assert broken == [], "\n".join(broken)
    assert len(seen) > 50  # it did crawl the site
    assert any(url.endswith((".svg", ".png", ".jpg", ".webp")) for url in seen)  # and images


def test_search_without_diacritics_finds_the_cluster_6_summary_first(page, base_url, pages):
    page.goto(base_url + "/tim-kiem/")
    search_for(page, "quang ngai")
    first = page.locator("#search-results .item-title a").first
    assert "Cụm thi đua số 6" in first.inner_text()
    assert first.get_attribute("href") == pages["article"]
    assert page.locator("#search-results mark").count() > 0  # matched words highlighted
    assert "?q=quang+ngai" in page.url  # the search can be shared and reloaded
    page.reload()
    page.wait_for_selector("#search-results .item-title a")
    assert page.locator("#search-results .item-title a").first.get_attribute("href") == pages["article"]
    assert page.script_errors == []


def test_each_editions_search_page_finds_its_own_articles_only(page, base_url, pages):
    """Pagefind indexes each edition apart (search.py): "Gia Lai" is in articles of both."""
    found = {}
    for kind in ("search", "english-search"):
        page.goto(base_url + pages[kind])
        search_for(page, "Gia Lai")
        page.wait_for_selector("#search-results .item-title a")
        found[kind] = page.locator("#search-results .item-title a").evaluate_all(
            "as => as.map(a => a.getAttribute('href'))"
        )
        status = page.locator("#search-status").inner_text()
        assert status.endswith("cho “Gia Lai”.") if kind == "search" else status.endswith("for “Gia Lai”."), status
    assert found["english-search"] and all(h.startswith("/en/") for h in found["english-search"])
    assert found["search"] and not any(h.startswith("/en/") for h in found["search"])
    assert page.script_errors == []


def test_search_ranks_exact_diacritics_first(page, tmp_path):
    """Two articles differing only in diacritics: each spelling finds both, its own first."""
    content = tmp_path / "site/content"
    (content / "articles").mkdir(parents=True)
    (content / "_site.yaml").write_text("title: Thử tìm kiếm\nbase_url: https://example.org\n", encoding="utf-8")
    for slug, title, text in (
        ("co-dau", "Bài có dấu", "Hội thảo ở Quảng Ngãi."),
        ("khong-dau", "Bài không dấu", "Hội thảo ở Quang Ngai."),
    ):
        (content / f"articles/{slug}.md").write_text(
            f"---\ntitle: {title}\ndate: 2024-05-0{len(slug) % 9 + 1}\nslug: {slug}\n---\n{text}\n", encoding="utf-8"
        )
    out = tmp_path / "out"
    assert main(["build", "--source", str(tmp_path / "site"), "--output", str(out), "--quiet", "--no-cache"]) == 0
    with serve(out) as url:
        for query, first in (("Quảng Ngãi", "Bài có dấu"), ("quang ngai", "Bài không dấu")):
            page.goto(url + "/tim-kiem/")
            search_for(page, query)
            titles = page.locator("#search-results .item-title a").all_inner_texts()
            assert titles[0] == first and len(titles) == 2, (query, titles)


def test_search_filters_by_cluster_and_province(page, base_url, pages):
    page.goto(base_url + "/tim-kiem/")
    search_ready(page)
    assert page.locator("#search-filters").is_visible()
    clusters = page.locator("#search-cluster option").all_inner_texts()
    provinces = page.locator("#search-province option").all_inner_texts()
    assert any(o.startswith("Cụm thi đua số 6") for o in clusters)
    assert any(o.startswith("Quảng Ngãi") for o in provinces)
    page.select_option("#search-province", "Quảng Ngãi")
    page.wait_for_selector("#search-results .item-title a")
    hrefs = page.locator("#search-results .item-title a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert pages["article"] in hrefs
    assert page.script_errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_no_horizontal_overflow_and_screenshots(browser, base_url, pages, width):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="vi-VN")
    tab = context.new_page()
    try:
        for kind, url in pages.items():
            tab.goto(base_url + url)
            if kind.endswith("search"):
                search_for(tab, "quang ngai")
            tab.wait_for_load_state("load")
            sizes = tab.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
            wide = tab.evaluate("""() => Array.from(document.querySelectorAll('body *'))
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5
                             && getComputedStyle(e).position !== 'absolute')
                .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))""")
            tab.screenshot(path=str(ARTIFACTS / f"{kind}-{width}.png"), full_page=True)
            assert sizes[0] <= sizes[1] and not wide, f"{kind} at {width}px is {sizes[0]}px wide: {wide}"
    finally:
        context.close()


def test_pages_read_without_javascript(browser, base_url, pages):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    try:
        tab.goto(base_url + pages["article"])
        assert tab.locator("h1").count() == 1 and tab.locator("h1").is_visible()
        assert tab.locator(".article .body p").first.is_visible()
        tab.goto(base_url + "/tim-kiem/")
        assert "cần JavaScript" in tab.inner_text("main")
    finally:
        context.close()


def test_skip_link_is_first_and_moves_to_main(page, base_url, pages):
    page.goto(base_url + pages["article"])
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.className, document.activeElement.getAttribute('href')]")
    assert focused == ["skip-link", "#noi-dung"]
    box = page.locator(".skip-link").bounding_box()
    assert box["y"] >= 0 and box["height"] >= 24 and box["width"] >= 24  # visible when focused
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "noi-dung"


def test_search_over_an_index_in_parts_finds_articles_of_every_part(page, tmp_path):
    """The fixture built with one part a month (search.PART_MIN set to 1): the search page merges
    the parts; a search finds the articles of each year, and the filters list every cluster."""
    from pathlib import Path

    import site_builder.search

    fixture = Path(__file__).resolve().parent / "fixture"
    out = tmp_path / "public"
    saved = site_builder.search.PART_MIN
    site_builder.search.PART_MIN = 1
    try:
        assert (
            main(
                [
                    "build",
                    "--source",
                    str(fixture),
                    "--output",
                    str(out),
                    "--quiet",
                    "--no-cache",
                    "--now",
                    "2026-11-29T12:00:00+07:00",
                ]
            )
            == 0
        )
    finally:
        site_builder.search.PART_MIN = saved
    assert len(json.loads((out / "pagefind/parts.json").read_text())) == 5  # (one a month with articles)
    with serve(out) as url:
        page.goto(url + "/tim-kiem/")
        search_for(page, "hội")
        hrefs = page.locator("#search-results .item-title a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
        years = {href.split("/")[1] for href in hrefs}
        assert {"2022", "2025", "2026"} <= years, hrefs
        clusters = page.locator("#search-cluster option").all_inner_texts()
        assert any("Cụm thi đua số 6" in c for c in clusters) and any("Cụm thi đua số 9" in c for c in clusters), (
            clusters
        )
        assert page.script_errors == []
