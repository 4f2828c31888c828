"""The transport under :func:`sourcecheck.web.fetch.fetch_url`: httpx with a guarded backend.

Connections go to the addresses :func:`resolve` checked, each socket operation ends by the
fetch's deadline, and redirects are followed by hand; the rules are in
:mod:`sourcecheck.web.fetch`. Kept apart so that importing the fetch settings does not
import httpx.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterable
from typing import Any
from urllib.parse import urljoin

import httpcore
import httpx

from sourcecheck.web.fetch import (
    _REDIRECTS,
    ACCEPTED_TYPES,
    FEED_TYPES,
    FetchedPage,
    FetchError,
    FetchSettings,
    IPNetwork,
    address_refusal,
    check_url,
)


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


def fetch_by_hand(url: str, settings: FetchSettings, deadline: float) -> FetchedPage:
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
