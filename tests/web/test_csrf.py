"""Form posts: only from the server's own origin, and only with this browser's form token."""

from __future__ import annotations

from typing import Any

import lxml.html
import pytest

from factories import SAMPLE_TEXT
from sourcecheck.web.auth import CSRF_COOKIE

TOKEN = "s3cret-token-for-tests"


def _stored(client: Any, headers: dict[str, str] | None = None) -> int:
    total: int = client.get("/api/v1/audits", headers=headers or {}).json()["total"]
    return total


def _refused(response: Any, needle: str) -> None:
    assert response.status_code == 403, response.text[:300]
    assert response.headers["content-type"].startswith("text/html")
    alert = lxml.html.document_fromstring(response.text).xpath('//*[@role="alert"]')[0]
    assert "forbidden" in alert.text_content()
    assert needle in alert.text_content()


def test_good_post(client: Any) -> None:
    response = client.post_form("/audits", {"text": SAMPLE_TEXT})
    assert response.status_code == 303
    assert _stored(client) == 1


@pytest.mark.parametrize(
    ("headers", "needle"),
    [
        ({"Origin": "http://evil.example"}, "'http://evil.example', not from this server"),
        ({"Origin": "null"}, "'null'"),
        ({"Origin": "http://testserver"}, "not from this server"),  # other scheme
        ({"Origin": "https://testserver:8443"}, "not from this server"),  # other port
        ({"Referer": "http://evil.example/page"}, "http://evil.example"),
    ],
)
def test_cross_site_posts_are_refused(client: Any, headers: dict[str, str], needle: str) -> None:
    _refused(client.post_form("/audits", {"text": SAMPLE_TEXT}, headers=headers), needle)
    assert _stored(client) == 0


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://testserver"},
        {"Origin": "https://TESTSERVER:443"},
        {"Referer": "https://testserver/"},
    ],
)
def test_own_origin_passes(client: Any, headers: dict[str, str]) -> None:
    response = client.post_form("/audits", {"text": SAMPLE_TEXT}, headers=headers)
    assert response.status_code == 303


def test_missing_token(client: Any) -> None:
    client.get("/")  # the cookie is there, the field is not
    response = client.post("/audits", data={"text": SAMPLE_TEXT}, follow_redirects=False)
    _refused(response, "no form token")
    assert _stored(client) == 0


def test_wrong_token(client: Any) -> None:
    response = client.post_form("/audits", {"text": SAMPLE_TEXT, "csrf_token": "AAAA"})
    _refused(response, "does not match")


def test_token_of_another_browser(make_client: Any) -> None:
    client = make_client()
    other = make_client()
    stolen = other.form_token("/")
    client.get("/")
    response = client.post_form("/audits", {"text": SAMPLE_TEXT, "csrf_token": stolen})
    _refused(response, "does not match")


def test_missing_cookie(client: Any) -> None:
    token = client.form_token("/")
    client.cookies.clear()
    response = client.post("/audits", data={"text": SAMPLE_TEXT, "csrf_token": token})
    _refused(response, "cookie")


def test_form_cookie_flags(client: Any) -> None:
    cookie = client.get("/").headers["set-cookie"]
    assert cookie.startswith(f"{CSRF_COOKIE}=")
    assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower()
    # Set once: later pages reuse it.
    assert "set-cookie" not in client.get("/").headers


def test_base_url_is_the_origin_that_counts(make_client: Any) -> None:
    client = make_client(base_url="https://audit.example.org/")
    good = {"Origin": "https://audit.example.org"}
    assert client.post_form("/audits", {"text": "Ann said hi."}, headers=good).status_code == 303
    # The request's own host no longer counts once a base URL is set.
    own = {"Origin": "https://testserver"}
    _refused(client.post_form("/audits", {"text": "Ann said hi."}, headers=own), "audit.example")


def test_sign_in_form_is_protected_too(make_client: Any) -> None:
    client = make_client(api_token=TOKEN)
    data = {"token": TOKEN}
    evil = {"Origin": "http://evil.example"}
    _refused(client.post_form("/signin", data, token_from="/signin", headers=evil), "evil")
    response = client.post("/signin", data=data, follow_redirects=False)
    _refused(response, "no form token")
    assert client.get("/", follow_redirects=False).status_code == 303  # not signed in


def test_signed_in_form_token_is_tied_to_the_session(make_client: Any) -> None:
    client = make_client(api_token=TOKEN)
    before = client.form_token("/signin")
    data = {"token": TOKEN}
    assert client.post_form("/signin", data, token_from="/signin").status_code == 303
    # A token from before signing in does not work after it.
    response = client.post("/audits", data={"text": SAMPLE_TEXT, "csrf_token": before})
    _refused(response, "signed in or out")
    assert client.post_form("/audits", {"text": SAMPLE_TEXT}).status_code == 303


def test_api_posts_need_no_form_token(client: Any) -> None:
    """JSON posts carry no cookies' authority (bearer only), so they take no form token."""
    response = client.post("/api/v1/audits", json={"text": SAMPLE_TEXT})
    assert response.status_code == 201
