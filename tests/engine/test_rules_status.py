"""A badge is the claim's exact standing: `confirmed`, on an event or on an update, rests on
at least one source that can confirm it (Source.can_confirm): an official text or a news
report, not a republished copy, not state media, not analysis.
"""

from __future__ import annotations

import pytest
from test_validate import GOOD, NEEDS, UPDATE, problems, with_

from pelican.plugins.timeline.reading.model import Source

E = "events/x.yaml"


def source(**fields: str | None) -> Source:
    return Source(url="https://www.example.org/a", title="T", publisher="P", **fields)


@pytest.mark.parametrize(("kind", "note", "secondary"), [
    (None, None, False),
    ("official", None, False),
    ("news", "Reuters copy", False),  # a note alone does not make a copy; the kind does
    ("republished", None, True),
    ("news", "Russian state media", True),
    ("news", "Turkish State Broadcaster", True),
    ("news", "state broadcaster of the country", True),
    ("official", "state media of the ministry", True),
    ("news", "State-run media", True),
    ("news", "state-owned broadcaster", True),
    ("news", "Broadcaster", False),
    ("news", "a public broadcaster", False),
    ("news", "United States media report", False),
    ("news", "Interstate broadcaster", False),
    ("official", "Circulates a statement, submitted by the mission", False),
])
def test_secondary_copy_labels(kind, note, secondary):
    assert source(kind=kind, note=note).is_secondary_copy is secondary


@pytest.mark.parametrize(("kind", "note", "can"), [
    (None, None, True),
    ("official", None, True),
    ("news", None, True),
    ("analysis", None, False),
    ("republished", None, False),
    ("news", "Turkish state broadcaster", False),
    ("news", "Russian state media", False),
])
def test_which_sources_can_confirm(kind, note, can):
    assert source(kind=kind, note=note).can_confirm is can


def with_kind(kind: str, note: str | None = None) -> str:
    lines = f"    kind: {kind}\n" + (f"    note: {note}\n" if note else "")
    return with_("    publisher: Example Government\n",
                 "    publisher: Example Government\n" + lines)


CASES = [
    ("state-broadcaster", with_kind("news", "Turkish state broadcaster"),
     [f"{E}:3:9: error: 'status: confirmed' rests only on state media: {NEEDS}"]),
    ("state-media", with_kind("news", "Russian state media"),
     [f"{E}:3:9: error: 'status: confirmed' rests only on state media: {NEEDS}"]),
    ("analysis", with_kind("analysis"),
     [f"{E}:3:9: error: 'status: confirmed' rests only on analysis: {NEEDS}"]),
    ("copy-and-analysis",
     with_kind("analysis") + "  - url: https://www.example.org/c\n    title: Copy\n"
     "    publisher: Aggregator\n    kind: republished\n",
     [f"{E}:3:9: error: 'status: confirmed' rests only on analysis and republished copies: "
      f"{NEEDS}"]),
    ("update-on-state-media",
     with_("status: confirmed", "status: reported") + UPDATE.format(
         status="confirmed", note="Ministers said so.", kind="news")
     + "        note: Russian state media\n",
     [f"{E}:11:13: error: update 1: 'status: confirmed' rests only on state media: {NEEDS}"]),
    ("update-on-analysis",
     with_("status: confirmed", "status: reported") + UPDATE.format(
         status="confirmed", note="Ministers said so.", kind="analysis"),
     [f"{E}:11:13: error: update 1: 'status: confirmed' rests only on analysis: {NEEDS}"]),
    ("second-update-only",
     with_("status: confirmed", "status: reported")
     + UPDATE.format(status="reported", note="More reports.", kind="analysis")
     + UPDATE.format(status="confirmed", note="Ministers said so.", kind="republished")
     .replace("updates:\n", "").replace("2024-04-08", "2024-04-09").replace("/b\n", "/c\n"),
     [f"{E}:19:13: error: update 2: 'status: confirmed' rests only on republished copies: "
      f"{NEEDS}"]),
    ("event-and-update",
     with_kind("analysis") + UPDATE.format(
         status="confirmed", note="Ministers said so.", kind="republished"),
     [f"{E}:3:9: error: 'status: confirmed' rests only on analysis: {NEEDS}",
      f"{E}:12:13: error: update 1: 'status: confirmed' rests only on republished copies: "
      f"{NEEDS}"]),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_confirmed_needs_a_source_that_can_confirm(events_dir, text, expected):
    assert problems(events_dir, "x.yaml", text) == expected


@pytest.mark.parametrize("text", [
    GOOD,  # a source whose kind is not given counts: the format leaves kind optional
    with_kind("official"),
    with_kind("news", "Quotes the minister on the record"),
    # one source that can confirm is enough beside copies, state media and analysis
    with_kind("news", "Russian state media") + "  - url: https://www.example.org/c\n"
    "    title: Release\n    publisher: Example Ministry\n    kind: official\n",
    # the rule is about confirmed only: other statuses may rest on copies or analysis
    with_kind("analysis").replace("status: confirmed", "status: reported"),
    with_("status: confirmed", "status: reported") + UPDATE.format(
        status="partly-confirmed", note="Ministers confirmed the talks, not the membership.",
        kind="republished"),
    with_("status: confirmed", "status: reported") + UPDATE.format(
        status="denied", note="Ministers denied it.", kind="analysis"),
], ids=["kind-not-given", "official", "news", "one-among-copies", "reported-on-analysis",
        "partly-confirmed-on-a-copy", "denied-on-analysis"])
def test_what_the_rule_accepts(events_dir, text):
    assert problems(events_dir, "x.yaml", text) == []
