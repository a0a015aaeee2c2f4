"""An embedded view in a real browser (Debian's Chromium driven by Playwright), inside an
iframe on another site: the fixture site is built and served at http://127.0.0.1:<port>,
and a host page holding the event's oEmbed code is served at http://localhost:<other>,
another origin (and another site). The view must render with its own
Content-Security-Policy and stylesheet, without a console error or a failed request, and
its links must open in the top window. Like test_browser.py, never skipped."""

from __future__ import annotations

import functools
import json
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import axe_playwright_python
import pytest
from helpers import build_site
from playwright.sync_api import expect, sync_playwright

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("TIMELINE_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
EVENT = "2024-05-10-fixture-partly"
AXE_JS = Path(axe_playwright_python.__file__).with_name("axe.min.js")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(folder: Path, host: str) -> tuple[ThreadingHTTPServer, int]:
    server = ThreadingHTTPServer((host, 0), functools.partial(QuietHandler,
                                                              directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


@pytest.fixture(scope="module")
def origins(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Path]]:
    """The site's base URL, the host page's URL, and the built site."""
    root = tmp_path_factory.mktemp("embed-site")
    site_server, site_port = serve(root, "127.0.0.1")
    base = f"http://127.0.0.1:{site_port}/repo"
    site = build_site(root / "repo", settings="publishconf.py", SITEURL=base,
                      RELATIVE_URLS=False)
    document = json.loads((site / "embed" / "events" / EVENT / "oembed.json").read_text("utf-8"))
    host = tmp_path_factory.mktemp("embed-host")
    (host / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title>'
        '<link rel="icon" href="data:,"></head>'
        f'<body><h1>A page on another site</h1>{document["html"]}</body></html>',
        encoding="utf-8")
    host_server, host_port = serve(host, "localhost")
    yield base, f"http://localhost:{host_port}/", site
    for server in (site_server, host_server):
        server.shutdown()
        server.server_close()


class Chromium:
    """Chromium driven from a thread of its own: Playwright's sync API allows one
    instance per thread, and test_browser.py keeps its own running in the main thread for
    the whole session. `run(check)` calls `check(browser)` in that thread."""

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(max_workers=1)
        self.playwright, self.browser = self.pool.submit(self._start).result()

    @staticmethod
    def _start() -> tuple[Any, Any]:
        playwright = sync_playwright().start()
        return playwright, playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)

    def run(self, check: Callable[[Any], None]) -> None:
        self.pool.submit(check, self.browser).result()

    def close(self) -> None:
        self.pool.submit(lambda: (self.browser.close(), self.playwright.stop())).result()
        self.pool.shutdown()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Chromium]:
    assert Path(CHROMIUM).exists(), (
        f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package or set "
        "TIMELINE_CHROMIUM (browser tests never skip)")
    browser = Chromium()
    yield browser
    browser.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_an_event_view_renders_in_an_iframe_on_another_origin(
        origins: tuple[str, str, Path], chromium: Chromium, javascript: bool) -> None:
    base, host_url, site = origins
    title = json.loads((site / "data" / "events.json").read_text("utf-8"))["events"]
    title = next(e["title"] for e in title if e["id"] == EVENT)

    def check(browser: Any) -> None:
        context = browser.new_context(java_script_enabled=javascript)
        page = context.new_page()
        problems: list[str] = []
        page.on("console", lambda m: m.type in ("error", "warning")
                and problems.append(f"{m.text} ({m.location.get('url')})"))
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
        page.on("response",
                lambda r: r.status >= 400 and problems.append(f"{r.status}: {r.url}"))
        requested: list[str] = []
        page.on("request", lambda r: requested.append(r.url))
        try:
            page.goto(host_url)
            iframe = page.locator("iframe")
            expect(iframe).to_have_attribute("src", f"{base}/embed/events/{EVENT}/")
            view = page.frame_locator("iframe")
            expect(view.locator("h1")).to_have_text(title)
            link = view.locator("h1 a")
            expect(link).to_have_attribute("href", f"{base}/events/{EVENT}/")
            expect(view.locator("footer.embed-credit a")).to_have_attribute(
                "href", f"{base}/events/{EVENT}/")
            frame = next(f for f in page.frames if f.url.startswith(base))
            assert frame.url == f"{base}/embed/events/{EVENT}/"
            # the stylesheet applied under the view's Content-Security-Policy
            assert frame.evaluate(
                "() => getComputedStyle(document.querySelector('main')).maxWidth") == "none"
            assert frame.evaluate(
                "() => document.querySelector('.status-mark').offsetWidth") > 0
            hosts = {urlparse(u).netloc for u in requested if not u.startswith("data:")}
            # the host page and the timeline's site, nothing else
            assert hosts == {urlparse(host_url).netloc, urlparse(base).netloc}
            # a link opens the full page in the top window, not inside the iframe
            link.click()
            page.wait_for_url(f"{base}/events/{EVENT}/")
            expect(page.locator("h1")).to_contain_text(title)
            assert not problems, problems
        finally:
            context.close()

    chromium.run(check)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("view", ["", f"events/{EVENT}/", "tags/pact/"])
def test_embedded_views_pass_axe(origins: tuple[str, str, Path], chromium: Chromium, view: str,
                                 scheme: str) -> None:
    base, _host, _site = origins

    def check(browser: Any) -> None:
        context = browser.new_context(color_scheme=scheme, bypass_csp=True,
                                      viewport={"width": 600, "height": 500})
        try:
            page = context.new_page()
            page.goto(f"{base}/embed/{view}")
            page.add_script_tag(path=str(AXE_JS))
            result = page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
            problems = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:5])
                        for v in result["violations"]]
            assert not problems, json.dumps(problems, indent=1)
            assert page.evaluate("document.documentElement.scrollWidth") <= 600
        finally:
            context.close()

    chromium.run(check)
