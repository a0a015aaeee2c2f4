"""The timeline at a glance: an SVG drawn at build time, readable with no JavaScript.

Top to bottom: era bands in lanes (a greedy interval assignment, so overlapping eras each
get a lane), one mark per event at its date, and a time axis with year ticks. Status is
shown by shape as well as colour (confirmed: filled circle; partly confirmed: half-filled
circle; reported: hollow diamond; anticipated: hollow triangle; did not happen: hollow
circle struck through; denied: cross); a date known only to the month or year is a
bar over that month or year, an approximate date is dashed and hollow. Every mark is a link
to its event page, with an accessible name.

When the marks would not fit in a few rows (hundreds or thousands of events), they merge
into a density strip: one bar per month (per year or decade for very long ranges) whose
height and opacity show the count, each linking to its year page. A text version (events
per year, eras with their dates) goes with the figure. The SVG scales with its container
(a viewBox, no pixel width) and is styled by classes and presentation attributes only:
the Content-Security-Policy allows no inline style.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from ..reading.eras import Era
from ..reading.model import N_, STATUS_LABELS, STATUSES, Event, PartialDate, day_number
from .i18n import Localizer
from .site import Urls

WIDTH = 720.0
PAD_X = 14.0
FONT = 12
ERA_LANE_H = 30.0
ROW_H = 17.0
R = 6.0
MAX_ROWS = 8
MAX_MARKS = 600  # above this, no placement is even tried
DENSITY_H = 60.0
YEAR_ONLY_H = 12.0
MAX_BINS = 400
CHAR_W = 6.7  # average glyph width at FONT, in viewBox units, for laying out labels

# Light-theme colours as presentation attributes (the page's CSS overrides them in dark
# mode); the same values as site.css's --confirmed etc.
STATUS_COLORS: dict[str, str] = {
    "confirmed": "#1d6b34",
    "partly-confirmed": "#0d5e63",
    "reported": "#7a4d00",
    "anticipated": "#1f4fa3",
    "did-not-happen": "#4b5563",
    "denied": "#a1202a",
}
HOLLOW = {"partly-confirmed", "reported", "anticipated", "did-not-happen"}


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _attr(value: object) -> str:
    return str(escape(str(value)))


# The language the figure is drawn in: set by render_overview for the figure it draws.
_LOCALIZER: ContextVar[Localizer] = ContextVar("overview_localizer")


def _t() -> Localizer:
    try:
        return _LOCALIZER.get()
    except LookupError:
        return Localizer.for_language("en")


def _(message: str, **values: Any) -> str:
    return _t().format(message, **values)


def _plural(count: int) -> str:
    return _t().ngettext("{count} event", "{count} events", count).format(count=count)


UNIT_DESCRIPTIONS = {
    "month": N_("Too many events to mark one by one: bars show the number of events per "
                "month, each linking to its year. A text version follows."),
    "year": N_("Too many events to mark one by one: bars show the number of events per "
               "year, each linking to its year. A text version follows."),
    "decade": N_("Too many events to mark one by one: bars show the number of events per "
                 "decade, each linking to its year. A text version follows."),
}
UNIT_LEGENDS = {"month": N_("Bar height: events per month"),
                "year": N_("Bar height: events per year"),
                "decade": N_("Bar height: events per decade")}


# Texts the figure writes inside f-strings, where message extraction cannot see them:
# marked here for the catalogs, translated where they are used.
IN_F_STRINGS = (
    N_("Approximate date"), N_("Known to the month or year, or a range"), N_("Today"),
    N_("Legend"), N_("Events per year, by current status"), N_("Year"), N_("Events"),
    N_("The overview as text"), N_("{year}: {events}"), N_("At a glance: {label}"),
    N_("Skip the overview"), N_("Eras"), N_("Events by year"),
)


def era_dates(era: Era) -> str:
    return _t().era_dates(era.start, era.end)


def _status(status: str) -> str:
    return _t().gettext(STATUS_LABELS.get(status, status))


def next_year(year: int) -> int:
    """The year after `year`: there is no year 0 (1 BCE, -1, is followed by 1 CE)."""
    return 1 if year == -1 else year + 1


def year_start(year: int) -> int:
    """The day number (reading.model.day_number) of 1 January of `year` (0 is taken as 1)."""
    return day_number(year or 1, 1, 1)


def _last_number(event: Event) -> int:
    return (event.end_date or event.date).last_number()


@dataclass
class Scale:
    """The time axis, in day numbers (reading.model.day_number: `date.toordinal()` for
    the common era, extended before it), from 1 January of the first event's year to the
    end of the last event's year."""

    first_year: int
    last_year: int

    @classmethod
    def for_events(cls, events: Sequence[Event]) -> Scale:
        first = min(e.date.year for e in events)
        last = max((e.end_date or e.date).year for e in events)
        return cls(first, last)

    @property
    def start(self) -> int:
        return year_start(self.first_year)

    @property
    def end(self) -> int:  # exclusive
        return year_start(next_year(self.last_year))

    @property
    def years(self) -> int:
        return self.last_year - self.first_year + 1 - (self.first_year < 0 < self.last_year)

    def year_range(self) -> list[int]:
        """The years the axis covers, in order (no year 0)."""
        return [y for y in range(self.first_year, self.last_year + 1) if y != 0]

    @property
    def days(self) -> int:
        return self.end - self.start

    def x(self, day: dt.date | int, fraction: float = 0.0) -> float:
        """The x of a day's start (fraction 0) or middle (0.5), clamped to the axis; `day`
        a date or a day number."""
        number = day.toordinal() if isinstance(day, dt.date) else day
        offset = min(max(number - self.start + fraction, 0.0), float(self.days))
        return PAD_X + offset / self.days * (WIDTH - 2 * PAD_X)


