"""What the browser tests need: the tools (found or named for installing), a built site, a server.

The tools are not downloaded by the tests: `.ci/run` installs them (Debian's chromium, a Java
runtime, `npm ci` for axe-core and vnu-jar, the venv's test extras). When one is
missing the tests fail and say what to install; they are never skipped.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import importlib.util
import shutil
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NODE_MODULES = REPO / "node_modules"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def missing_tools() -> list[str]:
    """One line per missing tool, saying how to install it (empty when all are there)."""
    missing = []
    if importlib.util.find_spec("playwright") is None:
        missing.append("Playwright for Python: .venv/bin/pip install -e '.[test]'")
    if not CHROMIUM.is_file():
        missing.append(f"Chromium at {CHROMIUM}: apt-get update && apt-get install -y chromium")
    if shutil.which("java") is None:
        missing.append("Java (for the Nu Html Checker): apt-get install -y default-jre-headless")
    for path, name in ((AXE_JS, "axe-core"), (VNU_JAR, "vnu-jar")):
        if not path.is_file():
            missing.append(
                f"npm package {name} ({path.relative_to(REPO)}): run `npm ci --ignore-scripts` in the repository root"
            )
    from site_builder.search import pagefind_command

    if pagefind_command() is None:
        missing.append("Pagefind (the search index): .venv/bin/pip install -e '.[search]'")
    return missing


def sample_source() -> Path:
    """The repository's sample site, or the test fixture while content/ has no articles."""
    if any((REPO / "content" / "articles").rglob("*.md")):
        return REPO
    return Path(__file__).resolve().parent / "fixture"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def end_headers(self):
        # The same Content-Security-Policy as netlify.toml's script rules: no inline script runs.
        self.send_header(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
            "img-src 'self' data:; frame-src https://www.youtube-nocookie.com https://player.vimeo.com; "
            "object-src 'none'; base-uri 'self'",
        )
        super().end_headers()


@contextlib.contextmanager
def serve(folder: Path):
    """Serve a folder on 127.0.0.1 on a free port from a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
