"""The JSON API: every endpoint, its errors, limits and the token."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from factories import SAMPLE_TEXT
from sourcecheck.errors import ModelNotFoundError
from sourcecheck.records import Article, Report
from sourcecheck.report.json import report_from_dict

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "report.schema.json").read_text("utf-8")
)
PAGE_HTML = (
    "<html><head><title>Harbour news</title></head><body><article>"
    f"<p>{SAMPLE_TEXT}</p></article></body></html>"
)


def _error(response: Any, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and body["error"]["code"] == code, body
    message: str = body["error"]["message"]
    assert message
    return message


def test_post_text_returns_the_stored_report(client: Any) -> None:
    response = client.post("/api/v1/audits", json={"text": SAMPLE_TEXT})
    assert response.status_code == 201
    body = response.json()
    assert response.headers["location"] == f"/api/v1/audits/{body['id']}"
    jsonschema.validate(body["report"], SCHEMA)
    assert body["report"]["text"] == SAMPLE_TEXT
    assert (body["attributions"], body["contradicted"], body["unverifiable"]) == (4, 1, 1)
    assert body["links"]["page"] == f"/audits/{body['id']}"
    assert client.get(body["links"]["self"]).json() == body


def test_date_overrides_the_article_date(client: Any) -> None:
    body = client.post("/api/v1/audits", json={"text": SAMPLE_TEXT, "date": "2025-11-03"}).json()
    assert body["report"]["article"]["date"] == "2025-11-03"
    assert body["report"]["article"]["date_source"] == "cli"
    assert body["article_date"] == "2025-11-03"


def test_post_html_reads_the_main_text_and_title(client: Any, fake_audit: Any) -> None:
    body = client.post("/api/v1/audits", json={"html": PAGE_HTML}).json()
    assert body["title"] == "Harbour news"
    assert fake_audit.articles[-1].text.strip() == SAMPLE_TEXT


def test_post_url_fetches_through_the_allow_list(
    make_client: Any, page_server: tuple[str, dict[str, tuple[str, str]]], local_fetch: Any
) -> None:
    base, pages = page_server
    pages["/story.html"] = ("text/html; charset=utf-8", PAGE_HTML)
    pages["/story.txt"] = ("text/plain", SAMPLE_TEXT)
    client = make_client(fetch=local_fetch)
    html = client.post("/api/v1/audits", json={"url": f"{base}/story.html"}).json()
    assert (html["title"], html["url"]) == ("Harbour news", f"{base}/story.html")
    text = client.post("/api/v1/audits", json={"url": f"{base}/story.txt"}).json()
    assert text["report"]["text"] == SAMPLE_TEXT and text["url"] == f"{base}/story.txt"
    assert text["contradicted"] == 1
    message = _error(
        client.post("/api/v1/audits", json={"url": f"{base}/gone"}), 502, "http_status"
    )
    assert "404" in message


@pytest.mark.parametrize(
    ("url", "code", "needle"),
    [
        ("http://127.0.0.1:9/x", "address_not_allowed", "loopback"),
        ("http://169.254.169.254/latest/meta-data/", "address_not_allowed", "link-local"),
        ("file:///etc/passwd", "scheme_not_allowed", "http:// or https://"),
    ],
)
def test_post_url_refusals(client: Any, url: str, code: str, needle: str) -> None:
    message = _error(client.post("/api/v1/audits", json={"url": url}), 422, code)
    assert needle in message


@pytest.mark.parametrize(
    ("payload", "needle"),
    [
        ({}, "exactly one of text, html or url (got none)"),
        ({"text": ""}, "got none"),
        ({"text": "a", "url": "http://example.org/"}, "got text, url"),
        ({"text": "a", "html": "<p>a</p>"}, "got text, html"),
        ({"text": "a", "colour": "red"}, "colour"),
        ({"text": "a", "date": "03/11/2025"}, "date"),
        ({"text": 5}, "text"),
        ([], "body"),
    ],
)
def test_invalid_requests(client: Any, payload: Any, needle: str) -> None:
    message = _error(client.post("/api/v1/audits", json=payload), 422, "invalid_request")
    assert needle in message


def test_not_json_is_invalid(client: Any) -> None:
    response = client.post(
        "/api/v1/audits", content=b"text=hello", headers={"Content-Type": "text/plain"}
    )
    _error(response, 422, "invalid_request")


def test_text_without_words_is_invalid_input(client: Any) -> None:
    _error(client.post("/api/v1/audits", json={"text": "   \n  "}), 422, "invalid_input")


def test_get_unknown_is_404(client: Any) -> None:
    assert "nope" in _error(client.get("/api/v1/audits/nope"), 404, "not_found")


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", "/api/v1/nothing", 404, "not_found"),
        ("DELETE", "/api/v1/audits", 405, "method_not_allowed"),
    ],
)
def test_routing_errors_are_json(
    client: Any, method: str, path: str, status: int, code: str
) -> None:
    _error(client.request(method, path), status, code)


def test_list_pages_newest_first(client: Any) -> None:
    ids = [
        client.post("/api/v1/audits", json={"text": f"Ann said {i}."}).json()["id"]
        for i in range(3)
    ]
    first = client.get("/api/v1/audits", params={"limit": 2}).json()
    assert [i["id"] for i in first["items"]] == ids[::-1][:2]
    assert (first["total"], first["limit"], first["offset"]) == (3, 2, 0)
    rest = client.get("/api/v1/audits", params={"limit": 2, "offset": 2}).json()
    assert [i["id"] for i in rest["items"]] == [ids[0]]
    assert "report" not in rest["items"][0]


@pytest.mark.parametrize(
    "params", [{"limit": 0}, {"limit": 201}, {"offset": -1}, {"limit": "many"}]
)
def test_list_rejects_bad_paging(client: Any, params: dict[str, Any]) -> None:
    _error(client.get("/api/v1/audits", params=params), 422, "invalid_request")


def test_healthz(client: Any) -> None:
    client.post("/api/v1/audits", json={"text": SAMPLE_TEXT})
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["audits"] == 1


# Body limit ------------------------------------------------------------------------------


def test_body_over_the_limit_is_413(make_client: Any, fake_audit: Any) -> None:
    client = make_client(max_body_bytes=2_000)
    big = {"text": "Ann said hello. " * 200}
    assert "2000 bytes" in _error(client.post("/api/v1/audits", json=big), 413, "too_large")
    assert fake_audit.articles == []
    small = client.post("/api/v1/audits", json={"text": SAMPLE_TEXT})
    assert small.status_code == 201


def test_chunked_body_over_the_limit_is_413(make_client: Any) -> None:
    client = make_client(max_body_bytes=2_000)

    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(200):
            yield b"Ann said hello. "
        yield b'"}'

    response = client.post(
        "/api/v1/audits", content=chunks(), headers={"Content-Type": "application/json"}
    )
    _error(response, 413, "too_large")


def test_chunked_body_under_the_limit_passes(make_client: Any) -> None:
    client = make_client(max_body_bytes=2_000)

    def chunks() -> Iterator[bytes]:
        yield b'{"text": '
        yield json.dumps(SAMPLE_TEXT).encode()
        yield b"}"

    response = client.post(
        "/api/v1/audits", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 201, response.text


def test_form_over_the_limit_is_413_html(make_client: Any) -> None:
    client = make_client(max_body_bytes=2_000)
    response = client.post("/audits", data={"text": "x" * 5_000})
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("text/html")


# Token -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "ok"),
    [
        ({}, False),
        ({"Authorization": "Bearer wrong"}, False),
        ({"Authorization": "Basic czNjcmV0"}, False),
        ({"Authorization": "Bearer s3cret-token"}, True),
        ({"Authorization": "bearer s3cret-token"}, True),
    ],
)
def test_api_token(make_client: Any, headers: dict[str, str], ok: bool) -> None:
    client = make_client(api_token="s3cret-token")
    calls = [
        client.post("/api/v1/audits", json={"text": SAMPLE_TEXT}, headers=headers),
        client.get("/api/v1/audits", headers=headers),
        client.get("/api/v1/audits/whatever", headers=headers),
    ]
    for response in calls:
        if ok:
            assert response.status_code in (200, 201, 404)
        else:
            assert "Bearer" in _error(response, 401, "unauthorized")
            assert response.headers["www-authenticate"] == "Bearer"
    assert client.get("/healthz").status_code == 200


# Failures of the audit itself ------------------------------------------------------------


def _raises(exc: Exception) -> Any:
    def audit(article: Article) -> Report:
        raise exc

    return audit


@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [
        (ModelNotFoundError("no spaCy model; run make install"), 503, "model_unavailable"),
        (RuntimeError("secret internals"), 500, "internal_error"),
    ],
)
def test_audit_failures_are_json(make_client: Any, exc: Exception, status: int, code: str) -> None:
    client = make_client(audit_fn=_raises(exc), raise_server_exceptions=False)
    message = _error(client.post("/api/v1/audits", json={"text": "Ann said hi."}), status, code)
    assert "secret" not in message


# OpenAPI ---------------------------------------------------------------------------------


def test_openapi_describes_every_endpoint(client: Any) -> None:
    spec = client.get("/openapi.json").json()
    assert set(spec["paths"]) == {
        "/healthz",
        "/api/v1/audits",
        "/api/v1/audits/{audit_id}",
        "/api/store/findings",
        "/api/store/articles/{article_id}",
        "/api/store/stats",
    }
    assert set(spec["paths"]["/api/v1/audits"]) == {"get", "post"}
    assert "HTTPBearer" in spec["components"]["securitySchemes"]


def test_docs_page_is_served_here_and_lists_every_endpoint(client: Any) -> None:
    import lxml.html

    response = client.get("/docs")
    assert response.status_code == 200
    doc = lxml.html.document_fromstring(response.text)
    assert not doc.xpath("//script | //link[starts-with(@href, 'http')]")
    titles = [" ".join(h.text_content().split()) for h in doc.xpath("//section/h2")]
    for endpoint in (
        "POST /api/v1/audits",
        "GET /api/v1/audits",
        "GET /api/v1/audits/{audit_id}",
        "GET /healthz",
        "GET /api/store/findings",
        "GET /api/store/stats",
    ):
        assert any(t.startswith(endpoint + " ") for t in titles), (endpoint, titles)
    assert doc.get_element_by_id("schema-AuditRequest") is not None


# The real pipeline -----------------------------------------------------------------------


@pytest.mark.slow
def test_real_audit_end_to_end(make_client: Any) -> None:
    """One request through ingest, the spaCy model, extraction and checks."""
    client = make_client(real=True)
    text = (
        "Harbour officials said on Monday that the pier would reopen in May. "
        "“We are ready,” the mayor told reporters."
    )
    response = client.post("/api/v1/audits", json={"text": text, "date": "2024-05-06"})
    assert response.status_code == 201, response.text
    jsonschema.validate(response.json()["report"], SCHEMA)
    report = report_from_dict(response.json()["report"])
    assert report.article.text == text
    assert report.attributions, "the model found no attribution in two plain ones"
    for att in report.attributions:
        assert text[att.content.start : att.content.end] == att.content.text
