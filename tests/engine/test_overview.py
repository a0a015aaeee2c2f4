"""The build-time SVG overview: valid XML, working links, date order, eras in lanes, and
a 10,000-event timeline drawn small and fast as a density strip."""

from __future__ import annotations

import datetime as dt
import itertools
import posixpath
import random
import re
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from pelican.plugins.timeline.building.overview import assign_lanes, layout, render_overview
from pelican.plugins.timeline.building.site import Urls
from pelican.plugins.timeline.reading.eras import Era
from pelican.plugins.timeline.reading.model import STATUSES, Event, PartialDate, Source

SVG_NS = "{http://www.w3.org/2000/svg}"
SVG_RE = re.compile(r'<svg xmlns="http://www.w3.org/2000/svg" class="ov-svg".*?</svg>', re.S)
TRANSLATE_RE = re.compile(r"translate\(([-\d.]+) ([-\d.]+)\)")


def overview_svg(html: str) -> ET.Element:
    match = SVG_RE.search(html)
    assert match, "no overview SVG in the page"
    return ET.fromstring(match.group())


def mark_x(link: ET.Element) -> float:
    shape = [c for c in link if c.tag in (SVG_NS + "circle", SVG_NS + "path")][-1]
    if shape.tag == SVG_NS + "circle":
        return float(shape.get("cx", "nan"))
    match = TRANSLATE_RE.search(shape.get("transform", ""))
    assert match
    return float(match.group(1))


def event_links(svg: ET.Element) -> list[ET.Element]:
    return [a for a in svg.iter(SVG_NS + "a") if a.get("class") == "ov-ev"]


def make_event(index: int, date: str, status: str = "confirmed", title: str | None = None,
               approximate: bool = False, end: str | None = None) -> Event:
    return Event(
        id=f"e{index:05d}", path=f"events/e{index:05d}.yaml", title=title or f"Event {index}",
        date=PartialDate.parse(date), end_date=PartialDate.parse(end) if end else None,
        status=status, summary="s", sources=(Source("https://www.example.org/", "t", "p"),),
        approximate=approximate,
    )


# ---- the built site ----------------------------------------------------------------


PAGES = ["index.html", "tags/pillar-2/index.html", "actors/japan/index.html",
         "eras/negotiation-period/index.html"]


@pytest.mark.parametrize("page", PAGES)
def test_overview_links_resolve(fixture_site: Path, page: str) -> None:
    html = (fixture_site / page).read_text(encoding="utf-8")
    svg = overview_svg(html)
    assert svg.get("role") == "group" and svg.get("viewBox", "").startswith("0 0 ")
    assert svg.get("width") == "100%" and "height" not in svg.attrib
    assert svg.find(SVG_NS + "title") is not None and svg.find(SVG_NS + "desc") is not None
    links = list(svg.iter(SVG_NS + "a"))
    assert event_links(svg)
    base = posixpath.dirname(page)
    for link in links:
        href = link.get("href", "")
        assert not href.startswith(("/", "http")), href  # local builds: relative links
        target = fixture_site / posixpath.normpath(posixpath.join(base, href))
        assert target.is_file(), f"{page}: {href} does not exist"
        assert link.get("aria-label"), href
        title = link.find(SVG_NS + "title")
        assert title is not None and title.text
    # one mark per event of the page
    if page == "index.html":
        assert len(event_links(svg)) == len(list((fixture_site / "events").glob("*/index.html")))


def test_marks_are_in_date_order(fixture_site: Path) -> None:
    svg = overview_svg((fixture_site / "index.html").read_text(encoding="utf-8"))
    links = event_links(svg)
    dates = [PartialDate.parse(a.get("data-date", "")).sort_key() for a in links]
    assert dates == sorted(dates)
    xs = [mark_x(a) for a in links]
    assert all(a <= b for a, b in itertools.pairwise(xs)), xs
    assert xs[0] < xs[-1]


