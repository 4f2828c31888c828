"""title_at_date on real officeholders in the shipped knowledge base, hand-built attributions.

Each case is one sentence of our own writing; the table gives the date checked, the verdict
and words the explanation must contain. It covers records that disagree (an open record seen
in mid-2022 and a later year-only record that ends the term), stale open records, successors
and the showcase's Peru and Mexico cases.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from checks.builders import titled
from sourcecheck.checks import run_checks
from sourcecheck.records import Article, Finding, Status

D = dt.date


@dataclass(frozen=True)
class Case:
    """A sentence, its source as written, and what the check must say on ``date``."""

    id: str
    text: str
    source: str
    name: str
    title: str
    jurisdiction: str | None
    qualifier: str | None
    date: D
    status: Status
    words: tuple[str, ...] = ()


JOHNSON = "British Prime Minister Boris Johnson said the treaty was weak."
MERKEL = "German Chancellor Angela Merkel said the treaty was weak."

CASES = (
    Case(
        "johnson-2023",
        JOHNSON,
        "British Prime Minister Boris Johnson",
        "Boris Johnson",
        "Prime Minister",
        "British",
        None,
        D(2023, 6, 14),
        Status.CONTRADICTED,
        # The Factbook's record names the holder on the date; Truss is not named.
        ("Rishi Sunak held that office", "2022-09-06"),
    ),
    Case(
        "johnson-mid-2022",
        JOHNSON,
        "British Prime Minister Boris Johnson",
        "Boris Johnson",
        "Prime Minister",
        "British",
        None,
        D(2022, 6, 1),
        Status.CONSISTENT,
        ("2019-07-24",),
    ),
    Case(
        "johnson-late-2022",
        JOHNSON,
        "British Prime Minister Boris Johnson",
        "Boris Johnson",
        "Prime Minister",
        "British",
        None,
        D(2022, 11, 1),
        Status.CONTRADICTED,  # the year-only end is made precise by the Factbook's record
        ("Rishi Sunak", "2022-10-25"),
    ),
    Case(
        "merkel-2023",
        MERKEL,
        "German Chancellor Angela Merkel",
        "Angela Merkel",
        "Chancellor",
        "German",
        None,
        D(2023, 6, 14),
        Status.CONTRADICTED,
        ("2005-11-22 to 2021-12-08", "Olaf Scholz held that office"),
    ),
    Case(
        "merkel-2019",
        MERKEL,
        "German Chancellor Angela Merkel",
        "Angela Merkel",
        "Chancellor",
        "German",
        None,
        D(2019, 6, 14),
        Status.CONSISTENT,
    ),
    Case(
        "macron",
        "French President Emmanuel Macron called it a first step.",
        "French President Emmanuel Macron",
        "Emmanuel Macron",
        "President",
        "French",
        None,
        D(2023, 6, 14),
        Status.CONSISTENT,
        ("2017-05-14",),
    ),
    Case(
        "guterres",
        "UN Secretary-General António Guterres urged delegates to act.",
        "UN Secretary-General António Guterres",
        "António Guterres",
        "Secretary-General",
        "UN",
        None,
        D(2023, 6, 14),
        Status.CONSISTENT,
        ("2017-01-01",),
    ),
    Case(
        "ardern",
        "Former New Zealand Prime Minister Jacinda Ardern said talks had stalled.",
        "Former New Zealand Prime Minister Jacinda Ardern",
        "Jacinda Ardern",
        "Prime Minister",
        "New Zealand",
        "former",
        D(2023, 6, 14),
        Status.CONSISTENT,
        ("2023-01-25",),
    ),
    Case(
        "von-der-leyen",
        "European Commission President Ursula von der Leyen told reporters it was close.",
        "European Commission President Ursula von der Leyen",
        "Ursula von der Leyen",
        "President",
        "European Commission",
        None,
        D(2023, 6, 14),
        Status.CONSISTENT,
        ("2019-12-01",),
    ),
    Case(
        "barcena",
        "Mexico’s Foreign Minister Alicia Bárcena said the door stays open.",
        "Mexico’s Foreign Minister Alicia Bárcena",
        "Alicia Bárcena",
        "Foreign Minister",
        "Mexico’s",
        None,
        D(2025, 11, 4),
        Status.CONTRADICTED,
        ("2024-09-30", "Juan Ramón de la Fuente"),
    ),
    Case(
        "almagro",
        "OAS Secretary General Luis Almagro said rights come first.",
        "OAS Secretary General Luis Almagro",
        "Luis Almagro",
        "Secretary General",
        "OAS",
        None,
        D(2025, 11, 4),
        Status.CONTRADICTED,
        ("2025-05-26", "Albert Ramdin"),
    ),
    Case(
        "chavez",
        "Former Prime Minister Betssy Chávez asked for asylum, her lawyer said.",
        "Former Prime Minister Betssy Chávez",
        "Betssy Chávez",
        "Prime Minister",
        None,  # as in the showcase: the office is found from her own terms
        "former",
        D(2025, 11, 4),
        Status.CONSISTENT,
        ("2022-12-07", "former"),
    ),
    Case(
        "castillo",
        "In December 2022 then-President Pedro Castillo tried to close Congress, Reuters said.",
        "then-President Pedro Castillo",
        "Pedro Castillo",
        "President",
        None,
        "then",
        D(2025, 11, 4),
        Status.CONSISTENT,
        ("December 2022",),
    ),
)


def finding(case: Case, kb_path: str) -> Finding:
    after_source = case.text[case.text.index(case.source) + len(case.source) :]
    attribution = titled(
        case.text,
        case.id,
        case.source,
        case.name,
        case.title,
        after_source.strip(" .,"),
        jurisdiction=case.jurisdiction,
        qualifier=case.qualifier,
    )
    findings = run_checks(Article(text=case.text, date=case.date), (attribution,), kb_path=kb_path)
    (found,) = [f for f in findings if f.check == "title_at_date"]
    return found


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_title_verdicts_on_the_shipped_kb(case: Case, kb_path: str) -> None:
    found = finding(case, kb_path)
    assert found.status is case.status, found.explanation
    for word in case.words:
        assert word in found.explanation, found.explanation
    if case.status is not Status.UNVERIFIABLE:
        assert found.evidence and all(e.source and e.as_of for e in found.evidence)
