"""A good Pelican citizen: installed, the plugin changes nothing until a site asks for a
timeline; asked, it adds one under TIMELINE_URL and leaves the site's own files alone.

Every build runs `pelican` in its own process, as a user runs it (Pelican's signals are
process-wide: a plugin registered by an earlier in-process build would stay connected).
The blog fixture (tests/engine/blog_site/) has two articles, a page and two categories.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.helpers import FIXTURE_EVENTS, FIXTURE_TODAY

BLOG = Path(__file__).resolve().parent / "blog_site"
PACKAGE_PLUGINS = Path(__file__).resolve().parents[2] / "pelican" / "plugins"

# Runs Pelican as its console script does. With DISCOVER, the engine is made visible in
# the `pelican.plugins` namespace as a regular (non-editable) install makes it, so that a
# site with no PLUGINS setting loads it, as Pelican loads every installed namespace plugin.
RUNNER = """
import sys
if sys.argv.pop(1) == "discover":
    import pelican.plugins
    pelican.plugins.__path__.append({plugins!r})
from pelican import main
sys.exit(main())
"""


def pelican(tmp: Path, name: str, settings: dict[str, object], discover: bool = False,
            cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Build the blog with `settings` added to its pelicanconf.py, into tmp/name."""
    conf = tmp / f"{name}.py"
    lines = ["from runpy import run_path",
             f"globals().update(run_path({str(BLOG / 'pelicanconf.py')!r}))"]
    lines += [f"{key} = {value!r}" for key, value in settings.items()]
    conf.write_text("\n".join(lines) + "\n", encoding="utf-8")
    output = tmp / name
    work = cwd or tmp / f"{name}-cwd"
    work.mkdir(exist_ok=True)
    code = RUNNER.format(plugins=str(PACKAGE_PLUGINS))
    return subprocess.run(
        [sys.executable, "-c", code, "discover" if discover else "plain",
         "-s", str(conf), "-o", str(output), "--fatal", "errors"],
        cwd=work, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})


def files(folder: Path, skip: str = "") -> dict[str, bytes]:
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and not (skip and rel.startswith(skip)):
            found[rel] = path.read_bytes()
    return found


