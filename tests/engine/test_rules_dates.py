"""Sources that disagree on an event's date: a source cannot report an event before it
happened, so a source published before an exact date (day precision, not approximate)
disputes it. Such an event is marked approximate, or says why in `date_note`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_validate import GOOD, TODAY, problems, with_

from pelican.plugins.timeline.reading.events import load_text
from pelican.plugins.timeline.reading.schema import json_schema

E = "events/x.yaml"
FIX = ("mark the date approximate (approximate: true) or explain it in date_note (date_note: "
       "which date each source gives, and why this one)")


def dated(*dates: str) -> str:
    """GOOD with its source published on the first date, and one more source per date."""
    text = GOOD + f'    date: "{dates[0]}"\n'
    for number, date in enumerate(dates[1:], 2):
        text += (f"  - url: https://www.example.org/{number}\n    title: Report {number}\n"
                 f'    publisher: Example News\n    date: "{date}"\n')
    return text


CASES = [
    ("one-source-a-day-early", dated("2024-03-01"),
     [f"{E}:2:7: error: sources give different dates (2024-03-02, 2024-03-01): source 1 "
      f"(2024-03-01) was published before the event's date 2024-03-02: {FIX}"]),
    ("two-early-sources-one-line", dated("2024-03-02", "2024-02-28", "2024-02"),
     [f"{E}:2:7: error: sources give different dates (2024-03-02, 2024-02, 2024-02-28): "
      f"source 2 (2024-02-28) and source 3 (2024-02) were published before the event's date "
      f"2024-03-02: {FIX}"]),
    ("a-year-before", dated("2023"),
     [f"{E}:2:7: error: sources give different dates (2024-03-02, 2023): source 1 (2023) was "
      f"published before the event's date 2024-03-02: {FIX}"]),
    ("three-early-sources", dated("2024-02-27", "2024-03-02", "2024-02-28", "2024-03-01"),
     [f"{E}:2:7: error: sources give different dates (2024-03-02, 2024-02-27, 2024-02-28, "
      f"2024-03-01): source 1 (2024-02-27), source 3 (2024-02-28) and source 4 (2024-03-01) "
      f"were published before the event's date 2024-03-02: {FIX}"]),
    ("span-start", dated("2024-03-01") + "end_date: 2024-03-05\n",
     [f"{E}:2:7: error: sources give different dates (2024-03-02, 2024-03-01): source 1 "
      f"(2024-03-01) was published before the event's date 2024-03-02: {FIX}"]),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_source_published_before_an_exact_date_disputes_it(events_dir, text, expected):
    assert problems(events_dir, "x.yaml", text) == expected


@pytest.mark.parametrize("text", [
    dated("2024-03-02"),  # published the same day
    dated("2024-03-03", "2024-03-10"),  # published later: publication dates differ, naturally
    dated("2024-03"),  # the month of the event: not provably before it
    dated("2024"),
    GOOD,  # no source date
    dated("2024-03-01") + "approximate: true\n",
    dated("2024-03-01") + "date_note: The ministry's release of 1 March announced the 2 March "
    "meeting; reports of the day confirm it.\n",
    with_('date: "2024-03-02"', 'date: "2024-03"') + '    date: "2024-02-20"\n',  # month
    with_("status: confirmed", "status: anticipated") + '    date: "2024-02-20"\n',
], ids=["same-day", "later", "same-month", "same-year", "undated", "approximate", "date-note",
        "month-precision", "anticipated"])
def test_what_the_date_rule_accepts(events_dir, text):
    # (the anticipated event has passed: a warning, which is another rule's)
    assert [p for p in problems(events_dir, "x.yaml", text) if ": error: " in p] == []


def test_date_note_is_plain_text_on_one_line(events_dir):
    assert problems(events_dir, "x.yaml", GOOD + "date_note: |\n  One.\n  Two.\n") == [
        f"{E}:9:12: error: 'date_note' must be one line of text"]
    assert problems(events_dir, "x.yaml", GOOD + "date_note: " + "x" * 301 + "\n") == [
        f"{E}:9:12: error: 'date_note' is 301 characters long; the limit is 300: shorten it"]
    assert problems(events_dir, "x.yaml", GOOD + "date_notes: x\n") == [
        f"{E}:9:1: error: unknown field 'date_notes' in the event: did you mean 'date_note'?"]


def test_date_note_reaches_the_model_and_the_schema():
    event, issues = load_text(GOOD + "date_note: >\n  Reports differ\n  by a day.\n", "x.yaml",
                              "x", TODAY)
    assert issues == []
    assert event is not None and event.date_note == "Reports differ by a day."
    note = json_schema()["properties"]["date_note"]
    assert note["type"] == "string" and note["maxLength"] == 300
    assert "date_note" not in json_schema()["required"]


def test_events_json_schema_describes_date_note():
    path = (Path(__file__).resolve().parents[2] / "pelican" / "plugins" / "timeline" / "schemas"
            / "events-json.schema.json")
    event = json.loads(path.read_text(encoding="utf-8"))["$defs"]["event"]
    assert "date_note" in event["required"]
    assert event["properties"]["date_note"]["type"] == ["string", "null"]
