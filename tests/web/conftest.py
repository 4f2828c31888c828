"""Fixtures of the web tests: an app over a temporary store with an injected audit."""

from __future__ import annotations

import dataclasses
import re
import threading
import warnings
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from factories import sample_report
from sourcecheck.records import Article, Report
from sourcecheck.web.app import AuditFunction, WebSettings, create_app
from sourcecheck.web.fetch import FetchSettings

with warnings.catch_warnings():
    # Starlette warns that its test client will move to another HTTP package.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


class FakeAudit:
    """Returns the sample report when given the sample text, else an empty report."""

    def __init__(self) -> None:
        self.articles: list[Article] = []

    def __call__(self, article: Article) -> Report:
        self.articles.append(article)
        sample = sample_report()
        if article.text != sample.article.text:
            return Report(article=article)
        return dataclasses.replace(sample, article=article)


_FORM_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


class WebClient(TestClient):
    """A test client over ``https://testserver`` (so ``Secure`` cookies come back) that
    can post the app's forms with their form token, as a browser would."""

    def form_token(self, path: str = "/", **kwargs: Any) -> str:
        """The ``csrf_token`` of the first form on ``path`` (the cookie is kept)."""
        response = self.get(path, **kwargs)
        match = _FORM_TOKEN.search(response.text)
        assert match, f"no form token on {path} ({response.status_code}): {response.text[:300]}"
        return match.group(1)

    def post_form(
        self,
        path: str = "/audits",
        data: dict[str, Any] | None = None,
        files: Any = None,
        token_from: str = "/",
        **kwargs: Any,
    ) -> Any:
        """Post a form the way the browser would after loading ``token_from``."""
        data = dict(data or {})
        data.setdefault("csrf_token", self.form_token(token_from))
        kwargs.setdefault("follow_redirects", False)
        return self.post(path, data=data, files=files, **kwargs)


MakeClient = Callable[..., WebClient]


@pytest.fixture
def fake_audit() -> FakeAudit:
    return FakeAudit()


@pytest.fixture
def make_client(tmp_path: Path, fake_audit: FakeAudit) -> Iterator[MakeClient]:
    """``make_client(audit_fn=..., raise_server_exceptions=..., real=..., **WebSettings)``."""
    clients: list[WebClient] = []

    def make(
        audit_fn: AuditFunction | None = None,
        raise_server_exceptions: bool = True,
        real: bool = False,
        **fields: Any,
    ) -> WebClient:
        fields.setdefault("db_path", tmp_path / f"audits{len(clients)}.sqlite")
        # real=True runs the whole pipeline (spaCy model, extraction, checks).
        chosen = None if real else (audit_fn or fake_audit)
        app = create_app(WebSettings(**fields), audit_fn=chosen)
        client = WebClient(
            app, base_url="https://testserver", raise_server_exceptions=raise_server_exceptions
        )
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def client(make_client: MakeClient) -> WebClient:
    return make_client()


class _PageHandler(BaseHTTPRequestHandler):
    pages: ClassVar[dict[str, tuple[str, str]]] = {}

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        if self.path not in self.pages:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        ctype, body = self.pages[self.path]
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture(scope="module")
def page_server() -> Iterator[tuple[str, dict[str, tuple[str, str]]]]:
    """A local HTTP server; tests put ``path -> (content type, body)`` in the dict."""
    pages: ClassVar[dict[str, tuple[str, str]]] = {}
    handler = type("Handler", (_PageHandler,), {"pages": pages})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", pages
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def local_fetch() -> FetchSettings:
    """Fetch settings that allow the loopback test server."""
    return FetchSettings(allow_networks=("127.0.0.1/32",), timeout=5.0)