def test_home_page_names_eras_and_gives_a_text_version(fixture_site: Path) -> None:
    html = (fixture_site / "index.html").read_text(encoding="utf-8")
    svg = overview_svg(html)
    era_links = [a for a in svg.iter(SVG_NS + "a") if a.get("class") == "ov-era"]
    names = {a.get("aria-label", "").split(",")[0] for a in era_links}
    assert "Era: Negotiation period" in names and "Era: Second phase" in names
    text = html.split('<details class="ov-text">', 1)[1].split("</details>", 1)[0]
    assert "<caption>Events per year" in text and "2024" in text
    assert "Negotiation period</a>: 15 September 2021 – 13 March 2023" in text
    assert "since January 2024" in text
    assert 'style="' not in svg.__repr__() and "<style" not in html.split("<body", 1)[1]
    assert 'site.css"' in html and 'overview.css"' not in html  # one stylesheet
    css = (fixture_site / "theme" / "css" / "site.css").read_text(encoding="utf-8")
    assert ".ov-svg" in css and ".ov-compact" in css


def test_publish_build_uses_absolute_links(subpath_site: Path) -> None:
    svg = overview_svg((subpath_site / "repo" / "index.html").read_text(encoding="utf-8"))
    for link in event_links(svg):
        assert link.get("href", "").startswith("http://localhost:8765/repo/events/")
        assert link.get("href", "").endswith("/")


# ---- layout and drawing, in memory -------------------------------------------------


def test_overlapping_eras_get_different_lanes() -> None:
    assert assign_lanes([(0, 10), (5, 15), (11, 20), (16, 30)]) == [0, 1, 0, 1]
    assert assign_lanes([(0, 10), (1, 2), (3, 4)]) == [0, 1, 1]
    eras = [
        Era("a", "A", PartialDate.parse("2021-01-20"), "#112233", PartialDate.parse("2025-01-20")),
        Era("b", "B", PartialDate.parse("2022-05-23"), "#445566"),
        Era("c", "C", PartialDate.parse("2025-06"), "#778899", PartialDate.parse("2025-09")),
    ]
    events = [make_event(1, "2021-09-15"), make_event(2, "2025-12-10")]
    overview = layout(events, eras, dt.date(2026, 1, 1))
    assert overview is not None
    lanes = {b.era.id: b.lane for b in overview.bands}
    assert lanes["a"] != lanes["b"] and lanes["b"] != lanes["c"]
    assert lanes["a"] == lanes["c"]  # they do not overlap: the lane is reused
    assert overview.lanes == 2


def test_eras_outside_the_range_are_left_out_and_clipped_ones_marked() -> None:
    eras = [
        Era("old", "Old", PartialDate.parse("1990"), "#112233", PartialDate.parse("1995")),
        Era("before", "Before", PartialDate.parse("2018-08-24"), "#112233",
            PartialDate.parse("2022-05-23")),
    ]
    overview = layout([make_event(1, "2021-09-15")], eras, dt.date(2026, 1, 1))
    assert overview is not None
    assert [b.era.id for b in overview.bands] == ["before"]
    assert overview.bands[0].clipped_left


def test_precision_status_and_escaping() -> None:
    events = [
        make_event(1, "2024-03-02", "confirmed", title='<script>alert("x")</script> & co'),
        make_event(2, "2024-03", "reported"),
        make_event(3, "2024", "anticipated"),
        make_event(4, "2024-05-01", "denied", approximate=True),
        make_event(5, "2024-06-01", "confirmed", end="2024-06-20"),
    ]
    html = str(render_overview(events, [], Urls(clean=True), "https://x.example/s"))
    assert "<script>" not in html and "&lt;script&gt;" in html
    svg = overview_svg(html)
    links = {a.get("href"): a for a in event_links(svg)}
    assert set(links) == {f"https://x.example/s/events/e0000{i}/" for i in range(1, 6)}
    def parts(i: int) -> list[str]:
        return [c.tag.removeprefix(SVG_NS) for c in links[f"https://x.example/s/events/e0000{i}/"]]
    assert parts(1) == ["title", "circle"]  # a day: a filled circle, no span
    assert parts(2) == ["title", "line", "path"]  # a month: a bar over the month
    assert parts(3) == ["title", "line", "path"]  # a year: a bar over the year
    assert "line" in parts(5)  # a date range
    shapes = {i: [c for c in links[f"https://x.example/s/events/e0000{i}/"]][-1] for i in (1, 2, 3)}
    assert shapes[1].get("fill") != "#ffffff"  # confirmed: filled
    assert shapes[2].get("fill") == "#ffffff"  # reported: hollow diamond
    assert "6.5 5" in shapes[3].get("d", "")  # anticipated: triangle
    denied = links["https://x.example/s/events/e00004/"]
    assert any(c.get("stroke-dasharray") for c in denied)  # approximate: dashed
    assert "M-5-5L5 5" in ET.tostring(denied, encoding="unicode")  # denied: a cross
    month_span = links["https://x.example/s/events/e00002/"].find(SVG_NS + "line")
    year_span = links["https://x.example/s/events/e00003/"].find(SVG_NS + "line")
    assert month_span is not None and year_span is not None
    month_w = float(month_span.get("x2", 0)) - float(month_span.get("x1", 0))
    year_w = float(year_span.get("x2", 0)) - float(year_span.get("x1", 0))
    assert 10 < year_w / month_w < 14
    assert "Approximate date" in html and "Reported" in html
    # every mark's accessible name has its title and date
    assert links["https://x.example/s/events/e00002/"].get("aria-label") == (
        "Event 2 (March 2024; reported)")


