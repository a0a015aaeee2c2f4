"""The engine's message catalogs, kept with Babel: extract the interface texts from the
engine's Python and templates into `locale/timeline.pot`, update each language's
`locale/<lang>/LC_MESSAGES/timeline.po` from it, and compile each to the `.mo` the build
reads (shipped in the wheel). `invoke catalogs` runs the three in this repository."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from ..building.i18n import DOMAIN, LOCALE_DIR, SOURCE_LANGUAGE

PACKAGE = LOCALE_DIR.parent
POT = LOCALE_DIR / f"{DOMAIN}.pot"
METHODS = [
    ("quickstart/**", "ignore"),
    ("**/commands/**.py", "ignore"),  # messages for editors and contributors: English
    ("**.py", "python"),
    ("theme/templates/**.html", "jinja2"),
    ("theme/site-frame/**.html", "jinja2"),
]
OPTIONS = {"theme/templates/**.html": {"extensions": "jinja2.ext.i18n"},
           "theme/site-frame/**.html": {"extensions": "jinja2.ext.i18n"}}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "format": None}


def extract() -> Catalog:
    """Every interface text of the engine, with where it is used."""
    catalog = Catalog(project="pelican-timeline", domain=DOMAIN, charset="utf-8",
                      fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
            str(PACKAGE), METHODS, OPTIONS, KEYWORDS, comment_tags=("Translators:",)):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments,
                    context=context)
    return catalog


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages() -> list[str]:
    return sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def _write_po(catalog: Catalog, path: Path, **options: object) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=88, omit_header=False, sort_output=True, **options)  # type: ignore[arg-type]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


def templates_digest() -> str:
    """A digest of the templates the texts are extracted from: written into the .pot's
    header, so the template changes with them (and says which templates it was made from)."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted((PACKAGE / "theme").rglob("*.html")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def write_template() -> Path:
    catalog = extract()
    catalog.creation_date = catalog.revision_date = _fixed_date()
    catalog.header_comment = (
        "# Interface texts of pelican-timeline (`invoke catalogs` extracts them).\n"
        f"# Extracted from the templates with digest {templates_digest()}.\n#")
    _write_po(catalog, POT, ignore_obsolete=True)
    return POT


def _fixed_date() -> dt.datetime:
    """Catalog dates that do not change from one run to the next (no churn in git)."""
    return dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def update(langs: Iterable[str] | None = None) -> list[Path]:
    """Each language's catalog brought up to the template: new texts added (empty, to
    translate), gone ones marked obsolete; English's translations are its texts."""
    written = []
    for lang in langs or languages():
        template = extract()  # afresh: Catalog.update shares the template's messages
        path = po_path(lang)
        if path.is_file():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=lang)
        else:
            catalog = Catalog(locale=lang, domain=DOMAIN, project="pelican-timeline")
        catalog.update(template, no_fuzzy_matching=True)
        if lang == SOURCE_LANGUAGE:
            for message in catalog:
                if message.id and not any(_strings(message)):
                    message.string = message.id
        catalog.revision_date = catalog.creation_date = _fixed_date()
        _write_po(catalog, path, ignore_obsolete=True)
        written.append(path)
    return written


def _strings(message: Any) -> tuple[str, ...]:
    value = message.string
    return tuple(value) if isinstance(value, tuple | list) else (value,)


def compiled(lang: str) -> bytes:
    with po_path(lang).open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def compile_all() -> list[Path]:
    written = []
    for lang in languages():
        mo = po_path(lang).with_suffix(".mo")
        mo.write_bytes(compiled(lang))
        written.append(mo)
    return written


def missing(lang: str) -> list[str]:
    """The interface texts the language's catalog does not translate."""
    template = extract()
    with po_path(lang).open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    result = []
    for message in template:
        if not message.id:
            continue
        found = catalog.get(message.id)
        strings = found.string if found is not None else None
        empty = not all(strings) if isinstance(strings, tuple | list) else not strings
        if found is None or empty or found.fuzzy:
            result.append(message.id if isinstance(message.id, str) else message.id[0])
    return result


def catalog_tasks() -> list[Any]:
    """`invoke catalogs` (extract, update and compile: what to run after changing a
    template's text) and its three steps, for the engine's own repository."""
    from invoke import task

    @task(name="catalogs-extract")
    def catalogs_extract(c: Any) -> None:
        """Write locale/timeline.pot: every interface text of the engine."""
        print(f"Wrote {write_template().relative_to(PACKAGE.parent.parent.parent)}")

    @task(name="catalogs-update", help={"lang": "one language (default: every catalog)"})
    def catalogs_update(c: Any, lang: str = "") -> None:
        """Bring each language's .po up to the texts (new ones empty, to translate)."""
        for path in update([lang] if lang else None):
            todo = missing(path.parent.parent.name)
            print(f"Updated {path.parent.parent.name}: {len(todo)} text(s) to translate")

    @task(name="catalogs-compile")
    def catalogs_compile(c: Any) -> None:
        """Compile each .po into the .mo the build reads (shipped in the wheel)."""
        for path in compile_all():
            print(f"Compiled {path.parent.parent.name}")

    @task(name="catalogs")
    def catalogs(c: Any) -> None:
        """Extract, update and compile the message catalogs."""
        catalogs_extract(c)
        catalogs_update(c)
        catalogs_compile(c)

    return [catalogs, catalogs_extract, catalogs_update, catalogs_compile]
