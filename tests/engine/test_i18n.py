"""Every reader's language: complete catalogs, a site in DEFAULT_LANG, language editions
with hreflang both ways, events' translations (falling back, marked, to the original),
and the validator's checks of them. Real builds of fixture sites, read with html5lib."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from pelican.plugins.timeline.building.i18n import LOCALE_DIR, Localizer, shipped_languages
from pelican.plugins.timeline.commands import catalogs
from pelican.plugins.timeline.commands.quickstart import main as quickstart
from pelican.plugins.timeline.reading.events import load_events
from pelican.plugins.timeline.reading.model import PartialDate
from tests.helpers import FIXTURE_EVENTS, build_site

CATALOG_LANGUAGES = ("en", "fr", "de", "es", "ja")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}")


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")


# ---- the catalogs ----------------------------------------------------------------------


def test_the_engine_ships_complete_catalogs_for_five_languages():
    assert set(CATALOG_LANGUAGES) <= set(shipped_languages())
    for lang in CATALOG_LANGUAGES:
        assert catalogs.missing(lang) == [], f"{lang}: texts with no translation"


def test_a_text_without_a_catalog_entry_fails_the_check(tmp_path, monkeypatch):
    """The check above can fail: a new template text is missing from every catalog."""
    template = catalogs.extract()
    template.add("A text no catalog has yet")
    monkeypatch.setattr(catalogs, "extract", lambda: template)
    assert catalogs.missing("fr") == ["A text no catalog has yet"]


def test_the_shipped_template_and_compiled_catalogs_are_current():
    with catalogs.POT.open("rb") as handle:
        from babel.messages.pofile import read_po

        shipped = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    current = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogs.extract() if m.id}
    assert shipped == current, "run `invoke catalogs` and commit locale/"
    for lang in CATALOG_LANGUAGES:
        mo = catalogs.po_path(lang).with_suffix(".mo")
        assert mo.is_file() and mo.read_bytes() == catalogs.compiled(lang), (
            f"{lang}: run `invoke catalogs-compile`")


def test_translations_keep_every_placeholder():
    from babel.messages.pofile import read_po

    for lang in CATALOG_LANGUAGES:
        with catalogs.po_path(lang).open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        for message in catalog:
            if not message.id:
                continue
            ids = [message.id] if isinstance(message.id, str) else list(message.id)
            strings = ([message.string] if isinstance(message.string, str)
                       else list(message.string))
            wanted = set(PLACEHOLDER.findall(ids[-1])) - {"%(num)d", "%(num)s"}
            for text in strings:
                assert wanted <= set(PLACEHOLDER.findall(text)), (lang, ids[0], text)


@pytest.mark.parametrize(("lang", "year", "month", "day", "span"), [
    ("en", "2024", "March 2024", "2 March 2024", "16–17 July 2025"),
    ("fr", "2024", "mars 2024", "2 mars 2024", "16–17 juil. 2025"),
    ("de", "2024", "März 2024", "2. März 2024", "16.–17. Juli 2025"),
    ("es", "2024", "marzo de 2024", "2 de marzo de 2024", "16–17 de julio de 2025"),
    ("ja", "2024年", "2024年3月", "2024年3月2日", "2025年7月16日～17日"),
])
def test_dates_in_the_locale_at_the_precision_known(lang, year, month, day, span):
    loc = Localizer.for_language(lang)
    assert loc.date(PartialDate(2024)) == year
    assert loc.date(PartialDate(2024, 3)) == month
    assert loc.date(PartialDate(2024, 3, 2)) == day
    assert loc.span(PartialDate(2025, 7, 16), PartialDate(2025, 7, 17)) == span
    assert loc.span(PartialDate(2024, 3), approximate=True) != month  # "c." in the language


def test_catalogs_live_in_the_package():
    assert LOCALE_DIR.parent.name == "timeline"
    assert (LOCALE_DIR / "ja" / "LC_MESSAGES" / "timeline.mo").is_file()


# ---- editions --------------------------------------------------------------------------

TRANSLATED = """translations:
  fr:
    title: Rapport de test, confirmé en partie plus tard
    summary: Des responsables non nommés ont dit que deux projets commenceraient.
    updates:
      - note: Les ministres ont confirmé le premier projet ; le second n'a pas été mentionné.
