"""Time expressions in and around an attribution ("in 2019", "five years ago", "3 November 2025").

Span conventions: a year is the four digits alone (``2023`` in "their 2023 survey",
``2019`` in "in 2019"); a month-year or date is written as is ("December 2022",
"3 November 2025", "November 3, 2025"); a bare month after a preposition is the month
word ("March" in "in March", kind ``month``); relative expressions are the whole phrase
("five years ago", "five years earlier", "last week", "recently"). Relative expressions
are not resolved to a calendar date (``year``/``month``/``day`` stay ``None``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from sourcecheck.extract.lexicon import load
from sourcecheck.records import Span, TimeExpression


@dataclass(frozen=True, slots=True)
class _Patterns:
    date_dmy: re.Pattern[str]
    date_mdy: re.Pattern[str]
    date_md: re.Pattern[str]
    date_dm: re.Pattern[str]
    iso: re.Pattern[str]
    month_year: re.Pattern[str]
    bare_month: re.Pattern[str]
    year: re.Pattern[str]
    relative: re.Pattern[str]
    ago: re.Pattern[str]
    weekday: re.Pattern[str]
    months: dict[str, int]
    year_range: tuple[int, int]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def _patterns() -> _Patterns:
    data = load("timex")
    months: dict[str, int] = {str(k): int(v) for k, v in data["months"].items()}
    month = rf"(?P<month>{_alternation(list(months))})\.?"
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
    year = r"(?P<year>\d{4})"
    numbers = list(load("numbers")["number_words"])
    quantities = [*numbers, *data["ago_quantities"], r"\d+"]
    quantity = "|".join(
        q if q == r"\d+" else re.escape(q) for q in sorted(quantities, key=len, reverse=True)
    )
    lo, hi = (int(v) for v in data["year_range"])
    return _Patterns(
        date_dmy=re.compile(rf"\b{day}\s+{month},?\s+{year}\b"),
        date_mdy=re.compile(rf"\b{month}\s+{day},?\s+{year}\b"),
        date_md=re.compile(rf"\b{month}\s+{day}\b(?!\s*(?:%|percent|per cent))"),
        date_dm=re.compile(rf"\b{day}\s+{month}\b"),
        iso=re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
        month_year=re.compile(rf"\b{month}\s+{year}\b"),
        bare_month=re.compile(
            rf"\b(?i:{_alternation(data['month_prepositions'])})[\s-]+"
            rf"(?P<month>{_alternation(list(months))})\b"
        ),
        year=re.compile(r"(?<![\w$€£.,/-])(?P<year>\d{4})(?!s\b)(?![\w%.,]\d|\s*(?:%|per))"),
        relative=re.compile(rf"\b(?:{_alternation(data['relative_phrases'])})\b", re.IGNORECASE),
        ago=re.compile(
            rf"\b(?:{quantity})(?:[\s-]+(?:{quantity}))?\s+"
            rf"(?:{_alternation(data['ago_units'])})\s+(?:{_alternation(data['ago_words'])})\b",
            re.IGNORECASE,
        ),
        weekday=re.compile(rf"\b(?:on\s+)?(?:{_alternation(data['weekdays'])})\b"),
        months=months,
        year_range=(lo, hi),
    )


def _valid(year: int | None, month: int | None, day: int | None, years: tuple[int, int]) -> bool:
    if year is not None and not years[0] <= year <= years[1]:
        return False
    if month is not None and not 1 <= month <= 12:
        return False
    return day is None or 1 <= day <= 31


def find_time_expressions(
    text: str, start: int = 0, end: int | None = None
) -> list[TimeExpression]:
    """Time expressions in ``text[start:end]`` with absolute offsets, in text order.

    Overlapping candidates are resolved longest first ("December 2022" beats "2022",
    "in recent years" beats "recent").

    Args:
        text: The article text.
        start: Where the searched stretch begins.
        end: Where it ends (``None``: the end of ``text``).
    """
    stop = len(text) if end is None else end
    window = text[start:stop]
    pats = _patterns()
    found: list[TimeExpression] = []

    def add(kind: str, m: re.Match[str], group: str | int = 0, **parts: int | None) -> None:
        if not _valid(parts.get("year"), parts.get("month"), parts.get("day"), pats.year_range):
            return
        s, e = m.span(group)
        found.append(
            TimeExpression(
                span=Span(start + s, start + e, window[s:e]),
                kind=kind,
                year=parts.get("year"),
                month=parts.get("month"),
                day=parts.get("day"),
            )
        )

    for pattern in (pats.date_dmy, pats.date_mdy):
        for m in pattern.finditer(window):
            add("date", m, year=int(m["year"]), month=pats.months[m["month"]], day=int(m["day"]))
    for m in pats.iso.finditer(window):
        add("date", m, year=int(m["year"]), month=int(m["month"]), day=int(m["day"]))
    for pattern in (pats.date_md, pats.date_dm):
        for m in pattern.finditer(window):
            add("date", m, month=pats.months[m["month"]], day=int(m["day"]))
    for m in pats.month_year.finditer(window):
        add("month", m, year=int(m["year"]), month=pats.months[m["month"]])
    for m in pats.bare_month.finditer(window):
        add("month", m, "month", month=pats.months[m["month"]])
    for m in pats.year.finditer(window):
        add("year", m, "year", year=int(m["year"]))
    for pattern in (pats.relative, pats.ago, pats.weekday):
        for m in pattern.finditer(window):
            add("relative", m)
    return _longest_first(found)


def _longest_first(found: list[TimeExpression]) -> list[TimeExpression]:
    kept: list[TimeExpression] = []
    for t in sorted(found, key=lambda t: (t.span.start - t.span.end, t.span.start)):
        if not any(t.span.overlaps(k.span) for k in kept):
            kept.append(t)
    return sorted(kept, key=lambda t: t.span.start)
