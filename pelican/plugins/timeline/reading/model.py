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

# A year of the common era has four digits (0001 to 9999); one before it has a leading
# minus and at least four digits (-0480, -8000, -13000). See PartialDate.
DATE_RE = re.compile(
    r"^(?P<y>-(?:[0-9]{4}|[1-9][0-9]{4,5})|[0-9]{4})(?:-(?P<m>[0-9]{2})(?:-(?P<d>[0-9]{2}))?)?$"
)
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# "8000 BCE", "480 BC", "c. 480 B.C.": how a year before the common era is often written
_BCE_WORDS_RE = re.compile(r"^\D*?([0-9][0-9,.\s]*)\s*(?:BCE|B\.?\s?C\.?(?:\s?E\.?)?)\s*$", re.I)


class DateError(ValueError):
    """A date string that is not YYYY, YYYY-MM or YYYY-MM-DD, or not a real date."""


def astronomical_year(year: int) -> int:
    """The year in astronomical numbering, which has a year 0: 1 BCE (-1) is 0, 2 BCE -1."""
    return year + 1 if year < 0 else year


def days_in_month(year: int, month: int) -> int:
    """Days in a month of the proleptic Gregorian calendar; `year` as the event format writes
    it (-1 is 1 BCE, a leap year like every astronomical year divisible by four)."""
    return calendar.monthrange(astronomical_year(year), month)[1]


_DAYS_IN_400_YEARS = 146097


def day_number(year: int, month: int, day: int) -> int:
    """The day's number in the proleptic Gregorian calendar: `datetime.date.toordinal()`
    (1 January 1 CE is 1) for years of the common era, extended to the years before it
    (31 December 1 BCE is 0, and so on backwards). For comparing and placing dates that
    `datetime.date` cannot hold."""
    astro = astronomical_year(year)
    cycles = 0 if astro >= 1 else (1 - astro) // 400 + 1
    return dt.date(astro + 400 * cycles, month, day).toordinal() - cycles * _DAYS_IN_400_YEARS


