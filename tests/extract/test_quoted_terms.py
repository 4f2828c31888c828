"""Quoted terms (scare quotes, titles, nicknames, coined words) vs quotations: a case table."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from sourcecheck.extract.quoted_terms import quotation_regions, read_quote
from sourcecheck.extract.relations import quote_regions

if TYPE_CHECKING:
    from spacy.language import Language

# (sentence, a word inside the quoted stretch, is it a term?)
CASES: list[tuple[str, str, bool]] = [
    # terms
    ('The so-called "peace dividend" never arrived.', "peace", True),
    ('She starred in the film "Ring of Fire," which opened on Friday.', "Ring", True),
    ('Critics call the levy "the meadow tax" and vow to repeal it.', "meadow", True),
    ('Runners call them "snow laps" and dread them.', "snow", True),
    ('The fight pitted Bill "The Hammer" Ortiz against a newcomer.', "Hammer", True),
    ('The fee was what he called "nugatory" at best.', "nugatory", True),
    ('The drill, known as "the long mile," starts at dawn.', "long", True),
    ('Her memoir "Low Tide" sold well in the autumn.', "Low", True),
    ('Fans wore scarves with "no surrender" stitched on them.', "surrender", True),
    ('The council dubbed the project "Green Spine" last year.', "Green", True),
    ('The so-called "experts" were wrong, she said.', "experts", True),
    # quotations
    ('"The talks are over," said Powell.', "talks", False),
    ('Powell said the plan was "dead on arrival."', "dead", False),
    ('He said the rule was what he called "nugatory" and unfair.', "nugatory", False),
    ('Trump boasted, "That makes me smart."', "smart", False),
    ('The minister had one word for it: "Nonsense."', "Nonsense", False),
    ('She warned that the deal "will not survive the winter."', "survive", False),
    (
        'The report "found that most of the money went to consultants and lawyers."',
        "consultants",
        False,
    ),
    ('"We will appeal. This is not over."', "appeal", False),
    ('He told reporters the budget was "a fantasy."', "fantasy", False),
    ('"Absolutely not," the spokesman replied.', "Absolutely", False),
]


def _region(text: str, word: str) -> tuple[int, int]:
    at = text.index(word)
    return next((s, e) for s, e in quote_regions(text) if s <= at < e)


@pytest.mark.parametrize(("text", "word", "term"), CASES, ids=[c[1] for c in CASES])
def test_case_table(nlp: Language, text: str, word: str, term: bool) -> None:
    doc = nlp(text)
    reading = read_quote(doc, _region(text, word))
    assert reading.term is term, reading


def test_quotation_regions_drop_terms_only(nlp: Language) -> None:
    text = 'The so-called "peace dividend" never came, she said. "It was a myth."'
    doc = nlp(text)
    kept = quotation_regions(doc, quote_regions(text))
    assert [text[s:e] for s, e in kept] == ['"It was a myth."']


def test_term_is_not_an_attribution(nlp: Language) -> None:
    from sourcecheck.extract import extract_attributions
    from sourcecheck.records import Article

    text = 'Runners call them "snow laps" and the film "Ring of Fire" is about them.\n'
    atts = extract_attributions(Article(text=text), nlp)
    assert not any(a.content.text.strip('"') in ("snow laps", "Ring of Fire") for a in atts)
