"""Validation: a YAML node tree in, an `Event` (or nothing) and every problem out.

Each problem names the file, line and column and says what to write instead. Nothing here
renders Markdown: length and content checks run on the raw text first, so hostile input is
refused before it can reach a slow or unsafe step.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .issues import Issue
from .model import ID_RE, DateError, Event, Media, PartialDate, Source, Translation, Update
from .schema import (
    ERA_TRANSLATION_FIELDS,
    EVENT_FIELDS,
    MEDIA_FIELDS,
    MEDIA_FOLDER,
    MEDIA_FORMAT_NAMES,
    MEDIA_FORMATS,
    MEDIA_MAX_BYTES,
    MEDIA_MAX_PIXELS,
    NAME_MAX,
    SOURCE_FIELDS,
    TAG_MAX,
    TRANSLATED_UPDATE_FIELDS,
    TRANSLATION_FIELDS,
    UPDATE_FIELDS,
    Field,
)
from .strict_yaml import Map, Node, Scalar, Seq, kind_name

# Characters that can hide or reorder text: C0/C1 controls (except newline and tab in
# Markdown), bidi overrides and isolates, zero-width characters, the BOM inside text.
_INVISIBLE = {
    0x200B: "zero-width space", 0x200C: "zero-width non-joiner", 0x200D: "zero-width joiner",
    0x2060: "word joiner", 0xFEFF: "zero-width no-break space (BOM)",
    0x202A: "bidi embedding", 0x202B: "bidi embedding", 0x202C: "bidi pop",
    0x202D: "bidi override", 0x202E: "bidi override", 0x2066: "bidi isolate",
    0x2067: "bidi isolate", 0x2068: "bidi isolate", 0x2069: "bidi isolate",
    0x200E: "left-to-right mark", 0x200F: "right-to-left mark", 0x061C: "Arabic letter mark",
    0x00AD: "soft hyphen",
}  # fmt: skip
_BAD_CHAR_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f" + "".join(chr(c) for c in _INVISIBLE) + "]"
)
# A tag as Markdown and browsers see one: <name>, <name attr…>, </name>, <!…>, <?…>.
# "a <b" or "x<y" is plain text (and is escaped on output), so it is allowed.
_RAW_HTML_RE = re.compile(
    r"<(?:[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|/[A-Za-z][A-Za-z0-9-]*\s*>|![A-Za-z\[-]|\?[A-Za-z])"
)
# Code spans on one line, as Python-Markdown finds them: shown literally, so not checked.
_CODE_SPAN_RE = re.compile(r"(?<![\\`])(`+)(?!`)([^\n]+?)(?<!`)\1(?!`)")
# Python-Markdown's link parsing scans forward from every '[' and '(' to its partner, so
# many unclosed or deeply nested brackets take quadratic time (20 kB of "[a" took 30 s).
# With at most this many open at any point, the scans cost a few passes over the text.
MAX_OPEN_BRACKETS = 8
_IMAGE_RE = re.compile(r"!\[")
_ATTR_LIST_RE = re.compile(r"\{:?\s*[:#.]?[A-Za-z_-]+\s*=|\{:")
_INLINE_LINK_RE = re.compile(r"\]\(\s*<?([^)\s>]*)")
_REF_DEF_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S*?)>?(?:\s|$)", re.MULTILINE)
_AUTOLINK_RE = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^\s<>]*)>")
_BRACKET_RUN_RE = re.compile(r"[\[\]()`*_]{30,}")


def _describe_char(ch: str) -> str:
    code = ord(ch)
    name = _INVISIBLE.get(code) or unicodedata.name(ch, "control character")
    return f"U+{code:04X} ({name.lower()})"


def check_url(value: str) -> str | None:
    """Why this URL is not acceptable, or None."""
    bad = _BAD_CHAR_RE.search(value) or re.search(r"\s", value)
    if bad:
        return (
            f"the URL contains whitespace or an invisible character {_describe_char(bad.group())}"
            "; copy the address again from the browser's address bar"
        )
    try:
        parts = urlsplit(value)
        hostname = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        return f"not a valid URL ({exc}); write the full address, e.g. https://www.example.org/page"
    if parts.scheme.lower() not in ("http", "https"):
        return (
            f"only http:// and https:// addresses are allowed, not {parts.scheme or 'a relative'}"
            " address; write the full address, e.g. https://www.example.org/page"
        )
    if not hostname:
        return "the URL has no host name; write the full address, e.g. https://www.example.org/page"
    if "@" in parts.netloc:
        return "the URL contains a user name or password (user@host); remove everything before '@'"
    if not hostname.isascii():
        return (
            f"the host name {hostname!r} has non-ASCII letters, which can imitate another "
            "site (homograph); check it, and write it in its xn-- (punycode) form if it is "
            "genuine"
        )
    if "." not in hostname and hostname != "localhost":
        return f"the host name {hostname!r} has no domain; write the full address"
    return None


# The summary `invoke new-event` writes: an event whose summary still holds it is refused.
PLACEHOLDER_SUMMARY = "REPLACE THIS PLACEHOLDER"


class FileChecker:
    def __init__(self, path: str, today: dt.date) -> None:
        self.path = path
        self.today = today
        self.issues: list[Issue] = []
        self.positions: dict[str, tuple[int, int]] = {}
        self.source: str | None = None
        self._lines: list[str] | None = None

    def error(self, node: Node, message: str, severity: str = "error") -> None:
        self.issues.append(Issue(self.path, node.line, node.col, message, severity))

    # ---- generic shapes -------------------------------------------------------------

    def mapping(
        self, node: Map, fields: tuple[Field, ...], where: str
    ) -> dict[str, tuple[Scalar, Node]]:
        known = {f.name: f for f in fields}
        missing = [f.name for f in fields if f.required and f.name not in node.items]
        for key, (key_node, _value) in node.items.items():
            if key not in known:
                # A misspelt required field is one mistake: one line, at the misspelling,
                # and no "missing required field" for the field it meant.
                guess = difflib.get_close_matches(
                    key.lower(), missing, n=1, cutoff=0.6
                ) or difflib.get_close_matches(key.lower(), known, n=1, cutoff=0.6)
                if guess and guess[0] in missing:
                    missing.remove(guess[0])
                hint = (
                    f"did you mean '{guess[0]}'?"
                    if guess
                    else "allowed fields: " + ", ".join(known)
                )
                self.error(key_node, f"unknown field '{key}' in {where}: {hint}")
        for f in fields:
            if f.name in missing:
                self.error(
                    node,
                    f"missing required field '{f.name}' in {where}: "
                    f"add '{f.name}:' ({f.description})",
                )
        return node.items

    def scalar(self, node: Node, f: Field) -> Scalar | None:
        if not isinstance(node, Scalar):
            self.error(node, f"'{f.name}' must be {self._expected(f)}, not {kind_name(node)}")
            return None
        if node.value.strip() == "" and node.style is None:
            self.error(node, f"'{f.name}' is empty: write {self._expected(f)}, or delete the line")
            return None
        return node

    @staticmethod
    def _expected(f: Field) -> str:
        return {
            "date": "a date like 2024-04-08, 2024-04 or 2024",
            "bool": "true or false",
            "enum": "one of: " + ", ".join(f.choices),
            "url": "an address starting with https://",
        }.get(f.kind, "text")

    def text(self, node: Scalar, f: Field, markdown: bool = False) -> str | None:
        value = node.value
        if f.max_length and len(value) > f.max_length:
            self.error(
                node,
                f"'{f.name}' is {len(value)} characters long; the limit is "
                f"{f.max_length}: shorten it"
                + (" (put details in 'body')" if f.name == "summary" else ""),
            )
            return None
        if f.name == "summary" and PLACEHOLDER_SUMMARY in value:
            self.error(node, "'summary' is still the placeholder that new-event wrote: replace "
                       "the placeholder summary with one neutral paragraph (what happened, who "
                       "said it, and what is not known)")
            return None
        if not value.strip():
            self.error(node, f"'{f.name}' is empty: write some text, or delete the line")
            return None
        allowed_ws = "\n\t" if markdown or f.kind == "text" else ""
        for match in _BAD_CHAR_RE.finditer(value):
            if match.group() in allowed_ws:
                continue
            line, col = self._offset_position(node, match.start())
            self.issues.append(
                Issue(
                    self.path,
                    line,
                    col,
                    f"'{f.name}' contains an invisible or control character "
                    f"{_describe_char(match.group())}; delete it (retype the text around it)",
                )
            )
            return None
        if f.kind == "line" and "\n" in value.strip():
            self.error(node, f"'{f.name}' must be one line of text")
            return None
        if markdown:
            self.markdown(node, f)
        return value.strip() if f.kind == "line" else value

    def _offset_position(self, node: Scalar, offset: int) -> tuple[int, int]:
        before = node.value[:offset]
        newlines = before.count("\n")
        if node.style in ("|", ">"):
            line = node.line + 1 + newlines
            indent = 0
            if self.source is not None:
                if self._lines is None:
                    self._lines = self.source.split("\n")
                if line <= len(self._lines):
                    source = self._lines[line - 1]
                    indent = len(source) - len(source.lstrip(" "))
            return line, 1 + indent + len(before) - (before.rfind("\n") + 1)
        if newlines:
            return node.line + newlines, 1
        return node.line, node.col + offset + (1 if node.style in ("'", '"') else 0)

    def markdown(self, node: Scalar, f: Field) -> None:
        if not self._brackets(node, f):
            return
        value = _CODE_SPAN_RE.sub(
            lambda m: m.group(1) + " " * len(m.group(2)) + m.group(1), node.value
        )
        checks = (
            (
                _RAW_HTML_RE,
                "raw HTML is not allowed in '{name}': use Markdown (*italic*, "
                "**bold**, [text](https://…)); to show a '<' character write '&lt;'",
            ),
            (
                _IMAGE_RE,
                "images are not allowed in '{name}': link to the picture's page "
                "instead with [text](https://…)",
            ),
            (
                _ATTR_LIST_RE,
                "attribute lists ('{{: …}}') are not allowed in '{name}': write plain Markdown",
            ),
            (
                _BRACKET_RUN_RE,
                "a long run of brackets or emphasis marks in '{name}': write ordinary prose",
            ),
        )
        for pattern, message in checks:
            match = pattern.search(value)
            if match:
                line, col = self._offset_position(node, match.start())
                self.issues.append(Issue(self.path, line, col, message.format(name=f.name)))
        for pattern in (_INLINE_LINK_RE, _REF_DEF_RE, _AUTOLINK_RE):
            for match in pattern.finditer(value):
                target = match.group(1)
                problem = check_url(target) if target else "the link has no address"
                if problem:
                    line, col = self._offset_position(node, match.start(1))
                    self.issues.append(
                        Issue(
                            self.path,
                            line,
                            col,
                            f"link in '{f.name}': {problem} (links must be full "
                            "https:// or http:// addresses)",
                        )
                    )

    def _brackets(self, node: Scalar, f: Field) -> bool:
        """Refuse bracket patterns that make Markdown rendering slow, before it runs."""
        value = node.value
        for opener, closer in (("[", "]"), ("(", ")")):
            if value.count(opener) <= MAX_OPEN_BRACKETS:
                continue  # cannot have more open at once: skip the walk (most texts)
            open_at: list[int] = []
            escaped = False
            for index, ch in enumerate(value):
                if escaped:
                    escaped = False
                elif ch == "\\":
                    escaped = True
                elif ch == opener:
                    open_at.append(index)
                    if len(open_at) > MAX_OPEN_BRACKETS:
                        line, col = self._offset_position(node, open_at[0])
                        self.issues.append(
                            Issue(
                                self.path,
                                line,
                                col,
                                f"more than {MAX_OPEN_BRACKETS} '{opener}' open at once in "
                                f"'{f.name}' (nested, or never closed with '{closer}'): close "
                                f"each one, or write '\\{opener}' for a literal '{opener}'",
                            )
                        )
                        return False
                elif ch == closer and open_at:
                    open_at.pop()
        return True

    def date(self, node: Node, f: Field) -> PartialDate | None:
        scalar = self.scalar(node, f)
        if scalar is None:
            return None
        text = scalar.value.strip()
        if (
            scalar.style is None
            and re.fullmatch(r"[0-9][0-9_]*(\.[0-9]*)?([eE][-+]?[0-9]+)?", text)
            and not re.fullmatch(r"[0-9]{4}", text)
        ):
            example = (
                f"{text[:4]}-{text[4:6]}-{text[6:]}"
                if re.fullmatch(r"[0-9]{8}", text)
                else "2024-04-08"
            )
            self.error(
                scalar,
                f"'{f.name}' is the number {text}, not a date: write the year, month and day "
                f"with dashes, YYYY-MM-DD (e.g. {example}), or YYYY-MM or YYYY",
            )
            return None
        try:
            return PartialDate.parse(scalar.value.strip())
        except DateError as exc:
            self.error(scalar, f"'{f.name}': {exc}")
            return None

    def enum(self, node: Node, f: Field) -> str | None:
        scalar = self.scalar(node, f)
        if scalar is None:
            return None
        value = scalar.value.strip()
        if value not in f.choices:
            guess = difflib.get_close_matches(value.lower(), f.choices, n=1, cutoff=0.5)
            hint = f"did you mean '{guess[0]}'? " if guess else ""
            self.error(
                scalar, f"'{f.name}' is {value!r}: {hint}write one of: " + ", ".join(f.choices)
            )
            return None
        return value

    def boolean(self, node: Node, f: Field) -> bool | None:
        scalar = self.scalar(node, f)
        if scalar is None:
            return None
        if scalar.value in ("true", "false"):
            return scalar.value == "true"
        self.error(scalar, f"'{f.name}' is {scalar.value!r}: write true or false")
        return None

    def url(self, node: Node, f: Field) -> str | None:
        scalar = self.scalar(node, f)
        if scalar is None:
            return None
        problem = check_url(scalar.value)
        if problem is None and f.max_length and len(scalar.value) > f.max_length:
            problem = f"the URL is longer than {f.max_length} characters"
        if problem:
            self.error(scalar, f"'{f.name}': {problem}")
            return None
        return scalar.value

    def seq(self, node: Node, f: Field) -> list[Node] | None:
        if isinstance(node, Scalar) and node.style is None and node.value == "":
            return []
        if not isinstance(node, Seq):
            example = {"sources": "- url: https://…", "updates": "- date: 2024-04-08",
                       "media": f"- file: {MEDIA_FOLDER}/….jpg"}.get(f.name, "[first, second]")
            self.error(node, f"'{f.name}' must be a list ({example}), not {kind_name(node)}")
            return None
        if f.max_items and len(node.items) > f.max_items:
            self.error(node, f"'{f.name}' has {len(node.items)} items; the limit is {f.max_items}")
            return None
        return node.items

    def strings(self, node: Node, f: Field) -> tuple[str, ...]:
        items = self.seq(node, f)
        if items is None:
            return ()
        result: list[str] = []
        seen: dict[str, Node] = {}
        item_field = Field(f.name, "line", True, f.description, NAME_MAX)
        for item in items:
            scalar = self.scalar(item, item_field)
            if scalar is None:
                continue
            value = self.text(scalar, item_field)
            if value is None:
                continue
            if f.kind == "slugs" and (not ID_RE.match(value) or len(value) > TAG_MAX):
                suggestion = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
                self.error(
                    scalar,
                    f"tag {value!r}: tags are lowercase letters, digits and "
                    f"single hyphens (write '{suggestion or 'my-tag'}')",
                )
                continue
            if f.kind == "ids" and not ID_RE.match(value):
                self.error(
                    scalar,
                    f"{value!r} is not an event id: ids are file names without "
                    ".yaml, lowercase letters, digits and single hyphens",
                )
                continue
            if value in seen:
                self.error(scalar, f"{value!r} is listed twice in '{f.name}': delete one")
                continue
            seen[value] = scalar
            self.positions[f"{f.name}:{value}"] = (scalar.line, scalar.col)
            result.append(value)
        return tuple(result)

    # ---- the format ---------------------------------------------------------------

    def sources(self, node: Node, f: Field, where: str) -> tuple[Source, ...] | None:
        items = self.seq(node, f)
        if items is None:
            return None
        if not items:
            self.error(
                node,
                f"'{f.name}' is empty in {where}: every claim needs at least one "
                "source (- url: https://…, title: …, publisher: …)",
            )
            return None
        result: list[Source] = []
        seen_urls: dict[str, int] = {}
        ok = True
        for index, item in enumerate(items, 1):
            values = self.item(item, SOURCE_FIELDS, f"source {index} of {where}",
                               "url: …, title: …, publisher: …")
            if values is None:
                ok = False
                continue
            assert isinstance(item, Map)
            url = values["url"]
            assert isinstance(url, str)
            if url in seen_urls:
                self.error(
                    item.items["url"][1],
                    f"the same URL is already source "
                    f"{seen_urls[url]} of {where}: list each source once",
                )
                ok = False
                continue
            seen_urls[url] = index
            result.append(Source(**values))  # type: ignore[arg-type]
        return tuple(result) if ok else None

    def updates(self, node: Node, f: Field) -> tuple[Update, ...] | None:
        items = self.seq(node, f)
        if items is None:
            return None
        result: list[Update] = []
        ok = True
        previous: PartialDate | None = None
        for index, item in enumerate(items, 1):
            label = f"update {index}"
            values = self.item(item, UPDATE_FIELDS, label,
                               "date: …, status: …, note: …, sources: …")
            if values is None:
                ok = False
                continue
            assert isinstance(item, Map)
            when = values["date"]
            assert isinstance(when, PartialDate)
            if previous is not None and when.sort_key() < previous.sort_key():
                self.error(
                    item.items["date"][1],
                    f"{label} ({when}) is dated before the update "
                    f"above it ({previous}): list updates oldest first",
                )
                ok = False
            previous = when
            result.append(Update(**values))  # type: ignore[arg-type]
        return tuple(result) if ok else None

    def media(self, node: Node, f: Field) -> tuple[Media, ...] | None:
        """`media:`: each item a local image (file: and alt:) or a link (url:), with its
        credit. Whether the file exists and is an image is checked once every file is
        read (check_media_files), from the positions recorded here."""
        items = self.seq(node, f)
        if items is None:
            return None
        result: list[Media] = []
        ok = True
        for index, item in enumerate(items, 1):
            label = f"media {index}"
            before = len(self.issues)
            values = self.item(item, MEDIA_FIELDS, label, "file: …, alt: …, credit: …")
            if values is None or len(self.issues) > before:
                # a misspelt field (fiel:, atl:) is one mistake: not also "no file or url"
                ok = False
                continue
            assert isinstance(item, Map)
            self.positions[f"media:{index}"] = (item.line, item.col)
            if "file" in values and "url" in values:
                self.error(item.items["url"][0],
                           f"{label} has both 'file' and 'url': keep one, file: for an image "
                           f"in events/{MEDIA_FOLDER}/, url: for a picture or document "
                           "elsewhere (give each its own item)")
                ok = False
            elif "file" not in values and "url" not in values:
                self.error(item, f"{label} has neither 'file' nor 'url': add 'file: "
                           f"{MEDIA_FOLDER}/<name>.jpg' (an image in events/{MEDIA_FOLDER}/) "
                           "or 'url: https://…' (a picture or document elsewhere)")
                ok = False
            elif "file" in values and "alt" not in values:
                alt = next(f for f in MEDIA_FIELDS if f.name == "alt")
                self.error(item, f"missing 'alt' in {label}: an image needs alt text: add "
                           f"'alt:' ({alt.description})")
                ok = False
            if "file" in values:
                file_node = item.items["file"][1]
                self.positions[f"media:{index}:file"] = (file_node.line, file_node.col)
            result.append(Media(**values))  # type: ignore[arg-type]
        return tuple(result) if ok else None

    def media_file(self, node: Node, f: Field) -> str | None:
        """A path from the events folder into its media/ folder (media/launch.jpg): never
        absolute, never out of the folder ('..'), forward slashes only."""
        scalar = self.scalar(node, f)
        value = self.text(scalar, f) if scalar is not None else None
        if scalar is None or value is None:
            return None
        value = value.strip()
        example = f"e.g. {MEDIA_FOLDER}/launch.jpg for events/{MEDIA_FOLDER}/launch.jpg"
        name = value.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or "launch.jpg"
        problem = None
        if "\n" in value:
            problem = "must be one line"
        elif "\\" in value:
            problem = (f"contains a backslash: write the path with forward slashes, "
                       f"{MEDIA_FOLDER}/{name}")
        elif value.startswith("/") or re.match(r"^[A-Za-z]:", value) or "://" in value:
            problem = (f"is an absolute path or an address: write the image's path from the "
                       f"events folder, {example} (an image elsewhere goes in 'url')")
        elif ".." in value.split("/"):
            problem = (f"leads out of the events folder ('..'): put the image in "
                       f"events/{MEDIA_FOLDER}/ and write {MEDIA_FOLDER}/{name}")
        elif value.split("/", 1)[0] != MEDIA_FOLDER or "/" not in value:
            problem = (f"must be in the events folder's {MEDIA_FOLDER}/ folder: move the "
                       f"image to events/{MEDIA_FOLDER}/ and write {MEDIA_FOLDER}/{name}")
        elif any(part in ("", ".") for part in value.split("/")):
            clean = "/".join(part for part in value.split("/") if part not in ("", "."))
            problem = f"write the path without empty or '.' parts: {clean}"
        if problem:
            self.error(scalar, f"'{f.name}' {problem}")
            return None
        return value

    def translations(self, node: Node, f: Field) -> dict[str, Any] | None:
        """`translations: {ja: {title: …, summary: …, updates: [{note: …}]}}`: each key a
        language code, each value the fields given in that language. Quotes and sources
        stay in their own language and cannot be translated."""
        if not isinstance(node, Map):
            self.error(node, f"'{f.name}' must be a mapping of language codes to fields "
                             f"(ja: {{title: …, summary: …}}), not {kind_name(node)}")
            return None
        result: dict[str, Any] = {}
        ok = True
        for code, (key_node, value) in node.items.items():
            where = f"the {code} translation"
            if not known_language(code):
                self.error(key_node, f"'{code}' is not a language code: write one such as "
                                     f"ja, fr, de, es or pt_BR")
                ok = False
                continue
            if not isinstance(value, Map):
                self.error(value, f"{where} must be a mapping (title: …, summary: …), "
                                  f"not {kind_name(value)}")
                ok = False
                continue
            for name in ("quote", "sources", "quotes"):
                if name in value.items:
                    self.error(value.items[name][0],
                               f"'{name}' in {where}: quotes are never translated (each is "
                               f"shown verbatim, in its own language): delete '{name}' here")
                    ok = False
            if not ok:
                continue
            era = f.kind == "era_translations"
            values = self.fields(value, ERA_TRANSLATION_FIELDS if era else TRANSLATION_FIELDS,
                                 where)
            if values is None:
                ok = False
                continue
            self.positions[f"translations:{code}"] = (key_node.line, key_node.col)
            result[code] = values if era else Translation(**values)  # type: ignore[arg-type]
        return result if ok else None

    def translated_updates(self, node: Node, f: Field) -> tuple[str | None, ...] | None:
        items = self.seq(node, f)
        if items is None:
            return None
        notes: list[str | None] = []
        ok = True
        for index, item in enumerate(items, 1):
            values = self.item(item, TRANSLATED_UPDATE_FIELDS, f"translated update {index}",
                               "note: …")
            if values is None:
                ok = False
                continue
            notes.append(values.get("note"))  # type: ignore[arg-type]
        return tuple(notes) if ok else None

    def item(
        self, node: Node, spec: tuple[Field, ...], label: str, shape: str
    ) -> dict[str, object] | None:
        """The fields of one item of a list (a source, an update), or None when it is not
        a mapping (`shape` shows its fields) or has a problem."""
        if not isinstance(node, Map):
            self.error(node, f"{label} must be a mapping ({shape}), not {kind_name(node)}")
            return None
        return self.fields(node, spec, label)

    def fields(self, node: Map, spec: tuple[Field, ...], where: str) -> dict[str, object] | None:
        items = self.mapping(node, spec, where)
        before = len([i for i in self.issues if i.severity == "error"])
        values: dict[str, object] = {}
        for f in spec:
            if f.name not in items:
                continue
            value_node = items[f.name][1]
            value: object
            if f.kind in ("line", "text", "markdown"):
                scalar = self.scalar(value_node, f)
                value = self.text(scalar, f, markdown=f.kind == "markdown") if scalar else None
            elif f.kind == "date":
                value = self.date(value_node, f)
            elif f.kind == "bool":
                value = self.boolean(value_node, f)
            elif f.kind == "enum":
                value = self.enum(value_node, f)
            elif f.kind == "url":
                value = self.url(value_node, f)
            elif f.kind in ("slugs", "names", "ids"):
                value = self.strings(value_node, f)
            elif f.kind == "sources":
                value = self.sources(value_node, f, where)
            elif f.kind == "updates":
                value = self.updates(value_node, f)
            elif f.kind in ("translations", "era_translations"):
                value = self.translations(value_node, f)
            elif f.kind == "translated_updates":
                value = self.translated_updates(value_node, f)
            elif f.kind == "media":
                value = self.media(value_node, f)
            elif f.kind == "media_file":
                value = self.media_file(value_node, f)
            else:  # pragma: no cover
                raise ValueError(f.kind)
            if value is not None:
                values[f.name] = value
        errors = len([i for i in self.issues if i.severity == "error"])
        return (
            values
            if errors == before and all(f.name in values for f in spec if f.required)
            else None
        )


def validate_event(
    root: Node | None,
    path: str,
    event_id: str,
    today: dt.date | None = None,
    text: str | None = None,
) -> tuple[Event | None, list[Issue]]:
    """Check one parsed file; return the event if it is valid, and every problem found.

    `text` (the file's text) lets messages inside block scalars (|, >) give exact columns.
    """
    checker = FileChecker(path, today or dt.date.today())
    checker.source = text
    if root is None:
        checker.issues.append(
            Issue(
                path,
                1,
                1,
                "the file is empty: an event needs at least "
                "title, date, status, summary and sources",
            )
        )
        return None, checker.issues
    if not isinstance(root, Map):
        checker.error(
            root, f"the file must be a mapping of fields (title: …, date: …), not {kind_name(root)}"
        )
        return None, checker.issues
    values = checker.fields(root, EVENT_FIELDS, "the event")
    if values is None:
        return None, checker.issues
    event = Event(id=event_id, path=path, line=root.line, positions=checker.positions, **values)  # type: ignore[arg-type]
    _check_event_dates(checker, root, event)
    _check_source_dates(checker, root, event)
    _check_status_rules(checker, root, event)
    _check_translations(checker, root, event)
    if any(i.severity == "error" for i in checker.issues):
        return None, checker.issues
    return event, checker.issues


def known_language(code: str) -> bool:
    """A language code Babel (CLDR) knows: ja, fr, pt_BR, zh_Hant..."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(code.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return False
    return True


def _check_translations(checker: FileChecker, root: Map, event: Event) -> None:
    """A translation translates what the event has: no body, date note or update the
    event itself does not have."""
    if not event.translations:
        return
    node = root.items["translations"][1]
    assert isinstance(node, Map)
    for code, translation in event.translations.items():
        fields = node.items[code][1]
        assert isinstance(fields, Map)
        for name in ("body", "date_note"):
            if getattr(translation, name) is not None and getattr(event, name) is None:
                checker.error(fields.items[name][0],
                              f"'{name}' in the {code} translation, but the event has no "
                              f"'{name}': add it to the event first, or delete it here")
        if len(translation.updates) > len(event.updates):
            checker.error(fields.items["updates"][0],
                          f"the {code} translation has {len(translation.updates)} update "
                          f"notes but the event has {len(event.updates)} update(s): give one "
                          f"item per update, in the same order")


def _check_event_dates(checker: FileChecker, root: Map, event: Event) -> None:
    date_node = root.items["date"][1]
    if event.end_date is not None:
        end_node = root.items["end_date"][1]
        if event.end_date.sort_key() < event.date.sort_key() or (
            event.end_date.last_day() < event.date.first_day()
        ):
            checker.error(
                end_node,
                f"'end_date' ({event.end_date}) is before 'date' "
                f"({event.date}): swap them, or fix the typo",
            )
        elif event.end_date == event.date:
            checker.error(end_node, "'end_date' is the same as 'date': delete 'end_date'")
    today = checker.today
    if event.date.first_day() > today and event.status != "anticipated":
        checker.error(
            date_node,
            f"'date' {event.date} is in the future, so 'status' must be "
            f"anticipated, not {event.status}",
        )
    if event.updates:
        updates_node = root.items["updates"][1]
        assert isinstance(updates_node, Seq)
        for update, node in zip(event.updates, updates_node.items, strict=True):
            assert isinstance(node, Map)
            date_of = node.items["date"][1]
            if update.date.last_day() < event.date.first_day():
                checker.error(
                    date_of,
                    f"update dated {update.date}, before the event's date "
                    f"{event.date}: an update records a later change",
                )
            if update.date.first_day() > today:
                checker.error(
                    date_of,
                    f"update dated {update.date} is in the future: record "
                    "changes once they have happened",
                )
    if event.current_status == "anticipated" and event.last_day < today:
        checker.error(
            date_node,
            f"anticipated event dated {event.display_date} has passed: "
            "add an update saying whether it happened (see 'invoke overdue')",
            severity="warning",
        )


def _and(items: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else items[0]


def _check_source_dates(checker: FileChecker, root: Map, event: Event) -> None:
    """A source cannot report an event before it happened: a source published before the
    event's day gives it another date. An exact date (day precision, not approximate) that
    its sources dispute is marked approximate or explained in `date_note`. Anticipated
    events are reported in advance by nature, so they are not checked."""
    if (
        event.date.precision != "day"
        or event.approximate
        or event.date_note
        or event.status == "anticipated"
    ):
        return
    first = event.date.first_day()
    earlier = [
        (index, source.date)
        for index, source in enumerate(event.sources, 1)
        if source.date is not None and source.date.last_day() < first
    ]
    if not earlier:
        return
    dates = sorted({str(date) for _index, date in earlier})
    which = _and([f"source {index} ({date})" for index, date in earlier])
    verb = "was" if len(earlier) == 1 else "were"
    checker.error(
        root.items["date"][1],
        f"sources give different dates ({event.date}, {', '.join(dates)}): {which} {verb} "
        f"published before the event's date {event.date}: mark the date approximate "
        "(approximate: true) or explain it in date_note (date_note: which date each source "
        "gives, and why this one)",
    )


CONFIRMED_NEEDS = (
    "add a source that is an official text, or a news report quoting a named, on-record "
    "speaker, and is not a republished copy or state media; or use status: reported"
)


def _not_confirming(source: Source) -> str:
    """Why a source cannot carry `confirmed` (see Source.can_confirm), in a few words."""
    if source.kind == "republished":
        return "republished copies"
    if source.is_secondary_copy:
        return "state media"
    return "analysis"


def _check_confirmed(
    checker: FileChecker, status_node: Node, sources: tuple[Source, ...], where: str = ""
) -> None:
    """`confirmed` rests on at least one source that can confirm it (Source.can_confirm):
    the event's own sources, or those of the update that says confirmed (`where`)."""
    if any(source.can_confirm for source in sources):
        return
    what = _and(sorted({_not_confirming(source) for source in sources}))
    checker.error(status_node, f"{where}'status: confirmed' rests only on {what}: "
                  f"{CONFIRMED_NEEDS}")


def _check_status_rules(checker: FileChecker, root: Map, event: Event) -> None:
    """The Methodology's rules for statuses: `confirmed` rests on at least one source that
    can confirm it (of the event, or of the update that says confirmed), and
    `partly-confirmed` is said by an update, whose note says which part."""
    status_node = root.items["status"][1]
    if event.status == "confirmed":
        _check_confirmed(checker, status_node, event.sources)
    if event.status == "partly-confirmed":
        checker.error(
            status_node,
            "'status: partly-confirmed' needs a note saying which part was confirmed and "
            "which was not: give the status the claim first had (e.g. reported) and add an "
            "update with status: partly-confirmed and that note",
        )
    if not event.updates:
        return
    updates_node = root.items["updates"][1]
    assert isinstance(updates_node, Seq)
    for index, (update, node) in enumerate(zip(event.updates, updates_node.items, strict=True), 1):
        assert isinstance(node, Map)
        at = node.items["status"][1]
        if update.status == "confirmed":
            _check_confirmed(checker, at, update.sources, f"update {index}: ")
        if update.status == "partly-confirmed" and len(update.note.split()) < 3:
            checker.error(
                at,
                f"update {index} says 'status: partly-confirmed': its note must say which "
                "part was confirmed and which was not",
            )


def cross_check(events: Iterable[Event], known_ids: Iterable[str] = ()) -> list[Issue]:
    """Checks across files: related ids that do not exist or point back at the event.

    `known_ids` are the ids of every file that was read, valid or not: an event whose file
    has a problem still exists (its problem is reported in its file), so naming it in
    `related` is not a second error.
    """
    events = list(events)
    ids = {e.id for e in events} | set(known_ids)
    issues: list[Issue] = []
    guesses = 0
    for event in events:
        for rid in event.related:
            line, col = event.positions.get(f"related:{rid}", (event.line, 1))
            if rid == event.id:
                issues.append(
                    Issue(
                        event.path,
                        line,
                        col,
                        f"'related' lists the event itself ({rid}): delete it",
                    )
                )
            elif rid not in ids:
                # difflib is slow: compare only with ids of about the same length and
                # the same first four characters (the year), at most 200 of them.
                near = [i for i in ids if i[:4] == rid[:4] and abs(len(i) - len(rid)) <= 4]
                guesses += 1  # and suggest for the first 50 only: a renamed folder can
                # break thousands of links at once
                guess = (
                    difflib.get_close_matches(rid, near[:200], n=1, cutoff=0.6)
                    if guesses <= 50
                    else []
                )
                hint = (
                    f"did you mean '{guess[0]}'?"
                    if guess
                    else ("write the file name of another event, without .yaml")
                )
                issues.append(
                    Issue(
                        event.path,
                        line,
                        col,
                        f"'related' names {rid!r}, but no event has that id: {hint}",
                    )
                )
    return issues


# ---- media files: checked once every event file is read -------------------------------


def check_media_files(events: list[Any], events_dir: Path, shown_dir: str
                      ) -> tuple[list[Any], list[Issue]]:
    """Each `media: - file:` image, checked on disk: inside the events folder (no symbolic
    link out of it), an ordinary file of at most MEDIA_MAX_BYTES, a JPEG, PNG, WebP or GIF
    that Pillow reads (Image.open and verify) of at most MEDIA_MAX_PIXELS. Returns the
    events with each image's facts filled in (Media.digest, width, height, format) and
    their digest extended by the images' (an edited image rebuilds its event's page),
    and a problem at the `file:` line for each image that cannot be used.

    Not part of the cached load (reading.events.LoadCache): an image can change while
    its event file does not. `events` may also be reading.events.EventRef (validation
    only): they are returned as they are, with the problems."""
    facts: dict[str, tuple[dict[str, Any] | None, str | None]] = {}
    result: list[Any] = []
    issues: list[Issue] = []
    for event in events:
        media = getattr(event, "media", ())
        if not any(item.file for item in media):
            result.append(event)
            continue
        filled: list[Media] = []
        for index, item in enumerate(media, 1):
            if item.file is None:
                filled.append(item)
                continue
            if item.file not in facts:
                facts[item.file] = inspect_image(events_dir, item.file, shown_dir)
            found, problem = facts[item.file]
            if found is None:
                line, col = event.positions.get(f"media:{index}:file", (event.line, 1))
                issues.append(Issue(event.path, line, col, f"media {index}: {problem}"))
                filled.append(item)
            else:
                filled.append(dataclasses.replace(item, **found))
        if isinstance(event, Event):
            digest = event.digest
            if digest:
                digest = hashlib.blake2b("\0".join([digest, *(m.digest for m in filled)]
                                                   ).encode(), digest_size=16).hexdigest()
            event = dataclasses.replace(event, media=tuple(filled), digest=digest)
        result.append(event)
    return result, issues


# EXIF orientations that turn the picture a quarter: its width and height are swapped
_QUARTER_TURNS = (5, 6, 7, 8)


def inspect_image(events_dir: Path, rel: str, shown_dir: str
                  ) -> tuple[dict[str, Any] | None, str | None]:
    """The image's facts for Media (digest, width, height, format), or what is wrong
    with it and what to do, as a message about `file:`."""
    shown = f"{shown_dir}/{rel}" if shown_dir not in ("", ".") else rel
    path = events_dir / rel
    own_copy = f"put the image itself in events/{MEDIA_FOLDER}/"
    try:
        real = path.resolve(strict=True)
        base = events_dir.resolve(strict=True)
    except FileNotFoundError:
        return None, (f"there is no file {shown}: add the image there, or correct "
                      f"'file'{_media_guess(events_dir, rel)}")
    except (OSError, RuntimeError) as exc:  # a loop of links, a folder we may not read
        return None, f"'file' {rel} cannot be read ({exc}): {own_copy}"
    if not real.is_relative_to(base):
        return None, (f"'file' {rel} is a symbolic link that leads out of the events "
                      f"folder: {own_copy}")
    names = os.listdir(path.parent)
    if path.name not in names:  # found all the same: a file system that ignores the case
        actual = next((n for n in names if n.lower() == path.name.lower()), path.name)
        return None, (f"'file' {rel}: the file is named {actual}: write its name exactly "
                      "(the case of each letter counts where the site is built)")
    try:
        info = real.stat()
        if not stat.S_ISREG(info.st_mode):
            return None, f"'file' {rel} is not an ordinary file: name an image file"
        too_large = (f"; the limit is {MEDIA_MAX_BYTES // (1024 * 1024)} MB "
                     f"({MEDIA_MAX_BYTES:,} bytes): save a smaller copy (e.g. 2,000 pixels "
                     "wide, JPEG quality 85)")
        if info.st_size > MEDIA_MAX_BYTES:
            return None, f"'file' {rel} is {info.st_size:,} bytes{too_large}"
        with open(real, "rb") as handle:
            data = handle.read(MEDIA_MAX_BYTES + 1)
    except OSError as exc:
        return None, f"'file' {rel} cannot be read ({exc.strerror})"
    if len(data) > MEDIA_MAX_BYTES:  # grew while we looked
        return None, f"'file' {rel} is larger{too_large}"
    return _image_facts(data, rel)


def _image_facts(data: bytes, rel: str) -> tuple[dict[str, Any] | None, str | None]:
    import io
    import warnings

    from PIL import Image, UnidentifiedImageError

    def too_many(pixels: str) -> str:
        return (f"'file' {rel} has {pixels}; the limit is {MEDIA_MAX_PIXELS // 1_000_000} "
                f"megapixels ({MEDIA_MAX_PIXELS:,} pixels): save a smaller copy (e.g. 2,000 "
                "pixels wide)")

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            # only these formats' readers are tried (never one that runs a program)
            image = Image.open(io.BytesIO(data), formats=list(MEDIA_FORMATS))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            return None, too_many("far too many pixels")
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            return None, (f"'file' {rel} is not a {MEDIA_FORMAT_NAMES} image, or is damaged: "
                          f"save it as {MEDIA_FORMAT_NAMES} (no other format is shown)")
    with image:
        width, height = image.size
        if width * height > MEDIA_MAX_PIXELS:
            return None, too_many(f"{width:,} x {height:,} = {width * height:,} pixels")
        image_format = str(image.format)
        try:
            image.verify()
        except Exception as exc:  # Pillow raises many kinds for damaged data
            return None, f"'file' {rel} is damaged ({exc}): save the image again"
    try:
        with Image.open(io.BytesIO(data), formats=[image_format]) as image:  # verify used it
            orientation = image.getexif().get(0x0112)
    except Exception:  # a damaged EXIF block: the picture is shown as it is stored
        orientation = None
    if orientation in _QUARTER_TURNS:
        width, height = height, width
    return {"digest": hashlib.sha256(data).hexdigest(), "width": width, "height": height,
            "format": image_format}, None


def _media_guess(events_dir: Path, rel: str) -> str:
    """", did you mean media/launch.jpg?" for a near name in the media folder, or ""."""
    folder = events_dir / MEDIA_FOLDER
    if not folder.is_dir():
        return f" (there is no events/{MEDIA_FOLDER}/ folder yet)"
    # by the name without its extension, in any case: "Launch", "lauch" -> launch.jpg
    names = {p.relative_to(events_dir).as_posix(): p.stem.lower()
             for p in sorted(folder.rglob("*"))[:2000] if p.is_file()}
    stem = Path(rel).stem.lower()
    guess = difflib.get_close_matches(stem, list(names.values()), n=1, cutoff=0.7)
    found = [name for name, known in names.items() if guess and known == guess[0]]
    found.sort(key=lambda name: (Path(name).suffix.lower() != Path(rel).suffix.lower(), name))
    return f" (did you mean {found[0]}?)" if found else ""
