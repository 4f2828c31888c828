"""Reading source phrases: qualifier, jurisdiction, title, name, head, affiliation."""

from __future__ import annotations

import pytest

from sourcecheck.extract.titles import jurisdiction_name, parse_phrase
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
        (None, None, "head", None, "head", "Peru’s delegation to the talks"),
    ),
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
