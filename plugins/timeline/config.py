"""The plugin's settings, read once from Pelican's settings with defaults and type checks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class TimelineConfig:
    events_path: Path
    threads_path: Path | None
    clean_urls: bool
    relative_urls: bool
    siteurl: str
    sitename: str
    cache_path: Path | None
    today: dt.date
    home_max_events: int
    page_size: int
    feed_max_entries: int
    jobs: int | None
    license_name: str
    license_url: str
    repo_url: str
    eras_path: Path | None = None  # TIMELINE_ERAS_PATH: the eras YAML file, or None for none

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> TimelineConfig:
        def get(name: str, default: Any, kind: type | tuple[type, ...]) -> Any:
            value = settings.get(name, default)
            if not isinstance(value, kind):
                raise ConfigError(f"setting {name} must be {kind}, not {value!r}")
            return value

        events = get("TIMELINE_EVENTS_PATH", None, (str, Path, type(None)))
        if events is None:
            raise ConfigError(
                "setting TIMELINE_EVENTS_PATH is missing: set it in pelicanconf.py "
                "to the absolute path of events/ (use Path(__file__).parent)"
            )
        threads = get("TIMELINE_THREADS_PATH", None, (str, Path, type(None)))
        today = get("TIMELINE_TODAY", None, (dt.date, str, type(None)))
        if isinstance(today, str):
            today = dt.date.fromisoformat(today)
        cache_on = bool(settings.get("TIMELINE_CACHE", True))
        cache_path = (
            Path(settings["CACHE_PATH"]) if cache_on and settings.get("CACHE_PATH") else None
        )
        jobs = get("TIMELINE_JOBS", None, (int, type(None)))
        return cls(
            events_path=Path(events),
            threads_path=Path(threads) if threads else None,
            clean_urls=bool(get("TIMELINE_CLEAN_URLS", False, bool)),
            relative_urls=bool(settings.get("RELATIVE_URLS", False)),
            siteurl=str(settings.get("SITEURL", "")),
            sitename=str(settings.get("SITENAME", "Timeline")),
            cache_path=cache_path,
            today=today or dt.date.today(),
            home_max_events=get("TIMELINE_HOME_MAX_EVENTS", 120, int),
            feed_max_entries=get("TIMELINE_FEED_MAX_ENTRIES", 100, int),
            page_size=get("TIMELINE_PAGE_SIZE", 100, int),
            jobs=jobs,
            license_name=str(settings.get("TIMELINE_LICENSE_NAME", "CC BY 4.0")),
            license_url=str(
                settings.get("TIMELINE_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/")
            ),
            repo_url=str(settings.get("TIMELINE_REPO_URL", "")),
            eras_path=(
                Path(eras)
                if (eras := get("TIMELINE_ERAS_PATH", None, (str, Path, type(None))))
                else None
            ),
        )
