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


def _frame_all_pairs(
    text: str, relation: Relation, others: list[Relation], sentences: Sentences
) -> list[Span]:
    """The frame as computed before the span index: every other relation looked at."""

    class _All:
        """An index that hands back every span, as the old loop visited them."""

        def __init__(self, relations: list[Relation]) -> None:
            self._all = [
                (r, sp) for r in relations for sp in (r.cue, r.source, r.content) if sp is not None
            ]

        def reaching(self, a: int, b: int) -> list[tuple[Span, Relation]]:
            return [(sp, r) for r, sp in self._all]

    return frame(text, relation, others, sentences, _All(others))  # type: ignore[arg-type]


def test_the_span_index_gives_the_frames_every_pair_gives() -> None:
    # The relations the real pipeline finds in the example article, and the same relations
    # shuffled (the index must not depend on their order).
    import random
    from pathlib import Path

    from sourcecheck.extract.nlp import load_model
    from sourcecheck.extract.paragraphs import parse_paragraphs
    from sourcecheck.extract.relations import find_relations
    from sourcecheck.ingest import read_article

    article = read_article(
        Path(__file__).resolve().parents[2] / "examples" / "ocean-plastics-talks.txt"
    )
    paragraphs = parse_paragraphs(article.text, load_model(None), scoped_ner=True)
    relations = list(find_relations(paragraphs))
    assert len(relations) > 20
    sentences = Sentences(article.text, paragraphs)
    for ordered in (relations, random.Random(3).sample(relations, len(relations))):
        for relation in ordered:
            assert frame(article.text, relation, ordered, sentences) == _frame_all_pairs(
                article.text, relation, ordered, sentences
            )
