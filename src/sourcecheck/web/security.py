"""ASGI middleware of the web app: sign-in gate, body limit, security headers.

Order (outermost first): security headers on every answer; then the gate, so a client
without the token is turned away before its body is read; then the body limit.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.requests import HTTPConnection

from sourcecheck.web.auth import AuthError, Guard

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Policy of the app's own pages: styles from /static only, no script at all.
APP_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
#: ``same-origin``: nothing leaves for other sites, and the browser still sends this
#: server its own ``Origin`` on form posts (``no-referrer`` would make it ``null``).
REFERRER_POLICY = "same-origin"
#: Answered without the token.
PUBLIC_PATHS = frozenset({"/healthz", "/signin", "/signout"})
_STATIC = re.compile(r"/static/[^/]+")


def is_api(path: str) -> bool:
    """Whether errors on ``path`` are answered as JSON."""
    return path.startswith("/api/") or path in ("/healthz", "/openapi.json")


def is_public(path: str) -> bool:
    """Whether ``path`` is answered without the token."""
    return path in PUBLIC_PATHS or bool(_STATIC.fullmatch(path))


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    """The API's error body ``{"error": {"code", "message"}}``."""
    return JSONResponse(
        {"error": {"code": code, "message": message}}, status_code=status, headers=headers
    )


class AuthMiddleware:
    """Lets a request through only when :meth:`Guard.authenticate` passes.

    Args:
        app: The app behind.
        guard: The app's guard (its token, key, sessions).
        deny: Builds the answer for a page request that failed (a sign-in redirect or
            page); API requests get a JSON 401 with ``WWW-Authenticate: Bearer``.
    """

    def __init__(
        self, app: ASGIApp, guard: Guard, deny: Callable[[HTTPConnection, AuthError], Response]
    ) -> None:
        self.app = app
        self.guard = guard
        self.deny = deny

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.guard.enabled or is_public(scope["path"]):
            await self.app(scope, receive, send)
            return
        conn = HTTPConnection(scope)
        api = scope["path"].startswith("/api/")
        try:
            self.guard.authenticate(conn, api=api)
        except AuthError as exc:
            if is_api(scope["path"]):
                response: Response = error_response(
                    401, "unauthorized", str(exc), {"WWW-Authenticate": "Bearer"}
                )
            else:
                response = self.deny(conn, exc)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


class BodyLimitMiddleware:
    """Answers 413 to bodies over the limit, declared or (when chunked) counted."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = (
            f"the request body is over the limit of {self.max_bytes} bytes; send a shorter article"
        )
        if is_api(scope["path"]):
            response: Response = error_response(413, "too_large", message)
        else:
            response = HTMLResponse(
                f"<!DOCTYPE html><title>413</title><p>too_large: {message}</p>", status_code=413
            )
        await response(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            if not declared.isdigit() or int(declared) > self.max_bytes:
                await self._refuse(scope, receive, send)
                return
            await self.app(scope, receive, send)
            return
        # No length given (chunked): read it all, within the limit, then replay it.
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._refuse(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class SecurityHeadersMiddleware:
    """Adds no-sniff, the referrer policy, no-framing and (unless set) the app's CSP."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                extra = [
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", REFERRER_POLICY.encode()),
                    (b"x-frame-options", b"DENY"),
                    (b"content-security-policy", APP_CSP.encode()),
                ]
                headers.extend((k, v) for k, v in extra if k not in names)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
