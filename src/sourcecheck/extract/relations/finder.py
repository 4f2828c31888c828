"""The span finder proper: every finder run on each paragraph, clashes resolved.

Relations are univocal as in PolNeAR: a cue inside another relation's content is dropped,
except under ``according to`` ("According to Reuters, the team argues …" yields both).
"""

from __future__ import annotations

from sourcecheck.extract.relations.according import according_relations
from sourcecheck.extract.relations.colons import (
    colon_continuation,
    colon_relations,
    label_relations,
)
from sourcecheck.extract.relations.nouns import noun_relations
from sourcecheck.extract.relations.quotes import quote_regions
from sourcecheck.extract.relations.rules import rules
from sourcecheck.extract.relations.spans import Found, doc_text, overlaps
from sourcecheck.extract.relations.verbs import verb_relations
from sourcecheck.extract.types import Paragraph, Relation
from sourcecheck.records import Span


def _resolve(found: list[Found]) -> list[Found]:
    """Drop duplicates and relations nested where PolNeAR-style univocal annotation forbids."""
    r = rules()
    # earlier cues first: in "X said that Y argued Z" the outer relation is the one kept
    found.sort(key=lambda f: ((f.cue or f.content)[0], f.content[0]))
    kept: list[Found] = []
    for f in found:
        clash = False
        for k in kept:
            if overlaps(f.cue, k.cue):
                clash = True
                break
            # a cue inside another relation's content: keep only under allowed parents
            nested = f.cue is not None and k.content[0] <= f.cue[0] and f.cue[1] <= k.content[1]
            if nested and k.kind.value not in r.nested_under:
                clash = True
                break
        if not clash:
            kept.append(f)
    kept.sort(key=lambda f: (f.cue or f.content)[0])
    return kept


def paragraph_relations(paragraph: Paragraph) -> list[Relation]:
    """The relations of one parsed paragraph (absolute offsets)."""
    from sourcecheck.extract.quoted_terms import quotation_regions  # imports this package

    doc = paragraph.doc
    regions = quote_regions(doc_text(doc))
    # quoted terms (scare quotes, titles, nicknames) are no quotations
    quotations = quotation_regions(doc, regions)
    found = list(according_relations(doc))
    found += verb_relations(doc, regions, quotations)
    found += noun_relations(doc, regions, quotations)
    found += label_relations(doc)
    taken = [f.content for f in found]
    found += [
        f for f in colon_relations(doc, regions) if not any(overlaps(f.content, t) for t in taken)
    ]
    relations: list[Relation] = []
    base = paragraph.start
    text = doc_text(doc)

    def span(rng: tuple[int, int]) -> Span:
        return Span(base + rng[0], base + rng[1], text[rng[0] : rng[1]])

    for f in _resolve(found):
        relations.append(
            Relation(
                content=span(f.content),
                kind=f.kind,
                paragraph=paragraph.index,
                cue=span(f.cue) if f.cue else None,
                source=span(f.source) if f.source else None,
            )
        )
    return relations


def find_relations(paragraphs: list[Paragraph]) -> list[Relation]:
    """All attribution relations in the parsed paragraphs, in text order."""
    relations: list[Relation] = []
    for i, paragraph in enumerate(paragraphs):
        found = paragraph_relations(paragraph)
        if i + 1 < len(paragraphs):
            extra = colon_continuation(paragraph, paragraphs[i + 1])
            if extra is not None and extra.cue is not None:
                cue = extra.cue
                found = [r for r in found if not (r.cue and r.cue.overlaps(cue))] + [extra]
                found.sort(key=lambda r: (r.cue or r.content).start)
        relations.extend(found)
    return relations
