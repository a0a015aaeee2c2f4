"""A timeline site's invoke tasks, from the engine: a site's `tasks.py` is two lines,

    from pelican.plugins.timeline.commands.tasks import site_tasks
    ns = site_tasks(__file__)

and `invoke --list` shows build (atomic, with search), rebuild, preview, regenerate,
livereload, serve, validate, overdue, new-event, import, linkcheck, schema, test and clean; and
screenshots, for a site whose README shows docs/screenshots/ (the folder exists). `test`
validates the site's files, then runs its own tests (ruff and pytest). A fix here reaches
every site.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from invoke import Collection, Context, Exit, task

from ..building.stage import apply_stage

PY = sys.executable


@dataclass(frozen=True)
class Site:
    """Where a site's files are. Every path is inside the site's folder."""

    root: Path
    settings: str = "pelicanconf.py"
    publish_settings: str = "publishconf.py"
    output: str = "output"
    cache: str = "cache"
    host: str = "localhost"
    port: int = 8000
    # What this site's tests need that pip cannot install: "chromium" (browser tests),
    # "vnu" (the Nu Html Checker, with Java); `invoke test` installs them first.
    test_tools: tuple[str, ...] = ()
    # `invoke screenshots` refreshes the README's screenshots here; the task is offered only
    # when the folder exists (a new site has none, nor Playwright).
    screenshots: str = "docs/screenshots"

    @property
    def output_dir(self) -> Path:
        return self.root / self.output

    def pelican(self, settings: str, output: Path, *extra: str, siteurl: str | None = None,
                extra_settings: dict[str, object] | None = None) -> int:
        cmd = [PY, "-m", "pelican", "-s", settings, "-o", str(output), *extra]
        # One -e with every KEY=VALUE: a second -e would replace the first (argparse "store").
        overrides = [f"{k}={json.dumps(v)}" for k, v in (extra_settings or {}).items()]
        if siteurl:
            overrides.append(f"SITEURL={json.dumps(siteurl.rstrip('/'))}")
        if overrides:
            cmd += ["-e", *overrides]
        return subprocess.call(cmd, cwd=self.root)

    def shown(self, path: Path) -> str:
        return str(path.relative_to(self.root)) if path.is_relative_to(self.root) else str(path)


def _remove_in_background(folder: Path) -> None:
    """Delete the replaced output folder without making the build wait for it."""
    if folder.exists():
        subprocess.Popen(["rm", "-rf", "--", str(folder)], start_new_session=True,
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)


def atomic_build(site: Site, settings: str, siteurl: str | None = None, search: bool = True,
                 output: Path | None = None,
                 extra_settings: dict[str, object] | None = None) -> None:
    """Build into a staging folder; change output/ only if every step succeeded.

    With no output/ yet, the staging folder becomes output/. Otherwise the build stages
    only what changed (building/stage.py), which is then moved over output/ and what the
    build no longer makes is deleted: an edit costs what it touches, not a copy of the
    whole site."""
    output = output or site.output_dir
    output.parent.mkdir(parents=True, exist_ok=True)
    for stale in output.parent.glob(f".{output.name}-old-*"):  # left by a killed build
        _remove_in_background(stale)
    staged = output.is_dir()
    tmp = Path(tempfile.mkdtemp(prefix=".output-", dir=output.parent))
    try:
        # The search index is written by the build (outputs/search.py), its unchanged
        # shards kept from output/ too.
        settings_extra = {"TIMELINE_PREVIOUS_OUTPUT": str(output), "TIMELINE_SEARCH": search,
                          "TIMELINE_STAGED": staged, **(extra_settings or {})}
        code = site.pelican(settings, tmp, "--fatal", "errors", siteurl=siteurl,
                            extra_settings=settings_extra)
        if code != 0:
            raise Exit(f"Build failed (exit {code}); {output.name}/ was left exactly as it was.",
                       code=code)
        if staged:
            apply_stage(tmp, output)
        else:
            os.chmod(tmp, 0o755)
            tmp.rename(output)
        print(f"Built {site.shown(output)}/")
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)


def quick_build(site: Site, settings: str) -> None:
    """The edit-preview loop's build: straight into output/, rewriting only the files whose
    inputs changed (the search index too: only the shards that changed). Not atomic, but a
    build that fails validation (the usual failure) stops before writing anything."""
    output = site.output_dir
    code = site.pelican(settings, output, "--fatal", "errors",
                        extra_settings={"TIMELINE_PREVIOUS_OUTPUT": str(output),
                                        "TIMELINE_SEARCH": True})
    if code != 0:
        raise Exit(f"Build failed (exit {code}).", code=code)
    print(f"Updated {output.name}/")


def _check(site: Site, *args: str) -> None:
    from .check import main

    code = main(["--settings", str(site.root / site.settings), *args])
    if code:
        raise Exit(code=code)


def site_tasks(tasks_file: str | Path, **options: object) -> Collection:
    """The invoke collection for the site whose tasks.py is `tasks_file`."""
    site = Site(Path(tasks_file).resolve().parent, **options)  # type: ignore[arg-type]

    def watched() -> list[Path]:
        names = ("events", "content", "theme", site.settings)
        return [site.root / n for n in names if (site.root / n).exists()]

    @task
    def clean(c: Context) -> None:
        """Remove output/ and the build cache."""
        for name in (site.output, site.cache):
            shutil.rmtree(site.root / name, ignore_errors=True)

    @task(help={"search": "index the site for search (default: yes)",
                "in_place": "update output/ in place, as livereload does: faster, not atomic"})
    def build(c: Context, search: bool = True, in_place: bool = False) -> None:
        """Build the site into output/ (local settings, relative links), atomically."""
        if in_place:
            quick_build(site, site.settings)
        else:
            atomic_build(site, site.settings, search=search)

    @task
    def rebuild(c: Context) -> None:
        """Delete the cache, then build from scratch."""
        shutil.rmtree(site.root / site.cache, ignore_errors=True)
        atomic_build(site, site.settings)

    @task(help={"siteurl": "absolute site URL, e.g. https://user.github.io/repo"})
    def preview(c: Context, siteurl: str = "") -> None:
        """Build with publishconf.py (absolute URLs under SITEURL), as deployed."""
        atomic_build(site, site.publish_settings, siteurl=siteurl or None)

    @task
    def regenerate(c: Context) -> None:
        """Rebuild output/ whenever events/, content/, theme/ or the settings change."""
        from watchfiles import watch

        atomic_build(site, site.settings)
        for changes in watch(*watched()):
            print(f"{len(changes)} change(s); rebuilding")
            try:
                quick_build(site, site.settings)
            except Exit as exc:
                print(exc.message, file=sys.stderr)

    @task(help={"port": "port to serve on (default 8000)"})
    def serve(c: Context, port: int = site.port) -> None:
        """Serve output/ at http://localhost:8000/ (search works here too)."""
        import functools
        from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

        handler = functools.partial(SimpleHTTPRequestHandler, directory=str(site.output_dir))
        with ThreadingHTTPServer((site.host, port), handler) as server:
            print(f"Serving {site.output}/ at http://{site.host}:{port}/ (Ctrl-C to stop)")
            server.serve_forever()

    @task(help={"port": "port to serve on (default 8000)"})
    def livereload(c: Context, port: int = site.port) -> None:
        """Serve output/ and rebuild and reload the browser on every change."""
        from livereload import Server

        def rebuild_quietly() -> None:
            try:
                quick_build(site, site.settings)
            except Exit as exc:
                print(exc.message, file=sys.stderr)

        try:
            atomic_build(site, site.settings)  # a full build first, search index included
        except Exit as exc:
            print(exc.message, file=sys.stderr)
        server = Server()
        for path in watched():
            server.watch(str(path / "**" / "*") if path.is_dir() else str(path), rebuild_quietly)
        server.serve(host=site.host, port=port, root=str(site.output_dir))

    @task(help={"report": "also write a Markdown report to this file",
                "today": "check against this day (YYYY-MM-DD)"})
    def validate(c: Context, report: str = "", today: str = "") -> None:
        """Check every file the build reads; list every problem as path:line:col."""
        args = (["--report", report] if report else []) + (["--today", today] if today else [])
        _check(site, *args)

    @task(help={"report": "also write a Markdown report to this file"})
    def overdue(c: Context, report: str = "") -> None:
        """List anticipated events whose date has passed (they need an update)."""
        _check(site, "--overdue", *(["--report", report] if report else []))

    @task
    def schema(c: Context) -> None:
        """Write schema/event.schema.json and CONTRIBUTING.md's field reference anew.

        Both come from the engine's field specs; the reference is written between its
        markers, in a CONTRIBUTING.md that has them (as timeline-quickstart writes it)."""
        from ..reading.schema import json_schema_text
        from .quickstart import REFERENCE_END, REFERENCE_START, field_reference

        (site.root / "schema").mkdir(exist_ok=True)
        (site.root / "schema" / "event.schema.json").write_text(json_schema_text(),
                                                                encoding="utf-8")
        guide = site.root / "CONTRIBUTING.md"
        text = guide.read_text(encoding="utf-8") if guide.is_file() else ""
        if REFERENCE_START in text and REFERENCE_END in text.split(REFERENCE_START, 1)[1]:
            head, rest = text.split(REFERENCE_START, 1)
            tail = rest.split(REFERENCE_END, 1)[1]
            guide.write_text(f"{head}{REFERENCE_START}\n\n{field_reference()}\n\n"
                             f"{REFERENCE_END}{tail}", encoding="utf-8")

    @task(help={"date": "YYYY, YYYY-MM or YYYY-MM-DD", "title": "plain-text title",
                "status": "the claim's standing (see CONTRIBUTING.md)",
                "url": "the first source's URL", "publisher": "the first source's publisher",
                "source_title": "the first source's title"})
    def new_event(c: Context, date: str = "", title: str = "", status: str = "", url: str = "",
                  publisher: str = "", source_title: str = "") -> None:
        """Write a new event file in events/ (asks for what is missing)."""
        from .new_event import main

        args = [f"--{k.replace('_', '-')}={v}" for k, v in (
            ("date", date), ("title", title), ("status", status), ("url", url),
            ("publisher", publisher), ("source_title", source_title)) if v]
        code = main(["--settings", str(site.root / site.settings), *args])
        if code:
            raise Exit(code=code)

    @task(name="import", help={
        "file": "a TimelineJS sheet (CSV or JSON), a spreadsheet with the columns of "
                "data/events.csv, or a site's data/events.json",
        "format": "timelinejs-csv, timelinejs-json, csv or events-json (default: told from "
                  "the file)",
        "skip_invalid": "write the rows that can be imported even if others cannot",
        "force": "replace event files edited since they were imported"})
    def import_(c: Context, file: str, format: str = "", skip_invalid: bool = False,
                force: bool = False) -> None:
        """Make event files in events/ from a spreadsheet (see timeline-import --help)."""
        from .importer import main

        args = ["--settings", str(site.root / site.settings), file]
        args += (["--format", format] if format else []) + (
            ["--skip-invalid"] if skip_invalid else []) + (["--force"] if force else [])
        code = main(args)
        if code:
            raise Exit(code=code)

    @task(help={"report": "also write a Markdown report to this file",
                "timeout": "seconds per request (default 15)",
                "concurrency": "requests at once (default 8)"})
    def linkcheck(c: Context, report: str = "", timeout: float = 15.0,
                  concurrency: int = 8) -> None:
        """Check every source and archive URL; report dead links with their archive links."""
        from .linkcheck import main

        args = ["--settings", str(site.root / site.settings), "--timeout", str(timeout),
                "--concurrency", str(concurrency)]
        if report:
            args += ["--report", report]
        code = main(args)
        if code:
            raise Exit(code=code)

    @task(help={"k": "only tests matching this expression", "fast": "skip the browser tests"})
    def test(c: Context, k: str = "", fast: bool = False) -> None:
        """Validate the site's files, then ruff, then the site's tests (pytest).

        A mistake in a file stops it after the validator's line for it."""
        _check(site)
        ensure_test_tools(site.test_tools)
        ruff = [PY, "-m", "ruff", "check", "."]
        if os.environ.get("GITHUB_ACTIONS") == "true":
            ruff.append("--output-format=github")
        subprocess.check_call(ruff, cwd=site.root)
        cmd = [PY, "-m", "pytest"] + (["-k", k] if k else []) + (["-m", "not browser"]
                                                                 if fast else [])
        code = subprocess.call(cmd, cwd=site.root)
        if code:
            raise Exit(code=code)

    @task
    def screenshots(c: Context) -> None:
        """Refresh docs/screenshots/*.png (for the README) from a fresh build, in Chromium."""
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            raise Exit("invoke screenshots drives Chromium through Playwright: install it "
                       "(python -m pip install playwright) first", code=1) from None
        ensure_test_tools(("chromium",))
        folder = site.root / site.screenshots
        with tempfile.TemporaryDirectory(prefix="screenshots-") as tmp:
            output = Path(tmp) / "output"
            atomic_build(site, site.settings, output=output,
                         extra_settings={"CACHE_PATH": str(Path(tmp) / "cache")})
            for path in take_screenshots(output, folder):
                print(f"Wrote {site.shown(path)}")

    tasks = [clean, build, rebuild, preview, regenerate, serve, livereload, validate, overdue,
             schema, new_event, import_, linkcheck, test]
    if (site.root / site.screenshots).is_dir():
        tasks.append(screenshots)
    return Collection(*tasks)


