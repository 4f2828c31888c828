"""The showcase article: two out-of-office titles, the date window and the sourcing flags.

Attributions are built by hand from spans located in ../shared/articles/peru-embassy-asylum.txt
(the article is read from there, never copied); the end-to-end version comes with extraction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import pytest

from sourcecheck.checks import run_checks
from sourcecheck.records import (
    Article,
    Attribution,
    AttributionKind,
    DateSource,
    Finding,
    Source,
    SourceKind,
    Span,
    Status,
)


def find(text: str, needle: str, after: int = 0) -> Span:
    start = text.index(needle, after)
    return Span(start, start + len(needle), needle)


@dataclass(frozen=True)
class Case:
    """One attribution of the article, described by the strings that locate it.

    ``content`` is its first and last words: the article is read from ../shared, and its
    sentences are not copied here.
    """

    id: str
    source: str
    kind: SourceKind
    content: tuple[str, str]
    cue: str | None = None
    name: str | None = None
    title: str | None = None
    jurisdiction: str | None = None
    qualifier: str | None = None
    medium: str | None = None
    via: str | None = None
    after: str = ""


CASES = (
    Case(
        "chavez",
        "former Prime Minister Betssy Chavez",
        SourceKind.PERSON,
        ("sought refuge", "in Lima"),
        None,
        "Betssy Chavez",
        "Prime Minister",
        None,
        "former",
    ),
    Case(
        "castillo",
        "then-President Pedro Castillo",
        SourceKind.PERSON,
        ("attempted to", "by decree"),
        None,
        "Pedro Castillo",
        "President",
        None,
        "then",
    ),
    Case(
        "reuters",
        "Reuters",
        SourceKind.ORGANISATION,
        ("Chavez’s legal team", "politically motivated"),
        "According to",
        "Reuters",
        via="a recent report",
    ),
    Case(
        "mexgov",
        "The Mexican government",
        SourceKind.ORGANISATION,
        ("Chavez is under", "is reviewed"),
        "has confirmed",
        "Mexican government",
    ),
    Case(
        "barcena",
        "Mexico’s Foreign Minister Alicia Bárcena",
        SourceKind.PERSON,
        ("“Mexico will", "persecution.”"),
        "stating",
        "Alicia Bárcena",
        "Foreign Minister",
        "Mexico’s",
        medium="social media",
    ),
    Case(
        "spokesperson",
        "a spokesperson for Peru’s Ministry of Foreign Affairs",
        SourceKind.ANONYMOUS,
        ("Chavez’s actions as", "evade justice"),
        "described",
        via="an interview with BBC News",
    ),
    Case(
        "gorriti",
        "Peruvian journalist Gustavo Gorriti",
        SourceKind.PERSON,
        ("“When justice", "its institutions.”"),
        "captured",
        "Gustavo Gorriti",
        "journalist",
        "Peruvian",
        medium="tweet",
    ),
    Case(
        "lapop",
        "their",
        SourceKind.ORGANISATION,
        ("only 28 percent", "political institutions"),
        "According to",
        "Latin American Public Opinion Project",
        after="According to their",
    ),
    Case(
        "morales",
        "former President Evo Morales",
        SourceKind.PERSON,
        ("sought asylum", "in Mexico"),
        None,
        "Evo Morales",
        "President",
        None,
        "former",
    ),
    Case(
        "analysts",
        "Political analysts at the Wilson Center",
        SourceKind.VAGUE,
        ("such incidents", "delicate balance"),
        "note",
        "Wilson Center",
    ),
    Case(
        "brookings",
        "The researchers",
        SourceKind.VAGUE,
        ("while asylum", "political figures"),
        "found",
        "Brookings Institution",
    ),
    Case("experts", "experts", SourceKind.VAGUE, ("a multi-pronged", "approach"), "recommend"),
    Case(
        "carter",
        "The Carter Center",
        SourceKind.ORGANISATION,
        ("the importance", "inclusive governance"),
        "emphasizes",
        "The Carter Center",
    ),
    Case(
        "almagro",
        "OAS Secretary General Luis Almagro",
        SourceKind.PERSON,
        ("“Democracy requires", "human rights.”"),
        "tweeted",
        "Luis Almagro",
        "Secretary General",
        "OAS",
        medium="tweet",
    ),
)


def attribution(text: str, case: Case) -> Attribution:
    source_span = find(text, case.source, text.index(case.after) if case.after else 0)
    title = find(text, case.title, source_span.start) if case.title else None
    jurisdiction = find(text, case.jurisdiction, source_span.start) if case.jurisdiction else None
    first, last = case.content
    begin = find(text, first)
    end = find(text, last, begin.end)
    content = Span(begin.start, end.end, text[begin.start : end.end])
    return Attribution(
        id=case.id,
        kind=AttributionKind.INDIRECT,
        content=content,
        cue=find(text, case.cue, source_span.start - 60) if case.cue else None,
        source=Source(source_span, case.kind, case.name, None, title, jurisdiction, case.qualifier),
        medium=case.medium,
        via=find(text, case.via) if case.via else None,
    )


@pytest.fixture(scope="module")
def article(peru_text: str) -> Article:
    return Article(text=peru_text, path="peru-embassy-asylum.txt")


@pytest.fixture(scope="module")
def attributions(article: Article) -> tuple[Attribution, ...]:
    return tuple(attribution(article.text, case) for case in CASES)


def by_check(findings: tuple[Finding, ...], check: str) -> dict[str | None, list[Finding]]:
    out: dict[str | None, list[Finding]] = {}
    for finding in findings:
        if finding.check == check:
            out.setdefault(finding.attribution_id, []).append(finding)
    return out


@pytest.fixture(scope="module")
def dated(
    article: Article, attributions: tuple[Attribution, ...], kb_path: str
) -> tuple[Finding, ...]:
    on_date = dataclasses.replace(article, date=dt.date(2025, 11, 4), date_source=DateSource.CLI)
    return run_checks(on_date, attributions, kb_path=kb_path)


@pytest.fixture(scope="module")
def undated(
    article: Article, attributions: tuple[Attribution, ...], kb_path: str
) -> tuple[Finding, ...]:
    return run_checks(article, attributions, kb_path=kb_path)


def test_exactly_the_two_stale_titles_are_contradicted(dated: tuple[Finding, ...]) -> None:
    titles = by_check(dated, "title_at_date")
    contradicted = {aid for aid, fs in titles.items() if fs[0].status is Status.CONTRADICTED}
    assert contradicted == {"barcena", "almagro"}


@pytest.mark.parametrize(
    ("aid", "status", "words"),
    [
        ("barcena", Status.CONTRADICTED, ["2024-09-30", "Juan Ramón de la Fuente"]),
        ("almagro", Status.CONTRADICTED, ["2025-05-26", "Albert Ramdin"]),
        ("chavez", Status.CONSISTENT, ["2022-12-07", "former"]),
        ("castillo", Status.CONSISTENT, ["December 2022"]),
        ("morales", Status.CONSISTENT, ["2019-11-10"]),
        ("gorriti", Status.UNVERIFIABLE, ["occupation"]),
    ],
)
def test_title_verdicts_and_reasons(
    dated: tuple[Finding, ...], aid: str, status: Status, words: list[str]
) -> None:
    (finding,) = by_check(dated, "title_at_date")[aid]
    assert finding.status is status
    for word in words:
        assert word in finding.explanation
    if status is not Status.UNVERIFIABLE:
        assert finding.evidence, "a verdict needs knowledge-base evidence"
        assert all(e.source and e.as_of for e in finding.evidence)


def test_contradicted_findings_come_first(dated: tuple[Finding, ...]) -> None:
    statuses = [f.status for f in dated]
    assert statuses[:2] == [Status.CONTRADICTED, Status.CONTRADICTED]
    assert Status.CONTRADICTED not in statuses[2:]


def test_without_date_the_window_and_its_conflict_are_reported(
    undated: tuple[Finding, ...],
) -> None:
    window = by_check(undated, "date_window")
    (article_level,) = window[None]
    assert "2023-07 to 2024-09-30" in article_level.explanation
    assert article_level.status is Status.CONTRADICTED
    assert "2025-11-03" in article_level.explanation
    assert any(e.kind == "kb_event" for e in article_level.evidence)
    assert set(window) - {None} == {"barcena", "almagro"}
    assert all(f.status is Status.CONTRADICTED for fs in window.values() for f in fs)


def test_without_date_then_titles_are_still_checked_at_their_time(
    undated: tuple[Finding, ...],
) -> None:
    titles = by_check(undated, "title_at_date")
    assert titles["castillo"][0].status is Status.CONSISTENT
    assert titles["barcena"][0].status is Status.UNVERIFIABLE
    assert "no date" in titles["barcena"][0].explanation


@pytest.mark.parametrize(
    ("aid", "status"),
    [
        ("spokesperson", Status.UNVERIFIABLE),
        ("analysts", Status.UNVERIFIABLE),
        ("experts", Status.UNVERIFIABLE),
        ("reuters", Status.UNVERIFIABLE),
        ("carter", Status.UNVERIFIABLE),
        ("barcena", Status.UNVERIFIABLE),
        ("gorriti", Status.UNVERIFIABLE),
        ("almagro", Status.UNVERIFIABLE),
        ("lapop", Status.CONSISTENT),
        ("brookings", Status.UNVERIFIABLE),
    ],
)
def test_sourcing(dated: tuple[Finding, ...], aid: str, status: Status) -> None:
    (finding,) = by_check(dated, "sourcing")[aid]
    assert finding.status is status
    assert finding.evidence


def test_named_organisation_without_document_is_not_flagged(dated: tuple[Finding, ...]) -> None:
    assert "mexgov" not in by_check(dated, "sourcing")
