"""Rebuilding only what changed: fingerprints of pages and the previous build's files.

A page's fingerprint is a hash of everything it is made from: the templates and plugin
code, the settings, and its own variables (an event stands for the hash of its full
value). When a page's fingerprint matches the one recorded for the previous build, and
that file is still the one the previous build wrote (same size and modification time),
the file is reused instead of rendered: hard-linked into the new output folder, which
costs one link instead of a render and a write. Anything unknown makes a page render.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path, PurePath
from typing import Any, TypeVar

from ..parallel import map_in_processes
from ..reading.model import Event
from .pages import Page

FORMAT = "timeline-output-1"
T = TypeVar("T")
_PRIMITIVES = (str, int, float, bool, type(None), dt.date, dt.datetime, PurePath)


def blake(*parts: str | bytes) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def event_digest(event: Event) -> str:
    """The loader's hash of the event's file, or a hash of its full value."""
    return event.digest or blake(repr(event))


def brief_digest(event: Event) -> str:
    """What a list page shows of an event that is not on that page: in its overview, its
    filters and its counts (title, dates, statuses, tags, actors), not its summary."""
    return blake(repr((event.id, event.title, event.date, event.end_date, event.approximate,
                       event.status, event.current_status, event.tags, event.actors)))


def files_digest(paths: Iterable[Path]) -> str:
    """A hash of every file under the given folders (or of the files themselves)."""
    h = hashlib.blake2b(digest_size=16)
    for root in paths:
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for path in files:
            if path.suffix in (".pyc",) or "__pycache__" in path.parts:
                continue
            h.update(path.as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def settings_digest(settings: dict[str, Any]) -> str:
    """Settings whose values have a stable text form (functions and objects are left out:
    their reprs hold memory addresses)."""
    items = []
    for key in sorted(settings):
        value = settings[key]
        text = repr(value)
        if " at 0x" in text or " object at " in text:
            continue
        items.append(f"{key}={text}")
    return blake("\n".join(items))


class Fingerprints:
    """Fingerprints of pages from their inputs."""

    def __init__(self, base: str, site_digest: str, lists_digest: str,
                 events: Iterable[Event]) -> None:
        self.base = base
        self.scopes = {"site": site_digest, "lists": lists_digest, "none": ""}
        events = list(events)
        self.events = {e.id: event_digest(e) for e in events}
        self.briefs = {e.id: brief_digest(e) for e in events}
        self._memo: dict[tuple[int, bool], tuple[Any, str]] = {}

    def value(self, value: Any, brief: bool = False) -> str:
        """A stable text for any page variable; long-lived containers (a tag's events,
        shared by each of its pages) are computed once per build. With `brief`, an event
        stands only for what a list shows of events off the page (see brief_digest)."""
        kind = type(value)
        if kind is Event:
            digest = (self.briefs if brief else self.events).get(value.id)
            if digest is not None:
                return digest
        elif kind is str or value is None:
            return repr(value)
        if isinstance(value, (list, tuple)) or (
                dataclasses.is_dataclass(value) and not isinstance(value, type)):
            key = (id(value), brief)
            found = self._memo.get(key)
            if found is not None and found[0] is value:
                return found[1]
            text = self._value(value, brief)
            self._memo[key] = (value, text)  # holds the object: its id stays unique
            return text
        return self._value(value, brief)

    def _value(self, value: Any, brief: bool = False) -> str:
        if isinstance(value, Event):
            table = self.briefs if brief else self.events
            digest = table.get(value.id)
            if digest is None:
                digest = brief_digest(value) if brief else event_digest(value)
            return digest
        if isinstance(value, _PRIMITIVES):
            return repr(value)
        if isinstance(value, (list, tuple)):
            return "[" + ",".join(self.value(v, brief) for v in value) + "]"
        if isinstance(value, dict):
            return "{" + ",".join(f"{k!r}:{self.value(v, brief)}" for k, v in sorted(
                value.items(), key=lambda kv: str(kv[0]))) + "}"
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            fields = ",".join(f"{f.name}={self.value(getattr(value, f.name), brief)}"
                              for f in dataclasses.fields(value))
            return f"{type(value).__name__}({fields})"
        if isinstance(value, (set, frozenset)):
            return "{" + ",".join(sorted(self.value(v, brief) for v in value)) + "}"
        raise TypeError(type(value).__name__)

    def page(self, page: Page) -> str | None:
        if page.scope == "none" and not page.brief:
            fast = self._event_page(page.variables)
            if fast is not None:
                return blake(self.base, page.template, fast)
        try:
            variables = ",".join(
                f"{name}={self.value(value, brief=name in page.brief)}"
                for name, value in sorted(page.variables.items()))
        except TypeError:
            return None  # something we cannot fingerprint: always render
        return blake(self.base, self.scopes[page.scope], page.template, variables)

    def _event_page(self, variables: dict[str, Any]) -> str | None:
        """The common case (an event page: events, lists of events, words) without the
        general walk; None for anything else."""
        parts = []
        for name, value in sorted(variables.items()):
            if type(value) is Event:
                digest = self.events.get(value.id)
                if digest is None:
                    return None
                parts.append(f"{name}={digest}")
            elif value is None or type(value) is str:
                parts.append(f"{name}={value!r}")
            elif type(value) is list and all(type(v) is Event and v.id in self.events
                                             for v in value):
                parts.append(f"{name}=[" + ",".join(self.events[v.id] for v in value) + "]")
            else:
                return None
        return ",".join(parts)

    def text(self, *parts: Any, scope: str = "site") -> str | None:
        """A file's fingerprint from its parts; scope "site" adds every event's digest."""
        try:
            return blake(self.base, self.scopes[scope], self.value(list(parts)))
        except TypeError:
            return None


class OutputCache:
    """The previous build's files and fingerprints: save_as -> [fingerprint, size, mtime]."""

    def __init__(self, manifest: Path, previous: Path | None, output: Path,
                 staged: bool = False) -> None:
        self.manifest = manifest
        self.previous = previous
        self.output = output
        self.old: dict[str, list[Any]] = {}
        self.new: dict[str, list[Any]] = {}
        # In place, or staged (the build task moves what is written over `previous`): an
        # unchanged file stays where it is; otherwise it is hard-linked into `output`.
        self.in_place = staged or (
            previous is not None and previous.resolve() == output.resolve())
        self._previous_prefix = f"{previous}{os.sep}" if previous is not None else ""
        if previous is not None and previous.is_dir() and manifest.is_file():
            try:
                data = json.loads(manifest.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}
            if data.get("format") == FORMAT and data.get("output") == str(previous):
                self.old = data.get("files", {})

    def reuse(self, save_as: str, fingerprint: str, target_of: Callable[[str], Path]) -> bool:
        entry = self.old.get(save_as)
        if entry is None or entry[0] != fingerprint or self.previous is None:
            return False
        source = self._previous_prefix + save_as  # a str: cheaper than Path for 10,000s
        try:
            stat = os.stat(source)
        except OSError:
            return False
        if [stat.st_size, stat.st_mtime_ns] != entry[1:]:
            return False  # changed since: the previous build did not write this file
        if not self.in_place:
            target = target_of(save_as)
            try:
                os.link(source, target)
            except OSError:
                shutil.copy2(source, target)
                stat = os.stat(target)
        self.new[save_as] = [fingerprint, stat.st_size, stat.st_mtime_ns]
        return True

    def record(self, save_as: str, fingerprint: str, size: int, mtime: int) -> None:
        self.new[save_as] = [fingerprint, size, mtime]

    def save(self, final_output: Path) -> None:
        """Record this build's files for the next one, which will find them in
        `final_output` (where the build's folder is moved when it succeeds)."""
        self.manifest.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.manifest.with_name(self.manifest.name + f".tmp{os.getpid()}")
        tmp.write_text(json.dumps({"format": FORMAT, "output": str(final_output),
                                   "files": self.new}, separators=(",", ":")),
                       encoding="utf-8")
        os.replace(tmp, self.manifest)