@dataclass
class EraBand:
    era: Era
    x0: float
    x1: float
    clipped_left: bool
    ongoing: bool
    label_x: float
    lane: int = 0


@dataclass
class Mark:
    event: Event
    x: float  # where the shape stands: the day's middle, or the start of a span
    x_end: float | None  # end of the bar for a month, a year or a date range
    row: int = 0


@dataclass
class Bin:
    label: str
    href_year: int | None
    x0: float
    x1: float
    count: int
    year_only: bool = False


@dataclass
class Overview:
    """The computed layout; `svg()` and `html()` draw it."""

    events: list[Event]
    scale: Scale
    bands: list[EraBand]
    lanes: int
    marks: list[Mark] = field(default_factory=list)
    rows: int = 0
    bins: list[Bin] = field(default_factory=list)
    bin_unit: str = "month"

    @property
    def dense(self) -> bool:
        return not self.marks


# ---- layout ------------------------------------------------------------------------


def assign_lanes(intervals: Sequence[tuple[float, float]], gap: float = 0.0) -> list[int]:
    """Greedy interval partitioning: each interval, by start, goes in the first lane whose
    last interval has ended. Returns the lane of each interval, in input order."""
    order = sorted(range(len(intervals)), key=lambda i: (intervals[i][0], -intervals[i][1]))
    lane_ends: list[float] = []
    lanes = [0] * len(intervals)
    for index in order:
        start, end = intervals[index]
        for lane, lane_end in enumerate(lane_ends):
            if lane_end + gap <= start:
                lane_ends[lane] = end
                lanes[index] = lane
                break
        else:
            lane_ends.append(end)
            lanes[index] = len(lane_ends) - 1
    return lanes


def _era_bands(eras: Iterable[Era], scale: Scale, today: dt.date) -> list[EraBand]:
    bands: list[EraBand] = []
    for era in eras:
        first = era.start.first_number()
        last = era.end.last_number() if era.end else max(min(today.toordinal(), scale.end),
                                                         first)
        if first >= scale.end or last < scale.start:
            continue
        x0 = scale.x(first)
        x1 = max(scale.x(last, 1.0), x0 + 2)
        label_w = len(era.name) * CHAR_W
        label_x = max(PAD_X, min(x0, WIDTH - PAD_X - label_w))
        bands.append(EraBand(era, x0, x1, first < scale.start, era.end is None, label_x))
    intervals = [
        (min(b.x0, b.label_x), max(b.x1, b.label_x + len(b.era.name) * CHAR_W)) for b in bands
    ]
    for band, lane in zip(bands, assign_lanes(intervals, gap=10.0), strict=True):
        band.lane = lane
    return bands


