"""Long lists are split into pages; the home page shows only the latest years past a limit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import build_site
from synth import write_events

from pelican.plugins.timeline.building.pages import paginate

PAGE_SIZE = 7
HOME_MAX = 20


def test_paginate_paths_and_neighbours() -> None:
    pages = paginate("years/2024/", "year.html", {"x": 1}, list(range(15)), 7,
                     lambda d: d + "index.html")
    assert [p.save_as for p in pages] == [
        "years/2024/index.html", "years/2024/page/2/index.html", "years/2024/page/3/index.html"]
    assert [len(p.variables["page_events"]) for p in pages] == [7, 7, 1]
    first, middle, last = (p.variables["pager"] for p in pages)
    assert first.prev_href is None and first.next_href == "years/2024/page/2/index.html"
    assert middle.prev_href == "years/2024/index.html"
    assert middle.next_href == "years/2024/page/3/index.html"
    assert last.next_href is None and last.count == 3
    single = paginate("tags/x/", "term.html", {}, [1, 2], 7, lambda d: d)
    assert len(single) == 1 and single[0].variables["pager"].count == 1


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("paged")
    write_events(root / "events", 150)
    return build_site(root / "output", events=root / "events", TIMELINE_PAGE_SIZE=PAGE_SIZE,
                      TIMELINE_HOME_MAX_EVENTS=HOME_MAX, TIMELINE_JOBS=1)


def _hrefs(html: str, rel: str) -> list[str]:
    return re.findall(rf'<a rel="{rel}" href="([^"]+)">(?:Previous|Next) page', html)


def test_every_paginated_page_links_its_neighbours(paged_site: Path) -> None:
    paged = sorted(paged_site.glob("**/page/*/index.html"))
    assert paged, "no paginated pages were written"
    checked = 0
    for later in paged:
        base = later.parent.parent.parent  # .../x/page/N/index.html -> .../x/
        count = len(list((base / "page").glob("*/index.html"))) + 1
        chain = [base / "index.html"] + [base / "page" / str(n) / "index.html"
                                         for n in range(2, count + 1)]
        for number, page in enumerate(chain, start=1):
            html = page.read_text(encoding="utf-8")
            assert f"Page {number} of {count}" in html
            prev, nxt = _hrefs(html, "prev"), _hrefs(html, "next")
            if number > 1:
                assert len(prev) == 1
                assert (page.parent / prev[0]).resolve() == chain[number - 2].resolve()
            else:
                assert not prev
            if number < count:
                assert len(nxt) == 1
                assert (page.parent / nxt[0]).resolve() == chain[number].resolve()
            else:
                assert not nxt
            assert html.count("<article") <= PAGE_SIZE
            checked += 1
    assert checked >= 3


def test_home_page_is_limited_with_year_navigation(paged_site: Path) -> None:
    html = (paged_site / "index.html").read_text(encoding="utf-8")
    assert 0 < html.count('<article class="event"') <= HOME_MAX
    years = re.findall(r'class="year-nav".*?</nav>', html, re.S)
    assert years and "years/1990/index.html" in years[0]


def test_small_sites_are_not_paginated(fixture_site: Path) -> None:
    assert not list(fixture_site.glob("**/page/*/index.html"))
    assert 'class="year-nav"' not in (fixture_site / "index.html").read_text(encoding="utf-8")
