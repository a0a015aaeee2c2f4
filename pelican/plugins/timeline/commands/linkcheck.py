"""`invoke linkcheck`: check every source and archive URL of every event.

Standard library only. HEAD first, GET when a server refuses HEAD; redirects are followed
(at most MAX_REDIRECTS) and reported; every request has a timeout; at most `concurrency`
requests run at once and at most PER_HOST at once against one host. Dead links are listed
with the archive link of the same source, when there is one.

Two kinds of failure are kept apart. A link is *dead* when the server says the page is not
there (404, 410, other 4xx), the host name does not resolve, or the connection is refused.
A link is *blocked* ("check by hand") when the answer says nothing about the page itself:
401, 403, 429, 451, 999, a 5xx, a timeout. Government and news sites commonly answer
requests from cloud runners that way. Exit status 1 if any link is dead; blocked links
alone exit 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import socket
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..reading.events import load_events
from ..reading.model import Event
from ..settings import ConfigError, repo_url_from
from .site import events_and_config, print_config_error

PRODUCT = "pelican-timeline-linkcheck/1.0"
USER_AGENT = PRODUCT  # without a repository URL; see user_agent()
MAX_REDIRECTS = 10
PER_HOST = 2
# Answers that refuse the checker rather than describe the page: check these by hand.
BLOCKED_STATUSES = frozenset({401, 403, 429, 451, 999})


def user_agent(repo_url: str | None = None) -> str:
    """The User-Agent: a neutral product name, plus the site's repository URL when known."""
    return f"{PRODUCT} (+{repo_url})" if repo_url else PRODUCT


@dataclass
class Link:
    url: str
    archive_url: str | None = None
    places: list[str] = field(default_factory=list)  # "events/x.yaml" of each use


@dataclass
class Result:
    link: Link
    ok: bool
    status: int | None = None
    final_url: str | None = None  # set when redirected
    error: str | None = None
    redirects: list[str] = field(default_factory=list)
    blocked: bool = False  # not ok, but the answer says nothing about the page: check by hand

    @property
    def dead(self) -> bool:
        return not self.ok and not self.blocked

    def describe(self) -> str:
        if self.error:
            return self.error
        return f"HTTP {self.status}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def collect_links(events: Iterable[Event]) -> list[Link]:
    """Every distinct source URL, with its archive URL and the files that use it."""
    links: dict[str, Link] = {}
    archives: dict[str, Link] = {}
    for event in events:
        for source in event.all_sources():
            link = links.setdefault(source.url, Link(source.url))
            if source.archive_url and not link.archive_url:
                link.archive_url = source.archive_url
            if event.path not in link.places:
                link.places.append(event.path)
            if source.archive_url:
                archive = archives.setdefault(source.archive_url, Link(source.archive_url))
                if event.path not in archive.places:
                    archive.places.append(event.path)
    for url, archive in archives.items():
        links.setdefault(url, archive)
    return list(links.values())


def _request(
    url: str, method: str, timeout: float, agent: str = USER_AGENT
) -> tuple[int, str | None]:
    """(status, Location header) for one request, without following redirects."""
    request = urllib.request.Request(
        url, method=method, headers={"User-Agent": agent, "Accept": "*/*"}
    )
    try:
        with _opener.open(request, timeout=timeout) as response:
            if method == "GET":
                response.read(1024)
            return response.status, None
    except urllib.error.HTTPError as exc:
        location = exc.headers.get("Location") if exc.headers else None
        exc.close()
        return exc.code, location


def check_url(url: str, timeout: float, agent: str = USER_AGENT) -> Result:
    link = Link(url)
    return check_link(link, timeout, agent)


def _timed_out(link: Link, timeout: float) -> Result:
    # Servers that drop requests from data centres do this too: not proof the page is gone.
    return Result(link, False, None, error=f"no answer within {timeout:g} s (timeout)",
                  blocked=True)


def check_link(link: Link, timeout: float, agent: str = USER_AGENT) -> Result:
    url = link.url
    redirects: list[str] = []
    try:
        for _ in range(MAX_REDIRECTS + 1):
            status, location = _request(url, "HEAD", timeout, agent)
            if status in (405, 403, 501, 400, 999) or (status >= 500 and location is None):
                # Some servers refuse or mishandle HEAD: ask again with GET.
                status, location = _request(url, "GET", timeout, agent)
            if status in (301, 302, 303, 307, 308) and location:
                url = urllib.request.urljoin(url, location)
                if urlsplit(url).scheme not in ("http", "https"):
                    return Result(link, False, status, error=f"redirect to a non-http URL {url}")
                redirects.append(url)
                continue
            ok = 200 <= status < 400
            blocked = not ok and (status in BLOCKED_STATUSES or status >= 500)
            return Result(
                link, ok, status, final_url=url if redirects else None, redirects=redirects,
                blocked=blocked,
            )
        return Result(link, False, None, error=f"more than {MAX_REDIRECTS} redirects")
    except TimeoutError:
        return _timed_out(link, timeout)
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            return _timed_out(link, timeout)
        if isinstance(reason, socket.gaierror):
            return Result(link, False, None, error=f"no such host: {reason}")
        if isinstance(reason, ConnectionResetError):
            # Dropped mid-way: what bot filters do, not what a missing page does.
            return Result(link, False, None, error=f"connection reset: {reason}", blocked=True)
        return Result(link, False, None, error=f"cannot connect: {reason}")
    except ConnectionResetError as exc:
        return Result(link, False, None, error=f"connection reset: {exc}", blocked=True)
    except (OSError, ValueError) as exc:
        return Result(link, False, None, error=f"request failed: {exc}")


