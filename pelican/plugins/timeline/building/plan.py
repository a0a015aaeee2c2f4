"""Every page the timeline writes, planned before anything is rendered."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ..reading.model import Event
from .eras import era_pages
from .i18n import Localizer
from .pages import Page, paginate
from .site import Site, Term, Urls, Year

EMBED_DIR = "embed/"  # the embedded views: embed/, embed/events/<id>/, embed/tags/<slug>/…
OEMBED_FILE = "oembed.json"
EMBED_MAX_EVENTS = 20  # the most events a list's embedded view shows (the latest)
# The iframe's size in CSS pixels (the oEmbed `width` and `height`), by kind of view
EMBED_SIZES = {"home": (600, 500), "event": (560, 380), "tag": (600, 500), "actor": (600, 500)}


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


@dataclass(frozen=True)
class Embed:
    """The embeddable view of a full page (the home page, an event, a tag or an actor): a
    page of its own in `directory`, shown in an iframe on other sites, and its oEmbed
    document beside it. `src` and `code` are empty when SITEURL is not an absolute address
    (a local build): an iframe needs one, so no embed code or oEmbed file is offered."""

    kind: str  # "home", "event", "tag" or "actor"
    directory: str  # inside the edition, from validated slugs only: "embed/events/<id>/"
    href: str  # the embedded view's root-relative link
    full_href: str  # the full page's root-relative link
    title: str  # the iframe's title, in the edition's language
    width: int
    height: int
    src: str = ""  # the embedded view's absolute URL
    oembed_url: str = ""  # the oEmbed document's absolute URL
    code: str = ""  # the iframe HTML to paste: the oEmbed document's `html`

    @property
    def save_as(self) -> str:
        return Urls.save_as(self.directory)

    @property
    def oembed_save_as(self) -> str:
        return self.directory + OEMBED_FILE


def iframe_code(src: str, width: int, height: int, title: str) -> str:
    """The HTML that shows an embedded view on another site (every value escaped)."""
    return str(Markup('<iframe src="{}" width="{}" height="{}" title="{}" loading="lazy" '
                      'referrerpolicy="strict-origin-when-cross-origin" '
                      'style="max-width: 100%; border: 0;"></iframe>').format(
        src, width, height, title))


class Embeds:
    """Each full page's embedded view, from the edition's context (its address, its
    language and its site name)."""

    def __init__(self, urls: Urls, context: dict[str, Any]) -> None:
        self.urls = urls
        config = context["timeline_config"]
        siteurl = str(config.siteurl).rstrip("/")
        self.base = siteurl if siteurl.startswith(("http://", "https://")) else ""
        self.sitename = str(context.get("SITENAME") or config.sitename)
        self.loc = Localizer.for_language(str(context.get("timeline_lang") or config.language),
                                          dict(context.get("timeline_locales") or ()))

    def make(self, kind: str, folder: str, full_href: str, title: str) -> Embed:
        directory = EMBED_DIR + folder
        href = self.urls.page(directory)
        width, height = EMBED_SIZES[kind]
        if not self.base:
            return Embed(kind, directory, href, full_href, title, width, height)
        src = f"{self.base}/{href}"
        return Embed(kind, directory, href, full_href, title, width, height, src,
                     f"{self.base}/{directory}{OEMBED_FILE}",
                     iframe_code(src, width, height, title))

    def home(self) -> Embed:
        title = self.loc.gettext("%(site)s: the timeline") % {"site": self.sitename}
        return self.make("home", "", self.urls.home(), title)

    def event(self, event: Event) -> Embed:
        return self.make("event", f"events/{event.id}/", self.urls.event(event.id),
                         f"{event.title} · {self.sitename}")

    def term(self, term: Term) -> Embed:
        """A tag's or an actor's (the only lists with an embedded view besides the home)."""
        if term.kind == "tag":
            label, folder, href = (self.loc.gettext("Tag: %(name)s"), f"tags/{term.slug}/",
                                   self.urls.tag(term.slug))
        else:
            label, folder, href = (self.loc.gettext("Actor: %(name)s"), f"actors/{term.slug}/",
                                   self.urls.actor(term.slug))
        title = label % {"name": term.name}
        return self.make(term.kind, folder, href, f"{title} · {self.sitename}")


def site_embeds(site: Site, urls: Urls, context: dict[str, Any]) -> list[Embed]:
    """Every embedded view of an edition: the home page's, each event's, tag's and actor's."""
    embeds = Embeds(urls, context)
    return [embeds.home(), *(embeds.event(e) for e in site.events),
            *(embeds.term(t) for t in (*site.tags.values(), *site.actors.values()))]


def latest(events: list[Event]) -> list[Event]:
    """What a list's embedded view shows: its latest events, newest first."""
    return events[::-1][:EMBED_MAX_EVENTS]


def embed_pages(site: Site, embeds: Embeds, home: Embed) -> list[Page]:
    """The embedded views: compact pages without the site's navigation, their links
    opening in the top window."""
    pages = [Page(home.save_as, "embed_list.html",
                  {"embed": home, "embed_events": latest(site.events),
                   "embed_total": len(site.events), "page_name": "embed"})]
    for event in site.events:
        embed = embeds.event(event)
        pages.append(Page(embed.save_as, "embed_event.html",
                          {"event": event, "embed": embed, "page_name": "embed"}, scope="none"))
    for term in (*site.tags.values(), *site.actors.values()):
        embed = embeds.term(term)
        pages.append(Page(embed.save_as, "embed_list.html",
                          {"term": term, "embed": embed, "embed_events": latest(term.events),
                           "embed_total": term.count, "page_name": "embed"},
                          scope="lists", brief=("term",)))
    return pages


def event_pages(site: Site, urls: Urls, embeds: Embeds) -> list[Page]:
    return [
        Page(urls.save_as(f"events/{event.id}/"), "event.html",
             {"event": event, "related": site.related.get(event.id, []),
              "previous_event": site.previous.get(event.id),
              "next_event": site.next.get(event.id), "page_name": "event",
              "embed": embeds.event(event)},
             scope="none")
        for event in site.events
    ]


def list_pages(site: Site, urls: Urls, size: int, embeds: Embeds) -> list[Page]:
    """Tags, actors, statuses and years: an index each, and a paginated page per term."""
    pages = [Page("tags/index.html", "terms.html",
                  {"terms": list(site.tags.values()), "term_kind": "tag", "page_name": "tags"})]
    for term in site.tags.values():
        pages += paginate(f"tags/{term.slug}/", "term.html",
                          {"term": term, "page_name": "tag", "embed": embeds.term(term)},
                          term.events, size, urls.page)
    pages.append(Page("actors/index.html", "terms.html",
                      {"terms": list(site.actors.values()), "term_kind": "actor",
                       "page_name": "actors"}))
    for term in site.actors.values():
        pages += paginate(f"actors/{term.slug}/", "term.html",
                          {"term": term, "page_name": "actor", "embed": embeds.term(term)},
                          term.events, size, urls.page)
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
    """The home page, every event page, every list page, the era pages and the embedded
    views of the home page, events, tags and actors."""
    embeds = Embeds(urls, context)
    home_embed = embeds.home()
    home = Page("index.html", "timeline.html",
                {"page_name": "home", "embed": home_embed,
                 **home_variables(site, home_max_events)})
    return [home, *event_pages(site, urls, embeds), *list_pages(site, urls, page_size, embeds),
            *era_pages(context, urls, page_size), *embed_pages(site, embeds, home_embed)]
