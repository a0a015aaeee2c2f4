"""Every page of the fixture site is valid HTML by the Nu Html Checker (vnu.jar, Java).

`invoke test` installs the pinned `vnu-jar` from npm before the tests
(commands/tasks.py: ensure_vnu); TIMELINE_VNU_JAR points elsewhere. In CI a missing
Java or vnu.jar is a failure; elsewhere the test is skipped with the command to run.
"""

from __future__ import annotations

from pathlib import Path

from htmlcheck import vnu_errors, vnu_report, vnu_tools


def test_every_fixture_page_is_valid_html(fixture_site: Path) -> None:
    report = vnu_report(fixture_site)
    assert not report, "\n".join(report)


def test_the_checker_reports_an_invalid_page(tmp_path: Path) -> None:
    java, jar = vnu_tools()
    bad = tmp_path / "bad.html"
    bad.write_text('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>x</title>'
                   '</head><body><form action="" method="get"></form></body></html>',
                   encoding="utf-8")
    errors = vnu_errors(java, jar, [bad])
    assert any("action" in m["message"] for m in errors), errors
