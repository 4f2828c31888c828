"""Quotations: where they are in a paragraph and how much of a content they make.

Quotation marks are paired over the whole paragraph (curly and straight; curly single
marks outside double-quoted text), so a quote that spans several sentences, or that the
cue splits in two, is one region. :func:`content_kind` reads those regions to call a
content direct, mixed or indirect.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sourcecheck.records import AttributionKind

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan


QUOTE_MARKS = '“”"«»„'


SINGLE_OPEN = "‘"
_SINGLE_CLOSE = "’"
_OPEN_CONTEXT = "([{—–-/:"


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges (marks included, end-exclusive) of the quotations in ``text``.

    A double quote mark (curly or straight, whichever glyph the writer used) opens a
    quotation when it follows a space, the paragraph start or an opening bracket/dash,
    and closes one otherwise. An opening mark never closed runs to the end of the
    paragraph (a quote continued in the next one); a closing mark before any opening one
    ends a quote begun in an earlier paragraph. Outside those, curly single marks
    (‘…’, British style) quote too (:func:`_single_regions`).
    """
    # two apostrophes stand for a double quote in some wire copy (''Like this'')
    text = text.replace("''", '"\x01')
    regions: list[tuple[int, int]] = []
    start: int | None = None
    for i, ch in enumerate(text):
        if ch not in QUOTE_MARKS:
            continue
        after = text[i + 1 : i + 2]
        before = text[i - 1] if i else " "
        opening = before.isspace() or before in _OPEN_CONTEXT
        end = i + 2 if after == "\x01" else i + 1
        if opening and start is None:
            start = i
        elif not opening:
            if start is not None:
                regions.append((start, end))
                start = None
            elif not regions:
                regions.append((0, end))
    if start is not None:
        regions.append((start, len(text)))
    regions = [(s, e) for s, e in regions if e - s > 2]
    if SINGLE_OPEN in text:
        regions = sorted(regions + _single_regions(text, regions))
    return regions


def _single_regions(text: str, outer: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Quotations in curly single marks, outside the double-quoted ones.

    ``’`` is also the apostrophe ("don’t", "Mexico’s"), so a quotation needs its opening
    ``‘`` (after a space, the start or an opening bracket/dash), and closes at the first
    ``’`` after it that no letter or digit follows. Straight single marks are left alone:
    too often apostrophes. A ``‘`` never closed in the paragraph opens nothing.
    """
    out: list[tuple[int, int]] = []
    i = text.find(SINGLE_OPEN)
    while i >= 0:
        before = text[i - 1] if i else " "
        if (before.isspace() or before in _OPEN_CONTEXT) and not inside_any(outer, i):
            end = i + 1
            while (end := text.find(_SINGLE_CLOSE, end)) >= 0:
                if not text[end + 1 : end + 2].isalnum():
                    break
                end += 1
            if end > i + 2 and not inside_any(outer, end):
                out.append((i, end + 1))
                i = text.find(SINGLE_OPEN, end + 1)
                continue
        i = text.find(SINGLE_OPEN, i + 1)
    return out


def inside_any(regions: Iterable[tuple[int, int]], at: int) -> bool:
    return any(s <= at < e for s, e in regions)


def inside(regions: Iterable[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < start and end <= e for s, e in regions)


def sentence_regions(sent: SpacySpan, regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    s0 = sent.start_char
    s1 = sent.end_char
    return [(s, e) for s, e in regions if s < s1 and s0 < e]


def whole_marks(content: tuple[int, int], regions: list[tuple[int, int]]) -> tuple[int, int]:
    """``content`` widened to the marks of a quoted term it cuts (“deplorables.” whole)."""
    start, end = content
    for s, e in regions:
        if start <= s < end < e:
            end = e
        elif s < start < e <= end:
            start = s
    return start, end


def content_kind(
    text: str,
    content: tuple[int, int],
    regions: list[tuple[int, int]],
    inner: tuple[tuple[int, int] | None, ...] = (),
) -> AttributionKind:
    """Direct when the content is quotation (cue and source inside it aside), mixed when it
    holds a quotation among other words, else indirect."""
    for rng in inner:
        if rng is not None and content[0] < rng[0] and rng[1] < content[1]:
            text = text[: rng[0]] + " " * (rng[1] - rng[0]) + text[rng[1] :]
    start, end = content
    quoted = [(s, e) for s, e in regions if s < end and start < e]
    if not quoted:
        return AttributionKind.INDIRECT
    covered = sum(min(e, end) - max(s, start) for s, e in quoted)
    unquoted = text[start:end]
    for s, e in quoted:
        unquoted = unquoted.replace(text[max(s, start) : min(e, end)], " ")
    letters = sum(ch.isalnum() for ch in unquoted)
    if letters <= 3 or covered >= 0.9 * (end - start):
        return AttributionKind.DIRECT
    return AttributionKind.MIXED
