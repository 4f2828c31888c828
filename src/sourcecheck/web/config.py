"""Settings of the web app (:class:`WebSettings`), checked when they are made.

Where the audit list and the report store are, request and upload limits, the API
token, public base URL and sign-in session, the size of the audit pool and its queue,
URL fetching rules, the settings each audit runs with, and the audit list's page size.
Bad values raise one :class:`~sourcecheck.errors.ConfigError` naming every problem and
how to fix it. The app is built from them in :mod:`sourcecheck.web.app`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sourcecheck.errors import ConfigError
from sourcecheck.settings import DEFAULT_MAX_BYTES, Settings
from sourcecheck.store import MAX_LIMIT
from sourcecheck.web.auth import MIN_KEY_BYTES, origin_of
from sourcecheck.web.fetch import FetchSettings

__all__ = ["WebSettings"]


@dataclass(frozen=True, slots=True)
class WebSettings:
    """Settings of the web app.

    Attributes:
        db_path: The SQLite file of past audits (also the report store when
            ``store_url`` is unset).
        store_url: The report store the app searches and writes each audit into
            (``sqlite:///PATH``, ``postgresql://…``, as ``open_store`` takes); its URL
            also becomes ``audit.quote_store`` unless that is set. ``None``: the report
            tables of ``db_path``.
        max_body_bytes: Request bodies larger than this get 413.
        api_token: When set, every route but ``/healthz`` and ``/static`` wants it: the
            API as ``Authorization: Bearer <token>``, pages that or a sign-in cookie.
        base_url: The server's public origin (``https://audit.example.org``). Absolute
            URLs (ClaimReview ``url``) are built from it, never from request headers,
            and form posts must come from it. ``None``: no absolute URLs, and form posts
            must come from the request's own host.
        session_key: HMAC key of sign-in cookies and form tokens (at least 32
            characters). ``None``: generated once into ``<db_path>.session-key``
            (mode 0600) and read from there afterwards.
        session_hours: How long a sign-in lasts.
        workers: Audits run at once (threads sharing one model).
        queue_length: Audits that may wait for a worker; one more is answered 503.
        retry_after: Seconds a client answered 503 "busy" is told to wait.
        fetch: Limits of URL fetching (and its allow-list).
        audit: Settings passed to each audit (by default with a time budget of 10 s per
            100,000 characters).
        page_size: Audits per page in the list (1 to 200).
    """

    db_path: Path
    store_url: str | None = None
    max_body_bytes: int = DEFAULT_MAX_BYTES
    api_token: str | None = None
    base_url: str | None = None
    session_key: str | None = None
    session_hours: float = 12.0
    workers: int = 2
    queue_length: int = 8
    retry_after: int = 5
    fetch: FetchSettings = field(default_factory=FetchSettings)
    # A server must not spend minutes on one request: 10 s per 100,000 characters (5 s at
    # the least), then a clear 422 error.
    audit: Settings = field(default_factory=lambda: Settings(time_budget_per_100k=10.0))
    page_size: int = 20

    def __post_init__(self) -> None:
        problems = []
        if self.base_url is not None:
            parts = urlsplit(self.base_url)
            if (
                origin_of(self.base_url) is None
                or parts.path not in ("", "/")
                or (parts.query or parts.fragment or parts.username)
            ):
                problems.append(
                    f"base_url {self.base_url!r} is not an origin; give scheme and host "
                    "only, e.g. https://audit.example.org"
                )
        if self.session_key is not None and len(self.session_key) < MIN_KEY_BYTES:
            problems.append(
                f"session_key has {len(self.session_key)} characters, fewer than "
                f"{MIN_KEY_BYTES}; use e.g. the output of: python -c "
                "'import secrets; print(secrets.token_hex(32))'"
            )
        if not 0 < self.session_hours <= 24 * 366:
            problems.append(f"session_hours is {self.session_hours}; give 0 < hours <= 8784")
        if self.workers < 1 or self.queue_length < 0:
            problems.append(
                f"workers is {self.workers} and queue_length {self.queue_length}; "
                "give workers >= 1 and queue_length >= 0"
            )
        if self.retry_after < 1:
            problems.append(f"retry_after is {self.retry_after}; give 1 second or more")
        if not 1 <= self.page_size <= MAX_LIMIT:
            problems.append(f"page_size is {self.page_size}; give 1 to {MAX_LIMIT}")
        if problems:
            raise ConfigError("invalid web settings: " + "; ".join(problems))

    @property
    def base_origin(self) -> str | None:
        """``base_url`` as a normalised origin (no trailing slash)."""
        return origin_of(self.base_url) if self.base_url else None
