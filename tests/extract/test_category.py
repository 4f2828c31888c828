"""Categories of attributions: a case table of hand-built attributions, and the showcase."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from sourcecheck.extract.category import categorise, cue_lemma
from sourcecheck.extract.lexicon import load
from sourcecheck.records import (
    Attribution,
    AttributionKind,
    Category,
    Source,
    SourceKind,
    Span,
)

if TYPE_CHECKING:
    from spacy.language import Language

D, IND, Q, A, S = (
    AttributionKind.DIRECT,
    AttributionKind.INDIRECT,
    AttributionKind.MIXED,
    AttributionKind.ACCORDING_TO,
    AttributionKind.STATISTIC,
)
P, ORG, N, V, U = (
    SourceKind.PERSON,
    SourceKind.ORGANISATION,
    SourceKind.ANONYMOUS,
    SourceKind.VAGUE,
    SourceKind.UNKNOWN,
)
SPEECH, DOCUMENT, BELIEF, OTHER = (
    Category.SPEECH,
    Category.DOCUMENT,
    Category.BELIEF,
    Category.OTHER,
)


def _span(text: str, needle: str | None) -> Span | None:
    if needle is None:
        return None
    i = text.index(needle)
    return Span(i, i + len(needle), needle)


def _attribution(
    text: str,
    source: str | None,
    cue: str | None,
    content: str,
    kind: AttributionKind,
    source_kind: SourceKind,
    medium: str | None,
) -> Attribution:
    where = _span(text, source)
    content_span = _span(text, content)
    assert content_span is not None
    return Attribution(
        id="a1",
        kind=kind,
        content=content_span,
        cue=_span(text, cue),
        source=Source(where, source_kind) if where is not None else None,
        medium=medium,
    )


# sentence, source, cue, content, kind, source kind, medium, expected
CASES = [
    # speech
    (
        "Officials said the bridge would close.",
        "Officials",
        "said",
        "the bridge would close",
        IND,
        N,
        None,
        SPEECH,
    ),
    (
        "The mayor told reporters that taxes would rise.",
        "The mayor",
        "told",
        "that taxes would rise",
        IND,
        P,
        None,
        SPEECH,
    ),
    (
        "Senator Ray Hill tweeted “We won”.",
        "Senator Ray Hill",
        "tweeted",
        "“We won”",
        D,
        P,
        "tweet",
        SPEECH,
    ),
    (
        "The minister has warned that prices will rise.",
        "The minister",
        "has warned",
        "that prices will rise",
        IND,
        P,
        None,
        SPEECH,
    ),
    (
        "The union has called for a strike.",
        "The union",
        "has called for",
        "a strike",
        IND,
        ORG,
        None,
        SPEECH,
    ),
    ("Critics criticised the plan.", "Critics", "criticised", "the plan", IND, V, None, SPEECH),
    ("“We are ready,” she said.", "she", "said", "“We are ready,”", D, P, None, SPEECH),
    ("“It is over.” He left the room.", None, None, "“It is over.”", D, U, None, SPEECH),
    (
        "According to the foreign minister, talks failed.",
        "the foreign minister",
        "According to",
        "talks failed",
        A,
        P,
        None,
        SPEECH,
    ),
    (
        "She wrote that the data were wrong.",
        "She",
        "wrote",
        "that the data were wrong",
        IND,
        P,
        None,
        SPEECH,
    ),
    (
        "A post by the actor captured “the mood”.",
        "A post by the actor",
        "captured",
        "“the mood”",
        D,
        P,
        "social_media",
        SPEECH,
    ),
    # document
    (
        "A 2021 study found that sleep matters.",
        "A 2021 study",
        "found",
        "that sleep matters",
        IND,
        ORG,
        "study",
        DOCUMENT,
    ),
    (
        "The survey showed that most voters agree.",
        "The survey",
        "showed",
        "that most voters agree",
        IND,
        ORG,
        "survey",
        DOCUMENT,
    ),
    (
        "According to the report, crime fell.",
        "the report",
        "According to",
        "crime fell",
        A,
        ORG,
        "report",
        DOCUMENT,
    ),
    (
        "Recent data underscores the decline of trust.",
        "Recent data",
        "underscores",
        "the decline of trust",
        IND,
        ORG,
        "data",
        DOCUMENT,
    ),
    (
        "The agency estimated that 40 people died.",
        "The agency",
        "estimated",
        "that 40 people died",
        IND,
        ORG,
        None,
        DOCUMENT,
    ),
    (
        "Per a 2020 poll, 62 percent approve.",
        "a 2020 poll",
        None,
        "62 percent approve",
        S,
        ORG,
        "poll",
        DOCUMENT,
    ),
    (
        "The council said in a report that roads are unsafe.",
        "The council",
        "said",
        "that roads are unsafe",
        IND,
        ORG,
        "report",
        DOCUMENT,
    ),
    # belief
    (
        "Some citizens view the flight as a scandal.",
        "Some citizens",
        "view",
        "the flight as a scandal",
        IND,
        V,
        None,
        BELIEF,
    ),
    (
        "Others see it as an overdue step.",
        "Others",
        "see",
        "it as an overdue step",
        IND,
        V,
        None,
        BELIEF,
    ),
    (
        "Many voters think the economy is weak.",
        "Many voters",
        "think",
        "the economy is weak",
        IND,
        V,
        None,
        BELIEF,
    ),
    (
        "Farmers fear that the river will flood.",
        "Farmers",
        "fear",
        "that the river will flood",
        IND,
        V,
        None,
        BELIEF,
    ),
    (
        "He believes the vote was rigged.",
        "He",
        "believes",
        "the vote was rigged",
        IND,
        P,
        None,
        BELIEF,
    ),
    # other
    (
        "The former president sought asylum in Spain.",
        "The former president",
        "sought",
        "asylum in Spain",
        IND,
        P,
        None,
        OTHER,
    ),
    ("She was accused of fraud.", None, "accused of", "fraud", IND, U, None, OTHER),
    (
        "This sentiment echoes an old tradition.",
        "This sentiment",
        "echoes",
        "an old tradition",
        IND,
        U,
        None,
        OTHER,
    ),
    (
        "The city is learning from past mistakes.",
        "The city",
        "learning",
        "from past mistakes",
        IND,
        ORG,
        None,
        OTHER,
    ),
    (
        "The country is embracing reforms.",
        "The country",
        "embracing",
        "reforms",
        IND,
        ORG,
        None,
        OTHER,
    ),
    (
        "The crisis is an opportunity to reaffirm its values.",
        "an opportunity",
        "reaffirm",
        "its values",
        IND,
        U,
        None,
        OTHER,
    ),
    (
        "Chile’s journey underscores the value of patience.",
        "Chile’s journey",
        "underscores",
        "the value of patience",
        IND,
        U,
        None,
        OTHER,
    ),
    (
        "Only 28 percent of voters express confidence in parliament.",
        "Only 28 percent of voters",
        "express",
        "confidence in parliament",
        IND,
        U,
        None,
        OTHER,
    ),
    ("The move signals a shift.", "The move", "signals", "a shift", IND, U, None, OTHER),
    ("The party plans to cut taxes.", "The party", "plans", "to cut taxes", IND, ORG, None, OTHER),
    (
        "The mayor attempted to calm residents.",
        "The mayor",
        "attempted",
        "to calm residents",
        IND,
        P,
        None,
        OTHER,
    ),
    (
        "The minister glanced at the papers.",
        "The minister",
        "glanced",
        "at the papers",
        IND,
        P,
        None,
        OTHER,
    ),  # an unknown cue and no quotation: conservative
]


@pytest.mark.parametrize(
    ("sentence", "source", "cue", "content", "kind", "source_kind", "medium", "expected"),
    CASES,
    ids=[c[0][:40] for c in CASES],
)
def test_case_table(
    sentence: str,
    source: str | None,
    cue: str | None,
    content: str,
    kind: AttributionKind,
    source_kind: SourceKind,
    medium: str | None,
    expected: Category,
) -> None:
    att = _attribution(sentence, source, cue, content, kind, source_kind, medium)
    assert categorise(att, sentence) is expected


def test_case_table_covers_every_category() -> None:
    assert len(CASES) >= 25
    assert {c[-1] for c in CASES} == set(Category)


@pytest.mark.parametrize(
    ("cue", "lemma"),
    [
        ("has called for", "call"),
        ("said", "say"),
        ("sought", "seek"),
        ("stating", "state"),
        ("embracing", "embrace"),
        ("criticized", "criticize"),
        ("echoes", "echo"),
        ("glanced", None),
    ],
)
def test_cue_lemma(cue: str, lemma: str | None) -> None:
    att = Attribution("a", AttributionKind.INDIRECT, Span(0, 1, "x"), cue=Span(0, len(cue), cue))
    assert cue_lemma(att) == lemma


def test_every_core_cue_verb_has_a_category() -> None:
    """The hand-kept cue verbs of cues.yml are all sorted (no core cue falls to the default)."""
    data = load("categories")
    listed = {str(w) for key in ("speech", "document", "belief", "other") for w in data[key]}
    assert set(load("cues")["verbs"]) - listed == set()


def test_no_lemma_is_in_two_categories() -> None:
    data = load("categories")
    seen: dict[str, str] = {}
    for key in ("speech", "document", "belief", "other"):
        for word in data[key]:
            assert seen.setdefault(str(word), key) == key, word


# The showcase -----------------------------------------------------------------------------

#: (source or cue words that pick the attribution out, expected categories).
SHOWN = [
    ("a recent report by Reuters", {DOCUMENT, SPEECH}),
    ("has confirmed", {SPEECH}),
    ("emphasized", {SPEECH}),
    ("stating", {SPEECH}),
    ("described", {SPEECH}),
    ("warning", {SPEECH}),
    ("captured", {SPEECH}),
    ("Recent data from the Latin American", {DOCUMENT}),
    ("their 2023 survey", {DOCUMENT}),
    ("Political analysts at the Wilson Center", {SPEECH}),
    ("found", {DOCUMENT}),
    ("has called for", {SPEECH}),
    ("emphasizes", {SPEECH, DOCUMENT}),
    ("tweeted", {SPEECH}),
]
HIDDEN = [
    "sought refuge",
    "accused of",
    "This sentiment",
    "only 28 percent of Peruvians",
    "learning",
    "embracing",
    "an opportunity",
    "Peru’s journey",
    "former President Evo Morales",
]


def _pick(attributions: tuple[Attribution, ...], text: str, words: str) -> Attribution:
    for att in attributions:
        source = att.source.span.text if att.source else ""
        cue = att.cue.text if att.cue else ""
        after = text[att.cue.start : att.cue.end + 8] if att.cue else ""
        if words in (cue, source) or source.startswith(words) or after.startswith(words):
            return att
    raise AssertionError(f"no attribution for {words!r}")


def test_peru_showcase(peru_text: str, nlp: Language) -> None:
    from sourcecheck.extract import extract_attributions
    from sourcecheck.ingest import article_from_text

    article = article_from_text(peru_text)
    attributions = extract_attributions(article, nlp)
    text = article.text
    for words, expected in SHOWN:
        att = _pick(attributions, text, words)
        assert att.category in expected, (words, att.category)
    for words in HIDDEN:
        att = _pick(attributions, text, words)
        assert att.category not in (SPEECH, DOCUMENT), (words, att.category)
