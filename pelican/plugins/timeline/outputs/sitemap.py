"""The site-wide extras: the search page, the 404 page, robots.txt and sitemap.xml.

Called once from the generator after every timeline page is written (Pelican's own pages
are written by then too), so the sitemap lists every HTML page found in the output folder.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from xml.sax.saxutils import escape

from ..building.pages import Page
from ..building.site import Urls
from ..building.writer import PageWriter
from ..settings import TimelineConfig

NOT_LISTED = {"404.html"}


def page_url(save_as: str, clean: bool) -> str:
    """'events/x/index.html' -> 'events/x/' with clean URLs, unchanged without."""
    if clean and (save_as == "index.html" or save_as.endswith("/index.html")):
        return save_as[: -len("index.html")]
    return save_as


def html_pages(written: Iterable[str], mount: str = "") -> list[str]:
    """Every HTML page as a posix path, sorted; the 404 page and the embedded views (each
    edition's embed/: they point to their full pages) left out."""
    embed = re.compile(re.escape(mount) + r"(?:[a-z]{2,3}(?:_[A-Za-z0-9]+)?/)?embed/")
    found = [p for p in written if p.endswith(".html") and p not in NOT_LISTED
             and not p.startswith((f"{mount}pagefind/", f"{mount}theme/"))
             and not embed.match(p)]
    return sorted(found, key=lambda p: (p.count("/"), p))


def sitemap_xml(paths: list[str], siteurl: str, clean: bool) -> str:
    base = siteurl.rstrip("/") + "/" if siteurl.startswith(("http://", "https://")) else ""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for path in paths:
        lines.append(f"  <url><loc>{escape(base + page_url(path, clean))}</loc></url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(siteurl: str) -> str:
    text = "User-agent: *\nAllow: /\n"
    if siteurl.startswith(("http://", "https://")):
        text += f"\nSitemap: {siteurl.rstrip('/')}/sitemap.xml\n"
    return text


def write_extras(page_writer: PageWriter, config: TimelineConfig, urls: Urls,
                 other_pages: Iterable[str] = (), site_files: bool = True) -> None:
    """The search page and sitemap.xml (every page this plugin wrote, and `other_pages`:
    Pelican's own pages); at the site's root (TIMELINE_URL empty), the 404 page and
    robots.txt too. Under a TIMELINE_URL those two belong to the site, and the timeline's
    sitemap is TIMELINE_URL/sitemap.xml, for the site to list."""
    at_root = not config.mount
    search = [Page(urls.save_as("search/"), "search.html", {"page_name": "search"})]
    if not site_files:  # a second language edition: its search page only
        page_writer.write_all(search)
        return
    page_writer.write_all(search + ([Page("404.html", "404.html", {"page_name": "404"})]
                                    if at_root else []))
    if at_root:
        page_writer.write_text("robots.txt", robots_txt(config.siteurl))
    paths = html_pages([*page_writer.written, *other_pages], config.mount)
    if not at_root:  # under TIMELINE_URL: the timeline's pages only
        paths = [p for p in paths if p.startswith(config.mount)]
    sitemap = sitemap_xml(paths, config.site_root_url, config.clean_urls)
    page_writer.write_text("sitemap.xml", sitemap)
