"""`site-builder serve`: build, serve the output, rebuild on change and reload connected browsers.

How the pieces fit:

- The output folder is built like `build` does (staged, then swapped in), so every request
  re-resolves the folder by its path name: after a swap the name points at the new build.
- Browsers are reloaded through the `livereload` package's WebSocket endpoint (`/livereload`) and
  its client script (`/livereload.js`), injected into every HTML page served.
- We do not use `livereload.Server`'s watcher and static handler: the watcher stops scanning at
  the first changed file, so N saved files give up to N task runs on successive polls, and it
  drops a reload that comes within 3 s of the previous one (a second quick edit would not show);
  tornado's static handler follows symlinks out of its root. Instead a small poller below collects a burst of changes into
  one rebuild and one reload, and `OutputHandler` serves only files whose real path is inside
  the output folder.
- A content error does not stop the server: the previous good output stays on disk, the
  terminal prints the `path:line: message` lines, and HTML requests get an error page listing
  them until a rebuild succeeds.
- Any web page the editor has open can send requests to 127.0.0.1, and on `--host 0.0.0.0` so can
  the LAN: requests naming another host are refused (`ServedHost`: DNS rebinding), the live-reload
  socket takes only this server's own pages (`LiveReload`: Origin), odd paths get a 4xx, never a
  500 with a traceback, and the watcher never walks out of the site (`snapshot`: symlink loops).
- Every file is sent with the deployed site's Content-Security-Policy (`policies_for`), so no
  inline script runs on this server's origin, where the CMS's API (`LocalBackendHandler`) takes
  requests from its own pages: an SVG (which can carry script) is sandboxed, into an origin of its
  own, and nothing in /images/ runs script.
"""

from __future__ import annotations

import asyncio
import errno
import html
import ipaddress
import json
import mimetypes
import os
import re
import signal
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urlsplit

import tornado.http1connection
import tornado.httpserver
import tornado.netutil
import tornado.routing
import tornado.web
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler

from .build import BuildOptions, BuildResult, build
from .config import load_config
from .errors import Report
from .files import write_all
from .local_backend import MEDIA_SUFFIXES, BackendError, LocalBackend
from .messages import current as current_language
from .messages import decimal, t
from .messages import use as use_language
from .render.headers import ADMIN_CSP, SITE_CSP
from .sitefiles import SiteFiles

WATCHED = ("content", "layouts", "static", "i18n")  # content/ holds _site.yaml; i18n/ the interface strings
QUIET_SECONDS = 0.3  # a burst of saves ends when nothing changed for this long...
MAX_WAIT_SECONDS = 2.0  # ...or after this long, so files that never stop changing cannot starve rebuilds
MIN_POLL_SECONDS = 0.2
# The CMS's local backend (/api/v1) takes files as base64 in JSON: 64 MiB of body is a 48 MiB photo.
# Every other request keeps a body of 64 KiB at most.
API_MAX_BODY = 64 << 20
OTHER_MAX_BODY = 64 << 10

# The live-reload client, a file of this server (the site's policy runs no inline script): its
# address, resolved against the page's, tells it the host to connect to, and ?port= the port.
LIVE_SCRIPT = '<script src="/livereload.js?port={port}"></script>'

# What the deployed site sends (render/headers.py, one source of truth): the strict policy on
# every path, the CMS's on /admin/, no framing anywhere. But upgrade-insecure-requests: serve
# speaks plain HTTP, and on a LAN address (--host 0.0.0.0) the browser would ask the page's files
# over https (Chromium spares 127.0.0.1 and localhost).
SITE_POLICY = "; ".join(d for d in SITE_CSP.split("; ") if d != "upgrade-insecure-requests")
# Added to those: nothing in /images/ is a page, so no script runs in a file of it opened on its
# own; an SVG (a document that can carry script, wherever it is) is also sandboxed: its origin is
# none of this server's, so even a script it ran would not count as a page of this server (the
# CMS's API answers only those). (Not the rest: a browser's PDF viewer may refuse a sandboxed one.)
NO_SCRIPT_POLICY = "script-src 'none'"
SANDBOX_POLICY = "sandbox"
# The error page serve writes itself: its own inline style, the live-reload client, nothing else.
ERROR_PAGE_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def policies_for(path: str, content_type: str) -> list[str]:
    """The Content-Security-Policy headers serve sends with a file at `path` (URL path, decoded)."""
    rel = path.lstrip("/")
    found = [ADMIN_CSP if rel == "admin" or rel.startswith("admin/") else SITE_POLICY]
    if content_type.startswith("image/svg+xml"):
        found.append(SANDBOX_POLICY)
    elif rel.startswith("images/"):
        found.append(NO_SCRIPT_POLICY)
    return found


