"""Integration: build real sites with Pelican and inspect them with an HTML parser."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers import FIXTURE_EVENTS, ROOT, SAMPLE_SITE, build_site
from htmlcheck import html_files, links, parse, resolve_local

from pelican.plugins.timeline.reading.events import load_events

FIXTURE_ORDER = [
    "2021-09-15-pact-announced",
    "2024-fixture-year",
    "2024-03-fixture-report",
    "2024-03-02-fixture-day",
    "2024-05-10-fixture-partly",
    "2024-06-fixture-did-not-happen",
    "2027-fixture-anticipated",
]
ALL_STATUSES = ["Confirmed", "Partly confirmed", "Reported", "Anticipated", "Did not happen",
                "Denied"]


def article_ids(soup) -> list[str]:
    return [a["id"].removeprefix("event-") for a in soup.select("main article.event")]


def test_home_lists_events_in_date_order_grouped_by_year(fixture_site: Path) -> None:
    soup = parse(fixture_site / "index.html")
    assert article_ids(soup) == FIXTURE_ORDER
    years = [h.get_text(strip=True) for h in soup.select("main section.year > h2")]
    assert years == ["2021", "2024", "2027"]


def test_dates_keep_their_precision(fixture_site: Path) -> None:
    soup = parse(fixture_site / "index.html")
    times = {a["id"]: a.find("time") for a in soup.select("article.event")}
    month = times["event-2024-03-fixture-report"]
    assert month["datetime"] == "2024-03"
    assert month.get_text() == "c. March 2024"
    assert times["event-2024-fixture-year"].get_text() == "2024 – 2025"
    assert times["event-2021-09-15-pact-announced"].get_text() == "15 September 2021"


def test_status_is_in_words_and_a_changed_status_says_so(fixture_site: Path) -> None:
    soup = parse(fixture_site / "index.html")
    report = soup.find(id="event-2024-03-fixture-report")
    badge = report.select_one(".status")
    assert badge.get_text(strip=True) == "Confirmed"
    assert "first reported" in report.get_text(" ", strip=True)
    denied = soup.find(id="event-2024-03-02-fixture-day").select_one(".status")
    assert denied.get_text(strip=True) == "Denied"
    for event_id, css, word, was in [
        ("2024-05-10-fixture-partly", "status-partly-confirmed", "Partly confirmed",
         "first reported"),
        ("2024-06-fixture-did-not-happen", "status-did-not-happen", "Did not happen",
         "first anticipated"),
    ]:
        article = soup.find(id=f"event-{event_id}")
        badge = article.select_one(".status")
        assert badge["class"] == ["status", css]
        assert badge.get_text(strip=True) == word
        assert badge.select_one(".status-mark[aria-hidden=true]") is not None
        assert article.select_one(".status-was").get_text(strip=True) == f"({was})"


def test_home_lists_the_statuses_in_use_with_counts_and_filters(fixture_site: Path) -> None:
    soup = parse(fixture_site / "index.html")
    # the fixture's only reported event was later confirmed: no event is reported now,
    # so "Reported" is in no list, count, filter or legend
    used = [s for s in ALL_STATUSES if s != "Reported"]
    items = soup.select("nav.statuses li")
    counts = [(li.select_one(".status").get_text(strip=True), li.select_one(".count").get_text())
              for li in items]
    assert counts == [("Confirmed", "(3)"), ("Partly confirmed", "(1)"), ("Anticipated", "(1)"),
                      ("Did not happen", "(1)"), ("Denied", "(1)")]
    assert [li.select_one(".status")["class"][1] for li in items] == [
        "status-confirmed", "status-partly-confirmed", "status-anticipated",
        "status-did-not-happen", "status-denied"]
    boxes = [box.parent.get_text(strip=True)
             for box in soup.select("#filter-form input[name=status]")]
    assert boxes == used
    legend = [li.get_text(strip=True) for li in soup.select("ul.ov-legend li")]
    assert legend[:5] == used and "Reported" not in legend
    head = [th.get_text(strip=True) for th in soup.select("table.ov-table thead th")][2:]
    assert head == used
    assert not (fixture_site / "status" / "reported").exists()
    search = parse(fixture_site / "search" / "index.html")
    options = [o.get_text() for o in search.select("#search-status option")][1:]
    assert options == used


def test_partly_confirmed_page_shows_the_note(fixture_site: Path) -> None:
    page = parse(fixture_site / "events" / "2024-05-10-fixture-partly" / "index.html")
    history = page.select("ol.history > li")
    assert [li.select_one(".status").get_text(strip=True) for li in history] == [
        "Reported", "Partly confirmed"]
    assert "the second was not mentioned" in history[1].get_text()
    explainer = page.select_one(".status-explainer").get_text(" ", strip=True)
    assert explainer.startswith("Partly confirmed: Official statements confirmed part")
    status = parse(fixture_site / "status" / "did-not-happen" / "index.html")
    assert article_ids(status) == ["2024-06-fixture-did-not-happen"]


def test_coverage_line_on_the_home_page(fixture_site: Path) -> None:
    soup = parse(fixture_site / "index.html")
    # runs to the latest event dated on or before "today" (2026-11-28): not to 2027
    assert soup.select_one("main p.coverage").get_text() == (
        "Coverage: September 2021 to June 2024 (7 events). Last reviewed 28 November 2026.")


def test_a_site_using_one_status_shows_no_other(tmp_path: Path) -> None:
    events = tmp_path / "events"
    events.mkdir()
    for name in ("2024-fixture-year.yaml", "2024-03-02-fixture-day.yaml"):
        text = (FIXTURE_EVENTS / name).read_text(encoding="utf-8")
        (events / name).write_text(text.replace("status: denied", "status: confirmed"),
                                    encoding="utf-8")
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    (content / "pages" / "about.md").write_text(
        "Title: About\nSlug: about\nShow_coverage: true\n\nAbout this timeline.\n",
        encoding="utf-8")
    (content / "pages" / "other.md").write_text(
        "Title: Other\nSlug: other\n\nNo coverage here.\n", encoding="utf-8")
    output = build_site(tmp_path / "output", events=events, PATH=str(content),
                        TIMELINE_LAST_REVIEWED=None, TIMELINE_THREADS_PATH=None,
                        TIMELINE_ERAS_PATH=None)
    home = parse(output / "index.html")
    assert [li.get_text(" ", strip=True) for li in home.select("nav.statuses li")] == [
        "Confirmed (2)"]
    assert [b["value"] for b in home.select("#filter-form input[name=status]")] in (
        [], ["confirmed"])
    legend = [li.get_text(strip=True) for li in home.select("ul.ov-legend li")]
    assert legend[0] == "Confirmed"
    assert not set(ALL_STATUSES[1:]) & set(legend)
    text = home.get_text(" ", strip=True)
    for word in ("Reported", "Anticipated", "Denied", "Partly confirmed", "Did not happen"):
        assert word not in text, word
    assert sorted(p.name for p in (output / "status").iterdir()) == ["confirmed"]
    # no TIMELINE_LAST_REVIEWED: no "Last reviewed" sentence
    assert home.select_one("p.coverage").get_text() == "Coverage: 2024 to March 2024 (2 events)."
    about = parse(output / "about" / "index.html")
    assert about.select_one("article.page p.coverage").get_text() == (
        "Coverage: 2024 to March 2024 (2 events).")
    other = parse(output / "other" / "index.html")
    assert other.select_one("p.coverage") is None


def test_every_event_page_links_its_sources(fixture_site: Path) -> None:
    result = load_events(FIXTURE_EVENTS)
    assert len(result.events) == len(FIXTURE_ORDER)
    for event in result.events:
        page = fixture_site / "events" / event.id / "index.html"
        soup = parse(page)
        assert soup.find("h1").get_text(strip=True) == event.title
        hrefs = {a["href"] for a in soup.select("main a[href]")}
        for source in event.all_sources():
            assert source.url in hrefs, (event.id, source.url)
            anchors = [a for a in soup.select(".sources a[href]") if a["href"] == source.url]
            assert anchors and source.publisher in anchors[0].get_text()


def test_event_page_shows_full_sources_related_and_neighbours(fixture_site: Path) -> None:
    soup = parse(fixture_site / "events" / "2021-09-15-pact-announced" / "index.html")
    text = soup.get_text(" ", strip=True)
    assert "A landmark partnership, with commas, and \"quotes\"." in text
    assert "15 September 2021" in text
    related = soup.find(id="related-h").find_parent("section")
    assert "Fixture report, month precision" in related.get_text()
    # shown both ways: the report's page lists the pact although only the pact names it
    other = parse(fixture_site / "events" / "2024-03-fixture-report" / "index.html")
    assert "Fixture pact announced" in other.find(id="related-h").find_parent(
        "section").get_text()
    nav = soup.select_one("nav.prev-next")
    assert nav.find("a", rel="next")["href"].endswith("events/2024-fixture-year/index.html")
    assert nav.find("a", rel="prev") is None


def test_status_history_is_shown_in_order(fixture_site: Path) -> None:
    soup = parse(fixture_site / "events" / "2024-03-fixture-report" / "index.html")
    history = soup.select("ol.history > li")
    assert [li.select_one(".status").get_text(strip=True) for li in history] == [
        "Reported", "Confirmed"]
    assert history[1].find("a", href="https://www.example.org/ministers")
    assert history[1].find("em").get_text() == "considering"


def test_tag_actor_and_status_pages_list_their_events(fixture_site: Path) -> None:
    tag = parse(fixture_site / "tags" / "pillar-2" / "index.html")
    assert article_ids(tag) == ["2024-03-fixture-report", "2024-03-02-fixture-day",
                                "2024-05-10-fixture-partly"]
    actors = parse(fixture_site / "actors" / "index.html")
    names = [a.get_text() for a in actors.select("main ul.terms a")]
    assert {"Australia", "Japan", "岸田文雄", "no", "yes", "off"} <= set(names)
    japan = parse(fixture_site / "actors" / "japan" / "index.html")
    assert article_ids(japan) == ["2024-03-fixture-report"]
    status = parse(fixture_site / "status" / "anticipated" / "index.html")
    assert article_ids(status) == ["2027-fixture-anticipated"]


def test_tricky_values_render_unchanged(fixture_site: Path) -> None:
    soup = parse(fixture_site / "events" / "2024-03-02-fixture-day" / "index.html")
    actors = [a.get_text() for a in soup.select("a[href*='actors/']")]
    assert {"no", "yes", "off"} <= set(actors)
    report = parse(fixture_site / "events" / "2024-03-fixture-report" / "index.html")
    assert "岸田文雄" in report.get_text()


def test_every_internal_link_resolves(fixture_site: Path) -> None:
    for root in (fixture_site,):
        broken = []
        for page in html_files(root):
            for href in links(parse(page)):
                target = resolve_local(page, href, root)
                if target is not None and not target.is_file():
                    broken.append(f"{page.relative_to(root)} -> {href}")
        assert not broken, broken[:20]


def test_subpath_build_links_all_start_with_siteurl(subpath_site: Path) -> None:
    siteurl = "http://localhost:8765/repo"
    root = subpath_site / "repo"
    checked = 0
    for page in html_files(root):
        for href in links(parse(page)):
            if href.startswith("#") or (
                    href.startswith(("http://", "https://")) and not href.startswith(siteurl)):
                continue  # a link within the page, or an external source link
            assert href.startswith(siteurl + "/"), f"{page.relative_to(root)}: {href}"
            target = resolve_local(page, href, root, siteurl)
            assert target is not None and target.is_file(), f"{page}: {href}"
            checked += 1
    assert checked > 100


def _run_pelican(events: Path, output: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "80"}
    return subprocess.run(
        [sys.executable, "-m", "pelican", str(SAMPLE_SITE / "content"),
         "-s", str(SAMPLE_SITE / "pelicanconf.py"), "-o", str(output),
         "-e", f'TIMELINE_EVENTS_PATH="{events}"', f'CACHE_PATH="{output}-cache"'],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_a_broken_event_fails_the_build_naming_file_and_line(tmp_path: Path) -> None:
    events = tmp_path / "events"
    events.mkdir()
    (events / "2024-01-01-ok.yaml").write_text(
        (FIXTURE_EVENTS / "2027-fixture-anticipated.yaml").read_text(encoding="utf-8"),
        encoding="utf-8")
    (events / "2024-01-02-bad.yaml").write_text(
        "title: Bad\ndate: 2024-01-02\nstatus: maybe\nsummary: x\nsoruces: []\n",
        encoding="utf-8")
    (events / "2024-01-03-worse.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    result = _run_pelican(events, tmp_path / "out")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    lines = output.splitlines()
    assert "events/2024-01-02-bad.yaml:3:9: error: 'status' is 'maybe': write one of: " \
        "confirmed, partly-confirmed, reported, anticipated, did-not-happen, denied" in lines
    assert any(line.startswith("events/2024-01-02-bad.yaml:5:1: error: unknown field "
                               "'soruces' in the event: did you mean 'sources'?")
               for line in lines)
    assert any(line.startswith("events/2024-01-03-worse.yaml:2:1: error: invalid YAML")
               for line in lines), output
    assert not (tmp_path / "out" / "index.html").exists()


def test_validate_lists_nothing_for_good_events(events: Path = FIXTURE_EVENTS) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pelican.plugins.timeline.commands.check", str(events),
         "--today", "2026-11-28"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "0 error(s)" in result.stderr


def test_search_index_has_a_shard_a_year_and_reuses_unchanged_shards(tmp_path: Path) -> None:
    import json as _json

    first = build_site(tmp_path / "one", TIMELINE_SEARCH=True)
    manifest = _json.loads((first / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    assert manifest["shards"] and manifest["shards"] == sorted(manifest["shards"], reverse=True)
    for name in manifest["shards"]:
        assert (first / "pagefind" / name / "pagefind.js").is_file()
        assert list((first / "pagefind" / name / "fragment").iterdir())
    second = build_site(tmp_path / "two", TIMELINE_SEARCH=True,
                        TIMELINE_PREVIOUS_OUTPUT=str(first))
    entry = Path("pagefind", manifest["shards"][0], "pagefind-entry.json")
    assert (second / entry).stat().st_ino == (first / entry).stat().st_ino  # hard-linked
    assert not (build_site(tmp_path / "three") / "pagefind").exists()
