"""Settings of the engine's fixture site: a made-up three-country pact, local build.

Every path is taken from this file's folder, so the site builds from any working directory.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pelican.plugins.timeline import THEME_DIR

HERE = Path(__file__).resolve().parent

AUTHOR = "Fixture contributors"
SITENAME = "Fixture Pact Timeline"  # a slug with two hyphens: citation keys must cope
SITEDESCRIPTION = "A made-up timeline of a three-country pact, built by the engine's tests."
SITEURL = ""
RELATIVE_URLS = True
TIMEZONE = "UTC"
DEFAULT_LANG = "en"

PATH = str(HERE / "content")
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = ["articles"]
STATIC_PATHS: list[str] = []
OUTPUT_PATH = str(HERE / "output")  # tests always pass a temporary OUTPUT_PATH

PLUGINS = ["pelican.plugins.timeline"]
THEME = str(THEME_DIR)

TIMELINE_EVENTS_PATH = str(HERE / "events")
TIMELINE_THREADS_PATH = str(HERE / "content" / "threads")
TIMELINE_ERAS_PATH = str(HERE / "content" / "eras.yaml")
TIMELINE_TODAY = dt.date(2026, 11, 28)
TIMELINE_LAST_REVIEWED = "2026-11-28"
TIMELINE_CLEAN_URLS = False
TIMELINE_REPO_URL = "https://example.org/fixture-pact-timeline"
TIMELINE_LICENSE_NAME = "CC BY 4.0"
TIMELINE_LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"

PAGE_URL = "{slug}/index.html"
PAGE_SAVE_AS = "{slug}/index.html"
ARTICLE_SAVE_AS = ""
ARTICLE_URL = ""
DIRECT_TEMPLATES: list[str] = []
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = False
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True}

CACHE_PATH = str(HERE / "cache")  # tests always pass a temporary CACHE_PATH
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = False
