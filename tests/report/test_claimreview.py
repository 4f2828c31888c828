"""ClaimReview JSON-LD: one per contradicted or unverifiable finding on an attribution."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from factories import KB_URL, sample_report
from sourcecheck.records import Evidence, Finding, Report, Span, Status
from sourcecheck.report.claimreview import claim_reviews, to_claimreview_json

DAY = dt.date(2026, 11, 26)


def test_one_review_per_contradicted_or_unverifiable_finding_worst_first() -> None:
    reviews = claim_reviews(sample_report(), reviewed_on=DAY)
    assert [(r["identifier"], r["reviewRating"]["alternateName"]) for r in reviews] == [
        ("a1:title_at_date", "Contradicted"),
        ("a4:sourcing", "Unverifiable"),
    ]


def test_contradicted_review_fields() -> None:
    report = sample_report()
    (review, _) = claim_reviews(report, reviewed_on=DAY, url="https://desk.example/audits/7")
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == (
        "Harbour Minister Ada Quill said on Monday that the pier would reopen"
    )
    assert review["reviewBody"] == "Ada Quill left office on 2023-12-31."
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "Contradicted",
    }
    assert review["datePublished"] == "2026-11-26"
    assert review["url"] == "https://desk.example/audits/7#p-a1"
    claim = review["itemReviewed"]
    assert claim["@type"] == "Claim"
    assert claim["author"] == {"@type": "Person", "name": "Ada Quill", "jobTitle": "Minister"}
    assert claim["datePublished"] == "2024-05-06"
    assert claim["appearance"] == {
        "@type": "NewsArticle",
        "headline": "Pier to reopen",
        "url": "https://example.org/pier",
        "datePublished": "2024-05-06",
        "publisher": {"@type": "Organization", "name": "Test Gazette"},
    }


def test_unknowns_are_left_out_not_invented() -> None:
    report = sample_report()
    bare = dataclasses.replace(report.article, url=None, date=None, title=None, outlet=None)
    report = dataclasses.replace(report, article=bare)
    (review, _) = claim_reviews(report, reviewed_on=DAY)
    assert "url" not in review
    assert "datePublished" not in review["itemReviewed"]
    assert review["itemReviewed"]["appearance"] == {"@type": "NewsArticle"}


@pytest.mark.parametrize(
    ("finding", "kept"),
    [
        (Finding("x", Status.CONTRADICTED, "article-level", None), False),
        (Finding("x", Status.CONTRADICTED, "unknown attribution", "zz"), False),
        (Finding("x", Status.CONSISTENT, "fine", "a3"), False),
        (Finding("x", Status.UNVERIFIABLE, "survey not found", "a3"), True),
        (Finding("x", Status.UNVERIFIABLE, "mention", None, span=Span(0, 7, "Harbour")), True),
        (Finding("x", Status.CONSISTENT, "mention", None, span=Span(0, 7, "Harbour")), False),
    ],
)
def test_which_findings_get_a_review(finding: Finding, kept: bool) -> None:
    report = dataclasses.replace(sample_report(), findings=(finding,))
    assert len(claim_reviews(report, reviewed_on=DAY)) == int(kept)


def test_organisation_source_is_an_organization() -> None:
    finding = Finding("x", Status.UNVERIFIABLE, "survey not found", "a3")
    report = dataclasses.replace(sample_report(), findings=(finding,))
    (review,) = claim_reviews(report, reviewed_on=DAY)
    assert review["itemReviewed"]["author"] == {
        "@type": "Organization",
        "name": "Coastal Institute",
    }
    assert review["reviewRating"]["ratingValue"] == 3


def test_json_document_parses_and_defaults_to_today() -> None:
    data = json.loads(to_claimreview_json(sample_report()))
    assert len(data) == 2
    assert dt.date.fromisoformat(data[0]["datePublished"]) >= DAY


def _contradicted_mention(report: Report) -> Report:
    findings = tuple(
        dataclasses.replace(f, status=Status.CONTRADICTED) if f.span else f for f in report.findings
    )
    return dataclasses.replace(report, findings=findings)


def test_mention_finding_reviews_the_sentence_it_is_in() -> None:
    report = _contradicted_mention(sample_report())
    reviews = claim_reviews(report, reviewed_on=DAY, url="https://desk.example/audits/7")
    assert [r["identifier"] for r in reviews] == [
        "a1:title_at_date",
        f"mention@{report.findings[-1].span.start}-{report.findings[-1].span.end}:title_at_date",  # type: ignore[union-attr]
        "a4:sourcing",
    ]
    review = reviews[1]
    assert review["claimReviewed"] == "The pier opened in 1998 under then-Mayor Tom Reed."
    assert review["reviewBody"] == "Tom Reed was Mayor in 1998."
    assert review["reviewRating"]["alternateName"] == "Contradicted"
    assert review["url"] == "https://desk.example/audits/7#p-m1"
    # The article states it itself: its outlet is the claim's author (no byline here).
    assert review["itemReviewed"]["author"] == {"@type": "Organization", "name": "Test Gazette"}
    assert review["itemReviewed"]["appearance"]["url"] == "https://example.org/pier"
    assert review["citation"] == [
        {
            "@type": "CreativeWork",
            "name": "Wikidata",
            "url": "https://www.wikidata.org/wiki/Q4115189",
        }
    ]


def test_attribution_reviews_cite_http_evidence_only() -> None:
    report = sample_report()
    (review, vague) = claim_reviews(report, reviewed_on=DAY)
    assert review["citation"] == [{"@type": "CreativeWork", "name": "test fixture", "url": KB_URL}]
    assert "citation" not in vague  # its evidence has no URL
    bad = Evidence("kb", "row", "kb", url="javascript:alert(1)")
    report = dataclasses.replace(
        report, findings=(Finding("x", Status.CONTRADICTED, "no", "a1", (bad,)),)
    )
    (review,) = claim_reviews(report, reviewed_on=DAY)
    assert "citation" not in review


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "//desk.example/a", "/audits/7", "ftp://x/y"]
)
def test_urls_are_left_out_unless_http(url: str) -> None:
    report = _contradicted_mention(sample_report())
    report = dataclasses.replace(report, article=dataclasses.replace(report.article, url=url))
    for review in claim_reviews(report, reviewed_on=DAY, url=url):
        assert "url" not in review
        assert "url" not in review["itemReviewed"]["appearance"]
        text = json.dumps(review)
        assert url not in text


def test_mention_claim_author_is_the_byline_when_there_is_one() -> None:
    report = _contradicted_mention(sample_report())
    report = dataclasses.replace(
        report, article=dataclasses.replace(report.article, author="Jo Writer", outlet=None)
    )
    review = next(r for r in claim_reviews(report, reviewed_on=DAY) if "mention" in r["identifier"])
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "Jo Writer"}
    bare = dataclasses.replace(report.article, author=None, outlet=None)
    review = next(
        r
        for r in claim_reviews(dataclasses.replace(report, article=bare), reviewed_on=DAY)
        if "mention" in r["identifier"]
    )
    assert "author" not in review["itemReviewed"]
