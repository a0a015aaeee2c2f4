"""The output is the same whether built cold, warm (cache present) or over several processes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import ROOT, build_site

sys.path.insert(0, str(ROOT / "bench"))
from synth import write_events

EVENTS = 1200  # above parallel.MIN_ITEMS_PER_WORKER * 2, so the parallel paths are taken


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def many_events(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("many") / "events"
    write_events(folder, EVENTS)
    return folder


def test_cold_warm_and_parallel_builds_are_identical(many_events: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = build_site(tmp_path / "cold", events=many_events, CACHE_PATH=str(cache),
                      TIMELINE_JOBS=1)
    assert (cache / "timeline-markdown.pickle").is_file()
    warm = build_site(tmp_path / "warm", events=many_events, CACHE_PATH=str(cache),
                      TIMELINE_JOBS=1)
    parallel = build_site(tmp_path / "parallel", events=many_events,
                          CACHE_PATH=str(tmp_path / "cache2"), TIMELINE_JOBS=2)
    reference = tree(cold)
    assert len([p for p in reference if p.endswith(".html")]) > EVENTS
    for other in (warm, parallel):
        files = tree(other)
        assert sorted(files) == sorted(reference)
        different = [p for p in reference if files[p] != reference[p]]
        assert not different, f"{other.name} differs from the cold build in {different[:5]}"
