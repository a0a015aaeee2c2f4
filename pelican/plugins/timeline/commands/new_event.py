"""`invoke new-event`: write a new event file that passes validation."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from ..reading.events import SCHEMA_COMMENT, load_text
from ..reading.model import STATUSES, DateError, PartialDate, slugify
from ..reading.validate import PLACEHOLDER_SUMMARY, check_url
from .quickstart import number_word

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


# What an event can start with: partly-confirmed needs a note, so it comes in an update.
FIRST_STATUSES = tuple(s for s in STATUSES if s != "partly-confirmed")
PROMPTS = (
    ("date", "Date (YYYY, YYYY-MM or YYYY-MM-DD)"),
    ("title", "Title"),
    ("status", f"Status ({', '.join(FIRST_STATUSES[:-1])} or {FIRST_STATUSES[-1]}; "
               "partly-confirmed is recorded later, as an update with a note: "
               f"{number_word(len(STATUSES))} statuses in all)"),
    ("url", "First source URL (https://…)"),
    ("publisher", "Publisher of that source"),
    ("source_title", "Title of that source"),
)
OPTIONS = {name: "--" + name.replace("_", "-") for name, _label in PROMPTS}
# The line of the written file that holds each answer, so that a problem the validator finds
# on a line is said of the answer (the option) that caused it.
ANSWER_LINES = {number: name for number, line in enumerate(TEMPLATE.splitlines(), 1)
                for name in OPTIONS if "{" + name + "}" in line}


class AnswerError(ValueError):
    """Answers that cannot make a valid event file: the problems, by answer name ("" for
    those no single answer causes)."""

    def __init__(self, problems: dict[str, list[str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{OPTIONS[name]}: {message}" if name else message
                                   for name, messages in problems.items()
                                   for message in messages))


def event_id(date: str, title: str) -> str:
    """The new event's id, its file name without .yaml: the date and the title's first
    words (8000-bce-… for a date before the common era: PartialDate.slug)."""
    return f"{PartialDate.parse(date.strip()).slug()}-" + "-".join(slugify(title).split("-")[:8])


def _text(answers: dict[str, str], summary: str) -> str:
    values = {name: _quoted(answers[name]) for name in ("title", "url", "publisher",
                                                         "source_title")}
    return TEMPLATE.format(comment=SCHEMA_COMMENT, date=PartialDate.parse(answers["date"]).iso(),
                           status=answers["status"], placeholder=summary, **values)


def answer_problems(answers: dict[str, str], today: dt.date,
                    events_dir: Path | None = None) -> dict[str, list[str]]:
    """Every problem the given answers make, by answer name, exactly as the validator sees
    the file they would write (and, with `events_dir`, a file name already taken). Answers
    not given yet stand in with values that make no problem of their own."""
    given = {name: answers.get(name, "").strip() for name in OPTIONS}
    if given["date"]:
        try:
            PartialDate.parse(given["date"])
        except DateError as exc:
            return {"date": [str(exc)]}
    date = given["date"] or today.isoformat()
    future = PartialDate.parse(date).first_day() > today
    stand_in = {"date": date, "title": "Title", "status": "anticipated" if future else "reported",
                "url": "https://www.example.org/", "publisher": "Publisher",
                "source_title": "Title"}
    filled = {name: given[name] or stand_in[name] for name in OPTIONS}
    problems: dict[str, list[str]] = {}
    if filled["status"] not in STATUSES:
        problems["status"] = ["write one of: " + ", ".join(STATUSES)]
        filled["status"] = stand_in["status"]
    stem = event_id(filled["date"], filled["title"])
    # everything but the summary must be valid: the placeholder is refused until replaced
    _event, issues = load_text(_text(filled, "Written"), f"events/{stem}.yaml", stem, today)
    for issue in issues:
        if issue.severity == "error":
            problems.setdefault(ANSWER_LINES.get(issue.line, ""), []).append(issue.message)
    path = events_dir / f"{stem}.yaml" if events_dir is not None else None
    if path is not None and given["title"] and path.exists():
        problems.setdefault("title", []).append(
            f"{path.name} already exists: if it is this event, edit that file; otherwise give "
            "a title that starts with other words (the file name is the date and the "
            "title's first words)")
    return problems


def new_event_file(events_dir: Path, *, date: str, title: str, status: str, url: str,
                   publisher: str, source_title: str, today: dt.date) -> Path:
    """Create events/<date>-<slug>.yaml; refuse to overwrite; raise AnswerError (a
    ValueError) if the answers cannot make a valid file."""
    answers = {"date": date, "title": title, "status": status, "url": url,
               "publisher": publisher, "source_title": source_title}
    problems = answer_problems(answers, today, events_dir)
    if problems:
        raise AnswerError(problems)
    answers = {name: value.strip() for name, value in answers.items()}
    path = events_dir / f"{event_id(date, title)}.yaml"
    events_dir.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:  # written since the check
        raise AnswerError({"title": [f"{path.name} already exists: edit that file, or give "
                                     "a title that starts with other words"]}) from None
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(_text(answers, PLACEHOLDER_SUMMARY))
    return path


def check_answer(name: str, value: str, answers: dict[str, str], today: dt.date,
                 events_dir: Path | None = None) -> str | None:
    """Why one interactive answer cannot be used (it is asked again), or None: the answers
    so far with this one must make no problem, so the file is written once they are all
    given, never refused at the end."""
    if not value:
        return "an answer is needed"
    if name == "url":
        problem = check_url(value)
        if problem:
            return problem
    given = {k: v for k, v in answers.items() if v}
    problems = answer_problems({**given, name: value}, today, events_dir)
    answered = {*given, name, ""}
    messages = [m for key, found in problems.items() if key in answered for m in found]
    return "; ".join(messages) or None


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
    if missing:  # what was given must be right before anything is asked
        problems = answer_problems({k: v for k, v in answers.items() if v}, today, events_dir)
        if problems:
            return _refuse(problems)
    for name, label in PROMPTS:
        while not answers[name]:
            try:
                answer = input(f"{label}: ").strip()
            except EOFError:
                print(f"\nnew-event: no answer for {OPTIONS[name]}; nothing written",
                      file=sys.stderr)
                return 2
            problem = check_answer(name, answer, answers, today, events_dir)
            if problem:
                print(f"  {problem}; try again", file=sys.stderr)
            else:
                answers[name] = answer
    try:
        path = new_event_file(events_dir, today=today, **answers)
    except AnswerError as exc:
        return _refuse(exc.problems)
    shown = path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path
    print(f"Wrote {shown}: replace its placeholder summary, then run `invoke validate`.")
    return 0


def _refuse(problems: dict[str, list[str]]) -> int:
    """Print every problem, one line each, naming the option that caused it."""
    import sys

    for name, messages in problems.items():
        for message in messages:
            where = f"{OPTIONS[name]}: " if name else ""
            print(f"new-event: {where}{message}", file=sys.stderr)
    print("new-event: nothing written", file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
