"""Pelican settings for local builds: relative URLs, so output/ works from any folder."""

from __future__ import annotations

from pathlib import Path

from pelican.plugins.timeline import THEME_DIR

HERE = Path(__file__).resolve().parent

AUTHOR = "AUKUS Timeline contributors"
SITENAME = "AUKUS Timeline"
SITEDESCRIPTION = (
    "A source-linked timeline of the AUKUS partnership from its announcement in September "
    "2021: what was announced, what was only reported, and who said so."
)
SITEURL = ""
RELATIVE_URLS = True
TIMEZONE = "UTC"
DEFAULT_LANG = "en"

PATH = "content"
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = ["articles"]
STATIC_PATHS: list[str] = []  # robots.txt and sitemap.xml are written by the timeline plugin
OUTPUT_PATH = "output"

PLUGINS = ["pelican.plugins.timeline"]  # from the pelican-timeline package
THEME = str(THEME_DIR)  # the engine's theme for the whole site (its pages too)

# The timeline plugin
TIMELINE_EVENTS_PATH = str(HERE / "events")
TIMELINE_THREADS_PATH = str(HERE / "content" / "threads")
TIMELINE_ERAS_PATH = str(HERE / "content" / "eras.yaml")  # named periods drawn in the overview
TIMELINE_SITE_THEME = str(HERE / "theme")  # only what this site changes: its mark
TIMELINE_LAST_REVIEWED = "2026-11-30"
TIMELINE_LANGUAGES = ["en", "ja"]  # the English edition at the root, the Japanese at ja/
TIMELINE_SITE_TRANSLATIONS = {
    "ja": {
        "SITENAME": "AUKUS年表",
        "SITEDESCRIPTION": (
            "2021年9月の発表以降のAUKUSパートナーシップについて、何が発表され、"
            "何が報道にとどまり、誰がそう述べたのかを出典とともにたどる年表。"
        ),
    },
}
TIMELINE_CLEAN_URLS = False  # links end in index.html so output/ can be browsed from disk
TIMELINE_REPO_URL = "https://github.com/aukus-timeline/aukus-timeline"
TIMELINE_LICENSE_NAME = "CC BY 4.0"
TIMELINE_LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"

# Pages from content/pages/ at clean paths; no blog machinery.
PAGE_URL = "{slug}/index.html"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = "{lang}/{slug}/index.html"  # about-ja.md (Lang: ja) beside the ja/ edition
PAGE_LANG_SAVE_AS = "{lang}/{slug}/index.html"
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

JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True}  # autoescape: the engine's

CACHE_PATH = "cache"
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = False
