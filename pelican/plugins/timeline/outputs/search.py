"""The search index: Pagefind records made from the events themselves, one shard a year.

Each year's events become one Pagefind bundle, `pagefind/<year>/`, built with Pagefind's
indexing service from records (title, summary, body, updates and sources as text; date and
status as metadata; status and tags as filters); `pagefind/shards.json` lists the shards,
and the browser (static/js/search.js) loads the first and merges the others with
`mergeIndex`. A shard whose records did not change since the previous output is hard-linked
from it, not indexed again, so an edit re-indexes one year. No HTML is re-read.

The service is driven over its own pipe protocol (base64 JSON, comma-separated), as
pagefind's Python API does, but with every request pipelined: the Python API waits 0.1 s
per reply.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..reading.model import STATUS_LABELS

MANIFEST = "shards.json"
TAGS = re.compile(r"<[^>]*>")


def _text(markup: str) -> str:
    return " ".join(html.unescape(TAGS.sub(" ", markup)).split())


def event_record(event: Any, url: str, rendered: dict[str, Any],
                 language: str = "en") -> dict[str, Any]:
    """The Pagefind record of one event page: what its `data-pagefind-*` marks say, in the
    edition's language (Pagefind indexes each language apart, with its own stemming)."""
    from ..building.i18n import Localizer

    loc = Localizer.for_language(language)

    def md(text: str) -> str:
        return _text(str(rendered.get(text, text)))

    date = loc.span(event.date, event.end_date, event.approximate)
    status = loc.gettext(STATUS_LABELS[event.current_status])
    parts = [event.title, date, status, md(event.summary)]
    if event.body:
        parts.append(md(event.body))
    for update in event.updates:
        parts.append(md(update.note))
    parts += [*event.tags, *event.actors]
    for source in event.all_sources():
        parts += [source.publisher, source.title, source.quote or ""]
    return {
        "url": url,
        "content": " ".join(p for p in parts if p),
        "language": language.split("_")[0].split("-")[0],
        "meta": {"title": event.title, "date": date, "status": status},
        "filters": {"status": [event.current_status], "tag": list(event.tags)},
        "sort": {"date": event.date.iso()},
    }


def shard_records(events: Iterable[Any], url_of: Any, rendered: dict[str, Any],
                  language: str = "en") -> dict[str, list[dict[str, Any]]]:
    """Records by shard name (the event's year), newest shard first."""
    shards: dict[str, list[dict[str, Any]]] = {}
    for event in events:
        shards.setdefault(str(event.date.year), []).append(
            event_record(event, url_of(event), rendered, language))
    return dict(sorted(shards.items(), reverse=True))


def _digest(records: list[dict[str, Any]], version: str) -> str:
    text = json.dumps([version, records], sort_keys=True, ensure_ascii=False)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


class Service:
    """Pagefind's indexing service (the `pagefind --service` binary), requests pipelined."""

    def __init__(self) -> None:
        from pagefind.service import get_executable

        binary = get_executable()
        if binary is None:
            raise RuntimeError("the Pagefind binary was not found (pip package pagefind_bin)")
        self.proc = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.sent = 0
        self.replies: dict[int, dict[str, Any]] = {}
        self.ready = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        buffer = b""
        while chunk := self.proc.stdout.read1(1 << 16):
            buffer += chunk
            *messages, buffer = buffer.split(b",")
            for message in messages:
                reply = json.loads(base64.b64decode(message))
                with self.ready:
                    self.replies[reply.get("message_id") or 0] = reply["payload"]
                    self.ready.notify_all()
        with self.ready:
            self.replies[-1] = {"type": "Error", "message": "the Pagefind service stopped"}
            self.ready.notify_all()

    def send(self, payload: dict[str, Any]) -> int:
        self.sent += 1
        request = {"message_id": self.sent, "payload": payload}
        assert self.proc.stdin is not None
        self.proc.stdin.write(base64.b64encode(json.dumps(request).encode("utf-8")) + b",")
        return self.sent

    def wait(self, message_id: int) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.flush()
        with self.ready:
            while not {message_id, 0, -1} & self.replies.keys():
                self.ready.wait()
        reply = self.replies.get(message_id) or self.replies.get(0) or self.replies[-1]
        if reply.get("type") == "Error":
            raise RuntimeError(f"Pagefind: {reply.get('message')}")
        return reply

    def index(self, records: list[dict[str, Any]], folder: Path) -> None:
        """Write one bundle of `records` into `folder`."""
        index_id = self.wait(self.send({"type": "NewIndex", "config": None}))["index_id"]
        for record in records:
            self.send({"type": "AddRecord", "index_id": index_id, **record})
        self.wait(self.send({"type": "WriteFiles", "index_id": index_id,
                             "output_path": str(folder)}))
        self.wait(self.send({"type": "DeleteIndex", "index_id": index_id}))

    def close(self) -> None:
        # every reply is in; forked workers may hold the pipe open, so do not wait for EOF
        self.proc.kill()
        self.proc.wait()


