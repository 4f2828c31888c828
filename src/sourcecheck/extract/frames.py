"""Sentences and the *frame* of a relation: the words around its cue and source.

The frame is where the medium, the via and the time of an attribution are written
("In a statement posted on social media, …", "…, she said in an interview on Monday"):
the stretch of the cue's sentence that holds the cue and source, grown left and right
until the sentence ends or another relation's span (or the relation's own content) begins;
when the content comes first ("“…,” she said on Monday, as crowds gathered") it grows right
only to the end of the clause; in a quote the cue splits ("“A,” she told reporters at a
press conference, “B.”") it is what lies between the two halves.
Spans of an enclosing relation do not stop it, so the frame of "her lawyers argue" inside
"According to Reuters, her lawyers argue that…" stops at "Reuters".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from sourcecheck.extract.intervals import Intervals
from sourcecheck.extract.relations import doc_text
from sourcecheck.extract.types import Paragraph, Relation
from sourcecheck.records import Span

_CLAUSE_END = re.compile(r"[,;:—–(]")
#: Quotation marks that may close the first half of a split quote, and open the second.
_CLOSING = ("”", '"', "’", "»")
_OPENING = ("“", '"', "‘", "«")
_SENTENCE_END = re.compile(r"[.!?][”\"’)]*(?=\s+[“\"(]?[A-Z0-9])|\n+")


class Sentences:
    """Sentence boundaries of an article: the model's in parsed paragraphs, a regex elsewhere."""

    def __init__(self, text: str, paragraphs: Sequence[Paragraph]) -> None:
        starts: set[int] = {0}
        # Parsed stretches sorted by start, each with the furthest end reached so far, so that
        # one bisect tells whether a regex sentence end falls inside a parsed paragraph.
        parsed: list[tuple[int, int]] = []
        for p in paragraphs:
            end = p.start + len(doc_text(p.doc))
            parsed.append((p.start, end))
            for sent in p.doc.sents:
                starts.add(p.start + sent.start_char)
            starts.add(end)
        parsed.sort()
        parsed_starts = [s for s, _ in parsed]
        reach: list[int] = []
        for _, e in parsed:
            reach.append(max(e, reach[-1]) if reach else e)
        for m in _SENTENCE_END.finditer(text):
            k = bisect.bisect_right(parsed_starts, m.start()) - 1
            if k < 0 or m.start() >= reach[k]:
                starts.add(m.end())
        self._text = text
        self._starts = sorted(s for s in starts if s <= len(text))

    def bounds(self, offset: int) -> tuple[int, int]:
        """``(start, end)`` of the sentence holding ``offset``, without outer white space."""
        i = bisect.bisect_right(self._starts, offset) - 1
        start = self._starts[max(i, 0)]
        end = self._starts[i + 1] if i + 1 < len(self._starts) else len(self._text)
        chunk = self._text[start:end]
        start += len(chunk) - len(chunk.lstrip())
        end -= len(chunk) - len(chunk.rstrip())
        return start, max(start, end)

    def previous(self, offset: int) -> tuple[int, int] | None:
        """The sentence before the one holding ``offset`` (``None`` at the start)."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i <= 0:
            return None
        return self.bounds(self._starts[i - 1])


def anchor(relation: Relation) -> Span | None:
    """The smallest span covering the cue and source (``None`` without either)."""
    parts = [s for s in (relation.cue, relation.source) if s is not None]
    if not parts:
        return None
    start = min(s.start for s in parts)
    end = max(s.end for s in parts)
    return Span(start, end, "")


def span_index(relations: Sequence[Relation]) -> Intervals[Relation]:
    """The cue, source and content spans of ``relations``, for :func:`frame` (build it once
    per article and pass it to every call)."""
    return Intervals((span, r) for r in relations for span in (r.cue, r.source, r.content) if span)


def frame(
    text: str,
    relation: Relation,
    others: Sequence[Relation],
    sentences: Sentences,
    spans: Intervals[Relation] | None = None,
) -> list[Span]:
    """The frame of ``relation`` as pieces of text, in order (see the module docstring).

    ``spans`` is :func:`span_index` of ``others``, built here when not given.
    """
    core = anchor(relation)
    if core is None:
        return []
    if relation.content.start < core.start and core.end < relation.content.end:
        return [_between_quotes(text, relation.content, core)]
    sent_start, sent_end = sentences.bounds(core.start)
    sent_start = min(sent_start, core.start)
    sent_end = max(sent_end, core.end)
    blockers: list[Span] = [relation.content]
    # Only spans that reach into the sentence can bound the frame: an index finds them
    # without a pass over every relation of the article (quadratic on long articles).
    if spans is None:
        spans = span_index(others)
    for span, owner in spans.reaching(sent_start, sent_end):
        # Spans that hold this relation (its outer relation) or share its words do not
        # bound it.
        if owner is relation or span.overlaps(core) or span.contains(core):
            continue
        blockers.append(span)
    left = max([b.end for b in blockers if b.end <= core.start] + [sent_start])
    right = min([b.start for b in blockers if b.start >= core.end] + [sent_end])
    if relation.content.start < core.end:
        # Nothing of the relation follows the cue: keep its own clause only
        # ("“…,” she said on Monday, as crowds gathered").
        boundary = _CLAUSE_END.search(text, core.end, right)
        if boundary is not None:
            right = boundary.start()
    content = relation.content
    if not (content.start < right and left < content.end):
        return [Span(left, right, text[left:right])]
    # The content sits inside the anchor ("X, quoting …, said"): keep both sides of it.
    pieces: list[Span] = []
    if left < content.start:
        pieces.append(Span(left, content.start, text[left : content.start]))
    if content.end < right:
        pieces.append(Span(content.end, right, text[content.end : right]))
    return pieces


def _between_quotes(text: str, content: Span, core: Span) -> Span:
    """The frame of a split quote: the words between its halves around the cue and source.

    ``“A,” X told reporters at a press conference, “B.”``: from the mark closing the first
    half to the mark opening the second.
    """
    left = max(text.rfind(mark, content.start, core.start) for mark in _CLOSING) + 1
    found = [i for i in (text.find(mark, core.end, content.end) for mark in _OPENING) if i >= 0]
    right = min(found, default=core.end)
    left = min(max(left, content.start), core.start)
    return Span(left, right, text[left:right])
