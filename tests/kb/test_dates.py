"""Partial dates keep their precision and compare as the intervals they stand for."""

from __future__ import annotations

import datetime as dt

import pytest

from sourcecheck.errors import KnowledgeBaseError
from sourcecheck.kb import Overlap, PartialDate, Precision, Window

D = dt.date


@pytest.mark.parametrize(
    ("text", "precision", "earliest", "latest"),
    [
        ("2019", Precision.YEAR, D(2019, 1, 1), D(2019, 12, 31)),
        ("2024-02", Precision.MONTH, D(2024, 2, 1), D(2024, 2, 29)),
        ("2023-02", Precision.MONTH, D(2023, 2, 1), D(2023, 2, 28)),
        ("2024-09-30", Precision.DAY, D(2024, 9, 30), D(2024, 9, 30)),
    ],
)
def test_parse_keeps_precision(text: str, precision: Precision, earliest: D, latest: D) -> None:
    date = PartialDate.parse(text)
    assert date.precision is precision
    assert (date.earliest(), date.latest()) == (earliest, latest)
    assert str(date) == text


@pytest.mark.parametrize("text", ["2019/01/01", "yesterday", "2019-13", "2019-02-30", "19-1-1x"])
def test_parse_rejects_with_the_forms_allowed(text: str) -> None:
    with pytest.raises(KnowledgeBaseError, match="YYYY"):
        PartialDate.parse(text)


@pytest.mark.parametrize(
    ("start", "end", "day", "expected"),
    [
        ("2023-07", "2024-09-30", D(2023, 7, 15), Overlap.MAYBE),  # July 2023: start unsure
        ("2023-07", "2024-09-30", D(2023, 8, 1), Overlap.YES),
        ("2023-07", "2024-09-30", D(2024, 10, 1), Overlap.NO),
        ("2012", "2018", D(2018, 6, 1), Overlap.MAYBE),
        ("2012", "2018", D(2019, 1, 1), Overlap.NO),
        ("2012", None, D(2030, 1, 1), Overlap.YES),
    ],
)
def test_window_contains(start: str, end: str | None, day: D, expected: Overlap) -> None:
    window = Window(PartialDate.parse(start), PartialDate.parse_optional(end))
    assert window.contains(day) is expected


def test_intersection_keeps_the_bounds_own_precision() -> None:
    barcena = Window(PartialDate.parse("2023-07"), PartialDate.parse("2024-09-30"))
    almagro = Window(PartialDate.parse("2015-05-26"), PartialDate.parse("2025-05-26"))
    both = barcena.intersect(almagro)
    assert str(both) == "2023-07 to 2024-09-30"
    assert not both.is_empty()
    later = Window(PartialDate.parse("2025-11-03"), None)
    assert barcena.intersect(later).is_empty()
