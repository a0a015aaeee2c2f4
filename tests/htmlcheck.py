"""Helpers for inspecting a built site with a real HTML parser (html5lib)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")


def html_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.html") if "pagefind" not in p.parts)


def links(soup: BeautifulSoup) -> Iterator[str]:
    for tag in soup.find_all(["a", "link"], href=True):
        yield tag["href"]
    for tag in soup.find_all(["script", "img"], src=True):
        yield tag["src"]


def resolve_local(page: Path, href: str, root: Path, siteurl: str = "") -> Path | None:
    """The file an internal link points at, or None for an external link."""
    if siteurl and href.startswith(siteurl):
        target = root / unquote(urlsplit(href[len(siteurl):].lstrip("/")).path)
    else:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith("#"):
            return None
        target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
    if href.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target