def test_new_statuses_have_shapes_of_their_own_and_unused_ones_are_not_listed() -> None:
    events = [
        make_event(1, "2024-03-02", "partly-confirmed"),
        make_event(2, "2024-04-02", "did-not-happen"),
        make_event(3, "2024-05-02", "confirmed"),
    ]
    html = str(render_overview(events, [], Urls(clean=True), "https://x.example/s"))
    links = {a.get("href").rsplit("/", 2)[-2]: a for a in event_links(overview_svg(html))}
    partly = [(c.tag.removeprefix(SVG_NS), c.get("class")) for c in links["e00001"]][1:]
    # a ring with its left half filled in
    assert partly == [("circle", "ov-shape ov-s-partly-confirmed ov-hollow"),
                      ("path", "ov-half ov-s-partly-confirmed")]
    half = links["e00001"][-1]
    assert half.get("d") == "M0-6A6 6 0 0 0 0 6Z" and half.get("fill") == "#0d5e63"
    assert links["e00001"][1].get("fill") == "#ffffff"
    # a ring struck through
    dnh = [(c.tag.removeprefix(SVG_NS), c.get("class")) for c in links["e00002"]][1:]
    assert dnh == [("circle", "ov-shape ov-s-did-not-happen ov-hollow"),
                   ("path", "ov-shape ov-s-did-not-happen ov-slash")]
    assert links["e00002"][-1].get("d") == "M-4.2-4.2L4.2 4.2"
    assert links["e00002"].get("aria-label") == "Event 2 (2 April 2024; did not happen)"
    # the legend and the table name the three statuses used, in order, and no other
    soup = BeautifulSoup(html, "html5lib")
    legend = [li.get_text(strip=True) for li in soup.select("ul.ov-legend li")]
    assert legend[:3] == ["Confirmed", "Partly confirmed", "Did not happen"]
    assert not {"Reported", "Anticipated", "Denied"} & set(legend)
    head = [th.get_text(strip=True) for th in soup.select("table.ov-table thead th")]
    assert head == ["Year", "Events", "Confirmed", "Partly confirmed", "Did not happen"]
    assert [td.get_text() for td in soup.select("table.ov-table tbody td")] == ["3", "1", "1", "1"]


def test_empty_overview_is_nothing() -> None:
    assert str(render_overview([], [], Urls(clean=False))) == ""


def ten_thousand_events() -> list[Event]:
    rng = random.Random(8)
    events = []
    for i in range(10_000):
        year = rng.randint(2000, 2025)
        precision = rng.random()
        if precision < 0.05:
            date = f"{year}"
        elif precision < 0.2:
            date = f"{year}-{rng.randint(1, 12):02d}"
        else:
            date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        events.append(make_event(i, date, rng.choice(STATUSES), title=f"Event {i} <&>"))
    return events


def test_ten_thousand_events_make_a_small_fast_density_strip() -> None:
    events = ten_thousand_events()
    eras = [Era("e", "An era", PartialDate.parse("2005-03"), "#336699",
                PartialDate.parse("2012-07-04"))]
    started = time.perf_counter()
    html = str(render_overview(events, eras, Urls(clean=False), "../..", dt.date(2026, 1, 1)))
    elapsed = time.perf_counter() - started
    size = len(html.encode("utf-8"))
    assert size < 100_000, f"overview is {size:,} bytes"
    assert elapsed < 2.0, f"overview took {elapsed:.2f} s"
    svg = overview_svg(html)
    assert not event_links(svg)  # merged: no per-event marks
    bins = [a for a in svg.iter(SVG_NS + "a") if a.get("class") is None]
    assert 300 <= len(bins) <= 26 * 12 + 26
    labels = [a.get("aria-label", "") for a in bins]
    assert all(re.fullmatch(r"\d+ events? (in \w+ \d{4}|dated only to the year \d{4})", x)
               for x in labels), labels[:5]
    total = sum(int(x.split()[0]) for x in labels)
    assert total == len(events)
    for link in bins:
        assert re.fullmatch(r"\.\./\.\./years/\d{4}/index\.html", link.get("href", ""))
        assert link.find(SVG_NS + "title") is not None
    assert "events per month" in html


