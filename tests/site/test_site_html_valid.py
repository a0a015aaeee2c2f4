"""Every page of the AUKUS site is valid HTML by the Nu Html Checker (see
tests/engine/test_html_valid.py for how the checker is installed)."""

from __future__ import annotations

from pathlib import Path

from htmlcheck import vnu_report


def test_every_page_of_the_site_is_valid_html(real_site: Path) -> None:
    report = vnu_report(real_site)
    assert not report, "\n".join(report)
