"""The search index: Pagefind, run over the built site (`pagefind/` beside the pages).

Only pages marked `data-pagefind-body` (the event pages) are indexed; the search page's
script loads the index only when the search box is used.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def index_site(site: Path, cache: Path | None = None) -> int:
    """Index the built site in `site`; the exit status of Pagefind (0 when it worked)."""
    del cache  # kept for callers: an incremental index may keep its state there
    return subprocess.call([sys.executable, "-m", "pagefind", "--site", str(site), "--silent"])
