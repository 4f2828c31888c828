"""quote_origin end to end: our own articles audited against a real store's quote index.

The reference corpus is three earlier articles (tests/fixtures/origin/reference, 2010 to
2020) audited and stored in a fresh SQLite store; each test article is then audited with
``Settings(quote_store=…)``. The articles (all written for these tests):

* a wire story giving the harbour minister's 2019 quote to the council leader;
* a newspaper story that cuts the quote's "unless …" condition;
* a blog post placing the 2019 quote in 2012 (the corpus reaches back to 2010).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sourcecheck import audit_file
from sourcecheck.checks.origin import SKIPPED_NOTE
from sourcecheck.cli import app
from sourcecheck.records import Finding, Report, Status
from sourcecheck.report.claimreview import claim_reviews
from sourcecheck.report.html import render_html
from sourcecheck.report.markdown import to_markdown
from sourcecheck.settings import Settings
from sourcecheck.store import open_store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "origin"


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory, fixture_kb_path: str) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('origin') / 'reference.db'}"
    store = open_store(url)
    for path in sorted((FIXTURES / "reference").glob("*.txt")):
        store.add_report(audit_file(path, settings=Settings(kb_path=fixture_kb_path)))
    return url


def audited(name: str, url: str | None, kb: str) -> Report:
    return audit_file(FIXTURES / name, settings=Settings(kb_path=kb, quote_store=url))


def origin(report: Report) -> Finding:
    (finding,) = [f for f in report.findings if f.check == "quote_origin"]
    return finding


def test_the_reference_store_indexes_the_earlier_quotes(store_url: str) -> None:
    info = open_store(store_url).quote_corpus().info()
    assert info.articles == 3 and info.quotes >= 4
    assert (info.first_date.isoformat() if info.first_date else None) == "2010-04-12"


def test_a_wire_story_giving_the_quote_to_someone_else(
    store_url: str, fixture_kb_path: str
) -> None:
    report = audited("wire-misattributed.txt", store_url, fixture_kb_path)
    finding = origin(report)
    assert finding.status is Status.CONTRADICTED
    assert "misattributed: first seen The Harbour Post, 2019-03-02, credited to Ada Quill" in (
        finding.explanation
    )
    data = dict(finding.evidence[0].data)
    assert (data["speaker"], data["date"], data["url"]) == (
        "Ada Quill",
        "2019-03-02",
        "https://harbour-post.example/2019/03/02/terminal-closure",
    )
    assert len(data["article_id"]) == 64
    assert report.notes == ()
    (review,) = [r for r in claim_reviews(report) if r["identifier"].endswith(":quote_origin")]
    assert review["claimReviewed"].startswith("We will not close the ferry terminal")
    assert review["itemReviewed"]["author"]["name"] == "Tom Reed"
    assert review["itemReviewed"]["firstAppearance"]["author"]["name"] == "Ada Quill"


def test_a_story_that_cuts_the_condition_off_a_quote(store_url: str, fixture_kb_path: str) -> None:
    report = audited("newspaper-shortened.txt", store_url, fixture_kb_path)
    finding = origin(report)
    assert finding.status is Status.CONTRADICTED
    assert "“unless the state covers the fuel bill” dropped" in finding.explanation
    page = render_html(report)
    assert "<del>unless the state covers the fuel bill</del>" in page
    assert "~~unless the state covers the fuel bill~~" in to_markdown(report)


def test_a_blog_citing_a_quote_before_it_was_said(store_url: str, fixture_kb_path: str) -> None:
    finding = origin(audited("blog-anachronism.txt", store_url, fixture_kb_path))
    assert finding.status is Status.CONTRADICTED
    assert "places it at 2012" in finding.explanation
    assert "earliest appearance in the store" in finding.explanation


def test_an_earlier_article_is_traced_to_itself_only(store_url: str, fixture_kb_path: str) -> None:
    report = audited("reference/2019-quill-terminal.txt", store_url, fixture_kb_path)
    findings = [f for f in report.findings if f.check == "quote_origin"]
    assert findings and all(f.status is Status.UNVERIFIABLE for f in findings)
    assert any("found only in this article" in f.explanation for f in findings)


def test_without_a_store_the_check_is_skipped_and_the_report_says_so(
    fixture_kb_path: str,
) -> None:
    report = audited("wire-misattributed.txt", None, fixture_kb_path)
    assert not any(f.check == "quote_origin" for f in report.findings)
    assert report.notes == (SKIPPED_NOTE,)
    assert "quote_origin was skipped" in to_markdown(report)


def test_the_check_command_traces_quotes_with_store(store_url: str, fixture_kb_path: str) -> None:
    runner = CliRunner()
    args = ["check", str(FIXTURES / "wire-misattributed.txt"), "--kb", fixture_kb_path]
    with_store = runner.invoke(app, [*args, "--store", store_url, "--format", "json"])
    assert with_store.exit_code in (0, 1), with_store.output
    data = json.loads(with_store.stdout)
    statuses = [f["status"] for f in data["findings"] if f["check"] == "quote_origin"]
    assert statuses == ["contradicted"] and data["notes"] == []
    without = runner.invoke(app, [*args, "--format", "json"])
    assert json.loads(without.stdout)["notes"] == [SKIPPED_NOTE]


def test_a_store_that_cannot_be_opened_fails_once(tmp_path: Path) -> None:
    article = FIXTURES / "wire-misattributed.txt"
    bad = tmp_path / "not-a-db.db"
    bad.write_bytes(b"this is no database" * 100)
    result = CliRunner().invoke(app, ["check", str(article), "--store", str(bad)])
    assert result.exit_code != 0
    assert "not-a-db.db" in result.output
