"""Paragraph splitting, the cheap pre-filter and parsing of candidate paragraphs only."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from sourcecheck.extract.lexicon import inflections, prefilter_words
from sourcecheck.extract.paragraphs import (
    is_candidate,
    is_headline,
    parse_paragraphs,
    reading_paragraphs,
    split_paragraphs,
)

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


@pytest.mark.parametrize(
    ("headline", "read"),
    [
        pytest.param("Julian Assange: Sweden drops rape investigation", False, id="name-label"),
        pytest.param("Bridge closed after storm damage", False, id="plain"),
        pytest.param("Mayor: bridge will 'never reopen'", True, id="label-and-quote"),
        pytest.param("Ferry fares must rise, chief executive says", True, id="cue-word"),
        pytest.param("Minister says ‘no deal’ on fares", True, id="cue-and-quote"),
    ],
)
def test_headline_is_read_only_when_it_may_hold_an_attribution(headline: str, read: bool) -> None:
    text = f"{headline}\nThe prosecutor closed the case on Tuesday, she said.\n"
    starts = [start for start, _ in reading_paragraphs(text)]
    assert (0 in starts) is read
    assert text.index("The prosecutor") in starts


def test_headline_is_the_title_or_a_headline_line() -> None:
    body = "The case was closed. The prosecutor said so.\nShe left.\n"
    first = "The case was closed. The prosecutor said so."
    # two sentences: no headline, unless the article's title says it is
    assert not is_headline(first, body)
    assert is_headline(first, body, title="The case was closed. The prosecutor said so")
    # a one-line text has no headline; a dateline opens a story
    assert not is_headline("Julian Assange: Sweden drops it", "Julian Assange: Sweden drops it")
    dated = "WASHINGTON — The Senate voted\nMore text.\n"
    assert not is_headline("WASHINGTON — The Senate voted", dated)


def test_headline_label_is_no_speaker(nlp: Language) -> None:
    text = (
        "Julian Assange: Sweden drops rape investigation\n"
        "Swedish prosecutors said on Tuesday they had closed the case.\n"
    )
    paragraphs = parse_paragraphs(text, nlp)
    assert [p.doc.text for p in paragraphs] == [
        "Swedish prosecutors said on Tuesday they had closed the case."
    ]


def test_headline_with_a_quote_and_a_cue_is_read(nlp: Language) -> None:
    text = "Sanders: Clinton needs to 'get away from' the fight\nThe senator spoke on Monday.\n"
    paragraphs = parse_paragraphs(text, nlp)
    assert paragraphs and paragraphs[0].start == 0


@pytest.mark.parametrize(
    ("chunk", "blanked"),
    [
        ('He said "' + '"' * 30 + " no.", True),
        ("A line of " + "-" * 25 + " dashes", True),
        ("Wait!!! Really??? ... -- fine", False),
        ("“Yes,” she said. “No.”", False),
    ],
)
def test_long_punctuation_runs_are_blanked_keeping_offsets(chunk: str, blanked: bool) -> None:
    # 10,000 straight quotes took seconds in spaCy's tokenizer; a run is no text.
    from sourcecheck.extract.paragraphs import defuse_runs

    out = defuse_runs(chunk)
    assert len(out) == len(chunk)
    assert (out != chunk) is blanked
    assert all(a == b for a, b in zip(out, chunk, strict=True) if b.isalnum())
