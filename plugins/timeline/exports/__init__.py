"""Everything the build writes besides HTML pages: feeds and data downloads.

Each exporter is a function `(site, config, urls, writer, html) -> None` that writes its
files through the page writer (so paths stay inside the output folder).
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..config import TimelineConfig
from ..site import Site, Urls
from . import feeds


def write_all(
    site: Site, config: TimelineConfig, urls: Urls, writer: Any, html: dict[str, Markup]
) -> None:
    feeds.write_feeds(site, config, urls, writer, html)
