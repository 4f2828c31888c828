"""Load test of the web app: N concurrent clients on loopback, bounded in count and time.

By default it starts the app in a child process (uvicorn on a free 127.0.0.1 port,
over a temporary store) with a stub audit that skips the NLP model, so the figures
measure the web layer, ingest, the store and the report rendering. ``--real`` runs the
whole pipeline instead; ``--url`` targets a server that is already running.

Examples::

    python benchmarks/load.py                          # mixed load, 8 clients
    python benchmarks/load.py --scenario post --real --requests 40
    python benchmarks/load.py --url http://127.0.0.1:8000 --token "$SOURCECHECK_API_TOKEN"

It prints requests/s and p50/p99 latency per request kind (``--json`` for a record).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from sourcecheck.records import Article, Report

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "ocean-plastics-talks.txt"
FALLBACK_TEXT = (
    "Harbour Minister Ada Quill said on Monday that the pier would reopen. "
    "“We are ready,” she said. Critics say the repairs were rushed.\n"
) * 20
SCENARIOS = ("health", "get", "list", "page", "post", "mixed")


@dataclass
class Tally:
    """Latencies (seconds) and failures, per request kind."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float, ok: bool) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)
            if not ok:
                self.failures[kind] = self.failures.get(kind, 0) + 1


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def stub_audit(article: Article) -> Report:
    """No model: an empty report, so the web layer is what gets measured."""
    return Report(article=article)


def serve_forever(port: int, db: Path, real: bool) -> None:
    """The server side (run in its own process so clients and server do not share a GIL)."""
    import uvicorn

    from sourcecheck.web.app import WebSettings, create_app

    app = create_app(WebSettings(db_path=db), audit_fn=None if real else stub_audit)
    # uvicorn binds the socket itself and so sets TCP_NODELAY (no delayed-ACK stalls).
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def local_server(real: bool) -> Iterator[str]:
    """The app under uvicorn in a child process on a free loopback port."""
    with tempfile.TemporaryDirectory(prefix="sourcecheck-load-") as folder:
        port = free_port()
        command = [sys.executable, __file__, "--serve", str(port), "--db", f"{folder}/a.sqlite"]
        child = subprocess.Popen([*command, *(["--real"] if real else [])])
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if child.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("the server did not start")
                time.sleep(0.1)
            yield base
        finally:
            child.terminate()
            child.wait(10)


def make_request(
    client: httpx.Client, kind: str, text: str, ids: list[str]
) -> tuple[bool, str | None]:
    """One request of ``kind``; returns success and, for a POST, the new id."""
    if kind == "post":
        response = client.post("/api/v1/audits", json={"text": text})
        ok = response.status_code == 201
        return ok, response.json()["id"] if ok else None
    if kind == "health":
        response = client.get("/healthz")
    elif kind == "list":
        response = client.get("/api/v1/audits", params={"limit": 20})
    elif kind == "get":
        response = client.get(f"/api/v1/audits/{ids[len(ids) // 2]}")
    else:  # "page": the annotated HTML report, server-rendered
        response = client.get(f"/audits/{ids[len(ids) // 2]}")
    return response.status_code == 200, None


def run(
    base: str,
    *,
    scenario: str,
    clients: int,
    total: int,
    duration: float,
    text: str,
    token: str | None,
) -> dict[str, object]:
    """Drive ``clients`` threads until ``total`` requests or ``duration`` seconds."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    ids: list[str] = []
    with httpx.Client(base_url=base, headers=headers, timeout=120) as warm:
        # Warm-up (loads the model with --real) and one audit for the GET scenarios.
        ok, new_id = make_request(warm, "post", text, ids)
        if not ok or new_id is None:
            raise SystemExit(f"warm-up POST failed against {base}")
        ids.append(new_id)
    mixed = ["health", "list", "get", "page", "get", "page", "list", "post"]
    kinds: Callable[[int], str] = (
        (lambda i: mixed[i % len(mixed)]) if scenario == "mixed" else (lambda i: scenario)
    )
    counter = itertools.count()
    tally = Tally()
    deadline = time.monotonic() + duration

    def client_loop() -> None:
        with httpx.Client(base_url=base, headers=headers, timeout=120) as client:
            while time.monotonic() < deadline:
                i = next(counter)
                if i >= total:
                    return
                kind = kinds(i)
                started = time.perf_counter()
                try:
                    ok, new_id = make_request(client, kind, text, ids)
                except httpx.HTTPError:
                    ok, new_id = False, None
                tally.record(kind, time.perf_counter() - started, ok)
                if new_id:
                    ids.append(new_id)

    started = time.perf_counter()
    threads = [threading.Thread(target=client_loop) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    every = [s for values in tally.latencies.values() for s in values]
    if not every:
        raise SystemExit("no request completed")

    def figures(values: list[float]) -> dict[str, float]:
        return {
            "p50_ms": round(percentile(values, 50) * 1000, 2),
            "p99_ms": round(percentile(values, 99) * 1000, 2),
        }

    return {
        "scenario": scenario,
        "clients": clients,
        "requests": len(every),
        "failures": sum(tally.failures.values()),
        "seconds": round(elapsed, 3),
        "requests_per_second": round(len(every) / elapsed, 1),
        **figures(every),
        "by_kind": {
            kind: {"requests": len(values), **figures(values)}
            for kind, values in sorted(tally.latencies.items())
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", choices=SCENARIOS, default="mixed")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients")
    parser.add_argument("--requests", type=int, default=800, help="stop after this many")
    parser.add_argument("--duration", type=float, default=60.0, help="stop after this long (s)")
    parser.add_argument("--url", help="a running server (default: start one on loopback)")
    parser.add_argument("--token", help="API token of that server")
    parser.add_argument("--real", action="store_true", help="run the real audit pipeline")
    parser.add_argument("--text", type=Path, help="article to POST (default: the example)")
    parser.add_argument("--json", action="store_true", help="print one JSON record")
    parser.add_argument("--serve", type=int, metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve_forever(args.serve, args.db, args.real)
        return 0
    if not 1 <= args.clients <= 256 or args.requests < 1 or args.duration <= 0:
        parser.error("need 1..256 clients, at least 1 request and a positive duration")
    path = args.text or (EXAMPLE if EXAMPLE.is_file() else None)
    text = path.read_text("utf-8") if path else FALLBACK_TEXT

    def go(base: str) -> dict[str, object]:
        return run(
            base,
            scenario=args.scenario,
            clients=args.clients,
            total=args.requests,
            duration=args.duration,
            text=text,
            token=args.token,
        )

    if args.url:
        result = go(args.url.rstrip("/"))
    else:
        with local_server(args.real) as base:
            result = go(base)
    result["audit"] = "real" if args.real else ("remote" if args.url else "stub")
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(
        f"{result['scenario']}: {result['requests']} requests, {result['clients']} clients, "
        f"{result['seconds']} s, {result['requests_per_second']} req/s, "
        f"p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms, "
        f"{result['failures']} failed (audit: {result['audit']})"
    )
    by_kind = result["by_kind"]
    assert isinstance(by_kind, dict)
    for kind, figs in by_kind.items():
        print(
            f"  {kind:7} {figs['requests']:5} requests  p50 {figs['p50_ms']:8} ms  "
            f"p99 {figs['p99_ms']:8} ms"
        )
    return 1 if result["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
