"""Years before the common era in the event format: -8000 is 8000 BCE (no year 0), read,
validated, shown ("8000 BCE", "8000 av. J.-C.", "紀元前8000年"), built onto every page and
export that can hold it, and left out, with a note, of the iCalendar files that cannot."""

from __future__ import annotations

import datetime as dt
import json
import logging
import shutil
from pathlib import Path

import icalendar
import jsonschema
import pytest
from helpers import FIXTURE_EVENTS, FIXTURE_TODAY, ROOT, build_site

from pelican.plugins.timeline.building.i18n import Localizer
from pelican.plugins.timeline.building.overview import layout, render_overview
from pelican.plugins.timeline.building.site import Urls
from pelican.plugins.timeline.reading.eras import Era, eras_of_events
from pelican.plugins.timeline.reading.events import load_text
from pelican.plugins.timeline.reading.model import (
    DateError,
    PartialDate,
    day_number,
    display_range,
)
from pelican.plugins.timeline.reading.schema import json_schema

ENGINE = ROOT / "pelican" / "plugins" / "timeline"

FARMING = """\
title: Farming reaches the valley
date: "-8000"
end_date: "-5000"
approximate: true
status: reported
summary: Archaeologists date the first farms in the valley to this period.
tags: [prehistory]
sources:
  - url: https://museum.example.org/first-farms
    title: First farms
    publisher: Example Museum
"""
SALAMIS = """\
title: A naval battle in the straits
date: -0480-09
status: confirmed
summary: A fleet defeated a larger one in the straits.
sources:
  - url: https://history.example.org/straits
    title: The battle in the straits
    publisher: Example History
    date: "2019"
"""


def test_bce_dates_parse_and_show() -> None:
    date = PartialDate.parse("-8000")
    assert (date.year, date.month, date.day, date.precision) == (-8000, None, None, "year")
    assert (date.iso(), date.display(), date.slug(), date.is_bce) == (
        "-8000", "8000 BCE", "8000-bce", True)
    month = PartialDate.parse("-0480-09")
    assert (month.iso(), month.display(), month.slug()) == (
        "-0480-09", "September 480 BCE", "0480-09-bce")
    assert PartialDate.parse("-0480-09-20").display() == "20 September 480 BCE"
    assert PartialDate.parse("-13000").display() == "13000 BCE"
    # sorting: 8000 BCE, 480 BCE, 1 BCE, 1 CE, 2024
    dates = [PartialDate.parse(t) for t in ("2024", "0001", "-0001", "-0480-09", "-8000")]
    assert [d.iso() for d in sorted(dates, key=PartialDate.sort_key)] == [
        "-8000", "-0480-09", "-0001", "0001", "2024"]
    # 1 BCE is a leap year (astronomical year 0), 4 BCE is not, 5 BCE is
    assert PartialDate.parse("-0001-02-29").day == 29
    assert PartialDate.parse("-0005-02-29").day == 29
    with pytest.raises(DateError, match="February 4 BCE has 28 days"):
        PartialDate.parse("-0004-02-29")


def test_bce_day_numbers_continue_the_calendar() -> None:
    assert day_number(2024, 3, 2) == dt.date(2024, 3, 2).toordinal()
    assert day_number(1, 1, 1) == 1
    assert day_number(-1, 12, 31) == 0  # the day before 1 January 1 CE
    assert day_number(-1, 1, 1) == -365  # 1 BCE has 366 days
    assert PartialDate.parse("-8000").last_number() + 1 == PartialDate.parse(
        "-7999").first_number()
    # datetime cannot hold them: first_day/last_day clamp to 1 January 1
    assert PartialDate.parse("-8000").first_day() == dt.date.min
    assert PartialDate.parse("-8000").last_day() == dt.date.min


