"""Settings of the engine's fixture site for publishing: absolute URLs under SITEURL.

The local settings are read from this file's folder (never `from pelicanconf import *`,
which would find whichever pelicanconf is first on sys.path).
"""

from __future__ import annotations

import runpy
from pathlib import Path

globals().update({name: value for name, value in
                  runpy.run_path(str(Path(__file__).with_name("pelicanconf.py"))).items()
                  if name.isupper()})

SITEURL = "https://example.org/fixture-pact-timeline"
RELATIVE_URLS = False
TIMELINE_CLEAN_URLS = True
PAGE_URL = "{slug}/"
DELETE_OUTPUT_DIRECTORY = True
