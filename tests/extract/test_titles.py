"""Reading source phrases: qualifier, jurisdiction, title, name, head, affiliation."""

from __future__ import annotations

import pytest

from sourcecheck.extract.titles import jurisdiction_name, parse_phrase, title_words
from sourcecheck.records import Span

Row = tuple[str | None, str | None, str | None, str | None, str | None, str | None]

CASES: list[tuple[str, Row]] = [
    # phrase: (qualifier, jurisdiction, title, name, head, affiliation)
    (
        "Mexico’s Foreign Minister Alicia Bárcena",
        (None, "Mexico", "Foreign Minister", "Alicia Bárcena", None, None),
    ),
    (
        "Mexico's Foreign Minister Alicia Bárcena",
        (None, "Mexico", "Foreign Minister", "Alicia Bárcena", None, None),
    ),
    (
        "OAS Secretary General Luis Almagro",
        (None, "OAS", "Secretary General", "Luis Almagro", None, None),
    ),
    (
        "UN Secretary-General António Guterres",
        (None, "UN", "Secretary-General", "António Guterres", None, None),
    ),
    ("then-President Pedro Castillo", ("then", None, "President", "Pedro Castillo", None, None)),
    (
        "former Prime Minister Betssy Chavez",
        ("former", None, "Prime Minister", "Betssy Chavez", None, None),
    ),
    ("ex-president Evo Morales", ("ex", None, "president", "Evo Morales", None, None)),
    (
        "acting Interior Minister Ana Ruiz",
        ("acting", None, "Interior Minister", "Ana Ruiz", None, None),
    ),
    (
        "Chile’s incoming Finance Minister Rosa Lagos",
        ("incoming", "Chile", "Finance Minister", "Rosa Lagos", None, None),
    ),
    (
        "Peruvian journalist Gustavo Gorriti",
        (None, "Peruvian", "journalist", "Gustavo Gorriti", None, None),
    ),
    (
        "veteran investigative journalist Marta Soto",
        (None, None, "journalist", "Marta Soto", None, None),
    ),
    (
        "the OAS secretary general",
        (None, "OAS", "secretary general", None, "secretary general", None),
    ),
    (
        "a spokesperson for Peru’s Ministry of Foreign Affairs",
        (None, None, "spokesperson", None, "spokesperson", "Peru’s Ministry of Foreign Affairs"),
    ),
    (
        "Political analysts at the Wilson Center",
        (None, None, None, None, "analysts", "Wilson Center"),
    ),
    ("Some voters", (None, None, None, None, "voters", None)),
    ("Critics", (None, None, None, None, "Critics", None)),
    ("sources familiar with the talks", (None, None, None, None, "sources", None)),
    ("Bolivian officials", (None, "Bolivian", None, None, "officials", None)),
    ("The Brazilian government", (None, "Brazilian", None, None, "government", None)),
    ("Colombia’s Ministry of Defence", (None, "Colombia", None, "Ministry of Defence", None, None)),
    ("The Carter Center", (None, None, None, "Carter Center", None, None)),
    (
        "the Latin American Public Opinion Project (LAPOP)",
        (None, None, None, "Latin American Public Opinion Project (LAPOP)", None, None),
    ),
    # Name particles stay inside the name (sources.yml: name_particles).
    (
        "European Commission President Ursula von der Leyen",
        (None, "European Commission", "President", "Ursula von der Leyen", None, None),
    ),
    (
        "Mexican diplomat Juan Ramón de la Fuente",
        (None, "Mexican", "diplomat", "Juan Ramón de la Fuente", None, None),
    ),
    ("Charles de Gaulle", (None, None, None, "Charles de Gaulle", None, None)),
    ("Ludwig van Beethoven", (None, None, None, "Ludwig van Beethoven", None, None)),
    (
        "Turkish President Recep Tayyip Erdoğan",
        (None, "Turkish", "President", "Recep Tayyip Erdoğan", None, None),
    ),
    (
        "Syrian President Bashar al-Assad",
        (None, "Syrian", "President", "Bashar al-Assad", None, None),
    ),
    (
        "Saudi Crown Prince Mohammed bin Salman",
        (None, "Saudi", "Crown Prince", "Mohammed bin Salman", None, None),
    ),
    # A demonym among the modifiers before a title is the jurisdiction.
    ("a senior EU official", (None, "EU", "official", None, "official", None)),
    # "and" inside one body's name; between two names it is no title.
    (
        "The House Oversight and Government Reform Committee",
        (None, None, None, "House Oversight and Government Reform Committee", None, None),
    ),
    ("Mr. Grassley and Mr. Leahy", (None, None, None, "Grassley", None, None)),
    ("United States and China", (None, None, None, "United States", None, None)),
    # "of" before a possessive names no place (this once raised on bad offsets)
    (
        "The deputy head of Peru’s delegation to the talks",
        (None, None, "deputy head", None, "head", "Peru’s delegation to the talks"),
    ),
    # Abbreviated titles stay as written (title_words spells them out for matching).
    ("Florida Gov. Ron DeSantis", (None, "Florida", "Gov.", "Ron DeSantis", None, None)),
    ("Texas Lt. Gov. Dan Patrick", (None, "Texas", "Lt. Gov.", "Dan Patrick", None, None)),
    ("Lt. Gov. Dan Patrick", (None, None, "Lt. Gov.", "Dan Patrick", None, None)),
    ("Sen. Chuck Schumer", (None, None, "Sen.", "Chuck Schumer", None, None)),
    # "of <place>" after a titled (or full) name is the jurisdiction, not the name.
    (
        "Sen. Elizabeth Warren of Massachusetts",
        (None, "Massachusetts", "Sen.", "Elizabeth Warren", None, None),
    ),
    ("Senator Sherrod Brown of Ohio", (None, "Ohio", "Senator", "Sherrod Brown", None, None)),
    (
        "Elizabeth Warren of Massachusetts",
        (None, "Massachusetts", None, "Elizabeth Warren", None, None),
    ),
    ("King Carlos of Spain", (None, "Spain", "King", "Carlos", None, None)),
    ("Bank of America", (None, None, None, "Bank of America", None, None)),
    ("President of Peru Dina Boluarte", (None, "Peru", "President", "Dina Boluarte", None, None)),
    ("the mayor of New York City", (None, "New York City", "mayor", None, "mayor", None)),
    # A titled person's name ends at a connector ("on Thursday").
    ("radio host Ana Ruiz on Thursday", (None, None, "host", "Ana Ruiz", None, None)),
    # The party tag after a comma is no part of the name.
    (
        "Rep. Alexandria Ocasio-Cortez, D-N.Y.,",
        (None, None, "Rep.", "Alexandria Ocasio-Cortez", None, None),
    ),
    ("Amb. Linda Thomas-Greenfield", (None, None, "Amb.", "Linda Thomas-Greenfield", None, None)),
    ("Sec. Antony Blinken", (None, None, "Sec.", "Antony Blinken", None, None)),
    ("Pres. Joe Biden", (None, None, "Pres.", "Joe Biden", None, None)),
    ("British PM Keir Starmer", (None, "British", "PM", "Keir Starmer", None, None)),
    # "First Minister" is one title.
    (
        "Scotland's First Minister John Swinney",
        (None, "Scotland", "First Minister", "John Swinney", None, None),
    ),
    # Portfolios belong to the title, before or after it.
    (
        "environment minister Sussan Ley",
        (None, None, "environment minister", "Sussan Ley", None, None),
    ),
    ("Health Minister Wes Streeting", (None, None, "Health Minister", "Wes Streeting", None, None)),
    (
        "Minister for Health Stephen Donnelly",
        (None, None, "Minister for Health", "Stephen Donnelly", None, None),
    ),
    (
        "Minister of the Environment Ana Ruiz",
        (None, None, "Minister of the Environment", "Ana Ruiz", None, None),
    ),
    (
        "Australia's foreign minister Penny Wong",
        (None, "Australia", "foreign minister", "Penny Wong", None, None),
    ),
    (
        "Defence Secretary John Healey",
        (None, None, "Defence Secretary", "John Healey", None, None),
    ),
    ("the health minister", (None, None, "health minister", None, "minister", None)),
    # A rank belongs to the title: never just "President" or "Minister".
    (
        "Vice President Joseph R. Biden Jr.",
        (None, None, "Vice President", "Joseph R. Biden Jr.", None, None),
    ),
    (
        "Deputy Prime Minister Angela Rayner",
        (None, None, "Deputy Prime Minister", "Angela Rayner", None, None),
    ),
    ("Vice Premier Ding Xuexiang", (None, None, "Vice Premier", "Ding Xuexiang", None, None)),
    (
        "Deputy Foreign Minister Sergei Ryabkov",
        (None, None, "Deputy Foreign Minister", "Sergei Ryabkov", None, None),
    ),
    ("a deputy spokesperson", (None, None, "deputy spokesperson", None, "spokesperson", None)),
    # Honorifics are no titles; the name is kept without them.
    ("Dr Jane Smith", (None, None, None, "Jane Smith", None, None)),
    ("Dr. Jane Smith", (None, None, None, "Jane Smith", None, None)),
    ("Prof. Alan Reed", (None, None, None, "Alan Reed", None, None)),
    ("Professor Mary Ames", (None, None, None, "Mary Ames", None, None)),
    ("Ms. Jane Smith", (None, None, None, "Jane Smith", None, None)),
    ("Sir Keir Starmer", (None, None, None, "Keir Starmer", None, None)),
    ("Dame Judi Dench", (None, None, None, "Judi Dench", None, None)),
    ("the Rev. Al Sharpton", (None, None, None, "Al Sharpton", None, None)),
    (
        "Prime Minister Sir Keir Starmer",
        (None, None, "Prime Minister", "Keir Starmer", None, None),
    ),
    # … but an occupation before a name, or without one, is a title.
    ("economics professor Jane Smith", (None, None, "professor", "Jane Smith", None, None)),
    (
        "a professor at Harvard University",
        (None, None, "professor", None, "professor", "Harvard University"),
    ),
    # Qualifiers.
    ("acting Governor Jane Doe", ("acting", None, "Governor", "Jane Doe", None, None)),
    (
        "interim President Dina Boluarte",
        ("interim", None, "President", "Dina Boluarte", None, None),
    ),
    (
        "outgoing Chancellor Olaf Scholz",
        ("outgoing", None, "Chancellor", "Olaf Scholz", None, None),
    ),
    ("incoming President Ana Ruiz", ("incoming", None, "President", "Ana Ruiz", None, None)),
    ("the late Senator John McCain", ("late", None, "Senator", "John McCain", None, None)),
    ("ex-Gov. Jane Doe", ("ex", None, "Gov.", "Jane Doe", None, None)),
]


