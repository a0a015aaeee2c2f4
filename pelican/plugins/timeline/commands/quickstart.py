"""`timeline-quickstart DIR`: write a complete new timeline site into an empty folder.

    timeline-quickstart my-timeline --title "…" --description "…" --author "…" \\
        --repo-url https://github.com/you/my-timeline [--engine PATH_OR_URL]

writes events/ (one example event), content/pages/ (About, Methodology), pelicanconf.py,
publishconf.py, tasks.py, pyproject.toml (depending on this version of pelican-timeline,
or on the wheel, checkout or requirement given with --engine), a README with the
two-command Quick start, CONTRIBUTING.md (with the field reference, from the engine's field
specs), .github/ (pull-request check, Pages deploy, weekly check, issue form, PR template),
.ci/run, .gitignore and tests/ (the site's own tests). Asks for what is missing when run in
a terminal, again until the answer can be used; otherwise names it and exits 2.

Every value may hold any printable text (quotes, backslashes, any script): it is quoted
for each file it goes into, and Python literals are wrapped to the new site's line length,
so the new site passes its own ruff check whatever was given.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shlex
import sys
import unicodedata
from dataclasses import dataclass
from importlib import metadata, resources
from importlib.resources.abc import Traversable
from pathlib import Path

from ..reading.model import SOURCE_KINDS, STATUS_DESCRIPTIONS, STATUS_LABELS, STATUSES
from ..reading.schema import NAME_MAX, TAG_MAX, Field
from ..reading.validate import check_url, known_language

TEMPLATE_SUFFIX = ".tmpl"
# quickstart/i18n/<lang>/…: a starter file in that language, written instead of the
# English one at the same path when the site is made with --language <lang>
LOCALIZED_DIR = "i18n"
DOT_PREFIX = "dot-"  # stored as dot-github/, written as .github/ (packaging skips dotfiles)
PLACEHOLDER = re.compile(r"@@([A-Z_]+)@@")
DISTRIBUTION = "pelican-timeline"
MAX_LENGTH = {"title": 120, "description": 400, "author": 120, "repo_url": 300}
QUESTIONS = {
    "title": "Site title (e.g. A timeline of Python releases)",
    "description": "One-sentence description of the site",
    "author": "Author or maintainers (e.g. The Python timeline editors)",
    "repo_url": "Source repository URL (e.g. https://github.com/you/python-timeline)",
}
# The new site's ruff line length (quickstart/pyproject.toml.tmpl). A Python literal that
# would not fit on its assignment's line is wrapped into parenthesised chunks.
LINE_LENGTH = 100
ONE_LINE_ROOM = LINE_LENGTH - 30  # a literal this wide fits after any `NAME = ` we write
CHUNK_WIDTH = LINE_LENGTH - 10  # each chunk on its own line, indented by four spaces
NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                "ten", "eleven", "twelve")


def package_version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        from .. import __version__

        return __version__


@dataclass(frozen=True)
class Answers:
    title: str
    description: str
    author: str
    repo_url: str
    engine: str = ""  # the requirement for pyproject.toml; "" is this release
    language: str = "en"  # DEFAULT_LANG; the starter pages in it where the engine has them


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


# --- where the engine comes from ------------------------------------------------------------

_URL_RE = re.compile(r"^(?:git\+)?(?:https?|file|ssh)://\S+$")
_VERSION_SPEC = r"(?:===?|[<>!~]=|[<>])\s*[A-Za-z0-9.*+!_-]+"
_REQUIREMENT_RE = re.compile(
    rf"^pelican[-_.]timeline\s*(?:\[[A-Za-z0-9,\s_-]*\]\s*)?"
    rf"(?:{_VERSION_SPEC}(?:\s*,\s*{_VERSION_SPEC})*|@\s*\S+)?\s*$", re.IGNORECASE)


class EngineError(ValueError):
    """An --engine value that names no pelican-timeline."""


def engine_requirement(spec: str | None, cwd: Path | None = None) -> str:
    """The new site's dependency on pelican-timeline (a PEP 508 requirement) for --engine:
    nothing (this release, from the package index), a local wheel file or checkout folder
    (an absolute file:// URL), a URL (https://…, git+https://…), or a requirement on
    pelican-timeline (e.g. `pelican-timeline==1.1.0rc1`). Raises EngineError."""
    if spec is None or not spec.strip():
        return f"{DISTRIBUTION}=={package_version()}"
    spec = spec.strip()
    if not spec.isprintable():
        raise EngineError("--engine must be one line of printable text")
    path = Path(spec).expanduser()
    if not path.is_absolute():
        path = (cwd or Path.cwd()) / path
    if path.is_file():
        if not (path.suffix == ".whl" and path.name.lower().startswith("pelican_timeline-")):
            raise EngineError(f"--engine {spec}: not a pelican-timeline wheel "
                              "(pelican_timeline-VERSION-….whl): name a wheel file, a "
                              "checkout folder, or a requirement such as "
                              f"{DISTRIBUTION}=={package_version()}")
        return f"{DISTRIBUTION} @ {path.resolve().as_uri()}"
    if path.is_dir():
        pyproject = path / "pyproject.toml"
        try:
            import tomllib

            name = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["name"]
        except (OSError, ValueError, KeyError, TypeError):
            name = ""
        if str(name).lower().replace("_", "-") != DISTRIBUTION:
            raise EngineError(f"--engine {spec}: not a pelican-timeline checkout (its "
                              "pyproject.toml must name the project pelican-timeline): name "
                              "the folder that holds pelican-timeline's pyproject.toml")
        return f"{DISTRIBUTION} @ {path.resolve().as_uri()}"
    if _URL_RE.match(spec):
        return f"{DISTRIBUTION} @ {spec}"
    if _REQUIREMENT_RE.match(spec):
        return spec
    raise EngineError(f"--engine {spec}: no such file or folder, and not a URL or a "
                      f"requirement on {DISTRIBUTION}: name a wheel file, a checkout folder, "
                      f"a URL (https://…, git+https://…) or a requirement such as "
                      f"{DISTRIBUTION}=={package_version()}")


# --- quoting, for each kind of file ----------------------------------------------------------

def text_width(text: str) -> int:
    """Columns `text` takes, counted as ruff does or wider: wide (East Asian) characters and
    ambiguous or unknown ones count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" or unicodedata.category(ch) == "Cn"
               else 1 for ch in text)


