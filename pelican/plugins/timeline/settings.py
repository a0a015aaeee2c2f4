"""Every `TIMELINE_*` setting in one table: its type, default and meaning.

`TimelineConfig.from_settings` reads Pelican's settings once, checks every value, reports
every problem at once (an unknown `TIMELINE_*` name, with a "did you mean", included) and
raises a single `ConfigError`. The README's settings table is this table.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class ConfigError(ValueError):
    """Every bad setting, one line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


PathLike = (str, Path)


@dataclass(frozen=True)
class Option:
    name: str
    kinds: tuple[type, ...]
    default: Any
    doc: str


OPTIONS: tuple[Option, ...] = (
    Option("TIMELINE_URL", (str,), "",
           "Where the timeline lives in the site: `\"\"` (the site's root) or a path such as "
           "`\"timeline/\"`; every timeline page, feed, export, search index and static file "
           "goes under it."),
    Option("TIMELINE_THEME", (str,), "engine",
           "`\"engine\"`: the timeline's own look; `\"site\"`: its pages inside the site "
           "theme's `base.html` (its head, navigation, footer and `content` block)."),
    Option("TIMELINE_LANGUAGES", (list, tuple, type(None)), None,
           "The languages of the timeline's editions, e.g. `[\"en\", \"ja\"]`: the first at "
           "TIMELINE_URL, each other under `<lang>/` with its own pages, feeds and search "
           "index; None: one edition in DEFAULT_LANG."),
    Option("TIMELINE_SOURCE_LANGUAGE", (str, type(None)), None,
           "The language the event files are written in (their `translations:` give the "
           "others); None: the first of TIMELINE_LANGUAGES. Set it when each language is "
           "built apart (pelican-i18n-subsites): each build is then that language's edition."),
    Option("TIMELINE_LOCALES", (dict,), {},
           "The Babel locale that formats each language's dates, e.g. `{\"en\": \"en_US\"}` "
           "(English is `en_GB` by default: 2 March 2024)."),
    Option("TIMELINE_SITE_TRANSLATIONS", (dict,), {},
           "The site's own texts in each edition's language: `{\"ja\": {\"SITENAME\": …, "
           "\"SITEDESCRIPTION\": …}}` (the settings templates show: SITENAME, "
           "SITEDESCRIPTION, SITESUBTITLE, AUTHOR)."),
    Option("TIMELINE_EVENTS_PATH", PathLike, "events",
           "The folder of event files (relative paths are taken from the folder Pelican "
           "runs in; use `Path(__file__).parent / \"events\"` in pelicanconf.py)."),
    Option("TIMELINE_THREADS_PATH", (*PathLike, type(None)), None,
           "A folder of guided-reading threads (Markdown with `tag:` or `actor:` headers), "
           "or None for none."),
    Option("TIMELINE_ERAS_PATH", (*PathLike, type(None)), None,
           "The eras YAML file drawn behind the overview, or None for none."),
    Option("TIMELINE_SITE_THEME", (*PathLike, type(None)), None,
           "A folder with the site's own `templates/` (each overrides the engine's template "
           "of the same name) and `static/` (copied over the engine's static files)."),
    Option("TIMELINE_CLEAN_URLS", (bool,), False,
           "Links end in `/` (for a web server) instead of `index.html` (browsable from disk)."),
    Option("TIMELINE_HOME_MAX_EVENTS", (int,), 120,
           "The most events the home page lists; past it, the latest years that fit."),
    Option("TIMELINE_PAGE_SIZE", (int,), 100, "Events per page of a tag, actor, year or era."),
    Option("TIMELINE_FEED_MAX_ENTRIES", (int,), 100, "Entries per Atom feed (newest first)."),
    Option("TIMELINE_LICENSE_NAME", (str,), "CC BY 4.0", "The licence of the text and data."),
    Option("TIMELINE_LICENSE_URL", (str,), "https://creativecommons.org/licenses/by/4.0/",
           "Where that licence is."),
    Option("TIMELINE_REPO_URL", (str,), "",
           "The site's source repository, linked from the footer and sent with link checks. "
           "On GitHub Actions, GITHUB_SERVER_URL/GITHUB_REPOSITORY are used instead."),
    Option("TIMELINE_SCHEMA_URL", (str,), "",
           "The `$id` of the published data schemas; empty: SITEURL/data/…schema.json."),
    Option("TIMELINE_LAST_REVIEWED", (str, dt.date, type(None)), None,
           "The day the whole timeline was last reviewed (YYYY-MM-DD), shown with the "
           "coverage line on the home and About pages."),
    Option("TIMELINE_TODAY", (str, dt.date, type(None)), None,
           "The day overdue checks count from (YYYY-MM-DD); today by default."),
    Option("TIMELINE_CACHE", (bool,), True,
           "Keep build caches under CACHE_PATH so that rebuilds redo only what changed."),
    Option("TIMELINE_JOBS", (int, type(None)), None,
           "Worker processes; None: one per core (the TIMELINE_JOBS environment variable too)."),
    Option("TIMELINE_STAGED", (bool,), False,
           "Set by the build task: write only what changed into OUTPUT_PATH (with a list of "
           "every file of the build), for the task to move over TIMELINE_PREVIOUS_OUTPUT."),
    Option("TIMELINE_SEARCH", (bool,), False,
           "Write the Pagefind search index (`pagefind/`, one shard a year, unchanged shards "
           "reused from the previous output). The build tasks turn it on."),
    Option("TIMELINE_PREVIOUS_OUTPUT", (*PathLike, type(None)), None,
           "Set by the build task: the output folder the build replaces (its unchanged pages "
           "are reused)."),
)  # fmt: skip
OPTION_NAMES = frozenset(o.name for o in OPTIONS)


