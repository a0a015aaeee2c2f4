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
