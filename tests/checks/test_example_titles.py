"""End to end on the project's own example article: exactly the two stale titles are flagged.

``examples/ocean-plastics-talks.txt`` (dated 2023-06-14, written for sourcecheck) gives two
titles their holders no longer held: German Chancellor Angela Merkel (term 2005–2021) and
British Prime Minister Boris Johnson (one record leaves his term open as of 2022-07-23, a later
one ends it in 2022). Every other stated title must not be flagged.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import sourcecheck
from sourcecheck.records import Report, Status
from sourcecheck.settings import Settings

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ocean-plastics-talks.txt"


@pytest.fixture(scope="module")
def report(kb_path: str) -> Report:
    return sourcecheck.audit(EXAMPLE, settings=Settings(kb_path=kb_path))


def titled_as(report: Report, status: Status) -> set[tuple[str, str]]:
    """(name, title with its place as written) of the title findings with ``status``."""
    by_id = {a.id: a for a in report.attributions}
    out = set()
    for finding in report.findings:
        if finding.check != "title_at_date" or finding.status is not status:
            continue
        assert finding.attribution_id is not None
        source = by_id[finding.attribution_id].source
        assert source is not None and source.name and source.title
        place = f"{source.jurisdiction.text} " if source.jurisdiction else ""
        out.add((source.name, place + source.title.text))
    return out


def test_exactly_merkel_and_johnson_are_contradicted(report: Report) -> None:
    assert titled_as(report, Status.CONTRADICTED) == {
        ("Angela Merkel", "German Chancellor"),
        ("Boris Johnson", "British Prime Minister"),
    }


def test_contradictions_rest_on_dated_records(report: Report) -> None:
    contradicted = [
        f for f in report.findings if f.check == "title_at_date" and f.status is Status.CONTRADICTED
    ]
    assert len(contradicted) == 2
    for finding in contradicted:
        assert "2023-06-14" in finding.explanation
        assert finding.evidence and all(
            e.source and e.as_of for e in finding.evidence if e.kind == "kb_term"
        )


@pytest.mark.parametrize(
    "name", ["Emmanuel Macron", "Ursula von der Leyen"], ids=["macron", "von-der-leyen"]
)
def test_current_officeholders_are_consistent(report: Report, name: str) -> None:
    assert name in {n for n, _ in titled_as(report, Status.CONSISTENT)}