def _quoted(text: str) -> str:
    # A JSON string (UTF-8, not \u escapes: an astral character would become a surrogate
    # pair) is a valid Python, TOML and YAML double-quoted string.
    return json.dumps(text, ensure_ascii=False)


def _chunks(text: str, width: int) -> list[str]:
    """`text` cut into pieces whose quoted form is at most `width` columns, after spaces
    where possible."""
    pieces: list[str] = []
    current = ""
    for word in re.findall(r"\S+\s*|\s+", text):
        if text_width(_quoted(current + word)) <= width:
            current += word
            continue
        if current:
            pieces.append(current)
            current = ""
        for ch in word:  # a word too long for a line of its own: cut it anywhere
            if current and text_width(_quoted(current + ch)) > width:
                pieces.append(current)
                current = ""
            current += ch
    if current or not pieces:
        pieces.append(current)
    return pieces


def python_string(text: str) -> str:
    """A Python expression for `text` that keeps every line of its assignment within the
    new site's line length: one literal, or parenthesised chunks joined by implicit
    concatenation, one per line."""
    one = _quoted(text)
    if text_width(one) <= ONE_LINE_ROOM:
        return one
    return "(\n" + "".join(f"    {_quoted(c)}\n" for c in _chunks(text, CHUNK_WIDTH)) + ")"


def markdown_text(text: str) -> str:
    """Plain text as Markdown that shows it as given (GitHub's and Python-Markdown's
    escapes): no emphasis, link, code, HTML or heading made of the site's title."""
    escaped = re.sub(r"([\\`*_\[\]#])", r"\\\1", text.replace("&", "&amp;"))
    return escaped.replace("<", "&lt;").replace(">", "&gt;")


def number_word(n: int) -> str:
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


# --- generated documentation: statuses and fields --------------------------------------------

