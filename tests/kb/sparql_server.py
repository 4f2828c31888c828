"""A fake SPARQL endpoint on 127.0.0.1 for the ``kb update`` tests (no real network).

The server answers POSTed queries in the SPARQL 1.1 JSON results format. A test gives it a
``responder``: a function from the query text to a :class:`Reply` (status, body, headers,
delay), so it can script 429s, 500s, slow answers and malformed rows per batch.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from sourcecheck.kb import build

ENTITY = "http://www.wikidata.org/entity/"
XSD = "http://www.w3.org/2001/XMLSchema#"
VARS = [
    "statement",
    "person",
    "personLabel",
    "position",
    "positionLabel",
    "start",
    "startPrecision",
    "end",
    "endPrecision",
]

#: Offices of the test knowledge base: (QID, label, jurisdiction, role kind).
OFFICES = (
    ("Q900100", "Minister of Foreign Affairs of Freedonia", "Freedonia", "foreign_minister"),
    ("Q900200", "President of Freedonia", "Freedonia", "head_of_state"),
    ("Q900300", "Minister of Health of Freedonia", "Freedonia", "minister"),
    ("Q910200", "Prime Minister of Sylvania", "Sylvania", "head_of_government"),
)


def make_kb(path: Path, tmp: Path) -> Path:
    """A knowledge base with the offices above (one old term each), no shipped rows."""
    csv_path = tmp / "offices.csv"
    lines = [
        "person_qid,person_label,position_qid,position_label,jurisdiction,role_kind,"
        "start,end,source,as_of"
    ]
    for n, (qid, label, place, role) in enumerate(OFFICES):
        lines.append(
            f"Q80000{n},Old Holder {n},{qid},{label},{place},{role},2001,2005,"
            f"fixture,2010-01-0{n + 1}"
        )
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return build(path, extra=[csv_path], shipped=False)


def term_count(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM terms").fetchone()[0])
    finally:
        conn.close()


def time_cell(value: str, precision: int) -> dict[str, dict[str, str]]:
    return {
        "v": {"type": "literal", "datatype": f"{XSD}dateTime", "value": value},
        "p": {"type": "literal", "datatype": f"{XSD}integer", "value": str(precision)},
    }


def binding(
    statement: str,
    person: str | None,
    person_label: str,
    position: str,
    position_label: str = "",
    start: tuple[str, int] | None = None,
    end: tuple[str, int] | None = None,
) -> dict[str, Any]:
    """One result row, as the query service writes it."""
    row: dict[str, Any] = {
        "statement": {"type": "uri", "value": f"{ENTITY}statement/{statement}"},
        "position": {"type": "uri", "value": f"{ENTITY}{position}"},
        "personLabel": {"xml:lang": "en", "type": "literal", "value": person_label},
        "positionLabel": {"xml:lang": "en", "type": "literal", "value": position_label or position},
    }
    if person is not None:
        row["person"] = {"type": "uri", "value": f"{ENTITY}{person}"}
    for name, cell in (("start", start), ("end", end)):
        if cell is not None:
            parts = time_cell(*cell)
            row[name] = parts["v"]
            row[f"{name}Precision"] = parts["p"]
    return row


def results(bindings: list[dict[str, Any]]) -> dict[str, Any]:
    return {"head": {"vars": VARS}, "results": {"bindings": bindings}}


def positions_in(query: str) -> set[str]:
    """The position QIDs in a query's VALUES clause."""
    match = re.search(r"VALUES \?position \{([^}]*)\}", query)
    return set(re.findall(r"wd:(Q\d+)", match.group(1))) if match else set()


@dataclass
class Reply:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Seen:
    query: str
    headers: dict[str, str]
    content_type: str


class FakeSparql:
    """The running server: ``url`` to query, ``seen`` for what it was sent."""

    def __init__(self, responder: Callable[[str], Reply]) -> None:
        self.responder = responder
        self.seen: list[Seen] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", "0"))
                form = parse_qs(self.rfile.read(length).decode())
                query = form.get("query", [""])[0]
                fake.seen.append(
                    Seen(query, dict(self.headers), self.headers.get("content-type", ""))
                )
                reply = fake.responder(query)
                if reply.delay:
                    time.sleep(reply.delay)
                body = reply.body if reply.body is not None else results([])
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/sparql-results+json")
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test)

            def log_message(self, *_: object) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            block_on_close = False

        self._server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_port}/sparql"

    @contextmanager
    def running(self) -> Iterator[FakeSparql]:
        thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._server.shutdown()
            self._server.server_close()
            thread.join(timeout=2)


@contextmanager
def fake_sparql(responder: Callable[[str], Reply]) -> Iterator[FakeSparql]:
    with FakeSparql(responder).running() as server:
        yield server
