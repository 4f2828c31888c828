"""The whole extract stage on the project's own example article (examples/, fictional).

Each case picks one attribution by a word of its cue and a part of its source as written
(both case-sensitive: "She" is von der Leyen, "she" Ardern) and states every field the
checks read: the attribution kind, the source's kind, resolved name, title, jurisdiction
and qualifier, the medium and its via; for some, the figures and time expressions too.

Decisions the table pins down (see extract/sources.py and extract/media.py):

* "The researchers also found" resolves to the Pew Research Center; its medium is the
  ``survey`` written where the researchers were introduced, and "people under 30" is a
  figure of that survey, so the kind is ``statistic``.
* "A study published in the journal Nature" has no known author: a vague source without
  name or jurisdiction; the medium is ``study`` and the journal is the via.
* "Their representatives" (after "delegates from several island nations walked out") is
  that unnamed group: vague, named by the group's words.
* "Officials in two other delegations told The Example Ledger": anonymous; the affiliation
  "two other delegations" is the jurisdiction (whom they speak for), the article's own
  outlet is the via and "told" an outlet makes the medium an ``interview``.
* "The Guardian reported": the cue names the medium, ``report``; the outlet keeps its "The".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sourcecheck.extract import extract_attributions
from sourcecheck.ingest import read_article
from sourcecheck.records import Article, Attribution, AttributionKind, SourceKind

if TYPE_CHECKING:
    from spacy.language import Language

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ocean-plastics-talks.txt"

K = AttributionKind
S = SourceKind


@dataclass(frozen=True)
class Case:
    """One expected attribution; ``numbers``/``times`` are checked only when given."""

    cue: str
    source: str
    kind: AttributionKind
    source_kind: SourceKind
    name: str | None = None
    title: str | None = None
    jurisdiction: str | None = None
    qualifier: str | None = None
    medium: str | None = None
    via: str | None = None
    numbers: tuple[tuple[float, str | None], ...] | None = None
    times: tuple[tuple[str, str, int | None], ...] | None = None


VDL = "Ursula von der Leyen"
ICS = "International Chamber of Shipping"

CASES = {
    "von-der-leyen": Case(
        "told",
        VDL,
        K.DIRECT,
        S.PERSON,
        VDL,
        "President",
        "European Commission",
        medium="press_conference",
    ),
    "she-von-der-leyen": Case("said", "She", K.INDIRECT, S.PERSON, VDL),
    "merkel": Case(
        "said",
        "Angela Merkel",
        K.INDIRECT,
        S.PERSON,
        "Angela Merkel",
        "Chancellor",
        "German",
        medium="statement",
    ),
    "johnson": Case(
        "tweeted",
        "Boris Johnson",
        K.MIXED,
        S.PERSON,
        "Boris Johnson",
        "Prime Minister",
        "British",
        medium="tweet",
    ),
    "reuters": Case("According to", "Reuters", K.ACCORDING_TO, S.ORGANISATION, "Reuters"),
    "their-representatives": Case(
        "argue",
        "Their representatives",
        K.INDIRECT,
        S.VAGUE,
        "delegates from several island nations",
    ),
    "macron": Case(
        "called",
        "Emmanuel Macron",
        K.DIRECT,
        S.PERSON,
        "Emmanuel Macron",
        "President",
        "French",
    ),
    "eu-official": Case(
        "said", "A senior EU official", K.INDIRECT, S.ANONYMOUS, None, "official", "EU"
    ),
    "delegations": Case(
        "told",
        "Officials in two other delegations",
        K.INDIRECT,
        S.ANONYMOUS,
        jurisdiction="two other delegations",
        medium="interview",
        via="The Example Ledger",
        numbers=(),
    ),
    "critics": Case("say", "Critics", K.INDIRECT, S.VAGUE),
    "environmental-groups": Case("argue", "Some environmental groups", K.INDIRECT, S.VAGUE),
    "pew-survey": Case(
        "found",
        "Pew Research Center",
        K.STATISTIC,
        S.ORGANISATION,
        "Pew Research Center",
        medium="survey",
        numbers=((64.0, "percent"), (51.0, "percent")),
        times=(("2022", "year", 2022), ("five years earlier", "relative", None)),
    ),
    "researchers": Case(
        "found",
        "The researchers",
        K.STATISTIC,
        S.ORGANISATION,
        "Pew Research Center",
        medium="survey",
    ),
    "nature-study": Case(
        "estimated",
        "A study published",
        K.STATISTIC,
        S.VAGUE,
        medium="study",
        via="Nature",
        numbers=((11_000_000.0, "tonnes"),),
        times=(("March", "month", None),),
    ),
    "shipping": Case("said", ICS, K.MIXED, S.ORGANISATION, ICS, medium="letter"),
    "the-group": Case("added", "The group", K.INDIRECT, S.ORGANISATION, ICS, medium="letter"),
    "guardian": Case(
        "reported",
        "The Guardian",
        K.INDIRECT,
        S.ORGANISATION,
        "The Guardian",
        medium="report",
        times=(("last week", "relative", None),),
    ),
    "the-newspaper": Case("said", "The newspaper", K.INDIRECT, S.ORGANISATION, "The Guardian"),
    "ardern": Case(
        "said",
        "Jacinda Ardern",
        K.MIXED,
        S.PERSON,
        "Jacinda Ardern",
        "Prime Minister",
        "New Zealand",
        "former",
        "interview",
        "Radio New Zealand",
        times=(("2019", "year", 2019),),
    ),
    "she-ardern": Case("said", "she", K.DIRECT, S.PERSON, "Jacinda Ardern"),
    "guterres": Case(
        "urged",
        "António Guterres",
        K.MIXED,
        S.PERSON,
        "António Guterres",
        "Secretary-General",
        "UN",
    ),
    "belgian-spokesperson": Case(
        "said",
        "A spokesperson for the Belgian presidency",
        K.INDIRECT,
        S.ANONYMOUS,
        None,
        "spokesperson",
        "Belgian presidency",
    ),
}


@pytest.fixture(scope="module")
def article() -> Article:
    if not EXAMPLE.is_file():
        pytest.skip(f"{EXAMPLE} is absent")
    return read_article(str(EXAMPLE))


@pytest.fixture(scope="module")
def attributions(article: Article, nlp: Language) -> tuple[Attribution, ...]:
    return extract_attributions(article, nlp)


def _find(attributions: tuple[Attribution, ...], case: Case) -> Attribution:
    found = [
        a
        for a in attributions
        if a.cue is not None
        and case.cue in a.cue.text
        and a.source is not None
        and case.source in a.source.span.text
    ]
    assert len(found) == 1, f"{len(found)} attributions with cue {case.cue!r}, {case.source!r}"
    return found[0]


def _text(span: object) -> str | None:
    return getattr(span, "text", None)


@pytest.mark.parametrize("case_id", list(CASES))
def test_example_attribution(
    article: Article, attributions: tuple[Attribution, ...], case_id: str
) -> None:
    case = CASES[case_id]
    a = _find(attributions, case)
    s = a.source
    assert s is not None
    got = (
        a.kind,
        s.kind,
        s.name,
        _text(s.title),
        _text(s.jurisdiction),
        s.qualifier,
        a.medium,
        _text(a.via),
    )
    want = (
        case.kind,
        case.source_kind,
        case.name,
        case.title,
        case.jurisdiction,
        case.qualifier,
        case.medium,
        case.via,
    )
    assert got == want
    if case.numbers is not None:
        assert tuple((n.value, n.unit) for n in a.numbers) == case.numbers
    if case.times is not None:
        got_times = tuple((t.span.text, t.kind, t.year) for t in a.time_expressions)
        assert got_times == case.times
    for span in (s.title, s.jurisdiction, s.antecedent, a.via):
        if span is not None:
            assert article.text[span.start : span.end] == span.text


@pytest.mark.parametrize(
    ("case_id", "antecedent"),
    [
        ("she-von-der-leyen", VDL),
        ("their-representatives", "delegates from several island nations"),
        ("researchers", "Pew Research Center"),
        ("the-group", ICS),
        ("the-newspaper", "The Guardian"),
        ("she-ardern", "Jacinda Ardern"),
    ],
)
def test_references_resolve_to_earlier_mentions(
    attributions: tuple[Attribution, ...], case_id: str, antecedent: str
) -> None:
    a = _find(attributions, CASES[case_id])
    assert a.source is not None and a.source.antecedent is not None
    assert a.source.antecedent.text == antecedent
    assert a.source.antecedent.end <= a.source.span.start


def test_nature_study_month(attributions: tuple[Attribution, ...]) -> None:
    a = _find(attributions, CASES["nature-study"])
    (march,) = a.time_expressions
    assert (march.kind, march.month, march.year) == ("month", 3, None)
