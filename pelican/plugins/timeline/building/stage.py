"""Staged builds: write only what changed, then move it over the previous output.

A build of an existing site (`invoke build`) renders into an empty staging folder with
TIMELINE_STAGED on: a page or data file whose inputs have not changed is not written (nor
hard-linked: at 10,000 events making the 10,800 folders of a full copy cost more than the
rest of an edit), and the build adds a listing of every file it owns and of those it no
longer makes. Only when Pelican has succeeded does the build task call `apply_stage`,
which moves each staged file over its old version (a rename: a reader sees the old file
or the new one, never half of one), replaces the search shards that changed and deletes
what the build no longer makes. A failed build leaves the output as it was.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

LISTING = ".timeline-stage.json"
SEARCH_DIR = "pagefind"


def write_stage_listing(stage: Path, owned: Iterable[str], gone: Iterable[str] | None,
                        search: dict[str, list[str] | None]) -> None:
    """Record, in the staging folder, every file the timeline owns in this build (written
    or kept), those of the previous build it no longer makes (None: not known, so every
    folder is checked), and each search index's folder and shards (None: no index)."""
    listing = {"owned": sorted(owned), "gone": None if gone is None else sorted(gone),
               "search": {folder: None if shards is None else sorted(shards)
                          for folder, shards in sorted(search.items())}}
    (stage / LISTING).write_text(json.dumps(listing), encoding="utf-8")


def _remove_file(output: Path, rel: str) -> None:
    path = output / rel
    if path.is_file() or path.is_symlink():
        path.unlink()
        parent = path.parent
        while parent != output:  # drop the folders left empty (events/<id>/)
            try:
                parent.rmdir()
            except OSError:
                break
            parent = parent.parent


def _apply_search(stage: Path, output: Path, shards: list[str] | None,
                  search_dir: str = SEARCH_DIR) -> None:
    staged, live = stage / search_dir, output / search_dir
    if shards is None:
        shutil.rmtree(live, ignore_errors=True)
        return
    live.mkdir(parents=True, exist_ok=True)
    for shard in sorted(p for p in staged.iterdir() if p.is_dir()):
        shutil.rmtree(live / shard.name, ignore_errors=True)
        os.replace(shard, live / shard.name)
    for old in sorted(p for p in live.iterdir() if p.is_dir() and p.name not in shards):
        shutil.rmtree(old)


def apply_stage(stage: Path, output: Path) -> int:
    """Move the staged build over `output`; return the number of files moved."""
    listing = json.loads((stage / LISTING).read_text(encoding="utf-8"))
    (stage / LISTING).unlink()
    search: dict[str, list[str] | None] = listing["search"]
    for folder, shards in search.items():
        _apply_search(stage, output, shards, folder)
    moved: set[str] = set()
    for root, _dirs, files in os.walk(stage):
        for name in files:
            source = Path(root) / name
            rel = source.relative_to(stage).as_posix()
            target = output / rel
            if not target.parent.is_dir():
                target.parent.mkdir(parents=True)
            os.replace(source, target)
            moved.add(rel)
    owned = set(listing["owned"])
    gone = listing["gone"]
    for rel in gone or ():
        if rel not in owned and rel not in moved:
            _remove_file(output, rel)
    # Files Pelican makes (theme files, content pages) are all in the stage: whatever else
    # stands outside the timeline's own folders (all of them, when what the previous build
    # made is not known) is left from an earlier build.
    timeline_dirs = {folder for folder in search if "/" not in folder}
    if gone is not None:
        timeline_dirs |= {rel.split("/", 1)[0] for rel in owned if "/" in rel}
    for entry in sorted(output.iterdir()):
        if entry.name in timeline_dirs:
            continue
        paths = [entry] if entry.is_file() else [p for p in entry.rglob("*") if p.is_file()]
        for path in paths:
            rel = path.relative_to(output).as_posix()
            if any(rel.startswith(f"{folder}/") for folder in search):
                continue  # a search index: _apply_search's
            if rel not in owned and rel not in moved:
                _remove_file(output, rel)
    return len(moved)
