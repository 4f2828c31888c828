"""What sort of act an attribution reports: speech, document, belief or other.

:func:`categorise` reads the cue (its lemma, via ``data/categories.yml``), the attribution
kind, the medium and the source phrase. Rules, first match wins:

1. A source that names no agent ("This sentiment", "an opportunity", "Peru's journey")
   makes no statement: ``other``.
2. A cue phrase ("accused of") decides; "according to" gives ``document`` for a document
   source ("the report"), ``speech`` for any other agent, ``other`` without a source.
3. A ``statistic`` is a ``document``.
4. The cue lemma's category: ``belief`` stays belief; a speech cue with a document source
   or medium ("the study says", "the Carter Center emphasizes" in a report) is a
   ``document``; some ``other`` cues ("data underscores") are documents with a document
   source.
5. An unknown cue or none: a quotation is ``speech`` (a document one ``document``) when its
   source is an agent or there is no cue at all; anything else is ``other``.

Words come from the data files: cue categories from ``categories.yml``; agent words from
``sources.yml`` and ``relations.yml``; document nouns from ``media.yml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from sourcecheck.extract.lexicon import inflections, load, plurals
from sourcecheck.records import Attribution, AttributionKind, Category, Source, SourceKind

_WORD = re.compile(r"[\w’'-]+|[,(]")
_QUOTES = (AttributionKind.DIRECT, AttributionKind.MIXED)
_CATEGORIES = {c.value: c for c in Category}
#: The pseudo-category of the "according to" phrase (rule 2).
_ACCORDING = "according"


@dataclass(frozen=True, slots=True)
class _Rules:
    #: Inflected cue word → its lemma (only categorised lemmas).
    lemmas: dict[str, str]
    categories: dict[str, Category]
    stated_by_documents: frozenset[str]
    #: Cue phrase (lower-case words) → category value or "according".
    phrases: dict[tuple[str, ...], str]
    document_media: frozenset[str]
    speech_media: frozenset[str]
    #: Act nouns of media.yml → medium value ("survey" → survey, "tweet" → tweet).
    acts: dict[str, str]
    #: Lower-case nouns and pronouns that name a speaker (people, bodies, groups).
    agents: frozenset[str]
    partitives: frozenset[str]
    determiners: frozenset[str]
    head_cuts: frozenset[str]


def _words(entries: object) -> list[str]:
    return [str(e).lower() for e in entries] if isinstance(entries, list) else []


@cache
def _rules() -> _Rules:
    data = load("categories")
    sources = load("sources")
    categories: dict[str, Category] = {}
    for value, category in _CATEGORIES.items():
        for lemma in _words(data[value]):
            categories.setdefault(lemma, category)
    lemmas: dict[str, str] = {}
    for lemma in categories:
        for form in inflections(lemma) | plurals(lemma):
            lemmas.setdefault(form, lemma)
    # Irregular forms win over a regular form of another lemma ("found" is find's).
    lemmas.update({str(k).lower(): str(v).lower() for k, v in data["irregular"].items()})
    agents: set[str] = set()
    for key in ("anonymous_heads", "vague_heads", "group_names", "organisation_words"):
        agents.update(_words(sources[key]))
    for entry in _words(sources["group_heads"]) + _words(sources["titles"]):
        agents.add(entry.split()[-1].rstrip("."))
    agents.update(str(p).lower() for p in sources["pronouns"])
    agents.update(_words(load("relations")["speaker_nouns"]))
    agents |= {form for word in list(agents) for form in plurals(word)}
    return _Rules(
        lemmas=lemmas,
        categories=categories,
        stated_by_documents=frozenset(_words(data["stated_by_documents"])),
        phrases={tuple(str(k).lower().split()): str(v) for k, v in data["phrases"].items()},
        document_media=frozenset(_words(data["document_media"])),
        speech_media=frozenset(_words(data["speech_media"])),
        acts={str(k).lower(): str(v) for k, v in load("media")["acts"].items()},
        agents=frozenset(agents),
        partitives=frozenset(_words(sources["partitive_heads"])),
        determiners=frozenset(_words(sources["determiners"])),
        head_cuts=frozenset(_words(data["head_cuts"])),
    )


def _cue_words(attribution: Attribution, text: str) -> list[str]:
    """The cue's words in lower case, with the word after it ("accused" + "of")."""
    cue = attribution.cue
    if cue is None:
        return []
    words = [w.lower() for w in _WORD.findall(cue.text)]
    after = _WORD.match(text, cue.end + 1) if text[cue.end : cue.end + 1] == " " else None
    if after is not None:
        words.append(after.group().lower())
    return words


