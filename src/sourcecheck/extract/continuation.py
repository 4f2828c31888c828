"""Continuation quotes: a quotation with no cue of its own that goes on with the last speaker.

News writing credits a run of quotes to one speaker with a single cue. A cue-less
quotation continues the speaker of the attribution before it when the text says so:

(a) it follows that attribution in the same paragraph with nothing between them but the
    end of the attribution's own sentence (``“The talks are over,” said Powell. “I'm
    sure …”``; ``Powell said the talks were over. “I'm sure …”``);
(b) it opens a paragraph that follows one ending with the attribution (``… the minister
    said.`` ¶ ``“We had no other choice.”``);
(c) it reopens, at the start of the next paragraph, a quotation left open at the end of
    the paragraph before (the newspaper style of a quote running over several
    paragraphs: no closing mark until its last paragraph); the chain runs on while each
    paragraph ends inside the quote.

Between the attribution (or the previous quote of the chain) and the quotation there may
be at most ``continue_max_gap`` characters of narration (``extract/data/quotes.yml``), and
that narration must finish the attribution's sentence: a sentence break followed by more
words ("… said Powell. The dollar fell. “…”") ends the chain, and so does a paragraph
between that holds no attribution, a closed cue-less quote at a paragraph's end (only an
open one, or a cue, carries into the next paragraph), a quotation that another cue
governs (it is that cue's content), a relation without a source, an ``according to``
relation, a quoted term (:mod:`quoted_terms`) and a quote the sentence goes on after
(“Peace dividend” is a phrase …).

Each continuation is its own attribution (``kind: direct``, no cue). Its ``continues`` is
the id of the *first* attribution of the chain — the one with the cue and the source —
so one hop always reaches the cue; the quotes of a chain are ordered by position. Nested
relations (a cue inside another relation's content) neither start nor break a chain.

A split quote (``“I'm not an alien,” she said, “but I am a mutant.”``) stays one
attribution whose content runs over both halves, as the span finder makes it
(:mod:`relations`); it is no continuation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from sourcecheck.extract.intervals import Intervals
from sourcecheck.extract.lexicon import load
from sourcecheck.extract.quoted_terms import quotation_regions
from sourcecheck.extract.relations import doc_text, quote_regions
from sourcecheck.extract.types import Paragraph, Relation
from sourcecheck.records import Span

#: A sentence break followed by more words.
_BREAK = re.compile(r"[.!?…][\"“”'’)]*\s+\S")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
#: Glyphs a quotation may close with (an unclosed one ends on anything else).
_CLOSERS = '“”"«»„’'


@dataclass(frozen=True, slots=True)
class ContinuationRules:
    """Thresholds of ``extract/data/quotes.yml`` (the ``continue_*`` keys)."""

    max_gap: int
    min_words: int
    kinds: frozenset[str]


@cache
def continuation_rules() -> ContinuationRules:
    """Load (once) the continuation thresholds."""
    data = load("quotes")
    return ContinuationRules(
        max_gap=int(data["continue_max_gap"]),
        min_words=int(data["continue_min_words"]),
        kinds=frozenset(str(k) for k in data["continue_kinds"]),
    )


@dataclass(frozen=True, slots=True)
class Continuation:
    """A cue-less quotation that continues the speaker of ``relations[head]``.

    Attributes:
        content: The quotation, marks included (absolute offsets).
        paragraph: Index of the :class:`~sourcecheck.extract.types.Paragraph` it is in.
        head: Index (into the relations given) of the first attribution of its chain.
    """

    content: Span
    paragraph: int
    head: int


@dataclass(frozen=True, slots=True)
class _Item:
    """A relation or a free quotation of one paragraph, in text order."""

    start: int
    end: int
    relation: int | None  # index of the relation; None for a quotation
    open: bool = False  # a quotation left open at the paragraph end


def find_continuations(
    text: str, paragraphs: Sequence[Paragraph], relations: Sequence[Relation]
) -> list[Continuation]:
    """The continuation quotes of the article (see the module docstring), in text order.

    Args:
        text: The article text (all offsets index it).
        paragraphs: The parsed candidate paragraphs, in text order.
        relations: The span finder's relations (``head`` indexes this sequence).
    """
    r = continuation_rules()
    taken = Intervals(
        (s, n)
        for n, rel in enumerate(relations)
        for s in (rel.content, rel.cue, rel.source)
        if s is not None
    )
    nested = _nested(relations)
    out: list[Continuation] = []
    head: int | None = None
    last: _Item | None = None
    previous_end = 0
    for paragraph in paragraphs:
        ptext = doc_text(paragraph.doc)
        if head is not None and (text[previous_end : paragraph.start].strip() or last is None):
            head = None  # a paragraph not parsed (no attribution in it) lies between
        for item in _items(paragraph, relations, taken, nested):
            if item.relation is not None:
                rel = relations[item.relation]
                eligible = rel.source is not None and rel.kind.value in r.kinds
                head = item.relation if eligible else None
                last = item
                continue
            if head is None or last is None or not _joins(text, last, item, paragraph, r):
                head = None
                continue
            content = Span(item.start, item.end, text[item.start : item.end])
            out.append(Continuation(content, paragraph.index, head))
            last = item
        previous_end = paragraph.start + len(ptext)
    return out


def _nested(relations: Sequence[Relation]) -> set[int]:
    """Relations whose cue lies inside another relation's content."""
    contents = Intervals((rel.content, j) for j, rel in enumerate(relations))
    out: set[int] = set()
    for i, rel in enumerate(relations):
        cue = rel.cue
        if cue is None:
            continue
        if any(j != i and c.contains(cue) for c, j in contents.reaching(cue.start, cue.end)):
            out.add(i)
    return out


