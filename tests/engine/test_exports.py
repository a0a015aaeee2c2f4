"""The data exports, read back with real parsers and compared with the events they come from.

JSON (+ JSON Schema), CSV, iCalendar, Atom, BibTeX, CSL-JSON, {{cite web}}, the Data page,
byte-identical rebuilds, and (browser) the TimelineJS view. The sites are built from the
shared fixture events plus one extra event, written here, with every character that
breaks a format: `|`, braces, brackets, `%&$#_~^\\`, double quotes, commas, line breaks,
Japanese text and a Wayback Machine archive link.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import bibtexparser
import feedparser
import icalendar
import jsonschema
import pytest
from bs4 import BeautifulSoup
from helpers import FIXTURE_EVENTS, FIXTURE_TODAY, ROOT, SITENAME, build_site

from pelican.plugins.timeline.building.site import Site
from pelican.plugins.timeline.building.site import build_site as build_model
from pelican.plugins.timeline.outputs import citations
from pelican.plugins.timeline.outputs.common import reproducible_time
from pelican.plugins.timeline.reading.events import load_events
from pelican.plugins.timeline.reading.model import (
    STATUS_LABELS,
    Event,
    PartialDate,
    Source,
    slugify,
)

ENGINE = ROOT / "pelican" / "plugins" / "timeline"
SCHEMA = json.loads((ENGINE / "schemas" / "events-json.schema.json").read_text("utf-8"))
SITEURL = "https://example.org/sub"
EDGE_ID = "2023-06-edge-cases"
EDGE_EVENT = """\
title: "Edge | case {braces} & 100% of $costs #1_x ~ ^ \\\\ for 岸田文雄"
date: 2023-06
status: reported
summary: |
  A summary with "double quotes", commas, and
  a second line.
tags: [pillar-2]
actors: [岸田文雄, "Smith, John"]
sources:
  - url: https://news.example.com/a?b=1&c=2
    title: "Report | with [brackets] and {{braces}} <b>"
    publisher: Example "Daily", Ltd
    date: 2023-06-02
    kind: news
    archive_url: https://web.archive.org/web/20230603120000/https://news.example.com/a?b=1&c=2
    quote: |-
      First line, with "quotes";
      second line ~~~~ and ''italic''.
