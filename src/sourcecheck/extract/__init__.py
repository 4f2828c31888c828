"""Extract stage: article text → attributions.

Three steps, each a pure function:

1. :func:`~sourcecheck.extract.paragraphs.parse_paragraphs` — split the text into
   paragraphs, keep those a cheap pre-filter says may hold an attribution, parse them
   (named entities only where the span finder reads them).
2. :func:`~sourcecheck.extract.relations.find_relations` — cue, source and content
   spans of each attribution relation.
3. :func:`~sourcecheck.extract.paragraphs.tag_entities` — named entities around the
   sources and the names they may refer to
   (:func:`~sourcecheck.extract.paragraphs.source_entity_windows`).
4. :func:`~sourcecheck.extract.enrich.enrich` — source kind and resolved name,
   title/jurisdiction/qualifier, medium and via, nesting, numbers, time expressions.
5. :func:`~sourcecheck.extract.category.categorise` — speech, document, belief or other
   (reports list speech and document by default).

Apart from attributions, :func:`~sourcecheck.extract.titled.titled_mentions` finds every
person named with a title anywhere in the text (no model: cheap enough for every article).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING

from sourcecheck.budget import check as check_budget
from sourcecheck.extract.category import categorise
from sourcecheck.extract.enrich import enrich
from sourcecheck.extract.paragraphs import (
    parse_paragraphs,
    source_entity_windows,
    tag_entities,
)
from sourcecheck.extract.relations import find_relations
from sourcecheck.extract.titled import titled_mentions

if TYPE_CHECKING:
    from spacy.language import Language

    from sourcecheck.records import Article, Attribution

__all__ = ["categorised", "extract_attributions", "titled_mentions"]


def extract_attributions(article: Article, nlp: Language) -> tuple[Attribution, ...]:
    """Every attribution in ``article``, ordered by position in the text."""
    paragraphs = parse_paragraphs(article.text, nlp, scoped_ner=True, title=article.title)
    check_budget("finding attributions")
    relations = find_relations(paragraphs)
    check_budget("tagging names")
    tag_entities(paragraphs, nlp, source_entity_windows(paragraphs, relations))
    check_budget("reading sources")
    return categorised(enrich(article, paragraphs, relations), article.text)


def categorised(attributions: Iterable[Attribution], text: str) -> tuple[Attribution, ...]:
    """``attributions`` with their :attr:`~sourcecheck.records.Attribution.category` set."""
    return tuple(dataclasses.replace(a, category=categorise(a, text)) for a in attributions)
