"""One mistake in one event file of a new site (a misspelt field) is one line,
`path:line:col: error: …`, in `invoke validate`, `invoke build` and `invoke test` (and a
plain `pytest`): no traceback, no cascade of failing tests. And the tasks a new site is
offered all work there: `invoke screenshots`, which needs Playwright and Chromium, is
offered only to a site that keeps screenshots (docs/screenshots/)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pelican.plugins.timeline.commands.quickstart import REFERENCE_END, REFERENCE_START, main

ROOT = Path(__file__).resolve().parents[2]
ARGS = ["--title", "One mistake", "--description", "A site with one misspelt field.",
        "--author", "The editors", "--repo-url", "https://github.com/example/one-mistake"]
LOCATED = re.compile(r"^events/[a-z0-9-]+\.yaml:\d+:\d+: error: ", re.MULTILINE)


def site_env(*paths: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = os.pathsep.join(str(p) for p in paths)
    return env


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A new site whose example event says `sumary:` for `summary:`; and that line."""
    site = tmp_path_factory.mktemp("mistake") / "site"
    assert main([str(site), *ARGS]) == 0
    (event,) = (site / "events").glob("*.yaml")
    text = event.read_text(encoding="utf-8")
    assert "\nsummary: |\n" in text
    event.write_text(text.replace("\nsummary: |\n", "\nsumary: |\n"), encoding="utf-8")
    line = text.splitlines().index("summary: |") + 1
    expected = (f"events/{event.name}:{line}:1: error: unknown field 'sumary' in the event: "
                "did you mean 'summary'?")
    return site, expected


def run(site: Path, *command: str) -> tuple[int, list[str]]:
    result = subprocess.run([sys.executable, *command], cwd=site, env=site_env(ROOT),
                            capture_output=True, text=True, stdin=subprocess.DEVNULL)
    lines = (result.stdout + result.stderr).splitlines()
    return result.returncode, [line for line in lines if line.strip()]


def assert_one_line_for_it(lines: list[str], expected: str, at_most: int) -> None:
    shown = "\n".join(lines)
    assert LOCATED.findall(shown) == [expected.split(" error: ")[0] + " error: "], shown
    assert expected in lines, shown
    assert len(lines) <= at_most, shown
    assert "Traceback" not in shown and "FAILED" not in shown and "ERROR " not in shown, shown


def test_validate_prints_one_line(broken_site):
    site, expected = broken_site
    code, lines = run(site, "-m", "invoke", "validate")
    assert code == 1
    assert_one_line_for_it(lines, expected, at_most=2)  # the line, then the count


def test_build_prints_one_line_and_no_traceback(broken_site):
    site, expected = broken_site
    code, lines = run(site, "-m", "invoke", "build")
    assert code != 0
    assert_one_line_for_it(lines, expected, at_most=3)
    assert not (site / "output").exists()


def test_invoke_test_reports_it_once(broken_site):
    site, expected = broken_site
    code, lines = run(site, "-m", "invoke", "test")
    assert code != 0
    assert_one_line_for_it(lines, expected, at_most=3)


def test_pytest_alone_reports_it_once(broken_site):
    site, expected = broken_site
    code, lines = run(site, "-m", "pytest", "-p", "no:cacheprovider")
    assert code == 1
    assert_one_line_for_it(lines, expected, at_most=4)
    assert not any(re.search(r"\b\d+ (passed|failed|skipped)\b", line) for line in lines), lines


def test_a_failing_build_fails_one_test_and_skips_the_others(tmp_path):
    """A build that fails for another reason (here a template that cannot render) is one
    failure with its reason; the other tests that need the built site are skipped."""
    site = tmp_path / "site"
    assert main([str(site), *ARGS]) == 0
    (site / "theme" / "templates").mkdir(parents=True)
    (site / "theme" / "templates" / "base.html").write_text("{% broken %}", encoding="utf-8")
    code, lines = run(site, "-m", "pytest", "-p", "no:cacheprovider", "-q")
    shown = "\n".join(lines)
    assert code == 1
    assert re.search(r"3 passed, 2 skipped, 1 error", shown), shown
    # once, with its reason, above pytest's own one-line summary (which repeats it, cut to
    # the terminal's width)
    report = shown.split("short test summary info")[0]
    assert report.count("Encountered unknown tag 'broken'") == 1, shown


def test_the_tasks_a_new_site_is_offered(tmp_path):
    site = tmp_path / "site"
    assert main([str(site), *ARGS]) == 0
    code, lines = run(site, "-m", "invoke", "--list")
    assert code == 0
    offered = {line.split()[0] for line in lines[1:] if line.startswith("  ") and
               not line.startswith("   ")}
    assert {"build", "validate", "test", "new-event", "schema"} <= offered
    assert "screenshots" not in offered
    (site / "docs" / "screenshots").mkdir(parents=True)
    code, lines = run(site, "-m", "invoke", "--list")
    assert "screenshots" in {line.split()[0] for line in lines if line.startswith("  ")}


def test_invoke_schema_refreshes_the_field_reference(tmp_path):
    site = tmp_path / "site"
    assert main([str(site), *ARGS]) == 0
    guide = site / "CONTRIBUTING.md"
    original = guide.read_text(encoding="utf-8")
    head, rest = original.split(REFERENCE_START, 1)
    tail = rest.split(REFERENCE_END, 1)[1]
    guide.write_text(f"{head}{REFERENCE_START}\nstale\n{REFERENCE_END}{tail}", encoding="utf-8")
    shutil.rmtree(site / "schema")
    code, lines = run(site, "-m", "invoke", "schema")
    assert code == 0, lines
    assert guide.read_text(encoding="utf-8") == original
    assert (site / "schema" / "event.schema.json").is_file()
