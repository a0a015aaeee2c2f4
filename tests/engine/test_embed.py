"""Embeds: the home timeline, each event, tag and actor has an embedded view (a compact
page for an iframe on other sites) with a static oEmbed document beside it, linked from
the full page, whose "Embed this" box gives the same iframe code. Real builds of the
fixture site (tests/engine/sample_site), read with html5lib."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import FIXTURE_EVENTS, SAMPLE_SETTINGS, SITENAME, build_site

from pelican.plugins.timeline.building import plan
from pelican.plugins.timeline.building.plan import iframe_code

SITEURL = "https://example.org/tl"
EVENT = "2024-05-10-fixture-partly"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")


def csp(doc: BeautifulSoup) -> str:
    meta = doc.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert meta is not None
    return str(meta["content"])


def full_pages(site: Path) -> dict[str, Path]:
    """Every page that has an embedded view: the home page, events, tags and actors."""
    found = {"": site / "index.html"}
    for kind in ("events", "tags", "actors"):
        for page in sorted((site / kind).glob("*/index.html")):
            found[f"{kind}/{page.parent.name}/"] = page
    assert len(found) > 10
    return found


def local_file(site: Path, url: str, base: str = SITEURL) -> Path:
    assert url.startswith(base + "/"), url
    path = site / url[len(base) + 1:]
    return path / "index.html" if url.endswith("/") else path


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site as published: absolute URLs under SITEURL, clean URLs."""
    output = tmp_path_factory.mktemp("embed-published") / "output"
    return build_site(output, settings="publishconf.py", SITEURL=SITEURL, RELATIVE_URLS=False)


def test_every_embeddable_page_has_a_compact_embedded_view(published: Path) -> None:
    for folder, page in full_pages(published).items():
        embed = published / "embed" / folder / "index.html"
        assert embed.is_file(), embed
        doc, full = soup(embed), soup(page)
        assert csp(doc) == csp(full)  # the same Content-Security-Policy as every page
        assert doc.html["lang"] == "en"
        assert not doc.find("nav") and not doc.select(".site-header, .site-search, form")
        assert not doc.find("script")  # works without JavaScript: it has none
        assert len(doc.find_all("h1")) == 1
        # every link opens in the top window (the summary is text: no link of its own)
        links = doc.find_all("a", href=True)
        assert links and all(a.get("target") == "_top" for a in links)
        assert not doc.find("base") and not doc.find("iframe")
        for a in links:
            if a["href"].startswith(SITEURL):
                assert local_file(published, a["href"].split("#")[0]).is_file(), a["href"]
        # the credit line: "from <site>", linking the full page
        credit = doc.select_one("footer.embed-credit a")
        assert credit.get_text() == SITENAME
        assert credit["href"] == f"{SITEURL}/{folder}" == full.find("link", rel="canonical")["href"]
        assert "from" in doc.select_one("footer.embed-credit").get_text()
        assert doc.find("link", rel="canonical")["href"] == credit["href"]
        assert doc.find("link", rel="stylesheet")["href"] == f"{SITEURL}/theme/css/site.css"


def test_the_embedded_views_show_their_events(published: Path) -> None:
    event = soup(published / "embed" / "events" / EVENT / "index.html")
    full = soup(published / "events" / EVENT / "index.html")
    assert event.find("h1").get_text(strip=True) == full.find("h1").get_text(strip=True)
    assert event.find("h1").a["href"] == f"{SITEURL}/events/{EVENT}/"
    assert event.select_one(".summary").get_text(strip=True) == \
        full.select_one(".summary").get_text(strip=True)
    assert event.select_one(".status").get_text(strip=True) == \
        full.select_one(".event-meta .status").get_text(strip=True)
    assert "source" in event.select_one(".embed-more").get_text()
    home = soup(published / "embed" / "index.html")
    titles = [a.get_text(strip=True) for a in home.select("ol.embed-events a")]
    events = json.loads((published / "data" / "events.json").read_text("utf-8"))["events"]
    assert titles == [e["title"] for e in reversed(events)]  # newest first
    assert home.select_one(".embed-count").get_text(strip=True) == \
        f"{len(events)} events, newest first."
    tag = sorted(p.parent.name for p in (published / "embed" / "tags").glob("*/index.html"))[0]
    listed = soup(published / "embed" / "tags" / tag / "index.html")
    assert listed.find("h1").get_text(strip=True) == f"Tag: {tag}"
    assert listed.select("ol.embed-events li")


