"""A static oEmbed document beside each embedded view (`embed/…/oembed.json`).

oEmbed 1.0 (https://oembed.com/), type "rich": the `html` is the iframe that shows the
embedded view, the same code the full page offers under "Embed this", and the full page
links the document with `<link rel="alternate" type="application/json+oembed">`. The
iframe's `src` must be an absolute URL for the code to work on another site, so the
documents are written only when SITEURL is an absolute address (a publishing build); a
local build, browsed from disk, has embedded views but no oEmbed documents.
"""

from __future__ import annotations

from typing import Any

from ..building.plan import Embed, site_embeds
from ..building.site import Site, Urls
from ..settings import TimelineConfig
from .common import emit, json_text


def oembed_document(embed: Embed, provider_name: str, provider_url: str,
                    author_name: str = "") -> dict[str, Any]:
    document: dict[str, Any] = {
        "version": "1.0",
        "type": "rich",
        "title": embed.title,
        "html": embed.code,
        "width": embed.width,
        "height": embed.height,
        "provider_name": provider_name,
        "provider_url": provider_url,
    }
    if author_name:
        document["author_name"] = author_name
    return document


def write_oembeds(site: Site, config: TimelineConfig, urls: Urls, writer: Any) -> int:
    """Every embedded view's oEmbed document (none in a local build); returns how many."""
    context = writer.context
    embeds = [e for e in site_embeds(site, urls, context) if e.code]
    if not embeds:
        return 0
    provider_name = str(context.get("SITENAME") or config.sitename)
    provider_url = config.siteurl.rstrip("/") + "/"
    author = str(context.get("AUTHOR") or "")
    for embed in embeds:
        document = oembed_document(embed, provider_name, provider_url, author)
        emit(writer, embed.oembed_save_as, lambda d=document: json_text(d), document,
             scope="none")
    return len(embeds)