def _items(
    paragraph: Paragraph, relations: Sequence[Relation], taken: Intervals[int], nested: set[int]
) -> list[_Item]:
    """The paragraph's own relations and its free quotations, in text order."""
    ptext = doc_text(paragraph.doc)
    base = paragraph.start
    end = base + len(ptext)
    items: list[_Item] = []
    firsts = {n for _, n in taken.reaching(base, end)}
    for i in sorted(firsts):
        rel = relations[i]
        if i in nested:
            continue
        spans = [s for s in (rel.content, rel.cue, rel.source) if s is not None]
        first = min(s.start for s in spans)
        if base <= first < end:
            items.append(_Item(first, max(s.end for s in spans), i))
    r = continuation_rules()
    for s, e in quotation_regions(paragraph.doc, quote_regions(ptext)):
        span = Span(base + s, base + e, ptext[s:e])
        if any(span.overlaps(t) for t, _ in taken.reaching(span.start, span.end)):
            continue  # another cue's content (or inside a source)
        inner = ptext[s:e].rstrip()
        if len(_WORD.findall(inner)) < r.min_words:
            continue
        after = ptext[e:].lstrip()
        if after[:1].islower():
            continue  # the sentence goes on: “Peace dividend” is a phrase …
        unclosed = e >= len(ptext.rstrip()) and (len(inner) < 2 or inner[-1] not in _CLOSERS)
        items.append(_Item(base + s, base + len(inner) + s, None, unclosed))
    items.sort(key=lambda it: (it.start, it.relation is None))
    return items


def _joins(
    text: str, last: _Item, quote: _Item, paragraph: Paragraph, rules: ContinuationRules
) -> bool:
    """True when ``quote`` continues the chain whose latest piece is ``last``."""
    if last.end <= paragraph.start:
        # across a paragraph break: the quote opens its paragraph, and the paragraph
        # before ends with the attribution (a cue) or with a quotation left open
        if text[paragraph.start : quote.start].strip():
            return False
        if last.relation is None and not last.open:
            return False
        tail = text[last.end : paragraph.start]
        if any(line.strip() for line in tail.split("\n")[1:]):
            return False  # a paragraph lies between
        return _finishes(tail, rules)
    return _finishes(text[last.end : quote.start], rules)


def _finishes(gap: str, rules: ContinuationRules) -> bool:
    """True when the narration ``gap`` only finishes the attribution's sentence."""
    gap = gap.strip()
    if len(gap) > rules.max_gap or any(ch in _CLOSERS for ch in gap):
        return False
    return _BREAK.search(gap) is None


__all__ = ["Continuation", "ContinuationRules", "continuation_rules", "find_continuations"]
