"""Guided reading: short introductions for tag and actor pages, written in content/threads/.

Each file is Markdown with a small header:

    Title: The city council's budget
    Tag: city-council        (or: Actor: Example Ministry)
    Lang: fr                 (optional: this thread in another edition's language)

    One or two paragraphs of introduction.

A thread with `Lang:` is the introduction of that tag or actor in that language's edition
(TIMELINE_LANGUAGES); without it, the thread is in the language the site is written in.
"""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .issues import Issue
from .validate import known_language

HEADER_KEYS = ("Title", "Tag", "Actor", "Order", "Lang")


@dataclass(frozen=True)
class Thread:
    path: str
    title: str
    kind: str  # "tag" or "actor"
    name: str
    text: str
    order: int = 100
    line: int = 1  # the header line naming the tag or actor
    col: int = 1  # where its value starts
    lang: str = ""  # "" for the site's language, or the edition it is written for


def load_threads(
    folder: Path | None, shown_base: Path | None = None
) -> tuple[list[Thread], list[Issue]]:
    threads: list[Thread] = []
    issues: list[Issue] = []
    if folder is None or not folder.is_dir():
        return threads, issues
    for path in sorted(folder.glob("*.md")):
        shown, text, problem = read_markdown(path, shown_base)
        if text is None:
            issues.append(problem)  # type: ignore[arg-type]
            continue
        header, _, body = text.partition("\n\n")
        meta: dict[str, str] = {}
        places: dict[str, tuple[int, int]] = {}
        for number, line in enumerate(header.splitlines(), 1):
            key, sep, value = line.partition(":")
            if not sep or key.strip() not in HEADER_KEYS:
                issues.append(
                    Issue(
                        shown,
                        number,
                        1,
                        f"expected a header line such as "
                        f"'Title: …', 'Tag: …' or 'Actor: …', got {line!r}",
                    )
                )
                continue
            meta[key.strip()] = value.strip()
            places[key.strip()] = (number, len(line) - len(value.lstrip()) + 1)
        kinds = [k for k in ("Tag", "Actor") if k in meta]
        if len(kinds) != 1 or "Title" not in meta:
            issues.append(
                Issue(shown, 1, 1, "a thread needs 'Title:' and exactly one of 'Tag:' or 'Actor:'")
            )
            continue
        try:
            order = int(meta.get("Order", "100"))
        except ValueError:
            issues.append(Issue(shown, 1, 1, "'Order:' must be a whole number"))
            continue
        lang = meta.get("Lang", "")
        if lang and not known_language(lang):
            row, column = places["Lang"]
            issues.append(Issue(shown, row, column, f"'Lang:' is {lang!r}, not a language "
                                "code: write one such as ja, fr or de"))
            continue
        line, col = places[kinds[0]]
        threads.append(Thread(shown, meta["Title"], kinds[0].lower(), meta[kinds[0]],
                              body.strip(), order, line, col, lang))
    threads.sort(key=lambda t: (t.order, t.title))
    return threads, issues


def read_markdown(path: Path, shown_base: Path | None = None
                  ) -> tuple[str, str | None, Issue | None]:
    """The path as problems name it (relative to `shown_base` when inside it), and the
    file's text (UTF-8, LF line ends) or why it cannot be read."""
    from .events import decode

    shown = path.as_posix()
    if shown_base is not None:
        with contextlib.suppress(ValueError):
            shown = path.relative_to(shown_base).as_posix()
    try:
        data = path.read_bytes()
    except OSError as exc:
        return shown, None, Issue(shown, 1, 1, f"cannot read the file: {exc.strerror}")
    return (shown, *decode(data, shown))


def check_threads(threads: Iterable[Thread], events: Iterable[Any]) -> list[Issue]:
    """Every thread must name a tag or an actor (as spelled) that some event has: its
    page is where the introduction is shown. One problem per thread, at its header line."""
    names: dict[str, set[str]] = {"tag": set(), "actor": set()}
    for event in events:
        names["tag"].update(event.tags)
        names["actor"].update(event.actors)
    issues = []
    for thread in threads:
        known = names[thread.kind]
        if thread.name in known:
            continue
        close = difflib.get_close_matches(thread.name, sorted(known), n=1)
        hint = (f"did you mean {close[0]!r}?" if close
                else f"write the {thread.kind} as an event spells it")
        issues.append(Issue(thread.path, thread.line, thread.col,
                            f"no event has the {thread.kind} {thread.name!r}: {hint} "
                            f"(the thread is shown on that {thread.kind}'s page)"))
    return issues


# Pelican's page statuses (Markdown metadata 'Status:').
PAGE_STATUSES = ("published", "hidden", "draft")


def check_pages(folders: Iterable[Path], shown_base: Path | None = None) -> tuple[int, list[Issue]]:
    """The front matter of the site's Markdown pages, as Pelican's Markdown reader reads it:
    `Key: value` lines up to the first blank line. A page needs a title; its status, if
    written, must be one Pelican knows. Returns (files read, problems)."""
    issues: list[Issue] = []
    count = 0
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.suffix in (".md", ".markdown")):
            count += 1
            shown, text, problem = read_markdown(path, shown_base)
            if text is None:
                issues.append(problem)  # type: ignore[arg-type]
                continue
            meta: dict[str, tuple[str, int, int]] = {}
            for number, line in enumerate(text.split("\n"), 1):
                if not line.strip():
                    break
                if line.startswith("    ") and meta:  # a continuation line
                    continue
                key, sep, value = line.partition(":")
                if not sep or not key.strip() or " " in key.strip():
                    break  # the text starts here (Markdown's meta extension stops too)
                col = len(line) - len(value.lstrip()) + 1
                meta[key.strip().lower()] = (value.strip(), number, col)
            title = meta.get("title")
            if title is None:
                issues.append(Issue(shown, 1, 1, "the page has no title: write 'Title: …' on "
                                    "its first line, then a blank line before the text"))
            elif not title[0]:
                issues.append(Issue(shown, title[1], title[2],
                                    "'Title:' is empty: write the page's title after it"))
            status = meta.get("status")
            if status is not None and status[0].lower() not in PAGE_STATUSES:
                issues.append(Issue(shown, status[1], status[2],
                                    f"'Status:' is {status[0]!r}: write one of: "
                                    + ", ".join(PAGE_STATUSES)))
    return count, issues


def load_content(
    threads_path: Path | None, page_paths: Iterable[Path], events: Iterable[Any],
    shown_base: Path | None = None,
) -> tuple[list[Thread], list[Issue], int]:
    """What the build reads from content/ besides the eras, checked as the build checks
    it: the threads (against the events' tags and actors) and the pages' front matter.
    Returns (threads, problems, files read). `invoke validate` and the build share it."""
    threads, issues = load_threads(threads_path, shown_base)
    issues += check_threads(threads, events)
    files = len(list(threads_path.glob("*.md"))) if threads_path and threads_path.is_dir() else 0
    pages, page_issues = check_pages(page_paths, shown_base)
    return threads, sorted(issues + page_issues), files + pages
