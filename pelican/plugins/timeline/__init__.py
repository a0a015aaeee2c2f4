"""pelican-timeline: a Pelican plugin that renders one YAML file per event into a
source-linked timeline site (`PLUGINS = ["pelican.plugins.timeline"]`).

Installed, it changes nothing until a site asks for it: a site with an `events/` folder
or any `TIMELINE_*` setting gets a timeline (under `TIMELINE_URL`); any other site builds
exactly as it would without the plugin. The timeline renders its pages in a Jinja
environment of its own (building/templates.py); the site's own templates are touched
only when the site chose the engine's theme (`THEME = str(THEME_DIR)`).
"""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path
from typing import Any

from pelican import signals

__version__ = "1.0.0"  # the same as pyproject.toml's (tests/engine/test_quickstart.py checks)

PACKAGE_DIR = Path(str(resources.files(__name__)))
THEME_DIR = PACKAGE_DIR / "theme"
DEFAULT_EVENTS_PATH = "events"
ACTIVE = "PLUGIN_TIMELINE_ACTIVE"  # set by `configure` in Pelican's settings: True or False

logger = logging.getLogger(__name__)


def is_requested(settings: dict[str, Any]) -> bool:
    """A site asks for a timeline by any TIMELINE_* setting or by an `events/` folder."""
    if any(name.startswith("TIMELINE_") for name in settings if name != ACTIVE):
        return True
    return Path(DEFAULT_EVENTS_PATH).is_dir()


def get_generators(pelican: Any) -> type | None:
    if not pelican.settings.get(ACTIVE):
        return None
    from .generator import TimelineGenerator

    return TimelineGenerator


def configure(pelican: Any) -> None:
    """Decide whether this site has a timeline; if its THEME is the engine's own, give
    Pelican's environment what the engine's templates need (autoescaping, the engine's
    filters, the site's template and static overrides)."""
    settings = pelican.settings
    if not is_requested(settings):
        settings[ACTIVE] = False
        logger.info("Timeline: no events folder and no TIMELINE_* setting, nothing to do")
        return
    settings[ACTIVE] = True
    from .building.templates import uses_engine_theme

    settings[OWN_THEME] = False
    if uses_engine_theme(settings):
        own_theme(settings)


def own_theme(settings: dict[str, Any]) -> None:
    """The site renders its own pages with the engine's theme: the same environment as
    the timeline's (the engine writes the theme's static files itself, under
    TIMELINE_URL, so Pelican copies none)."""
    from .generator import shared_filters

    site_theme = settings.get("TIMELINE_SITE_THEME")
    if site_theme and (Path(site_theme) / "templates").is_dir():
        overrides = list(settings.get("THEME_TEMPLATES_OVERRIDES") or [])
        settings["THEME_TEMPLATES_OVERRIDES"] = [
            str(Path(site_theme).absolute() / "templates"), *overrides]
    settings["THEME_STATIC_PATHS"] = []
    settings[OWN_THEME] = True
    jinja = dict(settings.get("JINJA_ENVIRONMENT") or {})
    jinja["autoescape"] = True  # contributed text is escaped unless a template says otherwise
    settings["JINJA_ENVIRONMENT"] = jinja
    filters = dict(settings.get("JINJA_FILTERS", {}))
    filters.update(shared_filters())
    settings["JINJA_FILTERS"] = filters


OWN_THEME = "PLUGIN_TIMELINE_OWN_THEME"


def localize_generator(generator: Any) -> None:
    """Pelican's own generators render the engine's theme (a timeline-first site): give
    their environment the engine's gettext and date filters, as the timeline's has."""
    if not generator.settings.get(OWN_THEME):
        return
    from .building.templates import install_i18n

    install_i18n(generator.env)


def register() -> None:
    signals.initialized.connect(configure)
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(localize_generator)
