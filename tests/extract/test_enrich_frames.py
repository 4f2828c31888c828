"""Frames: the words around a relation's cue and source where its medium and time are read."""

from __future__ import annotations

import pytest

from sourcecheck.extract.frames import Sentences, frame
from sourcecheck.extract.types import Relation
from sourcecheck.records import AttributionKind, Span

K = AttributionKind


def _span(text: str, phrase: str) -> Span:
    start = text.index(phrase)
    return Span(start, start + len(phrase), phrase)


def _rel(
    text: str, cue: str | None, source: str | None, content: str, kind: AttributionKind = K.INDIRECT
) -> Relation:
    return Relation(
        _span(text, content),
        kind,
        0,
        _span(text, cue) if cue else None,
        _span(text, source) if source else None,
    )


CASES = [
    # A sentence-initial adverbial belongs to the frame; the content does not.
    (
        "Talks stalled. In a statement on Monday, the minister said that talks had failed.",
        [("said", "the minister", "talks had failed")],
        0,
        ["In a statement on Monday, the minister said that "],
    ),
    # Content first: the frame is the clause after it, up to the next comma.
    (
        "“We will win,” the mayor said in an interview, as crowds gathered.",
        [("said", "the mayor", "“We will win,”")],
        0,
        [" the mayor said in an interview"],
    ),
    # The inner relation of "According to X, Y argues that…" stops at X.
    (
        "According to a report by Reuters, her lawyers argue that the case is weak.",
        [
            ("According to", "a report by Reuters", "her lawyers argue that the case is weak"),
            ("argue", "her lawyers", "the case is weak"),
        ],
        1,
        [", her lawyers argue that "],
    ),
    # ... while the outer one keeps its own words.
    (
        "According to a report by Reuters, her lawyers argue that the case is weak.",
        [
            ("According to", "a report by Reuters", "her lawyers argue that the case is weak"),
            ("argue", "her lawyers", "the case is weak"),
        ],
        0,
        ["According to a report by Reuters, "],
    ),
    # A relation without cue or source has no frame.
    ("The case is weak.", [(None, None, "The case is weak")], 0, []),
]


@pytest.mark.parametrize(("text", "relations", "which", "expected"), CASES)
def test_frame(
    text: str,
    relations: list[tuple[str | None, str | None, str]],
    which: int,
    expected: list[str],
) -> None:
    rels = [_rel(text, *r) for r in relations]
    pieces = frame(text, rels[which], rels, Sentences(text, []))
    assert [p.text for p in pieces] == expected
    assert all(text[p.start : p.end] == p.text for p in pieces)


def test_sentences_fallback_splits_unparsed_text() -> None:
    text = "First one here. Second one “quoted.” Third?"
    sentences = Sentences(text, [])
    assert sentences.bounds(text.index("Second")) == (16, text.index(" Third"))
    assert sentences.previous(text.index("Third")) == (16, text.index(" Third"))
    assert sentences.previous(0) is None
