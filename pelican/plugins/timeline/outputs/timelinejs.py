"""data/timelinejs.json in TimelineJS3's JSON format, and the page that shows it.

Dates keep only their known parts (TimelineJS infers the precision from them); approximate
events get a `display_date` such as "c. March 2024"; the sources, which TimelineJS has no
place for, become an HTML list of links inside `text.text`. An event's first image is the
slide's `media` (its JPEG or PNG file, with its credit, caption and alt text); pictures and
documents elsewhere are left out, as TimelineJS would load them from their sites. Every
string that goes into HTML is escaped here: TimelineJS inserts `headline`, `text`,
`caption` and `credit` as HTML. The texts are in the edition's language (config.language).
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from ..building.i18n import Localizer
from ..building.pages import Page
from ..building.site import Site, Urls
from ..reading.model import STATUS_LABELS, Event, PartialDate, Source
from ..settings import TimelineConfig
from .common import DATA_DIR, is_absolute, json_lines, permalink, to_html, write_json
from .media import edition_depth, media_url, picture

PAGE_DIR = "timeline-view/"


def tl_date(date: PartialDate) -> dict[str, str]:
    """{"year": "2024", "month": "3"}: only the known parts, as strings (as in the docs)."""
    parts = {"year": str(date.year)}
    if date.month is not None:
        parts["month"] = str(date.month)
        if date.day is not None:
            parts["day"] = str(date.day)
    return parts


def localizer(config: TimelineConfig) -> Localizer:
    return Localizer.for_language(config.language, dict(config.locales))


def source_item(source: Source, loc: Localizer) -> Markup:
    date = f", {loc.date(source.date)}" if source.date else ""
    return Markup('<li><a href="{}" rel="noopener noreferrer">{}: {}</a>{}</li>').format(
        source.url, source.publisher, source.title, date
    )


def slide_text(event: Event, html: dict[str, Markup], link: str, loc: Localizer) -> str:
    status = Markup("<strong>{}</strong>")
    parts = [
        Markup("<p><strong>{}</strong> · {}</p>").format(
            loc.gettext(STATUS_LABELS[event.current_status]),
            loc.span(event.date, event.end_date, event.approximate)
        ),
        to_html(html, event.summary),
    ]
    for update in event.updates:
        # Translators: a status change in the TimelineJS view: "2 March 2024: now Confirmed."
        now = Markup(escape(loc.gettext("{date}: now {status}.")))
        parts.append(Markup("<p>{}</p>").format(now.format(
            date=loc.date(update.date), status=status.format(loc.gettext(
                STATUS_LABELS[update.status])))))
    parts.append(Markup("<p>{}</p><ul>").format(loc.gettext("Sources:")))
    parts.extend(source_item(s, loc) for s in event.all_sources())
    parts.append(Markup("</ul>"))
    parts.append(Markup('<p><a href="{}">{}</a></p>').format(link, loc.gettext("Event page")))
    return str(Markup("").join(parts))


def page_link(config: TimelineConfig, urls: Urls, event: Event) -> str:
    """The event page's URL, absolute or else relative to the view page (timeline-view/),
    where TimelineJS inserts the links."""
    link = permalink(config, urls, event)
    return link if is_absolute(config) else "../" + link


def slide_media(event: Event, config: TimelineConfig) -> dict[str, str] | None:
    """The event's first image: its JPEG or PNG file for `src` on the event page (960
    pixels wide, or the nearest), absolute, or else relative to the view page like the
    links (the images are in the timeline's folder, one up from an edition but the
    first)."""
    for media in event.media:
        shown = picture(media)
        if shown is None:
            continue
        url = (media_url(config, shown.src.path) if is_absolute(config)
               else f"../{edition_depth(config)}{shown.src.path}")
        result = {"url": url, "credit": str(escape(media.credit))}
        if media.caption:
            result["caption"] = str(escape(media.caption))
        if media.alt:
            result["alt"] = media.alt  # set as an attribute by TimelineJS, not as HTML
        return result
    return None


def slide(event: Event, config: TimelineConfig, urls: Urls, html: dict[str, Markup]) -> dict:
    loc = localizer(config)
    result: dict[str, Any] = {"start_date": tl_date(event.date)}
    if event.end_date is not None:
        result["end_date"] = tl_date(event.end_date)
    if event.approximate:
        result["display_date"] = loc.span(event.date, event.end_date, event.approximate)
    result["text"] = {
        "headline": str(escape(event.title)),
        "text": slide_text(event, html, page_link(config, urls, event), loc),
    }
    media = slide_media(event, config)
    if media is not None:
        result["media"] = media
    result["group"] = loc.gettext(STATUS_LABELS[event.current_status])
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
