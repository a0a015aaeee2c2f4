"""Language editions: one timeline per language of TIMELINE_LANGUAGES, the first at
TIMELINE_URL, each other under `<lang>/`, with the events' text in that language where
the event file gives it (`translations:`), the original otherwise (marked by its own
language)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from babel import Locale

from ..reading.eras import Era
from ..reading.model import Event, Update


@dataclass(frozen=True)
class Edition:
    lang: str
    mount: str  # the edition's folder in the output: TIMELINE_URL, then <lang>/ but first
    first: bool
    name: str  # the language's own name: English, 日本語, français

    @property
    def suffix(self) -> str:
        """For the names of its cache files: "" for the first edition, "-ja" for others."""
        return "" if self.first else f"-{self.lang}"


def editions(languages: tuple[str, ...], mount: str) -> list[Edition]:
    return [Edition(lang, mount if n == 0 else f"{mount}{lang}/", n == 0, native_name(lang))
            for n, lang in enumerate(languages)]


def native_name(lang: str) -> str:
    """The language's name in itself, as a language switcher shows it."""
    locale = Locale.parse(lang.replace("-", "_"))
    name = locale.get_display_name(locale) or lang
    return name[:1].upper() + name[1:] if lang.split("_")[0] not in ("ja", "zh") else name


def localized(event: Event, lang: str, source: str) -> Event:
    """The event as the `lang` edition shows it: each translated field in `lang`, each
    other in the language the file is written in (`source`), listed in `fallback`."""
    if lang == source:
        return dataclasses.replace(event, lang=source, fallback=())
    given = event.translations.get(lang)
    fallback: list[str] = []

    def pick(name: str, original: str | None) -> str | None:
        value = getattr(given, name, None) if given is not None else None
        if value is None and original:
            fallback.append(name)
        return value if value is not None else original

    title = pick("title", event.title) or event.title
    summary = pick("summary", event.summary) or event.summary
    body = pick("body", event.body)
    date_note = pick("date_note", event.date_note)
    notes = list(given.updates) if given is not None else []
    updates: list[Update] = []
    for n, update in enumerate(event.updates):
        note = notes[n] if n < len(notes) and notes[n] else None
        if note is None:
            fallback.append(f"updates.{n}")
        updates.append(dataclasses.replace(update, note=note or update.note))
    return dataclasses.replace(event, title=title, summary=summary, body=body,
                               date_note=date_note,
                               updates=tuple(updates), lang=lang, source_lang=source,
                               fallback=tuple(fallback))


def localized_era(era: Era, lang: str, source: str) -> Era:
    """The era's name and description in `lang`, where its entry gives them."""
    given = era.translations.get(lang) if lang != source else None
    if not given:
        return era
    return dataclasses.replace(era, name=given.get("name") or era.name,
                               description=given.get("description") or era.description)
