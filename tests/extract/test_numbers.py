"""Figures in attributions: percentages, money, counts; years and durations left out."""

from __future__ import annotations

import pytest

from sourcecheck.extract.numbers import find_numbers
from sourcecheck.extract.timex import find_time_expressions

CASES = [
    ("only 28 percent of voters trust it", [(28.0, "percent", "28 percent")]),
    ("up from 41% in the last poll", [(41.0, "percent", "41%")]),
    ("a rise of 3.5 per cent", [(3.5, "percent", "3.5 per cent")]),
    ("down 2 percentage points", [(2.0, "percentage_point", "2 percentage points")]),
    ("twenty percent agree", [(20.0, "percent", "twenty percent")]),
    ("1,200 people marched", [(1200.0, "people", "1,200 people")]),
    ("three ministers resigned", [(3.0, "ministers", "three ministers")]),
    ("two hundred protesters gathered", [(200.0, "protesters", "two hundred protesters")]),
    ("a fine of $5 million was set", [(5_000_000.0, "USD", "$5 million")]),
    ("it cost 300 million dollars", [(300_000_000.0, "USD", "300 million dollars")]),
    ("a bill of €40", [(40.0, "EUR", "€40")]),
    ("the toll reached 57.", [(57.0, None, "57")]),
    # Not figures: pronoun "one", a year, a duration inside a time expression.
    ("one of them said so in 2019", []),
    ("support was higher five years ago", []),
    ("their 2023 survey found little", []),
    ("up from 51 percent five years earlier", [(51.0, "percent", "51 percent")]),
    # "other" is not what is counted (and a spelled number needs a counted noun).
    ("officials in two other delegations", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_numbers(text: str, expected: list[tuple[float, str | None, str]]) -> None:
    times = [t.span for t in find_time_expressions(text)]
    found = find_numbers(text, exclude=times)
    assert [(n.value, n.unit, n.span.text) for n in found] == expected
    for n in found:
        assert text[n.span.start : n.span.end] == n.span.text


def test_time_words_are_not_counted_nouns() -> None:
    # "five years" is a duration even without exclusions; "five judges" is a count.
    assert find_numbers("five years ago") == []
    assert [(n.value, n.unit) for n in find_numbers("five judges")] == [(5.0, "judges")]
