"""Atom feeds: all events (feeds/events.atom.xml), and one per tag and per actor
(feeds/tags/<slug>.atom.xml, feeds/actors/<slug>.atom.xml).

Each event is an entry, and so is each of its status changes ("Status changed: reported →
confirmed: …"), with its own id and date, so a reader sees a confirmation as news. Dates
come from the data, never from the clock, so two builds give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from feedgenerator import Atom1Feed
from markupsafe import Markup, escape

from ..building.i18n import Localizer
from ..building.site import Urls
from ..reading.model import STATUS_LABELS, Event, PartialDate, Source, Update
from ..settings import TimelineConfig
from .common import Export, absolute, emit, is_absolute, permalink, stable_id, to_html

__all__ = ["absolute", "write_feeds"]


class ReproducibleAtomFeed(Atom1Feed):
    """An Atom feed whose <updated> never falls back to the current time."""

    def __init__(self, *args: Any, fallback: dt.datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fallback = fallback

    def latest_post_date(self) -> dt.datetime:
        return super().latest_post_date() if self.items else self.fallback


@dataclass(frozen=True)
class Entry:
    moment: dt.datetime
    key: str
    title: str
    link: str
    unique_id: str
    content: str
    categories: tuple[str, ...]


def midnight(date: PartialDate) -> dt.datetime:
    day = date.first_day()
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def event_datetime(event: Event, stamp: dt.datetime | None = None) -> dt.datetime:
    """When the event is news: its date, or for an event still ahead (anticipated) the date
    of its latest dated source, else the build's reproducible time."""
    moment = midnight(event.date)
    if stamp is None or moment <= stamp:
        return moment
    dated = [midnight(s.date) for s in event.sources if s.date is not None]
    return max(dated) if dated else stamp


def localizer(config: TimelineConfig) -> Localizer:
    """The language of the edition being written."""
    return Localizer.for_language(config.language, dict(config.locales))


def sources_html(sources: tuple[Source, ...], loc: Localizer) -> Markup:
    items = [
        Markup('<li><a href="{}">{}: {}</a></li>').format(s.url, s.publisher, s.title)
        for s in sources
    ]
    return Markup("<p>{}</p><ul>{}</ul>").format(loc.gettext("Sources:"), Markup("").join(items))


def event_entry(
    event: Event, config: TimelineConfig, urls: Urls, html: dict[str, Markup], stamp: dt.datetime
) -> Entry:
    loc = localizer(config)
    status = loc.gettext(STATUS_LABELS[event.current_status])
    when = loc.span(event.date, event.end_date, event.approximate)
    content = (
        Markup("<p><strong>{}</strong> · {}</p>").format(status, when)
        + to_html(html, event.summary)
        + sources_html(event.sources, loc)
    )
    return Entry(
        moment=event_datetime(event, stamp),
        key=f"{event.id}/0",
        title=loc.format("{title} ({date})", title=event.title, date=when),
        link=permalink(config, urls, event),
        unique_id=stable_id(config, urls, event),
        content=str(content),
        categories=event.tags,
    )


def update_entry(
    event: Event,
    index: int,
    update: Update,
    config: TimelineConfig,
    urls: Urls,
    html: dict[str, Markup],
) -> Entry:
    loc = localizer(config)
    before = event.updates[index - 1].status if index else event.status
    old, new = loc.gettext(STATUS_LABELS[before]), loc.gettext(STATUS_LABELS[update.status])
    change = f"{old.lower()} → {new.lower()}"
    sentence = Markup(escape(loc.gettext(
        "{date}: status changed from {old} to {new}."))).format(
        date=loc.date(update.date), old=Markup("<strong>{}</strong>").format(old),
        new=Markup("<strong>{}</strong>").format(new))
    content = (
        Markup("<p>{}</p>").format(sentence)
        + to_html(html, update.note)
        + (sources_html(update.sources, loc) if update.sources else Markup(""))
    )
    return Entry(
        moment=midnight(update.date),
        key=f"{event.id}/{index + 1}",
        title=loc.format("Status changed: {change}: {title}", change=change, title=event.title),
        link=permalink(config, urls, event),
        unique_id=stable_id(config, urls, event, f"update-{index + 1}"),
        content=str(content),
        categories=event.tags,
    )


