"""Fuzzing the whole audit and the HTML ingest (hypothesis, bounded in examples and time).

Random unicode, unbalanced quotes of every kind, control characters, very long lines and
deep HTML: the only errors allowed are ``SourcecheckError``s, and every span of a report
is exactly ``text[start:end]``.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sourcecheck
from sourcecheck.errors import SourcecheckError
from sourcecheck.ingest import article_from_html
from sourcecheck.records import Report, Span

QUOTES = ["“", "”", "‘", "’", '"', "'", "«", "»", "„", "‹", "›", "`"]
WORDS = [
    "said",
    "told",
    "the",
    "minister",
    "President",
    "Ana",
    "Ruiz",
    "according",
    "to",
    "report",
    "“We",
    "will”",
    "not",
    ".",
    ",",
    "—",
    "\n",
    "\n\n",
    "HANOI,",
    "(AP)",
    "Sen.",
    "former",
    "then-",
    "2019",
    "last",
    "year",
    "tweeted",
    "she",
    "he",
    "added",
    ":",
]
PIECES = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(QUOTES),
    st.text(min_size=1, max_size=12),
    st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "Po", "Pi", "Pf"]),
)
ARTICLES = st.lists(PIECES, min_size=1, max_size=120).map(" ".join)


def _spans(report: Report) -> list[Span]:
    out: list[Span] = []
    for a in report.attributions:
        out += [a.content, *(s for s in (a.cue, a.via) if s is not None)]
        if a.source is not None:
            out += [a.source.span]
            out += [s for s in (a.source.title, a.source.jurisdiction, a.source.antecedent) if s]
        out += [n.span for n in a.numbers] + [t.span for t in a.time_expressions]
    out += [f.span for f in report.findings if f.span is not None]
    return out


def _check(report: Report) -> None:
    text = report.article.text
    for span in _spans(report):
        assert text[span.start : span.end] == span.text, span


@pytest.mark.slow
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)
@given(ARTICLES)
def test_audit_never_crashes_and_spans_match(text: str) -> None:
    try:
        report = sourcecheck.audit(text, date="2025-06-01")
    except SourcecheckError:
        return
    _check(report)


@pytest.mark.slow
@settings(max_examples=40, deadline=None, derandomize=True)
@given(st.integers(min_value=1, max_value=400), ARTICLES)
def test_deep_and_odd_html_is_read_or_refused_cleanly(depth: int, text: str) -> None:
    html = "<html><body>" + "<div>" * depth + f"<p>{text}</p>" + "</div>" * depth + "</body></html>"
    try:
        article = article_from_html(html)
    except SourcecheckError:
        return
    assert article.text
    for link in article.links:
        assert article.text[link.span.start : link.span.end] == link.span.text


@pytest.mark.slow
def test_a_long_line_of_quote_marks_is_bounded() -> None:
    # 2,000 straight quotes: read or refused, never a hang (the tokenizer's suffix search).
    text = "The mayor said " + '"' * 2000 + " and left."
    try:
        report = sourcecheck.audit(text)
    except SourcecheckError:
        return
    _check(report)
