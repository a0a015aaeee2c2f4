"""The theme's HTML, checked on the built fixture site without a browser (html5lib parser)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from pelican.plugins.timeline.reading.model import STATUSES


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")


@pytest.fixture(scope="module")
def parsed(fixture_site: Path) -> dict[str, BeautifulSoup]:
    return {p.relative_to(fixture_site).as_posix(): soup(p) for p in pages(fixture_site)}


def test_every_page_has_one_h1_lang_and_description(parsed: dict[str, BeautifulSoup]) -> None:
    assert len(parsed) > 30
    for name, doc in parsed.items():
        assert len(doc.find_all("h1")) == 1, name
        assert doc.html.get("lang") == "en", name
        desc = doc.find("meta", attrs={"name": "description"})
        assert desc is not None and desc["content"].strip(), name
        for prop in ("og:title", "og:description", "og:type", "og:site_name"):
            assert doc.find("meta", attrs={"property": prop}), (name, prop)
        assert doc.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"


def test_titles_are_distinct(parsed: dict[str, BeautifulSoup]) -> None:
    titles: dict[str, str] = {}
    for name, doc in parsed.items():
        title = doc.title.get_text(strip=True)
        assert title, name
        assert title not in titles, f"{name} and {titles.get(title)} share the title {title!r}"
        titles[title] = name


def test_no_inline_script_style_or_handlers(parsed: dict[str, BeautifulSoup]) -> None:
    for name, doc in parsed.items():
        for script in doc.find_all("script"):
            if not script.get("src"):  # data only, never run: JSON-LD and the scripts' texts
                assert script.get("type") in ("application/ld+json", "application/json"), name
                json.loads(script.string)
        assert not doc.find_all("style"), name
        for tag in doc.find_all(True):
            assert "style" not in tag.attrs, (name, tag.name)
            assert not [a for a in tag.attrs if a.lower().startswith("on")], (name, tag.name)


def test_json_ld_parses(parsed: dict[str, BeautifulSoup]) -> None:
    seen = 0
    for name, doc in parsed.items():
        for script in doc.find_all("script", type="application/ld+json"):
            data = json.loads(script.string)
            assert data["@context"] == "https://schema.org", name
            seen += 1
    assert seen > sum(name.startswith("events/") for name in parsed)  # one per event, and more


def test_event_page_is_made_to_be_cited(fixture_site: Path) -> None:
    doc = soup(fixture_site / "events" / "2021-09-15-pact-announced" / "index.html")
    data = json.loads(doc.find("script", type="application/ld+json").string)
    assert data["@type"] == "Event"
    assert data["startDate"] == "2021-09-15"
    assert data["citation"] and all(c["url"].startswith("http") for c in data["citation"])
    cite = doc.find(class_="cite")
    assert "Cite this" in cite.get_text()
    assert "date you read it" in cite.get_text()
    main = doc.find("main")
    assert main.has_attr("data-pagefind-body")
    assert main.find(attrs={"data-pagefind-filter": "status"}).get_text() == "confirmed"
    assert main.find(attrs={"data-pagefind-filter": "tag"})
    ol = doc.find("article")
    assert ol.find("time")["datetime"] == "2021-09-15"


def test_home_is_an_ordered_list_of_articles(fixture_site: Path) -> None:
    doc = soup(fixture_site / "index.html")
    years = [h.get_text(strip=True) for h in doc.select("section.year > h2")]
    assert years == sorted(set(years))
    articles = doc.select("ol.events > li > article.event")
    assert len(articles) == len(list((fixture_site / "events").iterdir()))
    for art in articles:
        assert art.find("time", datetime=True)
        assert art["data-status"] in set(STATUSES)
        assert art["data-year"].isdigit()
        assert art.find(class_="status").get_text(strip=True)
    assert doc.find(id="filter-count")["aria-live"] == "polite"
    assert doc.find("form", role="search")
    scripts = [s["src"] for s in doc.find_all("script", src=True)]
    assert any(s.endswith("filter.js") for s in scripts)


def test_search_404_favicon_and_sitemap(fixture_site: Path) -> None:
    assert (fixture_site / "search" / "index.html").exists()
    assert (fixture_site / "404.html").exists()
    assert (fixture_site / "theme" / "favicon.svg").exists()
    assert (fixture_site / "theme" / "css" / "site.css").exists()
    assert "Sitemap:" not in (fixture_site / "robots.txt").read_text()
    ET.fromstring((fixture_site / "sitemap.xml").read_bytes())


def test_publish_build_has_absolute_sitemap_and_robots(subpath_site: Path) -> None:
    site = subpath_site / "repo"
    robots = (site / "robots.txt").read_text()
    assert "Sitemap: http://localhost:8765/repo/sitemap.xml" in robots
    root = ET.fromstring((site / "sitemap.xml").read_bytes())
    locs = [e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "http://localhost:8765/repo/" in locs
    assert "http://localhost:8765/repo/events/2021-09-15-pact-announced/" in locs
    assert all(loc and loc.startswith("http://localhost:8765/repo/") for loc in locs)
    assert not any(loc.endswith("404.html") for loc in locs)
    doc = soup(site / "events" / "2021-09-15-pact-announced" / "index.html")
    canonical = "http://localhost:8765/repo/events/2021-09-15-pact-announced/"
    assert doc.find("link", rel="canonical")["href"] == canonical
    assert doc.find("meta", attrs={"property": "og:url"})["content"] == canonical
    data = json.loads(doc.find("script", type="application/ld+json").string)
    assert data["url"] == canonical
    not_found = soup(site / "404.html")
    assert not_found.find("a", href="http://localhost:8765/repo/")
