"""The built site in a real browser: Debian's Chromium driven by Playwright.

The fixture site (tests/engine/sample_site) is built with its publishconf.py under
http://127.0.0.1:<port>/repo (as on GitHub Pages), indexed with Pagefind, and served from a
local thread. The pages and words tried are chosen from the built site. These tests never
skip: a missing browser is a failure.
"""

from __future__ import annotations

import functools
import json
import os
import re
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse

import axe_playwright_python
import pytest
from helpers import FIXTURE_EVENTS, SITENAME, build_site
from playwright.sync_api import expect, sync_playwright

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("TIMELINE_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
AXE_JS = Path(axe_playwright_python.__file__).with_name("axe.min.js")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
EVENT = "event"  # the first event page of the built site: see `paths`


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def served_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("served")


@pytest.fixture(scope="session")
def served(served_root: Path) -> Iterator[str]:
    """The base URL of the fixture site, built and searchable, under /repo."""
    root = served_root
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(QuietHandler, directory=str(root)))
    base = f"http://127.0.0.1:{server.server_address[1]}/repo"
    build_site(root / "repo", settings="publishconf.py", SITEURL=base, TIMELINE_SEARCH=True)
    assert len(json.loads((root / "repo" / "pagefind" / "shards.json").read_text())["shards"]) > 1
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base + "/"
    server.shutdown()
    server.server_close()


def unique_title_word(event: dict[str, Any], events: list[dict[str, Any]]) -> str:
    others = {w.lower() for e in events if e is not event for w in re.findall(r"\w+", e["title"])}
    return next(w for w in re.findall(r"\w{4,}", event["title"]) if w.lower() not in others)


@pytest.fixture(scope="session")
def paths(served: str, served_root: Path) -> dict[str, str]:
    """Pages (and search words) picked from the built fixture site, not written in by hand."""
    site = served_root / "repo"
    events = json.loads((site / "data" / "events.json").read_text("utf-8"))["events"]
    confirmed = next(e for e in events if e["current_status"] == "confirmed")
    tag = sorted(p.parent.name for p in (site / "tags").glob("*/index.html"))[0]
    return {
        "": "",
        "event": f"events/{events[0]['id']}/",
        "event_title": events[0]["title"],
        "events": str(len(events)),
        "tag": f"tags/{tag}/",
        "word": unique_title_word(events[-1], events),
        "confirmed_word": unique_title_word(confirmed, events),
        "search": f"search/?q={unique_title_word(confirmed, events)}",
    }


