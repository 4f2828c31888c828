"""Reports list speech and document attributions by default; --all lists the rest."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import jsonschema
import lxml.html
from rich.console import Console

from factories import hidden_report, sample_report
from sourcecheck.records import Category
from sourcecheck.report.html import render_html
from sourcecheck.report.json import report_from_dict, report_to_dict, to_json
from sourcecheck.report.markdown import to_markdown
from sourcecheck.report.text import print_report

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "report.schema.json").read_text("utf-8"))


def _terminal(show_all: bool = False) -> str:
    console = Console(file=io.StringIO(), width=160, record=True)
    print_report(hidden_report(), console, show_all=show_all)
    return console.export_text()


def test_terminal_lists_speech_and_document_and_says_how_many_are_hidden() -> None:
    out = _terminal()
    assert "6 attributions (4 speech/document shown; --all for 2 more)" in out
    attributions = out.split("Attributions")[-1]
    assert "Residents" not in attributions and "The council" not in attributions
    # The finding on the hidden attribution is still listed, named with its category.
    assert "The council is not named." in out and "#6 (other)" in out
    assert "#1 +#2" in out  # a finding covering two attributions


def test_terminal_all_lists_every_attribution() -> None:
    out = _terminal(show_all=True)
    assert "6 attributions (4 speech/document, 2 belief/other)" in out
    assert "Residents" in out and "The council" in out
    assert "indirect · belief" in out and "#6 (other)" not in out


def test_markdown_matches_golden_file_with_hidden_attributions() -> None:
    expected = (ROOT / "tests" / "golden" / "hidden_report.md").read_text("utf-8")
    md = to_markdown(hidden_report())
    assert md == expected
    assert "| a6 (other) |" in md and "| a1, a2 |" in md
    assert "6 (4 speech/document listed; 2 belief/other left out)" in md


def test_markdown_all_lists_every_attribution() -> None:
    md = to_markdown(hidden_report(), show_all=True)
    assert "| a5 |" in md and "| a6 |" in md and "| belief |" in md
    assert "left out" not in md


def test_html_hides_belief_and_other_until_show_all() -> None:
    doc = lxml.html.document_fromstring(render_html(hidden_report()))
    for key, category in (("a5", "belief"), ("a6", "other")):
        item = doc.get_element_by_id(f"p-{key}")
        assert item.get("hidden") is not None and item.get("data-aside") == "true"
        assert item.get("data-category") == category
    assert doc.get_element_by_id("p-a1").get("hidden") is None
    # Their highlights are plain text until "show all".
    marks = doc.xpath('//div[@class="text"]//a[contains(@class, "aside")]')
    assert {m.get("data-key") for m in marks} == {"a5", "a6"}
    # The finding on a6 is listed outside the hidden entry.
    (aside,) = doc.xpath('//section[@class="aside-findings"]')
    assert "The council is not named." in aside.text_content()
    assert aside.xpath(".//a/@href") == ["#p-a6"]
    summary = doc.xpath('//ul[@class="summary"]')[0].text_content()
    assert "6 attributions (4 speech/document shown; show all for 2 more)" in summary
    (box,) = doc.xpath('//input[@data-filter="all"]')
    assert box.get("checked") is None


def test_html_show_all_lists_everything() -> None:
    doc = lxml.html.document_fromstring(render_html(hidden_report(), show_all=True))
    assert doc.get_element_by_id("p-a5").get("hidden") is None
    assert not doc.xpath('//section[@class="aside-findings"]')
    assert not doc.xpath('//div[@class="text"]//a[contains(@class, "aside")]')
    (box,) = doc.xpath('//input[@data-filter="all"]')
    assert box.get("checked") is not None


def test_html_finding_covering_several_attributions_links_each() -> None:
    doc = lxml.html.document_fromstring(render_html(hidden_report()))
    (covers,) = doc.xpath('//li[@id="p-a1"]//span[@class="covers"]')
    assert covers.xpath(".//a/@href") == ["#p-a1", "#p-a2"]
    a2 = doc.get_element_by_id("p-a2").text_content()
    assert "judged with a1" in a2 and "Continues" in a2
    ids = set(doc.xpath("//@id"))
    for href in doc.xpath("//a/@href"):
        if href.startswith("#"):
            assert href[1:] in ids, href


def test_json_carries_category_continues_and_covers_and_round_trips() -> None:
    report = hidden_report()
    data = json.loads(to_json(report))
    jsonschema.validate(data, SCHEMA)
    by_id = {a["id"]: a for a in data["attributions"]}
    assert [by_id[k]["category"] for k in ("a1", "a3", "a5", "a6")] == [
        "speech",
        "document",
        "belief",
        "other",
    ]
    assert by_id["a2"]["continues"] == "a1" and by_id["a1"]["continues"] is None
    assert data["findings"][-1]["covers"] == ["a1", "a2"]
    assert data["summary"]["by_category"] == {"speech": 3, "document": 1, "belief": 1, "other": 1}
    assert report_from_dict(data) == report


def test_json_without_the_new_fields_still_loads() -> None:
    data = report_to_dict(hidden_report())
    for att in data["attributions"]:
        del att["category"], att["continues"]
    for finding in data["findings"]:
        del finding["covers"]
    old = report_from_dict(data)
    assert {a.category for a in old.attributions} == {Category.SPEECH}
    assert all(a.continues is None for a in old.attributions)
    assert all(f.covers == () for f in old.findings)
    jsonschema.validate(report_to_dict(old), SCHEMA)


def test_schema_requires_the_new_fields_with_enums() -> None:
    data = report_to_dict(sample_report())
    bad = json.loads(json.dumps(data))
    bad["attributions"][0]["category"] = "rumour"
    errors = list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(bad))
    assert errors
    for path in (
        ("attributions", "category"),
        ("attributions", "continues"),
        ("findings", "covers"),
    ):
        missing = json.loads(json.dumps(data))
        del missing[path[0]][0][path[1]]
        assert list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(missing)), path


def test_a_report_with_only_hidden_attributions_says_so() -> None:
    report = hidden_report()
    only = dataclasses.replace(report, attributions=report.attributions[-2:])
    console = Console(file=io.StringIO(), width=160, record=True)
    print_report(only, console)
    out = console.export_text()
    assert "No speech or document attributions found (--all lists the rest)." in out