def check_links(
    links: Sequence[Link], timeout: float, concurrency: int, agent: str = USER_AGENT
) -> list[Result]:
    """Check every link, at most `concurrency` at once and PER_HOST per host; input order."""
    host_locks: dict[str, threading.BoundedSemaphore] = {}
    guard = threading.Lock()

    def one(link: Link) -> Result:
        host = (urlsplit(link.url).hostname or "").lower()
        with guard:
            semaphore = host_locks.setdefault(host, threading.BoundedSemaphore(PER_HOST))
        with semaphore:
            return check_link(link, timeout, agent)

    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        return list(pool.map(one, links))


def _link_table(heading: str, intro: str, answer: str, no_archive: str,
                results: list[Result]) -> list[str]:
    lines = [f"### {heading}", "", intro, "",
             f"| URL | {answer} | Archive | Used in |", "| --- | --- | --- | --- |"]
    for r in results:
        places = ", ".join(f"`{p}`" for p in r.link.places)
        lines.append(f"| <{r.link.url}> | {r.describe()} | {r.link.archive_url or no_archive} "
                     f"| {places} |")
    return [*lines, ""]


def report_markdown(results: Sequence[Result], today: dt.date) -> str:
    dead = [r for r in results if r.dead]
    blocked = [r for r in results if r.blocked]
    moved = [r for r in results if r.ok and r.final_url]
    lines = [
        f"## Link check, {today.isoformat()}",
        "",
        f"{len(results)} URL(s) checked: {len(dead)} dead, {len(blocked)} to check by hand, "
        f"{len(moved)} redirected.",
        "",
    ]
    if dead:
        lines += _link_table(
            "Dead links", "The server says the page is not there, or the host does not exist.",
            "Problem", "none: add an archive_url", dead)
    if blocked:
        lines += _link_table(
            "Check by hand",
            "The server refused the checker or did not answer (common for government and "
            "news sites asked from a cloud runner). Open each link in a browser; these "
            "do not fail the check on their own.", "Answer", "none", blocked)
    if moved:
        lines += ["### Redirected", "", "| URL | Now at |", "| --- | --- |"]
        for r in moved:
            lines.append(f"| <{r.link.url}> | <{r.final_url}> |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="timeline-linkcheck", description=__doc__)
    parser.add_argument("events", nargs="?", help="the events folder (default: the site's)")
    parser.add_argument("--settings", default="pelicanconf.py",
                        help="the site's settings file (default: pelicanconf.py)")
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds per request")
    parser.add_argument("--concurrency", type=int, default=8, help="requests at once")
    parser.add_argument("--report", help="also write a Markdown report to this file")
    parser.add_argument(
        "--repo-url",
        default=repo_url_from("", os.environ) or None,
        help="the site's repository URL, named in the User-Agent (default: from "
        "GITHUB_SERVER_URL and GITHUB_REPOSITORY on GitHub Actions, else the site's "
        "TIMELINE_REPO_URL)",
    )
    args = parser.parse_args(argv)
    try:
        events_dir, config = events_and_config(args.events, args.settings)
    except ConfigError as exc:
        return print_config_error(exc, args.settings)
    if config is not None:
        args.repo_url = args.repo_url or config.repo_url or None
    loaded = load_events(events_dir, base=events_dir.absolute().parent)
    if loaded.errors:
        print(
            f"{len(loaded.errors)} validation error(s): links of invalid files are not "
            "checked (run `invoke validate`)",
            file=sys.stderr,
        )
    links = collect_links(loaded.events)
    results = check_links(links, args.timeout, args.concurrency, user_agent(args.repo_url))
    for r in results:
        where = ", ".join(r.link.places)
        archive = f"; archived copy: {r.link.archive_url}" if r.link.archive_url else ""
        if r.dead:
            print(f"DEAD {r.link.url} ({r.describe()}) in {where}{archive}")
        elif r.blocked:
            print(f"CHECK BY HAND {r.link.url} ({r.describe()}) in {where}{archive}")
        elif r.final_url:
            print(f"MOVED {r.link.url} -> {r.final_url} ({r.describe()}) in {where}")
    dead = sum(1 for r in results if r.dead)
    blocked = sum(1 for r in results if r.blocked)
    print(f"{len(results)} URL(s) checked, {dead} dead, {blocked} to check by hand",
          file=sys.stderr)
    if args.report:
        Path(args.report).write_text(report_markdown(results, dt.date.today()), encoding="utf-8")
    return 1 if dead else 0


if __name__ == "__main__":
    sys.exit(main())
