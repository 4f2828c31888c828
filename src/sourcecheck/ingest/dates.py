"""Parsing the date written in an input's metadata (front matter).

Only absolute, complete dates are accepted: ``2025-11-04``, ``4 November 2025``,
``Nov 4, 2025``, ``2025-11-04T10:00:00Z``. Relative dates (``yesterday``) and
partial ones (``November 2025``) are refused, so the result never depends on
the day the tool runs. Numeric dates whose day and month could be swapped
(``03/04/2025``) are refused as ambiguous.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import dateparser

# dateparser settings that never fall back on "today": every part must be written,
# and the relative-time and timestamp parsers are off.
_SETTINGS: dict[str, Any] = {
    "STRICT_PARSING": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["custom-formats", "absolute-time"],
    "RETURN_AS_TIMEZONE_AWARE": False,
    "RELATIVE_BASE": dt.datetime(2000, 1, 1),
}
_ORDERS = ("DMY", "MDY", "YMD")


#: Longest text read as a date ("Wednesday, 12 September 2016, 10:45 a.m. EDT" is 45).
MAX_DATE_LENGTH = 64


def quoted(value: str, limit: int = 80) -> str:
    """``value`` as a quoted excerpt for an error message: its first ``limit`` characters."""
    shown = value if len(value) <= limit else value[:limit] + "…"
    return repr(shown)


class DateFormatError(ValueError):
    """A date string cannot be read as one calendar date; the message says why."""


def _iso(value: str) -> dt.date | None:
    # The common case, and exact: no guessing at all.
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        return None


def _languages(language: str | None) -> list[str]:
    primary = (language or "").replace("_", "-").split("-")[0].strip().lower()
    return ["en", primary] if primary and primary != "en" else ["en"]


def _parse(value: str, order: str, languages: list[str]) -> dt.date | None:
    settings = {**_SETTINGS, "DATE_ORDER": order}
    try:
        parsed = dateparser.parse(value, languages=languages, settings=settings)
    except ValueError:
        # An article language dateparser does not know: English only.
        parsed = dateparser.parse(value, languages=["en"], settings=settings)
    return parsed.date() if parsed is not None else None


def parse_date(value: str, *, language: str | None = None) -> dt.date:
    """Read one complete calendar date written in any unambiguous form.

    Args:
        value: The date as written (``2025-11-04``, ``4 November 2025``...).
        language: The article's language (ISO 639-1, e.g. ``es``); month names in
            it are understood besides English ones.

    Returns:
        The calendar date as written (a time and zone, if given, are dropped
        without converting).

    Raises:
        DateFormatError: Not a complete absolute date, or day and month could be swapped.
    """
    text = value.strip()
    if not text:
        raise DateFormatError("it is empty")
    if len(text) > MAX_DATE_LENGTH:
        # Refused before any parsing: a 100,000-digit "date" took seconds to reject.
        raise DateFormatError(
            f"it is {len(text):,} characters long; a date is at most {MAX_DATE_LENGTH}"
        )
    iso = _iso(text)
    if iso is not None:
        return iso
    languages = _languages(language)
    readings = {order: _parse(text, order, languages) for order in _ORDERS}
    found = {d for d in readings.values() if d is not None}
    if not found:
        raise DateFormatError("it is not a valid date with a day, a month and a year")
    if len(found) > 1:
        options = " or ".join(sorted(d.isoformat() for d in found))
        raise DateFormatError(f"it is ambiguous (it could be {options})")
    return found.pop()
