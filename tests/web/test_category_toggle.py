"""The report page lists speech and document attributions; ``?all=1`` lists the rest."""

from __future__ import annotations

import dataclasses
from typing import Any

import lxml.html

from factories import HIDDEN_TEXT, hidden_report
from sourcecheck.records import Article, Report


def _audit(article: Article) -> Report:
    return dataclasses.replace(hidden_report(), article=article)


def _page(client: Any, path: str) -> Any:
    response = client.get(path)
    assert response.status_code == 200, response.text
    return lxml.html.document_fromstring(response.text)


def test_audit_page_toggles_belief_and_other_attributions(make_client: Any) -> None:
    client = make_client(audit_fn=_audit)
    posted = client.post_form("/audits", data={"text": HIDDEN_TEXT})
    base = posted.headers["location"]

    default = _page(client, base)
    assert default.get_element_by_id("p-a6").get("hidden") is not None
    toolbar = dict(
        zip(default.xpath("//nav//a/text()"), default.xpath("//nav//a/@href"), strict=True)
    )
    assert toolbar["Show all attributions"] == f"{base}?all=1"
    assert "The council is not named." in default.text_content()  # its finding stays

    everything = _page(client, f"{base}?all=1")
    assert everything.get_element_by_id("p-a6").get("hidden") is None
    toolbar = dict(
        zip(everything.xpath("//nav//a/text()"), everything.xpath("//nav//a/@href"), strict=True)
    )
    assert toolbar["Speech and document only"] == base
    assert toolbar["HTML"] == f"{base}/report.html?all=1"

    md = client.get(f"{base}/report.md").text
    assert "| a6 |" not in md and "| a6 (other) |" in md
    assert "| a6 |" in client.get(f"{base}/report.md?all=1").text
    html_all = lxml.html.document_fromstring(client.get(f"{base}/report.html?all=1").text)
    assert html_all.get_element_by_id("p-a5").get("hidden") is None

    data = client.get(f"{base}/report.json").json()
    assert [a["category"] for a in data["attributions"]][-2:] == ["belief", "other"]


def test_no_toggle_when_nothing_is_hidden(client: Any) -> None:
    from factories import SAMPLE_TEXT

    posted = client.post_form("/audits", data={"text": SAMPLE_TEXT})
    page = _page(client, posted.headers["location"])
    assert "Show all attributions" not in page.xpath("//nav//a/text()")
