"""sourcing: vague and anonymous sources, cited documents with and without a trace."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from checks.builders import span, titled
from sourcecheck.checks import run_checks
from sourcecheck.checks.sourcing import statement_groups
from sourcecheck.extract import extract_attributions
from sourcecheck.records import (
    Article,
    Attribution,
    AttributionKind,
    Link,
    Source,
    SourceKind,
    Status,
)

if TYPE_CHECKING:
    from spacy.language import Language

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


# ------------------------------------------------------------ one verdict per statement


def att(
    text: str,
    aid: str,
    content: str,
    *,
    kind: AttributionKind = AttributionKind.INDIRECT,
    cue: str | None = None,
    source: str | None = None,
    source_kind: SourceKind = SourceKind.PERSON,
    name: str | None = None,
    medium: str | None = None,
    parent: str | None = None,
    continues: str | None = None,
    at: str = "",
) -> Attribution:
    """An attribution located in ``text`` from the first occurrence of ``at`` on."""
    base = text.index(at)
    s = span(text, source, base) if source else None
    return Attribution(
        id=aid,
        kind=kind,
        content=span(text, content, base),
        cue=span(text, cue, base) if cue else None,
        source=Source(s, source_kind, name) if s else None,
        medium=medium,
        parent=parent,
        continues=continues,
    )


HALVES = (
    "In a statement on social media, Foreign Minister Ada Quill emphasized the port’s safety, "
    "stating, “The port will always be open to those in need.”"
)
CONTINUED = (
    "“The pier is safe,” the harbour master Tom Reyes said in an interview. "
    "“It will reopen before the summer.”"
)
NESTED = (
    "According to a report by the Harbour Board, chief engineer Tom Reyes argues that the "
    "pier is unsafe."
)
TOLD = "The mayor said officials told her that the audit was late."
TWO_STATEMENTS = (
    "Ada Quill said in a 2020 report that taxes would fall, but in a podcast last week "
    "Ada Quill said that spending would rise."
)
ADDING = (
    "Officials who asked not to be named described the audit as late, warning that it "
    "could cost millions."
)


def _cases() -> dict[str, tuple[str, tuple[Attribution, ...], list[tuple[str, ...]]]]:
    h, c, n, t, two, a = HALVES, CONTINUED, NESTED, TOLD, TWO_STATEMENTS, ADDING
    return {
        # indirect and direct halves of one statement: one source, one sentence
        "halves": (
            h,
            (
                att(
                    h,
                    "indirect",
                    "the port’s safety",
                    cue="emphasized",
                    source="Foreign Minister Ada Quill",
                    name="Ada Quill",
                    medium="statement",
                ),
                att(
                    h,
                    "direct",
                    "“The port will always be open to those in need.”",
                    kind=AttributionKind.DIRECT,
                    cue="stating",
                    source="Foreign Minister Ada Quill",
                    name="Ada Quill",
                    medium="statement",
                ),
            ),
            [("indirect", "direct")],
        ),
        # a quote with no cue of its own continues the one before
        "continuation": (
            c,
            (
                att(
                    c,
                    "first",
                    "“The pier is safe,”",
                    kind=AttributionKind.DIRECT,
                    cue="said",
                    source="the harbour master Tom Reyes",
                    name="Tom Reyes",
                    medium="interview",
                ),
                att(
                    c,
                    "second",
                    "“It will reopen before the summer.”",
                    kind=AttributionKind.DIRECT,
                    continues="first",
                ),
            ),
            [("first", "second")],
        ),
        # an "according to" frame and the attribution nested in it
        "according_to": (
            n,
            (
                att(
                    n,
                    "frame",
                    "chief engineer Tom Reyes argues that the pier is unsafe",
                    kind=AttributionKind.ACCORDING_TO,
                    cue="According to",
                    source="a report by the Harbour Board",
                    source_kind=SourceKind.ORGANISATION,
                    name="Harbour Board",
                    medium="report",
                ),
                att(
                    n,
                    "nested",
                    "that the pier is unsafe",
                    cue="argues",
                    source="chief engineer Tom Reyes",
                    name="Tom Reyes",
                    parent="frame",
                ),
            ),
            [("frame", "nested")],
        ),
        # nested in a "said": the officials' statement is another one
        "nested_said": (
            t,
            (
                att(
                    t,
                    "mayor",
                    "officials told her that the audit was late",
                    cue="said",
                    source="The mayor",
                ),
                att(
                    t,
                    "officials",
                    "that the audit was late",
                    cue="told",
                    source="officials",
                    source_kind=SourceKind.ANONYMOUS,
                    parent="mayor",
                ),
            ),
            [("mayor",), ("officials",)],
        ),
        # one source, one sentence, but two statements in two documents
        "two_statements": (
            two,
            (
                att(
                    two,
                    "report",
                    "that taxes would fall",
                    cue="said",
                    source="Ada Quill",
                    name="Ada Quill",
                ),
                att(
                    two,
                    "podcast",
                    "that spending would rise",
                    cue="said",
                    source="Ada Quill",
                    name="Ada Quill",
                    at="in a podcast",
                ),
            ),
            [("report",), ("podcast",)],
        ),
        # "described …, warning that …": one statement of one anonymous source
        "adding": (
            a,
            (
                att(
                    a,
                    "described",
                    "the audit as late",
                    cue="described",
                    source="Officials who asked not to be named",
                    source_kind=SourceKind.ANONYMOUS,
                ),
                att(
                    a,
                    "warning",
                    "that it could cost millions",
                    cue="warning",
                    source="Officials who asked not to be named",
                    source_kind=SourceKind.ANONYMOUS,
                ),
            ),
            [("described", "warning")],
        ),
    }


CASES = list(_cases())


@pytest.mark.parametrize("case", CASES)
def test_statement_groups(case: str) -> None:
    text, atts, groups = _cases()[case]
    found = statement_groups(Article(text=text), atts)
    assert [tuple(a.id for a in g) for g in found] == groups


@pytest.mark.parametrize("case", CASES)
def test_one_sourcing_finding_per_statement(fixture_kb_path: str, case: str) -> None:
    text, atts, groups = _cases()[case]
    findings = [
        f
        for f in run_checks(Article(text=text), atts, kb_path=fixture_kb_path)
        if f.check == "sourcing"
    ]
    covered = [f.covers or (f.attribution_id,) for f in findings]
    for group in groups:
        hits = [c for c in covered if set(c) & set(group)]
        assert len(hits) <= 1, f"{group} has {len(hits)} sourcing findings"
        if hits and len(group) > 1:
            assert hits[0] == group, "a finding covers every member, first one first"
    for f in findings:
        assert f.attribution_id == (f.covers or (f.attribution_id,))[0]


def test_halves_get_the_verdict_of_the_whole_statement(fixture_kb_path: str) -> None:
    """The quoted half is no quoted title of the statement the indirect half cites."""
    text, atts, _ = _cases()["halves"]
    findings = run_checks(Article(text=text), atts, kb_path=fixture_kb_path)
    (finding,) = [f for f in findings if f.check == "sourcing"]
    assert finding.status is Status.UNVERIFIABLE
    assert "statement has no identifying detail" in finding.explanation
    assert finding.attribution_id == "indirect"
    assert finding.covers == ("indirect", "direct")


def test_nested_in_according_to_shares_the_frame_verdict(fixture_kb_path: str) -> None:
    text, atts, _ = _cases()["according_to"]
    findings = run_checks(Article(text=text), atts, kb_path=fixture_kb_path)
    (finding,) = [f for f in findings if f.check == "sourcing"]
    assert (finding.attribution_id, finding.covers) == ("frame", ("frame", "nested"))
    assert "report has no identifying detail" in finding.explanation


def test_nested_in_said_keeps_its_own_verdict(fixture_kb_path: str) -> None:
    text, atts, _ = _cases()["nested_said"]
    findings = run_checks(Article(text=text), atts, kb_path=fixture_kb_path)
    (finding,) = [f for f in findings if f.check == "sourcing"]
    assert finding.attribution_id == "officials"
    assert "anonymous" in finding.explanation
    assert finding.covers == ()


def test_a_statement_is_never_both_traceable_and_untraceable(fixture_kb_path: str) -> None:
    text, atts, _ = _cases()["halves"]
    # the same halves, given in the reverse order of the text
    findings = run_checks(Article(text=text), atts[::-1], kb_path=fixture_kb_path)
    statuses = {f.status for f in findings if f.check == "sourcing"}
    assert statuses == {Status.UNVERIFIABLE}


@pytest.mark.shared
def test_showcase_barcena_statement_has_one_sourcing_finding(
    peru_text: str, nlp: Language, kb_path: str
) -> None:
    """End to end (the model): Bárcena's one statement, indirect and direct halves."""
    article = Article(text=peru_text)
    atts = extract_attributions(article, nlp)
    barcena = [a for a in atts if a.source is not None and a.source.name == "Alicia Bárcena"]
    kinds = {a.kind for a in barcena}
    assert {AttributionKind.INDIRECT, AttributionKind.DIRECT} <= kinds, "both halves extracted"
    ids = {a.id for a in barcena}
    findings = run_checks(article, atts, kb_path=kb_path)
    sourcing_findings = [
        f for f in findings if f.check == "sourcing" and ids & set(f.covers or (f.attribution_id,))
    ]
    (finding,) = sourcing_findings
    assert set(finding.covers) == ids
    assert finding.attribution_id == finding.covers[0]
    # The cited statement has no title, date or link a reader could use
    assert finding.status is Status.UNVERIFIABLE
    assert "statement has no identifying detail" in finding.explanation
    # and no attribution anywhere in the article gets two sourcing findings
    covered = [
        a for f in findings if f.check == "sourcing" for a in f.covers or (f.attribution_id,)
    ]
    assert len(covered) == len(set(covered))
