"""Titled mentions: every person named with a title, source of an attribution or not."""

from __future__ import annotations

import pytest

from sourcecheck.extract import titled_mentions
from sourcecheck.records import Article, PersonMention

#: (span, name, title, jurisdiction, qualifier)
Row = tuple[str, str, str, str | None, str | None]

# Our own sentences, in wire, newspaper, blog and transcript styles.
CASES: list[tuple[str, list[Row]]] = [
    (
        "In 2022 then-President Pedro Castillo tried to shut Congress down.",
        [("then-President Pedro Castillo", "Pedro Castillo", "President", None, "then")],
    ),
    (
        "Years later former President Evo Morales fled abroad.",
        [("former President Evo Morales", "Evo Morales", "President", None, "former")],
    ),
    (
        "She dined with German Chancellor Friedrich Merz and French President Emmanuel "
        "Macron on Friday.",
        [
            ("German Chancellor Friedrich Merz", "Friedrich Merz", "Chancellor", "German", None),
            ("French President Emmanuel Macron", "Emmanuel Macron", "President", "French", None),
        ],
    ),
    (
        "The call between Israel's Prime Minister Benjamin Netanyahu and U.S. Secretary of "
        "State Marco Rubio lasted an hour.",
        [
            (
                "Israel's Prime Minister Benjamin Netanyahu",
                "Benjamin Netanyahu",
                "Prime Minister",
                "Israel",
                None,
            ),
            (
                "U.S. Secretary of State Marco Rubio",
                "Marco Rubio",
                "Secretary of State",
                "U.S.",
                None,
            ),
        ],
    ),
    (
        "BRUSSELS (Wire) — NATO Secretary General Mark Rutte arrived late.",
        [("NATO Secretary General Mark Rutte", "Mark Rutte", "Secretary General", "NATO", None)],
    ),
    (
        "Florida Gov. Ron DeSantis signed the bill; Sen. Chuck Schumer did not comment.",
        [
            ("Florida Gov. Ron DeSantis", "Ron DeSantis", "Gov.", "Florida", None),
            ("Sen. Chuck Schumer", "Chuck Schumer", "Sen.", None, None),
        ],
    ),
    (
        "In 1991 Prime Minister Yitzhak Shamir met aides; decades earlier President Richard "
        "Nixon had done the same.",
        [
            ("Prime Minister Yitzhak Shamir", "Yitzhak Shamir", "Prime Minister", None, None),
            ("President Richard Nixon", "Richard Nixon", "President", None, None),
        ],
    ),
    (
        "Britain's Foreign Secretary Yvette Cooper met Mexico’s Foreign Minister Alicia Bárcena.",
        [
            (
                "Britain's Foreign Secretary Yvette Cooper",
                "Yvette Cooper",
                "Foreign Secretary",
                "Britain",
                None,
            ),
            (
                "Mexico’s Foreign Minister Alicia Bárcena",
                "Alicia Bárcena",
                "Foreign Minister",
                "Mexico",
                None,
            ),
        ],
    ),
    (
        "OAS Secretary General Luis Almagro tweeted twice.",
        [("OAS Secretary General Luis Almagro", "Luis Almagro", "Secretary General", "OAS", None)],
    ),
    # The name first, the title in an apposition.
    (
        "Luis Almagro, the OAS secretary general, said the vote was fair.",
        [
            (
                "Luis Almagro, the OAS secretary general",
                "Luis Almagro",
                "secretary general",
                "OAS",
                None,
            )
        ],
    ),
    (
        "When Ana Ruiz, the former interior minister, left office, few noticed.",
        [
            (
                "Ana Ruiz, the former interior minister",
                "Ana Ruiz",
                "interior minister",
                None,
                "former",
            )
        ],
    ),
    # … with an affiliation, up to the clause that follows it.
    (
        "Ana Ruiz, a spokeswoman for the Andean Miners Union, which struck in May, said no.",
        [
            (
                "Ana Ruiz, a spokeswoman for the Andean Miners Union",
                "Ana Ruiz",
                "spokeswoman",
                None,
                None,
            )
        ],
    ),
    # … not across a sentence end.
    (
        "The talks were held in Sri Lanka. Rosa Lagos, the interim president, opened them.",
        [("Rosa Lagos, the interim president", "Rosa Lagos", "president", None, "interim")],
    ),
    (
        "Sen. Elizabeth Warren of Massachusetts objected.",
        [
            (
                "Sen. Elizabeth Warren of Massachusetts",
                "Elizabeth Warren",
                "Sen.",
                "Massachusetts",
                None,
            )
        ],
    ),
    (
        "Rep. Alexandria Ocasio-Cortez, D-N.Y., voted no.",
        [("Rep. Alexandria Ocasio-Cortez", "Alexandria Ocasio-Cortez", "Rep.", None, None)],
    ),
    (
        "Lt. Gov. Dan Patrick stayed silent.",
        [("Lt. Gov. Dan Patrick", "Dan Patrick", "Lt. Gov.", None, None)],
    ),
    (
        "Scotland’s First Minister John Swinney welcomed it.",
        [
            (
                "Scotland’s First Minister John Swinney",
                "John Swinney",
                "First Minister",
                "Scotland",
                None,
            )
        ],
    ),
    (
        "As did environment minister Sussan Ley and Health Minister Wes Streeting.",
        [
            ("environment minister Sussan Ley", "Sussan Ley", "environment minister", None, None),
            ("Health Minister Wes Streeting", "Wes Streeting", "Health Minister", None, None),
        ],
    ),
    (
        "Minister for Health Stephen Donnelly disagreed, and Defence Secretary John Healey agreed.",
        [
            (
                "Minister for Health Stephen Donnelly",
                "Stephen Donnelly",
                "Minister for Health",
                None,
                None,
            ),
            ("Defence Secretary John Healey", "John Healey", "Defence Secretary", None, None),
        ],
    ),
    (
        "Australia's foreign minister Penny Wong flew home.",
        [
            (
                "Australia's foreign minister Penny Wong",
                "Penny Wong",
                "foreign minister",
                "Australia",
                None,
            )
        ],
    ),
    (
        "Vice President Joseph R. Biden Jr. arrived. Deputy Foreign Minister Sergei Ryabkov left.",
        [
            (
                "Vice President Joseph R. Biden Jr.",
                "Joseph R. Biden Jr.",
                "Vice President",
                None,
                None,
            ),
            (
                "Deputy Foreign Minister Sergei Ryabkov",
                "Sergei Ryabkov",
                "Deputy Foreign Minister",
                None,
                None,
            ),
        ],
    ),
    (
        "Vice Premier Ding Xuexiang and Deputy Prime Minister Angela Rayner signed.",
        [
            ("Vice Premier Ding Xuexiang", "Ding Xuexiang", "Vice Premier", None, None),
            (
                "Deputy Prime Minister Angela Rayner",
                "Angela Rayner",
                "Deputy Prime Minister",
                None,
                None,
            ),
        ],
    ),
    (
        "acting Governor Jane Doe met interim President Dina Boluarte and the late Senator "
        "John McCain's widow.",
        [
            ("acting Governor Jane Doe", "Jane Doe", "Governor", None, "acting"),
            ("interim President Dina Boluarte", "Dina Boluarte", "President", None, "interim"),
            ("late Senator John McCain", "John McCain", "Senator", None, "late"),
        ],
    ),
    (
        "outgoing Chancellor Olaf Scholz and incoming President Ana Ruiz spoke, as did "
        "ex-President Evo Morales.",
        [
            ("outgoing Chancellor Olaf Scholz", "Olaf Scholz", "Chancellor", None, "outgoing"),
            ("incoming President Ana Ruiz", "Ana Ruiz", "President", None, "incoming"),
            ("ex-President Evo Morales", "Evo Morales", "President", None, "ex"),
        ],
    ),
    # An occupation is returned too (the checks call it an occupation).
    (
        "A tweet from Peruvian journalist Gustavo Gorriti went viral.",
        [
            (
                "Peruvian journalist Gustavo Gorriti",
                "Gustavo Gorriti",
                "journalist",
                "Peruvian",
                None,
            )
        ],
    ),
    # A weekday or an adverb before the title is no jurisdiction.
    (
        "On Monday President Joe Biden spoke. Yesterday Prime Minister Keir Starmer replied.",
        [
            ("President Joe Biden", "Joe Biden", "President", None, None),
            ("Prime Minister Keir Starmer", "Keir Starmer", "Prime Minister", None, None),
        ],
    ),
    # A transcript line.
    (
        "TAPPER: I asked Gov. Ana Ruiz about it, and she said no.",
        [("Gov. Ana Ruiz", "Ana Ruiz", "Gov.", None, None)],
    ),
    # A possessive name keeps its words: "Donald Trump’s campaign".
    (
        "She quit nominee Ana Ruiz’s campaign.",
        [("nominee Ana Ruiz", "Ana Ruiz", "nominee", None, None)],
    ),
]

