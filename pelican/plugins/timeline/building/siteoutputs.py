"""What the site itself writes (Pelican's articles, pages, indexes, feeds and static
files), so that the timeline never overwrites one of them."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

CONTENT_KINDS = {
    "articles": "the article", "drafts": "the draft", "hidden_articles": "the article",
    "pages": "the page", "hidden_pages": "the page", "draft_pages": "the page",
}
FEEDS = ("FEED_ATOM", "FEED_RSS", "FEED_ALL_ATOM", "FEED_ALL_RSS")
TERM_FEEDS = {"categories": ("category", "CATEGORY_FEED_ATOM", "CATEGORY_FEED_RSS"),
              "tags": ("tag", "TAG_FEED_ATOM", "TAG_FEED_RSS"),
              "authors": ("author", "AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS")}


def _save_as(item: Any) -> str:
    return str(getattr(item, "save_as", "") or "").lstrip("/")


def _contents(context: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    for key, label in CONTENT_KINDS.items():
        for item in context.get(key) or ():
            for one in (item, *getattr(item, "translations", ())):
                source = getattr(one, "relative_source_path", "") or getattr(one, "title", "")
                yield _save_as(one), f"{label} {source} (written by Pelican)"


def _terms(context: Mapping[str, Any], settings: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    for key, (kind, *feeds) in TERM_FEEDS.items():
        for entry in context.get(key) or ():
            term = entry[0] if isinstance(entry, tuple) else entry
            yield _save_as(term), f"Pelican's page for the {kind} {term}"
            for feed in feeds:
                pattern = settings.get(feed)
                if pattern:
                    slug = getattr(term, "slug", str(term))
                    yield str(pattern).format(slug=slug), f"Pelican's feed {feed}"


def _direct(settings: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    for name in settings.get("DIRECT_TEMPLATES") or ():
        setting = f"{name.upper()}_SAVE_AS"
        yield str(settings.get(setting, f"{name}.html")), (
            f"the site's {name} page (Pelican's DIRECT_TEMPLATES; {setting})")
    for feed in FEEDS:
        if settings.get(feed):
            yield str(settings[feed]), f"Pelican's feed {feed}"
    for template, save_as in (settings.get("TEMPLATE_PAGES") or {}).items():
        yield str(save_as), f"the template page {template} (TEMPLATE_PAGES)"


def _static(context: Mapping[str, Any], settings: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    for item in context.get("staticfiles") or ():
        yield _save_as(item), f"the static file {getattr(item, 'relative_source_path', '')}"
    theme = Path(str(settings.get("THEME") or ""))
    target = str(settings.get("THEME_STATIC_DIR") or "theme")
    for folder in settings.get("THEME_STATIC_PATHS") or ():
        source = theme / folder
        for root, _dirs, files in os.walk(source):
            for name in files:
                rel = (Path(root) / name).relative_to(source).as_posix()
                yield f"{target}/{rel}", "the site theme's static file (THEME_STATIC_PATHS)"


def site_outputs(context: Mapping[str, Any], settings: Mapping[str, Any]) -> dict[str, str]:
    """Output path -> what it is, for every file Pelican writes in this build."""
    found: dict[str, str] = {}
    for parts in (_contents(context), _terms(context, settings), _direct(settings),
                  _static(context, settings)):
        for save_as, label in parts:
            if save_as:
                found.setdefault(os.path.normpath(save_as).replace(os.sep, "/"), label)
    return found
