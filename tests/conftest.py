"""Fixtures shared by the engine tests (tests/engine/) and the site tests (tests/site/)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import build_site


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
