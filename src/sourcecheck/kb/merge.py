"""Reconcile several records of one person's term in one office.

Sources disagree: one snapshot lists Boris Johnson as Prime Minister from 2019-07-24 with no
end (seen on 2022-07-23), another, taken later, gives the term as 2019 to 2022. An open end
only means "still in office when the record was made"; it does not contradict a record that
gives an end. The rule applied here:

    When several records describe the same term, an explicit end from any of them bounds the
    term, unless a record made later (a later ``as_of``) says the person was still in office
    after that end. A record made the same day counts too: neither is newer, and a false
    "no longer in office" costs more than an unverifiable title.

Before that, records that add nothing are set aside (:func:`reconcile`): a record is
superseded by another of the same term that is fresher (later ``as_of``) and at least as
precise, and that gives an end wherever it gave one; between records giving the same dates the
origin decides; a newsroom's own record supersedes every other. So an open record stops
hiding the end a fresher one gives (José Jerí, open as of 2025-10-10, ended 2026-02-17 as of
2026-02-24). A stale record spanning two terms of the person that another pair of records
keep apart (Tô Lâm, open from 2024-05-22, against his 2024-05-22..2024-10-21 and 2026-04-07
terms) is set aside too: the gap between them is the better-attested fact.

Two records describe the same term when their spans overlap by more than a shared boundary
day and they start together (within :data:`START_TOLERANCE`, or one gives no start), or one
starts well inside the span the other knows. Consecutive terms listed by one source (2019-09-05
to 2021-02-13, then 2021-02-13 onwards) are therefore two terms, and the first one's end does
not close the second.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence

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


#: The origin of a newsroom's own facts: they supersede every other record of the term.
OVERRIDING_ORIGIN = "newsroom"

_PRECISION = {None: -1, "year": 0, "month": 1, "day": 2}


def _precision(date: PartialDate | None) -> int:
    return _PRECISION[date.precision.value if date is not None else None]


def _spans_two_terms(record: Term, records: Sequence[Term]) -> bool:
    """Whether open ``record`` covers an ended term and a later one that others keep apart.

    Only open records: an end they give may be the only one known for the later term.
    """
    if record.origin == OVERRIDING_ORIGIN or record.end is not None:
        return False
    ended = [r for r in records if r is not record and r.end is not None and same_term(r, record)]
    later = [r for r in records if r is not record and r.start is not None and same_term(r, record)]
    return any(
        a.end is not None
        and b.start is not None
        and a.end.latest() <= b.start.earliest()
        and not same_term(a, b)
        for a in ended
        for b in later
    )


def _as_informative(better: Term, worse: Term, records: Sequence[Term]) -> bool:
    """``better`` gives every date ``worse`` gives, as precisely (an end refuted by a later
    record need not be given)."""
    if _precision(better.start) < _precision(worse.start):
        return False
    if worse.end is None or end_is_refuted(worse, records):
        return True
    return better.end is not None and _precision(better.end) >= _precision(worse.end)


def _supersedes(
    better: Term,
    worse: Term,
    records: Sequence[Term],
    rank: Callable[[Term], int],
    order: Mapping[int, int],
) -> bool:
    if better is worse or not same_term(better, worse):
        return False
    if (better.origin == OVERRIDING_ORIGIN) != (worse.origin == OVERRIDING_ORIGIN):
        return better.origin == OVERRIDING_ORIGIN
    if (better.start, better.end) == (worse.start, worse.end):
        # The same facts: the origin that vouches best, then the newer record, then the first.
        vouch = (rank(better), seen_on(better)), (rank(worse), seen_on(worse))
        return vouch[0] > vouch[1] or (
            vouch[0] == vouch[1] and order[id(better)] < order[id(worse)]
        )
    if seen_on(better) == seen_on(worse) and worse.end is None and better.end is not None:
        # Made the same day: the record keeping the person in office stands (see above).
        return False
    b = (seen_on(better), rank(better), _precision(better.start) + _precision(better.end))
    w = (seen_on(worse), rank(worse), _precision(worse.start) + _precision(worse.end))
    return b > w and _as_informative(better, worse, records)


def reconcile(records: Sequence[Term], rank: Callable[[Term], int]) -> list[Term]:
    """The records of one person in one office that still say something, in their order.

    Args:
        records: All records of one person in one office.
        rank: The priority of a record's origin (higher vouches better; breaks ties only).
    """
    records = [r for r in records if not _spans_two_terms(r, records)]
    # By identity: two rows may hold equal values (one source listing a term twice).
    order = {id(r): n for n, r in enumerate(records)}
    return [r for r in records if not any(_supersedes(o, r, records, rank, order) for o in records)]
