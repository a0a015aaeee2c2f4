"""This site's own tests: its event files are valid, it builds, every internal link in the
built pages resolves to a file, every event has a page that links each of its sources, and
CONTRIBUTING.md's field reference is the engine's.

They check the site generically, so they keep passing as events are added or replaced.
Run them with `invoke test` (ruff, then pytest). The events and the build come from
conftest.py: a mistake in an event file stops the run with the validator's line for it.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "pelicanconf.py"


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")


def html_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.html") if "pagefind" not in p.parts)


def test_event_files_are_valid(capsys: pytest.CaptureFixture[str]) -> None:
    from pelican.plugins.timeline.commands.check import main as timeline_check

    assert timeline_check(["--settings", str(SETTINGS)]) == 0, capsys.readouterr().out


def test_there_are_events(events: list) -> None:
    assert events, "events/ has no event file"


def test_the_site_builds(site: Path) -> None:
    assert (site / "index.html").is_file()
    assert (site / "about" / "index.html").is_file()
    assert (site / "methodology" / "index.html").is_file()


def test_every_internal_link_resolves(site: Path) -> None:
    broken = []
    for page in html_files(site):
        soup = parse(page)
        targets = [t["href"] for t in soup.find_all(["a", "link"], href=True)]
        targets += [t["src"] for t in soup.find_all(["script", "img"], src=True)]
        for href in targets:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path:
                continue  # another site, or a place on this page
            target = (page.parent / unquote(parts.path)).resolve()
            if href.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {href}")
    assert broken == []


def test_every_event_has_a_page_linking_its_sources(site: Path, events: list) -> None:
    missing = []
    for event in events:
        page = site / "events" / event.id / "index.html"
        if not page.is_file():
            missing.append(f"{event.path}: no page {page.relative_to(site)}")
            continue
        hrefs = {a["href"] for a in parse(page).find_all("a", href=True)}
        sources = list(event.sources) + [s for u in event.updates for s in u.sources]
        missing += [f"{event.path}: {s.url}" for s in sources if s.url not in hrefs]
        assert event.title in parse(page).get_text()
    assert missing == []


def test_contributing_has_the_engines_field_reference() -> None:
    from pelican.plugins.timeline.commands.quickstart import (
        REFERENCE_END,
        REFERENCE_START,
        field_reference,
    )

    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert REFERENCE_START in text and REFERENCE_END in text, "CONTRIBUTING.md lost its markers"
    section = text.split(REFERENCE_START, 1)[1].split(REFERENCE_END, 1)[0].strip()
    assert section == field_reference(), "run `invoke schema` to bring the reference up to date"
