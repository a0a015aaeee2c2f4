"""The site's structure, computed once from the events: years, tags, actors, statuses,
related links both ways, previous and next. No Pelican import; every step is linear in the
number of events (plus sorting).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from ..reading.model import STATUSES, Event, PartialDate, slugify
from .i18n import Localizer


class Urls:
    """Root-relative links and output paths for every kind of page.

    With clean URLs (publishing) a link is `events/x/`; without (local browsing of
    output/ from disk) it is `events/x/index.html`, which a file:// browser can open.
    """

    def __init__(self, clean: bool) -> None:
        self.clean = clean

    def _href(self, path: str) -> str:
        return path if self.clean else path + "index.html"

    @staticmethod
    def save_as(href_dir: str) -> str:
        return href_dir + "index.html"

    def home(self) -> str:
        return "" if self.clean else "index.html"

    def event(self, event_id: str) -> str:
        return self._href(f"events/{event_id}/")

    def tag(self, slug: str) -> str:
        return self._href(f"tags/{slug}/")

    def tags(self) -> str:
        return self._href("tags/")

    def actor(self, slug: str) -> str:
        return self._href(f"actors/{slug}/")

    def actors(self) -> str:
        return self._href("actors/")

    def status(self, status: str) -> str:
        return self._href(f"status/{status}/")

    def year(self, year: int) -> str:
        return self._href(f"years/{year}/")

    def years(self) -> str:
        return self._href("years/")

    def page(self, directory: str) -> str:
        return self._href(directory)

    def era(self, era_id: str) -> str:
        return self._href(f"eras/{era_id}/")

    def eras(self) -> str:
        return self._href("eras/")


@dataclass
class Term:
    """A tag, an actor, a status or a year: a name, a slug and its events in order."""

    kind: str
    slug: str
    name: str
    events: list[Event] = field(default_factory=list)
    intro: object | None = None  # a Markup introduction from content/, if any
    intro_title: str | None = None
    intro_lang: str = ""  # the introduction's language, when it is not the edition's

    @property
    def count(self) -> int:
        return len(self.events)


@dataclass
class Year:
    year: int
    events: list[Event]


@dataclass
class Site:
    events: list[Event]
    by_id: dict[str, Event]
    years: list[Year]
    tags: dict[str, Term]
    actors: dict[str, Term]
    statuses: dict[str, Term]
    related: dict[str, list[Event]]
    previous: dict[str, Event | None]
    next: dict[str, Event | None]
    actor_slugs: dict[str, str]

    @property
    def first(self) -> Event | None:
        return self.events[0] if self.events else None

    @property
    def last(self) -> Event | None:
        return self.events[-1] if self.events else None


def build_site(events: list[Event]) -> Site:
    events = sorted(events, key=lambda e: e.sort_key)
    by_id = {e.id: e for e in events}
    years: list[Year] = []
    tags: dict[str, Term] = {}
    actors: dict[str, Term] = {}
    actor_slugs: dict[str, str] = {}
    statuses = {s: Term("status", s, s) for s in STATUSES}
    related: dict[str, list[Event]] = defaultdict(list)
    related_seen: dict[str, set[str]] = defaultdict(set)
    previous: dict[str, Event | None] = {}
    following: dict[str, Event | None] = {}

    for index, event in enumerate(events):
        if not years or years[-1].year != event.date.year:
            years.append(Year(event.date.year, []))
        years[-1].events.append(event)
        for tag in event.tags:
            tags.setdefault(tag, Term("tag", tag, tag)).events.append(event)
        for actor in event.actors:
            slug = actor_slugs.get(actor)
            if slug is None:
                slug = slugify(actor)
                # Two spellings folding to one slug share a page: keep the first name seen.
                actor_slugs[actor] = slug
            actors.setdefault(slug, Term("actor", slug, actor)).events.append(event)
        statuses[event.current_status].events.append(event)
        previous[event.id] = events[index - 1] if index else None
        following[event.id] = events[index + 1] if index + 1 < len(events) else None
        for rid in event.related:
            other = by_id.get(rid)
            if other is None or other.id == event.id:
                continue
            for a, b in ((event, other), (other, event)):
                if b.id not in related_seen[a.id]:
                    related_seen[a.id].add(b.id)
                    related[a.id].append(b)
    for items in related.values():
        items.sort(key=lambda e: e.sort_key)
    return Site(
        events=events,
        by_id=by_id,
        years=years,
        tags=dict(sorted(tags.items())),
        actors=dict(sorted(actors.items(), key=lambda kv: kv[1].name.casefold())),
        # only the statuses some event has now: a site that never uses one shows no "(0)"
        statuses={s: term for s, term in statuses.items() if term.events},
        related=dict(related),
        previous=previous,
        next=following,
        actor_slugs=actor_slugs,
    )


def group_by_year(events: list[Event]) -> list[Year]:
    years: list[Year] = []
    for event in events:
        if not years or years[-1].year != event.date.year:
            years.append(Year(event.date.year, []))
        years[-1].events.append(event)
    return years


@dataclass(frozen=True)
class Facets:
    """What a list of events can be filtered by, computed in one pass."""

    tags: list[str]
    actors: list[str]
    years: list[int]
    statuses: set[str]


_facets_memo: dict[int, tuple[list[Event], Facets]] = {}


def reset_memos() -> None:
    """Forget the previous build's lists (a long-running livereload builds many times)."""
    _facets_memo.clear()


def facets(events: list[Event]) -> Facets:
    """Facets of a list of events; a list's pages share one computation."""
    found = _facets_memo.get(id(events))
    if found is not None and found[0] is events:
        return found[1]
    result = _facets(events)
    _facets_memo[id(events)] = (events, result)
    return result


def _facets(events: list[Event]) -> Facets:
    tags: set[str] = set()
    actors: set[str] = set()
    years: set[int] = set()
    statuses: set[str] = set()
    for event in events:
        tags.update(event.tags)
        actors.update(event.actors)
        years.add(event.date.year)
        statuses.add(event.current_status)
    return Facets(sorted(tags), sorted(actors, key=str.casefold), sorted(years), statuses)


def coverage_text(events: list[Event], today: dt.date, last_reviewed: dt.date | None,
                  localizer: Localizer | None = None) -> str:
    """How far the timeline runs, from the data: "Coverage: September 2021 to June 2026
    (40 events). Last reviewed 30 November 2026." The end is the latest event dated on or
    before `today` (events still ahead do not extend what has been covered); months are
    the finest unit, years when that is all the date says. Empty when there is no event.
    `localizer` (building.i18n.Localizer) gives the language; English by default."""
    loc = localizer or Localizer.for_language("en")
    if not events:
        return ""
    ordered = sorted(events, key=lambda e: e.sort_key)
    past = [e for e in ordered if e.date.first_day() <= today] or ordered
    first, last = ordered[0].date, past[-1].date
    start = loc.date(PartialDate(first.year, first.month))
    end = loc.date(PartialDate(last.year, last.month))
    count = len(events)
    span = start if start == end else loc.format("{start} to {end}", start=start, end=end)
    events_text = loc.ngettext("{count} event", "{count} events", count).format(count=count)
    text = loc.format("Coverage: {span} ({events}).", span=span, events=events_text)
    if last_reviewed is not None:
        text += " " + loc.format("Last reviewed {date}.", date=loc.day(last_reviewed))
    return text