def status_list_markdown(language: str = "en") -> str:
    """The statuses as the site shows them (label and meaning, in the site's language),
    one bullet each."""
    from ..building.i18n import Localizer

    loc = Localizer.for_language(language)
    return "\n".join(f"- **{loc.gettext(STATUS_LABELS[s])}** (`{s}`): "
                     f"{loc.gettext(STATUS_DESCRIPTIONS[s])}" for s in STATUSES)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _what_to_write(f: Field) -> str:
    """The shape of a field's value, from its spec, as a sentence."""
    limit = f", at most {f.max_length:,} characters" if f.max_length else ""
    items = f", at most {f.max_items}" if f.max_items else ""
    shapes = {
        "line": f"One line of plain text{limit}.",
        "text": f"Plain text, quoted exactly{limit}.",
        "markdown": f"Markdown{limit}.",
        "date": "`YYYY`, `YYYY-MM` or `YYYY-MM-DD`.",
        "bool": "`true` or `false`.",
        "enum": "One of " + ", ".join(f"`{c}`" for c in f.choices) + ".",
        "url": f"A full `https://` (or `http://`) address{limit}.",
        "slugs": f"A list of tags: lowercase letters, digits and single hyphens, each at most "
                 f"{TAG_MAX} characters{items}.",
        "names": f"A list of names, each at most {NAME_MAX} characters{items}.",
        "ids": f"A list of event ids (the other events' file names without `.yaml`){items}.",
        "sources": f"A list of sources, each with the [source fields](#source-fields){items}.",
        "updates": f"A list of updates, each with the [update fields](#update-fields){items}.",
        "translations": "For each language, its code (e.g. `ja`) and the "
                        f"[translation fields](#translation-fields){items}.",
        "translated_updates": "A list, one item per update in the same order, each with the "
                              f"[translated update fields](#translated-update-fields){items}.",
        "media": f"A list of images and links, each with the [media fields](#media-fields){items}.",
        "media_file": "A path from the events folder into its `media/` folder, such as "
                      f"`media/launch.jpg`{limit}.",
    }
    return shapes.get(f.kind, "See `schema/event.schema.json`.")


def field_tables() -> list[tuple[str, tuple[Field, ...]]]:
    """Every table of fields the engine defines (reading/schema.py's *_FIELDS), the
    event's first, each with its heading."""
    from ..reading import schema

    tables = [(name, value) for name, value in vars(schema).items() if name.endswith("_FIELDS")
              and isinstance(value, tuple) and all(isinstance(f, Field) for f in value)]
    tables.sort(key=lambda table: table[0] != "EVENT_FIELDS")
    return [(name.removesuffix("_FIELDS").replace("_", " ").capitalize() + " fields", fields)
            for name, fields in tables]


def field_table(fields: tuple[Field, ...]) -> str:
    rows = ["| Field | Required | Meaning | What to write |", "| --- | --- | --- | --- |"]
    rows += [f"| `{f.name}` | {'yes' if f.required else 'no'} | {_cell(f.description)} | "
             f"{_cell(_what_to_write(f))} |" for f in fields]
    return "\n".join(rows)


def status_table() -> str:
    rows = ["| Status | Shown as | Meaning |", "| --- | --- | --- |"]
    rows += [f"| `{s}` | {STATUS_LABELS[s]} | {_cell(STATUS_DESCRIPTIONS[s])} |"
             for s in STATUSES]
    return "\n".join(rows)


TABLE_INTROS = {
    "Event fields": "An event file holds these fields and no others: a misspelt name is an "
                    "error.",
    "Source fields": "Each item of `sources` (and of an update's `sources`). Its `kind` is "
                     + ", ".join(f"`{k}`" for k in SOURCE_KINDS[:-1])
                     + f" or `{SOURCE_KINDS[-1]}`.",
    "Update fields": "Each item of `updates`: a later change of the event's status, oldest "
                     "first.",
    "Media fields": "Each item of `media`: an image of the events folder's `media/` folder "
                    "(`file`, with `alt`), or a picture or document elsewhere (`url`), shown "
                    "as a link and never loaded by the page; each with its `credit`.",
}


