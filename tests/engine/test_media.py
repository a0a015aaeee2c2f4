"""Event images, in real builds: the fixture site's events plus a media/ folder of images
made here with Pillow (tests/fixtures/media/), built into temporary folders and read back
as a browser and a data user would."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import jsonschema
import pytest
from bs4 import BeautifulSoup
from helpers import FIXTURE_EVENTS, ROOT, build_site
from PIL import Image

from pelican.plugins.timeline.outputs import media as media_output

FIXTURES = ROOT / "tests" / "fixtures" / "media"
ENGINE = ROOT / "pelican" / "plugins" / "timeline"
EVENTS_SCHEMA = json.loads((ENGINE / "schemas" / "events-json.schema.json").read_text("utf-8"))
EVENT_ID = "2024-03-02-fixture-day"
PAGE = f"events/{EVENT_ID}/index.html"
NAME_RE = re.compile(r"^[0-9a-f]{16}-[0-9]+\.(webp|jpg|png)$")
GPS_IFD = 0x8825


def make_images(folder: Path) -> None:
    """The three images media.yaml names (see tests/fixtures/media/README.md)."""
    folder.mkdir(parents=True, exist_ok=True)
    photo = Image.new("RGB", (2000, 1200), (180, 30, 40))
    photo.paste((20, 60, 160), (1000, 0, 2000, 1200))
    exif = Image.Exif()
    exif[0x010F] = "Example Camera Maker"  # Make
    exif[0x9286] = "secret comment"  # UserComment
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)})
    photo.save(folder / "photo.jpg", quality=90, exif=exif)
    Image.new("RGBA", (300, 200), (0, 120, 200, 128)).save(folder / "chart.png")
    turned = Image.Exif()
    turned[0x0112] = 6  # stored on its side: shown turned a quarter, 400 x 800
    Image.new("RGB", (800, 400), (40, 140, 60)).save(folder / "turned.jpg", exif=turned)


def media_events(root: Path) -> Path:
    events = root / "events"
    shutil.copytree(FIXTURE_EVENTS, events)
    make_images(events / "media")
    day = events / f"{EVENT_ID}.yaml"
    day.write_text(day.read_text("utf-8") + (FIXTURES / "media.yaml").read_text("utf-8"),
                   encoding="utf-8")
    return events


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("media")
    build_site(root / "output", media_events(root))
    return root


@pytest.fixture(scope="module")
def output(site: Path) -> Path:
    return site / "output"


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html5lib")


def srcset(value: str) -> list[tuple[str, int]]:
    items = [item.strip().rsplit(" ", 1) for item in value.split(",")]
    return [(url, int(width.rstrip("w"))) for url, width in items]


def written(output: Path) -> dict[str, Image.Image]:
    return {p.name: Image.open(p) for p in sorted((output / "media").iterdir())}


def test_event_page_shows_each_image_as_a_picture_with_its_credit(output):
    page = output / PAGE
    soup = soup_of(page)
    figures = soup.select("article.event-page figure.event-media")
    assert len(figures) == 3
    photo = figures[0]
    img = photo.select_one("picture > img")
    assert img["alt"] == "A red and blue test card"
    assert (img["width"], img["height"]) == ("1600", "960")  # the largest file's size
    assert img["loading"] == "lazy" and img["decoding"] == "async"
    assert img["sizes"] == photo.select_one("source")["sizes"] == media_output.SIZES
    source = photo.select_one("picture > source")
    assert source["type"] == "image/webp"
    assert [w for _url, w in srcset(source["srcset"])] == [480, 960, 1600]
    assert [w for _url, w in srcset(img["srcset"])] == [480, 960, 1600]
    assert img["src"].endswith("-960.jpg")
    base = page.as_uri()
    for url, width in [*srcset(source["srcset"]), *srcset(img["srcset"]), (img["src"], 0)]:
        assert not url.startswith(("http:", "https:", "/"))  # relative: works from disk
        target = Path(urljoin(base, url).removeprefix("file://"))
        assert target.is_file(), url
        if width:
            assert Image.open(target).width == width
    caption = photo.select_one("figcaption")
    assert caption.select_one("span.credit").get_text() == "Photo: Jane Doe, CC BY 4.0"
    assert caption.get_text(" ", strip=True).startswith("The ministers' press conference")
    chart = figures[1]
    assert chart.select_one("figcaption").get_text() == "Chart <b>Example</b> & Co"
    assert chart.select_one("figcaption b") is None  # a credit's markup is text
    turned = figures[2].select_one("img")
    assert (turned["width"], turned["height"]) == ("400", "800")  # EXIF orientation applied


def test_a_picture_elsewhere_is_a_link_never_an_image(output):
    soup = soup_of(output / PAGE)
    link = soup.select_one("ul.media-links a.media-link")
    assert link["href"] == "https://www.example.org/photos/press-conference"
    assert link.get_text() == "More photographs on the ministry's site"
    assert "noopener" in link["rel"]
    assert link.find_parent("li").select_one(".credit").get_text() == "Example Ministry"
    for tag in soup.find_all(["img", "source"]):
        for attribute in ("src", "srcset"):
            assert "example.org" not in tag.get(attribute, ""), tag
    # the page's policy allows only its own images, which the local ones are
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "img-src 'self' data:" in csp


def test_webp_and_the_original_format_at_each_width_never_upscaled(output):
    files = written(output)
    assert all(NAME_RE.match(name) for name in files), sorted(files)
    by_kind: dict[tuple[str, str], list[int]] = {}
    for name, image in files.items():
        digest, rest = name.split("-", 1)
        width, ext = rest.split(".")
        assert image.width == int(width)
        assert image.format == {"webp": "WEBP", "jpg": "JPEG", "png": "PNG"}[ext]
        by_kind.setdefault((digest, ext), []).append(image.width)
    widths = sorted((ext, sorted(w)) for (_digest, ext), w in by_kind.items())
    assert widths == [
        ("jpg", [400]), ("jpg", [480, 960, 1600]),  # turned.jpg is 400 wide as shown
        ("png", [300]),  # chart.png is narrower than every standard width: its own only
        ("webp", [300]), ("webp", [400]), ("webp", [480, 960, 1600]),
    ]
    photo = next(image for name, image in files.items() if name.endswith("-1600.jpg"))
    assert photo.size == (1600, 960)
    turned = next(image for name, image in files.items() if name.endswith("-400.jpg"))
    assert turned.size == (400, 800)
    chart = next(image for name, image in files.items() if name.endswith("-300.png"))
    assert chart.mode == "RGBA"  # the transparency is kept


def test_output_names_hold_no_contributor_text(output):
    for path in (output / "media").iterdir():
        assert not any(word in path.name for word in ("photo", "chart", "turned", "media"))
    assert not (output / "events" / "media").exists()


def test_no_metadata_of_the_original_is_written(site, output):
    original = Image.open(site / "events" / "media" / "photo.jpg")
    assert original.getexif().get(0x010F) == "Example Camera Maker"
    assert original.getexif().get_ifd(GPS_IFD)
    for name, image in written(output).items():
        exif = image.getexif()
        assert not exif, (name, dict(exif))
        assert not exif.get_ifd(GPS_IFD)
        assert "exif" not in image.info and "xmp" not in image.info, name
    for path in (output / "media").iterdir():
        data = path.read_bytes()
        assert b"Example Camera Maker" not in data and b"secret comment" not in data


def test_list_pages_show_no_images(output):
    for page in ("index.html", "years/2024/index.html", "tags/pillar-2/index.html"):
        soup = soup_of(output / page)
        assert not [img for img in soup.find_all("img") if "media/" in img.get("src", "")]
        assert not soup.select("figure.event-media")


def test_events_json_carries_media(output):
    data = json.loads((output / "data" / "events.json").read_text("utf-8"))
    jsonschema.validate(data, EVENTS_SCHEMA, format_checker=jsonschema.FormatChecker())
    events = {e["id"]: e for e in data["events"]}
    assert all(e["media"] == [] for i, e in events.items() if i != EVENT_ID)
    photo, chart, _turned, link = events[EVENT_ID]["media"]
    assert photo["type"] == "image" and photo["file"] == "media/photo.jpg"
    assert (photo["width"], photo["height"]) == (1600, 960)
    assert photo["alt"] == "A red and blue test card"
    assert photo["credit"] == "Photo: Jane Doe, CC BY 4.0"
    assert photo["caption"] == "The ministers' press conference"
    assert photo["url"].startswith("media/") and photo["url"].endswith("-1600.jpg")
    assert [(r["type"], r["width"]) for r in photo["renditions"]] == [
        ("image/webp", 480), ("image/webp", 960), ("image/webp", 1600),
        ("image/jpeg", 480), ("image/jpeg", 960), ("image/jpeg", 1600)]
    for rendition in photo["renditions"]:
        assert (output / rendition["url"]).is_file()  # the path from the timeline's folder
    assert chart["credit"] == "Chart <b>Example</b> & Co"  # data, not HTML
    assert link == {"type": "link", "url": "https://www.example.org/photos/press-conference",
                    "file": None, "width": None, "height": None, "alt": None,
                    "credit": "Example Ministry",
                    "caption": "More photographs on the ministry's site", "renditions": []}


def test_timelinejs_slide_shows_the_first_image(output):
    data = json.loads((output / "data" / "timelinejs.json").read_text("utf-8"))
    slides = {s["unique_id"]: s for s in data["events"]}
    assert all("media" not in s for i, s in slides.items() if i != EVENT_ID)
    media = slides[EVENT_ID]["media"]
    assert media["url"].startswith("../media/") and media["url"].endswith("-960.jpg")
    assert (output / "timeline-view" / media["url"]).resolve().is_file()  # from the view
    assert media["credit"] == "Photo: Jane Doe, CC BY 4.0"
    assert media["caption"] == "The ministers&#39; press conference"  # inserted as HTML
    assert media["alt"] == "A red and blue test card"


def test_a_second_build_reuses_every_image_file(site, output, monkeypatch):
    before = {p.name: p.stat().st_mtime_ns for p in (output / "media").iterdir()}

    def no_encoding(*args, **kwargs):
        raise AssertionError("an unchanged image was encoded again")

    monkeypatch.setattr(media_output, "encode", no_encoding)
    build_site(output, site / "events")
    assert {p.name: p.stat().st_mtime_ns for p in (output / "media").iterdir()} == before
    # an empty output folder: the files come from the build cache, not the encoder
    fresh = site / "fresh"
    build_site(fresh, site / "events", CACHE_PATH=str(site / "output-cache"))
    assert sorted(p.name for p in (fresh / "media").iterdir()) == sorted(before)
    for name in before:
        assert (fresh / "media" / name).read_bytes() == (output / "media" / name).read_bytes()


def test_an_edited_image_gets_new_files_and_its_page_shows_them(tmp_path):
    events = media_events(tmp_path)
    output = build_site(tmp_path / "output", events)
    old = soup_of(output / PAGE).select_one("figure.event-media img")["src"]
    Image.new("RGB", (1000, 500), (250, 250, 0)).save(events / "media" / "photo.jpg")
    build_site(output, events)  # the event file itself is unchanged
    img = soup_of(output / PAGE).select_one("figure.event-media img")
    assert img["src"] != old and img["src"].endswith("-1000.jpg")  # 960 is too near 1000
    assert [w for _url, w in srcset(img["srcset"])] == [480, 1000]
    assert (img["width"], img["height"]) == ("1000", "500")
    assert (output / "events" / EVENT_ID / img["src"]).resolve().is_file()


def test_published_exports_give_absolute_image_addresses(site, tmp_path):
    siteurl = "https://timeline.example.org/sub"
    output = build_site(tmp_path / "output", site / "events", settings="publishconf.py",
                        SITEURL=siteurl)
    data = json.loads((output / "data" / "events.json").read_text("utf-8"))
    photo = next(e for e in data["events"] if e["id"] == EVENT_ID)["media"][0]
    assert photo["url"].startswith(f"{siteurl}/media/")
    assert all(r["url"].startswith(f"{siteurl}/media/") for r in photo["renditions"])
    slides = json.loads((output / "data" / "timelinejs.json").read_text("utf-8"))["events"]
    media = next(s for s in slides if s["unique_id"] == EVENT_ID)["media"]
    assert media["url"].startswith(f"{siteurl}/media/") and media["url"].endswith("-960.jpg")


def test_every_edition_shows_the_one_set_of_images(site, tmp_path):
    output = build_site(tmp_path / "output", site / "events", TIMELINE_LANGUAGES=["en", "ja"])
    assert not (output / "ja" / "media").exists()
    page = output / "ja" / PAGE
    soup = soup_of(page)
    figure = soup.select_one("figure.event-media")
    assert figure["lang"] == "en"  # alt, caption and credit are in the file's language
    src = figure.select_one("img")["src"]
    assert src.startswith("../../../media/")
    assert (page.parent / src).resolve().is_file()
    slides = json.loads((output / "ja" / "data" / "timelinejs.json").read_text("utf-8"))
    slide = next(s for s in slides["events"] if s["unique_id"] == EVENT_ID)
    assert slide["media"]["url"].startswith("../../media/")
    assert (output / "ja" / "timeline-view" / slide["media"]["url"]).resolve().is_file()
    # the TimelineJS texts are in the edition's language too
    assert slide["group"] == "否定"
    assert "出来事のページ" in slide["text"]["text"] and "Event page" not in slide["text"]["text"]


def test_the_pages_with_images_are_valid_html(output):
    from htmlcheck import vnu_report

    report = vnu_report(output)
    assert not report, "\n".join(report)
