"""Time expressions: kinds, calendar parts and the span conventions of timex.py."""

from __future__ import annotations

import pytest

from sourcecheck.extract.timex import find_time_expressions

CASES = [
    # text, expected [(span text, kind, year, month, day)]
    ("The figures come from their 2021 poll.", [("2021", "year", 2021, None, None)]),
    ("In 2019, the court ruled.", [("2019", "year", 2019, None, None)]),
    ("It began in December 2022 in Lima.", [("December 2022", "month", 2022, 12, None)]),
    ("The vote is on 3 November 2025.", [("3 November 2025", "date", 2025, 11, 3)]),
    ("The vote was on November 3, 2025.", [("November 3, 2025", "date", 2025, 11, 3)]),
    ("Filed 2024-02-29 at noon.", [("2024-02-29", "date", 2024, 2, 29)]),
    ("She spoke in March about it.", [("March", "month", None, 3, None)]),
    (
        "Support fell from 41 percent five years ago.",
        [("five years ago", "relative", None, None, None)],
    ),
    (
        "He recently said so, and again last week.",
        [("recently", "relative", None, None, None), ("last week", "relative", None, None, None)],
    ),
    ("Prices rose in recent years.", [("in recent years", "relative", None, None, None)]),
    ("The minister resigned on Tuesday.", [("on Tuesday", "relative", None, None, None)]),
    (
        "Some twenty-five years ago it changed.",
        [("twenty-five years ago", "relative", None, None, None)],
    ),
    (
        "up from 51 percent five years earlier",
        [("five years earlier", "relative", None, None, None)],
    ),
    ("It ended two days later.", [("two days later", "relative", None, None, None)]),
    # Not years: a count with a thousands separator, a percentage, a decade, a big figure.
    ("About 2,023 people and 2023% more in the 1990s; 12345 votes.", []),
    ("May the court decide?", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_time_expressions(
    text: str, expected: list[tuple[str, str, int | None, int | None, int | None]]
) -> None:
    found = find_time_expressions(text)
    assert [(t.span.text, t.kind, t.year, t.month, t.day) for t in found] == expected
    for t in found:
        assert text[t.span.start : t.span.end] == t.span.text


def test_window_offsets_are_absolute() -> None:
    text = "Outside 1999. Inside: in 2020 and last month."
    start = text.index("Inside")
    found = find_time_expressions(text, start, len(text))
    assert [t.span.text for t in found] == ["2020", "last month"]
    assert all(text[t.span.start : t.span.end] == t.span.text for t in found)