def _text(span: Span | None) -> str | None:
    return span.text if span is not None else None


@pytest.mark.parametrize(("phrase", "expected"), CASES)
def test_parse_phrase(phrase: str, expected: Row) -> None:
    text = "Yesterday " + phrase + " said it."  # offsets must be absolute
    start = text.index(phrase)
    p = parse_phrase(text, start, start + len(phrase))
    got = (
        p.qualifier,
        _text(p.jurisdiction),
        _text(p.title),
        _text(p.name),
        _text(p.head),
        _text(p.affiliation),
    )
    assert got == expected
    for span in (p.jurisdiction, p.title, p.name, p.head, p.affiliation):
        if span is not None:
            assert text[span.start : span.end] == span.text


@pytest.mark.parametrize(
    ("written", "name"), [("Peruvian", "Peru"), ("Mexico", "Mexico"), ("U.S.", "United States")]
)
def test_jurisdiction_name(written: str, name: str) -> None:
    assert jurisdiction_name(Span(0, len(written), written)) == name


@pytest.mark.parametrize(
    ("title", "words"),
    [
        ("Gov.", "governor"),
        ("Lt. Gov.", "lieutenant governor"),
        ("Sen.", "senator"),
        ("Rep.", "representative"),
        ("Amb.", "ambassador"),
        ("Sec.", "secretary"),
        ("Pres.", "president"),
        ("PM", "prime minister"),
        ("Secretary-General", "secretary general"),
        ("Foreign Minister", "foreign minister"),
        ("Vice President", "vice president"),
    ],
)
def test_title_words(title: str, words: str) -> None:
    assert title_words(title) == words


@pytest.mark.parametrize(
    "phrase",
    ["Mary Ann Warren of the Commission", "Mary Ann Warren of on", "Sen. Mary Ann Warren of the"],
)
def test_of_followed_by_a_connector_is_no_place(phrase: str) -> None:
    # "of" with no place word after it: the name ends there (an inverted span once crashed
    # PolNeAR train; all 840 train articles audit again, one-off run).
    parsed = parse_phrase(phrase, 0, len(phrase))
    assert parsed.name is not None and parsed.name.text.endswith("Warren")
