"""data/events.json: every event with every field, in the timeline's order.

The format is described by schema/events-json.schema.json (copied next to the data as
data/events.schema.json); `version` changes only when a field is removed or changes meaning.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..building.site import Site, Urls
from ..reading.model import Event, Source, Update
from ..settings import TimelineConfig
from .common import (
    DATA_DIR,
    date_object,
    emit,
    is_absolute,
    json_lines,
    permalink,
    to_html,
    write_json,
)
from .media import media_object

FORMAT_VERSION = 2  # 2: statuses partly-confirmed and did-not-happen added
SCHEMA_FILE = Path(__file__).resolve().parents[1] / "schemas" / "events-json.schema.json"


def source_object(source: Source) -> dict[str, Any]:
    return {
        "url": source.url,
        "title": source.title,
        "publisher": source.publisher,
        "date": date_object(source.date),
        "kind": source.kind,
        "note": source.note,
        "quote": source.quote,
        "archive_url": source.archive_url,
        "secondary_copy": source.is_secondary_copy,
    }


def update_object(update: Update, html: dict[str, Markup]) -> dict[str, Any]:
    return {
        "date": date_object(update.date),
        "status": update.status,
        "note": update.note,
        "note_html": str(to_html(html, update.note)),
        "sources": [source_object(s) for s in update.sources],
    }


def event_object(
    event: Event, site: Site, config: TimelineConfig, urls: Urls, html: dict[str, Markup]
) -> dict[str, Any]:
    return {
        "id": event.id,
        "title": event.title,
        "date": date_object(event.date),
        "end_date": date_object(event.end_date),
        "display_date": event.display_date,
        "approximate": event.approximate,
        "date_note": event.date_note,
        "status": event.status,
        "current_status": event.current_status,
        "summary": event.summary,
        "summary_html": str(to_html(html, event.summary)),
        "body": event.body,
        "body_html": str(to_html(html, event.body)) if event.body else None,
        "tags": list(event.tags),
        "actors": list(event.actors),
        "related": list(event.related),
        "related_all": [other.id for other in site.related.get(event.id, [])],
        "sources": [source_object(s) for s in event.sources],
        "updates": [update_object(u, html) for u in event.updates],
        "media": [media_object(m, config) for m in event.media],
        "permalink": permalink(config, urls, event),
        "file": event.path,
    }


def events_document(
    writer: Any,
    site: Site,
    config: TimelineConfig,
    urls: Urls,
    html: dict[str, Markup],
    generated: str,
    description: str,
) -> dict[str, Any]:
    return {
        "version": FORMAT_VERSION,
        "generated": generated,
        "site": {
            "name": config.sitename,
            "description": description,
            "url": config.siteurl.rstrip("/") if is_absolute(config) else None,
            "repository": config.repo_url or None,
        },
        "license": {"name": config.license_name, "url": config.license_url},
        "count": len(site.events),
        "events": json_lines(
            writer, "json", site.events, lambda e: event_object(e, site, config, urls, html),
            extra=lambda e: ",".join(other.id for other in site.related.get(e.id, [])),
        ),
    }


def write_json_exports(
    site: Site,
    config: TimelineConfig,
    urls: Urls,
    writer: Any,
    html: dict[str, Markup],
    generated: str,
) -> None:
    description = config.sitedescription
    write_json(writer, f"{DATA_DIR}/events.json",
               lambda: events_document(writer, site, config, urls, html, generated,
                                       description))
    emit(writer, f"{DATA_DIR}/events.schema.json",
         lambda: published_schema(SCHEMA_FILE, "events.schema.json", config), scope="none")


def published_schema(path: Path, name: str, config: TimelineConfig) -> bytes:
    """A packaged schema as published with the data: its `$id` is where the site puts it
    (TIMELINE_SCHEMA_URL's folder, or SITEURL/data/), or left out for a relative build."""
    schema = json.loads(path.read_text(encoding="utf-8"))
    base = config.schema_url.rsplit("/", 1)[0] if config.schema_url else (
        f"{config.siteurl.rstrip('/')}/{DATA_DIR}" if is_absolute(config) else "")
    if base:
        schema = {"$schema": schema.pop("$schema"), "$id": f"{base}/{name}", **schema}
    return (json.dumps(schema, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
