"""Citations: each event page as BibTeX and CSL-JSON, each source as Wikipedia {{cite web}}.

The texts are plain strings; templates show them inside <pre><code> (autoescaped), and
data/events.bib and data/events.csl.json hold every event's citation as files.

- BibTeX: @misc with title, author (the site's authors), howpublished = {\\url{…}}, url,
  year and month at the event date's precision, note with the status. `urldate` is left
  for the reader (the day they read the page). LaTeX special characters are escaped and
  braces never left unbalanced.
- CSL-JSON: a one-item array (what Zotero imports), type "webpage", `issued` with
  date-parts at the known precision (a span gives a range).
- {{cite web}}: url, title, website (news, analysis) or publisher (official, copies),
  date at the source's precision in the dmy style ("2 March 2024", "March 2024", "2024"),
  an empty `access-date=` (only the editor knows when they checked the source; a build
  date would be false and would change every build), archive-url and archive-date (taken
  from a Wayback Machine address when it has one, else left empty to fill in), quote.
  `|` becomes {{!}}, braces, brackets and `<` become HTML entities, line breaks spaces.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..building.i18n import Localizer
from ..building.site import Site, Urls
from ..reading.model import MONTH_NAMES, STATUS_LABELS, Event, PartialDate, Source, slugify
from ..settings import TimelineConfig
from .common import DATA_DIR, Lines, date_parts, emit, json_line, json_text, per_event, permalink

BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun",
                 "jul", "aug", "sep", "oct", "nov", "dec")  # fmt: skip
LATEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
BIB_FILE = f"{DATA_DIR}/events.bib"
CSL_FILE = f"{DATA_DIR}/events.csl.json"
WAYBACK_DATE = re.compile(r"^https?://web\.archive\.org/web/(\d{4})(\d{2})(\d{2})\d*")
WIKI_URL_ESCAPES = {
    " ": "%20", "|": "%7C", "[": "%5B", "]": "%5D", "{": "%7B", "}": "%7D",
    "<": "%3C", ">": "%3E", '"': "%22",
}  # fmt: skip


# ---- BibTeX ----------------------------------------------------------------------------


def latex_escape(text: str) -> str:
    """Plain text for a brace-delimited BibTeX field (no unbalanced braces, ever)."""
    text = " ".join(text.split())
    return "".join(LATEX_ESCAPES.get(ch, ch) for ch in text)


def bibtex_url(url: str) -> str:
    """A URL for url = {…} and \\url{…}: characters that would break braces or TeX encoded."""
    for ch, code in (("\\", "%5C"), ("{", "%7B"), ("}", "%7D"), (" ", "%20")):
        url = url.replace(ch, code)
    return url


def citation_key(config: TimelineConfig, event: Event) -> str:
    return f"{slugify(config.sitename)}-{event.id}"


def status_note(event: Event, loc: Localizer | None = None) -> str:
    """"Status: reported. Event date: 2 March 2024", in the edition's language."""
    loc = loc or Localizer.for_language("en")

    def status(name: str) -> str:
        return loc.gettext(STATUS_LABELS[name]).lower()

    note = loc.format("Status: {status}", status=status(event.current_status))
    if event.status_changed:
        note += " " + loc.format("(first {status})", status=status(event.status))
    return loc.format("{status}. Event date: {date}", status=note,
                      date=loc.span(event.date, event.end_date, event.approximate))


def localizer(config: TimelineConfig) -> Localizer:
    return Localizer.for_language(config.language, dict(config.locales))


def bibtex(event: Event, config: TimelineConfig, urls: Urls, author: str) -> str:
    url = bibtex_url(permalink(config, urls, event))
    fields: list[tuple[str, str]] = [
        ("title", "{" + latex_escape(event.title) + "}"),
        ("author", "{" + latex_escape(author) + "}"),
        ("howpublished", r"\url{" + url + "}"),
        ("url", url),
        ("organization", latex_escape(config.sitename)),
        ("year", str(event.date.year)),
    ]
    if event.date.month is not None:
        fields.append(("month", BIBTEX_MONTHS[event.date.month - 1]))
    fields.append(("note", latex_escape(status_note(event, localizer(config)))))
    lines = [
        "% " + localizer(config).gettext(
            "Add urldate = {YYYY-MM-DD} with the day you read the page."),
        f"@misc{{{citation_key(config, event)},",
    ]
    for name, value in fields:
        # month is a BibTeX macro (jan … dec); every other value is brace-delimited
        lines.append(f"  {name} = {value}," if name == "month" else f"  {name} = {{{value}}},")
    lines[-1] = lines[-1].rstrip(",")
    lines.append("}")
    return "\n".join(lines) + "\n"


