"""Shared fixtures: build real sites with Pelican into temporary folders."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_EVENTS = ROOT / "tests" / "fixtures" / "events"
FIXTURE_TODAY = dt.date(2026, 11, 28)

# Under GitHub Actions these make the engine write annotations (::error lines) to the job
# log and a summary to the job's summary file: tests must write neither, so no test (and no
# subprocess a test starts with os.environ) sees them, unless it sets them itself.
ACTIONS_VARIABLES = ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT")


@pytest.fixture(scope="session", autouse=True)
def _no_actions_environment() -> Iterator[None]:
    """Session-wide, so that the session fixtures' builds are scrubbed too (they run
    before any function-scoped fixture)."""
    with pytest.MonkeyPatch.context() as patch:
        for name in ACTIONS_VARIABLES:
            patch.delenv(name, raising=False)
        yield


@pytest.fixture(autouse=True)
def _no_actions_environment_in_test(monkeypatch: pytest.MonkeyPatch) -> None:
    """And per test, in case a test changed os.environ without undoing it."""
    for name in ACTIONS_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def build_site(output: Path, events: Path | None = None, settings: str = "pelicanconf.py",
               **overrides: Any) -> Path:
    """Run Pelican in this process, as `invoke build` would, and return the output folder.

    `events` defaults to tests/fixtures/events; pass ROOT / "events" for the real site.
    Raises whatever Pelican raises when the build fails.
    """
    from pelican import Pelican
    from pelican.settings import read_settings

    override = {
        "OUTPUT_PATH": str(output),
        "CACHE_PATH": str(output.parent / (output.name + "-cache")),
        "TIMELINE_EVENTS_PATH": str(events or FIXTURE_EVENTS),
        "TIMELINE_TODAY": FIXTURE_TODAY,
        "PATH": str(ROOT / "content"),
        **overrides,
    }
    settings_obj = read_settings(str(ROOT / settings), override=override)
    Pelican(settings_obj).run()
    logging.getLogger().handlers[:] = [
        h for h in logging.getLogger().handlers if not isinstance(h, logging.FileHandler)]
    return output


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture events built with the local settings (relative URLs)."""
    return build_site(tmp_path_factory.mktemp("fixture") / "output")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The AUKUS site (events/) built with the local settings."""
    return build_site(tmp_path_factory.mktemp("real") / "output", events=ROOT / "events")


@pytest.fixture(scope="session")
def subpath_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The AUKUS site built with publishconf.py under http://localhost:8765/repo."""
    root = tmp_path_factory.mktemp("subpath")
    build_site(root / "repo", events=ROOT / "events", settings="publishconf.py",
               SITEURL="http://localhost:8765/repo")
    return root


@pytest.fixture
def events_dir(tmp_path: Path) -> Path:
    """An empty events/ folder to write test files into."""
    folder = tmp_path / "events"
    folder.mkdir()
    return folder
