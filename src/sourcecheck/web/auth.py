"""Who may use the app, and which form posts are the app's own.

- **Token.** With ``api_token`` set, every route but ``/healthz``, ``/static/*`` and the
  sign-in page wants it: the API as ``Authorization: Bearer <token>``, the pages either
  that or a session cookie set by signing in (``/signin``: enter the token).
- **Session cookie.** ``__Host-sourcecheck-session`` = ``<id>.<expires>.<signature>``,
  HMAC-SHA256 over the id, the expiry and a fingerprint of the token (changing the token
  ends every session). ``Secure``, ``HttpOnly``, ``SameSite=Strict``, ``Path=/``.
- **Key.** From the ``session_key`` setting, else generated once into a file beside the
  store (``<store>.session-key``, mode 0600) and read from it afterwards.
- **Forms (CSRF).** Every form carries ``csrf_token`` = HMAC over a random id kept in the
  ``sourcecheck-csrf`` cookie and the session id (signed double-submit); a post must
  bring both, and its ``Origin`` (or, without one, ``Referer``) must be the server's own
  origin: the configured base URL, or without one the request's own scheme and host.

Every comparison of secrets is constant-time (:func:`hmac.compare_digest`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from starlette.requests import HTTPConnection
from starlette.responses import Response

from sourcecheck.errors import ConfigError, SourcecheckError

SESSION_COOKIE = "__Host-sourcecheck-session"
CSRF_COOKIE = "sourcecheck-csrf"
CSRF_FIELD = "csrf_token"
#: Shortest session key accepted from a setting.
MIN_KEY_BYTES = 32
_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")


class AuthError(SourcecheckError):
    """The request has no valid token or session.

    Attributes:
        wrong: A credential was given but is not valid (rather than none given).
    """

    def __init__(self, message: str, *, wrong: bool = False) -> None:
        self.wrong = wrong
        super().__init__(message)


class CsrfError(SourcecheckError):
    """A form post came from another site, or without (or with a stale) form token."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _same(given: str, expected: str) -> bool:
    """Constant-time equality that also hides the length of ``expected``."""
    return hmac.compare_digest(
        hashlib.sha256(given.encode("utf-8", "surrogatepass")).digest(),
        hashlib.sha256(expected.encode("utf-8", "surrogatepass")).digest(),
    )


def key_file_for(db_path: Path) -> Path:
    """Where the generated key of the store at ``db_path`` is kept."""
    return db_path.with_name(db_path.name + ".session-key")


def load_or_create_key(path: Path) -> bytes:
    """The key in ``path``, generated (32 random bytes, mode 0600) when the file is missing.

    Raises:
        ConfigError: The file cannot be read or written, is readable by others, or is
            too short.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    except OSError as exc:
        raise ConfigError(
            f"cannot create the session key file {path}: {exc}; make its folder writable "
            "or give a session key in the settings"
        ) from exc
    else:
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secrets.token_hex(32) + "\n")
    try:
        mode = path.stat().st_mode
        text = path.read_text("ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the session key file {path}: {exc}") from exc
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(
            f"the session key file {path} is readable by others (mode {stat.S_IMODE(mode):o}); "
            f"only its owner may read it: chmod 600 {path}"
        )
    if len(text) < 2 * MIN_KEY_BYTES:
        raise ConfigError(
            f"the session key file {path} holds {len(text)} characters, fewer than "
            f"{2 * MIN_KEY_BYTES}; delete it and a new key is generated"
        )
    return text.encode("ascii")


def origin_of(url: str) -> str | None:
    """``scheme://host[:port]`` of ``url`` (default ports dropped), or ``None``."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    if port is None or port == {"http": 80, "https": 443}[scheme]:
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


@dataclass(frozen=True, slots=True)
class FormToken:
    """The token a form carries, and the cookie id to set when the client has none."""

    value: str
    new_cookie: str | None


