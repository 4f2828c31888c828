"""A time budget for one audit, checked between its steps.

An audit's cost grows with the article, and a server must not spend minutes on one
request. :func:`budget` sets a deadline for the audit running in this thread (or task);
:func:`check` — called between paragraphs as they are parsed and between the stages —
stops it cleanly with :class:`~sourcecheck.errors.BudgetExceededError` once the deadline
has passed. Without a budget, :func:`check` does nothing.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from sourcecheck.errors import BudgetExceededError


@dataclass(frozen=True, slots=True)
class _Deadline:
    at: float
    seconds: float
    source: str
    size: int
    started: float


_DEADLINE: ContextVar[_Deadline | None] = ContextVar("sourcecheck_deadline", default=None)


def seconds_for(size: int, per_100k: float | None, minimum: float) -> float | None:
    """The budget of an article of ``size`` characters (``None``: no budget)."""
    if per_100k is None:
        return None
    return max(minimum, per_100k * size / 100_000)


@contextmanager
def budget(seconds: float | None, *, source: str, size: int) -> Iterator[None]:
    """Run the block under a deadline ``seconds`` from now (``None``: no deadline)."""
    if seconds is None:
        yield
        return
    now = time.monotonic()
    token = _DEADLINE.set(_Deadline(now + seconds, seconds, source, size, now))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check(stage: str) -> None:
    """Stop the audit if its deadline has passed.

    Raises:
        BudgetExceededError: The budget is spent; the message says which, and how to
            raise it.
    """
    deadline = _DEADLINE.get()
    if deadline is None:
        return
    now = time.monotonic()
    if now > deadline.at:
        raise BudgetExceededError(
            deadline.source,
            f"auditing stopped while {stage} after {now - deadline.started:.1f} s: the time "
            f"budget for {deadline.size:,} characters is {deadline.seconds:.1f} s; give a "
            "shorter article, or raise the budget (Settings(time_budget_per_100k=...))",
        )
