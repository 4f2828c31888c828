"""Answers that must not come from request headers, and parameters that must not be 500s."""

from __future__ import annotations

import json
from typing import Any

import pytest

from factories import SAMPLE_TEXT
from sourcecheck.errors import ConfigError
from sourcecheck.store import MAX_LIMIT, MAX_OFFSET
from sourcecheck.web import app as web_app
from sourcecheck.web.app import MAX_PAGE, WebSettings
from sourcecheck.web.fetch import FetchError


def _audit(client: Any) -> str:
    audit_id: str = client.post("/api/v1/audits", json={"text": SAMPLE_TEXT}).json()["id"]
    return audit_id


# ClaimReview URLs --------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["evil.example", "testserver", "evil.example:8080"])
def test_claimreview_has_no_url_without_a_base_url(client: Any, host: str) -> None:
    audit_id = _audit(client)
    response = client.get(f"/audits/{audit_id}/claimreview.json", headers={"Host": host})
    reviews = json.loads(response.text)
    assert reviews and all("url" not in r for r in reviews)
    assert "evil.example" not in response.text


def test_claimreview_url_comes_from_the_base_url_not_the_host(make_client: Any) -> None:
    client = make_client(base_url="https://audit.example.org/")
    audit_id = _audit(client)
    response = client.get(
        f"/audits/{audit_id}/claimreview.json",
        headers={"Host": "evil.example", "X-Forwarded-Host": "evil.example"},
    )
    assert [r["url"] for r in json.loads(response.text)] == [
        f"https://audit.example.org/audits/{audit_id}#p-a1",
        f"https://audit.example.org/audits/{audit_id}#p-a4",
    ]
    assert "evil.example" not in response.text


# Parameters out of range ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"offset": "9223372036854775808"},
        {"offset": str(MAX_OFFSET + 1)},
        {"offset": "-1"},
        {"limit": "99999999999999999999"},
        {"limit": str(MAX_LIMIT + 1)},
        {"offset": "1e3"},
    ],
)
def test_api_paging_out_of_range_is_422(client: Any, params: dict[str, str]) -> None:
    response = client.get("/api/v1/audits", params=params)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "invalid_request"
    assert next(iter(params)) in error["message"]


def test_api_paging_at_the_bounds(client: Any) -> None:
    response = client.get("/api/v1/audits", params={"offset": MAX_OFFSET, "limit": MAX_LIMIT})
    assert response.status_code == 200
    assert response.json()["items"] == []


@pytest.mark.parametrize("page", ["99999999999999999999", str(MAX_PAGE + 1), "0", "-3", "two"])
def test_list_page_out_of_range_is_a_422_page(client: Any, page: str) -> None:
    response = client.get("/audits", params={"page": page})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert "page" in response.text and "invalid_request" in response.text


def test_list_page_at_the_bound(make_client: Any) -> None:
    client = make_client(page_size=MAX_LIMIT)
    assert client.get("/audits", params={"page": MAX_PAGE}).status_code == 200


# Busy fetcher ----------------------------------------------------------------------------------


@pytest.fixture
def busy_fetch(monkeypatch: pytest.MonkeyPatch) -> None:
    def fetch(url: str, settings: Any = None) -> Any:
        raise FetchError(url, "busy", "8 fetches are under way; try again shortly")

    monkeypatch.setattr(web_app, "fetch_url", fetch)


@pytest.mark.usefixtures("busy_fetch")
def test_busy_fetcher_is_503_with_retry_after(make_client: Any) -> None:
    client = make_client(retry_after=7)
    response = client.post("/api/v1/audits", json={"url": "https://example.org/a"})
    assert response.status_code == 503
    assert response.headers["retry-after"] == "7"
    body = response.json()["error"]
    assert body["code"] == "busy" and "try again" in body["message"]

    page = client.post_form("/audits", {"url": "https://example.org/a"})
    assert page.status_code == 503
    assert page.headers["retry-after"] == "7"
    assert "fetches are under way" in page.text


# Settings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "needle"),
    [
        ({"base_url": "evil.example"}, "not an origin"),
        ({"base_url": "https://audit.example.org/app"}, "scheme and host only"),
        ({"base_url": "ftp://audit.example.org"}, "not an origin"),
        ({"workers": 0}, "workers >= 1"),
        ({"queue_length": -1}, "queue_length >= 0"),
        ({"page_size": 0}, "1 to 200"),
        ({"retry_after": 0}, "1 second"),
        ({"session_hours": 0}, "session_hours"),
    ],
)
def test_bad_settings_say_what_to_give(tmp_path: Any, fields: dict[str, Any], needle: str) -> None:
    with pytest.raises(ConfigError, match=needle):
        WebSettings(db_path=tmp_path / "a.sqlite", **fields)