# --- watching -------------------------------------------------------------------------------------


def _ignored(name: str) -> bool:
    """Editors' scratch files: hidden files and folders (vim .swp, emacs .#lock), backups, autosaves."""
    return name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp")) or name == "4913"


def snapshot(folders: list[Path], site: Path | None = None) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every file under the folders; two equal snapshots mean nothing changed.

    Links to folders are followed (a site's layouts/ may be a link to a theme), but only to a
    folder inside `site` (default: the folders' common path), not hidden, and not walked yet:
    two links back to a parent folder made the walk grow without end (past 2 GB, and serve
    stopped answering), and a link to `/` would have it walk the whole disk for a build that
    reads nothing there. Each real folder is walked once, real folders before links, so a file
    is listed once, by its own path when it has one.
    """
    site_real = os.path.realpath(site if site is not None else os.path.commonpath(folders))
    seen: dict[str, tuple[int, int]] = {}
    walked: set[tuple[int, int]] = set()  # (st_dev, st_ino) of every folder walked
    links: list[str] = []  # links to folders met on the way, followed once the real folders are walked

    def walk(top: str) -> None:
        if not _leads_inside(top, site_real):
            return
        stack = [top]
        while stack:
            folder = stack.pop()
            try:
                st = os.stat(folder)
                if (st.st_dev, st.st_ino) in walked:
                    continue
                walked.add((st.st_dev, st.st_ino))
                entries = list(os.scandir(folder))
            except OSError:
                continue  # deleted meanwhile (the next scan sees it gone), or not a folder
            for entry in entries:
                if _ignored(entry.name):
                    continue
                try:
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
                        continue
                    if entry.is_symlink() and entry.is_dir():
                        links.append(entry.path)
                        continue
                    st = entry.stat()  # a link to a file: the file's own mtime and size
                except OSError:
                    continue  # deleted between listing and stat, or a dangling link
                seen[entry.path] = (st.st_mtime_ns, st.st_size)

    for folder in folders:
        walk(str(folder))
    while links:
        walk(links.pop(0))
    return seen


def _leads_inside(path: str, site_real: str) -> bool:
    """Whether `path`, links resolved, is a folder in the site that is not hidden (.git, the cache)."""
    real = os.path.realpath(path)
    if real == site_real:
        return True
    if not real.startswith(site_real.rstrip(os.sep) + os.sep):
        return False
    return not any(_ignored(part) for part in Path(real[len(site_real) :]).parts)


def changed_files(before: dict, after: dict) -> list[str]:
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))


# --- who may ask ----------------------------------------------------------------------------------

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
ALL_INTERFACES = ("", "0.0.0.0", "::")  # --host values that listen on every address of the machine
HOST_HEADER = re.compile(r"(\[[^\]]*\]|[^:\[\]]*)(?::\d*)?")  # name or [IPv6], then an optional :port


class ServedHost(tornado.routing.Matcher):
    """The host names this server answers to (DNS rebinding).

    A page of evil.example can make its own name resolve to 127.0.0.1 for a moment: the browser
    then lets it read this server's answers as evil.example's own. Those requests still say
    `Host: evil.example`, so only names nobody else can point here are served: the loopback names,
    the --host it listens on and, when it listens on all interfaces so a phone on the LAN can
    reach it, any IP address (as Vite does by default). The port does not matter.
    """

    def __init__(self, listen_host: str):
        self.any_ip = listen_host in ALL_INTERFACES
        self.names = set(LOOPBACK_NAMES)
        if not self.any_ip:
            self.names.add(f"[{listen_host}]".lower() if ":" in listen_host else listen_host.lower())

    def allows(self, host_header: str) -> bool:
        parts = HOST_HEADER.fullmatch(host_header.strip().lower())
        if parts is None:
            return False
        name = parts.group(1)
        return name in self.names or (self.any_ip and _ip_address(name))

    def match(self, request) -> dict | None:
        return {} if self.allows(request.host) else None

    def describe(self) -> str:
        names = [*LOOPBACK_NAMES, *sorted(self.names - set(LOOPBACK_NAMES))]
        if self.any_ip:
            names.append("any IP address")
        return ", ".join(names[:-1]) + " and " + names[-1]


def _ip_address(name: str) -> bool:
    """'192.168.1.20' or '[fe80::1]', as browsers write them; not '0x7f.1' nor a DNS name."""
    bracketed = name.startswith("[") and name.endswith("]")
    try:
        address = ipaddress.ip_address(name[1:-1] if bracketed else name)
    except ValueError:
        return False
    return bracketed == (address.version == 6)


class OtherHostHandler(tornado.web.RequestHandler):
    """The answer to every request naming a host this server does not serve: 403, and why."""

    def initialize(self, served: ServedHost) -> None:
        self.served = served

    def prepare(self) -> None:
        self.set_status(403)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(
            f"403: site-builder serve answers only to {self.served.describe()}, not to the host "
            f"this request names (a guard against DNS rebinding). The name or address given "
            f"with --host is served too.\n"
        )


# --- serving --------------------------------------------------------------------------------------


def resolve_inside(root: Path, url_path: str) -> Path | None:
    """The real path of the file or folder a URL path names under `root`; None when there is
    none or it leads outside.

    `url_path` is already percent-decoded (tornado decodes the path before routing), so `%2e%2e`
    arrives as `..`. Resolving follows `..` and symlinks alike, so checking the result against
    the real root refuses both. Resolving strictly stops at the first name that does not exist,
    so a path the file system refuses (a 60,000-character one: ENAMETOOLONG) is simply not there.
    """
    if "\0" in url_path:
        return None
    try:
        real_root = root.resolve(strict=True)
        target = (real_root / url_path.lstrip("/")).resolve(strict=True)
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
        return None
    if target != real_root and real_root not in target.parents:
        return None
    return target


TYPES = {".yml": "text/yaml", ".yaml": "text/yaml"}  # (unknown to mimetypes; the CMS wants "yaml" in its config's type)


def _content_type(path: Path) -> str:
    kind = TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind.endswith(("xml", "json", "javascript")):
        kind += "; charset=utf-8"
    return kind


def inject_live_script(page: bytes, port: int) -> bytes:
    """Add the live-reload client before </head> (or at the end of a page that has none)."""
    script = LIVE_SCRIPT.format(port=port).encode()
    for mark in (b"</head>", b"</body>"):
        at = page.find(mark)
        if at >= 0:
            return page[:at] + script + page[at:]
    return page + script


def error_page(problems: list[str], output: Path) -> bytes:
    """The page the browser shows while the last build failed: its errors, in the messages' language
    (escaped: they quote what the editor wrote)."""
    items = "\n".join(f"<li><code>{html.escape(p)}</code></li>" for p in problems)
    return f"""<!doctype html>
<html lang="{current_language()}"><head><meta charset="utf-8"><title>{html.escape(t("serve.page_title"))}</title>
<style>body{{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem}}
h1{{color:#b00020}} li{{margin:.4rem 0}} code{{white-space:pre-wrap}}</style></head>
<body><h1>{html.escape(t("serve.page_heading", count=len(problems)))}</h1>
<ul>
{items}
</ul>
<p>{html.escape(t("serve.page_advice"))}
<code>{html.escape(str(output))}</code>.</p>
</body></html>
""".encode()


class OutputHandler(tornado.web.RequestHandler):
    """Files of the output folder, by path name, never outside it; the error page while the build fails."""

    def initialize(self, site: LiveSite) -> None:
        self.site = site

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")  # a reload must fetch the new build
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("X-Frame-Options", "DENY")  # (and frame-ancestors 'none' in every policy)

    async def get(self, path: str) -> None:
        self._serve(path, body=True)

    async def head(self, path: str) -> None:
        self._serve(path, body=False)

    def _serve(self, path: str, body: bool) -> None:
        root = self.site.output
        wants_page = path == "" or path.endswith(("/", ".html")) or "." not in path.rsplit("/", 1)[-1]
        if self.site.problems and wants_page:
            page = inject_live_script(error_page(self.site.problems, root), self._port())
            return self._send(500, "text/html; charset=utf-8", page, body, [ERROR_PAGE_POLICY])
        target = resolve_inside(root, path)
        if target is not None and target.is_dir():
            if path and not path.endswith("/"):  # /2022/11/slug -> /2022/11/slug/, as a static host does
                # Rebuilt from the decoded path with one leading "/": "//host" must not become an
                # off-site redirect.
                return self.redirect("/" + quote(path.lstrip("/")) + "/", permanent=False)
            target = resolve_inside(root, f"{path}/index.html")  # index.html itself may be a link out
        # /admin/ (the CMS) is left without the live-reload script: a rebuild after the editor saved
        # must not reload the form they are working in.
        data = self._read(target, live=not path.lstrip("/").startswith("admin/"))
        if data is None and target is None:
            target = self._new_image(path)
            data = self._read(target)
        if data is None:
            return self._not_found(root, body)
        kind = _content_type(target)  # type: ignore[arg-type]  # (read: a file)
        self._send(200, kind, data, body, policies_for(path, kind))

    def _new_image(self, path: str) -> Path | None:
        """An image the CMS has just saved into content/images/, before the rebuild publishes it
        at /images/ (the form's preview shows it at once). Only the CMS's kinds of file (not a page
        or a script someone put there), not hidden files, nothing outside."""
        rel = path.lstrip("/")
        if not rel.startswith("images/") or any(part.startswith(".") for part in rel.split("/")):
            return None
        if PurePosixPath(rel).suffix.lower() not in MEDIA_SUFFIXES:
            return None
        return resolve_inside(self.site.options.source / "content" / "images", rel[len("images/") :])

    def _read(self, target: Path | None, live: bool = True) -> bytes | None:
        """What to send for a file, or None when there is no file to send."""
        try:
            if target is None or not target.is_file():
                return None
            data = target.read_bytes()
        except OSError:  # removed by a rebuild's swap since it was resolved, or not readable: not there
            return None
        return inject_live_script(data, self._port()) if live and target.suffix in (".html", ".htm") else data

    def _port(self) -> int:
        """The port the browser asked (the Host header, as ServedHost let it in): the live-reload client's."""
        try:
            return urlsplit("//" + self.request.host).port or 80
        except ValueError:
            return 80

    def _not_found(self, root: Path, body: bool) -> None:
        page = self._read(resolve_inside(root, "404.html"))  # the site's own 404 page, as on the real host
        if page is not None:
            return self._send(404, "text/html; charset=utf-8", page, body, [SITE_POLICY])
        self._send(404, "text/plain; charset=utf-8", b"404 not found\n", body, [SITE_POLICY])

    def log_exception(self, typ, value, tb) -> None:
        # tornado answers 400 to a URL whose percent-escapes are not UTF-8 (/%ff) and prints a line
        # for it; any web page can send such requests, and the terminal shows builds, not requests.
        if not isinstance(value, tornado.web.HTTPError):
            super().log_exception(typ, value, tb)

    def _send(self, status: int, content_type: str, data: bytes, body: bool, policies: list[str]) -> None:
        self.set_status(status)
        self.set_header("Content-Type", content_type)
        for policy in policies:  # (several: the browser enforces each)
            self.add_header("Content-Security-Policy", policy)
        self.set_header("Content-Length", str(len(data)))
        if body:
            self.write(data)
        self.finish()


class LiveReload(LiveReloadHandler):
    """livereload's WebSocket, for this server's own pages only.

    livereload's handler accepts any Origin: any web page open in the browser could connect and
    learn which files the editor saves (reload messages name them), and a message that is not a
    JSON object made it raise, printing a traceback in the terminal for each one.
    """

    def check_origin(self, origin: str) -> bool:
        # The Host was checked on the way in (ServedHost); a page of this server has its origin.
        return same_origin(origin, self.request.host)

    def on_message(self, message: str | bytes) -> None:
        try:
            said = json.loads(message)
        except (ValueError, RecursionError):  # (RecursionError: "[[[[…", nested too deep to decode)
            said = None
        if not isinstance(said, dict) or not isinstance(said.get("command"), str):
            self.close(1003, "livereload protocol messages only")  # not livereload.js: hang up
            return
        super().on_message(message)


def same_origin(origin: str, host: str) -> bool:
    """Whether a page at `origin` (an Origin header) came from this server reached as `host`."""
    try:
        page, server = urlsplit(origin), urlsplit("//" + host)
        return (
            page.scheme == "http"
            and page.hostname is not None
            and (page.hostname, page.port or 80) == (server.hostname, server.port or 80)
        )
    except ValueError:  # a port that is not a number
        return False


@tornado.web.stream_request_body
class LocalBackendHandler(tornado.web.RequestHandler):
    """Decap CMS's local backend (local_backend.py), for the editor's own browser only.

    Any web page the editor has open can send requests to 127.0.0.1, so a request is answered
    only when it comes from this machine (a loopback address, addressed to a loopback name: not
    from the LAN when serving on 0.0.0.0), from a page of this server (its Origin, and
    Sec-Fetch-Site when the browser sends it), as JSON (a plain form cannot post that, and another
    origin cannot without a CORS preflight, which is not answered), with a body of at most
    API_MAX_BODY, and only while content/_site.yaml loads and does not say `cms: false` (`cms_off`).
    All of it is checked before the body is read.

    There is no secret token for /admin/'s pages: a script running on this origin could read it
    from /admin/ as a page does, so it would stop nothing the Origin check does not. What keeps
    other files of the origin from acting as its pages is that none runs script (`policies_for`:
    the site's CSP, SVGs sandboxed) and the CMS does not upload SVGs (local_backend.NOT_UPLOADED).
    """

    def initialize(self, site: LiveSite) -> None:
        self.site = site
        self.body = bytearray()

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")

    def prepare(self) -> None:
        if self.request.method != "POST":
            return self._refuse(405, "the CMS's local backend answers POST only")
        if not _loopback_ip(self.request.remote_ip) or not _loopback_host(self.request.host):
            return self._refuse(403, "the CMS's local backend answers only on 127.0.0.1, localhost or [::1]")
        origin = self.request.headers.get("Origin", "")
        fetch_site = self.request.headers.get("Sec-Fetch-Site", "same-origin")
        if not same_origin(origin, self.request.host) or fetch_site != "same-origin":
            return self._refuse(403, "the CMS's local backend answers only the pages of this server")
        kind = self.request.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
        if kind != "application/json":
            return self._refuse(415, "the CMS's local backend takes JSON only")
        length = self.request.headers.get("Content-Length")
        if length is not None and (not length.isdigit() or int(length) > API_MAX_BODY):
            return self._refuse(413, f"a request to the CMS's local backend is at most {API_MAX_BODY >> 20} MiB")
        off = cms_off(self.site.options.source)
        if off is not None:
            return self._refuse(404, off)
        connection = self.request.connection
        if isinstance(connection, tornado.http1connection.HTTP1Connection):
            connection.set_max_body_size(API_MAX_BODY)

    def _refuse(self, status: int, message: str) -> None:
        # The body, if any, is not read: tornado closes the connection once the answer is sent.
        self._send(status, {"error": message})

    def data_received(self, chunk: bytes) -> None:
        if len(self.body) + len(chunk) > API_MAX_BODY:  # (a chunked body without Content-Length)
            raise tornado.web.HTTPError(413)
        self.body.extend(chunk)

    async def post(self) -> None:
        try:
            said = json.loads(bytes(self.body))
        except ValueError:
            return self._send(400, {"error": "the body is not JSON"})
        except RecursionError:  # "[[[[…": nested deeper than the decoder goes
            return self._send(400, {"error": "the body is JSON nested too deeply"})
        self.body = bytearray()
        try:
            answer = LocalBackend(self.site.options.source).handle(said)
        except BackendError as exc:
            return self._send(exc.status, {"error": exc.message})
        except OSError as exc:  # a full disk, a read-only folder
            return self._send(500, {"error": f"cannot write: {exc.strerror or exc}"})
        self._send(200, answer)

    def _send(self, status: int, answer: object) -> None:
        data = json.dumps(answer, ensure_ascii=False).encode()
        self.set_status(status)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(data)

    def log_exception(self, typ, value, tb) -> None:
        if not isinstance(value, tornado.web.HTTPError):
            super().log_exception(typ, value, tb)


def cms_off(source: Path) -> str | None:
    """Why the CMS's local backend is off, or None: as content/_site.yaml says now (read at each
    request, so `cms: false` holds at once), not whether the output has an /admin/ page (a failing
    build keeps the last good output, and static/admin/ can put a page there). Settings that do not
    load leave it off: nobody can tell what they say about the CMS."""
    report = Report(root=source)
    config = load_config(source / "content", report, None, SiteFiles(source))
    if report.errors:
        return "content/_site.yaml does not load (site-builder check says why): the CMS is off until it does"
    if config.cms is None:
        return "the site has no CMS (cms: false in content/_site.yaml)"
    return None


def _loopback_ip(address: str | None) -> bool:
    try:
        return ipaddress.ip_address((address or "").split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def _loopback_host(host_header: str) -> bool:
    parts = HOST_HEADER.fullmatch(host_header.strip().lower())
    return parts is not None and parts.group(1) in LOOPBACK_NAMES


def make_app(site: LiveSite, listen_host: str) -> tornado.web.Application:
    LiveReloadHandler.live_css = False  # CSS and JS names carry a content hash: a change needs a full reload
    served = ServedHost(listen_host)
    # Every handler sits behind the Host check; a request naming another host only gets the refusal.
    return tornado.web.Application(
        [
            tornado.routing.Rule(
                served,
                [
                    (r"/livereload", LiveReload),
                    (r"/livereload\.js", LiveReloadJSHandler),
                    (r"/api/v1", LocalBackendHandler, {"site": site}),
                    (r"/(.*)", OutputHandler, {"site": site}),
                ],
            ),
            tornado.routing.Rule(tornado.routing.AnyMatches(), OtherHostHandler, {"served": served}),
        ],
        log_function=lambda handler: None,  # the terminal shows builds, not every request
        websocket_max_message_size=64 * 1024,  # livereload.js sends a few hundred bytes, not tornado's 10 MB
    )


def reload_browsers(path: str) -> int:
    """Tell every connected livereload client to reload; returns how many were told."""
    message = {"command": "reload", "path": path, "liveCSS": False, "liveImg": False}
    told = 0
    for client in list(LiveReloadHandler.waiters):
        try:
            client.write_message(message)
            told += 1
        except Exception:  # the browser went away: forget it
            LiveReloadHandler.waiters.discard(client)
    return told


# --- the live site --------------------------------------------------------------------------------


class LiveSite:
    """The build options, the last build's errors, and the loop that watches and rebuilds."""

    def __init__(self, options: BuildOptions, quiet: bool = False):
        self.options = options
        self.quiet = quiet
        self.problems: list[str] = []  # errors of the last build; empty when it succeeded
        self.notes: list[str] = []  # what the last build said it left out (drafts, future articles)
        self.folders = [options.source / name for name in WATCHED]

    def scan(self) -> dict[str, tuple[int, int]]:
        return snapshot(self.folders, self.options.source)

    @property
    def output(self) -> Path:
        return self.options.output_dir

    def rebuild(self) -> BuildResult | None:
        """A build, in the watching process (never beside a thread: see `serve`)."""
        try:
            result = build(self.options)
        except Exception as exc:  # a bug or a full disk must not take the server down
            line = "".join(traceback.format_exception_only(exc)).strip()
            self.problems = [t("serve.crashed", line=line)]
            return None
        self.problems = [str(p) for p in result.report.sorted() if p.severity == "error"]
        failure = result.failure()
        if failure is not None and not self.problems:
            self.problems = [failure[1]]  # (the output folder, the disk, Pagefind)
        return result

    def report(self, result: BuildResult | None, trigger: str) -> None:
        """One line per rebuild on stdout, or the error lines on stderr."""
        stamp = time.strftime("%H:%M:%S")
        if result is not None:
            for problem in result.report.sorted():
                print(problem, file=sys.stderr, flush=True)
        if self.problems:
            if result is None:
                print(self.problems[0], file=sys.stderr, flush=True)
            print(
                t("serve.failed", stamp=stamp, trigger=trigger, count=len(self.problems)), file=sys.stderr, flush=True
            )
        elif not self.quiet and result is not None:
            seconds = decimal(result.seconds)
            print(t("serve.built", stamp=stamp, trigger=trigger, seconds=seconds, files=result.files), flush=True)
            notes = result.left_out()
            if notes != self.notes:  # (what is left out, said again only when it changes)
                for note in notes:
                    print(t("cli.note", message=note), file=sys.stderr, flush=True)
                self.notes = notes

    def watch(self, seen: dict[str, tuple[int, int]], tell: Callable[[dict], None]) -> None:
        """Poll the watched folders; each burst of changes gives one rebuild, and `tell` gives the
        server its outcome (the errors to show, and a page to reload when there is something new).

        `seen` is the snapshot taken before the last build, so edits made during it are not missed.
        """
        while True:
            started = time.monotonic()
            current = self.scan()
            if current == seen:
                # Scanning a big site costs tens of ms: spend at most a fifth of the time on it.
                time.sleep(max(MIN_POLL_SECONDS, 5 * (time.monotonic() - started)))
                continue
            # Something changed. Wait until the folders have been quiet for a moment, so an editor
            # saving several files or a `git checkout` gives one rebuild, not one per file.
            first = time.monotonic()
            while time.monotonic() - first < MAX_WAIT_SECONDS:
                time.sleep(QUIET_SECONDS)
                later = self.scan()
                if later == current:
                    break
                current = later
            changed = changed_files(seen, current)
            seen = current  # changes made during the build are caught by the next scan
            self.rebuild_and_tell(changed, tell)

    def rebuild_and_tell(self, changed: list[str], tell: Callable[[dict], None]) -> None:
        before = list(self.problems)
        result = self.rebuild()
        rel = [os.path.relpath(p, self.options.source) for p in changed]
        name = rel[0] if rel else t("serve.a_file")
        trigger = (
            t("serve.changed_more", name=name, count=len(rel) - 1) if len(rel) > 1 else t("serve.changed", name=name)
        )
        self.report(result, trigger)
        # Nothing to show when no file was rewritten and the errors are the same as before.
        reload = self.problems != before or (result is not None and result.files)
        tell(
            {
                "problems": self.problems,
                "reload": (rel[0] if rel else "*") if reload else None,
                "language": current_language(),
            }
        )


def serve_pages(site: LiveSite, sockets: list, host: str, messages: Callable) -> None:
    """The web server: the output, the error page, live reload. `messages(loop, on_message)` hooks
    the watcher's messages into the server's loop; `on_message(None)` means the watcher is gone."""

    async def main() -> None:
        # Only GET and HEAD are answered, but tornado reads a request's body (100 MB by default)
        # before it refuses the method: any web page can send bodies to 127.0.0.1.
        # (LocalBackendHandler raises it to API_MAX_BODY for itself, once a request passed its checks.)
        server = tornado.httpserver.HTTPServer(make_app(site, host), max_body_size=OTHER_MAX_BODY)
        server.add_sockets(sockets)
        stopped = asyncio.get_running_loop().create_future()

        def on_message(message: dict | None) -> None:
            if message is None:
                if not stopped.done():
                    stopped.set_result(None)
                return
            site.problems = list(message.get("problems") or [])
            use_language(message.get("language"))  # (the error page's: the last build's)
            if message.get("reload"):
                reload_browsers(message["reload"])

        messages(asyncio.get_running_loop(), on_message)
        await stopped
        server.stop()

    asyncio.run(main())


def _pipe_messages(read_fd: int) -> Callable:
    """The watcher's messages, one JSON line each, read from a pipe by the server's loop."""

    def hook(loop: asyncio.AbstractEventLoop, on_message: Callable) -> None:
        pending = bytearray()

        def readable() -> None:
            try:
                data = os.read(read_fd, 1 << 16)
            except OSError:
                data = b""
            if not data:
                loop.remove_reader(read_fd)
                on_message(None)
                return
            pending.extend(data)
            while b"\n" in pending:
                line, _, rest = bytes(pending).partition(b"\n")
                pending[:] = rest
                on_message(json.loads(line))

        loop.add_reader(read_fd, readable)

    return hook


# --- the command ----------------------------------------------------------------------------------


def base_url_for(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def listen(host: str, port: int):
    """Bind the port before building, so a busy port fails at once and leaves the output alone."""
    try:
        return tornado.netutil.bind_sockets(port, address=host), None
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            why = t("serve.port_in_use", port=port, host=host)
        elif exc.errno == errno.EACCES:
            why = t("serve.port_not_allowed", port=port)
        else:
            why = t("serve.cannot_listen", host=host, port=port, why=exc.strerror or exc)
        return None, why


def serve(options: BuildOptions, host: str, port: int, quiet: bool = False) -> int:
    if options.output is None:
        # Not public/: pages built for serving link to http://127.0.0.1:PORT, and a deploy of
        # public/ must never pick those up (Hugo serves from memory for the same reason).
        options.output = options.source / ".site-builder-cache" / "serve"
    output = options.output_dir.resolve()
    for name in WATCHED:
        watched = (options.source / name).resolve()
        if output == watched or watched in output.parents:  # each build would trigger the next one
            print(t("cli.error", message=t("serve.output_watched", output=output, name=name)), file=sys.stderr)
            return 2
        folder = options.source / name
        if folder.is_dir() and not _leads_inside(str(folder), str(options.source.resolve())):
            print(t("cli.note", message=t("serve.not_watched", name=name)), file=sys.stderr)
    sockets, why = listen(host, port)
    if sockets is None:
        print(t("cli.error", message=why), file=sys.stderr)
        return 2
    options.write = True  # serving always builds into the output folder, staged and swapped like `build`
    options.memory = {}  # rebuilds take unchanged articles from the last build, in memory
    port = sockets[0].getsockname()[1]  # the real one when --port 0 asked for any free port
    url = base_url_for(host, port) + "/"
    if options.base_url is None:
        options.base_url = url.rstrip("/")  # links in feeds and canonical tags point at this server
    site = LiveSite(options, quiet)
    seen = site.scan()
    site.report(site.rebuild(), t("serve.first_build"))
    # Builds fork worker processes, which must never happen beside a thread (a lock a thread
    # holds stays held in the child forever): this process watches and builds, and has no other
    # thread; the web server, with tornado's threads, runs in a child forked now, before any
    # thread exists, and is told each build's outcome over a pipe. Without fork (Windows), the
    # server runs in a thread and builds read and render in this process alone (workers.py).
    if hasattr(os, "fork"):
        tell, stop = _server_process(site, sockets, host)
    else:
        tell, stop = _server_thread(site, sockets, host)
    print(t("serve.serving", output=site.output, url=url, folders=", ".join(n + "/" for n in WATCHED)), flush=True)
    tell({"problems": site.problems, "reload": None, "language": current_language()})
    try:
        site.watch(seen, tell)
    except KeyboardInterrupt:
        print(t("serve.stopped"), flush=True)
    finally:
        stop()
    return 0


def _server_process(site: LiveSite, sockets: list, host: str) -> tuple[Callable, Callable]:
    read_fd, write_fd = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the server: ends when the watcher does (its end of the pipe closes), or on ^C
        status = 0
        try:
            os.close(write_fd)
            serve_pages(site, sockets, host, _pipe_messages(read_fd))
        except KeyboardInterrupt:
            pass
        except BaseException:
            traceback.print_exc()
            status = 1
        finally:
            os._exit(status)
    os.close(read_fd)
    for sock in sockets:
        sock.close()  # (the server's now)

    def tell(message: dict) -> None:
        try:
            write_all(write_fd, json.dumps(message, ensure_ascii=False).encode() + b"\n")
        except OSError:  # the server is gone: so is the point of watching
            raise KeyboardInterrupt from None

    def stop() -> None:
        os.close(write_fd)
        for _ in range(50):
            if os.waitpid(pid, os.WNOHANG)[0]:
                return
            time.sleep(0.05)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)

    return tell, stop


def _server_thread(site: LiveSite, sockets: list, host: str) -> tuple[Callable, Callable]:
    import threading

    hooked: list = []
    ready = threading.Event()

    def messages(loop, on_message) -> None:
        hooked.extend((loop, on_message))
        ready.set()

    threading.Thread(target=serve_pages, args=(site, sockets, host, messages), daemon=True).start()
    ready.wait(10)

    def tell(message: dict | None) -> None:
        if hooked:
            hooked[0].call_soon_threadsafe(hooked[1], message)

    def stop() -> None:
        tell(None)

    return tell, stop
