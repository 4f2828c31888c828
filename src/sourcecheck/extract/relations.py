"""Span finder: cue, source and content of each attribution relation.

The finder works on spaCy dependency parses of the candidate paragraphs:

* a *verb cue* is a verb whose lemma the lexicon (``extract/data/relations.yml``) accepts
  in the *frame* the verb occurs in (``ccomp``: it governs a clause; ``quote``: a quotation
  stands in its sentence; ``xcomp``/``dobj``/``prep``: it governs an infinitive, an object
  or a prepositional object). Its subject (or the ``by`` agent of a passive, or the subject
  inherited from a coordinated/controlling verb) is the source;
* ``according to X`` (and the lexicon's other source prepositions) make an
  ``according_to`` relation whose content is the rest of the clause;
* a quotation introduced by a colon (``X captured the mood: “…”``) is credited to the
  subject of the clause before the colon, also when the quotation opens the next
  paragraph; a headline/transcript label (``Trump: …``, ``TAPPER: …``) or a name right
  before the colon (``- Carl Bialik: “…”``) credits its speaker;
* a subjectless speech verb the parse hangs inside a reported clause (``X said A and said
  that B``, ``X insisted that A, claiming that B``) is X's own cue, and its clause is cut
  from A.

Quotation marks are paired over the whole paragraph (curly and straight; curly single
marks outside double-quoted text), so a quote that spans several sentences, or that the
cue splits in two (``“A,” X told reporters on Monday, “B.”``), is one content span.
Speech inside a quotation belongs to the quoted speaker and is not reported. Relations
are univocal as in PolNeAR: a cue inside another relation's content is dropped, except
under ``according to`` ("According to Reuters, the team argues …" yields both).

The verb lexicon (``relations_verbs.yml``) is learnt from PolNeAR train by
:mod:`sourcecheck.evaluation.build_lexicon`; ``relations.yml`` holds the hand rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from sourcecheck.errors import ConfigError
from sourcecheck.extract.lexicon import load
from sourcecheck.extract.types import Paragraph, Relation
from sourcecheck.records import AttributionKind, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

_QUOTES = '“”"«»„'
#: A word of a speaker label: letters, with inner dots or hyphens ("Sen.", "O'Malley").
_LABEL_WORD = re.compile(r"[^\W\d_]+(?:[.’'-][^\W\d_]*)*")
_SINGLE_OPEN = "‘"
_SINGLE_CLOSE = "’"
_OPEN_CONTEXT = "([{—–-/:"
_EDGE = " \t,;:.—–-"
#: Key of the cached paragraph text in ``Doc.user_data``.
_TEXT_KEY = "sourcecheck.text"


@dataclass(frozen=True, slots=True)
class Rules:
    """The span finder's word lists and thresholds, from ``extract/data/relations.yml``."""

    frames: dict[str, frozenset[str]]
    any_frame: frozenset[str]
    source_preps: frozenset[str]
    cue_children: frozenset[str]
    content_deps: frozenset[str]
    nested_under: frozenset[str]
    source_cut_deps: frozenset[str]
    parenthetical_deps: frozenset[str]
    subject_climb_deps: frozenset[str]
    foreign_clause_deps: frozenset[str]
    speaker_pronouns: frozenset[str]
    speaker_entities: frozenset[str]
    speaker_nouns: frozenset[str]
    label_max_tokens: int
    antecedent_pronouns: frozenset[str]
    cue_adverbs: frozenset[str]
    cue_prepositions: frozenset[str]
    cue_prep_objects: frozenset[str]
    cue_time_words: frozenset[str]
    sourceless: frozenset[str]
    fallback_skip_deps: frozenset[str]
    frame_modifier_deps: frozenset[str]
    label_not_speakers: frozenset[str]
    label_name_max_tokens: int
    hanging_speech_deps: frozenset[str]
    nouns: dict[str, frozenset[str]]
    noun_prepositions: frozenset[str]


