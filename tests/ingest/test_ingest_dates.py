"""Front matter dates: complete and unambiguous only, never relative to today."""

from __future__ import annotations

import datetime as dt

import pytest

from sourcecheck.errors import InputError
from sourcecheck.ingest.dates import DateFormatError, parse_date


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        ("2025-11-04", None, dt.date(2025, 11, 4)),
        ("  2025-11-04 ", None, dt.date(2025, 11, 4)),
        ("2025-11-04T10:00:00Z", None, dt.date(2025, 11, 4)),
        ("2025-11-04 23:59:00+09:00", None, dt.date(2025, 11, 4)),
        ("4 November 2025", None, dt.date(2025, 11, 4)),
        ("November 4, 2025", None, dt.date(2025, 11, 4)),
        ("4 Nov 2025", None, dt.date(2025, 11, 4)),
        ("2025/11/04", None, dt.date(2025, 11, 4)),
        ("14.03.2024", None, dt.date(2024, 3, 14)),
        ("12/25/2024", None, dt.date(2024, 12, 25)),
        ("4 de noviembre de 2025", "es", dt.date(2025, 11, 4)),
        ("4 novembre 2025", "fr-FR", dt.date(2025, 11, 4)),
        ("4 November 2025", "xx", dt.date(2025, 11, 4)),
    ],
)
def test_parses_complete_dates(value: str, language: str | None, expected: dt.date) -> None:
    assert parse_date(value, language=language) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "empty"),
        ("today", "day, a month and a year"),
        ("yesterday", "day, a month and a year"),
        ("3 days ago", "day, a month and a year"),
        ("November 2025", "day, a month and a year"),
        ("2025", "day, a month and a year"),
        ("1762214400", "day, a month and a year"),
        ("31 February 2025", "day, a month and a year"),
        ("not a date", "day, a month and a year"),
        ("03/04/2024", "ambiguous"),
        ("05.06.2024", "ambiguous"),
    ],
)
def test_refuses_relative_partial_and_ambiguous_dates(value: str, reason: str) -> None:
    with pytest.raises(DateFormatError, match=reason):
        parse_date(value)


def test_an_over_long_date_is_refused_before_parsing_and_not_echoed() -> None:
    import time

    from sourcecheck.ingest import article_from_text

    value = "7" * 100_000
    started = time.perf_counter()
    with pytest.raises(InputError) as caught:
        article_from_text(f'---\ndate: "{value}"\n---\nThe mayor said so.\n')
    assert time.perf_counter() - started < 2
    message = str(caught.value)
    assert "100,000 characters long" in message and len(message) < 400
