"""The span finder on sentences written for these tests (cue, source, content, kind)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from sourcecheck.extract.paragraphs import parse_paragraphs
from sourcecheck.extract.relations import find_relations, quote_regions
from sourcecheck.extract.types import Relation
from sourcecheck.records import AttributionKind

if TYPE_CHECKING:
    from spacy.language import Language

DIR, IND, MIX, ACC = (
    AttributionKind.DIRECT,
    AttributionKind.INDIRECT,
    AttributionKind.MIXED,
    AttributionKind.ACCORDING_TO,
)

# (text, cue, source or None, content: exact text of the span, kind)
# fmt: off
CASES = [
    pytest.param(
        '"We will not back down," the mayor said.',
        "said", "the mayor", '"We will not back down,"', DIR, id="direct-straight",
    ),
    pytest.param(
        "“We will not back down,” the mayor said, “and we will win.”",
        "said", "the mayor", "“We will not back down,” the mayor said, “and we will win.”", DIR,
        id="split-quote",
    ),
    pytest.param(
        "“We will not sign,” Pereira told reporters at a press conference, “unless the fleet"
        " is protected.”",
        "told", "Pereira",
        "“We will not sign,” Pereira told reporters at a press conference, “unless the fleet"
        " is protected.”",
        DIR, id="split-quote-cue-with-object-and-modifier",
    ),
    pytest.param(
        "“We will not sign,” Pereira told reporters on Monday, “and we mean it.”",
        "told", "Pereira",
        "“We will not sign,” Pereira told reporters on Monday, “and we mean it.”", DIR,
        id="split-quote-cue-with-time",
    ),
    pytest.param(
        "Pereira: Fishing Fleets Will Not Pay For The Treaty",
        ":", "Pereira", "Fishing Fleets Will Not Pay For The Treaty", IND,
        id="headline-label-unrecognised-name",
    ),
    pytest.param(
        "HAYES: And you still think the ferries will run by June?",
        ":", "HAYES", "And you still think the ferries will run by June?", IND,
        id="transcript-label",
    ),
    pytest.param(
        "Harbour staff were not surprised - Tom Hayes: “The ice came early, as it always does.”",
        ":", "Tom Hayes", "“The ice came early, as it always does.”", DIR,
        id="name-colon-quote-after-dash",
    ),
    pytest.param(
        "The mayor’s claim that the ferries were safe did not survive the winter.",
        "claim", "The mayor", "that the ferries were safe", IND, id="noun-cue-claim-that",
    ),
    pytest.param(
        "There was little criticism of the new ferry timetable.",
        "criticism", None, "the new ferry timetable", IND, id="noun-cue-criticism-of",
    ),
    pytest.param(
        "Hayes kept his promise to reopen the harbour by June.",
        "promise", "his", "to reopen the harbour by June", IND, id="noun-cue-promise-to",
    ),
    pytest.param(
        "‘We will not back down,’ the mayor said.",
        "said", "the mayor", "‘We will not back down,’", DIR, id="single-marks",
    ),
    pytest.param(
        "The minister said: ‘We will not sign this treaty.’",
        "said", "The minister", "‘We will not sign this treaty.’", DIR, id="single-marks-colon",
    ),
    pytest.param(
        "Britain’s ‘best friend’ is gone, the paper’s editor wrote.",
        "wrote", "the paper’s editor", "Britain’s ‘best friend’ is gone", MIX,
        id="single-marks-scare-quote",
    ),
    pytest.param(
        "The senator said: “The bill is dead. We tried everything. It is over.”",
        "said", "The senator", "“The bill is dead. We tried everything. It is over.”", DIR,
        id="multi-sentence-quote",
    ),
    pytest.param(
        "“The plan is dead,” said Maria Lopez, a spokeswoman for the council.",
        "said", "Maria Lopez, a spokeswoman for the council", "“The plan is dead,”", DIR,
        id="inverted-curly",
    ),
    pytest.param(
        "According to the ministry, the border will reopen on Monday.",
        "According to", "the ministry", "the border will reopen on Monday", ACC,
        id="according-to-front",
    ),
    pytest.param(
        "The border will reopen on Monday, according to two officials.",
        "according to", "two officials", "The border will reopen on Monday", ACC,
        id="according-to-back",
    ),
    pytest.param(
        "The minister said that the talks had failed.",
        "said", "The minister", "that the talks had failed", IND, id="indirect-that",
    ),
    pytest.param(
        "She told reporters that the budget would be cut.",
        "told", "She", "that the budget would be cut", IND, id="pronoun-source",
    ),
    pytest.param(
        "The decision was criticized by several opposition leaders.",
        "was criticized", "several opposition leaders", "The decision", IND, id="passive",
    ),
    pytest.param(
        "A local teacher captured the mood: “Nobody knows what comes next.”",
        "captured", "A local teacher", "“Nobody knows what comes next.”", DIR,
        id="colon-quote",
    ),
    pytest.param(
        "As the mayor tweeted, “The city stands together.”",
        "tweeted", "the mayor", "“The city stands together.”", DIR, id="as-x-tweeted",
    ),
    pytest.param(
        "The union argued that the deal was unfair and “a betrayal of workers.”",
        "argued", "The union", "that the deal was unfair and “a betrayal of workers.”", MIX,
        id="mixed",
    ),
    pytest.param(
        "Officials in the capital believe the ceasefire will hold.",
        "believe", "Officials in the capital", "the ceasefire will hold", IND, id="belief",
    ),
]
# fmt: on

NOTHING = [
    pytest.param("The bridge was built in 1932 and carries 40,000 cars a day.", id="fact"),
    pytest.param("Rain fell over the city for most of the afternoon.", id="weather"),
    pytest.param("The company opened a new factory near the river last year.", id="event"),
    pytest.param("Update: The ferry resumed its crossings on Friday evening.", id="update-label"),
    pytest.param("Photos: The storm reached the harbour on Friday evening.", id="photos-label"),
    pytest.param("Key Points: The ferry resumes its crossings on Friday.", id="section-label"),
    pytest.param("A copy of the timetable hangs by the harbour door.", id="noun-not-a-cue"),
]


def _relations(text: str, nlp: Language) -> list[Relation]:
    return find_relations(parse_paragraphs(text, nlp))


@pytest.mark.parametrize(("text", "cue", "source", "content", "kind"), CASES)
def test_relation_spans(
    nlp: Language,
    text: str,
    cue: str,
    source: str | None,
    content: str,
    kind: AttributionKind,
) -> None:
    relations = _relations(text, nlp)
    assert len(relations) == 1, relations
    (relation,) = relations
    assert relation.cue is not None and relation.cue.text == cue
    assert (relation.source.text if relation.source else None) == source
    assert relation.content.text == content
    assert relation.kind is kind


@pytest.mark.parametrize("text", NOTHING)
def test_no_attribution(nlp: Language, text: str) -> None:
    assert _relations(text, nlp) == []


def test_offsets_are_absolute(nlp: Language) -> None:
    text = "A first paragraph.\n\nThe minister said that the talks had failed.\n"
    (relation,) = _relations(text, nlp)
    for span in (relation.cue, relation.source, relation.content):
        assert span is not None
        assert text[span.start : span.end] == span.text
    assert relation.paragraph == 0


def test_colon_introduces_next_paragraph(nlp: Language) -> None:
    text = "The governor put it bluntly:\n\n“We are out of money. Nobody will be spared.”\n"
    (relation,) = _relations(text, nlp)
    assert relation.content.text == "“We are out of money. Nobody will be spared.”"
    assert relation.source is not None and relation.source.text == "The governor"
    assert relation.kind is DIR


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param('He said "yes" and "no".', ['"yes"', '"no"'], id="straight"),
        pytest.param("“One,” she said, “two.”", ["“One,”", "“two.”"], id="curly"),
        pytest.param('“Mixed marks," he said.', ['“Mixed marks,"'], id="mixed-glyphs"),
        pytest.param("“Never closed, on to the next", ["“Never closed, on to the next"], id="open"),
        pytest.param("It was ''quite something,'' she said.", ["''quite something,''"], id="twin"),
        pytest.param("It's the candidates' plan.", [], id="apostrophes"),
        pytest.param("It’s the candidates’ plan.", [], id="curly-apostrophes"),
        pytest.param("‘One,’ she said, ‘two.’", ["‘One,’", "‘two.’"], id="single-curly"),
        pytest.param(
            "‘The ministers’ plan won’t do,’ she said.",
            ["‘The ministers’"],
            id="single-closed-by-plural-possessive",  # the known limit of single marks
        ),
        pytest.param(
            "“He told me ‘no’ twice,” she said.", ["“He told me ‘no’ twice,”"], id="single-inside"
        ),
        pytest.param("Rock ‘n’ roll never dies.", [], id="single-elision"),
        pytest.param("‘Never closed, on to the next", [], id="single-open"),
    ],
)
def test_quote_regions(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in quote_regions(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "The mayor said the repairs had cost the city a fortune and said that the ferries"
            " would run again by June.",
            [
                ("said", "The mayor", "the repairs had cost the city a fortune"),
                ("said", "The mayor", "that the ferries would run again by June"),
            ],
            id="coordinated-said",
        ),
        pytest.param(
            "Hayes insisted that the harbour was safe, claiming that the ice had never been"
            " thicker.",
            [
                ("insisted", "Hayes", "that the harbour was safe"),
                ("claiming", "Hayes", "that the ice had never been thicker"),
            ],
            id="participle-claiming",
        ),
    ],
)
def test_speech_verb_hung_in_a_reported_clause_is_the_speakers_own(
    nlp: Language, text: str, expected: list[tuple[str, str, str]]
) -> None:
    got = [
        (r.cue.text if r.cue else None, r.source.text if r.source else None, r.content.text)
        for r in _relations(text, nlp)
    ]
    assert got == expected
