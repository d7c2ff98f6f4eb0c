"""The CMS end to end: `site-builder serve` alone, /admin/ in Chromium, an article made through the form.

An editor's session as it happens: open /admin/ on serve (the local backend, no account), log in,
write a new article with Vietnamese text, pick a cluster and a province, upload an image and give
its alt text, publish. The file on disk must pass `site-builder check`, and the article must
appear on the served site after serve's own rebuild. Every wait is bounded; the server is killed
in teardown. Screenshots of the form go to tests/artifacts/cms-form-top.png and cms-form.png.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from browser_support import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, REPO, missing_tools, sample_source

from site_builder.slugs import slugify

TITLE = "Hội thảo “Đổi mới sáng tạo” của Liên hiệp Hội Quảng Ngãi"
ALT = "Đại biểu dự hội thảo đổi mới sáng tạo tại hội trường Liên hiệp Hội tỉnh Quảng Ngãi"
BODY = "Sáng nay, Liên hiệp Hội tỉnh Quảng Ngãi tổ chức hội thảo về đổi mới sáng tạo với hơn 100 đại biểu."
WAIT = 20.0  # seconds, for a loaded CI machine


@pytest.fixture(scope="module")
def tools():
    missing = [m for m in missing_tools() if "Playwright" in m or "Chromium" in m]
    if missing:
        pytest.fail("the CMS browser test needs:\n  " + "\n  ".join(missing), pytrace=False)


@pytest.fixture
def site(tmp_path) -> Path:
    dest = tmp_path / "site"
    shutil.copytree(sample_source() / "content", dest / "content", ignore=shutil.ignore_patterns(".site-builder-cache"))
    return dest


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def _wait(what: str, check, proc, logs: Path, timeout: float = WAIT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"serve exited while waiting for {what}:\n{logs.read_text(encoding='utf-8')}")
        try:
            value = check()
        except OSError:
            value = None
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}:\n{logs.read_text(encoding='utf-8')}")


@pytest.fixture
def served(site, tmp_path, tools):
    """`site-builder serve` on any free port (the real clock: the article is dated now)."""
    logs = tmp_path / "serve.log"
    with logs.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "site_builder", "serve", "--source", str(site), "--port", "0"],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=REPO,
        )
    try:
        url = _wait(
            "serve to start",
            lambda: (m := re.search(r" (http://127\.0\.0\.1:\d+)/ ", logs.read_text(encoding="utf-8"))) and m[1],
            proc,
            logs,
            timeout=60,
        )
        _wait("the first page", lambda: _get(url + "/admin/")[0] == 200, proc, logs)
        yield url, proc, logs
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def test_an_article_made_in_the_cms_on_serve_builds_and_appears(served, site, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    url, proc, logs = served
    from PIL import Image

    image = tmp_path / "hoi-thao-doi-moi.png"
    Image.new("RGB", (640, 360), (30, 90, 160)).save(image)  # an editor's photo
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(
                viewport={"width": 1400, "height": 1000}, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
            )
            page = context.new_page()
            page.set_default_timeout(WAIT * 1000)
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "Error:" in m.text else None)
            page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)

            page.goto(url + "/admin/")
            page.get_by_role("button", name="Đăng nhập").click()  # the local backend: no account
            page.goto(url + "/admin/#/collections/articles/new")
            page.locator('input[id^="title-field"]').fill(TITLE)
            page.locator('textarea[id^="summary-field"]').fill("Hội thảo bàn về đổi mới sáng tạo ở địa phương.")
            for field, choice in (("cluster", "Cụm thi đua số 6"), ("provinces", "Quảng Ngãi")):
                page.locator(f'[id^="{field}-field"]').click()
                page.keyboard.type(choice)
                page.keyboard.press("Enter")
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "cms-form-top.png"))
            page.locator('input[id^="tags-field"]').fill("Hội thảo, Đổi mới sáng tạo")
            page.locator('input[id^="section-field"]').fill("Hoạt động")
            page.get_by_role("button", name="Chọn một hình").click()
            with page.expect_file_chooser() as chooser:
                page.get_by_text("Tải lên").click()
            chooser.value.set_files(str(image))
            page.get_by_role("button", name="Lấy những cái đã chọn").click()
            page.locator('[data-slate-editor="true"]').click()
            page.keyboard.type(BODY)
            alt = page.locator('input[id^="alt-field"]')
            alt.fill(ALT)
            page.locator('input[id^="caption-field"]').fill("Quang cảnh hội thảo")
            # The preview pane is styled with the site's own stylesheet.
            preview = page.frame_locator("iframe").first
            expect(preview.locator("h1")).to_have_text(TITLE)
            expect(preview.locator('link[href^="/css/style."]')).to_have_count(1)
            page.screenshot(path=str(ARTIFACTS / "cms-form.png"))
            # An image without a real alt text is not saved (the build's rule, checked by init.js).
            alt.click()
            page.keyboard.press("Control+A")
            page.keyboard.type("ảnh")
            page.get_by_role("button", name="Công bố").click()
            page.get_by_text("Công bố ngay").click()
            expect(page.get_by_text(re.compile("Ảnh đại diện cần mô tả"))).to_be_visible()
            assert not list((site / "content" / "articles").rglob(f"{slugify(TITLE)}.md"))
            errors.clear()  # (the refusal is logged as an error)
            alt.click()
            page.keyboard.press("Control+A")
            page.keyboard.type(ALT)
            page.get_by_role("button", name="Công bố").click()
            page.get_by_text("Công bố ngay").click()
            saved = site / "content" / "articles" / time.strftime("%Y") / f"{slugify(TITLE)}.md"
            _wait("the saved article", saved.is_file, proc, logs)
        finally:
            browser.close()
    assert not errors, errors

    # As `site-builder new` names files; the image in content/images/.
    meta = yaml.safe_load(saved.read_text(encoding="utf-8").split("---\n")[1])
    assert meta["title"] == TITLE and meta["cluster"] == "cum-6" and meta["provinces"] == ["Quảng Ngãi"], meta
    assert meta["image"] == {"src": f"/images/{image.name}", "alt": ALT, "caption": "Quang cảnh hội thảo"}, meta
    assert (site / "content" / "images" / image.name).read_bytes() == image.read_bytes()
    check = subprocess.run(
        [sys.executable, "-m", "site_builder", "check", "--source", str(site)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stderr
    # The only warnings are the sample's two deliberate misspellings, none in the new file.
    assert saved.name not in check.stderr, check.stderr

    def on_site():
        status, home = _get(url + "/")
        return status == 200 and slugify(TITLE) in home

    _wait("the article on the home page after serve's rebuild", on_site, proc, logs)
    article = re.search(r'href="(/\d{4}/\d{2}/' + re.escape(slugify(TITLE)) + '/)"', _get(url + "/")[1])
    assert article, "no link to the new article on the home page"
    status, page_html = _get(url + article[1])
    assert status == 200 and ALT in page_html and "/images/hoi-thao-doi-moi.png" in page_html


# --- serve's own policies, in Chromium -----------------------------------------------------------------


def test_an_svg_opened_on_serve_cannot_use_the_cms_api(served, site):
    """The reviewer's attack: an SVG in content/images/ whose script posts to /api/v1, opened in the
    editor's browser (any web page can send it there). Sandboxed, it is not a page of this server."""
    from playwright.sync_api import sync_playwright
    from test_cms import EVIL_SVG

    url, proc, logs = served
    victim = site / "content" / "pages" / "gioi-thieu.md"
    assert victim.is_file()
    (site / "content" / "images" / "logo.svg").write_text(EVIL_SVG, encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_default_timeout(WAIT * 1000)
            posts: list[str] = []
            page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
            response = page.goto(url + "/images/logo.svg")
            assert response is not None and response.status == 200
            policy = response.headers.get("content-security-policy", "")
            deadline = time.monotonic() + 3  # the script, were it to run, posts at once
            while time.monotonic() < deadline and victim.exists() and not posts:
                page.wait_for_timeout(100)
            page.wait_for_timeout(300)  # (a post on its way)
        finally:
            browser.close()
    assert victim.is_file(), "the SVG's script deleted a page through the CMS's API"
    assert not posts, posts
    assert "sandbox" in policy


def test_pages_on_serve_run_under_the_sites_policy_with_live_reload(served):
    """serve sends the deployed site's CSP: the theme's pages and the live-reload client work under it."""
    from playwright.sync_api import sync_playwright

    url, proc, logs = served
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_default_timeout(WAIT * 1000)
            violations: list[str] = []
            page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
            page.on("pageerror", lambda exc: violations.append(str(exc)))
            hello: list[str] = []
            page.on("websocket", lambda ws: ws.on("framereceived", lambda frame: hello.append(str(frame))))
            response = page.goto(url + "/")
            assert response is not None and "frame-ancestors 'none'" in response.headers["content-security-policy"]
            # The stylesheet applied (a refused one would leave the browser's default margin).
            assert page.evaluate("getComputedStyle(document.body).margin") == "0px"
            deadline = time.monotonic() + WAIT
            while time.monotonic() < deadline and not any("hello" in h for h in hello):
                page.wait_for_timeout(100)
            assert any("hello" in h for h in hello), "the live-reload client did not connect"
            assert not violations, violations
            # An inline script is refused, as on the deployed site.
            with pytest.raises(Exception, match="Content Security Policy"):
                page.add_script_tag(content="window.__inline = 1")
        finally:
            browser.close()


# --- the built /admin/ under the headers Netlify would send ------------------------------------------


def netlify_rules(out: Path) -> list[tuple[re.Pattern, dict]]:
    """netlify.toml's header rules and the build's _headers, as (path pattern, headers)."""
    import tomllib

    rules = [(r["for"], r["values"]) for r in tomllib.loads((REPO / "netlify.toml").read_text())["headers"]]
    current = None
    for line in (out / "_headers").read_text(encoding="utf-8").splitlines():
        if line.startswith("/"):
            current = {}
            rules.append((line.strip(), current))
        elif line.startswith("  ") and current is not None:
            name, _, value = line.strip().partition(": ")
            current[name] = value
    # Netlify's patterns: * is anything (slashes too), :name one part.
    return [(re.compile(re.sub(r":\w+", "[^/]+", re.escape(p).replace(r"\*", ".*")) + "$"), v) for p, v in rules]


def headers_for_path(rules, path: str) -> dict[str, str]:
    """As Netlify sends them: the values of every matching rule, joined with ", "."""
    found: dict[str, list[str]] = {}
    for pattern, values in rules:
        if pattern.match(path):
            for name, value in values.items():
                found.setdefault(name, []).append(value)
    return {name: ", ".join(values) for name, values in found.items()}


@pytest.fixture(scope="module")
def netlify_served(tmp_path_factory, tools):
    import functools
    import http.server
    import threading

    from site_builder.cli import main

    out = tmp_path_factory.mktemp("netlify") / "public"
    assert main(["build", "--source", str(sample_source()), "--output", str(out), "--quiet", "--no-search"]) == 0
    rules = netlify_rules(out)

    class Handler(http.server.SimpleHTTPRequestHandler):
        extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm"}

        def log_message(self, format, *args):  # noqa: A002
            pass

        def end_headers(self):
            for name, value in headers_for_path(rules, self.path.split("?")[0]).items():
                self.send_header(name, value)
            super().end_headers()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", rules
    finally:
        server.shutdown()
        server.server_close()


def test_built_admin_loads_under_netlifys_headers_without_csp_errors(netlify_served):
    from playwright.sync_api import expect, sync_playwright

    url, rules = netlify_served
    admin = headers_for_path(rules, "/admin/")["Content-Security-Policy"]
    assert "," not in admin  # one policy: no other rule's is joined to it
    article = headers_for_path(rules, "/2022/11/x/")["Content-Security-Policy"]
    assert "'unsafe-eval'" not in article and "'unsafe-inline'" not in article and "," not in article
    assert "'unsafe-inline'" not in headers_for_path(rules, "/images/x.svg")["Content-Security-Policy"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="vi-VN")
            violations: list[str] = []
            page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
            page.on("pageerror", lambda exc: violations.append(str(exc)))
            page.goto(url + "/admin/")
            # Online (not serve): the configured backend's login, in Vietnamese.
            expect(page.get_by_role("button", name=re.compile("Đăng nhập"))).to_be_visible(timeout=WAIT * 1000)
            assert not violations, violations
            # Elsewhere the strict policy holds: an inline script is refused.
            page.goto(url + "/")
            with pytest.raises(Exception, match="Content Security Policy"):
                page.add_script_tag(content="window.__inline = 1")
        finally:
            browser.close()
