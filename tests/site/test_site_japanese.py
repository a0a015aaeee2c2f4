"""The AUKUS site's Japanese edition (ja/): every event's title, summary and update notes
in Japanese, hreflang both ways, Japanese feeds, the About and Methodology pages in
Japanese, and quotes left verbatim in their own language."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
from helpers import ROOT
from htmlcheck import parse

from pelican.plugins.timeline.reading.events import load_events

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")  # kana and kanji


def events():
    result = load_events(ROOT / "events", base=ROOT)
    assert not result.errors
    return result.events


def test_every_event_has_a_japanese_title_summary_and_notes() -> None:
    for event in events():
        ja = event.translations.get("ja")
        assert ja is not None, event.id
        assert ja.title and JAPANESE.search(ja.title), event.id
        assert ja.summary and JAPANESE.search(ja.summary), event.id
        assert len(ja.updates) == len(event.updates), event.id
        assert all(note and JAPANESE.search(note) for note in ja.updates), event.id
        assert (ja.body is None) == (event.body is None), event.id


def test_every_event_page_of_the_japanese_edition_is_in_japanese(real_site: Path) -> None:
    for event in events():
        page = parse(real_site / "ja" / "events" / event.id / "index.html")
        assert page.html["lang"] == "ja"
        h1 = page.select_one("h1")
        assert not h1.has_attr("lang") and h1.get_text() == event.translations["ja"].title
        assert page.select_one(".translation-note") is None, event.id
        quotes = [q for q in page.select(".sources blockquote")]
        assert all(q.get("lang") == "en" for q in quotes), event.id
        english = parse(real_site / "events" / event.id / "index.html")
        assert [q.get_text() for q in quotes] == [
            q.get_text() for q in english.select(".sources blockquote")]


def test_hreflang_both_ways(real_site: Path) -> None:
    for folder, lang in (("", "en"), ("ja/", "ja")):
        for page in ("index.html", "events/2024-04-10-kishida-washington-visit/index.html",
                     "tags/pillar-2/index.html"):
            soup = parse(real_site / folder / page)
            alternates = {a["hreflang"]: a["href"] for a in soup.select("link[hreflang]")}
            assert set(alternates) == {"en", "ja", "x-default"}, (folder, page)
            base = (real_site / folder / page).parent
            assert (base / alternates["ja"]).resolve() == (real_site / "ja" / page).resolve()
            assert (base / alternates["en"]).resolve() == (real_site / page).resolve()
            assert soup.html["lang"] == lang


def test_the_japanese_feeds(real_site: Path) -> None:
    feed = feedparser.parse((real_site / "ja" / "feeds" / "events.atom.xml").read_bytes())
    assert feed.feed.language == "ja"
    assert feed.feed.title == "AUKUS年表"
    assert feed.entries and all(JAPANESE.search(e.title) for e in feed.entries)
    tag = feedparser.parse((real_site / "ja" / "feeds" / "tags" / "pillar-2.atom.xml").read_bytes())
    assert tag.entries and all(JAPANESE.search(e.title) for e in tag.entries)


def test_the_japanese_pages(real_site: Path) -> None:
    for slug in ("about", "methodology"):
        page = parse(real_site / "ja" / slug / "index.html")
        assert page.html["lang"] == "ja"
        assert JAPANESE.search(page.select_one("h1").get_text())
        hreflang = {a["hreflang"] for a in page.select("link[hreflang]")}
        assert hreflang == {"en", "ja", "x-default"}
        english = parse(real_site / slug / "index.html")
        assert {a["hreflang"] for a in english.select("link[hreflang]")} == hreflang
    home = parse(real_site / "ja" / "index.html")
    menu = {a.get_text() for a in home.select("nav[aria-label] a")}
    assert "このサイトについて" in menu and "方法論" in menu


def test_the_japanese_interface_and_dates(real_site: Path) -> None:
    home = parse(real_site / "ja" / "index.html")
    assert home.select_one(".skip-link").get_text() != "Skip to content"
    coverage = home.select_one("p.coverage").get_text()
    assert "2021年9月" in coverage and "2026年5月" in coverage, coverage
    times = [t.get_text() for t in home.select("main time")]
    assert times and all(JAPANESE.search(t) for t in times)