def _marks(events: Sequence[Event], scale: Scale) -> list[Mark] | None:
    """One mark per event in rows, or None when they would need more than MAX_ROWS rows."""
    if len(events) > MAX_MARKS:
        return None
    marks: list[Mark] = []
    for event in events:
        first = event.date.first_number()
        if event.end_date is None and event.date.precision == "day":
            marks.append(Mark(event, scale.x(first, 0.5), None))
        else:
            at = 0.5 if event.date.precision == "day" else 0.0
            marks.append(Mark(event, scale.x(first, at), scale.x(_last_number(event), 1.0)))
    row_ends: list[float] = []
    for mark in marks:
        left = mark.x - R - 1.5
        right = max(mark.x + R, mark.x_end or 0.0) + 1.5
        for row, end in enumerate(row_ends):
            if end <= left:
                row_ends[row] = right
                mark.row = row
                break
        else:
            if len(row_ends) == MAX_ROWS:
                return None
            row_ends.append(right)
            mark.row = len(row_ends) - 1
    return marks


def _bins(events: Sequence[Event], scale: Scale) -> tuple[list[Bin], str]:
    months = scale.years * 12
    if months <= MAX_BINS:
        unit = "month"
    elif months // 12 <= MAX_BINS:
        unit = "year"
    else:
        unit = "decade"
    counts: dict[tuple[int, int], int] = {}
    year_only: dict[int, int] = {}
    for event in events:
        date = event.date
        if unit == "month" and date.month is None:
            year_only[date.year] = year_only.get(date.year, 0) + 1
            continue
        if unit == "month":
            key = (date.year, date.month or 1)
        elif unit == "year":
            key = (date.year, 0)
        else:
            key = (date.year // 10 * 10, 0)
        counts[key] = counts.get(key, 0) + 1
    bins: list[Bin] = []
    for (year, month), count in sorted(counts.items()):
        if unit == "month":
            start = day_number(year, month, 1)
            end = day_number(next_year(year), 1, 1) if month == 12 else day_number(
                year, month + 1, 1)
            label = _("{events} in {month}", events=_plural(count),
                      month=_t().date(PartialDate(year, month)))
            href_year: int | None = year
        elif unit == "year":
            start, end = year_start(year), year_start(next_year(year))
            label, href_year = _("{events} in {year}", events=_plural(count),
                                 year=_t().year(year)), year
        else:
            start = max(year_start(year), scale.start)
            end = min(year_start(year + 10), scale.end)
            label, href_year = _("{events} in the {decade}s", events=_plural(count),
                                 decade=year), None
        bins.append(Bin(label, href_year, scale.x(start), scale.x(end), count))
    for year, count in sorted(year_only.items()):
        bins.append(
            Bin(
                _("{events} dated only to the year {year}", events=_plural(count),
                  year=_t().year(year)),
                year,
                scale.x(year_start(year)),
                scale.x(year_start(next_year(year))),
                count,
                year_only=True,
            )
        )
    return bins, unit


def layout(
    events: Sequence[Event], eras: Iterable[Era] = (), today: dt.date | None = None
) -> Overview | None:
    """The overview's geometry, or None when there is no event to show."""
    events = sorted(events, key=lambda e: e.sort_key)
    if not events:
        return None
    today = today or dt.date.today()
    scale = Scale.for_events(events)
    bands = _era_bands(eras, scale, today)
    lanes = max((b.lane for b in bands), default=-1) + 1
    overview = Overview(events, scale, bands, lanes)
    marks = _marks(events, scale)
    if marks is not None:
        overview.marks = marks
        overview.rows = max(m.row for m in marks) + 1
    else:
        overview.bins, overview.bin_unit = _bins(events, scale)
    return overview


# ---- drawing -----------------------------------------------------------------------


def _shape(status: str, x: float, y: float, approximate: bool) -> str:
    color = STATUS_COLORS.get(status, "#555555")
    hollow = status in HOLLOW or approximate
    classes = f"ov-shape ov-s-{status}" + (" ov-hollow" if hollow else "")
    paint = f'fill="{"#ffffff" if hollow else color}" stroke="{color}" stroke-width="2"'
    if approximate:
        paint += ' stroke-dasharray="2.5 1.5"'
    at = f'transform="translate({_num(x)} {_num(y)})"'
    if status == "confirmed":
        return f'<circle class="{classes}" cx="{_num(x)}" cy="{_num(y)}" r="{_num(R)}" {paint}/>'
    if status == "reported":
        return f'<path class="{classes}" {at} d="M0-7L7 0 0 7-7 0Z" {paint}/>'
    if status == "anticipated":
        return f'<path class="{classes}" {at} d="M0-7L6.5 5H-6.5Z" {paint}/>'
    if status == "partly-confirmed":  # a ring with its left half filled
        return (
            f'<circle class="{classes}" cx="{_num(x)}" cy="{_num(y)}" r="{_num(R)}" {paint}/>'
            f'<path class="ov-half ov-s-{status}" {at} d="M0-{_num(R)}A{_num(R)} {_num(R)} 0 0 0 '
            f'0 {_num(R)}Z" fill="{color}"/>'
        )
    if status == "did-not-happen":  # a ring struck through
        return (
            f'<circle class="{classes}" cx="{_num(x)}" cy="{_num(y)}" r="{_num(R)}" {paint}/>'
            f'<path class="ov-shape ov-s-{status} ov-slash" {at} d="M-4.2-4.2L4.2 4.2" '
            f'fill="none" stroke="{color}" stroke-width="2"/>'
        )
    # denied (and anything unknown): a cross, over a transparent disc that takes the clicks
    dash = ' stroke-dasharray="2.5 1.5"' if approximate else ""
    return (
        f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{_num(R)}" fill="#ffffff" fill-opacity="0"/>'
        f'<path class="ov-shape ov-s-{status} ov-cross" {at} d="M-5-5L5 5M5-5-5 5" '
        f'fill="none" stroke="{color}" stroke-width="3"{dash}/>'
    )


def _shape_icon(status: str, approximate: bool = False, span: bool = False) -> str:
    """A small legend icon (decorative: the text beside it says what it means)."""
    bar = ""
    if span:
        color = STATUS_COLORS[status]
        bar = (
            f'<line class="ov-span ov-s-{status}" x1="8" y1="8" x2="30" y2="8" '
            f'stroke="{color}" stroke-width="3"/>'
        )
    width = 32 if span else 16
    return (
        f'<svg class="ov-icon" viewBox="0 0 {width} 16" width="{width}" height="16" '
        f'aria-hidden="true" focusable="false">{bar}{_shape(status, 8, 8, approximate)}</svg>'
    )


def _year_ticks(scale: Scale) -> list[int]:
    """The years whose first day has a grid line (the year after the last one included)."""
    year_w = (WIDTH - 2 * PAD_X) / max(scale.years, 1)
    steps = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000)
    step = next((s for s in steps if s * year_w >= 38), 100000)
    years = [*scale.year_range(), next_year(scale.last_year)]
    return [y for y in years if y % step == 0 or step == 1]


