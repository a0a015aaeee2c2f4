"""The timeline's data model: partial dates, sources, updates and events.

Plain frozen dataclasses with no Pelican import, so the validator, the exports and the
tests can use them without a site.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field


def N_(message: str) -> str:
    """Marks an interface text for the message catalogs (it is translated where shown)."""
    return message


STATUSES: tuple[str, ...] = (
    "confirmed", "partly-confirmed", "reported", "anticipated", "did-not-happen", "denied",
)  # fmt: skip
STATUS_LABELS: dict[str, str] = {
    "confirmed": N_("Confirmed"),
    "partly-confirmed": N_("Partly confirmed"),
    "reported": N_("Reported"),
    "anticipated": N_("Anticipated"),
    "did-not-happen": N_("Did not happen"),
    "denied": N_("Denied"),
}
STATUS_DESCRIPTIONS: dict[str, str] = {
    "confirmed": N_("Established by an official statement or an on-record remark."),
    "partly-confirmed": N_(
        "Official statements confirmed part of what was reported or expected, not all of it; "
        "the update note says which part."
    ),
    "reported": N_(
        "Rests on media reports citing unnamed sources, or only on state media or copies."
    ),
    "anticipated": N_("Expected at the time; not (yet) known to have happened."),
    "did-not-happen": N_(
        "Expected or reported as planned, but its time passed without it taking place as "
        "described."
    ),
    "denied": N_("Officially denied by those said to be involved."),
}
SOURCE_KINDS: tuple[str, ...] = ("official", "news", "republished", "analysis")
# What a source's note says of state-affiliated media: "state media", "state broadcaster",
# also "state-run media", "state-owned broadcaster" (any case).
STATE_MEDIA_RE = re.compile(
    r"\bstate(?:[- ](?:run|owned|controlled|affiliated))?[- ](?:media|broadcaster)\b", re.I
)
SOURCE_KIND_LABELS: dict[str, str] = {
    "official": N_("Official"),
    "news": N_("News"),
    "republished": N_("Republished copy"),
    "analysis": N_("Analysis"),
}

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip

DATE_RE = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?$")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class DateError(ValueError):
    """A date string that is not YYYY, YYYY-MM or YYYY-MM-DD, or not a real date."""


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day. Sorts a month before its days."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        match = DATE_RE.match(text)
        if not match:
            raise DateError(
                f"{text!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2024-04-08"
            )
        year = int(match["y"])
        month = int(match["m"]) if match["m"] else None
        day = int(match["d"]) if match["d"] else None
        if year < 1:
            raise DateError(f"{text!r}: the year must be 0001 or later")
        if month is not None and not 1 <= month <= 12:
            raise DateError(f"{text!r} is not a real date: the month must be 01 to 12")
        if month is not None and day is not None:
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise DateError(
                    f"{text!r} is not a real date: {MONTH_NAMES[month - 1]} {year} has {last} days"
                )
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def iso(self) -> str:
        """The date as written: 2024, 2024-03 or 2024-03-02."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text

    def display(self) -> str:
        """Human form at the known precision: 2024, March 2024, 2 March 2024."""
        if self.month is None:
            return str(self.year)
        month = MONTH_NAMES[self.month - 1]
        if self.day is None:
            return f"{month} {self.year}"
        return f"{self.day} {month} {self.year}"

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        if self.month is None:
            return dt.date(self.year, 12, 31)
        if self.day is None:
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year, self.month, self.day)

    def __str__(self) -> str:
        return self.iso()


def display_range(start: PartialDate, end: PartialDate | None, approximate: bool = False) -> str:
    """ "16–17 July 2025", "3 April – 6 May 2024", "c. March 2024"; never invents a day."""
    prefix = "c. " if approximate else ""
    if end is None or end == start:
        return prefix + start.display()
    same_precision = start.precision == end.precision
    if (
        same_precision
        and start.precision == "day"
        and (start.year, start.month)
        == (
            end.year,
            end.month,
        )
    ):
        return f"{prefix}{start.day}–{end.display()}"
    if same_precision and start.precision != "year" and start.year == end.year:
        head = start.display().rsplit(" ", 1)[0]
        return f"{prefix}{head} – {end.display()}"
    return f"{prefix}{start.display()} – {end.display()}"


