"""`invoke new-event`: write a new event file that passes validation."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from .loader import SCHEMA_COMMENT, load_text
from .model import PartialDate, slugify

TEMPLATE = """{comment}
title: {title}
date: "{date}"
status: {status}
summary: |
  One neutral paragraph: what happened, who said it, and what is not known.
  (Replace this text.)
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
                           source_title=_quoted(source_title))
    path = events_dir / f"{event_id}.yaml"
    _event, issues = load_text(text, path.as_posix(), event_id, today)
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