def repo_url_from(settings_value: str, environ: Mapping[str, str]) -> str:
    """The repository URL: GitHub's own when building on GitHub Actions."""
    server, repo = environ.get("GITHUB_SERVER_URL", ""), environ.get("GITHUB_REPOSITORY", "")
    if environ.get("GITHUB_ACTIONS") == "true" and server.startswith("https://") and repo:
        return f"{server.rstrip('/')}/{repo}"
    return settings_value


@dataclass(frozen=True)
class TimelineConfig:
    events_path: Path
    threads_path: Path | None
    eras_path: Path | None
    clean_urls: bool
    relative_urls: bool
    siteurl: str  # where the timeline is: SITEURL plus TIMELINE_URL
    sitename: str
    sitedescription: str
    cache_path: Path | None
    today: dt.date
    last_reviewed: dt.date | None
    home_max_events: int
    page_size: int
    feed_max_entries: int
    jobs: int | None
    license_name: str
    license_url: str
    repo_url: str
    schema_url: str
    # Pelican's page folders (PATH/PAGE_PATHS): their front matter is checked with the events
    page_paths: tuple[Path, ...] = ()
    search: bool = False
    staged: bool = False
    mount: str = ""  # TIMELINE_URL: "" or a folder path ending in "/"
    site_theme: bool = False  # TIMELINE_THEME == "site"
    site_root_url: str = ""  # the site's own SITEURL
    languages: tuple[str, ...] = ("en",)  # the editions' languages, the first at the mount
    language: str = "en"  # the language of the edition being written (edition_config)
    source_language: str = "en"  # the language the event files are written in
    locales: tuple[tuple[str, str], ...] = ()  # TIMELINE_LOCALES
    # TIMELINE_SITE_TRANSLATIONS: language -> ((setting, text), ...)
    site_texts: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any],
                      environ: Mapping[str, str] | None = None) -> TimelineConfig:
        environ = os.environ if environ is None else environ
        problems: list[str] = []
        for name in sorted(k for k in settings if k.startswith("TIMELINE_")):
            if name not in OPTION_NAMES:
                close = difflib.get_close_matches(name, OPTION_NAMES, n=1)
                hint = f"did you mean {close[0]}?" if close else "see the README's settings table"
                problems.append(f"setting {name} is not a timeline setting: {hint}")
        values: dict[str, Any] = {}
        for option in OPTIONS:
            value = settings.get(option.name, option.default)
            if not isinstance(value, option.kinds) or (
                isinstance(value, bool) and bool not in option.kinds
            ):
                wanted = " or ".join(
                    "None" if k is type(None) else k.__name__ for k in option.kinds
                )
                problems.append(f"setting {option.name} must be {wanted}, not {value!r}")
                value = option.default
            values[option.name] = value
        for name in ("TIMELINE_TODAY", "TIMELINE_LAST_REVIEWED"):
            if isinstance(values[name], str):
                try:
                    values[name] = dt.date.fromisoformat(values[name])
                except ValueError:
                    problems.append(f"setting {name} must be a date written YYYY-MM-DD, "
                                    f"not {values[name]!r}")
                    values[name] = None
        for name in ("TIMELINE_HOME_MAX_EVENTS", "TIMELINE_PAGE_SIZE", "TIMELINE_FEED_MAX_ENTRIES"):
            if values[name] < 1:
                problems.append(f"setting {name} must be 1 or more, not {values[name]}")
        mount = mount_path(values["TIMELINE_URL"], problems)
        site_texts = site_translations(values["TIMELINE_SITE_TRANSLATIONS"], problems)
        languages = language_list(values["TIMELINE_LANGUAGES"],
                                  str(settings.get("DEFAULT_LANG") or "en"), problems)
        if values["TIMELINE_THEME"] not in ("engine", "site"):
            problems.append(f"setting TIMELINE_THEME must be \"engine\" or \"site\", "
                            f"not {values['TIMELINE_THEME']!r}")
        if problems:
            raise ConfigError(problems)

        def path(name: str) -> Path | None:
            value = values[name]
            return Path(value).absolute() if value is not None else None

        cache_path = settings.get("CACHE_PATH")
        return cls(
            events_path=Path(values["TIMELINE_EVENTS_PATH"]).absolute(),
            threads_path=path("TIMELINE_THREADS_PATH"),
            eras_path=path("TIMELINE_ERAS_PATH"),
            clean_urls=values["TIMELINE_CLEAN_URLS"],
            relative_urls=bool(settings.get("RELATIVE_URLS", False)),
            siteurl=join_url(str(settings.get("SITEURL") or ""), mount),
            sitename=str(settings.get("SITENAME") or "Timeline"),
            sitedescription=str(settings.get("SITEDESCRIPTION") or ""),
            cache_path=(
                Path(cache_path) if values["TIMELINE_CACHE"] and cache_path else None
            ),
            today=values["TIMELINE_TODAY"] or dt.date.today(),
            last_reviewed=values["TIMELINE_LAST_REVIEWED"],
            home_max_events=values["TIMELINE_HOME_MAX_EVENTS"],
            page_size=values["TIMELINE_PAGE_SIZE"],
            feed_max_entries=values["TIMELINE_FEED_MAX_ENTRIES"],
            jobs=values["TIMELINE_JOBS"],
            license_name=values["TIMELINE_LICENSE_NAME"],
            license_url=values["TIMELINE_LICENSE_URL"],
            repo_url=repo_url_from(values["TIMELINE_REPO_URL"], environ),
            schema_url=values["TIMELINE_SCHEMA_URL"],
            page_paths=tuple(Path(str(settings.get("PATH") or ".")).absolute() / str(folder)
                             for folder in settings.get("PAGE_PATHS") or ()),
            search=values["TIMELINE_SEARCH"],
            staged=values["TIMELINE_STAGED"],
            mount=mount,
            site_theme=values["TIMELINE_THEME"] == "site",
            site_root_url=str(settings.get("SITEURL") or ""),
            languages=languages,
            language=languages[0],
            source_language=values["TIMELINE_SOURCE_LANGUAGE"] or languages[0],
            locales=tuple(sorted((str(k), str(v))
                                 for k, v in values["TIMELINE_LOCALES"].items())),
            site_texts=site_texts,
        )


