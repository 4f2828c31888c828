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
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

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


_PLACES_LOCK = threading.Lock()
_PLACES: dict[int, threading.BoundedSemaphore] = {}


def _places(size: int) -> threading.BoundedSemaphore:
    """The process's bound on fetches under way (one per configured size)."""
    with _PLACES_LOCK:
        return _PLACES.setdefault(size, threading.BoundedSemaphore(max(1, size)))


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
        # httpx is imported only when a page is fetched: not at every start-up.
        from sourcecheck.web.transport import fetch_by_hand

        return fetch_by_hand(url, settings, deadline)
    finally:
        places.release()
