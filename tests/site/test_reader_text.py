"""Reader-facing text speaks about AUKUS, never about how the timeline was researched.

Every string a reader sees (event titles, summaries, bodies, update notes, source notes, the
content pages and threads, the eras, the site description and the theme's own wording) and
every page of the built site is scanned for process talk: "was not found", "searches found",
"the excerpt read", "the research notes", "seed article", "no source was collected"...
Quotes from sources are exempt: on the built pages they stand in <blockquote> or <q>, and
source titles (the source's own words) in a.source-link.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup
from helpers import ROOT
from htmlcheck import html_files, parse

from pelican.plugins.timeline.reading.eras import load_eras
from pelican.plugins.timeline.reading.events import load_events

PROCESS_TALK = re.compile(
    r"|".join([
        r"\bnot\s+(?:been\s+)?found\b",
        r"\b(?:was|were|been|is|are)\s+found\b",
        r"\bnot\s+(?:been\s+)?(?:located|retrieved|collected|stored|read)\b",
        r"\bsearched\b",
        r"\bsearch(?:es)?\s+(?:found|turned\s+up|returned)\b",
        r"\bretriev(?:ed|al)\b",
        r"\bstored\s+(?:material|text|texts|copy|copies|page|pages|reports?|excerpts?)\b",
        r"\bexcerpts?\b",
        r"\bresearch\s+notes?\b",
        r"\b(?:the|our|these|my)\s+notes\b",
        r"\bseed\b",
        r"\bcollected\b",
        r"\bwe\s+(?:searched|looked|found|could\s+not|did\s+not\s+find)\b",
        r"\bcould\s+not\s+(?:be\s+)?(?:find|found|locate|located|verify|verified)\b",
    ]),
    re.IGNORECASE,
)
# reader text that legitimately says "not found": the 404 page is about the address asked for
ALLOWED = re.compile(r"\bpage\s+not\s+found\b", re.IGNORECASE)
# elements whose text is a source's own words, not the site's
SOURCE_WORDS = "blockquote, q, a.source-link, script, style, template"


def process_talk(text: str) -> list[str]:
    """The process-talk phrases in `text` (whitespace folded), empty when it is clean."""
    text = ALLOWED.sub(" ", " ".join(text.split()))
    return [m.group(0) for m in PROCESS_TALK.finditer(text)]


def page_text(soup: BeautifulSoup) -> str:
    """A built page's reader text, without quotes from sources, plus its descriptions."""
    for element in soup.select(SOURCE_WORDS):
        element.decompose()
    described = [
        tag.get("content", "") for tag in soup.find_all("meta")
        if tag.get("name") == "description" or tag.get("property") == "og:description"
    ]
    return " ".join([soup.get_text(" "), *described])


def template_text(source: str) -> str:
    """A template's literal text: Jinja comments, statements, expressions and tags removed."""
    for pattern in (r"\{#.*?#\}", r"\{%.*?%\}", r"\{\{.*?\}\}", r"<[^>]*>"):
        source = re.sub(pattern, " ", source, flags=re.S)
    return source


def reader_strings() -> list[tuple[str, str]]:
    """(where, text) for every reader-facing string of the site's content."""
    result = load_events(ROOT / "events", base=ROOT)
    assert not result.errors, [i.format() for i in result.errors]
    strings: list[tuple[str, str]] = []
    for event in result.events:
        for text in (event.title, event.summary, event.body or ""):
            strings.append((event.id, text))
        for update in event.updates:
            strings.append((f"{event.id} update {update.date}", update.note))
        for source in event.all_sources():
            strings.append((f"{event.id} source {source.url}", source.note or ""))
    eras, issues = load_eras(ROOT / "content" / "eras.yaml", ROOT)
    assert not issues and eras
    for era in eras:
        strings += [(era.id, era.name), (era.id, era.description or "")]
        strings += [(f"{era.id} source {s.url}", s.note or "") for s in era.sources]
    for path in sorted((ROOT / "content").rglob("*.md")):
        strings.append((str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")))
    theme_dirs = [ROOT / "theme" / "templates",
                  ROOT / "pelican" / "plugins" / "timeline" / "theme" / "templates"]
    for path in sorted(p for d in theme_dirs if d.is_dir() for p in d.glob("*.html")):
        strings.append((str(path.relative_to(ROOT)), template_text(path.read_text("utf-8"))))
    settings = (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
    match = re.search(r"SITEDESCRIPTION = \((.*?)\n\)", settings, re.S)
    assert match, "pelicanconf.py sets SITEDESCRIPTION"
    strings.append(("SITEDESCRIPTION", "".join(re.findall(r'"([^"]*)"', match.group(1)))))
    return strings


def test_the_scanner_catches_process_talk() -> None:
    planted = [
        "The White House copy was not found in the stored material.",
        "Searches found no transcript of the remark.",
        "The day is not shown in the excerpt read.",
        "The research notes give 1 May.",
        "This report is the seed article for this site.",
        "No separate source for that signing was collected.",
        "The page itself was not retrieved.",
        "The documents were searched for and not found.",
    ]
    for sentence in planted:
        assert process_talk(sentence), sentence


def test_the_scanner_leaves_aukus_prose_alone() -> None:
    clean = [
        "The Pentagon said the review had found ways to put AUKUS on the strongest possible "
        "footing.",
        "This entry rests on Reuters' report of the statement; no official text is cited.",
        "The Lowy Institute's analysis points out that all three boats will share one "
        "configuration.",
        "The rotations at HMAS Stirling are located in Western Australia.",
        "Search the timeline.",
        "Page not found",
        "Format notes",
    ]
    for sentence in clean:
        assert process_talk(sentence) == [], sentence


def test_the_page_scanner_skips_quotes_but_not_prose() -> None:
    html = (
        "<main><p>Japan took part in the testing.</p>"
        "<blockquote><p>The report was not found in the archive.</p></blockquote>"
        "<p>Quoted: <q>searches found nothing</q>.</p>"
        "<a class='source-link' href='https://example.org/'>Excerpts of a speech</a></main>"
    )
    assert process_talk(page_text(BeautifulSoup(html, "html5lib"))) == []
    planted = html.replace("Japan took part", "The transcript was not found; Japan took part")
    assert process_talk(page_text(BeautifulSoup(planted, "html5lib"))) == ["not found"]


def test_reader_strings_speak_about_aukus_only() -> None:
    strings = reader_strings()
    assert len(strings) > 250
    found = [(where, hits) for where, text in strings if (hits := process_talk(text))]
    assert found == []


def test_built_pages_speak_about_aukus_only(real_site: Path) -> None:
    pages = html_files(real_site)
    assert len(pages) > 50
    found = []
    for page in pages:
        if hits := process_talk(page_text(parse(page))):
            found.append((str(page.relative_to(real_site)), hits))
    assert found == []
