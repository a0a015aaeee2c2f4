"""Benchmark: the timeline build against Pelican on the same number of articles.

    python bench/run.py                       # sizes 100, 1000, 10000
    python bench/run.py --sizes 10000 --skip-pelican --jobs 2

For each size N it writes N synthetic events (bench/synth.py, fixed seed) into a copy of
this project in a temporary folder and measures, each as a separate command:

- cold:      `invoke build --no-search` with no cache/ and no output/
- edit:      the same after editing one event's summary (cache/ and output/ present)
- noop:      the same again with nothing changed
- validate:  `python -m timeline.check events` (what `invoke validate` runs)
- pelican:   Pelican 4.12, default settings and default theme (notmyidea), building the
             same N events written as plain Markdown articles (Title/Date/Tags/Summary,
             the summary and the sources as Markdown), with no cache

Wall time is measured around each subprocess. Peak memory is the child's own maximum
resident set size as the kernel reports it to os.wait4() (the largest single process of
the command: with forked workers, each worker is its own process and is not added in),
plus `tree_mb`: the largest sum of VmRSS over the command's whole process tree, sampled
from /proc every 20 ms (an upper bound: pages shared after fork are counted once per
process). Results are printed as a table and written to bench/results/<host>-<date>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from synth import write_events  # noqa: E402

PY = sys.executable
TARGETS = {"cold": 0.5, "status_edit": 0.15, "summary_edit": 0.15, "add_event": 0.15,
           "validate": 0.035, "peak_mb": 500, "cold_40k_over_10k": 4.4, "peak_mb_40k": 1000}


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(x) for x in handle.read().split()]
    except OSError:
        pass
    return found


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> dict:
    """Run cmd; return wall seconds, the exit code and peak memory (see the module doc)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    peak_tree = peak_one = 0
    done = threading.Event()
    output: list[bytes] = []

    def sample() -> None:
        nonlocal peak_tree, peak_one
        while not done.is_set():
            pids, total, todo = set(), 0, [proc.pid]
            while todo:
                pid = todo.pop()
                if pid in pids:
                    continue
                pids.add(pid)
                rss = _rss_kb(pid)
                total += rss
                peak_one = max(peak_one, rss)
                todo += _children(pid)
            peak_tree = max(peak_tree, total)
            done.wait(0.02)

    def drain() -> None:
        assert proc.stdout is not None
        output.append(proc.stdout.read())

    sampler = threading.Thread(target=sample, daemon=True)
    reader = threading.Thread(target=drain, daemon=True)
    sampler.start()
    reader.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    proc.returncode = os.waitstatus_to_exitcode(status)
    reader.join()
    sampler.join()
    text = b"".join(output).decode("utf-8", "replace")
    if proc.returncode != 0:
        print(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{text[-3000:]}",
              file=sys.stderr)
    return {"wall_s": round(wall, 3), "peak_mb": round(max(usage.ru_maxrss, peak_one) / 1024, 1),
            "tree_mb": round(peak_tree / 1024, 1), "rc": proc.returncode}


def make_project(folder: Path, size: int) -> Path:
    project = folder / "project"
    project.mkdir(parents=True)
    for name in ("pelicanconf.py", "publishconf.py", "tasks.py"):
        shutil.copy2(ROOT / name, project / name)
    for name in ("theme", "pelican", "content", "schema"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, project / name,
                            ignore=shutil.ignore_patterns("__pycache__"))
    write_events(project / "events", size)
    set_languages(project, ["en"])  # one edition, as a new site has; see --extras
    return project


def set_languages(project: Path, languages: list[str]) -> None:
    """The site's editions (the AUKUS settings have two; the targets are for one)."""
    conf = project / "pelicanconf.py"
    text = conf.read_text(encoding="utf-8")
    marker = "\n# bench: editions\n"
    text = text.split(marker)[0] + f"{marker}TIMELINE_LANGUAGES = {languages!r}\n"
    conf.write_text(text, encoding="utf-8")


