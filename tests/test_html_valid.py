"""Every page of the fixture site is valid HTML by the Nu Html Checker (vnu.jar, Java).

`invoke test` installs the pinned `vnu-jar` from npm before the tests
(commands/tasks.py: ensure_vnu); TIMELINE_VNU_JAR points elsewhere. In CI a missing
Java or vnu.jar is a failure; elsewhere the test is skipped with the command to run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from pelican.plugins.timeline.commands.tasks import VNU_JAR_VERSION, vnu_jar_path


def _tools() -> tuple[str, Path]:
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


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_fixture_page_is_valid_html(fixture_site: Path) -> None:
    java, jar = _tools()
    pages = _pages(fixture_site)
    assert len(pages) > 20, pages
    errors = vnu_errors(java, jar, pages)
    report = [f"{m.get('url', '?')}:{m.get('lastLine', 0)}:{m.get('firstColumn', 0)}: "
              f"error: {m['message']}" for m in errors]
    assert not report, "\n".join(report)


def test_the_checker_reports_an_invalid_page(tmp_path: Path) -> None:
    java, jar = _tools()
    bad = tmp_path / "bad.html"
    bad.write_text('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>x</title>'
                   '</head><body><form action="" method="get"></form></body></html>',
                   encoding="utf-8")
    errors = vnu_errors(java, jar, [bad])
    assert any("action" in m["message"] for m in errors), errors
