"""The whole extract stage on the showcase article (read from ../shared, never copied).

Each case names where the cue is written (a short anchor), the cue verb, and what the
attribution must say: kind, source kind and resolved name, medium and via, title and
jurisdiction. A case fails when the span finder misses the relation or enrichment gets a
field wrong; the failing case's id names the attribution.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from sourcecheck.extract import extract_attributions
from sourcecheck.records import Article, Attribution, AttributionKind, SourceKind

if TYPE_CHECKING:
    from spacy.language import Language

K = AttributionKind
S = SourceKind


@dataclass(frozen=True)
class Case:
    """One expected attribution.

    ``anchor`` is a few words holding the cue, unique in the article; ``source`` a part of
    the source span as written; ``name`` the resolved name (``None`` for unnamed sources).
    """

    anchor: str
    cue: str
    kind: AttributionKind
    source: str
    source_kind: SourceKind
    name: str | None = None
    medium: str | None = None
    via: str | None = None
    title: str | None = None
    jurisdiction: str | None = None
    parent: str | None = None  # the anchor of the enclosing attribution


CASES = {
    "reuters-report": Case(
        "According to a recent report",
        "According to",
        K.ACCORDING_TO,
        "Reuters",
        S.ORGANISATION,
        "Reuters",
        "report",
        "Reuters",
    ),
    "legal-team": Case(
        "legal team argues",
        "argues",
        K.INDIRECT,
        "Chavez’s legal team",
        S.ORGANISATION,
        "Chavez’s legal team",
        parent="According to a recent report",
    ),
    "mexican-government": Case(
        "has confirmed",
        "confirmed",
        K.INDIRECT,
        "The Mexican government",
        S.ORGANISATION,
        "Mexican government",
        jurisdiction="Mexican",
    ),
    "barcena": Case(
        "Bárcena emphasized",
        "emphasized",
        K.INDIRECT,
        "Alicia Bárcena",
        S.PERSON,
        "Alicia Bárcena",
        "statement",
        "social media",
        "Foreign Minister",
        "Mexico",
    ),
    "barcena-quote": Case(
        "law, stating",
        "stating",
        K.DIRECT,
        "Alicia Bárcena",
        S.PERSON,
        "Alicia Bárcena",
        "statement",
        "social media",
        "Foreign Minister",
        "Mexico",
    ),
    "peruvian-officials": Case(
        "have criticized",
        "criticized",
        K.INDIRECT,
        "Peruvian officials",
        S.ANONYMOUS,
        jurisdiction="Peruvian",
    ),
    "spokesperson": Case(
        "Affairs described",
        "described",
        K.INDIRECT,
        "a spokesperson",
        S.ANONYMOUS,
        None,
        "interview",
        "BBC News",
        "spokesperson",
        "Peru’s Ministry of Foreign Affairs",
    ),
    "some-citizens": Case("citizens view", "view", K.INDIRECT, "Some citizens", S.VAGUE),
    "others": Case("Others see", "see", K.INDIRECT, "Others", S.VAGUE),
    "gorriti": Case(
        "Gorriti captured",
        "captured",
        K.DIRECT,
        "Gustavo Gorriti",
        S.PERSON,
        "Gustavo Gorriti",
        "tweet",
        None,
        "journalist",
        "Peruvian",
    ),
    "lapop-data": Case(
        "(LAPOP) underscores",
        "underscores",
        K.INDIRECT,
        "LAPOP",
        S.ORGANISATION,
        "Latin American Public Opinion Project (LAPOP)",
        "data",
    ),
    "lapop-survey": Case(
        "According to their",
        "According to",
        K.STATISTIC,
        "their 2023 survey",
        S.ORGANISATION,
        "Latin American Public Opinion Project (LAPOP)",
        "survey",
    ),
    "wilson-center": Case(
        "Center note", "note", K.INDIRECT, "analysts", S.VAGUE, jurisdiction="Wilson Center"
    ),
    "researchers": Case(
        "researchers found",
        "found",
        K.INDIRECT,
        "The researchers",
        S.ORGANISATION,
        "Brookings Institution",
        "study",
    ),
    "experts": Case("experts recommend", "recommend", K.INDIRECT, "experts", S.VAGUE),
    "icj": Case(
        "has called for",
        "called",
        K.INDIRECT,
        "International Commission of Jurists",
        S.ORGANISATION,
        "International Commission of Jurists",
    ),
    "carter-center": Case(
        "resilience, emphasizes",
        "emphasizes",
        K.INDIRECT,
        "Carter Center",
        S.ORGANISATION,
        "Carter Center",
        "report",
    ),
    "almagro": Case(
        "recently tweeted",
        "tweeted",
        K.DIRECT,
        "Luis Almagro",
        S.PERSON,
        "Luis Almagro",
        "tweet",
        None,
        "Secretary General",
        "OAS",
    ),
}


@pytest.fixture(scope="module")
def attributions(peru_text: str, nlp: Language) -> tuple[Attribution, ...]:
    return extract_attributions(Article(text=peru_text), nlp)


def _at(text: str, attributions: tuple[Attribution, ...], anchor: str, cue: str) -> Attribution:
    """The attribution whose cue (holding ``cue``) lies inside ``anchor``."""
    assert text.count(anchor) == 1, f"anchor {anchor!r} must be unique in the article"
    start = text.index(anchor)
    end = start + len(anchor)
    found = [
        a
        for a in attributions
        if a.cue is not None and a.cue.start < end and start < a.cue.end and cue in a.cue.text
    ]
    assert found, f"no attribution with cue {cue!r} at {anchor!r}"
    return found[0]


def _text(span: object) -> str | None:
    return getattr(span, "text", None)


@pytest.mark.parametrize("case_id", list(CASES))
def test_peru_attribution(
    peru_text: str, attributions: tuple[Attribution, ...], case_id: str
) -> None:
    case = CASES[case_id]
    a = _at(peru_text, attributions, case.anchor, case.cue)
    assert a.source is not None, "no source"
    s = a.source
    assert case.source in s.span.text
    got = (a.kind, s.kind, s.name, a.medium, _text(a.via), _text(s.title), _text(s.jurisdiction))
    want = (
        case.kind,
        case.source_kind,
        case.name,
        case.medium,
        case.via,
        case.title,
        case.jurisdiction,
    )
    assert got == want
    if case.parent is not None:
        outer = next(c for c in CASES.values() if c.anchor == case.parent)
        assert a.parent == _at(peru_text, attributions, outer.anchor, outer.cue).id
    else:
        assert a.parent is None


def test_survey_figures_and_times(peru_text: str, attributions: tuple[Attribution, ...]) -> None:
    case = CASES["lapop-survey"]
    a = _at(peru_text, attributions, case.anchor, case.cue)
    assert [(n.value, n.unit) for n in a.numbers] == [(28.0, "percent"), (41.0, "percent")]
    assert [(t.span.text, t.kind, t.year) for t in a.time_expressions] == [
        ("2023", "year", 2023),
        ("five years ago", "relative", None),
    ]
    assert a.source is not None and a.source.antecedent is not None
    antecedent = a.source.antecedent
    assert peru_text[antecedent.start : antecedent.end] == antecedent.text
    assert antecedent.end <= a.source.span.start


def test_researchers_resolve_to_an_earlier_mention(
    peru_text: str, attributions: tuple[Attribution, ...]
) -> None:
    case = CASES["researchers"]
    a = _at(peru_text, attributions, case.anchor, case.cue)
    assert a.source is not None and a.source.antecedent is not None
    assert a.source.antecedent.text == "Brookings Institution"
    assert a.source.antecedent.end <= a.source.span.start


def test_ids_unique_and_in_text_order(attributions: tuple[Attribution, ...]) -> None:
    ids = [a.id for a in attributions]
    assert len(set(ids)) == len(ids)
    starts = [
        min(s.start for s in (a.cue, a.content, a.source and a.source.span) if s)
        for a in attributions
    ]
    assert starts == sorted(starts)
    known = set(ids)
    assert all(a.parent in known for a in attributions if a.parent is not None)
