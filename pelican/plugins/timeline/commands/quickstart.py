"""`timeline-quickstart DIR`: write a complete new timeline site into an empty folder.

    timeline-quickstart my-timeline --title "…" --description "…" --author "…" \\
        --repo-url https://github.com/you/my-timeline

writes events/ (one example event), content/pages/ (About, Methodology), pelicanconf.py,
publishconf.py, tasks.py, pyproject.toml (depending on this version of pelican-timeline),
a README with the two-command Quick start, .github/ (pull-request check, Pages deploy,
weekly check, issue form, PR template), .ci/run, .gitignore and tests/ (the site's own
tests). Asks for what is missing when run in a terminal; otherwise names it and exits 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from dataclasses import dataclass
from importlib import metadata, resources
from importlib.resources.abc import Traversable
from pathlib import Path

from ..reading.validate import check_url

TEMPLATE_SUFFIX = ".tmpl"
DOT_PREFIX = "dot-"  # stored as dot-github/, written as .github/ (packaging skips dotfiles)
PLACEHOLDER = re.compile(r"@@([A-Z_]+)@@")
MAX_LENGTH = {"title": 120, "description": 400, "author": 120, "repo_url": 300}
QUESTIONS = {
    "title": "Site title (e.g. A timeline of Python releases)",
    "description": "One-sentence description of the site",
    "author": "Author or maintainers (e.g. The Python timeline editors)",
    "repo_url": "Source repository URL (e.g. https://github.com/you/python-timeline)",
}


def package_version() -> str:
    try:
        return metadata.version("pelican-timeline")
    except metadata.PackageNotFoundError:
        from .. import __version__

        return __version__


@dataclass(frozen=True)
class Answers:
    title: str
    description: str
    author: str
    repo_url: str


def problems_with(answers: dict[str, str]) -> list[str]:
    """Every problem with the given values, one message each, saying what to write."""
    problems = []
    for name, value in answers.items():
        option = "--" + name.replace("_", "-")
        if not value.strip():
            problems.append(f"{option} is empty: give a value")
        elif any(ch in value for ch in "\r\n\t\x00") or not value.isprintable():
            problems.append(f"{option} must be one line of printable text")
        elif len(value) > MAX_LENGTH[name]:
            problems.append(f"{option} is {len(value)} characters long: write at most "
                            f"{MAX_LENGTH[name]}")
    url = answers.get("repo_url", "")
    if url.strip() and not any(p.startswith("--repo-url") for p in problems):
        message = check_url(url)
        if message:
            problems.append(f"--repo-url: {message}")
    return problems


def project_name(title: str) -> str:
    """A valid distribution name for the site's pyproject.toml, from its title."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60].strip("-")
    return slug or "timeline-site"


def pages_url(repo_url: str) -> str:
    """GitHub Pages' address for a github.com repository; empty for any other host."""
    match = re.fullmatch(r"https://github\.com/([A-Za-z0-9-]+)/([A-Za-z0-9._-]+?)(?:\.git)?/?",
                         repo_url)
    if not match:
        return ""
    owner, name = match.groups()
    if name.lower() == f"{owner.lower()}.github.io":
        return f"https://{name.lower()}"
    return f"https://{owner.lower()}.github.io/{name}"


def placeholders(answers: Answers, today: dt.date) -> dict[str, str]:
    """Each value quoted for the file it goes into: Python and TOML literals through
    json.dumps (ASCII, so valid in both), YAML double-quoted scalars likewise."""
    quoted = json.dumps
    return {
        "TITLE_PY": quoted(answers.title),
        "DESCRIPTION_PY": quoted(answers.description),
        "AUTHOR_PY": quoted(answers.author),
        "REPO_URL_PY": quoted(answers.repo_url),
        "SITEURL_PY": quoted(pages_url(answers.repo_url)),
        "PROJECT_NAME_TOML": quoted(project_name(answers.title)),
        "DESCRIPTION_TOML": quoted(answers.description),
        "VERSION": package_version(),
        "REPO_URL_YAML": quoted(answers.repo_url),
        "AUTHOR_YAML": quoted(answers.author),
        "TODAY": today.isoformat(),
        "TITLE_MD": answers.title,
        "DESCRIPTION_MD": answers.description,
        "AUTHOR_MD": answers.author,
        "REPO_URL_MD": answers.repo_url,
    }


