"""Event images: resized copies of each local image (`media: - file: media/…`) under the
timeline's `media/` folder, for the event pages' `<picture>` and the exports.

Each image is written at a few widths (WIDTHS, never wider than the original: a narrower
image gets its own width only) in WebP and in a fallback format for browsers without it:
JPEG for a JPEG original, PNG for the others (PNG, GIF, WebP, which may be transparent).
A file is named `media/<hash>-<width>.<ext>`, the hash being the first NAME_DIGITS hex
digits of the original's SHA-256: no text of a contributor reaches an output path, and an
edited image gets new names. Nothing of the original's metadata is copied (EXIF, GPS, XMP,
comments; the orientation is applied first), only its colour profile. An animated GIF is
shown as its first frame.

Nothing is encoded twice: a file the previous build wrote with the same name and encoding
is reused (PageWriter.reuse_text, a hard link), and every file made is kept in the build
cache (CACHE_PATH/timeline-media/, keyed by the original's full SHA-256, the width and the
encoding), so a build into an empty output folder copies instead of encoding. The images
are written once, in the timeline's folder (the first edition's), for every edition.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..building.incremental import blake
from ..reading.issues import TimelineBuildError
from ..reading.model import Event, Media
from ..reading.schema import MEDIA_FORMATS
from ..settings import TimelineConfig, join_url
from .common import is_absolute

logger = logging.getLogger(__name__)

MEDIA_DIR = "media"
WIDTHS: tuple[int, ...] = (480, 960, 1600)  # pixels; the largest is the most ever written
SRC_WIDTH = 960  # the file for `src` (and TimelineJS): what a page column needs
NAME_DIGITS = 16
WEBP_QUALITY = 80
JPEG_QUALITY = 82
# Every setting of the encoder: a change makes new files (fingerprints and cache names).
ENCODING = f"media-1:webp-q{WEBP_QUALITY}-m4:jpeg-q{JPEG_QUALITY}-progressive:png-9:lanczos"
CACHE_FOLDER = "timeline-media"
# The event page's column: main is 46rem wide with 1rem of padding each side.
SIZES = "(min-width: 46rem) 44rem, calc(100vw - 2rem)"
EXTENSIONS = {"WEBP": "webp", "JPEG": "jpg", "PNG": "png"}
MIME_TYPES = {"WEBP": "image/webp", "JPEG": "image/jpeg", "PNG": "image/png"}
MAX_THREADS = 4  # each holds a decoded image (up to 40 megapixels, 160 MB)


@dataclass(frozen=True)
class Rendition:
    """One file written for an image: its path from the timeline's folder and its size."""

    path: str
    width: int
    height: int
    format: str  # WEBP, JPEG or PNG

    @property
    def type(self) -> str:
        return MIME_TYPES[self.format]


@dataclass(frozen=True)
class Picture:
    """What a `<picture>` needs: the WebP files, the fallback files, the `src` (the
    first fallback at least SRC_WIDTH wide, else the widest), the largest size (for `width` and
    `height`, which give the browser the proportions before the file arrives) and
    `sizes`."""

    webp: tuple[Rendition, ...]
    fallback: tuple[Rendition, ...]
    src: Rendition
    width: int
    height: int
    sizes: str = SIZES


def widths(width: int) -> tuple[int, ...]:
    """The widths written for an image `width` pixels wide: the standard ones below it (but
    not one within 10% of the largest) and the largest, at most WIDTHS[-1]: never upscaled."""
    top = min(width, WIDTHS[-1])
    return (*(w for w in WIDTHS if w < top * 0.9), top)


def fallback_format(media: Media) -> str:
    return "JPEG" if media.format == "JPEG" else "PNG"


def renditions(media: Media) -> tuple[Rendition, ...]:
    """Every file written for a local image (its facts filled in by the loader): the
    WebP ones, then the fallback ones, each from narrow to wide."""
    if not media.is_image or not media.digest or media.width < 1 or media.height < 1:
        return ()
    name = media.digest[:NAME_DIGITS]
    return tuple(
        Rendition(f"{MEDIA_DIR}/{name}-{w}.{EXTENSIONS[fmt]}", w,
                  max(1, round(media.height * w / media.width)), fmt)
        for fmt in ("WEBP", fallback_format(media)) for w in widths(media.width))


