"""The one definition of the event format.

The validator reads these field specs, and `json_schema()` turns the same specs into
`schema/event.schema.json` (a test checks that the committed file matches), so the two
cannot drift apart.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .model import SOURCE_KINDS, STATUSES

DATE_PATTERN = r"^(-?[0-9]{4}|-[1-9][0-9]{4,5})(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
URL_PATTERN = r"^https?://[^\s/?#@]+(/[^\s]*)?$"
MAX_FILE_BYTES = 256 * 1024

# Event images (`media: - file: …`): they live in the events folder's media/ folder and are
# named by their path from the events folder (media/launch.jpg). A larger file, or one of
# more pixels, is refused: the build decodes each image whole to resize it, and 40
# megapixels (a 7,700 x 5,200 photo) already take about 160 MB of memory to do so.
MEDIA_FOLDER = "media"
MEDIA_MAX_BYTES = 10 * 1024 * 1024  # 10 MB
MEDIA_MAX_PIXELS = 40_000_000  # 40 megapixels
MEDIA_FORMATS: tuple[str, ...] = ("JPEG", "PNG", "WEBP", "GIF")  # Pillow's format names
MEDIA_FORMAT_NAMES = "JPEG, PNG, WebP or GIF"
# media/<name>, each part of the path neither empty nor . or .., no backslash or NUL
MEDIA_PATH_PATTERN = r"^media(/(?!\.\.?(/|$))[^/\\\u0000]+)+$"


@dataclass(frozen=True)
class Field:
    name: str
    kind: (
        str  # line | markdown | date | bool | enum | url | slugs | names | ids | sources | updates
        # | media | media_file
    )
    required: bool
    description: str
    max_length: int | None = None
    max_items: int | None = None
    choices: tuple[str, ...] = ()


SOURCE_FIELDS: tuple[Field, ...] = (
    Field("url", "url", True, "Absolute http(s) address of the source.", 2000),
    Field("title", "line", True, "The source's own title; [in brackets] if it shows none.", 300),
    Field("publisher", "line", True, "Who published it, e.g. Reuters or Example Ministry.", 200),
    Field(
        "date",
        "date",
        False,
        "Publication date shown by the source: YYYY, YYYY-MM or "
        "YYYY-MM-DD. Leave out if the source shows none.",
    ),
    Field(
        "kind",
        "enum",
        False,
        "Who is speaking: official, news, republished or analysis.",
        choices=SOURCE_KINDS,
    ),
    Field(
        "note",
        "line",
        False,
        "A short note on the source, e.g. 'state media' or 'Reuters copy'.",
        200,
    ),
    Field("archive_url", "url", False, "An archived copy (Wayback Machine, archive.today).", 2000),
    Field("quote", "text", False, "A short verbatim quote from the source.", 1000),
)

UPDATE_FIELDS: tuple[Field, ...] = (
    Field("date", "date", True, "When the status changed: YYYY, YYYY-MM or YYYY-MM-DD."),
    Field(
        "status",
        "enum",
        True,
        "The new status; confirmed needs a source of this update that is not a republished "
        "copy, state media or analysis, partly-confirmed a note saying which part was "
        "confirmed and which was not.",
        choices=STATUSES,
    ),
    Field("note", "markdown", True, "What changed and what did not (Markdown).", 1500),
    Field("sources", "sources", True, "The sources for the change (at least one).", max_items=30),
)

MEDIA_FIELDS: tuple[Field, ...] = (
    Field("file", "media_file", False,
          f"An image in the events folder's {MEDIA_FOLDER}/ folder, as its path from the "
          f"events folder: {MEDIA_FOLDER}/launch.jpg for events/{MEDIA_FOLDER}/launch.jpg "
          f"({MEDIA_FORMAT_NAMES}; at most {MEDIA_MAX_BYTES // (1024 * 1024)} MB and "
          f"{MEDIA_MAX_PIXELS // 1_000_000} megapixels). Give file or url, not both.", 300),
    Field("url", "url", False,
          "Instead of file: the address of a picture or document elsewhere, shown as a "
          "link (the page never loads it).", 2000),
    Field("alt", "line", False,
          "What the image shows, for readers who cannot see it; required with file.", 300),
    Field("credit", "line", True,
          "Who made it, and its licence: e.g. 'Photo: Jane Doe, CC BY 4.0'.", 200),
    Field("caption", "line", False, "A short caption, shown with it.", 300),
)

LANGUAGE_PATTERN = r"^[a-z]{2,3}([_-][A-Za-z0-9]{2,8})*$"

TRANSLATED_UPDATE_FIELDS: tuple[Field, ...] = (
    Field("note", "markdown", False, "The update's note in this language (Markdown).", 1500),
)

TRANSLATION_FIELDS: tuple[Field, ...] = (
    Field("title", "line", False, "The title in this language.", 200),
    Field("summary", "markdown", False, "The summary in this language (Markdown).", 2000),
    Field("body", "markdown", False, "The body in this language (Markdown).", 20000),
    Field("date_note", "line", False, "The date note in this language.", 300),
    Field("updates", "translated_updates", False,
          "The updates' notes in this language, one item per update in the same order "
          "(`- note: …`; `- {}` leaves one untranslated).", max_items=50),
)

ERA_TRANSLATION_FIELDS: tuple[Field, ...] = (
    Field("name", "line", False, "The era's name in this language.", 120),
    Field("description", "markdown", False, "The description in this language.", 2000),
)

EVENT_FIELDS: tuple[Field, ...] = (
    Field("title", "line", True, "Plain-text title, in neutral words.", 200),
    Field(
        "date", "date", True, "YYYY, YYYY-MM or YYYY-MM-DD, at the precision the sources support."
    ),
    Field("end_date", "date", False, "For spans: the last day, month or year."),
    Field("approximate", "bool", False, "true when the date is uncertain; shown as 'c.'."),
    Field(
        "date_note",
        "line",
        False,
        "Plain text: why the date is what it is, e.g. where the sources disagree on it.",
        300,
    ),
    Field(
        "status",
        "enum",
        True,
        "confirmed, reported, anticipated, did-not-happen or denied, at the time of the "
        "event (confirmed needs a source that is not a republished copy, state media or "
        "analysis); later changes, and partly-confirmed with its note, go in updates.",
        choices=STATUSES,
    ),
    Field("summary", "markdown", True, "About one paragraph of Markdown.", 2000),
    Field("body", "markdown", False, "Longer Markdown: context, date choices, caveats.", 20000),
    Field("media", "media", False,
          f"Images (file: in events/{MEDIA_FOLDER}/) and links to pictures or documents "
          "elsewhere (url:), each with its credit; shown on the event's page.", max_items=20),
    Field("tags", "slugs", False, "Lowercase tags such as city-council.", max_items=20),
    Field(
        "actors", "names", False, "People, governments and organisations involved.", max_items=40
    ),
    Field(
        "related", "ids", False, "Ids (file names without .yaml) of related events.", max_items=40
    ),
    Field("sources", "sources", True, "At least one source.", max_items=50),
    Field("updates", "updates", False, "Later changes of status, oldest first.", max_items=50),
    Field("translations", "translations", False,
          "The event's text in other languages, by language code: `ja: {title: …, summary: "
          "…, updates: [{note: …}]}`. Quotes are never translated.", max_items=40),
)

NAME_MAX = 100
TAG_MAX = 60


def _field_schema(f: Field) -> dict[str, Any]:
    schema: dict[str, Any] = {"description": f.description}
    if f.kind in ("line", "text", "markdown"):
        schema["type"] = "string"
        schema["minLength"] = 1
        if f.max_length:
            schema["maxLength"] = f.max_length
    elif f.kind == "date":
        schema.update(type="string", pattern=DATE_PATTERN)
    elif f.kind == "bool":
        schema["type"] = "boolean"
    elif f.kind == "enum":
        schema.update(type="string", enum=list(f.choices))
    elif f.kind == "url":
        schema.update(type="string", format="uri", pattern=URL_PATTERN)
        if f.max_length:
            schema["maxLength"] = f.max_length
    elif f.kind == "slugs":
        schema.update(
            type="array",
            uniqueItems=True,
            items={"type": "string", "pattern": SLUG_PATTERN, "maxLength": TAG_MAX},
        )
    elif f.kind == "names":
        schema.update(
            type="array",
            uniqueItems=True,
            items={"type": "string", "minLength": 1, "maxLength": NAME_MAX},
        )
    elif f.kind == "ids":
        schema.update(
            type="array", uniqueItems=True, items={"type": "string", "pattern": SLUG_PATTERN}
        )
    elif f.kind == "sources":
        schema.update(type="array", minItems=1, items={"$ref": "#/$defs/source"})
    elif f.kind == "updates":
        schema.update(type="array", items={"$ref": "#/$defs/update"})
    elif f.kind == "translated_updates":
        schema.update(type="array", items={"$ref": "#/$defs/translatedUpdate"})
    elif f.kind == "media":
        schema.update(type="array", items={"$ref": "#/$defs/media"})
    elif f.kind == "media_file":
        schema.update(type="string", pattern=MEDIA_PATH_PATTERN)
        if f.max_length:
            schema["maxLength"] = f.max_length
    elif f.kind == "translations":
        schema.update(type="object", propertyNames={"pattern": LANGUAGE_PATTERN},
                      additionalProperties={"$ref": "#/$defs/translation"})
        if f.max_items:
            schema["maxProperties"] = f.max_items
    else:  # pragma: no cover - a programming error
        raise ValueError(f.kind)
    if f.max_items and schema.get("type") == "array":
        schema["maxItems"] = f.max_items
    return schema


def _object_schema(fields: tuple[Field, ...]) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in fields if f.required],
        "properties": {f.name: _field_schema(f) for f in fields},
    }


def json_schema(schema_id: str = "") -> dict[str, Any]:
    """The event format as JSON Schema; `schema_id` (a site's published URL) becomes `$id`."""
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **({"$id": schema_id} if schema_id else {}),
        "title": "Timeline event",
        "description": "One event of the timeline: one YAML file in events/, named <id>.yaml.",
        **_object_schema(EVENT_FIELDS),
    }
    schema["$defs"] = {
        "source": _object_schema(SOURCE_FIELDS),
        "update": _object_schema(UPDATE_FIELDS),
        "translation": _object_schema(TRANSLATION_FIELDS),
        "translatedUpdate": _object_schema(TRANSLATED_UPDATE_FIELDS),
        # a local image (file, with its alt text) or a link (url), never both
        "media": {**_object_schema(MEDIA_FIELDS),
                  "oneOf": [{"required": ["file", "alt"], "not": {"required": ["url"]}},
                            {"required": ["url"], "not": {"required": ["file"]}}]},
    }
    return schema


def json_schema_text(schema_id: str = "") -> str:
    return json.dumps(json_schema(schema_id), indent=2, ensure_ascii=False) + "\n"
