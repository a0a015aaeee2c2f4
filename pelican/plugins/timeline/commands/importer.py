"""`timeline-import FILE --events DIR` (`invoke import FILE`): event files from a spreadsheet.

Reads a TimelineJS sheet (CSV, or TimelineJS JSON), a plain spreadsheet with the columns
of the site's data/events.csv, or the site's data/events.json (commands/import_formats.py
says what each row becomes), and writes one event file per row, named as `invoke
new-event` names them (2024-03-02-first-words-of-the-title.yaml; 8000-bce-… before the
common era) or, for the site's own data, by the event's id.

Every file is checked by the validator the build uses before anything is written: a row
that cannot be an event is reported as `FILE:LINE: error: …` (FILE:events[3] in JSON), and
then nothing is written and the command exits 1, unless `--skip-invalid` (the rest are
written; exit 0). Files are written atomically. Each starts with the comment
`# imported from FILE:LINE, sha256:…`, the hash of what was imported: importing again
leaves a file whose content would not change untouched ("unchanged"), and refuses to
replace a file that was edited since (or that the importer did not write) without
`--force`. Remote media are linked, never fetched. No traceback reaches the user.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import re
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from ..reading import schema, strict_yaml
from ..reading.events import SCHEMA_COMMENT, decode, find_files, load_text
from ..reading.model import ID_RE
from ..reading.schema import EVENT_FIELDS, MAX_FILE_BYTES, SOURCE_FIELDS, UPDATE_FIELDS
from .import_formats import FORMATS, Input, Row, detect, read_input
from .new_event import event_id

IMPORT_COMMENT_RE = re.compile(r"^# imported from (?P<where>.+), sha256:(?P<hash>[0-9a-f]{64})$")
MEDIA_ORDER = ("file", "url", "alt", "credit", "caption")

# ---- YAML --------------------------------------------------------------------------------

# A plain (unquoted) scalar that YAML reads back as the same text: starts with a letter or
# digit, holds no character that means something in YAML, does not end in a space.
_PLAIN_RE = re.compile(r"^[^\W_][\w .,;()/'’&+=?-]*(?<![ .:])$")
_URL_PLAIN_RE = re.compile(r"^https?://[^\s#,\[\]{}'\"]+$")
_FLOW_PLAIN_RE = re.compile(r"^[^\W_][\w .;()/'’&+-]*(?<![ .:])$")


def _scalar(value: str, flow: bool = False, force_quotes: bool = False) -> str:
    if not force_quotes and (_FLOW_PLAIN_RE if flow else _PLAIN_RE).match(value) and (
            " #" not in value):
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML scalar


def _block(value: str, indent: int) -> list[str] | None:
    """A literal block scalar (|) for multi-line text, as its lines after the key; None when
    the text cannot be one exactly (then it is quoted)."""
    if "\n" not in value.rstrip("\n") or "\r" in value:
        return None
    body = value.rstrip("\n")
    trailing = len(value) - len(body)
    lines = body.split("\n")
    if any(line.strip() == "" and line for line in lines) or body[:1] in (" ", "\t"):
        return None
    chomp = {0: "-", 1: ""}.get(trailing, "+")
    pad = " " * indent
    out = [f"|{chomp}"] + [pad + line if line else "" for line in lines]
    out += [""] * (trailing - 1 if trailing > 1 else 0)
    return out


def _text(key: str, value: str, indent: int, quote: bool) -> list[str]:
    pad = " " * indent
    block = None if quote else _block(value, indent + 2)
    if block is not None:
        return [f"{pad}{key}: {block[0]}", *block[1:]]
    return [f"{pad}{key}: {_scalar(value, force_quotes=quote)}"]


def _value_lines(key: str, value: Any, kind: str, indent: int, quote: bool) -> list[str]:
    pad = " " * indent
    if kind == "bool":
        return [f"{pad}{key}: {'true' if value else 'false'}"]
    if kind == "date":
        return [f'{pad}{key}: "{value}"']
    if kind == "url" and _URL_PLAIN_RE.match(str(value)) and not quote:
        return [f"{pad}{key}: {value}"]
    if kind in ("slugs", "ids", "names"):
        items = ", ".join(_scalar(str(v), flow=True, force_quotes=quote) for v in value)
        return [f"{pad}{key}: [{items}]"]
    if kind in ("sources", "updates", "media"):
        order = {"sources": [f.name for f in SOURCE_FIELDS],
                 "updates": [f.name for f in UPDATE_FIELDS], "media": list(MEDIA_ORDER)}[kind]
        kinds = {"sources": {f.name: f.kind for f in SOURCE_FIELDS},
                 "updates": {f.name: f.kind for f in UPDATE_FIELDS},
                 "media": {f.name: f.kind for f in getattr(schema, "MEDIA_FIELDS", ())},
                 }[kind]
        lines = [f"{pad}{key}:"]
        for item in value:
            names = [n for n in order if n in item] + [n for n in item if n not in order]
            item_lines: list[str] = []
            for name in names:
                item_lines += _value_lines(name, item[name], kinds.get(name, "line"),
                                           indent + 4, quote)
            item_lines[0] = f"{pad}  - " + item_lines[0][indent + 4:]
            lines += item_lines
        return lines
    return _text(key, str(value), indent, quote)


def event_yaml(event: dict[str, Any], quote: bool = False) -> str:
    """The event's fields as the text of an event file, in the format's field order."""
    lines: list[str] = []
    for f in EVENT_FIELDS:
        if f.name in event:
            lines += _value_lines(f.name, event[f.name], f.kind, 0, quote)
    return "\n".join(lines) + "\n"


def _as_data(node: strict_yaml.Node | None) -> Any:
    if isinstance(node, strict_yaml.Map):
        return {k: _as_data(v) for k, (_key, v) in node.items.items()}
    if isinstance(node, strict_yaml.Seq):
        return [_as_data(item) for item in node.items]
    return node.value if isinstance(node, strict_yaml.Scalar) else None


def _as_text(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_text(v) for v in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def event_text(event: dict[str, Any]) -> str:
    """event_yaml, checked: YAML reads it back as exactly these values (else every text is
    written quoted, which always reads back exactly)."""
    text = event_yaml(event)
    root, problems = strict_yaml.parse(text)
    if problems or _as_data(root) != _as_text(event):
        text = event_yaml(event, quote=True)
    return text


def body_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def file_text(body: str, where: str) -> str:
    return f"{SCHEMA_COMMENT}\n# imported from {where}, sha256:{body_hash(body)}\n{body}"


def split_imported(text: str) -> tuple[str | None, str]:
    """(the hash an imported file records, its body after the comment), or (None, text)
    for a file the importer did not write."""
    lines = text.split("\n")
    for index, line in enumerate(lines[:3]):
        match = IMPORT_COMMENT_RE.match(line)
        if match:
            return match["hash"], "\n".join(lines[index + 1:])
        if not line.startswith("#"):
            break
    return None, text


# ---- planning ----------------------------------------------------------------------------


@dataclass
class Planned:
    row: Row
    path: Path
    text: str
    action: str  # write | update | unchanged


@dataclass
class Plan:
    input: Input
    files: list[Planned] = field(default_factory=list)

    @property
    def failed(self) -> list[Row]:
        return [r for r in self.input.rows if r.failed]


def _shown(path: Path) -> str:
    try:
        return path.absolute().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def plan(input_: Input, events_dir: Path, today: dt.date, force: bool, shown: str = "",
         label: str = "") -> Plan:
    """What importing `input_` into `events_dir` would write: each row validated (its
    problems added to the row), named, and compared with the file already there. Rows are
    named `shown` (the file as given) in messages, `label` (its name) in the files."""
    result = Plan(input_)
    found, _issues = find_files(events_dir) if events_dir.is_dir() else ([], [])
    existing = {event_id: path for path, _shown_path, event_id in found}
    batch = {r.id for r in input_.rows if r.id}
    taken: set[str] = set()
    for row in input_.rows:
        if row.event is None or row.failed:
            continue
        try:
            where = label + row.where[len(shown):] if shown and label else row.where
            planned = _plan_row(row, where, events_dir, today, force, existing, batch, taken)
        except Exception as exc:  # a row must never stop the import
            row.error(f"this row could not be imported ({type(exc).__name__}: {exc})")
            continue
        if planned is not None:
            result.files.append(planned)
    return result


def _plan_row(row: Row, where: str, events_dir: Path, today: dt.date, force: bool,
              existing: dict[str, Path], batch: set[str], taken: set[str]) -> Planned | None:
    assert row.event is not None
    event = dict(row.event)
    if row.id is not None:
        if not ID_RE.match(row.id):
            row.error(f"'id' {row.id!r} cannot be a file name: lowercase letters, digits and "
                      "single hyphens")
            return None
        stem = row.id
        if stem in taken:
            row.error(f"'id' {stem!r} is given twice: each event needs its own")
            return None
    else:
        base = event_id(event["date"], event["title"])
        stem, number = base, 2
        while stem in taken or stem in batch:
            stem, number = f"{base}-{number}", number + 1
    taken.add(stem)
    related = [r for r in event.get("related", []) if r in batch or r in existing]
    for missing in [r for r in event.get("related", []) if r not in related]:
        row.warn(f"'related' names {missing!r}, which is neither in this file nor in "
                 f"{_shown(events_dir)}/: left out")
    if related:
        event["related"] = related
    else:
        event.pop("related", None)
    body = event_text(event)
    path = existing.get(stem, events_dir / f"{stem}.yaml")
    shown = _shown(path)
    _event, issues = load_text(file_text(body, "x"), shown, stem, today)
    for issue in issues:
        severity = "error" if issue.severity == "error" else "warning"
        row.messages.append((severity, issue.message))
    if row.failed:
        return None
    if len(file_text(body, where).encode("utf-8")) > MAX_FILE_BYTES:
        row.error(f"the event would be larger than {MAX_FILE_BYTES:,} bytes")
        return None
    action = "write"
    if path.exists():
        old, problem = decode(path.read_bytes(), shown) if path.is_file() else (None, None)
        recorded, old_body = split_imported(old or "")
        if old is not None and recorded is not None and old_body == body:
            return Planned(row, path, "", "unchanged")
        edited = old is None or recorded is None or body_hash(old_body) != recorded
        if edited and not force:
            why = ("was not written by timeline-import" if recorded is None else
                   "was edited since it was imported")
            row.error(f"{shown} {why}: not replaced (import with --force to replace it, or "
                      "delete it)" + (f" ({problem.message})" if problem else ""))
            return None
        action = "update"
    return Planned(row, path, file_text(body, where), action)


# ---- writing -----------------------------------------------------------------------------


def write_atomically(path: Path, text: str) -> None:
    """Write the file whole or not at all: a temporary file beside it, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run(source: Path, events_dir: Path, fmt: str | None = None, skip_invalid: bool = False,
        force: bool = False, today: dt.date | None = None, out: TextIO | None = None) -> int:
    """Import `source` into `events_dir`, printing one line per row; the exit status."""
    out = out or sys.stdout
    today = today or dt.date.today()
    name = str(source)  # as given: messages name it so; the files' comment by its name

    def say(line: str) -> None:
        print(line, file=out)

    try:
        data = source.read_bytes()
    except OSError as exc:
        say(f"{name}: error: cannot read the file: {exc.strerror or exc}")
        return 2
    text, problem = decode(data, name)
    if text is None:
        say(problem.format() if problem is not None else f"{name}: error: cannot read it")
        return 1
    if fmt is None:
        fmt = detect(source, text)
        if fmt is None:
            say(f"{name}: error: cannot tell what this file is: give --format, one of "
                + ", ".join(FORMATS))
            return 2
    input_ = read_input(source, text, fmt, today, events_dir, name)
    for where, severity, message in input_.messages:
        say(f"{where}: {severity}: {message}")
    if any(severity == "error" for _where, severity, _m in input_.messages):
        say(f"Nothing imported from {name}.")
        return 1
    result = plan(input_, events_dir, today, force, name, source.name)
    planned = {id(p.row): p for p in result.files}
    failed = result.failed
    write = not failed or skip_invalid
    counts = {"write": 0, "update": 0, "unchanged": 0}
    skipped_notes = 0
    for row in input_.rows:
        if row.skipped:
            say(f"{row.where}: note: {row.skipped}")
            skipped_notes += 1
            continue
        for severity, message in row.messages:
            say(f"{row.where}: {severity}: {message}")
        item = planned.get(id(row))
        if item is None or row.failed:
            continue
        if write and item.action != "unchanged":
            write_atomically(item.path, item.text)
        if write:
            verb = {"write": "wrote", "update": "updated", "unchanged": "unchanged"}[item.action]
            say(f"{row.where}: {verb} {_shown(item.path)}")
            counts[item.action] += 1
    events = len([r for r in input_.rows if not r.skipped])
    if not write:
        unit = "event" if fmt.endswith("json") else "row"
        say(f"{name}: {len(failed)} of {events} {unit}{'' if events == 1 else 's'} cannot be "
            "imported: nothing written (fix them, or give --skip-invalid to import the "
            "others)")
        return 1
    parts = [f"{counts['write']} written", f"{counts['update']} updated",
             f"{counts['unchanged']} unchanged"]
    if failed:
        parts.append(f"{len(failed)} skipped for errors")
    if skipped_notes:
        parts.append(f"{skipped_notes} not an event")
    say(f"{name} ({fmt}) into {_shown(events_dir)}/: " + ", ".join(parts) + ".")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="timeline-import",
        description="Make event files from a TimelineJS sheet (CSV or JSON), a spreadsheet "
                    "with the columns of data/events.csv, or a site's data/events.json.")
    parser.add_argument("file", help="the file to import")
    parser.add_argument("--events", help="the events folder to write into (default: the "
                        "site's TIMELINE_EVENTS_PATH, from --settings)")
    parser.add_argument("--settings", default="pelicanconf.py",
                        help="the site's settings file (default: pelicanconf.py)")
    parser.add_argument("--format", choices=FORMATS,
                        help="the file's format (default: told from its name and content)")
    parser.add_argument("--skip-invalid", action="store_true",
                        help="write the rows that can be imported even if others cannot")
    parser.add_argument("--force", action="store_true",
                        help="replace event files edited since they were imported")
    parser.add_argument("--today", help="check dates against this day (YYYY-MM-DD)")
    args = parser.parse_args(argv)
    try:
        today = dt.date.fromisoformat(args.today) if args.today else None
    except ValueError:
        parser.error(f"--today {args.today!r}: write YYYY-MM-DD")
    try:
        from ..settings import ConfigError
        from .site import events_and_config, print_config_error

        try:
            events_dir, _config = events_and_config(args.events, args.settings)
        except ConfigError as exc:
            return print_config_error(exc, args.settings)
        return run(Path(args.file), events_dir, args.format, args.skip_invalid, args.force,
                   today)
    except KeyboardInterrupt:
        print("timeline-import: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # never a traceback: say what happened, in one line
        print(f"{args.file}: error: the import stopped ({type(exc).__name__}: {exc}); "
              "please report this", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
