"""End to end on articles of our own writing: every titled person, source or mention.

``tests/fixtures/articles/`` holds fictional articles in three styles — wire copy of
2025 (current and returned leaders, abbreviations, one out-of-date title), a 2019
newspaper retrospective of the 2008 crash (historical sentences, one past-tense sentence of
unplaced time), and a 2026 podcast transcript (titles of people who are no attribution
sources: "then-President Barack Obama", "Vice President Joseph R. Biden Jr."). The table
gives the verdict every titled person must get; nothing else may be contradicted.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import sourcecheck
from sourcecheck.records import Report, Status
from sourcecheck.settings import Settings

ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"

C, U, K = Status.CONTRADICTED, Status.UNVERIFIABLE, Status.CONSISTENT

EXPECTED: dict[str, dict[str, Status]] = {
    "summit-wire-2025.txt": {
        "NATO Secretary General Mark Rutte": K,
        "U.S. President Donald Trump": K,
        "Israel's Prime Minister Benjamin Netanyahu": K,
        "Brazilian President Luiz Inácio Lula da Silva": K,
        "British Prime Minister Rishi Sunak": C,
        "Sen. Elizabeth Warren": K,
        "Florida Gov. Ron DeSantis": U,  # the KB's governor record stops in 2022
        "Former President Joe Biden": K,
    },
    "crash-retrospective-2019.txt": {
        "French President Nicolas Sarkozy": K,  # "With the 2008 financial crash …"
        "Australian Prime Minister Kevin Rudd": K,  # the paragraph's lead names 2008
        "British Prime Minister Gordon Brown": U,  # past tense after a 2008 passage
        "Prime Minister Boris Johnson": K,  # present tense: the article's date
        "French President Emmanuel Macron": K,
    },
    "transcript-history-2026.txt": {
        "then-President Barack Obama": K,  # a mention, no attribution
        "Vice President Joseph R. Biden Jr.": K,  # never read as "President"
        # back in office, but a mention: said, not judged
        "former President Donald Trump": U,
    },
}


@pytest.fixture(scope="module")
def reports(kb_path: str) -> dict[str, Report]:
    return {
        name: sourcecheck.audit(ARTICLES / name, settings=Settings(kb_path=kb_path))
        for name in EXPECTED
    }


def _on(report: Report, finding_span_or_id: tuple[str | None, str | None]) -> str:
    aid, mention = finding_span_or_id
    if mention is not None:
        return mention
    by_id = {a.id: a for a in report.attributions}
    source = by_id[aid].source if aid else None
    assert source is not None
    return source.span.text


def verdicts(report: Report) -> dict[str, Status]:
    out: dict[str, Status] = {}
    for finding in report.findings:
        if finding.check != "title_at_date":
            continue
        mention = finding.span.text if finding.span is not None else None
        out[_on(report, (finding.attribution_id, mention))] = finding.status
    return out


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_titled_person_gets_the_right_verdict(name: str, reports: dict[str, Report]) -> None:
    found = verdicts(reports[name])
    for written, status in EXPECTED[name].items():
        matches = [s for on, s in found.items() if on.startswith(written)]
        assert matches, f"{written!r} not checked; checked: {sorted(found)}"
        assert matches[0] is status, (written, matches[0], found)
    contradicted = {on for on, s in found.items() if s is Status.CONTRADICTED}
    expected = {w for w, s in EXPECTED[name].items() if s is Status.CONTRADICTED}
    assert {on for on in contradicted if not any(on.startswith(w) for w in expected)} == set()


def test_mention_findings_carry_their_span_and_no_attribution(
    reports: dict[str, Report],
) -> None:
    report = reports["transcript-history-2026.txt"]
    mentions = [f for f in report.findings if f.check == "title_at_date" and f.span is not None]
    assert mentions
    for finding in mentions:
        assert finding.attribution_id is None
        assert finding.span is not None
        assert report.article.text[finding.span.start : finding.span.end] == finding.span.text


def test_evidence_links_are_http(reports: dict[str, Report]) -> None:
    for report in reports.values():
        for finding in report.findings:
            for item in finding.evidence:
                assert item.url is None or item.url.startswith(("https://", "http://"))
