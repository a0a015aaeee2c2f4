"""The Pelican generator: events/ in, timeline pages out.

Each stage is a unit of its own; the generator only puts them in order:
`reading.timeline` reads and checks every file (failing the build once, after listing
every problem), `building` computes the site and plans the pages, the page writer renders
them in the timeline's own Jinja environment (`building.templates`) under TIMELINE_URL,
and `outputs` writes the feeds, exports, search index, static files and sitemap.
"""

from __future__ import annotations

import gc
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache
from markupsafe import Markup
from pelican.generators import Generator

from . import outputs
from .building.editions import Edition, editions, localized, localized_era
from .building.eras import era_context
from .building.i18n import Localizer
from .building.incremental import FragmentCache, OutputCache, site_fingerprints
from .building.items import EventItems
from .building.markdown import render_all, render_uncached, sanitize, sanitize_page
from .building.plan import plan_pages
from .building.site import Site, Urls, build_site, coverage_text, facets, group_by_year, reset_memos
from .building.siteoutputs import site_outputs
from .building.stage import write_stage_listing
from .building.templates import engine_template_folders, install_i18n, timeline_environment
from .building.writer import PageWriter
from .outputs.media import picture, write_media
from .outputs.search import search_job, search_shards
from .outputs.sitemap import write_extras
from .outputs.static import write_static
from .parallel import Background, default_jobs
from .reading.issues import TimelineBuildError
from .reading.model import SOURCE_KIND_LABELS, STATUS_DESCRIPTIONS, STATUS_LABELS, STATUSES
from .reading.timeline import config_or_exit, read_timeline
from .settings import TimelineConfig, edition_config

logger = logging.getLogger(__name__)

__all__ = ["TimelineBuildError", "TimelineGenerator", "shared_filters"]


def shared_filters() -> dict[str, Any]:
    return {
        "sanitize": lambda html: Markup(sanitize(str(html))),
        "sanitize_page": lambda html: Markup(sanitize_page(str(html))),
        "groupby_year": group_by_year,
        "facets": facets,
        "media_picture": picture,
    }


def site_texts(site: Site) -> list[str]:
    """Every Markdown text the pages show: summaries, bodies, update notes, intros."""
    texts: list[str] = []
    for event in site.events:
        texts.append(event.summary)
        if event.body:
            texts.append(event.body)
        texts.extend(update.note for update in event.updates)
    texts.extend(str(t.intro) for t in (*site.tags.values(), *site.actors.values()) if t.intro)
    return texts


def edition_threads(threads: list[Any], lang: str, source: str) -> list[Any]:
    """The threads an edition shows: for each tag or actor, its thread in the edition's
    language (`Lang:`), else the one in the site's language; in the threads' order."""
    chosen: dict[tuple[str, str], Any] = {}
    for thread in threads:
        written_in = thread.lang or source
        if written_in not in (lang, source):
            continue
        key = (thread.kind, thread.name)
        if key not in chosen or written_in == lang:
            chosen[key] = thread
    return [t for t in threads if chosen.get((t.kind, t.name)) is t]


def attach_threads(site: Site, threads: list[Any], lang: str, source: str) -> None:
    """Each tag's or actor's introduction, marked with its language when it is not the
    edition's."""
    # every thread's tag or actor exists: reading.threads.check_threads saw to it
    for thread in threads:
        term = (site.tags[thread.name] if thread.kind == "tag"
                else site.actors[site.actor_slugs[thread.name]])
        term.intro = thread.text
        term.intro_title = thread.title
        term.intro_lang = "" if (thread.lang or source) == lang else source


@dataclass
class EditionBuild:
    """One language edition, planned: its site, rendered Markdown and template context."""

    edition: Edition
    site: Site
    html: dict[str, Markup]
    context: dict[str, Any]
    localizer: Localizer
    config: TimelineConfig = field(init=False)

    def __post_init__(self) -> None:
        self.config = self.context["timeline_config"]


