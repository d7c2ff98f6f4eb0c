"""`site-builder serve` run for real in a subprocess: pages, live reload, errors while serving, safety.

Every wait is bounded; the server process is killed in the fixture's teardown whatever happens.
"""

from __future__ import annotations

import asyncio
import html
import http.client
import json
import os
import resource
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import NOW, tree
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

from site_builder.serve import ServedHost, resolve_inside, same_origin, snapshot

ARTICLE = "content/articles/2022/tong-ket.md"
ARTICLE_URL = "/2022/11/cum-thi-dua-so-6-tong-ket-nam-2022/"
TITLE = "title: Cụm thi đua số 6 tổng kết năm 2022"
WAIT = 10.0  # seconds: generous for a loaded CI machine; the fixture rebuilds in well under 1 s


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def SERVED(site: Path) -> Path:
    """Where serve builds by default: not public/, whose pages must keep the deploy's links."""
    return site / ".site-builder-cache" / "serve"


class Server:
    """A `site-builder serve` subprocess and helpers to talk to it."""

    def __init__(self, site: Path, logs: Path):
        self.site, self.port = site, free_port()
        self.out, self.err = logs / "serve.out", logs / "serve.err"
        with self.out.open("w") as out, self.err.open("w") as err:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "site_builder",
                    "serve",
                    "--source",
                    str(site),
                    "--port",
                    str(self.port),
                    "--now",
                    NOW,
                ],
                stdout=out,
                stderr=err,
                stdin=subprocess.DEVNULL,
            )

    def logs(self) -> str:
        return self.out.read_text(encoding="utf-8") + self.err.read_text(encoding="utf-8")

    def get(self, path: str, headers: dict | None = None) -> tuple[int, str]:
        """GET with the path sent exactly as written (no client-side normalisation of `..`)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            conn.request("GET", path, headers=headers or {})
            response = conn.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def wait_for(self, what: str, check, timeout: float = WAIT):
        """Poll `check()` until it returns something truthy; fail with the server's output otherwise."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"serve exited with {self.proc.returncode} while waiting for {what}:\n{self.logs()}")
            try:
                value = check()
            except OSError:  # not listening yet
                value = None
            if value:
                return value
            time.sleep(0.02)
        pytest.fail(f"timed out after {timeout} s waiting for {what}:\n{self.logs()}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)


@pytest.fixture
def server(site, tmp_path):
    srv = Server(site, tmp_path)
    try:
        srv.wait_for("the first page", lambda: srv.get("/")[0] == 200, timeout=30)
        yield srv
    finally:
        srv.stop()


class LiveReloadClient:
    """What livereload.js does in a browser: connect, say hello, say which page it shows, listen."""

    def __init__(self, port: int):
        self.port = port

    async def __aenter__(self):
        self.ws = await websocket_connect(f"ws://127.0.0.1:{self.port}/livereload", connect_timeout=5)
        await self.ws.write_message(
            json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]})
        )
        hello = json.loads(await asyncio.wait_for(self.ws.read_message(), 5))
        assert hello["command"] == "hello"
        await self.ws.write_message(
            json.dumps({"command": "info", "url": f"http://127.0.0.1:{self.port}/", "plugins": {}})
        )
        await asyncio.sleep(0.1)  # let the server register us before anything changes
        return self

    async def __aexit__(self, *exc):
        self.ws.close()

    async def next_command(self, timeout: float = WAIT) -> dict:
        message = await asyncio.wait_for(self.ws.read_message(), timeout)
        assert message is not None, "the server closed the live-reload connection"
        return json.loads(message)


