"""The whole audit on real news text: every PolNeAR dev article, end to end.

Extraction, enrichment, the checks and the JSON report run on each of the 84 dev
articles (a crash on one real article is what this catches: the title reader once raised
on "the deputy head of China’s delegation"); every report validates against the committed
schema, every span indexes the article text, and the report reads back unchanged.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from sourcecheck.audit import audit_article
from sourcecheck.ingest import article_from_text
from sourcecheck.records import Report, Span
from sourcecheck.report.json import report_from_dict, report_to_dict
from sourcecheck.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((REPO / "docs" / "report.schema.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def reports(shared_dir: Path) -> list[Report]:
    texts = sorted((shared_dir / "benchmarks" / "polnear" / "dev" / "text").glob("*.txt"))
    if not texts:
        pytest.skip("PolNeAR dev texts are absent")
    settings = Settings()
    return [audit_article(article_from_text(p.read_text("utf-8")), settings) for p in texts]


def _spans(report: Report) -> list[Span]:
    out: list[Span] = []
    for a in report.attributions:
        out += [s for s in (a.content, a.cue, a.via) if s is not None]
        if a.source is not None:
            out += [s for s in (a.source.span, a.source.antecedent) if s is not None]
            out += [s for s in (a.source.title, a.source.jurisdiction) if s is not None]
        out += [n.span for n in a.numbers] + [t.span for t in a.time_expressions]
    return out


def test_every_dev_article_is_audited(reports: list[Report]) -> None:
    assert len(reports) == 84
    assert sum(len(r.attributions) for r in reports) > 1500
    assert sum(len(r.findings) for r in reports) > 100


def test_every_report_validates_and_reads_back(reports: list[Report]) -> None:
    for report in reports:
        data = report_to_dict(report)
        jsonschema.validate(data, SCHEMA)
        assert report_to_dict(report_from_dict(json.loads(json.dumps(data)))) == data


def test_every_span_indexes_the_article(reports: list[Report]) -> None:
    for report in reports:
        text = report.article.text
        for span in _spans(report):
            assert text[span.start : span.end] == span.text
