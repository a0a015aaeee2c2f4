"""Any title, description, author and repository URL the quickstart accepts (the longest
allowed, quotes, backslashes, any script) make a site that passes its own ruff check, holds
the values exactly, and builds."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from pelican.plugins.timeline.commands.quickstart import (
    LINE_LENGTH,
    MAX_LENGTH,
    main,
    markdown_text,
    python_string,
    text_width,
)

ROOT = Path(__file__).resolve().parents[2]
MIXED = "Chronologie des événements — 日本 \"quoted\" 'single' back\\slash *a* _b_ [c] <d> # & 😀 "


def longest(name: str) -> str:
    return (MIXED * 20)[: MAX_LENGTH[name]].strip()


VALUES = {
    "title": longest("title"),
    "description": longest("description"),
    "author": longest("author"),
    "repo_url": ("https://github.com/example/" + "a-" * 200)[: MAX_LENGTH["repo_url"]],
}
SHORT = {"title": 'x "y" \\ z', "description": "D", "author": "A",
         "repo_url": "https://github.com/example/t"}


def site_env(*paths: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = os.pathsep.join(str(p) for p in paths)
    return env


def args_for(values: dict[str, str]) -> list[str]:
    return [a for name, value in values.items() for a in ("--" + name.replace("_", "-"), value)]


@pytest.fixture(scope="module")
def long_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("long") / "site"
    assert main([str(site), *args_for(VALUES)]) == 0
    return site


@pytest.mark.parametrize("text", [
    "", "short", MIXED * 5, "日本" * 150, "\\" * 120, '"' * 120, "a" * 400, "😀" * 100,
    "word " * 80, "é" * 300,
])
def test_python_strings_fit_the_line_and_hold_the_text(text):
    literal = python_string(text)
    assert ast.literal_eval(literal) == text
    assert all(text_width(line) <= LINE_LENGTH - 4 for line in f"SITEDESCRIPTION = {literal}"
               .splitlines())


def test_the_longest_values_give_a_ruff_clean_site(long_site):
    ruff = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "."],
                          cwd=long_site, capture_output=True, text=True)
    assert ruff.returncode == 0, ruff.stdout + ruff.stderr
    lines = (long_site / "pelicanconf.py").read_text(encoding="utf-8").splitlines()
    assert max(text_width(line) for line in lines) <= LINE_LENGTH


def test_each_file_holds_the_values_exactly(long_site):
    from pelican.settings import read_settings

    from pelican.plugins.timeline.reading.events import load_events

    settings = read_settings(str(long_site / "pelicanconf.py"))
    assert settings["SITENAME"] == VALUES["title"]
    assert settings["SITEDESCRIPTION"] == VALUES["description"]
    assert settings["AUTHOR"] == VALUES["author"]
    assert settings["TIMELINE_REPO_URL"] == VALUES["repo_url"]
    publish = ast.parse((long_site / "publishconf.py").read_text(encoding="utf-8"))
    (pages,) = [node.value for node in publish.body if isinstance(node, ast.Assign)
                and getattr(node.targets[0], "id", "") == "PAGES_SITEURL"]
    repo = VALUES["repo_url"].split("/")[-1]
    assert ast.literal_eval(pages) == f"https://example.github.io/{repo}"
    project = tomllib.loads((long_site / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["description"] == VALUES["description"]
    result = load_events(long_site / "events", base=long_site)
    assert result.errors == []
    (event,) = result.events
    assert event.sources[0].publisher == VALUES["author"]
    assert event.sources[0].url == VALUES["repo_url"]
    readme = (long_site / "README.md").read_text(encoding="utf-8")
    assert readme.startswith(f"# {markdown_text(VALUES['title'])}\n")


def test_markdown_shows_the_text_as_given():
    import markdown

    html = markdown.markdown(markdown_text(MIXED))
    assert BeautifulSoup(html, "html5lib").get_text().strip() == MIXED.strip()
    assert "<em>" not in html and "<d>" not in html


def test_the_site_builds_with_them_and_shows_them(long_site, tmp_path):
    code = subprocess.call([sys.executable, "-m", "invoke", "build", "--no-search"],
                           cwd=long_site, env=site_env(ROOT))
    assert code == 0
    output = long_site / "output"
    home = BeautifulSoup((output / "index.html").read_text(encoding="utf-8"), "html5lib")
    assert VALUES["title"] in home.title.get_text()
    about = BeautifulSoup((output / "about" / "index.html").read_text(encoding="utf-8"),
                          "html5lib")
    assert f"{VALUES['title']}: {VALUES['description']}" in " ".join(about.get_text().split())
    assert VALUES["author"] in about.get_text()


def test_a_short_site_keeps_one_line_literals(tmp_path):
    site = tmp_path / "site"
    assert main([str(site), *args_for(SHORT)]) == 0
    text = (site / "pelicanconf.py").read_text(encoding="utf-8")
    assert 'SITENAME = "x \\"y\\" \\\\ z"\n' in text
    assert 'TIMELINE_REPO_URL = "https://github.com/example/t"\n' in text
