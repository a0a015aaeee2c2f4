"""Loading `events/`: find the files, read them safely, parse, validate, cross-check.

Every file in the folder is either an event on the site or a reported problem: nothing is
skipped silently. File-level checks (links, special files, size, encoding) run before any
parsing.
"""

from __future__ import annotations

import codecs
import dataclasses
import datetime as dt
import hashlib
import logging
import os
import pickle
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..parallel import map_in_processes, no_gc
from . import strict_yaml
from .issues import Issue
from .model import ID_RE, Event
from .schema import MAX_FILE_BYTES, MEDIA_FOLDER
from .validate import check_media_files, cross_check, validate_event

logger = logging.getLogger(__name__)

# Files that may sit in events/ without being events.
ALLOWED_OTHER_FILES = frozenset({"README.md", ".gitkeep"})
SCHEMA_COMMENT = "# yaml-language-server: $schema=../schema/event.schema.json"


@dataclass
class LoadResult:
    events: list[Event] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    files: int = 0

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]


def display_path(path: Path, base: Path | None) -> str:
    base = base or Path.cwd()
    try:
        return path.absolute().relative_to(base.absolute()).as_posix()
    except ValueError:
        return path.as_posix()


def decode(data: bytes, shown: str) -> tuple[str | None, Issue | None]:
    """UTF-8 text (a BOM is dropped, CRLF becomes LF), or why the bytes are refused."""
    for bom, name in (
        (codecs.BOM_UTF32_LE, "UTF-32"),
        (codecs.BOM_UTF32_BE, "UTF-32"),
        (codecs.BOM_UTF16_LE, "UTF-16"),
        (codecs.BOM_UTF16_BE, "UTF-16"),
    ):
        if data.startswith(bom):
            return None, Issue(shown, 1, 1, f"the file is saved as {name}: save it as UTF-8")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    nul = data.find(b"\x00")
    if nul != -1:
        line = data.count(b"\n", 0, nul) + 1
        col = nul - (data.rfind(b"\n", 0, nul) + 1) + 1
        hint = "it looks like UTF-16; save it as UTF-8" if nul < 4 else "remove it"
        return None, Issue(shown, line, col, f"the file contains a NUL byte: {hint}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, Issue(
            shown,
            line,
            col,
            f"bytes that are not UTF-8 (0x{data[exc.start]:02x}): save the file as UTF-8",
        )
    return text.replace("\r\n", "\n"), None


def read_event_file(path: Path, shown: str) -> tuple[str | None, Issue | None]:
    """The file's text, after the checks that need no parsing."""
    try:
        info = path.lstat()
    except OSError as exc:
        return None, Issue(shown, 1, 1, f"cannot read the file: {exc.strerror}")
    if stat.S_ISLNK(info.st_mode):
        return None, Issue(
            shown,
            1,
            1,
            "the file is a symbolic link: event files must be ordinary files in events/",
        )
    if not stat.S_ISREG(info.st_mode):
        return None, Issue(
            shown, 1, 1, "not an ordinary file (a device, pipe or socket): remove it"
        )
    if info.st_size > MAX_FILE_BYTES:
        return None, Issue(
            shown,
            1,
            1,
            f"the file is {info.st_size:,} bytes; the limit is "
            f"{MAX_FILE_BYTES:,}: an event is a short summary with sources",
        )
    try:
        with open(path, "rb", opener=_no_follow) as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, Issue(shown, 1, 1, f"cannot read the file: {exc.strerror}")
    if len(data) > MAX_FILE_BYTES:
        return None, Issue(shown, 1, 1, f"the file is larger than {MAX_FILE_BYTES:,} bytes")
    return decode(data, shown)


def _no_follow(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))


def load_text(
    text: str, shown: str, event_id: str, today: dt.date | None = None
) -> tuple[Event | None, list[Issue]]:
    """Parse and validate one file's text."""
    root, problems = strict_yaml.parse(text)
    issues = [Issue(shown, p.line, p.col, p.message) for p in problems]
    if any(p for p in problems) and root is None:
        return None, issues
    event, more = validate_event(root, shown, event_id, today, text)
    issues.extend(more)
    if event is not None:
        # The event is a function of its file's text, id and path: hash those once here
        # (the load cache keeps it) for the build's fingerprints.
        digest = hashlib.blake2b(f"{event_id}\0{shown}\0{text}".encode(), digest_size=16)
        event = dataclasses.replace(event, digest=digest.hexdigest())
    return (event if not issues or all(i.severity != "error" for i in issues) else None), issues


def _id_suggestion(stem: str) -> str:
    """The id a person most likely meant: "2024-04-08-Leaders Meet" -> "2024-04-08-leaders-meet"."""
    return "-".join("".join(c if c.isascii() and c.isalnum() else " "
                            for c in stem.lower()).split())