def edition_config(config: TimelineConfig, mount: str, language: str) -> TimelineConfig:
    """The settings as one language edition sees them: its folder, address and language."""
    if mount == config.mount and language == config.language:
        return config
    texts = dict(dict(config.site_texts).get(language, ()))
    return dataclasses.replace(
        config, mount=mount, language=language, siteurl=join_url(config.site_root_url, mount),
        sitename=texts.get("SITENAME", config.sitename),
        sitedescription=texts.get("SITEDESCRIPTION", config.sitedescription))


TRANSLATABLE_SETTINGS = ("SITENAME", "SITEDESCRIPTION", "SITESUBTITLE", "AUTHOR")


def site_translations(value: dict[Any, Any], problems: list[str]
                      ) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    result = []
    for lang, texts in value.items():
        if not isinstance(texts, dict):
            problems.append(f"setting TIMELINE_SITE_TRANSLATIONS[{lang!r}] must be a dict "
                            f"such as {{\"SITENAME\": \"…\"}}, not {texts!r}")
            continue
        for name in texts:
            if name not in TRANSLATABLE_SETTINGS:
                problems.append(f"setting TIMELINE_SITE_TRANSLATIONS[{lang!r}] names {name!r}: "
                                f"write one of {', '.join(TRANSLATABLE_SETTINGS)}")
        result.append((str(lang), tuple(sorted((str(k), str(v)) for k, v in texts.items()
                                               if k in TRANSLATABLE_SETTINGS))))
    return tuple(sorted(result))


