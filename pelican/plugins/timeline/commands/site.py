"""A site's timeline settings for the commands, read from its pelicanconf.py exactly as the
build reads them, so that `invoke validate` and the build check the same files."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from ..settings import ConfigError, TimelineConfig


def read_config(settings_file: str | Path) -> TimelineConfig:
    """The TimelineConfig of the site whose settings file this is; relative paths are
    taken from the settings file's folder, as Pelican takes PATH. Raises ConfigError."""
    from pelican.settings import read_settings

    path = Path(settings_file).absolute()
    if not path.is_file():
        raise ConfigError([f"{settings_file}: no such settings file: run the command in the "
                           "site's folder, or pass --settings"])
    with _chdir(path.parent):
        settings = read_settings(str(path))
        return TimelineConfig.from_settings(settings)


def events_and_config(events: str | None, settings_file: str | Path
                      ) -> tuple[Path, TimelineConfig | None]:
    """The events folder a command works on: the one named on its command line (then no
    site settings are read), or the site's. Raises ConfigError."""
    if events:
        return Path(events), None
    config = read_config(settings_file)
    return config.events_path, config


def print_config_error(exc: ConfigError, settings_file: str | Path) -> int:
    for problem in exc.problems:
        print(f"{settings_file}: error: {problem}", file=sys.stderr)
    return 2


@contextlib.contextmanager
def _chdir(folder: Path):  # noqa: ANN202
    old = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(old)