@pytest.mark.parametrize(("text", "message"), [
    ("-0000", "'-0000': there is no year 0 before the common era: 1 BCE is -0001, and the "
              "year after it 0001"),
    ("0000", "'0000': the year must be 0001 or later (for years before the common era write "
             "a minus: -0001 is 1 BCE, -8000 is 8000 BCE)"),
    ("-800", "'-800' is not a date: a year before the common era has at least four digits: "
             "write -0800 (800 BCE)"),
    ("8000 BCE", "'8000 BCE' is not a date: write a year before the common era with a minus "
                 "and at least four digits: -8000 (8000 BCE)"),
    ("480 BC", "'480 BC' is not a date: write a year before the common era with a minus and "
               "at least four digits: -0480 (480 BCE)"),
])
def test_bad_bce_dates_are_explained(text: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        PartialDate.parse(text)
    assert str(caught.value) == message


def test_a_bad_bce_date_names_path_line_and_column() -> None:
    text = FARMING.replace('date: "-8000"', "date: -0000").replace('end_date: "-5000"',
                                                                   "end_date: 480 BC")
    event, issues = load_text(text, "events/x.yaml", "x", FIXTURE_TODAY)
    assert event is None
    assert [i.format() for i in issues] == [
        "events/x.yaml:2:7: error: 'date': '-0000': there is no year 0 before the common "
        "era: 1 BCE is -0001, and the year after it 0001",
        "events/x.yaml:3:11: error: 'end_date': '480 BC' is not a date: write a year before "
        "the common era with a minus and at least four digits: -0480 (480 BCE)",
    ]
    swapped = FARMING.replace('end_date: "-5000"', 'end_date: "-9000"')
    _event, issues = load_text(swapped, "events/x.yaml", "x", FIXTURE_TODAY)
    assert [i.format() for i in issues] == [
        "events/x.yaml:3:11: error: 'end_date' (-9000) is before 'date' (-8000): swap them, "
        "or fix the typo"]


def test_bce_events_validate_and_the_schema_accepts_them() -> None:
    for text in (FARMING, SALAMIS):
        event, issues = load_text(text, "events/x.yaml", "x", FIXTURE_TODAY)
        assert issues == [] and event is not None
    pattern = json_schema()["properties"]["date"]["pattern"]
    packaged = json.loads((ENGINE / "schemas" / "event.schema.json").read_text("utf-8"))
    assert packaged["properties"]["date"]["pattern"] == pattern
    date_schema = {"type": "string", "pattern": pattern}
    for good in ("-8000", "-0480-09", "-0480-09-20", "-13000", "2024", "2024-03-02"):
        jsonschema.validate(good, date_schema)
    for bad in ("-800", "-08000", "8000 BCE", "-8000-13"):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, date_schema)


def test_bce_spans_in_english_and_other_languages() -> None:
    start, end = PartialDate.parse("-8000"), PartialDate.parse("-5000")
    assert display_range(start, end, True) == "c. 8000–5000 BCE"
    assert display_range(PartialDate.parse("-0480-03"), PartialDate.parse("-0480-05")) == (
        "March – May 480 BCE")
    assert display_range(PartialDate.parse("-0010"), PartialDate.parse("0010")) == (
        "10 BCE – 10 CE")
    expected = {
        "fr": ("8000 av. J.-C.", "20 septembre 480 av. J.-C."),
        "de": ("8000 v. Chr.", "20. September 480 v. Chr."),
        "es": ("8000 a. C.", "20 de septiembre de 480 a. C."),
        "ja": ("紀元前8000年", "紀元前480年9月20日"),
        "en": ("8000 BCE", "20 September 480 BCE"),
    }
    for lang, (year, day) in expected.items():
        loc = Localizer.for_language(lang)
        assert loc.date(start) == year
        assert loc.date(PartialDate.parse("-0480-09-20")) == day
        assert loc.year(-8000) == year and loc.year(2024) == "2024"
        assert loc.date(end) in loc.span(start, end)