def _rename_hint(events_dir: Path, stem: str, example: bool = False) -> str:
    """The suggestion "rename it to STEM.yaml", or, when an event file of that id already
    exists anywhere in events/ (a .yml copy, an upper-case twin), a free name, saying why."""
    taken = {p.name for p in events_dir.rglob("*.yaml")}
    if f"{stem}.yaml" not in taken:
        return f"{stem}.yaml" if example else f"rename it to {stem}.yaml"
    number = 2
    while f"{stem}-{number}.yaml" in taken:
        number += 1
    return (f"{stem}-{number}.yaml ({stem}.yaml already exists: if this file is a copy of "
            "it, delete one of the two)" if example else
            f"{stem}.yaml already exists: if this file is a copy of it, delete one of the "
            f"two; otherwise rename it to {stem}-{number}.yaml")


def find_files(
    events_dir: Path, base: Path | None = None
) -> tuple[list[tuple[Path, str, str]], list[Issue]]:
    """(path, shown path, id) for every .yaml file; issues for anything else in the folder."""
    found: list[tuple[Path, str, str]] = []
    issues: list[Issue] = []
    if not events_dir.is_dir():
        issues.append(
            Issue(
                display_path(events_dir, base),
                1,
                1,
                "the events folder does not exist: create it, or set TIMELINE_EVENTS_PATH",
            )
        )
        return found, issues
    for dirpath, dirnames, filenames in os.walk(events_dir):
        dirnames.sort()
        current = Path(dirpath)
        shown_dir = display_path(current, base)  # once per folder, not per file
        # events/media/ holds the events' images (media: - file: media/…): not events
        in_media = current.relative_to(events_dir).parts[:1] == (MEDIA_FOLDER,)
        for name in list(dirnames):
            if (current / name).is_symlink():
                issues.append(
                    Issue(
                        display_path(current / name, base),
                        1,
                        1,
                        "a symbolic link to a folder: move the files into events/",
                    )
                )
                dirnames.remove(name)
        for name in sorted(filenames):
            path = current / name
            shown = f"{shown_dir}/{name}" if shown_dir != "." else name
            if name in ALLOWED_OTHER_FILES or (in_media and not name.endswith((".yaml", ".yml"))):
                continue
            if name.endswith(".yml"):  # the advice is a valid id too: one rename is enough
                stem = name[:-4] if ID_RE.match(name[:-4]) else _id_suggestion(name[:-4])
                issues.append(Issue(shown, 1, 1, "event files end in .yaml: "
                                    + _rename_hint(events_dir, stem or "2024-04-08-short-title")))
                continue
            if not name.endswith(".yaml"):
                issues.append(
                    Issue(
                        shown,
                        1,
                        1,
                        "not an event file: events/ holds only "
                        "<id>.yaml files (move other files elsewhere)",
                    )
                )
                continue
            event_id = name[:-5]
            if not ID_RE.match(event_id):
                suggestion = _id_suggestion(event_id)
                issues.append(
                    Issue(
                        shown,
                        1,
                        1,
                        "the file name must be the event's id: "
                        "lowercase letters, digits and single hyphens, e.g. "
                        + (_rename_hint(events_dir, suggestion, example=True) if suggestion
                           else "2024-04-08-short-title.yaml"),
                    )
                )
                continue
            found.append((path, shown, event_id))
    return found, issues


def load_one(
    item: tuple[Path, str, str], today: dt.date | None
) -> tuple[Event | None, list[Issue]]:
    path, shown, event_id = item
    text, problem = read_event_file(path, shown)
    if problem is not None or text is None:
        return None, [problem] if problem else []
    return load_text(text, shown, event_id, today)


@dataclass(frozen=True)
class EventRef:
    """What the checks across files need of an event (for validating without building)."""

    id: str
    path: str
    line: int
    related: tuple[str, ...]
    positions: dict[str, tuple[int, int]]
    tags: tuple[str, ...] = ()  # for the threads' check (reading.threads.check_threads)
    actors: tuple[str, ...] = ()
    media: tuple[Any, ...] = ()  # for the images' check (reading.validate.check_media_files)


def check_one(item: tuple[Path, str, str], today: dt.date | None
              ) -> tuple[EventRef | None, list[Issue]]:
    """load_one for validation only: small results, cheap to send back from a worker."""
    event, issues = load_one(item, today)
    if event is None:
        return None, issues
    return EventRef(event.id, event.path, event.line, event.related, event.positions,
                    event.tags, event.actors, event.media), issues


