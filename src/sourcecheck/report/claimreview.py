"""schema.org ClaimReview JSON-LD for the findings a fact-checker has to act on.

One ClaimReview per contradicted or unverifiable finding that belongs to an
attribution: the claim is the attribution as the article writes it (source, cue and
content), the rating's ``alternateName`` is the verdict, and the reviewed item is a
``Claim`` whose ``author`` is the attribution's source and whose ``appearance`` is
the article.

A finding on a titled person mention (no attribution, a ``span``) reviews the
sentence the mention is in: the article itself makes that claim, so the claim's
``author`` is the article's author when it has one. Article-level findings have no
claim to review and are left out.

A ``quote_origin`` finding (a misattributed or altered quote) reviews the quote itself:
``claimReviewed`` is the quoted words, the claim's ``author`` the speaker the article
credits, and its ``firstAppearance`` the earliest appearance the corpus knows.

URLs (the review's ``url``, the article's, evidence ``citation`` links) are written
only when they are http(s).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sourcecheck.records import Article, Attribution, Finding, Report, SourceKind, Status
from sourcecheck.report.common import (
    covered,
    excerpt,
    http_url,
    origin_of,
    sentence_around,
    sorted_findings,
)
from sourcecheck.report.html import mention_anchor, panel_anchor

#: Verdicts that get a ClaimReview, with the rating on a 1 (false) … 5 (true) scale.
#: Unverifiable sits in the middle: the claim is neither supported nor refuted.
RATINGS: dict[Status, tuple[int, str]] = {
    Status.CONTRADICTED: (1, "Contradicted"),
    Status.UNVERIFIABLE: (3, "Unverifiable"),
}
#: The check whose findings review a quote rather than the attribution.
ORIGIN_CHECK = "quote_origin"
#: Longest ``claimReviewed`` text kept (whole sentences can be long).
CLAIM_LIMIT = 500

JSONDict = dict[str, Any]


def _claim_text(text: str, att: Attribution) -> str:
    """The attribution as written: from its first to its last span, on one line."""
    spans = [att.content]
    if att.cue is not None:
        spans.append(att.cue)
    if att.source is not None:
        spans.append(att.source.span)
    start = min(s.start for s in spans)
    end = max(s.end for s in spans)
    return excerpt(text[start:end], CLAIM_LIMIT)


def _author(att: Attribution) -> JSONDict | None:
    source = att.source
    if source is None:
        return None
    kind = "Organization" if source.kind is SourceKind.ORGANISATION else "Person"
    name = source.name or source.span.text
    # Unnamed sources (anonymous, vague) stay Persons named as written
    # ("a senior EU official"): schema.org wants a Person or an Organization here.
    author: JSONDict = {"@type": kind, "name": name}
    if source.title is not None:
        author["jobTitle"] = source.title.text
    return author


def _article_author(article: Article) -> JSONDict | None:
    """Who makes a claim the article states itself: its author, else its outlet."""
    if article.author:
        return {"@type": "Person", "name": article.author}
    if article.outlet:
        return {"@type": "Organization", "name": article.outlet}
    return None


def _appearance(article: Article) -> JSONDict:
    work: JSONDict = {"@type": "NewsArticle"}
    if article.title:
        work["headline"] = article.title
    if http_url(article.url):
        work["url"] = article.url
    if article.date:
        work["datePublished"] = article.date.isoformat()
    if article.outlet:
        work["publisher"] = {"@type": "Organization", "name": article.outlet}
    if article.author:
        work["author"] = {"@type": "Person", "name": article.author}
    return work


def _quote_of(report: Report, finding: Finding) -> str:
    """The quoted words of the statement a ``quote_origin`` finding covers."""
    from sourcecheck.checks.origin import quote_parts

    ids = set(covered(finding))
    parts = [p for a in report.attributions if a.id in ids for p in quote_parts(a)]
    return excerpt(" … ".join(parts), CLAIM_LIMIT)


def _first_appearance(finding: Finding) -> JSONDict | None:
    """The earliest appearance a ``quote_origin`` finding names, as a CreativeWork."""
    for ev in finding.evidence:
        origin = origin_of(ev)
        if origin is None or origin.label != "first seen":
            continue
        work: JSONDict = {"@type": "CreativeWork", "name": origin.outlet}
        if origin.date != "undated":
            work["datePublished"] = origin.date
        if http_url(origin.url):
            work["url"] = origin.url
        if origin.speaker:
            work["author"] = {"@type": "Person", "name": origin.speaker}
        return work
    return None


def claim_review(
    report: Report,
    finding: Finding,
    *,
    reviewed_on: dt.date,
    url: str | None = None,
    reviewer: str = "sourcecheck",
) -> JSONDict | None:
    """The ClaimReview of one finding, or ``None`` when it has no claim to review.

    Args:
        report: The report the finding belongs to.
        finding: A contradicted or unverifiable finding on an attribution or on a
            person mention.
        reviewed_on: The review's ``datePublished``.
        url: The annotated report's page (the web app's audit page), when known; the
            review's ``url`` points at the attribution's (mention's) entry in it. Left
            out unless it is http(s).
        reviewer: The reviewing organisation's name.
    """
    if finding.status not in RATINGS:
        return None
    text = report.article.text
    if finding.attribution_id is not None:
        att = next((a for a in report.attributions if a.id == finding.attribution_id), None)
        if att is None:
            return None
        claimed = _claim_text(text, att)
        author = _author(att)
        identifier = f"{att.id}:{finding.check}"
        anchor = panel_anchor(report, att.id)
    elif finding.span is not None:
        mention = finding.span
        claimed = excerpt(sentence_around(text, mention), CLAIM_LIMIT)
        author = _article_author(report.article)
        identifier = f"mention@{mention.start}-{mention.end}:{finding.check}"
        anchor = mention_anchor(report, mention)
    else:
        return None
    value, label = RATINGS[finding.status]
    claim: JSONDict = {"@type": "Claim", "appearance": _appearance(report.article)}
    if finding.check == ORIGIN_CHECK and finding.attribution_id is not None:
        claimed = _quote_of(report, finding) or claimed
        first = _first_appearance(finding)
        if first is not None:
            claim["firstAppearance"] = first
    if author is not None:
        claim["author"] = author
    if report.article.date:
        claim["datePublished"] = report.article.date.isoformat()
    review: JSONDict = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": claimed,
        "reviewBody": finding.explanation,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": label,
        },
        "itemReviewed": claim,
        "author": {"@type": "Organization", "name": reviewer},
        "datePublished": reviewed_on.isoformat(),
        "identifier": identifier,
    }
    page = http_url(url)
    if page is not None:
        # Deep link to the attribution's (mention's) entry when the URL is the report page.
        review["url"] = f"{page}#{anchor}" if anchor and "#" not in page else page
    citations = [
        {"@type": "CreativeWork", "name": ev.source, "url": ev.url}
        for ev in finding.evidence
        if http_url(ev.url)
    ]
    if citations:
        review["citation"] = citations
    return review


def claim_reviews(
    report: Report,
    *,
    reviewed_on: dt.date | None = None,
    url: str | None = None,
) -> list[JSONDict]:
    """A ClaimReview for each contradicted or unverifiable finding, worst first.

    Args:
        report: The audited article.
        reviewed_on: The reviews' ``datePublished``; today (UTC) by default.
        url: The annotated report's page, when the reviews are published with it.
    """
    day = reviewed_on or dt.datetime.now(dt.UTC).date()
    reviews = (
        claim_review(report, finding, reviewed_on=day, url=url)
        for finding in sorted_findings(report)
    )
    return [review for review in reviews if review is not None]


def to_claimreview_json(
    report: Report, *, reviewed_on: dt.date | None = None, url: str | None = None
) -> str:
    """The ClaimReviews as one JSON-LD document (a JSON array, possibly empty)."""
    return json.dumps(
        claim_reviews(report, reviewed_on=reviewed_on, url=url), ensure_ascii=False, indent=2
    )
