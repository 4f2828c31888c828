"""Coreference: pronouns go to the nearest compatible subject or speaker (our own sentences)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from sourcecheck.extract import coreference, extract_attributions
from sourcecheck.records import Article

if TYPE_CHECKING:
    from spacy.language import Language

# (text, the source phrase as written, the name it resolves to; None: unresolved)
SPEAKERS: list[tuple[str, str, str | None]] = [
    # a surname the model reads as an organisation is still the person named in full
    # earlier: "he" goes to him, not to the speaker of the paragraph before
    (
        "Philippine lawmakers want Donald Trump banned.\n\n“There is no basis for this,” "
        "Joey Salceda said in a bill filed in Manila.\n\nAt a rally in Portland, Maine, on "
        "Thursday afternoon, Trump included the Philippines on a list of countries he said "
        "had sent immigrants who had plotted to kill Americans. “We are letting people come "
        "in from terrorist nations,” he said.",
        "he",
        "Donald Trump",
    ),
    # a subject, not the object after it
    ("Tom Smith met Carl Jones on Monday. He said the talks had gone well.", "He", "Tom Smith"),
    # an object in an apposition is no speaker
    (
        "Lena Ortiz praised the mayor, Tom Reed. She said the city was safer.",
        "She",
        "Lena Ortiz",
    ),
    # gender from the given name: "he" skips the nearer woman
    (
        "Paul Hart spoke first. Maria Lind said the plan was weak. “It will fail,” he said.",
        "he",
        "Paul Hart",
    ),
    # gender from a pronoun already used for that person ("herself")
    (
        "Sam Ross spoke first. Robin Vale, who calls herself a realist, said the plan was "
        "weak. “It will fail,” he said.",
        "he",
        "Sam Ross",
    ),
    # a person named only inside a quote is no antecedent
    (
        "Dana Kim said the deal was close. “Peter Moss is no friend of ours,” she said.",
        "she",
        "Dana Kim",
    ),
    # a subject nearer than the last speaker ("was asked": a passive subject)
    (
        "“Costs are down,” said Ivan Brook.\n\nJoan Pell was asked about the fares.\n\n"
        "“No promises,” she said.",
        "she",
        "Joan Pell",
    ),
    # gender from the pronouns of the text: "He handles…" makes Lee Castor a man
    (
        "Kim Arlo did most of the talking. “We began small,” she told me.\n\n"
        "Her partner, Lee Castor, is the quiet one. He handles the ledgers.\n\n"
        "“It is hard work,” Castor said.\n\nI asked Arlo about August.\n\n"
        "“Every August is awful,” she said.",
        "she",
        "Kim Arlo",
    ),
]

# "they": the previous source of any kind but a single person
PLURAL: list[tuple[str, str, str | None]] = [
    (
        "Tom Fisk said the vote was close. Later Ana Cruz said the deal was done. They said "
        "it was over.",
        "They",
        None,
    ),
    (
        "The Harbour Workers Union said the strike would go on. They said pay was too low.",
        "They",
        "Harbour Workers Union",
    ),
]


def _source_named(nlp: Language, text: str, written: str) -> str | None:
    for a in extract_attributions(Article(text=text), nlp):
        if a.source is not None and a.source.span.text == written:
            return a.source.name
    raise AssertionError(f"no attribution with the source {written!r}")


@pytest.mark.parametrize(("text", "written", "name"), SPEAKERS + PLURAL)
def test_pronoun_resolution(nlp: Language, text: str, written: str, name: str | None) -> None:
    assert _source_named(nlp, text, written) == name


def test_relative_pronoun_makes_no_new_speaker(nlp: Language) -> None:
    text = (
        "Rita Gomez, who calls herself a cautious optimist, met the press on Friday.\n\n"
        "“We are not there yet,” she said."
    )
    found = extract_attributions(Article(text=text), nlp)
    relatives = [a for a in found if a.source is not None and a.source.span.text == "who"]
    # "who" is the person it attaches to, and the pronoun after it is that same person.
    assert all(a.source is not None and a.source.name == "Rita Gomez" for a in relatives)
    assert _source_named(nlp, text, "she") == "Rita Gomez"


def test_one_distance_from_the_data_file() -> None:
    assert coreference.distance() == 2500


def test_quoted_regions_close_at_the_paragraph_end() -> None:
    text = '“One,” she said. “Two\n\n"Three" and "four'
    regions = coreference.quoted_regions(text)
    assert [text[a:b] for a, b in regions] == ["“One,”", "“Two", '"Three"', '"four']
