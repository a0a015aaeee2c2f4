"""Atomic builds: output/ is replaced only when the whole build succeeded; a failed build
leaves the previous site byte-for-byte as it was, and says so."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from helpers import FIXTURE_EVENTS, ROOT, SAMPLE_SITE
from invoke import Exit

from pelican.plugins.timeline.commands.tasks import Site, atomic_build


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(autouse=True)
def engine_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pelican runs in the fixture site's folder: it finds the engine through PYTHONPATH."""
    monkeypatch.setenv("PYTHONPATH", str(ROOT))


@pytest.fixture
def events(tmp_path: Path) -> Path:
    folder = tmp_path / "events"
    shutil.copytree(FIXTURE_EVENTS, folder)
    return folder


def build(output: Path, events: Path, tmp_path: Path) -> None:
    threads = tmp_path / "threads"
    threads.mkdir(exist_ok=True)
    atomic_build(Site(SAMPLE_SITE), "pelicanconf.py", search=False, output=output, extra_settings={
        "TIMELINE_EVENTS_PATH": str(events), "TIMELINE_THREADS_PATH": str(threads),
        "TIMELINE_TODAY": "2026-11-28", "CACHE_PATH": str(tmp_path / "cache")})


def test_failed_build_leaves_previous_site_byte_for_byte(tmp_path, events, capsys):
    output = tmp_path / "site" / "output"
    build(output, events, tmp_path)
    assert (output / "index.html").is_file()
    before = snapshot(output)
    (events / "2024-03-02-fixture-day.yaml").write_text("title: [broken\n", encoding="utf-8")
    with pytest.raises(Exit) as info:
        build(output, events, tmp_path)
    assert "output/ was left exactly as it was" in str(info.value.message)
    assert snapshot(output) == before
    # no temporary folders are left behind
    # (a replaced site may still be being deleted in the background)
    assert sorted(p.name for p in output.parent.iterdir()
                  if not p.name.startswith(".output-old-")) == ["output"]


def test_successful_build_replaces_output(tmp_path, events):
    output = tmp_path / "site" / "output"
    output.mkdir(parents=True)
    (output / "stale.html").write_text("old", encoding="utf-8")
    build(output, events, tmp_path)
    assert not (output / "stale.html").exists()
    assert (output / "index.html").is_file()
    # (a replaced site may still be being deleted in the background)
    assert sorted(p.name for p in output.parent.iterdir()
                  if not p.name.startswith(".output-old-")) == ["output"]


def test_first_build_failing_creates_no_output(tmp_path, events):
    output = tmp_path / "site" / "output"
    (events / "bad.yaml").write_text("", encoding="utf-8")
    with pytest.raises(Exit):
        build(output, events, tmp_path)
    assert not output.exists()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_staged_build_after_edits_is_a_cold_build(tmp_path):
    """The second `invoke build` stages only what changed and moves it over output/:
    the result is byte for byte a cold build of the same events (an edit, a retitle, a
    status change, a deletion and an addition), unchanged pages are not rewritten, and the
    search index keeps its unchanged shards and drops the ones no event needs."""
    from synth import write_events

    events = tmp_path / "events"
    write_events(events, 150)
    output = tmp_path / "site" / "output"

    def build_into(folder: Path, cache: str, search: bool) -> None:
        atomic_build(Site(SAMPLE_SITE), "pelicanconf.py", search=search, output=folder,
                     extra_settings={"TIMELINE_EVENTS_PATH": str(events),
                                     "TIMELINE_TODAY": "2026-11-28",
                                     "CACHE_PATH": str(tmp_path / cache)})

    build_into(output, "cache", search=True)
    files = sorted(events.iterdir())
    kept_page = output / "events" / files[100].stem / "index.html"
    kept_inode = kept_page.stat().st_ino
    shards_before = {p.name for p in (output / "pagefind").iterdir() if p.is_dir()}
    _edit(files[10], "summary: |\n", "summary: |\n  A new first sentence.\n")
    _edit(files[50], "title: ", "title: Retitled ")
    text = files[70].read_text(encoding="utf-8")
    status = next(line for line in text.splitlines() if line.startswith("status: "))
    _edit(files[70], status, "status: denied" if "confirmed" in status else "status: confirmed")
    gone_year = files[0].name[:4]
    for path in files:
        if path.name.startswith(gone_year):
            path.unlink()  # every event of the first year: its search shard must go
    (events / "1999-06-30-added-event.yaml").write_text(files[11].read_text("utf-8"), "utf-8")

    build_into(output, "cache", search=True)
    cold = tmp_path / "cold" / "output"
    build_into(cold, "cold-cache", search=True)

    def pages(folder: Path) -> dict[str, bytes]:
        return {k: v for k, v in snapshot(folder).items() if not k.startswith("pagefind/")}

    assert pages(output) == pages(cold)
    assert kept_page.stat().st_ino == kept_inode  # not rewritten
    shards_after = {p.name for p in (output / "pagefind").iterdir() if p.is_dir()}
    assert shards_after == {p.name for p in (cold / "pagefind").iterdir() if p.is_dir()}
    assert gone_year in shards_before and gone_year not in shards_after
    assert not (output / "events" / files[0].stem).exists()
    assert sorted(p.name for p in output.parent.iterdir()) == ["output"]  # no stage left
