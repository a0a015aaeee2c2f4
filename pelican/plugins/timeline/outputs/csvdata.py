"""data/events.csv (one row per event) and data/sources.csv (one row per source).

RFC 4180: a header row, CRLF line ends, fields quoted only when they need it (commas,
double quotes doubled, line breaks kept inside quotes). UTF-8 without a byte-order mark;
spreadsheet programs that guess another encoding should be told to import it as UTF-8.

events.csv holds every field of the event files but translations, so that `timeline-import`
can make the same event files from it. Its columns: EVENT_COLUMNS (id … permalink, as they
have always been), then date_note, body and related (ids, separated like tags by "; "),
then each source in numbered columns, source_1_url, source_1_title, source_1_publisher,
source_1_date, source_1_kind, source_1_note, source_1_quote, source_1_archive_url, then
source_2_url…, and each update: update_1_date, update_1_status, update_1_note, then its
sources as update_1_source_1_url… (SOURCE_FIELDS order). There are as many numbered
columns as the event with the most sources (updates, sources of an update) needs; the
cells an event does not use are empty.
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
MORE_COLUMNS: tuple[str, ...] = ("date_note", "body", "related")
# a source's columns, after its prefix (source_1_, update_2_source_1_)
SOURCE_FIELD_COLUMNS: tuple[str, ...] = (
    "url", "title", "publisher", "date", "kind", "note", "quote", "archive_url",
)  # fmt: skip
UPDATE_FIELD_COLUMNS: tuple[str, ...] = ("date", "status", "note")


def widths(events: Iterable[Event]) -> tuple[int, int, int]:
    """How many numbered columns events.csv needs: (sources, updates, sources of one
    update), each the largest any event has."""
    events = list(events)
    return (max((len(e.sources) for e in events), default=0),
            max((len(e.updates) for e in events), default=0),
            max((len(u.sources) for e in events for u in e.updates), default=0))


def event_columns(sizes: tuple[int, int, int]) -> list[str]:
    """events.csv's header for these widths (see the module's docstring)."""
    sources, updates, update_sources = sizes
    columns = [*EVENT_COLUMNS, *MORE_COLUMNS]
    for i in range(1, sources + 1):
        columns += [f"source_{i}_{name}" for name in SOURCE_FIELD_COLUMNS]
    for j in range(1, updates + 1):
        columns += [f"update_{j}_{name}" for name in UPDATE_FIELD_COLUMNS]
        for k in range(1, update_sources + 1):
            columns += [f"update_{j}_source_{k}_{name}" for name in SOURCE_FIELD_COLUMNS]
    return columns


def source_cells(source: Source | None) -> list[str]:
    if source is None:
        return [""] * len(SOURCE_FIELD_COLUMNS)
    return [source.url, source.title, source.publisher,
            source.date.iso() if source.date else "", source.kind or "", source.note or "",
            source.quote or "", source.archive_url or ""]


def more_cells(event: Event, sizes: tuple[int, int, int]) -> list[str]:
    """The cells after `permalink`: every other field, and the numbered columns."""
    sources, updates, update_sources = sizes
    cells = [event.date_note or "", event.body or "", LIST_SEPARATOR.join(event.related)]
    for i in range(sources):
        cells += source_cells(event.sources[i] if i < len(event.sources) else None)
    for j in range(updates):
        update = event.updates[j] if j < len(event.updates) else None
        cells += ([update.date.iso(), update.status, update.note] if update
                  else [""] * len(UPDATE_FIELD_COLUMNS))
        for k in range(update_sources):
            cells += source_cells(update.sources[k] if update and k < len(update.sources)
                                  else None)
    return cells


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


def event_row(event: Event, config: TimelineConfig, urls: Urls,
              sizes: tuple[int, int, int] | None = None) -> list[str]:
    """The event's row; with `sizes` (widths()), every column, else EVENT_COLUMNS only."""
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
        *(more_cells(event, sizes) if sizes is not None else []),
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
    sizes = widths(site.events)

    def events_csv() -> str:
        rows = per_event(writer, "csv-event", site.events,
                         lambda e: to_csv(None, [event_row(e, config, urls, sizes)]),
                         extra=lambda _e: repr(sizes))
        return to_csv(event_columns(sizes), []) + "".join(rows)

    def sources_csv() -> str:
        rows = per_event(writer, "csv-sources", site.events,
                         lambda e: to_csv(None, source_rows(e)))
        return to_csv(SOURCE_COLUMNS, []) + "".join(rows)

    emit(writer, f"{DATA_DIR}/events.csv", events_csv)
    emit(writer, f"{DATA_DIR}/sources.csv", sources_csv)