# name, page (relative to the site; "{event}" is the first event's page), colour scheme, size
SCREENSHOTS = (
    ("home-desktop-light", "", "light", 1280, 900),
    ("home-desktop-dark", "", "dark", 1280, 900),
    ("home-mobile-light", "", "light", 390, 844),
    ("home-mobile-dark", "", "dark", 390, 844),
    ("event-desktop", "{event}", "light", 1280, 900),
    ("event-mobile", "{event}", "light", 390, 844),
)


def take_screenshots(output: Path, folder: Path, base_url: str | None = None,
                     browser: object | None = None, event: str | None = None) -> list[Path]:
    """Screenshot the built site in `output` into `folder` (SCREENSHOTS). Without
    `base_url`, `output` is served on 127.0.0.1 for the time it takes; without `browser`
    (a Playwright browser), Chromium is started (TIMELINE_CHROMIUM, /usr/bin/chromium).
    The event page shown is `event`, or the first event's."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    if event is None:
        events = sorted(p.name for p in (output / "events").iterdir() if p.is_dir())
        event = f"events/{events[0]}/" if events else ""
    server = None
    if base_url is None:
        class Quiet(SimpleHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0),
                                     functools.partial(Quiet, directory=str(output)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base_url = f"http://127.0.0.1:{server.server_address[1]}/"
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    try:
        if browser is None:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as playwright:
                chromium = playwright.chromium.launch(
                    executable_path=chromium_path(), args=["--headless=new", "--no-sandbox"])
                try:
                    written = _shoot(chromium, base_url, event, folder)
                finally:
                    chromium.close()
        else:
            written = _shoot(browser, base_url, event, folder)
    finally:
        if server is not None:
            server.shutdown()
            server.server_close()
    return written


def _shoot(browser: Any, base_url: str, event: str, folder: Path) -> list[Path]:
    written = []
    for name, page, scheme, width, height in SCREENSHOTS:
        context = browser.new_context(color_scheme=scheme,
                                      viewport={"width": width, "height": height})
        try:
            tab = context.new_page()
            response = tab.goto(base_url + page.format(event=event))
            if response is None or response.status != 200:
                raise Exit(f"{base_url + page.format(event=event)}: no page to screenshot "
                           f"(HTTP {response.status if response else '?'})", code=1)
            path = folder / f"{name}.png"
            tab.screenshot(path=str(path))
            written.append(path)
        finally:
            context.close()
    return written


def chromium_path() -> str:
    return os.environ.get("TIMELINE_CHROMIUM", "/usr/bin/chromium")


# The Nu Html Checker (npm package `vnu-jar`, run with Java) for tests/test_html_valid.py.
VNU_JAR_VERSION = "26.9.27"


def vnu_jar_path() -> Path:
    """Where `invoke test` installs vnu.jar (TIMELINE_VNU_JAR overrides)."""
    override = os.environ.get("TIMELINE_VNU_JAR")
    if override:
        return Path(override)
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return (cache / "pelican-timeline" / f"vnu-jar-{VNU_JAR_VERSION}" / "node_modules"
            / "vnu-jar" / "build" / "dist" / "vnu.jar")


def ensure_vnu() -> None:
    """Install the pinned vnu-jar from npm before the tests (never at test time)."""
    jar = vnu_jar_path()
    if jar.exists():
        return
    npm = shutil.which("npm")
    if npm is None or "TIMELINE_VNU_JAR" in os.environ:
        raise Exit(f"vnu.jar not found at {jar}: install Node.js (npm) so that `invoke test` can "
                   f"install vnu-jar@{VNU_JAR_VERSION}, or set TIMELINE_VNU_JAR", code=1)
    prefix = jar.parents[4]
    prefix.mkdir(parents=True, exist_ok=True)
    subprocess.check_call([npm, "install", "--no-save", "--no-audit", "--no-fund",
                           "--prefix", str(prefix), f"vnu-jar@{VNU_JAR_VERSION}"])


def ensure_test_tools(tools: tuple[str, ...]) -> None:
    """Install what the tests need and pip cannot: Debian's Chromium and Java (as root),
    vnu.jar (npm)."""
    missing = []
    if "chromium" in tools and not Path(chromium_path()).exists():
        missing.append("chromium")
    if "vnu" in tools and shutil.which("java") is None:
        missing.append("default-jre-headless")
    if missing:
        apt = shutil.which("apt-get")
        if not (apt and os.geteuid() == 0):
            raise Exit(f"missing {', '.join(missing)}: install Debian's package(s) "
                       f"(sudo apt-get install {' '.join(missing)}); for Chromium elsewhere, "
                       "set TIMELINE_CHROMIUM", code=1)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.check_call([apt, "update", "-qq"], env=env)
        subprocess.check_call([apt, "install", "-y", "-qq", *missing], env=env)
    if "vnu" in tools:
        ensure_vnu()