def field_reference() -> str:
    """CONTRIBUTING.md's field reference: every field the engine reads (of an event, a
    source, an update …) and the statuses, from its specs (reading/schema.py,
    reading/model.py). The site's tests compare its CONTRIBUTING.md with this, and
    `invoke schema` writes it anew, so the two cannot drift apart."""
    parts: list[str] = []
    for heading, fields in field_tables():
        parts += [f"### {heading}", ""]
        if heading in TABLE_INTROS:
            parts += [TABLE_INTROS[heading], ""]
        parts += [field_table(fields), ""]
    parts += ["### Statuses", "",
              f"There are {number_word(len(STATUSES))} statuses. The site shows each with its "
              "label and meaning:", "", status_table()]
    return "\n".join(parts)


REFERENCE_START = "<!-- field reference, from pelican-timeline: tests/test_site.py checks it -->"
REFERENCE_END = "<!-- end of the field reference -->"


# --- writing the site ------------------------------------------------------------------------

def project_name(title: str) -> str:
    """A valid distribution name for the site's pyproject.toml, from its title."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:60].strip("-")
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


def engine_note(requirement: str) -> str:
    """The README's paragraph about a site made with --engine (empty for a release)."""
    if requirement == f"{DISTRIBUTION}=={package_version()}":
        return ""
    text = (f"This site was made with `timeline-quickstart --engine`: it depends on "
            f"`{requirement}`, not on a release from the package index.")
    if "file://" in requirement:
        text += (" That file exists only on the machine that made the site: before you "
                 "push, set the dependency back to a release (e.g. "
                 f"`{DISTRIBUTION}=={package_version()}`), or the workflows cannot install "
                 "the site.")
    return text


def placeholders(answers: Answers, today: dt.date) -> dict[str, str]:
    """Each value quoted for the file it goes into: Python literals wrapped to the line
    length, TOML and YAML double-quoted strings, Markdown escaped."""
    engine = answers.engine or engine_requirement(None)
    statuses = [f"`{s}`" for s in STATUSES]
    return {
        "TITLE_PY": python_string(answers.title),
        "DESCRIPTION_PY": python_string(answers.description),
        "AUTHOR_PY": python_string(answers.author),
        "REPO_URL_PY": python_string(answers.repo_url),
        "SITEURL_PY": python_string(pages_url(answers.repo_url)),
        "PROJECT_NAME_TOML": _quoted(project_name(answers.title)),
        "DESCRIPTION_TOML": _quoted(answers.description),
        "ENGINE_TOML": _quoted(engine),
        "ENGINE_MD": f"`{engine}`",
        "ENGINE_NOTE_MD": engine_note(engine),
        "VERSION": package_version(),
        "REPO_URL_YAML": _quoted(answers.repo_url),
        "AUTHOR_YAML": _quoted(answers.author),
        "TODAY": today.isoformat(),
        "TITLE_MD": markdown_text(answers.title),
        "DESCRIPTION_MD": markdown_text(answers.description),
        "AUTHOR_MD": markdown_text(answers.author),
        "REPO_URL_MD": answers.repo_url,
        "LANGUAGE_PY": python_string(answers.language),
        # a word in English, a figure in the other languages' starter pages
        "STATUS_COUNT": (number_word(len(STATUSES)) if answers.language == "en"
                         else str(len(STATUSES))),
        "STATUS_NAMES_MD": ", ".join(statuses[:-1]) + " and " + statuses[-1],
        "STATUS_NAMES_SLASHED": " / ".join(STATUSES),
        "STATUS_OPTIONS_YAML": "\n".join(f"        - {s}" for s in STATUSES),
        "STATUS_LIST_MD": status_list_markdown(answers.language),
        "FIELD_REFERENCE_MD": f"{REFERENCE_START}\n\n{field_reference()}\n\n{REFERENCE_END}",
    }


