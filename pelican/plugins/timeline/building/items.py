"""Event list items, rendered once and reused by every list that shows the event."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from .incremental import per_event
from .writer import PageWriter


class EventItems:
    """`timeline_event_item(event, TIMELINE_ROOT)` for templates: an event's list item.

    Each item is rendered once, with a placeholder for the timeline's root that is filled
    in per page (it differs by folder depth with relative URLs), and reused by every list
    the event is in: the home page, its year, tags, actors and status. Items are made over
    the machine's cores before the pages, and kept between builds in the fragment cache.
    The placeholder holds a NUL character, which validation refuses in every text field.
    """

    PLACEHOLDER = "\0TIMELINE_ROOT\0"

    def __init__(self, env: Any, context: dict[str, Any]) -> None:
        self.env = env
        self.context = context
        self.made: dict[str, str] = {}

    def render(self, event: Any) -> str:
        template = self.env.get_template("_event_item.html")
        return template.render({**self.context, "TIMELINE_ROOT": self.PLACEHOLDER,
                                "SITEURL": self.PLACEHOLDER, "event": event})

    def prepare(self, events: list[Any], writer: PageWriter) -> None:
        made = per_event(writer, "item", events, self.render, parallel=True)
        self.made = {e.id: html for e, html in zip(events, made, strict=True)}

    def __call__(self, event: Any, root: str) -> Markup:
        html = self.made.get(event.id)
        if html is None:
            html = self.made[event.id] = self.render(event)
        return Markup(html.replace(self.PLACEHOLDER, root))
