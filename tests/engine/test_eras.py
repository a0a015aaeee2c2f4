"""Eras: loading and checking content/eras.yaml, and the pages that name them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from helpers import build_site

from pelican.plugins.timeline.commands.check import main as check_main
from pelican.plugins.timeline.generator import TimelineBuildError
from pelican.plugins.timeline.reading.eras import (
    Era,
    eras_by_event,
    eras_of_events,
    load_eras,
    load_eras_text,
)
from pelican.plugins.timeline.reading.model import Event, PartialDate, Source

GOOD = """\
eras:
  - id: first-era
    name: First era
    start: "2021-01-20"
    end: "2025-01-20"
    color: "#3b6fb6"
    description: A *short* description.
    sources:
      - url: https://www.example.org/a
        title: A source
        publisher: Example
  - id: ongoing-era
    name: Ongoing era
    start: "2022-05"
    color: "#c2410c"
"""

ISSUE_RE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): error: (?P<msg>.+)$")


def issues_of(text: str) -> list[tuple[int, int, str]]:
    eras, issues = load_eras_text(text, "content/eras.yaml")
    assert eras == [], "no era is returned when the file has errors"
    result = []
    for issue in issues:
        match = ISSUE_RE.match(issue.format())
        assert match, issue.format()
        assert match["path"] == "content/eras.yaml"
        result.append((int(match["line"]), int(match["col"]), match["msg"]))
    return result


def test_good_file_loads() -> None:
    eras, issues = load_eras_text(GOOD, "content/eras.yaml")
    assert issues == []
    assert [e.id for e in eras] == ["first-era", "ongoing-era"]
    first, ongoing = eras
    assert first.start == PartialDate(2021, 1, 20) and first.end == PartialDate(2025, 1, 20)
    assert first.sources[0].publisher == "Example"
    assert first.display_dates == "20 January 2021 – 20 January 2025"
    assert ongoing.end is None and ongoing.ongoing
    assert ongoing.display_dates == "since May 2022"
    assert first.line == 2


def test_bad_date_is_reported_at_its_position() -> None:
    text = GOOD.replace('start: "2021-01-20"', 'start: "2021-13-20"')
    problems = issues_of(text)
    assert len(problems) == 1
    line, col, message = problems[0]
    assert (line, col) == (4, 12)
    assert "'start'" in message and "month must be 01 to 12" in message


def test_impossible_day_is_reported() -> None:
    problems = issues_of(GOOD.replace('end: "2025-01-20"', 'end: "2025-02-30"'))
    assert len(problems) == 1
    assert problems[0][:2] == (5, 10)
    assert "February 2025 has 28 days" in problems[0][2]


def test_start_after_end_is_an_error() -> None:
    problems = issues_of(GOOD.replace('end: "2025-01-20"', 'end: "2020-06"'))
    assert len(problems) == 1
    line, col, message = problems[0]
    assert (line, col) == (5, 10)
    assert "before its 'start'" in message and "swap them" in message


def test_unknown_field_suggests_the_right_one() -> None:
    problems = issues_of(GOOD.replace('    color: "#3b6fb6"', '    colour: "#3b6fb6"'))
    messages = [m for _, _, m in problems]
    assert any("unknown field 'colour'" in m and "did you mean 'color'?" in m for m in messages)
    assert not any("missing required field" in m for m in messages)  # one mistake, one line
    assert (6, 5) in [(line, col) for line, col, _ in problems]


def test_missing_field() -> None:
    problems = issues_of(GOOD.replace("    name: Ongoing era\n", ""))
    assert len(problems) == 1
    assert "missing required field 'name' in era 2" in problems[0][2]
    assert problems[0][0] == 12


def test_bad_colour() -> None:
    problems = issues_of(GOOD.replace('"#c2410c"', '"red"'))
    assert len(problems) == 1
    assert problems[0][:2] == (15, 12)
    assert "not a colour" in problems[0][2] and "#rrggbb" in problems[0][2]


def test_bad_id() -> None:
    problems = issues_of(GOOD.replace("id: ongoing-era", "id: Ongoing Era"))
    assert len(problems) == 1
    assert "write 'ongoing-era'" in problems[0][2]


def test_duplicate_ids() -> None:
    problems = issues_of(GOOD.replace("id: ongoing-era", "id: first-era"))
    assert len(problems) == 1
    line, _col, message = problems[0]
    assert line == 12
    assert "duplicate era id 'first-era' (first used on line 2)" in message


def test_strict_yaml_and_structure() -> None:
    assert "duplicate key 'name'" in issues_of(
        GOOD.replace("    name: First era\n", "    name: First era\n    name: Again\n")
    )[0][2]
    assert "must be a mapping" in issues_of("- a\n- b\n")[0][2]
    assert any("unknown field 'era'" in m for _, _, m in issues_of("era: []\n"))
    assert "the file is empty" in issues_of("")[0][2]
    line, col, message = issues_of(GOOD.replace("https://www.example.org/a", "ftp://x"))[0]
    assert (line, col) == (9, 14) and "only http:// and https://" in message
    eras, issues = load_eras_text("eras: []\n", "content/eras.yaml")
    assert eras == [] and issues == []


def test_missing_file(tmp_path: Path) -> None:
    eras, issues = load_eras(tmp_path / "eras.yaml", tmp_path)
    assert eras == [] and "does not exist" in issues[0].message


def _event(event_id: str, date: str, end: str | None = None) -> Event:
    return Event(
        id=event_id, path=f"events/{event_id}.yaml", title=event_id, date=PartialDate.parse(date),
        end_date=PartialDate.parse(end) if end else None, status="confirmed", summary="s",
        sources=(Source("https://www.example.org/", "t", "p"),),
    )


def test_events_fall_in_overlapping_eras() -> None:
    eras = [
        Era("a", "A", PartialDate.parse("2021-01-20"), "#000000", PartialDate.parse("2025-01-20")),
        Era("b", "B", PartialDate.parse("2025-01-20"), "#000000"),
        Era("c", "C", PartialDate.parse("2021-09-15"), "#000000", PartialDate.parse("2023-03-13")),
    ]
    events = [
        _event("e1", "2021-09-15"), _event("e2", "2025-01-20"), _event("e3", "2020"),
        _event("e4", "2023-03"), _event("e5", "2030-05-01"), _event("e6", "2019", "2021-02"),
    ]
    per_era = eras_of_events(eras, events)
    assert [e.id for e in per_era["a"]] == ["e6", "e1", "e4", "e2"]
    assert [e.id for e in per_era["b"]] == ["e2", "e5"]
    assert [e.id for e in per_era["c"]] == ["e1", "e4"]
    per_event = eras_by_event(eras, per_era)
    assert [e.id for e in per_event["e1"]] == ["a", "c"]
    assert "e3" not in per_event


def test_check_reports_era_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    events = tmp_path / "events"
    events.mkdir()
    (tmp_path / "content").mkdir()
    bad = tmp_path / "content" / "eras.yaml"
    bad.write_text(GOOD.replace('end: "2025-01-20"', 'end: "2020-06"'), encoding="utf-8")
    assert check_main([str(events)]) == 1
    captured = capsys.readouterr()
    out = captured.out + captured.err
    assert re.search(r"content/eras\.yaml:5:10: error: 'end' \(2020-06\) of era 1 is before", out)
    bad.write_text(GOOD, encoding="utf-8")
    assert check_main([str(events)]) == 0
    assert check_main([str(events), "--eras", str(tmp_path / "nope.yaml")]) == 1


def test_build_fails_on_bad_eras(tmp_path: Path) -> None:
    bad = tmp_path / "eras.yaml"
    bad.write_text(GOOD.replace('"#3b6fb6"', '"#3b6fb"'), encoding="utf-8")
    with pytest.raises(TimelineBuildError, match="problem"):
        build_site(tmp_path / "out", TIMELINE_ERAS_PATH=str(bad))


def test_event_and_era_pages(fixture_site: Path) -> None:
    event_page = (fixture_site / "events" / "2021-09-15-pact-announced" / "index.html").read_text()
    section = event_page.split('id="eras-h"', 1)[1].split("</section>", 1)[0]
    assert "../../eras/negotiation-period/index.html" in section
    assert "Negotiation period" in section and "Second phase" not in section
    era_page = (fixture_site / "eras" / "negotiation-period" / "index.html").read_text()
    assert "<h1>" in era_page and "Negotiation period" in era_page
    assert "15 September 2021" in era_page and "13 March 2023" in era_page
    assert "../../events/2021-09-15-pact-announced/index.html" in era_page
    assert "https://www.example.org/negotiation" in era_page
    index = (fixture_site / "eras" / "index.html").read_text()
    for era in ("negotiation-period", "second-phase"):
        assert f"{era}/index.html" in index
    assert "since January 2024" in index


def test_no_eras_setting_means_no_era_pages(tmp_path: Path) -> None:
    out = build_site(tmp_path / "out", TIMELINE_ERAS_PATH=None)
    assert not (out / "eras").exists()
    assert 'id="eras-h"' not in (out / "events" / "2021-09-15-pact-announced" / "index.html"
                                 ).read_text()
    assert "ov-svg" in (out / "index.html").read_text()


def test_era_last_day() -> None:
    era = Era("x", "X", PartialDate.parse("2024"), "#000000")
    assert era.last_day(dt.date(2026, 1, 1)) == dt.date(2026, 1, 1)
    assert era.last_day() == dt.date.max