class FragmentCache:
    """Pieces of output made from one event (a list item, a calendar entry, a line of
    events.json), kept between builds and keyed by what they are made from: the code,
    templates and settings (`base`), the piece's kind and the event's digest. After an
    edit only the edited event's pieces are made again.

    Stored in SQLite (one file; a kind is read only when a piece of it is needed), so a
    build writes only the pieces it made and deletes only those no longer used, instead of
    rewriting tens of megabytes."""

    FORMAT = "timeline-fragments-2"

    def __init__(self, path: Path | None, base: str) -> None:
        self.path = path
        self.base = base
        self.old: dict[str, dict[str, Any]] = {}
        self.new: dict[str, dict[str, Any]] = {}
        self.made: dict[str, dict[str, Any]] = {}
        self._db: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is None and self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                db = sqlite3.connect(self.path)
                db.execute("CREATE TABLE IF NOT EXISTS fragments (base TEXT, kind TEXT, "
                           "key TEXT, value, PRIMARY KEY (base, kind, key))")
            except sqlite3.Error as exc:  # a cache costs only time: build without it
                import logging

                logging.getLogger(__name__).warning("Not using cache %s: %s", self.path, exc)
                self.path = None
                return None
            self._db = db
        return self._db

    def _kind(self, kind: str) -> tuple[dict[str, Any], dict[str, Any]]:
        if kind not in self.new:
            self.new[kind] = {}
            self.made[kind] = {}
            db = self._connect()
            self.old[kind] = dict(db.execute(
                "SELECT key, value FROM fragments WHERE base = ? AND kind = ?",
                (f"{self.FORMAT}:{self.base}", kind))) if db is not None else {}
        return self.old[kind], self.new[kind]

    def get(self, kind: str, key: str, make: Callable[[], T]) -> T:
        old, new = self._kind(kind)
        value = new.get(key)
        if value is None:
            value = old.get(key)
            if value is None:
                value = self.made[kind][key] = make()
            new[key] = value
        return value

    def missing(self, kind: str, keys: Iterable[str]) -> list[str]:
        old, new = self._kind(kind)
        return [k for k in keys if k not in new and k not in old]

    def put(self, kind: str, key: str, value: Any) -> None:
        _old, new = self._kind(kind)
        new[key] = self.made[kind][key] = value

    def save(self) -> None:
        """Write the pieces made; drop those of this base no longer used, and any other
        base's (older code or settings)."""
        db = self._connect() if self.made else None
        if db is None:
            return
        base = f"{self.FORMAT}:{self.base}"
        with db:
            db.execute("DELETE FROM fragments WHERE base != ?", (base,))
            for kind, made in self.made.items():
                gone = [(base, kind, k) for k in self.old[kind] if k not in self.new[kind]]
                db.executemany("DELETE FROM fragments WHERE base = ? AND kind = ? AND key = ?",
                               gone)
                db.executemany("INSERT OR REPLACE INTO fragments VALUES (?, ?, ?, ?)",
                               [(base, kind, k, v) for k, v in made.items()])
        db.close()
        self._db = None


