"""Guided reading: short introductions for tag and actor pages, written in content/threads/.

Each file is Markdown with a small header:

    Title: Japan and Pillar 2
    Tag: pillar-2            (or: Actor: Japan)

    One or two paragraphs of introduction.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from .issues import Issue

HEADER_KEYS = ("Title", "Tag", "Actor", "Order")


@dataclass(frozen=True)
class Thread:
    path: str
    title: str
    kind: str  # "tag" or "actor"
    name: str
    text: str
    order: int = 100


def load_threads(
    folder: Path | None, shown_base: Path | None = None
) -> tuple[list[Thread], list[Issue]]:
    threads: list[Thread] = []
    issues: list[Issue] = []
    if folder is None or not folder.is_dir():
        return threads, issues
    for path in sorted(folder.glob("*.md")):
        shown = path.as_posix()
        if shown_base is not None:
            with contextlib.suppress(ValueError):
                shown = path.relative_to(shown_base).as_posix()
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        header, _, body = text.partition("\n\n")
        meta: dict[str, str] = {}
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
        threads.append(
            Thread(shown, meta["Title"], kinds[0].lower(), meta[kinds[0]], body.strip(), order)
        )
    threads.sort(key=lambda t: (t.order, t.title))
    return threads, issues
