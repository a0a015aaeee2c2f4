"""The AUKUS content: every URL and quote comes from the research notes, the story is all
there and linked, and statuses are honest.

tests/fixtures/research-sources.json holds the URLs and verbatim quotes of the project's three
research notes files (../shared/research/aukus-sources.md, aukus-sources-2.md and -3.md, beside the
repository). Where the notes are present, a test checks that this snapshot is still exactly
what they give; in CI (CI set) without them, that test fails rather than skipping.
"""

from __future__ import annotations

import itertools
import json
import os
import re
from pathlib import Path

from helpers import ROOT
from htmlcheck import parse

from pelican.plugins.timeline.building.site import build_site
from pelican.plugins.timeline.reading.eras import load_eras
from pelican.plugins.timeline.reading.events import load_events

FACTS = json.loads((ROOT / "tests" / "fixtures" / "research-sources.json").read_text("utf-8"))
# beside the repository root; AUKUS_RESEARCH_NOTES names another folder (e.g. from a worktree)
NOTES_DIR = Path(os.environ.get("AUKUS_RESEARCH_NOTES") or ROOT.parent / "shared" / "research")
NOTES_FILES = ("aukus-sources.md", "aukus-sources-2.md", "aukus-sources-3.md")

PACT = "2021-09-15-aukus-announced"
RAPP_HOOPER = "2024-02-rapp-hooper-remarks"
NIKKEI = "2024-03-02-nikkei-reports-japan-pillar-2-talks"
MINISTERS = "2024-04-08-aukus-ministers-consider-japan"
KISHIDA = "2024-04-10-kishida-washington-visit"
SANKEI = "2022-04-12-sankei-reports-japan-approach"
EXPECTED = "2024-04-03-japan-pillar-2-announcement-expected"
PATHWAY_2026 = "2026-05-30-pathway-revised-three-in-service-virginias"
OPTIMAL_PATHWAY = "2023-03-13-optimal-pathway-announced"
MAINTENANCE = (
    "2024-08-22-first-submarine-maintenance-period-at-stirling",
    "2025-11-uss-vermont-maintenance-at-stirling",
    "2026-02-22-hms-anson-maintenance-at-stirling",
)


def notes_facts(text: str) -> tuple[set[str], set[str]]:
    urls = {u.rstrip(".,;") for u in re.findall(r"https?://[^\s)\"'`]+", text)}
    found = re.findall(r'^\s+quote(?:_2)?: "(.*)"\s*$', text, re.M)
    quotes = {m.replace('\\"', '"') for m in found}
    quotes |= set(re.findall(r'quote "([^"]+)"', text))
    return urls, quotes


def facts_of_notes(folder: Path) -> tuple[set[str], set[str]]:
    urls: set[str] = set()
    quotes: set[str] = set()
    for name in NOTES_FILES:
        more_urls, more_quotes = notes_facts((folder / name).read_text(encoding="utf-8"))
        urls |= more_urls
        quotes |= more_quotes
    return urls, quotes


def test_the_snapshot_is_exactly_what_the_research_notes_give() -> None:
    """Where the notes are (the project's workplace, and its CI, which names them with
    AUKUS_RESEARCH_NOTES), the snapshot must be exactly what they give; a named folder that
    is missing fails. A public clone has no notes: there the committed snapshot stands, and
    the test checks only that it is whole."""
    named = os.environ.get("AUKUS_RESEARCH_NOTES")
    if not NOTES_DIR.is_dir():
        assert not named, f"AUKUS_RESEARCH_NOTES names {named}, which does not exist"
        assert len(FACTS["urls"]) > 100 and len(FACTS["quotes"]) > 100
        return
    missing = [n for n in NOTES_FILES if not (NOTES_DIR / n).is_file()]
    assert not missing, f"{NOTES_DIR} lacks {missing}"
    urls, quotes = facts_of_notes(NOTES_DIR)
    assert sorted(urls - set(FACTS["urls"])) == [], "in the notes, not in the snapshot"
    assert sorted(set(FACTS["urls"]) - urls) == [], "in the snapshot, not in the notes"
    assert sorted(quotes - set(FACTS["quotes"])) == [], "in the notes, not in the snapshot"
    assert sorted(set(FACTS["quotes"]) - quotes) == [], "in the snapshot, not in the notes"


