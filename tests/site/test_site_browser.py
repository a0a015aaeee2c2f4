"""The AUKUS site in Debian's Chromium: its home page, and the README's screenshots.

The engine's browser and accessibility checks run on the fixture site
(tests/engine/test_browser.py); this file holds what is particular to the AUKUS site.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT, build_site
from playwright.sync_api import sync_playwright

from pelican.plugins.timeline.reading.events import load_events

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("TIMELINE_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
EVENT = "events/2021-09-15-aukus-announced/"
SCREENSHOTS = ROOT / "docs" / "screenshots"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of the AUKUS site, built and searchable, under /repo."""
    root = tmp_path_factory.mktemp("served-aukus")
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(QuietHandler, directory=str(root)))
    base = f"http://127.0.0.1:{server.server_address[1]}/repo"
    build_site(root / "repo", settings="publishconf.py", site=ROOT, SITEURL=base)
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(root / "repo"), "--silent"],
                   check=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base + "/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def in_browser() -> Iterator[Callable[[Callable[[Any], None]], None]]:
    """Run a check with a Chromium of its own, in a thread of its own: Playwright's sync API
    allows one instance per thread, and tests/engine/test_browser.py keeps one open here."""
    assert Path(CHROMIUM).exists(), (
        f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package or set "
        "TIMELINE_CHROMIUM (browser tests never skip)")
    pool = ThreadPoolExecutor(max_workers=1)
    state: dict[str, Any] = {}

    def start() -> None:
        state["playwright"] = sync_playwright().start()
        state["chromium"] = state["playwright"].chromium.launch(executable_path=CHROMIUM,
                                                                args=ARGS)

    def stop() -> None:
        state["chromium"].close()
        state["playwright"].stop()

    pool.submit(start).result()

    def run(check: Callable[[Any], None]) -> None:
        def make(scheme: str = "light", width: int = 1280, height: int = 900) -> Any:
            context = state["chromium"].new_context(
                color_scheme=scheme, viewport={"width": width, "height": height})
            return context.new_page()

        pool.submit(check, make).result()

    yield run
    pool.submit(stop).result()
    pool.shutdown()


def test_home_and_pact_page(served: str, in_browser: Any) -> None:
    events = len(load_events(ROOT / "events").events)

    def check(new_page: Any) -> None:
        page = new_page()
        page.goto(served)
        assert page.locator("h1").inner_text() == "AUKUS Timeline"
        assert page.locator("article.event").count() == events
        page.goto(served + EVENT)
        assert "AUKUS" in page.locator("h1").inner_text()

    in_browser(check)


def test_header_with_about_and_methodology_fits_one_row_at_1280(served: str,
                                                                in_browser: Any) -> None:
    def check(new_page: Any) -> None:
        page = new_page(width=1280)
        page.goto(served)
        # the site's navigation (the language switcher is a navigation of its own)
        items = ".site-header nav:not(.language-switcher) li"
        names = page.eval_on_selector_all(items, "l => l.map(e => e.innerText)")
        tops = page.eval_on_selector_all(items, "l => l.map(e => e.offsetTop)")
        assert "Methodology" in names and len(set(tops)) == 1, (names, tops)

    in_browser(check)


def test_screenshots(served: str, in_browser: Any, tmp_path: Path) -> None:
    """The README's shots, as `invoke screenshots` takes them, written to a temporary
    folder (never the tracked docs/screenshots/): every one a real page."""
    shots = [
        ("home-desktop-light", "", "light", 1280, 900),
        ("home-desktop-dark", "", "dark", 1280, 900),
        ("home-mobile-light", "", "light", 390, 844),
        ("home-mobile-dark", "", "dark", 390, 844),
        ("event-desktop", EVENT, "light", 1280, 900),
        ("event-mobile", EVENT, "light", 390, 844),
    ]
    assert all((SCREENSHOTS / f"{s[0]}.png").is_file() for s in shots)  # the README shows them

    def check(new_page: Any) -> None:
        for name, path, scheme, width, height in shots:
            page = new_page(scheme=scheme, width=width, height=height)
            response = page.goto(served + path)
            assert response is not None and response.status == 200, path
            page.screenshot(path=str(tmp_path / f"{name}.png"))
            assert (tmp_path / f"{name}.png").stat().st_size > 5000

    in_browser(check)