def search_shards(output: Path) -> list[str]:
    """The shards of the index written in `output/pagefind/`."""
    manifest = output / "pagefind" / MANIFEST
    return list(json.loads(manifest.read_text(encoding="utf-8"))["shards"])


def _files(folder: Path) -> Iterator[Path]:
    return (p for p in sorted(folder.rglob("*")) if p.is_file())


def _link_tree(source: Path, target: Path) -> None:
    for path in _files(source):
        dest = target / path.relative_to(source)
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, dest)
        except OSError:
            shutil.copy2(path, dest)


def write_index(shards: dict[str, list[dict[str, Any]]], output: Path,
                previous: Path | None = None, staged: bool = False) -> tuple[int, int]:
    """Write `output/pagefind/`: each shard indexed, or reused from `previous/pagefind/`
    when its records are unchanged (hard-linked; left where it is when `staged`, for the
    build task to keep). Returns (shards indexed, shards reused)."""
    from importlib.metadata import version as installed

    version = installed("pagefind")
    folder, old_folder = output / "pagefind", (previous / "pagefind" if previous else None)
    old: dict[str, str] = {}
    if old_folder is not None and (old_folder / MANIFEST).is_file():
        try:
            old = json.loads((old_folder / MANIFEST).read_text(encoding="utf-8"))["digests"]
        except (ValueError, KeyError, TypeError):
            old = {}
    in_place = old_folder is not None and old_folder.resolve() == folder.resolve()
    if folder.exists() and not in_place:
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    digests = {name: _digest(records, version) for name, records in shards.items()}
    if in_place:  # drop what is not a current shard (a year with no events left)
        for path in folder.iterdir():
            if path.name not in digests or old.get(path.name) != digests[path.name]:
                shutil.rmtree(path) if path.is_dir() else path.unlink()
    service: Service | None = None
    indexed = reused = 0
    try:
        for name, records in shards.items():
            unchanged = old_folder is not None and old.get(name) == digests[name] and (
                old_folder / name / "pagefind-entry.json").is_file()
            if unchanged:
                if not (in_place or staged):
                    _link_tree(old_folder / name, folder / name)  # type: ignore[operator]
                reused += 1
                continue
            service = service or Service()
            service.index(records, folder / name)
            indexed += 1
    finally:
        if service is not None:
            service.close()
    manifest = {"shards": list(shards), "digests": digests}
    (folder / MANIFEST).write_text(json.dumps(manifest, sort_keys=True) + "\n",
                                   encoding="utf-8")
    return indexed, reused


def search_job(site: Any, urls: Any, rendered: dict[str, Any], output: Path,
               previous: Path, staged: bool, language: str = "en") -> Any:
    """The search index, made from the events in a forked process while the pages are
    written; `output` and `previous` are the timeline's folders in the two outputs."""
    from ..parallel import Background

    def run() -> tuple[int, int]:
        shards = shard_records(site.events, lambda e: "/" + urls.event(e.id), rendered,
                               language)
        return write_index(shards, output, previous if previous.is_dir() else None,
                           staged=staged)

    return Background(run)
