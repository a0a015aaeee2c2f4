"""Validation of `media:`: each bad entry, in a real events/ folder with real image files
(made with Pillow), reported as `events/FILE.yaml:LINE:COL: error: MESSAGE` saying what to
write, by the build's loader and by the check command alike."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from helpers import ROOT
from PIL import Image

from pelican.plugins.timeline.reading import strict_yaml
from pelican.plugins.timeline.reading.events import find_files, load_events
from pelican.plugins.timeline.reading.schema import (
    MEDIA_MAX_BYTES,
    MEDIA_MAX_PIXELS,
    MEDIA_PATH_PATTERN,
)

TODAY = dt.date(2026, 11, 28)
E = "events/x.yaml"
EVENT = """\
title: A good event
date: "2024-03-02"
status: confirmed
summary: Ministers met.
sources:
  - url: https://www.example.org/a
    title: Statement
    publisher: Example Government
media:
"""  # the first item of media is on line 10: its mapping at column 5, file's value at 11
ITEM = """\
  - file: {file}
    alt: A picture
    credit: Someone
"""


def jpeg(size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 20, 30)).save(out, "JPEG")
    return out.getvalue()


def png(size: tuple[int, int] = (64, 48), mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, "PNG")
    return out.getvalue()


def tiff() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48)).save(out, "TIFF")
    return out.getvalue()


def write(root: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def leaving_link(root: Path) -> None:
    write(root, {"outside.jpg": jpeg()})
    (root / "events" / "media").mkdir(parents=True, exist_ok=True)
    os.symlink(root / "outside.jpg", root / "events" / "media" / "launch.jpg")


def problems(tmp_path: Path, media: str, setup: Callable[[Path], None] | None = None,
             check_only: bool = False) -> list[str]:
    events = tmp_path / "events"
    events.mkdir(exist_ok=True)
    (events / "x.yaml").write_text(EVENT + media, encoding="utf-8")
    if setup is not None:
        setup(tmp_path)
    result = load_events(events, base=tmp_path, today=TODAY, check_only=check_only)
    return [issue.format() for issue in result.issues]


def has(files: dict[str, bytes]) -> Callable[[Path], None]:
    return lambda root: write(root, {f"events/{k}": v for k, v in files.items()})


TOO_LARGE = (f"the limit is 10 MB ({MEDIA_MAX_BYTES:,} bytes): save a smaller copy (e.g. "
             "2,000 pixels wide, JPEG quality 85)")

CASES = [
    ("missing-alt", "  - file: media/launch.jpg\n    credit: Someone\n",
     has({"media/launch.jpg": jpeg()}),
     [f"{E}:10:5: error: missing 'alt' in media 1: an image needs alt text: add 'alt:' (What "
      "the image shows, for readers who cannot see it; required with file.)"]),
    ("missing-credit", "  - file: media/launch.jpg\n    alt: A picture\n",
     has({"media/launch.jpg": jpeg()}),
     [f"{E}:10:5: error: missing required field 'credit' in media 1: add 'credit:' (Who made "
      "it, and its licence: e.g. 'Photo: Jane Doe, CC BY 4.0'.)"]),
    ("missing-credit-of-a-link", "  - url: https://www.example.org/report.pdf\n",
     None,
     [f"{E}:10:5: error: missing required field 'credit' in media 1: add 'credit:' (Who made "
      "it, and its licence: e.g. 'Photo: Jane Doe, CC BY 4.0'.)"]),
    ("missing-file", ITEM.format(file="media/launch.jpg"), has({"media/lunch.jpg": jpeg()}),
     [f"{E}:10:11: error: media 1: there is no file events/media/launch.jpg: add the image "
      "there, or correct 'file' (did you mean media/lunch.jpg?)"]),
    ("missing-media-folder", ITEM.format(file="media/launch.jpg"), None,
     [f"{E}:10:11: error: media 1: there is no file events/media/launch.jpg: add the image "
      "there, or correct 'file' (there is no events/media/ folder yet)"]),
    ("wrong-case", ITEM.format(file="media/Launch.JPG"), has({"media/launch.jpg": jpeg()}),
     [f"{E}:10:11: error: media 1: there is no file events/media/Launch.JPG: add the image "
      "there, or correct 'file' (did you mean media/launch.jpg?)"]),
    ("not-an-image", ITEM.format(file="media/launch.jpg"),
     has({"media/launch.jpg": b"<html>not a picture</html>"}),
     [f"{E}:10:11: error: media 1: 'file' media/launch.jpg is not a JPEG, PNG, WebP or GIF "
      "image, or is damaged: save it as JPEG, PNG, WebP or GIF (no other format is shown)"]),
    ("another-format", ITEM.format(file="media/scan.tiff"), has({"media/scan.tiff": tiff()}),
     [f"{E}:10:11: error: media 1: 'file' media/scan.tiff is not a JPEG, PNG, WebP or GIF "
      "image, or is damaged: save it as JPEG, PNG, WebP or GIF (no other format is shown)"]),
    ("damaged", ITEM.format(file="media/chart.png"), has({"media/chart.png": png()[:-20]}),
     [f"{E}:10:11: error: media 1: 'file' media/chart.png is damaged (Truncated File Read): "
      "save the image again"]),
    ("too-many-bytes", ITEM.format(file="media/launch.jpg"),
     has({"media/launch.jpg": jpeg() + b"\0" * MEDIA_MAX_BYTES}),
     [f"{E}:10:11: error: media 1: 'file' media/launch.jpg is "
      f"{len(jpeg()) + MEDIA_MAX_BYTES:,} bytes; {TOO_LARGE}"]),
    ("too-many-pixels", ITEM.format(file="media/huge.png"),
     has({"media/huge.png": png((8000, 5001), mode="1")}),  # 1 bit a pixel: a small file
     [f"{E}:10:11: error: media 1: 'file' media/huge.png has 8,000 x 5,001 = 40,008,000 "
      f"pixels; the limit is 40 megapixels ({MEDIA_MAX_PIXELS:,} pixels): save a smaller copy "
      "(e.g. 2,000 pixels wide)"]),
    ("dot-dot", ITEM.format(file="../outside.jpg"), None,
     [f"{E}:10:11: error: 'file' leads out of the events folder ('..'): put the image in "
      "events/media/ and write media/outside.jpg"]),
    ("dot-dot-inside", ITEM.format(file="media/../../outside.jpg"), None,
     [f"{E}:10:11: error: 'file' leads out of the events folder ('..'): put the image in "
      "events/media/ and write media/outside.jpg"]),
    ("absolute", ITEM.format(file="/home/me/launch.jpg"), None,
     [f"{E}:10:11: error: 'file' is an absolute path or an address: write the image's path "
      "from the events folder, e.g. media/launch.jpg for events/media/launch.jpg (an image "
      "elsewhere goes in 'url')"]),
    ("windows-absolute", ITEM.format(file="'C:/Photos/launch.jpg'"), None,
     [f"{E}:10:11: error: 'file' is an absolute path or an address: write the image's path "
      "from the events folder, e.g. media/launch.jpg for events/media/launch.jpg (an image "
      "elsewhere goes in 'url')"]),
    ("backslash", ITEM.format(file="media\\launch.jpg"), None,
     [f"{E}:10:11: error: 'file' contains a backslash: write the path with forward slashes, "
      "media/launch.jpg"]),
    ("nul", ITEM.format(file='"media/launch\\0.jpg"'), None,
     [f"{E}:10:24: error: 'file' contains an invisible or control character U+0000 (control "
      "character); delete it (retype the text around it)"]),
    ("outside-the-media-folder", ITEM.format(file="launch.jpg"), None,
     [f"{E}:10:11: error: 'file' must be in the events folder's media/ folder: move the image "
      "to events/media/ and write media/launch.jpg"]),
    ("empty-part", ITEM.format(file="media//launch.jpg"), None,
     [f"{E}:10:11: error: 'file' write the path without empty or '.' parts: media/launch.jpg"]),
    ("link-leaving-the-folder", ITEM.format(file="media/launch.jpg"), leaving_link,
     [f"{E}:10:11: error: media 1: 'file' media/launch.jpg is a symbolic link that leads out "
      "of the events folder: put the image itself in events/media/"]),
    ("file-and-url",
     "  - file: media/launch.jpg\n    url: https://www.example.org/launch.jpg\n"
     "    alt: A picture\n    credit: Someone\n", has({"media/launch.jpg": jpeg()}),
     [f"{E}:11:5: error: media 1 has both 'file' and 'url': keep one, file: for an image in "
      "events/media/, url: for a picture or document elsewhere (give each its own item)"]),
    ("neither", "  - alt: A picture\n    credit: Someone\n", None,
     [f"{E}:10:5: error: media 1 has neither 'file' nor 'url': add 'file: media/<name>.jpg' "
      "(an image in events/media/) or 'url: https://…' (a picture or document elsewhere)"]),
    ("misspelt-file", "  - fiel: media/launch.jpg\n    alt: A picture\n    credit: Someone\n",
     None,  # one mistake, one line: not also "neither file nor url"
     [f"{E}:10:5: error: unknown field 'fiel' in media 1: did you mean 'file'?"]),
    ("not-http", "  - url: ftp://www.example.org/launch.jpg\n    credit: Someone\n", None,
     [f"{E}:10:10: error: 'url': only http:// and https:// addresses are allowed, not ftp "
      "address; write the full address, e.g. https://www.example.org/page"]),
    ("not-a-list", "  file: media/launch.jpg\n", None,
     [f"{E}:10:3: error: 'media' must be a list (- file: media/….jpg), not a mapping "
      "(key: value lines)"]),
    ("second-item", ITEM.format(file="media/launch.jpg") + ITEM.format(file="media/gone.jpg"),
     has({"media/launch.jpg": jpeg()}),
     [f"{E}:13:11: error: media 2: there is no file events/media/gone.jpg: add the image "
      "there, or correct 'file'"]),
]


@pytest.mark.parametrize(("media", "setup", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_each_bad_media_entry_is_one_problem_at_its_line(tmp_path, media, setup, expected):
    assert problems(tmp_path, media, setup) == expected


@pytest.mark.parametrize(("media", "setup", "expected"),
                         [c[1:] for c in CASES if c[0] in ("missing-file", "not-an-image",
                                                           "too-many-pixels", "missing-alt")],
                         ids=["missing-file", "not-an-image", "too-many-pixels", "missing-alt"])
def test_the_check_command_reports_the_same(tmp_path, media, setup, expected):
    assert problems(tmp_path, media, setup, check_only=True) == expected


def test_good_media_validate_and_fill_in_the_images_facts(tmp_path):
    media = (ITEM.format(file="media/launch.jpg") + ITEM.format(file="media/sub/chart.png")
             + "  - url: https://www.example.org/report.pdf\n    credit: Example Ministry\n"
             + "  - file: media/inside.jpg\n    alt: The same picture\n    credit: Someone\n")

    def setup(root: Path) -> None:
        write(root, {"events/media/launch.jpg": jpeg((640, 480)),
                     "events/media/sub/chart.png": png((30, 20), mode="RGBA")})
        os.symlink("launch.jpg", root / "events" / "media" / "inside.jpg")  # stays inside

    assert problems(tmp_path, media, setup) == []
    (event,) = load_events(tmp_path / "events", base=tmp_path, today=TODAY).events
    launch, chart, link, inside = event.media
    assert (launch.width, launch.height, launch.format) == (640, 480, "JPEG")
    assert len(launch.digest) == 64 and inside.digest == launch.digest
    assert (chart.width, chart.height, chart.format) == (30, 20, "PNG")
    assert link.url == "https://www.example.org/report.pdf" and link.digest == ""


def test_an_edited_image_changes_its_events_digest(tmp_path):
    write(tmp_path, {"events/media/launch.jpg": jpeg()})
    problems(tmp_path, ITEM.format(file="media/launch.jpg"))
    events = tmp_path / "events"
    cache = tmp_path / "cache.pickle"
    first = load_events(events, base=tmp_path, today=TODAY, cache_file=cache).events[0]
    write(tmp_path, {"events/media/launch.jpg": jpeg((65, 48))})
    second = load_events(events, base=tmp_path, today=TODAY, cache_file=cache).events[0]
    assert second.media[0].width == 65  # not the cached load's facts
    assert second.digest != first.digest  # so its page is made again


def test_images_in_the_media_folder_are_not_taken_for_event_files(tmp_path):
    write(tmp_path, {"events/media/launch.jpg": jpeg(), "events/media/notes.txt": b"x",
                     "events/media/2024/chart.png": png(), "events/other.jpg": jpeg()})
    files, issues = find_files(tmp_path / "events", tmp_path)
    assert files == []
    assert [i.format() for i in issues] == [
        "events/other.jpg:1:1: error: not an event file: events/ holds only <id>.yaml files "
        "(move other files elsewhere)"]


SCHEMA = json.loads((ROOT / "pelican" / "plugins" / "timeline" / "schemas" /
                     "event.schema.json").read_text("utf-8"))


def schema_errors(media: str) -> list[str]:
    root, problems_found = strict_yaml.parse(EVENT + media)
    assert not problems_found

    def to_json(node):  # the YAML tree as an editor's schema plugin sees it
        if isinstance(node, strict_yaml.Map):
            return {k: to_json(v) for k, (_key, v) in node.items.items()}
        if isinstance(node, strict_yaml.Seq):
            return [to_json(item) for item in node.items]
        return node.value

    validator = jsonschema.Draft202012Validator(SCHEMA)
    return [e.message for e in validator.iter_errors(to_json(root))]


@pytest.mark.parametrize(("media", "valid"), [
    (ITEM.format(file="media/launch.jpg"), True),
    ("  - url: https://www.example.org/report.pdf\n    credit: Someone\n", True),
    ("  - url: https://www.example.org/a.jpg\n    alt: A picture\n    credit: Someone\n", True),
    ("  - file: media/launch.jpg\n    credit: Someone\n", False),  # no alt
    ("  - file: media/launch.jpg\n    alt: A picture\n", False),  # no credit
    ("  - file: media/launch.jpg\n    url: https://www.example.org/a.jpg\n"
     "    alt: A picture\n    credit: Someone\n", False),  # both
    ("  - file: media/launch.jpg\n    url: https://www.example.org/a.jpg\n"
     "    credit: Someone\n", False),  # both, no alt
    ("  - alt: A picture\n    credit: Someone\n", False),  # neither
    (ITEM.format(file="../launch.jpg"), False),
    (ITEM.format(file="media/../launch.jpg"), False),
    (ITEM.format(file="launch.jpg"), False),
], ids=["image", "link", "link-with-alt", "no-alt", "no-credit", "both", "both-no-alt",
        "neither", "dot-dot", "dot-dot-inside", "outside-media"])
def test_the_json_schema_agrees(media, valid):
    assert (schema_errors(media) == []) is valid


def test_the_path_pattern_refuses_what_the_validator_refuses():
    import re

    pattern = re.compile(MEDIA_PATH_PATTERN)
    assert pattern.match("media/launch.jpg") and pattern.match("media/2024/a b.png")
    for bad in ("media/../x.jpg", "media/./x.jpg", "media//x.jpg", "media\\x.jpg", "/x.jpg",
                "media/", "x.jpg", "media/x\0.jpg"):
        assert not pattern.match(bad), bad
