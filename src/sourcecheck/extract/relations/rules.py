"""The span finder's word lists and thresholds, loaded once from ``extract/data``.

``relations.yml`` holds the hand rules, ``relations_verbs.yml`` the verb and noun lexicon
learnt from PolNeAR train by :mod:`sourcecheck.evaluation.build_lexicon`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sourcecheck.errors import ConfigError
from sourcecheck.extract.lexicon import load


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
