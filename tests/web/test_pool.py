"""Audits run in a bounded pool: small ones are not stuck behind big ones, a full queue is 503.

The server is uvicorn on a free 127.0.0.1 port with a stub audit that blocks on an event
(no model); every loop and wait is bounded.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from sourcecheck.records import Article, Report
from sourcecheck.web.app import WebSettings, create_app
from sourcecheck.web.pool import AuditPool, PoolBusyError

WAIT = 10.0  # the longest any step may take


class BlockingAudit:
    """Audits of text starting with "big" wait for ``release``; others return at once."""

    def __init__(self) -> None:
        self.release = threading.Event()

    def __call__(self, article: Article) -> Report:
        if article.text.startswith("big"):
            self.release.wait(WAIT)
        return Report(article=article)


class Server:
    """The app under uvicorn in a thread on a port the OS picked."""

    def __init__(self, settings: WebSettings, audit: BlockingAudit) -> None:
        import uvicorn

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        app = create_app(settings, audit_fn=audit)
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )
        self.thread.start()
        deadline = time.monotonic() + WAIT
        while not self.server.started:
            assert time.monotonic() < deadline and self.thread.is_alive(), "uvicorn did not start"
            time.sleep(0.02)

    def close(self) -> None:
        self.server.should_exit = True
        self.thread.join(WAIT)
        self.sock.close()


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Any]:
    started: list[tuple[Server, BlockingAudit]] = []

    def start(**fields: Any) -> tuple[Server, BlockingAudit]:
        audit = BlockingAudit()
        settings = WebSettings(db_path=tmp_path / f"a{len(started)}.sqlite", **fields)
        started.append((Server(settings, audit), audit))
        return started[-1]

    yield start
    for server, audit in started:
        audit.release.set()
        server.close()


def _pool(base: str) -> dict[str, int]:
    started = time.monotonic()
    body = httpx.get(f"{base}/healthz", timeout=WAIT).json()
    assert time.monotonic() - started < 1.0, "healthz must stay fast while audits run"
    pool: dict[str, int] = body["pool"]
    return pool


def _wait_for(base: str, **expected: int) -> None:
    deadline = time.monotonic() + WAIT
    while True:
        pool = _pool(base)
        if all(pool[k] == v for k, v in expected.items()):
            return
        assert time.monotonic() < deadline, f"pool never reached {expected}: {pool}"
        time.sleep(0.02)


def _post(base: str, text: str) -> httpx.Response:
    return httpx.post(f"{base}/api/v1/audits", json={"text": text}, timeout=WAIT + 5)


def test_small_audit_is_not_stuck_behind_a_big_one(serve: Any) -> None:
    server, audit = serve(workers=2, queue_length=2)
    with ThreadPoolExecutor(max_workers=1) as clients:
        big = clients.submit(_post, server.url, "big article, " * 1000)
        _wait_for(server.url, busy=1)
        started = time.monotonic()
        small = _post(server.url, "Ann said hi.")
        took = time.monotonic() - started
        assert small.status_code == 201, small.text
        assert took < 2.0, f"the small audit waited {took:.1f} s"
        assert not big.done()  # the big one is still running
        audit.release.set()
        assert big.result(WAIT).status_code == 201
    _wait_for(server.url, busy=0, queued=0)


def test_full_queue_is_503_busy_with_retry_after(serve: Any) -> None:
    server, audit = serve(workers=1, queue_length=1, retry_after=3)
    assert _pool(server.url) == {"workers": 1, "busy": 0, "queued": 0, "queue_length": 1}
    with ThreadPoolExecutor(max_workers=2) as clients:
        running = clients.submit(_post, server.url, "big one")
        _wait_for(server.url, busy=1)
        waiting = clients.submit(_post, server.url, "big two")
        _wait_for(server.url, busy=1, queued=1)

        refused = _post(server.url, "Ann said hi.")
        assert refused.status_code == 503
        assert refused.headers["retry-after"] == "3"
        error = refused.json()["error"]
        assert error["code"] == "busy" and "try again" in error["message"]

        with httpx.Client(base_url=server.url, timeout=WAIT) as browser:
            token = browser.get("/").text.split('name="csrf_token" value="')[1].split('"')[0]
            page = browser.post("/audits", data={"text": "Ann said hi.", "csrf_token": token})
        assert page.status_code == 503 and page.headers["retry-after"] == "3"
        assert "busy, try again" in page.text

        audit.release.set()
        assert running.result(WAIT).status_code == 201
        assert waiting.result(WAIT).status_code == 201
    _wait_for(server.url, busy=0, queued=0)
    assert _post(server.url, "Ann said hi.").status_code == 201


def test_pool_counts_and_refuses() -> None:
    pool = AuditPool(workers=1, queue_length=1, retry_after=2)
    gate = threading.Event()
    try:
        first = pool.submit(gate.wait, WAIT)
        second = pool.submit(gate.wait, WAIT)
        deadline = time.monotonic() + WAIT
        while pool.stats().busy != 1:
            assert time.monotonic() < deadline
            time.sleep(0.01)
        assert (pool.stats().busy, pool.stats().queued) == (1, 1)
        with pytest.raises(PoolBusyError, match="retry in 2 s") as caught:
            pool.submit(gate.wait, WAIT)
        assert caught.value.retry_after == 2
        with pytest.raises(PoolBusyError):
            pool.check_room()
        gate.set()
        assert first.result(WAIT) and second.result(WAIT)
        assert (pool.stats().busy, pool.stats().queued) == (0, 0)
        pool.check_room()
    finally:
        gate.set()
        pool.shutdown()


def test_failed_jobs_free_their_worker() -> None:
    pool = AuditPool(workers=1, queue_length=0)
    try:
        with pytest.raises(ZeroDivisionError):
            pool.submit(lambda: 1 // 0).result(WAIT)
        assert pool.stats().busy == 0
        assert pool.submit(lambda: 42).result(WAIT) == 42
    finally:
        pool.shutdown()


def test_cancelled_waiting_job_frees_its_place() -> None:
    """A client that goes away while its audit waits must not keep the place."""
    pool = AuditPool(workers=1, queue_length=1)
    gate = threading.Event()
    try:
        running = pool.submit(gate.wait, WAIT)
        waiting = pool.submit(gate.wait, WAIT)
        deadline = time.monotonic() + WAIT
        while pool.stats().busy != 1:
            assert time.monotonic() < deadline
            time.sleep(0.01)
        assert waiting.cancel()
        assert pool.stats().queued == 0
        pool.check_room()
        gate.set()
        assert running.result(WAIT)
    finally:
        gate.set()
        pool.shutdown()
