"""Safe URL fetching: a local server on 127.0.0.1 (allow-listed) and refusals."""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest

from sourcecheck.errors import InputError
from sourcecheck.web import fetch as fetch_module
from sourcecheck.web import transport as transport_module
from sourcecheck.web.fetch import FetchError, FetchSettings, address_refusal, fetch_url

PAGE = "<html><head><title>T</title></head><body><p>Ann said “hi”.</p></body></html>"


class _Handler(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, status: int, body: bytes, ctype: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        _Handler.hits.append(self.path)
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        route = parts.path
        if route == "/page.html":
            self._send(200, PAGE.encode(), "text/html; charset=utf-8")
        elif route == "/latin1.txt":
            self._send(200, "Café said so.".encode("latin-1"), "text/plain; charset=iso-8859-1")
        elif route == "/redirect":
            self._send(int(query.get("code", "302")), b"", "text/plain", Location=query["to"])
        elif route == "/loop":
            self._send(302, b"", "text/plain", Location="/loop")
        elif route == "/big":
            self._send(200, b"x" * 5000, "text/plain")
        elif route == "/big-chunked":
            # No Content-Length: the limit must hold while streaming.
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(50):
                self.wfile.write(b"y" * 200)
            self.close_connection = True
        elif route == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "100")
            self.end_headers()
            for _ in range(100):
                self.wfile.write(b"z")
                self.wfile.flush()
                time.sleep(0.05)
        elif route == "/trickle-headers":
            # One header byte at a time: each read answers in time, the whole never does.
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            for byte in b"X-Slow: " + b"a" * 200:
                try:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.05)
            self.close_connection = True
        elif route == "/image.png":
            self._send(200, b"\x89PNG", "image/png")
        else:
            self._send(404, b"no", "text/plain")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    # A client that gave up (the deadline tests) breaks the pipe: not worth a traceback.
    httpd.handle_error = lambda request, client_address: None  # type: ignore[method-assign]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


LOCAL = FetchSettings(allow_networks=("127.0.0.1/32",), timeout=1.5, max_bytes=2000)


def test_fetches_an_allow_listed_page(server: str) -> None:
    page = fetch_url(f"{server}/page.html", LOCAL)
    assert (page.kind, page.text, page.final_url) == ("html", PAGE, f"{server}/page.html")


def test_decodes_the_stated_charset(server: str) -> None:
    page = fetch_url(f"{server}/latin1.txt", LOCAL)
    assert (page.kind, page.text) == ("text", "Café said so.")


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_follows_redirects_to_allowed_addresses(server: str, code: int) -> None:
    page = fetch_url(f"{server}/redirect?code={code}&to=/page.html", LOCAL)
    assert page.final_url == f"{server}/page.html"
    assert page.url == f"{server}/redirect?code={code}&to=/page.html"


@pytest.mark.parametrize(
    ("target", "code"),
    [
        ("http://127.0.0.2:9/", "address_not_allowed"),
        ("http://[::1]:9/", "address_not_allowed"),
        ("http://10.1.2.3/", "address_not_allowed"),
        ("http://169.254.169.254/latest/meta-data/", "address_not_allowed"),
        ("file:///etc/passwd", "scheme_not_allowed"),
        ("ftp://example.org/x", "scheme_not_allowed"),
        ("gopher://127.0.0.1/", "scheme_not_allowed"),
    ],
)
def test_each_redirect_is_rechecked(server: str, target: str, code: str) -> None:
    before = len(_Handler.hits)
    with pytest.raises(FetchError) as info:
        fetch_url(f"{server}/redirect?to={target}", LOCAL)
    assert info.value.code == code
    assert len(_Handler.hits) == before + 1  # only the redirect itself was fetched


@pytest.mark.parametrize(
    ("path", "code", "message"),
    [
        ("/loop", "too_many_redirects", "more than 5 redirects"),
        ("/big", "too_large", "5000 bytes; the limit is 2000"),
        ("/big-chunked", "too_large", "over the limit of 2000"),
        ("/slow", "timeout", "1.5 s"),
        ("/image.png", "unsupported_content_type", "image/png"),
        ("/missing", "http_status", "404"),
    ],
)
def test_limits_and_failures(server: str, path: str, code: str, message: str) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match=message) as info:
        fetch_url(f"{server}{path}", LOCAL)
    assert info.value.code == code
    assert time.monotonic() - started < LOCAL.timeout + 1.5
    assert isinstance(info.value, InputError)


def test_loopback_is_refused_without_the_allow_list(server: str) -> None:
    before = len(_Handler.hits)
    with pytest.raises(FetchError, match="loopback") as info:
        fetch_url(f"{server}/page.html")
    assert info.value.code == "address_not_allowed"
    assert len(_Handler.hits) == before


