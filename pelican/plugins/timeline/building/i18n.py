"""The interface in the reader's language: message catalogs (gettext, kept with Babel)
and dates at the precision known, formatted by Babel for the locale.

Catalogs live in `locale/<lang>/LC_MESSAGES/timeline.po`, compiled to `.mo` beside them
(`invoke catalogs-compile`); English is the source language and needs none. A language
with no catalog falls back to English for the interface; dates are still in its form.
"""

from __future__ import annotations

import datetime as dt
import gettext
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import (
    format_date,
    format_interval,
    format_skeleton,
    get_era_names,
    get_month_names,
)
from markupsafe import Markup

from ..reading.model import MONTH_NAMES, PartialDate, display_range

DOMAIN = "timeline"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
SOURCE_LANGUAGE = "en"
# Babel's English is American (March 2, 2024); the engine's English dates have always
# been day-month-year, which is British English in CLDR.
DEFAULT_LOCALES = {"en": "en_GB"}
SKELETONS = {"year": "y", "month": "yMMMM", "day": "yMMMMd"}
# Dates before the common era, with the era's name from CLDR: 8000 av. J.-C., 紀元前8000年.
BCE_SKELETONS = {"year": "Gy", "month": "GyMMMM", "day": "GyMMMMd"}


def ngettext(singular: str, plural: str) -> tuple[str, str]:
    """Marks a plural text for the catalogs (translated where it is used)."""
    return singular, plural


FOUND = ngettext("{n} event found.", "{n} events found.")
FOUND_MORE = ngettext("{n} event found; showing the first {k}.",
                      "{n} events found; showing the first {k}.")
SHOWING_ALL = ngettext("Showing all {total} event.", "Showing all {total} events.")
SHOWING_SOME = ngettext("Showing {shown} of {total} event.", "Showing {shown} of {total} events.")


def shipped_languages() -> list[str]:
    """The languages the engine has a catalog for, English first."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return [SOURCE_LANGUAGE, *(lang for lang in found if lang != SOURCE_LANGUAGE)]


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of `lang` (its base language's when there is none for the
    region: pt_BR -> pt), or English (the messages as written)."""
    for code in dict.fromkeys([lang.replace("-", "_"), lang.split("-")[0].split("_")[0]]):
        mo = LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if mo.is_file():
            with mo.open("rb") as handle:
                return gettext.GNUTranslations(handle)
    return gettext.NullTranslations()


