"""The interface in the reader's language: message catalogs (gettext, kept with Babel)
and dates at the precision known, formatted by Babel for the locale.

Catalogs live in `locale/<lang>/LC_MESSAGES/timeline.po`, compiled to `.mo` beside them
(`invoke catalogs-compile`); English is the source language and needs none. A language
with no catalog falls back to English for the interface; dates are still in its form.
"""

from __future__ import annotations

import datetime as dt
import gettext
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from babel.dates import format_interval, format_skeleton, get_month_names

from ..reading.model import MONTH_NAMES, PartialDate, display_range

DOMAIN = "timeline"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
SOURCE_LANGUAGE = "en"
# Babel's English is American (March 2, 2024); the engine's English dates have always
# been day-month-year, which is British English in CLDR.
DEFAULT_LOCALES = {"en": "en_GB"}
SKELETONS = {"year": "y", "month": "yMMMM", "day": "yMMMMd"}


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

    @classmethod
    def for_language(cls, lang: str, locales: dict[str, str] | None = None) -> Localizer:
        return _localizer(lang, tuple(sorted((locales or {}).items())))

    @property
    def english(self) -> bool:
        return self.locale.split("_")[0] == "en"

    def gettext(self, message: str) -> str:
        return self.catalog.gettext(message)

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
        return format_skeleton(SKELETONS[date.precision], date.first_day(), locale=self.locale)

    def span(self, start: PartialDate, end: PartialDate | None = None,
             approximate: bool = False) -> str:
        """A date or a span, never inventing a day: 16–17 July 2025, c. March 2024."""
        if self.english:
            text = display_range(start, end, False)
        elif end is None or end == start:
            text = self.date(start)
        elif start.precision == end.precision:
            text = format_interval(start.first_day(), end.first_day(),
                                   SKELETONS[start.precision], locale=self.locale)
        else:
            text = self.format("{start} – {end}", start=self.date(start), end=self.date(end))
        return self.format("c. {date}", date=text) if approximate else text

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


@cache
def _localizer(lang: str, locales: tuple[tuple[str, str], ...]) -> Localizer:
    locale = dict(locales).get(lang) or DEFAULT_LOCALES.get(lang) or lang
    return Localizer(lang, locale.replace("-", "_"), translations(lang))
