"""Fetching an article by URL without turning the server into a proxy for its own network.

Rules (each refusal raises :class:`FetchError` with its own ``code``):

- only ``http`` and ``https`` URLs, without user names or passwords;
- the host is resolved and *every* address must be public: loopback, private,
  link-local, multicast, reserved, unspecified and other non-global addresses are
  refused unless an allow-list network in :class:`FetchSettings` holds them;
- the connection goes to the address that was checked (a custom network backend does
  the resolving), so a DNS answer that changes between check and connect cannot
  sneak through, and TLS still verifies the certificate against the host name;
- redirects are followed by hand, at most ``max_redirects``, each one re-checked;
- the body is limited to ``max_bytes`` and the whole fetch to ``timeout`` seconds;
- only HTML and plain-text responses are accepted.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from sourcecheck.errors import InputError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

#: Media types an article can come as.
ACCEPTED_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text"}
#: Media types a news feed comes as; accepted only when the caller asks for a feed.
FEED_TYPES = {
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/xml": "feed",
    "text/xml": "feed",
}
_REDIRECTS = {301, 302, 303, 307, 308}


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """Limits of URL fetching.

    Attributes:
        timeout: Seconds for the whole fetch, redirects included.
        max_bytes: Largest body accepted.
        max_redirects: Redirects followed before giving up.
        allow_networks: Networks (CIDR, e.g. ``127.0.0.1/32``) that may be fetched even
            though they are not public; for tests and intranet deployments.
        user_agent: The User-Agent header sent.
        max_concurrent: Fetches under way at once in this process; one more waits for a
            place until its own deadline, then fails with ``busy``.
        feeds: Accept RSS/Atom/XML media types as well (:data:`FEED_TYPES`, kind ``feed``).
    """

    timeout: float = 15.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    allow_networks: tuple[str, ...] = ()
    user_agent: str = "sourcecheck/0.1 (article fetcher)"
    max_concurrent: int = 8
    feeds: bool = False

    def networks(self) -> tuple[IPNetwork, ...]:
        """The allow-list, parsed."""
        try:
            return tuple(ipaddress.ip_network(n, strict=False) for n in self.allow_networks)
        except ValueError as exc:
            raise InputError(
                "allow_networks", f"{exc}; give networks in CIDR form, e.g. 127.0.0.1/32"
            ) from exc


class FetchError(InputError):
    """A URL was refused or could not be fetched.

    Attributes:
        code: A stable machine-readable reason: ``bad_url``, ``scheme_not_allowed``,
            ``address_not_allowed``, ``dns_failed``, ``connection_failed``, ``timeout``,
            ``too_many_redirects``, ``too_large``, ``http_status``,
            ``unsupported_content_type``, ``busy`` (too many fetches under way).
    """

    #: Codes that mean the remote side failed rather than the request being refused.
    UPSTREAM = frozenset({"dns_failed", "connection_failed", "timeout", "http_status"})

    def __init__(self, url: str, code: str, problem: str) -> None:
        self.code = code
        super().__init__(url, problem)


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """A fetched document.

    Attributes:
        url: The URL asked for.
        final_url: The URL after redirects.
        kind: ``html`` or ``text``.
        text: The decoded body.
    """

    url: str
    final_url: str
    kind: str
    text: str


def address_refusal(address: IPAddress, allow: Iterable[IPNetwork] = ()) -> str | None:
    """Why ``address`` may not be fetched (``None`` when it may)."""
    allow = tuple(allow)
    if any(address in net for net in allow):
        return None
    if isinstance(address, ipaddress.IPv6Address):
        # Addresses that embed an IPv4 address are judged by it as well.
        for inner in (address.ipv4_mapped, address.sixtofour, (address.teredo or (None, None))[1]):
            if inner is not None:
                reason = address_refusal(inner, allow)
                if reason is not None:
                    return f"{reason} (embedded {inner})"
    checks = (
        ("loopback", address.is_loopback),
        ("unspecified", address.is_unspecified),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
        ("not globally routable", not address.is_global),
    )
    return next((label for label, hit in checks if hit), None)


def check_url(url: str) -> tuple[str, int]:
    """The host and port of ``url``, or :class:`FetchError` when it is not fetchable."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise FetchError(url, "bad_url", f"not a valid URL ({exc})") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(
            url,
            "scheme_not_allowed",
            f"scheme {scheme or '(none)'!r} is not allowed; give an http:// or https:// URL",
        )
    if not parts.hostname:
        raise FetchError(url, "bad_url", "the URL has no host name")
    if parts.username is not None or parts.password is not None:
        raise FetchError(url, "bad_url", "URLs with a user name or password are not fetched")
    return parts.hostname, port or (443 if scheme == "https" else 80)