class TimelineGenerator(Generator):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.config = config_or_exit(self.settings)
        # the timeline's own environment: the site's templates are left as they are
        self.template_dirs = [Path(p) for p in engine_template_folders(
            self.settings, self.config.site_theme)]
        self.env = timeline_environment(self.settings, shared_filters(), self.config.site_theme)
        self.env.globals.update({"SITEDESCRIPTION": "", "SITESUBTITLE": ""})
        if self.config.cache_path is not None:
            # compiled templates are kept between builds (Jinja's own bytecode cache)
            folder = self.config.cache_path / "timeline-jinja"
            folder.mkdir(parents=True, exist_ok=True)
            self.env.bytecode_cache = FileSystemBytecodeCache(str(folder))
        self.urls = Urls(self.config.clean_urls)
        self.site: Site | None = None
        self.html: dict[str, Markup] = {}
        # Read and check every file now, before Pelican's own generators read the pages
        # (Pelican makes every generator before any reads).
        self.loaded = read_timeline(self.config)
        # The events live for the whole build: moved out of the cyclic collector's reach,
        # they are not rescanned at every collection.
        gc.freeze()

    def generate_context(self) -> None:
        started = time.perf_counter()
        cfg, loaded = self.config, self.loaded
        self.editions = editions(cfg.languages, cfg.mount)
        self.builds = [self.edition_context(edition) for edition in self.editions]
        self.site, self.html = self.builds[0].site, self.builds[0].html
        logger.info("Timeline: %d events read in %.2f s", len(loaded.events),
                    loaded.seconds + time.perf_counter() - started)

    def edition_context(self, edition: Edition) -> EditionBuild:
        """An edition's site, Markdown and template variables. The first edition's
        variables go into Pelican's own context (the site's pages show them); the others
        are copies with their own language's."""
        cfg, loaded = self.config, self.loaded
        reset_memos()
        source = cfg.source_language
        events = [localized(e, edition.lang, source) for e in loaded.events]
        site = build_site(events)
        threads = edition_threads(loaded.threads, edition.lang, source)
        attach_threads(site, threads, edition.lang, source)
        name = f"timeline-markdown{edition.suffix}.pickle"
        html = render_all(site_texts(site), cfg.cache_path / name if cfg.cache_path else None,
                          cfg.jobs)
        loc = Localizer.for_language(edition.lang, dict(cfg.locales))
        context = self.context if edition.first else dict(self.context)
        context.update({
            "timeline": site, "timeline_urls": self.urls,
            "timeline_config": edition_config(cfg, edition.mount, edition.lang),
            "timeline_mount": edition.mount.rstrip("/"), "timeline_lang": edition.lang,
            "timeline_source_lang": source, "timeline_locales": cfg.locales,
            "timeline_localizer": loc,
            "timeline_site_texts": {lang: dict(texts) for lang, texts in cfg.site_texts},
            "timeline_editions": self.editions, "timeline_edition": edition,
            "STATUS_LABELS": STATUS_LABELS, "STATUS_DESCRIPTIONS": STATUS_DESCRIPTIONS,
            "STATUSES": STATUSES, "SOURCE_KIND_LABELS": SOURCE_KIND_LABELS,
            "timeline_threads": threads,
            "timeline_coverage": coverage_text(site.events, cfg.today, cfg.last_reviewed, loc),
        })
        if not edition.first:  # the site's own texts in the edition's language
            context.update(dict(dict(cfg.site_texts).get(edition.lang, ())))
        eras = [localized_era(era, edition.lang, source) for era in loaded.eras]
        context.update(era_context(site.events, eras, self.urls, cfg.today, loc))
        context.update(outputs.template_context(context["timeline_config"], self.urls,
                                                self.settings))
        if edition.first:
            self.env.filters["md"] = self.markdown_filter
        context["timeline_event_item"] = EventItems(self.env, context)
        return EditionBuild(edition, site, html, context, loc)

    def markdown_filter(self, text: str) -> Markup:
        for build in self.builds:  # every edition's texts (a text is the same in each)
            html = build.html.get(text)
            if html is not None:
                return html
        return Markup(render_uncached(text))  # not known at read time (a template literal)

    # ---- writing -----------------------------------------------------------------

    def make_writer(self, build: EditionBuild, cache: OutputCache | None,
                    reserved: dict[str, str]) -> PageWriter:
        cfg = build.config
        fingerprints = (site_fingerprints(build.site, self.settings, cfg, self.template_dirs,
                                          build.context) if cache is not None else None)
        return PageWriter(self.env, build.context, self.output_path, cfg.relative_urls,
                          jobs=cfg.jobs, cache=cache, fingerprints=fingerprints,
                          mount=build.edition.mount, reserved=reserved,
                          assets_mount=self.config.mount,
                          editions=tuple((e.lang, e.mount) for e in self.editions))

    def generate_output(self, writer: Any) -> None:
        from .building.writer import OutputPathError

        try:
            self.write_timeline()
        except OutputPathError as exc:  # a path claimed twice, or a file of the site's
            raise TimelineBuildError(str(exc)) from None

    def write_timeline(self) -> None:
        """Every edition, the first last (its sitemap lists the others' pages)."""
        started = time.perf_counter()
        # The engine's gettext, again: a plugin may have installed its own in every
        # generator's environment since (pelican-i18n-subsites does, before any writing).
        install_i18n(self.env)
        cfg = self.config
        replaces = Path(self.settings.get("TIMELINE_PREVIOUS_OUTPUT") or self.output_path)
        cache = (OutputCache(cfg.cache_path / "timeline-output.json", replaces,
                             Path(self.output_path), staged=cfg.staged)
                 if cfg.cache_path is not None else None)
        reserved = site_outputs(self.context, self.settings)
        writers = [self.make_writer(build, cache, reserved) for build in self.builds]
        plans = [plan_pages(b.site, self.urls, b.context, cfg.page_size, cfg.home_max_events)
                 for b in self.builds]
        for page_writer, pages in zip(writers, plans, strict=True):
            self.check_overwrites(page_writer, pages)
        written: set[str] = set()
        search: dict[str, list[str] | None] = {}
        counts = [0, 0, 0]
        for build, page_writer, pages in reversed(list(zip(self.builds, writers, plans,
                                                           strict=True))):
            other = sorted(written) if build.edition.first else []
            search.update(self.write_edition(build, page_writer, pages, replaces, other))
            written |= page_writer.written
            counts = [counts[0] + len(pages), counts[1] + page_writer.rendered,
                      counts[2] + page_writer.reused]
        if cache is not None:
            cache.save(replaces)
        if cfg.staged:
            known = cache is not None and bool(cache.old)
            write_stage_listing(
                Path(self.output_path), written,
                gone=set(cache.old) - written if known and cache else None, search=search)
        logger.info("Timeline: %d pages (%d rendered, %d reused) in %.2f s", *counts,
                    time.perf_counter() - started)

    def write_edition(self, build: EditionBuild, page_writer: PageWriter, pages: list[Any],
                      replaces: Path, other_pages: list[str]) -> dict[str, list[str] | None]:
        """One edition's pages, exports (in a second process while the pages are made),
        search index and extras; returns its search folder and shards."""
        cfg, site, urls, html = build.config, build.site, self.urls, build.html
        edition = build.edition
        fingerprints, cache = page_writer.fingerprints, page_writer.cache
        items = build.context["timeline_event_item"]
        name = f"timeline-fragments{edition.suffix}.sqlite"

        def fragment_cache() -> FragmentCache:
            return FragmentCache(cfg.cache_path / name if cfg.cache_path else None,
                                 fingerprints.base if fingerprints else "")

        def write_exports() -> tuple[set[str], dict[str, list[Any]], int]:
            # In a forked process (see below): its own fragment cache connection, and it
            # sends back what it wrote, for the manifest and the sitemap.
            page_writer.fragments = fragment_cache()
            before = set(page_writer.written)
            outputs.write_all(site, cfg, urls, page_writer, html)
            if edition.first:
                write_static(page_writer, self.static_folders())
                write_media(page_writer, site.events, cfg)  # once, for every edition
            page_writer.fragments.save()
            records = {k: v for k, v in cache.new.items() if k not in before} if cache else {}
            return page_writer.written - before, records, page_writer.reused

        # The data files do not depend on the pages: write them while the pages are made.
        reused_at_fork = page_writer.reused
        exports_job = Background(write_exports, enabled=(cfg.jobs or default_jobs()) > 1)
        page_writer.fragments = fragments = fragment_cache()
        folder, previous = Path(self.output_path) / edition.mount, replaces / edition.mount
        search = (search_job(site, urls, html, folder, previous, cfg.staged, edition.lang)
                  if cfg.search else None)

        def prepare_items(todo: list[Any]) -> None:
            # list items are needed only if a page that lists events must be rendered
            if any(page.scope != "none" for page in todo):
                items.prepare(site.events, page_writer)

        page_writer.write_all(pages, before_render=prepare_items)
        self.merge_exports(page_writer, exports_job, reused_at_fork)
        if search is not None:
            indexed, reused = self.join(search)
            logger.info("Timeline search (%s): %d shard(s) indexed, %d reused", edition.lang,
                        indexed, reused)
        pelican_pages = [p.save_as for p in self.context.get("pages", []) if p.save_as]
        write_extras(page_writer, cfg, urls, [*pelican_pages, *other_pages],
                     site_files=edition.first)
        fragments.save()
        return {f"{edition.mount}pagefind": search_shards(folder) if search else None}

    def static_folders(self) -> list[Path]:
        from .building.templates import ENGINE_THEME

        folders = [ENGINE_THEME / "static"]
        override = self.settings.get("TIMELINE_SITE_THEME")
        if override:
            folders.append(Path(override).absolute() / "static")
        return folders

    @staticmethod
    def check_overwrites(page_writer: PageWriter, pages: list[Any]) -> None:
        """Stop before writing anything if a timeline page would replace a site file."""
        from .building.writer import overwrite_message

        for page in pages:
            full = page_writer.full(page.save_as)
            if full in page_writer.reserved:
                raise TimelineBuildError(overwrite_message(full, page_writer.reserved[full]))

    @staticmethod
    def join(job: Background) -> Any:
        try:
            return job.join()
        except RuntimeError as exc:
            raise TimelineBuildError(str(exc)) from None

    def merge_exports(self, page_writer: PageWriter, job: Background, reused_at_fork: int
                      ) -> None:
        written, records, reused = self.join(job)
        if not job.forked:
            return
        if written & page_writer.written:  # merge what the other process wrote
            raise TimelineBuildError(f"two files would be written to "
                                     f"{sorted(written & page_writer.written)[0]}")
        page_writer.written |= written
        page_writer.reused += reused - reused_at_fork
        if page_writer.cache is not None:
            page_writer.cache.new.update(records)
