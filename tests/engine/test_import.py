"""`timeline-import` (`invoke import`): real files in, event files out, read back by the
loader the build uses. A TimelineJS template sheet (tests/fixtures/import/timelinejs.csv:
HTML in Text with a link, a <script>, <b> and an <iframe>, a span, groups, media, a title
row with an HTML credit, a BCE row, an extra Tag column, blank trailing columns, an era
row and two rows that cannot be events), TimelineJS JSON, a hand-made spreadsheet, and
round trips of a built site's data/events.json and data/events.csv."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from helpers import FIXTURE_EVENTS, FIXTURE_TODAY, ROOT, build_site

from pelican.plugins.timeline.commands import importer
from pelican.plugins.timeline.commands.import_formats import detect, html_to_markdown
from pelican.plugins.timeline.commands.importer import run
from pelican.plugins.timeline.reading.events import load_events
from pelican.plugins.timeline.reading.schema import EVENT_FIELDS

FIXTURES = ROOT / "tests" / "fixtures" / "import"
SHEET = FIXTURES / "timelinejs.csv"
HAS_MEDIA = "media" in {f.name for f in EVENT_FIELDS}
WRITTEN = ["2024-03-02-council-approves-the-harbour-plan.yaml",
           "2024-05-10-harbour-festival.yaml",
           "8000-bce-farming-reaches-the-valley.yaml"]


def imported(source: Path, events: Path, *options: str) -> tuple[int, list[str]]:
    """Run the import as the command line does; (exit status, printed lines)."""
    out = io.StringIO()
    code = run(source, events, fmt=next((o.split("=", 1)[1] for o in options
                                         if o.startswith("--format=")), None),
               skip_invalid="--skip-invalid" in options, force="--force" in options,
               today=FIXTURE_TODAY, out=out)
    return code, out.getvalue().splitlines()


def sheet_messages(shown: str) -> list[str]:
    return [
        f"{shown}:2: note: title row 'The Harbour Timeline': the timeline's title and "
        "credits, not an event (Compiled by the Harbour Society. Data: CC BY 4.0.)",
        f"{shown}:6: error: no date: fill in Year (and Month and Day if known), e.g. 2024, "
        "or -8000 for 8000 BCE",
        f"{shown}:7: error: no link to serve as a source: add a link to the text (<a href=…>) "
        "or a Source column with the address of the source",
        f"{shown}:8: note: era row 'The quiet decade': not an event (eras go in the site's "
        "eras file, TIMELINE_ERAS_PATH; add it there by hand)",
    ]


def test_a_sheet_with_bad_rows_writes_nothing(tmp_path: Path) -> None:
    events = tmp_path / "events"
    code, lines = imported(SHEET, events)
    assert code == 1
    assert lines == [*sheet_messages(str(SHEET)),
                     f"{SHEET}: 2 of 5 rows cannot be imported: nothing written (fix them, or "
                     "give --skip-invalid to import the others)"]
    assert not events.exists() or list(events.iterdir()) == []


def test_skip_invalid_imports_the_rest(tmp_path: Path) -> None:
    events = tmp_path / "events"
    code, lines = imported(SHEET, events, "--skip-invalid")
    assert code == 0
    notes = sheet_messages(str(SHEET))
    assert lines == [
        notes[0],
        *(f"{SHEET}:{line}: wrote {events / name}" for line, name in zip((3, 4, 5), WRITTEN,
                                                                           strict=True)),
        *notes[1:],
        f"{SHEET} (timelinejs-csv) into {events}/: 3 written, 0 updated, 0 unchanged, "
        "2 skipped for errors, 2 not an event.",
    ]
    assert sorted(p.name for p in events.iterdir()) == WRITTEN  # no temporary file left
    result = load_events(events, today=FIXTURE_TODAY)
    assert result.issues == []
    by_id = {e.id: e for e in result.events}
    plan = by_id["2024-03-02-council-approves-the-harbour-plan"]
    assert plan.title == "Council approves the harbour plan"  # <i> dropped from a title
    assert (plan.date.iso(), plan.status, plan.tags) == (
        "2024-03-02", "reported", ("council", "planning", "harbour"))
    assert plan.summary == ("The council **approved** the plan, [Example News reported]"
                            "(https://news.example.com/harbour-plan).\n\nCritics said the "
                            "vote was rushed.")
    assert "alert" not in (events / WRITTEN[0]).read_text("utf-8")  # the script's content
    source = plan.sources[0]
    assert (source.url, source.title, source.publisher) == (
        "https://news.example.com/harbour-plan", "Example News reported", "news.example.com")
    if HAS_MEDIA:
        media = plan.media[0]  # type: ignore[attr-defined]
        assert (media.url, media.credit, media.caption) == (
            "https://images.example.org/harbour.jpg", "Photo: Jane Roe, CC BY 4.0",
            "The harbour in 2024")
        assert len(plan.sources) == 1
    else:  # no media field in the event format: the picture is linked as a source
        assert plan.sources[1].url == "https://images.example.org/harbour.jpg"
    festival = by_id["2024-05-10-harbour-festival"]
    assert (festival.date.iso(), festival.end_date and festival.end_date.iso()) == (
        "2024-05-10", "2024-05-12")
    assert festival.display_date == "10–12 May 2024"
    assert "Your browser cannot show this" not in festival.summary  # the iframe's content
    assert [(s.url, s.title, s.publisher) for s in festival.sources] == [
        ("https://www.harbourfest.example.net/2024", "[Linked from the sheet]",
         "harbourfest.example.net"),
        ("https://news.example.com/festival", "the report", "news.example.com")]
    farming = by_id["8000-bce-farming-reaches-the-valley"]
    assert (farming.date.iso(), farming.end_date and farming.end_date.iso(),
            farming.approximate, farming.display_date) == (
        "-8000", "-5000", True, "c. 8000–5000 BCE")


def test_the_bce_row_as_written(tmp_path: Path) -> None:
    events = tmp_path / "events"
    imported(SHEET, events, "--skip-invalid")
    text = (events / WRITTEN[2]).read_text("utf-8")
    head, body = text.split("\n", 2)[:2], text.split("\n", 2)[2]
    assert head[0] == "# yaml-language-server: $schema=../schema/event.schema.json"
    assert head[1] == f"# imported from timelinejs.csv:5, sha256:{importer.body_hash(body)}"
    assert body == """\
