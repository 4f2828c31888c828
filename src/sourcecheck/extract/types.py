"""Intermediate records of the extract stage (not part of the public report)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sourcecheck.records import AttributionKind, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A parsed paragraph: ``doc.text == article.text[start:start + len(doc.text)]``."""

    index: int
    start: int
    doc: Doc


@dataclass(frozen=True, slots=True)
class Relation:
    """A raw attribution relation found by the span finder, before enrichment.

    Offsets are absolute (into the article text). ``paragraph`` is the index of the
    :class:`Paragraph` the cue (or content) lies in.
    """

    content: Span
    kind: AttributionKind
    paragraph: int
    cue: Span | None = None
    source: Span | None = None