def test_an_edit_shows_up_and_connected_browsers_reload(server, site):
    status, page = server.get(ARTICLE_URL)
    assert status == 200 and "Cụm thi đua số 6 tổng kết năm 2022" in page
    assert "/livereload.js?port=" in page  # the live-reload client is injected into pages
    assert f"http://127.0.0.1:{server.port}/" in server.logs()  # binds 127.0.0.1 by default; URL printed
    new_url = "/2022/11/tong-ket-cum-6-ban-sua/"

    async def scenario():
        async with LiveReloadClient(server.port) as browser:
            saved = time.monotonic()
            edit(site / ARTICLE, TITLE, "title: Tổng kết Cụm 6 bản sửa")
            command = await browser.next_command()
            told = time.monotonic() - saved
            assert command["command"] == "reload"
            # The reload comes after the new output is swapped in: the new page is there at once.
            status, page = await asyncio.to_thread(server.get, new_url)
            shown = time.monotonic() - saved
            assert status == 200 and "Tổng kết Cụm 6 bản sửa" in page
            return told, shown

    told, shown = asyncio.run(scenario())
    print(f"save -> reload message {told * 1000:.0f} ms, -> new page fetched {shown * 1000:.0f} ms")
    assert server.get(ARTICLE_URL)[0] == 404  # the old URL is gone, not a stale page
    assert "Tổng kết Cụm 6 bản sửa" in server.get("/")[1]  # and the home page lists the new title
    assert "content/articles/2022/tong-ket.md thay đổi: dựng xong trong" in server.logs()