def built(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, result.stdout + result.stderr


TIMELINE = {"TIMELINE_EVENTS_PATH": str(FIXTURE_EVENTS), "TIMELINE_TODAY": str(FIXTURE_TODAY),
            "TIMELINE_URL": "timeline/"}


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("citizen")


@pytest.fixture(scope="module", params=["notmyidea", "simple"])
def baseline(request: pytest.FixtureRequest, work: Path) -> tuple[str, dict[str, bytes]]:
    theme = request.param
    built(pelican(work, f"plain-{theme}", {"PLUGINS": [], "THEME": theme}))
    return theme, files(work / f"plain-{theme}")


def test_blog_fixture_is_a_blog(baseline):
    _theme, blog = baseline
    assert "index.html" in blog and "feeds/all.atom.xml" in blog
    assert any(name.startswith("category/") for name in blog)
    first = next(v for k, v in blog.items() if k.startswith("my-first-post"))
    assert b"<em>first</em>" in first


def test_installed_but_not_asked_for_changes_nothing(baseline, work):
    theme, blog = baseline
    # PLUGINS not set: Pelican loads every installed namespace plugin, this one included
    unset = pelican(work, f"unset-{theme}", {"THEME": theme}, discover=True)
    built(unset)
    assert files(work / f"unset-{theme}") == blog
    # named, but the site has no events folder and no TIMELINE_* setting
    named = pelican(work, f"named-{theme}", {"THEME": theme,
                                              "PLUGINS": ["pelican.plugins.timeline"]})
    built(named)
    assert files(work / f"named-{theme}") == blog
    lines = [line for line in (named.stdout + named.stderr).splitlines() if "imeline" in line]
    assert len(lines) <= 1, lines


def test_an_explicit_events_folder_that_does_not_exist_is_an_error(work):
    result = pelican(work, "missing", {"PLUGINS": ["pelican.plugins.timeline"],
                                       "TIMELINE_EVENTS_PATH": str(work / "no-such-folder")})
    assert result.returncode != 0
    out = result.stdout + result.stderr
    assert "does not exist" in out and "Traceback" not in out


@pytest.fixture(scope="module")
def mounted(baseline, work) -> tuple[str, dict[str, bytes], Path]:
    theme, blog = baseline
    name = f"mounted-{theme}"
    built(pelican(work, name, {"THEME": theme, "PLUGINS": ["pelican.plugins.timeline"],
                               **TIMELINE}))
    return theme, blog, work / name


def test_mounted_timeline_leaves_every_blog_file_byte_identical(mounted):
    _theme, blog, output = mounted
    assert files(output, skip="timeline/") == blog
    # the blog's article body is not escaped (the site's Jinja environment is untouched)
    first = next(v for k, v in files(output).items() if k.startswith("my-first-post"))
    assert b"<em>first</em>" in first and b"&lt;em&gt;" not in first


def test_mounted_timeline_is_all_under_its_folder(mounted):
    _theme, _blog, output = mounted
    timeline = output / "timeline"
    for name in ("index.html", "feeds/events.atom.xml", "data/events.json", "data/events.csv",
                 "data/events.ics", "theme/css/site.css", "sitemap.xml", "search/index.html"):
        assert (timeline / name).is_file(), name
    assert any((timeline / "events").iterdir())
    assert not (timeline / "robots.txt").exists() and not (timeline / "404.html").exists()


def local_links(output: Path, page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html5lib")
    found = []
    for tag in soup.find_all(["a", "link", "script", "img"]):
        href = tag.get("href") or tag.get("src")
        if not href or urlsplit(href).scheme or href.startswith(("#", "mailto:")):
            continue
        found.append(href)
    return found


def broken_links(output: Path, pages: list[Path]) -> list[str]:
    broken = []
    for page in pages:
        base = page.relative_to(output).as_posix()
        for href in local_links(output, page):
            target = urlsplit(urljoin(f"http://x/{base}", href)).path.lstrip("/")
            path = output / target
            if target.endswith("/") or target == "":
                path = path / "index.html"
            if not path.exists():
                broken.append(f"{base}: {href}")
    return broken


def test_every_link_of_a_mounted_timeline_resolves(mounted):
    _theme, _blog, output = mounted
    pages = sorted((output / "timeline").rglob("*.html"))
    assert len(pages) > 20
    assert broken_links(output, pages) == []


def test_timeline_at_the_root_of_a_blog_stops_with_one_line(work):
    result = pelican(work, "clash", {"PLUGINS": ["pelican.plugins.timeline"],
                                     "TIMELINE_EVENTS_PATH": str(FIXTURE_EVENTS),
                                     "TIMELINE_TODAY": str(FIXTURE_TODAY)})
    assert result.returncode != 0
    out = (result.stdout + result.stderr).strip()
    assert "Traceback" not in out
    errors = [line for line in out.splitlines() if "error" in line.lower()]
    assert any("index.html" in line and "TIMELINE_URL" in line and "DIRECT_TEMPLATES" in line
               for line in errors), out
    assert not (work / "clash" / "events").exists()  # stopped before writing the timeline


def test_siteurl_with_a_path_gives_absolute_links_under_the_mount(work):
    name = "published"
    built(pelican(work, name, {"PLUGINS": ["pelican.plugins.timeline"], "THEME": "simple",
                               "SITEURL": "https://example.org/blog", "RELATIVE_URLS": False,
                               **TIMELINE}))
    timeline = work / name / "timeline"
    home = BeautifulSoup((timeline / "index.html").read_text(encoding="utf-8"), "html5lib")
    hrefs = [a["href"] for a in home.select("a[href]")]
    events = [h for h in hrefs if "/events/" in h]
    assert events and all(h.startswith("https://example.org/blog/timeline/events/")
                          for h in events), events
    css = [link["href"] for link in home.select("link[rel=stylesheet]")]
    assert css == ["https://example.org/blog/timeline/theme/css/site.css"]
    feed = (timeline / "feeds" / "events.atom.xml").read_text(encoding="utf-8")
    assert "https://example.org/blog/timeline/events/" in feed
    data = json.loads((timeline / "data" / "events.json").read_text(encoding="utf-8"))
    assert json.dumps(data).count("https://example.org/blog/timeline/events/") >= 1
    sitemap = (timeline / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/blog/timeline/index.html</loc>" in sitemap


@pytest.mark.parametrize("theme, marker", [("notmyidea", "banner"), ("simple", None)])
def test_site_look_renders_inside_the_site_theme(work, theme, marker):
    name = f"look-{theme}"
    built(pelican(work, name, {"PLUGINS": ["pelican.plugins.timeline"], "THEME": theme,
                               "TIMELINE_THEME": "site", **TIMELINE}))
    output = work / name
    blog_home = BeautifulSoup((output / "index.html").read_text(encoding="utf-8"), "html5lib")
    for page in ("index.html", "tags/index.html"):
        soup = BeautifulSoup((output / "timeline" / page).read_text(encoding="utf-8"),
                             "html5lib")
        part = soup.select_one(".timeline-part")
        assert part is not None and part.find("nav", attrs={"aria-label": "Timeline"})
        # the site's own head and navigation are there: its title, its menu, its header
        assert "A Small Blog" in soup.title.get_text()
        blog_menu = [a.get_text(strip=True) for a in blog_home.select("nav a")]
        menu = [a.get_text(strip=True) for a in soup.select("nav a")]
        assert set(blog_menu) <= set(menu)
        if marker:
            assert soup.find(id=marker) is not None
        css = [link["href"] for link in soup.select("link[rel=stylesheet]")]
        assert any(h.endswith("timeline/theme/css/parts.css") for h in css)
        assert not any(h.endswith("timeline/theme/css/site.css") for h in css)
    event = next((output / "timeline" / "events").iterdir()) / "index.html"
    soup = BeautifulSoup(event.read_text(encoding="utf-8"), "html5lib")
    assert soup.select_one(".timeline-part h1")
    assert broken_links(output, sorted((output / "timeline").rglob("*.html"))) == []
    css = (output / "timeline" / "theme" / "css" / "parts.css").read_text(encoding="utf-8")
    assert css.startswith("@scope (.timeline-part) {") and ":root" not in css


def test_plugin_name_in_the_docs_loads_outside_this_repository(work, tmp_path):
    """This test environment has the engine as an editable install (the README's Quick
    start): the documented name loads from a folder outside the checkout."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    result = pelican(work, "outside", {"PLUGINS": ["pelican.plugins.timeline"], **TIMELINE},
                     cwd=outside)
    built(result)
    assert (work / "outside" / "timeline" / "index.html").is_file()


def test_each_pelican_i18n_subsites_subsite_gets_its_edition(work):
    """Pelican's plugin for language subsites builds the site once per language: with
    TIMELINE_SOURCE_LANGUAGE, each build's timeline is that language's edition."""
    name = "subsites"
    built(pelican(work, name, {
        "PLUGINS": ["pelican.plugins.i18n_subsites", "pelican.plugins.timeline"],
        "THEME": "simple", "I18N_SUBSITES": {"fr": {}}, "TIMELINE_SOURCE_LANGUAGE": "en",
        **TIMELINE}))
    english = BeautifulSoup((work / name / "timeline" / "index.html").read_text("utf-8"),
                            "html5lib")
    french = BeautifulSoup((work / name / "fr" / "timeline" / "index.html").read_text("utf-8"),
                           "html5lib")
    assert english.html["lang"] == "en" and french.html["lang"] == "fr"
    assert english.select_one(".skip-link").get_text() == "Skip to content"
    assert french.select_one(".skip-link").get_text() != "Skip to content"
    assert broken_links(work / name, sorted((work / name / "fr" / "timeline").rglob("*.html"))
                        ) == []
