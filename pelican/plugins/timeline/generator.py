"""The Pelican generator: events/ in, timeline pages out.

`generate_context` loads and validates every event (failing the build once, after listing
every problem) and computes the site's structure; `generate_output` renders the pages.
"""

from __future__ import annotations

import dataclasses
import gc
import logging
import sys
import time
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache
from markupsafe import Markup
from pelican.generators import Generator

from . import outputs
from .building.eras import era_context, era_pages
from .building.incremental import (
    Fingerprints,
    FragmentCache,
    OutputCache,
    blake,
    files_digest,
    settings_digest,
)
from .building.markdown import MarkdownCache, render_uncached, sanitize, sanitize_page
from .building.pages import Page, paginate
from .building.site import (
    Site,
    Urls,
    Year,
    build_site,
    coverage_text,
    facets,
    group_by_year,
    reset_memos,
)
from .building.stage import write_stage_listing
from .building.writer import PageWriter
from .outputs.common import per_event
from .outputs.search import search_shards
from .parallel import Background, default_jobs, map_in_processes
from .reading.eras import load_eras
from .reading.events import load_events
from .reading.issues import Issue, print_issues
from .reading.model import SOURCE_KIND_LABELS, STATUS_DESCRIPTIONS, STATUS_LABELS, STATUSES
from .reading.threads import load_content
from .settings import ConfigError, TimelineConfig

logger = logging.getLogger(__name__)

# Settings that differ between two builds of the same site (where it is built, not what).
VOLATILE_SETTINGS = frozenset(
    {"OUTPUT_PATH", "TIMELINE_PREVIOUS_OUTPUT", "CACHE_PATH", "TIMELINE_JOBS", "TIMELINE_SEARCH",
     "TIMELINE_STAGED"}
)


def shared_filters() -> dict[str, Any]:
    return {
        "sanitize": lambda html: Markup(sanitize(str(html))),
        "sanitize_page": lambda html: Markup(sanitize_page(str(html))),
        "groupby_year": group_by_year,
        "facets": facets,
    }


class EventItems:
    """`timeline_event_item(event, SITEURL)` for templates: an event's list item.

    Each item is rendered once, with a placeholder for SITEURL that is filled in per page
    (SITEURL differs by folder depth with relative URLs), and reused by every list the
    event is in: the home page, its year, tags, actors and status. Items are made over the
    machine's cores before the pages, and kept between builds in the fragment cache. The
    placeholder holds a NUL character, which validation refuses in every text field.
    """

    PLACEHOLDER = "\0SITEURL\0"

    def __init__(self, env: Any, context: dict[str, Any]) -> None:
        self.env = env
        self.context = context
        self.made: dict[str, str] = {}

    def render(self, event: Any) -> str:
        template = self.env.get_template("_event_item.html")
        return template.render({**self.context, "SITEURL": self.PLACEHOLDER, "event": event})

    def prepare(self, events: list[Any], writer: Any) -> None:
        made = per_event(writer, "item", events, self.render, parallel=True)
        self.made = {e.id: html for e, html in zip(events, made, strict=True)}

    def __call__(self, event: Any, siteurl: str) -> Markup:
        html = self.made.get(event.id)
        if html is None:
            html = self.made[event.id] = self.render(event)
        return Markup(html.replace(self.PLACEHOLDER, siteurl))


class TimelineBuildError(SystemExit):
    """Raised once, after every problem has been printed on its own line, with a one-line
    summary saying where they are. A SystemExit, so that Pelican does not log it with a
    traceback (its `main` catches only Exception): Python prints the summary and exits 1."""

    def __init__(self, summary: str) -> None:
        super().__init__(summary)
        self.summary = summary

    def __str__(self) -> str:
        return self.summary


def problems_summary(errors: list[Issue]) -> str:
    """Where the errors are, by folder (or by file, for a file at the top of the site):
    "2 problems in events/ and content/threads/ (listed above)"."""
    places: list[str] = []
    for issue in errors:
        folder, _, name = issue.path.rpartition("/")
        place = f"{folder}/" if folder else name
        if place not in places:
            places.append(place)
    where = places[0] if len(places) == 1 else ", ".join(places[:-1]) + " and " + places[-1]
    count = f"{len(errors)} problem{'s' if len(errors) != 1 else ''}"
    return f"{count} in {where} (listed above)"


