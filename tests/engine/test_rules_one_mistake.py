"""One mistake, one line: a broken event file is reported once, in its own file, and never
makes another event's `related:` entry, or its own missing fields, a second problem.

Real files in a real events/ folder, read by the real loader (the build's way and
`invoke validate`'s way) and by the check command.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_validate import GOOD, TODAY, run_check

from pelican.plugins.timeline.reading.events import load_events
from pelican.plugins.timeline.reading.model import Event, PartialDate
from pelican.plugins.timeline.reading.validate import cross_check

RELATED = GOOD + "related: [2024-03-02-broken]\n"


def problems(events_dir: Path, check_only: bool) -> list[str]:
    result = load_events(events_dir, base=events_dir.parent, today=TODAY, check_only=check_only)
    return [issue.format() for issue in result.issues]


def write(events_dir: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (events_dir / name).write_text(text, encoding="utf-8")


# (case, what the broken file holds instead of GOOD's line, the one line expected)
MISTAKES = [
    ("misspelt-title", ("title: A good event", "titel: A good event"),
     "events/2024-03-02-broken.yaml:1:1: error: unknown field 'titel' in the event: "
     "did you mean 'title'?"),
    ("misspelt-date", ('date: "2024-03-02"', 'dat: "2024-03-02"'),
     "events/2024-03-02-broken.yaml:2:1: error: unknown field 'dat' in the event: "
     "did you mean 'date'?"),
    ("misspelt-capital", ('date: "2024-03-02"', 'Date: "2024-03-02"'),
     "events/2024-03-02-broken.yaml:2:1: error: unknown field 'Date' in the event: "
     "did you mean 'date'?"),
    ("misspelt-sources", ("sources:", "soruces:"),
     "events/2024-03-02-broken.yaml:5:1: error: unknown field 'soruces' in the event: "
     "did you mean 'sources'?"),
    ("misspelt-source-field", ("    publisher:", "    publsher:"),
     "events/2024-03-02-broken.yaml:8:5: error: unknown field 'publsher' in source 1 of the "
     "event: did you mean 'publisher'?"),
    ("bad-date", ('date: "2024-03-02"', "date: 2024-02-30"),
     "events/2024-03-02-broken.yaml:2:7: error: 'date': '2024-02-30' is not a real date: "
     "February 2024 has 29 days"),
    ("bad-status", ("status: confirmed", "status: confirmd"),
     "events/2024-03-02-broken.yaml:3:9: error: 'status' is 'confirmd': did you mean "
     "'confirmed'? write one of: confirmed, partly-confirmed, reported, anticipated, "
     "did-not-happen, denied"),
    ("invalid-yaml", ("title: A good event", "title: A: B"),
     "events/2024-03-02-broken.yaml:1:9: error: invalid YAML: mapping values are not allowed "
     "in this context; a value containing ': ' must be quoted, e.g. title: \"A: B\""),
]


@pytest.mark.parametrize("check_only", [False, True], ids=["build", "validate"])
@pytest.mark.parametrize(("change", "expected"), [m[1:] for m in MISTAKES],
                         ids=[m[0] for m in MISTAKES])
def test_a_broken_event_is_one_line_and_is_still_a_related_event(
        events_dir, change, expected, check_only):
    old, new = change
    assert old in GOOD
    write(events_dir, {"2024-03-02-broken.yaml": GOOD.replace(old, new, 1),
                       "2024-03-03-relates.yaml": RELATED})
    assert problems(events_dir, check_only) == [expected]


def test_a_misspelt_field_in_an_update_is_one_line(events_dir):
    update = ("updates:\n  - date: 2024-04-08\n    status: confirmed\n    ntoe: Ministers said so."
              "\n    sources:\n      - url: https://www.example.org/b\n        title: Later\n"
              "        publisher: Example Government\n")
    write(events_dir, {"2024-03-02-broken.yaml": GOOD.replace("confirmed", "reported") + update})
    assert problems(events_dir, check_only=True) == [
        "events/2024-03-02-broken.yaml:12:5: error: unknown field 'ntoe' in update 1: did you "
        "mean 'note'?"]


def test_a_field_that_is_missing_and_not_misspelt_is_still_reported(events_dir):
    # 'colour' is no misspelling of 'status': the status is reported missing as well
    write(events_dir, {"2024-03-02-x.yaml": GOOD.replace("status: confirmed", "colour: red")})
    assert problems(events_dir, check_only=True) == [
        "events/2024-03-02-x.yaml:1:1: error: missing required field 'status' in the event: "
        "add 'status:' (confirmed, reported, anticipated, did-not-happen or denied, at the time "
        "of the event (confirmed needs a source that is not a republished copy, state media or "
        "analysis); later changes, and partly-confirmed with its note, go in updates.)",
        "events/2024-03-02-x.yaml:3:1: error: unknown field 'colour' in the event: allowed "
        "fields: title, date, end_date, approximate, date_note, status, summary, body, media, "
        "tags, actors, related, sources, updates, translations",
    ]


def test_two_misspellings_of_one_field_claim_it_once(events_dir):
    text = GOOD.replace("title: A good event", "titel: A\ntitl: B")
    write(events_dir, {"2024-03-02-x.yaml": text})
    assert problems(events_dir, check_only=True) == [
        "events/2024-03-02-x.yaml:1:1: error: unknown field 'titel' in the event: did you mean "
        "'title'?",
        "events/2024-03-02-x.yaml:2:1: error: unknown field 'titl' in the event: did you mean "
        "'title'?",
    ]


@pytest.mark.parametrize("check_only", [False, True], ids=["build", "validate"])
def test_an_id_no_file_has_is_still_reported(events_dir, check_only):
    write(events_dir, {"2024-03-02-broken.yaml": "title: [\n",
                       "2024-03-03-relates.yaml": GOOD + "related: [2024-03-02-brokn]\n"})
    assert problems(events_dir, check_only) == [
        "events/2024-03-02-broken.yaml:2:1: error: invalid YAML: did not find expected node "
        "content (while parsing a flow node)",
        "events/2024-03-03-relates.yaml:9:11: error: 'related' names '2024-03-02-brokn', but no "
        "event has that id: did you mean '2024-03-02-broken'?",
    ]


def test_an_event_in_a_subfolder_counts_too(events_dir):
    (events_dir / "2024").mkdir()
    write(events_dir, {"2024/2024-03-02-broken.yaml": GOOD.replace("title:", "titel:", 1),
                       "2024-03-03-relates.yaml": RELATED})
    assert problems(events_dir, check_only=True) == [
        "events/2024/2024-03-02-broken.yaml:1:1: error: unknown field 'titel' in the event: "
        "did you mean 'title'?"]


def test_check_command_prints_one_line_for_one_mistake(events_dir):
    write(events_dir, {"2024-03-02-broken.yaml": GOOD.replace("summary:", "sumary:"),
                       "2024-03-03-relates.yaml": RELATED})
    proc = run_check(events_dir)
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert lines[:-1] == [
        "events/2024-03-02-broken.yaml:4:1: error: unknown field 'sumary' in the event: did you "
        "mean 'summary'?"]
    assert lines[-1].startswith("2 file(s), 1 valid event(s), 1 error(s), 0 warning(s) in ")


def test_cross_check_takes_the_ids_of_every_file_read():
    event = Event(id="b", path="events/b.yaml", title="B", date=PartialDate(2024, 3, 2),
                  status="reported", summary="S.", sources=(), related=("a",),
                  positions={"related:a": (9, 11)})
    assert [i.format() for i in cross_check([event])] == [
        "events/b.yaml:9:11: error: 'related' names 'a', but no event has that id: write the "
        "file name of another event, without .yaml"]
    assert cross_check([event], known_ids=["a", "b"]) == []