def _event_name(event: Event) -> str:
    return _("{title} ({date}; {status})", title=event.title,
             date=_t().span(event.date, event.end_date, event.approximate),
             status=_status(event.current_status).lower())


def draw_svg(
    overview: Overview,
    href: Callable[[str], str],
    today: dt.date | None = None,
    label: str = "the timeline",
    id_prefix: str = "ov",
) -> str:
    """The SVG as a string. `href(key)` turns 'event:<id>', 'era:<id>', 'year:<year>' or
    'years:' into a link."""
    scale = overview.scale
    parts: list[str] = []
    y = 6.0
    # era bands
    for band in overview.bands:
        top = y + band.lane * ERA_LANE_H
        era = band.era
        name = _("Era: {name}, {dates}", name=era.name, dates=era_dates(era))
        bar_y = top + 17
        color = _attr(era.color)
        pieces = [
            f'<rect class="ov-era-bar" x="{_num(band.x0)}" y="{_num(bar_y)}" '
            f'width="{_num(band.x1 - band.x0)}" height="8" rx="2" fill="{color}"/>'
        ]
        if band.clipped_left:
            pieces.append(
                f'<path d="M{_num(band.x0 - 1)} {_num(bar_y - 1)}l-6 5 6 5Z" fill="{color}"/>'
            )
        if band.ongoing:
            pieces.append(
                f'<path d="M{_num(band.x1 + 1)} {_num(bar_y - 1)}l6 5-6 5Z" fill="{color}"/>'
            )
        pieces.append(
            f'<text class="ov-era-label" x="{_num(band.label_x)}" y="{_num(top + 12)}" '
            f'fill="currentColor" font-size="{FONT}">{escape(era.name)}</text>'
        )
        parts.append(
            f'<a class="ov-era" href="{_attr(href("era:" + era.id))}" aria-label="{_attr(name)}">'
            f"<title>{escape(name)}</title>{''.join(pieces)}</a>"
        )
    y += overview.lanes * ERA_LANE_H + (4 if overview.lanes else 0)
    area_top = y
    if overview.dense:
        has_year_only = any(b.year_only for b in overview.bins)
        strip_top = y + (YEAR_ONLY_H + 4 if has_year_only else 0)
        base = strip_top + DENSITY_H
        peak = max((b.count for b in overview.bins if not b.year_only), default=1)
        peak_year_only = max((b.count for b in overview.bins if b.year_only), default=1)
        bars: list[str] = []
        for b in overview.bins:
            if b.year_only:
                share = b.count / peak_year_only
                top, height = y, YEAR_ONLY_H
                cls = "ov-d ov-d-year"
            else:
                share = b.count / peak
                height = max(2.0, DENSITY_H * share)
                top, cls = base - height, "ov-d"
            target = href(f"year:{b.href_year}") if b.href_year is not None else href("years:")
            bars.append(
                f'<a href="{_attr(target)}" aria-label="{_attr(b.label)}"><title>'
                f'{escape(b.label)}</title><rect class="{cls}" x="{_num(b.x0 + 0.2)}" '
                f'y="{_num(top)}" width="{_num(max(b.x1 - b.x0 - 0.4, 0.8))}" '
                f'height="{_num(height)}" fill-opacity="{0.35 + 0.65 * share:.2f}"/></a>'
            )
        parts.append(f'<g class="ov-density" fill="#1f4fa3">{"".join(bars)}</g>')
        y = base + 6
    else:
        marks: list[str] = []
        for mark in overview.marks:
            event = mark.event
            cy = y + R + 2 + mark.row * ROW_H
            status = event.current_status
            color = STATUS_COLORS.get(status, "#555555")
            span = ""
            if mark.x_end is not None:
                dash = ' stroke-dasharray="4 3"' if event.approximate else ""
                span = (
                    f'<line class="ov-span ov-s-{status}" x1="{_num(mark.x)}" y1="{_num(cy)}" '
                    f'x2="{_num(max(mark.x_end, mark.x + 1))}" y2="{_num(cy)}" '
                    f'stroke="{color}" stroke-width="3"{dash}/>'
                )
            name = _event_name(event)
            marks.append(
                f'<a class="ov-ev" href="{_attr(href("event:" + event.id))}" '
                f'aria-label="{_attr(name)}" data-date="{event.date.iso()}">'
                f"<title>{escape(name)}</title>{span}"
                f"{_shape(status, mark.x, cy, event.approximate)}</a>"
            )
        parts.append(f'<g class="ov-marks">{"".join(marks)}</g>')
        y += overview.rows * ROW_H + 6
    area_bottom = y
    # the axis, year grid and today
    ticks = _year_ticks(scale)
    grid: list[str] = []
    for year in ticks:
        x = scale.x(year_start(year))
        grid.append(
            f'<line x1="{_num(x)}" y1="{_num(area_top)}" x2="{_num(x)}" y2="{_num(y + 5)}"/>'
        )
    labels: list[str] = []
    year_w = (WIDTH - 2 * PAD_X) / max(scale.years, 1)
    year_y = y + (30 if year_w >= 300 else 18)
    for year in ticks:
        if year > scale.last_year:
            continue
        x = scale.x(year_start(year)) + (year_w / 2 if year_w >= 38 else 0)
        anchor = "middle" if year_w >= 38 else "start"
        labels.append(
            f'<text x="{_num(x + (0 if anchor == "middle" else 2))}" y="{_num(year_y)}" '
            f'text-anchor="{anchor}">{escape(_t().year(year))}</text>'
        )
    today_line = ""
    if today is not None and scale.start < today.toordinal() < scale.end:
        tx = scale.x(today, 0.5)
        today_line = (
            f'<line class="ov-today" x1="{_num(tx)}" y1="{_num(area_top)}" x2="{_num(tx)}" '
            f'y2="{_num(area_bottom)}" stroke="currentColor" stroke-width="1.5" '
            f'stroke-dasharray="3 3"/>'
        )
    if year_w >= 150:  # a short range: month ticks, and initials when there is room
        for year in scale.year_range():
            for month in range(2, 13):
                x = scale.x(day_number(year, month, 1))
                grid.append(
                    f'<line x1="{_num(x)}" y1="{_num(y)}" x2="{_num(x)}" y2="{_num(y + 4)}"/>'
                )
                if year_w >= 300:
                    labels.append(
                        f'<text x="{_num(x - year_w / 24)}" y="{_num(y + 14)}" '
                        f'text-anchor="middle" font-size="9">'
                        f"{escape(_t().narrow_month(month - 1))}</text>"
                    )
            if year_w >= 300:
                x = scale.x(day_number(year, 12, 31), 1.0)
                labels.append(
                    f'<text x="{_num(x - year_w / 24)}" y="{_num(y + 14)}" '
                    f'text-anchor="middle" font-size="9">{escape(_t().narrow_month(12))}</text>'
                )
    axis = (
        f'<g class="ov-grid" stroke="currentColor" stroke-opacity="0.18">{"".join(grid)}</g>'
        f'<line class="ov-axis" x1="{_num(PAD_X)}" y1="{_num(y)}" x2="{_num(WIDTH - PAD_X)}" '
        f'y2="{_num(y)}" stroke="currentColor" stroke-opacity="0.6"/>'
        f'<g class="ov-years" fill="currentColor" font-size="{FONT}">{"".join(labels)}</g>'
    )
    height = year_y + 8
    first, last = overview.events[0], overview.events[-1]
    title = _("Overview of {label}: {events}, {start} to {end}", label=label,
              events=_plural(len(overview.events)), start=_t().date(first.date),
              end=_t().date(last.date))
    if overview.dense:
        desc = _(UNIT_DESCRIPTIONS[overview.bin_unit])
    else:
        desc = _("One mark per event along a time axis, its shape giving its status; each "
                 "mark links to the event. A text version follows.")
    if overview.bands:
        desc = _("Eras are drawn as coloured bands above. {rest}", rest=desc)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ov-svg" role="group" '
        f'viewBox="0 0 {_num(WIDTH)} {_num(height)}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" font-family="system-ui, sans-serif" '
        f'aria-labelledby="{id_prefix}-title" aria-describedby="{id_prefix}-desc">'
        f'<title id="{id_prefix}-title">{escape(title)}</title>'
        f'<desc id="{id_prefix}-desc">{escape(desc)}</desc>'
        f"{axis}{today_line}{''.join(parts)}</svg>"
    )