def year_text(year: int) -> str:
    """A year as English prose: 2024, or 8000 BCE for -8000."""
    return f"{-year} BCE" if year < 0 else str(year)


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day. Sorts a month before its days.

    Years before the common era are negative, in the historians' (and TimelineJS's and
    Wikipedia's) numbering, which has no year 0: -8000 is 8000 BCE, -1 is 1 BCE, and the
    year after it is 1. They are written with a leading minus and at least four digits
    (-8000, -0480-09-20) and shown as "8000 BCE". `datetime.date` holds no year before 1:
    for such a date `first_day()` and `last_day()` give 1 January 1 (clamped; see
    `is_bce`), while `sort_key()`, `first_number()` and `last_number()` are exact.
    """

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        match = DATE_RE.match(text)
        if not match:
            raise DateError(_not_a_date(text))
        year = int(match["y"])
        month = int(match["m"]) if match["m"] else None
        day = int(match["d"]) if match["d"] else None
        if year == 0 and text.startswith("-"):
            raise DateError(f"{text!r}: there is no year 0 before the common era: 1 BCE is "
                            "-0001, and the year after it 0001")
        if year < 1 and not text.startswith("-"):
            raise DateError(f"{text!r}: the year must be 0001 or later (for years before the "
                            "common era write a minus: -0001 is 1 BCE, -8000 is 8000 BCE)")
        if month is not None and not 1 <= month <= 12:
            raise DateError(f"{text!r} is not a real date: the month must be 01 to 12")
        if month is not None and day is not None:
            last = days_in_month(year, month)
            if not 1 <= day <= last:
                raise DateError(
                    f"{text!r} is not a real date: {MONTH_NAMES[month - 1]} {year_text(year)} "
                    f"has {last} days"
                )
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    @property
    def is_bce(self) -> bool:
        """Before the common era (a negative year): no `datetime.date` can hold it."""
        return self.year < 0

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def iso(self) -> str:
        """The date as written: 2024, 2024-03, 2024-03-02, or -8000, -0480-09."""
        text = f"-{-self.year:04d}" if self.year < 0 else f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text

    def slug(self) -> str:
        """The date as the start of an event's id (file name): 2024-03-02; before the common
        era 8000-bce or 0480-09-bce (an id cannot start with a minus)."""
        return f"{self.iso()[1:]}-bce" if self.year < 0 else self.iso()

    def display(self) -> str:
        """Human form at the known precision: 2024, March 2024, 2 March 2024, 8000 BCE."""
        year = year_text(self.year)
        if self.month is None:
            return year
        month = MONTH_NAMES[self.month - 1]
        if self.day is None:
            return f"{month} {year}"
        return f"{self.day} {month} {year}"

    def first_number(self) -> int:
        """The day number (see `day_number`) of the first day the date covers."""
        return day_number(self.year, self.month or 1, self.day or 1)

    def last_number(self) -> int:
        """The day number of the last day the date covers."""
        month = self.month or 12
        return day_number(self.year, month, self.day or days_in_month(self.year, month))

    def first_day(self) -> dt.date:
        """The first day the date covers; 1 January 1 for a date before the common era."""
        if self.year < 1:
            return dt.date.min
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        """The last day the date covers; 1 January 1 for a date before the common era."""
        if self.year < 1:
            return dt.date.min
        if self.month is None:
            return dt.date(self.year, 12, 31)
        if self.day is None:
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year, self.month, self.day)

    def __str__(self) -> str:
        return self.iso()


def _not_a_date(text: str) -> str:
    """Why `text` is not a date, with what to write instead."""
    words = _BCE_WORDS_RE.match(text.strip())
    digits = re.sub(r"[^0-9]", "", words[1]) if words else ""
    if digits and int(digits):
        return (f"{text!r} is not a date: write a year before the common era with a minus "
                f"and at least four digits: -{int(digits):04d} ({int(digits)} BCE)")
    bce = re.fullmatch(r"-([0-9]{1,3})((?:-[0-9]{2}){0,2})", text.strip())
    if bce and int(bce[1]):
        return (f"{text!r} is not a date: a year before the common era has at least four "
                f"digits: write -{int(bce[1]):04d}{bce[2]} ({int(bce[1])} BCE)")
    return f"{text!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2024-04-08"


def display_range(start: PartialDate, end: PartialDate | None, approximate: bool = False) -> str:
    """ "16–17 July 2025", "3 April – 6 May 2024", "c. March 2024", "8000–5000 BCE"; never
    invents a day."""
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
        head = start.display().removesuffix(" " + year_text(start.year))
        return f"{prefix}{head} – {end.display()}"
    if same_precision and start.precision == "year" and start.is_bce and end.is_bce:
        return f"{prefix}{-start.year}–{end.display()}"
    # a span from before the common era into it: "10 BCE – 10 CE"
    era = " CE" if start.is_bce and not end.is_bce else ""
    return f"{prefix}{start.display()} – {end.display()}{era}"


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
class Media:
    """One item of an event's `media:`: a local image (`file`, a path from the events
    folder such as media/launch.jpg) or a picture or document elsewhere (`url`, shown as
    a link, never loaded by the page), with its credit, alt text and caption.

    The loader fills in what the image file itself says (reading.validate.check_media_files):
    its SHA-256 (the output names are made from it), its size as shown (EXIF orientation
    applied) and its format (Pillow's name: JPEG, PNG, WEBP or GIF)."""

    credit: str
    file: str | None = None
    url: str | None = None
    alt: str | None = None
    caption: str | None = None
    digest: str = ""
    width: int = 0
    height: int = 0
    format: str = ""

    @property
    def is_image(self) -> bool:
        return self.file is not None


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
    media: tuple[Media, ...] = ()
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
