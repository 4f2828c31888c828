"""Enrichment: relations → full :class:`~sourcecheck.records.Attribution` records.

For every relation: a stable id, the source (:mod:`sources`), the medium and via
(:mod:`media`, read from the relation's frame, :mod:`frames`), the parent of a nested
relation (:mod:`nesting`), the figures (:mod:`numbers`) and time expressions
(:mod:`timex`) written in its source, cue, content and frame, and the ``statistic`` kind
for a figure credited to a survey, poll, study, report or data.

Cue-less quotes that continue a speaker (:mod:`continuation`) become attributions of
their own: ``kind: direct``, no cue, the source (resolved name included), medium and via
of the chain's first attribution, and ``continues`` = that attribution's id.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace

from sourcecheck.extract.continuation import Continuation, find_continuations
from sourcecheck.extract.coreference import follow_speakers
from sourcecheck.extract.frames import Sentences, frame, span_index
from sourcecheck.extract.media import Medium, act_before, find_medium, statistic_media
from sourcecheck.extract.mentions import Mention, find_groups, find_mentions
from sourcecheck.extract.nesting import find_parents
from sourcecheck.extract.numbers import find_numbers
from sourcecheck.extract.sources import SourceReading, describe_source
from sourcecheck.extract.timex import find_time_expressions
from sourcecheck.extract.types import Paragraph, Relation
from sourcecheck.records import (
    Article,
    Attribution,
    AttributionKind,
    NumberMention,
    SourceKind,
    Span,
    TimeExpression,
)


def attribution_id(relation: Relation) -> str:
    """A stable id from the relation's offsets: ``a`` + 10 hex digits of a SHA-1.

    Hashes ``(cue.start, content.start, content.end)`` (``-1`` for a missing cue), so the
    id survives edits elsewhere in the pipeline as long as the spans stay put.
    """
    cue = relation.cue.start if relation.cue is not None else -1
    key = f"{cue}:{relation.content.start}:{relation.content.end}"
    return "a" + hashlib.sha1(key.encode("ascii")).hexdigest()[:10]


def _position(relation: Relation) -> tuple[int, int, int]:
    starts = [s.start for s in (relation.cue, relation.source, relation.content) if s is not None]
    return (min(starts), relation.content.start, relation.cue.start if relation.cue else -1)


def enrich(
    article: Article, paragraphs: list[Paragraph], relations: list[Relation]
) -> tuple[Attribution, ...]:
    """Turn raw relations into attributions, ordered by position in the text.

    Args:
        article: The article (its ``text`` is what all offsets index).
        paragraphs: The parsed candidate paragraphs (for sentences and named entities).
        relations: The span finder's relations, in any order.
    """
    text = article.text
    ordered = sorted(relations, key=_position)
    sentences = Sentences(text, paragraphs)
    mentions = find_mentions(text, paragraphs)
    groups = find_groups(text, paragraphs)
    parents = find_parents(text, ordered, sentences)
    ids = _unique_ids([attribution_id(r) for r in ordered])
    readings = _follow_speakers(
        text,
        paragraphs,
        ordered,
        [
            describe_source(text, r.source, mentions, groups) if r.source is not None else None
            for r in ordered
        ],
        mentions,
    )
    # Each frame is read twice (medium, window): compute it once.
    spans = span_index(ordered)
    frames = [frame(text, r, ordered, sentences, spans) for r in ordered]
    media = [
        _medium(text, r, pieces, sentences, reading, article.outlet)
        for r, pieces, reading in zip(ordered, frames, readings, strict=True)
    ]
    media = _share_media(ordered, media, sentences)
    out: list[Attribution] = []
    for i, relation in enumerate(ordered):
        reading = readings[i]
        medium = media[i]
        window = _window(text, relation, frames[i])
        times = _time_expressions(text, window)
        numbers = _numbers(text, window, times)
        kind = relation.kind
        in_content = [n for n in numbers if relation.content.contains(n.span)]
        if in_content and medium is not None and medium.value in statistic_media():
            kind = AttributionKind.STATISTIC
        parent = parents[i]
        out.append(
            Attribution(
                id=ids[i],
                kind=kind,
                content=relation.content,
                cue=relation.cue,
                source=reading.source if reading is not None else None,
                medium=medium.value if medium is not None else None,
                via=medium.via if medium is not None else None,
                parent=ids[parent] if parent is not None else None,
                numbers=tuple(numbers),
                time_expressions=tuple(times),
            )
        )
    found = find_continuations(text, paragraphs, ordered)
    if not found:
        return tuple(out)
    out.extend(_continuation(text, c, out[c.head]) for c in found)
    taken = set(ids)
    for i, a in enumerate(out):
        if a.id in taken and i >= len(ids):
            out[i] = replace(a, id=f"{a.id}-c")  # same offsets as a relation: keep ids unique
    return tuple(sorted(out, key=lambda a: _start(a)))


def _start(attribution: Attribution) -> tuple[int, int]:
    spans = [attribution.content, attribution.cue]
    if attribution.source is not None:
        spans.append(attribution.source.span)
    return (min(s.start for s in spans if s is not None), attribution.content.start)


def _continuation(text: str, found: Continuation, head: Attribution) -> Attribution:
    """The attribution of a continuation quote: the head's speaker, medium and via."""
    relation = Relation(
        content=found.content, kind=AttributionKind.DIRECT, paragraph=found.paragraph
    )
    times = _time_expressions(text, [found.content])
    return Attribution(
        id=attribution_id(relation),
        kind=AttributionKind.DIRECT,
        content=found.content,
        source=head.source,
        medium=head.medium,
        via=head.via,
        numbers=tuple(_numbers(text, [found.content], times)),
        time_expressions=tuple(times),
        category=head.category,
        continues=head.id,
    )