def _present(events: Iterable[Event]) -> list[str]:
    """The statuses these events have now, in the usual order: a status no event has is
    neither in the legend nor a column of the table."""
    used = {event.current_status for event in events}
    return [s for s in STATUSES if s in used]


def _legend(overview: Overview, today_shown: bool) -> str:
    items: list[str] = []
    if overview.dense:
        unit = overview.bin_unit
        items.append(
            '<li><svg class="ov-icon" viewBox="0 0 16 16" width="16" height="16" '
            'aria-hidden="true" focusable="false"><g class="ov-density" fill="#1f4fa3">'
            '<rect class="ov-d" x="1" y="6" width="4" height="10" fill-opacity="0.5"/>'
            '<rect class="ov-d" x="6" y="1" width="4" height="15"/>'
            '<rect class="ov-d" x="11" y="11" width="4" height="5" fill-opacity="0.4"/>'
            f"</g></svg> {escape(_(UNIT_LEGENDS[unit]))}</li>"
        )
    else:
        for status in _present(overview.events):
            items.append(f"<li>{_shape_icon(status)} {escape(_status(status))}</li>")
        items.append(f"<li>{_shape_icon('confirmed', approximate=True)} "
                     f"{escape(_('Approximate date'))}</li>")
        items.append(f"<li>{_shape_icon('confirmed', span=True)} "
                     f"{escape(_('Known to the month or year, or a range'))}</li>")
    if today_shown:
        items.append(
            '<li><svg class="ov-icon" viewBox="0 0 16 16" width="16" height="16" '
            'aria-hidden="true" focusable="false"><line x1="8" y1="0" x2="8" y2="16" '
            'stroke="currentColor" stroke-width="1.5" stroke-dasharray="3 3"/></svg> '
            f"{escape(_('Today'))}</li>"
        )
    return f'<ul class="ov-legend" aria-label="{_attr(_("Legend"))}">{"".join(items)}</ul>'


