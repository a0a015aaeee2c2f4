"""Eras: named periods (an administration, a consultation, a review) drawn behind the events.

All eras live in one YAML file (TIMELINE_ERAS_PATH, e.g. content/eras.yaml):

    eras:
      - id: public-consultation
        name: Public consultation
        start: "2021-01-20"
        end: "2021-04-30"          # optional: no end means ongoing
        color: "#3b6fb6"
        description: The council's consultation on the plan.   # optional Markdown
        sources:                   # optional, same shape as event sources
          - url: https://…
            title: …
            publisher: …

The file is read with the same strict YAML and checked with the same field checks as the
events, so its problems read the same: `path:line:col: error: message`. Eras may overlap.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import strict_yaml
from .issues import Issue
from .model import ID_RE, Event, PartialDate, Source, display_range
from .schema import Field
from .strict_yaml import Map, Node, kind_name
from .validate import FileChecker

COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
MAX_ERAS = 200

ERA_FIELDS: tuple[Field, ...] = (
    Field("id", "line", True, "The era's slug: lowercase letters, digits and hyphens.", 60),
    Field("name", "line", True, "The era's name, e.g. Public consultation.", 120),
    Field("start", "date", True, "First day, month or year: YYYY, YYYY-MM or YYYY-MM-DD."),
    Field("end", "date", False, "Last day, month or year; leave out while the era goes on."),
    Field("color", "line", True, "The band's colour as #rrggbb, e.g. #3b6fb6.", 40),
    Field("description", "markdown", False, "A sentence or two of Markdown.", 2000),
    Field(
        "sources", "sources", False, "Sources for the dates, if not common knowledge.", max_items=20
    ),
    Field("translations", "era_translations", False,
          "The name and description in other languages: `ja: {name: …, description: …}`.",
          max_items=40),
)
ERAS_FILE_FIELDS: tuple[Field, ...] = (
    Field(
        "eras",
        "eras",
        True,
        "the list of eras, each '- id: …' with name, start and color",
        max_items=MAX_ERAS,
    ),
)


@dataclass(frozen=True)
class Era:
    id: str
    name: str
    start: PartialDate
    color: str
    end: PartialDate | None = None
    description: str | None = None
    sources: tuple[Source, ...] = ()
    path: str = ""
    line: int = 1
    # language code -> {"name": …, "description": …} (the era's `translations:`)
    translations: dict[str, dict[str, str]] = field(default_factory=dict, hash=False,
                                                    compare=False)

    @property
    def ongoing(self) -> bool:
        return self.end is None

    @property
    def first_day(self) -> dt.date:
        return self.start.first_day()

    def last_day(self, today: dt.date | None = None) -> dt.date:
        """The era's last day; an ongoing era lasts until `today` (or for ever)."""
        if self.end is not None:
            return self.end.last_day()
        return today or dt.date.max

    @property
    def display_dates(self) -> str:
        """'20 January 2021 – 20 January 2025', or 'since 25 May 2022' while it goes on."""
        if self.end is None:
            return f"since {self.start.display()}"
        return display_range(self.start, self.end)


def eras_of_events(eras: Iterable[Era], events: Iterable[Event]) -> dict[str, list[Event]]:
    """Each era's id -> its events in date order: those with any part of their span
    within the era."""
    # day numbers (reading.model.day_number), which hold dates before the common era too
    forever = dt.date.max.toordinal()
    bounds = [(era.id, era.start.first_number(), era.end.last_number() if era.end else forever)
              for era in eras]
    result: dict[str, list[Event]] = {era_id: [] for era_id, _first, _last in bounds}
    for event in sorted(events, key=lambda e: e.sort_key):
        first, last = event.date.first_number(), (event.end_date or event.date).last_number()
        for era_id, era_first, era_last in bounds:
            if first <= era_last and last >= era_first:
                result[era_id].append(event)
    return result


def eras_by_event(eras: Iterable[Era], era_events: dict[str, list[Event]]) -> dict[str, list[Era]]:
    """Each event's id -> the eras it falls in, in the order of the eras file."""
    result: dict[str, list[Era]] = {}
    for era in eras:
        for event in era_events.get(era.id, []):
            result.setdefault(event.id, []).append(era)
    return result


