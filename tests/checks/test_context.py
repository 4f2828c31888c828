"""``sentence_of``: the sentence around a span, found without scanning from the top."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from sourcecheck.checks import context
from sourcecheck.checks.context import sentence_of
from sourcecheck.records import Span

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ocean-plastics-talks.txt"


def _from_the_top(text: str, span: Span) -> Span:
    """What ``sentence_of`` returned before it looked back only a little way."""
    start = 0
    for match in context._SENTENCE_END.finditer(text, 0, min(len(text), span.start + 1)):
        if match.end() <= span.start:
            start = match.end()
    found = context._SENTENCE_END.search(text, span.end)
    end = found.start() if found else len(text)
    return Span(start, end, text[start:end])


def _long_text() -> str:
    # our own sentences; one run-on "sentence" longer than the look-back, abbreviations
    # and quotes at the breaks
    run_on = " and ".join(f"the ferry number {i} ran late" for i in range(200))
    return (
        EXAMPLE.read_text(encoding="utf-8")
        + "\n"
        + "Mr. Hayes said so. “It is late,” he said. Dr. Ruiz agreed. The U.S. team left. "
        + run_on.capitalize()
        + ". Then it stopped.\n\n"
        + "  Whitespace   runs   here.   And here."
    )


@pytest.mark.parametrize(("look_back", "short"), [(2000, 300), (2000, 12), (40, 300), (5, 3)])
def test_sentence_of_matches_a_scan_from_the_top(
    monkeypatch: pytest.MonkeyPatch, look_back: int, short: int
) -> None:
    monkeypatch.setattr(context, "_LOOK_BACK", look_back)
    monkeypatch.setattr(context, "_SHORT_LOOK_BACK", short)
    text = _long_text()
    assert len(text) > 3 * 2000
    rng = random.Random(7)
    for start in [0, 1, len(text) - 1, *rng.sample(range(len(text)), 400)]:
        end = min(len(text), start + rng.randint(1, 30))
        span = Span(start, end, text[start:end])
        assert sentence_of(text, span) == _from_the_top(text, span), (start, end)


def test_a_span_at_a_sentence_start_is_in_that_sentence() -> None:
    text = "Mora promised reform. Health Minister Hugo Paz said so."
    at = text.index("Health")
    assert sentence_of(text, Span(at, at + 6, "Health")).text == "Health Minister Hugo Paz said so."


def test_sentence_of_reads_a_sentence() -> None:
    text = "First one here. Mr. Hayes said the ferry was late. Last one."
    at = text.index("ferry")
    assert sentence_of(text, Span(at, at + 5, "ferry")).text == (
        "Mr. Hayes said the ferry was late."
    )
