"""data/timelinejs.json in TimelineJS3's JSON format, and the page that shows it.

Dates keep only their known parts (TimelineJS infers the precision from them); approximate
events get a `display_date` such as "c. March 2024"; the sources, which TimelineJS has no
place for, become an HTML list of links inside `text.text`. Every string that goes into
HTML is escaped here: TimelineJS inserts `headline` and `text` as HTML.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from ..building.pages import Page
from ..building.site import Site, Urls
from ..reading.model import STATUS_LABELS, Event, PartialDate, Source
from ..settings import TimelineConfig
from .common import DATA_DIR, is_absolute, json_lines, permalink, to_html, write_json

PAGE_DIR = "timeline-view/"


def tl_date(date: PartialDate) -> dict[str, str]:
    """{"year": "2024", "month": "3"}: only the known parts, as strings (as in the docs)."""
    parts = {"year": str(date.year)}
    if date.month is not None:
        parts["month"] = str(date.month)
        if date.day is not None:
            parts["day"] = str(date.day)
    return parts


def source_item(source: Source) -> Markup:
    date = f", {source.date.display()}" if source.date else ""
    return Markup('<li><a href="{}" rel="noopener noreferrer">{}: {}</a>{}</li>').format(
        source.url, source.publisher, source.title, date
    )


def slide_text(event: Event, html: dict[str, Markup], link: str) -> str:
    parts = [
        Markup("<p><strong>{}</strong> · {}</p>").format(
            STATUS_LABELS[event.current_status], event.display_date
        ),
        to_html(html, event.summary),
    ]
    for update in event.updates:
        parts.append(
            Markup("<p>{}: now <strong>{}</strong>.</p>").format(
                update.date.display(), STATUS_LABELS[update.status]
            )
        )
    parts.append(Markup("<p>Sources:</p><ul>"))
    parts.extend(source_item(s) for s in event.all_sources())
    parts.append(Markup("</ul>"))
    parts.append(Markup('<p><a href="{}">Event page</a></p>').format(link))
    return str(Markup("").join(parts))


def page_link(config: TimelineConfig, urls: Urls, event: Event) -> str:
    """The event page's URL, absolute or else relative to the view page (timeline-view/),
    where TimelineJS inserts the links."""
    link = permalink(config, urls, event)
    return link if is_absolute(config) else "../" + link


def slide(event: Event, config: TimelineConfig, urls: Urls, html: dict[str, Markup]) -> dict:
    result: dict[str, Any] = {"start_date": tl_date(event.date)}
    if event.end_date is not None:
        result["end_date"] = tl_date(event.end_date)
    if event.approximate:
        result["display_date"] = event.display_date
    result["text"] = {
        "headline": str(escape(event.title)),
        "text": slide_text(event, html, page_link(config, urls, event)),
    }
    result["group"] = STATUS_LABELS[event.current_status]
    result["unique_id"] = event.id
    return result


def timelinejs_document(
    writer: Any, site: Site, config: TimelineConfig, urls: Urls, html: dict[str, Markup],
    description: str,
) -> dict[str, Any]:
    return {
        "title": {
            "text": {
                "headline": str(escape(config.sitename)),
                "text": str(Markup("<p>{}</p>").format(description)),
            },
        },
        "events": json_lines(writer, "timelinejs", site.events,
                             lambda e: slide(e, config, urls, html)),
    }


def write_timelinejs(
    site: Site, config: TimelineConfig, urls: Urls, writer: Any, html: dict[str, Markup]
) -> None:
    description = config.sitedescription
    write_json(
        writer,
        f"{DATA_DIR}/timelinejs.json",
        lambda: timelinejs_document(writer, site, config, urls, html, description),
    )
    writer.write_all(
        [
            Page(
                urls.save_as(PAGE_DIR),
                "timelinejs.html",
                {"page_name": "timeline-view", "timelinejs_json": f"{DATA_DIR}/timelinejs.json"},
            )
        ]
    )