def language_list(value: Any, default: str, problems: list[str]) -> tuple[str, ...]:
    """TIMELINE_LANGUAGES checked: known language codes, no repeats, at least one."""
    from babel import Locale, UnknownLocaleError

    codes = [default] if value is None else [str(v) for v in value]
    if not codes:
        problems.append("setting TIMELINE_LANGUAGES must name at least one language")
        return (default,)
    for code in codes:
        try:
            Locale.parse(code.replace("-", "_"))
        except (ValueError, UnknownLocaleError):
            problems.append(f"setting TIMELINE_LANGUAGES: {code!r} is not a language code "
                            f"(write one such as \"en\", \"fr\", \"ja\" or \"pt_BR\")")
    if len(set(codes)) != len(codes):
        problems.append(f"setting TIMELINE_LANGUAGES names a language twice: {codes}")
    return tuple(dict.fromkeys(codes))


def mount_path(value: str, problems: list[str]) -> str:
    """TIMELINE_URL as a folder path: "" or "a/b/" (no leading slash, no `..`)."""
    path = value.strip().strip("/")
    if not path:
        return ""
    parts = path.split("/")
    if "\\" in path or any(p in ("", ".", "..") for p in parts) or "://" in value:
        problems.append(f"setting TIMELINE_URL must be a folder path inside the site such as "
                        f"\"timeline/\", not {value!r}")
        return ""
    return path + "/"


def join_url(siteurl: str, mount: str) -> str:
    """SITEURL and the timeline's folder: ("https://x.org/blog", "timeline/") ->
    "https://x.org/blog/timeline"."""
    if not mount:
        return siteurl
    return f"{siteurl.rstrip('/')}/{mount.rstrip('/')}"


def settings_table() -> str:
    """The README's table of settings, from OPTIONS."""
    rows = ["| Setting | Default | What it does |", "| --- | --- | --- |"]
    for o in OPTIONS:
        rows.append(f"| `{o.name}` | `{o.default!r}` | {o.doc} |")
    return "\n".join(rows)
