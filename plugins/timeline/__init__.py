"""timeline: a Pelican plugin that renders one YAML file per event into a timeline site."""

from __future__ import annotations

from typing import Any

from pelican import signals


def get_generators(pelican: Any) -> type:
    from .generator import TimelineGenerator

    return TimelineGenerator


def add_filters(pelican: Any) -> None:
    """Filters every generator's templates may use (Pelican's own pages included)."""
    from .generator import shared_filters

    filters = dict(pelican.settings.get("JINJA_FILTERS", {}))
    filters.update(shared_filters())
    pelican.settings["JINJA_FILTERS"] = filters


def register() -> None:
    signals.initialized.connect(add_filters)
    signals.get_generators.connect(get_generators)