class Entries:
    """Each event's feed entries (the event, then its status changes), made once per build
    and shared by every feed the event is in."""

    def __init__(self, config: TimelineConfig, urls: Urls, html: dict[str, Markup],
                 stamp: dt.datetime) -> None:
        self.config, self.urls, self.html, self.stamp = config, urls, html, stamp
        self.made: dict[str, list[Entry]] = {}

    def of_event(self, event: Event) -> list[Entry]:
        entries = self.made.get(event.id)
        if entries is None:
            entries = [event_entry(event, self.config, self.urls, self.html, self.stamp)]
            entries += [update_entry(event, i, u, self.config, self.urls, self.html)
                        for i, u in enumerate(event.updates)]
            self.made[event.id] = entries
        return entries

    def latest(self, events: list[Event], limit: int) -> list[Entry]:
        """The newest `limit` entries, newest first (ties by event and order)."""
        ranked = sorted(
            ((moment, key, event, index)
             for event in events
             for index, (moment, key) in enumerate(self._keys(event))),
            key=lambda item: (-item[0].timestamp(), item[1]),
        )[:limit]
        return [self.of_event(event)[index] for _moment, _key, event, index in ranked]

    def _keys(self, event: Event) -> list[tuple[dt.datetime, str]]:
        keys = [(event_datetime(event, self.stamp), f"{event.id}/0")]
        keys += [(midnight(u.date), f"{event.id}/{i + 1}") for i, u in enumerate(event.updates)]
        return keys


def feed_id(config: TimelineConfig, save_as: str) -> str:
    if is_absolute(config):
        return absolute(config, save_as)
    return uuid.uuid5(uuid.NAMESPACE_URL, f"timeline:{save_as}").urn


def write_feed(
    save_as: str,
    title: str,
    link: str,
    events: list[Event],
    entries: Entries,
    writer: Any,
) -> None:
    config = entries.config
    limit = config.feed_max_entries

    def make() -> bytes:
        author = str(writer.context.get("AUTHOR") or config.sitename)
        feed = ReproducibleAtomFeed(
            title=title,
            link=absolute(config, link),
            feed_url=absolute(config, save_as),
            feed_guid=feed_id(config, save_as),
            description=localizer(config).format("New events and status changes on {site}",
                                                 site=config.sitename),
            language=config.language.replace("_", "-"),
            author_name=author,
            feed_copyright=f"{config.license_name} {config.license_url}",
            fallback=entries.stamp,
        )
        for entry in entries.latest(events, limit):
            feed.add_item(
                title=entry.title,
                link=entry.link,
                description=entry.content,
                unique_id=entry.unique_id,
                pubdate=entry.moment,
                updateddate=entry.moment,
                categories=list(entry.categories),
            )
        return feed.writeString("utf-8").encode("utf-8")

    emit(writer, save_as, make, title, link, events, entries.stamp, scope="none")


def write_feeds(export: Export) -> None:
    site, config, urls, writer = export.site, export.config, export.urls, export.writer
    entries = Entries(config, urls, export.html, export.stamp)
    write_feed("feeds/events.atom.xml", config.sitename, urls.home(), site.events, entries,
               writer)
    for term in site.tags.values():
        write_feed(f"feeds/tags/{term.slug}.atom.xml", f"{config.sitename}: {term.name}",
                   urls.tag(term.slug), term.events, entries, writer)
    for term in site.actors.values():
        write_feed(f"feeds/actors/{term.slug}.atom.xml", f"{config.sitename}: {term.name}",
                   urls.actor(term.slug), term.events, entries, writer)
