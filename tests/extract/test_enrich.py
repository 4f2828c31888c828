"""enrich(): relations built by hand on our own text → full attributions."""

from __future__ import annotations

import random
import re
from typing import TYPE_CHECKING

import pytest

from sourcecheck.extract.enrich import attribution_id, enrich
from sourcecheck.extract.paragraphs import parse_paragraphs
from sourcecheck.extract.types import Paragraph, Relation
from sourcecheck.records import Article, Attribution, AttributionKind, SourceKind, Span

if TYPE_CHECKING:
    from spacy.language import Language

K = AttributionKind

TEXT = (
    "\n".join(
        [
            "Former Prime Minister Rosa Lagos took refuge in the Chilean Embassy in Quito.",
            "According to a recent report by Reuters, her lawyers argue that the charges are "
            "invented.",
            "In a statement shared on social media, Chile’s Foreign Minister Ana Ruiz "
            "stressed the country’s duty to protect, saying, “Chile will honour its "
            "commitments.”",
            "Recent data from the Regional Barometer Project (RBP) shows falling trust. "
            "According to their 2024 survey, only 31 percent of Ecuadorians trust judges, "
            "down from 45 percent a decade ago.",
            "“We will not negotiate,” the interior minister told reporters on Monday, as "
            "1,200 people marched.",
        ]
    )
    + "\n"
)

# name → (kind, cue, source, content, anchor the search starts after)
RELATIONS: dict[str, tuple[AttributionKind, str, str, str, str | None]] = {
    "reuters": (
        K.ACCORDING_TO,
        "According to",
        "a recent report by Reuters",
        "her lawyers argue that the charges are invented",
        None,
    ),
    "lawyers": (K.INDIRECT, "argue", "her lawyers", "the charges are invented", None),
    "stressed": (
        K.INDIRECT,
        "stressed",
        "Chile’s Foreign Minister Ana Ruiz",
        "the country’s duty to protect",
        None,
    ),
    "saying": (
        K.DIRECT,
        "saying",
        "Chile’s Foreign Minister Ana Ruiz",
        "“Chile will honour its commitments.”",
        None,
    ),
    "data": (
        K.INDIRECT,
        "shows",
        "Recent data from the Regional Barometer Project (RBP)",
        "falling trust",
        None,
    ),
    "survey": (
        K.ACCORDING_TO,
        "According to",
        "their 2024 survey",
        "only 31 percent of Ecuadorians trust judges, down from 45 percent a decade ago",
        "falling trust",
    ),
    "minister": (K.DIRECT, "told", "the interior minister", "“We will not negotiate,”", None),
}


def _span(phrase: str, after: str | None) -> Span:
    origin = TEXT.index(after) + len(after) if after is not None else 0
    start = TEXT.index(phrase, origin)
    return Span(start, start + len(phrase), phrase)


def _relation(
    kind: AttributionKind, cue: str, source: str, content: str, after: str | None
) -> Relation:
    return Relation(
        content=_span(content, after),
        kind=kind,
        paragraph=0,
        cue=_span(cue, after),
        source=_span(source, after),
    )


@pytest.fixture(scope="module")
def paragraphs(nlp: Language) -> list[Paragraph]:
    return parse_paragraphs(TEXT, nlp)


@pytest.fixture(scope="module")
def relations() -> dict[str, Relation]:
    return {name: _relation(*spec) for name, spec in RELATIONS.items()}


@pytest.fixture(scope="module")
def attributions(
    paragraphs: list[Paragraph], relations: dict[str, Relation]
) -> dict[str, Attribution]:
    names = list(relations)
    random.Random(7).shuffle(names)  # enrich must not depend on the input order
    out = enrich(Article(text=TEXT), paragraphs, [relations[n] for n in names])
    by_content = {a.content: a for a in out}
    return {name: by_content[r.content] for name, r in relations.items()}


def _text(span: Span | None) -> str | None:
    return span.text if span is not None else None