title: Farming reaches the valley
date: "-8000"
end_date: "-5000"
approximate: true
status: reported
summary: "Archaeologists date the first farms in the valley to this period ([museum notes](https://museum.example.org/first-farms))."
tags: [prehistory]
sources:
  - url: https://museum.example.org/first-farms
    title: museum notes
    publisher: museum.example.org
"""


def test_importing_again_changes_nothing(tmp_path: Path) -> None:
    events = tmp_path / "events"
    imported(SHEET, events, "--skip-invalid")
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in events.iterdir()}
    code, lines = imported(SHEET, events, "--skip-invalid")
    assert code == 0
    assert [line for line in lines if " unchanged " in line] == [
        f"{SHEET}:{n}: unchanged {events / name}" for n, name in zip((3, 4, 5), WRITTEN,
                                                                      strict=True)]
    assert lines[-1].endswith(": 0 written, 0 updated, 3 unchanged, 2 skipped for errors, "
                              "2 not an event.")
    assert {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in events.iterdir()} == before


def test_a_file_edited_by_hand_is_not_replaced_without_force(tmp_path: Path) -> None:
    events = tmp_path / "events"
    imported(SHEET, events, "--skip-invalid")
    edited = events / WRITTEN[1]
    text = edited.read_text("utf-8").replace("Harbour festival", "Harbour festival, 2024")
    edited.write_text(text, "utf-8")
    code, lines = imported(SHEET, events, "--skip-invalid")
    assert code == 0
    assert f"{SHEET}:4: error: {edited} was edited since it was imported: not replaced " \
           "(import with --force to replace it, or delete it)" in lines
    assert edited.read_text("utf-8") == text
    code, lines = imported(SHEET, events)  # without --skip-invalid: an error, nothing written
    assert code == 1 and edited.read_text("utf-8") == text
    code, lines = imported(SHEET, events, "--skip-invalid", "--force")
    assert code == 0 and f"{SHEET}:4: updated {edited}" in lines
    assert "title: Harbour festival\n" in edited.read_text("utf-8")
    # a file of that name that the importer did not write is not replaced either
    own = events / WRITTEN[0]
    own.write_text(own.read_text("utf-8").split("\n", 2)[2], "utf-8")
    code, lines = imported(SHEET, events, "--skip-invalid")
    assert f"{SHEET}:3: error: {own} was not written by timeline-import: not replaced " \
           "(import with --force to replace it, or delete it)" in lines


def test_a_changed_sheet_updates_its_files(tmp_path: Path) -> None:
    events = tmp_path / "events"
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(SHEET.read_text("utf-8"), "utf-8")
    imported(sheet, events, "--skip-invalid")
    sheet.write_text(sheet.read_text("utf-8").replace("Three days of events.",
                                                      "Four days of events."), "utf-8")
    code, lines = imported(sheet, events, "--skip-invalid")
    assert code == 0 and f"{sheet}:4: updated {events / WRITTEN[1]}" in lines
    assert "Four days of events." in (events / WRITTEN[1]).read_text("utf-8")


def test_timelinejs_json(tmp_path: Path) -> None:
    source = FIXTURES / "timelinejs.json"
    events = tmp_path / "events"
    code, lines = imported(source, events, "--skip-invalid")
    assert code == 0
    assert lines == [
        f"{source}:title: note: the title slide 'The Harbour Timeline' is not an event",
        f"{source}:eras[0]: note: era 'The quiet decade': not an event (eras go in the site's "
        "eras file, TIMELINE_ERAS_PATH; add it there by hand)",
        f"{source}:events[0]: wrote {events / WRITTEN[0]}",
        f"{source}:events[1]: wrote {events / WRITTEN[2]}",
        f"{source}:events[2]: error: Year, Month and Day make no real date: '2024-02-30' is "
        "not a real date: February 2024 has 29 days",
        f"{source}:events[3]: error: no date: fill in Year (and Month and Day if known), "
        "e.g. 2024, or -8000 for 8000 BCE",
        f"{source}:events[4]: error: an event must be an object ({{\"start_date\": …, "
        "\"text\": …})",
        f"{source} (timelinejs-json) into {events}/: 2 written, 0 updated, 0 unchanged, "
        "3 skipped for errors.",
    ]
    result = load_events(events, today=FIXTURE_TODAY)
    assert result.issues == []
    farming = next(e for e in result.events if e.date.is_bce)
    assert (farming.approximate, farming.tags, farming.sources[0].title) == (
        True, ("prehistory",), "Museum notes")


def test_real_sheet_quirks(tmp_path: Path) -> None:
    """Comma-grouped BCE years, month names, a Status and a Source column, a span that ends
    before it starts, a bad link: each row imported or reported by its line."""
    sheet = tmp_path / "quirks.csv"
    rows = [
        ["Year", "Month", "Day", "Headline", "Text", "Type", "Status", "Source", "Owner", ""],
        ["-8,000", "", "", "Walls", "<p>Walls.</p>", "", "", "https://a.example.org/w", "me",
         ""],
        ["1990", "March", "", "Talks", '<a href="/relative">rel</a> and '
         '<a href="https://b.example.org/t">t</a>', "", "Confirmed", "", "", ""],
        ["2030", "", "", "Launch", '<a href="https://c.example.org/l">l</a>', "", "", "", "",
         ""],
        ["2024", "13", "", "Bad month", '<a href="https://d.example.org">d</a>', "", "", "",
         "", ""],
        ["2024", "", "", "Bad status", '<a href="https://d.example.org">d</a>', "", "maybe",
         "", "", ""],
        ["0", "", "", "Year zero", '<a href="https://d.example.org">d</a>', "", "", "", "",
         ""],
    ]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    sheet.write_text(buffer.getvalue(), "utf-8")
    events = tmp_path / "events"
    code, lines = imported(sheet, events, "--skip-invalid")
    assert code == 0
    assert lines == [
        f"{sheet}:1: warning: column 'owner' is not imported (not a TimelineJS column)",
        f"{sheet}:2: wrote {events}/8000-bce-walls.yaml",
        f"{sheet}:3: warning: link '/relative' in Text is not a full http(s) address: left out",
        f"{sheet}:3: wrote {events}/1990-03-talks.yaml",
        f"{sheet}:4: wrote {events}/2030-launch.yaml",
        f"{sheet}:5: error: Month is '13': write 1 to 12",
        f"{sheet}:6: error: Status is 'maybe': write one of: confirmed, partly-confirmed, "
        "reported, anticipated, did-not-happen, denied",
        f"{sheet}:7: error: Year is 0: there is no year 0 (1 BCE, -1, is followed by 1 CE)",
        f"{sheet} (timelinejs-csv) into {events}/: 3 written, 0 updated, 0 unchanged, "
        "3 skipped for errors.",
    ]
    result = load_events(events, today=FIXTURE_TODAY)
    statuses = {e.id: (e.status, e.date.iso()) for e in result.events}
    assert statuses == {"8000-bce-walls": ("reported", "-8000"),
                        "1990-03-talks": ("confirmed", "1990-03"),
                        "2030-launch": ("anticipated", "2030")}  # a date ahead: anticipated


def test_html_becomes_safe_markdown() -> None:
    text, links, dropped = html_to_markdown(
        '<h1>Head</h1><p>A <b>bold</b> <i>claim</i> &lt;b&gt; <span style="x">kept</span> '
        '<a href="javascript:alert(1)">js</a> <a href="https://e.example.org/?a=1&amp;b=2">'
        'e</a></p><style>p{}</style><script>alert(1)</script><img src="https://i.example/x">'
        "<ul><li>one</li><li>two</li></ul>")
    assert text == ("### Head\n\nA **bold** *claim* &lt;b> kept js "
                    "[e](https://e.example.org/?a=1&b=2)\n\n- one\n- two")
    assert links == [("https://e.example.org/?a=1&b=2", "e")]
    assert dropped == ["javascript:alert(1)"]


def test_formats_are_told_apart(tmp_path: Path) -> None:
    assert detect(SHEET, SHEET.read_text("utf-8")) == "timelinejs-csv"
    assert detect(Path("x.json"), (FIXTURES / "timelinejs.json").read_text("utf-8")) == (
        "timelinejs-json")
    copy = tmp_path / "sheet.txt"  # told by its content, whatever its name
    copy.write_text(SHEET.read_text("utf-8").replace(",", "\t"), "utf-8")
    assert detect(copy, copy.read_text("utf-8")) == "timelinejs-csv"
    code, lines = imported(copy, tmp_path / "events", "--skip-invalid")
    assert code == 0 and lines[-1].startswith(f"{copy} (timelinejs-csv) into")
    unknown = tmp_path / "notes.txt"
    unknown.write_text("just some notes\n", "utf-8")
    assert imported(unknown, tmp_path / "e2") == (2, [
        f"{unknown}: error: cannot tell what this file is: give --format, one of "
        "timelinejs-csv, timelinejs-json, csv, events-json"])
    code, lines = imported(SHEET, tmp_path / "e3", "--format=csv")
    assert code == 1 and lines[0] == (f"{SHEET}:1: warning: column 'year' is not imported "
                                      "(see the columns of data/events.csv)")
    broken = tmp_path / "broken.json"
    broken.write_text('{"events": [\n  {"start_date": }\n]}', "utf-8")
    assert imported(broken, tmp_path / "e4") == (1, [
        f"{broken}:2:18: error: not valid JSON: Expecting value", f"Nothing imported from "
        f"{broken}."])


def test_a_hand_made_spreadsheet(tmp_path: Path) -> None:
    sheet = tmp_path / "mine.csv"
    sheet.write_text(
        "Date,Title,Summary,Status,Tags,Actors,Source URL,Source Title,Source Publisher,"
        "Source 2 URL,Source 2 Title,Source 2 Publisher\n"
        '2024-03-02,Budget passed,"The budget passed.",confirmed,"budget, council",'
        '"Smith, John; Council",https://a.example.org/b,Budget vote,Example Post,'
        "https://b.example.org/c,Vote,Example Times\n"
        "3/2/2024,Wrong date,Text,,,,https://a.example.org/d,T,P,,,\n", "utf-8")
    events = tmp_path / "events"
    code, lines = imported(sheet, events, "--skip-invalid")
    assert code == 0
    assert lines == [
        f"{sheet}:2: wrote {events}/2024-03-02-budget-passed.yaml",
        f"{sheet}:3: error: 'date': '3/2/2024' is not a date: write YYYY, YYYY-MM or "
        "YYYY-MM-DD, e.g. 2024-04-08 (format the column as text, so that the spreadsheet "
        "keeps the date as written)",
        f"{sheet} (csv) into {events}/: 1 written, 0 updated, 0 unchanged, 1 skipped for "
        "errors.",
    ]
    event = load_events(events, today=FIXTURE_TODAY).events[0]
    assert (event.tags, event.actors, [s.publisher for s in event.sources]) == (
        ("budget", "council"), ("Smith, John", "Council"), ["Example Post", "Example Times"])


def test_no_traceback_reaches_the_user(tmp_path: Path) -> None:
    missing = tmp_path / "missing.csv"
    cmd = [sys.executable, "-m", "pelican.plugins.timeline.commands.importer", str(missing),
           "--events", str(tmp_path / "events")]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == f"{missing}: error: cannot read the file: No such file or directory\n"
    binary = tmp_path / "sheet.csv"
    binary.write_bytes(b"Year,Headline\n2024,\xff\xfe\n")
    done = subprocess.run([*cmd[:3], str(binary), *cmd[4:]], capture_output=True, text=True,
                          cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stdout + done.stderr
    assert done.stdout.startswith(f"{binary}:2:6: error: bytes that are not UTF-8")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site, built: its data/events.json and data/events.csv."""
    return build_site(tmp_path_factory.mktemp("export") / "output")


