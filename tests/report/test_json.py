"""The JSON report: schema validity, round trip, selectors."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import jsonschema
import pytest

from factories import KB_URL, sample_report
from sourcecheck.records import Evidence, Finding, Report, Span, Status
from sourcecheck.report.json import SCHEMA_VERSION, report_from_dict, report_to_dict, to_json

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "report.schema.json").read_text("utf-8")
)


def _validate(data: object) -> None:
    # The format checker as well: "uri" is only checked when a URI library is installed,
    # the http(s) pattern always.
    jsonschema.validate(data, SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _mention(report: Report) -> Finding:
    (finding,) = [f for f in report.findings if f.span is not None]
    return finding


def test_sample_report_validates_against_committed_schema() -> None:
    data = json.loads(to_json(sample_report()))
    _validate(data)
    assert data["schema_version"] == SCHEMA_VERSION == "2.1"
    assert SCHEMA["$defs"]["report"]["properties"]["schema_version"] == {"const": "2.1"}


NOTE = "quote_origin was skipped: no quote store was given <b>&amp;</b>."


def test_notes_round_trip_and_validate() -> None:
    report = dataclasses.replace(sample_report(), notes=(NOTE, "second note"))
    data = report_to_dict(report)
    _validate(data)
    assert data["notes"] == [NOTE, "second note"]
    assert report_from_dict(json.loads(to_json(report))) == report


def test_schema_2_0_documents_are_read_with_no_notes_and_upgraded() -> None:
    data = report_to_dict(sample_report())
    data["schema_version"] = "2.0"
    del data["notes"]
    old = report_from_dict(data)
    assert old.notes == () and old.schema_version == "2.1"
    assert dataclasses.replace(old, schema_version="2.1") == sample_report()
    _validate(report_to_dict(old))


def test_round_trip_is_exact() -> None:
    report = sample_report()
    assert any(ev.url for f in report.findings for ev in f.evidence)
    assert _mention(report).attribution_id is None
    assert report_from_dict(json.loads(to_json(report))) == report


def test_evidence_carries_source_url_and_as_of() -> None:
    data = report_to_dict(sample_report())
    first = data["findings"][0]["evidence"][0]
    assert (first["source"], first["url"], first["as_of"]) == (
        "test fixture",
        KB_URL,
        "2024-01-01",
    )
    vague = data["findings"][2]["evidence"][0]
    assert (vague["source"], vague["url"], vague["as_of"]) == ("article text", None, None)


def test_findings_carry_attribution_id_span_and_selector() -> None:
    data = report_to_dict(sample_report())
    by_target = {(f["attribution_id"], bool(f["span"])): f for f in data["findings"]}
    assert by_target[("a1", False)]["span"] is None
    assert by_target[("a1", False)]["selector"] is None
    mention = by_target[(None, True)]
    assert mention["span"]["text"] == "then-Mayor Tom Reed"
    assert mention["selector"] == {
        "type": "TextQuoteSelector",
        "exact": "then-Mayor Tom Reed",
        "prefix": "ers were rushed. The pier opened in 1998 under "[-32:],
        "suffix": ".",
    }


def test_article_level_finding_has_neither_attribution_nor_span() -> None:
    report = sample_report()
    article = Finding("dateline", Status.UNVERIFIABLE, "No date.", None, (Evidence("a", "b", "c"),))
    report = dataclasses.replace(report, findings=(*report.findings, article))
    data = report_to_dict(report)
    _validate(data)
    assert data["findings"][-1]["span"] is None and data["findings"][-1]["attribution_id"] is None
    assert report_from_dict(data) == report


def test_schema_1_0_documents_are_read_and_upgraded() -> None:
    """Audits stored before 2.0 have no evidence URL and no finding span."""
    report = dataclasses.replace(
        sample_report(), findings=tuple(f for f in sample_report().findings if f.span is None)
    )
    data = report_to_dict(report)
    data["schema_version"] = "1.0"
    for finding in data["findings"]:
        del finding["span"], finding["selector"]
        for ev in finding["evidence"]:
            del ev["url"]
    old = report_from_dict(data)
    assert old.schema_version == SCHEMA_VERSION
    assert all(ev.url is None for f in old.findings for ev in f.evidence)
    assert all(f.span is None for f in old.findings)
    _validate(report_to_dict(old))


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
    found += spans([f["span"] for f in data["findings"]])
    assert len(found) > 10
    assert any(span["text"] == "then-Mayor Tom Reed" for span in found)
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
        "by_category": {"speech": 3, "document": 1, "belief": 0, "other": 0},
        "findings": {"consistent": 2, "contradicted": 1, "unverifiable": 1},
    }


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("attributions", 0, "kind"), "hearsay"),
        (("findings", 0, "status"), "true"),
        (("article", "date_source"), "guess"),
        (("findings", 0, "evidence"), []),
        (("findings", 0, "evidence", 0, "url"), "javascript:alert(1)"),
        (("findings", 0, "evidence", 0, "url"), "//example.org/x"),
        (("findings", 0, "evidence", 0, "url"), "https://exa mple.org/"),
        (("findings", 0, "evidence", 0, "url"), 7),
        (("findings", 0, "span"), {"start": 0, "end": 7, "text": "Harbour"}),  # no selector
        (("findings", 3, "attribution_id"), "a1"),  # a mention finding is no attribution's
        (("findings", 3, "selector"), None),
        (("findings", 3, "span"), {"start": -1, "end": 7, "text": "x"}),
        (
            ("findings", 0, "selector"),
            {"type": "TextQuoteSelector", "exact": "", "prefix": "", "suffix": ""},
        ),
        (("schema_version",), "1.0"),
    ],
)
def test_schema_rejects_invalid_values(path: tuple[object, ...], value: object) -> None:
    data = report_to_dict(sample_report())
    _validate(data)
    node: object = data
    for key in path[:-1]:
        node = node[key]  # type: ignore[index]
    node[path[-1]] = value  # type: ignore[index]
    with pytest.raises(jsonschema.ValidationError):
        _validate(data)


@pytest.mark.parametrize(
    "url", [None, "https://www.wikidata.org/wiki/Q42", "HTTP://EXAMPLE.ORG/A?b=1#c"]
)
def test_schema_accepts_http_urls_and_null(url: str | None) -> None:
    data = report_to_dict(sample_report())
    data["findings"][0]["evidence"][0]["url"] = url
    _validate(data)


def test_mention_span_round_trips_with_offsets() -> None:
    report = sample_report()
    span = _mention(report).span
    assert span is not None and span.text == "then-Mayor Tom Reed"
    assert report.article.text[span.start : span.end] == span.text
    back = report_from_dict(report_to_dict(report))
    assert _mention(back).span == Span(span.start, span.end, span.text)
