"""The built site in a real browser: Debian's Chromium driven by Playwright.

The site is built with publishconf.py under http://127.0.0.1:<port>/repo (as on GitHub
Pages), indexed with Pagefind, and served from a local thread. These tests never skip: a
missing browser is a failure.
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse

import axe_playwright_python
import pytest
from conftest import ROOT, build_site
from playwright.sync_api import expect, sync_playwright

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("TIMELINE_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
AXE_JS = Path(axe_playwright_python.__file__).with_name("axe.min.js")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
EVENT = "events/2021-09-15-aukus-announced/"
SCREENSHOTS = ROOT / "docs" / "screenshots"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of the AUKUS site, built and searchable, under /repo."""
    root = tmp_path_factory.mktemp("served")
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(QuietHandler, directory=str(root)))
    base = f"http://127.0.0.1:{server.server_address[1]}/repo"
    build_site(root / "repo", events=ROOT / "events", settings="publishconf.py", SITEURL=base)
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(root / "repo"), "--silent"],
                   check=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base + "/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    assert Path(CHROMIUM).exists(), (
        f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package or set "
        "TIMELINE_CHROMIUM (browser tests never skip)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


class Watched:
    """A page whose console errors and off-site requests are recorded."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        self.outside: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", self._request)

    def _request(self, request: Any) -> None:
        host = urlparse(request.url).hostname
        if request.url.startswith(("data:", "blob:")):
            return
        if host != "127.0.0.1":
            self.outside.append(request.url)

    def check(self) -> None:
        assert not self.errors, self.errors
        assert not self.outside, self.outside


@pytest.fixture
def make_page(browser: Any) -> Iterator[Any]:
    contexts: list[Any] = []
    watched: list[Watched] = []

    def make(scheme: str = "light", width: int = 1280, height: int = 900,
             bypass_csp: bool = False) -> Watched:
        context = browser.new_context(color_scheme=scheme, bypass_csp=bypass_csp,
                                      viewport={"width": width, "height": height})
        contexts.append(context)
        w = Watched(context.new_page())
        watched.append(w)
        return w

    yield make
    try:
        for w in watched:
            w.check()
    finally:
        for context in contexts:
            context.close()


def test_home_and_event_page_render(served: str, make_page: Any) -> None:
    w = make_page()
    w.page.goto(served)
    assert w.page.locator("h1").inner_text() == "AUKUS Timeline"
    assert w.page.locator("article.event").count() == 25
    assert w.page.locator("section.year h2").first.inner_text() == "2021"
    assert w.page.locator("#filters").is_visible()
    w.page.goto(served + EVENT)
    assert "AUKUS" in w.page.locator("h1").inner_text()
    assert w.page.locator("ol.sources li").count() >= 1
    date = w.page.locator(".cite-date").inner_text()
    assert "date you read it" not in date and date[-4:].isdigit()
    assert w.page.locator(".cite-url").inner_text() == served + EVENT


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["", EVENT, "tags/japan/", "search/?q=submarine"])
def test_axe_finds_no_wcag_violations(served: str, make_page: Any, scheme: str,
                                      path: str, width: int) -> None:
    w = make_page(scheme=scheme, bypass_csp=True, width=width)
    w.page.goto(served + path)
    if path.startswith("search/"):
        w.page.wait_for_selector("#search-results li a")
    w.page.add_script_tag(path=str(AXE_JS))
    result = w.page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    problems = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:5])
        for v in result["violations"]
    ]
    assert not problems, json.dumps(problems, indent=1)


def test_filters_work_by_keyboard_and_restore_from_url(served: str, make_page: Any) -> None:
    w = make_page()
    page = w.page
    page.goto(served)
    total = page.locator("article.event").count()
    page.locator("#filters > summary").focus()
    page.keyboard.press("Enter")
    box = page.locator('#filter-form input[name="status"][value="reported"]')
    box.focus()
    page.keyboard.press("Space")
    assert box.is_checked()
    expect(page).to_have_url(re.compile(r"\?status=reported$"))
    shown = page.locator("article.event:visible")
    reported = page.locator('article.event[data-status="reported"]').count()
    assert 0 < reported < total
    assert shown.count() == reported
    count = page.locator("#filter-count").inner_text()
    assert f"{reported} of {total}" in count
    # Tab onwards to a tag box and tick it with Space.
    page.locator('#filter-form input[name="tag"][value="japan"]').focus()
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"\?status=reported&tag=japan$"))
    both = page.locator('article.event[data-status="reported"][data-tags~="japan"]').count()
    assert shown.count() == both
    url = page.url
    page2 = make_page().page
    page2.goto(url)
    assert page2.locator("article.event:visible").count() == both
    assert f"{both} of {total}" in page2.locator("#filter-count").inner_text()
    assert page2.locator('#filter-form input[name="tag"][value="japan"]').is_checked()
    page2.goto(served + "?from=2024&to=2024")
    in_2024 = page2.locator('article.event[data-year="2024"]').count()
    assert page2.locator("article.event:visible").count() == in_2024
    assert page2.locator("section.year:visible h2").all_inner_texts() == ["2024"]
    page2.locator("#filter-reset").focus()
    page2.keyboard.press("Enter")
    expect(page2.locator("article.event:visible")).to_have_count(total)
    expect(page2).to_have_url(served)


def test_search_finds_an_event_by_a_summary_word(served: str, make_page: Any) -> None:
    w = make_page()
    page = w.page
    loaded: list[str] = []
    page.on("request", lambda r: "/pagefind/" in r.url and loaded.append(r.url))
    page.goto(served)
    page.wait_for_load_state("networkidle")
    assert not loaded, "the search index must not load before the search box is used"
    page.locator("#site-search-q").click()
    page.keyboard.type("Sankei")
    link = page.locator("#site-search-results a", has_text="Sankei").first
    link.wait_for()
    href = link.get_attribute("href")
    assert href and href.startswith("/repo/events/")
    page.goto(urljoin(served, href))
    assert page.locator("h1").count() == 1
    # The search page: full results, filters and a shareable URL.
    page.goto(served + "search/?q=submarines&status=confirmed")
    page.locator("#search-results li a").first.wait_for()
    assert "confirmed" in page.locator("#search-results").inner_text().lower()


def test_header_fits_and_event_page_has_room(served: str, make_page: Any) -> None:
    w = make_page(width=1280)
    w.page.goto(served + EVENT)
    tops = w.page.eval_on_selector_all(".site-header nav li", "lis => lis.map(l => l.offsetTop)")
    assert len(tops) >= 7 and len(set(tops)) == 1, tops  # one row, Methodology included
    gap = w.page.evaluate("document.querySelector('.event-page .event-meta')"
                          ".getBoundingClientRect().top - document.querySelector('.site-header')"
                          ".getBoundingClientRect().bottom")
    assert gap >= 24, gap


@pytest.mark.parametrize("width", [1280, 360])
def test_overview_has_a_layout_for_phones(served: str, make_page: Any, width: int) -> None:
    w = make_page(width=width, height=800)
    w.page.goto(served)
    wide, narrow = w.page.locator(".ov-svg"), w.page.locator(".ov-compact")
    assert wide.is_visible() == (width > 640) and narrow.is_visible() == (width <= 640)
    shown = wide if width > 640 else narrow
    marks = shown.locator("a.ov-ev, a.ov-c-ev")
    assert marks.count() == 25
    box = marks.last.bounding_box()
    assert box and box["x"] + box["width"] <= width
    if width <= 640:
        assert box["width"] >= 24 and box["height"] >= 24  # a target for a finger
    marks.first.focus()
    assert marks.first.evaluate("a => a === document.activeElement")
    if width <= 640:
        assert w.page.evaluate("document.documentElement.scrollWidth") <= width


def test_copy_link_is_one_quiet_named_button_per_event(served: str, make_page: Any) -> None:
    w = make_page()
    w.page.goto(served)
    buttons = w.page.locator("article.event .copy-link")
    assert buttons.count() == 25
    first = w.page.locator("article.event").first
    title = first.locator(".event-title").inner_text()
    button = first.locator(".copy-link")
    expect(button).to_have_accessible_name("Copy link to " + title)
    assert float(button.evaluate("b => getComputedStyle(b).opacity")) == 0
    assert button.bounding_box()["height"] < 40  # an icon, not a block
    w.page.keyboard.press("Tab")
    button.focus()
    assert float(button.evaluate("b => getComputedStyle(b).opacity")) == 1
    w.page.keyboard.press("Enter")
    # Copied (127.0.0.1 is a secure context) or, without a clipboard, selected in a box.
    expect(w.page.get_by_role("status")).to_contain_text(
        re.compile(r"Link (copied|selected)"))


@pytest.mark.parametrize("path", ["", EVENT])
def test_no_horizontal_scroll_at_360px(served: str, make_page: Any, path: str) -> None:
    w = make_page(width=360, height=740)
    w.page.goto(served + path)
    assert w.page.evaluate("document.documentElement.scrollWidth") <= 360


def test_every_internal_link_resolves_under_the_subpath(served: str, make_page: Any) -> None:
    w = make_page()
    page = w.page
    links: set[str] = set()
    for path in ("", EVENT, "search/"):
        page.goto(served + path)
        hrefs = page.eval_on_selector_all(
            "a[href], link[href], script[src], img[src]",
            "els => els.map(e => new URL(e.getAttribute('href') || e.getAttribute('src'),"
            " document.baseURI).href)")
        links.update(h.split("#")[0] for h in hrefs if h.startswith(served))
    assert len(links) > 40
    for url in sorted(links):
        response = page.request.get(url)
        assert response.status == 200, url
    assert page.request.get(served + "no-such-page/").status == 404
    assert page.request.get(served + "404.html").status == 200
    assert page.request.get(served + "theme/favicon.svg").status == 200


def test_screenshots(served: str, make_page: Any) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shots = [
        ("home-desktop-light", "", "light", 1280, 900),
        ("home-desktop-dark", "", "dark", 1280, 900),
        ("home-mobile-light", "", "light", 390, 844),
        ("home-mobile-dark", "", "dark", 390, 844),
        ("event-desktop", EVENT, "light", 1280, 900),
        ("event-mobile", EVENT, "light", 390, 844),
    ]
    for name, path, scheme, width, height in shots:
        w = make_page(scheme=scheme, width=width, height=height)
        w.page.goto(served + path)
        w.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
        assert (SCREENSHOTS / f"{name}.png").stat().st_size > 5000
