"""Browser fixtures: the app under uvicorn on a free loopback port, and Debian's Chromium.

Playwright drives ``/usr/bin/chromium`` (never a downloaded browser); the tests skip
with a reason where it is missing (``scripts/install-browser.sh`` installs it).
"""

from __future__ import annotations

import dataclasses
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from factories import sample_report
from sourcecheck.records import Article, Report
from sourcecheck.web.app import AuditFunction, WebSettings, create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives /usr/bin/chromium with Playwright")


def fake_audit(article: Article) -> Report:
    """The sample report for the sample text; an empty report otherwise."""
    sample = sample_report()
    if article.text != sample.article.text:
        return Report(article=article)
    return dataclasses.replace(sample, article=article)


class LiveServer:
    """The app under uvicorn in a thread, on a port the OS picked."""

    def __init__(self, db: Path, audit_fn: AuditFunction | None) -> None:
        import uvicorn

        app = create_app(WebSettings(db_path=db), audit_fn=audit_fn)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Accepted sockets inherit it: no ~40 ms delayed-ACK stalls on keep-alive.
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        config = uvicorn.Config(app, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[Callable[..., LiveServer]]:
    """``live_server(audit_fn)`` starts a server; ``audit_fn=None`` means the real pipeline."""
    started: list[LiveServer] = []

    def start(audit_fn: AuditFunction | None = fake_audit) -> LiveServer:
        server = LiveServer(tmp_path / f"audits{len(started)}.sqlite", audit_fn).__enter__()
        started.append(server)
        return server

    yield start
    for server in started:
        server.__exit__()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing; run scripts/install-browser.sh (apt-get)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page; console errors (CSP violations included) are collected."""
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda msg: page.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    yield page
    context.close()