@cache
def rules() -> Rules:
    """Load (once) the span finder's rules.

    Raises:
        ConfigError: When ``relations.yml`` or ``relations_verbs.yml`` lacks a key.
    """
    try:
        return _build_rules()
    except KeyError as exc:
        raise ConfigError(
            f"extract/data/relations*.yml lacks the key {exc}; restore it from the "
            "package (see the comments in relations.yml)"
        ) from exc


@cache
def read_lemmas() -> frozenset[str]:
    """Every lemma the span finder compares a token's lemma with.

    A token whose lemma is none of these is read the same whatever its lemma, which is
    what lets :func:`~sourcecheck.extract.paragraphs.lemmatize_for_relations` skip it.
    """
    r = rules()
    return frozenset(
        r.any_frame.union(*r.frames.values())
        | r.speaker_nouns
        | r.cue_prep_objects
        | r.sourceless
        | r.nouns.keys()
    )


def _build_rules() -> Rules:
    data = load("relations")
    excluded = set(data["exclude_lemmas"])
    frames: dict[str, set[str]] = {}
    any_frame: set[str] = set()
    pairs = [
        (lemma, frame)
        for source in (load("relations_verbs")["verbs"], data["verbs"])
        for lemma, allowed in source.items()
        for frame in allowed
        if lemma not in excluded
    ]
    for lemma, frame in pairs:
        if frame == "any":
            any_frame.add(lemma)
        else:
            frames.setdefault(frame, set()).add(lemma)
    return Rules(
        frames={k: frozenset(v) for k, v in frames.items()},
        any_frame=frozenset(any_frame),
        source_preps=frozenset(data["source_prepositions"]),
        cue_children=frozenset(data["cue_children"]),
        content_deps=frozenset(data["content_deps"]),
        nested_under=frozenset(data["allow_nested_under"]),
        source_cut_deps=frozenset(data["source_cut_deps"]),
        parenthetical_deps=frozenset(data["parenthetical_deps"]),
        subject_climb_deps=frozenset(data["subject_climb_deps"]),
        foreign_clause_deps=frozenset(data["foreign_clause_deps"]),
        speaker_pronouns=frozenset(data["speaker_pronouns"]),
        speaker_entities=frozenset(data["speaker_entities"]),
        speaker_nouns=frozenset(data["speaker_nouns"]),
        label_max_tokens=int(data["label_max_tokens"]),
        antecedent_pronouns=frozenset(data["antecedent_pronouns"]),
        cue_adverbs=frozenset(data["cue_adverbs"]),
        cue_prepositions=frozenset(data["cue_prepositions"]),
        cue_prep_objects=frozenset(data["cue_prep_objects"]),
        cue_time_words=frozenset(data["cue_time_words"]),
        sourceless=frozenset(data["sourceless_lemmas"]),
        fallback_skip_deps=frozenset(data["fallback_skip_deps"]),
        frame_modifier_deps=frozenset(data["frame_modifier_deps"]),
        label_not_speakers=frozenset(data["label_not_speakers"]),
        label_name_max_tokens=int(data["label_name_max_tokens"]),
        hanging_speech_deps=frozenset(data["hanging_speech_deps"]),
        nouns={
            str(lemma): frozenset(str(k) for k in keys)
            for lemma, keys in (load("relations_verbs").get("nouns") or {}).items()
        },
        noun_prepositions=frozenset(data["noun_prepositions"]),
    )


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per doc (spaCy joins every token on each access)."""
    text = doc.user_data.get(_TEXT_KEY)
    if not isinstance(text, str):
        text = doc.text
        doc.user_data[_TEXT_KEY] = text
    return text


# --------------------------------------------------------------------------- quotes


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges (marks included, end-exclusive) of the quotations in ``text``.

    A double quote mark (curly or straight, whichever glyph the writer used) opens a
    quotation when it follows a space, the paragraph start or an opening bracket/dash,
    and closes one otherwise. An opening mark never closed runs to the end of the
    paragraph (a quote continued in the next one); a closing mark before any opening one
    ends a quote begun in an earlier paragraph. Outside those, curly single marks
    (‘…’, British style) quote too (:func:`_single_regions`).
    """
    # two apostrophes stand for a double quote in some wire copy (''Like this'')
    text = text.replace("''", '"\x01')
    regions: list[tuple[int, int]] = []
    start: int | None = None
    for i, ch in enumerate(text):
        if ch not in _QUOTES:
            continue
        after = text[i + 1 : i + 2]
        before = text[i - 1] if i else " "
        opening = before.isspace() or before in _OPEN_CONTEXT
        end = i + 2 if after == "\x01" else i + 1
        if opening and start is None:
            start = i
        elif not opening:
            if start is not None:
                regions.append((start, end))
                start = None
            elif not regions:
                regions.append((0, end))
    if start is not None:
        regions.append((start, len(text)))
    regions = [(s, e) for s, e in regions if e - s > 2]
    if _SINGLE_OPEN in text:
        regions = sorted(regions + _single_regions(text, regions))
    return regions


