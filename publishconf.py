"""Pelican settings for publishing (GitHub Pages): absolute URLs under SITEURL.

SITEURL comes from the environment (the deploy workflow passes the Pages base URL, which
includes the /repo/ subpath for project sites), or `invoke preview --siteurl …`.
"""

from __future__ import annotations

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("TIMELINE_SITEURL", "https://aukus-timeline.github.io/aukus-timeline")
RELATIVE_URLS = False
TIMELINE_CLEAN_URLS = True
PAGE_URL = "{slug}/"
DELETE_OUTPUT_DIRECTORY = True
