"""Writing pages: each page is a template, a few variables and an output path.

Like Pelican's `Writer.write_file` (SITEURL made relative per page when RELATIVE_URLS is
on; the same output path written twice is an error), but pages can be rendered over
several processes, in a fixed order, and an output path can never leave the output folder.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment

from .parallel import map_in_processes


class OutputPathError(ValueError):
    pass


@dataclass(frozen=True)
class Page:
    save_as: str  # posix path inside the output folder, built from validated slugs only
    template: str
    variables: dict[str, Any]


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
        )
        for n, (d, chunk) in enumerate(zip(dirs, chunks, strict=True), start=1)
    ]


def relative_root(save_as: str) -> str:
    """'.' for index.html, '../..' for events/x/index.html (as Pelican computes it)."""
    depth = save_as.count("/")
    return posixpath.join(*([".."] * depth)) if depth else "."


def safe_target(output: Path, save_as: str) -> Path:
    norm = posixpath.normpath(save_as)
    if (
        save_as.startswith("/")
        or norm.startswith("..")
        or "\\" in save_as
        or "\0" in save_as
        or norm != save_as
    ):
        raise OutputPathError(f"refusing to write outside the output folder: {save_as!r}")
    return output / norm


class PageWriter:
    def __init__(
        self,
        env: Environment,
        context: dict[str, Any],
        output_path: str,
        relative_urls: bool,
        jobs: int | None = None,
    ) -> None:
        self.env = env
        self.context = context
        self.output = Path(output_path)
        self.relative_urls = relative_urls
        self.jobs = jobs
        self.written: set[str] = set()

    def render(self, page: Page) -> str:
        context = dict(self.context)
        if self.relative_urls:
            context["SITEURL"] = relative_root(page.save_as)
        context["output_file"] = page.save_as
        context.update(page.variables)
        return self.env.get_template(page.template).render(context)

    def _write_one(self, page: Page) -> None:
        target = safe_target(self.output, page.save_as)
        target.parent.mkdir(parents=True, exist_ok=True)
        html = self.render(page)
        with open(target, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(html)

    def write_all(self, pages: Sequence[Page]) -> int:
        for page in pages:
            safe_target(self.output, page.save_as)
            if page.save_as in self.written:
                raise OutputPathError(f"two pages would be written to {page.save_as}")
            self.written.add(page.save_as)
        map_in_processes(_write_page, pages, self, jobs=self.jobs)
        return len(pages)

    def write_text(self, save_as: str, text: str | bytes) -> None:
        if save_as in self.written:
            raise OutputPathError(f"two files would be written to {save_as}")
        self.written.add(save_as)
        target = safe_target(self.output, save_as)
        target.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8") if isinstance(text, str) else text
        tmp = target.with_name(target.name + f".tmp{os.getpid()}")
        tmp.write_bytes(data)
        os.replace(tmp, target)


def _write_page(page: Page, writer: PageWriter) -> None:
    writer._write_one(page)
