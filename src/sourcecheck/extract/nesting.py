"""Nested attributions: which relation an inner relation is reported through.

A relation is nested in another when

* its cue (or, without a cue, its source) lies inside the other's content — the
  innermost such content wins ("Reuters reported that her lawyers argue that…"); or
* it shares a sentence with an "According to X," relation whose cue opens the sentence,
  and its cue comes after that relation's source ("According to Reuters, her lawyers
  argue that…"), whatever content span the finder gave the according-to relation.
"""

from __future__ import annotations

from collections.abc import Sequence

from sourcecheck.extract.frames import Sentences
from sourcecheck.extract.intervals import Intervals
from sourcecheck.extract.types import Relation
from sourcecheck.records import AttributionKind, Span


def _anchor(relation: Relation) -> Span | None:
    return relation.cue or relation.source


def find_parents(
    text: str, relations: Sequence[Relation], sentences: Sentences
) -> list[int | None]:
    """For each relation, the index of the relation it is nested in (``None``: top level)."""
    contents = Intervals((r.content, j) for j, r in enumerate(relations))
    according = Intervals(
        (r.cue, j)
        for j, r in enumerate(relations)
        if r.kind is AttributionKind.ACCORDING_TO and r.cue is not None
    )
    parents: list[int | None] = []
    for i, inner in enumerate(relations):
        parent = _containing(i, inner, relations, contents)
        if parent is None:
            parent = _scoped(text, i, inner, relations, sentences, according)
        parents.append(parent)
    return _break_cycles(parents)


def _containing(
    i: int, inner: Relation, relations: Sequence[Relation], contents: Intervals[int]
) -> int | None:
    anchor = _anchor(inner)
    if anchor is None:
        return None
    best: int | None = None
    # In index order, as a scan of every relation would meet them (ties keep the first).
    for j in sorted(j for _, j in contents.reaching(anchor.start, anchor.end)):
        outer = relations[j]
        if j == i or not outer.content.contains(anchor) or outer.content == inner.content:
            continue
        # Two relations that hold each other's anchors (a shared source) are siblings.
        outer_anchor = _anchor(outer)
        if outer_anchor is not None and inner.content.contains(outer_anchor):
            continue
        if best is None or len(relations[best].content.text) > len(outer.content.text):
            best = j
    return best


def _scoped(
    text: str,
    i: int,
    inner: Relation,
    relations: Sequence[Relation],
    sentences: Sentences,
    according: Intervals[int],
) -> int | None:
    if inner.cue is None or inner.kind is AttributionKind.ACCORDING_TO:
        return None
    start, end = sentences.bounds(inner.cue.start)
    for j in sorted(j for _, j in according.reaching(start, end)):
        outer = relations[j]
        if j == i or outer.kind is not AttributionKind.ACCORDING_TO or outer.cue is None:
            continue
        if not start <= outer.cue.start < end:
            continue
        opening = text[start : outer.cue.start].strip(" \t“\"'‘")
        after = outer.source.end if outer.source is not None else outer.cue.end
        if opening == "" and inner.cue.start >= after and not _same(inner, outer):
            return j
    return None


def _same(a: Relation, b: Relation) -> bool:
    return a.cue == b.cue and a.content == b.content


def _break_cycles(parents: list[int | None]) -> list[int | None]:
    """Drop the link that closes a cycle (never expected, but ids must form a tree)."""
    out = list(parents)
    for i in range(len(out)):
        seen = {i}
        j = out[i]
        while j is not None:
            if j in seen:
                out[i] = None
                break
            seen.add(j)
            j = out[j]
    return out
