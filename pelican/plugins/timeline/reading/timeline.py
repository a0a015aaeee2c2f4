"""Everything a timeline reads, read and checked at once: the events, the threads, the
eras and the front matter of the site's pages. A problem anywhere is listed with all the
others (one line each) and the build stops once, before anything is written."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import Any

from ..settings import ConfigError, TimelineConfig
from .eras import Era, load_eras
from .events import load_events
from .issues import TimelineBuildError, print_issues, problems_summary
from .model import Event
from .threads import load_content


@dataclass(frozen=True)
class Loaded:
    events: list[Event]
    threads: list[Any]
    eras: list[Era]
    seconds: float


def config_or_exit(settings: dict[str, Any]) -> TimelineConfig:
    """The timeline's settings, or every bad one printed and the build stopped."""
    try:
        return TimelineConfig.from_settings(settings)
    except ConfigError as exc:
        for problem in exc.problems:
            print(f"settings: error: {problem}", file=sys.stderr)
        count = len(exc.problems)
        raise TimelineBuildError(
            f"{count} problem{'s' if count != 1 else ''} in the settings (listed above)"
        ) from None


def read_timeline(cfg: TimelineConfig) -> Loaded:
    started = time.perf_counter()
    base = cfg.events_path.parent
    result = load_events(
        cfg.events_path, base=base, today=cfg.today, jobs=cfg.jobs,
        cache_file=cfg.cache_path / "timeline-events.pickle" if cfg.cache_path else None,
    )
    threads, content_issues, _files = load_content(
        cfg.threads_path, cfg.page_paths, result.events, base)
    eras, era_issues = load_eras(cfg.eras_path, base) if cfg.eras_path else ([], [])
    issues = sorted(result.issues + content_issues + era_issues)
    if issues:
        print_issues(issues, result.files)
    errors = [i for i in issues if i.severity == "error"]
    if errors:
        raise TimelineBuildError(problems_summary(errors))
    return Loaded(result.events, threads, eras, time.perf_counter() - started)
