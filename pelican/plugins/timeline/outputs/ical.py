"""iCalendar (RFC 5545): data/events.ics (every event) and data/anticipated.ics.

Every entry is all-day (DTSTART;VALUE=DATE, DTEND exclusive): a day-precision date covers
its day, a month its whole month, a year its whole year; a span runs to the end of its
end_date. UIDs are "<event id>@<site host>" and DTSTAMP is the build's reproducible time,
so two builds of the same data give the same bytes and calendar apps update entries in
place instead of duplicating them.

Events before the common era (year -8000 and the like) are left out: an iCalendar DATE is
a four-digit year of the common era, a month and a day, and calendar apps show no earlier
days. The build logs how many were left out, and the calendar says so in an
X-TIMELINE-NOTE line.
"""

from __future__ import annotations

import datetime as dt
import logging

import icalendar
from markupsafe import Markup

from ..building.i18n import Localizer
from ..building.site import Urls
from ..reading.model import STATUS_LABELS, Event
from ..settings import TimelineConfig
from .common import (
    DATA_DIR,
    Export,
    emit,
    is_absolute,
    per_event,
    permalink,
    plain_text,
    site_host,
    to_html,
)

logger = logging.getLogger(__name__)

# RFC 5545 STATUS of a VEVENT; "did not happen" is a cancelled event. Denied claims have
# none: the calendar entry is the claim, which those involved said was untrue.
ICAL_STATUS = {
    "confirmed": "CONFIRMED",
    "partly-confirmed": "CONFIRMED",
    "anticipated": "TENTATIVE",
    "reported": "TENTATIVE",
    "did-not-happen": "CANCELLED",
}


def description(event: Event, html: dict[str, Markup], link: str,
                loc: Localizer | None = None) -> str:
    loc = loc or Localizer.for_language("en")

    def status(name: str) -> str:
        return loc.gettext(STATUS_LABELS[name])

    line = loc.format("Status: {status}", status=status(event.current_status))
    if event.status_changed:
        line += " " + loc.format("(first {status})", status=status(event.status).lower())
    lines = [
        plain_text(to_html(html, event.summary)),
        "",
        line,
        loc.format("Date: {date}", date=loc.span(event.date, event.end_date, event.approximate)),
    ]
    for update in event.updates:
        lines.append(
            f"{loc.date(update.date)}: {status(update.status)}. "
            + plain_text(to_html(html, update.note))
        )
    lines.extend(["", loc.gettext("Sources:")])
    for source in event.all_sources():
        date = f", {loc.date(source.date)}" if source.date else ""
        lines.append(f"- {source.publisher}: {source.title}{date} <{source.url}>")
    lines.extend(["", loc.format("Event page: {link}", link=link)])
    return "\n".join(lines)


def vevent(
    event: Event,
    config: TimelineConfig,
    urls: Urls,
    html: dict[str, Markup],
    stamp: dt.datetime,
) -> icalendar.Event:
    link = permalink(config, urls, event)
    entry = icalendar.Event()
    entry.add("uid", f"{event.id}@{site_host(config)}")
    entry.add("dtstamp", stamp)
    entry.add("dtstart", event.date.first_day())
    entry.add("dtend", (event.end_date or event.date).last_day() + dt.timedelta(days=1))
    loc = Localizer.for_language(config.language, dict(config.locales))
    status = loc.gettext(STATUS_LABELS[event.current_status])
    entry.add("summary", f"{event.title} ({status})")
    entry.add("description", description(event, html, link, loc))
    if is_absolute(config):  # URL must be an absolute URI; local builds have no address
        entry.add("url", link)
    if event.tags:
        entry.add("categories", list(event.tags))
    if event.current_status in ICAL_STATUS:
        entry.add("status", ICAL_STATUS[event.current_status])
    entry.add("transp", "TRANSPARENT")
    return entry


def left_out_note(count: int) -> str:
    """What the calendar says of the events it cannot hold (those before the common era)."""
    return (f"{count} event{'' if count == 1 else 's'} before the common era "
            f"{'is' if count == 1 else 'are'} not in this calendar: iCalendar has no dates "
            "before the common era")


def calendar(name: str, events: list[Event], config: TimelineConfig,
             blocks: dict[str, bytes], left_out: int = 0) -> bytes:
    """A VCALENDAR made by icalendar, with the events' VEVENT blocks inside it; `left_out`
    events (before the common era) are said to be missing."""
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{config.sitename}//Timeline//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    if left_out:
        cal.add("x-timeline-note", left_out_note(left_out))
    head, end = cal.to_ical().rsplit(b"END:VCALENDAR", 1)
    return head + b"".join(blocks[e.id] for e in events) + b"END:VCALENDAR" + end


def write_calendars(export: Export) -> None:
    site, config, urls, writer = export.site, export.config, export.urls, export.writer
    html, stamp = export.html, export.stamp
    events = [e for e in site.events if not e.date.is_bce]
    left_out = len(site.events) - len(events)
    if left_out:
        logger.info("data/events.ics: %s", left_out_note(left_out))
    # Each VEVENT is serialised by icalendar once (its slow part is line folding), shared
    # by both calendars, and reused from the previous build while the event is unchanged.
    made = per_event(writer, "ics", events,
                     lambda e: vevent(e, config, urls, html, stamp).to_ical(),
                     extra=lambda _e: stamp.isoformat(), parallel=True)
    blocks = {e.id: block for e, block in zip(events, made, strict=True)}
    emit(writer, f"{DATA_DIR}/events.ics",
         lambda: calendar(config.sitename, events, config, blocks, left_out), stamp)
    anticipated = [e for e in events if e.current_status == "anticipated"]
    bce_anticipated = sum(1 for e in site.events
                          if e.date.is_bce and e.current_status == "anticipated")
    emit(writer, f"{DATA_DIR}/anticipated.ics",
         lambda: calendar(f"{config.sitename}: anticipated", anticipated, config, blocks,
                          bce_anticipated),
         anticipated, stamp, bce_anticipated, scope="none")
