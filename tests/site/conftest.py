"""Fixtures of the AUKUS site's tests: the site at the repository root, built."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ROOT, build_site


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The AUKUS site (events/) built with the local settings."""
    return build_site(tmp_path_factory.mktemp("real") / "output", site=ROOT)


@pytest.fixture(scope="session")
def real_subpath_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The AUKUS site built with publishconf.py under http://localhost:8765/repo."""
    root = tmp_path_factory.mktemp("real-subpath")
    build_site(root / "repo", settings="publishconf.py", site=ROOT,
               SITEURL="http://localhost:8765/repo")
    return root