def load_events(
    events_dir: Path,
    base: Path | None = None,
    today: dt.date | None = None,
    jobs: int | None = None,
    cache_file: Path | None = None,
    check_only: bool = False,
) -> LoadResult:
    """Load every event; collect every problem (nothing raises for bad content).

    With `cache_file`, a file whose status (size, modification time, inode) is unchanged
    since the last load is not read again: its event and problems come from the cache.
    With `check_only` (`invoke validate`), `events` holds only `EventRef`s, and files are
    checked over the machine's cores.
    """
    if check_only:
        files, issues = find_files(events_dir, base)
        result = LoadResult(files=len(files) + len(issues))
        with no_gc():
            checked = map_in_processes(check_one, files, today, jobs=jobs)
        refs = [ref for ref, _problems in checked if ref is not None]
        for _ref, problems in checked:
            issues.extend(problems)
        refs, media_issues = check_media_files(refs, events_dir, display_path(events_dir, base))
        issues.extend(media_issues)
        issues.extend(_duplicate_ids(files))
        issues.extend(cross_check({r.id: r for r in reversed(refs)}.values(),
                                  (event_id for _path, _shown, event_id in files)))
        result.events = refs  # type: ignore[assignment]
        result.issues = sorted(set(issues))
        return result
    files, issues = find_files(events_dir, base)
    result = LoadResult(files=len(files) + len([i for i in issues]))
    cache = LoadCache(cache_file, today or dt.date.today())
    loaded: list[tuple[Event | None, list[Issue]] | None] = [
        cache.get(shown, path) for path, shown, _event_id in files]
    todo = [i for i, hit in enumerate(loaded) if hit is None]
    for i, fresh in zip(todo, _load_all([files[i] for i in todo], today, jobs), strict=True):
        loaded[i] = fresh
        cache.put(files[i][1], files[i][0], fresh)
    cache.save()
    for event, problems in loaded:  # type: ignore[misc]
        issues.extend(problems)
        if event is not None:
            result.events.append(event)
    result.events, media_issues = check_media_files(result.events, events_dir,
                                                    display_path(events_dir, base))
    issues.extend(media_issues)
    issues.extend(_duplicate_ids(files))
    by_id: dict[str, Event] = {}
    for event in result.events:
        by_id.setdefault(event.id, event)
    issues.extend(cross_check(by_id.values(), (event_id for _path, _shown, event_id in files)))
    result.events.sort(key=lambda e: e.sort_key)
    result.issues = sorted(set(issues))
    return result


class LoadCache:
    """Parsed and validated files from the last load, keyed by path and file status."""

    FORMAT = "timeline-load-1"

    def __init__(self, path: Path | None, today: dt.date) -> None:
        self.path = path
        self.key = (self.FORMAT, today.isoformat(), _code_version())
        self.old: dict[str, tuple[tuple[int, ...], Event | None, list[Issue]]] = {}
        self.new: dict[str, tuple[tuple[int, ...], Event | None, list[Issue]]] = {}
        if path is not None and path.is_file():
            try:
                with open(path, "rb") as handle, no_gc():
                    key, entries = pickle.load(handle)
            except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError,
                    AttributeError, ImportError) as exc:
                # A cache costs only time: an unreadable one is rebuilt, and said so.
                logger.warning("Ignoring unreadable cache %s: %s", path, exc)
            else:
                if key == self.key:
                    self.old = entries

    @staticmethod
    def signature(path: Path) -> tuple[int, ...] | None:
        try:
            info = path.lstat()
        except OSError:
            return None
        return (info.st_mode, info.st_ino, info.st_size, info.st_mtime_ns)

    def get(self, shown: str, path: Path) -> tuple[Event | None, list[Issue]] | None:
        if self.path is None:
            return None
        entry = self.old.get(shown)
        if entry is None or entry[0] != self.signature(path):
            return None
        self.new[shown] = entry
        return entry[1], entry[2]

    def put(self, shown: str, path: Path, loaded: tuple[Event | None, list[Issue]]) -> None:
        signature = self.signature(path)
        if self.path is not None and signature is not None:
            self.new[shown] = (signature, loaded[0], loaded[1])

    def save(self) -> None:
        if self.path is None or self.new == self.old:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + f".tmp{os.getpid()}")
        with open(tmp, "wb") as handle:
            pickle.dump((self.key, self.new), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.path)


def _code_version() -> str:
    """The reading code's own hash: a cache made by other code is not used."""
    here = Path(__file__).resolve().parent
    digest = hashlib.blake2b(digest_size=12)
    for path in sorted(here.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _duplicate_ids(files: Iterable[tuple[Path, str, str]]) -> list[Issue]:
    seen: dict[str, list[str]] = {}
    for _path, shown, event_id in files:
        seen.setdefault(event_id, []).append(shown)
    issues = []
    for event_id, paths in seen.items():
        if len(paths) > 1:
            for shown in paths:
                others = ", ".join(p for p in paths if p != shown)
                issues.append(
                    Issue(
                        shown,
                        1,
                        1,
                        f"duplicate id '{event_id}': {others} has the "
                        "same file name; rename one of them",
                    )
                )
    return issues


def _load_all(
    files: list[tuple[Path, str, str]], today: dt.date | None, jobs: int | None
) -> list[tuple[Event | None, list[Issue]]]:
    # Parsing makes millions of short-lived node trees: see no_gc (a third of the loading
    # time at 10,000 events). One process: sending events back from workers costs more
    # than it saves.
    with no_gc():
        return map_in_processes(load_one, files, today, jobs=1)
