"""The server-rendered pages: form, upload, report page, list, downloads, headers."""

from __future__ import annotations

import asyncio
import json
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import lxml.html
import pytest

from factories import SAMPLE_TEXT, sample_report
from sourcecheck.report.html import report_csp
from sourcecheck.report.json import report_from_dict
from sourcecheck.web.app import APP_CSP, BodyLimitMiddleware


def _doc(response: Any) -> Any:
    return lxml.html.document_fromstring(response.text)


def _submit(client: Any, **data: Any) -> Any:
    files = data.pop("files", None)
    return client.post_form("/audits", data=data, files=files)


def _audit_id(response: Any) -> str:
    assert response.status_code == 303, response.text
    match = re.fullmatch(r"/audits/([\w-]+)", response.headers["location"])
    assert match
    return match.group(1)


def test_home_page_has_the_form_and_no_script(client: Any) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == APP_CSP
    doc = _doc(response)
    (form,) = doc.xpath("//form")
    assert (form.get("method"), form.get("action"), form.get("enctype")) == (
        "post",
        "/audits",
        "multipart/form-data",
    )
    assert set(form.xpath(".//*[@name]/@name")) == {"csrf_token", "text", "file", "url", "date"}
    assert not doc.xpath("//script")


def test_pasted_text_becomes_an_annotated_report(client: Any) -> None:
    audit_id = _audit_id(_submit(client, text=SAMPLE_TEXT, date="2024-05-06"))
    page = client.get(f"/audits/{audit_id}")
    assert page.status_code == 200
    assert page.headers["content-security-policy"].startswith(report_csp())
    doc = _doc(page)
    assert doc.xpath('string(//div[@class="text"])') == SAMPLE_TEXT
    contradicted = doc.xpath('//div[@class="text"]//a[contains(@class, "st-contradicted")]')
    assert contradicted and contradicted[0].get("href") == "#p-a1"
    toolbar = doc.xpath('//nav[@class="toolbar"]/a/@href')
    for suffix in ("report.json", "report.md", "report.html", "claimreview.json"):
        assert f"/audits/{audit_id}/{suffix}" in toolbar


def test_uploaded_html_file(client: Any, fake_audit: Any) -> None:
    html = f"<html><head><title>Upload</title></head><body><p>{SAMPLE_TEXT}</p></body></html>"
    audit_id = _audit_id(_submit(client, files={"file": ("story.html", html.encode())}))
    report = report_from_dict(client.get(f"/audits/{audit_id}/report.json").json())
    assert report.article.title == "Upload"
    assert report.article.path == "story.html"
    assert fake_audit.articles[-1].text.strip() == SAMPLE_TEXT


def test_uploaded_text_file_with_a_windows_path_name(client: Any) -> None:
    files = {"file": ("C:\\Users\\me\\pier.txt", SAMPLE_TEXT.encode())}
    audit_id = _audit_id(_submit(client, files=files))
    report = report_from_dict(client.get(f"/audits/{audit_id}/report.json").json())
    assert report.article.path == "pier.txt"


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        ({"files": {"file": ("doc.pdf", b"%PDF-1.4")}}, "only .txt, .html and .htm"),
        ({"files": {"file": ("bin.txt", b"\x00\x01\x02\xff" * 50)}}, "bin.txt"),
        ({"files": {"file": ("empty.txt", b"")}}, "empty.txt"),
        ({"text": "Ann said hi.", "url": "http://example.org/"}, "not text and url"),
        ({"url": "http://10.0.0.1/story"}, "private"),
        ({"url": "ftp://example.org/story"}, "http:// or https://"),
        ({"text": "Ann said hi.", "date": "yesterday"}, "YYYY-MM-DD"),
        ({"text": "   "}, "no article given"),
    ],
)
def test_bad_submissions_reshow_the_form_with_the_reason(
    client: Any, data: dict[str, Any], needle: str
) -> None:
    response = _submit(client, **data)
    assert response.status_code in (422, 502)
    doc = _doc(response)
    (alert,) = doc.xpath('//*[@id="form-error"]')
    assert needle in alert.text_content()
    if "text" in data:
        assert doc.xpath('string(//textarea[@name="text"])') == data["text"]
    assert client.get("/api/v1/audits").json()["total"] == 0


def test_list_page_pages(make_client: Any) -> None:
    client = make_client(page_size=2)
    for i in range(3):
        _audit_id(_submit(client, text=f"---\ntitle: Story {i}\n---\nAnn said {i}."))
    first = _doc(client.get("/audits"))
    assert first.xpath("//table//td[1]/a/text()") == ["Story 2", "Story 1"]
    assert first.xpath('//a[@rel="next"]/@href') == ["/audits?page=2"]
    second = _doc(client.get("/audits?page=2"))
    assert second.xpath("//table//td[1]/a/text()") == ["Story 0"]
    assert not second.xpath('//a[@rel="next"]')
    assert client.get("/audits?page=0").status_code == 422
    home = _doc(client.get("/"))
    assert home.xpath("//table//td[1]/a/text()") == ["Story 2", "Story 1", "Story 0"]


