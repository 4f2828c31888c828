"""Paragraph splitting, the cheap pre-filter and parsing of candidate paragraphs only."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from sourcecheck.extract.lexicon import inflections, prefilter_words
from sourcecheck.extract.paragraphs import is_candidate, parse_paragraphs, split_paragraphs

if TYPE_CHECKING:
    from spacy.language import Language


def test_split_paragraphs_keeps_offsets() -> None:
    text = "First line.\n\n  \nSecond line.\nThird line."
    chunks = list(split_paragraphs(text))
    assert [c for _, c in chunks] == ["First line.", "Second line.", "Third line."]
    for start, chunk in chunks:
        assert text[start : start + len(chunk)] == chunk


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        pytest.param("The minister said the talks failed.", True, id="said"),
        pytest.param("Critics argued otherwise.", True, id="inflected-lemma"),
        pytest.param("She tweeted a photo.", True, id="tweeted"),
        pytest.param("“Quote without a cue word.”", True, id="quote-mark"),
        pytest.param("Turnout reached 62 percent.", True, id="figure"),
        pytest.param("According to the data, rents rose.", True, id="according-to"),
        pytest.param("The governor put it this way:", True, id="final-colon"),
        pytest.param("Rain fell over the city for most of the afternoon.", False, id="weather"),
        pytest.param("The old bridge is closed on Sundays.", False, id="fact"),
    ],
)
def test_is_candidate(paragraph: str, expected: bool) -> None:
    assert is_candidate(paragraph) is expected


@pytest.mark.parametrize(
    ("lemma", "forms"),
    [
        pytest.param("say", {"says", "saying"}, id="say"),
        pytest.param("argue", {"argued", "argues", "arguing"}, id="drop-e"),
        pytest.param("deny", {"denies", "denied"}, id="y-ies"),
        pytest.param("admit", {"admitted", "admitting"}, id="double-consonant"),
    ],
)
def test_inflections(lemma: str, forms: set[str]) -> None:
    assert forms <= inflections(lemma)


def test_prefilter_words_cover_irregular_forms() -> None:
    assert {"said", "told", "wrote", "thought"} <= prefilter_words()


def test_only_candidates_are_parsed(nlp: Language) -> None:
    text = "Rain fell all day.\nThe mayor said the roads were closed.\nThe river rose.\n"
    paragraphs = parse_paragraphs(text, nlp)
    assert [p.doc.text for p in paragraphs] == ["The mayor said the roads were closed."]
    (paragraph,) = paragraphs
    assert text[paragraph.start : paragraph.start + len(paragraph.doc.text)] == paragraph.doc.text
