"""How each error is answered: HTTP status, stable code, message and headers."""

from __future__ import annotations

from dataclasses import dataclass

from sourcecheck.errors import InputError, ModelNotFoundError, SourcecheckError
from sourcecheck.store import ArticleNotFoundError, AuditNotFoundError, StoreError
from sourcecheck.web.auth import AuthError, CsrfError
from sourcecheck.web.fetch import FetchError
from sourcecheck.web.pool import PoolBusyError
from sourcecheck.web.store_search import FilterError

#: Codes of plain HTTP errors (routing, methods).
STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    422: "invalid_request",
}
#: Titles of error pages.
TITLES = {
    401: "Sign in",
    403: "Refused",
    404: "Not found",
    422: "Cannot audit this",
    502: "Cannot fetch the URL",
    503: "Busy",
}


class ApiError(SourcecheckError):
    """An error answered as ``{"error": {"code", "message"}}`` with an HTTP status."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class Answer:
    """How an error is answered."""

    status: int
    code: str
    message: str
    headers: dict[str, str] | None = None


def error_for(exc: Exception, retry_after: int) -> Answer:
    """HTTP status, code, message and headers for an exception."""
    busy = {"Retry-After": str(retry_after)}
    if isinstance(exc, ApiError):
        return Answer(exc.status, exc.code, exc.message, exc.headers)
    if isinstance(exc, PoolBusyError):
        return Answer(503, "busy", str(exc), {"Retry-After": str(exc.retry_after)})
    if isinstance(exc, FetchError):
        if exc.code == "busy":
            return Answer(503, "busy", f"{exc}; retry in {retry_after} s", busy)
        return Answer(502 if exc.code in FetchError.UPSTREAM else 422, exc.code, str(exc))
    if isinstance(exc, AuthError):
        return Answer(401, "unauthorized", str(exc), {"WWW-Authenticate": "Bearer"})
    if isinstance(exc, CsrfError):
        return Answer(403, "forbidden", str(exc))
    if isinstance(exc, AuditNotFoundError | ArticleNotFoundError):
        return Answer(404, "not_found", str(exc))
    if isinstance(exc, FilterError):
        return Answer(422, "invalid_filter", str(exc))
    if isinstance(exc, InputError):
        return Answer(422, "invalid_input", str(exc))
    if isinstance(exc, ModelNotFoundError):
        return Answer(503, "model_unavailable", str(exc))
    if isinstance(exc, StoreError):
        return Answer(503, "store_unavailable", str(exc))
    if isinstance(exc, SourcecheckError):
        return Answer(500, "audit_failed", str(exc))
    return Answer(500, "internal_error", "unexpected server error; the server log has the details")
