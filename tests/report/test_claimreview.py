"""ClaimReview JSON-LD: one per contradicted or unverifiable finding on an attribution."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from factories import sample_report
from sourcecheck.records import Finding, Status
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
