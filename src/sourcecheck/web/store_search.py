"""Searching the report store for the web app: filters from a form or a query string.

Filter values come from a form or a query string, so they are checked here and refused
with a :class:`FilterError` (answered 422) that says what is allowed; the search itself
is :meth:`ReportStore.page` (a page and its total, read together).
"""

from __future__ import annotations

from sourcecheck.errors import SourcecheckError, StoreError
from sourcecheck.records import Status
from sourcecheck.store import ReportStore
from sourcecheck.store.query import FindingFilter

#: Longest text filter (speaker, outlet, check, run) accepted.
MAX_FILTER_CHARS = 200
#: Check names and runs offered as suggestions on the search page.
MAX_SUGGESTIONS = 50


class FilterError(SourcecheckError):
    """A search filter has a value the store cannot search for."""


def parse_filter(
    *,
    status: Status | str | None = None,
    check: str | None = None,
    speaker: str | None = None,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    run: str | None = None,
) -> FindingFilter:
    """The store's filter for these values; empty strings (a blank form field) mean any.

    Raises:
        FilterError: A value is no status, no date, too long, holds control
            characters, or ``since`` is after ``until``.
    """
    texts = {
        "check": _text("check", check),
        "speaker": _text("speaker", speaker),
        "outlet": _text("outlet", outlet),
        "run_id": _text("run", run),
    }
    try:
        return FindingFilter.parse(
            status=status or None,
            since=(since or "").strip() or None,
            until=(until or "").strip() or None,
            **texts,
        )
    except StoreError as exc:
        raise FilterError(str(exc)) from None


def filter_params(found: FindingFilter) -> dict[str, str]:
    """The filter as query-string parameters (only those set), for links."""
    values = {
        "status": found.status.value if found.status else None,
        "check": found.check,
        "speaker": found.speaker,
        "outlet": found.outlet,
        "since": found.since.isoformat() if found.since else None,
        "until": found.until.isoformat() if found.until else None,
        "run": found.run_id,
    }
    return {key: value for key, value in values.items() if value is not None}


def _text(name: str, value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    value = value.strip()
    if len(value) > MAX_FILTER_CHARS:
        raise FilterError(f"{name} has {len(value)} characters; give at most {MAX_FILTER_CHARS}")
    # PostgreSQL refuses NUL in text, and no stored name holds a control character.
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value):
        raise FilterError(f"{name} holds control characters; give plain text")
    return value


def suggestions(store: ReportStore) -> dict[str, list[str]]:
    """Check names and the newest run ids in the store, offered as input suggestions."""
    return store.names(MAX_SUGGESTIONS)
