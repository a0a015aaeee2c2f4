"""A small Pelican blog (two articles, a page, a category) that knows nothing of the
timeline: the engine's tests build it without the plugin, with it installed but not
configured, and with a timeline added under TIMELINE_URL, and compare the blog's files."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent

AUTHOR = "Blog Author"
SITENAME = "A Small Blog"
SITEURL = ""
RELATIVE_URLS = True
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
PATH = str(HERE / "content")
DEFAULT_PAGINATION = False
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
