"""`invoke new-event`: a valid file with the right name and a schema comment, never
overwriting."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import run_on_terminal

from pelican.plugins.timeline.commands.new_event import new_event_file
from pelican.plugins.timeline.reading.events import SCHEMA_COMMENT, load_events

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 28)
ARGS = dict(date="2024-04-08", title='Ministers: "Japan" & 岸田文雄 talks', status="reported",
            url="https://www.example.org/a?b=1&c=2", publisher="Example: News",
            source_title="#1 story: yes", today=TODAY)


def test_writes_a_valid_file_with_the_right_name(events_dir):
    path = new_event_file(events_dir, **ARGS)
    assert path.parent == events_dir
    assert path.name.startswith("2024-04-08-ministers-japan") and path.suffix == ".yaml"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == SCHEMA_COMMENT
    # the placeholder summary is refused until it is replaced
    result = load_events(events_dir, base=events_dir.parent, today=TODAY)
    assert [i.format() for i in result.issues] == [
        f"events/{path.name}:5:10: error: 'summary' is still the placeholder that new-event "
        "wrote: replace the placeholder summary with one neutral paragraph (what happened, "
        "who said it, and what is not known)"]
    summary = text.split("summary: |\n", 1)[1].split("tags:", 1)[0]
    path.write_text(text.replace(summary, "  Ministers met.\n"), encoding="utf-8")
    result = load_events(events_dir, base=events_dir.parent, today=TODAY)
    assert result.errors == []
    (event,) = result.events
    assert event.title == ARGS["title"]
    assert event.sources[0].url == ARGS["url"]
    assert event.sources[0].publisher == "Example: News"
    assert event.sources[0].title == "#1 story: yes"


def test_never_overwrites(events_dir):
    path = new_event_file(events_dir, **ARGS)
    path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(ValueError, match="already exists"):
        new_event_file(events_dir, **ARGS)
    assert path.read_bytes() == before


@pytest.mark.parametrize(("change", "message"), [
    ({"date": "2024-02-30"}, "not a real date"),
    ({"status": "rumoured"}, "write one of"),
    ({"url": "javascript:alert(1)"}, "only http:// and https://"),
    ({"date": "2027-01-01"}, "in the future"),
])
def test_invalid_answers_write_nothing(events_dir, change, message):
    with pytest.raises(ValueError, match=message):
        new_event_file(events_dir, **{**ARGS, **change})
    assert list(events_dir.iterdir()) == []


def _run_task(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """Run the new-event command (what `invoke new-event` runs) on tmp_path/events."""
    return subprocess.run(
        [sys.executable, "-m", "pelican.plugins.timeline.commands.new_event",
         "--events", str(tmp_path / "events"), *args],
        cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_without_a_terminal_missing_answers_are_an_error(tmp_path):
    (tmp_path / "events").mkdir()
    proc = _run_task(tmp_path, "--date", "2024-04", stdin="")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "missing --title, --status, --url, --publisher, --source-title" in proc.stderr
    assert list((tmp_path / "events").iterdir()) == []


def test_task_takes_arguments(tmp_path):
    (tmp_path / "events").mkdir()
    proc = _run_task(tmp_path, "--date=2023", "--title=A year event", "--status=confirmed",
                     "--url=https://www.example.org/y", "--publisher=Example",
                     "--source-title=Review")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "events" / "2023-a-year-event.yaml").is_file()


def _interact(tmp_path: Path, answers: list[str]) -> tuple[int, str]:
    """Run new-event on a pseudo-terminal, typing each answer when prompted; return the
    exit status and everything the terminal showed."""
    return run_on_terminal(["pelican.plugins.timeline.commands.new_event", "--events",
                            str(tmp_path / "events")], tmp_path, answers)


def test_interactive_answers_are_checked_as_given_and_asked_again(tmp_path):
    (tmp_path / "events").mkdir()
    code, shown = _interact(tmp_path, [
        "2024-02-30", "2024-02-29",          # an impossible date, then a real one
        "", "Leaders meet",                  # no title, then a title
        "rumoured", "reported",              # not a status, then a status
        "javascript:alert(1)", "https://www.example.org/a",
        "Example News", "Leaders meet in Canberra",
    ])
    assert code == 0, shown
    lines = shown.splitlines()
    assert any(line.endswith("'2024-02-30' is not a real date: February 2024 has 29 days; "
                             "try again") for line in lines), shown
    assert any(line.endswith("an answer is needed; try again") for line in lines), shown
    assert any(line.endswith("write one of: confirmed, partly-confirmed, reported, "
                             "anticipated, did-not-happen, denied; try again")
               for line in lines), shown
    assert any(line.endswith("only http:// and https:// addresses are allowed, not javascript "
                             "address; write the full address, e.g. https://www.example.org/"
                             "page; try again") for line in lines), shown
    assert "Traceback" not in shown
    (path,) = (tmp_path / "events").iterdir()
    assert path.name == "2024-02-29-leaders-meet.yaml"
    assert 'url: "https://www.example.org/a"' in path.read_text(encoding="utf-8")


# --- one round: every piece of advice, followed once, is enough -------------------------------

LONG_TITLE = "Leaders meet in Canberra to discuss the new plan for the {}"


def test_a_taken_name_says_what_to_change_and_one_change_is_enough(events_dir):
    first = new_event_file(events_dir, **{**ARGS, "title": LONG_TITLE.format("region")})
    # the same first words make the same name, whatever the title says after them
    with pytest.raises(ValueError) as refused:
        new_event_file(events_dir, **{**ARGS, "title": LONG_TITLE.format("coast")})
    message = str(refused.value)
    assert message.startswith(f"--title: {first.name} already exists: if it is this event, "
                              "edit that file; otherwise give a title that starts with other "
                              "words"), message
    second = new_event_file(events_dir, **{**ARGS, "title": "Coast plan: "
                                           + LONG_TITLE.format("coast")})
    assert second != first and second.is_file()


@pytest.mark.parametrize(("change", "option"), [
    ({"source_title": "s" * 400}, "--source-title: 'title' is 400 characters long"),
    ({"title": "t" * 400}, "--title: 'title' is 400 characters long"),
    ({"publisher": "p" * 300}, "--publisher: 'publisher' is 300 characters long"),
    ({"status": "partly-confirmed"}, "--status: 'status: partly-confirmed' needs a note"),
])
def test_each_problem_names_the_option_to_change(events_dir, change, option):
    with pytest.raises(ValueError) as refused:
        new_event_file(events_dir, **{**ARGS, **change})
    assert str(refused.value).startswith(option), str(refused.value)
    assert list(events_dir.iterdir()) == []


def test_the_task_prints_each_problem_with_its_option(tmp_path):
    (tmp_path / "events").mkdir()
    proc = _run_task(tmp_path, "--date=2024-04-08", "--title=A title", "--status=reported",
                     "--url=https://www.example.org/y", "--publisher=Example",
                     "--source-title=" + "s" * 400)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        "new-event: --source-title: 'title' is 400 characters long; the limit is 300: "
        "shorten it", "new-event: nothing written"]


def test_interactive_answers_that_would_fail_at_the_end_are_asked_again_at_once(tmp_path):
    """Every answer is checked as the validator will check the file, when it is given: the
    taken name at the title, partly-confirmed at the status, a source title too long at
    that question; the file is then written in the same session."""
    (tmp_path / "events").mkdir()
    taken = new_event_file(tmp_path / "events", **{**ARGS, "title": "Leaders meet"})
    code, shown = _interact(tmp_path, [
        "2024-04-08", "Leaders meet", "Leaders meet again",
        "partly-confirmed", "reported",
        "https://www.example.org/a", "Example News", "s" * 301, "Leaders meet again",
    ])
    assert code == 0, shown
    lines = shown.splitlines()
    assert any(f"{taken.name} already exists" in line and line.endswith("try again")
               for line in lines), shown
    assert any("'status: partly-confirmed' needs a note" in line for line in lines), shown
    assert any("'title' is 301 characters long" in line for line in lines), shown
    assert {p.name for p in (tmp_path / "events").iterdir()} == {
        taken.name, "2024-04-08-leaders-meet-again.yaml"}


def test_the_file_name_advice_needs_one_rename(events_dir):
    text = new_event_file(events_dir, **ARGS).read_text(encoding="utf-8")
    for path in events_dir.iterdir():
        path.unlink()
    bad = events_dir / "2024-04-08-Leaders Meet.yml"
    bad.write_text(text.replace("REPLACE THIS PLACEHOLDER", "Written"), encoding="utf-8")
    (issue,) = load_events(events_dir, base=events_dir.parent, today=TODAY).issues
    advised = issue.message.split("rename it to ", 1)[1]
    bad.rename(events_dir / advised)
    assert load_events(events_dir, base=events_dir.parent, today=TODAY).issues == []
