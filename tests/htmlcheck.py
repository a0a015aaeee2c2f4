"""Helpers for inspecting a built site with a real HTML parser (html5lib)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from pelican.plugins.timeline.commands.tasks import VNU_JAR_VERSION, vnu_jar_path


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


# ---- the Nu Html Checker (vnu.jar, Java), installed by `invoke test` ----------------


def vnu_tools() -> tuple[str, Path]:
    java = shutil.which("java")
    jar = vnu_jar_path()
    problems = []
    if java is None:
        problems.append("java is not on PATH: install a Java runtime (apt-get install "
                        "default-jre-headless)")
    if not jar.exists():
        problems.append(f"vnu.jar not found at {jar}: run `invoke test` (it installs "
                        f"vnu-jar@{VNU_JAR_VERSION} from npm) or set TIMELINE_VNU_JAR")
    if problems:
        if os.environ.get("CI"):
            pytest.fail("; ".join(problems))
        pytest.skip("; ".join(problems))
    assert java is not None
    return java, jar


def vnu_errors(java: str, jar: Path, files: list[Path]) -> list[dict]:
    result = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True, text=True, check=False, timeout=600)
    assert result.stderr.strip(), f"vnu printed nothing (exit {result.returncode})"
    messages = json.loads(result.stderr)["messages"]
    return [m for m in messages if m.get("type") in ("error", "non-document-error")]


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def vnu_report(site: Path) -> list[str]:
    """Every error the Nu Html Checker finds in the site's pages, as path:line:col lines."""
    java, jar = vnu_tools()
    pages = html_pages(site)
    assert len(pages) > 20, pages
    return [f"{m.get('url', '?')}:{m.get('lastLine', 0)}:{m.get('firstColumn', 0)}: "
            f"error: {m['message']}" for m in vnu_errors(java, jar, pages)]