def slugify(text: str) -> str:
    """A path-safe slug made only of [a-z0-9-].

    Accents are folded (Café Müller → cafe-muller); a name with letters that have no ASCII form
    (李明, Αθήνα) gets a stable hash so that it still has a page of its own.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")
    lost = any(ord(ch) > 127 and unicodedata.category(ch) != "Mn" for ch in decomposed)
    if not slug or lost:
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
        return f"{slug}-{digest}" if slug else f"n-{digest}"
    return slug


@dataclass(frozen=True)
class Source:
    url: str
    title: str
    publisher: str
    date: PartialDate | None = None
    archive_url: str | None = None
    quote: str | None = None
    kind: str | None = None
    note: str | None = None

    @property
    def is_secondary_copy(self) -> bool:
        """A republication, or a report by state media (its note says so, e.g. "state
        media" or "state broadcaster"): not enough on its own to confirm a claim."""
        return self.kind == "republished" or bool(STATE_MEDIA_RE.search(self.note or ""))

    @property
    def can_confirm(self) -> bool:
        """Whether the source can carry a `confirmed` status: an official text or a news
        report (the methodology's report quoting a named, on-record speaker), or a source
        whose kind is not given, that is not a secondary copy. Analysis (think tanks,
        briefings) reports what others said, so it cannot."""
        return self.kind != "analysis" and not self.is_secondary_copy


@dataclass(frozen=True)
class Update:
    date: PartialDate
    status: str
    note: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Translation:
    """An event's text in another language (`translations: {ja: {...}}`): any of its
    title, summary, body and update notes (one per update, in order; None: not given).
    Quotes are never translated."""

    title: str | None = None
    summary: str | None = None
    body: str | None = None
    date_note: str | None = None
    updates: tuple[str | None, ...] = ()


@dataclass(frozen=True)
class Event:
    id: str
    path: str
    title: str
    date: PartialDate
    status: str
    summary: str
    sources: tuple[Source, ...]
    end_date: PartialDate | None = None
    approximate: bool = False
    # why the date is what it is (sources that disagree, a date worked out): plain text
    date_note: str | None = None
    body: str | None = None
    tags: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    updates: tuple[Update, ...] = ()
    line: int = 1
    # a hash of the file it was read from (set by the loader; "" when made otherwise)
    digest: str = field(default="", compare=False)
    # where some values stand in the file ('related:<id>' -> (line, col)), for messages
    positions: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False, hash=False)
    # language code -> the event's text in it (the file's `translations:`)
    translations: dict[str, Translation] = field(default_factory=dict, hash=False)
    # In a language edition (building.editions.localized): the language the event is shown
    # in, the language its file is written in, and the fields shown in the latter for want
    # of a translation ("title", "summary", "body", "updates.0"...).
    lang: str = ""
    source_lang: str = ""
    fallback: tuple[str, ...] = ()

    @property
    def current_status(self) -> str:
        return self.updates[-1].status if self.updates else self.status

    @property
    def status_changed(self) -> bool:
        return self.current_status != self.status

    @property
    def sort_key(self) -> tuple[tuple[int, int, int], str]:
        return (self.date.sort_key(), self.id)

    @property
    def display_date(self) -> str:
        return display_range(self.date, self.end_date, self.approximate)

    @property
    def only_secondary_sources(self) -> bool:
        return all(s.is_secondary_copy for s in self.sources)

    @property
    def last_day(self) -> dt.date:
        return (self.end_date or self.date).last_day()

    def all_sources(self) -> tuple[Source, ...]:
        """The event's sources, then each update's, in order."""
        result = list(self.sources)
        for update in self.updates:
            result.extend(update.sources)
        return tuple(result)