@dataclass(frozen=True)
class Localizer:
    """One language's messages and dates, for templates (`_`, `date_text`...) and for
    the exports written in Python."""

    lang: str
    locale: str = ""
    catalog: gettext.NullTranslations = field(default_factory=gettext.NullTranslations,
                                              compare=False, repr=False)
    _markup: dict[str, Markup] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def for_language(cls, lang: str, locales: dict[str, str] | None = None) -> Localizer:
        return _localizer(lang, tuple(sorted((locales or {}).items())))

    @property
    def english(self) -> bool:
        return self.locale.split("_")[0] == "en"

    def gettext(self, message: str) -> str:
        return self.catalog.gettext(message)

    def markup(self, message: str) -> Markup:
        """The translation as Markup (a template's own text is safe HTML), kept."""
        found = self._markup.get(message)
        if found is None:
            found = self._markup[message] = Markup(self.catalog.gettext(message))
        return found

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.catalog.ngettext(singular, plural, n)

    def format(self, message: str, **values: Any) -> str:
        """A translated message with {name} fields filled in."""
        return self.gettext(message).format(**values)

    def date(self, date: PartialDate | None) -> str:
        """2024, March 2024, 2 March 2024 (mars 2024, 2024年3月2日...)."""
        if date is None:
            return ""
        if self.english:
            return date.display()
        if date.is_bce:
            return bce_date(date, self.locale)
        return format_skeleton(SKELETONS[date.precision], date.first_day(), locale=self.locale)

    def span(self, start: PartialDate, end: PartialDate | None = None,
             approximate: bool = False) -> str:
        """A date or a span, never inventing a day: 16–17 July 2025, c. March 2024."""
        if self.english:
            text = display_range(start, end, False)
        elif end is None or end == start:
            text = self.date(start)
        elif start.precision == end.precision and not start.is_bce:
            text = format_interval(start.first_day(), end.first_day(),
                                   SKELETONS[start.precision], locale=self.locale)
        else:
            text = self.format("{start} – {end}", start=self.date(start), end=self.date(end))
        return self.format("c. {date}", date=text) if approximate else text

    def script_texts(self) -> Markup:
        """The scripts' texts (search.js, filter.js) as JSON for a data block in the
        page, made once per language. Plural texts come as their one/other forms."""
        found = self._markup.get("\0script")
        if found is not None:
            return found

        def forms(singular: str, plural: str) -> dict[str, str]:
            return {"one": self.ngettext(singular, plural, 1),
                    "other": self.ngettext(singular, plural, 2)}

        texts = {
            "searching": self.gettext("Searching…"),
            "none": self.gettext("No events found."),
            "found": forms(*FOUND),
            "foundMore": forms(*FOUND_MORE),
            "allResults": self.gettext("All {n} results"),
            "unavailable": self.gettext(
                "Search is not available here: it works when the site is served over "
                "HTTP (for example with “invoke serve”)."),
            "showingAll": forms(*SHOWING_ALL),
            "showingSome": forms(*SHOWING_SOME),
            "copyLink": self.gettext("Copy link"),
            "copyLinkTo": self.gettext("Copy link to {name}"),
            "copied": self.gettext("Link copied: {url}"),
            "copyBox": self.gettext("Link to this event; press Control+C or Command+C to copy"),
            "selected": self.gettext("Link selected: press Control+C or Command+C to copy."),
        }
        text = json.dumps(texts, ensure_ascii=False, sort_keys=True)
        for char, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                              ("'", "\\u0027")):
            text = text.replace(char, escaped)
        found = self._markup["\0script"] = Markup(text)
        return found

    def narrow_month(self, month: int) -> str:
        """A month's initial for an axis: J, F, M... (1 to 12)."""
        if self.english:
            return MONTH_NAMES[month - 1][0]
        return str(get_month_names("narrow", locale=self.locale)[month])

    def era_dates(self, start: PartialDate, end: PartialDate | None) -> str:
        """An era's span, or "since 25 May 2022" while it goes on."""
        if end is None:
            return self.format("since {date}", date=self.date(start))
        return self.span(start, end)

    def day(self, day: dt.date) -> str:
        return self.date(PartialDate(day.year, day.month, day.day))

    def year(self, year: int) -> str:
        """A year on its own (an axis, a heading): 2024, or 8000 BCE (8000 av. J.-C.)."""
        return self.date(PartialDate(year)) if year < 0 else str(year)


_ERA, _YEAR = "\ue000", "\ue001"


@cache
def _bce_pattern(locale: str, precision: str) -> tuple[str, str]:
    """CLDR's pattern for a date with its era at this precision, and the name of the era
    before the common era ("BC", "av. J.-C.", "紀元前")."""
    data = Locale.parse(locale)
    era = str(get_era_names("abbreviated", locale=data)[0])
    pattern = data.datetime_skeletons.get(BCE_SKELETONS[precision])
    fallback = {"year": "y G", "month": "MMMM y G", "day": "d MMMM y G"}[precision]
    return (str(pattern) if pattern is not None else fallback), era


def bce_date(date: PartialDate, locale: str) -> str:
    """A date before the common era in the locale's form: 8000 av. J.-C., 480 v. Chr.,
    紀元前480年9月. Babel formats dates of `datetime.date` only (years 1 to 9999), so the
    pattern's year and era fields are filled in here and the rest (the month's name, the
    day) formatted on a stand-in day of a leap year."""
    pattern, era = _bce_pattern(locale, date.precision)
    # The era and year fields become private-use characters, which a pattern keeps as
    # literal text (only ASCII letters are fields), then the era's name and the year.
    out: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "'":  # a quoted literal, kept as it is ('' is a quote)
            end = index + 1
            while end < len(pattern):
                if pattern[end] == "'" and pattern[end + 1 : end + 2] != "'":
                    break
                end += 2 if pattern[end] == "'" else 1
            out.append(pattern[index : end + 1])
            index = end + 1
            continue
        run = index
        while run < len(pattern) and pattern[run] == char:
            run += 1
        out.append(_ERA if char == "G" else _YEAR if char in "yYu" else pattern[index:run])
        index = run
    stand_in = dt.date(2000, date.month or 1, date.day or 1)
    text = str(format_date(stand_in, "".join(out), locale=locale))
    return text.replace(_ERA, era).replace(_YEAR, str(-date.year))


@cache
def _localizer(lang: str, locales: tuple[tuple[str, str], ...]) -> Localizer:
    locale = dict(locales).get(lang) or DEFAULT_LOCALES.get(lang) or lang
    return Localizer(lang, locale.replace("-", "_"), translations(lang))