def per_event(writer: Any, kind: str, events: list[Event], make: Callable[[Event], T],
              extra: Callable[[Event], str] | None = None, parallel: bool = False) -> list[T]:
    """`[make(e) for e in events]`, each piece reused from the previous build when the
    event (and `extra`) is unchanged; with `parallel`, missing pieces are made over the
    machine's cores."""
    fragments = getattr(writer, "fragments", None)
    fingerprints = getattr(writer, "fingerprints", None)
    if fragments is None or fingerprints is None:
        return map_in_processes(make, events) if parallel else [make(e) for e in events]
    keys = [fingerprints.events.get(e.id, "") + (extra(e) if extra else "") for e in events]
    if parallel:
        wanted = set(fragments.missing(kind, keys))
        todo = [(e, k) for e, k in zip(events, keys, strict=True) if k in wanted]
        made = map_in_processes(make, [e for e, _k in todo])
        for (_event, key), value in zip(todo, made, strict=True):
            fragments.put(kind, key, value)
    return [fragments.get(kind, k, lambda e=e: make(e))  # type: ignore[misc]
            for e, k in zip(events, keys, strict=True)]


# Settings that differ between two builds of the same site (where it is built, not what).
VOLATILE_SETTINGS = frozenset(
    {"OUTPUT_PATH", "TIMELINE_PREVIOUS_OUTPUT", "CACHE_PATH", "TIMELINE_JOBS", "TIMELINE_SEARCH",
     "TIMELINE_STAGED"}
)


def site_fingerprints(site: Any, settings: dict[str, Any], config: Any,
                      template_dirs: Iterable[Path], context: dict[str, Any]) -> Fingerprints:
    """What every page depends on (code, templates, settings, eras, threads, the site's
    other pages), and the two site-wide scopes of the pages' own inputs."""
    here = Path(__file__).resolve().parent.parent
    kept = {k: v for k, v in settings.items() if k not in VOLATILE_SETTINGS}
    nav = [(getattr(p, "title", ""), getattr(p, "url", "")) for p in context.get("pages", [])]
    base = blake(
        files_digest([here, *template_dirs]),
        settings_digest(kept),
        repr(dataclasses.replace(config, jobs=None, cache_path=None, search=False,
                                 staged=False)),
        repr(context.get("timeline_eras")),
        repr(context.get("timeline_threads")),
        repr(nav),
    )
    # What a list page (tag, actor, status, year, era) shows of the site beyond its own
    # variables: the years, for the previous/next year links, and the actors' link slugs
    # (list items link each actor). Its own events and counts are in its variables, so
    # an edit re-renders only the lists that hold the edited event.
    lists = blake(repr([y.year for y in site.years]), repr(sorted(site.actor_slugs.items())))
    fingerprints = Fingerprints(base, "", lists, site.events)
    fingerprints.scopes["site"] = blake(lists, *fingerprints.events.values())
    return fingerprints
