"""Verb cues: a verb whose lemma the lexicon accepts in the frame it occurs in.

The *frame* is ``ccomp`` (it governs a clause), ``quote`` (a quotation stands in its
sentence), ``xcomp``/``dobj``/``prep`` (an infinitive, an object or a prepositional
object) or ``other``. Speech inside a quotation belongs to the quoted speaker and is not
reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sourcecheck.extract.relations.cues import cue_range, cue_tokens_right, frame_block
from sourcecheck.extract.relations.labels import (
    COMPLEMENT_FRAMES,
    PASSIVE_SUBJECTS,
    VERBS,
)
from sourcecheck.extract.relations.quotes import (
    content_kind,
    inside,
    sentence_regions,
    whole_marks,
)
from sourcecheck.extract.relations.rules import rules
from sourcecheck.extract.relations.spans import Found, doc_text, subtree_range, trim
from sourcecheck.extract.relations.subjects import (
    hanging_speech,
    source_range,
    subject_class,
    verb_subject,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


#: Words that open an adverbial clause read as content ("calling for the US to act").
_CLAUSE_OPENERS = ("for", "that")


def _frame(verb: Token, sent_quotes: list[tuple[int, int]]) -> str:
    deps = {c.dep_ for c in verb.children}
    if "ccomp" in deps:
        return "ccomp"
    if sent_quotes:
        return "quote"
    # the first complement found names the frame, so their order matters
    return next((dep for dep in COMPLEMENT_FRAMES if dep in deps), "other")


def verb_frame(
    verb: Token, sent_quotes: list[tuple[int, int]], regions: list[tuple[int, int]]
) -> tuple[str, list[tuple[int, int]]]:
    """The verb's frame and the quotations it may introduce.

    A bare verb right after a quotation ("“…” ¶ he wrote." parsed as two sentences)
    is in the ``quote`` frame: the quotation just before is what it reports.
    """
    frame = _frame(verb, sent_quotes)
    if frame == "other":
        text = doc_text(verb.doc)
        left = min(verb.left_edge.idx, verb.sent.start_char)
        before = [
            (s, e) for s, e in regions if e <= left and not any(ch.isalnum() for ch in text[e:left])
        ]
        if before:
            return "quote", [*sent_quotes, before[-1]]
    return frame, sent_quotes


def _accepts(lemma: str, frame: str, subject: str) -> bool:
    r = rules()
    return (
        lemma in r.any_frame
        or lemma in r.frames.get(frame, frozenset())
        or lemma in r.frames.get(f"{frame}:{subject}", frozenset())
    )


def _own_quotes(
    verb: Token,
    sent_quotes: list[tuple[int, int]],
    block: tuple[int, int],
) -> list[tuple[int, int]]:
    """The quotations a cue verb introduces.

    Those adjacent to the cue-and-source block (only spaces and punctuation between:
    ``“A,” she said, “B.”``) and those inside the verb's own clause, but not inside a
    coordinated or adverbial clause that has a verb of its own.
    """
    r = rules()
    text = doc_text(verb.doc)
    foreign: set[int] = set()
    for child in verb.children:
        if child.dep_ in r.foreign_clause_deps or (child.pos_ == "VERB" and child.dep_ != "ccomp"):
            foreign.update(t.i for t in child.subtree)
    own = {t.i for t in verb.subtree} - foreign
    chosen: list[tuple[int, int]] = []
    for s, e in sent_quotes:
        if s <= verb.idx < e or (s < block[1] and block[0] < e):
            continue
        gap = text[e : block[0]] if e <= block[0] else text[block[1] : s]
        inner = verb.doc.char_span(s, e, alignment_mode="expand")
        mine = inner is not None and sum(t.i in own for t in inner) * 2 > len(inner)
        if mine or all(not ch.isalnum() for ch in gap):
            chosen.append((s, e))
    return chosen


def _verb_content(
    verb: Token, frame: str, sent_quotes: list[tuple[int, int]], block: tuple[int, int]
) -> tuple[int, int] | None:
    r = rules()
    quotes = _own_quotes(verb, sent_quotes, block)
    if frame == "ccomp":
        comp = next(c for c in verb.children if c.dep_ == "ccomp")
        start, end = subtree_range(comp, hanging_speech(comp))
        # a quotation the clause sits in, or one the cue splits, belongs to the content
        for s, e in quotes:
            start, end = min(start, s), max(end, e)
        return start, end
    if frame == "quote" and quotes:
        return min(s for s, _ in quotes), max(e for _, e in quotes)
    passive = [c for c in verb.children if c.dep_ in PASSIVE_SUBJECTS]
    if passive and any(c.dep_ == "agent" for c in verb.children):
        # "The result was announced by the commission": the result is what was announced
        return subtree_range(passive[0])
    comps = [c for c in verb.children if c.dep_ in r.content_deps and c.i > verb.i]
    if comps:
        start = min(subtree_range(c)[0] for c in comps)
        end = max(subtree_range(c)[1] for c in comps)
        glued = {t.i for t in cue_tokens_right(verb)}
        first = min(comps, key=lambda c: c.i)
        if first.i in glued:
            # "called on X to …", "talked about X": the preposition belongs to the cue
            rest = [t for t in first.subtree if t.i > first.i]
            if rest:
                start = rest[0].idx
        return start, end
    return _fallback_content(verb)


def _fallback_content(verb: Token) -> tuple[int, int] | None:
    """Content of a cue verb without complement: parenthetical, passive or bare."""
    r = rules()
    as_clause = verb.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ == "as" for c in verb.children
    )
    if (verb.dep_ in r.parenthetical_deps or as_clause) and verb.head.i != verb.i:
        # "This campaign, he says, is different": the clause the verb interrupts
        return subtree_range(verb.head, [verb])
    passive = [c for c in verb.children if c.dep_ in PASSIVE_SUBJECTS]
    if passive and any(c.dep_ == "agent" for c in verb.children):
        return subtree_range(passive[0])
    right = [
        c
        for c in verb.children
        if c.i > verb.i
        and (
            c.dep_ not in r.fallback_skip_deps
            # "calling for the United States to act": an infinitive clause with "for"
            or (c.dep_ == "advcl" and c.left_edge.lower_ in _CLAUSE_OPENERS)
        )
    ]
    if right:
        return min(subtree_range(c)[0] for c in right), max(subtree_range(c)[1] for c in right)
    return None


def _is_title_case(doc: Doc) -> bool:
    """A headline-like paragraph: most longer words capitalised."""
    words = [t for t in doc if t.is_alpha and len(t) > 3]
    return bool(words) and sum(t.text[0].isupper() for t in words) >= 0.6 * len(words)


def candidate_verbs(
    doc: Doc, regions: list[tuple[int, int]]
) -> Iterator[tuple[Token, list[tuple[int, int]]]]:
    """Verbs that may be cues, each with its sentence's quotation regions.

    Shared by the span finder and the lexicon builder
    (:mod:`sourcecheck.evaluation.build_lexicon`), so both see the same candidates.
    """
    for sent in doc.sents:
        sent_quotes = sentence_regions(sent, regions)
        for token in sent:
            if token.pos_ not in VERBS or token.dep_ == "amod":
                continue
            if inside(regions, token.idx, token.idx + len(token.text)):
                continue  # speech inside a quotation is the quoted speaker's, not the article's
            yield token, sent_quotes


def verb_relations(
    doc: Doc, regions: list[tuple[int, int]], quotations: list[tuple[int, int]] | None = None
) -> Iterator[Found]:
    """Verb cues. Frames read every quote region (as the lexicon was learnt); content and
    kind read only ``quotations`` (:func:`~sourcecheck.extract.quoted_terms.quotation_regions`)."""
    headline = _is_title_case(doc)
    quotations = regions if quotations is None else quotations
    for token, sent_quotes in candidate_verbs(doc, regions):
        lemma = token.lemma_.lower()
        # quotes the verb's own subject or object sit in do not make it a quote frame
        frame, own_quotes = verb_frame(token, sent_quotes, regions)
        subject_head = verb_subject(token)
        if headline and token.text[0].isupper() and (subject_head is None or token.dep_ == "acl"):
            continue  # "Turmoil: Seeking Refuge …" names a topic, not a speaker
        if not _accepts(lemma, frame, subject_class(subject_head)):
            continue
        if lemma in rules().sourceless:
            subject_head = None
        source = source_range(subject_head) if subject_head is not None else None
        cue = cue_range(token)
        own_quotes = [q for q in own_quotes if q in quotations]
        block = frame_block(token, cue, source, own_quotes)
        content = _verb_content(token, frame, own_quotes, block)
        if content is None:
            continue
        content = trim(doc_text(doc), *whole_marks(content, regions))
        if content[1] <= content[0]:
            continue
        if source is not None and source[0] <= cue[0] < source[1]:
            source = None
        kind = content_kind(doc_text(doc), content, quotations, (block,))
        yield Found(content, kind, cue, source)