@pytest.mark.parametrize(
    ("url", "code", "why"),
    [
        ("http://127.0.0.1/", "address_not_allowed", "loopback"),
        ("http://2130706433/", "address_not_allowed", "loopback"),
        ("http://0.0.0.0/", "address_not_allowed", "unspecified"),
        ("http://10.0.0.1/", "address_not_allowed", "private"),
        ("http://192.168.1.1/", "address_not_allowed", "private"),
        ("http://172.16.0.1/", "address_not_allowed", "private"),
        ("http://100.64.0.1/", "address_not_allowed", "not globally routable"),
        ("http://169.254.169.254/", "address_not_allowed", "link-local"),
        ("http://224.0.0.1/", "address_not_allowed", "multicast"),
        ("http://240.0.0.1/", "address_not_allowed", "reserved"),
        ("http://[::1]/", "address_not_allowed", "loopback"),
        ("http://[fe80::1]/", "address_not_allowed", "link-local"),
        ("http://[fd00::1]/", "address_not_allowed", "private"),
        ("http://[::ffff:127.0.0.1]/", "address_not_allowed", "loopback"),
        ("http://localhost/", "address_not_allowed", "loopback"),
        ("https://user:pw@example.org/", "bad_url", "user name or password"),
        ("http:///nohost", "bad_url", "no host"),
        ("http://example.org:99999/", "bad_url", "not a valid URL"),
        ("javascript:alert(1)", "scheme_not_allowed", "http:// or https://"),
        ("example.org/page", "scheme_not_allowed", "http:// or https://"),
        ("file:///etc/passwd", "scheme_not_allowed", "'file'"),
    ],
)
def test_refusals_say_why(url: str, code: str, why: str) -> None:
    with pytest.raises(FetchError, match=why) as info:
        fetch_url(url)
    assert info.value.code == code
    assert info.value.source == url


def test_dns_answer_changing_after_the_check_cannot_reach_loopback(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: the address connected to is the one checked, each time."""
    port = int(server.rsplit(":", 1)[1])
    answers = iter(["93.184.216.34", "127.0.0.1", "127.0.0.1"])

    def fake_getaddrinfo(host: str, *args: Any, **kwargs: Any) -> list[Any]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    monkeypatch.setattr(transport_module.socket, "getaddrinfo", fake_getaddrinfo)
    before = len(_Handler.hits)
    with pytest.raises(FetchError, match="loopback"):
        fetch_url(f"http://rebind.example:{port}/page.html")
    assert len(_Handler.hits) == before


@pytest.mark.parametrize(
    ("address", "allow", "expected"),
    [
        ("8.8.8.8", (), None),
        ("2606:4700::1111", (), None),
        ("127.0.0.1", ("127.0.0.0/8",), None),
        ("127.0.0.1", ("10.0.0.0/8",), "loopback"),
        ("::ffff:192.168.0.1", (), "private (embedded 192.168.0.1)"),
        ("2002:7f00:1::", (), "loopback (embedded 127.0.0.1)"),
    ],
)
def test_address_refusal(address: str, allow: tuple[str, ...], expected: str | None) -> None:
    nets = FetchSettings(allow_networks=allow).networks()
    assert address_refusal(ipaddress.ip_address(address), nets) == expected


def test_bad_allow_list_is_an_input_error() -> None:
    with pytest.raises(InputError, match="CIDR"):
        FetchSettings(allow_networks=("not-a-net",)).networks()


def test_one_deadline_covers_a_server_trickling_its_headers(server: str) -> None:
    settings = FetchSettings(allow_networks=("127.0.0.1/32",), timeout=0.6)
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetch_url(f"{server}/trickle-headers", settings)
    took = time.monotonic() - started
    assert caught.value.code == "timeout"
    assert took < 0.6 + 0.5, took  # the deadline, not 200 bytes x 0.05 s


def test_fetches_under_way_are_bounded(server: str) -> None:
    settings = FetchSettings(allow_networks=("127.0.0.1/32",), timeout=0.5, max_concurrent=1)
    held = fetch_module._places(1)
    assert held.acquire(timeout=1)  # another fetch holds the only place
    try:
        with pytest.raises(FetchError) as caught:
            fetch_url(f"{server}/page.html", settings)
        assert caught.value.code == "busy"
    finally:
        held.release()
    assert fetch_url(f"{server}/page.html", settings).kind == "html"


def test_the_cli_starts_without_importing_httpx() -> None:
    """httpx (~70 ms) is imported when a page is fetched, not by every command."""
    import subprocess
    import sys

    code = "import sys, sourcecheck.cli; print('httpx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