def test_the_snapshot_holds_every_file() -> None:
    assert len(FACTS["urls"]) > 100 and len(FACTS["quotes"]) > 100
    # one URL that only the first file gives, and one that only the second gives
    assert "https://amp.abc.net.au/article/103676680" in FACTS["urls"]
    assert "https://www.govconexec.com/?p=622934" in FACTS["urls"]


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
    assert len(events) >= 38
    assert events[0].date.iso() == "2021-09-15"
    assert sum(e.date.year == 2026 for e in events) >= 2
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
    assert OPTIMAL_PATHWAY in linked[PATHWAY_2026] and PATHWAY_2026 in linked[OPTIMAL_PATHWAY]
    for one, other in itertools.pairwise(MAINTENANCE):
        assert other in linked[one] and one in linked[other]


def test_statuses_are_honest() -> None:
    by_id = {e.id: e for e in real_events()}
    rapp = by_id[RAPP_HOOPER]
    assert rapp.status == rapp.current_status == "reported" and rapp.approximate
    assert rapp.only_secondary_sources
    nikkei = by_id[NIKKEI]
    assert nikkei.status == "reported" and nikkei.current_status == "partly-confirmed"
    assert len(nikkei.updates) >= 2
    expected = by_id[EXPECTED]
    assert expected.status == "anticipated" and expected.current_status == "partly-confirmed"
    assert expected.approximate
    assert by_id[SANKEI].current_status == "denied"
    assert any(e.status == "anticipated" and e.status_changed for e in by_id.values())


def test_no_confirmed_status_rests_on_republished_copies_alone() -> None:
    for event in real_events():
        steps = [(event.status, event.sources, event.id)]
        steps += [(u.status, u.sources, f"{event.id} update {u.date}") for u in event.updates]
        for status, sources, where in steps:
            if status == "confirmed":
                assert any(s.kind != "republished" for s in sources), where
        if event.current_status == "confirmed":
            assert not event.only_secondary_sources, event.id


def test_partly_confirmed_updates_say_which_part() -> None:
    updates = [u for e in real_events() for u in e.updates if u.status == "partly-confirmed"]
    assert len(updates) >= 2
    for update in updates:
        note = " ".join(update.note.split())
        assert "**Confirmed:**" in note and "**Not confirmed:**" in note, note


def test_the_first_japanese_participation_is_not_widened() -> None:
    """July 2025 was the first time Japan took part in that particular testing, no more."""
    widened = re.compile(r"first time Japan (?:actively )?took part in AUKUS|first took part in "
                         r"(?:AUKUS )?Pillar II testing|first (?:reported )?part in Pillar II")
    texts = [e.summary + (e.body or "") + "".join(u.note for u in e.updates)
             for e in real_events()]
    texts += [p.read_text(encoding="utf-8") for p in (ROOT / "content").rglob("*.md")]
    texts.append((ROOT / "content" / "eras.yaml").read_text(encoding="utf-8"))
    for text in texts:
        assert not widened.search(" ".join(text.split())), text[:80]


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


def test_the_nikkei_page_shows_it_was_partly_confirmed(real_site: Path) -> None:
    event = {e.id: e for e in real_events()}[NIKKEI]
    soup = parse(real_site / "events" / NIKKEI / "index.html")
    badge = soup.select_one(".event-meta .status")
    assert badge.get_text(strip=True) == "Partly confirmed"
    assert "status-partly-confirmed" in badge["class"]
    last = soup.select("ol.history > li")[-1]
    assert last.select_one(".status").get_text(strip=True) == "Partly confirmed"
    note = last.select_one(".update-note").get_text(" ", strip=True)
    assert note.startswith("Confirmed:") and "Not confirmed:" in note
    first_words = " ".join(event.updates[-1].note.split()[1:6])
    assert first_words.replace("**", "") in " ".join(note.split())
