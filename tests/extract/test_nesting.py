"""Nesting: an inner relation points to the relation it is reported through."""

from __future__ import annotations

import pytest

from sourcecheck.extract.frames import Sentences
from sourcecheck.extract.nesting import find_parents
from sourcecheck.extract.types import Relation
from sourcecheck.records import AttributionKind, Span

K = AttributionKind


def _span(text: str, phrase: str) -> Span:
    start = text.index(phrase)
    return Span(start, start + len(phrase), phrase)


def _rel(
    text: str, kind: AttributionKind, cue: str | None, source: str | None, content: str
) -> Relation:
    return Relation(
        content=_span(text, content),
        kind=kind,
        paragraph=0,
        cue=_span(text, cue) if cue else None,
        source=_span(text, source) if source else None,
    )


# (text, relations as (kind, cue, source, content), expected parent index per relation)
CASES: list[
    tuple[str, list[tuple[AttributionKind, str | None, str | None, str]], list[int | None]]
] = [
    # The inner cue lies inside the outer content.
    (
        "Reuters reported that her lawyers argue that the charges are false.",
        [
            (K.INDIRECT, "reported", "Reuters", "her lawyers argue that the charges are false"),
            (K.INDIRECT, "argue", "her lawyers", "the charges are false"),
        ],
        [None, 0],
    ),
    # An according-to relation scopes its sentence even when its content is short.
    (
        "According to Reuters, her lawyers argue that the charges are false.",
        [
            (K.ACCORDING_TO, "According to", "Reuters", "her lawyers"),
            (K.INDIRECT, "argue", "her lawyers", "the charges are false"),
        ],
        [None, 0],
    ),
    # ... but not the next sentence.
    (
        "According to Reuters, talks failed. Her lawyers argue that the charges are false.",
        [
            (K.ACCORDING_TO, "According to", "Reuters", "talks failed"),
            (K.INDIRECT, "argue", "Her lawyers", "the charges are false"),
        ],
        [None, None],
    ),
    # A trailing according-to does not scope what precedes it.
    (
        "Her lawyers argue that the charges are false, according to Reuters.",
        [
            (K.INDIRECT, "argue", "Her lawyers", "the charges are false"),
            (
                K.ACCORDING_TO,
                "according to",
                "Reuters",
                "Her lawyers argue that the charges are false",
            ),
        ],
        [1, None],
    ),
    # Two relations of one source in one sentence are siblings.
    (
        "The minister said that talks failed, adding that a deal was near.",
        [
            (K.INDIRECT, "said", "The minister", "talks failed"),
            (K.INDIRECT, "adding", "The minister", "a deal was near"),
        ],
        [None, None],
    ),
    # Three levels: the innermost enclosing content wins.
    (
        "The paper said the mayor claimed that aides believe that it rained.",
        [
            (
                K.INDIRECT,
                "said",
                "The paper",
                "the mayor claimed that aides believe that it rained",
            ),
            (K.INDIRECT, "claimed", "the mayor", "aides believe that it rained"),
            (K.INDIRECT, "believe", "aides", "it rained"),
        ],
        [None, 0, 1],
    ),
]


@pytest.mark.parametrize(("text", "relations", "expected"), CASES)
def test_find_parents(
    text: str,
    relations: list[tuple[AttributionKind, str | None, str | None, str]],
    expected: list[int | None],
) -> None:
    rels = [_rel(text, *r) for r in relations]
    assert find_parents(text, rels, Sentences(text, [])) == expected