def picture(media: Media) -> Picture | None:
    """The `<picture>` of a local image (a Jinja filter: `item|media_picture`)."""
    files = renditions(media)
    if not files:
        return None
    webp = tuple(r for r in files if r.format == "WEBP")
    fallback = tuple(r for r in files if r.format != "WEBP")
    src = next((r for r in fallback if r.width >= SRC_WIDTH), fallback[-1])
    return Picture(webp, fallback, src, fallback[-1].width, fallback[-1].height)


# ---- addresses in the exports --------------------------------------------------------


def root_mount(config: TimelineConfig) -> str:
    """The timeline's folder (where media/ is) from an edition's settings: an edition
    other than the first lives in `<lang>/` inside it (building.editions)."""
    mount = config.mount
    suffix = f"{config.language}/"
    if config.languages and config.language != config.languages[0] and mount.endswith(suffix):
        return mount[: -len(suffix)]
    return mount


def edition_depth(config: TimelineConfig) -> str:
    """From an edition's folder up to the timeline's: "" for the first, "../" for others."""
    return "../" if root_mount(config) != config.mount else ""


def media_url(config: TimelineConfig, path: str) -> str:
    """A written file's address: absolute when SITEURL is absolute, else its path from the
    timeline's folder."""
    if is_absolute(config):
        return f"{join_url(config.site_root_url, root_mount(config)).rstrip('/')}/{path}"
    return path


def media_object(media: Media, config: TimelineConfig) -> dict[str, Any]:
    """An item of `media` in events.json (see schemas/events-json.schema.json)."""
    files = renditions(media)
    largest = [r for r in files if r.format != "WEBP"][-1:] if files else []
    return {
        "type": "image" if media.is_image else "link",
        "url": media_url(config, largest[0].path) if largest else media.url,
        "file": media.file,
        "width": largest[0].width if largest else None,
        "height": largest[0].height if largest else None,
        "alt": media.alt,
        "credit": media.credit,
        "caption": media.caption,
        "renditions": [{"url": media_url(config, r.path), "width": r.width,
                        "height": r.height, "type": r.type} for r in files],
    }


# ---- writing -------------------------------------------------------------------------


def fingerprint(rendition: Rendition) -> str:
    return blake(ENCODING, rendition.path)


def cache_name(media: Media, rendition: Rendition) -> str:
    """The file's name in the build cache: the original's whole SHA-256, the width and
    a hash of the encoding."""
    return (f"{media.digest}-{rendition.width}-{blake(ENCODING)[:8]}."
            f"{EXTENSIONS[rendition.format]}")


def local_images(events: Iterable[Event]) -> dict[str, tuple[Event, int, Media]]:
    """Each image once (the same picture in two events, or under two names, is one), by
    its SHA-256, with the first event and item that shows it."""
    found: dict[str, tuple[Event, int, Media]] = {}
    for event in events:
        for index, media in enumerate(event.media, 1):
            if media.is_image and media.digest:
                found.setdefault(media.digest, (event, index, media))
    return dict(sorted(found.items()))


