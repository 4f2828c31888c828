"""Sources: the token heading who a cue verb credits, and the span it covers.

The subject of the verb (or the ``by`` agent of a passive, or the subject inherited from
a coordinated/controlling verb) is the source. A subjectless speech verb the parse hangs
inside a reported clause (``X said A and said that B``) is X's own cue.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from sourcecheck.extract.relations.labels import (
    ACTIVE_SUBJECTS,
    CLAUSAL_MODIFIERS,
    NOMINALS,
    NOT_SUBJECTS,
    PARTICIPLE_CLAUSES,
    PASSIVE_MARKERS,
    SOURCE_ARGUMENTS,
    SUBJECT_SLOTS,
    VERB_PREMODIFIERS,
)
from sourcecheck.extract.relations.rules import rules
from sourcecheck.extract.relations.spans import doc_text, subtree_range, trim

if TYPE_CHECKING:
    from spacy.tokens import Token


def subject_class(subject: Token | None) -> str:
    """``speaker`` (a pronoun, name or person-like noun), ``thing`` or ``none``."""
    r = rules()
    if subject is None:
        return "none"
    if (
        subject.lower_ in r.speaker_pronouns
        or subject.ent_type_ in r.speaker_entities
        or subject.pos_ == "PROPN"
        or subject.lemma_.lower() in r.speaker_nouns
    ):
        return "speaker"
    return "thing"


def verb_subject(verb: Token, depth: int = 0) -> Token | None:
    """The token heading the source of ``verb``.

    A relative pronoun subject (``who``, ``which``) is the source as written, as PolNeAR
    marks it (the enrich stage resolves it); ``that`` gives way to its antecedent. Verbs
    without a subject of their own (coordinated, controlled, participial: "After
    suggesting …, Rubio …") take the subject of the verb they hang on.
    """
    r = rules()
    for child in verb.children:
        if child.dep_ == "agent" and depth == 0:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    for child in verb.children:
        if child.dep_ in ACTIVE_SUBJECTS:
            if child.lower_ in r.antecedent_pronouns and verb.dep_ == "relcl":
                return verb.head  # "groups that have released ads": the groups
            return child
        if child.dep_ == "nsubjpass" and depth > 0:
            return child  # "X was booed after telling …": X told
    if depth == 0:
        outer = _outer_cue(verb)
        if outer is not None:
            return verb_subject(outer)  # "He said X and said Y": the second "said" is his too
    passive = verb.tag_ == "VBN" and verb.dep_ in PARTICIPLE_CLAUSES
    if passive or any(c.dep_ in PASSIVE_MARKERS for c in verb.children):
        return None  # "Asked about it, Trump said …": the asker is not named
    if depth >= 4 or verb.head.i == verb.i:
        return _left_noun(verb) if depth == 0 else None
    if verb.dep_ in CLAUSAL_MODIFIERS and verb.head.pos_ in NOMINALS:
        return verb.head
    if verb.dep_ in r.subject_climb_deps:
        return verb_subject(verb.head, depth + 1)
    return None


@cache
def _speech_lemmas() -> frozenset[str]:
    """Lemmas taken as cues with a reported clause or a quotation (speech verbs)."""
    r = rules()
    return r.any_frame | r.frames.get("ccomp", frozenset()) | r.frames.get("quote", frozenset())


def _is_hanging_speech(token: Token) -> bool:
    """A subjectless speech verb the parse hung inside a reported clause ("…, claiming
    that …"; "… and said that …"): the reporting speaker's, not the clause's."""
    r = rules()
    return (
        token.dep_ in r.hanging_speech_deps
        and token.pos_ == "VERB"
        and token.lemma_.lower() in _speech_lemmas()
        and not any(c.dep_ in SUBJECT_SLOTS for c in token.children)
        and any(c.dep_ == "ccomp" for c in token.children)
    )


def hanging_speech(comp: Token) -> list[Token]:
    """Hanging speech verbs (:func:`_is_hanging_speech`) in a reported clause ``comp``."""
    return [t for t in comp.subtree if t.i != comp.i and _is_hanging_speech(t)]


def _outer_cue(verb: Token) -> Token | None:
    """For a hanging speech verb, the cue verb whose reported clause it hangs in."""
    if not _is_hanging_speech(verb):
        return None
    token = verb.head
    for _ in range(4):
        if token.dep_ == "ccomp" and token.head.i != token.i:
            outer = token.head
            return outer if outer.lemma_.lower() in _speech_lemmas() else None
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def _left_noun(verb: Token) -> Token | None:
    """The noun written just before a subjectless root verb.

    Only after a fronted source preposition: the parser tends to hang the subject of
    "According to a report by X, the team argues …" under the preposition's object.
    """
    k = verb.i - 1
    doc = verb.doc
    preps = rules().source_preps
    if not any(
        f"{t.lower_} {doc[t.i + 1].lower_}" in preps for t in doc[verb.sent.start : verb.i - 1]
    ):
        return None
    while k >= verb.sent.start and doc[k].dep_ in VERB_PREMODIFIERS:
        k -= 1
    if (
        verb.dep_ == "ROOT"
        and k >= verb.sent.start
        and doc[k].pos_ in NOMINALS
        and doc[k].dep_ not in NOT_SUBJECTS
    ):
        return doc[k]
    return None


def source_range(head: Token) -> tuple[int, int]:
    start, end = _source_extent(head)
    return trim(doc_text(head.doc), start, end)


def _source_extent(head: Token) -> tuple[int, int]:
    r = rules()
    cut = [c for c in head.children if c.dep_ in r.source_cut_deps and c.i > head.i]
    start, end = subtree_range(head, cut)
    if head.dep_ not in SOURCE_ARGUMENTS:
        # a noun found by position: its own words up to the verb, not its whole subtree
        left = head.left_edge
        while left.i < head.i and left.is_punct:
            left = left.doc[left.i + 1]
        start = max(start, left.idx)
        end = head.idx + len(head.text)
    return start, end
