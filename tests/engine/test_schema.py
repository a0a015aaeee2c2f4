"""One definition of the format: the committed JSON Schema is generated from the validator's
field definitions, and files valid for one are valid for the other."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from pelican.plugins.timeline.reading import strict_yaml as yamlload
from pelican.plugins.timeline.reading.events import load_text
from pelican.plugins.timeline.reading.schema import (
    EVENT_FIELDS,
    SOURCE_FIELDS,
    UPDATE_FIELDS,
    json_schema_text,
)

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 28)
SCHEMA = json.loads((ROOT / "pelican" / "plugins" / "timeline" / "schemas" / "event.schema.json"
                     ).read_text(encoding="utf-8"))
BOOL_FIELDS = {f.name for f in EVENT_FIELDS + SOURCE_FIELDS + UPDATE_FIELDS if f.kind == "bool"}


def to_json(node: yamlload.Node, key: str = "") -> Any:
    """The YAML tree as an editor's JSON Schema plugin sees it (true/false are booleans)."""
    if isinstance(node, yamlload.Map):
        return {k: to_json(v, k) for k, (_key, v) in node.items.items()}
    if isinstance(node, yamlload.Seq):
        return [to_json(item) for item in node.items]
    assert isinstance(node, yamlload.Scalar)
    if key in BOOL_FIELDS and node.value in ("true", "false"):
        return node.value == "true"
    return node.value


def schema_errors(text: str) -> list[str]:
    root, problems = yamlload.parse(text)
    assert not problems
    validator = jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return [e.message for e in validator.iter_errors(to_json(root))]


def test_committed_schema_is_generated_from_the_field_definitions(
        where="pelican/plugins/timeline/schemas"):
    committed = (ROOT / where / "event.schema.json").read_text(encoding="utf-8")
    assert committed == json_schema_text(), "run `invoke schema` and commit the result"


def test_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


EVENT_FILES = sorted((ROOT / "tests" / "engine" / "sample_site" / "events").rglob("*.yaml"))


@pytest.mark.parametrize("path", EVENT_FILES, ids=lambda p: p.name)
def test_every_valid_event_also_validates_against_the_json_schema(path):
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    event, issues = load_text(text, path.name, path.stem, TODAY)
    assert event is not None, [i.format() for i in issues]
    assert schema_errors(text) == []


GOOD = """\
title: A good event
date: "2024-03-02"
approximate: "true"
status: confirmed
summary: Ministers met.
sources:
  - url: https://www.example.org/a
    title: Statement
    publisher: Example Government
"""

INVALID = {
    "unknown-field": GOOD + "soruces: []\n",
    "missing-title": GOOD.replace("title: A good event\n", ""),
    "bad-date": GOOD.replace('"2024-03-02"', "2024-3-2"),
    "bad-status": GOOD.replace("status: confirmed", "status: rumoured"),
    "no-sources": GOOD.split("sources:")[0] + "sources: []\n",
    "javascript-url": GOOD.replace("https://www.example.org/a", "javascript:alert(1)"),
    "bad-tag": GOOD + "tags: [Pillar 2]\n",
    "approximate-yes": GOOD.replace('"true"', "yes"),
    "title-too-long": GOOD.replace("A good event", "x" * 201),
    "source-without-publisher": GOOD.replace("    publisher: Example Government\n", ""),
}


def test_good_example_is_valid_for_both():
    event, issues = load_text(GOOD, "x.yaml", "x", TODAY)
    assert event is not None and event.approximate is True and issues == []
    assert schema_errors(GOOD) == []


@pytest.mark.parametrize("name", list(INVALID))
def test_invalid_files_fail_both(name):
    text = INVALID[name]
    event, issues = load_text(text, "x.yaml", "x", TODAY)
    assert event is None and issues
    assert schema_errors(text), f"{name} passes the JSON Schema"
