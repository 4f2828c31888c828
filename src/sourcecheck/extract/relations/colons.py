"""Quotations introduced by a colon, and speaker labels.

A quotation after a colon (``X captured the mood: “…”``) is credited to the subject of
the clause before the colon, also when the quotation opens the next paragraph; a
headline/transcript label (``Trump: …``, ``TAPPER: …``) or a name right before the colon
(``- Carl Bialik: “…”``) credits its speaker.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from sourcecheck.extract.relations.cues import cue_range
from sourcecheck.extract.relations.labels import VERBS
from sourcecheck.extract.relations.quotes import (
    QUOTE_MARKS,
    SINGLE_OPEN,
    content_kind,
    quote_regions,
)
from sourcecheck.extract.relations.rules import rules
from sourcecheck.extract.relations.spans import Found, doc_text, trim
from sourcecheck.extract.relations.subjects import source_range, verb_subject
from sourcecheck.extract.types import Paragraph, Relation
from sourcecheck.records import AttributionKind, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


#: Dashes that may stand before a speaker's name ("Pollsters agree - Carl Bialik: …").
_DASHES = ("-", "—", "–", "--")
#: A word of a speaker label: letters, with inner dots or hyphens ("Sen.", "O'Malley").
_LABEL_WORD = re.compile(r"[^\W\d_]+(?:[.’'-][^\W\d_]*)*")


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token, depth = token.head, depth + 1
    return depth


def _clause_verb(colon: Token) -> Token | None:
    """The main verb of the clause a colon ends (the parse may root the sentence in the quote)."""
    verbs = [t for t in colon.doc[colon.sent.start : colon.i] if t.pos_ in VERBS]
    return min(verbs, key=_depth) if verbs else None


def colon_relations(doc: Doc, regions: list[tuple[int, int]]) -> Iterator[Found]:
    text = doc_text(doc)
    for s, e in regions:
        k = s - 1
        while k >= 0 and text[k] == " ":
            k -= 1
        if k < 0 or text[k] != ":":
            continue
        colon = doc.char_span(k, k + 1, alignment_mode="expand")
        if colon is None:
            continue
        name = _name_before(colon[0])
        if name is not None:
            # "Pollsters agree - Carl Bialik: “…”": the name is the speaker, the colon the cue
            content = trim(text, s, e)
            yield Found(content, AttributionKind.DIRECT, (k, k + 1), name)
            continue
        root = _clause_verb(colon[0])
        if root is None:
            continue
        subject_head = verb_subject(root)
        if subject_head is None:
            continue
        source = source_range(subject_head)
        content = trim(text, s, e)
        yield Found(content, AttributionKind.DIRECT, cue_range(root), source)


def _is_name(tokens: list[Token]) -> bool:
    """A short run of capitalised words that may name a speaker ("Gingrich", "JAKE TAPPER").

    For labels the recogniser leaves unlabelled (a lone surname in a headline); a word of
    ``label_not_speakers`` ("Update", "Key Points", "Photos") makes it no name.
    """
    r = rules()
    if not 1 <= len(tokens) <= r.label_name_max_tokens:
        return False
    if any(t.lower_.strip(".") in r.label_not_speakers for t in tokens):
        return False
    return all(
        t.text[:1].isupper() and len(t.text) > 1 and _LABEL_WORD.fullmatch(t.text) is not None
        for t in tokens
    )


def _name_before(colon: Token) -> tuple[int, int] | None:
    """The name right before a colon that opens a quotation, when nothing else precedes it
    in its sentence but a dash ("Pollsters agree - Carl Bialik: “…”")."""
    r = rules()
    doc = colon.doc
    start = colon.i
    while start > colon.sent.start and colon.i - start < r.label_name_max_tokens:
        if not _is_name([doc[start - 1]]):
            break
        start -= 1
    if start == colon.i or not _is_name(list(doc[start : colon.i])):
        return None
    if start > colon.sent.start and doc[start - 1].text not in _DASHES:
        return None
    return doc[start].idx, colon.idx


def label_relations(doc: Doc) -> Iterator[Found]:
    """Headline and transcript style "Speaker: what they said" at the start of a paragraph."""
    r = rules()
    limit = min(len(doc), r.label_max_tokens + 1)
    colon = next((t for t in doc[:limit] if t.text == ":"), None)
    if colon is None or colon.i == 0 or colon.i + 3 > len(doc):
        return
    label = doc[: colon.i]
    last = label[-1]
    # a possessive makes the label a topic ("Peru's Turmoil: …"), not a speaker
    if any(t.pos_ in VERBS or t.tag_ == "POS" for t in label) or not (
        last.ent_type_ in r.speaker_entities
        or last.lemma_.lower() in r.speaker_nouns
        or _is_name(list(label))
    ):
        return
    content = trim(doc_text(doc), colon.idx + 1, len(doc_text(doc)))
    if content[1] - content[0] < 10:
        return
    source = (label.start_char, label.end_char)
    cue = (colon.idx, colon.idx + 1)
    text = doc_text(doc)
    yield Found(content, content_kind(text, content, quote_regions(text)), cue, source)


def colon_continuation(paragraph: Paragraph, following: Paragraph) -> Relation | None:
    """A paragraph ending "X says:" introduces the quotation that opens the next one."""
    doc = paragraph.doc
    text = doc_text(doc).rstrip()
    gap = following.start - (paragraph.start + len(doc_text(doc)))
    quoted = doc_text(following.doc).lstrip()
    opens = (*QUOTE_MARKS, SINGLE_OPEN)
    if not text.endswith(":") or not 0 <= gap <= 4 or not quoted or quoted[0] not in opens:
        return None
    sent = doc[-1].sent
    root = sent.root
    subject_head = verb_subject(root)
    if root.lemma_.lower() in rules().any_frame | rules().frames.get("ccomp", frozenset()):
        cue = cue_range(root)
    else:
        cue = (len(text) - 1, len(text))
    source = source_range(subject_head) if subject_head is not None else None
    if source is not None and source[0] <= cue[0] < source[1]:
        source = None
    ftext = doc_text(following.doc)
    start, end = trim(ftext, 0, len(ftext))
    base = paragraph.start
    return Relation(
        content=Span(following.start + start, following.start + end, ftext[start:end]),
        kind=AttributionKind.DIRECT,
        paragraph=paragraph.index,
        cue=Span(base + cue[0], base + cue[1], doc_text(doc)[cue[0] : cue[1]]),
        source=Span(base + source[0], base + source[1], doc_text(doc)[source[0] : source[1]])
        if source
        else None,
    )