class Guard:
    """Checks tokens, sessions, form tokens and origins for one app.

    Args:
        token: The API token; ``None`` leaves the app open (forms are still checked).
        key: The HMAC key of cookies and form tokens.
        base_url: The server's public origin; ``None`` trusts the request's own host for
            the origin check only.
        session_seconds: How long a sign-in lasts.
    """

    def __init__(
        self, token: str | None, key: bytes, base_url: str | None, session_seconds: int
    ) -> None:
        self.token = token or None
        self._key = key
        self.base_origin = origin_of(base_url) if base_url else None
        self.session_seconds = session_seconds
        # Sessions are signed with the token's fingerprint: a new token ends them all.
        self._token_print = self._sign("token", token or "")

    @property
    def enabled(self) -> bool:
        """Whether a token is needed."""
        return self.token is not None

    def _sign(self, *parts: str) -> str:
        return _b64(hmac.new(self._key, "|".join(parts).encode(), hashlib.sha256).digest())

    # Token and session -----------------------------------------------------------------

    def token_matches(self, given: str) -> bool:
        """Whether ``given`` is the token (constant-time)."""
        return self.token is not None and _same(given, self.token)

    def bearer(self, conn: HTTPConnection) -> str | None:
        """The bearer credential of the request, ``""`` for another scheme, else ``None``."""
        header = conn.headers.get("authorization")
        if header is None:
            return None
        scheme, _, credential = header.partition(" ")
        return credential.strip() if scheme.lower() == "bearer" else ""

    def new_session(self) -> str:
        """A fresh signed session cookie value."""
        sid = secrets.token_urlsafe(18)
        expires = str(int(time.time()) + self.session_seconds)
        return f"{sid}.{expires}.{self._sign('session', sid, expires, self._token_print)}"

    def session_id(self, conn: HTTPConnection) -> str | None:
        """The id of the request's valid, unexpired session, else ``None``."""
        if not self.enabled:
            return None
        value = conn.cookies.get(SESSION_COOKIE, "")
        sid, _, rest = value.partition(".")
        expires, _, signature = rest.partition(".")
        if not _ID.fullmatch(sid) or not expires.isdigit() or len(expires) > 12:
            return None
        expected = self._sign("session", sid, expires, self._token_print)
        if not _same(signature, expected) or int(expires) < time.time():
            return None
        return sid

    def authenticate(self, conn: HTTPConnection, *, api: bool) -> None:
        """Pass when the app is open or the request carries the token or a session.

        Args:
            api: Only ``Authorization: Bearer`` counts (no cookie).

        Raises:
            AuthError: Neither is there (``wrong`` when a bearer token was wrong).
        """
        if not self.enabled:
            return
        given = self.bearer(conn)
        if given is not None:
            if self.token_matches(given):
                return
            raise AuthError(
                "the Authorization header does not hold this server's token; "
                "send 'Authorization: Bearer <token>' with the token the server was started with",
                wrong=True,
            )
        if not api and self.session_id(conn) is not None:
            return
        if api:
            raise AuthError("this server wants its API token: send 'Authorization: Bearer <token>'")
        raise AuthError("this server wants its token: sign in at /signin")

    def set_session_cookie(self, response: Response, value: str) -> None:
        """Set the session cookie (an empty ``value`` ends the session)."""
        response.set_cookie(
            SESSION_COOKIE,
            value,
            max_age=self.session_seconds if value else 0,
            path="/",
            secure=True,
            httponly=True,
            samesite="strict",
        )

    # Forms ------------------------------------------------------------------------------

    @property
    def _secure_forms(self) -> bool:
        return self.enabled or (self.base_origin or "").startswith("https:")

    def form_token(self, conn: HTTPConnection) -> FormToken:
        """The ``csrf_token`` for forms on a page answering ``conn``."""
        cookie = conn.cookies.get(CSRF_COOKIE, "")
        new = None
        if not _ID.fullmatch(cookie):
            cookie = new = secrets.token_urlsafe(18)
        return FormToken(self._sign("csrf", cookie, self.session_id(conn) or ""), new)

    def set_form_cookie(self, response: Response, cookie_id: str) -> None:
        """Set the cookie a :class:`FormToken` with ``new_cookie`` needs."""
        response.set_cookie(
            CSRF_COOKIE,
            cookie_id,
            path="/",
            secure=self._secure_forms,
            httponly=True,
            samesite="strict",
        )

    def own_origin(self, conn: HTTPConnection) -> str | None:
        """The origin form posts must come from."""
        if self.base_origin:
            return self.base_origin
        host = conn.headers.get("host", "")
        return origin_of(f"{conn.url.scheme}://{host}") if host else None

    def check_form(self, conn: HTTPConnection, given: str) -> None:
        """Refuse a form post from another origin or without this client's form token.

        Raises:
            CsrfError: Saying which check failed and what to do.
        """
        own = self.own_origin(conn)
        origin = conn.headers.get("origin")
        if origin is not None:
            if origin_of(origin) is None or origin_of(origin) != own:
                raise CsrfError(
                    f"this form was posted from {origin!r}, not from this server ({own}); "
                    "only the server's own pages may post it: open the form here and submit "
                    "it again"
                )
        else:
            referer = conn.headers.get("referer")
            if referer is not None and origin_of(referer) != own:
                raise CsrfError(
                    f"this form was posted from a page of {origin_of(referer) or 'another site'},"
                    f" not from this server ({own}); open the form here and submit it again"
                )
        cookie = conn.cookies.get(CSRF_COOKIE, "")
        if not _ID.fullmatch(cookie):
            raise CsrfError(
                "the form's cookie did not come with the post (cookies off, or the form is "
                "from an old visit); reload the page and submit it again"
            )
        if not given:
            raise CsrfError(
                "the post has no form token (csrf_token); submit the form from this server's page"
            )
        expected = self._sign("csrf", cookie, self.session_id(conn) or "")
        if not _same(given, expected):
            raise CsrfError(
                "the form token does not match this browser's session (the form is stale, "
                "or you signed in or out since); reload the page and submit it again"
            )


def safe_next(target: str | None) -> str:
    """``target`` when it is a path on this server, else ``/`` (no open redirects)."""
    if (
        not target
        or not target.startswith("/")
        or target.startswith(("//", "/\\"))
        or any(ch in target for ch in "\\\r\n\t")
        or len(target) > 2000
    ):
        return "/"
    return target
