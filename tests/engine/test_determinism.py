"""The output is the same whether built cold, warm (cache present) or over several processes."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import build_site
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


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_incremental_build_after_edits_matches_a_cold_build(many_events: Path,
                                                            tmp_path: Path) -> None:
    """Edit, add and delete events; a build that reuses the previous output's unchanged
    files (hard links) gives exactly what a cold build gives, and leaves the previous
    output untouched."""
    events = tmp_path / "events"
    events.mkdir()
    for source in sorted(many_events.iterdir()):
        (events / source.name).write_bytes(source.read_bytes())
    cache = tmp_path / "cache"
    first = build_site(tmp_path / "first", events=events, CACHE_PATH=str(cache),
                       TIMELINE_JOBS=1)
    before = tree(first)
    files = sorted(events.iterdir())
    _edit(files[10], "summary: |\n", "summary: |\n  A new first sentence.\n")
    _edit(files[500], "title: ", "title: Retitled ")
    text = files[700].read_text(encoding="utf-8")
    status = next(line for line in text.splitlines() if line.startswith("status: "))
    other = "denied" if "confirmed" in status else "confirmed"
    _edit(files[700], status, f"status: {other}")
    files[900].unlink()
    (events / "1999-06-30-added-event.yaml").write_text(
        files[11].read_text(encoding="utf-8"), encoding="utf-8")

    second = build_site(tmp_path / "second", events=events, CACHE_PATH=str(cache),
                        TIMELINE_JOBS=2, TIMELINE_PREVIOUS_OUTPUT=str(first))
    cold = build_site(tmp_path / "cold", events=events,
                      CACHE_PATH=str(tmp_path / "cold-cache"), TIMELINE_JOBS=1)

    assert tree(first) == before, "the previous output was modified"
    reference, incremental = tree(cold), tree(second)
    assert sorted(incremental) == sorted(reference)
    different = [p for p in reference if incremental[p] != reference[p]]
    assert not different, f"the incremental build differs in {different[:5]}"
    # unchanged pages were reused (hard-linked), not rendered again
    unchanged = f"events/{files[300].stem}/index.html"
    assert (first / unchanged).stat().st_ino == (second / unchanged).stat().st_ino
