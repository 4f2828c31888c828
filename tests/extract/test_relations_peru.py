"""The span finder on the showcase article (read from ../shared; never copied here)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from sourcecheck.extract.paragraphs import parse_paragraphs
from sourcecheck.extract.relations import find_relations
from sourcecheck.extract.types import Relation
from sourcecheck.records import AttributionKind

if TYPE_CHECKING:
    from spacy.language import Language

pytestmark = pytest.mark.shared

DIR, IND, MIX, ACC = (
    AttributionKind.DIRECT,
    AttributionKind.INDIRECT,
    AttributionKind.MIXED,
    AttributionKind.ACCORDING_TO,
)

# (cue text, a word the source span must contain, a word the content must contain, kinds)
EXPECTED = [
    pytest.param("According to", "Reuters", "argues", {ACC}, id="reuters"),
    pytest.param("argues", "legal team", "politically", {IND}, id="legal-team"),
    pytest.param("has confirmed", "Mexican government", "protection", {IND}, id="mexico"),
    pytest.param("emphasized", "Bárcena", "commitment", {IND, MIX, DIR}, id="barcena"),
    pytest.param("stating", "Bárcena", "land of refuge", {DIR, MIX}, id="barcena-quote"),
    pytest.param("have criticized", "Peruvian officials", "move", {IND}, id="officials"),
    pytest.param("described", "spokesperson", "evade", {IND}, id="spokesperson"),
    pytest.param("warning", "spokesperson", "precedent", {IND}, id="warning"),
    pytest.param("view", "Some citizens", "indictment", {IND}, id="citizens"),
    pytest.param("see", "Others", "necessary", {IND}, id="others"),
    pytest.param("captured", "Gorriti", "embassies", {DIR}, id="gorriti"),
    pytest.param("underscores", "LAPOP", "erosion", {IND}, id="lapop"),
    pytest.param("According to", "2023 survey", "28 percent", {ACC}, id="survey"),
    pytest.param("note", "Wilson Center", "delicate balance", {IND}, id="wilson"),
    pytest.param("found", "researchers", "asylum", {IND}, id="researchers"),
    pytest.param("recommend", "experts", "multi-pronged", {IND}, id="experts"),
    pytest.param("has called for", "Commission of Jurists", "reforms", {IND}, id="icj"),
    pytest.param("emphasizes", "Carter Center", "inclusive governance", {IND}, id="carter"),
    pytest.param("tweeted", "Almagro", "Democracy requires", {DIR}, id="almagro"),
]


@pytest.fixture(scope="module")
def relations(peru_text: str, nlp: Language) -> list[Relation]:
    return find_relations(parse_paragraphs(peru_text, nlp))


@pytest.mark.parametrize(("cue", "source", "content", "kinds"), EXPECTED)
def test_showcase_relation(
    relations: list[Relation],
    peru_text: str,
    cue: str,
    source: str,
    content: str,
    kinds: set[AttributionKind],
) -> None:
    matches = [
        r
        for r in relations
        if r.cue is not None
        and r.cue.text == cue
        and r.source is not None
        and source in r.source.text
        and content in r.content.text
    ]
    assert len(matches) == 1, [(r.cue, r.source, r.content.text[:40]) for r in relations]
    (relation,) = matches
    assert relation.kind in kinds
    for span in (relation.cue, relation.source, relation.content):
        assert span is not None and peru_text[span.start : span.end] == span.text
    # the cue and the source are never part of an indirect content
    if relation.kind is IND:
        assert relation.cue is not None and not relation.content.overlaps(relation.cue)


def test_showcase_reuters_source_stops_at_the_comma(relations: list[Relation]) -> None:
    (reuters,) = [r for r in relations if r.source is not None and "Reuters" in r.source.text]
    assert reuters.source is not None and "legal team" not in reuters.source.text


def test_showcase_headline_is_not_an_attribution(relations: list[Relation], peru_text: str) -> None:
    headline_end = peru_text.index("\n")
    assert not [r for r in relations if r.content.start < headline_end]