class TimelineGenerator(Generator):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        try:
            self.config = TimelineConfig.from_settings(self.settings)
        except ConfigError as exc:
            for problem in exc.problems:
                print(f"settings: error: {problem}", file=sys.stderr)
            count = len(exc.problems)
            raise TimelineBuildError(
                f"{count} problem{'s' if count != 1 else ''} in the settings (listed above)"
            ) from None
        if self.config.cache_path is not None:
            # compiled templates are kept between builds (Jinja's own bytecode cache)
            folder = self.config.cache_path / "timeline-jinja"
            folder.mkdir(parents=True, exist_ok=True)
            self.env.bytecode_cache = FileSystemBytecodeCache(str(folder))
        self.urls = Urls(self.config.clean_urls)
        self.site: Site | None = None
        self.html: dict[str, Markup] = {}
        # Read and check every file now, before Pelican's own generators read the pages
        # (Pelican makes every generator before any reads): a problem anywhere is listed
        # with all the others, and the build stops before writing anything.
        self._read()

    # ---- reading -----------------------------------------------------------------

    def _read(self) -> None:
        started = time.perf_counter()
        cfg = self.config
        base = cfg.events_path.parent
        result = load_events(
            cfg.events_path, base=base, today=cfg.today, jobs=cfg.jobs,
            cache_file=cfg.cache_path / "timeline-events.pickle" if cfg.cache_path else None,
        )
        threads, content_issues, _files = load_content(
            cfg.threads_path, cfg.page_paths, result.events, base)
        eras, era_issues = load_eras(cfg.eras_path, base) if cfg.eras_path else ([], [])
        issues = sorted(result.issues + content_issues + era_issues)
        if issues:
            print_issues(issues, result.files)
        errors = [i for i in issues if i.severity == "error"]
        if errors:
            raise TimelineBuildError(problems_summary(errors))
        self._loaded = (result.events, threads, eras, time.perf_counter() - started)
        # The events live for the whole build: moved out of the cyclic collector's reach,
        # they are not rescanned at every collection (at 10,000 events each full collection
        # walked millions of objects while pages were planned and written).
        gc.freeze()

    def generate_context(self) -> None:
        started = time.perf_counter()
        events, threads, eras, read_time = self._loaded
        cfg = self.config
        reset_memos()
        site = build_site(events)
        self._attach_threads(site, threads)
        self.site = site
        self.html = self._render_markdown(site)
        self.context["timeline"] = site
        self.context["timeline_urls"] = self.urls
        self.context["timeline_config"] = cfg
        self.context["STATUS_LABELS"] = STATUS_LABELS
        self.context["STATUS_DESCRIPTIONS"] = STATUS_DESCRIPTIONS
        self.context["STATUSES"] = STATUSES
        self.context["SOURCE_KIND_LABELS"] = SOURCE_KIND_LABELS
        self.context["timeline_threads"] = threads
        self.context["timeline_coverage"] = coverage_text(
            site.events, cfg.today, cfg.last_reviewed
        )
        self.context.update(era_context(site.events, eras, self.urls, cfg.today))
        self.context.update(outputs.template_context(cfg, self.urls, self.settings))
        self.env.filters["md"] = self.markdown_filter
        self.context["timeline_event_item"] = EventItems(self.env, self.context)
        logger.info("Timeline: %d events read in %.2f s", len(site.events),
                    read_time + time.perf_counter() - started)

    def _attach_threads(self, site: Site, threads: list[Any]) -> None:
        # every thread's tag or actor exists: reading.threads.check_threads saw to it
        for thread in threads:
            if thread.kind == "tag":
                term = site.tags[thread.name]
            else:
                term = site.actors[site.actor_slugs[thread.name]]
            term.intro = thread.text
            term.intro_title = thread.title

    def _render_markdown(self, site: Site) -> dict[str, Markup]:
        texts: list[str] = []
        for event in site.events:
            texts.append(event.summary)
            if event.body:
                texts.append(event.body)
            texts.extend(update.note for update in event.updates)
        texts.extend(str(t.intro) for t in (*site.tags.values(), *site.actors.values()) if t.intro)
        cache_file = (
            self.config.cache_path / "timeline-markdown.pickle" if self.config.cache_path else None
        )
        cache = MarkdownCache(cache_file)
        missing = cache.missing(texts)
        for text, html in zip(
            missing, map_in_processes(render_uncached, missing, jobs=self.config.jobs), strict=True
        ):
            cache.add(text, html)
        html = {text: cache.render(text) for text in texts}
        cache.save()
        logger.debug(
            "Timeline Markdown: %d rendered, %d from cache", len(missing), len(texts) - len(missing)
        )
        return html

    def markdown_filter(self, text: str) -> Markup:
        html = self.html.get(text)
        if html is None:  # text not known at read time (e.g. a template literal)
            html = Markup(render_uncached(text))
        return html

    # ---- writing -----------------------------------------------------------------

    def pages(self) -> list[Page]:
        site, urls = self.site, self.urls
        assert site is not None
        pages = [Page("index.html", "timeline.html", {"page_name": "home", **self._home()})]
        for event in site.events:
            pages.append(
                Page(
                    urls.save_as(f"events/{event.id}/"),
                    "event.html",
                    {
                        "event": event,
                        "related": site.related.get(event.id, []),
                        "previous_event": site.previous.get(event.id),
                        "next_event": site.next.get(event.id),
                        "page_name": "event",
                    },
                    scope="none",
                )
            )
        pages.append(
            Page(
                "tags/index.html",
                "terms.html",
                {"terms": list(site.tags.values()), "term_kind": "tag", "page_name": "tags"},
            )
        )
        size, href = self.config.page_size, urls.page
        for term in site.tags.values():
            pages += paginate(
                f"tags/{term.slug}/", "term.html", {"term": term, "page_name": "tag"},
                term.events, size, href,
            )  # fmt: skip
        pages.append(
            Page(
                "actors/index.html",
                "terms.html",
                {"terms": list(site.actors.values()), "term_kind": "actor", "page_name": "actors"},
            )
        )
        for term in site.actors.values():
            pages += paginate(
                f"actors/{term.slug}/", "term.html", {"term": term, "page_name": "actor"},
                term.events, size, href,
            )  # fmt: skip
        for term in site.statuses.values():
            pages += paginate(
                f"status/{term.slug}/", "term.html", {"term": term, "page_name": "status"},
                term.events, size, href,
            )  # fmt: skip
        pages.append(Page("years/index.html", "years.html", {"page_name": "years"}))
        for year in site.years:
            pages += paginate(
                f"years/{year.year}/", "year.html", {"year": year, "page_name": "year"},
                year.events, size, href,
            )  # fmt: skip
        pages.extend(era_pages(self.context, urls, self.config.page_size))
        return pages

    def _home(self) -> dict[str, Any]:
        """Past TIMELINE_HOME_MAX_EVENTS, the home page shows only the latest years that fit
        (or the latest events of the last year), with a navigation to every year's page."""
        assert self.site is not None
        limit, years = self.config.home_max_events, self.site.years
        if len(self.site.events) <= limit or not years:
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

    def _fingerprints(self) -> Fingerprints:
        """What every page depends on (code, templates, settings, eras, threads, the
        site's other pages), and the two site-wide scopes of the pages' own inputs."""
        site = self.site
        assert site is not None
        here = Path(__file__).resolve().parent
        settings = {k: v for k, v in self.settings.items() if k not in VOLATILE_SETTINGS}
        nav = [(getattr(p, "title", ""), getattr(p, "url", ""))
               for p in self.context.get("pages", [])]
        base = blake(
            files_digest([here, *(Path(p) for p in self.env.loader.searchpath)]  # type: ignore[union-attr]
                         if hasattr(self.env.loader, "searchpath") else [here]),
            settings_digest(settings),
            repr(dataclasses.replace(self.config, jobs=None, cache_path=None, search=False,
                                     staged=False)),
            repr(self.context.get("timeline_eras")),
            repr(self.context.get("timeline_threads")),
            repr(nav),
        )
        # What a list page (tag, actor, status, year, era) shows of the site beyond its own
        # variables: the years, for the previous/next year links, and the actors' link slugs
        # (list items link each actor). Its own events and counts are in its variables, so
        # an edit re-renders only the lists that hold the edited event.
        lists = blake(repr([y.year for y in site.years]),
                      repr(sorted(site.actor_slugs.items())))
        fingerprints = Fingerprints(base, "", lists, site.events)
        fingerprints.scopes["site"] = blake(lists, *fingerprints.events.values())
        return fingerprints

    def _search_job(self, output: Path, previous: Path) -> Background | None:
        """The search index, made from the events in a forked process while the pages are
        written (see outputs/search.py)."""
        if not self.config.search:
            return None
        from .outputs.search import shard_records, write_index

        site, urls, rendered = self.site, self.urls, self.html
        assert site is not None

        def run() -> tuple[int, int]:
            shards = shard_records(site.events, lambda e: "/" + urls.event(e.id), rendered)
            return write_index(shards, output, previous if previous.is_dir() else None,
                               staged=self.config.staged)

        return Background(run)

    def generate_output(self, writer: Any) -> None:
        started = time.perf_counter()
        cache = fingerprints = None
        replaces = Path(self.settings.get("TIMELINE_PREVIOUS_OUTPUT") or self.output_path)
        if self.config.cache_path is not None:
            cache = OutputCache(self.config.cache_path / "timeline-output.json", replaces,
                                Path(self.output_path), staged=self.config.staged)
            fingerprints = self._fingerprints()
        page_writer = PageWriter(
            self.env,
            self.context,
            self.output_path,
            self.config.relative_urls,
            jobs=self.config.jobs,
            cache=cache,
            fingerprints=fingerprints,
        )
        assert self.site is not None
        site, items, config = self.site, self.context["timeline_event_item"], self.config

        def fragment_cache() -> FragmentCache:
            return FragmentCache(
                config.cache_path / "timeline-fragments.sqlite" if config.cache_path else None,
                fingerprints.base if fingerprints else "")

        def write_exports() -> tuple[set[str], dict[str, list[Any]], int]:
            # In a forked process (see below): its own fragment cache connection, and it
            # sends back what it wrote, for the manifest and the sitemap.
            page_writer.fragments = fragment_cache()
            before = set(page_writer.written)
            outputs.write_all(site, config, self.urls, page_writer, self.html)
            page_writer.fragments.save()
            records = {k: v for k, v in cache.new.items() if k not in before} if cache else {}
            return page_writer.written - before, records, page_writer.reused

        # The data files do not depend on the pages: write them while the pages are made.
        reused_at_fork = page_writer.reused
        exports_job = Background(write_exports, enabled=(config.jobs or default_jobs()) > 1)
        page_writer.fragments = fragments = fragment_cache()
        search_job = self._search_job(Path(self.output_path), replaces)

        def prepare_items(todo: list[Page]) -> None:
            # list items are needed only if a page that lists events must be rendered
            if any(page.scope != "none" for page in todo):
                items.prepare(site.events, page_writer)

        count = page_writer.write_all(self.pages(), before_render=prepare_items)
        try:
            written, records, reused = exports_job.join()
        except RuntimeError as exc:
            raise TimelineBuildError(str(exc)) from None
        if exports_job.forked:  # merge what the other process wrote
            if written & page_writer.written:
                raise TimelineBuildError(f"two files would be written to "
                                         f"{sorted(written & page_writer.written)[0]}")
            page_writer.written |= written
            page_writer.reused += reused - reused_at_fork
            if cache is not None:
                cache.new.update(records)
        if search_job is not None:
            try:
                indexed, reused = search_job.join()
            except RuntimeError as exc:
                raise TimelineBuildError(str(exc)) from None
            logger.info("Timeline search: %d shard(s) indexed, %d reused", indexed, reused)
        from .outputs.sitemap import write_extras

        write_extras(page_writer, self.config, self.urls,
                     [p.save_as for p in self.context.get("pages", []) if p.save_as])
        if cache is not None:
            cache.save(replaces)
        if self.config.staged:
            known = cache is not None and bool(cache.old)
            write_stage_listing(
                Path(self.output_path), page_writer.written,
                gone=set(cache.old) - page_writer.written if known and cache else None,
                search_shards=search_shards(Path(self.output_path)) if search_job else None)
        fragments.save()
        logger.info("Timeline: %d pages (%d rendered, %d reused) in %.2f s", count,
                    page_writer.rendered, page_writer.reused, time.perf_counter() - started)

