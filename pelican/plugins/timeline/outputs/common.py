"""What every export shares: links, the build's reproducible time, dates, plain text."""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

from markupsafe import Markup

from ..building.incremental import per_event as per_event
from ..building.markdown import render_uncached
from ..building.site import Site, Urls
from ..reading.model import Event, PartialDate
from ..settings import TimelineConfig

DATA_DIR = "data"
T = TypeVar("T")


def absolute(config: TimelineConfig, href: str) -> str:
    """An absolute URL when SITEURL is absolute; otherwise the path from the site's root
    folder (local builds, which are browsed from disk and have no address)."""
    base = config.siteurl.rstrip("/")
    return f"{base}/{href}" if base.startswith(("http://", "https://")) else href


def is_absolute(config: TimelineConfig) -> bool:
    return config.siteurl.startswith(("http://", "https://"))


def permalink(config: TimelineConfig, urls: Urls, event: Event) -> str:
    return absolute(config, urls.event(event.id))


def site_host(config: TimelineConfig) -> str:
    """The site's host name (for iCalendar UIDs), or 'timeline' when it has none."""
    host = urlsplit(config.siteurl).hostname if is_absolute(config) else None
    return host or "timeline"


def stable_id(config: TimelineConfig, urls: Urls, event: Event, fragment: str = "") -> str:
    """A feed entry id: the event's permalink (plus a fragment) on a published site, a
    name-based UUID URN otherwise; never changes between two builds of the same input."""
    if is_absolute(config):
        return permalink(config, urls, event) + (f"#{fragment}" if fragment else "")
    name = f"timeline:{event.id}" + (f"#{fragment}" if fragment else "")
    return uuid.uuid5(uuid.NAMESPACE_URL, name).urn


def reproducible_time(site: Site) -> dt.datetime:
    """The build's timestamp, the same for two builds of the same input.

    SOURCE_DATE_EPOCH when set (reproducible-builds.org); otherwise midnight UTC of the
    latest date the data records as past: event dates (anticipated ones excluded: they lie
    ahead), update dates and source dates, each at its first day.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    days: list[dt.date] = []
    for event in site.events:
        if event.status != "anticipated":
            days.append(event.date.first_day())
        days.extend(update.date.first_day() for update in event.updates)
        days.extend(s.date.first_day() for s in event.all_sources() if s.date is not None)
    day = max(days) if days else dt.date(1970, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def iso_time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def date_object(date: PartialDate | None) -> dict[str, Any] | None:
    """{"value": "2024-03", "precision": "month", "year": 2024, "month": 3, "day": null}."""
    if date is None:
        return None
    return {
        "value": date.iso(),
        "precision": date.precision,
        "year": date.year,
        "month": date.month,
        "day": date.day,
    }


def date_parts(date: PartialDate) -> list[int]:
    """CSL-JSON date-parts at the known precision: [2024], [2024, 3] or [2024, 3, 2]."""
    parts = [date.year]
    if date.month is not None:
        parts.append(date.month)
        if date.day is not None:
            parts.append(date.day)
    return parts


def to_html(html: dict[str, Markup], text: str | None) -> Markup:
    """The rendered (sanitised) HTML of a Markdown text, from the build's cache."""
    if not text:
        return Markup("")
    found = html.get(text)
    return found if found is not None else Markup(render_uncached(text))


def plain_text(html: Markup | str) -> str:
    """HTML to one-line plain text (tags dropped, entities decoded, spaces collapsed)."""
    return Markup(str(html)).striptags()


def emit(writer: Any, save_as: str, make: Callable[[], str | bytes], *parts: Any,
         scope: str = "site") -> None:
    """Write a file made by `make()`, unless the previous build's file can be reused: its
    fingerprint (the code, settings, `parts` and, for scope "site", every event) matches."""
    fingerprints = getattr(writer, "fingerprints", None)
    fingerprint = fingerprints.text(save_as, *parts, scope=scope) if fingerprints else None
    if fingerprint is not None and writer.reuse_text(save_as, fingerprint):
        return
    writer.write_text(save_as, make(), fingerprint)


class Lines(list):  # type: ignore[type-arg]
    """A list whose items are already JSON text (see json_line), for json_text."""


def json_line(value: Any) -> str:
    """Compact JSON on one line, by the C encoder (an indented dump goes through the
    pure-Python encoder, ten times slower)."""
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def json_text(data: Any) -> str:
    """JSON with one list item per line: readable and diff-friendly."""
    dump = json_line

    def items_of(value: list[Any]) -> list[str]:
        return list(value) if isinstance(value, Lines) else [dump(v) for v in value]

    if isinstance(data, dict):
        lines = []
        for key, value in data.items():
            if isinstance(value, list) and value:
                items = ",\n".join("    " + v for v in items_of(value))
                lines.append(f"  {dump(key)}: [\n{items}\n  ]")
            else:
                lines.append(f"  {dump(key)}: {dump(value)}")
        return "{\n" + ",\n".join(lines) + "\n}\n"
    if isinstance(data, list) and data:
        return "[\n" + ",\n".join("  " + v for v in items_of(data)) + "\n]\n"
    return dump(data) + "\n"


def write_json(writer: Any, save_as: str, make: Callable[[], Any], *parts: Any,
               scope: str = "site") -> None:
    emit(writer, save_as, lambda: json_text(make()), *parts, scope=scope)


def json_lines(writer: Any, kind: str, events: list[Event], make: Callable[[Event], Any],
               extra: Callable[[Event], str] | None = None) -> Lines:
    """One line of JSON (json_line) per event, made by `make`, for a list in a json_text
    document; each line is reused from the previous build as `per_event` says."""
    return Lines(per_event(writer, kind, events, lambda e: json_line(make(e)), extra=extra))


@dataclass(frozen=True)
class Export:
    """What every export is written from: the site, its settings and links, the page
    writer, the rendered Markdown and the build's reproducible time."""

    site: Site
    config: TimelineConfig
    urls: Urls
    writer: Any
    html: dict[str, Markup]
    stamp: dt.datetime
