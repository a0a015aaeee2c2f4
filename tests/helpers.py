"""Shared test helpers: build real sites with Pelican into temporary folders.

Engine tests build the fixture site in tests/engine/sample_site/ (its own settings, pages,
threads, eras and events); site tests pass site=ROOT to build the AUKUS site at the root.
"""

from __future__ import annotations

import datetime as dt
import logging
import runpy
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_SITE = ROOT / "tests" / "engine" / "sample_site"
FIXTURE_EVENTS = SAMPLE_SITE / "events"
FIXTURE_TODAY = dt.date(2026, 11, 28)
SAMPLE_SETTINGS = runpy.run_path(str(SAMPLE_SITE / "pelicanconf.py"))
SITENAME = SAMPLE_SETTINGS["SITENAME"]


def build_site(output: Path, events: Path | None = None, settings: str = "pelicanconf.py",
               site: Path = SAMPLE_SITE, **overrides: Any) -> Path:
    """Run Pelican in this process, as `invoke build` would, and return the output folder.

    `site` is the folder holding the settings file, content/ and events/: the fixture site
    by default, ROOT for the AUKUS site. `events` defaults to the site's events/.
    Raises whatever Pelican raises when the build fails.
    """
    from pelican import Pelican
    from pelican.settings import read_settings

    override = {
        "OUTPUT_PATH": str(output),
        "CACHE_PATH": str(output.parent / (output.name + "-cache")),
        "TIMELINE_EVENTS_PATH": str(events or site / "events"),
        "TIMELINE_TODAY": FIXTURE_TODAY,
        "PATH": str(site / "content"),
        **overrides,
    }
    # Pelican loads a settings file as a module named after the file, and a publishconf.py
    # may `from pelicanconf import *`: never let one site's settings stand in for another's.
    for name in ("pelicanconf", "publishconf"):
        sys.modules.pop(name, None)
    settings_obj = read_settings(str(site / settings), override=override)
    Pelican(settings_obj).run()
    logging.getLogger().handlers[:] = [
        h for h in logging.getLogger().handlers if not isinstance(h, logging.FileHandler)]
    return output


def run_on_terminal(command: list[str], cwd: Path, answers: list[str]) -> tuple[int, str]:
    """Run `python -m <command>` on a pseudo-terminal (so it asks its questions), typing
    each answer when a prompt ("…: ") is shown; return the exit status and everything the
    terminal showed."""
    import os
    import pty
    import select
    import subprocess

    controller, terminal = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", *command], cwd=cwd, stdin=terminal, stdout=terminal,
        stderr=terminal, env={**os.environ, "PYTHONPATH": str(ROOT)}, close_fds=True)
    os.close(terminal)
    shown = b""
    pending = list(answers)
    try:
        while True:
            ready, _, _ = select.select([controller], [], [], 30)
            assert ready, f"{command[0]} stopped answering; it showed: {shown.decode()}"
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the command ended and closed the terminal
                break
            if not chunk:
                break
            shown += chunk
            if shown.endswith(b": ") and pending:  # a prompt, not the echo of an answer
                os.write(controller, pending.pop(0).encode() + b"\n")
    finally:
        os.close(controller)
        code = proc.wait(timeout=60)
    return code, shown.decode().replace("\r\n", "\n")


def copy_package_sources(target: Path) -> Path:
    """The files the engine's package is built from, copied into `target` (building
    writes into its source folder: never into the checkout)."""
    import shutil

    target.mkdir(parents=True, exist_ok=True)
    for name in ("pyproject.toml", "LICENSE", "README.md"):
        shutil.copy2(ROOT / name, target / name)
    shutil.copytree(ROOT / "docs", target / "docs")
    shutil.copytree(ROOT / "pelican", target / "pelican",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return target
