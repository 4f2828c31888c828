"""Quoted terms: quotation marks that set off a word, not someone's speech.

Writers put quotation marks round scare-quoted words (the so-called “peace dividend”),
titles of works (the film “Ring of Fire”), nicknames (Bill “The Hammer” Ortiz) and coined
terms (runners call them “snow laps”). None of these is a quotation: no one is quoted.

A quoted stretch (:func:`read_quote`) is a *term* when all of these hold:

* it is short: at most ``term_max_words`` words (``extract/data/quotes.yml``);
* it sits inside a clause: words of the same sentence come right before its opening mark
  (not the paragraph start, a sentence end, a colon or a dash), it holds no sentence
  break and is no sentence of its own (capitalised, end punctuation, a finite verb);
* a marker introduces it (``term_markers``: "so-called", "known as"; a ``title_nouns``
  noun: "the film"; a capitalised word either side: a nickname), or no speech cue governs
  it: no verb of the span finder's speech lexicon is among its heads (up to
  ``govern_depth``), reached other than through a subject, nor a parenthetical cue
  (``parataxis``) of one of those heads ("‘best friend’ is gone, the editor wrote"). Naming verbs
  (``naming_lemmas``: call, dub, label) do not count as speech cues here — "what he
  called “nugatory”" is a term, "he said the rule was what he called “nugatory”" a
  (partial) quotation — unless a name is their subject ("Macron called the proposal
  “a necessary first step”": a named speaker's own words).

The span finder reads only the other stretches as quotations
(:func:`quotation_regions`), so a term neither puts a verb in the ``quote`` frame nor
makes a content ``direct`` or ``mixed``, and :mod:`continuation` never takes a term for
a quote that continues a speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from sourcecheck.extract.lexicon import load
from sourcecheck.extract.relations import doc_text, rules

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
#: Marks and spaces stripped from a quoted stretch before its words are read.
_MARKS = " \t\"“”«»„‘’'"
#: A sentence break inside a quoted stretch: end punctuation, a space, then a word.
_BREAK = re.compile(r"[.!?…]['’\"”]?\s+\S")
#: Characters before an opening mark after which a stretch starts a sentence or clause
#: (a dash or bracket too: "… he boasted — “That makes me smart.”").
_CLAUSE_OPENERS = ".!?:;…—–―-("
_SENTENCE_ENDS = ".!?…"
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})


@dataclass(frozen=True, slots=True)
class TermRules:
    """Word lists and thresholds of ``extract/data/quotes.yml`` (the ``term_*`` keys)."""

    max_words: int
    markers: tuple[str, ...]
    title_nouns: frozenset[str]
    naming: frozenset[str]
    depth: int


@cache
def term_rules() -> TermRules:
    """Load (once) the quoted-term rules."""
    data = load("quotes")
    return TermRules(
        max_words=int(data["term_max_words"]),
        markers=tuple(sorted((str(m).lower() for m in data["term_markers"]), key=len)),
        title_nouns=frozenset(str(w).lower() for w in data["title_nouns"]),
        naming=frozenset(str(w).lower() for w in data["naming_lemmas"]),
        depth=int(data["govern_depth"]),
    )


@cache
def speech_lemmas() -> frozenset[str]:
    """Lemmas of the speech cues that make a quoted stretch a quotation (naming verbs aside)."""
    r = rules()
    speech = r.any_frame | r.frames.get("ccomp", frozenset()) | r.frames.get("quote", frozenset())
    return speech - term_rules().naming


@dataclass(frozen=True, slots=True)
class QuotedStretch:
    """What decides whether one quoted stretch (paragraph offsets, marks included) is a term.

    Attributes:
        start: Offset of the opening mark (or of the paragraph start, for a quote begun
            in an earlier paragraph).
        end: Offset just past the closing mark (or the paragraph end).
        words: Words inside the marks.
        whole: It starts a sentence or clause of its own, is a sentence of its own or
            holds a sentence break.
        marker: The marker that introduces it ("so-called", "film", "nickname"), if any.
        governed: A speech cue governs it.
    """

    start: int
    end: int
    words: int
    whole: bool
    marker: str | None
    governed: bool

    @property
    def term(self) -> bool:
        """True when the stretch is a quoted term, not a quotation."""
        if self.whole or self.words > term_rules().max_words or self.words == 0:
            return False
        return self.marker is not None or not self.governed


def read_quote(doc: Doc, region: tuple[int, int]) -> QuotedStretch:
    """Read the quoted stretch ``region`` of the parsed paragraph ``doc``."""
    text = doc_text(doc)
    start, end = region
    inner = text[start:end].strip(_MARKS)
    words = len(_WORD.findall(inner))
    before = text[:start].rstrip()
    whole = (
        not before
        or before[-1] in _CLAUSE_OPENERS
        or _BREAK.search(inner) is not None
        or _is_sentence(doc, start, end, inner)
    )
    marker = None if whole else _marker(text, start, end)
    governed = False if whole else _governed(doc, start, end)
    return QuotedStretch(start, end, words, whole, marker, governed)


def is_term(doc: Doc, region: tuple[int, int]) -> bool:
    """True when the quoted stretch ``region`` of ``doc`` is a term (see the module doc)."""
    return read_quote(doc, region).term


def quotation_regions(doc: Doc, regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The quote ``regions`` of ``doc`` that are quotations, terms left out."""
    return [r for r in regions if not is_term(doc, r)]


def _is_sentence(doc: Doc, start: int, end: int, inner: str) -> bool:
    """A stretch that is a sentence of its own: capitalised, closed by end punctuation and
    holding a finite verb ("Trump boasted, “That makes me smart.”")."""
    if not inner[:1].isupper() or inner[-1:] not in _SENTENCE_ENDS:
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and any(t.tag_ in _FINITE_TAGS for t in span)


def _marker(text: str, start: int, end: int) -> str | None:
    """The word or phrase right before the opening mark that makes the stretch a term."""
    r = term_rules()
    before = text[max(0, start - 40) : start].lower().rstrip()
    for marker in r.markers:
        if before.endswith(marker) and (
            len(before) == len(marker) or not before[-len(marker) - 1].isalnum()
        ):
            return marker
    words = _WORD.findall(before)
    if words and words[-1] in r.title_nouns:
        return str(words[-1])
    # Bill “The Hammer” Ortiz: capitalised words either side
    left = text[:start].rstrip().split(" ")[-1:]
    right = text[end:].lstrip().split(" ")[:1]
    if left and right and left[0][:1].isupper() and right[0][:1].isupper():
        return "nickname"
    return None


def _is_speech(token: Token, speech: frozenset[str]) -> bool:
    return token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in speech


def _governed(doc: Doc, start: int, end: int) -> bool:
    """True when a speech cue (not a naming verb) is among the heads of the stretch."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    speech = speech_lemmas()
    token: Token = span.root
    for _ in range(term_rules().depth):
        head = token.head
        if head.i == token.i:
            return False
        if token.dep_ in _SUBJECT_DEPS and _is_speech(head, speech):
            return False  # the stretch is (in) the cue's subject: the speaker, not the content
        if head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in speech:
            return True
        if head.lemma_.lower() in term_rules().naming and any(
            c.dep_ == "nsubj" and c.pos_ == "PROPN" for c in head.children
        ):
            return True  # "Macron called the proposal “a first step”": a named speaker's words
        if any(_is_speech(c, speech) and c.dep_ == "parataxis" for c in head.children):
            return True  # "Britain’s ‘best friend’ is gone, the editor wrote": the clause's cue
        token = head
    return False


__all__ = ["QuotedStretch", "TermRules", "is_term", "quotation_regions", "read_quote"]