def test_crowded_small_timeline_also_merges() -> None:
    events = [make_event(i, "2024-03-02") for i in range(30)]
    overview = layout(events, [], dt.date(2026, 1, 1))
    assert overview is not None and overview.dense
    html = str(render_overview(events, [], Urls(clean=True)))
    assert "30 events in March 2024" in html


def test_long_ranges_use_coarser_bins() -> None:
    events = [make_event(i, f"{1500 + i % 300}-06-01") for i in range(1000)]
    overview = layout(events, [], dt.date(2026, 1, 1))
    assert overview is not None and overview.dense and overview.bin_unit == "year"
    html = str(render_overview(events, [], Urls(clean=True)))
    ET.fromstring(SVG_RE.search(html).group())  # type: ignore[union-attr]
    assert "4 events in 1500" in html
    many = [make_event(i, f"{1000 + i % 1000}-06-01") for i in range(2000)]
    overview = layout(many, [], dt.date(2026, 1, 1))
    assert overview is not None and overview.bin_unit == "decade"
    assert "20 events in the 1990s" in str(render_overview(many, [], Urls(clean=True)))


# ---- the compact figure for narrow screens ------------------------------------------


def compact(html: str) -> Any:
    from bs4 import BeautifulSoup

    box = BeautifulSoup(html, "html5lib").select_one("figure.ov div.ov-compact")
    assert box is not None, "no compact overview in the figure"
    return box


def test_compact_overview_links_every_event_under_its_year() -> None:
    events = [make_event(1, "2021-09-15"), make_event(2, "2021-11", "reported"),
              make_event(3, "2023-01-02", "denied", title="A <b>bold</b> claim"),
              make_event(4, "2023-05-06", approximate=True)]
    eras = [Era("e", "An era", PartialDate.parse("2021-01"), "#336699",
                PartialDate.parse("2022-07-04"))]
    box = compact(str(render_overview(events, eras, Urls(clean=True), "/s", dt.date(2026, 1, 1))))
    rows = box.select("ol.ov-c-years > li")
    assert [r.select_one("a.ov-c-year").get_text() for r in rows] == ["2021", "2023"]
    assert [r.select_one("a.ov-c-year")["href"] for r in rows] == ["/s/years/2021/",
                                                                 "/s/years/2023/"]
    assert rows[0].select_one("a.ov-c-year")["aria-label"] == "2021: 2 events"
    marks = [[a["href"] for a in r.select("a.ov-c-ev")] for r in rows]
    assert marks == [["/s/events/e00001/", "/s/events/e00002/"],
                     ["/s/events/e00003/", "/s/events/e00004/"]]
    names = [a["aria-label"] for a in box.select("a.ov-c-ev")]
    assert names[2] == "A <b>bold</b> claim (2 January 2023; denied)"  # escaped, then parsed
    assert all(a.select_one("svg[aria-hidden=true]") for a in box.select("a.ov-c-ev"))
    assert "ov-hollow" in str(box.select("a.ov-c-ev")[3])  # the approximate date
    era = box.select_one("ul.ov-c-eras a")
    assert era is not None and era["href"] == "/s/eras/e/" and era.get_text() == "An era"


def test_compact_overview_of_many_events_counts_per_year() -> None:
    events = ten_thousand_events()
    box = compact(str(render_overview(events, [], Urls(clean=False), "..")))
    assert not box.select("a.ov-c-ev")
    rows = box.select("ol.ov-c-years > li")
    assert len(rows) == 26
    counts = [int(r.select_one(".ov-c-count").get_text().split()[0]) for r in rows]
    assert sum(counts) == len(events)
    widths = [float(r.select_one("svg.ov-c-bar rect")["width"]) for r in rows]
    assert max(widths) == 100 and min(widths) > 0
