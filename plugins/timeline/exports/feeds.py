"""Atom feeds of events."""

from __future__ import annotations

import datetime as dt
from typing import Any

from feedgenerator import Atom1Feed
from markupsafe import Markup

from ..config import TimelineConfig
from ..model import STATUS_LABELS, Event
from ..site import Site, Urls


def absolute(config: TimelineConfig, href: str) -> str:
    """An absolute URL when SITEURL is absolute; otherwise root-relative (local builds)."""
    base = config.siteurl.rstrip("/")
    return f"{base}/{href}" if base else href


def event_datetime(event: Event) -> dt.datetime:
    day = event.date.first_day()
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def write_feed(
    save_as: str,
    title: str,
    link: str,
    events: list[Event],
    config: TimelineConfig,
    urls: Urls,
    writer: Any,
    html: dict[str, Markup],
) -> None:
    feed = Atom1Feed(
        title=title,
        link=absolute(config, link),
        feed_url=absolute(config, save_as),
        description=f"Events of {config.sitename}",
        language="en",
    )
    for event in sorted(events, key=lambda e: e.sort_key, reverse=True):
        status = STATUS_LABELS[event.current_status]
        content = Markup(f"<p><strong>{status}</strong> · {event.display_date}</p>") + html.get(
            event.summary, Markup("")
        )
        feed.add_item(
            title=f"{event.title} ({event.display_date})",
            link=absolute(config, urls.event(event.id)),
            description=str(content),
            unique_id=absolute(config, urls.event(event.id)),
            pubdate=event_datetime(event),
            updateddate=event_datetime(event),
            categories=list(event.tags),
        )
    writer.write_text(save_as, feed.writeString("utf-8"))


def write_feeds(
    site: Site, config: TimelineConfig, urls: Urls, writer: Any, html: dict[str, Markup]
) -> None:
    write_feed(
        "feeds/events.atom.xml",
        config.sitename,
        urls.home(),
        site.events,
        config,
        urls,
        writer,
        html,
    )