def test_unknown_audit_page_is_a_404_page(client: Any) -> None:
    response = client.get("/audits/nope")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "no audit with id 'nope'" in _doc(response).text_content()


def test_downloads(client: Any) -> None:
    audit_id = _audit_id(_submit(client, text=SAMPLE_TEXT))
    base = f"/audits/{audit_id}"
    as_json = client.get(f"{base}/report.json")
    assert as_json.headers["content-type"] == "application/json"
    assert "attachment" in as_json.headers["content-disposition"]
    report = report_from_dict(as_json.json())
    assert report.attributions == sample_report().attributions

    as_html = client.get(f"{base}/report.html")
    assert as_html.headers["content-security-policy"] == report_csp()
    doc = _doc(as_html)
    assert not doc.xpath("//nav[@class='toolbar']")
    assert not doc.xpath("//script[@src] | //link[not(starts-with(@href, 'data:'))] | //img[@src]")

    reviews = client.get(f"{base}/claimreview.json")
    assert reviews.headers["content-type"] == "application/ld+json"
    data = json.loads(reviews.text)
    assert [r["reviewRating"]["alternateName"] for r in data] == ["Contradicted", "Unverifiable"]
    # No base URL configured: no absolute URL (never one made from the Host header).
    assert all("url" not in r for r in data)
    page = _doc(client.get(base))
    assert page.get_element_by_id("p-a1").xpath(".//*[contains(@class, 'st-contradicted')]")


def test_markdown_download(client: Any) -> None:
    try:
        from sourcecheck.report.markdown import to_markdown
    except ImportError:
        pytest.skip("sourcecheck.report.markdown is not written yet")
    audit_id = _audit_id(_submit(client, text=SAMPLE_TEXT))
    response = client.get(f"/audits/{audit_id}/report.md")
    assert response.headers["content-type"].startswith("text/markdown")
    stored = report_from_dict(client.get(f"/audits/{audit_id}/report.json").json())
    assert response.text == to_markdown(stored)
    assert "Ada Quill" in response.text


@pytest.mark.parametrize("path", ["/", "/audits", "/healthz", "/api/v1/audits", "/nope"])
def test_security_headers_everywhere(client: Any, path: str) -> None:
    headers = client.get(path).headers
    assert headers["x-content-type-options"] == "nosniff"
    # same-origin: nothing for other sites, and same-origin posts keep their Origin.
    assert headers["referrer-policy"] == "same-origin"
    assert headers["x-frame-options"] == "DENY"
    assert "default-src 'none'" in headers["content-security-policy"]


@pytest.mark.parametrize(
    ("name", "status"),
    [("app.css", 200), ("nope.css", 404), ("app.py", 404), ("..%2Fapp.py", 404)],
)
def test_static_files(client: Any, name: str, status: int) -> None:
    assert client.get(f"/static/{name}").status_code == status


def test_hostile_text_through_the_web_stays_text(client: Any) -> None:
    text = 'Ann said <script>alert(1)</script> and <img src=x onerror="alert(2)">.'
    audit_id = _audit_id(_submit(client, text=text))
    doc = _doc(client.get(f"/audits/{audit_id}"))
    assert len(doc.xpath("//script")) == 1
    assert not doc.xpath("//img")
    assert "alert(1)" in doc.xpath('string(//div[@class="text"])')


@pytest.mark.parametrize(
    ("chunks", "limit", "passed"),
    [
        ([b"a" * 10, b"b" * 10], 25, True),
        ([b"a" * 10, b"b" * 10, b"c" * 10], 25, False),
        ([b""], 0, True),
    ],
)
def test_body_limit_counts_chunked_bodies(chunks: list[bytes], limit: int, passed: bool) -> None:
    """Without a Content-Length the middleware counts what arrives, then replays it."""
    seen: list[bytes] = []
    sent: list[dict[str, Any]] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        message = await receive()
        seen.append(message["body"])

    messages = [
        {"type": "http.request", "body": c, "more_body": i < len(chunks) - 1}
        for i, c in enumerate(chunks)
    ]

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "path": "/api/v1/audits", "headers": [], "method": "POST"}
    # A thread of its own: Playwright's sync API may hold a running loop in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, BodyLimitMiddleware(app, limit)(scope, receive, send)).result()
    if passed:
        assert seen == [b"".join(chunks)] and not sent
    else:
        assert not seen and sent[0]["status"] == 413
