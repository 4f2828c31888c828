"""How every format shows a quote's origin (date, outlet, link, word diff) and the notes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

import pytest
from rich.console import Console

from factories import sample_report
from sourcecheck.checks.quotematch import diff_json
from sourcecheck.records import Evidence, Finding, Report, Status
from sourcecheck.report.claimreview import claim_reviews
from sourcecheck.report.common import origin_of
from sourcecheck.report.html import render_html
from sourcecheck.report.json import report_from_dict, to_json
from sourcecheck.report.markdown import to_markdown
from sourcecheck.report.text import print_report

HOSTILE = "<script>alert(1)</script> *[x](javascript:alert(2))* \x1b[31m"
DIFF = (("=", "We are"), ("-", "not"), ("=", f"ready {HOSTILE}"), ("+", "now <b>"))


def _origin_evidence(url: str, *, role: str = "altered", diff: bool = True) -> Evidence:
    data = [
        ("role", role),
        ("date", "2019-03-02"),
        ("outlet", f"The Harbour Post {HOSTILE}"),
        ("url", url),
        ("speaker", "Ada Quill"),
        ("corpus", "store"),
    ]
    if diff:
        data.append(("diff", diff_json(DIFF)))
    return Evidence(
        "quote_origin",
        f"“We are not ready” — Ada Quill {HOSTILE}",
        "The Harbour Post",
        as_of=dt.date(2019, 3, 2),
        data=tuple(data),
        url=url,
    )


def report_with(url: str = "https://harbour-post.example/2019/ready", **kw: str) -> Report:
    base = sample_report()
    finding = Finding(
        "quote_origin",
        Status.CONTRADICTED,
        f"Quote origin contradicted: altered {HOSTILE}.",
        "a2",
        (_origin_evidence(url, **kw),),  # type: ignore[arg-type]
    )
    return dataclasses.replace(
        base,
        findings=(finding, *base.findings),
        notes=(f"quote_origin did not trace 1 quote {HOSTILE}",),
    )


def test_origin_of_reads_the_evidence() -> None:
    origin = origin_of(_origin_evidence("https://harbour-post.example/a"))
    assert origin is not None
    assert (origin.label, origin.date, origin.speaker, origin.diff) == (
        "first seen",
        "2019-03-02",
        "Ada Quill",
        DIFF,
    )
    assert origin_of(Evidence("kb_term", "x", "y")) is None


def test_terminal_shows_origin_diff_and_notes_without_escapes() -> None:
    console = Console(record=True, width=200, force_terminal=True)
    print_report(report_with(), console)
    out = console.export_text(styles=False)
    assert "first seen 2019-03-02 · The Harbour Post" in out
    assert "word diff: We are [-not-] ready" in out and "{+now <b>+}" in out
    assert "Notes" in out and "quote_origin did not trace 1 quote" in out
    assert "\x1b[31m" not in console.export_text(styles=False)


def test_html_shows_the_diff_as_ins_and_del_all_escaped() -> None:
    page = render_html(report_with())
    assert "<del>not</del>" in page and "<ins>now &lt;b&gt;</ins>" in page
    assert '<time datetime="2019-03-02">2019-03-02</time>' in page
    assert 'href="https://harbour-post.example/2019/ready"' in page
    assert "<script>alert(1)" not in page
    assert '<section class="notes"' in page and "quote_origin did not trace 1 quote" in page


@pytest.mark.parametrize("url", ["javascript:alert(1)", "//evil.example/x", "data:text/html,x"])
def test_a_non_http_origin_url_is_never_a_link(url: str) -> None:
    report = report_with(url)
    page = render_html(report)
    assert f'href="{url}"' not in page
    assert f"]({url})" not in to_markdown(report)


def test_markdown_shows_origin_diff_and_notes_inert() -> None:
    md = to_markdown(report_with())
    assert "first seen 2019\\-03\\-02" in md or "first seen 2019-03-02" in md
    assert "[The Harbour Post &lt;script&gt;" in md
    assert "(https://harbour-post.example/2019/ready)" in md
    assert "~~not~~" in md and "**now &lt;b&gt;**" in md
    assert "## Notes" in md
    assert "<script>" not in md
    assert re.search(r"(?<!\\)\]\(javascript:", md) is None  # only as escaped text


def test_claimreview_reviews_the_quote_with_its_first_appearance() -> None:
    report = report_with()
    (review,) = [r for r in claim_reviews(report) if r["identifier"] == "a2:quote_origin"]
    assert review["claimReviewed"] == "We are ready"
    assert review["itemReviewed"]["author"]["name"] == "Ada Quill"
    first = review["itemReviewed"]["firstAppearance"]
    assert first["datePublished"] == "2019-03-02"
    assert first["url"] == "https://harbour-post.example/2019/ready"


def test_a_report_with_origin_and_notes_round_trips_through_json() -> None:
    report = report_with()
    assert report_from_dict(json.loads(to_json(report))) == report