NONE_OF_THESE = [
    "The president said nothing new.",
    "Dr. Jane Smith, Prof. Alan Reed and Professor Mary Ames were there.",
    "Mr. John Ford, Sir Keir Starmer and the Rev. Al Sharpton sat in the front row.",
    "The President's Council met at 5 PM Eastern Time.",
    "General Motors said profits fell; the UN General Assembly voted.",
    "She served as prime minister during the crisis.",
    "A reporter spotted her and her press secretary and reported it on Twitter.",
    "The secretary of state. Clinton said so later.",
    # A section label and a headline.
    "President Ana Ruiz Under Fire",
]


def _rows(mentions: tuple[PersonMention, ...]) -> list[Row]:
    return [
        (
            m.span.text,
            m.name,
            m.title.text,
            m.jurisdiction.text if m.jurisdiction else None,
            m.qualifier,
        )
        for m in mentions
    ]


def _check_offsets(text: str, mentions: tuple[PersonMention, ...]) -> None:
    for m in mentions:
        assert text[m.span.start : m.span.end] == m.span.text
        assert text[m.title.start : m.title.end] == m.title.text
        assert m.span.contains(m.title)
        if m.jurisdiction is not None:
            assert text[m.jurisdiction.start : m.jurisdiction.end] == m.jurisdiction.text
            assert m.span.contains(m.jurisdiction)
        assert m.name in m.span.text
    starts = [m.span.start for m in mentions]
    assert starts == sorted(starts)


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_titled_mentions(sentence: str, expected: list[Row]) -> None:
    text = "Some context first.\n" + sentence + "\n"  # offsets must be absolute
    mentions = titled_mentions(Article(text=text))
    assert _rows(mentions) == expected
    _check_offsets(text, mentions)