def resolve(url: str, host: str, port: int, allow: tuple[IPNetwork, ...]) -> list[str]:
    """Every address ``host`` resolves to, after checking all of them."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(url, "dns_failed", f"cannot resolve host {host!r} ({exc})") from exc
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    for text in addresses:
        address = ipaddress.ip_address(text.split("%", 1)[0])
        reason = address_refusal(address, allow)
        if reason is not None:
            raise FetchError(
                url,
                "address_not_allowed",
                f"host {host!r} resolves to {address}, which is {reason}; only public "
                "addresses are fetched (an allow-list setting can permit a network)",
            )
    if not addresses:
        raise FetchError(url, "dns_failed", f"host {host!r} has no address")
    return addresses


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write ends by one deadline.

    A per-read timeout alone lets a server trickling a header byte a second hold a fetch
    for ever: here no read may wait past the whole fetch's deadline.
    """

    def __init__(self, inner: httpcore.NetworkStream, deadline: float) -> None:
        self._inner = inner
        self._deadline = deadline

    def _left(self, timeout: float | None) -> float:
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise httpcore.ReadTimeout("the fetch's deadline has passed")
        return left if timeout is None else min(timeout, left)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._left(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname, self._left(timeout))
        return _DeadlineStream(inner, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.NetworkBackend):
    """Resolves and checks the host itself, then connects to the checked address."""

    def __init__(self, allow: tuple[IPNetwork, ...], deadline: float) -> None:
        self._allow = allow
        self._deadline = deadline
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = resolve(f"{host}:{port}", host, port, self._allow)
        last: Exception | None = None
        for address in addresses:
            left = self._deadline - time.monotonic()
            if left <= 0:
                raise httpcore.ConnectTimeout("the fetch's deadline has passed")
            try:
                stream = self._inner.connect_tcp(
                    address,
                    port,
                    left if timeout is None else min(timeout, left),
                    local_address,
                    socket_options,
                )
                return _DeadlineStream(stream, self._deadline)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not used for fetching")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _GuardedTransport(httpx.HTTPTransport):
    def __init__(self, allow: tuple[IPNetwork, ...], deadline: float) -> None:
        super().__init__(trust_env=False, retries=0)
        # Same pool httpx builds, but every connection goes through the guard.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=4,
            network_backend=_GuardedBackend(allow, deadline),
        )


_PLACES_LOCK = threading.Lock()
_PLACES: dict[int, threading.BoundedSemaphore] = {}


def _places(size: int) -> threading.BoundedSemaphore:
    """The process's bound on fetches under way (one per configured size)."""
    with _PLACES_LOCK:
        return _PLACES.setdefault(size, threading.BoundedSemaphore(max(1, size)))


def _media_type(response: httpx.Response) -> str:
    media: str = response.headers.get("content-type", "")
    return media.split(";", 1)[0].strip().lower()


def _read_body(
    url: str, response: httpx.Response, settings: FetchSettings, deadline: float
) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > settings.max_bytes:
        raise FetchError(
            url, "too_large", f"the page is {declared} bytes; the limit is {settings.max_bytes}"
        )
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_raw():
        size += len(chunk)
        if size > settings.max_bytes:
            raise FetchError(
                url, "too_large", f"the page is over the limit of {settings.max_bytes} bytes"
            )
        if time.monotonic() > deadline:
            raise FetchError(url, "timeout", f"the fetch took over {settings.timeout:g} s")
        chunks.append(chunk)
    return b"".join(chunks)


def fetch_url(url: str, settings: FetchSettings | None = None) -> FetchedPage:
    """Fetch an article page under the rules in the module docstring.

    One deadline (``settings.timeout``) covers the whole fetch — waiting for a place,
    connecting, headers, body and every redirect — and at most ``max_concurrent`` fetches
    run at once.

    Raises:
        FetchError: The URL, an address, a redirect, the size, the time or the type was
            refused, or the server could not be reached; ``code`` says which.
    """
    settings = settings or FetchSettings()
    deadline = time.monotonic() + settings.timeout
    places = _places(settings.max_concurrent)
    if not places.acquire(timeout=settings.timeout):
        raise FetchError(
            url, "busy", f"{settings.max_concurrent} fetches are under way; try again shortly"
        )
    try:
        return _fetch(url, settings, deadline)
    finally:
        places.release()


def _fetch(url: str, settings: FetchSettings, deadline: float) -> FetchedPage:
    allow = settings.networks()
    headers = {
        "User-Agent": settings.user_agent,
        "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9",
        # Raw bytes are counted against the limit; no compression bombs.
        "Accept-Encoding": "identity",
    }
    current = url.strip()
    with httpx.Client(
        transport=_GuardedTransport(allow, deadline), follow_redirects=False, trust_env=False
    ) as client:
        for _ in range(settings.max_redirects + 1):
            host, port = check_url(current)
            resolve(current, host, port, allow)  # early, clear refusal before connecting
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise FetchError(current, "timeout", f"the fetch took over {settings.timeout:g} s")
            try:
                with client.stream(
                    "GET", current, headers=headers, timeout=httpx.Timeout(remaining)
                ) as response:
                    if response.status_code in _REDIRECTS and "location" in response.headers:
                        current = urljoin(current, response.headers["location"])
                        continue
                    if response.status_code >= 400:
                        raise FetchError(
                            current, "http_status", f"the server answered {response.status_code}"
                        )
                    media = _media_type(response)
                    accepted = (
                        {**ACCEPTED_TYPES, **FEED_TYPES} if settings.feeds else ACCEPTED_TYPES
                    )
                    if media not in accepted:
                        raise FetchError(
                            current,
                            "unsupported_content_type",
                            f"the page is {media or 'of no stated type'}; "
                            "only HTML and plain text can be audited",
                        )
                    body = _read_body(current, response, settings, deadline)
                    encoding = response.charset_encoding or "utf-8"
            except httpx.TimeoutException as exc:
                raise FetchError(
                    current, "timeout", f"no answer within {settings.timeout:g} s"
                ) from exc
            except httpx.HTTPError as exc:
                raise FetchError(current, "connection_failed", f"cannot fetch: {exc}") from exc
            try:
                text = body.decode(encoding, errors="replace")
            except LookupError:
                text = body.decode("utf-8", errors="replace")
            return FetchedPage(url=url, final_url=current, kind=accepted[media], text=text)
    raise FetchError(
        url, "too_many_redirects", f"more than {settings.max_redirects} redirects; last {current}"
    )