# name → (kind, medium, via, parent, source kind, source name)
EXPECTED: dict[
    str, tuple[AttributionKind, str | None, str | None, str | None, SourceKind, str | None]
] = {
    "reuters": (K.ACCORDING_TO, "report", "Reuters", None, SourceKind.ORGANISATION, "Reuters"),
    "lawyers": (K.INDIRECT, None, None, "reuters", SourceKind.ORGANISATION, "her lawyers"),
    "stressed": (K.INDIRECT, "statement", "social media", None, SourceKind.PERSON, "Ana Ruiz"),
    "saying": (K.DIRECT, "statement", "social media", None, SourceKind.PERSON, "Ana Ruiz"),
    "data": (
        K.INDIRECT,
        "data",
        None,
        None,
        SourceKind.ORGANISATION,
        "Regional Barometer Project (RBP)",
    ),
    "survey": (
        K.STATISTIC,
        "survey",
        None,
        None,
        SourceKind.ORGANISATION,
        "Regional Barometer Project (RBP)",
    ),
    # A definite role noun names a person even when no earlier mention carries the title.
    "minister": (K.DIRECT, None, None, None, SourceKind.PERSON, None),
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_attribution(attributions: dict[str, Attribution], name: str) -> None:
    a = attributions[name]
    kind, medium, via, parent, source_kind, source_name = EXPECTED[name]
    assert a.source is not None
    parent_id = attributions[parent].id if parent is not None else None
    assert (a.kind, a.medium, _text(a.via), a.parent, a.source.kind, a.source.name) == (
        kind,
        medium,
        via,
        parent_id,
        source_kind,
        source_name,
    )


@pytest.mark.parametrize(
    ("name", "numbers", "times"),
    [
        ("reuters", [], ["recent"]),
        ("survey", [(31.0, "percent"), (45.0, "percent")], ["2024", "a decade ago"]),
        ("minister", [], ["on Monday"]),  # the clause after the cue, not the next clause's figure
        ("data", [], ["Recent"]),
    ],
)
def test_numbers_and_times(
    attributions: dict[str, Attribution],
    name: str,
    numbers: list[tuple[float, str]],
    times: list[str],
) -> None:
    a = attributions[name]
    assert [(n.value, n.unit) for n in a.numbers] == numbers
    assert [t.span.text for t in a.time_expressions] == times


def test_title_and_antecedent(attributions: dict[str, Attribution]) -> None:
    s = attributions["stressed"].source
    assert s is not None
    assert (_text(s.title), _text(s.jurisdiction)) == ("Foreign Minister", "Chile")
    survey = attributions["survey"].source
    assert survey is not None and survey.antecedent is not None
    assert survey.antecedent.text == "Regional Barometer Project (RBP)"
    assert survey.antecedent.end <= survey.span.start


def test_ids_are_stable_and_ordered(
    paragraphs: list[Paragraph], relations: dict[str, Relation]
) -> None:
    rels = list(relations.values())
    first = enrich(Article(text=TEXT), paragraphs, rels)
    again = enrich(Article(text=TEXT), paragraphs, list(reversed(rels)))
    assert [a.id for a in first] == [a.id for a in again]
    assert len({a.id for a in first}) == len(first)
    assert all(re.fullmatch(r"a[0-9a-f]{10}", a.id) for a in first)
    starts = [min(s.start for s in (a.cue, a.content) if s is not None) for a in first]
    assert starts == sorted(starts)
    # The id depends on the offsets only.
    r = relations["lawyers"]
    moved = Relation(r.content, r.kind, 3, r.cue, None)
    assert attribution_id(moved) == attribution_id(r)
    assert attribution_id(Relation(r.content, r.kind, 0, None, None)) != attribution_id(r)


def test_no_relations() -> None:
    assert enrich(Article(text="Nothing here."), [], []) == ()


def test_she_said_follows_the_previous_speaker(nlp: Language) -> None:
    text = (
        "Ana Ruiz said that the mayor, Pedro Ortega, had helped the families. "
        "“We are grateful,” she said."
    )
    relations = [
        Relation(
            _at(text, "the mayor, Pedro Ortega, had helped the families"),
            K.INDIRECT,
            0,
            _at(text, "said"),
            _at(text, "Ana Ruiz"),
        ),
        Relation(
            _at(text, "“We are grateful,”"), K.DIRECT, 0, _at(text, "said", 60), _at(text, "she")
        ),
    ]
    out = enrich(Article(text=text), parse_paragraphs(text, nlp), relations)
    she = out[1].source
    assert she is not None and she.antecedent is not None
    assert (she.kind, she.name, she.antecedent.text) == (SourceKind.PERSON, "Ana Ruiz", "Ana Ruiz")
    assert text[she.antecedent.start : she.antecedent.end] == "Ana Ruiz"


def _at(text: str, phrase: str, origin: int = 0) -> Span:
    start = text.index(phrase, origin)
    return Span(start, start + len(phrase), phrase)


def test_they_said_follows_the_previous_group(nlp: Language) -> None:
    text = (
        "Campaign aides said that the Andean Policy Institute was wrong. "
        "They said the poll was old."
    )
    relations = [
        Relation(
            _at(text, "the Andean Policy Institute was wrong"),
            K.INDIRECT,
            0,
            _at(text, "said"),
            _at(text, "Campaign aides"),
        ),
        Relation(
            _at(text, "the poll was old"), K.INDIRECT, 0, _at(text, "said", 50), _at(text, "They")
        ),
    ]
    out = enrich(Article(text=text), parse_paragraphs(text, nlp), relations)
    they = out[1].source
    assert they is not None and they.antecedent is not None
    # The nearest organisation would be the institute; the previous source is the aides.
    assert (they.kind, they.antecedent.text) == (SourceKind.ANONYMOUS, "Campaign aides")
