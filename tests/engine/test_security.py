"""Safe rendering in depth: hostile text never becomes script, even past validation."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from helpers import build_site

from pelican.plugins.timeline.building.markdown import ALLOWED_TAGS, render_uncached
from pelican.plugins.timeline.building.writer import OutputPathError, safe_target

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<a href='javascript:alert(1)'>x</a>",
    "![x](https://evil.example/x.png)",
    "x {: onfocus=alert(1) autofocus }",
    "<svg onload=alert(1)>",
    "<iframe src=https://evil.example></iframe>",
    "[x](/relative/path)",
    "<!-- <script>alert(1)</script> -->",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<style>body{display:none}</style>",
    "`<script>alert(1)</script>`",
]

def unsafe_parts(html: str, allowed_tags: set[str] | None = None) -> list[str]:
    """Elements and attributes that could run script, found by a real HTML parser."""
    found = []
    for tag in BeautifulSoup(html, "html5lib").find_all(True):
        if allowed_tags is not None and tag.name not in allowed_tags | {"html", "head", "body"}:
            found.append(f"<{tag.name}>")
        if tag.name == "script" and (tag.get("src") is None and tag.string and
                                     tag.get("type") not in ("application/json",
                                                             "application/ld+json")):
            found.append("inline script")
        if tag.name in ("iframe", "object", "embed", "base"):
            found.append(f"<{tag.name}>")
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if name.lower().startswith("on"):
                found.append(f"{name}= on <{tag.name}>")
            if name in ("href", "src", "action", "formaction") and re.match(
                    r"\s*(javascript|data|vbscript):", value, re.IGNORECASE):
                found.append(f"{name}={value}")
    return found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_renderer_alone_never_emits_script(payload):
    html = render_uncached(payload)
    assert unsafe_parts(html, ALLOWED_TAGS) == [], html
    for href in re.findall(r'href="([^"]*)"', html):
        assert href.startswith(("https://", "http://"))


def test_external_links_get_noopener():
    html = render_uncached("[x](https://www.example.org/)")
    assert 'rel="noopener noreferrer"' in html


def test_output_paths_never_come_from_text(tmp_path):
    for bad in ("../x.html", "/etc/passwd", "a/../../b", "a\\b", "a\0b"):
        with pytest.raises(OutputPathError):
            safe_target(tmp_path, bad)


def test_hostile_but_valid_text_through_the_real_build(tmp_path):
    events = tmp_path / "events"
    events.mkdir()
    (tmp_path / "threads").mkdir()
    # Text that passes validation but would be dangerous if not escaped.
    (events / "2024-01-02-hostile.yaml").write_text("""\
title: "x\\" onmouseover=\\"alert(1) <b"
date: "2024-01-02"
status: confirmed
summary: 'a <b onclick=alert(1) and &lt;script&gt;alert(1)&lt;/script&gt; `<script>x</script>`'
tags: [x-onerror]
actors: ["<b", "\\"><svg onload=alert(1)", "../../etc/passwd"]
sources:
  - url: https://www.example.org/a?q="><script>alert(1)</script>
    title: "</title><script>alert(1)</script>"
    publisher: "' onfocus='alert(1)"
    quote: "<img src=x onerror=alert(1)>"
""", encoding="utf-8")
    output = build_site(tmp_path / "output", events=events,
                        TIMELINE_THREADS_PATH=str(tmp_path / "threads"))
    files = [p for p in output.rglob("*") if p.is_file()]
    for path in files:
        assert path.resolve().is_relative_to(output.resolve())
    for path in files:
        if path.suffix not in (".html", ".xml", ".json", ".ics", ".atom", ".rss", ".csv",
                               ".bib", ".txt"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".html":
            assert re.search(r'<meta http-equiv="Content-Security-Policy"', text), path
            csp = re.search(r'Content-Security-Policy" content="([^"]*)"', text).group(1)
            assert "unsafe-inline" not in csp.split("script-src")[-1].split(";")[0]
            assert unsafe_parts(text) == [], path
        elif path.suffix in (".xml", ".atom", ".rss"):
            assert "<script>alert" not in text, path
