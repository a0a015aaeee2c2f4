"""`invoke new-event`: write a new event file that passes validation."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from ..reading.events import SCHEMA_COMMENT, load_text
from ..reading.model import STATUSES, DateError, PartialDate, slugify
from ..reading.validate import PLACEHOLDER_SUMMARY, check_url

TEMPLATE = """{comment}
title: {title}
date: "{date}"
status: {status}
summary: |
  {placeholder}: one neutral paragraph saying what happened, who said it,
  and what is not known. The file cannot be built until this text is replaced.
tags: []
actors: []
sources:
  - url: {url}
    title: {source_title}
    publisher: {publisher}
"""


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def new_event_file(events_dir: Path, *, date: str, title: str, status: str, url: str,
                   publisher: str, source_title: str, today: dt.date) -> Path:
    """Create events/<date>-<slug>.yaml; refuse to overwrite; raise ValueError if invalid."""
    when = PartialDate.parse(date.strip())
    slug = "-".join(slugify(title).split("-")[:8])
    event_id = f"{when.iso()}-{slug}"
    text = TEMPLATE.format(comment=SCHEMA_COMMENT, title=_quoted(title), date=when.iso(),
                           status=status, url=_quoted(url), publisher=_quoted(publisher),
                           source_title=_quoted(source_title), placeholder=PLACEHOLDER_SUMMARY)
    path = events_dir / f"{event_id}.yaml"
    # everything but the summary must be valid: the placeholder is refused until replaced
    filled = text.replace(PLACEHOLDER_SUMMARY, "Written")
    _event, issues = load_text(filled, path.as_posix(), event_id, today)
    errors = [i for i in issues if i.severity == "error"]
    if errors:
        raise ValueError("; ".join(i.message for i in errors))
    events_dir.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise ValueError(f"{path.name} already exists: choose another title, or edit that "
                         "file") from None
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    return path


PROMPTS = (
    ("date", "Date (YYYY, YYYY-MM or YYYY-MM-DD)"),
    ("title", "Title"),
    ("status", "Status (confirmed, reported, anticipated, did-not-happen or denied; "
               "partly-confirmed is recorded later, as an update with a note)"),
    ("url", "First source URL (https://…)"),
    ("publisher", "Publisher of that source"),
    ("source_title", "Title of that source"),
)


def check_answer(name: str, value: str, answers: dict[str, str],
                 today: dt.date) -> str | None:
    """Why one interactive answer cannot be used (asked again), or None."""
    if not value:
        return "an answer is needed"
    if name == "date":
        try:
            PartialDate.parse(value)
        except DateError as exc:
            return str(exc)
    elif name == "status":
        if value not in STATUSES:
            return "write one of: " + ", ".join(STATUSES)
        date = answers.get("date")
        if date and value != "anticipated" and PartialDate.parse(date).first_day() > today:
            return f"the date {date} is in the future, so the status must be anticipated"
    elif name == "url":
        return check_url(value)
    return None


def main(argv: list[str] | None = None) -> int:
    """`invoke new-event` / `python -m pelican.plugins.timeline.commands.new_event`."""
    import argparse
    import sys

    from ..settings import ConfigError
    from .site import events_and_config, print_config_error

    parser = argparse.ArgumentParser(prog="timeline-new-event", description=__doc__)
    parser.add_argument("--settings", default="pelicanconf.py",
                        help="the site's settings file (default: pelicanconf.py)")
    parser.add_argument("--events", help="the events folder (default: the site's)")
    for name, label in PROMPTS:
        parser.add_argument(f"--{name.replace('_', '-')}", default="", help=label)
    args = parser.parse_args(argv)
    try:
        events_dir, _config = events_and_config(args.events, args.settings)
    except ConfigError as exc:
        return print_config_error(exc, args.settings)
    answers = {name: str(getattr(args, name)).strip() for name, _label in PROMPTS}
    missing = [name for name, value in answers.items() if not value]
    if missing and not sys.stdin.isatty():
        options = ", ".join(f"--{n.replace('_', '-')}" for n in missing)
        print(f"new-event: missing {options} (no terminal to ask on): give them as options",
              file=sys.stderr)
        return 2
    today = dt.date.today()
    for name, label in PROMPTS:
        while not answers[name]:
            try:
                answer = input(f"{label}: ").strip()
            except EOFError:
                print(f"\nnew-event: no answer for {name}; nothing written", file=sys.stderr)
                return 2
            problem = check_answer(name, answer, answers, today)
            if problem:
                print(f"  {problem}; try again", file=sys.stderr)
            else:
                answers[name] = answer
    try:
        path = new_event_file(events_dir, today=today, **answers)
    except ValueError as exc:
        print(f"new-event: {exc}", file=sys.stderr)
        return 1
    print(f"Wrote {path}: replace its placeholder summary, then run `invoke validate`.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