def _phrase(words: list[str]) -> str | None:
    for phrase, value in _rules().phrases.items():
        n = len(phrase)
        if any(tuple(words[i : i + n]) == phrase for i in range(len(words) - n + 1)):
            return value
    return None


def cue_lemma(attribution: Attribution) -> str | None:
    """The first word of the cue that is a categorised lemma's form (``has called`` → call)."""
    if attribution.cue is None:
        return None
    lemmas = _rules().lemmas
    for word in _WORD.findall(attribution.cue.text):
        lemma = lemmas.get(word.lower())
        if lemma is not None:
            return lemma
    return None


def _head(source: Source) -> tuple[str, bool]:
    """The head word of the source phrase (lower case) and whether it is capitalised.

    Read up to the first cut word ("analysts at the Wilson Center" → analysts); a
    partitive head is read through "of" ("a majority of voters" → voters).
    """
    rules = _rules()
    words = _WORD.findall(source.span.text)
    i = 0
    head = ""
    while i < len(words):
        word = words[i]
        key = word.lower()
        if key in rules.head_cuts and head:
            if key == "of" and head.lower() in rules.partitives:
                head, i = "", i + 1
                continue
            break
        if key not in rules.determiners and key not in rules.head_cuts:
            head = word
        i += 1
    key = head.lower().removesuffix("’s").removesuffix("'s")
    return key, bool(head) and head[:1].isupper()


def is_agent(source: Source) -> bool:
    """True when the source may speak: a person, a body, a group, a pronoun or a document."""
    if source.kind in (SourceKind.PERSON, SourceKind.ANONYMOUS, SourceKind.VAGUE):
        return True
    rules = _rules()
    head, capitalised = _head(source)
    return capitalised or head in rules.agents or head in rules.acts or not head


def _act(source: Source | None) -> str | None:
    """The medium of the source's head when it is an act noun ("a report by the Associated
    Press" → report's, "A viral tweet from …" → tweet's)."""
    if source is None:
        return None
    head, _ = _head(source)
    return _rules().acts.get(head)


def categorise(attribution: Attribution, text: str) -> Category:
    """What sort of act ``attribution`` reports (rules in the module docstring).

    Args:
        attribution: An enriched attribution (source kind and medium read).
        text: The article text its offsets index (for the word after the cue).
    """
    rules = _rules()
    source = attribution.source
    if source is not None and not is_agent(source):
        return Category.OTHER
    act = _act(source)
    document_source = act in rules.document_media
    document = document_source or attribution.medium in rules.document_media
    phrase = _phrase(_cue_words(attribution, text))
    if phrase == _ACCORDING or attribution.kind is AttributionKind.ACCORDING_TO:
        if source is None:
            return Category.OTHER
        return Category.DOCUMENT if document_source else Category.SPEECH
    if phrase is not None:
        return _CATEGORIES[phrase]
    if attribution.kind is AttributionKind.STATISTIC:
        return Category.DOCUMENT
    lemma = cue_lemma(attribution)
    category = rules.categories.get(lemma) if lemma is not None else None
    if category is Category.SPEECH:
        return Category.DOCUMENT if document else Category.SPEECH
    if category is Category.OTHER:
        stated = lemma in rules.stated_by_documents and document
        return Category.DOCUMENT if stated else Category.OTHER
    if category is not None:
        return category
    # An unknown cue or none: quotation marks make a statement when someone makes it.
    if attribution.kind in _QUOTES and (
        attribution.cue is None
        or act in rules.speech_media
        or attribution.medium in rules.speech_media
        or (source is not None and source.kind is not SourceKind.UNKNOWN)
    ):
        return Category.DOCUMENT if document else Category.SPEECH
    return Category.OTHER


__all__ = ["categorise", "cue_lemma", "is_agent"]
