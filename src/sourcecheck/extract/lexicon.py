"""Word lists and rules, loaded once from the YAML files in ``extract/data/``."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from sourcecheck.datafiles import load_mapping


@cache
def load(name: str) -> dict[str, Any]:
    """Load ``extract/data/<name>.yml`` (cached)."""
    return load_mapping("sourcecheck.extract", name)


@cache
def cue_lemmas() -> frozenset[str]:
    """Lemmas of every verb the span finder may take as a cue (any frame)."""
    lemmas = set(load("cues")["verbs"])
    lemmas.update(load("relations_verbs")["verbs"])
    lemmas.update(load("relations")["verbs"])
    return frozenset(lemmas - set(load("relations")["exclude_lemmas"]))


def inflections(lemma: str) -> set[str]:
    """Regular English verb forms of ``lemma`` (a superset is fine: it feeds a pre-filter)."""
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        forms.add(lemma[:-1] + "ing")
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
        forms.update({lemma[:-1] + "ies", lemma[:-1] + "ied"})
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou":
        forms.update({lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"})
    return forms


@cache
def prefilter_words() -> frozenset[str]:
    """Lower-case word forms whose presence makes a paragraph a candidate (the forms of
    every cue verb and noun cue, and the irregular and extra words of ``cues.yml``)."""
    data = load("cues")
    words: set[str] = set(data["irregular_forms"]) | set(data["extra_words"])
    for lemma in cue_lemmas():
        words |= inflections(lemma)
    for noun in load("relations_verbs").get("nouns") or {}:
        words |= plurals(str(noun))
    return frozenset(words)


def plurals(noun: str) -> set[str]:
    """``noun`` and its regular plurals (a superset is fine: it feeds a pre-filter)."""
    forms = {noun, noun + "s", noun + "es"}
    if noun.endswith("y") and len(noun) > 2 and noun[-2] not in "aeiou":
        forms.add(noun[:-1] + "ies")
    return forms


@cache
def prefilter_pattern() -> re.Pattern[str]:
    """A regex for the non-word signals of an attribution: quote marks, a final colon, figures,
    a "Speaker:" label opening the paragraph."""
    return re.compile(
        r":\s*$|[\"“”«»‘]|''|\d\s*(?:%|per\s*cent|percent)|according to"
        r"|(?-i:^\s*[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}:\s)",
        re.IGNORECASE,
    )
