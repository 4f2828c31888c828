"""Fuzz the API from its own OpenAPI schema (schemathesis): no input makes a 5xx.

A stub audit (no model) and a stub fetcher (no network) keep it fast; examples are
bounded per operation. Run once open and once with a token (sent as the bearer).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from sourcecheck.records import Article, Report
from sourcecheck.web import app as web_app
from sourcecheck.web.app import WebSettings, create_app
from sourcecheck.web.fetch import FetchedPage, FetchError

TOKEN = "fuzz-token-0123456789"
MAX_EXAMPLES = 25


def _audit(article: Article) -> Report:
    return Report(article=article)


def _fetch(url: str, settings: Any = None) -> FetchedPage:
    """No network: odd URLs are refused as the real fetcher would, others give a page."""
    if not url.startswith(("http://", "https://")):
        raise FetchError(url, "scheme_not_allowed", "give an http:// or https:// URL")
    return FetchedPage(url=url, final_url=url, kind="text", text="Ann said the pier is open.")


# The schemas are loaded at import (schemathesis' lazy ``from_fixture`` loader needs a
# pytest internal that pytest 9 no longer has), over stores in one temporary folder.
_FOLDER = tempfile.TemporaryDirectory(prefix="sourcecheck-fuzz-")
OPEN = schemathesis.openapi.from_asgi(
    "/openapi.json",
    create_app(WebSettings(db_path=Path(_FOLDER.name) / "open.sqlite"), audit_fn=_audit),
)
SECURED = schemathesis.openapi.from_asgi(
    "/openapi.json",
    create_app(
        WebSettings(db_path=Path(_FOLDER.name) / "token.sqlite", api_token=TOKEN),
        audit_fn=_audit,
    ),
    headers={"Authorization": f"Bearer {TOKEN}"},
)
FUZZ = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(scope="module", autouse=True)
def _cleanup() -> Iterator[None]:
    yield
    _FOLDER.cleanup()


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(web_app, "fetch_url", _fetch)


@OPEN.parametrize()
@FUZZ
def test_open_api_never_answers_5xx(case: Any) -> None:
    case.call_and_validate(checks=[not_a_server_error])


@SECURED.parametrize()
@FUZZ
def test_api_with_a_token_never_answers_5xx(case: Any) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Bearer {TOKEN}"}, checks=[not_a_server_error]
    )


@SECURED.parametrize()
@FUZZ
def test_api_without_the_token_is_only_ever_401(case: Any) -> None:
    response = case.call(headers={"Authorization": "Bearer wrong"})
    if case.path == "/healthz":  # open to all (405 for other methods)
        assert response.status_code in (200, 405)
    else:
        assert response.status_code == 401, response.text
