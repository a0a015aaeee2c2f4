"""Fixtures shared by the engine tests (tests/engine/) and the site tests (tests/site/)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import build_site

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


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site (tests/engine/sample_site) built with its local settings."""
    return build_site(tmp_path_factory.mktemp("fixture") / "output")


@pytest.fixture(scope="session")
def subpath_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site built with its publishconf.py under http://localhost:8765/repo."""
    root = tmp_path_factory.mktemp("subpath")
    build_site(root / "repo", settings="publishconf.py", SITEURL="http://localhost:8765/repo")
    return root


@pytest.fixture
def events_dir(tmp_path: Path) -> Path:
    """An empty events/ folder to write test files into."""
    folder = tmp_path / "events"
    folder.mkdir()
    return folder