def add_event(project: Path) -> Path:
    """One new event: a copy of the middle event with its own id and title."""
    files = sorted((project / "events").glob("*.yaml"))
    source = files[len(files) // 2]
    target = source.with_name(source.stem + "-added.yaml")
    text = source.read_text(encoding="utf-8")
    quoted = text.startswith('title: "') or '\ntitle: "' in text
    text = text.replace('title: "' if quoted else "title: ", 'title: "Added ' if quoted
                        else "title: Added ", 1)
    target.write_text(text, encoding="utf-8")
    return target


def add_media(project: Path, count: int) -> None:
    """`count` events get a 1600x1000 JPEG each (events/media/, made with Pillow)."""
    from PIL import Image

    folder = project / "events" / "media"
    folder.mkdir(parents=True, exist_ok=True)
    files = sorted((project / "events").glob("*.yaml"))
    step = max(1, len(files) // count)
    for n, path in enumerate(files[::step][:count]):
        image = Image.new("RGB", (1600, 1000), ((n * 37) % 256, (n * 91) % 256, 128))
        image.save(folder / f"picture-{n}.jpg", quality=85)
        text = path.read_text(encoding="utf-8").rstrip("\n")
        text += (f"\nmedia:\n  - file: media/picture-{n}.jpg\n    alt: A test picture {n}\n"
                 f"    credit: Bench\n")
        path.write_text(text, encoding="utf-8")


def edit_one_event(project: Path, offset: int = 0) -> Path:
    """Add a word to the summary of the event in the middle of the timeline."""
    files = sorted((project / "events").glob("*.yaml"))
    path = files[len(files) // 2 + offset]
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    index = lines.index("summary: |") + 1
    lines[index] = lines[index] + " Edited."
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def change_status(project: Path, offset: int = 0) -> Path:
    """Change the status of an event near the middle of the timeline (one with no updates)."""
    files = sorted((project / "events").glob("*.yaml"))
    for path in files[len(files) // 2 + offset:]:
        text = path.read_text(encoding="utf-8")
        if "\nupdates:" in text:
            continue
        lines = text.split("\n")
        for i, line in enumerate(lines):
            if line.startswith("status: "):
                lines[i] = "status: " + ("reported" if line != "status: reported"
                                         else "confirmed")
                path.write_text("\n".join(lines), encoding="utf-8")
                return path
    raise SystemExit("no event to change the status of")


def pelican_articles(folder: Path, project: Path) -> Path:
    """The same events as plain Markdown articles for Pelican's default setup."""
    sys.path.insert(0, str(ROOT))
    from pelican.plugins.timeline.reading.events import load_events

    site = folder / "pelican"
    content = site / "content"
    content.mkdir(parents=True)
    result = load_events(project / "events", today=dt.date(2026, 11, 28), jobs=1)
    for event in result.events:
        d = event.date
        sources = "\n".join(
            f"- [{s.publisher}: {s.title}]({s.url})" + (f"\n\n    > {s.quote}" if s.quote else "")
            for s in event.sources)
        summary = " ".join(event.summary.split())
        (content / f"{event.id}.md").write_text(
            f"Title: {event.title}\nDate: {d.year:04d}-{d.month or 1:02d}-{d.day or 1:02d}\n"
            f"Tags: {', '.join(event.tags)}\nSummary: {summary[:200]}\n\n"
            f"{event.summary}\n\n## Sources\n\n{sources}\n", encoding="utf-8")
    return site


def tree_stats(output: Path) -> dict:
    files = [p for p in output.rglob("*") if p.is_file()]
    html = [p for p in files if p.suffix == ".html"]
    largest = max(html, key=lambda p: p.stat().st_size) if html else None
    return {"files": len(files), "html_pages": len(html),
            "largest_html_kb": round(largest.stat().st_size / 1024, 1) if largest else 0,
            "largest_html": str(largest.relative_to(output)) if largest else ""}


def same_tree(a: Path, b: Path) -> bool:
    fa = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    fb = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    return fa == fb and all((a / p).read_bytes() == (b / p).read_bytes() for p in fa)


def run_size(size: int, args: argparse.Namespace) -> dict:
    args.workdir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"timeline-bench-{size}-", dir=args.workdir))
    env = dict(os.environ)
    env.pop("TIMELINE_REUSE", None)
    if args.jobs:
        env["TIMELINE_JOBS"] = str(args.jobs)
    build = [PY, "-m", "invoke", "build"]  # the default: atomic, with the search index
    nosearch = [*build, "--no-search"]
    quick = [*build, "--in-place"]  # what `invoke livereload` / `regenerate` run per change
    row: dict = {"events": size}
    try:
        project = make_project(work, size)
        row["cold"] = measure(build, project, env)
        row["output"] = tree_stats(project / "output")
        if args.cold_only:
            return row
        change_status(project)
        row["status_edit"] = measure(build, project, env)
        edited = edit_one_event(project)
        row["summary_edit"] = measure(build, project, env)
        row["noop"] = measure(build, project, env)
        add_event(project)
        row["add_event"] = measure(build, project, env)
        edit_one_event(project, offset=1)
        row["in_place_edit"] = measure(quick, project, env)
        edit_one_event(project, offset=2)
        row["no_search_edit"] = measure(nosearch, project, env)
        if args.verify:
            fresh = work / "fresh"
            shutil.copytree(project, fresh,
                            ignore=shutil.ignore_patterns("output", "cache", ".output-*"))
            fresh_run = measure(nosearch, fresh, env)
            row["edit_identical_to_cold"] = (
                fresh_run["rc"] == 0 and row["no_search_edit"]["rc"] == 0
                and same_tree(project / "output", fresh / "output"))
        cold_ns = work / "cold-no-search"
        shutil.copytree(project, cold_ns,
                        ignore=shutil.ignore_patterns("output", "cache", ".output-*"))
        row["no_search_cold"] = measure(nosearch, cold_ns, env)
        shutil.rmtree(cold_ns, ignore_errors=True)
        row["validate"] = measure([PY, "-m", "invoke", "validate"], project, env)
        if args.extras:
            for name, prepare in (("two_languages_cold", lambda p: set_languages(p, ["en", "ja"])),
                                  ("media_cold", lambda p: add_media(p, args.media))):
                extra = work / name
                shutil.copytree(project, extra,
                                ignore=shutil.ignore_patterns("output", "cache", ".output-*"))
                prepare(extra)
                row[name] = measure(build, extra, env)
                shutil.rmtree(extra, ignore_errors=True)
        row["edited_file"] = edited.name
        if not args.skip_pelican:
            site = pelican_articles(work, project)
            row["pelican"] = measure([PY, "-m", "pelican", "content", "-o", "output"], site,
                                     env)
            row["pelican_output"] = tree_stats(site / "output")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}", file=sys.stderr)
    return row


def table(rows: list[dict]) -> str:
    head = (f"{'events':>7} {'step':<11} {'wall s':>8} {'peak MB':>8} {'tree MB':>8} "
            f"{'x Pelican':>9} {'target':>8}")
    lines = [head, "-" * len(head)]
    for row in rows:
        base = row.get("pelican", {}).get("wall_s")
        for step in ("cold", "status_edit", "summary_edit", "noop", "add_event",
                     "in_place_edit", "no_search_edit", "no_search_cold", "validate",
                     "two_languages_cold", "media_cold", "pelican"):
            m = row.get(step)
            if not m:
                continue
            ratio = f"{m['wall_s'] / base:.3f}" if base and step != "pelican" else ""
            target = {"cold": "<=0.5", "status_edit": "<=0.15", "summary_edit": "<=0.15",
                      "add_event": "<=0.15", "validate": "<=0.035"}.get(step, "")
            flag = "" if m["rc"] == 0 else " FAILED"
            lines.append(f"{row['events']:>7} {step:<11} {m['wall_s']:>8.2f} {m['peak_mb']:>8.1f} "
                         f"{m['tree_mb']:>8.1f} {ratio:>9} {target:>8}{flag}")
        out = row.get("output", {})
        lines.append(f"{'':>7} {out.get('html_pages', 0)} HTML pages; largest "
                     f"{out.get('largest_html_kb', 0)} KB ({out.get('largest_html', '')})"
                     + (f"; edit == cold: {row['edit_identical_to_cold']}"
                        if "edit_identical_to_cold" in row else ""))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--skip-pelican", action="store_true")
    parser.add_argument("--jobs", type=int, default=0, help="TIMELINE_JOBS for the builds")
    parser.add_argument("--verify", action="store_true",
                        help="also build the edited content cold and compare the outputs")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders")
    parser.add_argument("--extras", action="store_true",
                        help="also build cold with two language editions (en, ja) and with "
                             "--media images, to report what each adds")
    parser.add_argument("--media", type=int, default=100, help="images for --extras")
    parser.add_argument("--cold-only", action="store_true",
                        help="only the cold build (e.g. for --sizes 40000)")
    parser.add_argument("--workdir", type=Path, default=HERE / ".work",
                        help="where the projects are built (default bench/.work; both "
                        "tools build on the same disk)")
    parser.add_argument("--out", help="JSON file (default bench/results/<host>-<date>.json)")
    args = parser.parse_args()
    rows = []
    for size in [int(s) for s in args.sizes.split(",")]:
        print(f"benchmarking {size} events...", file=sys.stderr, flush=True)
        rows.append(run_size(size, args))
        print(table(rows[-1:]), file=sys.stderr, flush=True)
    print(table(rows))
    meta = {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "host": platform.node(), "python": platform.python_version(),
            "cpus": os.cpu_count(), "jobs": args.jobs or None, "targets": TARGETS,
            "memory_method": "os.wait4 ru_maxrss of the command's process (tree_mb: sampled "
                             "sum of VmRSS over its process tree)"}
    out = Path(args.out) if args.out else (
        HERE / "results" / f"{platform.node() or 'host'}-{dt.date.today().isoformat()}.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"meta": meta, "rows": rows}, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}", file=sys.stderr)
    steps = ("cold", "status_edit", "summary_edit", "noop")
    return 0 if all(r[s]["rc"] == 0 for r in rows for s in steps if s in r) else 1


if __name__ == "__main__":
    sys.exit(main())
