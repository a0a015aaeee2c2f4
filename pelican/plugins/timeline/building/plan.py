"""Every page the timeline writes, planned before anything is rendered."""

from __future__ import annotations

from typing import Any

from .eras import era_pages
from .pages import Page, paginate
from .site import Site, Urls, Year


def home_variables(site: Site, limit: int) -> dict[str, Any]:
    """Past `limit` (TIMELINE_HOME_MAX_EVENTS) events, the home page shows only the latest
    years that fit (or the latest events of the last year), with a link to every year."""
    years = site.years
    if len(site.events) <= limit or not years:
        return {}
    shown: list[Year] = []
    total = 0
    for year in reversed(years):
        if total + len(year.events) > limit:
            break
        shown.insert(0, year)
        total += len(year.events)
    if not shown:
        last = years[-1]
        shown = [Year(last.year, last.events[-limit:])]
        total = len(shown[0].events)
    return {"home_years": shown, "home_truncated": True, "home_shown": total}


def event_pages(site: Site, urls: Urls) -> list[Page]:
    return [
        Page(urls.save_as(f"events/{event.id}/"), "event.html",
             {"event": event, "related": site.related.get(event.id, []),
              "previous_event": site.previous.get(event.id),
              "next_event": site.next.get(event.id), "page_name": "event"},
             scope="none")
        for event in site.events
    ]


def list_pages(site: Site, urls: Urls, size: int) -> list[Page]:
    """Tags, actors, statuses and years: an index each, and a paginated page per term."""
    pages = [Page("tags/index.html", "terms.html",
                  {"terms": list(site.tags.values()), "term_kind": "tag", "page_name": "tags"})]
    for term in site.tags.values():
        pages += paginate(f"tags/{term.slug}/", "term.html", {"term": term, "page_name": "tag"},
                          term.events, size, urls.page)
    pages.append(Page("actors/index.html", "terms.html",
                      {"terms": list(site.actors.values()), "term_kind": "actor",
                       "page_name": "actors"}))
    for term in site.actors.values():
        pages += paginate(f"actors/{term.slug}/", "term.html",
                          {"term": term, "page_name": "actor"}, term.events, size, urls.page)
    for term in site.statuses.values():
        pages += paginate(f"status/{term.slug}/", "term.html",
                          {"term": term, "page_name": "status"}, term.events, size, urls.page)
    pages.append(Page("years/index.html", "years.html", {"page_name": "years"}))
    for year in site.years:
        pages += paginate(f"years/{year.year}/", "year.html", {"year": year, "page_name": "year"},
                          year.events, size, urls.page)
    return pages


def plan_pages(site: Site, urls: Urls, context: dict[str, Any], page_size: int,
               home_max_events: int) -> list[Page]:
    """The home page, every event page, every list page and the era pages."""
    home = Page("index.html", "timeline.html",
                {"page_name": "home", **home_variables(site, home_max_events)})
    return [home, *event_pages(site, urls), *list_pages(site, urls, page_size),
            *era_pages(context, urls, page_size)]
