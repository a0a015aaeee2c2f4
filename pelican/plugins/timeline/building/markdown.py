"""Markdown to safe HTML, twice guarded, with a content-hash cache.

1. Python-Markdown with raw HTML switched off: the `html_block` preprocessor and the
   inline `html` pattern are removed, so `<script>` stays text and is escaped.
2. The HTML is then cleaned by nh3 (Ammonia) with a small allowlist: a few inline and
   block tags, `href` only, http(s) only, relative URLs refused; external links get
   `rel="noopener noreferrer"`.
Even if validation were bypassed, no script reaches the page.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

import markdown
import nh3
from markupsafe import Markup

from ..parallel import no_gc

RENDERER_VERSION = "markup-1"
ALLOWED_TAGS = {
    "p", "br", "em", "strong", "code", "a", "ul", "ol", "li", "blockquote",
    "h3", "h4", "h5", "h6", "hr", "pre",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https"}


def _make_markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=[], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


_md = _make_markdown()


def _absolute_only(tag: str, attribute: str, value: str) -> str | None:
    """Relative URLs could point inside the site under a contributor's control: drop them."""
    if attribute == "href" and not value.lower().startswith(("https://", "http://")):
        return None
    return value


def sanitize(html: str) -> str:
    """Clean HTML with the allowlist (the last guard before output)."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_absolute_only,
    )


PAGE_TAGS = ALLOWED_TAGS | {
    "h2",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "dl",
    "dt",
    "dd",
    "abbr",
    "sup",
    "sub",
}


def sanitize_page(html: str) -> str:
    """For maintainers' pages in content/: more tags, and links inside the site allowed."""
    return nh3.clean(
        html,
        tags=PAGE_TAGS,
        attributes={"a": {"href"}, "h2": {"id"}, "h3": {"id"}, "abbr": {"title"}},
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def render_uncached(text: str) -> str:
    _md.reset()
    html = _md.convert(text)
    # Headings in contributed text would break the page outline: shift them below h2.
    for level in (2, 1):
        html = html.replace(f"<h{level}>", f"<h{level + 2}>").replace(
            f"</h{level}>", f"</h{level + 2}>"
        )
    return sanitize(html)


class MarkdownCache:
    """Rendered HTML keyed by the hash of the source text and the renderer version."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.entries: dict[str, str] = {}
        self.used: set[str] = set()
        self.misses = 0
        if path is not None and path.is_file():
            try:
                with open(path, "rb") as handle, no_gc():
                    loaded = pickle.load(handle)
                if isinstance(loaded, dict) and loaded.get("version") == RENDERER_VERSION:
                    self.entries = loaded["entries"]
            except (OSError, pickle.UnpicklingError, EOFError, KeyError, TypeError) as exc:
                # A corrupt cache costs only time: say so, then start afresh.
                import logging

                logging.getLogger(__name__).warning("Ignoring unreadable cache %s: %s", path, exc)
                self.entries = {}

    @staticmethod
    def key(text: str) -> str:
        return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()

    def render(self, text: str) -> Markup:
        key = self.key(text)
        self.used.add(key)
        html = self.entries.get(key)
        if html is None:
            self.misses += 1
            html = render_uncached(text)
            self.entries[key] = html
        return Markup(html)

    def add(self, text: str, html: str) -> None:
        key = self.key(text)
        self.used.add(key)
        self.entries[key] = html
        self.misses += 1

    def missing(self, texts: list[str]) -> list[str]:
        return [t for t in dict.fromkeys(texts) if self.key(t) not in self.entries]

    def save(self) -> None:
        """Keep only what this build used; write atomically, and only if that changed."""
        if self.path is None or (self.misses == 0 and len(self.used) == len(self.entries)):
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "version": RENDERER_VERSION,
            "entries": {k: v for k, v in self.entries.items() if k in self.used},
        }
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".timeline-md-")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.path)


def render_all(texts: list[str], cache_file: Path | None, jobs: int | None) -> dict[str, Markup]:
    """Every text rendered once (over the machine's cores), kept between builds."""
    from ..parallel import map_in_processes

    cache = MarkdownCache(cache_file)
    missing = cache.missing(texts)
    for text, html in zip(missing, map_in_processes(render_uncached, missing, jobs=jobs),
                          strict=True):
        cache.add(text, html)
    html = {text: cache.render(text) for text in texts}
    cache.save()
    return html
