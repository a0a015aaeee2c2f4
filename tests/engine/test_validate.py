"""Validation: each class of bad input, as a real file in a real events/ folder, reported as
`events/FILE.yaml:LINE:COL: error: MESSAGE` by the real loader and by `python -m timeline.check`.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, SAMPLE_SITE

from pelican.plugins.timeline.reading.events import load_events

TODAY = dt.date(2026, 11, 28)

GOOD = """\
title: A good event
date: "2024-03-02"
status: confirmed
summary: Ministers met.
sources:
  - url: https://www.example.org/a
    title: Statement
    publisher: Example Government
"""

UPDATE = """\
updates:
  - date: 2024-04-08
    status: {status}
    note: {note}
    sources:
      - url: https://www.example.org/b
        title: Later statement
        publisher: Example Government
        kind: {kind}
"""


def problems(events_dir: Path, name: str, text: str | bytes) -> list[str]:
    path = events_dir / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    result = load_events(events_dir, base=events_dir.parent, today=TODAY)
    return [issue.format() for issue in result.issues]


def with_(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new)


E = "events/x.yaml"
# what a `confirmed` status resting on no confirming source is told to do
NEEDS = ("add a source that is an official text, or a news report quoting a named, on-record "
         "speaker, and is not a republished copy or state media; or use status: reported")

# (case id, file text, the exact expected problem lines)
CASES = [
    (
        "syntax",
        with_("title: A good event", "title: A: B"),
        [f"{E}:1:9: error: invalid YAML: mapping values are not allowed in this context; "
         "a value containing ': ' must be quoted, e.g. title: \"A: B\""],
    ),
    (
        "unterminated-quote",
        with_("title: A good event", 'title: "A good event'),
        [f"{E}:2:8: error: invalid YAML: did not find expected key (while parsing a block "
         "mapping)"],
    ),
    (
        "tab",
        with_("  - url", "\t- url"),
        [f"{E}:6:1: error: a tab character: indent with spaces, never tabs"],
    ),
    (
        "misaligned-source-field",
        with_("    publisher", "      publisher"),
        [f"{E}:8:7: error: 'publisher' is indented 6 spaces; the other fields of this source "
         "are at 4: line it up with them"],
    ),
    (
        "under-indented-source-field",
        with_("    publisher", "   publisher"),
        [f"{E}:8:4: error: 'publisher' is indented 3 spaces; the other fields of this source "
         "are at 4: line it up with them"],
    ),
    (
        "over-indented-field",
        with_("    title: Statement", "      title: Statement"),
        [f"{E}:7:7: error: 'title' is indented 6 spaces; the other fields of this source are "
         "at 4: line it up with them"],
    ),
    (
        "over-indented-top-level-field",
        with_("status:", "  status:"),
        [f"{E}:3:3: error: 'status' is indented 2 spaces; the other fields of the event are "
         "at 0: line it up with them"],
    ),
    (
        "source-item-at-column-0",
        with_("  - url", "- url"),
        [f"{E}:7:5: error: 'title' is indented 4 spaces, but the '- ' item on line 6 starts "
         "at the left edge, under 'sources:', so its fields are at 2 spaces: indent the '- ' "
         "line by 2 spaces (and its fields to 4 spaces), as in the other files"],
    ),
    (
        "second-source-item-at-column-0",
        GOOD + "- url: https://www.example.org/b\n  title: B\n  publisher: P\n",
        [f"{E}:9:1: error: this '- ' item is indented 0 spaces; the other items of 'sources:' "
         "are at 2: line it up with them (and its fields 2 spaces further in)"],
    ),
    (
        "misaligned-update-field",
        GOOD + "updates:\n  - date: 2024-04-01\n    status: confirmed\n      note: x\n",
        [f"{E}:12:7: error: 'note' is indented 6 spaces; the other fields of this update are "
         "at 4: line it up with them"],
    ),
    (
        "two-documents",
        GOOD + "---\ntitle: other\n",
        [f"{E}:9:1: error: more than one YAML document ('---'): write one event per file"],
    ),
    (
        "empty",
        "",
        [f"{E}:1:1: error: the file is empty: an event needs at least title, date, status, "
         "summary and sources"],
    ),
    (
        "only-comments",
        "# nothing yet\n",
        [f"{E}:1:1: error: the file is empty: an event needs at least title, date, status, "
         "summary and sources"],
    ),
    (
        "top-level-list",
        "- title: x\n",
        [f"{E}:1:1: error: the file must be a mapping of fields (title: …, date: …), not a list"],
    ),
    (
        "duplicate-key",
        GOOD + "title: Again\n",
        [f"{E}:9:1: error: duplicate key 'title' (first written on line 1): keep one and "
         "delete the other"],
    ),
    (
        "anchor-and-alias",
        with_("title: A good event", "title: &t A good event") + "body: *t\n",
        [f"{E}:1:8: error: anchor '&t': anchors are not allowed; write each value out in full",
         f"{E}:9:7: error: 'body' is empty: write text, or delete the line",
         f"{E}:9:7: error: alias '*t': aliases are not allowed; write the value out in full"],
    ),
    (
        "python-tag",
        with_("title: A good event", "title: !!python/object/apply:os.system [ls]"),
        [f"{E}:1:8: error: 'title' must be text, not a list",
         f"{E}:1:8: error: explicit tag '!!python/object/apply:os.system': tags are not "
         "allowed; write plain text, quoted if needed"],
    ),
    (
        "binary-tag",
        with_("title: A good event", "title: !!binary aGVsbG8="),
        [f"{E}:1:8: error: explicit tag '!!binary': tags are not allowed; write plain text, "
         "quoted if needed"],
    ),
    (
        "unknown-field",
        GOOD + "soruces: []\n",
        [f"{E}:9:1: error: unknown field 'soruces' in the event: did you mean 'sources'?"],
    ),
    (
        "missing-field",
        with_("status: confirmed\n", ""),
        [f"{E}:1:1: error: missing required field 'status' in the event: add 'status:' "
         "(confirmed, reported, anticipated, did-not-happen or denied, at the time of the "
         "event (confirmed needs a source that is not a republished copy, state media or "
         "analysis); later changes, and partly-confirmed with its note, go in updates.)"],
    ),
    (
        "list-for-text",
        with_("title: A good event", "title: [A, good event]"),
        [f"{E}:1:8: error: 'title' must be text, not a list"],
    ),
    (
        "bare-number-date",
        with_('date: "2024-03-02"', "date: 20240302"),
        [f"{E}:2:7: error: 'date' is the number 20240302, not a date: write the year, month "
         "and day with dashes, YYYY-MM-DD (e.g. 2024-03-02), or YYYY-MM or YYYY"],
    ),
    (
        "decimal-date",
        with_('date: "2024-03-02"', "date: 1.5"),
        [f"{E}:2:7: error: 'date' is the number 1.5, not a date: write the year, month "
         "and day with dashes, YYYY-MM-DD (e.g. 2024-04-08), or YYYY-MM or YYYY"],
    ),
    (
        "date-format",
        with_('date: "2024-03-02"', "date: 2 March 2024"),
        [f"{E}:2:7: error: 'date': '2 March 2024' is not a date: write YYYY, YYYY-MM or "
         "YYYY-MM-DD, e.g. 2024-04-08"],
    ),
    (
        "date-with-time",
        with_('date: "2024-03-02"', "date: 2024-03-02T10:00"),
        [f"{E}:2:7: error: 'date': '2024-03-02T10:00' is not a date: write YYYY, YYYY-MM or "
         "YYYY-MM-DD, e.g. 2024-04-08"],
    ),
    (
        "impossible-date",
        with_('date: "2024-03-02"', "date: 2024-02-30"),
        [f"{E}:2:7: error: 'date': '2024-02-30' is not a real date: February 2024 has 29 days"],
    ),
    (
        "month-13",
        with_('date: "2024-03-02"', "date: 2024-13"),
        [f"{E}:2:7: error: 'date': '2024-13' is not a real date: the month must be 01 to 12"],
    ),
    (
        "end-before-date",
        GOOD + "end_date: 2024-03-01\n",
        [f"{E}:9:11: error: 'end_date' (2024-03-01) is before 'date' (2024-03-02): swap them, "
         "or fix the typo"],
    ),
    (
        "future-confirmed",
        with_('date: "2024-03-02"', "date: 2027-01-05"),
        [f"{E}:2:7: error: 'date' 2027-01-05 is in the future, so 'status' must be "
         "anticipated, not confirmed"],
    ),
    (
        "status-typo",
        with_("status: confirmed", "status: confirmd"),
        [f"{E}:3:9: error: 'status' is 'confirmd': did you mean 'confirmed'? write one of: "
         "confirmed, partly-confirmed, reported, anticipated, did-not-happen, denied"],
    ),
    (
        "approximate-yes",
        GOOD + "approximate: yes\n",
        [f"{E}:9:14: error: 'approximate' is 'yes': write true or false"],
    ),
    (
        "no-sources",
        GOOD.split("sources:")[0] + "sources: []\n",
        [f"{E}:5:10: error: 'sources' is empty in the event: every claim needs at least one "
         "source (- url: https://…, title: …, publisher: …)"],
    ),
    (
        "sources-not-a-list",
        GOOD.split("sources:")[0] + "sources: https://www.example.org/a\n",
        [f"{E}:5:10: error: 'sources' must be a list (- url: https://…), not text"],
    ),
    (
        "javascript-url",
        with_("https://www.example.org/a", "javascript:alert(1)"),
        [f"{E}:6:10: error: 'url': only http:// and https:// addresses are allowed, not "
         "javascript address; write the full address, e.g. https://www.example.org/page"],
    ),
    (
        "relative-url",
        with_("https://www.example.org/a", "/a/b"),
        [f"{E}:6:10: error: 'url': only http:// and https:// addresses are allowed, not a "
         "relative address; write the full address, e.g. https://www.example.org/page"],
    ),
    (
        "url-without-host",
        with_("https://www.example.org/a", "https:///a"),
        [f"{E}:6:10: error: 'url': the URL has no host name; write the full address, e.g. "
         "https://www.example.org/page"],
    ),
    (
        "url-user-info",
        with_("https://www.example.org/a", "https://user:pw@www.example.org/a"),
        [f"{E}:6:10: error: 'url': the URL contains a user name or password (user@host); "
         "remove everything before '@'"],
    ),
    (
        "url-whitespace",
        with_("https://www.example.org/a", '"https://www.example.org/a b"'),
        [f"{E}:6:10: error: 'url': the URL contains whitespace or an invisible character "
         "U+0020 (space); copy the address again from the browser's address bar"],
    ),
    (
        "url-zero-width",
        with_("https://www.example.org/a", "https://www.exam\u200bple.org/a"),
        [f"{E}:6:10: error: 'url': the URL contains whitespace or an invisible character "
         "U+200B (zero-width space); copy the address again from the browser's address bar"],
    ),
    (
        "url-homograph",
        with_("https://www.example.org/a", "https://www.ex\u0430mple.org/a"),
        [f"{E}:6:10: error: 'url': the host name 'www.ex\u0430mple.org' has non-ASCII "
         "letters, which can imitate another site (homograph); check it, and write it in its "
         "xn-- (punycode) form if it is genuine"],
    ),
    (
        "archive-url-ftp",
        GOOD + "    archive_url: ftp://archive.example.org/a\n",
        [f"{E}:9:18: error: 'archive_url': only http:// and https:// addresses are allowed, "
         "not ftp address; write the full address, e.g. https://www.example.org/page"],
    ),
    (
        "same-url-twice",
        GOOD + "  - url: https://www.example.org/a\n    title: Again\n    publisher: P\n",
        [f"{E}:9:10: error: the same URL is already source 1 of the event: list each source "
         "once"],
    ),
    (
        "related-bad-id",
        GOOD + "related: [Not_An_Id]\n",
        [f"{E}:9:11: error: 'Not_An_Id' is not an event id: ids are file names without .yaml, "
         "lowercase letters, digits and single hyphens"],
    ),
    (
        "related-missing",
        GOOD + "related: [no-such-event]\n",
        [f"{E}:9:11: error: 'related' names 'no-such-event', but no event has that id: write "
         "the file name of another event, without .yaml"],
    ),
    (
        "raw-html",
        with_("summary: Ministers met.", "summary: Ministers <script>alert(1)</script> met."),
        [f"{E}:4:20: error: raw HTML is not allowed in 'summary': use Markdown (*italic*, "
         "**bold**, [text](https://…)); to show a '<' character write '&lt;'"],
    ),
    (
        "html-comment",
        with_("summary: Ministers met.", "summary: Ministers <!-- hidden --> met."),
        [f"{E}:4:20: error: raw HTML is not allowed in 'summary': use Markdown (*italic*, "
         "**bold**, [text](https://…)); to show a '<' character write '&lt;'"],
    ),
    (
        "image",
        with_("summary: Ministers met.", "summary: Ministers met ![x](https://a.example/x.png)"),
        [f"{E}:4:24: error: images are not allowed in 'summary': link to the picture's page "
         "instead with [text](https://…)"],
    ),
    (
        "attribute-list",
        with_("summary: Ministers met.", "summary: 'Ministers met {: onfocus=alert(1) }'"),
        [f"{E}:4:25: error: attribute lists ('{{: …}}') are not allowed in 'summary': write "
         "plain Markdown"],
    ),
    (
        "javascript-link",
        with_("summary: Ministers met.", "summary: '[Ministers](javascript:alert(1)) met'"),
        [f"{E}:4:23: error: link in 'summary': only http:// and https:// addresses are "
         "allowed, not javascript address; write the full address, e.g. "
         "https://www.example.org/page (links must be full https:// or http:// addresses)"],
    ),
    (
        "reference-link",
        with_("summary: Ministers met.", "summary: |\n  [Ministers][1] met.\n\n  [1]: data:x"),
        [f"{E}:7:8: error: link in 'summary': only http:// and https:// addresses are "
         "allowed, not data address; write the full address, e.g. "
         "https://www.example.org/page (links must be full https:// or http:// addresses)"],
    ),
    (
        "autolink-mailto",
        with_("summary: Ministers met.", "summary: 'Write to <mailto:a@example.org>'"),
        [f"{E}:4:21: error: link in 'summary': only http:// and https:// addresses are "
         "allowed, not mailto address; write the full address, e.g. "
         "https://www.example.org/page (links must be full https:// or http:// addresses)"],
    ),
    (
        "bidi-override",
        with_("title: A good event", "title: A good \u202eevent"),
        [f"{E}:1:15: error: 'title' contains an invisible or control character U+202E "
         "(bidi override); delete it (retype the text around it)"],
    ),
    (
        "zero-width",
        with_("summary: Ministers met.", "summary: Ministers\u200d met."),
        [f"{E}:4:19: error: 'summary' contains an invisible or control character U+200D "
         "(zero-width joiner); delete it (retype the text around it)"],
    ),
    (
        "control-character",
        with_("title: A good event", 'title: "A good\\x07 event"'),
        [f"{E}:1:15: error: 'title' contains an invisible or control character U+0007 "
         "(control character); delete it (retype the text around it)"],
    ),
    (
        "title-too-long",
        with_("title: A good event", "title: " + "x" * 201),
        [f"{E}:1:8: error: 'title' is 201 characters long; the limit is 200: shorten it"],
    ),
    (
        "summary-too-long-brackets",
        with_("summary: Ministers met.", "summary: '" + "[" * 5000 + "'"),
        [f"{E}:4:10: error: 'summary' is 5000 characters long; the limit is 2000: shorten it "
         "(put details in 'body')"],
    ),
    (
        "many-open-brackets",
        GOOD + "body: '" + "[a " * 5000 + "'\n",
        [f"{E}:9:8: error: more than 8 '[' open at once in 'body' (nested, or never closed "
         "with ']'): close each one, or write '\\[' for a literal '['"],
    ),
    (
        "bad-tag",
        GOOD + "tags: [Pillar 2]\n",
        [f"{E}:9:8: error: tag 'Pillar 2': tags are lowercase letters, digits and single "
         "hyphens (write 'pillar-2')"],
    ),
    (
        "deep-nesting",
        GOOD + "body: " + "[" * 100 + "\n",
        [f"{E}:9:38: error: lists and mappings nested more than 32 levels deep: an event "
         "needs only a few levels (see CONTRIBUTING.md)"],
    ),
    (
        "confirmed-on-copies-only",
        with_("    publisher: Example Government\n",
              "    publisher: Example Government\n    kind: republished\n"),
        [f"{E}:3:9: error: 'status: confirmed' rests only on republished copies: {NEEDS}"],
    ),
    (
        "event-partly-confirmed",
        with_("status: confirmed", "status: partly-confirmed"),
        [f"{E}:3:9: error: 'status: partly-confirmed' needs a note saying which part was "
         "confirmed and which was not: give the status the claim first had (e.g. reported) and "
         "add an update with status: partly-confirmed and that note"],
    ),
    (
        "update-confirmed-on-copies-only",
        with_("status: confirmed", "status: reported") + UPDATE.format(
            status="confirmed", note="Ministers said so.", kind="republished"),
        [f"{E}:11:13: error: update 1: 'status: confirmed' rests only on republished copies: "
         f"{NEEDS}"],
    ),
    (
        "update-partly-confirmed-note-says-nothing",
        with_("status: confirmed", "status: reported") + UPDATE.format(
            status="partly-confirmed", note="Partly confirmed.", kind="official"),
        [f"{E}:11:13: error: update 1 says 'status: partly-confirmed': its note must say which "
         "part was confirmed and which was not"],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_reported_with_file_line_and_message(events_dir, text, expected):
    assert problems(events_dir, "x.yaml", text) == expected


def test_good_file_has_no_problems(events_dir):
    assert problems(events_dir, "x.yaml", GOOD) == []


@pytest.mark.parametrize(("status", "note", "kind"), [
    ("confirmed", "Ministers said so.", "news"),
    ("partly-confirmed", "Ministers confirmed the talks, not the membership.", "republished"),
    ("did-not-happen", "The year passed with no announcement.", "republished"),
])
def test_status_rules_accept_what_they_ask_for(events_dir, status, note, kind):
    text = with_("status: confirmed", "status: reported") + UPDATE.format(
        status=status, note=note, kind=kind)
    assert problems(events_dir, "x.yaml", text) == []


def test_overdue_anticipated_event_is_a_warning_not_an_error(events_dir):
    text = with_("status: confirmed", "status: anticipated")
    assert problems(events_dir, "x.yaml", text) == [
        f"{E}:2:7: warning: anticipated event dated 2 March 2024 has passed: add an update "
        "saying whether it happened (see 'invoke overdue')"
    ]
    loaded = load_events(events_dir, base=events_dir.parent, today=TODAY)
    assert len(loaded.events) == 1 and not loaded.errors


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xff\xfet\x00i\x00", "events/x.yaml:1:1: error: the file is saved as UTF-16: save "
         "it as UTF-8"),
        (b"\xfe\xff\x00t", "events/x.yaml:1:1: error: the file is saved as UTF-16: save it as "
         "UTF-8"),
        (b"\xff\xfe\x00\x00t\x00\x00\x00", "events/x.yaml:1:1: error: the file is saved as "
         "UTF-32: save it as UTF-8"),
        (b"t\x00i\x00t\x00", "events/x.yaml:1:2: error: the file contains a NUL byte: it looks "
         "like UTF-16; save it as UTF-8"),
        (b"title: caf\xe9\n", "events/x.yaml:1:11: error: bytes that are not UTF-8 (0xe9): "
         "save the file as UTF-8"),
    ],
    ids=["utf16-le", "utf16-be", "utf32", "utf16-no-bom", "latin1"],
)
def test_encodings_other_than_utf8_are_refused(events_dir, data, expected):
    assert problems(events_dir, "x.yaml", data) == [expected]


def test_size_limit_is_checked_before_parsing(events_dir):
    data = b"title: " + b"[" * (10 * 1024 * 1024)
    assert problems(events_dir, "x.yaml", data) == [
        "events/x.yaml:1:1: error: the file is 10,485,767 bytes; the limit is 262,144: an event "
        "is a short summary with sources"
    ]


def test_symlink_is_refused(events_dir, tmp_path):
    target = tmp_path / "elsewhere.yaml"
    target.write_text(GOOD, encoding="utf-8")
    (events_dir / "x.yaml").symlink_to(target)
    result = load_events(events_dir, base=events_dir.parent, today=TODAY)
    assert [i.format() for i in result.issues] == [
        "events/x.yaml:1:1: error: the file is a symbolic link: event files must be ordinary "
        "files in events/"
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_special_file_is_refused_without_blocking(events_dir):
    os.mkfifo(events_dir / "x.yaml")
    result = load_events(events_dir, base=events_dir.parent, today=TODAY)
    assert [i.format() for i in result.issues] == [
        "events/x.yaml:1:1: error: not an ordinary file (a device, pipe or socket): remove it"
    ]


def test_file_names(events_dir):
    (events_dir / "Bad_Name.yaml").write_text(GOOD, encoding="utf-8")
    (events_dir / "x.yml").write_text(GOOD, encoding="utf-8")
    (events_dir / "notes.txt").write_text("hi", encoding="utf-8")
    result = load_events(events_dir, base=events_dir.parent, today=TODAY)
    assert [i.format() for i in result.issues] == [
        "events/Bad_Name.yaml:1:1: error: the file name must be the event's id: lowercase "
        "letters, digits and single hyphens, e.g. bad-name.yaml",
        "events/notes.txt:1:1: error: not an event file: events/ holds only <id>.yaml files "
        "(move other files elsewhere)",
        "events/x.yml:1:1: error: event files end in .yaml: rename it to x.yaml",
    ]


def test_rename_suggestions_never_name_an_existing_file(events_dir):
    (events_dir / "2024").mkdir()
    (events_dir / "2024" / "x.yaml").write_text(GOOD, encoding="utf-8")
    (events_dir / "x.yml").write_text(GOOD, encoding="utf-8")
    (events_dir / "x-2.yaml").write_text(GOOD.replace("/a", "/b"), encoding="utf-8")
    (events_dir / "Bad_Name.yaml").write_text(GOOD, encoding="utf-8")
    (events_dir / "bad-name.yaml").write_text(GOOD.replace("/a", "/c"), encoding="utf-8")
    result = load_events(events_dir, base=events_dir.parent, today=TODAY)
    assert [i.format() for i in result.issues if "rename" in i.message
            or "file name must" in i.message] == [
        "events/Bad_Name.yaml:1:1: error: the file name must be the event's id: lowercase "
        "letters, digits and single hyphens, e.g. bad-name-2.yaml (bad-name.yaml already "
        "exists: if this file is a copy of it, delete one of the two)",
        "events/x.yml:1:1: error: event files end in .yaml: x.yaml already exists: if this "
        "file is a copy of it, delete one of the two; otherwise rename it to x-3.yaml",
    ]


def test_duplicate_ids_are_reported_in_both_files(events_dir):
    (events_dir / "2024").mkdir()
    (events_dir / "2025").mkdir()
    (events_dir / "2024" / "same-id.yaml").write_text(GOOD, encoding="utf-8")
    (events_dir / "2025" / "same-id.yaml").write_text(GOOD, encoding="utf-8")
    result = load_events(events_dir, base=events_dir.parent, today=TODAY)
    assert [i.format() for i in result.issues] == [
        "events/2024/same-id.yaml:1:1: error: duplicate id 'same-id': events/2025/same-id.yaml "
        "has the same file name; rename one of them",
        "events/2025/same-id.yaml:1:1: error: duplicate id 'same-id': events/2024/same-id.yaml "
        "has the same file name; rename one of them",
    ]


def test_every_problem_in_every_file_at_once(events_dir):
    (events_dir / "a.yaml").write_text(with_("status: confirmed", "status: nope") +
                                       "soruces: x\n", encoding="utf-8")
    (events_dir / "b.yaml").write_text(with_('"2024-03-02"', "2024-02-30"), encoding="utf-8")
    (events_dir / "c.yaml").write_text(GOOD, encoding="utf-8")
    result = load_events(events_dir, base=events_dir.parent, today=TODAY)
    assert [i.format() for i in result.issues] == [
        "events/a.yaml:3:9: error: 'status' is 'nope': write one of: confirmed, "
        "partly-confirmed, reported, anticipated, did-not-happen, denied",
        "events/a.yaml:9:1: error: unknown field 'soruces' in the event: did you mean "
        "'sources'?",
        "events/b.yaml:2:7: error: 'date': '2024-02-30' is not a real date: February 2024 has "
        "29 days",
    ]
    assert [e.id for e in result.events] == ["c"]


def test_lines_for_text_that_is_not_html(events_dir):
    text = with_("summary: Ministers met.",
                 "summary: 'a <b and x<y, a <- b, <3, `<br>` and `[x](javascript:y)` in code'")
    assert problems(events_dir, "x.yaml", text) == []


# ---- the command line ------------------------------------------------------------------


def run_check(events_dir: Path, *args: str, env: dict[str, str] | None = None):
    environ = {**os.environ, "PYTHONPATH": str(ROOT)}  # conftest removed GITHUB_ACTIONS
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "pelican.plugins.timeline.commands.check", "events",
         "--today", "2026-11-28", *args],
        cwd=events_dir.parent, env=environ, capture_output=True, text=True, timeout=120,
    )


def test_check_command_lists_every_problem_one_per_line(events_dir):
    long_title = "x" * 300
    (events_dir / "a.yaml").write_text(with_("title: A good event", f"title: {long_title}"),
                                       encoding="utf-8")
    (events_dir / "b.yaml").write_text("title: [\n", encoding="utf-8")
    proc = run_check(events_dir)
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert lines[:2] == [
        "events/a.yaml:1:8: error: 'title' is 300 characters long; the limit is 200: shorten it",
        "events/b.yaml:2:1: error: invalid YAML: did not find expected node content "
        "(while parsing a flow node)",
    ]
    assert lines[2].startswith("2 file(s), 0 valid event(s), 2 error(s), 0 warning(s) in ")
    assert proc.stdout == ""


def test_check_command_succeeds_on_valid_files_with_warnings(events_dir):
    (events_dir / "a.yaml").write_text(with_("status: confirmed", "status: anticipated"),
                                       encoding="utf-8")
    proc = run_check(events_dir)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines()[0].startswith("events/a.yaml:2:7: warning: anticipated")


def test_github_annotations_and_step_summary(events_dir, tmp_path):
    summary = tmp_path / "summary.md"
    (events_dir / "a.yaml").write_text(
        with_("title: A good event", "title: '100% wrong: yes, really'") + "extra: 1\n",
        encoding="utf-8")
    proc = run_check(events_dir, env={"GITHUB_ACTIONS": "true",
                                      "GITHUB_STEP_SUMMARY": str(summary)})
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        "::error file=events/a.yaml,line=9,col=1,title=Timeline error::unknown field 'extra' "
        "in the event: allowed fields: title, date, end_date, approximate, date_note, status, "
        "summary, body, media, tags, actors, related, sources, updates, translations",
    ]
    text = summary.read_text(encoding="utf-8")
    assert "### Timeline validation: 1 error(s), 0 warning(s) in 1 file(s)" in text
    assert "| `events/a.yaml` | 9:1 | error: unknown field 'extra'" in text


def test_annotation_escapes_percent_and_newlines():
    from pelican.plugins.timeline.reading.issues import Issue, annotation

    line = annotation(Issue("events/a,b:c.yaml", 3, 4, "100% bad\r\nnext"))
    assert line == ("::error file=events/a%2Cb%3Ac.yaml,line=3,col=4,title=Timeline error::"
                    "100%25 bad next")
    assert "\n" not in line and "\r" not in line


def test_messages_are_single_lines(events_dir):
    for name, text, _expected in CASES:
        for line in problems(events_dir, "x.yaml", text):
            assert "\n" not in line and "\r" not in line, name


def test_overdue_command(events_dir):
    (events_dir / "a.yaml").write_text(with_("status: confirmed", "status: anticipated"),
                                       encoding="utf-8")
    proc = run_check(events_dir, "--overdue")
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        "events/a.yaml:1:1: warning: anticipated event 'A good event' (2 March 2024) has "
        "passed: add an update saying whether it happened"
    ]


# ---- the whole site: threads and pages are checked with the events -----------------------

THREAD = "Title: Pillar 2\nTag: pillar-2\n\nAn introduction.\n"


def content_site(tmp_path: Path) -> Path:
    """A site folder: events/ with one good event (tag pillar-2, actor Japan), and
    content/threads/ and content/pages/ with one good file each."""
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "a.yaml").write_text(
        GOOD + "tags: [pillar-2]\nactors: [Japan]\n", encoding="utf-8")
    (tmp_path / "content" / "threads").mkdir(parents=True)
    (tmp_path / "content" / "pages").mkdir()
    (tmp_path / "content" / "threads" / "good.md").write_text(THREAD, encoding="utf-8")
    (tmp_path / "content" / "pages" / "about.md").write_text(
        "Title: About\nSlug: about\n\nText.\n", encoding="utf-8")
    return tmp_path


BAD_CONTENT = {
    "content/threads/a-tag.md": "Title: Pillar 9\nTag: pillar-9\n\nText.\n",
    "content/threads/an-actor.md": "Title: Japan\nOrder: 2\nActor: Japon\n\nText.\n",
    "content/threads/latin.md": b"Title: Caf\xe9\nTag: pillar-2\n\nText.\n",
    "content/pages/untitled.md": "Slug: untitled\n\nA page without a title.\n",
    "content/pages/status.md": "Title: S\nStatus: secret\n\nText.\n",
}
BAD_CONTENT_LINES = [
    "content/pages/status.md:2:9: error: 'Status:' is 'secret': write one of: published, "
    "hidden, draft",
    "content/pages/untitled.md:1:1: error: the page has no title: write 'Title: …' on its "
    "first line, then a blank line before the text",
    "content/threads/a-tag.md:2:6: error: no event has the tag 'pillar-9': did you mean "
    "'pillar-2'? (the thread is shown on that tag's page)",
    "content/threads/an-actor.md:3:8: error: no event has the actor 'Japon': did you mean "
    "'Japan'? (the thread is shown on that actor's page)",
    "content/threads/latin.md:1:11: error: bytes that are not UTF-8 (0xe9): save the file as "
    "UTF-8",
]


def write_bad_content(site: Path) -> None:
    for name, text in BAD_CONTENT.items():
        if isinstance(text, bytes):
            (site / name).write_bytes(text)
        else:
            (site / name).write_text(text, encoding="utf-8")


def test_check_command_checks_threads_and_pages_too(tmp_path):
    site = content_site(tmp_path)
    proc = run_check(site / "events")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.startswith("3 file(s), 1 valid event(s), 0 error(s)")
    write_bad_content(site)
    proc = run_check(site / "events")
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert lines[:-1] == BAD_CONTENT_LINES
    assert lines[-1].startswith("8 file(s), 1 valid event(s), 5 error(s), 0 warning(s) in ")
    assert "Traceback" not in proc.stderr and proc.stdout == ""


def run_pelican(site: Path, *settings: str) -> subprocess.CompletedProcess[str]:
    """`python -m pelican` as `invoke build` runs it, on the site in `site`."""
    environ = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "80"}
    overrides = [f'TIMELINE_EVENTS_PATH="{site / "events"}"',
                 f'TIMELINE_THREADS_PATH="{site / "content" / "threads"}"',
                 f'PATH="{site / "content"}"', f'CACHE_PATH="{site / "cache"}"',
                 "TIMELINE_ERAS_PATH=null", 'TIMELINE_TODAY="2026-11-28"', *settings]
    return subprocess.run(
        [sys.executable, "-m", "pelican", "-s", str(SAMPLE_SITE / "pelicanconf.py"),
         "-o", str(site / "output"), "--fatal", "errors", "-e", *overrides],
        cwd=site, env=environ, capture_output=True, text=True, timeout=300)


def test_build_prints_exactly_the_problems_and_where_they_are(tmp_path):
    site = content_site(tmp_path)
    write_bad_content(site)
    (site / "events" / "b.yaml").write_text(with_("status: confirmed", "status: nope"),
                                            encoding="utf-8")
    proc = run_pelican(site)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        *BAD_CONTENT_LINES,
        "events/b.yaml:3:9: error: 'status' is 'nope': write one of: confirmed, "
        "partly-confirmed, reported, anticipated, did-not-happen, denied",
        "6 problems in content/pages/, content/threads/ and events/ (listed above)",
    ]
    assert proc.stdout == ""
    assert not (site / "output").exists()


def test_build_with_one_bad_thread(tmp_path):
    site = content_site(tmp_path)
    (site / "content" / "threads" / "good.md").write_text(
        THREAD.replace("pillar-2", "pillar-3"), encoding="utf-8")
    proc = run_pelican(site)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        "content/threads/good.md:2:6: error: no event has the tag 'pillar-3': did you mean "
        "'pillar-2'? (the thread is shown on that tag's page)",
        "1 problem in content/threads/ (listed above)",
    ]


def test_build_lists_every_bad_setting_without_a_traceback(tmp_path):
    site = content_site(tmp_path)
    proc = run_pelican(site, "TIMELINE_PAGE_SIZE=0", 'TIMELINE_EVENT_PATH="x"')
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        "settings: error: setting TIMELINE_EVENT_PATH is not a timeline setting: did you "
        "mean TIMELINE_EVENTS_PATH?",
        "settings: error: setting TIMELINE_PAGE_SIZE must be 1 or more, not 0",
        "2 problems in the settings (listed above)",
    ]
    assert not (site / "output").exists()


def test_good_content_site_builds(tmp_path):
    site = content_site(tmp_path)
    proc = run_pelican(site)
    assert proc.returncode == 0, proc.stderr
    assert (site / "output" / "about" / "index.html").is_file()
    assert "An introduction." in (site / "output" / "tags" / "pillar-2" / "index.html"
                                  ).read_text(encoding="utf-8")


def test_tests_run_without_the_actions_environment(tmp_path):
    """tests/conftest.py removes GITHUB_ACTIONS and GITHUB_STEP_SUMMARY for every test (and
    the subprocesses it starts), so a test's failed build writes no job summary and no
    ::error line even when the suite runs under GitHub Actions."""
    summary = tmp_path / "summary.md"
    summary.write_text("", encoding="utf-8")
    actions = {**os.environ, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary),
               "PYTHONPATH": str(ROOT)}
    # a test with failing builds (and a bad-thread build), run by pytest under "Actions"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider",
         f"{__file__}::test_build_with_one_bad_thread"],
        cwd=ROOT, env=actions, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "::error" not in proc.stdout + proc.stderr
    assert summary.read_text(encoding="utf-8") == ""
    # the same build outside the test suite does write them: this test can fail
    (tmp_path / "site").mkdir()
    site = content_site(tmp_path / "site")
    (site / "events" / "b.yaml").write_text("title: [\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GITHUB_ACTIONS", "true")
        patch.setenv("GITHUB_STEP_SUMMARY", str(summary))
        proc = run_pelican(site)
    assert proc.stdout.startswith("::error file=events/b.yaml,line=2,col=1,")
    assert "### Timeline validation: 1 error(s)" in summary.read_text(encoding="utf-8")


def test_validate_after_a_build_reads_only_what_changed(tmp_path):
    """`invoke validate` answers from the build's cache of checked files for every file
    unchanged since the build, and reads a changed one again."""
    site = tmp_path / "site"
    shutil.copytree(SAMPLE_SITE, site, ignore=shutil.ignore_patterns("output", "cache"))
    environ = {**os.environ, "PYTHONPATH": str(ROOT)}
    built = subprocess.run(
        [sys.executable, "-m", "pelican", "-s", "pelicanconf.py", "-o", str(tmp_path / "out"),
         "-e", 'CACHE_PATH="cache"'], cwd=site, env=environ, capture_output=True, text=True,
        timeout=300)
    assert built.returncode == 0, built.stderr
    assert (site / "cache" / "timeline-events.pickle").is_file()

    def validate() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pelican.plugins.timeline.commands.check", "--settings",
             "pelicanconf.py", "--today", "2026-11-28"],
            cwd=site, env=environ, capture_output=True, text=True, timeout=120)

    first = validate()
    assert first.returncode == 0 and "0 error(s)" in first.stderr, first.stderr
    broken = site / "events" / "2024-03-02-fixture-day.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("status:", "statuss:", 1),
                      encoding="utf-8")
    second = validate()
    assert second.returncode == 1
    assert "events/2024-03-02-fixture-day.yaml:" in second.stderr and "'statuss'" in second.stderr