def _text_version(overview: Overview, href: Callable[[str], str], link_years: bool) -> str:
    per_year: dict[int, dict[str, int]] = {}
    for event in overview.events:
        counts = per_year.setdefault(event.date.year, dict.fromkeys(STATUSES, 0))
        counts[event.current_status] = counts.get(event.current_status, 0) + 1
    present = _present(overview.events)
    head = "".join(f'<th scope="col">{escape(_status(s))}</th>' for s in present)
    rows: list[str] = []
    for year, counts in sorted(per_year.items()):
        year_cell = (
            f'<a href="{_attr(href(f"year:{year}"))}">{escape(_t().year(year))}</a>'
            if link_years else escape(_t().year(year))
        )
        cells = "".join(f"<td>{counts.get(s, 0)}</td>" for s in present)
        rows.append(
            f'<tr><th scope="row">{year_cell}</th><td>{sum(counts.values())}</td>{cells}</tr>'
        )
    table = (
        f'<table class="ov-table"><caption>{escape(_("Events per year, by current status"))}'
        f'</caption><thead><tr><th scope="col">{escape(_("Year"))}</th>'
        f'<th scope="col">{escape(_("Events"))}</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    eras = ""
    if overview.bands:
        items = "".join(
            f'<li><a href="{_attr(href("era:" + b.era.id))}">{escape(b.era.name)}</a>: '
            f"{escape(era_dates(b.era))}</li>"
            for b in sorted(overview.bands, key=lambda b: (b.era.start.sort_key(), b.era.name))
        )
        eras = f'<p class="ov-text-h">{escape(_("Eras"))}</p><ul class="ov-eras">{items}</ul>'
    return (
        f'<details class="ov-text"><summary>{escape(_("The overview as text"))}</summary>'
        f"{table}{eras}</details>"
    )


def _compact(overview: Overview, href: Callable[[str], str]) -> str:
    """The overview for narrow screens (site.css shows it instead of the SVG): one row
    per year with a linked mark per event (or, when dense, the year's count as a bar), then
    the eras as a list. No sideways scrolling at any width."""
    eras = ""
    if overview.bands:
        items = "".join(
            f'<li><a href="{_attr(href("era:" + b.era.id))}"><svg class="ov-c-swatch" '
            f'viewBox="0 0 12 12" width="12" height="12" aria-hidden="true" focusable="false">'
            f'<rect width="12" height="12" rx="2" fill="{_attr(b.era.color)}"/></svg>'
            f"{escape(b.era.name)}</a> <span class=\"ov-c-dates\">"
            f"{escape(era_dates(b.era))}</span></li>"
            for b in sorted(overview.bands, key=lambda b: (b.era.start.sort_key(), b.era.name))
        )
        eras = f'<p class="ov-c-h">{escape(_("Eras"))}</p><ul class="ov-c-eras">{items}</ul>'
    per_year: dict[int, list[Event]] = {}
    for event in overview.events:
        per_year.setdefault(event.date.year, []).append(event)
    peak = max(len(v) for v in per_year.values())
    rows: list[str] = []
    for year, events in sorted(per_year.items()):
        year_name = _("{year}: {events}", year=_t().year(year), events=_plural(len(events)))
        year_link = (
            f'<a class="ov-c-year" href="{_attr(href(f"year:{year}"))}" '
            f'aria-label="{_attr(year_name)}">'
            f"{escape(_t().year(year))}</a>"
        )
        if overview.dense:
            width = max(2.0, 100 * len(events) / peak)
            body = (
                f'<svg class="ov-c-bar" viewBox="0 0 100 10" width="100" height="10" '
                f'preserveAspectRatio="none" aria-hidden="true" focusable="false">'
                f'<rect class="ov-d" width="{_num(width)}" height="10" fill="#1f4fa3"/></svg>'
                f'<span class="ov-c-count">{_plural(len(events))}</span>'
            )
        else:
            body = "".join(
                f'<a class="ov-c-ev" href="{_attr(href("event:" + e.id))}" '
                f'aria-label="{_attr(_event_name(e))}" title="{_attr(_event_name(e))}">'
                f"{_shape_icon(e.current_status, e.approximate)}</a>"
                for e in events
            )
        rows.append(f'<li>{year_link}<span class="ov-c-marks">{body}</span></li>')
    return (
        f'<div class="ov-compact"><p class="ov-c-h">{escape(_("Events by year"))}</p>'
        f'<ol class="ov-c-years">{"".join(rows)}</ol>{eras}</div>'
    )


def render_overview(
    events: Sequence[Event],
    eras: Iterable[Era],
    urls: Urls,
    siteurl: str = "",
    today: dt.date | None = None,
    label: str = "the timeline",
    link_years: bool = True,
    id_prefix: str = "ov",
    localizer: Localizer | None = None,
) -> Markup:
    """The whole figure (SVG, legend, text version) as HTML, or empty Markup if no events.

    Links are `siteurl + "/" + urls.…()`, like the templates' links, so the figure must be
    drawn for each page (SITEURL is relative to the page in local builds).
    """
    token = _LOCALIZER.set(localizer or Localizer.for_language("en"))
    try:
        return _render(events, eras, urls, siteurl, today, label, link_years, id_prefix)
    finally:
        _LOCALIZER.reset(token)


def _render(events: Sequence[Event], eras: Iterable[Era], urls: Urls, siteurl: str,
            today: dt.date | None, label: str, link_years: bool, id_prefix: str) -> Markup:
    overview = layout(events, eras, today)
    if overview is None:
        return Markup("")

    def href(key: str) -> str:
        kind, _, value = key.partition(":")
        if kind == "event":
            path = urls.event(value)
        elif kind == "era":
            path = urls.era(value)
        elif kind == "year":
            path = urls.year(int(value)) if value.lstrip("-").isdigit() else urls.years()
        elif kind == "years":
            path = urls.years()
        else:
            path = ""
        return f"{siteurl}/{path}"

    svg = draw_svg(overview, href, today, label, id_prefix)
    today_shown = (today is not None
                   and overview.scale.start < today.toordinal() < overview.scale.end)
    skip_id = f"{id_prefix}-end"
    return Markup(
        f'<figure class="ov" aria-labelledby="{id_prefix}-caption">'
        f'<figcaption id="{id_prefix}-caption" class="ov-caption">'
        f"{escape(_('At a glance: {label}', label=label))}</figcaption>"
        f'<a class="ov-skip" href="#{skip_id}">{escape(_("Skip the overview"))}</a>'
        f'<div class="ov-scroll">{svg}</div>'
        f"{_compact(overview, href)}"
        f"{_legend(overview, today_shown)}"
        f"{_text_version(overview, href, link_years)}"
        f'<span id="{skip_id}" tabindex="-1"></span></figure>'
    )


@dataclass
class OverviewRenderer:
    """Put in the template context as `timeline_overview`: templates call it with the
    page's events and SITEURL, e.g. `{{ timeline_overview(term.events, SITEURL, "…") }}`."""

    eras: list[Era]
    urls: Urls
    today: dt.date
    localizer: Localizer | None = None

    def __call__(
        self, events: Sequence[Event], siteurl: str = "", label: str = "the timeline"
    ) -> Markup:
        return render_overview(events, self.eras, self.urls, siteurl, self.today, label,
                               localizer=self.localizer)
