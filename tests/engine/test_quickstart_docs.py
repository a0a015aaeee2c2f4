"""A new site's documents: CONTRIBUTING.md has the reference of every field and status,
made from the engine's specs; every document agrees on the statuses (as many as
reading/model.py's STATUSES); the Methodology page says what each entry rests on (its
sources and its status), not how it was researched."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from pelican.plugins.timeline.commands.new_event import PROMPTS
from pelican.plugins.timeline.commands.quickstart import (
    NUMBER_WORDS,
    _what_to_write,
    field_reference,
    field_tables,
    main,
    number_word,
)
from pelican.plugins.timeline.reading.model import STATUS_DESCRIPTIONS, STATUS_LABELS, STATUSES

ARGS = ["--title", "Docs test", "--description", "A site for the documentation tests.",
        "--author", "The editors", "--repo-url", "https://github.com/example/docs-test"]
COUNT = number_word(len(STATUSES))
DOCUMENTS = ("README.md", "CONTRIBUTING.md", "content/pages/about.md",
             "content/pages/methodology.md", ".github/ISSUE_TEMPLATE/new-event.yml",
             ".github/PULL_REQUEST_TEMPLATE.md")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("docs") / "site"
    assert main([str(folder), *ARGS]) == 0
    return folder


def read(site: Path, name: str) -> str:
    return (site / name).read_text(encoding="utf-8")


def test_contributing_has_every_field_and_status(site):
    guide = read(site, "CONTRIBUTING.md")
    assert field_reference() in guide
    tables = dict(field_tables())
    assert {"Event fields", "Source fields", "Update fields"} <= set(tables)
    for heading, fields in tables.items():
        section = guide.split(f"### {heading}\n", 1)[1].split("\n### ", 1)[0]
        for f in fields:
            row = f"| `{f.name}` | {'yes' if f.required else 'no'} | "
            assert row in section, (heading, f.name)
    statuses = guide.split("### Statuses\n", 1)[1]
    assert f"There are {COUNT} statuses." in statuses
    for status in STATUSES:
        assert f"| `{status}` | {STATUS_LABELS[status]} | " in statuses


def test_every_kind_of_field_is_described():
    """A kind of field the reference cannot describe is a new kind in reading/schema.py:
    give it a sentence in quickstart._what_to_write."""
    for heading, fields in field_tables():
        for f in fields:
            assert "schema/event.schema.json" not in _what_to_write(f), (heading, f.name, f.kind)


def test_every_document_agrees_on_the_number_of_statuses(site):
    counts: dict[str, list[str]] = {}
    numbers = {*NUMBER_WORDS, *map(str, range(100))}
    for name in DOCUMENTS:
        words = re.findall(r"\b(\w+) statuses\b", read(site, name), re.IGNORECASE)
        counts[name] = [w.lower() for w in words if w.lower() in numbers]
    prompt = dict(PROMPTS)["status"]
    counts["invoke new-event"] = re.findall(r"\b(\w+) statuses in all\b", prompt)
    assert all(found == [COUNT] * len(found) for found in counts.values()), counts
    assert sum(map(len, counts.values())) >= 6, counts  # most of them say it


def test_every_document_that_names_statuses_names_them_all(site):
    form = yaml.safe_load(read(site, ".github/ISSUE_TEMPLATE/new-event.yml"))
    (dropdown,) = [b for b in form["body"] if b.get("id") == "status"]
    assert dropdown["attributes"]["options"] == list(STATUSES)
    template = read(site, ".github/PULL_REQUEST_TEMPLATE.md")
    assert " / ".join(STATUSES) in template
    readme = read(site, "README.md")
    assert all(f"`{s}`" in readme for s in STATUSES)
    methodology = read(site, "content/pages/methodology.md")
    for status in STATUSES:
        assert f"**{STATUS_LABELS[status]}** (`{status}`): {STATUS_DESCRIPTIONS[status]}" in (
            methodology)


def test_methodology_says_what_entries_rest_on_not_how_they_were_researched(site):
    text = read(site, "content/pages/methodology.md")
    own_words = text
    for description in STATUS_DESCRIPTIONS.values():  # the engine's words, shown on every page
        own_words = own_words.replace(description, "")
    assert re.findall(r"search|found|\bfind|\bnotes?\b|looked|research", own_words,
                      re.IGNORECASE) == []
    for heading in ("## Status", "## Sources"):
        assert heading in text
    assert "rests on" in text
