"""Writing pages: each page is a template, a few variables and an output path.

Like Pelican's `Writer.write_file` (SITEURL made relative per page when RELATIVE_URLS is
on; the same output path written twice is an error), but pages can be rendered over
several processes, in a fixed order, and an output path can never leave the output folder.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from jinja2 import Environment

from ..parallel import map_in_processes
from .incremental import Fingerprints, FragmentCache, OutputCache
from .pages import Page, relative_root


class OutputPathError(ValueError):
    pass


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
    """Renders pages and writes files into the output folder.

    With an `OutputCache`, a page whose fingerprint matches the previous build's is not
    rendered again: its previous file is reused (hard-linked into a new output folder).
    """

    def __init__(
        self,
        env: Environment,
        context: dict[str, Any],
        output_path: str,
        relative_urls: bool,
        jobs: int | None = None,
        cache: OutputCache | None = None,
        fingerprints: Fingerprints | None = None,
    ) -> None:
        self.env = env
        self.context = context
        self.output = Path(output_path)
        self.relative_urls = relative_urls
        self.jobs = jobs
        self.written: set[str] = set()
        self.cache = cache
        self.fingerprints = fingerprints
        self.rendered = 0
        self.reused = 0
        self.fragments: FragmentCache | None = None
        self._dirs: set[Path] = set()

    def render(self, page: Page) -> str:
        context = dict(self.context)
        if self.relative_urls:
            context["SITEURL"] = relative_root(page.save_as)
        context["output_file"] = page.save_as
        context.update(page.variables)
        return self.env.get_template(page.template).render(context)

    def target(self, save_as: str) -> Path:
        """The file's path, its folder created (once per folder)."""
        target = safe_target(self.output, save_as)
        parent = target.parent
        if parent not in self._dirs:
            parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(parent)
        return target

    def _claim(self, save_as: str) -> None:
        safe_target(self.output, save_as)
        if save_as in self.written:
            raise OutputPathError(f"two files would be written to {save_as}")
        self.written.add(save_as)

    def _write_one(self, page: Page) -> tuple[str, int, int]:
        return _write_file(self.target(page.save_as), page.save_as, self.render(page))

    def write_all(self, pages: Sequence[Page],
                  before_render: Callable[[list[Page]], object] | None = None) -> int:
        """Write the pages (reusing unchanged ones); `before_render(todo)` is called with
        the pages that must be rendered, before they are."""
        todo: list[Page] = []
        fingerprints: dict[str, str] = {}
        for page in pages:
            self._claim(page.save_as)
            fingerprint = self.fingerprints.page(page) if self.fingerprints else None
            if fingerprint is not None and self.cache is not None:
                fingerprints[page.save_as] = fingerprint
                if self.cache.reuse(page.save_as, fingerprint, self.target):
                    self.reused += 1
                    continue
            todo.append(page)
        for page in todo:  # create folders here, once, not in every worker
            self.target(page.save_as)
        if before_render is not None and todo:
            before_render(todo)
        results = map_in_processes(_write_page, todo, self, jobs=self.jobs)
        self.rendered += len(todo)
        if self.cache is not None:
            for save_as, size, mtime in results:
                if save_as in fingerprints:
                    self.cache.record(save_as, fingerprints[save_as], size, mtime)
        return len(pages)

    def write_text(self, save_as: str, text: str | bytes, fingerprint: str | None = None
                   ) -> None:
        """Write one file (with a fingerprint, so that the next build may reuse it)."""
        self._claim(save_as)
        result = _write_file(self.target(save_as), save_as, text)
        if self.cache is not None and fingerprint is not None:
            self.cache.record(save_as, fingerprint, result[1], result[2])

    def reuse_text(self, save_as: str, fingerprint: str) -> bool:
        """Reuse the previous build's file if its fingerprint matches; claim the path."""
        if self.cache is None or not self.cache.reuse(save_as, fingerprint, self.target):
            return False
        self._claim(save_as)
        self.reused += 1
        return True


def _write_file(target: Path, save_as: str, text: str | bytes) -> tuple[str, int, int]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    # Never write into an existing file: it may be a hard link shared with the previous
    # output folder. A new file (a new inode) leaves that one untouched.
    try:
        handle = open(target, "xb")  # noqa: SIM115
    except FileExistsError:
        target.unlink()
        handle = open(target, "xb")  # noqa: SIM115
    with handle:
        handle.write(data)
    stat = os.stat(target)
    return save_as, stat.st_size, stat.st_mtime_ns


def _write_page(page: Page, writer: PageWriter) -> tuple[str, int, int]:
    return writer._write_one(page)
