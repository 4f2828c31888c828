"""The per-audit time budget: a long audit stops cleanly with a clear error."""

from __future__ import annotations

import time

import pytest

import sourcecheck
from sourcecheck.budget import budget, check, seconds_for
from sourcecheck.errors import BudgetExceededError, InputError
from sourcecheck.settings import Settings


def test_no_budget_never_stops() -> None:
    check("anything")  # outside a budget: nothing happens
    with budget(None, source="<text>", size=10):
        check("parsing")


def test_a_spent_budget_stops_with_a_clear_error() -> None:
    with budget(0.01, source="<text>", size=250_000):
        time.sleep(0.02)
        with pytest.raises(BudgetExceededError) as caught:
            check("parsing")
    message = str(caught.value)
    assert "stopped while parsing" in message and "250,000 characters" in message
    assert isinstance(caught.value, InputError)


@pytest.mark.parametrize(
    ("size", "per_100k", "minimum", "seconds"),
    [(1_000, 10.0, 5.0, 5.0), (300_000, 10.0, 5.0, 30.0), (300_000, None, 5.0, None)],
)
def test_the_budget_grows_with_the_article(
    size: int, per_100k: float | None, minimum: float, seconds: float | None
) -> None:
    assert seconds_for(size, per_100k, minimum) == seconds


def test_an_audit_over_its_budget_is_stopped() -> None:
    text = "The mayor said the bridge would reopen on Monday. " * 2000  # 100 k characters
    settings = Settings(run_checks=False, time_budget_per_100k=0.001, time_budget_min=0.0)
    started = time.perf_counter()
    with pytest.raises(BudgetExceededError):
        sourcecheck.audit(text, settings=settings)
    assert time.perf_counter() - started < 10
    # The same article with no budget is audited.
    assert sourcecheck.audit(text[:5000], settings=Settings(run_checks=False)).attributions
