"""The title verdict rules, one case table per rule, on sentences of our own writing.

Rule 1: a title is checked at the time its sentence speaks of. Rule 2: stale knowledge is
not evidence (the office's horizon, the grace period, multi-holder offices). Rule 3:
"former" and "then" both ways. Rule 4: plain explanations, linked evidence, the office
matched. Each case builds the attribution by hand (the extractor is tested elsewhere) and
runs the real checks against the shipped knowledge base or the fictional Freedonia one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from checks.builders import titled
from sourcecheck.checks import run_checks
from sourcecheck.checks.verdicts import Rules
from sourcecheck.records import Article, Finding, Status

D = dt.date


@dataclass(frozen=True)
class Case:
    """A passage, the titled source in it, and what the check must say on ``date``."""

    id: str
    text: str
    source: str
    name: str
    title: str
    jurisdiction: str | None
    qualifier: str | None
    date: D | None
    status: Status
    words: tuple[str, ...] = ()
    #: The reported content (default: the rest of the source's sentence).
    content: str | None = None


def run(case: Case, kb_path: str, rules: Rules | None = None) -> Finding:
    start = case.text.index(case.source)
    rest = case.text[start + len(case.source) :].split(".")[0]
    content = case.content or rest.strip(" ,").split(" ", 1)[-1]
    attribution = titled(
        case.text,
        case.id,
        case.source,
        case.name,
        case.title,
        content,
        jurisdiction=case.jurisdiction,
        qualifier=case.qualifier,
    )
    findings = run_checks(
        Article(text=case.text, date=case.date), (attribution,), kb_path=kb_path, rules=rules
    )
    (found,) = [f for f in findings if f.check == "title_at_date"]
    return found


def check(case: Case, kb_path: str) -> None:
    found = run(case, kb_path)
    assert found.status is case.status, found.explanation
    for word in case.words:
        assert word in found.explanation, found.explanation
    assert found.evidence, "a verdict without evidence"


SARKOZY = (
    "With the 2008 financial crash spreading, French President Nicolas Sarkozy declared "
    "that capitalism had to be rebuilt. Australian Prime Minister Kevin Rudd declared the "
    "age of greed over."
)
CRASH_THEN_SARKOZY = (
    "The crash came in the autumn of 2008, and banks failed across Europe.\n"
    "French President Nicolas Sarkozy declared that capitalism had to be rebuilt."
)

# Rule 1: the time of the sentence.
TIME_CASES = (
    Case(
        "sarkozy-in-2008",
        SARKOZY,
        "French President Nicolas Sarkozy",
        "Nicolas Sarkozy",
        "President",
        "French",
        None,
        D(2019, 9, 12),
        Status.CONSISTENT,
        ("2008",),
        content="that capitalism had to be rebuilt",
    ),
    Case(
        "rudd-paragraph-lead",
        SARKOZY,
        "Australian Prime Minister Kevin Rudd",
        "Kevin Rudd",
        "Prime Minister",
        "Australian",
        None,
        D(2019, 9, 12),
        Status.CONSISTENT,
        ("paragraph's lead", "2008"),
        content="the age of greed over",
    ),
    Case(
        "sarkozy-unplaced-narrative",
        CRASH_THEN_SARKOZY,
        "French President Nicolas Sarkozy",
        "Nicolas Sarkozy",
        "President",
        "French",
        None,
        D(2019, 9, 12),
        Status.UNVERIFIABLE,
        ("may refer to 2007", "2012", "not judged"),
        content="that capitalism had to be rebuilt",
    ),
    Case(
        "clinton-on-a-day",
        "President Bill Clinton told reporters on January 26, 1998 that he had done nothing wrong.",
        "President Bill Clinton",
        "Bill Clinton",
        "President",
        None,
        None,
        D(2023, 3, 1),
        Status.CONSISTENT,
        ("1998-01-26",),
        content="he had done nothing wrong",
    ),
    Case(
        "nixon-on-a-day",
        "Speaking in Orlando on November 17, 1973, President Richard Nixon said he was not a "
        "crook.",
        "President Richard Nixon",
        "Richard Nixon",
        "President",
        None,
        None,
        D(2024, 8, 9),
        Status.CONSISTENT,
        ("1973-11-17",),
        content="he was not a crook",
    ),
    Case(
        "two-years-ago",
        "Two years ago, Mexico’s Foreign Minister Alicia Bárcena said the border would stay open.",
        "Mexico’s Foreign Minister Alicia Bárcena",
        "Alicia Bárcena",
        "Foreign Minister",
        "Mexico’s",
        None,
        D(2025, 11, 4),
        Status.CONSISTENT,
        ("counted from the article's date", "2023"),
        content="the border would stay open",
    ),
    Case(
        "recently-is-now",
        "OAS Secretary General Luis Almagro wrote recently that courts must be independent.",
        "OAS Secretary General Luis Almagro",
        "Luis Almagro",
        "Secretary General",
        "OAS",
        None,
        D(2025, 11, 4),
        Status.CONTRADICTED,
        ("Albert Ramdin", "recently"),
        content="courts must be independent",
    ),
    Case(
        "news-copy-said-is-the-article-date",
        "Mexico’s Foreign Minister Alicia Bárcena said the door stays open.",
        "Mexico’s Foreign Minister Alicia Bárcena",
        "Alicia Bárcena",
        "Foreign Minister",
        "Mexico’s",
        None,
        D(2025, 11, 4),
        Status.CONTRADICTED,
        ("Juan Ramón de la Fuente held that office", "2024-09-30"),
        content="the door stays open",
    ),
    Case(
        "then-with-a-month",
        "The saga began in December 2022, when then-President Pedro Castillo tried to "
        "dissolve Congress, prosecutors said.",
        "then-President Pedro Castillo",
        "Pedro Castillo",
        "President",
        None,
        "then",
        D(2025, 11, 4),
        Status.CONSISTENT,
        ("December 2022",),
        content="tried to dissolve Congress",
    ),
    Case(
        "year-inside-the-quote-does-not-date-the-speaker",
        "Prime Minister Keir Starmer said “2019 was a lost year for Britain”.",
        "Prime Minister Keir Starmer",
        "Keir Starmer",
        "Prime Minister",
        None,
        None,
        D(2025, 6, 1),
        Status.CONSISTENT,
        ("the article's date", "2024-07-05"),
        content="“2019 was a lost year for Britain”",
    ),
)


@pytest.mark.parametrize("case", TIME_CASES, ids=[c.id for c in TIME_CASES])
def test_the_time_of_the_sentence(case: Case, kb_path: str) -> None:
    check(case, kb_path)


# Rule 2 on the fictional Freedonia KB: Núñez's term ended 2019-06-30; Tomás Ríos followed
# (open as of 2021-05-01, so bounded by his successor's start), then Lía Ortega from
# 2023-02-14, open as of 2024-01-01: the office's horizon.
RIOS = "Foreign Minister Tomás Ríos said the treaty was fair."
NUNEZ = "Foreign Minister Marta Núñez said the treaty was fair."
STALE_CASES = (
    Case(
        "another-holder-on-the-date",
        NUNEZ,
        "Foreign Minister Marta Núñez",
        "Marta Núñez",
        "Foreign Minister",
        None,
        None,
        D(2020, 6, 1),
        Status.CONTRADICTED,
        ("Tomás Ríos held that office", "record as of 2021-05-01"),
    ),
    Case(
        "successor-within-the-grace-period",
        RIOS,
        "Foreign Minister Tomás Ríos",
        "Tomás Ríos",
        "Foreign Minister",
        None,
        None,
        D(2024, 6, 1),
        Status.CONTRADICTED,
        ("ended by 2023-02-14", "Lía Ortega succeeded", "as of 2024-01-01"),
    ),
    Case(
        "past-the-horizon-and-grace",
        RIOS,
        "Foreign Minister Tomás Ríos",
        "Tomás Ríos",
        "Foreign Minister",
        None,
        None,
        D(2026, 6, 1),
        Status.UNVERIFIABLE,
        ("record of Minister of Foreign Affairs of Freedonia ends 2024-01-01", "not known"),
    ),
    Case(
        "history-long-ago-is-not-judged",
        NUNEZ,
        "Foreign Minister Marta Núñez",
        "Marta Núñez",
        "Foreign Minister",
        None,
        None,
        D(2030, 1, 1),
        Status.UNVERIFIABLE,  # her term ended ten years before: the sentence may recount it
        ("may refer to 2015-03-01 to 2019-06-30",),
    ),
)


@pytest.mark.parametrize("case", STALE_CASES, ids=[c.id for c in STALE_CASES])
def test_stale_knowledge_is_not_evidence(case: Case, fixture_kb_path: str) -> None:
    check(case, fixture_kb_path)


def test_the_grace_period_is_a_setting(fixture_kb_path: str) -> None:
    case = STALE_CASES[1]
    assert run(case, fixture_kb_path, Rules(grace_days=0)).status is Status.UNVERIFIABLE
    assert run(case, fixture_kb_path, Rules(grace_days=365)).status is Status.CONTRADICTED


# Rule 2 on the shipped KB: returned officeholders and current titles, 2025–2026.
CURRENT_CASES = (
    Case(
        "netanyahu-returned",
        "Israel’s Prime Minister Benjamin Netanyahu said the talks would go on.",
        "Israel’s Prime Minister Benjamin Netanyahu",
        "Benjamin Netanyahu",
        "Prime Minister",
        "Israel’s",
        None,
        D(2025, 6, 1),
        Status.CONSISTENT,
        ("2022-12-29",),
    ),
    Case(
        "sikorski-returned",
        "Polish Foreign Minister Radosław Sikorski said sanctions must stay.",
        "Polish Foreign Minister Radosław Sikorski",
        "Radosław Sikorski",
        "Foreign Minister",
        "Polish",
        None,
        D(2025, 6, 1),
        Status.CONSISTENT,
        ("2023-12",),
    ),
    Case(
        "lula-returned",
        "Brazilian President Luiz Inácio Lula da Silva said the summit had been useful.",
        "Brazilian President Luiz Inácio Lula da Silva",
        "Luiz Inácio Lula da Silva",
        "President",
        "Brazilian",
        None,
        D(2025, 6, 1),
        Status.CONSISTENT,
        ("2023-01-01",),
    ),
    Case(
        "trump-returned",
        "U.S. President Donald Trump said tariffs would rise.",
        "U.S. President Donald Trump",
        "Donald Trump",
        "President",
        "U.S.",
        None,
        D(2026, 6, 1),
        Status.CONSISTENT,
        ("2025-01-20",),
    ),
    Case(
        "merz",
        "German Chancellor Friedrich Merz said Europe must spend more on defence.",
        "German Chancellor Friedrich Merz",
        "Friedrich Merz",
        "Chancellor",
        "German",
        None,
        D(2025, 6, 1),
        Status.CONSISTENT,
        ("2025-05-06",),
    ),
    Case(
        "scholz-after-merz",
        "German Chancellor Olaf Scholz said Europe must spend more on defence.",
        "German Chancellor Olaf Scholz",
        "Olaf Scholz",
        "Chancellor",
        "German",
        None,
        D(2025, 9, 1),
        Status.CONTRADICTED,
        ("Friedrich Merz held that office",),
    ),
    Case(
        "sunak-after-starmer",
        "British Prime Minister Rishi Sunak said the deal was good for Britain.",
        "British Prime Minister Rishi Sunak",
        "Rishi Sunak",
        "Prime Minister",
        "British",
        None,
        D(2025, 6, 1),
        Status.CONTRADICTED,
        ("Keir Starmer held that office",),
    ),
    Case(
        "sunak-in-2023",
        "British Prime Minister Rishi Sunak said the deal was good for Britain.",
        "British Prime Minister Rishi Sunak",
        "Rishi Sunak",
        "Prime Minister",
        "British",
        None,
        D(2023, 6, 1),
        Status.CONSISTENT,
        ("2022-10-25",),
    ),
    Case(
        "blinken-after-rubio",
        "U.S. Secretary of State Antony Blinken said the ceasefire would hold.",
        "U.S. Secretary of State Antony Blinken",
        "Antony Blinken",
        "Secretary of State",
        "U.S.",
        None,
        D(2025, 6, 1),
        Status.CONTRADICTED,
        ("Marco Rubio held that office",),
    ),
    Case(
        "baerbock-after-wadephul",
        "German Foreign Minister Annalena Baerbock said the aid would continue.",
        "German Foreign Minister Annalena Baerbock",
        "Annalena Baerbock",
        "Foreign Minister",
        "German",
        None,
        D(2025, 9, 1),
        Status.CONTRADICTED,
        ("Johann Wadephul",),
    ),
    Case(
        "ramdin",
        "OAS Secretary General Albert Ramdin said the mission would go ahead.",
        "OAS Secretary General Albert Ramdin",
        "Albert Ramdin",
        "Secretary General",
        "OAS",
        None,
        D(2025, 5, 28),
        Status.CONSISTENT,
        ("2025-05-26",),
    ),
    Case(
        "rutte",
        "NATO Secretary General Mark Rutte said allies must spend more.",
        "NATO Secretary General Mark Rutte",
        "Mark Rutte",
        "Secretary General",
        "NATO",
        None,
        D(2025, 6, 1),
        Status.CONSISTENT,
        ("2024-10-01",),
    ),
    Case(
        "stoltenberg-after-rutte",
        "NATO Secretary General Jens Stoltenberg said allies must spend more.",
        "NATO Secretary General Jens Stoltenberg",
        "Jens Stoltenberg",
        "Secretary General",
        "NATO",
        None,
        D(2025, 6, 1),
        Status.CONTRADICTED,
        ("Mark Rutte held that office",),
    ),
)


@pytest.mark.parametrize("case", CURRENT_CASES, ids=[c.id for c in CURRENT_CASES])
def test_current_and_returned_officeholders(case: Case, kb_path: str) -> None:
    check(case, kb_path)


# Rule 3: "former" and "then" both ways.
QUALIFIER_CASES = (
    Case(
        "former-trump-in-office-again",
        "Former President Donald Trump said the election was rigged.",
        "Former President Donald Trump",
        "Donald Trump",
        "President",
        None,
        "former",
        D(2026, 6, 1),
        Status.CONTRADICTED,
        ("again", "2025-01-20", "does not fit"),
    ),
    Case(
        "former-trump-between-terms",
        "Former President Donald Trump said the election was rigged.",
        "Former President Donald Trump",
        "Donald Trump",
        "President",
        None,
        "former",
        D(2023, 6, 1),
        Status.CONSISTENT,
        ("fits",),
    ),
    Case(
        "former-merkel",
        "Former German Chancellor Angela Merkel said she had no regrets.",
        "Former German Chancellor Angela Merkel",
        "Angela Merkel",
        "Chancellor",
        "German",
        "former",
        D(2024, 6, 1),
        Status.CONSISTENT,
        ("2021-12-08",),
    ),
    Case(
        "former-returned-long-ago-may-tell-of-the-gap",
        "After former California Gov. Jerry Brown criticized the plan during a debate, the "
        "senator shot back.",
        "former California Gov. Jerry Brown",
        "Jerry Brown",
        "Gov.",
        "California",
        "former",
        D(2016, 8, 19),
        Status.UNVERIFIABLE,  # his 1975–1983 term is not in the KB
        ("in office since 2011-01-03", "may be missing", "not judged"),
        content="the plan",
    ),
    Case(
        "candidate-after-the-title",
        "Republican president candidate Donald Trump said the rival lacked stamina.",
        "Republican president candidate Donald Trump",
        "Donald Trump",
        "president",
        None,
        None,
        D(2015, 12, 12),
        Status.UNVERIFIABLE,
        ("had not yet taken",),
    ),
    Case(
        "then-without-a-time",
        "Then-Chancellor Angela Merkel said the border would stay open.",
        "Then-Chancellor Angela Merkel",
        "Angela Merkel",
        "Chancellor",
        None,
        "then",
        D(2024, 6, 1),
        Status.CONSISTENT,
        ("before the article",),
    ),
)


@pytest.mark.parametrize("case", QUALIFIER_CASES, ids=[c.id for c in QUALIFIER_CASES])
def test_former_and_then(case: Case, kb_path: str) -> None:
    check(case, kb_path)


# Rule 4: plain explanations and linked evidence.
def test_a_contradiction_names_the_holder_with_a_linked_source(kb_path: str) -> None:
    found = run(CURRENT_CASES[6], kb_path)  # Sunak at 2025-06-01
    assert found.status is Status.CONTRADICTED
    assert "possibly" not in found.explanation
    holder = next(e for e in found.evidence if ("role", "holder on the date") in e.data)
    assert ("person", "Keir Starmer") in holder.data
    assert holder.source and holder.as_of is not None
    assert holder.url is not None and holder.url.startswith("https://")
    for item in found.evidence:
        assert item.url is None or item.url.startswith(("http://", "https://"))


def test_the_office_named_is_the_one_matched(kb_path: str) -> None:
    case = Case(
        "macron-no-place",
        "President Emmanuel Macron said Europe must stand together.",
        "President Emmanuel Macron",
        "Emmanuel Macron",
        "President",
        None,
        None,
        D(2025, 6, 1),
        Status.CONSISTENT,
    )
    found = run(case, kb_path)
    assert found.status is Status.CONSISTENT, found.explanation
    assert "Andorra" not in found.explanation
    assert "President" in found.explanation


def test_a_holder_the_kb_lacks_is_not_accused(kb_path: str) -> None:
    # A name the KB does not know (a spelling it lacks, or an invented person) is never
    # contradicted by the known holder: the finding names the holder instead.
    case = Case(
        "unknown-name",
        "Mexico’s Foreign Minister Rosa Quintero said the door stays open.",
        "Mexico’s Foreign Minister Rosa Quintero",
        "Rosa Quintero",
        "Foreign Minister",
        "Mexico’s",
        None,
        D(2025, 6, 1),
        Status.UNVERIFIABLE,
        ("no term of Rosa Quintero", "Juan Ramón de la Fuente"),
    )
    check(case, kb_path)


def test_former_in_a_year_the_term_ended_is_not_contradicted(kb_path: str) -> None:
    # Evo Morales left office on 2019-11-10: "former President" in 2019 can be true.
    case = Case(
        "former-in-the-year-of-leaving",
        "In 2019, Bolivia faced a crisis when former President Evo Morales sought asylum in "
        "Mexico.",
        "former President Evo Morales",
        "Evo Morales",
        "President",
        None,
        "former",
        None,
        Status.CONSISTENT,
        ("2019-11-10",),
        content="sought asylum in Mexico",
    )
    check(case, kb_path)