def render(text: str, values: dict[str, str], name: str) -> str:
    """Fill in the @@PLACEHOLDERS@@; a line that holds only a placeholder whose value is
    empty goes, with the blank line after it."""
    def replace(match: re.Match[str]) -> str:
        try:
            return values[match.group(1)]
        except KeyError:
            raise ValueError(f"{name}: unknown placeholder {match.group(0)}") from None

    kept: list[str] = []
    dropped = False
    for line in text.splitlines(keepends=True):
        match = PLACEHOLDER.fullmatch(line.strip())
        if match and values.get(match.group(1)) == "":
            dropped = True
        elif not (dropped and not line.strip()):
            kept.append(line)
            dropped = False
        else:
            dropped = False  # the blank line after a dropped one
    return PLACEHOLDER.sub(replace, "".join(kept))


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
    localized = f"{LOCALIZED_DIR}/{answers.language}/"
    templates = template_files()
    given = {r.removeprefix(localized) for r, _c in templates if r.startswith(localized)}
    for relative, content in templates:
        if relative.startswith(LOCALIZED_DIR + "/"):
            if not relative.startswith(localized):
                continue  # another language's starter pages
            relative = relative.removeprefix(localized)
        elif relative in given:
            continue  # written in the site's language instead
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


def starter_languages() -> list[str]:
    """The languages the starter pages are written in (English, and quickstart/i18n/)."""
    root = resources.files(__package__.rpartition(".")[0]) / "quickstart" / LOCALIZED_DIR
    found = sorted(c.name for c in root.iterdir() if c.is_dir()) if root.is_dir() else []
    return ["en", *found]


def ask(name: str) -> str:
    """Ask for one value in the terminal until it can be used; "" at end of input."""
    while True:
        try:
            value = input(f"{QUESTIONS[name]}: ").strip()
        except EOFError:
            return ""
        problems = problems_with({name: value})
        if not problems:
            return value
        for problem in problems:
            print(f"  {problem}; try again", file=sys.stderr)


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
    parser.add_argument(
        "--language", metavar="LANG", default="en",
        help="the site's language (DEFAULT_LANG), e.g. fr or ja: the interface, dates and "
             f"feeds in it; starter pages in it for {', '.join(starter_languages())} "
             "(default: en)")
    parser.add_argument(
        "--engine", metavar="PATH_OR_URL",
        help="where the new site gets pelican-timeline: a wheel file, a checkout folder, a "
             f"URL or a pip requirement (default: {DISTRIBUTION}=={package_version()} from "
             "the package index)")
    args = parser.parse_args(argv)
    target = Path(args.dir)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        print(f"timeline-quickstart: error: {args.dir} is not an empty folder: name a new "
              "or empty folder", file=sys.stderr)
        return 2
    try:
        engine = engine_requirement(args.engine)
    except EngineError as exc:
        print(f"timeline-quickstart: error: {exc}", file=sys.stderr)
        return 2
    given = {name: getattr(args, name) for name in QUESTIONS}
    missing = [name for name, value in given.items() if value is None]
    problems = problems_with({k: v for k, v in given.items() if v is not None})
    if problems:
        for problem in problems:
            print(f"timeline-quickstart: error: {problem}", file=sys.stderr)
        return 2
    if missing and sys.stdin.isatty():
        for name in missing:
            given[name] = ask(name)
            if not given[name]:
                print(f"\ntimeline-quickstart: no answer for --{name.replace('_', '-')}; "
                      "nothing written", file=sys.stderr)
                return 2
    elif missing:
        names = ", ".join("--" + n.replace("_", "-") for n in missing)
        print(f"timeline-quickstart: error: missing {names}: give them on the command line "
              "(or run in a terminal to be asked)", file=sys.stderr)
        return 2
    language = args.language.replace("-", "_")
    if not known_language(language):
        print(f"timeline-quickstart: error: --language {args.language!r} is not a language "
              "code: write one such as en, fr, de, es or ja", file=sys.stderr)
        return 2
    answers = Answers(**given, engine=engine, language=language)
    try:
        written = write_site(target, answers)
    except OSError as exc:
        print(f"timeline-quickstart: error: cannot write {args.dir}: {exc.strerror}",
              file=sys.stderr)
        return 1
    print(f"Wrote {len(written)} files into {target}/, depending on {engine}. Next:\n"
          f"  cd {shlex.quote(str(target))}\n"
          "  python3 -m venv .venv && .venv/bin/python -m pip install . "
          "&& .venv/bin/python -m invoke build\n"
          "then replace the example event in events/ with your own "
          "(`.venv/bin/python -m invoke new-event` writes one).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
