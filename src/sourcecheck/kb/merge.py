"""Reconcile several records of one person's term in one office.

Sources disagree: one snapshot lists Boris Johnson as Prime Minister from 2019-07-24 with no
end (seen on 2022-07-23), another, taken later, gives the term as 2019 to 2022. An open end
only means "still in office when the record was made"; it does not contradict a record that
gives an end. The rule applied here:

    When several records describe the same term, an explicit end from any of them bounds the
    term, unless a record made later (a later ``as_of``) says the person was still in office
    after that end. A record made the same day counts too: neither is newer, and a false
    "no longer in office" costs more than an unverifiable title.

Two records describe the same term when their spans overlap by more than a shared boundary
day and they start together (within :data:`START_TOLERANCE`, or one gives no start), or one
starts well inside the span the other knows. Consecutive terms listed by one source (2019-09-05
to 2021-02-13, then 2021-02-13 onwards) are therefore two terms, and the first one's end does
not close the second.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from sourcecheck.kb.dates import PartialDate
from sourcecheck.kb.types import Term

#: How far apart two sources may put the start of the same term (appointment vs swearing-in).
START_TOLERANCE = dt.timedelta(days=60)


def seen_on(term: Term) -> dt.date:
    """When the record was made: its ``as_of``, else the latest day it speaks about."""
    if term.as_of is not None:
        return term.as_of
    if term.end is not None:
        return term.end.latest()
    return term.start.latest() if term.start is not None else dt.date.min


def _known_until(term: Term) -> dt.date:
    """The last day the record vouches for (its end, or the day it was made if open)."""
    if term.end is not None:
        return term.end.latest()
    return max(seen_on(term), term.start.latest() if term.start else dt.date.min)


def _starts_inside(inner: Term, outer: Term) -> bool:
    """``inner`` starts well inside the span ``outer`` vouches for, away from both its ends."""
    if inner.start is None or outer.start is None:
        return False
    return (
        outer.start.latest() + START_TOLERANCE < inner.start.earliest()
        and inner.start.latest() + START_TOLERANCE < _known_until(outer)
    )


def same_term(a: Term, b: Term) -> bool:
    """Whether two records of one person in one office describe the same term.

    Both must be about the same office; the caller has already matched the person.
    """
    if a.position.key != b.position.key:
        return False
    a_end = a.end.latest() if a.end is not None else dt.date.max
    b_end = b.end.latest() if b.end is not None else dt.date.max
    a_start = a.start.earliest() if a.start is not None else dt.date.min
    b_start = b.start.earliest() if b.start is not None else dt.date.min
    # Touching or disjoint spans are different terms (a reappointment on the day one ends).
    if a_end <= b_start or b_end <= a_start:
        return False
    if a.start is None or b.start is None:
        return True
    # A first-of-January start may be a year written as a day (see PartialDate.widened).
    a_first, b_first = a.start.widened(), b.start.widened()
    together = (
        a_first.earliest() - START_TOLERANCE <= b_first.latest()
        and b_first.earliest() - START_TOLERANCE <= a_first.latest()
    )
    return together or _starts_inside(a, b) or _starts_inside(b, a)


def _in_office_after(record: Term, day: dt.date) -> bool:
    """Whether the record says the person was still in office after ``day``."""
    if record.end is not None:
        return record.end.earliest() > day
    return seen_on(record) > day


def end_is_refuted(ended: Term, records: Sequence[Term]) -> bool:
    """Whether a later record of the same term says the person stayed past ``ended``'s end."""
    if ended.end is None:
        return False
    last_day = ended.end.latest()
    made = seen_on(ended)
    # Records made the same day: neither is newer, and the one keeping the person in office
    # longer stands (a wrong "no longer in office" is a false accusation).
    return any(
        other is not ended
        and seen_on(other) >= made
        and same_term(other, ended)
        and _in_office_after(other, last_day)
        for other in records
    )


def bound_by_ends(records: Sequence[Term]) -> list[Term]:
    """Every record with ``end_record`` set where another record's end bounds its term.

    Args:
        records: All records of one person in one office.

    Returns:
        The records in the same order; a record whose term another, unrefuted record of the
        same term ends earlier than it does itself carries that record as ``end_record``.
    """
    standing = [
        (r, r.end.widened())
        for r in records
        if r.end is not None and not end_is_refuted(r, records)
    ]
    out = []
    for record in records:
        own_last = record.end.latest() if record.end is not None else dt.date.max
        best: tuple[Term, PartialDate] | None = None
        for other, bound in standing:
            if other is record or bound.latest() >= own_last or not same_term(record, other):
                continue
            if best is None or bound.latest() < best[1].latest():
                best = (other, bound)
        out.append(record if best is None else dataclasses.replace(record, end_record=best[0]))
    return out
