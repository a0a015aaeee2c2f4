"""What `timeline-import` reads: four formats of rows, each row turned into the fields of an
event file (plain Python values, in the event format's words), or into the reasons it
cannot be one.

- `timelinejs-csv`: the TimelineJS Google Sheets template saved as CSV (or TSV): Year,
  Month, Day, Time, End Year, End Month, End Day, End Time, Display Date, Headline, Text,
  Media, Media Credit, Media Caption, Media Thumbnail, Type, Group, Background; also the
  columns Status, Tag(s), Actor(s) and Source(s) that owners add.
- `timelinejs-json`: TimelineJS's JSON (`{"title": …, "events": [{"start_date": …}]}`).
- `csv`: a plain spreadsheet with the columns of the site's own data/events.csv
  (outputs/csvdata.py): id, date, end_date, approximate, date_note, status, title, summary,
  body, tags, actors, related, source_1_url … source_1_archive_url, update_1_date …
- `events-json`: the site's own data/events.json (outputs/jsondata.py).

Nothing here writes files; commands/importer.py validates and writes what comes out.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..building.markdown import sanitize
from ..reading import schema
from ..reading.model import MONTH_NAMES, STATUSES, DateError, PartialDate, display_range, slugify
from ..reading.validate import check_url

FORMATS: tuple[str, ...] = ("timelinejs-csv", "timelinejs-json", "csv", "events-json")
LINKED_TITLE = "[Linked from the sheet]"
MEDIA_TITLE = "[Media linked from the sheet]"
# Tags whose content is dropped with them (not only the tag): code, styles, embeds.
DROPPED_WITH_CONTENT = ("script", "style", "iframe", "noscript", "object", "embed", "template",
                        "svg", "math", "head", "title", "video", "audio", "canvas", "select")
# What the Markdown may keep of the sheet's HTML (the build's allowlist, building/markdown.py)
MARKDOWN_TAGS = ["p", "br", "em", "strong", "code", "a", "ul", "ol", "li", "blockquote", "h3",
                 "h4", "h5", "h6", "hr", "pre"]
APPROXIMATE_RE = re.compile(r"^\s*(?:c\.|ca\.?|circa\b|about\b|around\b|approx(?:\.|imately\b)?"
                            r"|~|≈)", re.I)
TRUE_WORDS = {"true", "yes", "y", "1", "x"}
FALSE_WORDS = {"false", "no", "n", "0", ""}


class RowError(ValueError):
    """What makes a row impossible to import (one message, said of the row)."""


@dataclass
class Row:
    """One row of the input: where it is, and the event it makes (or why it makes none)."""

    where: str  # sheet.csv:12, timeline.json:events[3]
    event: dict[str, Any] | None = None  # field name -> value, as the event file has them
    id: str | None = None  # the id the data gives (events.json, events.csv), if any
    messages: list[tuple[str, str]] = field(default_factory=list)  # (severity, text)
    skipped: str | None = None  # why it is not an event (a title or era row): a note

    def error(self, text: str) -> None:
        self.messages.append(("error", text))

    def warn(self, text: str) -> None:
        self.messages.append(("warning", text))

    @property
    def failed(self) -> bool:
        return any(severity == "error" for severity, _text in self.messages)


@dataclass
class Input:
    """A whole input file read: its format, its rows, and problems of the file itself."""

    format: str
    rows: list[Row] = field(default_factory=list)
    messages: list[tuple[str, str, str]] = field(default_factory=list)  # (where, sev, text)


# ---- helpers -----------------------------------------------------------------------------


def media_fields() -> dict[str, bool]:
    """The fields of an event's `media:` items (name -> required), or {} when the event
    format has no media field: the importer then links media as sources instead."""
    if "media" not in {f.name for f in schema.EVENT_FIELDS}:
        return {}
    fields = getattr(schema, "MEDIA_FIELDS", ())
    return {f.name: f.required for f in fields}


def plain(html: str) -> str:
    """HTML (or text) as one line of plain text: tags dropped, entities decoded."""
    from bs4 import BeautifulSoup

    if "<" not in html and "&" not in html:
        return " ".join(html.split())
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(DROPPED_WITH_CONTENT):
        tag.decompose()
    return re.sub(r"\s+([.,;:!?)])", r"\1", " ".join(soup.get_text(" ").split()))


def host(url: str) -> str:
    name = (urlsplit(url).hostname or "").lower()
    return name.removeprefix("www.") or url


def _q(value: Any) -> str:
    """A value quoted for a message, cut short if long."""
    text = str(value)
    return repr(text if len(text) <= 40 else text[:39] + "…")


def _one_line(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def html_to_markdown(html: str) -> tuple[str, list[tuple[str, str]], list[str]]:
    """The sheet's HTML as the event format's Markdown, with its links.

    Scripts, styles and embeds go with their content; <b> and <i> become <strong> and
    <em>; then the build's own sanitiser (building.markdown.sanitize) keeps its allowlist
    only (http(s) links, no attributes but href), and markdownify writes the Markdown.
    Returns (markdown, [(url, link text)], [links left out: not http(s) addresses]).
    """
    from bs4 import BeautifulSoup
    from markdownify import markdownify

    if not html.strip():
        return "", [], []
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(DROPPED_WITH_CONTENT):
        tag.decompose()
    for old, new in (("b", "strong"), ("i", "em"), ("h1", "h3"), ("h2", "h3")):
        for tag in soup.find_all(old):
            tag.name = new
    dropped = []
    for tag in soup.find_all("a"):
        href = str(tag.get("href") or "").strip()
        if href and not href.startswith("#") and check_url(href) is not None:
            dropped.append(href)
            tag.unwrap()
    clean = BeautifulSoup(sanitize(str(soup)), "html.parser")
    links: list[tuple[str, str]] = []
    for tag in clean.find_all("a"):
        href = str(tag.get("href") or "").strip()
        if href:
            links.append((href, " ".join(tag.get_text(" ").split())))
    text = markdownify(str(clean), heading_style="ATX", bullets="-", autolinks=False,
                       convert=MARKDOWN_TAGS, escape_misc=False)
    # Text that looked like a tag (&lt;b&gt; in the HTML) must stay text in Markdown.
    text = text.replace("<", "&lt;")
    text = re.sub(r"[ \t]+\n", lambda m: "  \n" if len(m.group()) > 2 else "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return text, links, dropped


def link_source(url: str, text: str = "", title: str = LINKED_TITLE) -> dict[str, Any]:
    """A source for a link of the sheet: its text as title (or `title` when it has none
    or only repeats the address), its host as publisher."""
    shown = text.strip()
    if not shown or shown.rstrip("/") in (url.rstrip("/"), url.split("://", 1)[-1].rstrip("/")):
        shown = title
    return {"url": url, "title": _one_line(shown, 300), "publisher": _one_line(host(url), 200)}


def default_status(date: PartialDate, today: dt.date) -> str:
    """`reported` (a sheet says nothing of a claim's standing), or `anticipated` for a date
    still ahead."""
    return "anticipated" if date.first_number() > today.toordinal() else "reported"


def parse_status(value: str) -> str | None:
    """A status word as a sheet may write it (Confirmed, partly confirmed…), or None."""
    word = "-".join(value.strip().lower().replace("_", " ").split())
    return word if word in STATUSES else None


def parse_bool(value: str, name: str) -> bool:
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise RowError(f"'{name}' is {_q(value)}: write true or false")


def split_list(value: str, separators: str = ";") -> list[str]:
    items = re.split("[" + re.escape(separators) + "]", value)
    return list(dict.fromkeys(item.strip() for item in items if item.strip()))


def tags_of(value: str) -> list[str]:
    return list(dict.fromkeys(slugify(t) for t in split_list(value, ";,")))


def _number(value: Any, name: str) -> int | None:
    """A whole number as a sheet writes it: 2024, -8000, "-8,000", "8000 BCE", 3.0."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise RowError(f"{name} is {_q(value)}, not a number")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise RowError(f"{name} is {_q(value)}, not a whole number")
    text = str(value).strip().replace("\u2212", "-").replace("\u2013", "-")
    if not text:
        return None
    bce = re.fullmatch(r"(.*?)\s*(?:BCE|B\.?\s?C\.?(?:\s?E\.?)?)", text, re.I)
    if bce:
        text = "-" + bce[1].strip().lstrip("-")
    text = re.sub(r"(?<=\d)[,\s_.'](?=\d{3}\b)", "", text)
    if re.fullmatch(r"-?\d+(\.0+)?", text):
        return int(float(text)) if "." in text else int(text)
    if re.fullmatch(r"-?\d+\.\d+", text):
        raise RowError(f"{name} is {_q(value)}, not a whole number")
    raise RowError(f"{name} is {_q(value)}, not a number")


def _month(value: Any, name: str) -> int | None:
    if isinstance(value, str):
        word = value.strip().lower()
        for index, month in enumerate(MONTH_NAMES, 1):
            if word and (word == month.lower() or (len(word) >= 3 and month.lower()
                                                    .startswith(word.rstrip(".")))):
                return index
    return _number(value, name)


def sheet_date(year: Any, month: Any, day: Any, what: str = "Year") -> PartialDate | None:
    """The date of a TimelineJS row or object: None when it has no year; RowError when
    its parts make no date."""
    y = _number(year, what)
    prefix = what.removesuffix("Year")
    m = _month(month, f"{prefix}Month")
    d = _number(day, f"{prefix}Day")
    if y is None:
        if m is not None or d is not None:
            raise RowError(f"{prefix}Month or {prefix}Day is given but not {what}: fill in "
                           f"{what}, e.g. 2024 (-8000 for 8000 BCE)")
        return None
    if y == 0:
        raise RowError(f"{what} is 0: there is no year 0 (1 BCE, -1, is followed by 1 CE)")
    if d is not None and m is None:
        raise RowError(f"{prefix}Day is given but not {prefix}Month: fill in the month too")
    if m is not None and not 1 <= m <= 12:
        raise RowError(f"{prefix}Month is {_q(month)}: write 1 to 12")
    if not -999999 <= y <= 9999:
        raise RowError(f"{what} is {_q(year)}: the years the event format holds are -999999 "
                       "(999,999 BCE) to 9999")
    if d is not None and not 1 <= d <= 31:
        raise RowError(f"{prefix}Day is {_q(day)}: write 1 to 31")
    try:
        return PartialDate.parse(PartialDate(y, m, d).iso())
    except DateError as exc:
        raise RowError(f"{what}, {prefix}Month and {prefix}Day make no real date: {exc}") from None


def date_fields(row: Row, start: PartialDate, end: PartialDate | None,
                display: str) -> dict[str, Any]:
    """date, end_date, approximate and date_note of a TimelineJS row: approximate when its
    Display Date says so (c., circa, about…), and the Display Date kept in date_note when it
    says more than the dates do."""
    fields: dict[str, Any] = {"date": start.iso()}
    if end is not None and end != start:
        if end.sort_key() < start.sort_key():
            raise RowError(f"the end date {end.display()} is before the start date "
                           f"{start.display()}: swap them")
        fields["end_date"] = end.iso()
    approximate = bool(APPROXIMATE_RE.match(display))
    if approximate:
        fields["approximate"] = True
    shown = plain(display)
    same = re.sub(r"(?<=\d)[,\u202f\u00a0 ](?=\d{3}\b)", "", shown)  # 8,000 is 8000
    if shown and same != display_range(start, end, approximate):
        fields["date_note"] = _one_line(f"The sheet gives the date as: {shown}", 300)
    return fields


def _media(row: Row, url: str, credit: str, caption: str, alt: str = "") -> tuple[
        dict[str, Any] | None, dict[str, Any] | None]:
    """(a media item, or a source) for a Media cell: a media item when the event format has
    `media:` and the cell gives what it needs; otherwise a source linking to it. Media are
    never fetched."""
    url = url.strip()
    if not url:
        return None, None
    if url.startswith("<"):  # an embed code: its first address, if any
        found = re.search(r"""(?:href|src)\s*=\s*["']?(https?://[^"'\s>]+)""", url)
        if not found:
            row.warn("Media is HTML without an http(s) address: left out")
            return None, None
        url = found[1]
    problem = check_url(url)
    if problem:
        row.warn(f"Media {_q(url)} is left out: {problem}")
        return None, None
    credit, caption, alt = plain(credit), plain(caption), plain(alt)
    fields = media_fields()
    if fields and "url" in fields:
        item = {"url": url, "credit": _one_line(credit, 200) if credit else "",
                "caption": _one_line(caption, 300) if caption else "",
                "alt": _one_line(alt, 300) if alt else ""}
        item = {k: v for k, v in item.items() if v and k in fields}
        missing = [name for name, required in fields.items()
                   if required and name not in item and name not in ("file", "url")]
        if not missing:
            return item, None
        row.warn(f"Media has no {' or '.join('Media ' + m.title() for m in missing)}, which "
                 "an event's media need: linked as a source instead")
    source = link_source(url, caption, MEDIA_TITLE)
    if credit:
        source["note"] = _one_line(f"Media credit: {credit}", 200)
    return None, source


def finish(row: Row, event: dict[str, Any], sources: list[dict[str, Any]],
           today: dt.date, status: str | None) -> None:
    """Sources (deduplicated), status (the given one, else the default) and the check that
    a source exists: then `row.event` is set."""
    unique: dict[str, dict[str, Any]] = {}
    for source in sources:
        unique.setdefault(source["url"], source)
    if not unique:
        row.error("no link to serve as a source: add a link to the text (<a href=…>) or a "
                  "Source column with the address of the source")
        return
    event["sources"] = list(unique.values())
    event["status"] = status or default_status(PartialDate.parse(event["date"]), today)
    row.event = event


# ---- TimelineJS --------------------------------------------------------------------------

TIMELINEJS_COLUMNS = ("year", "month", "day", "time", "end year", "end month", "end day",
                      "end time", "display date", "headline", "text", "media", "media credit",
                      "media caption", "media thumbnail", "type", "group", "background")
# columns owners add, as their normalised header -> what they are
EXTRA_COLUMNS = {"tag": "tags", "tags": "tags", "status": "status", "actor": "actors",
                 "actors": "actors", "source": "source", "sources": "source",
                 "source url": "source", "url": "source", "link": "source",
                 "media alt": "media alt", "alt": "media alt"}


def timelinejs_event(row: Row, values: dict[str, Any], today: dt.date) -> None:
    """Fill `row` from one TimelineJS slide (a CSV row or a JSON event, as a dict of the
    CSV's lower-case column names)."""

    def text(name: str) -> str:
        value = values.get(name)
        return "" if value is None else str(value).strip()

    kind = text("type").lower()
    headline = plain(text("headline"))
    if kind == "title":
        credit = plain(text("text"))
        row.skipped = (f"title row{f' {headline!r}' if headline else ''}: the timeline's "
                       "title and credits, not an event" + (f" ({_one_line(credit, 80)})"
                                                            if credit else ""))
        return
    if kind == "era":
        row.skipped = (f"era row{f' {headline!r}' if headline else ''}: not an event (eras "
                       "go in the site's eras file, TIMELINE_ERAS_PATH; add it there by hand)")
        return
    status = parse_status(text("status")) if text("status") else parse_status(kind)
    if text("status") and status is None:
        raise RowError(f"Status is {_q(text('status'))}: write one of: " + ", ".join(STATUSES))
    if kind and status is None and kind not in ("event", "slide"):
        row.warn(f"Type {_q(kind)} is not title, era or a status: imported as an event")
    start = sheet_date(values.get("year"), values.get("month"), values.get("day"))
    if start is None:
        raise RowError("no date: fill in Year (and Month and Day if known), e.g. 2024, or "
                       "-8000 for 8000 BCE")
    end = sheet_date(values.get("end year") or (start.year if values.get("end month")
                                                 or values.get("end day") else None),
                     values.get("end month"), values.get("end day"), "End Year")
    if not headline:
        raise RowError("no Headline: every event needs a title")
    event: dict[str, Any] = {"title": _one_line(headline, 10_000)}
    event.update(date_fields(row, start, end, text("display date")))
    summary, links, dropped = html_to_markdown(text("text"))
    for href in dropped:
        row.warn(f"link {_q(href)} in Text is not a full http(s) address: left out")
    if len(summary) > 2000 and "\n\n" in summary:
        first, rest = summary.split("\n\n", 1)
        if len(first) <= 2000:
            summary, event["body"] = first, rest
    event["summary"] = summary or event["title"]
    sources = [link_source(url, label) for url, label in links]
    for url in split_list(text("source"), ";, \n"):
        problem = check_url(url)
        if problem:
            raise RowError(f"Source {_q(url)}: {problem}")
        sources.append(link_source(url))
    item, media_source = _media(row, text("media"), text("media credit"), text("media caption"),
                                text("media alt"))
    if item:
        event["media"] = [item]
    if media_source:
        sources.append(media_source)
    tags = tags_of(text("group")) + tags_of(text("tags"))
    if tags:
        event["tags"] = list(dict.fromkeys(tags))
    actors = split_list(text("actors"))
    if actors:
        event["actors"] = actors
    finish(row, event, sources, today, status)


def _sniff_delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    return "\t" if first.count("\t") > first.count(",") else ","


def csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """(the row's first physical line, its cells) for every row of a CSV text."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    line = 1
    for cells in reader:
        yield line, cells
        line = reader.line_num + 1


def header_names(cells: list[str]) -> list[str]:
    return [" ".join(c.replace("\ufeff", "").strip().lower().split()) for c in cells]


def csv_header(text: str, shown: str, result: Input
               ) -> tuple[Iterator[tuple[int, list[str]]], list[str] | None]:
    """The rows after the header, and the header's column names (None, with the error
    recorded, when the file is empty)."""
    rows = csv_rows(text)
    first = next(rows, None)
    if first is None:
        result.messages.append((f"{shown}:1", "error", "the file is empty"))
        return rows, None
    return rows, header_names(first[1])


def read_timelinejs_csv(text: str, shown: str, today: dt.date) -> Input:
    result = Input("timelinejs-csv")
    rows, names = csv_header(text, shown, result)
    if names is None:
        return result
    known = set(TIMELINEJS_COLUMNS) | set(EXTRA_COLUMNS)
    for name in names:
        if name and name not in known:
            result.messages.append((f"{shown}:1", "warning", f"column {name!r} is not "
                                    "imported (not a TimelineJS column)"))
    if "headline" not in names or "year" not in names:
        result.messages.append((f"{shown}:1", "error", "not a TimelineJS sheet: the first row "
                                "must name the columns, with Year and Headline among them"))
        return result
    for line, cells in rows:
        if not any(c.strip() for c in cells):
            continue  # a blank row
        row = Row(f"{shown}:{line}")
        values: dict[str, Any] = {}
        for name, cell in zip(names, cells, strict=False):
            name = EXTRA_COLUMNS.get(name, name)
            if name and cell.strip():
                values[name] = f"{values[name]}; {cell}" if name in values else cell
        if len(cells) > len(names) and any(c.strip() for c in cells[len(names):]):
            row.warn("cells beyond the last named column are not imported")
        _guard(row, lambda row=row, values=values: timelinejs_event(row, values, today))
        result.rows.append(row)
    return result


def _flatten_timelinejs(slide: dict[str, Any]) -> dict[str, Any]:
    """A TimelineJS JSON slide in the CSV's column names."""
    values: dict[str, Any] = {}
    for prefix, key in (("", "start_date"), ("end ", "end_date")):
        date = slide.get(key)
        if isinstance(date, dict):
            for part in ("year", "month", "day"):
                if date.get(part) not in (None, ""):
                    values[prefix + part] = date[part]
            if not prefix and date.get("display_date"):
                values["display date"] = date["display_date"]
    if slide.get("display_date"):
        values["display date"] = slide["display_date"]
    text = slide.get("text")
    if isinstance(text, dict):
        values["headline"] = text.get("headline") or ""
        values["text"] = text.get("text") or ""
    media = slide.get("media")
    if isinstance(media, dict):
        for name, key in (("media", "url"), ("media credit", "credit"),
                          ("media caption", "caption"), ("media alt", "alt")):
            if media.get(key):
                values[name] = media[key]
    for name in ("group", "type", "status", "tags", "actors", "source"):
        value = slide.get(name)
        if isinstance(value, list):
            value = "; ".join(str(v) for v in value)
        if value not in (None, ""):
            values[name] = value
    return values


