"""The AUKUS content: every URL and quote comes from the research notes, the story is all
there and linked, and statuses are honest.

tests/fixtures/research-sources.json holds the URLs and verbatim quotes of the project's
research notes (../shared/research/aukus-sources.md). Where the notes themselves are
present, the test also checks that this list is still exactly what they say.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from helpers import ROOT
from htmlcheck import parse

from pelican.plugins.timeline.building.site import build_site
from pelican.plugins.timeline.reading.eras import load_eras
from pelican.plugins.timeline.reading.events import load_events

FACTS = json.loads((ROOT / "tests" / "fixtures" / "research-sources.json").read_text("utf-8"))
NOTES = ROOT.parent / "shared" / "research" / "aukus-sources.md"

PACT = "2021-09-15-aukus-announced"
RAPP_HOOPER = "2024-02-rapp-hooper-remarks"
NIKKEI = "2024-03-02-nikkei-reports-japan-pillar-2-talks"
MINISTERS = "2024-04-08-aukus-ministers-consider-japan"
KISHIDA = "2024-04-10-kishida-washington-visit"
SANKEI = "2022-04-12-sankei-reports-japan-approach"


def notes_facts(text: str) -> tuple[set[str], set[str]]:
    urls = {u.rstrip(".,;") for u in re.findall(r"https?://[^\s)\"'`]+", text)}
    quotes = {m.replace('\\"', '"') for m in re.findall(r'^\s+quote: "(.*)"\s*$', text, re.M)}
    quotes |= set(re.findall(r'quote "([^"]+)"', text))
    return urls, quotes


def test_the_facts_list_matches_the_research_notes() -> None:
    if NOTES.is_file():  # in the project's workplace; elsewhere the committed list stands
        urls, quotes = notes_facts(NOTES.read_text(encoding="utf-8"))
        assert set(FACTS["urls"]) == urls
        assert set(FACTS["quotes"]) == quotes
    assert len(FACTS["urls"]) > 60 and len(FACTS["quotes"]) > 60


def real_events():
    result = load_events(ROOT / "events", base=ROOT)
    assert not result.errors, [i.format() for i in result.errors]
    return result.events


def test_every_url_and_quote_comes_from_the_notes() -> None:
    allowed_urls, allowed_quotes = set(FACTS["urls"]), set(FACTS["quotes"])
    eras, issues = load_eras(ROOT / "content" / "eras.yaml", ROOT)
    assert not issues
    sources = [s for e in real_events() for s in e.all_sources()]
    sources += [s for era in eras for s in era.sources]
    assert len(sources) > 60
    for source in sources:
        assert source.url in allowed_urls, source.url
        assert source.archive_url is None or source.archive_url in allowed_urls
        if source.quote is not None:
            assert source.quote in allowed_quotes, source.quote


def test_the_story_is_all_there_in_order_and_linked() -> None:
    events = real_events()
    assert len(events) >= 22
    assert events[0].date.iso() == "2021-09-15" and events[-1].date.year == 2025
    assert all(e.sources for e in events)
    site = build_site(events)
    linked = {eid: {r.id for r in site.related.get(eid, [])} for eid in site.by_id}
    story = [PACT, RAPP_HOOPER, NIKKEI, MINISTERS, KISHIDA]
    for event_id in story:
        assert event_id in site.by_id
    assert {RAPP_HOOPER, MINISTERS, KISHIDA, SANKEI} <= linked[NIKKEI]
    assert NIKKEI in linked[MINISTERS] and NIKKEI in linked[KISHIDA]
    assert MINISTERS in linked[KISHIDA]
    assert linked[PACT], "the pact links to the later story"


def test_statuses_are_honest() -> None:
    by_id = {e.id: e for e in real_events()}
    rapp = by_id[RAPP_HOOPER]
    assert rapp.status == rapp.current_status == "reported" and rapp.approximate
    assert rapp.only_secondary_sources
    assert by_id[NIKKEI].status == "reported" and by_id[NIKKEI].current_status == "confirmed"
    assert len(by_id[NIKKEI].updates) >= 2
    assert by_id[SANKEI].current_status == "denied"
    assert any(e.status == "anticipated" and e.status_changed for e in by_id.values())


def test_the_nikkei_page_shows_its_status_history_with_sources(real_site: Path) -> None:
    event = {e.id: e for e in real_events()}[NIKKEI]
    soup = parse(real_site / "events" / NIKKEI / "index.html")
    steps = soup.select("ol.history > li")
    assert len(steps) == len(event.updates) + 1
    assert steps[0].select_one(".status").get_text(strip=True) == "Reported"
    for step, update in zip(steps[1:], event.updates, strict=True):
        hrefs = {a["href"] for a in step.find_all("a", href=True)}
        assert {s.url for s in update.sources} <= hrefs
        assert step.find("time")["datetime"] == update.date.iso()
    text = soup.get_text(" ", strip=True)
    assert "Russian state media" in text


def test_the_secondary_only_event_says_so(real_site: Path) -> None:
    soup = parse(real_site / "events" / RAPP_HOOPER / "index.html")
    caveat = soup.select_one(".caveat")
    assert caveat is not None and "state media" in caveat.get_text()
