"""The groups of spaCy dependency labels and part-of-speech tags the span finder reads.

Grammar, not tuning: what counts as a subject, a passive, a clause hung on a noun. The
tunable lists (which dependents glue to a cue, which make a content, …) are rules and
live in ``extract/data/relations.yml``. Labels are spaCy's English (ClearNLP) scheme.
"""

from __future__ import annotations

# ---- dependency labels

#: The frames after ``ccomp`` and ``quote``, in the order a verb is tried for them: an
#: infinitive, a direct object, a prepositional object.
COMPLEMENT_FRAMES = ("xcomp", "dobj", "prep")

#: An active verb's own subject, nominal or clausal.
ACTIVE_SUBJECTS = frozenset({"nsubj", "csubj"})
#: A passive verb's subject ("The result was announced by …": what was announced).
PASSIVE_SUBJECTS = frozenset({"nsubjpass", "csubjpass"})
#: Dependents that make a verb passive.
PASSIVE_MARKERS = frozenset({"nsubjpass", "auxpass"})
#: Any written subject, the expletive ("it", "there") included: a verb with one has a
#: subject of its own.
SUBJECT_SLOTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
#: The arcs by which a source head is found (a subject or an agent's object), as opposed
#: to a noun found by its position before the verb.
SOURCE_ARGUMENTS = frozenset({"nsubj", "nsubjpass", "pobj", "csubj"})
#: Words that may stand between a subject and its verb ("X has not yet said").
VERB_PREMODIFIERS = frozenset({"aux", "auxpass", "neg", "advmod"})
#: Nouns before a verb that are not its subject (objects, attributes, noun modifiers).
NOT_SUBJECTS = frozenset({"dobj", "attr", "npadvmod", "nmod"})

#: Where a past participle reads as a passive without a passive auxiliary ("Asked about
#: it, Trump said …").
PARTICIPLE_CLAUSES = frozenset({"advcl", "acl", "xcomp", "ROOT"})
#: A clause modifying a noun ("a man known for …"): the noun is the clause verb's subject.
CLAUSAL_MODIFIERS = frozenset({"acl"})
#: How the parse hangs a ``that`` clause on a noun ("the claim that …").
THAT_CLAUSES = frozenset({"acl", "ccomp"})
#: How the parse hangs an infinitive on a noun ("a promise to …").
INFINITIVE_CLAUSES = frozenset({"acl", "relcl"})

# ---- part-of-speech tags

#: Verbs and auxiliaries.
VERBS = frozenset({"VERB", "AUX"})
#: Words that may head a source: nouns, names, pronouns.
NOMINALS = frozenset({"NOUN", "PROPN", "PRON"})