def test_eras_and_the_overview_place_bce_events(tmp_path: Path) -> None:
    farming, _ = load_text(FARMING, "events/farming.yaml", "farming", FIXTURE_TODAY)
    salamis, _ = load_text(SALAMIS, "events/salamis.yaml", "salamis", FIXTURE_TODAY)
    modern, _ = load_text(SALAMIS.replace("-0480-09", "2024-03"), "events/m.yaml", "m",
                          FIXTURE_TODAY)
    assert farming and salamis and modern
    neolithic = Era("neolithic", "Neolithic", PartialDate.parse("-10000"), "#336699",
                    PartialDate.parse("-4500"))
    classical = Era("classical", "Classical", PartialDate.parse("-0500"), "#993366",
                    PartialDate.parse("-0300"))
    found = eras_of_events([neolithic, classical], [farming, salamis, modern])
    assert [e.id for e in found["neolithic"]] == ["farming"]
    assert [e.id for e in found["classical"]] == ["salamis"]
    overview = layout([modern, salamis, farming], [neolithic, classical], FIXTURE_TODAY)
    assert overview is not None
    assert (overview.scale.first_year, overview.scale.last_year) == (-8000, 2024)
    marks = {m.event.id: m for m in overview.marks}
    assert marks["farming"].x < marks["salamis"].x < marks["m"].x
    html = render_overview([modern, salamis, farming], [neolithic, classical], Urls(True),
                           today=FIXTURE_TODAY)
    assert ">8000 BCE</text>" in html and 'href="/years/-8000/"' in html
    french = render_overview([salamis, farming], [], Urls(True), today=FIXTURE_TODAY,
                             localizer=Localizer.for_language("fr"))
    assert "8000 av. J.-C." in french


@pytest.fixture(scope="module")
def bce_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bce")
    events = root / "events"
    shutil.copytree(FIXTURE_EVENTS, events)
    (events / "8000-bce-farming-reaches-the-valley.yaml").write_text(FARMING, "utf-8")
    (events / "0480-09-bce-a-naval-battle.yaml").write_text(SALAMIS, "utf-8")
    # The exports are written in a forked process: its log records reach a file handler.
    logger = logging.getLogger("pelican.plugins.timeline.outputs.ical")
    handler = logging.FileHandler(root / "log.txt", encoding="utf-8")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    try:
        output = build_site(root / "output", events=events)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        handler.close()
    return output


def test_bce_events_are_built_and_shown(bce_site: Path) -> None:
    page = (bce_site / "events" / "8000-bce-farming-reaches-the-valley" / "index.html"
            ).read_text("utf-8")
    assert "c. 8000–5000 BCE" in page and "Farming reaches the valley" in page
    battle = (bce_site / "events" / "0480-09-bce-a-naval-battle" / "index.html").read_text(
        "utf-8")
    assert "September 480 BCE" in battle
    home = (bce_site / "index.html").read_text("utf-8")
    assert home.index("Farming reaches the valley") < home.index("A naval battle")
    assert ">8000 BCE</text>" in home  # the overview's axis
    assert (bce_site / "years" / "-8000" / "index.html").is_file()
    data = json.loads((bce_site / "data" / "events.json").read_text("utf-8"))
    schema = json.loads((ENGINE / "schemas" / "events-json.schema.json").read_text("utf-8"))
    jsonschema.validate(data, schema)
    first = data["events"][0]
    assert (first["id"], first["date"]["value"], first["date"]["year"]) == (
        "8000-bce-farming-reaches-the-valley", "-8000", -8000)
    assert first["display_date"] == "c. 8000–5000 BCE"


def test_icalendar_leaves_bce_events_out_and_says_so(bce_site: Path) -> None:
    raw = (bce_site / "data" / "events.ics").read_bytes()
    calendar = icalendar.Calendar.from_ical(raw)
    uids = [str(e["uid"]) for e in calendar.walk("VEVENT")]
    assert len(uids) == len(list(FIXTURE_EVENTS.glob("*.yaml")))
    assert not any("bce" in uid for uid in uids)
    note = "2 events before the common era are not in this calendar: iCalendar has no dates "\
           "before the common era"
    assert str(calendar["X-TIMELINE-NOTE"]) == note
    assert "X-TIMELINE-NOTE" not in icalendar.Calendar.from_ical(
        (bce_site / "data" / "anticipated.ics").read_bytes())
    log = (bce_site.parent / "log.txt").read_text("utf-8")
    assert f"data/events.ics: {note}" in log
