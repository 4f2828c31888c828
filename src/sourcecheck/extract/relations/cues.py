"""Cues: the words of a cue verb, and the block it forms with its source.

The cue is the verb with its auxiliaries, negation and the words glued to it ("referring
to", "said in a statement"); the frame block adds the objects and modifiers the verb
carries up to a quotation it splits (``“A,” X told reporters on Monday, “B.”``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sourcecheck.extract.relations.rules import rules
from sourcecheck.extract.relations.spans import doc_text, subtree_range

if TYPE_CHECKING:
    from spacy.tokens import Token


def cue_tokens_right(verb: Token) -> list[Token]:
    """Words after the verb that belong to the cue: particles, a governed preposition
    ("referring to", "called for"), "in a statement", a weekday ("said Sunday")."""
    r = rules()
    doc = verb.doc
    taken: list[Token] = []
    k = verb.i + 1
    while k < len(doc) and doc[k].head.i == verb.i:
        token = doc[k]
        if token.dep_ in r.cue_children:
            taken.append(token)
        elif token.dep_ == "prep" and token.lower_ in r.cue_prepositions:
            taken.append(token)
            break
        elif token.dep_ == "prep" and any(
            c.dep_ == "pobj" and c.lemma_.lower() in r.cue_prep_objects for c in token.children
        ):
            taken.extend(token.subtree)
            k = token.right_edge.i + 1
            continue
        elif token.dep_ == "npadvmod" and token.lower_ in r.cue_time_words:
            taken.append(token)
        else:
            break
        k += 1
    return taken


def cue_range(verb: Token) -> tuple[int, int]:
    """The cue verb with its auxiliaries, negation and the words glued to it, contiguous."""
    r = rules()
    doc = verb.doc
    start = verb.i
    while start > verb.sent.start:
        token = doc[start - 1]
        if token.head.i != verb.i or not (
            token.dep_ in r.cue_children
            or (token.dep_ == "advmod" and token.lower_ in r.cue_adverbs)
        ):
            break
        start -= 1
    right = cue_tokens_right(verb)
    end = max([verb.i, *(t.i for t in right)])
    return doc[start].idx, doc[end].idx + len(doc[end].text)


def frame_block(
    verb: Token,
    cue: tuple[int, int],
    source: tuple[int, int] | None,
    quotes: list[tuple[int, int]],
) -> tuple[int, int]:
    """The cue, its source and the words the cue verb carries up to a quotation.

    In ``“A,” Pereira told reporters at a press conference, “B.”`` the block is
    ``Pereira told reporters at a press conference``: the verb's own objects and modifiers
    (``frame_modifier_deps``) that follow it, each its whole subtree and holding no
    quotation, with nothing but spaces and punctuation between them. A quotation right
    after the block is the cue's (the second half of a split quote), and the block inside
    a content span is no quotation when the kind is judged.
    """
    r = rules()
    text = doc_text(verb.doc)
    start, end = (min(cue[0], source[0]), max(cue[1], source[1])) if source else cue
    for child in verb.rights:
        if child.dep_ == "punct":
            continue
        low, high = subtree_range(child)
        if high <= end:
            continue  # glued to the cue already
        if (
            child.dep_ not in r.frame_modifier_deps
            or any(ch.isalnum() for ch in text[end:low])
            or any(s < high and low < e for s, e in quotes)
        ):
            break
        end = high
    return start, end
