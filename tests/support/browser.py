"""Debian's chromium driven headless by Playwright, and a static file server on 127.0.0.1.

Fixtures (session-wide, one browser for the whole run):
    def test_x(chromium, serve_static):
        with serve_static(folder) as base:            # "http://127.0.0.1:PORT"
            page = chromium.new_page(); page.goto(base + "/")
`watch_requests(page)` returns the list every request URL is appended to.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# Headless and quiet: no background traffic of Chromium's own (updates, sync, QUIC probes) may look
# like a request made by the page under test. Playwright gives each launch a fresh profile.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve `folder` read-only on 127.0.0.1 on a free port; yields the base URL (no trailing slash)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def serve_static() -> Callable[[Path], contextlib.AbstractContextManager[str]]:
    """A factory: `with serve_static(folder) as base_url:` (a plain static server, POST answers 501)."""
    return serve_folder


@pytest.fixture(scope="session")
def chromium(request) -> Iterator[Any]:
    """One headless Debian chromium for the session (Playwright Browser); skips when it is not installed."""
    if "browser" in request.config.getoption("--without", default=[]):
        pytest.skip("chromium hidden by --without browser")
    if not CHROMIUM.exists():
        pytest.skip(f"Debian's chromium is not installed at {CHROMIUM} (scripts/setup installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def watch_requests(page: Any) -> list[str]:
    """Record the URL of every request the page makes (navigation, subresources, fetch, beacons)."""
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


def run_axe(page: Any) -> list[dict]:
    """Inject axe-core (node_modules) and return its violations; the context must bypass the page's CSP."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate("async () => (await axe.run(document)).violations")
