"""Polite fetching for readers: one request at a time per host, a delay, robots.txt.

Every request goes through :func:`sourcecheck.web.fetch.fetch_url` (the safe fetcher:
public addresses only unless allow-listed, size and time limits). On top of it:

- requests to one host (scheme, host and port) are made one at a time, at least
  ``delay`` seconds apart, counted from the end of the previous one;
- the host's ``/robots.txt`` is fetched once (through the same fetcher and the same
  delay) and read with :mod:`urllib.robotparser`; a page it disallows for our
  User-Agent is refused with :class:`~sourcecheck.web.fetch.FetchError` code
  ``robots_disallowed``. A robots.txt that is missing (any HTTP error status), too
  large or not plain text allows everything. One that cannot be reached now (DNS,
  connection, timeout, too many fetches under way) refuses the page with code
  ``robots_unavailable``, as crawlers do when they cannot tell, and is asked again for
  the host's next page; one refused by the safe fetcher (the address is not public, too
  many redirects) refuses every page of the host with that refusal's code.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from sourcecheck.web.fetch import FetchedPage, FetchError, FetchSettings, check_url, fetch_url

_ALLOW_ALL = frozenset({"http_status", "unsupported_content_type", "too_large"})
_TRANSIENT = frozenset({"dns_failed", "connection_failed", "timeout", "busy"})


def _origin(url: str) -> str:
    """``scheme://host[:port]`` of ``url`` (the default port left out), after checking it."""
    parts = urlsplit(url.strip())
    host, port = check_url(url)
    scheme = parts.scheme.lower()
    default = port == (443 if scheme == "https" else 80)
    shown = f"[{host}]" if ":" in host else host
    return f"{scheme}://{shown.lower()}" + ("" if default else f":{port}")


class _Host:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.last: float | None = None
        self.robots: RobotFileParser | None = None
        self.robots_error: FetchError | None = None
        self.robots_read = False


class PoliteFetcher:
    """Fetches pages under the rules in the module docstring (thread-safe).

    Args:
        settings: Limits of each fetch.
        delay: Seconds between two requests to one host.
        robots: Honour robots.txt.
        fetch: The underlying fetcher (tests may count calls); default ``fetch_url``.
        sleep, clock: For tests; default ``time.sleep`` and ``time.monotonic``.
    """

    def __init__(
        self,
        settings: FetchSettings | None = None,
        *,
        delay: float = 1.0,
        robots: bool = True,
        fetch: Callable[[str, FetchSettings], FetchedPage] = fetch_url,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings or FetchSettings()
        self.delay = max(0.0, delay)
        self.robots = robots
        self._fetch = fetch
        self._sleep = sleep
        self._clock = clock
        self._hosts: dict[str, _Host] = {}
        self._lock = threading.Lock()

    def _host(self, origin: str) -> _Host:
        with self._lock:
            return self._hosts.setdefault(origin, _Host())

    def _request(self, host: _Host, url: str, *, feed: bool = False) -> FetchedPage:
        # Called with host.lock held: one request at a time, delay apart.
        if host.last is not None:
            wait = host.last + self.delay - self._clock()
            if wait > 0:
                self._sleep(wait)
        settings = dataclasses.replace(self.settings, feeds=True) if feed else self.settings
        try:
            return self._fetch(url, settings)
        finally:
            host.last = self._clock()

    def _read_robots(self, host: _Host, origin: str) -> None:
        host.robots_read = True
        robots_url = f"{origin}/robots.txt"
        parser = RobotFileParser(robots_url)
        try:
            page = self._request(host, robots_url)
        except FetchError as exc:
            if exc.code in _ALLOW_ALL:
                parser.parse([])  # no rules: everything allowed
                host.robots = parser
            else:
                host.robots_error = exc
                host.robots_read = exc.code not in _TRANSIENT  # ask again next time
            return
        if page.kind == "text":
            parser.parse(page.text.splitlines())
        else:  # an HTML error page served as robots.txt says nothing
            parser.parse([])  # no rules: everything allowed
        host.robots = parser

    def fetch(self, url: str, *, feed: bool = False) -> FetchedPage:
        """The page at ``url`` (with ``feed``, a news feed too), politely.

        Raises:
            FetchError: Refused by the safe fetcher or by robots.txt (``robots_disallowed``).
        """
        origin = _origin(url)
        host = self._host(origin)
        with host.lock:
            if self.robots:
                if not host.robots_read:
                    self._read_robots(host, origin)
                error = host.robots_error
                if error is not None:
                    if error.code in _TRANSIENT:
                        host.robots_error = None
                        raise FetchError(
                            url,
                            "robots_unavailable",
                            f"{origin}/robots.txt could not be fetched ({error.problem}), so "
                            "the page is not fetched; try again later",
                        )
                    raise FetchError(url, error.code, f"{error.problem} (for its robots.txt)")
                assert host.robots is not None
                if not host.robots.can_fetch(self.settings.user_agent, url):
                    raise FetchError(
                        url,
                        "robots_disallowed",
                        f"{origin}/robots.txt disallows this page for sourcecheck; save the "
                        "page yourself and give the file if you may use it",
                    )
            return self._request(host, url, feed=feed)
