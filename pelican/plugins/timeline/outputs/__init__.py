"""Everything the build writes besides the timeline's HTML pages: feeds, data downloads,
citations, the Data page, the TimelineJS view and the oEmbed documents.

`write_all(site, config, urls, writer, html)` is called by the generator after the pages;
`template_context(config, urls, settings)` gives templates what they need to show the same
data (citation texts, file paths) on the event pages. Every file is written through the
page writer (so paths stay inside the output folder) and depends only on the input: the
one timestamp is the build's reproducible time (see common.reproducible_time).
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..building.pages import Page
from ..building.site import Site, Urls
from ..settings import TimelineConfig
from . import citations, csvdata, feeds, ical, jsondata, oembed, timelinejs
from .common import DATA_DIR, Export, iso_time, reproducible_time

DATA_PAGE_DIR = f"{DATA_DIR}/"


def template_context(config: TimelineConfig, urls: Urls, settings: dict[str, Any]) -> dict:
    author = str(settings.get("AUTHOR") or config.sitename)
    return {
        "timeline_cite": citations.Citations(config, urls, author),
        "timeline_data_dir": DATA_DIR,
        "timeline_data_page": urls.page(DATA_PAGE_DIR),
        "timeline_view_page": urls.page(timelinejs.PAGE_DIR),
    }


def write_all(
    site: Site, config: TimelineConfig, urls: Urls, writer: Any, html: dict[str, Markup]
) -> None:
    stamp = reproducible_time(site)
    generated = iso_time(stamp)
    export = Export(site, config, urls, writer, html, stamp)
    feeds.write_feeds(export)
    jsondata.write_json_exports(site, config, urls, writer, html, generated)
    csvdata.write_csv_exports(site, config, urls, writer)
    ical.write_calendars(export)
    timelinejs.write_timelinejs(site, config, urls, writer, html)
    oembed.write_oembeds(site, config, urls, writer)
    cite = writer.context.get("timeline_cite")
    if not isinstance(cite, citations.Citations):
        cite = template_context(config, urls, writer.context)["timeline_cite"]
    citations.write_citations(site, writer, cite)
    writer.write_all(
        [
            Page(
                urls.save_as(DATA_PAGE_DIR),
                "data.html",
                {"page_name": "data", "data_generated": generated},
            )
        ]
    )
