"""Problems found in a site's files: the `Issue` record, and printing them one line each
(never wrapped), as GitHub annotations under Actions, or as a Markdown summary."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO


@dataclass(frozen=True, order=True)
class Issue:
    path: str
    line: int
    col: int
    message: str
    severity: str = "error"  # "error" fails the build; "warning" does not

    def format(self) -> str:
        """`path:line:col: severity: message`, always on one line."""
        message = " ".join(self.message.split())
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {message}"


def _escape_data(text: str) -> str:
    # GitHub workflow commands: % first, then CR and LF, so no text can start a command.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(issue: Issue) -> str:
    level = "error" if issue.severity == "error" else "warning"
    message = " ".join(issue.message.split())
    return (
        f"::{level} file={_escape_property(issue.path)},line={issue.line},"
        f"col={issue.col},title={_escape_property('Timeline ' + level)}::"
        f"{_escape_data(message)}"
    )


def summary_markdown(issues: Sequence[Issue], files: int) -> str:
    errors = [i for i in issues if i.severity == "error"]
    warnings = [i for i in issues if i.severity == "warning"]
    lines = [
        f"### Timeline validation: {len(errors)} error(s), {len(warnings)} warning(s) "
        f"in {files} file(s)",
        "",
    ]
    if issues:
        lines += ["| File | Line | Problem |", "| --- | --- | --- |"]
        for issue in issues:
            message = " ".join(issue.message.split()).replace("|", "\\|")
            path = issue.path.replace("|", "\\|")
            lines.append(f"| `{path}` | {issue.line}:{issue.col} | {issue.severity}: {message} |")
    else:
        lines.append("Every event file is valid.")
    return "\n".join(lines) + "\n"


def print_issues(issues: Sequence[Issue], files: int, stream: TextIO | None = None) -> None:
    stream = stream or sys.stderr
    for issue in issues:
        stream.write(issue.format() + "\n")
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for issue in issues:
            sys.stdout.write(annotation(issue) + "\n")
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:
            with open(summary, "a", encoding="utf-8") as handle:
                handle.write(summary_markdown(issues, files))
    stream.flush()


class TimelineBuildError(SystemExit):
    """Raised once, after every problem has been printed on its own line, with a one-line
    summary saying where they are. A SystemExit, so that Pelican does not log it with a
    traceback (its `main` catches only Exception): Python prints the summary and exits 1."""

    def __init__(self, summary: str) -> None:
        super().__init__(summary)
        self.summary = summary

    def __str__(self) -> str:
        return self.summary


def problems_summary(errors: list[Issue]) -> str:
    """Where the errors are, by folder (or by file, for a file at the top of the site):
    "2 problems in events/ and content/threads/ (listed above)"."""
    places: list[str] = []
    for issue in errors:
        folder, _, name = issue.path.rpartition("/")
        place = f"{folder}/" if folder else name
        if place not in places:
            places.append(place)
    where = places[0] if len(places) == 1 else ", ".join(places[:-1]) + " and " + places[-1]
    count = f"{len(errors)} problem{'s' if len(errors) != 1 else ''}"
    return f"{count} in {where} (listed above)"