"""


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    events = tmp_path_factory.mktemp("events")
    for path in FIXTURE_EVENTS.glob("*.yaml"):
        shutil.copy2(path, events / path.name)
    partly = events / "2024-05-10-fixture-partly.yaml"
    partly.write_text(partly.read_text(encoding="utf-8") + TRANSLATED, encoding="utf-8")
    output = tmp_path_factory.mktemp("editions") / "output"
    return build_site(output, events, TIMELINE_LANGUAGES=["en", "fr"])


def test_each_edition_has_its_own_pages_in_its_language(editions):
    en = soup_of(editions / "index.html")
    fr = soup_of(editions / "fr" / "index.html")
    assert en.html["lang"] == "en" and fr.html["lang"] == "fr"
    assert fr.select_one("a.skip-link").get_text() != en.select_one("a.skip-link").get_text()
    assert (editions / "fr" / "events" / "2024-05-10-fixture-partly" / "index.html").is_file()
    assert (editions / "fr" / "feeds" / "events.atom.xml").is_file()
    assert (editions / "fr" / "data" / "events.json").is_file()
    assert not (editions / "fr" / "theme").exists()  # one set of static files for both
    assert soup_of(editions / "fr" / "index.html").select_one(
        "link[rel=stylesheet]")["href"] == "../theme/css/site.css"


def test_hreflang_both_ways_with_x_default(editions):
    page = "events/2024-05-10-fixture-partly/index.html"
    for folder in ("", "fr/"):
        soup = soup_of(editions / folder / page)
        links = {link["hreflang"]: link["href"] for link in soup.select("link[hreflang]")}
        assert set(links) == {"en", "fr", "x-default"}
        base = (editions / folder / page).parent
        for lang, href in links.items():
            assert (base / href).resolve().is_file(), (folder, lang, href)
        assert (base / links["x-default"]).resolve() == (editions / page).resolve()
        switch = soup.select(".language-switcher a")
        assert [a["hreflang"] for a in switch] == ["en", "fr"]
        assert [a.get_text() for a in switch] == ["English", "Français"]


def test_a_translation_is_shown_and_a_missing_one_falls_back_marked(editions):
    translated = soup_of(editions / "fr" / "events" / "2024-05-10-fixture-partly" / "index.html")
    h1 = translated.select_one("h1")
    assert h1.get_text() == "Rapport de test, confirmé en partie plus tard"
    assert not h1.has_attr("lang")
    assert "Les ministres ont confirmé" in translated.select_one(".update-note").get_text()
    assert translated.select_one(".translation-note") is None
    fallback = soup_of(editions / "fr" / "events" / "2021-09-15-pact-announced" / "index.html")
    assert fallback.select_one("h1")["lang"] == "en"
    assert fallback.select_one(".summary")["lang"] == "en"
    note = fallback.select_one(".translation-note")
    assert note is not None and not note.has_attr("lang")


def test_quotes_stay_verbatim_and_say_their_language(editions):
    en = soup_of(editions / "events" / "2021-09-15-pact-announced" / "index.html")
    fr = soup_of(editions / "fr" / "events" / "2021-09-15-pact-announced" / "index.html")
    en_quotes = [q.get_text() for q in en.select(".sources blockquote")]
    fr_quotes = fr.select(".sources blockquote")
    assert en_quotes and en_quotes == [q.get_text() for q in fr_quotes]
    assert all(q["lang"] == "en" for q in fr_quotes)
    assert not any(q.has_attr("lang") for q in en.select(".sources blockquote"))


def test_each_edition_has_its_feed_in_its_language(editions):
    feed = feedparser.parse((editions / "fr" / "feeds" / "events.atom.xml").read_bytes())
    assert feed.feed.get("language") == "fr"
    titles = [e.title for e in feed.entries]
    assert any(t.startswith("Rapport de test") for t in titles)
    english = feedparser.parse((editions / "feeds" / "events.atom.xml").read_bytes())
    assert english.feed.get("language") == "en"


def test_the_sitemap_lists_both_editions(editions):
    sitemap = (editions / "sitemap.xml").read_text(encoding="utf-8")
    assert "embed/" not in sitemap  # the embedded views point to their full pages
    assert "<loc>fr/events/2024-05-10-fixture-partly/index.html</loc>" in sitemap
    assert "<loc>events/2024-05-10-fixture-partly/index.html</loc>" in sitemap
    assert not (editions / "fr" / "sitemap.xml").exists()


def test_search_records_are_in_the_edition_language():
    from pelican.plugins.timeline.outputs.search import event_record

    result = load_events(FIXTURE_EVENTS)
    event = next(e for e in result.events if e.id == "2024-05-10-fixture-partly")
    record = event_record(event, "/events/x/", {}, "ja")
    assert record["language"] == "ja"
    assert "年" in record["meta"]["date"]
    assert record["meta"]["status"] != "Partly confirmed"


# ---- validation of translations --------------------------------------------------------

GOOD = """title: A test event
date: 2024-03-02
status: reported
summary: Something was reported.
sources:
  - url: https://news.example.com/a
    title: A report
    publisher: Example News
    quote: Something was said.
