"""The JSON report: schema validity, round trip, selectors."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from factories import sample_report
from sourcecheck.report.json import SCHEMA_VERSION, report_from_dict, report_to_dict, to_json

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "report.schema.json").read_text("utf-8")
)


def test_sample_report_validates_against_committed_schema() -> None:
    data = json.loads(to_json(sample_report()))
    jsonschema.validate(data, SCHEMA)
    assert data["schema_version"] == SCHEMA_VERSION


def test_round_trip_is_exact() -> None:
    report = sample_report()
    assert report_from_dict(json.loads(to_json(report))) == report


def test_every_span_indexes_the_text() -> None:
    data = report_to_dict(sample_report())
    text = data["text"]

    def spans(node: object) -> list[dict[str, object]]:
        found = []
        if isinstance(node, dict):
            if {"start", "end", "text"} <= node.keys():
                found.append(node)
            for value in node.values():
                found.extend(spans(value))
        elif isinstance(node, list):
            for value in node:
                found.extend(spans(value))
        return found

    found = spans(data["attributions"]) + spans(data["article"]["links"])
    assert len(found) > 10
    for span in found:
        assert text[span["start"] : span["end"]] == span["text"]  # type: ignore[misc]


def test_text_quote_selector_carries_context() -> None:
    data = report_to_dict(sample_report())
    selector = data["attributions"][0]["selector"]
    assert selector["type"] == "TextQuoteSelector"
    assert selector["exact"] == "the pier would reopen"
    assert selector["prefix"].endswith("on Monday that ")
    assert selector["suffix"].startswith(". “We are ready")


def test_summary_counts_findings_by_status() -> None:
    summary = report_to_dict(sample_report())["summary"]
    assert summary == {
        "attributions": 4,
        "by_kind": {"indirect": 2, "direct": 1, "statistic": 1},
        "findings": {"consistent": 1, "contradicted": 1, "unverifiable": 1},
    }


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("attributions", 0, "kind"), "hearsay"),
        (("findings", 0, "status"), "true"),
        (("article", "date_source"), "guess"),
        (("findings", 0, "evidence"), []),
    ],
)
def test_schema_rejects_invalid_values(path: tuple[object, ...], value: object) -> None:
    data = report_to_dict(sample_report())
    node: object = data
    for key in path[:-1]:
        node = node[key]  # type: ignore[index]
    node[path[-1]] = value  # type: ignore[index]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)