def same_events(imported_dir: Path) -> None:
    """The events in `imported_dir` are the fixture site's, field by field."""
    original = load_events(FIXTURE_EVENTS, today=FIXTURE_TODAY)
    again = load_events(imported_dir, today=FIXTURE_TODAY)
    assert again.errors == [] and len(again.warnings) == len(original.warnings)
    assert [e.id for e in again.events] == [e.id for e in original.events]
    skip = {"path", "line", "digest", "positions", "translations"}
    for old, new in zip(original.events, again.events, strict=True):
        for f in dataclasses.fields(old):
            if f.name not in skip:
                assert getattr(new, f.name) == getattr(old, f.name), (old.id, f.name)
    # what the round trips are about: every kind of value is there
    events = original.events
    assert any(e.date.precision == "year" for e in events)
    assert any(e.date.precision == "month" for e in events)
    assert any(e.updates and e.updates[0].sources for e in events)
    assert any(s.quote or s.kind or s.archive_url for e in events for s in e.all_sources())


@pytest.mark.parametrize("name", ["events.json", "events.csv"])
def test_round_trip_of_the_sites_own_data(exported: Path, tmp_path: Path, name: str) -> None:
    events = tmp_path / "events"
    source = exported / "data" / name
    code, lines = imported(source, events)
    assert code == 0, lines
    assert lines[-1] == (f"{source} ({'events-json' if name.endswith('json') else 'csv'}) "
                         f"into {events}/: 7 written, 0 updated, 0 unchanged.")
    same_events(events)
    # and the site built from the imported files publishes the same data
    rebuilt = build_site(tmp_path / "output", events=events)
    first = json.loads((exported / "data" / "events.json").read_text("utf-8"))["events"]
    second = json.loads((rebuilt / "data" / "events.json").read_text("utf-8"))["events"]
    assert [{k: v for k, v in e.items() if k != "file"} for e in second] == [
        {k: v for k, v in e.items() if k != "file"} for e in first]
    code, lines = imported(source, events)
    assert lines[-1].endswith(": 0 written, 0 updated, 7 unchanged.")