def test_oembed_documents_match_the_embed_code_of_the_full_pages(published: Path) -> None:
    for folder, page in full_pages(published).items():
        full = soup(page)
        link = full.find("link", rel="alternate", type="application/json+oembed")
        assert link is not None, folder
        assert link["href"] == f"{SITEURL}/embed/{folder}oembed.json"
        document = json.loads(local_file(published, link["href"]).read_text("utf-8"))
        assert document["version"] == "1.0" and document["type"] == "rich"
        assert document["provider_name"] == SITENAME
        assert document["provider_url"] == SITEURL + "/"
        assert document["author_name"] == SAMPLE_SETTINGS["AUTHOR"]
        assert link["title"] == document["title"]
        width, height = document["width"], document["height"]
        assert isinstance(width, int) and isinstance(height, int) and width > 200 < height
        frame = BeautifulSoup(document["html"], "html5lib").find("iframe")
        assert frame["src"] == f"{SITEURL}/embed/{folder}"  # absolute
        assert local_file(published, frame["src"]).is_file()
        assert (frame["width"], frame["height"]) == (str(width), str(height))
        assert frame["title"] == document["title"] and frame["loading"] == "lazy"
        # "Embed this": the same code, to select and copy
        box = full.select_one("details.embed-share")
        assert box.summary.get_text(strip=True) == "Embed this"
        code = box.find("textarea")
        assert code.has_attr("readonly") and box.find("label")["for"] == code["id"]
        assert code.get_text() == document["html"]
        assert box.find("a", href=frame["src"])  # and a preview of the view


def test_lists_without_an_embedded_view_offer_none(published: Path) -> None:
    for page in [*published.glob("status/*/index.html"), *published.glob("years/*/index.html"),
                 published / "tags" / "index.html", published / "data" / "index.html"]:
        doc = soup(page)
        assert not doc.select("details.embed-share"), page
        assert not doc.find("link", type="application/json+oembed"), page
    assert not (published / "embed" / "status").exists()
    assert not (published / "embed" / "years").exists()


def test_the_embed_code_escapes_what_it_holds() -> None:
    code = iframe_code('https://x.org/e/?a=1&b="2"', 10, 20, 'A "quoted" <b>title</b> & more')
    frame = BeautifulSoup(code, "html5lib").find("iframe")
    assert frame["src"] == 'https://x.org/e/?a=1&b="2"'
    assert frame["title"] == 'A "quoted" <b>title</b> & more'
    assert "<b>" not in code


def test_a_local_build_has_views_but_no_oembed(fixture_site: Path) -> None:
    """Without an absolute SITEURL an iframe on another site has no address to load: the
    local build writes the embedded views (to preview) but no oEmbed document and no
    embed code; the box says why."""
    assert not list(fixture_site.rglob("oembed.json"))
    for folder, page in full_pages(fixture_site).items():
        embed = fixture_site / "embed" / folder / "index.html"
        assert embed.is_file()
        doc = soup(page)
        assert not doc.find("link", type="application/json+oembed")
        box = doc.select_one("details.embed-share")
        assert not box.find("textarea") and "SITEURL" in box.get_text()
        preview = box.find("a")["href"]
        assert (page.parent / preview).resolve() == embed.resolve()
        view = soup(embed)
        credit = view.select_one("footer.embed-credit a")["href"]
        assert (embed.parent / credit).resolve() == page.resolve()
        assert not view.find("link", rel="canonical")


