"""How title verdicts say times, terms and records: one plain sentence a reader trusts."""

from __future__ import annotations

import calendar
from collections.abc import Iterable

from sourcecheck.checks.titles import TitleClaim
from sourcecheck.kb import Term, Window
from sourcecheck.kb.names import key, name_words


def on(window: Window) -> str:
    """``on 2025-11-04``, ``in December 2022``, ``in 2008``, ``between … and …``."""
    start, end = window.start, window.end
    if start is not None and start == end:
        if start.day:
            return f"on {start}"
        if start.month is None:
            return f"in {start}"
        return f"in {calendar.month_name[start.month]} {start.year}"
    if start is None and end is not None:
        return f"before {end}"
    return f"between {start or '…'} and {end or '…'}"


def plain(window: Window) -> str:
    """``2009``, ``December 2022``, ``2025-11-04``, ``2025-08-04 to 2025-11-04``."""
    text = on(window)
    for word in ("on ", "in ", "between "):
        if text.startswith(word):
            return text.removeprefix(word).replace(" and ", " to ")
    return text


def span_text(term: Term) -> str:
    """``2009 to 2021``, ``from 2022-12-29`` (open, as of …), ``2019-07-24 to 2022``."""
    start = str(term.start) if term.start else "an unknown date"
    end = term.bounding_end
    if end is not None:
        return f"{start} to {end}"
    if term.successor_start is not None:
        return f"{start} to no later than {term.successor_start}"
    return f"from {start}, in office as of {term.as_of or 'an unknown date'}"


def surname(name: str) -> str:
    words = name.split()
    return words[-1] if words else name


def who_text(claim: TitleClaim) -> str:
    if claim.terms and name_words(claim.terms[0].person) != name_words(claim.name):
        # Found by surname or alias: say whom the knowledge base took the name for.
        return f"{claim.name} (taken as {claim.terms[0].person})"
    return claim.name


def record(term: Term) -> str:
    """``, record as of 2026-08-22``: what a statement relies on (an open term says it)."""
    if term.bounding_end is None and term.successor_start is None:
        return ""
    return f", record as of {term.as_of}" if term.as_of else ", undated record"


def when_text(when: str) -> str:
    """`` (at the time the sentence names …)``, or ``, the article's date``."""
    if when.startswith("on the article's date"):
        return ", the article's date" + when.removeprefix("on the article's date")
    return f" ({when})"


def ended_text(term: Term) -> str:
    """``2025-05-26``, or ``by 2023-02-14`` when only a successor's start bounds it."""
    if term.bounding_end is not None:
        return str(term.bounding_end)
    return f"by {term.successor_start}" if term.successor_start else "at an unknown date"


_FINENESS = {"year": 0, "month": 1, "day": 2}


def fineness(term: Term) -> int:
    """How precisely a record gives the start (records of one term differ)."""
    return _FINENESS[term.start.precision.value] if term.start else -1


def spans(terms: Iterable[Term]) -> str:
    """Each term once: records of one term that end together say it with the finest start."""
    best: dict[str, Term] = {}
    for term in terms:
        end = str(term.bounding_end or term.successor_start or term.as_of)
        mark = f"{key(term.person)}|{term.position.key}|{end}"
        kept = best.get(mark)
        if kept is None or fineness(term) > fineness(kept):
            best[mark] = term
    return "; ".join(dict.fromkeys(span_text(t) for t in best.values()))
