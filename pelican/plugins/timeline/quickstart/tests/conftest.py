"""What this site's tests share: the site's files are checked once, before any test runs,
and the site is built once.

One mistake in one event file is reported once, as the validator's
`path:line:col: error: …` line, not as a failure of every test that needs the events.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "pelicanconf.py"


def pytest_sessionstart(session: pytest.Session) -> None:
    """Check every file the build reads, as `invoke validate` does; with any error, stop
    at once: the validator's lines are the whole report."""
    from pelican.plugins.timeline.commands.check import main as timeline_check

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = timeline_check(["--settings", str(SETTINGS)])
    if code:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        for line in out.getvalue().splitlines():
            if reporter is None:
                print(line)
            else:
                reporter.write_line(line)
        pytest.exit("the site's files have errors (listed above): fix them, then run the "
                    "tests again", returncode=1)


@pytest.fixture(scope="session")
def events() -> list:
    from pelican.plugins.timeline.reading.events import load_events

    result = load_events(ROOT / "events", base=ROOT, today=dt.date.today())
    assert result.errors == []
    return result.events


@dataclass
class Build:
    output: Path
    problem: str = ""
    reported: bool = False


@pytest.fixture(scope="session")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The site built with pelicanconf.py into a temporary folder, as `invoke build` does
    (without the search index), once for every test."""
    from pelican import Pelican
    from pelican.settings import read_settings

    work = tmp_path_factory.mktemp("build")
    result = Build(work / "output")
    old = Path.cwd()
    os.chdir(ROOT)
    try:
        settings = read_settings(str(SETTINGS), override={
            "OUTPUT_PATH": str(result.output), "CACHE_PATH": str(work / "cache")})
        Pelican(settings).run()
    except Exception as exc:  # reported by the first test that needs the site
        result.problem = f"{type(exc).__name__}: {exc}"
    finally:
        os.chdir(old)
        logging.getLogger().handlers[:] = [
            h for h in logging.getLogger().handlers if not isinstance(h, logging.FileHandler)]
    return result


@pytest.fixture
def site(build: Build) -> Path:
    """The built site's folder. If the build failed, the first test that needs it fails
    with the reason, and the others are skipped."""
    if build.problem:
        if build.reported:
            pytest.skip("the site does not build: see the first failure")
        build.reported = True
        pytest.fail(f"the site does not build: {build.problem}", pytrace=False)
    return build.output
