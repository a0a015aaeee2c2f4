"""The AUKUS site at the repository root: its events, eras and schema copy, and its build
checked as a reader and a citer would (the engine's own checks run on tests/engine/)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import jsonschema
from helpers import ROOT
from htmlcheck import html_files, links, parse, resolve_local

from pelican.plugins.timeline.reading import strict_yaml
from pelican.plugins.timeline.reading.eras import load_eras
from pelican.plugins.timeline.reading.events import load_events, load_text
from pelican.plugins.timeline.reading.model import PartialDate, slugify
from pelican.plugins.timeline.reading.schema import (
    EVENT_FIELDS,
    SOURCE_FIELDS,
    UPDATE_FIELDS,
    json_schema_text,
)

SITEURL = "http://localhost:8765/repo"
PACT = "2021-09-15-aukus-announced"
FACTS = json.loads((ROOT / "tests" / "fixtures" / "research-sources.json").read_text("utf-8"))
DATA_SCHEMA = json.loads((ROOT / "pelican" / "plugins" / "timeline" / "schemas"
                          / "events-json.schema.json").read_text("utf-8"))

BOOL_FIELDS = {f.name for f in EVENT_FIELDS + SOURCE_FIELDS + UPDATE_FIELDS if f.kind == "bool"}


def to_json(node: strict_yaml.Node, key: str = "") -> object:
    """The YAML tree as an editor's JSON Schema plugin sees it (true/false are booleans)."""
    if isinstance(node, strict_yaml.Map):
        return {k: to_json(v, k) for k, (_key, v) in node.items.items()}
    if isinstance(node, strict_yaml.Seq):
        return [to_json(item) for item in node.items]
    assert isinstance(node, strict_yaml.Scalar)
    if key in BOOL_FIELDS and node.value in ("true", "false"):
        return node.value == "true"
    return node.value


def test_the_events_validate() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pelican.plugins.timeline.commands.check", str(ROOT / "events"),
         "--today", "2026-11-28"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "0 error(s)" in result.stderr


def test_the_schema_copy_for_editors_is_current() -> None:
    committed = (ROOT / "schema" / "event.schema.json").read_text(encoding="utf-8")
    assert committed == json_schema_text(), "run `invoke schema` and commit the result"


def test_every_event_file_validates_against_the_json_schema() -> None:
    schema = json.loads((ROOT / "schema" / "event.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    files = sorted((ROOT / "events").rglob("*.yaml"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        event, issues = load_text(text, path.name, path.stem, None)
        assert event is not None, [i.format() for i in issues]
        root, problems = strict_yaml.parse(text)
        assert not problems and root is not None
        errors = [e.message for e in validator.iter_errors(to_json(root))]
        assert errors == [], path.name


def test_the_sites_eras_file_is_valid() -> None:
    eras, issues = load_eras(ROOT / "content" / "eras.yaml", ROOT)
    assert [i.format() for i in issues] == []
    ids = {e.id for e in eras}
    assert {"biden-administration", "second-trump-administration", "morrison-government",
            "albanese-government", "consultation-period", "japan-pillar-2-consultations",
            "pentagon-aukus-review"} <= ids
    by_id = {e.id: e for e in eras}
    assert by_id["second-trump-administration"].end is None
    assert by_id["albanese-government"].start == PartialDate(2022, 5, 23)


def test_era_source_urls_come_from_the_research_notes() -> None:
    """The URLs of tests/fixtures/research-sources.json, taken from the research notes."""
    eras, _ = load_eras(ROOT / "content" / "eras.yaml", ROOT)
    known = json.dumps(FACTS)
    for era in eras:
        for source in era.sources:
            assert source.url in known, source.url


def test_every_internal_link_resolves(real_site: Path) -> None:
    broken = []
    for page in html_files(real_site):
        for href in links(parse(page)):
            target = resolve_local(page, href, real_site)
            if target is not None and not target.is_file():
                broken.append(f"{page.relative_to(real_site)} -> {href}")
    assert not broken, broken[:20]


def test_publish_build_links_all_start_with_siteurl(real_subpath_site: Path) -> None:
    root = real_subpath_site / "repo"
    checked = 0
    for page in html_files(root):
        for href in links(parse(page)):
            if href.startswith("#") or (
                    href.startswith(("http://", "https://")) and not href.startswith(SITEURL)):
                continue
            assert href.startswith(SITEURL + "/"), f"{page.relative_to(root)}: {href}"
            target = resolve_local(page, href, root, SITEURL)
            assert target is not None and target.is_file(), f"{page}: {href}"
            checked += 1
    assert checked > 100


def test_every_event_is_on_the_home_page_with_its_sources(real_site: Path) -> None:
    result = load_events(ROOT / "events")
    assert not result.errors
    assert len(result.events) >= 22
    home = parse(real_site / "index.html")
    assert [a["id"].removeprefix("event-") for a in home.select("main article.event")] == [
        e.id for e in result.events]
    assert home.find("h1").get_text(strip=True) == "AUKUS Timeline"
    for event in result.events:
        page = parse(real_site / "events" / event.id / "index.html")
        external = [a["href"] for a in page.select("main a[href^='http']")]
        assert any(s.url in external for s in event.sources), event.id


def test_consultation_period_era_page(real_site: Path) -> None:
    era_page = (real_site / "eras" / "consultation-period" / "index.html").read_text()
    assert "18-month pathway study" in era_page
    assert "15 September 2021" in era_page and "13 March 2023" in era_page
    assert f"../../events/{PACT}/index.html" in era_page


def test_publish_build_sitemap_and_canonical(real_subpath_site: Path) -> None:
    site = real_subpath_site / "repo"
    root = ET.fromstring((site / "sitemap.xml").read_bytes())
    locs = [e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    canonical = f"{SITEURL}/events/{PACT}/"
    assert canonical in locs
    doc = parse(site / "events" / PACT / "index.html")
    assert doc.find("link", rel="canonical")["href"] == canonical


def test_exports_parse_and_agree(real_site: Path) -> None:
    data = json.loads((real_site / "data" / "events.json").read_text("utf-8"))
    jsonschema.validate(data, DATA_SCHEMA, format_checker=jsonschema.FormatChecker())
    ids = [e["id"] for e in data["events"]]
    slides = json.loads((real_site / "data" / "timelinejs.json").read_text("utf-8"))
    assert slides["title"]["text"]["headline"] == "AUKUS Timeline"
    assert [s["unique_id"] for s in slides["events"]] == ids
    feed = feedparser.parse((real_site / "feeds" / "events.atom.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) >= len(ids)
    prefix = slugify("AUKUS Timeline") + "-"
    csl = json.loads((real_site / "data" / "events.csl.json").read_text("utf-8"))
    assert [item["id"].removeprefix(prefix) for item in csl] == ids
    assert all(item["id"].startswith(prefix) and item["title"] for item in csl)
    assert all(item["container-title"] == "AUKUS Timeline" for item in csl)
