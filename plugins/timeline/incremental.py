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
from collections.abc import Iterable
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from .model import Event

if TYPE_CHECKING:
    from .writer import Page, PageWriter

FORMAT = "timeline-output-1"
_PRIMITIVES = (str, int, float, bool, type(None), dt.date, dt.datetime, PurePath)


def blake(*parts: str | bytes) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def event_digest(event: Event) -> str:
    return blake(repr(event))


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
        self.events = {e.id: event_digest(e) for e in events}

    def value(self, value: Any) -> str:
        if isinstance(value, Event):
            digest = self.events.get(value.id)
            return digest if digest is not None else event_digest(value)
        if isinstance(value, _PRIMITIVES):
            return repr(value)
        if isinstance(value, (list, tuple)):
            return "[" + ",".join(self.value(v) for v in value) + "]"
        if isinstance(value, dict):
            return "{" + ",".join(f"{k!r}:{self.value(v)}" for k, v in sorted(
                value.items(), key=lambda kv: str(kv[0]))) + "}"
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            fields = ",".join(f"{f.name}={self.value(getattr(value, f.name))}"
                              for f in dataclasses.fields(value))
            return f"{type(value).__name__}({fields})"
        if isinstance(value, (set, frozenset)):
            return "{" + ",".join(sorted(self.value(v) for v in value)) + "}"
        raise TypeError(type(value).__name__)

    def page(self, page: Page) -> str | None:
        try:
            variables = self.value(page.variables)
        except TypeError:
            return None  # something we cannot fingerprint: always render
        return blake(self.base, self.scopes[page.scope], page.template, variables)

    def text(self, *parts: Any, scope: str = "site") -> str | None:
        """A file's fingerprint from its parts; scope "site" adds every event's digest."""
        try:
            return blake(self.base, self.scopes[scope], self.value(list(parts)))
        except TypeError:
            return None


class OutputCache:
    """The previous build's files and fingerprints: save_as -> [fingerprint, size, mtime]."""

    def __init__(self, manifest: Path, previous: Path | None, output: Path) -> None:
        self.manifest = manifest
        self.previous = previous
        self.output = output
        self.old: dict[str, list[Any]] = {}
        self.new: dict[str, list[Any]] = {}
        if previous is not None and previous.is_dir() and manifest.is_file():
            try:
                data = json.loads(manifest.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}
            if data.get("format") == FORMAT and data.get("output") == str(previous):
                self.old = data.get("files", {})

    def reuse(self, save_as: str, fingerprint: str, writer: PageWriter) -> bool:
        entry = self.old.get(save_as)
        if entry is None or entry[0] != fingerprint or self.previous is None:
            return False
        source = self.previous / save_as
        try:
            stat = os.stat(source)
        except OSError:
            return False
        if [stat.st_size, stat.st_mtime_ns] != entry[1:]:
            return False  # changed since: the previous build did not write this file
        if self.previous.resolve() != self.output.resolve():
            target = writer.target(save_as)
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
