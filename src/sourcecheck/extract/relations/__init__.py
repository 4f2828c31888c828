"""Span finder: cue, source and content of each attribution relation.

The finder works on spaCy dependency parses of the candidate paragraphs, one module per
job:

* :mod:`.verbs` — a *verb cue* is a verb whose lemma the lexicon
  (``extract/data/relations.yml``) accepts in the *frame* the verb occurs in (``ccomp``:
  it governs a clause; ``quote``: a quotation stands in its sentence;
  ``xcomp``/``dobj``/``prep``: it governs an infinitive, an object or a prepositional
  object);
* :mod:`.subjects` — its subject (or the ``by`` agent of a passive, or the subject
  inherited from a coordinated/controlling verb) is the source; a subjectless speech verb
  the parse hangs inside a reported clause (``X said A and said that B``, ``X insisted
  that A, claiming that B``) is X's own cue, and its clause is cut from A;
* :mod:`.cues` — the cue's words, and the block it forms with its source;
* :mod:`.nouns` — noun cues ("Trump's claim that …", "criticism of …");
* :mod:`.according` — ``according to X`` (and the lexicon's other source prepositions)
  make an ``according_to`` relation whose content is the rest of the clause;
* :mod:`.colons` — a quotation introduced by a colon (``X captured the mood: “…”``) is
  credited to the subject of the clause before the colon, also when the quotation opens
  the next paragraph; a headline/transcript label (``Trump: …``, ``TAPPER: …``) or a name
  right before the colon (``- Carl Bialik: “…”``) credits its speaker;
* :mod:`.quotes` — quotation marks are paired over the whole paragraph (curly and
  straight; curly single marks outside double-quoted text), so a quote that spans several
  sentences, or that the cue splits in two (``“A,” X told reporters on Monday, “B.”``),
  is one content span; speech inside a quotation belongs to the quoted speaker;
* :mod:`.finder` — runs them all; relations are univocal as in PolNeAR: a cue inside
  another relation's content is dropped, except under ``according to`` ("According to
  Reuters, the team argues …" yields both);
* :mod:`.spans` (character ranges), :mod:`.labels` (the dependency-label sets),
  :mod:`.rules` (the word lists).

The verb lexicon (``relations_verbs.yml``) is learnt from PolNeAR train by
:mod:`sourcecheck.evaluation.build_lexicon`; ``relations.yml`` holds the hand rules.
"""

from __future__ import annotations

from sourcecheck.extract.relations.cues import frame_block
from sourcecheck.extract.relations.finder import find_relations, paragraph_relations
from sourcecheck.extract.relations.nouns import candidate_nouns, noun_frame
from sourcecheck.extract.relations.quotes import quote_regions
from sourcecheck.extract.relations.rules import Rules, read_lemmas, rules
from sourcecheck.extract.relations.spans import doc_text
from sourcecheck.extract.relations.subjects import subject_class, verb_subject
from sourcecheck.extract.relations.verbs import candidate_verbs, verb_frame

__all__ = [
    "Rules",
    "candidate_nouns",
    "candidate_verbs",
    "doc_text",
    "find_relations",
    "frame_block",
    "noun_frame",
    "paragraph_relations",
    "quote_regions",
    "read_lemmas",
    "rules",
    "subject_class",
    "verb_frame",
    "verb_subject",
]