def write_media(writer: Any, events: Iterable[Event], config: TimelineConfig) -> tuple[int, int]:
    """Write every file of every local image; returns (files encoded, files reused or
    copied from the cache)."""
    cache = config.cache_path / CACHE_FOLDER if config.cache_path is not None else None
    images = local_images(events)
    todo: list[tuple[Event, int, Media, list[Rendition]]] = []
    used: set[str] = set()
    kept = 0
    for event, index, media in images.values():
        missing: list[Rendition] = []
        for rendition in renditions(media):
            used.add(cache_name(media, rendition))
            if writer.reuse_text(rendition.path, fingerprint(rendition)):
                kept += 1
                continue
            cached = cache / cache_name(media, rendition) if cache is not None else None
            try:
                data = cached.read_bytes() if cached is not None else None
            except OSError:
                data = None
            if data:
                writer.write_text(rendition.path, data, fingerprint(rendition))
                kept += 1
            else:
                missing.append(rendition)
        if missing:
            todo.append((event, index, media, missing))
    made = 0
    if todo:
        threads = min(MAX_THREADS, len(todo), config.jobs or os.cpu_count() or 1)
        with ThreadPoolExecutor(max_workers=threads) as pool:
            jobs = [pool.submit(_make, config.events_path, *job) for job in todo]
            for (_event, _index, media, _missing), job in zip(todo, jobs, strict=True):
                for rendition, data in job.result():
                    if cache is not None:
                        _keep(cache, cache_name(media, rendition), data)
                    writer.write_text(rendition.path, data, fingerprint(rendition))
                    made += 1
    if cache is not None:
        _prune(cache, used)
    if images:
        logger.info("Timeline media: %d image(s), %d file(s) encoded, %d reused", len(images),
                    made, kept)
    return made, kept


def _make(events_path: Path, event: Event, index: int, media: Media,
          wanted: list[Rendition]) -> list[tuple[Rendition, bytes]]:
    line, col = event.positions.get(f"media:{index}:file", (event.line, 1))
    where = f"{event.path}:{line}:{col}: error: media {index}: 'file' {media.file}"
    try:
        data = (events_path / str(media.file)).read_bytes()
    except OSError as exc:
        raise TimelineBuildError(f"{where} cannot be read ({exc.strerror})") from None
    if hashlib.sha256(data).hexdigest() != media.digest:
        raise TimelineBuildError(f"{where} changed during the build: build again")
    try:
        return encode(data, wanted)
    except (OSError, ValueError, SyntaxError) as exc:  # damaged past what verify() sees
        raise TimelineBuildError(f"{where} cannot be decoded ({exc}): save the image "
                                 "again") from None


def encode(data: bytes, wanted: list[Rendition]) -> list[tuple[Rendition, bytes]]:
    """The files of one image (the original's bytes), decoded once."""
    from PIL import Image, ImageOps

    largest = max(wanted, key=lambda r: r.width)
    with Image.open(io.BytesIO(data), formats=list(MEDIA_FORMATS)) as original:
        icc = original.info.get("icc_profile")
        if original.format == "JPEG":  # decode at 1/2, 1/4 or 1/8 when that is enough
            turned = original.getexif().get(0x0112) in (5, 6, 7, 8)
            size = (largest.height, largest.width) if turned else (largest.width, largest.height)
            original.draft("RGB", size)
        image = ImageOps.exif_transpose(original)
        alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (
            "transparency" in image.info)
        image = image.convert("RGBA" if alpha else "RGB")
    result = []
    for rendition in wanted:
        size = (rendition.width, rendition.height)
        resized = (image.copy() if image.size == size else
                   image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0))
        resized.info = {}  # no metadata of the original (Image.resize copies it)
        out = io.BytesIO()
        extra: dict[str, Any] = {"icc_profile": icc} if icc else {}
        if rendition.format == "WEBP":
            resized.save(out, "WEBP", quality=WEBP_QUALITY, method=4, **extra)
        elif rendition.format == "JPEG":
            resized.convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY, optimize=True,
                                        progressive=True, **extra)
        else:
            resized.save(out, "PNG", compress_level=9, **extra)
        result.append((rendition, out.getvalue()))
    return result


def _keep(cache: Path, name: str, data: bytes) -> None:
    """Store a made file in the cache (a cache costs only time: a failure is ignored)."""
    try:
        cache.mkdir(parents=True, exist_ok=True)
        tmp = cache / f".{name}.tmp{os.getpid()}"
        tmp.write_bytes(data)
        os.replace(tmp, cache / name)
    except OSError as exc:
        logger.warning("Not caching %s: %s", name, exc)


def _prune(cache: Path, used: set[str]) -> None:
    """Delete the cached files this build did not use (images removed or edited)."""
    try:
        names = os.listdir(cache)
    except OSError:
        return
    for name in names:
        if name not in used and not name.startswith("."):
            with contextlib.suppress(OSError):
                (cache / name).unlink()
