"""Noun cues learnt from PolNeAR train ("Trump's claim that …", "criticism of …")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sourcecheck.extract.relations.labels import INFINITIVE_CLAUSES, THAT_CLAUSES
from sourcecheck.extract.relations.quotes import content_kind, inside
from sourcecheck.extract.relations.rules import rules
from sourcecheck.extract.relations.spans import Found, doc_text, subtree_range, trim

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


#: Prepositions that introduce the source of a noun cue ("criticism from Republicans").
_AGENT_PREPOSITIONS = frozenset({"by", "from"})


def noun_frame(noun: Token) -> tuple[str, Token, Token | None] | None:
    """How a noun may hold what someone said: ``(key, content head, source head)``.

    The key is ``frame:source``: the frame ``that`` ("the claim that …"), ``to`` ("a
    promise to …") or ``prep_<word>`` ("criticism of …", "calls for …"), and where its
    source is written: ``poss`` ("Trump's claim"), ``by`` ("criticism from Republicans")
    or ``none``. Shared by the span finder and the lexicon builder.
    """
    r = rules()
    content: tuple[str, Token] | None = None
    for child in noun.children:
        if child.dep_ in THAT_CLAUSES and any(
            g.dep_ == "mark" and g.lower_ == "that" for g in child.children
        ):
            content = ("that", child)
            break
    if content is None:
        for child in noun.children:
            if (
                child.dep_ in INFINITIVE_CLAUSES
                and child.tag_ == "VB"
                and any(g.dep_ == "aux" and g.lower_ == "to" for g in child.children)
            ):
                content = ("to", child)
                break
    if content is None:
        found = _prep_object(noun, r.noun_prepositions)
        if found is not None:
            content = (f"prep_{found[0]}", found[1])
    if content is None:
        return None
    source: tuple[str, Token | None] = ("none", None)
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is not None:
        source = ("poss", poss)
    elif (agent := _prep_object(noun, _AGENT_PREPOSITIONS)) is not None:
        source = ("by", agent[1])
    return f"{content[0]}:{source[0]}", content[1], source[1]


def _prep_object(noun: Token, prepositions: frozenset[str]) -> tuple[str, Token] | None:
    """``(preposition, its object)`` of the first of ``prepositions`` after ``noun``."""
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ in prepositions:
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return child.lower_, pobj
    return None


def candidate_nouns(
    doc: Doc, regions: list[tuple[int, int]]
) -> Iterator[tuple[Token, str, Token, Token | None]]:
    """Nouns outside quotations that have a noun frame: ``(noun, key, content head, source
    head)`` (see :func:`noun_frame`). Shared by the span finder and the lexicon builder."""
    for token in doc:
        if token.pos_ != "NOUN" or inside(regions, token.idx, token.idx + len(token.text)):
            continue
        found = noun_frame(token)
        if found is not None:
            yield (token, *found)


def noun_relations(
    doc: Doc, regions: list[tuple[int, int]], quotations: list[tuple[int, int]] | None = None
) -> Iterator[Found]:
    """Noun cues learnt from PolNeAR train ("Trump's claim that …", "criticism of …")."""
    r = rules()
    quotations = regions if quotations is None else quotations
    if not r.nouns:
        return
    text = doc_text(doc)
    for token, key, content_head, source_head in candidate_nouns(doc, regions):
        if key not in r.nouns.get(token.lemma_.lower(), ()):
            continue
        content = trim(text, *subtree_range(content_head))
        if content[1] - content[0] < 3:
            continue
        source = None
        if source_head is not None:
            # "The mayor’s claim": the possessive ending ("case") is no part of the source
            ending = [c for c in source_head.children if c.dep_ == "case"]
            source = trim(text, *subtree_range(source_head, ending))
        cue = (token.idx, token.idx + len(token.text))
        yield Found(content, content_kind(text, content, quotations), cue, source)
