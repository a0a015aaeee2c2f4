"""`timeline-check` (`python -m pelican.plugins.timeline.commands.check`): list every problem
in the files a timeline site's build reads, then exit.

Exit status 0 when there is no error (warnings do not fail), 1 otherwise. `--overdue`
lists anticipated events whose date has passed. Output: one problem per line,
`path:line:col: severity: message`. Checked: the events, the eras, the guided-reading
threads (against the events' tags and actors) and the front matter of the site's pages,
exactly as the build checks them. Under GitHub Actions also `::error` annotations and
a step summary.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from ..reading.eras import check_eras
from ..reading.events import load_events
from ..reading.issues import print_issues
from ..reading.threads import load_content
from ..settings import ConfigError
from .site import events_and_config, print_config_error


def overdue_report(events_dir: Path, today: dt.date) -> tuple[list[str], int]:
    result = load_events(events_dir, base=events_dir.parent, today=today)
    lines = []
    for event in result.events:
        if event.current_status == "anticipated" and event.last_day < today:
            lines.append(
                f"{event.path}:{event.line}:1: warning: anticipated event "
                f"'{event.title}' ({event.display_date}) has passed: add an update "
                "saying whether it happened"
            )
    return lines, len(result.errors)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="timeline-check", description=__doc__)
    parser.add_argument("events", nargs="?", help="the events folder (default: the site's)")
    parser.add_argument("--settings", default="pelicanconf.py",
                        help="the site's settings file (default: pelicanconf.py)")
    parser.add_argument("--today", help="check dates against this day (YYYY-MM-DD)")
    parser.add_argument(
        "--overdue", action="store_true", help="list anticipated events whose date has passed"
    )
    parser.add_argument("--report", help="also write the result as Markdown to this file")
    parser.add_argument("--eras", help="the eras file (default: the site's TIMELINE_ERAS_PATH)")
    args = parser.parse_args(argv)
    today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()
    eras_path: str | None = args.eras
    threads_path: Path | None = None
    page_paths: tuple[Path, ...] = ()
    try:
        events_dir, config = events_and_config(args.events, args.settings)
    except ConfigError as exc:
        return print_config_error(exc, args.settings)
    if config is None:
        # a folder named on the command line: the site's conventional content/ beside it
        content = events_dir.absolute().parent / "content"
        threads_path, page_paths = content / "threads", (content / "pages",)
    else:
        threads_path, page_paths = config.threads_path, config.page_paths
        if eras_path is None and config.eras_path is not None:
            eras_path = str(config.eras_path)
    if args.overdue:
        lines, errors = overdue_report(events_dir, today)
        for line in lines:
            print(line)
        if args.report:
            body = "\n".join(f"- `{line}`" for line in lines) or "No overdue anticipated events."
            Path(args.report).write_text(
                f"## Overdue anticipated events\n\n{body}\n", encoding="utf-8"
            )
        print(f"{len(lines)} overdue anticipated event(s)", file=sys.stderr)
        return 1 if lines or errors else 0
    started = time.perf_counter()
    # After a build, its cache of checked files (by file status) answers for every file
    # not changed since: validating 10,000 events then reads only what changed.
    cache_file = (config.cache_path / "timeline-events.pickle"
                  if config is not None and config.cache_path is not None else None)
    if cache_file is not None and cache_file.is_file():
        result = load_events(events_dir, base=events_dir.absolute().parent, today=today,
                             cache_file=cache_file)
    else:
        result = load_events(events_dir, base=events_dir.absolute().parent, today=today,
                             check_only=True)
    _eras, era_issues, era_files = check_eras(eras_path, events_dir, events_dir.absolute().parent)
    base = events_dir.absolute().parent
    _threads, content_issues, content_files = load_content(threads_path, page_paths,
                                                           result.events, base)
    result.issues = sorted(result.issues + era_issues + content_issues)
    result.files += era_files + content_files
    print_issues(result.issues, result.files)
    elapsed = time.perf_counter() - started
    errors, warnings = len(result.errors), len(result.warnings)
    print(
        f"{result.files} file(s), {len(result.events)} valid event(s), {errors} error(s), "
        f"{warnings} warning(s) in {elapsed:.2f} s",
        file=sys.stderr,
    )
    if args.report:
        from ..reading.issues import summary_markdown

        Path(args.report).write_text(
            summary_markdown(result.issues, result.files), encoding="utf-8"
        )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