def read_timelinejs_json(data: Any, shown: str, today: dt.date) -> Input:
    result = Input("timelinejs-json")
    if not isinstance(data, dict) or not isinstance(data.get("events", []), list):
        result.messages.append((shown, "error", "not a TimelineJS file: it must be an object "
                                "with an \"events\" list"))
        return result
    title = data.get("title")
    if isinstance(title, dict):
        headline = plain(str((title.get("text") or {}).get("headline") or ""))
        result.messages.append((f"{shown}:title", "note", f"the title slide"
                                f"{f' {headline!r}' if headline else ''} is not an event"))
    for index, era in enumerate(data.get("eras") or []):
        name = plain(str(((era or {}).get("text") or {}).get("headline") or "")) if isinstance(
            era, dict) else ""
        result.messages.append((f"{shown}:eras[{index}]", "note", f"era"
                                f"{f' {name!r}' if name else ''}: not an event (eras go in the "
                                "site's eras file, TIMELINE_ERAS_PATH; add it there by hand)"))
    for index, slide in enumerate(data.get("events") or []):
        row = Row(f"{shown}:events[{index}]")
        if not isinstance(slide, dict):
            row.error("an event must be an object ({\"start_date\": …, \"text\": …})")
        else:
            _guard(row, lambda row=row, slide=slide: timelinejs_event(
                row, _flatten_timelinejs(slide), today))
        result.rows.append(row)
    return result


