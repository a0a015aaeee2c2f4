"""`invoke linkcheck` against a local HTTP server started by the test (never the internet)."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from pelican.plugins.timeline.commands import linkcheck

SEEN: list[tuple[str, str, str]] = []
SERVER: list[str] = []


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
        elif path == "/forbidden":  # HEAD and GET alike, as a bot filter answers
            self.send_response(403)
        elif path == "/too-many":
            self.send_response(429)
        elif path == "/linkedin":
            self.send_response(999)
        elif path == "/unavailable":
            self.send_response(503)
        elif path == "/removed":
            self.send_response(410)
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
    SERVER[:] = [f"http://127.0.0.1:{httpd.server_address[1]}"]
    yield SERVER[0]
    httpd.shutdown()
    httpd.server_close()


def check(url: str, timeout: float = 5.0) -> linkcheck.Result:
    return linkcheck.check_link(linkcheck.Link(url), timeout)


def test_ok_and_user_agent(server):
    result = check(server + "/ok")
    assert result.ok and result.status == 200 and result.final_url is None
    assert not result.dead and not result.blocked
    assert SEEN[-1] == ("HEAD", "/ok", "pelican-timeline-linkcheck/1.0")


def test_user_agent_names_the_repository_passed_in(server, events_dir, monkeypatch):
    monkeypatch.delenv("GITHUB_SERVER_URL", raising=False)
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)
    write_event(events_dir, "/ok")
    assert linkcheck.main([str(events_dir), "--repo-url", "https://example.org/me/site"]) == 0
    assert SEEN[-1] == ("HEAD", "/ok",
                        "pelican-timeline-linkcheck/1.0 (+https://example.org/me/site)")
    assert linkcheck.main([str(events_dir)]) == 0
    assert SEEN[-1] == ("HEAD", "/ok", "pelican-timeline-linkcheck/1.0")
    for agent in {ua for _, _, ua in SEEN}:
        assert "aukus" not in agent.lower()


def test_user_agent_reads_the_repository_from_github_actions(server, events_dir, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.example")
    monkeypatch.setenv("GITHUB_REPOSITORY", "someone/their-timeline")
    write_event(events_dir, "/ok")
    assert linkcheck.main([str(events_dir)]) == 0
    assert SEEN[-1][2] == (
        "pelican-timeline-linkcheck/1.0 (+https://github.example/someone/their-timeline)"
    )


def test_redirect_is_followed_and_reported(server):
    result = check(server + "/moved")
    assert result.ok and result.final_url == server + "/ok"


def test_dead_link(server):
    result = check(server + "/gone")
    assert result.dead and not result.blocked and result.describe() == "HTTP 404"


def test_gone_link_is_dead(server):
    result = check(server + "/removed")
    assert result.dead and result.describe() == "HTTP 410"


def test_unknown_host_is_dead():
    result = check("http://no-such-host.invalid/page", timeout=5)
    assert result.dead and result.describe().startswith("no such host"), result.describe()


@pytest.mark.parametrize(("path", "status"), [
    ("/forbidden", 403), ("/too-many", 429), ("/linkedin", 999), ("/unavailable", 503),
])
def test_blocked_answers_are_to_check_by_hand(server, path, status):
    result = check(server + path)
    assert result.blocked and not result.dead and not result.ok
    assert result.status == status


def test_head_refused_falls_back_to_get(server):
    result = check(server + "/nohead")
    assert result.ok
    assert [c for c, p, _ in SEEN if p == "/nohead"][-2:] == ["HEAD", "GET"]


def test_redirect_loop(server):
    result = check(server + "/loop")
    assert not result.ok and "redirects" in result.describe()


def test_timeout_is_to_check_by_hand(server):
    result = check(server + "/slow", timeout=0.3)
    assert result.blocked and "timeout" in result.describe()


def test_connection_refused():
    result = check("http://127.0.0.1:9/x", timeout=2)
    assert result.dead and result.describe().startswith("cannot connect")


def write_event(events_dir, *paths: str) -> None:
    sources = []
    for path in paths:
        sources.append(f"  - url: {{server}}{path}\n    title: T\n    publisher: P\n")
    text = ("title: Links\ndate: \"2024-03-02\"\nstatus: confirmed\nsummary: Links.\n"
            "sources:\n" + "".join(sources))
    (events_dir / "a.yaml").write_text(text.replace("{server}", SERVER[0]), encoding="utf-8")


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
    assert "3 URL(s) checked: 1 dead, 0 to check by hand, 1 redirected." in text
    assert f"| <{server}/gone> | HTTP 404 | {server}/moved |" in text
    assert "### Check by hand" not in text


def test_blocked_links_alone_do_not_fail_the_command(server, events_dir, tmp_path, capsys):
    write_event(events_dir, "/ok", "/forbidden", "/too-many")
    report = tmp_path / "links.md"
    code = linkcheck.main([str(events_dir), "--timeout", "5", "--report", str(report)])
    assert code == 0
    out = capsys.readouterr().out
    assert f"CHECK BY HAND {server}/forbidden (HTTP 403) in " in out
    assert f"CHECK BY HAND {server}/too-many (HTTP 429) in " in out
    assert "DEAD" not in out
    text = report.read_text(encoding="utf-8")
    assert "3 URL(s) checked: 0 dead, 2 to check by hand, 0 redirected." in text
    assert "### Dead links" not in text
    hand = text.split("### Check by hand", 1)[1]
    assert f"| <{server}/forbidden> | HTTP 403 | none |" in hand
    assert f"| <{server}/too-many> | HTTP 429 | none |" in hand


def test_report_keeps_dead_and_blocked_apart(server, events_dir, tmp_path):
    write_event(events_dir, "/removed", "/linkedin")
    report = tmp_path / "links.md"
    code = linkcheck.main([str(events_dir), "--timeout", "5", "--report", str(report)])
    assert code == 1
    text = report.read_text(encoding="utf-8")
    dead, hand = text.split("### Dead links", 1)[1].split("### Check by hand", 1)
    assert f"<{server}/removed>" in dead and f"<{server}/linkedin>" not in dead
    assert f"<{server}/linkedin>" in hand and f"<{server}/removed>" not in hand


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