def test_events_csv_has_a_column_for_every_field(exported: Path) -> None:
    rows = list(csv.reader(io.StringIO((exported / "data" / "events.csv").read_text("utf-8"),
                                       newline="")))
    header = rows[0]
    assert header[:14] == ["id", "date", "end_date", "precision", "approximate", "status",
                           "current_status", "title", "summary", "tags", "actors",
                           "first_source_url", "source_count", "permalink"]
    assert header[14:17] == ["date_note", "body", "related"]
    assert header[17:25] == [f"source_1_{n}" for n in (
        "url", "title", "publisher", "date", "kind", "note", "quote", "archive_url")]
    assert "update_1_note" in header and "update_1_source_1_url" in header
    assert all(len(row) == len(header) for row in rows)


def test_the_command_and_the_task(tmp_path: Path) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert project["project"]["scripts"]["timeline-import"] == (
        "pelican.plugins.timeline.commands.importer:main")
    assert "markdownify==1.2.3" in project["project"]["dependencies"]
    site = tmp_path / "site"
    (site / "events").mkdir(parents=True)
    (site / "tasks.py").write_text("from pelican.plugins.timeline.commands.tasks import "
                                   "site_tasks\nns = site_tasks(__file__)\n", "utf-8")
    (site / "pelicanconf.py").write_text('SITENAME = "Harbour"\nTIMELINE_EVENTS_PATH = '
                                         '"events"\nTIMELINE_TODAY = "2026-11-28"\n', "utf-8")
    shutil.copy(SHEET, site / "sheet.csv")
    env = {k: v for k, v in os.environ.items() if not k.startswith("INVOKE_")}
    done = subprocess.run([sys.executable, "-m", "invoke", "import", "sheet.csv",
                           "--skip-invalid"], cwd=site, capture_output=True, text=True,
                          env=env)
    assert done.returncode == 0, done.stderr
    assert "sheet.csv:3: wrote events/2024-03-02-council-approves-the-harbour-plan.yaml" in (
        done.stdout.splitlines())
    assert sorted(p.name for p in (site / "events").iterdir()) == WRITTEN
    done = subprocess.run([sys.executable, "-m", "invoke", "import", "sheet.csv"], cwd=site,
                          capture_output=True, text=True, env=env)
    assert done.returncode == 1 and "Traceback" not in done.stderr