def _single_regions(text: str, outer: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Quotations in curly single marks, outside the double-quoted ones.

    ``’`` is also the apostrophe ("don’t", "Mexico’s"), so a quotation needs its opening
    ``‘`` (after a space, the start or an opening bracket/dash), and closes at the first
    ``’`` after it that no letter or digit follows. Straight single marks are left alone:
    too often apostrophes. A ``‘`` never closed in the paragraph opens nothing.
    """
    out: list[tuple[int, int]] = []
    i = text.find(_SINGLE_OPEN)
    while i >= 0:
        before = text[i - 1] if i else " "
        if (before.isspace() or before in _OPEN_CONTEXT) and not _inside_any(outer, i):
            end = i + 1
            while (end := text.find(_SINGLE_CLOSE, end)) >= 0:
                if not text[end + 1 : end + 2].isalnum():
                    break
                end += 1
            if end > i + 2 and not _inside_any(outer, end):
                out.append((i, end + 1))
                i = text.find(_SINGLE_OPEN, end + 1)
                continue
        i = text.find(_SINGLE_OPEN, i + 1)
    return out


def _inside_any(regions: Iterable[tuple[int, int]], at: int) -> bool:
    return any(s <= at < e for s, e in regions)


def _inside(regions: Iterable[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < start and end <= e for s, e in regions)


# --------------------------------------------------------------------------- helpers


def _token_range(tokens: Iterable[Token]) -> tuple[int, int] | None:
    toks = list(tokens)
    if not toks:
        return None
    start = min(t.idx for t in toks)
    end = max(t.idx + len(t.text) for t in toks)
    return start, end


def _subtree_range(token: Token, exclude: Iterable[Token] = ()) -> tuple[int, int]:
    """Contiguous range of ``token``'s subtree, minus whole excluded subtrees at its edges."""
    excluded: set[int] = set()
    for ex in exclude:
        excluded.update(t.i for t in ex.subtree)
    toks = [t for t in token.subtree if t.i not in excluded]
    rng = _token_range(toks)
    assert rng is not None
    return rng


_TRAILING_WORDS = (" and", " but", " or")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop edge punctuation and spaces, and a dangling final conjunction."""
    while True:
        while start < end and text[start] in _EDGE:
            start += 1
        while end > start and text[end - 1] in _EDGE:
            end -= 1
        word = next((w for w in _TRAILING_WORDS if text[start:end].endswith(w)), None)
        if word is None:
            return start, end
        end -= len(word)


def _sentence_regions(sent: SpacySpan, regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    s0 = sent.start_char
    s1 = sent.end_char
    return [(s, e) for s, e in regions if s < s1 and s0 < e]


def _frame(verb: Token, sent_quotes: list[tuple[int, int]]) -> str:
    deps = {c.dep_ for c in verb.children}
    if "ccomp" in deps:
        return "ccomp"
    if sent_quotes:
        return "quote"
    if "xcomp" in deps:
        return "xcomp"
    if "dobj" in deps:
        return "dobj"
    if "prep" in deps:
        return "prep"
    return "other"


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


def _subject(verb: Token, depth: int = 0) -> Token | None:
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
        if child.dep_ in ("nsubj", "csubj"):
            if child.lower_ in r.antecedent_pronouns and verb.dep_ == "relcl":
                return verb.head  # "groups that have released ads": the groups
            return child
        if child.dep_ == "nsubjpass" and depth > 0:
            return child  # "X was booed after telling …": X told
    if depth == 0:
        outer = _outer_cue(verb)
        if outer is not None:
            return _subject(outer)  # "He said X and said Y": the second "said" is his too
    passive = verb.tag_ == "VBN" and verb.dep_ in ("advcl", "acl", "xcomp", "ROOT")
    if passive or any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return None  # "Asked about it, Trump said …": the asker is not named
    if depth >= 4 or verb.head.i == verb.i:
        return _left_noun(verb) if depth == 0 else None
    if verb.dep_ in ("acl",) and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return verb.head
    if verb.dep_ in r.subject_climb_deps:
        return _subject(verb.head, depth + 1)
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
        and not any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in token.children)
        and any(c.dep_ == "ccomp" for c in token.children)
    )


def _hanging_speech(comp: Token) -> list[Token]:
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
    while k >= verb.sent.start and doc[k].dep_ in ("aux", "auxpass", "neg", "advmod"):
        k -= 1
    if (
        verb.dep_ == "ROOT"
        and k >= verb.sent.start
        and doc[k].pos_ in ("NOUN", "PROPN", "PRON")
        and doc[k].dep_ not in ("dobj", "attr", "npadvmod", "nmod")
    ):
        return doc[k]
    return None


def _source_range(head: Token) -> tuple[int, int]:
    start, end = _source_extent(head)
    return _trim(doc_text(head.doc), start, end)


def _source_extent(head: Token) -> tuple[int, int]:
    r = rules()
    cut = [c for c in head.children if c.dep_ in r.source_cut_deps and c.i > head.i]
    start, end = _subtree_range(head, cut)
    if head.dep_ not in ("nsubj", "nsubjpass", "pobj", "csubj"):
        # a noun found by position: its own words up to the verb, not its whole subtree
        left = head.left_edge
        while left.i < head.i and left.is_punct:
            left = left.doc[left.i + 1]
        start = max(start, left.idx)
        end = head.idx + len(head.text)
    return start, end


def _cue_tokens_right(verb: Token) -> list[Token]:
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


def _cue_range(verb: Token) -> tuple[int, int]:
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
    right = _cue_tokens_right(verb)
    end = max([verb.i, *(t.i for t in right)])
    return doc[start].idx, doc[end].idx + len(doc[end].text)


def _kind(
    text: str,
    content: tuple[int, int],
    regions: list[tuple[int, int]],
    inner: tuple[tuple[int, int] | None, ...] = (),
) -> AttributionKind:
    """Direct when the content is quotation (cue and source inside it aside), mixed when it
    holds a quotation among other words, else indirect."""
    for rng in inner:
        if rng is not None and content[0] < rng[0] and rng[1] < content[1]:
            text = text[: rng[0]] + " " * (rng[1] - rng[0]) + text[rng[1] :]
    start, end = content
    quoted = [(s, e) for s, e in regions if s < end and start < e]
    if not quoted:
        return AttributionKind.INDIRECT
    covered = sum(min(e, end) - max(s, start) for s, e in quoted)
    unquoted = text[start:end]
    for s, e in quoted:
        unquoted = unquoted.replace(text[max(s, start) : min(e, end)], " ")
    letters = sum(ch.isalnum() for ch in unquoted)
    if letters <= 3 or covered >= 0.9 * (end - start):
        return AttributionKind.DIRECT
    return AttributionKind.MIXED


# --------------------------------------------------------------------------- finders


@dataclass(frozen=True, slots=True)
class _Found:
    """Paragraph-relative offsets of one relation, before conversion."""

    content: tuple[int, int]
    kind: AttributionKind
    cue: tuple[int, int] | None
    source: tuple[int, int] | None


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
        low, high = _subtree_range(child)
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
        start, end = _subtree_range(comp, _hanging_speech(comp))
        # a quotation the clause sits in, or one the cue splits, belongs to the content
        for s, e in quotes:
            start, end = min(start, s), max(end, e)
        return start, end
    if frame == "quote" and quotes:
        return min(s for s, _ in quotes), max(e for _, e in quotes)
    passive = [c for c in verb.children if c.dep_ in ("nsubjpass", "csubjpass")]
    if passive and any(c.dep_ == "agent" for c in verb.children):
        # "The result was announced by the commission": the result is what was announced
        return _subtree_range(passive[0])
    comps = [c for c in verb.children if c.dep_ in r.content_deps and c.i > verb.i]
    if comps:
        start = min(_subtree_range(c)[0] for c in comps)
        end = max(_subtree_range(c)[1] for c in comps)
        glued = {t.i for t in _cue_tokens_right(verb)}
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
        return _subtree_range(verb.head, [verb])
    passive = [c for c in verb.children if c.dep_ in ("nsubjpass", "csubjpass")]
    if passive and any(c.dep_ == "agent" for c in verb.children):
        return _subtree_range(passive[0])
    right = [
        c
        for c in verb.children
        if c.i > verb.i
        and (
            c.dep_ not in r.fallback_skip_deps
            # "calling for the United States to act": an infinitive clause with "for"
            or (c.dep_ == "advcl" and c.left_edge.lower_ in ("for", "that"))
        )
    ]
    if right:
        return min(_subtree_range(c)[0] for c in right), max(_subtree_range(c)[1] for c in right)
    return None


def _whole_marks(content: tuple[int, int], regions: list[tuple[int, int]]) -> tuple[int, int]:
    """``content`` widened to the marks of a quoted term it cuts (“deplorables.” whole)."""
    start, end = content
    for s, e in regions:
        if start <= s < end < e:
            end = e
        elif s < start < e <= end:
            start = s
    return start, end


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
        sent_quotes = _sentence_regions(sent, regions)
        for token in sent:
            if token.pos_ not in ("VERB", "AUX") or token.dep_ == "amod":
                continue
            if _inside(regions, token.idx, token.idx + len(token.text)):
                continue  # speech inside a quotation is the quoted speaker's, not the article's
            yield token, sent_quotes


def _verb_relations(
    doc: Doc, regions: list[tuple[int, int]], quotations: list[tuple[int, int]] | None = None
) -> Iterator[_Found]:
    """Verb cues. Frames read every quote region (as the lexicon was learnt); content and
    kind read only ``quotations`` (:func:`~sourcecheck.extract.quoted_terms.quotation_regions`)."""
    headline = _is_title_case(doc)
    quotations = regions if quotations is None else quotations
    for token, sent_quotes in candidate_verbs(doc, regions):
        lemma = token.lemma_.lower()
        # quotes the verb's own subject or object sit in do not make it a quote frame
        frame, own_quotes = verb_frame(token, sent_quotes, regions)
        subject_head = _subject(token)
        if headline and token.text[0].isupper() and (subject_head is None or token.dep_ == "acl"):
            continue  # "Turmoil: Seeking Refuge …" names a topic, not a speaker
        if not _accepts(lemma, frame, subject_class(subject_head)):
            continue
        if lemma in rules().sourceless:
            subject_head = None
        source = _source_range(subject_head) if subject_head is not None else None
        cue = _cue_range(token)
        own_quotes = [q for q in own_quotes if q in quotations]
        block = frame_block(token, cue, source, own_quotes)
        content = _verb_content(token, frame, own_quotes, block)
        if content is None:
            continue
        content = _trim(doc_text(doc), *_whole_marks(content, regions))
        if content[1] <= content[0]:
            continue
        if source is not None and source[0] <= cue[0] < source[1]:
            source = None
        kind = _kind(doc_text(doc), content, quotations, (block,))
        yield _Found(content, kind, cue, source)


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
        if child.dep_ in ("acl", "ccomp") and any(
            g.dep_ == "mark" and g.lower_ == "that" for g in child.children
        ):
            content = ("that", child)
            break
    if content is None:
        for child in noun.children:
            if (
                child.dep_ in ("acl", "relcl")
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
    elif (agent := _prep_object(noun, frozenset({"by", "from"}))) is not None:
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
        if token.pos_ != "NOUN" or _inside(regions, token.idx, token.idx + len(token.text)):
            continue
        found = noun_frame(token)
        if found is not None:
            yield (token, *found)


def _noun_relations(
    doc: Doc, regions: list[tuple[int, int]], quotations: list[tuple[int, int]] | None = None
) -> Iterator[_Found]:
    """Noun cues learnt from PolNeAR train ("Trump's claim that …", "criticism of …")."""
    r = rules()
    quotations = regions if quotations is None else quotations
    if not r.nouns:
        return
    text = doc_text(doc)
    for token, key, content_head, source_head in candidate_nouns(doc, regions):
        if key not in r.nouns.get(token.lemma_.lower(), ()):
            continue
        content = _trim(text, *_subtree_range(content_head))
        if content[1] - content[0] < 3:
            continue
        source = None
        if source_head is not None:
            # "The mayor’s claim": the possessive ending ("case") is no part of the source
            ending = [c for c in source_head.children if c.dep_ == "case"]
            source = _trim(text, *_subtree_range(source_head, ending))
        cue = (token.idx, token.idx + len(token.text))
        yield _Found(content, _kind(text, content, quotations), cue, source)


def _according_relations(doc: Doc) -> Iterator[_Found]:
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
        source = _subtree_range(pobj)
        # "According to a report by Reuters, the team argues …": the source ends at the comma
        comma = doc_text(doc).find(",", pobj.idx, source[1])
        if comma != -1:
            source = (source[0], comma)
        sent = token.sent
        phrase_start = token.idx
        phrase_end = source[1]
        before = _trim(doc_text(doc), sent.start_char, phrase_start)
        after = _trim(doc_text(doc), phrase_end, sent.end_char)
        content = after if after[1] - after[0] >= before[1] - before[0] else before
        if content[1] - content[0] < 3:
            continue
        cue = (token.idx, prep.idx + len(prep.text))
        yield _Found(content, AttributionKind.ACCORDING_TO, cue, source)


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token, depth = token.head, depth + 1
    return depth


def _clause_verb(colon: Token) -> Token | None:
    """The main verb of the clause a colon ends (the parse may root the sentence in the quote)."""
    verbs = [t for t in colon.doc[colon.sent.start : colon.i] if t.pos_ in ("VERB", "AUX")]
    return min(verbs, key=_depth) if verbs else None


def _colon_relations(doc: Doc, regions: list[tuple[int, int]]) -> Iterator[_Found]:
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
            content = _trim(text, s, e)
            yield _Found(content, AttributionKind.DIRECT, (k, k + 1), name)
            continue
        root = _clause_verb(colon[0])
        if root is None:
            continue
        subject_head = _subject(root)
        if subject_head is None:
            continue
        source = _source_range(subject_head)
        content = _trim(text, s, e)
        yield _Found(content, AttributionKind.DIRECT, _cue_range(root), source)


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
    if start > colon.sent.start and doc[start - 1].text not in ("-", "—", "–", "--"):
        return None
    return doc[start].idx, colon.idx


def _label_relations(doc: Doc) -> Iterator[_Found]:
    """Headline and transcript style "Speaker: what they said" at the start of a paragraph."""
    r = rules()
    limit = min(len(doc), r.label_max_tokens + 1)
    colon = next((t for t in doc[:limit] if t.text == ":"), None)
    if colon is None or colon.i == 0 or colon.i + 3 > len(doc):
        return
    label = doc[: colon.i]
    last = label[-1]
    # a possessive makes the label a topic ("Peru's Turmoil: …"), not a speaker
    if any(t.pos_ in ("VERB", "AUX") or t.tag_ == "POS" for t in label) or not (
        last.ent_type_ in r.speaker_entities
        or last.lemma_.lower() in r.speaker_nouns
        or _is_name(list(label))
    ):
        return
    content = _trim(doc_text(doc), colon.idx + 1, len(doc_text(doc)))
    if content[1] - content[0] < 10:
        return
    source = (label.start_char, label.end_char)
    cue = (colon.idx, colon.idx + 1)
    text = doc_text(doc)
    yield _Found(content, _kind(text, content, quote_regions(text)), cue, source)


def _overlaps(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _resolve(found: list[_Found]) -> list[_Found]:
    """Drop duplicates and relations nested where PolNeAR-style univocal annotation forbids."""
    r = rules()
    # earlier cues first: in "X said that Y argued Z" the outer relation is the one kept
    found.sort(key=lambda f: ((f.cue or f.content)[0], f.content[0]))
    kept: list[_Found] = []
    for f in found:
        clash = False
        for k in kept:
            if _overlaps(f.cue, k.cue):
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
    from sourcecheck.extract.quoted_terms import quotation_regions  # imports this module

    doc = paragraph.doc
    regions = quote_regions(doc_text(doc))
    # quoted terms (scare quotes, titles, nicknames) are no quotations
    quotations = quotation_regions(doc, regions)
    found = list(_according_relations(doc))
    found += _verb_relations(doc, regions, quotations)
    found += _noun_relations(doc, regions, quotations)
    found += _label_relations(doc)
    taken = [f.content for f in found]
    found += [
        f for f in _colon_relations(doc, regions) if not any(_overlaps(f.content, t) for t in taken)
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


def _colon_continuation(paragraph: Paragraph, following: Paragraph) -> Relation | None:
    """A paragraph ending "X says:" introduces the quotation that opens the next one."""
    doc = paragraph.doc
    text = doc_text(doc).rstrip()
    gap = following.start - (paragraph.start + len(doc_text(doc)))
    quoted = doc_text(following.doc).lstrip()
    opens = (*_QUOTES, _SINGLE_OPEN)
    if not text.endswith(":") or not 0 <= gap <= 4 or not quoted or quoted[0] not in opens:
        return None
    sent = doc[-1].sent
    root = sent.root
    subject_head = _subject(root)
    if root.lemma_.lower() in rules().any_frame | rules().frames.get("ccomp", frozenset()):
        cue = _cue_range(root)
    else:
        cue = (len(text) - 1, len(text))
    source = _source_range(subject_head) if subject_head is not None else None
    if source is not None and source[0] <= cue[0] < source[1]:
        source = None
    ftext = doc_text(following.doc)
    start, end = _trim(ftext, 0, len(ftext))
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


def find_relations(paragraphs: list[Paragraph]) -> list[Relation]:
    """All attribution relations in the parsed paragraphs, in text order."""
    relations: list[Relation] = []
    for i, paragraph in enumerate(paragraphs):
        found = paragraph_relations(paragraph)
        if i + 1 < len(paragraphs):
            extra = _colon_continuation(paragraph, paragraphs[i + 1])
            if extra is not None and extra.cue is not None:
                cue = extra.cue
                found = [r for r in found if not (r.cue and r.cue.overlaps(cue))] + [extra]
                found.sort(key=lambda r: (r.cue or r.content).start)
        relations.extend(found)
    return relations
