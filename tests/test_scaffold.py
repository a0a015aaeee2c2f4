"""`invoke new-event`: a valid file with the right name and a schema comment, never
overwriting."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from timeline.loader import SCHEMA_COMMENT, load_events
from timeline.scaffold import new_event_file

ROOT = Path(__file__).resolve().parent.parent
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
    """Run tasks.new_event against a copy of the events folder path (TIMELINE events)."""
    code = (
        "import sys, tasks, pathlib; from invoke import Context; "
        f"tasks.SETTINGS['events'] = {str(tmp_path / 'events')!r}; "
        "tasks.new_event(Context(), *sys.argv[1:])"
    )
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, input=stdin,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": f"{ROOT}:{ROOT / 'plugins'}"})


def test_task_prompts_for_what_is_missing(tmp_path):
    (tmp_path / "events").mkdir()
    answers = "\n".join(["2024-04", "Talks on Pillar 2", "confirmed", "https://www.example.org/t",
                         "Example Government", "Statement"]) + "\n"
    proc = _run_task(tmp_path, stdin=answers)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "events" / "2024-04-talks-on-pillar-2.yaml").is_file()
    assert "Date (YYYY, YYYY-MM or YYYY-MM-DD)" in proc.stdout


def test_task_takes_arguments(tmp_path):
    (tmp_path / "events").mkdir()
    proc = _run_task(tmp_path, "2023", "A year event", "confirmed", "https://www.example.org/y",
                     "Example", "Review")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "events" / "2023-a-year-event.yaml").is_file()