@pytest.mark.parametrize("sentence", NONE_OF_THESE)
def test_no_titled_mentions(sentence: str) -> None:
    assert titled_mentions(Article(text=sentence + "\n")) == ()


def test_headline_lines_are_skipped() -> None:
    text = (
        "President Ana Ruiz Faces a Vote\n"
        "Talks Resume\n"
        "LIMA — President Ana Ruiz faces a vote on Monday, her aides said.\n"
    )
    mentions = titled_mentions(Article(text=text))
    assert [m.span.start for m in mentions] == [text.index("President Ana Ruiz faces")]


PERU: list[Row] = [
    ("then-President Pedro Castillo", "Pedro Castillo", "President", None, "then"),
    ("former President Evo Morales", "Evo Morales", "President", None, "former"),
    (
        "Mexico’s Foreign Minister Alicia Bárcena",
        "Alicia Bárcena",
        "Foreign Minister",
        "Mexico",
        None,
    ),
    ("OAS Secretary General Luis Almagro", "Luis Almagro", "Secretary General", "OAS", None),
    ("former Prime Minister Betssy Chavez", "Betssy Chavez", "Prime Minister", None, "former"),
]


@pytest.mark.parametrize("row", PERU, ids=[r[0] for r in PERU])
def test_peru_article(peru_text: str, row: Row) -> None:
    mentions = titled_mentions(Article(text=peru_text))
    assert row in _rows(mentions)
    _check_offsets(peru_text, mentions)
