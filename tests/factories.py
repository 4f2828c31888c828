"""Hand-built records for tests that must not depend on the NLP model."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sourcecheck.records import (
    Article,
    Attribution,
    AttributionKind,
    Category,
    DateSource,
    Evidence,
    Finding,
    Link,
    NumberMention,
    Report,
    Source,
    SourceKind,
    Span,
    Status,
    TimeExpression,
)

SAMPLE_TEXT = (
    "Harbour Minister Ada Quill said on Monday that the pier would reopen. "
    "“We are ready,” she said. "
    "According to a 2021 survey by the Coastal Institute, 62 percent of residents use the pier. "
    "Critics say the repairs were rushed. "
    "The pier opened in 1998 under then-Mayor Tom Reed."
)
#: A link long enough that a report that cuts URLs would cut it.
KB_URL = (
    "https://github.com/example/harbour-data/blob/"
    "0123456789abcdef0123456789abcdef01234567/data/ministers.csv#L12"
)


def span_of(text: str, needle: str, start: int = 0) -> Span:
    """The span of the first ``needle`` at or after ``start``; fails loudly when absent."""
    i = text.index(needle, start)
    return Span(i, i + len(needle), needle)


def sample_report() -> Report:
    """A small report with every field filled and one finding of each status.

    Besides the attribution findings it has one (consistent) finding on a titled person
    mention outside any attribution, and evidence with and without a URL.
    """
    t = SAMPLE_TEXT
    article = Article(
        text=t,
        path="sample.txt",
        title="Pier to reopen",
        date=dt.date(2024, 5, 6),
        date_source=DateSource.FRONT_MATTER,
        outlet="Test Gazette",
        url="https://example.org/pier",
        sha256="0" * 64,
        links=(Link(span_of(t, "Coastal Institute"), "https://example.org/survey"),),
    )
    quill = Source(
        span=span_of(t, "Harbour Minister Ada Quill"),
        kind=SourceKind.PERSON,
        name="Ada Quill",
        title=span_of(t, "Minister"),
        jurisdiction=span_of(t, "Harbour"),
    )
    a1 = Attribution(
        id="a1",
        kind=AttributionKind.INDIRECT,
        content=span_of(t, "the pier would reopen"),
        cue=span_of(t, "said"),
        source=quill,
        medium="statement",
        time_expressions=(TimeExpression(span_of(t, "on Monday"), "date"),),
    )
    she = span_of(t, "she")
    a2 = Attribution(
        id="a2",
        kind=AttributionKind.DIRECT,
        content=span_of(t, "“We are ready,”"),
        cue=span_of(t, "said", she.end),
        source=Source(span=she, kind=SourceKind.PERSON, name="Ada Quill", antecedent=quill.span),
    )
    a3 = Attribution(
        id="a3",
        kind=AttributionKind.STATISTIC,
        content=span_of(t, "62 percent of residents use the pier"),
        cue=span_of(t, "According to"),
        source=Source(
            span=span_of(t, "a 2021 survey by the Coastal Institute"),
            kind=SourceKind.ORGANISATION,
            name="Coastal Institute",
        ),
        medium="survey",
        via=span_of(t, "Coastal Institute"),
        numbers=(NumberMention(62.0, "percent", span_of(t, "62 percent")),),
        time_expressions=(TimeExpression(span_of(t, "2021"), "year", year=2021),),
        category=Category.DOCUMENT,
    )
    a4 = Attribution(
        id="a4",
        kind=AttributionKind.INDIRECT,
        content=span_of(t, "the repairs were rushed"),
        cue=span_of(t, "say"),
        source=Source(span=span_of(t, "Critics"), kind=SourceKind.VAGUE, name="Critics"),
    )
    kb_row = Evidence(
        kind="kb_term",
        description="Ada Quill — Harbour Minister, 2019-01-01 to 2023-12-31",
        source="test fixture",
        as_of=dt.date(2024, 1, 1),
        data=(("person", "Ada Quill"), ("end", "2023-12-31")),
        url=KB_URL,
    )
    findings = (
        Finding(
            "title_at_date",
            Status.CONTRADICTED,
            "Ada Quill left office on 2023-12-31.",
            "a1",
            (kb_row,),
        ),
        Finding(
            "title_at_date", Status.CONSISTENT, "Resolved to the same speaker.", "a2", (kb_row,)
        ),
        Finding(
            "sourcing",
            Status.UNVERIFIABLE,
            "A vague group is cited.",
            "a4",
            (Evidence("article", "source is a vague group", "article text"),),
        ),
        Finding(
            "title_at_date",
            Status.CONSISTENT,
            "Tom Reed was Mayor in 1998.",
            None,
            (
                Evidence(
                    kind="kb_term",
                    description="Tom Reed — Mayor, 1995-01-01 to 2001-12-31",
                    source="Wikidata",
                    as_of=dt.date(2024, 1, 1),
                    data=(("person", "Tom Reed"),),
                    url="https://www.wikidata.org/wiki/Q4115189",
                ),
            ),
            span=span_of(t, "then-Mayor Tom Reed"),
        ),
    )
    return Report(article=article, attributions=(a1, a2, a3, a4), findings=findings)


#: Two more sentences: a belief ("fear") and an other ("sought") attribution.
HIDDEN_TEXT = SAMPLE_TEXT + " Residents fear the pier will close again. The council sought funds."


def hidden_report() -> Report:
    """:func:`sample_report` plus a belief and an other attribution (hidden by default).

    The other one (a6) has a finding of its own; a finding covers a1 and a2 (one statement).
    """
    base = sample_report()
    t = HIDDEN_TEXT
    article = dataclasses.replace(base.article, text=t)
    a5 = Attribution(
        id="a5",
        kind=AttributionKind.INDIRECT,
        content=span_of(t, "the pier will close again"),
        cue=span_of(t, "fear"),
        source=Source(span=span_of(t, "Residents"), kind=SourceKind.VAGUE, name="Residents"),
        category=Category.BELIEF,
    )
    a6 = Attribution(
        id="a6",
        kind=AttributionKind.INDIRECT,
        content=span_of(t, "funds"),
        cue=span_of(t, "sought"),
        source=Source(span=span_of(t, "The council"), kind=SourceKind.ORGANISATION),
        category=Category.OTHER,
    )
    a2 = dataclasses.replace(base.attributions[1], continues="a1")
    findings = (
        *base.findings,
        Finding(
            "sourcing",
            Status.UNVERIFIABLE,
            "The council is not named.",
            "a6",
            (Evidence("article", "source is a generic body", "article text"),),
        ),
        Finding(
            "quote_integrity",
            Status.CONSISTENT,
            "Both halves are one statement.",
            "a1",
            (Evidence("article", "same speaker and sentence", "article text"),),
            covers=("a1", "a2"),
        ),
    )
    attributions = (base.attributions[0], a2, *base.attributions[2:], a5, a6)
    return Report(article=article, attributions=attributions, findings=findings)
