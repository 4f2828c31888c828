"""Spans found by where they reach: which of many spans touch a stretch of the text.

The passes over an article's relations ask, for each relation or paragraph, which other
spans lie around it; a scan of every span each time grows with the square of the article's
length (20 s and more at a few hundred thousand characters). Spans sorted by start, with
the furthest end reached so far, answer it with a binary search and a short walk back.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Sequence
from typing import Generic, Protocol, TypeVar

from sourcecheck.records import Span

T = TypeVar("T")


class Intervals(Generic[T]):
    """Spans, each with a value, queried by the stretch they reach."""

    def __init__(self, items: Iterable[tuple[Span, T]]) -> None:
        # Sorted by start (then end, then insertion) so equal spans keep their order.
        entries = sorted(
            ((span, n, value) for n, (span, value) in enumerate(items)),
            key=lambda e: (e[0].start, e[0].end, e[1]),
        )
        self._starts = [span.start for span, _, _ in entries]
        self._entries = [(span, value) for span, _, value in entries]
        self._reach: list[int] = []
        reach = -1
        for span, _, _ in entries:
            reach = max(reach, span.end)
            self._reach.append(reach)

    def reaching(self, start: int, end: int) -> Iterator[tuple[Span, T]]:
        """The spans that start at or before ``end`` and end at or after ``start``.

        Latest start first; every span that overlaps, touches or contains the stretch is
        among them.
        """
        i = bisect.bisect_right(self._starts, end) - 1
        while i >= 0 and self._reach[i] >= start:
            span, value = self._entries[i]
            if span.end >= start:
                yield span, value
            i -= 1


class _HasSpan(Protocol):
    @property
    def span(self) -> Span: ...


M = TypeVar("M", bound=_HasSpan)

_LAST: dict[str, tuple[object, object]] = {}


def by_position(items: Sequence[M], purpose: str) -> Intervals[M]:
    """An index of ``items`` (mentions) by their spans, reused while the same sequence is
    asked about for the same ``purpose`` (one article's passes ask thousands of times)."""
    last = _LAST.get(purpose)
    if last is not None and last[0] is items:
        return last[1]  # type: ignore[return-value]
    index: Intervals[M] = Intervals((item.span, item) for item in items)
    _LAST[purpose] = (items, index)
    return index


def in_order(found: Iterable[tuple[Span, M]]) -> list[M]:
    """The items of :meth:`Intervals.reaching` back in text order."""
    return [item for _, item in sorted(found, key=lambda pair: (pair[0].start, pair[0].end))]