# ---- the site's own data -----------------------------------------------------------------

SOURCE_KEYS = tuple(f.name for f in schema.SOURCE_FIELDS)
# events.csv columns that are worked out from the others: not imported
DERIVED_COLUMNS = {"precision", "current_status", "first_source_url", "source_count",
                   "permalink"}
PLAIN_COLUMNS = {"id", "date", "end_date", "approximate", "date_note", "status", "title",
                 "summary", "body", "tags", "tag", "group", "actors", "related"}
NUMBERED_RE = re.compile(r"^(?:update_(?P<u>\d+)_)?source(?:_(?P<s>\d+))?_(?P<f>[a-z_]+)$|"
                         r"^update_(?P<u2>\d+)_(?P<f2>date|status|note)$")


def _date_value(value: Any, name: str) -> str:
    """A date of the site's data ("2024-03", or {"value": "2024-03", …}) as the event
    format writes it; RowError if it is none."""
    if isinstance(value, dict):
        value = value.get("value")
    if not isinstance(value, str):
        raise RowError(f"'{name}' is missing or not a date")
    text = value.strip()
    try:
        return PartialDate.parse(text).iso()
    except DateError as exc:
        hint = (" (format the column as text, so that the spreadsheet keeps the date as "
                "written)" if re.search(r"[/.]", text) else "")
        raise RowError(f"'{name}': {exc}{hint}") from None


