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
        mount: str = "",
        reserved: dict[str, str] | None = None,
        assets_mount: str | None = None,
        editions: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self.env = env
        self.mount = mount  # the edition's folder: every path given is inside it
        self.assets_mount = mount if assets_mount is None else assets_mount  # theme/ is here
        self.editions = editions  # (language, folder) of every edition, for hreflang
        self.reserved = reserved or {}  # what the site itself writes: path -> what it is
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

    def full(self, save_as: str) -> str:
        """The path in the output folder of a path inside the timeline."""
        return self.mount + save_as

    def roots(self, full_save_as: str) -> tuple[str, str]:
        """SITEURL and TIMELINE_ROOT for a page (relative to it with RELATIVE_URLS)."""
        site = (relative_root(full_save_as) if self.relative_urls
                else str(self.context.get("SITEURL") or ""))
        return site, timeline_root(site, self.mount)

    def render(self, page: Page) -> str:
        context = dict(self.context)
        full = self.full(page.save_as)
        site_root, context["TIMELINE_ROOT"] = self.roots(full)
        context["SITEURL"] = site_root
        context["TIMELINE_ASSETS"] = timeline_root(site_root, self.assets_mount) + "/theme"
        context["timeline_alternates"] = [(lang, timeline_root(site_root, mount))
                                          for lang, mount in self.editions]
        context["timeline_page"] = page.save_as
        context["output_file"] = full
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
        """Claim a path of the output folder (a full path, mount included)."""
        safe_target(self.output, save_as)
        if save_as in self.written:
            raise OutputPathError(f"two files would be written to {save_as}")
        if save_as in self.reserved:
            raise OutputPathError(overwrite_message(save_as, self.reserved[save_as]))
        self.written.add(save_as)

    def _write_one(self, page: Page) -> tuple[str, int, int]:
        full = self.full(page.save_as)
        return _write_file(self.target(full), full, self.render(page))

    def write_all(self, pages: Sequence[Page],
                  before_render: Callable[[list[Page]], object] | None = None) -> int:
        """Write the pages (reusing unchanged ones); `before_render(todo)` is called with
        the pages that must be rendered, before they are."""
        todo: list[Page] = []
        fingerprints: dict[str, str] = {}
        for page in pages:
            full = self.full(page.save_as)
            self._claim(full)
            fingerprint = self.fingerprints.page(page) if self.fingerprints else None
            if fingerprint is not None and self.cache is not None:
                fingerprints[full] = fingerprint
                if self.cache.reuse(full, fingerprint, self.target):
                    self.reused += 1
                    continue
            todo.append(page)
        for page in todo:  # create folders here, once, not in every worker
            self.target(self.full(page.save_as))
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
        save_as = self.full(save_as)
        self._claim(save_as)
        result = _write_file(self.target(save_as), save_as, text)
        if self.cache is not None and fingerprint is not None:
            self.cache.record(save_as, fingerprint, result[1], result[2])

    def reuse_text(self, save_as: str, fingerprint: str) -> bool:
        """Reuse the previous build's file if its fingerprint matches; claim the path."""
        save_as = self.full(save_as)
        if self.cache is None or not self.cache.reuse(save_as, fingerprint, self.target):
            return False
        self._claim(save_as)
        self.reused += 1
        return True


def timeline_root(site_root: str, mount: str) -> str:
    """The timeline's root for links: the site's root, plus TIMELINE_URL's folder."""
    if not mount:
        return site_root
    return f"{site_root.rstrip('/')}/{mount.rstrip('/')}"


def overwrite_message(save_as: str, owner: str) -> str:
    return (f"{save_as}: error: the timeline's {save_as} would overwrite {owner}; set "
            f"TIMELINE_URL (e.g. TIMELINE_URL = \"timeline/\") to put the timeline in a folder "
            f"of its own")


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
