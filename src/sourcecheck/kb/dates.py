"""Dates known to the year, month or day, compared as the intervals they stand for.

A term that began "2023-07" began some day of July 2023: it is not treated as known to
the day. Every comparison here is three-valued through :class:`Overlap`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from sourcecheck.errors import KnowledgeBaseError

_PARTIAL = re.compile(r"^(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


class Precision(StrEnum):
    """How much of a date is known."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day.

    Attributes:
        year: The year.
        month: The month, when known.
        day: The day, when known (only with a month).
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        # Validates month and day ranges.
        self.earliest()

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

        Raises:
            KnowledgeBaseError: The text is not one of those forms.
        """
        match = _PARTIAL.match(text.strip())
        if match is None:
            raise KnowledgeBaseError(
                f"date {text!r} is not YYYY, YYYY-MM or YYYY-MM-DD; write it in one of those forms"
            )
        year, month, day = match.groups()
        try:
            return cls(int(year), int(month) if month else None, int(day) if day else None)
        except ValueError as exc:
            raise KnowledgeBaseError(
                f"date {text!r} does not exist ({exc}); write a real YYYY, YYYY-MM or YYYY-MM-DD"
            ) from exc

    @classmethod
    def parse_optional(cls, text: str | None) -> PartialDate | None:
        """Like :meth:`parse`, but an empty text is ``None``."""
        if text is None or not text.strip():
            return None
        return cls.parse(text)

    @classmethod
    def of(cls, day: dt.date) -> PartialDate:
        """The day ``day``."""
        return cls(day.year, day.month, day.day)

    @property
    def precision(self) -> Precision:
        """Year, month or day."""
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    def earliest(self) -> dt.date:
        """The first day this date may be."""
        return dt.date(max(self.year, 1), self.month or 1, self.day or 1)

    def latest(self) -> dt.date:
        """The last day this date may be."""
        year = max(self.year, 1)
        if self.month is None:
            return dt.date(year, 12, 31)
        if self.day is None:
            return dt.date(year, self.month, calendar.monthrange(year, self.month)[1])
        return dt.date(year, self.month, self.day)

    def widened(self) -> PartialDate:
        """The first of a month as that month, the first of January as its year.

        Some sources write a date known only to the month or year as its first day
        (``2007-01-01`` for "2007"); where one record's date bounds another's, it is read
        at the lower precision it may stand for, so the bound never claims more than it knows.
        """
        if self.day == 1 and self.month is not None:
            return PartialDate(self.year) if self.month == 1 else PartialDate(self.year, self.month)
        return self

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


class Overlap(StrEnum):
    """A three-valued answer: surely, surely not, or cannot tell."""

    YES = "yes"
    NO = "no"
    MAYBE = "maybe"


@dataclass(frozen=True, slots=True)
class Window:
    """A stretch of time with bounds that may be imprecise or open.

    Attributes:
        start: The first day, ``None`` for "since ever".
        end: The last day, ``None`` for "until further notice".
    """

    start: PartialDate | None = None
    end: PartialDate | None = None

    @classmethod
    def day(cls, day: dt.date) -> Window:
        """The one day ``day``."""
        point = PartialDate.of(day)
        return cls(point, point)

    @classmethod
    def around(cls, date: PartialDate) -> Window:
        """The stretch a partial date stands for (all of 2019, all of December 2022)."""
        return cls(date, date)

    def lowest(self) -> dt.date:
        """The earliest day the window may start."""
        return self.start.earliest() if self.start else dt.date.min

    def highest(self) -> dt.date:
        """The latest day the window may end."""
        return self.end.latest() if self.end else dt.date.max

    def is_empty(self) -> bool:
        """True when the window surely holds no day."""
        return self.lowest() > self.highest()

    def intersect(self, other: Window) -> Window:
        """The window both cover (bounds keep their own precision)."""
        start = _later(self.start, other.start)
        end = _earlier(self.end, other.end)
        return Window(start, end)

    def contains(self, day: dt.date) -> Overlap:
        """Whether ``day`` lies in the window."""
        if day < self.lowest() or day > self.highest():
            return Overlap.NO
        sure_start = self.start.latest() if self.start else dt.date.min
        sure_end = self.end.earliest() if self.end else dt.date.max
        if sure_start <= day <= sure_end:
            return Overlap.YES
        return Overlap.MAYBE

    def __str__(self) -> str:
        start = str(self.start) if self.start else "…"
        end = str(self.end) if self.end else "…"
        return f"{start} to {end}"


def _later(a: PartialDate | None, b: PartialDate | None) -> PartialDate | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if a.earliest() >= b.earliest() else b


def _earlier(a: PartialDate | None, b: PartialDate | None) -> PartialDate | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if a.latest() <= b.latest() else b