def _text_of(value: Any, name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RowError(f"'{name}' must be text, not {type(value).__name__}")
    return value


def _source(values: dict[str, Any], where: str) -> dict[str, Any]:
    source: dict[str, Any] = {}
    for key in SOURCE_KEYS:
        value = values.get(key)
        if value in (None, ""):
            continue
        source[key] = (_date_value(value, f"{where} date") if key == "date"
                       else _text_of(value, f"{where} {key}"))
    for key in ("url", "title", "publisher"):
        if not str(source.get(key, "")).strip():
            raise RowError(f"{where} has no {key}")
    return source


def data_event(row: Row, item: dict[str, Any], today: dt.date, media_dir: Path | None) -> None:
    """Fill `row` from an event of events.json (or a row of events.csv, in the same shape)."""
    event: dict[str, Any] = {}
    event_id = item.get("id")
    if event_id not in (None, ""):
        row.id = _text_of(event_id, "id").strip()
    title = _text_of(item.get("title"), "title").strip()
    if not title:
        raise RowError("no title")
    event["title"] = title
    if item.get("date") in (None, "", {}):
        raise RowError("no date: write YYYY, YYYY-MM or YYYY-MM-DD (-8000 for 8000 BCE)")
    event["date"] = _date_value(item.get("date"), "date")
    if item.get("end_date") not in (None, ""):
        event["end_date"] = _date_value(item["end_date"], "end_date")
    approximate = item.get("approximate")
    if isinstance(approximate, str):
        approximate = parse_bool(approximate, "approximate")
    if approximate:
        event["approximate"] = True
    for name in ("date_note", "status", "summary", "body"):
        value = _text_of(item.get(name), name)
        if value.strip():
            event[name] = value.strip() if name in ("date_note", "status") else value
    if "status" in event:
        status = parse_status(event["status"])
        if status is None:
            raise RowError(f"'status' is {_q(event['status'])}: write one of: "
                           + ", ".join(STATUSES))
        event["status"] = status
    if not event.get("summary", "").strip():
        raise RowError("no summary")
    for name in ("tags", "actors", "related"):
        value = item.get(name)
        values = [str(v).strip() for v in value] if isinstance(value, list) else (
            tags_of(value) if name == "tags" else split_list(value, ";" if name == "actors"
                                                             else ";, ")
        ) if isinstance(value, str) else []
        if values:
            event[name] = list(dict.fromkeys(v for v in values if v))
    media = item.get("media")
    if isinstance(media, list) and media:
        items = _data_media(row, media, media_dir)
        if items:
            event["media"] = items
    sources = item.get("sources") or []
    if not isinstance(sources, list):
        raise RowError("'sources' must be a list")
    event["sources"] = [_source(s if isinstance(s, dict) else {}, f"source {i}")
                        for i, s in enumerate(sources, 1)]
    updates = item.get("updates") or []
    if not isinstance(updates, list):
        raise RowError("'updates' must be a list")
    made = []
    for i, update in enumerate(updates, 1):
        if not isinstance(update, dict):
            raise RowError(f"update {i} must be an object")
        status = parse_status(_text_of(update.get("status"), f"update {i} status"))
        if status is None:
            raise RowError(f"update {i} has no status (one of: {', '.join(STATUSES)})")
        made.append({"date": _date_value(update.get("date"), f"update {i} date"),
                     "status": status, "note": _text_of(update.get("note"), f"update {i} note"),
                     "sources": [_source(s if isinstance(s, dict) else {},
                                         f"update {i} source {k}")
                                 for k, s in enumerate(update.get("sources") or [], 1)]})
    if made:
        event["updates"] = made
    if not event["sources"]:
        first = str(item.get("first_source_url") or "").strip()
        if first:
            event["sources"] = [link_source(first)]
    finish(row, event, event["sources"], today, event.get("status"))


def _data_media(row: Row, media: list[Any], media_dir: Path | None) -> list[dict[str, Any]]:
    """events.json's media items that an event file can hold: links (url) always, images
    (file) when the file is in the events folder already (images are never copied)."""
    fields = media_fields()
    if not fields:
        row.warn("'media' is left out: the event format has no media field")
        return []
    items = []
    for index, entry in enumerate(media, 1):
        if not isinstance(entry, dict):
            continue
        file = entry.get("file")
        item = {k: entry[k] for k in fields if entry.get(k) not in (None, "")}
        if file:
            item.pop("url", None)
            if media_dir is None or not (media_dir / str(file)).is_file():
                row.warn(f"media {index} ({file}) is left out: copy the image into the "
                         f"events folder as {file}, then add it back")
                continue
        else:
            item.pop("file", None)
        items.append(item)
    return items


def read_events_json(data: Any, shown: str, today: dt.date, media_dir: Path | None) -> Input:
    result = Input("events-json")
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        result.messages.append((shown, "error", "not a site's events.json: it must be an "
                                "object with an \"events\" list"))
        return result
    for index, item in enumerate(data["events"]):
        row = Row(f"{shown}:events[{index}]")
        if not isinstance(item, dict):
            row.error("an event must be an object")
        else:
            _guard(row, lambda row=row, item=item: data_event(row, item, today, media_dir))
        result.rows.append(row)
    return result


def read_plain_csv(text: str, shown: str, today: dt.date, media_dir: Path | None) -> Input:
    """A spreadsheet with the columns of data/events.csv (see the module's docstring)."""
    result = Input("csv")
    rows, names = csv_header(text, shown, result)
    if names is None:
        return result
    names = ["_".join(n.split()) for n in names]
    for name in names:
        if name and name not in PLAIN_COLUMNS | DERIVED_COLUMNS and not NUMBERED_RE.match(name):
            result.messages.append((f"{shown}:1", "warning", f"column {name!r} is not "
                                    "imported (see the columns of data/events.csv)"))
    for needed in ("date", "title"):
        if needed not in names:
            result.messages.append((f"{shown}:1", "error", f"no {needed!r} column: the first "
                                    "row must name the columns (id, date, title, summary, "
                                    "status, source_1_url…)"))
            return result
    for line, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        row = Row(f"{shown}:{line}")
        cells_by_name = {n: c for n, c in zip(names, cells, strict=False) if n}
        _guard(row, lambda row=row, cells=cells_by_name: data_event(
            row, _csv_item(cells), today, media_dir))
        result.rows.append(row)
    return result


def _csv_item(cells: dict[str, str]) -> dict[str, Any]:
    """A row of the plain CSV in events.json's shape."""
    item: dict[str, Any] = {}
    for name in PLAIN_COLUMNS:
        value = cells.get(name, "")
        if value.strip():
            target = "tags" if name in ("tag", "group") else name
            item[target] = (f"{item[target]}; {value}" if target in item else value)
    if cells.get("first_source_url", "").strip():
        item["first_source_url"] = cells["first_source_url"]
    sources: dict[int, dict[str, str]] = {}
    updates: dict[int, dict[str, Any]] = {}
    for name, value in cells.items():
        match = NUMBERED_RE.match(name)
        if not match or not value.strip():
            continue
        if match["u2"]:
            updates.setdefault(int(match["u2"]), {"sources": {}})[match["f2"]] = value
            continue
        number = int(match["s"] or 1)
        if match["u"]:
            update = updates.setdefault(int(match["u"]), {"sources": {}})
            update["sources"].setdefault(number, {})[match["f"]] = value
        else:
            sources.setdefault(number, {})[match["f"]] = value
    item["sources"] = [sources[n] for n in sorted(sources)]
    item["updates"] = [{**u, "sources": [u["sources"][n] for n in sorted(u["sources"])]}
                       for _n, u in sorted(updates.items())]
    return item


def _guard(row: Row, fill: Any) -> None:
    """Run `fill()`; what goes wrong becomes the row's error, never a traceback."""
    try:
        fill()
    except RowError as exc:
        row.error(str(exc))
    except Exception as exc:  # a row must never stop the import
        row.error(f"this row could not be read ({type(exc).__name__}: {exc})")


# ---- the file ----------------------------------------------------------------------------


def detect(path: Path, text: str) -> str | None:
    """The format of an input, from its extension and its first bytes: None if unknown."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if path.suffix.lower() == ".json" or stripped.startswith("{"):
        try:
            data = json.loads(stripped)
        except ValueError:
            return "timelinejs-json" if path.suffix.lower() == ".json" else None
        if isinstance(data, dict):
            events = data.get("events")
            first = events[0] if isinstance(events, list) and events else {}
            if ("version" in data and "count" in data) or (
                    isinstance(first, dict) and "id" in first and "sources" in first):
                return "events-json"
            return "timelinejs-json"
        return None
    names = {" ".join(n.split()) for n in header_names(next(csv_rows(stripped), (1, []))[1])}
    if {"headline", "year"} <= names:
        return "timelinejs-csv"
    if {"date", "title"} <= {n.replace(" ", "_") for n in names}:
        return "csv"
    return None


def read_input(path: Path, text: str, fmt: str, today: dt.date, media_dir: Path | None,
               shown: str) -> Input:
    """Every row of the file, read as `fmt`."""
    text = text.lstrip("\ufeff")
    if fmt in ("timelinejs-json", "events-json"):
        try:
            data = json.loads(text)
        except ValueError as exc:
            line, col = getattr(exc, "lineno", 1), getattr(exc, "colno", 1)
            message = getattr(exc, "msg", str(exc))
            result = Input(fmt)
            result.messages.append((f"{shown}:{line}:{col}", "error",
                                    f"not valid JSON: {message}"))
            return result
        if fmt == "events-json":
            return read_events_json(data, shown, today, media_dir)
        return read_timelinejs_json(data, shown, today)
    if fmt == "timelinejs-csv":
        return read_timelinejs_csv(text, shown, today)
    return read_plain_csv(text, shown, today, media_dir)
