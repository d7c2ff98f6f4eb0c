"""The CMS at /admin/: its config made from the schema, the shipped files, and the local backend's
guards, tried against a real `site-builder serve` subprocess (tests/test_serve.py's Server)."""

from __future__ import annotations

import base64
import http.client
import json
import os
import socket
from pathlib import Path

import pytest
import yaml
from conftest import run
from test_serve import Server

from site_builder.cms import ADMIN_DIR, DECAP_VERSION
from site_builder.provinces import ProvinceRegistry
from site_builder.render.headers import ADMIN_CSP, SITE_CSP


def config_of(out: Path) -> dict:
    return yaml.safe_load((out / "admin" / "config.yml").read_text(encoding="utf-8"))


def field(collection: dict, name: str) -> dict:
    return next(f for f in collection["fields"] if f["name"] == name)


# --- the config, made from the schema ---------------------------------------------------------------


def test_every_build_publishes_admin_with_a_config_made_from_the_schema(built):
    config = config_of(built)
    assert config["locale"] == "vi"
    assert config["backend"] == {"name": "git-gateway", "branch": "main", "squash_merges": True}
    assert config["publish_mode"] == "editorial_workflow"
    assert (config["media_folder"], config["public_folder"]) == ("content/images", "/images")
    articles, clusters, pages = config["collections"]
    assert (articles["name"], articles["folder"], articles["path"]) == (
        "articles",
        "content/articles",
        "{{year}}/{{slug}}",
    )
    assert (clusters["folder"], pages["folder"]) == ("content/clusters", "content/pages")
    names = [f["name"] for f in articles["fields"]]
    assert names == [
        "title",
        "date",
        "summary",
        "cluster",
        "provinces",
        "events",
        "tags",
        "section",
        "image",
        "attachments",
        "related",
        "draft",
        "body",
    ]
    # Attachments: a list of {file, title}, the file chosen in content/files/ (published at /files/).
    attached = {f["name"]: f for f in field(articles, "attachments")["fields"]}
    assert field(articles, "attachments")["widget"] == "list"
    assert (attached["file"]["widget"], attached["file"]["media_folder"], attached["file"]["public_folder"]) == (
        "file",
        "/content/files",
        "/files",
    )
    # Clusters are the files of content/clusters/, by id, labelled with their names.
    clusters_on_disk = sorted(p.stem for p in (built.parent / "content" / "clusters").glob("*.md"))
    assert [o["value"] for o in field(articles, "cluster")["options"]] == clusters_on_disk
    # Provinces: the 34 current units, then the 63-era ones marked with where they went.
    options = field(articles, "provinces")["options"]
    registry = ProvinceRegistry.load()
    assert [o["value"] for o in options[:34]] == [p.name for p in registry.current()]
    former = {o["value"]: o["label"] for o in options[34:]}
    assert len(options) == len(registry.all())
    assert former["Bình Định"].startswith("Bình Định (trước 01/07/2025; nay thuộc Gia Lai")
    assert "nay thuộc Huế" in former["Thừa Thiên Huế"]
    # Xem thêm offers the site's articles by slug (what related: takes), labelled with title and date.
    related = field(articles, "related")
    assert related["multiple"] is True
    assert "cum-thi-dua-so-6-tong-ket-nam-2022" in {o["value"] for o in related["options"]}
    # A date-time without offset is the site's own time; the image wants its alt text.
    date = field(articles, "date")
    assert (date["widget"], date["format"]) == ("datetime", "YYYY-MM-DDTHH:mm:ss")
    assert "Asia/Ho_Chi_Minh" in date["hint"]
    image = {f["name"]: f for f in field(articles, "image")["fields"]}
    assert set(image) == {"src", "alt", "caption"} and image["src"]["widget"] == "image"
    # Labels and hints in Vietnamese.
    assert field(articles, "title")["label"] == "Tiêu đề" and field(articles, "body")["label"] == "Nội dung"