@pytest.fixture(scope="session")
def served_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture events (every status) built with publishconf.py, served under /fx."""
    root = tmp_path_factory.mktemp("served-fixture")
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(QuietHandler, directory=str(root)))
    base = f"http://127.0.0.1:{server.server_address[1]}/fx"
    build_site(root / "fx", events=FIXTURE_EVENTS, settings="publishconf.py", SITEURL=base)
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


def test_home_and_event_page_render(served: str, make_page: Any, paths: dict[str, str]) -> None:
    event = paths["event"]
    w = make_page()
    w.page.goto(served)
    assert w.page.locator("h1").inner_text() == SITENAME
    assert w.page.locator("article.event").count() == int(paths["events"])
    assert w.page.locator("section.year h2").first.inner_text() == paths["event"][7:11]
    assert w.page.locator("#filters").is_visible()
    w.page.goto(served + event)
    assert paths["event_title"] in w.page.locator("h1").inner_text()
    assert w.page.locator("ol.sources li").count() >= 1
    date = w.page.locator(".cite-date").inner_text()
    assert "date you read it" not in date and date[-4:].isdigit()
    assert w.page.locator(".cite-url").inner_text() == served + event


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["", EVENT, "tag", "search"])
def test_axe_finds_no_wcag_violations(served: str, make_page: Any, scheme: str,
                                      path: str, width: int, paths: dict[str, str]) -> None:
    path = paths[path]
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
    # A status some events have but not all, and a tag of such an event: both filters
    # together then show some events.
    status, tag = page.locator("article.event").evaluate_all(
        "els => els.filter(e => e.dataset.tags)"
        ".map(e => [e.dataset.status, e.dataset.tags.split(' ')[0]])")[-1]
    page.locator("#filters > summary").focus()
    page.keyboard.press("Enter")
    box = page.locator(f'#filter-form input[name="status"][value="{status}"]')
    box.focus()
    page.keyboard.press("Space")
    assert box.is_checked()
    expect(page).to_have_url(re.compile(rf"\?status={status}$"))
    shown = page.locator("article.event:visible")
    reported = page.locator(f'article.event[data-status="{status}"]').count()
    assert 0 < reported < total
    assert shown.count() == reported
    count = page.locator("#filter-count").inner_text()
    assert f"{reported} of {total}" in count
    # Tab onwards to a tag box and tick it with Space.
    page.locator(f'#filter-form input[name="tag"][value="{tag}"]').focus()
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(rf"\?status={status}&tag={tag}$"))
    both = page.locator(f'article.event[data-status="{status}"][data-tags~="{tag}"]').count()
    assert shown.count() == both
    url = page.url
    page2 = make_page().page
    page2.goto(url)
    assert page2.locator("article.event:visible").count() == both
    assert f"{both} of {total}" in page2.locator("#filter-count").inner_text()
    assert page2.locator(f'#filter-form input[name="tag"][value="{tag}"]').is_checked()
    page2.goto(served + "?from=2024&to=2024")
    in_2024 = page2.locator('article.event[data-year="2024"]').count()
    assert page2.locator("article.event:visible").count() == in_2024
    assert page2.locator("section.year:visible h2").all_inner_texts() == ["2024"]
    page2.locator("#filter-reset").focus()
    page2.keyboard.press("Enter")
    expect(page2.locator("article.event:visible")).to_have_count(total)
    expect(page2).to_have_url(served)


def test_search_finds_an_event_by_a_title_word(served: str, make_page: Any,
                                               paths: dict[str, str]) -> None:
    w = make_page()
    page = w.page
    loaded: list[str] = []
    page.on("request", lambda r: "/pagefind/" in r.url and loaded.append(r.url))
    page.goto(served)
    page.wait_for_load_state("networkidle")
    assert not loaded, "the search index must not load before the search box is used"
    page.locator("#site-search-q").click()
    page.keyboard.type(paths["word"])
    link = page.locator("#site-search-results a", has_text=paths["word"]).first
    link.wait_for()
    href = link.get_attribute("href")
    assert href and href.startswith("/repo/events/")
    page.goto(urljoin(served, href))
    assert page.locator("h1").count() == 1
    # The search page: full results, filters and a shareable URL.
    page.goto(served + f"search/?q={paths['confirmed_word']}&status=confirmed")
    page.locator("#search-results li a").first.wait_for()
    assert "confirmed" in page.locator("#search-results").inner_text().lower()


def test_header_fits_and_event_page_has_room(served: str, make_page: Any,
                                             paths: dict[str, str]) -> None:
    w = make_page(width=1280)
    w.page.goto(served + paths[EVENT])
    tops = w.page.eval_on_selector_all(".site-header nav li", "lis => lis.map(l => l.offsetTop)")
    assert len(tops) >= 6 and len(set(tops)) == 1, tops  # one row
    gap = w.page.evaluate("document.querySelector('.event-page .event-meta')"
                          ".getBoundingClientRect().top - document.querySelector('.site-header')"
                          ".getBoundingClientRect().bottom")
    assert gap >= 24, gap


@pytest.mark.parametrize("width", [1280, 360])
def test_overview_has_a_layout_for_phones(served: str, make_page: Any, width: int,
                                          paths: dict[str, str]) -> None:
    w = make_page(width=width, height=800)
    w.page.goto(served)
    wide, narrow = w.page.locator(".ov-svg"), w.page.locator(".ov-compact")
    assert wide.is_visible() == (width > 640) and narrow.is_visible() == (width <= 640)
    shown = wide if width > 640 else narrow
    marks = shown.locator("a.ov-ev, a.ov-c-ev")
    assert marks.count() == int(paths["events"])
    box = marks.last.bounding_box()
    assert box and box["x"] + box["width"] <= width
    if width <= 640:
        assert box["width"] >= 24 and box["height"] >= 24  # a target for a finger
    marks.first.focus()
    assert marks.first.evaluate("a => a === document.activeElement")
    if width <= 640:
        assert w.page.evaluate("document.documentElement.scrollWidth") <= width


def test_copy_link_is_one_quiet_named_button_per_event(served: str, make_page: Any,
                                                       paths: dict[str, str]) -> None:
    w = make_page()
    w.page.goto(served)
    buttons = w.page.locator("article.event .copy-link")
    assert buttons.count() == int(paths["events"])
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
def test_no_horizontal_scroll_at_360px(served: str, make_page: Any, path: str,
                                       paths: dict[str, str]) -> None:
    path = paths[path]
    w = make_page(width=360, height=740)
    w.page.goto(served + path)
    assert w.page.evaluate("document.documentElement.scrollWidth") <= 360


def test_every_internal_link_resolves_under_the_subpath(served: str, make_page: Any,
                                                        paths: dict[str, str]) -> None:
    event = paths["event"]
    w = make_page()
    page = w.page
    links: set[str] = set()
    for path in ("", event, "search/"):
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


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_status_badge_passes_axe_and_has_its_own_shape(served_fixture: str,
                                                             make_page: Any, scheme: str) -> None:
    w = make_page(scheme=scheme, bypass_csp=True)
    w.page.goto(served_fixture)
    w.page.add_script_tag(path=str(AXE_JS))
    result = w.page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    problems = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:5])
                for v in result["violations"]]
    assert not problems, json.dumps(problems, indent=1)
    looks = w.page.evaluate("""() => [...document.querySelectorAll('nav.statuses .status')]
        .map(b => { const m = getComputedStyle(b.querySelector('.status-mark'));
                    return [b.className, getComputedStyle(b).color,
                            [m.width, m.height, m.borderRadius, m.borderTopWidth,
                             m.backgroundImage, m.transform].join('|')]; })""")
    assert [cls for cls, _c, _s in looks] == [
        "status status-confirmed", "status status-partly-confirmed", "status status-anticipated",
        "status status-did-not-happen", "status status-denied"]
    assert len({colour for _cls, colour, _s in looks}) == 5  # five colours
    assert len({shape for _cls, _c, shape in looks}) == 5  # and five shapes