def _threads(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/task"))


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads in /proc (Linux)")
def test_builds_run_in_a_process_without_threads(server, site):
    """Builds fork workers, which must never happen beside a thread (a lock a thread holds at the
    fork stays held in the child). The process that builds has one thread, before and after a
    rebuild; the web server and its threads are in a child process."""
    server.wait_for("the first page", lambda: server.get("/")[0] == 200)
    builder = server.proc.pid
    assert _threads(builder) == 1
    children = Path(f"/proc/{builder}/task/{builder}/children").read_text().split()
    assert len(children) == 1 and _threads(int(children[0])) >= 1  # the server
    edit(site / ARTICLE, TITLE, "title: Tổng kết Cụm 6 bản sửa")
    server.wait_for("the rebuild", lambda: "tong-ket.md thay đổi: dựng xong trong" in server.logs())
    assert _threads(builder) == 1
    assert server.get("/2022/11/tong-ket-cum-6-ban-sua/")[0] == 200


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc (Linux)")
def test_the_server_ends_with_the_process_that_builds(site, tmp_path):
    """Killed without a chance to clean up, the watcher leaves no server behind: the server sees
    its pipe close and stops (the port is free again)."""
    server = Server(site, tmp_path)
    try:
        server.wait_for("the first page", lambda: server.get("/")[0] == 200)
        children = Path(f"/proc/{server.proc.pid}/task/{server.proc.pid}/children").read_text().split()
        server.proc.kill()
        server.proc.wait(WAIT)
        child = int(children[0])
        deadline = time.monotonic() + WAIT
        while (
            time.monotonic() < deadline
            and Path(f"/proc/{child}").exists()
            and "Z" not in (Path(f"/proc/{child}/stat").read_text().split()[2:3] or ["Z"])
        ):
            time.sleep(0.05)
        assert not Path(f"/proc/{child}").exists() or Path(f"/proc/{child}/stat").read_text().split()[2] == "Z"
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # (past TIME_WAIT, not past a listener)
            s.bind(("127.0.0.1", server.port))
            s.listen()  # nobody listens there any more
    finally:
        server.stop()


def test_a_burst_of_saves_gives_one_rebuild_and_one_reload(server, site):
    files = sorted((site / "content" / "articles").rglob("*.md"))[:4]

    async def scenario():
        async with LiveReloadClient(server.port) as browser:
            for number, path in enumerate(files):  # an editor's "save all", or a git checkout
                path.write_text(path.read_text(encoding="utf-8") + f"\nĐoạn thêm {number}.\n", encoding="utf-8")
                await asyncio.sleep(0.05)
            assert (await browser.next_command())["command"] == "reload"
            with pytest.raises(asyncio.TimeoutError):
                await browser.next_command(timeout=1.5)  # and no second one

    asyncio.run(scenario())
    rebuilds = [line for line in server.logs().splitlines() if " thay đổi: " in line]
    assert len(rebuilds) == 1 and f"và {len(files) - 1} tệp khác thay đổi" in rebuilds[0], server.logs()


def test_a_content_error_shows_an_error_page_until_it_is_fixed(server, site):
    before = tree(SERVED(site))
    problem = (
        'content/articles/2022/tong-ket.md:6: provinces: tỉnh "Qaunrg Ngãi" không có trong danh sách tỉnh, '
        'thành phố — có phải "Quảng Ngãi"?'
    )

    async def scenario():
        async with LiveReloadClient(server.port) as browser:
            edit(site / ARTICLE, "provinces: [Quảng Ngãi,", "provinces: [Qaunrg Ngãi,")
            assert (await browser.next_command())["command"] == "reload"  # browsers go to the error page
            status, page = await asyncio.to_thread(server.get, ARTICLE_URL)
            assert status == 500 and problem in html.unescape(page)
            assert "/livereload.js?port=" in page  # so it reloads by itself once fixed
            assert server.get("/")[0] == 500  # every page shows it...
            assert server.get("/rss.xml")[0] == 200  # ...while other files are still served
            assert problem in server.logs()  # and the terminal printed it
            assert tree(SERVED(site)) == before  # the last good output is untouched

            edit(site / ARTICLE, "provinces: [Qaunrg Ngãi,", "provinces: [Quảng Ngãi,")
            assert (await browser.next_command())["command"] == "reload"
            status, page = await asyncio.to_thread(server.get, ARTICLE_URL)
            assert status == 200 and "Cụm thi đua số 6 tổng kết năm 2022" in page

    asyncio.run(scenario())
    assert server.proc.poll() is None  # the server kept running throughout


def test_nothing_outside_the_output_folder_is_served(server, site):
    (site / "secret.txt").write_text("TOP SECRET", encoding="utf-8")
    public = SERVED(site)
    os.symlink(site / "secret.txt", public / "leak.txt")
    os.symlink(site, public / "leakdir")
    os.symlink(site / "secret.txt", public / "images" / "index.html")  # a directory index pointing out
    attempts = [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/images/../../secret.txt",
        "/images/%2e%2e/%2e%2e/secret.txt",
        "/.%2e/secret.txt",
        "//../secret.txt",
        "/leak.txt",
        "/leakdir/secret.txt",
        "/leakdir/content/_site.yaml",
        "/images/",
        "/%2fetc/passwd",
        "/../../../../etc/passwd",
    ]
    for path in attempts:
        status, body = server.get(path)
        assert status in (403, 404), (path, status)
        assert "TOP SECRET" not in body and "root:" not in body and "base_url" not in body, path
    assert server.get("/robots.txt")[0] == 200  # ordinary files still are


def test_other_host_names_are_refused(server):
    """DNS rebinding: a page of evil.example whose name now resolves to 127.0.0.1 must read nothing."""
    port = server.port
    for host in [
        "evil.example",
        f"evil.example:{port}",
        f"127.0.0.1.evil.example:{port}",
        f"localhost.evil.example:{port}",
        f"192.168.1.20:{port}",
        "[::1",
    ]:
        for path in ["/", ARTICLE_URL, "/robots.txt", "/livereload.js"]:
            status, body = server.get(path, {"Host": host})
            assert status == 403, (host, path, status)
            assert "localhost, 127.0.0.1 and [::1]" in body and "Cụm" not in body, (host, path)

    async def websocket(host: str) -> None:
        request = HTTPRequest(f"ws://127.0.0.1:{port}/livereload", headers={"Host": host}, connect_timeout=5)
        (await websocket_connect(request)).close()

    with pytest.raises(HTTPClientError) as refused:
        asyncio.run(websocket("evil.example"))
    assert refused.value.code == 403
    asyncio.run(websocket(f"localhost:{port}"))

    for host in [f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", "LocalHost", "127.0.0.1"]:
        assert server.get(ARTICLE_URL, {"Host": host})[0] == 200, host
        assert server.get("/livereload.js", {"Host": host})[0] == 200, host


def test_the_live_reload_socket_is_for_this_servers_own_pages(server):
    port = server.port

    async def connect(origin: str, **headers):
        request = HTTPRequest(
            f"ws://127.0.0.1:{port}/livereload", connect_timeout=5, headers={"Origin": origin, **headers}
        )
        return await websocket_connect(request)

    async def refused(origin: str, **headers) -> int:
        with pytest.raises(HTTPClientError) as error:
            await connect(origin, **headers)
        return error.value.code

    async def scenario():
        assert await refused("http://evil.example") == 403  # any web page open in the browser
        assert await refused("http://evil.example", **{"Sec-Fetch-Site": "cross-site"}) == 403
        assert await refused(f"http://localhost:{port + 1}", **{"Sec-Fetch-Site": "same-site"}) == 403
        assert await refused("null") == 403  # a sandboxed frame or a file:// page
        ws = await connect(f"http://127.0.0.1:{port}")  # a page of this server: accepted
        await ws.write_message(json.dumps({"command": "hello", "protocols": []}))
        assert json.loads(await asyncio.wait_for(ws.read_message(), 5))["command"] == "hello"
        ws.close()
        # What livereload.js never sends ends the connection, without a traceback in the terminal.
        for message in ["not json", "[1]", '{"url": "x"}', b"\xff\xfe", "[" * 50_000]:  # (too deep for json)
            ws = await connect(f"http://127.0.0.1:{port}")
            await ws.write_message(message, binary=isinstance(message, bytes))
            assert await asyncio.wait_for(ws.read_message(), 5) is None, message

    asyncio.run(scenario())
    time.sleep(0.2)
    assert "Traceback" not in server.logs()
    assert server.proc.poll() is None


def test_served_host_names():
    on_loopback, on_all, on_lan = ServedHost("127.0.0.1"), ServedHost("0.0.0.0"), ServedHost("192.168.1.20")
    for host in ["localhost", "localhost:8000", "127.0.0.1:8000", "[::1]:8000", "[::1]"]:
        assert on_loopback.allows(host) and on_all.allows(host) and on_lan.allows(host), host
    for host in ["192.168.1.20:8000", "10.0.0.7", "[fe80::1]:8000", "0.0.0.0:8000"]:
        assert on_all.allows(host) and not on_loopback.allows(host), host
    assert on_lan.allows("192.168.1.20:8000") and not on_lan.allows("10.0.0.7")
    assert ServedHost("::").allows("[2001:db8::5]:8000") and ServedHost("::1").allows("[::1]:8000")
    assert ServedHost("mybox.local").allows("MyBox.local:8000")
    for host in [
        "evil.example",
        "evil.example:8000",
        "127.0.0.1.nip.io",
        "0x7f.1",
        "2130706433",
        "127.1",
        "localhost.",
        "[::1",
        "::1",
        "[127.0.0.1]",
        "192.168.1.20:80:80",
        "",
    ]:
        assert not on_all.allows(host) and not on_loopback.allows(host), host
    assert on_all.describe() == "localhost, 127.0.0.1, [::1] and any IP address"


def test_same_origin():
    assert same_origin("http://127.0.0.1:8000", "127.0.0.1:8000")
    assert same_origin("http://LocalHost:8000", "localhost:8000") and same_origin("http://[::1]:8000", "[::1]:8000")
    assert same_origin("http://localhost", "localhost:80")  # the default port, written or not
    for origin, host in [
        ("http://evil.example", "127.0.0.1:8000"),
        ("http://localhost:3000", "localhost:8000"),
        ("http://127.0.0.1:8000", "localhost:8000"),
        ("null", "127.0.0.1:8000"),
        ("https://localhost:8000", "localhost:8000"),
        ("http://localhost:x", "localhost:x"),
        ("http://", ""),
    ]:
        assert not same_origin(origin, host), (origin, host)


def test_odd_paths_get_a_4xx_and_print_nothing(server):
    """Over-long paths, NUL, bad percent-escapes: never a 500, and nothing in the terminal."""
    printed = server.logs()
    answers = {
        "/" + "a" * 60_000: (404, 414),  # ENAMETOOLONG from the file system
        "/" + "a/" * 30_000: (404, 414),
        "/images/" + "x" * 300 + ".png": (404,),  # one name longer than a file system allows
        "/images/./" * 6_000 + "missing.png": (404, 414),
        "/a%00b": (404,),
        "/a%00b/": (404,),
        "/images%00/": (404,),
        "/robots.txt%00.html": (404,),
        "/%zz": (404,),
        "/%": (404,),
        "/%e2%82": (400, 404),
        "/%ff": (400, 404),
        "/%c0%ae%c0%ae/x": (400, 404),
    }
    for path, expected in answers.items():
        status, _ = server.get(path)
        assert status in expected, (path[:40], status)
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as raw:  # HEAD too
            raw.sendall(f"HEAD {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
            assert int(raw.recv(100).split()[1]) in expected, path[:40]
    assert server.get("/robots.txt")[0] == 200
    time.sleep(0.2)
    assert "Traceback" not in server.logs()
    assert server.logs() == printed  # the terminal shows builds, not requests


def test_a_big_request_body_is_refused_before_it_is_read(server):
    """serve answers GET and HEAD only: a page elsewhere posting big bodies must not fill memory."""
    for method in ["POST", "GET"]:
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as raw:
            raw.sendall(f"{method} / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 50000000\r\n\r\n".encode())
            assert raw.recv(100).startswith(b"HTTP/1.1 400 "), method  # at once, not after 50 MB
    assert server.get("/")[0] == 200


def test_a_busy_port_is_a_clear_error(site):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "site_builder", "serve", "--source", str(site), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2
    assert f"cổng {port}" in done.stderr and "đang có chương trình khác dùng" in done.stderr
    assert "Traceback" not in done.stderr
    assert not SERVED(site).exists() and not (site / "public").exists()  # it failed before building anything


def test_resolve_inside_refuses_ways_out(tmp_path):
    root = tmp_path / "public"
    (root / "a").mkdir(parents=True)
    (root / "a" / "index.html").write_text("ok")
    (tmp_path / "outside").write_text("no")
    os.symlink(tmp_path / "outside", root / "link")
    assert resolve_inside(root, "a/index.html") == (root / "a" / "index.html").resolve()
    assert resolve_inside(root, "") == root.resolve()
    for path in ["../outside", "a/../../outside", "/../outside", "link", "a/\0", "//../outside"]:
        assert resolve_inside(root, path) is None, path


def test_snapshot_ignores_editor_scratch_files(tmp_path):
    (tmp_path / "a.md").write_text("x")
    for scratch in [".a.md.swp", "a.md~", "#a.md#", ".#a.md", "4913"]:
        (tmp_path / scratch).write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("x")
    assert list(snapshot([tmp_path])) == [str(tmp_path / "a.md")]


def test_snapshot_ends_on_symlink_loops_and_stays_inside_the_site(tmp_path):
    site = tmp_path / "site"
    articles = site / "content" / "articles"
    (articles / "a").mkdir(parents=True)
    (articles / "a" / "x.md").write_text("x")
    (site / "content" / "_site.yaml").write_text("title: T")
    os.symlink("..", articles / "loop1")  # content/articles/loop1 -> content/
    os.symlink("../..", articles / "a" / "loop2")  # and another way back to content/
    os.symlink("a", articles / "again")  # a second name for a folder already watched
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "o.md").write_text("o")
    os.symlink(outside, articles / "out")
    os.symlink("/", articles / "root")
    os.symlink(outside, site / "static")  # a top-level folder that leads out of the site
    (site / "theme" / "layouts").mkdir(parents=True)
    (site / "theme" / "layouts" / "base.html").write_text("<html>")
    os.symlink("theme/layouts", site / "layouts")  # and one that stays inside: still watched
    script = (
        "import json, sys; from pathlib import Path; from site_builder.serve import snapshot; "
        "site = Path(sys.argv[1]); "
        "print(json.dumps(sorted(snapshot([site / n for n in ('content', 'layouts', 'static')]))))"
    )
    # In a subprocess, so a walk that never ends can be stopped, its memory capped meanwhile.
    cap = lambda: resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # noqa: E731
    try:
        done = subprocess.run(
            [sys.executable, "-c", script, str(site)], capture_output=True, text=True, timeout=20, preexec_fn=cap
        )
    except subprocess.TimeoutExpired:
        pytest.fail("snapshot() did not return within 20 s")
    assert done.returncode == 0, done.stderr[-2000:]
    files = json.loads(done.stdout)
    assert files == [
        str(site / "content" / "_site.yaml"),
        str(articles / "a" / "x.md"),
        str(site / "layouts" / "base.html"),
    ]
