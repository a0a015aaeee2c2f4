"""The timeline's static files (its styles, scripts and icons) under TIMELINE_URL/theme/.

The engine's theme/static/ folder, with the site's TIMELINE_SITE_THEME/static/ copied
over it, plus `css/parts.css`: the stylesheet scoped to the timeline's part of a page
(`@scope (.timeline-part)`), for pages drawn inside the site's own theme.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..building.incremental import blake
from ..building.writer import PageWriter

STATIC_DIR = "theme"


def static_files(folders: list[Path]) -> dict[str, Path]:
    """Relative posix path -> file, later folders overriding earlier ones."""
    found: dict[str, Path] = {}
    for folder in folders:
        if folder.is_dir():
            for path in sorted(_files(folder)):
                found[path.relative_to(folder).as_posix()] = path
    return found


def _files(folder: Path) -> Iterator[Path]:
    for path in folder.rglob("*"):
        if path.is_file() and not path.name.startswith("."):
            yield path


def scoped_css(css: str) -> str:
    """The stylesheet limited to `.timeline-part`: its custom properties on the part
    itself, its element rules only inside it."""
    return "@scope (.timeline-part) {\n" + css.replace(":root", ":scope") + "\n}\n"


def write_static(writer: PageWriter, folders: list[Path]) -> int:
    files = static_files(folders)
    for rel, path in files.items():
        data = path.read_bytes()
        _write(writer, f"{STATIC_DIR}/{rel}", data)
    site_css = files.get("css/site.css")
    if site_css is not None:
        _write(writer, f"{STATIC_DIR}/css/parts.css",
               scoped_css(site_css.read_text(encoding="utf-8")).encode("utf-8"))
    return len(files)


def _write(writer: PageWriter, save_as: str, data: bytes) -> None:
    fingerprint = blake(data)
    if not writer.reuse_text(save_as, fingerprint):
        writer.write_text(save_as, data, fingerprint)