def render(text: str, values: dict[str, str], name: str) -> str:
    def replace(match: re.Match[str]) -> str:
        try:
            return values[match.group(1)]
        except KeyError:
            raise ValueError(f"{name}: unknown placeholder {match.group(0)}") from None

    return PLACEHOLDER.sub(replace, text)


def target_name(relative: str, today: dt.date) -> str:
    """Where a template file goes in the new site: dot- prefixes become dots, .tmpl goes,
    and the example event is named after the day the site was made."""
    parts = ["." + p.removeprefix(DOT_PREFIX) if p.startswith(DOT_PREFIX) else p
             for p in relative.split("/")]
    name = "/".join(parts)
    if name.endswith(TEMPLATE_SUFFIX):
        name = name[: -len(TEMPLATE_SUFFIX)]
    if name == "events/example.yaml":
        name = f"events/{today.isoformat()}-the-timeline-starts.yaml"
    return name


def template_files() -> list[tuple[str, bytes]]:
    """(path relative to the template folder, content) for every template file."""
    root = resources.files(__package__.rpartition(".")[0]) / "quickstart"
    found: list[tuple[str, bytes]] = []

    def walk(node: Traversable, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            if child.name in ("__pycache__",) or child.name.endswith(".pyc"):
                continue
            path = f"{prefix}{child.name}"
            if child.is_dir():
                walk(child, path + "/")
            else:
                found.append((path, child.read_bytes()))

    walk(root, "")
    return found


def write_site(target: Path, answers: Answers, today: dt.date | None = None) -> list[Path]:
    """Write the new site into `target` (which must not exist or be empty); return the
    files written."""
    from ..reading.schema import json_schema_text

    today = today or dt.date.today()
    values = placeholders(answers, today)
    files: dict[str, bytes] = {}
    for relative, content in template_files():
        name = target_name(relative, today)
        if relative.endswith(TEMPLATE_SUFFIX):
            content = render(content.decode("utf-8"), values, relative).encode("utf-8")
        files[name] = content
    files["schema/event.schema.json"] = json_schema_text().encode("utf-8")
    written = []
    for name, content in sorted(files.items()):
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        if name == ".ci/run":
            path.chmod(0o755)
        written.append(path)
    return written


def ask(name: str) -> str:
    try:
        return input(f"{QUESTIONS[name]}: ").strip()
    except EOFError:
        return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="timeline-quickstart",
        description="Write a complete new timeline site into DIR (a new or empty folder).",
        epilog="In a terminal, missing values are asked for; otherwise every missing option "
               "is named and the exit status is 2.")
    parser.add_argument("dir", metavar="DIR", help="the folder to create")
    parser.add_argument("--title", help="the site's title")
    parser.add_argument("--description", help="one sentence saying what the timeline covers")
    parser.add_argument("--author", help="who maintains it")
    parser.add_argument("--repo-url", help="the site's source repository (https://…)")
    args = parser.parse_args(argv)
    target = Path(args.dir)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        print(f"timeline-quickstart: error: {args.dir} is not an empty folder: name a new "
              "or empty folder", file=sys.stderr)
        return 2
    given = {name: getattr(args, name) for name in QUESTIONS}
    missing = [name for name, value in given.items() if value is None]
    if missing and sys.stdin.isatty():
        for name in missing:
            given[name] = ask(name)
    elif missing:
        names = ", ".join("--" + n.replace("_", "-") for n in missing)
        print(f"timeline-quickstart: error: missing {names}: give them on the command line "
              "(or run in a terminal to be asked)", file=sys.stderr)
        return 2
    problems = problems_with(given)
    if problems:
        for problem in problems:
            print(f"timeline-quickstart: error: {problem}", file=sys.stderr)
        return 2
    answers = Answers(**given)
    try:
        written = write_site(target, answers)
    except OSError as exc:
        print(f"timeline-quickstart: error: cannot write {args.dir}: {exc.strerror}",
              file=sys.stderr)
        return 1
    print(f"Wrote {len(written)} files into {target}/. Next:\n"
          f"  cd {target}\n"
          "  python3 -m venv .venv && .venv/bin/python -m pip install . "
          "&& .venv/bin/python -m invoke build\n"
          "then replace the example event in events/ with your own.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