def _follow_speakers(
    text: str,
    paragraphs: Sequence[Paragraph],
    relations: Sequence[Relation],
    readings: list[SourceReading | None],
    mentions: Sequence[Mention],
) -> list[SourceReading | None]:
    """``readings`` with pronouns re-read against the article's speakers (:mod:`coreference`).

    A re-read personal pronoun keeps no document; a plural one ("their 2023 survey") keeps
    its document and generic mark.
    """
    sources = [r.source if r is not None else None for r in readings]
    documents = [r is not None and r.document is not None for r in readings]
    followed = follow_speakers(text, paragraphs, relations, sources, documents, mentions)
    out: list[SourceReading | None] = []
    for reading, source in zip(readings, followed, strict=True):
        if reading is None or source is None or source == reading.source:
            out.append(reading)
        elif source.kind is SourceKind.PERSON and reading.document is None:
            out.append(SourceReading(source))
        else:
            out.append(SourceReading(source, reading.document, reading.generic))
    return out


def _unique_ids(ids: list[str]) -> list[str]:
    """Suffix repeated ids (two relations with the same cue and content) with -2, -3…"""
    seen: dict[str, int] = {}
    out: list[str] = []
    for i in ids:
        seen[i] = seen.get(i, 0) + 1
        out.append(i if seen[i] == 1 else f"{i}-{seen[i]}")
    return out


def _medium(
    text: str,
    relation: Relation,
    pieces: Sequence[Span],
    sentences: Sentences,
    reading: SourceReading | None,
    own_outlet: str | None,
) -> Medium | None:
    """The medium: the source's own document noun first, then the frame ``pieces`` (media.py)."""
    document = reading.document if reading is not None else None
    medium = find_medium(text, pieces, relation.cue, document, own_outlet)
    if medium is None and reading is not None and reading.generic:
        antecedent = reading.source.antecedent
        if antecedent is not None:
            start, _ = sentences.bounds(antecedent.start)
            medium = act_before(text, antecedent.start, start)
    return medium


def _share_media(
    relations: Sequence[Relation], media: list[Medium | None], sentences: Sentences
) -> list[Medium | None]:
    """A relation without a medium takes that of a sibling with the same source in its sentence.

    "In a statement…, X emphasized…, stating “…”": both cues are in the statement.
    """
    out = list(media)
    # Relations with a medium, by source span: the first one in order is the sibling taken
    # (a scan of every relation for each was quadratic on long articles).
    by_source: dict[tuple[int, int], list[int]] = {}
    for j, other in enumerate(relations):
        if media[j] is not None and other.source is not None:
            by_source.setdefault((other.source.start, other.source.end), []).append(j)
    for i, r in enumerate(relations):
        if out[i] is not None or r.source is None:
            continue
        bounds = sentences.bounds(r.source.start)
        for j in by_source.get((r.source.start, r.source.end), []):
            other_source = relations[j].source
            if (
                j != i
                and other_source == r.source
                and sentences.bounds(other_source.start) == bounds
            ):
                out[i] = media[j]
                break
    return out


def _window(text: str, relation: Relation, pieces: Sequence[Span]) -> list[Span]:
    """Source, cue, content and frame ``pieces``, merged into disjoint stretches in text order."""
    spans = [s for s in (relation.source, relation.cue, relation.content) if s is not None]
    spans.extend(pieces)
    merged: list[Span] = []
    for s in sorted(spans, key=lambda s: s.start):
        if merged and s.start <= merged[-1].end:
            last = merged[-1]
            end = max(last.end, s.end)
            merged[-1] = Span(last.start, end, text[last.start : end])
        else:
            merged.append(s)
    return merged


def _time_expressions(text: str, window: Sequence[Span]) -> list[TimeExpression]:
    out: list[TimeExpression] = []
    for piece in window:
        out.extend(find_time_expressions(text, piece.start, piece.end))
    return out


def _numbers(
    text: str, window: Sequence[Span], times: Sequence[TimeExpression]
) -> list[NumberMention]:
    exclude = [t.span for t in times]
    out: list[NumberMention] = []
    for piece in window:
        out.extend(find_numbers(text, piece.start, piece.end, exclude))
    return out


__all__ = ["attribution_id", "enrich"]
