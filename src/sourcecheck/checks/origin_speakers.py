"""Speakers for ``quote_origin``: who the article credits, and how a recorded speaker relates.

:func:`speaker_of` finds the named person or organisation a statement credits (vague
names such as "an official" count as nobody); :func:`relation` tells whether a recorded
appearance of the quote credits that same speaker, another one, or nobody comparable
(no speaker, a vague one, or one below ``min_probability``, origin.yml). Names match on
their KB identities or on their words (:func:`same_name`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from sourcecheck.checks.quotematch import data, words_of
from sourcecheck.kb.names import key, name_words, person_keys
from sourcecheck.quotes import QuoteRecord
from sourcecheck.records import Attribution, Source, SourceKind

#: The KB identities a name may be (:meth:`KnowledgeBase.person_keys_for`, memoised per article).
KeysFor = Callable[[str], tuple[str, ...]]


class Relation(StrEnum):
    """How a recorded speaker relates to the article's."""

    SAME = "same"
    DIFFERENT = "different"
    UNKNOWN = "unknown"  # nobody, vague, improbable, or nothing to compare with


@dataclass(frozen=True, slots=True)
class Speaker:
    """The article's speaker of a statement: a name and the KB identities it may be."""

    name: str
    kind: SourceKind
    ids: frozenset[str]


def speaker_of(group: Sequence[Attribution], keys_for: KeysFor) -> Speaker | None:
    """The named person or organisation a statement credits (``None``: none named)."""
    source: Source | None = next((a.source for a in group if a.source is not None), None)
    if source is None or source.kind not in (SourceKind.PERSON, SourceKind.ORGANISATION):
        return None
    name = source.name or source.span.text
    if _vague(name):
        return None
    return Speaker(name, source.kind, frozenset(keys_for(name)))


def _vague(name: str | None) -> bool:
    words = key(name or "").split()
    vague = words_of("speaker", "vague_words")
    return not words or any(w in vague for w in words)


def same_name(a: str, b: str) -> bool:
    """Whether two spellings name the same person ("Obama", "Barack Obama")."""
    if key(a) == key(b) or set(person_keys(a)) & set(person_keys(b)):
        return True
    wa, wb = name_words(a), name_words(b)
    # "Obama" and "Barack Obama": one name's words inside the other's, same last word.
    return bool(wa and wb) and wa[-1] == wb[-1] and (set(wa) <= set(wb) or set(wb) <= set(wa))


def relation(ours: Speaker | None, record: QuoteRecord, keys_for: KeysFor) -> Relation:
    """Whether ``record`` credits the article's speaker, another one, or nobody to compare."""
    if ours is None or record.speaker is None or _vague(record.speaker):
        return Relation.UNKNOWN
    least = float(data()["speaker"]["min_probability"])
    if record.speaker_probability is not None and record.speaker_probability < least:
        return Relation.UNKNOWN
    if same_name(ours.name, record.speaker) or ours.ids & set(record.speaker_ids):
        return Relation.SAME
    if ours.ids & set(keys_for(record.speaker)):
        return Relation.SAME
    # An organisation's words are often a named spokesperson's: no misattribution there.
    return Relation.DIFFERENT if ours.kind is SourceKind.PERSON else Relation.UNKNOWN
