"""Readers that fetch: feeds, URL lists, JSONL URLs and the polite fetcher (127.0.0.1 only)."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from sourcecheck.ingest import ReadError, ReadOptions, read_input, read_inputs
from sourcecheck.ingest.readers import PoliteFetcher
from sourcecheck.records import Article, DateSource
from sourcecheck.web.fetch import FetchedPage, FetchError, FetchSettings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest" / "readers"
STORM = (
    "<!DOCTYPE html><html><head><title>Storm closes schools</title></head><body><article>"
    "<p>The school board said on Monday that all schools would stay closed, a spokesperson "
    "told reporters.</p><p>Roads in the north of the county were flooded, police said.</p>"
    "</article></body></html>"
)
DATED = STORM.replace(
    "<title>", '<meta property="article:published_time" content="2016-01-02"><title>'
)
ROBOTS = "User-agent: *\nDisallow: /private/\n"


class _Handler(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []
    base: ClassVar[str] = ""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, status: int, body: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _fixture(self, name: str) -> bytes:
        return (FIXTURES / name).read_text().replace("BASE", _Handler.base).encode()

    def do_GET(self) -> None:
        _Handler.hits.append(self.path)
        routes: dict[str, tuple[bytes, str]] = {
            "/robots.txt": (ROBOTS.encode(), "text/plain"),
            "/news/storm.html": (STORM.encode(), "text/html; charset=utf-8"),
            "/news/2016/09/12/storm.html": (STORM.encode(), "text/html; charset=utf-8"),
            "/news/dated.html": (DATED.encode(), "text/html; charset=utf-8"),
            "/private/secret.html": (STORM.encode(), "text/html"),
            "/feed.txt": (self._fixture("feed.rss"), "text/plain; charset=utf-8"),
            "/feed.rss": (self._fixture("feed.rss"), "application/rss+xml"),
        }
        if self.path in routes:
            self._send(200, *routes[self.path])
        else:
            self._send(404, b"not found", "text/plain")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    _Handler.base = base
    yield base
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def hits() -> list[str]:
    _Handler.hits.clear()
    return _Handler.hits


LOCAL = ReadOptions(fetch=FetchSettings(allow_networks=("127.0.0.1/32",), timeout=3), delay=0)


def _served(tmp_path: Path, fixture: str, base: str) -> str:
    path = tmp_path / fixture
    path.write_text((FIXTURES / fixture).read_text().replace("BASE", base))
    return str(path)


def test_rss_file_items_are_fetched_with_their_dates(
    tmp_path: Path, server: str, hits: list[str]
) -> None:
    items = list(read_input(_served(tmp_path, "feed.rss", server), LOCAL))
    storm, no_link, secret, dated = items
    assert isinstance(storm, Article) and storm.path == f"{server}/news/storm.html"
    assert (storm.date, storm.date_source) == (dt.date(2016, 9, 12), DateSource.FEED_ITEM)
    assert (storm.outlet, storm.format, storm.url) == (
        "The Riverton Gazette",
        "html",
        f"{server}/news/storm.html",
    )
    assert isinstance(no_link, ReadError) and no_link.item.endswith("feed.rss#2")
    assert "no link" in str(no_link.error)
    assert isinstance(secret, ReadError) and secret.item == f"{server}/private/secret.html"
    assert isinstance(secret.error, FetchError) and secret.error.code == "robots_disallowed"
    assert isinstance(dated, Article) and dated.date == dt.date(2016, 1, 2)  # the page's own
    # robots.txt once for the host, then each allowed page; the disallowed one never.
    assert hits == ["/robots.txt", "/news/storm.html", "/news/dated.html"]


def test_atom_file(tmp_path: Path, server: str, hits: list[str]) -> None:
    [article] = list(read_input(_served(tmp_path, "feed.atom", server), LOCAL))
    assert isinstance(article, Article)
    assert (article.date, article.outlet) == (dt.date(2016, 9, 15), "Riverton Atom")


def test_feed_url_served_as_text_is_read(server: str, hits: list[str]) -> None:
    items = list(read_input(f"{server}/feed.txt", LOCAL, kind="feed"))
    assert sum(isinstance(i, Article) for i in items) == 2


def test_feed_url_served_as_rss_is_read(server: str) -> None:
    # The safe fetcher takes RSS/Atom/XML media types when a feed is asked for.
    items = list(read_input(f"{server}/feed.rss", LOCAL))
    assert sum(isinstance(i, Article) for i in items) == 2  # as when served as text


def test_a_page_url_served_as_rss_is_still_refused() -> None:
    from sourcecheck.web.fetch import ACCEPTED_TYPES, FEED_TYPES

    assert not set(FEED_TYPES) & set(ACCEPTED_TYPES)  # pages never take a feed's types


@pytest.mark.parametrize("content", [b"<html><body>not a feed</body></html>", b"\x00\x01"])
def test_a_file_that_is_not_a_feed(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.rss"
    path.write_bytes(content)
    [item] = list(read_input(str(path), LOCAL))
    assert isinstance(item, ReadError) and "not an RSS or Atom feed" in str(item.error)


def test_url_list(tmp_path: Path, server: str, hits: list[str]) -> None:
    path = _served(tmp_path, "urls.txt", server)
    items = list(read_input(f"@{path}", LOCAL))
    storm, secret, not_url, missing = items
    assert isinstance(storm, Article) and storm.path == f"{server}/news/2016/09/12/storm.html"
    assert isinstance(secret, ReadError) and "robots.txt disallows" in str(secret.error)
    assert isinstance(not_url, ReadError) and not_url.item == f"{path}:5"
    assert "'not a url' is not an http:// or https:// URL" in str(not_url.error)
    assert isinstance(missing, ReadError) and "answered 404" in str(missing.error)
    assert hits.count("/robots.txt") == 1


def test_dates_from_url_for_fetched_pages(tmp_path: Path, server: str) -> None:
    path = _served(tmp_path, "urls.txt", server)
    options = ReadOptions(fetch=LOCAL.fetch, delay=0, dates_from="url")
    storm = next(read_input(f"@{path}", options))
    assert isinstance(storm, Article) and storm.date == dt.date(2016, 9, 12)


def test_jsonl_url_lines_are_fetched(tmp_path: Path, server: str) -> None:
    path = tmp_path / "a.jsonl"
    lines = [
        {"url": f"{server}/news/storm.html", "date": "2016-09-30", "id": "s"},
        {"url": f"{server}/private/secret.html"},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    storm, secret = read_input(str(path), LOCAL)
    assert isinstance(storm, Article) and storm.path == f"{path}#s"
    assert (storm.date, storm.url) == (dt.date(2016, 9, 30), f"{server}/news/storm.html")
    assert isinstance(secret, ReadError) and secret.item == f"{path}:2"


def test_loopback_is_refused_without_the_allow_list(tmp_path: Path, server: str) -> None:
    [item] = list(read_input(f"{server}/news/storm.html"))
    assert isinstance(item, ReadError) and isinstance(item.error, FetchError)
    assert item.error.code == "address_not_allowed"  # robots.txt itself was refused
    assert item.item == f"{server}/news/storm.html" and "loopback" in str(item.error)


def test_robots_txt_is_shared_across_inputs(tmp_path: Path, server: str, hits: list[str]) -> None:
    names = [f"{server}/news/storm.html", f"{server}/news/dated.html"]
    assert all(isinstance(i, Article) for i in read_inputs(names, LOCAL))
    assert hits == ["/robots.txt", "/news/storm.html", "/news/dated.html"]


# -- the polite fetcher, with a fake fetch and clock --------------------------------------


class _Fake:
    def __init__(self, robots: str | FetchError = "") -> None:
        self.now = 0.0
        self.calls: list[tuple[float, str]] = []
        self.robots = robots

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds

    def fetch(self, url: str, settings: FetchSettings) -> FetchedPage:
        self.calls.append((self.now, url))
        self.now += 0.5  # each request takes half a second
        if url.endswith("/robots.txt"):
            if isinstance(self.robots, FetchError):
                raise self.robots
            return FetchedPage(url, url, "text", self.robots)
        return FetchedPage(url, url, "html", STORM)


def _polite(fake: _Fake, delay: float = 2.0) -> PoliteFetcher:
    return PoliteFetcher(delay=delay, fetch=fake.fetch, sleep=fake.sleep, clock=fake.clock)


def test_requests_to_one_host_wait_for_the_delay_others_do_not() -> None:
    fake = _Fake()
    fetcher = _polite(fake)
    for url in ("https://a.example/1", "https://a.example/2", "https://b.example/1"):
        fetcher.fetch(url)
    assert fake.calls == [
        (0.0, "https://a.example/robots.txt"),
        (2.5, "https://a.example/1"),  # 2 s after robots.txt ended
        (5.0, "https://a.example/2"),
        (5.5, "https://b.example/robots.txt"),  # another host: no wait
        (8.0, "https://b.example/1"),
    ]


@pytest.mark.parametrize(
    ("robots", "allowed"),
    [
        ("User-agent: *\nDisallow: /\n", False),
        ("User-agent: sourcecheck\nDisallow: /news/\n", False),
        ("User-agent: otherbot\nDisallow: /\n", True),
        ("", True),
        (FetchError("r", "http_status", "the server answered 404"), True),
        (FetchError("r", "unsupported_content_type", "image/png"), True),
        (FetchError("r", "too_many_redirects", "more than 5"), False),
    ],
)
def test_robots_rules(robots: str | FetchError, allowed: bool) -> None:
    fake = _Fake(robots)
    fetcher = _polite(fake, delay=0)
    for _ in range(2):
        if allowed:
            assert fetcher.fetch("https://a.example/news/x").kind == "html"
        else:
            with pytest.raises(FetchError) as caught:
                fetcher.fetch("https://a.example/news/x")
            code = robots.code if isinstance(robots, FetchError) else "robots_disallowed"
            assert caught.value.code == code
    assert sum(url.endswith("robots.txt") for _, url in fake.calls) == 1


def test_unreachable_robots_txt_refuses_the_page_and_is_asked_again() -> None:
    fake = _Fake(FetchError("r", "connection_failed", "refused"))
    fetcher = _polite(fake, delay=0)
    for _ in range(2):
        with pytest.raises(FetchError) as caught:
            fetcher.fetch("https://a.example/news/x")
        assert caught.value.code == "robots_unavailable" and "try again" in str(caught.value)
    fake.robots = ""
    assert fetcher.fetch("https://a.example/news/x").kind == "html"
    assert [url for _, url in fake.calls].count("https://a.example/robots.txt") == 3


def test_robots_can_be_switched_off() -> None:
    fake = _Fake("User-agent: *\nDisallow: /\n")
    fetcher = PoliteFetcher(robots=False, fetch=fake.fetch, sleep=fake.sleep, clock=fake.clock)
    fetcher.fetch("https://a.example/x")
    assert [url for _, url in fake.calls] == ["https://a.example/x"]


def test_bad_url_is_refused_before_any_request() -> None:
    fake = _Fake()
    with pytest.raises(FetchError) as caught:
        _polite(fake).fetch("ftp://a.example/x")
    assert caught.value.code == "scheme_not_allowed" and not fake.calls