"""


# ---- fixtures --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def events_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture events plus the edge-case event, in a folder of their own."""
    root = tmp_path_factory.mktemp("exports-events")
    shutil.copytree(FIXTURE_EVENTS, root / "events")
    (root / "events" / f"{EDGE_ID}.yaml").write_text(EDGE_EVENT, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def model(events_root: Path) -> Site:
    result = load_events(events_root / "events", base=events_root, today=FIXTURE_TODAY)
    assert not result.errors, result.errors
    return build_model(result.events)


@pytest.fixture(scope="module")
def local(events_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built with the local settings: relative URLs, no SITEURL."""
    return build_site(tmp_path_factory.mktemp("exports-local") / "output", events_root / "events")


@pytest.fixture(scope="module")
def published(events_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built with publishconf.py under an absolute SITEURL with a subpath."""
    return build_site(tmp_path_factory.mktemp("exports-pub") / "output", events_root / "events",
                      settings="publishconf.py", SITEURL=SITEURL)


def read(path: Path) -> str:
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf"), f"{path.name} starts with a BOM"
    return data.decode("utf-8")


def by_id(site: Site, event_id: str) -> Event:
    return site.by_id[event_id]


def date_obj(date: PartialDate | None) -> dict | None:
    if date is None:
        return None
    return {"value": date.iso(), "precision": date.precision, "year": date.year,
            "month": date.month, "day": date.day}


def source_obj(source: Source) -> dict:
    return {"url": source.url, "title": source.title, "publisher": source.publisher,
            "date": date_obj(source.date), "kind": source.kind, "note": source.note,
            "quote": source.quote, "archive_url": source.archive_url,
            "secondary_copy": source.is_secondary_copy}


# ---- events.json -----------------------------------------------------------------------


def test_events_json_is_valid_and_complete(local: Path, model: Site) -> None:
    data = json.loads(read(local / "data" / "events.json"))
    jsonschema.validate(data, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert data["version"] == 2
    statuses = {e["id"]: (e["status"], e["current_status"]) for e in data["events"]}
    assert statuses["2024-05-10-fixture-partly"] == ("reported", "partly-confirmed")
    assert statuses["2024-06-fixture-did-not-happen"] == ("anticipated", "did-not-happen")
    # version 1 data no longer validates: its readers must learn the two new statuses
    assert SCHEMA["properties"]["version"] == {"const": 2}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "version": 1}, SCHEMA)
    assert data["count"] == len(model.events) == len(data["events"])
    assert [e["id"] for e in data["events"]] == [e.id for e in model.events]  # timeline order
    assert data["license"] == {"name": "CC BY 4.0",
                               "url": "https://creativecommons.org/licenses/by/4.0/"}
    assert data["site"]["url"] is None
    for item in data["events"]:
        event = by_id(model, item["id"])
        assert item["title"] == event.title
        assert item["date"] == date_obj(event.date)
        assert item["end_date"] == date_obj(event.end_date)
        assert item["approximate"] is event.approximate
        assert item["display_date"] == event.display_date
        assert item["status"] == event.status
        assert item["current_status"] == event.current_status
        assert item["summary"] == event.summary
        assert item["body"] == event.body
        assert item["tags"] == list(event.tags)
        assert item["actors"] == list(event.actors)
        assert item["related"] == list(event.related)
        assert item["related_all"] == [r.id for r in model.related.get(event.id, [])]
        assert item["sources"] == [source_obj(s) for s in event.sources]
        assert [u["status"] for u in item["updates"]] == [u.status for u in event.updates]
        for got, update in zip(item["updates"], event.updates, strict=True):
            assert got["date"] == date_obj(update.date)
            assert got["note"] == update.note
            assert got["sources"] == [source_obj(s) for s in update.sources]
        assert item["permalink"] == f"events/{event.id}/index.html"
        assert item["file"] == f"events/{event.id}.yaml"


def test_events_json_details(local: Path) -> None:
    events = {e["id"]: e for e in json.loads(read(local / "data" / "events.json"))["events"]}
    report = events["2024-03-fixture-report"]
    assert report["date"] == {"value": "2024-03", "precision": "month", "year": 2024,
                              "month": 3, "day": None}
    assert report["display_date"] == "c. March 2024"
    assert (report["status"], report["current_status"]) == ("reported", "confirmed")
    assert "岸田文雄" in report["actors"]
    assert report["updates"][0]["note_html"] == (
        "<p>Ministers said they were <em>considering</em> cooperation; no membership.</p>")
    # related both ways: the pact lists the report, the report lists nothing
    assert report["related"] == [] and report["related_all"] == ["2021-09-15-pact-announced"]
    year = events["2024-fixture-year"]
    assert year["date"]["precision"] == "year" and year["end_date"]["value"] == "2025"
    assert "<li>one</li>" in year["body_html"]
    pact = events["2021-09-15-pact-announced"]
    assert pact["sources"][0]["quote"] == 'A landmark partnership, with commas, and "quotes".'
    edge = events[EDGE_ID]
    assert edge["sources"][0]["quote"] == (
        "First line, with \"quotes\";\nsecond line ~~~~ and ''italic''.")
    # the schema copy published next to the data is the repository's schema
    assert json.loads(read(local / "data" / "events.schema.json")) == SCHEMA


def test_events_json_absolute_permalinks(published: Path) -> None:
    data = json.loads(read(published / "data" / "events.json"))
    jsonschema.validate(data, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert data["site"]["url"] == SITEURL
    for item in data["events"]:
        assert item["permalink"] == f"{SITEURL}/events/{item['id']}/"


def test_generated_is_the_reproducible_time(local: Path, model: Site) -> None:
    data = json.loads(read(local / "data" / "events.json"))
    # latest past date: the year event's source, dated 2025-01 (2027 is anticipated)
    assert data["generated"] == "2025-01-01T00:00:00Z"
    assert reproducible_time(model) == dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def test_source_date_epoch_wins(model: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert reproducible_time(model) == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)


# ---- CSV -------------------------------------------------------------------------------


def test_events_csv(local: Path, model: Site) -> None:
    raw = (local / "data" / "events.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert raw.endswith(b"\r\n") and raw.split(b"\r\n")[0].startswith(b"id,date,end_date,")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert [r["id"] for r in rows] == [e.id for e in model.events]
    for row in rows:
        event = by_id(model, row["id"])
        assert row["date"] == event.date.iso()
        assert row["end_date"] == (event.end_date.iso() if event.end_date else "")
        assert row["precision"] == event.date.precision
        assert row["approximate"] == ("true" if event.approximate else "false")
        assert (row["status"], row["current_status"]) == (event.status, event.current_status)
        assert row["title"] == event.title
        assert row["summary"] == event.summary  # Markdown, line breaks kept
        assert row["tags"] == "; ".join(event.tags)
        assert row["actors"] == "; ".join(event.actors)
        assert row["first_source_url"] == event.sources[0].url
        assert row["source_count"] == str(len(event.all_sources()))
        assert row["permalink"] == f"events/{event.id}/index.html"
    assert {(r["status"], r["current_status"]) for r in rows} >= {
        ("reported", "partly-confirmed"), ("anticipated", "did-not-happen")}
    edge = next(r for r in rows if r["id"] == EDGE_ID)
    assert edge["actors"] == "岸田文雄; Smith, John"
    assert "\n" in edge["summary"] and '"double quotes", commas' in edge["summary"]


def test_sources_csv(local: Path, model: Site) -> None:
    text = read(local / "data" / "sources.csv")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "").replace(
        "First line, with \"\"quotes\"\";\nsecond", "")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    expected = []
    for event in model.events:
        expected += [(event.id, "false", "", s) for s in event.sources]
        for update in event.updates:
            expected += [(event.id, "true", update.date.iso(), s) for s in update.sources]
    assert len(rows) == len(expected)
    for row, (event_id, from_update, update_date, source) in zip(rows, expected, strict=True):
        assert (row["event_id"], row["from_update"], row["update_date"]) == (
            event_id, from_update, update_date)
        assert row["url"] == source.url and row["title"] == source.title
        assert row["publisher"] == source.publisher
        assert row["date"] == (source.date.iso() if source.date else "")
        assert row["date_precision"] == (source.date.precision if source.date else "")
        assert row["quote"] == (source.quote or "")
        assert row["archive_url"] == (source.archive_url or "")
    update_row = next(r for r in rows if r["from_update"] == "true")
    assert update_row["update_status"] == "confirmed"
    assert next(r for r in rows if r["event_id"] == EDGE_ID)["publisher"] == 'Example "Daily", Ltd'


# ---- TimelineJS ------------------------------------------------------------------------


def test_timelinejs_json(local: Path, model: Site) -> None:
    data = json.loads(read(local / "data" / "timelinejs.json"))
    assert data["title"]["text"]["headline"] == SITENAME
    slides = data["events"]
    assert [s["unique_id"] for s in slides] == [e.id for e in model.events]
    for slide in slides:
        event = by_id(model, slide["unique_id"])
        expected = {"year": str(event.date.year)}
        if event.date.month:
            expected["month"] = str(event.date.month)
        if event.date.day:
            expected["day"] = str(event.date.day)
        assert slide["start_date"] == expected  # only the known parts
        assert ("end_date" in slide) == (event.end_date is not None)
        assert slide.get("display_date") == (event.display_date if event.approximate else None)
        assert slide["group"] == STATUS_LABELS[event.current_status]
        soup = BeautifulSoup(slide["text"]["text"], "html.parser")
        links = [a["href"] for a in soup.find_all("a")]
        for source in event.all_sources():
            assert source.url in links
        assert f"../events/{event.id}/index.html" in links  # relative to timeline-view/
        assert BeautifulSoup(slide["text"]["headline"], "html.parser").get_text() == event.title
    groups = {s["unique_id"]: s["group"] for s in slides}
    assert groups["2024-05-10-fixture-partly"] == "Partly confirmed"
    assert groups["2024-06-fixture-did-not-happen"] == "Did not happen"
    report = next(s for s in slides if s["unique_id"] == "2024-03-fixture-report")
    assert report["start_date"] == {"year": "2024", "month": "3"}
    assert report["display_date"] == "c. March 2024"
    edge = next(s for s in slides if s["unique_id"] == EDGE_ID)
    assert "<b>" not in edge["text"]["text"]  # a title's markup is text, not HTML
    assert (local / "timeline-view" / "index.html").exists()


def test_timelinejs_only_on_its_page(local: Path) -> None:
    for page in local.rglob("*.html"):
        text = page.read_text("utf-8")
        uses = "vendor/timelinejs" in text
        assert uses == (page.relative_to(local).as_posix() == "timeline-view/index.html"), page
    soup = BeautifulSoup(read(local / "timeline-view" / "index.html"), "html.parser")
    embed = soup.find(id="timeline-embed")
    assert embed["data-src"] == "../data/timelinejs.json"
    assert not any("//" in (s.get("src") or "") for s in soup.find_all("script"))
    vendor = ENGINE / "theme" / "static" / "vendor" / "timelinejs"
    assert (vendor / "LICENSE").exists() and (vendor / "js" / "timeline.js").exists()


# ---- iCalendar -------------------------------------------------------------------------


def vevents(path: Path) -> list[Any]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    assert str(cal["VERSION"]) == "2.0"
    return list(cal.walk("VEVENT"))


def test_ics_all_events(local: Path, model: Site) -> None:
    entries = vevents(local / "data" / "events.ics")
    assert [str(e["UID"]) for e in entries] == [f"{e.id}@timeline" for e in model.events]
    for entry in entries:
        event = by_id(model, str(entry["UID"]).split("@")[0])
        start, end = entry.decoded("DTSTART"), entry.decoded("DTEND")
        assert type(start) is dt.date and type(end) is dt.date  # all-day: VALUE=DATE
        assert start == event.date.first_day()
        assert end == (event.end_date or event.date).last_day() + dt.timedelta(days=1)
        assert str(entry["SUMMARY"]) == f"{event.title} ({STATUS_LABELS[event.current_status]})"
        description = str(entry["DESCRIPTION"])
        for source in event.all_sources():
            assert source.url in description
        assert entry.decoded("DTSTAMP") == dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
        assert "URL" not in entry  # a local build has no address
    status = {str(e["UID"]).split("@")[0]: str(e.get("STATUS")) for e in entries}
    assert status["2024-06-fixture-did-not-happen"] == "CANCELLED"
    assert status["2024-05-10-fixture-partly"] == "CONFIRMED"
    assert status["2027-fixture-anticipated"] == "TENTATIVE"
    assert status["2024-03-02-fixture-day"] == "None"  # denied: no STATUS
    assert str(next(e for e in entries if str(e["UID"]).startswith(
        "2024-06-fixture-did-not-happen"))["SUMMARY"]) == (
        "Fixture expected treaty signing (Did not happen)")
    spans = {str(e["UID"]).split("@")[0]: (e.decoded("DTSTART"), e.decoded("DTEND"))
             for e in entries}
    assert spans["2024-03-fixture-report"] == (dt.date(2024, 3, 1), dt.date(2024, 4, 1))
    assert spans["2024-03-02-fixture-day"] == (dt.date(2024, 3, 2), dt.date(2024, 3, 3))
    assert spans["2024-fixture-year"] == (dt.date(2024, 1, 1), dt.date(2026, 1, 1))
    edge = next(e for e in entries if str(e["UID"]).startswith(EDGE_ID))
    assert str(edge["SUMMARY"]).startswith("Edge | case {braces} & 100% of $costs")
    assert "A summary with \"double quotes\", commas, and a second line." in str(
        edge["DESCRIPTION"])


def test_ics_anticipated_and_absolute(published: Path, model: Site) -> None:
    entries = vevents(published / "data" / "anticipated.ics")
    expected = [e for e in model.events if e.current_status == "anticipated"]
    assert expected
    assert [str(e["UID"]) for e in entries] == [f"{e.id}@example.org" for e in expected]
    assert str(entries[0]["URL"]) == f"{SITEURL}/events/{expected[0].id}/"
    assert str(entries[0]["STATUS"]) == "TENTATIVE"
    assert len(vevents(published / "data" / "events.ics")) == len(model.events)


# ---- feeds -----------------------------------------------------------------------------


def test_feed_of_all_events(published: Path, model: Site) -> None:
    feed = feedparser.parse((published / "feeds" / "events.atom.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    changes = [u for e in model.events for u in e.updates]
    assert len(feed.entries) == len(model.events) + len(changes)
    titles = [e.title for e in feed.entries]
    assert "Status changed: reported → confirmed: Fixture report, month precision" in titles
    assert ("Status changed: reported → partly confirmed: Fixture report, later partly "
            "confirmed") in titles
    assert "Status changed: anticipated → did not happen: Fixture expected treaty signing" in titles
    ids = [e.id for e in feed.entries]
    assert len(set(ids)) == len(ids)
    for entry in feed.entries:
        assert entry.link.startswith(SITEURL + "/events/")
    change = next(e for e in feed.entries
                  if e.title.startswith("Status changed: reported → confirmed"))
    assert change.published.startswith("2024-04-08")
    assert "https://www.example.org/ministers" in change.summary
    dates = [e.updated for e in feed.entries]
    assert dates == sorted(dates, reverse=True)


def test_feeds_per_tag_and_actor(published: Path, model: Site) -> None:
    for kind, terms in (("tags", model.tags), ("actors", model.actors)):
        for term in terms.values():
            path = published / "feeds" / kind / f"{term.slug}.atom.xml"
            feed = feedparser.parse(path.read_bytes())
            assert not feed.bozo, (path, feed.bozo_exception)
            assert feed.feed.title == f"{SITENAME}: {term.name}"
            links = {e.link for e in feed.entries}
            assert links == {f"{SITEURL}/events/{e.id}/" for e in term.events}
    kishida = model.actors[model.actor_slugs["岸田文雄"]]
    feed = feedparser.parse(
        (published / "feeds" / "actors" / f"{kishida.slug}.atom.xml").read_bytes())
    assert any(e.title.startswith("Status changed") for e in feed.entries)
    # the term pages link the feeds that exist
    term_page = read(published / "actors" / kishida.slug / "index.html")
    assert f"feeds/actors/{kishida.slug}.atom.xml" in term_page


# ---- citations -------------------------------------------------------------------------


def event_id_of(key: str, sitename: str = SITENAME) -> str:
    """The event id in a citation key, <site slug>-<event id> (the slug may hold hyphens)."""
    prefix = slugify(sitename) + "-"
    assert key.startswith(prefix), key
    return key.removeprefix(prefix)


def bib_entries(site: Path) -> dict:
    """data/events.bib's entries by event id."""
    library = bibtexparser.parse_string(read(site / "data" / "events.bib"))
    assert not library.failed_blocks
    return {event_id_of(e.key): e for e in library.entries}


def csl_items(site: Path) -> dict:
    items = json.loads(read(site / "data" / "events.csl.json"))
    return {event_id_of(item["id"]): item for item in items}


def test_bibtex_file(published: Path, model: Site) -> None:
    entries = bib_entries(published)
    assert list(entries) == [e.id for e in model.events]
    for event in model.events:
        entry = entries[event.id]
        assert entry.entry_type == "misc"
        fields = {f.key: f.value for f in entry.fields}
        assert fields["url"] == f"{SITEURL}/events/{event.id}/"
        assert fields["howpublished"] == "\\url{" + fields["url"] + "}"
        assert fields["year"] == str(event.date.year)
        assert ("month" in fields) == (event.date.month is not None)
        assert f"Status: {STATUS_LABELS[event.current_status].lower()}" in fields["note"]
        assert "urldate" not in fields
        assert fields["title"].count("{") == fields["title"].count("}")
    title = entries[EDGE_ID].fields_dict["title"].value
    assert title == ("{Edge | case \\textbraceleft{}braces\\textbraceright{} \\& 100\\% of "
                     "\\$costs \\#1\\_x \\textasciitilde{} \\textasciicircum{} "
                     "\\textbackslash{} for 岸田文雄}")
    assert entries["2024-03-fixture-report"].fields_dict["month"].value == "mar"


def test_csl_json_file(published: Path, model: Site) -> None:
    items = csl_items(published)
    assert list(items) == [e.id for e in model.events]
    for event in model.events:
        item = items[event.id]
        assert item["type"] == "webpage"
        assert item["title"] == event.title
        assert item["URL"] == f"{SITEURL}/events/{event.id}/"
        assert item["container-title"] == SITENAME
        parts = item["issued"]["date-parts"]
        assert parts[0] == [p for p in (event.date.year, event.date.month, event.date.day) if p]
        assert len(parts) == (2 if event.end_date else 1)
        assert all(isinstance(p, int) for part in parts for p in part)
    report = items["2024-03-fixture-report"]
    assert report["issued"] == {"date-parts": [[2024, 3]], "circa": True}


def parse_cite_web(text: str) -> dict[str, str]:
    assert text.startswith("{{cite web ") and text.endswith("}}")
    body = text[len("{{cite web "):-2]
    # {{!}} stands for a pipe inside a value; no other template may appear
    assert "{{" not in body.replace("{{!}}", "") and "}}" not in body.replace("{{!}}", "")
    params = {}
    for part in body.replace("{{!}}", "\0").split("|")[1:]:
        key, _, value = part.strip().partition("=")
        params[key] = value.replace("\0", "|")
    return params


def test_cite_web_escaping() -> None:
    source = Source(
        url="https://news.example.com/a b|c",
        title="Report | with [brackets] and {{braces}} <b>",
        publisher='Example "Daily", Ltd',
        date=PartialDate(2023, 6),
        archive_url="https://web.archive.org/web/20230603120000/https://news.example.com/a",
        quote="First line\nsecond ~~~~ and ''italic''",
        kind="news",
    )
    text = citations.cite_web(source)
    assert "\n" not in text and "<" not in text and "[" not in text
    params = parse_cite_web(text)
    assert params["url"] == "https://news.example.com/a%20b%7Cc"
    assert params["title"] == (
        "Report | with &#91;brackets&#93; and &#123;&#123;braces&#125;&#125; &#60;b&#62;")
    assert params["website"] == 'Example "Daily", Ltd'
    assert params["date"] == "June 2023"
    assert params["access-date"] == ""
    assert params["archive-date"] == "3 June 2023"
    assert params["quote"] == "First line second &#126;&#126;&#126;~ and &#39;&#39;italic&#39;&#39;"
    official = citations.cite_web(Source(url="https://x.example/", title="T", publisher="Gov",
                                         kind="official", archive_url="https://archive.ph/abc"))
    params = parse_cite_web(official)
    assert params["publisher"] == "Gov" and params["archive-date"] == "" and "date" not in params


def test_event_page_shows_citations(published: Path, model: Site) -> None:
    event = by_id(model, EDGE_ID)
    soup = BeautifulSoup(read(published / "events" / EDGE_ID / "index.html"), "html.parser")
    section = soup.find("section", class_="event-data")
    assert section is not None
    blocks = [d.find("pre").get_text() for d in section.find_all("details")
              if d.find("pre")]
    bib = next(b for b in blocks if b.lstrip("% ").startswith("Add urldate"))
    assert bib.split("\n", 1)[1] in read(published / "data" / "events.bib")  # same entry
    csl = next(b for b in blocks if b.startswith("["))
    assert json.loads(csl) == [csl_items(published)[EDGE_ID]]
    cites = [c.get_text() for c in section.select("details ol pre code")]
    assert len(cites) == len(event.all_sources())
    assert parse_cite_web(cites[0])["website"] == 'Example "Daily", Ltd'
    hrefs = {a["href"] for a in section.find_all("a")}
    for name in ("events.json", "events.csv", "events.ics"):
        assert f"{SITEURL}/data/{name}" in hrefs
    assert f"{SITEURL}/data/events.bib" in hrefs
    assert f"{SITEURL}/feeds/tags/pillar-2.atom.xml" in hrefs
    anticipated = BeautifulSoup(
        read(published / "events" / "2027-fixture-anticipated" / "index.html"), "html.parser")
    assert anticipated.find("a", href=f"{SITEURL}/data/anticipated.ics") is not None


# ---- the Data page ---------------------------------------------------------------------


def test_data_page(local: Path, published: Path) -> None:
    soup = BeautifulSoup(read(local / "data" / "index.html"), "html.parser")
    nav = soup.find("nav", attrs={"aria-label": "Site"})
    current = nav.find("a", attrs={"aria-current": "page"})
    assert current is not None and current.get_text() == "Data"
    hrefs = {a["href"] for a in soup.find("main").find_all("a")}
    for name in ("events.json", "events.schema.json", "events.csv", "sources.csv",
                 "timelinejs.json", "events.ics", "anticipated.ics", "events.bib",
                 "events.csl.json"):
        assert f"../data/{name}" in hrefs and (local / "data" / name).exists()
    assert "../feeds/events.atom.xml" in hrefs
    assert "https://creativecommons.org/licenses/by/4.0/" in hrefs
    assert "CC BY 4.0" in soup.get_text()
    for href in hrefs:  # every local link on the page resolves to a file
        if not href.startswith(("http", "#")):
            assert (local / "data" / href.split("#")[0]).resolve().exists(), href
    home = BeautifulSoup(read(published / "index.html"), "html.parser")
    nav_links = [a["href"] for a in home.find("nav", attrs={"aria-label": "Site"}).find_all("a")]
    assert f"{SITEURL}/data/" in nav_links


# ---- determinism -----------------------------------------------------------------------


def data_files(output: Path) -> dict[str, bytes]:
    files = {}
    for folder in ("data", "feeds"):
        for path in sorted((output / folder).rglob("*")):
            if path.is_file():
                files[path.relative_to(output).as_posix()] = path.read_bytes()
    return files


def test_two_builds_are_byte_identical(events_root: Path, published: Path,
                                       tmp_path: Path) -> None:
    again = build_site(tmp_path / "output", events_root / "events", settings="publishconf.py",
                       SITEURL=SITEURL)
    first, second = data_files(published), data_files(again)
    assert "data/events.json" in first and "feeds/events.atom.xml" in first
    assert first.keys() == second.keys()
    for name in first:
        assert first[name] == second[name], name


def test_no_clock_in_the_data(published: Path) -> None:
    """No file takes the build's date from the clock (the fixture data ends in 2025-01)."""
    today = dt.datetime.now(dt.UTC).date()
    for name, data in data_files(published).items():
        text = data.decode("utf-8")
        for stamp in (today.isoformat(), today.strftime("%Y%m%d")):
            assert stamp not in text, name


# ---- the TimelineJS view in a browser ----------------------------------------------------


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def served_view(events_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("exports-served")
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(QuietHandler, directory=str(root)))
    base = f"http://127.0.0.1:{server.server_address[1]}/repo"
    build_site(root / "repo", events_root / "events", settings="publishconf.py", SITEURL=base)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    server.server_close()


# Run in a child process: Playwright's sync API refuses to start while another sync
# Playwright (tests/engine/test_browser.py keeps one open for the session) runs in this thread.
BROWSER_CHECK = r"""
import json, re, sys
from playwright.sync_api import sync_playwright

base, chromium, title = sys.argv[1:4]
result = {"errors": [], "requests": [], "json_ok": False, "headline": False, "marker": False}
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=chromium, args=[
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
    try:
        page = browser.new_page()
        page.on("console", lambda m: m.type == "error" and result["errors"].append(m.text))
        page.on("pageerror", lambda e: result["errors"].append(str(e)))
        page.on("request", lambda r: result["requests"].append(r.url))
        with page.expect_response(re.compile(r"/data/timelinejs[.]json$")) as response:
            page.goto(base + "/timeline-view/")
        result["json_ok"] = response.value.ok
        marker = page.locator(".tl-timemarker-text", has_text=title).first
        marker.wait_for(state="attached", timeout=15000)
        result["marker"] = True
        page.keyboard.press("ArrowRight")  # from the title slide to the first event
        headline = page.locator(".tl-slide-content .tl-headline", has_text=title).first
        headline.wait_for(state="visible", timeout=15000)
        result["headline"] = headline.is_visible()
    finally:
        browser.close()
print(json.dumps(result))
"""


@pytest.mark.browser
def test_timelinejs_view_in_browser(served_view: str, model: Site) -> None:
    chromium = os.environ.get("TIMELINE_CHROMIUM", "/usr/bin/chromium")
    assert Path(chromium).exists(), (
        f"Chromium not found at {chromium}: install Debian's 'chromium' package or set "
        "TIMELINE_CHROMIUM (browser tests never skip)")
    first = model.events[0]
    run = subprocess.run([sys.executable, "-c", BROWSER_CHECK, served_view, chromium, first.title],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["json_ok"], "timelinejs.json was not loaded"
    assert result["marker"] and result["headline"], result
    assert not result["errors"], result["errors"]  # includes Content-Security-Policy reports
    outside = [u for u in result["requests"] if not u.startswith(served_view)]
    assert not outside, outside