def test_the_home_view_shows_only_the_latest_events(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plan, "EMBED_MAX_EVENTS", 3)
    output = build_site(tmp_path / "output", TIMELINE_JOBS=1)
    home = soup(output / "embed" / "index.html")
    events = json.loads((output / "data" / "events.json").read_text("utf-8"))["events"]
    assert [a.get_text(strip=True) for a in home.select("ol.embed-events a")] == \
        [e["title"] for e in events[::-1][:3]]
    assert home.select_one(".embed-count").get_text(strip=True) == \
        f"The latest 3 of {len(events)} events, newest first."


def test_each_language_edition_has_its_own_embeds(tmp_path: Path) -> None:
    output = build_site(tmp_path / "output", settings="publishconf.py", SITEURL=SITEURL,
                        RELATIVE_URLS=False, TIMELINE_LANGUAGES=["en", "fr"])
    for lang, prefix in (("en", ""), ("fr", "fr/")):
        view = soup(output / prefix / "embed" / "events" / EVENT / "index.html")
        assert view.html["lang"] == lang
        assert view.select_one("footer.embed-credit a")["href"] == \
            f"{SITEURL}/{prefix}events/{EVENT}/"
        document = json.loads((output / prefix / "embed" / "oembed.json").read_text("utf-8"))
        assert document["provider_url"] == f"{SITEURL}/{prefix}"
        frame = BeautifulSoup(document["html"], "html5lib").find("iframe")
        assert frame["src"] == f"{SITEURL}/{prefix}embed/"
        full = soup(output / prefix / "index.html")
        assert full.find("link", type="application/json+oembed")["href"] == \
            f"{SITEURL}/{prefix}embed/oembed.json"
        assert full.select_one("details.embed-share textarea").get_text() == document["html"]
    en = soup(output / "embed" / "events" / EVENT / "index.html")
    fr = soup(output / "fr" / "embed" / "events" / EVENT / "index.html")
    assert en.select_one("footer.embed-credit").get_text(strip=True).startswith("from")
    assert fr.select_one("footer.embed-credit").get_text(strip=True) != \
        en.select_one("footer.embed-credit").get_text(strip=True)
    fr_home = soup(output / "fr" / "index.html")
    assert fr_home.select_one("details.embed-share summary").get_text(strip=True) != "Embed this"


def test_an_edit_renders_again_only_the_views_it_changes(tmp_path: Path) -> None:
    events = tmp_path / "events"
    shutil.copytree(FIXTURE_EVENTS, events)
    cache = tmp_path / "cache"
    options = {"settings": "publishconf.py", "SITEURL": SITEURL, "RELATIVE_URLS": False,
               "CACHE_PATH": str(cache), "TIMELINE_JOBS": 1}
    first = build_site(tmp_path / "first", events, **options)
    edited = events / f"{EVENT}.yaml"
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("title: ", "title: Retitled ", 1), encoding="utf-8")
    second = build_site(tmp_path / "second", events, TIMELINE_PREVIOUS_OUTPUT=str(first),
                        **options)
    cold = build_site(tmp_path / "cold", events, **{**options, "CACHE_PATH": str(tmp_path / "c2")})
    views = sorted(p.relative_to(cold).as_posix() for p in (cold / "embed").rglob("*")
                   if p.is_file())
    assert len(views) == 2 * len(full_pages(cold))
    for name in views:  # the incremental build gives exactly what a cold build gives
        assert (second / name).read_bytes() == (cold / name).read_bytes(), name
    view = f"embed/events/{EVENT}/"
    assert "Retitled" in (second / view / "oembed.json").read_text("utf-8")
    assert "Retitled" in (second / view / "index.html").read_text("utf-8")
    assert "Retitled" in (second / "embed" / "index.html").read_text("utf-8")
    unchanged = "embed/events/2021-09-15-pact-announced/"
    for name in ("index.html", "oembed.json"):  # reused (hard-linked), not written again
        assert (first / unchanged / name).stat().st_ino == (second / unchanged / name).stat().st_ino
