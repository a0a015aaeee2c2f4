"""What the build writes, planned before anything is rendered: a page is a template, its
variables and an output path; long lists are split into numbered pages."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Page:
    save_as: str  # posix path inside the output folder, built from validated slugs only
    template: str
    variables: dict[str, Any]
    # What the page shows besides its variables: "site" (any event: the home page and
    # indexes), "lists" (the site's years, tags and counts: list pages), or "none" (event
    # pages). Used to decide whether the previous build's file can be reused.
    scope: str = "site"
    # Variables whose events count only by what a list shows of events off the page
    # (incremental.brief_digest): a paginated list's full event list, for instance.
    brief: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pager:
    """Where one page of a paginated list stands: its number and every page's link."""

    number: int  # 1-based
    hrefs: tuple[str, ...]  # root-relative link of each page; page 1 first

    @property
    def count(self) -> int:
        return len(self.hrefs)

    @property
    def prev_href(self) -> str | None:
        return self.hrefs[self.number - 2] if self.number > 1 else None

    @property
    def next_href(self) -> str | None:
        return self.hrefs[self.number] if self.number < self.count else None

    @property
    def links(self) -> list[tuple[int, str]]:
        return [(n, href) for n, href in enumerate(self.hrefs, start=1)]


def paginate(
    base_dir: str,
    template: str,
    variables: dict[str, Any],
    items: Sequence[Any],
    size: int,
    href: Callable[[str], str],
) -> list[Page]:
    """Pages of at most `size` items: base_dir/index.html, then base_dir/page/N/index.html.

    Each page gets `page_events` (its slice) and `pager` (a Pager) besides `variables`.
    """
    size = max(1, size)
    chunks = [items[i : i + size] for i in range(0, len(items), size)] or [items]
    dirs = [base_dir] + [f"{base_dir}page/{n}/" for n in range(2, len(chunks) + 1)]
    hrefs = tuple(href(d) for d in dirs)
    return [
        Page(
            d + "index.html",
            template,
            {**variables, "page_events": list(chunk), "pager": Pager(n, hrefs)},
            scope="lists",
            brief=tuple(variables),
        )
        for n, (d, chunk) in enumerate(zip(dirs, chunks, strict=True), start=1)
    ]


def relative_root(save_as: str) -> str:
    """'.' for index.html, '../..' for events/x/index.html (as Pelican computes it)."""
    depth = save_as.count("/")
    return posixpath.join(*([".."] * depth)) if depth else "."