def test_admin_page_loads_the_cms_from_the_site_itself(built):
    page = (built / "admin" / "index.html").read_text(encoding="utf-8")
    scripts = [line for line in page.splitlines() if "<script" in line]
    assert scripts == [
        '<script src="/admin/setup.js"></script>',
        '<script src="/admin/decap/decap-cms.js"></script>',
        '<script src="/admin/init.js"></script>',
    ]  # files of the site, no inline script, no other host
    assert 'name="site-builder:preview-style" content="/css/style.' in page
    assert (built / "admin" / "decap" / "decap-cms.js").stat().st_size > 1_000_000
    assert (built / "admin" / "decap" / "LICENSE").is_file()
    assert not list((built / "admin").rglob("*.map")) and not (built / "admin" / "decap" / "README.md").exists()


def test_the_shipped_bundle_is_the_pinned_version_with_its_chunks():
    decap = ADMIN_DIR / "decap"
    bundle = (decap / "decap-cms.js").read_text(encoding="utf-8")
    assert f'console.log("decap-cms {DECAP_VERSION}")' in bundle
    assert f"decap-cms {DECAP_VERSION}" in (decap / "README.md").read_text(encoding="utf-8")
    # Every chunk the bundle can load is shipped beside it.
    import re

    table = re.search(r"__webpack_require__\.u=e=>e\+\"\.decap-cms\.js\"", bundle)
    assert table, "decap-cms.js names its chunks differently: see theme/admin/decap/README.md"
    assert len(list(decap.glob("*.decap-cms.js"))) > 50
    assert "vi:" in bundle  # the Vietnamese locale is in the bundle


def test_values_are_yaml_escaped(site, tmp_path):
    cluster = site / "content" / "clusters" / "cum-6.md"
    cluster.write_text(
        cluster.read_text(encoding="utf-8").replace("name: ", "name: 'Cụm: \"6\" # {{x}} ' #", 1),
        encoding="utf-8",
    )
    assert run(site, "build", "--output", str(tmp_path / "out")) == 0
    options = field(config_of(tmp_path / "out")["collections"][0], "cluster")["options"]
    assert {"label": 'Cụm: "6" # {{x}}', "value": "cum-6"} in options


def test_cms_false_leaves_admin_out_and_github_backend(site, tmp_path):
    settings = site / "content" / "_site.yaml"
    original = settings.read_text(encoding="utf-8")
    settings.write_text(original + "\ncms: false\n", encoding="utf-8")
    assert run(site, "build", "--output", str(tmp_path / "off")) == 0
    assert not (tmp_path / "off" / "admin").exists()
    settings.write_text(original + "\ncms: {backend: github, repo: lhh/tin-tuc, branch: main, workflow: false}\n")
    assert run(site, "build", "--output", str(tmp_path / "gh")) == 0
    config = config_of(tmp_path / "gh")
    assert config["backend"] == {"name": "github", "branch": "main", "repo": "lhh/tin-tuc"}
    assert "publish_mode" not in config


def test_cms_settings_are_checked(site, capsys):
    settings = site / "content" / "_site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\ncms: {backnd: github}\n", encoding="utf-8")
    assert run(site, "check") == 1
    assert 'cms: không có cài đặt "backnd" (có phải "backend"?)' in capsys.readouterr().err
    settings.write_text(settings.read_text(encoding="utf-8").replace("backnd: github", "backend: github"))
    assert run(site, "check") == 1
    assert 'cms: repo "" phải là kho GitHub, viết dạng chủ/tên (owner/name)' in capsys.readouterr().err


def test_admin_is_claimed(site, capsys):
    (site / "content" / "pages" / "admin.md").write_text("---\ntitle: Quản trị\nslug: admin\n---\nx\n")
    assert run(site, "check") == 1
    err = capsys.readouterr().err
    assert "admin.md" in err and "/admin/" in err and "trang soạn bài" in err


# --- the local backend, against a real serve ---------------------------------------------------------


@pytest.fixture
def server(site, tmp_path):
    srv = Server(site, tmp_path)
    try:
        srv.wait_for("the first page", lambda: srv.get("/admin/")[0] == 200, timeout=30)
        yield srv
    finally:
        srv.stop()


