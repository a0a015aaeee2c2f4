"""data/events.csv (one row per event) and data/sources.csv (one row per source).

RFC 4180: a header row, CRLF line ends, fields quoted only when they need it (commas,
double quotes doubled, line breaks kept inside quotes). UTF-8 without a byte-order mark;
spreadsheet programs that guess another encoding should be told to import it as UTF-8.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from ..building.site import Site, Urls
from ..reading.model import Event, Source
from ..settings import TimelineConfig
from .common import DATA_DIR, emit, per_event, permalink

EVENT_COLUMNS: tuple[str, ...] = (
    "id", "date", "end_date", "precision", "approximate", "status", "current_status",
    "title", "summary", "tags", "actors", "first_source_url", "source_count", "permalink",
)  # fmt: skip
SOURCE_COLUMNS: tuple[str, ...] = (
    "event_id", "from_update", "update_date", "update_status", "url", "title", "publisher",
    "date", "date_precision", "kind", "note", "quote", "archive_url", "secondary_copy",
)  # fmt: skip
LIST_SEPARATOR = "; "


def yes_no(value: bool) -> str:
    return "true" if value else "false"


def to_csv(columns: Sequence[str] | None, rows: Iterable[Sequence[str]]) -> str:
    """RFC 4180 text: a header row (unless `columns` is None), then the rows."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    if columns is not None:
        writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue()


def event_row(event: Event, config: TimelineConfig, urls: Urls) -> list[str]:
    return [
        event.id,
        event.date.iso(),
        event.end_date.iso() if event.end_date else "",
        event.date.precision,
        yes_no(event.approximate),
        event.status,
        event.current_status,
        event.title,
        event.summary,
        LIST_SEPARATOR.join(event.tags),
        LIST_SEPARATOR.join(event.actors),
        event.sources[0].url if event.sources else "",
        str(len(event.all_sources())),
        permalink(config, urls, event),
    ]


def source_row(event: Event, source: Source, update_date: str, update_status: str) -> list[str]:
    return [
        event.id,
        yes_no(bool(update_date)),
        update_date,
        update_status,
        source.url,
        source.title,
        source.publisher,
        source.date.iso() if source.date else "",
        source.date.precision if source.date else "",
        source.kind or "",
        source.note or "",
        source.quote or "",
        source.archive_url or "",
        yes_no(source.is_secondary_copy),
    ]


def source_rows(event: Event) -> Iterable[list[str]]:
    for source in event.sources:
        yield source_row(event, source, "", "")
    for update in event.updates:
        for source in update.sources:
            yield source_row(event, source, update.date.iso(), update.status)


def write_csv_exports(site: Site, config: TimelineConfig, urls: Urls, writer: Any) -> None:
    def events_csv() -> str:
        rows = per_event(writer, "csv-event", site.events,
                         lambda e: to_csv(None, [event_row(e, config, urls)]))
        return to_csv(EVENT_COLUMNS, []) + "".join(rows)

    def sources_csv() -> str:
        rows = per_event(writer, "csv-sources", site.events,
                         lambda e: to_csv(None, source_rows(e)))
        return to_csv(SOURCE_COLUMNS, []) + "".join(rows)

    emit(writer, f"{DATA_DIR}/events.csv", events_csv)
    emit(writer, f"{DATA_DIR}/sources.csv", sources_csv)
