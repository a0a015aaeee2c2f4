"""Era pages and the template variables for eras and the overview."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from ..reading.eras import Era, eras_by_event, eras_of_events
from ..reading.model import Event
from .i18n import Localizer
from .overview import OverviewRenderer
from .pages import Page, paginate
from .site import Urls


def era_context(
    events: Sequence[Event], eras: list[Era], urls: Urls, today: dt.date,
    localizer: Localizer | None = None,
) -> dict[str, Any]:
    """The template variables for eras and the overview (see templates _overview.html,
    _event_eras.html, era.html and eras.html)."""
    era_events = eras_of_events(eras, events)
    return {
        "timeline_eras": eras,
        "timeline_era_events": era_events,
        "timeline_event_eras": eras_by_event(eras, era_events),
        "timeline_overview": OverviewRenderer(eras, urls, today, localizer),
    }


def era_pages(context: dict[str, Any], urls: Urls, page_size: int) -> list[Page]:
    """eras/index.html and one page per era (none when there are no eras)."""
    eras: list[Era] = context.get("timeline_eras", [])
    if not eras:
        return []
    era_events: dict[str, list[Event]] = context["timeline_era_events"]
    pages = [Page(urls.save_as("eras/"), "eras.html", {"page_name": "eras"})]
    for era in eras:
        events = era_events.get(era.id, [])
        pages += paginate(f"eras/{era.id}/", "era.html",
                          {"era": era, "era_events": events, "page_name": "era"},
                          events, page_size, urls.page)
    return pages