def api(server, body, *, origin: str | None = "same", host: str | None = None, kind="application/json", raw=None):
    """POST /api/v1 as a browser page would; returns (status, answer)."""
    headers = {"Content-Type": kind}
    if host is not None:
        headers["Host"] = host
    if origin == "same":
        origin = f"http://127.0.0.1:{server.port}"
    if origin is not None:
        headers["Origin"] = origin
    data = raw if raw is not None else json.dumps(body).encode()
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request("POST", "/api/v1", body=data, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        try:
            return response.status, json.loads(text)
        except ValueError:
            return response.status, text
    finally:
        conn.close()


def fetch(server, path: str) -> tuple[int, http.client.HTTPMessage, str]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.headers, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


# The reviewer's SVG: opened on serve's origin, its script would delete a page through the API.
EVIL_SVG = (
    "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"fetch('/api/v1',{method:'POST',"
    "headers:{'Content-Type':'application/json'},body:JSON.stringify({action:'deleteFile',"
    'params:{path:\'content/pages/gioi-thieu.md\'}})})"><rect width="10" height="10"/></svg>\n'
)


def entry(path: str, raw: str) -> dict:
    return {
        "action": "persistEntry",
        "params": {
            "branch": "main",
            "dataFiles": [{"slug": "x", "path": path, "raw": raw}],
            "assets": [],
            "options": {"commitMessage": "x", "useWorkflow": False, "status": "draft"},
        },
    }


ARTICLE = "---\ntitle: Bài từ CMS\ndate: 2022-11-20T08:00:00\nprovinces: [Quảng Ngãi]\n---\nNội dung.\n"


def test_the_local_backend_lists_reads_writes_and_deletes_in_content(server, site):
    status, info = api(server, {"action": "info"})
    assert status == 200 and info["type"] == "local_fs" and info["publish_modes"] == ["simple"]
    status, entries = api(
        server,
        {"action": "entriesByFolder", "params": {"folder": "content/articles", "extension": "md", "depth": 2}},
    )
    assert status == 200 and entries and all(e["file"]["path"].startswith("content/articles/") for e in entries)
    assert all(e["data"].startswith("---") and len(e["file"]["id"]) == 64 for e in entries)
    assert api(server, entry("content/articles/2022/tu-cms.md", ARTICLE))[0] == 200
    assert (site / "content/articles/2022/tu-cms.md").read_text(encoding="utf-8") == ARTICLE
    status, got = api(server, {"action": "getEntry", "params": {"path": "content/articles/2022/tu-cms.md"}})
    assert got["data"] == ARTICLE
    # The watcher rebuilds, as for any edit.
    server.wait_for("the new article", lambda: server.get("/2022/11/bai-tu-cms/")[0] == 200, timeout=20)
    png = base64.b64encode(b"\x89PNG\r\n\x1a\nxx").decode()
    asset = {"path": "content/images/anh.png", "content": png, "encoding": "base64"}
    status, media = api(
        server, {"action": "persistMedia", "params": {"asset": asset, "options": {"commitMessage": "x"}}}
    )
    assert status == 200 and media["name"] == "anh.png" and media["content"] == png
    # Shown at /images/ at once, for the form's preview, before the rebuild publishes it.
    assert server.get("/images/anh.png")[0] == 200
    status, listed = api(server, {"action": "getMedia", "params": {"mediaFolder": "content/images"}})
    assert [m["path"] for m in listed] == ["content/images/anh.png", "content/images/hoi-nghi.svg"]
    delete = {"action": "deleteFile", "params": {"path": "content/images/anh.png", "options": {"commitMessage": "x"}}}
    assert api(server, delete)[0] == 200 and not (site / "content/images/anh.png").exists()
    assert api(server, {"action": "getDeployPreview", "params": {}}) == (200, None)
    assert api(server, {"action": "unpublishedEntries", "params": {}})[0] == 422


@pytest.mark.parametrize(
    "path",
    [
        "content/../content/_site.yaml",
        "../outside.md",
        "/etc/passwd",
        "content/articles/../../x.md",
        "content/articles/./x.md",
        "content/_site.yaml",
        "content/articles/.hidden.md",
        ".git/config",
        "layouts/base.html",
        "content/articles/x.html",
        "content/articles\\..\\..\\x.md",
        "content/articles/x\0.md",
        "content/images/x.php",
    ],
)
def test_paths_outside_content_are_refused(server, site, path):
    before = sorted(p for p in site.rglob("*") if ".site-builder-cache" not in p.parts)
    status, answer = api(server, entry(path, "---\ntitle: x\n---\n"))
    assert status == 403 and "error" in answer, (status, answer)
    assert api(server, {"action": "getEntry", "params": {"path": path}})[1].get("data") is None or status == 403
    assert sorted(p for p in site.rglob("*") if ".site-builder-cache" not in p.parts) == before


def test_links_out_of_content_are_refused(server, site, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("---\ntitle: secret\n---\n")
    os.symlink(outside, site / "content" / "pages" / "ra-ngoai")
    os.symlink(outside / "secret.md", site / "content" / "pages" / "bi-mat.md")
    for path in ("content/pages/ra-ngoai/new.md", "content/pages/ra-ngoai/secret.md"):
        assert api(server, entry(path, "x"))[0] == 403
    assert api(server, {"action": "getEntry", "params": {"path": "content/pages/bi-mat.md"}})[0] == 403
    listed = api(
        server, {"action": "entriesByFolder", "params": {"folder": "content/pages", "extension": "md", "depth": 3}}
    )
    assert all("secret" not in e["file"]["path"] and "bi-mat" not in e["file"]["path"] for e in listed[1])
    assert (outside / "secret.md").read_text() == "---\ntitle: secret\n---\n" and len(list(outside.iterdir())) == 1
    # Writing over a link replaces the link, never the file it points to.
    assert api(server, entry("content/pages/bi-mat.md", "---\ntitle: Bí mật\n---\n"))[0] == 403


def test_no_link_below_content_is_followed_even_one_that_stays_inside(server, site, tmp_path):
    """A link in content/ that points at another file of content/ (content/_site.yaml, which the CMS
    may not read) or a folder swapped for a link to outside: read, write and delete refused."""
    articles, images = site / "content" / "articles", site / "content" / "images"
    os.symlink("../_site.yaml", articles / "inlink.md")
    os.symlink("../pages", articles / "lien-ket")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(b"secret")
    os.symlink(outside, images / "ra-ngoai")  # (as if swapped in for a folder of content/images)
    settings = (site / "content" / "_site.yaml").read_text(encoding="utf-8")
    for path in ("content/articles/inlink.md", "content/articles/lien-ket/gioi-thieu.md"):
        status, answer = api(server, {"action": "getEntry", "params": {"path": path}})
        assert status == 403 and "link" in answer["error"], (path, status, answer)
        assert api(server, entry(path, "---\ntitle: x\n---\n"))[0] == 403, path
        assert api(server, {"action": "deleteFile", "params": {"path": path}})[0] == 403, path
    png = base64.b64encode(b"\x89PNG\r\n\x1a\nxx").decode()
    media = "content/images/ra-ngoai/secret.png"
    assert api(server, {"action": "getMediaFile", "params": {"path": media}})[0] == 403
    asset = {"path": "content/images/ra-ngoai/new.png", "content": png, "encoding": "base64"}
    assert api(server, {"action": "persistMedia", "params": {"asset": asset}})[0] == 403
    assert api(server, {"action": "deleteFile", "params": {"path": media}})[0] == 403
    assert api(server, {"action": "getMedia", "params": {"mediaFolder": "content/images/ra-ngoai"}})[0] == 403
    listed = api(
        server, {"action": "entriesByFolder", "params": {"folder": "content/articles", "extension": "md", "depth": 3}}
    )[1]
    assert not [e for e in listed if "inlink" in e["file"]["path"] or "lien-ket" in e["file"]["path"]]
    assert (
        sorted(p.name for p in outside.iterdir()) == ["secret.png"]
        and (outside / "secret.png").read_bytes() == b"secret"
    )
    assert (site / "content" / "_site.yaml").read_text(encoding="utf-8") == settings
    assert os.path.islink(articles / "inlink.md") and (site / "content/pages/gioi-thieu.md").is_file()


def test_a_rename_onto_an_existing_file_changes_nothing_and_a_save_keeps_the_mode(server, site):
    page = site / "content" / "pages" / "gioi-thieu.md"
    other = site / "content" / "pages" / "lien-he.md"
    other.write_text("---\ntitle: Liên hệ\n---\nx\n", encoding="utf-8")
    before = page.read_text(encoding="utf-8")
    rename = entry("content/pages/gioi-thieu.md", "---\ntitle: Đổi tên\n---\n")
    rename["params"]["dataFiles"][0]["newPath"] = "content/pages/lien-he.md"
    status, answer = api(server, rename)
    assert status == 409 and "already exists" in answer["error"], (status, answer)
    assert page.read_text(encoding="utf-8") == before  # checked before anything is written
    assert other.read_text(encoding="utf-8") == "---\ntitle: Liên hệ\n---\nx\n"
    rename["params"]["dataFiles"][0]["newPath"] = "content/pages/moi/gioi-thieu-moi.md"
    assert api(server, rename)[0] == 200
    assert (
        not page.exists() and (site / "content/pages/moi/gioi-thieu-moi.md").read_text() == "---\ntitle: Đổi tên\n---\n"
    )
    # A file replaced keeps its permissions (a group-writable file stays so, a private one private).
    os.chmod(other, 0o640)
    assert api(server, entry("content/pages/lien-he.md", "---\ntitle: Liên hệ mới\n---\n"))[0] == 200
    assert other.stat().st_mode & 0o777 == 0o640 and "Liên hệ mới" in other.read_text(encoding="utf-8")


def test_other_hosts_origins_and_content_types_are_refused(server, site):
    body = entry("content/articles/2022/tan-cong.md", ARTICLE)
    port = server.port
    assert api(server, body, origin=None)[0] == 403  # no Origin: not a page of this server
    assert api(server, body, origin="http://evil.example")[0] == 403  # another site
    assert api(server, body, origin=f"http://localhost:{port + 1}")[0] == 403  # another port
    assert api(server, body, origin="null")[0] == 403
    assert api(server, body, host="evil.example", origin="http://evil.example")[0] == 403  # DNS rebinding
    assert api(server, body, kind="text/plain")[0] == 415  # what a form or a no-preflight fetch can send
    assert api(server, body, kind="application/x-www-form-urlencoded")[0] == 415
    assert not (site / "content/articles/2022/tan-cong.md").exists()
    # The browser says where the request came from when it can: a cross-site request is refused.
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request(
        "POST",
        "/api/v1",
        body=json.dumps(body),
        headers={
            "Content-Type": "application/json",
            "Origin": f"http://127.0.0.1:{port}",
            "Sec-Fetch-Site": "cross-site",
        },
    )
    assert conn.getresponse().status == 403
    conn.close()
    assert server.get("/api/v1")[0] == 405  # POST only


def test_an_oversized_body_is_refused_before_it_is_read(server, site):
    headers = (
        f"POST /api/v1 HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nOrigin: http://127.0.0.1:{server.port}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {200 << 20}\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as raw:
        raw.sendall(headers.encode())
        assert raw.recv(100).startswith(b"HTTP/1.1 413 ")  # at once, not after 200 MB
    # A body under the API's limit but over the rest of the server's (64 KiB) is taken.
    big = "---\ntitle: Bài dài\ndate: 2022-11-21T08:00:00\n---\n" + "Chữ. " * 40_000
    assert api(server, entry("content/articles/2022/bai-dai.md", big))[0] == 200
    assert (site / "content/articles/2022/bai-dai.md").read_text(encoding="utf-8") == big
    # Elsewhere the 64 KiB limit stands.
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as raw:
        raw.sendall(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000\r\n\r\n")
        assert raw.recv(100).startswith(b"HTTP/1.1 400 ")


def test_bad_requests_get_a_4xx_and_the_server_goes_on(server):
    for raw in (b"not json", b"[]", b'{"action": 3}', b'{"action": "getEntry", "params": []}'):
        assert api(server, None, raw=raw)[0] in (400, 422), raw
    assert api(server, {"action": "entriesByFiles", "params": {"files": "x"}})[0] == 422
    assert api(server, {"action": "persistMedia", "params": {"asset": {"path": "content/images/a.png"}}})[0] == 422
    assert server.get("/")[0] == 200
    assert "Traceback" not in server.logs()


def test_too_deeply_nested_json_is_a_400_not_a_traceback(server):
    for raw in (b"[" * 100_000, b'{"action": "info", "params": ' + b'{"a": ' * 5_000 + b"1" + b"}" * 5_001):
        status, answer = api(server, None, raw=raw)
        assert status == 400 and "error" in answer, (status, answer)
    assert api(server, {"action": "info"})[0] == 200
    assert "Traceback" not in server.logs() and "RecursionError" not in server.logs()


def test_the_api_is_off_when_the_site_has_no_cms(site, tmp_path):
    settings = site / "content" / "_site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\ncms: false\n", encoding="utf-8")
    srv = Server(site, tmp_path)
    try:
        srv.wait_for("the first page", lambda: srv.get("/")[0] == 200, timeout=30)
        assert api(srv, {"action": "info"})[0] == 404
    finally:
        srv.stop()


def test_served_files_carry_the_deployed_sites_policies(server, site):
    """The deployed site's CSP (render/headers.py) on every path, the CMS's on /admin/, no framing;
    no script in a file of /images/, and an SVG sandboxed: its origin is not this server's."""
    served_site_csp = SITE_CSP.replace("; upgrade-insecure-requests", "")  # (serve speaks plain HTTP)
    assert "upgrade-insecure-requests" not in served_site_csp and "frame-ancestors 'none'" in served_site_csp
    images = site / "content" / "images"
    (images / "logo.svg").write_text(EVIL_SVG, encoding="utf-8")  # (served from content/ until rebuilt)
    (images / "anh.png").write_bytes(b"\x89PNG\r\n\x1a\nxx")
    expected = {
        "/": [served_site_csp],
        "/2022/": [served_site_csp],
        "/khong-co-trang-nay/": [served_site_csp],
        "/admin/": [ADMIN_CSP],
        "/admin/config.yml": [ADMIN_CSP],
        "/images/hoi-nghi.svg": [served_site_csp, "sandbox"],
        "/images/logo.svg": [served_site_csp, "sandbox"],
        "/images/anh.png": [served_site_csp, "script-src 'none'"],
    }
    for path, policies in expected.items():
        status, headers, page = fetch(server, path)
        assert status in (200, 404) and headers.get_all("Content-Security-Policy") == policies, (path, status)
        assert headers["X-Frame-Options"] == "DENY", path
    # The live-reload client is a file of the server, not an inline script the policy would refuse.
    page = fetch(server, "/")[2]
    assert f'<script src="/livereload.js?port={server.port}"></script>' in page and "<script>(" not in page


def test_svg_files_are_not_uploaded_through_the_cms(server, site):
    svg = {"path": "content/images/logo.svg", "content": base64.b64encode(EVIL_SVG.encode()).decode()}
    asset = {**svg, "encoding": "base64"}
    status, answer = api(server, {"action": "persistMedia", "params": {"asset": asset}})
    assert status == 415 and "git" in answer["error"], (status, answer)
    with_image = entry("content/articles/2022/co-logo.md", ARTICLE)
    with_image["params"]["assets"] = [asset]
    assert api(server, with_image)[0] == 415
    assert not (site / "content/images/logo.svg").exists() and not (site / "content/articles/2022/co-logo.md").exists()
    # The site's own SVGs (added with git) are still listed and read.
    status, got = api(server, {"action": "getMediaFile", "params": {"path": "content/images/hoi-nghi.svg"}})
    assert status == 200 and got["name"] == "hoi-nghi.svg"


def test_the_api_follows_the_cms_setting_not_the_output_folder(server, site, tmp_path):
    """`cms: false` turns the API off at once, even while the build fails and the last good output
    (with /admin/) is still served; a static/admin/index.html does not turn it on."""
    assert api(server, {"action": "info"})[0] == 200
    settings = site / "content" / "_site.yaml"
    original = settings.read_text(encoding="utf-8")
    settings.write_text(original + "\ncms: false\n", encoding="utf-8")
    (site / "content/articles/2022/hong.md").write_text("---\ntitle: Hỏng\ndate: không phải ngày\n---\nx\n")
    server.wait_for("the error page", lambda: server.get("/")[0] == 500, timeout=20)
    assert (server.site / ".site-builder-cache/serve/admin/index.html").is_file()  # the last good build's
    status, answer = api(server, {"action": "info"})
    assert status == 404 and "cms: false" in answer["error"], (status, answer)
    assert api(server, entry("content/articles/2022/tan-cong.md", ARTICLE))[0] == 404
    assert not (site / "content/articles/2022/tan-cong.md").exists()
    # Settings that do not load leave it off too: nobody can tell what they say about the CMS.
    settings.write_text(original + "\ncms: [\n", encoding="utf-8")
    assert api(server, {"action": "info"})[0] == 404
    settings.write_text(original, encoding="utf-8")
    assert api(server, {"action": "info"})[0] == 200


def test_a_static_admin_page_does_not_turn_the_api_on(site, tmp_path):
    settings = site / "content" / "_site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\ncms: false\n", encoding="utf-8")
    (site / "static" / "admin").mkdir(parents=True)
    (site / "static" / "admin" / "index.html").write_text("<!doctype html><title>Quản trị</title>\n")
    srv = Server(site, tmp_path)
    try:
        srv.wait_for("the static admin page", lambda: srv.get("/admin/")[0] == 200, timeout=30)
        assert api(srv, {"action": "info"})[0] == 404
    finally:
        srv.stop()


# --- the local backend in this process: its folder walk, races, planted files -----------------------------


def test_the_folder_walk_opens_each_folder_from_the_one_above_without_following_links(site, tmp_path):
    from site_builder.local_backend import BackendError, LocalBackend

    backend = LocalBackend(site)
    content = site / "content"
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, content / "images" / "ra-ngoai")
    os.symlink("../pages", content / "articles" / "lien-ket")
    fd = backend.open_folder(("articles", "2022"))
    try:
        assert os.path.samestat(os.fstat(fd), os.stat(content / "articles" / "2022"))
    finally:
        os.close(fd)
    for parts in (("images", "ra-ngoai"), ("articles", "lien-ket"), ("images", "ra-ngoai", "moi")):
        for create in (False, True):
            with pytest.raises(BackendError) as refused:
                os.close(backend.open_folder(parts, create=create))
            assert refused.value.status == 403 and "link" in refused.value.message, parts
    assert not list(outside.iterdir())  # nothing made through the link
    with pytest.raises(FileNotFoundError):
        backend.open_folder(("images", "chua-co"))
    fd = backend.open_folder(("images", "chua-co", "2026"), create=True)
    os.close(fd)
    assert (content / "images" / "chua-co" / "2026").is_dir()


def test_a_folder_swapped_for_a_link_during_requests_is_never_followed(site, tmp_path):
    """The reviewer's race: a folder of content/images and a link to outside swapped again and again
    (renameat2 RENAME_EXCHANGE) while the backend writes, reads and deletes there. Bounded: 3 s."""
    import ctypes
    import threading
    import time

    from site_builder.local_backend import BackendError, LocalBackend

    libc = ctypes.CDLL(None, use_errno=True)
    if not hasattr(libc, "renameat2"):
        pytest.fail("this test needs renameat2 (Linux, glibc 2.28 or later)")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(b"secret")
    folder, link = site / "content/images/dua", site / "content/images/dua-link"
    folder.mkdir()
    (folder / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\ninside")
    os.symlink(outside, link)
    stop = threading.Event()

    def swap() -> None:
        while not stop.is_set():
            libc.renameat2(-100, str(folder).encode(), -100, str(link).encode(), 2)  # AT_FDCWD, RENAME_EXCHANGE

    swapper = threading.Thread(target=swap)
    swapper.start()
    backend, read, done = LocalBackend(site), [], 0
    asset = {"path": "content/images/dua/x.png", "content": "UFdORUQ=", "encoding": "base64"}
    try:
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and sorted(p.name for p in outside.iterdir()) == ["secret.png"]:
            for body in (
                {"action": "persistMedia", "params": {"asset": asset}},
                {"action": "getMediaFile", "params": {"path": "content/images/dua/secret.png"}},
                {"action": "deleteFile", "params": {"path": "content/images/dua/x.png"}},
            ):
                try:
                    answer = backend.handle(body)
                    done += 1
                    if body["action"] == "getMediaFile":
                        read.append(base64.b64decode(answer["content"]))
                except (BackendError, OSError):  # (refused, or the folder gone at that instant)
                    pass
    finally:
        stop.set()
        swapper.join(timeout=5)
    assert sorted(p.name for p in outside.iterdir()) == ["secret.png"], "written through the link"
    assert (outside / "secret.png").read_bytes() == b"secret"
    assert b"secret" not in read, "read through the link"
    assert done, "no request got through at all"


def test_a_hard_link_planted_at_a_temporary_name_is_not_written_through(site, tmp_path):
    from site_builder.local_backend import LocalBackend

    victim = tmp_path / "victim.txt"
    victim.write_text("untouched\n")
    images = site / "content" / "images"
    for name in (f".anh.png.site-builder-{os.getpid()}.tmp", ".anh.png.tmp", ".site-builder.tmp"):
        os.link(victim, images / name)  # the old temporary name was predictable
    png = base64.b64encode(b"\x89PNG\r\n\x1a\nxx").decode()
    asset = {"path": "content/images/anh.png", "content": png, "encoding": "base64"}
    LocalBackend(site).handle({"action": "persistMedia", "params": {"asset": asset}})
    assert victim.read_bytes() == b"untouched\n"
    assert (images / "anh.png").read_bytes() == b"\x89PNG\r\n\x1a\nxx"
    assert os.stat(images / "anh.png").st_nlink == 1  # a new file, not the planted one
    assert sorted(p.name for p in images.iterdir() if p.name.startswith(".")) == sorted(
        (f".anh.png.site-builder-{os.getpid()}.tmp", ".anh.png.tmp", ".site-builder.tmp")
    )  # and no temporary file left behind


def test_only_images_of_content_are_shown_before_a_rebuild(server, site, tmp_path):
    images = site / "content" / "images"
    (images / ".an.png").write_bytes(b"hidden")
    (tmp_path / "secret.png").write_bytes(b"secret")
    os.symlink(tmp_path / "secret.png", images / "ra-ngoai.png")
    for path in ("/images/.an.png", "/images/ra-ngoai.png", "/images/../_site.yaml", "/images/%2e%2e/_site.yaml"):
        status, body = server.get(path)
        assert status == 404 and "secret" not in body and "hidden" not in body, path
    # Only the CMS's kinds of file (a build publishes the rest; while it fails, nothing new shows).
    (site / "content/articles/2022/hong.md").write_text("---\ntitle: Hỏng\ndate: không phải ngày\n---\nx\n")
    server.wait_for("the error page", lambda: server.get("/")[0] == 500, timeout=20)
    (images / "tai-lieu.js").write_text("alert(1)\n")
    (images / "moi.png").write_bytes(b"\x89PNG\r\n\x1a\nxx")
    assert server.get("/images/tai-lieu.js")[0] == 404
    assert server.get("/images/moi.png")[0] == 200


def test_the_local_backend_takes_attachments_in_content_files_of_the_kinds_the_build_accepts(site):
    from site_builder.local_backend import BackendError, LocalBackend

    backend = LocalBackend(site)
    pdf = base64.b64encode(b"%PDF-1.4\n%%EOF\n").decode()
    asset = {"path": "content/files/2026/bao-cao.pdf", "content": pdf, "encoding": "base64"}
    backend.handle({"action": "persistMedia", "params": {"asset": asset}})
    assert (site / "content/files/2026/bao-cao.pdf").read_bytes() == b"%PDF-1.4\n%%EOF\n"
    listed = backend.handle({"action": "getMedia", "params": {"mediaFolder": "content/files/2026"}})
    assert [m["path"] for m in listed] == ["content/files/2026/bao-cao.pdf"]
    for path in ("content/files/chay.exe", "content/files/trang.html", "content/images/bao-cao.docx"):
        with pytest.raises(BackendError) as refused:
            backend.handle({"action": "persistMedia", "params": {"asset": {**asset, "path": path}}})
        assert refused.value.status == 403, path
        assert not (site / path).exists()
