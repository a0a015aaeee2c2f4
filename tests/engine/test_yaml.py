"""Tricky but valid files pass and render unchanged; hostile files are refused quickly and
within bounded memory (each run in a subprocess under RLIMIT_AS)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import build_site

from pelican.plugins.timeline.reading.events import load_events

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 28)

TRICKY = """\
title: Kishida and 岸田文雄 meet — “quoted”
date: 2024-04-10
status: confirmed
summary: 'Values like no, yes and off stay text: 2 < 3, a <b, AT&T.'
tags: [no, yes, off, on, "null", "007"]
actors: [岸田文雄, "no", yes, off, ~]
sources:
  - url: https://www.example.org/kishida
    title: 首相の訪米
    publisher: Example
"""


def load(events_dir: Path):
    return load_events(events_dir, base=events_dir.parent, today=TODAY)


@pytest.mark.parametrize("variant", ["plain", "bom", "crlf", "bom+crlf"])
def test_bom_crlf_and_plain_text_values_load_unchanged(events_dir, variant):
    data = TRICKY.encode("utf-8")
    if "crlf" in variant:
        data = data.replace(b"\n", b"\r\n")
    if "bom" in variant:
        data = b"\xef\xbb\xbf" + data
    (events_dir / "2024-04-10-kishida.yaml").write_bytes(data)
    result = load(events_dir)
    assert result.issues == []
    (event,) = result.events
    assert event.title == "Kishida and 岸田文雄 meet — “quoted”"
    assert event.tags == ("no", "yes", "off", "on", "null", "007")
    assert event.actors == ("岸田文雄", "no", "yes", "off", "~")
    assert event.date.iso() == "2024-04-10"
    assert event.summary == "Values like no, yes and off stay text: 2 < 3, a <b, AT&T."


def test_tricky_values_render_unchanged_in_the_built_site(tmp_path):
    events = tmp_path / "events"
    events.mkdir()
    (events / "2024-04-10-kishida.yaml").write_bytes(
        b"\xef\xbb\xbf" + TRICKY.encode("utf-8").replace(b"\n", b"\r\n"))
    (tmp_path / "threads").mkdir()
    output = build_site(tmp_path / "output", events=events,
                        TIMELINE_THREADS_PATH=str(tmp_path / "threads"))
    pages = list(output.rglob("*.html"))
    html = "\n".join(p.read_text(encoding="utf-8") for p in pages)
    event_pages = [p for p in pages if "kishida" in p.as_posix()]
    assert event_pages, "the event has a page"
    page = event_pages[0].read_text(encoding="utf-8")
    assert "Kishida and 岸田文雄 meet — “quoted”" in page
    assert "首相の訪米" in page
    assert "2 &lt; 3, a &lt;b, AT&amp;T." in page
    for value in ("no", "yes", "off"):
        assert f">{value}<" in html  # a tag or actor shown as the word itself
    assert ">False<" not in html and ">True<" not in html
    assert "\ufeff" not in html and "\r" not in page


HOSTILE = {
    "brackets-run": "summary: '" + "[" * 250_000 + "'\n",
    "brackets-pairs": "body: '" + "[a" * 9_000 + "'\n",
    "deep-flow": "[" * 250_000,
    "deep-flow-maps": "{" * 250_000,
    "deep-block": "- " * 120_000,
    "deep-indent": "".join(" " * i + f"k{i}:\n" for i in range(600)),
    "alias-bomb": "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n"
        for i in range(20)),
    "long-line": "title: " + "x" * 260_000,
    "many-keys": "".join(f"k{i}: v\n" for i in range(30_000)),
    "many-items": "tags: [" + ",a" * 120_000 + "]\n",
    "ten-megabytes": "title: " + "x" * 10_000_000,
    "nul-bytes": "\0" * 200_000,
}

RUNNER = textwrap.dedent("""
    import datetime as dt, resource, sys, time
    resource.setrlimit(resource.RLIMIT_AS, (300 * 1024 * 1024, 300 * 1024 * 1024))
    sys.path.insert(0, {plugins!r})
    from pathlib import Path
    from pelican.plugins.timeline.reading.events import load_events
    events = Path(sys.argv[1])
    started = time.perf_counter()
    result = load_events(events, base=events.parent, today=dt.date(2026, 11, 28), jobs=1)
    elapsed = time.perf_counter() - started
    # VmHWM is this process's own peak; ru_maxrss would carry over the parent's (pytest's)
    # peak across fork and exec on Linux.
    hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM:")][0]
    peak = int(hwm.split()[1]) / 1024
    print(elapsed, peak, len(result.errors), len(result.events))
""")


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_input_is_rejected_fast_and_small(events_dir, name):
    (events_dir / "x.yaml").write_text(HOSTILE[name], encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", RUNNER.format(plugins=str(ROOT)), str(events_dir)],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    elapsed, peak_mb, errors, events = proc.stdout.split()
    assert int(errors) >= 1 and int(events) == 0
    # The issue's bounds: a second and 100 MB (the interpreter itself is about 40 MB of
    # that); typical figures are a few milliseconds and about 42 MB.
    assert float(elapsed) < 1.0, f"{name} took {elapsed} s"
    assert float(peak_mb) < 100, f"{name} peaked at {peak_mb} MB"


def test_values_are_never_typed(events_dir):
    from pelican.plugins.timeline.reading import strict_yaml as yamlload

    root, problems = yamlload.parse("a: no\nb: 2024-01-05\nc: 12:30\nd: 017\ne: ~\nf: 1e3\n")
    assert problems == []
    assert {k: v[1].value for k, v in root.items.items()} == {
        "a": "no", "b": "2024-01-05", "c": "12:30", "d": "017", "e": "~", "f": "1e3"}
    assert json.dumps(root.items["a"][1].value) == '"no"'