class _EraChecker(FileChecker):
    """The event checks, plus the era-only shapes: an id slug and a colour."""

    def era(self, node: Node, index: int) -> Era | None:
        label = f"era {index}"
        if not isinstance(node, Map):
            self.error(
                node,
                f"{label} must be a mapping (id: …, name: …, start: …, color: …), "
                f"not {kind_name(node)}",
            )
            return None
        values = self.fields(node, ERA_FIELDS, label)
        if values is None:
            return None
        ok = True
        era_id = str(values["id"])
        if not ID_RE.match(era_id):
            suggestion = re.sub(r"[^a-z0-9]+", "-", era_id.lower()).strip("-") or "my-era"
            self.error(
                node.items["id"][1],
                f"'id' {era_id!r} of {label}: ids are lowercase letters, digits and single "
                f"hyphens (write '{suggestion}')",
            )
            ok = False
        color = str(values["color"])
        if not COLOR_RE.match(color):
            self.error(
                node.items["color"][1],
                f"'color' {color!r} of {label} is not a colour: write #rrggbb with six hex "
                'digits, e.g. #3b6fb6 (quote it: color: "#3b6fb6")',
            )
            ok = False
        start = values["start"]
        end = values.get("end")
        assert isinstance(start, PartialDate)
        if isinstance(end, PartialDate):
            end_node = node.items["end"][1]
            if end.last_number() < start.first_number():
                self.error(
                    end_node,
                    f"'end' ({end}) of {label} is before its 'start' ({start}): swap them, "
                    "or fix the typo",
                )
                ok = False
            elif end == start:
                self.error(
                    end_node,
                    f"'end' of {label} is the same as 'start': an era is a "
                    "period; give its last day, or delete 'end' if it goes on",
                )
                ok = False
        if not ok:
            return None
        return Era(path=self.path, line=node.line, **values)  # type: ignore[arg-type]


def validate_eras(root: Node | None, path: str) -> tuple[list[Era], list[Issue]]:
    """Check a parsed eras file; return the valid eras and every problem found."""
    checker = _EraChecker(path, dt.date.today())
    if root is None:
        checker.issues.append(
            Issue(
                path,
                1,
                1,
                "the file is empty: write 'eras:' and then a list of eras "
                "(- id: …, name: …, start: …, color: …), or 'eras: []' for none",
            )
        )
        return [], checker.issues
    if not isinstance(root, Map):
        checker.error(
            root, f"the file must be a mapping with one key, 'eras:', not {kind_name(root)}"
        )
        return [], checker.issues
    top = checker.mapping(root, ERAS_FILE_FIELDS, "the eras file")
    if "eras" not in top:
        return [], checker.issues
    items = checker.seq(top["eras"][1], ERAS_FILE_FIELDS[0])
    if items is None:
        return [], checker.issues
    eras: list[Era] = []
    seen: dict[str, Era] = {}
    for index, item in enumerate(items, 1):
        era = checker.era(item, index)
        if era is None:
            continue
        if era.id in seen:
            assert isinstance(item, Map)
            checker.error(
                item.items["id"][1],
                f"duplicate era id '{era.id}' (first used on line {seen[era.id].line}): "
                "give each era its own id",
            )
            continue
        seen[era.id] = era
        eras.append(era)
    return eras, checker.issues


def load_eras_text(text: str, shown: str) -> tuple[list[Era], list[Issue]]:
    root, problems = strict_yaml.parse(text)
    issues = [Issue(shown, p.line, p.col, p.message) for p in problems]
    if root is None and problems:
        return [], issues
    eras, more = validate_eras(root, shown)
    issues.extend(more)
    if any(i.severity == "error" for i in issues):
        return [], sorted(set(issues))
    return eras, sorted(set(issues))


def load_eras(path: Path, base: Path | None = None) -> tuple[list[Era], list[Issue]]:
    """Read, parse and check the eras file. Nothing raises for bad content.

    With any error, no era is returned (the build stops on the errors anyway).
    """
    from .events import display_path, read_event_file

    shown = display_path(path, base)
    if not path.exists() and not path.is_symlink():
        return [], [
            Issue(
                shown,
                1,
                1,
                "the eras file does not exist: create it (eras: []), or unset TIMELINE_ERAS_PATH",
            )
        ]
    text, problem = read_event_file(path, shown)
    if problem is not None or text is None:
        return [], [problem] if problem else []
    return load_eras_text(text, shown)


def default_eras_path(events_dir: Path) -> Path:
    """The convention `invoke validate` follows: content/eras.yaml beside events/."""
    return events_dir.absolute().parent / "content" / "eras.yaml"


def check_eras(
    eras_path: str | None, events_dir: Path, base: Path | None = None
) -> tuple[list[Era], list[Issue], int]:
    """For `timeline.check`: (eras, issues, files read). Without an explicit path, the
    conventional file is checked when it exists, and silently skipped otherwise."""
    path = Path(eras_path) if eras_path else default_eras_path(events_dir)
    if not eras_path and not path.exists():
        return [], [], 0
    eras, issues = load_eras(path, base)
    return eras, issues, 1
