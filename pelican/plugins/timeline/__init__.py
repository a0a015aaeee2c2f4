"""pelican-timeline: a Pelican plugin that renders one YAML file per event into a
source-linked timeline site (`PLUGINS = ["timeline"]`)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.settings import DEFAULT_THEME

__version__ = "1.0.0"  # the same as pyproject.toml's (tests/engine/test_quickstart.py checks)

PACKAGE_DIR = Path(str(resources.files(__name__)))
THEME_DIR = PACKAGE_DIR / "theme"


def get_generators(pelican: Any) -> type:
    from .generator import TimelineGenerator

    return TimelineGenerator


def configure(pelican: Any) -> None:
    """Settings the engine needs, before any generator is made: its theme (unless the
    site names another), the site's own template and static overrides, autoescaping,
    the filters every template may use, and defaults for optional site settings."""
    from .generator import shared_filters

    settings = pelican.settings
    if Path(settings.get("THEME", DEFAULT_THEME)) == Path(DEFAULT_THEME):
        settings["THEME"] = pelican.theme = str(THEME_DIR)
    site_theme = settings.get("TIMELINE_SITE_THEME")
    if site_theme:
        site_theme = Path(site_theme).absolute()
        if (site_theme / "templates").is_dir():
            overrides = list(settings.get("THEME_TEMPLATES_OVERRIDES") or [])
            settings["THEME_TEMPLATES_OVERRIDES"] = [str(site_theme / "templates"), *overrides]
        if (site_theme / "static").is_dir():
            statics = list(settings.get("THEME_STATIC_PATHS") or ["static"])
            settings["THEME_STATIC_PATHS"] = [*statics, str(site_theme / "static")]
    jinja = dict(settings.get("JINJA_ENVIRONMENT") or {})
    jinja["autoescape"] = True  # contributed text is escaped unless a template says otherwise
    settings["JINJA_ENVIRONMENT"] = jinja
    for name in ("SITEDESCRIPTION", "SITESUBTITLE"):
        settings.setdefault(name, "")
    filters = dict(settings.get("JINJA_FILTERS", {}))
    filters.update(shared_filters())
    settings["JINJA_FILTERS"] = filters


def register() -> None:
    signals.initialized.connect(configure)
    signals.get_generators.connect(get_generators)
