"""The engine's tests know nothing of the AUKUS site: they build the fixture site in
tests/engine/sample_site/, never the settings, events, content or theme at the root."""

from __future__ import annotations

import re
from pathlib import Path

ENGINE_TESTS = Path(__file__).resolve().parent

# What an engine test must not write: the site's name, or a path to the root site's files.
FORBIDDEN = [
    (re.compile(r"aukus", re.I), "names the AUKUS site"),
    (re.compile(r"ROOT\s*/\s*\"(events|content|theme|schema)\""), "reads the root site's files"),
    (re.compile(r"ROOT\s*/\s*\"(pelicanconf|publishconf)\.py\""), "reads the root site's settings"),
    (re.compile(r"site\s*=\s*ROOT\b"), "builds the root site"),
    (re.compile(r"real_site|real_subpath_site"), "uses a build of the root site"),
    (re.compile(r"/work/|\.\./shared"), "reads outside the repository"),
]


# Tests whose job is to prove the site's name is absent (from the package, a new site, a
# wheel) must spell it; they read no site file.
PROVE_ABSENCE = {"test_architecture.py", "test_quickstart.py", "test_linkcheck.py"}


def offences(folder: Path) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*")):
        if (path.suffix not in (".py", ".yaml", ".md") or path == Path(__file__)
                or path.name in PROVE_ABSENCE):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for pattern, why in FORBIDDEN:
                if pattern.search(line):
                    found.append(f"{path.relative_to(folder)}:{number}: {why}: {line.strip()}")
    return found


def test_engine_tests_do_not_touch_the_site() -> None:
    assert offences(ENGINE_TESTS) == []


def test_the_guard_finds_a_site_reference(tmp_path: Path) -> None:
    (tmp_path / "test_x.py").write_text(
        'EVENTS = ROOT / "events"\nTITLE = "AUKUS Timeline"\nbuild_site(out, site=ROOT)\n',
        encoding="utf-8")
    assert [o.split(": ")[1] for o in offences(tmp_path)] == [
        "reads the root site's files", "names the AUKUS site", "builds the root site"]
