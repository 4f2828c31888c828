"""sourcing: vague and anonymous sources, cited documents with and without a trace."""

from __future__ import annotations

import pytest

from checks.builders import span, titled
from sourcecheck.checks import run_checks
from sourcecheck.records import Article, Attribution, Link, SourceKind, Status

TEXT = (
    "According to a report by the Harbour Board, the pier is unsafe. "
    "A 2021 survey by the Coastal Institute found that most residents swim daily. "
    "In a statement titled “Safe Waters”, the mayor said the beach would stay open. "
    "Officials who asked not to be named said the audit was late. "
    "Some experts believe the tide is rising. "
    "Mayor Ada Quill told the council that the budget was balanced. "
    "In a post on social media, the coastguard said the storm had passed."
)


def attributions() -> tuple[Attribution, ...]:
    t = TEXT
    return (
        titled(
            t,
            "report",
            "the Harbour Board",
            "Harbour Board",
            None,
            "the pier is unsafe",
            kind=SourceKind.ORGANISATION,
            cue="According to",
        ),
        titled(
            t,
            "survey",
            "the Coastal Institute",
            "Coastal Institute",
            None,
            "most residents swim daily",
            kind=SourceKind.ORGANISATION,
            cue="found",
        ),
        titled(
            t,
            "statement",
            "the mayor",
            "mayor",
            None,
            "the beach would stay open",
            kind=SourceKind.PERSON,
            cue="said",
        ),
        titled(
            t,
            "anonymous",
            "Officials who asked not to be named",
            None,
            None,
            "the audit was late",
            kind=SourceKind.ANONYMOUS,
            cue="said",
        ),
        titled(
            t,
            "vague",
            "Some experts",
            None,
            None,
            "the tide is rising",
            kind=SourceKind.VAGUE,
            cue="believe",
        ),
        titled(
            t, "named", "Mayor Ada Quill", "Ada Quill", None, "the budget was balanced", cue="told"
        ),
        titled(
            t,
            "post",
            "the coastguard",
            "coastguard",
            None,
            "the storm had passed",
            kind=SourceKind.ORGANISATION,
            cue="said",
            medium="social media",
        ),
    )


def sourcing(article: Article, kb_path: str) -> dict[str | None, tuple[Status, str]]:
    findings = run_checks(article, attributions(), kb_path=kb_path)
    return {f.attribution_id: (f.status, f.explanation) for f in findings if f.check == "sourcing"}


@pytest.mark.parametrize(
    ("aid", "status", "words"),
    [
        ("report", Status.UNVERIFIABLE, ["report", "no identifying detail"]),
        ("survey", Status.CONSISTENT, ["2021"]),
        ("statement", Status.CONSISTENT, ["Safe Waters"]),
        ("anonymous", Status.UNVERIFIABLE, ["anonymous"]),
        ("vague", Status.UNVERIFIABLE, ["vague"]),
        ("post", Status.UNVERIFIABLE, ["post"]),
    ],
)
def test_plain_text(fixture_kb_path: str, aid: str, status: Status, words: list[str]) -> None:
    found = sourcing(Article(text=TEXT), fixture_kb_path)
    assert found[aid][0] is status
    for word in words:
        assert word in found[aid][1]
    assert "no link" not in found[aid][1], "plain text cannot carry links"


def test_named_source_without_document_gets_no_finding(fixture_kb_path: str) -> None:
    assert "named" not in sourcing(Article(text=TEXT), fixture_kb_path)


def test_html_links_trace_documents(fixture_kb_path: str) -> None:
    link = Link(span(TEXT, "a report"), "https://harbour.example/report.pdf")
    article = Article(text=TEXT, path="story.html", links=(link,))
    found = sourcing(article, fixture_kb_path)
    assert found["report"][0] is Status.CONSISTENT
    assert "harbour.example" in found["report"][1]
    assert found["post"][0] is Status.UNVERIFIABLE
    assert "no link" in found["post"][1]


def test_document_named_in_the_sentence_before(fixture_kb_path: str) -> None:
    t = "A case study published in 2022 examined the pier. The researchers found that it leaks."
    att = titled(
        t,
        "study",
        "The researchers",
        None,
        None,
        "it leaks",
        kind=SourceKind.PERSON,
        cue="found",
        medium="study",
    )
    findings = run_checks(Article(text=t), (att,), kb_path=fixture_kb_path)
    (finding,) = [f for f in findings if f.check == "sourcing"]
    assert finding.status is Status.CONSISTENT
    assert "2022" in finding.explanation