# ---- CSL-JSON --------------------------------------------------------------------------


def csl_item(event: Event, config: TimelineConfig, urls: Urls, author: str) -> dict[str, Any]:
    parts = [date_parts(event.date)]
    if event.end_date is not None:
        parts.append(date_parts(event.end_date))
    issued: dict[str, Any] = {"date-parts": parts}
    if event.approximate:
        issued["circa"] = True
    return {
        "id": citation_key(config, event),
        "type": "webpage",
        "title": event.title,
        "URL": permalink(config, urls, event),
        "container-title": config.sitename,
        "author": [{"literal": author}],
        "issued": issued,
        "note": status_note(event, localizer(config)),
    }


def csl_json(event: Event, config: TimelineConfig, urls: Urls, author: str) -> str:
    return json.dumps([csl_item(event, config, urls, author)], ensure_ascii=False, indent=2) + "\n"


# ---- Wikipedia {{cite web}} --------------------------------------------------------------


def wiki_escape(text: str) -> str:
    """A value that cannot end the template, open a link or a tag, or sign a talk page."""
    text = " ".join(text.split())
    out = []
    for ch in text:
        if ch == "|":
            out.append("{{!}}")
        elif ch in "{}[]<>":
            out.append(f"&#{ord(ch)};")
        else:
            out.append(ch)
    text = "".join(out).replace("''", "&#39;&#39;").replace("~~~", "&#126;&#126;&#126;")
    return text


def wiki_url(url: str) -> str:
    return "".join(WIKI_URL_ESCAPES.get(ch, ch) for ch in url)


def cs1_date(date: PartialDate) -> str:
    """dmy dates at the known precision: 2 March 2024, March 2024, 2024."""
    if date.month is None:
        return str(date.year)
    if date.day is None:
        return f"{MONTH_NAMES[date.month - 1]} {date.year}"
    return f"{date.day} {MONTH_NAMES[date.month - 1]} {date.year}"


def archive_date(archive_url: str) -> str:
    """The snapshot's day from a Wayback Machine address, else '' (for the editor)."""
    match = WAYBACK_DATE.match(archive_url)
    if not match:
        return ""
    try:
        date = PartialDate.parse(f"{match[1]}-{match[2]}-{match[3]}")
    except ValueError:
        return ""
    return cs1_date(date)


def cite_web(source: Source) -> str:
    publisher_field = "website" if source.kind in ("news", "analysis") else "publisher"
    params: list[tuple[str, str]] = [
        ("url", wiki_url(source.url)),
        ("title", wiki_escape(source.title)),
        (publisher_field, wiki_escape(source.publisher)),
    ]
    if source.date is not None:
        params.append(("date", cs1_date(source.date)))
    params.append(("access-date", ""))
    if source.archive_url:
        params.append(("archive-url", wiki_url(source.archive_url)))
        params.append(("archive-date", archive_date(source.archive_url)))
    if source.quote:
        params.append(("quote", wiki_escape(source.quote)))
    return "{{cite web " + " ".join(f"|{k}={v}" for k, v in params) + "}}"


# ---- templates and files ---------------------------------------------------------------


class Citations:
    """Given to templates as `timeline_cite`: the citation texts for an event or a source."""

    def __init__(self, config: TimelineConfig, urls: Urls, author: str) -> None:
        self.config = config
        self.urls = urls
        self.author = author

    def bibtex(self, event: Event) -> str:
        return bibtex(event, self.config, self.urls, self.author)

    def csl_json(self, event: Event) -> str:
        return csl_json(event, self.config, self.urls, self.author)

    def cite_web(self, source: Source) -> str:
        return cite_web(source)

    bib_file = BIB_FILE
    csl_file = CSL_FILE


def bibtex_all(site: Site, cite: Citations, writer: Any) -> str:
    entries = per_event(writer, "bibtex", site.events,
                        lambda e: cite.bibtex(e).split("\n", 1)[1])  # without the comment
    comment = localizer(cite.config).gettext(
        "Add urldate = {YYYY-MM-DD} with the day you read a page.")
    return f"% {comment}\n\n" + "\n".join(entries)


def write_citations(site: Site, writer: Any, cite: Citations) -> None:
    """Every event's citation in one BibTeX file and one CSL-JSON file (a file per event
    would double the number of files the site has; each event page shows its own)."""
    emit(writer, BIB_FILE, lambda: bibtex_all(site, cite, writer))
    emit(writer, CSL_FILE, lambda: json_text(Lines(per_event(
        writer, "csl", site.events,
        lambda e: json_line(csl_item(e, cite.config, cite.urls, cite.author))))))
