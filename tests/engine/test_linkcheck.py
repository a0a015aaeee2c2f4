"""`invoke linkcheck` against a local HTTP server started by the test (never the internet)."""

from __future__ import annotations

import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from pelican.plugins.timeline.commands import linkcheck

SEEN: list[tuple[str, str, str]] = []


class Handler(BaseHTTPRequestHandler):
    def _answer(self, body: bool) -> None:
        SEEN.append((self.command, self.path, self.headers.get("User-Agent", "")))
        path = self.path
        if path == "/ok":
            self.send_response(200)
        elif path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
        elif path == "/nohead" and self.command == "HEAD":
            self.send_response(405)
        elif path == "/nohead":
            self.send_response(200)
        elif path == "/slow":
            time.sleep(2)
            self.send_response(200)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self) -> None:
        self._answer(False)

    def do_GET(self) -> None:
        self._answer(True)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def check(url: str, timeout: float = 5.0) -> linkcheck.Result:
    return linkcheck.check_link(linkcheck.Link(url), timeout)


def test_ok_and_user_agent(server):
    result = check(server + "/ok")
    assert result.ok and result.status == 200 and result.final_url is None
    assert SEEN[-1] == ("HEAD", "/ok", linkcheck.USER_AGENT)
    assert re.match(r"[a-z0-9-]+-linkcheck/1\.0 \(\+https://", linkcheck.USER_AGENT)


def test_redirect_is_followed_and_reported(server):
    result = check(server + "/moved")
    assert result.ok and result.final_url == server + "/ok"


def test_dead_link(server):
    result = check(server + "/gone")
    assert not result.ok and result.describe() == "HTTP 404"


def test_head_refused_falls_back_to_get(server):
    result = check(server + "/nohead")
    assert result.ok
    assert [c for c, p, _ in SEEN if p == "/nohead"][-2:] == ["HEAD", "GET"]


def test_redirect_loop(server):
    result = check(server + "/loop")
    assert not result.ok and "redirects" in result.describe()


def test_timeout(server):
    result = check(server + "/slow", timeout=0.3)
    assert not result.ok and "timeout" in result.describe()


def test_connection_refused():
    result = check("http://127.0.0.1:9/x", timeout=2)
    assert not result.ok and result.describe().startswith("cannot connect")


def test_command_reports_dead_links_with_archive(server, events_dir, tmp_path, capsys):
    (events_dir / "a.yaml").write_text(f"""\
title: Links
date: "2024-03-02"
status: confirmed
summary: Links.
sources:
  - url: {server}/ok
    title: OK
    publisher: P
  - url: {server}/gone
    title: Gone
    publisher: P
    archive_url: {server}/moved
""", encoding="utf-8")
    report = tmp_path / "links.md"
    code = linkcheck.main([str(events_dir), "--timeout", "5", "--concurrency", "2",
                           "--report", str(report)])
    assert code == 1
    out = capsys.readouterr().out
    assert f"DEAD {server}/gone (HTTP 404) in " in out
    assert f"archived copy: {server}/moved" in out
    assert f"MOVED {server}/moved -> {server}/ok" in out
    text = report.read_text(encoding="utf-8")
    assert "3 URL(s) checked: 1 dead, 1 redirected." in text
    assert f"| <{server}/gone> | HTTP 404 | {server}/moved |" in text


def test_command_succeeds_when_all_links_work(server, events_dir):
    (events_dir / "a.yaml").write_text(f"""\
title: Links
date: "2024-03-02"
status: confirmed
summary: Links.
sources:
  - url: {server}/ok
    title: OK
    publisher: P
""", encoding="utf-8")
    assert linkcheck.main([str(events_dir), "--timeout", "5"]) == 0
