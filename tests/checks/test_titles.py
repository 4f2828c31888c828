"""title_at_date on a fictional article against the fictional Freedonia knowledge base."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from checks.builders import span, titled
from sourcecheck.checks import run_checks
from sourcecheck.records import Article, Attribution, Finding, Status

TEXT = (
    "Freedonia's Foreign Minister Tomás Ríos said the treaty was fair. "
    "President Carla Soto told reporters that talks would resume. "
    "Former Foreign Minister Lía Ortega said the deal was rushed. "
    "In March 2016, then-Foreign Minister Marta Núñez warned of a drought. "
    "Incoming President Iván Mora promised reform. "
    "Health Minister Hugo Paz said hospitals were ready. "
    "Economist Pia Lund said prices would rise. "
    "Freedonia's Foreign Minister Ximena Vale said nothing had changed. "
    "President Bruno Vidal said the bridge was open."
)


def attributions() -> tuple[Attribution, ...]:
    t = TEXT
    return (
        titled(
            t,
            "rios",
            "Freedonia's Foreign Minister Tomás Ríos",
            "Tomás Ríos",
            "Foreign Minister",
            "the treaty was fair",
            jurisdiction="Freedonia's",
        ),
        titled(t, "soto", "President Carla Soto", "Carla Soto", "President", "talks would resume"),
        titled(
            t,
            "ortega",
            "Former Foreign Minister Lía Ortega",
            "Lía Ortega",
            "Foreign Minister",
            "the deal was rushed",
            qualifier="former",
        ),
        titled(
            t,
            "nunez",
            "then-Foreign Minister Marta Núñez",
            "Marta Núñez",
            "Foreign Minister",
            "of a drought",
            qualifier="then",
        ),
        titled(
            t,
            "mora",
            "Incoming President Iván Mora",
            "Iván Mora",
            "President",
            "reform",
            qualifier="incoming",
        ),
        titled(
            t,
            "paz",
            "Health Minister Hugo Paz",
            "Hugo Paz",
            "Health Minister",
            "hospitals were ready",
        ),
        titled(t, "lund", "Economist Pia Lund", "Pia Lund", "Economist", "prices would rise"),
        titled(
            t,
            "vale",
            "Freedonia's Foreign Minister Ximena Vale",
            "Ximena Vale",
            "Foreign Minister",
            "nothing had changed",
            jurisdiction="Freedonia's",
        ),
        titled(
            t, "vidal", "President Bruno Vidal", "Bruno Vidal", "President", "the bridge was open"
        ),
    )


def title_finding(findings: tuple[Finding, ...], aid: str) -> Finding:
    (found,) = [f for f in findings if f.check == "title_at_date" and f.attribution_id == aid]
    return found


@pytest.mark.parametrize(
    ("date", "aid", "status", "words"),
    [
        (dt.date(2020, 1, 1), "rios", Status.CONSISTENT, ["2019-07"]),
        (dt.date(2024, 6, 1), "rios", Status.CONTRADICTED, ["Lía Ortega"]),
        (dt.date(2022, 1, 1), "rios", Status.UNVERIFIABLE, ["only until 2021-05-01"]),
        (dt.date(2020, 6, 1), "soto", Status.CONSISTENT, []),
        (dt.date(2024, 6, 1), "soto", Status.CONTRADICTED, ["2023-01-31", "Iván Mora"]),
        (dt.date(2023, 6, 1), "ortega", Status.CONTRADICTED, ["still", "former"]),
        (dt.date(2025, 6, 1), "ortega", Status.UNVERIFIABLE, ["2024-01-01"]),
        (dt.date(2024, 6, 1), "nunez", Status.CONSISTENT, ["March 2016"]),
        (None, "nunez", Status.CONSISTENT, ["March 2016"]),
        (dt.date(2022, 6, 1), "mora", Status.UNVERIFIABLE, ["not yet"]),
        (dt.date(2018, 1, 1), "paz", Status.CONSISTENT, ["Minister of Health and Welfare"]),
        (dt.date(2022, 1, 1), "paz", Status.CONTRADICTED, ["2020-02-02"]),
        (dt.date(2022, 1, 1), "lund", Status.UNVERIFIABLE, ["occupation"]),
        (dt.date(2020, 1, 1), "vale", Status.UNVERIFIABLE, ["no term", "Tomás Ríos"]),
        (dt.date(2018, 6, 1), "vidal", Status.UNVERIFIABLE, ["year or month"]),
        (dt.date(2016, 6, 1), "vidal", Status.CONSISTENT, []),
        (None, "rios", Status.UNVERIFIABLE, ["no date"]),
    ],
)
def test_title_at_date(
    fixture_kb_path: str, date: dt.date | None, aid: str, status: Status, words: list[str]
) -> None:
    article = Article(text=TEXT, date=date)
    finding = title_finding(run_checks(article, attributions(), kb_path=fixture_kb_path), aid)
    assert finding.status is status, finding.explanation
    for word in words:
        assert word in finding.explanation
    if status is not Status.UNVERIFIABLE or aid in {"rios", "ortega", "vidal"}:
        assert finding.evidence and all(e.source and e.kind == "kb_term" for e in finding.evidence)


def test_no_title_no_name_no_finding(fixture_kb_path: str) -> None:
    t = "Officials said the border was calm."
    anonymous = titled(t, "a", "Officials", None, None, "the border was calm")
    findings = run_checks(
        Article(text=t, date=dt.date(2020, 1, 1)), (anonymous,), kb_path=fixture_kb_path
    )
    assert not [f for f in findings if f.check == "title_at_date"]


@pytest.mark.parametrize(
    ("text", "source", "name", "title", "qualifier", "date", "status"),
    [
        # A plain title is as of publication, even when the sentence names another year.
        # A plain title is checked at the time the sentence names, not the article's date.
        (
            "In 2017 Health Minister Hugo Paz said the plan had failed.",
            "Health Minister Hugo Paz",
            "Hugo Paz",
            "Health Minister",
            None,
            dt.date(2022, 1, 1),
            Status.CONSISTENT,
        ),
        (
            "In 2020 Foreign Minister Marta Núñez said the plan had failed.",
            "Foreign Minister Marta Núñez",
            "Marta Núñez",
            "Foreign Minister",
            None,
            dt.date(2022, 1, 1),
            Status.CONTRADICTED,
        ),
        # "then-" with no time named: held at some time before the article.
        (
            "Then-President Bruno Vidal said the bridge was open.",
            "Then-President Bruno Vidal",
            "Bruno Vidal",
            "President",
            "then",
            dt.date(2022, 1, 1),
            Status.CONSISTENT,
        ),
        # "former" is relative to the article's date, not to a year the sentence names.
        (
            "Former President Bruno Vidal praised the 2014 budget.",
            "Former President Bruno Vidal",
            "Bruno Vidal",
            "President",
            "former",
            dt.date(2022, 1, 1),
            Status.CONSISTENT,
        ),
    ],
)
def test_reference_time(
    fixture_kb_path: str,
    text: str,
    source: str,
    name: str,
    title: str,
    qualifier: str | None,
    date: dt.date,
    status: Status,
) -> None:
    att = titled(text, "x", source, name, title, text[-12:], qualifier=qualifier)
    finding = title_finding(
        run_checks(Article(text=text, date=date), (att,), kb_path=fixture_kb_path), "x"
    )
    assert finding.status is status, finding.explanation


def test_a_subordinate_word_before_the_title_is_kept(fixture_kb_path: str) -> None:
    # The extractor may cut "Vice" off; "Vice President Carla Soto" is not a presidency claim.
    text = "Vice President Carla Soto said the port was open."
    att = titled(text, "x", "President Carla Soto", "Carla Soto", "President", "the port was open")
    finding = title_finding(
        run_checks(Article(text=text, date=dt.date(2025, 1, 1)), (att,), kb_path=fixture_kb_path),
        "x",
    )
    assert finding.status is Status.UNVERIFIABLE
    assert "Vice President" in finding.explanation


def test_surname_alone_finds_the_one_holder_of_the_office(fixture_kb_path: str) -> None:
    text = "President Soto said the port was open."
    att = titled(text, "x", "President Soto", "Soto", "President", "the port was open")
    finding = title_finding(
        run_checks(Article(text=text, date=dt.date(2024, 6, 1)), (att,), kb_path=fixture_kb_path),
        "x",
    )
    assert finding.status is Status.CONTRADICTED
    assert "Carla Soto" in finding.explanation


def test_a_contradiction_on_a_resolved_reference_is_not_an_accusation(fixture_kb_path: str) -> None:
    text = "Carla Soto arrived. Later the president said the port was open."
    att = titled(text, "x", "the president", "Carla Soto", "president", "the port was open")
    assert att.source is not None
    resolved = dataclasses.replace(
        att, source=dataclasses.replace(att.source, antecedent=span(text, "Carla Soto"))
    )
    finding = title_finding(
        run_checks(
            Article(text=text, date=dt.date(2024, 6, 1)), (resolved,), kb_path=fixture_kb_path
        ),
        "x",
    )
    assert finding.status is Status.UNVERIFIABLE
    assert "read as Carla Soto" in finding.explanation
