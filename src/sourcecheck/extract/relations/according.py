"""``according to X`` (and the lexicon's other source prepositions).

They make an ``according_to`` relation whose content is the rest of the clause.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sourcecheck.extract.relations.rules import rules
from sourcecheck.extract.relations.spans import Found, doc_text, subtree_range, trim
from sourcecheck.records import AttributionKind

if TYPE_CHECKING:
    from spacy.tokens import Doc


def according_relations(doc: Doc) -> Iterator[Found]:
    r = rules()
    for token in doc:
        phrase = f"{token.lower_} {token.nbor().lower_}" if token.i + 1 < len(doc) else ""
        if phrase not in r.source_preps:
            continue
        prep = token.nbor()
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if pobj is None:
            pobj = next((c for c in token.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        source = subtree_range(pobj)
        # "According to a report by AP, the union argues …": the source ends at the comma
        comma = doc_text(doc).find(",", pobj.idx, source[1])
        if comma != -1:
            source = (source[0], comma)
        sent = token.sent
        phrase_start = token.idx
        phrase_end = source[1]
        before = trim(doc_text(doc), sent.start_char, phrase_start)
        after = trim(doc_text(doc), phrase_end, sent.end_char)
        content = after if after[1] - after[0] >= before[1] - before[0] else before
        if content[1] - content[0] < 3:
            continue
        cue = (token.idx, prep.idx + len(prep.text))
        yield Found(content, AttributionKind.ACCORDING_TO, cue, source)