"""


def problems(tmp_path: Path, text: str) -> list[str]:
    folder = tmp_path / "events"
    folder.mkdir(exist_ok=True)
    (folder / "2024-03-02-a.yaml").write_text(text, encoding="utf-8")
    return [i.format() for i in load_events(folder, base=tmp_path).errors]


def test_a_good_translation_validates(tmp_path):
    assert problems(tmp_path, GOOD + "translations:\n  ja:\n    title: 報道された出来事\n") == []


def test_an_unknown_language_code_is_an_error(tmp_path):
    found = problems(tmp_path, GOOD + "translations:\n  xx-nope:\n    title: T\n")
    assert len(found) == 1
    assert found[0].startswith("events/2024-03-02-a.yaml:11:3: error: 'xx-nope' is not a "
                               "language code")


def test_translating_a_field_the_event_lacks_is_an_error(tmp_path):
    found = problems(tmp_path, GOOD + "translations:\n  fr:\n    body: Du texte.\n")
    assert len(found) == 1
    assert found[0].startswith("events/2024-03-02-a.yaml:12:5: error: 'body' in the fr "
                               "translation, but the event has no 'body'")


def test_translating_a_quote_is_an_error(tmp_path):
    found = problems(tmp_path, GOOD + "translations:\n  fr:\n    title: Un titre\n"
                                      "    quote: Quelque chose a été dit.\n")
    assert len(found) == 1
    assert found[0].startswith("events/2024-03-02-a.yaml:13:5: error: 'quote' in the fr "
                               "translation: quotes are never translated")


def test_more_update_notes_than_updates_is_an_error(tmp_path):
    found = problems(tmp_path, GOOD + "translations:\n  fr:\n    updates:\n"
                                      "      - note: Une note.\n")
    assert len(found) == 1 and "has 1 update notes but the event has 0" in found[0]


def test_an_unknown_edition_language_is_a_settings_error(tmp_path):
    from pelican.plugins.timeline.settings import ConfigError, TimelineConfig

    with pytest.raises(ConfigError) as info:
        TimelineConfig.from_settings({"TIMELINE_LANGUAGES": ["en", "klingon-x"]})
    assert "'klingon-x' is not a language code" in str(info.value)


# ---- a new site in French or Japanese --------------------------------------------------

ARGS = ["--title", "Chronologie", "--description", "Une chronologie.", "--author",
        "Les éditeurs", "--repo-url", "https://github.com/example/chronologie"]


def visible_ui_text(page: Path) -> str:
    """What the page shows besides its content (event titles, summaries, sources, tag
    names, the site's own name and description, the starter pages' titles) and its
    machine-readable blocks (BibTeX, CSL-JSON)."""
    soup = soup_of(page)
    for selector in ("[hidden]", "pre", "code", "a[href*='tags/']", "a[href*='feeds/tags']",
                     "script", "style", "title", ".event-title", "h1", ".summary", ".body",
                     ".update-note", ".sources", ".sources-brief ul", ".site-name",
                     "blockquote", ".cite-text", "nav[aria-label] li a[href*='about']",
                     "nav[aria-label] li a[href*='methodology']", ".ov-era-label", "svg"):
        for node in soup.select(selector):
            node.decompose()
    return soup.body.get_text(" ", strip=True)


def english_ui_words(lang: str) -> set[str]:
    """Every word of the English interface texts that the language's catalog does not
    itself use (proper names such as Atom, JSON or TimelineJS are in both)."""
    from babel.messages.pofile import read_po

    with catalogs.po_path(lang).open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    translated = " ".join(
        " ".join([m.string] if isinstance(m.string, str) else list(m.string))
        for m in catalog if m.id)
    words: set[str] = set()
    for message in catalogs.extract():
        for text in ([message.id] if isinstance(message.id, str) else message.id or ()):
            words |= set(re.findall(r"[A-Za-z]{4,}", PLACEHOLDER.sub(" ", text)))
    return {w for w in words if w not in translated and w.lower() not in translated.lower()}


@pytest.mark.parametrize(("lang", "date_mark"), [("fr", re.compile(
    r"\b\d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|"
    r"novembre|décembre) \d{4}\b")), ("ja", re.compile(r"\d{4}年\d{1,2}月\d{1,2}日"))])
def test_a_new_site_in_french_or_japanese_shows_no_english_interface(tmp_path, lang,
                                                                       date_mark):
    site = tmp_path / "site"
    assert quickstart([str(site), "--language", lang, *ARGS]) == 0
    assert f'DEFAULT_LANG = "{lang}"' in (site / "pelicanconf.py").read_text(encoding="utf-8")
    output = build_site(tmp_path / "out", site / "events", site=site,
                        TIMELINE_TODAY=dt.date.today())  # the example event is dated today
    english = english_ui_words(lang)
    event = next((output / "events").iterdir()) / "index.html"
    for page in (output / "index.html", event):
        soup = soup_of(page)
        assert soup.html["lang"] == lang
        text = visible_ui_text(page)
        found = sorted({w for w in re.findall(r"[A-Za-z]{4,}", text) if w in english})
        assert found == [], f"{page.relative_to(output)}: English interface words {found}"
        times = " ".join(t.get_text() for t in soup.select("time"))
        assert date_mark.search(times), times
