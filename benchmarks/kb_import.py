"""Throughput of ``sourcecheck kb import-wikidata``: entities/s per core on a synthetic dump.

The dump is written in the real format (one entity per line in a JSON array, gzip) with
entities shaped like Wikidata's: labels in many languages, several claims, and one person in
twenty holding offices. Real entities average several kilobytes, so MB/s is reported too.

    .venv/bin/python benchmarks/kb_import.py [--entities 200000] [--workers 1 4]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from sourcecheck.kb.build import build
from sourcecheck.kb.wikidata import import_dump

LANGS = ["en", "es", "fr", "de", "it", "pt", "nl", "pl", "ru", "ja", "zh", "ar", "sv", "fi"]


def _item(prop: str, qid: int) -> dict[str, Any]:
    return {
        "mainsnak": {
            "snaktype": "value",
            "property": prop,
            "datavalue": {
                "value": {"entity-type": "item", "numeric-id": qid, "id": f"Q{qid}"},
                "type": "wikibase-entityid",
            },
            "datatype": "wikibase-item",
        },
        "type": "statement",
        "rank": "normal",
    }


def _time(prop: str, year: int, precision: int) -> dict[str, Any]:
    return {
        "snaktype": "value",
        "property": prop,
        "datavalue": {
            "value": {
                "time": f"+{year}-03-01T00:00:00Z",
                "timezone": 0,
                "before": 0,
                "after": 0,
                "precision": precision,
                "calendarmodel": "http://www.wikidata.org/entity/Q1985727",
            },
            "type": "time",
        },
    }


def entity(n: int, rng: random.Random) -> dict[str, Any]:
    qid = 1_000_000 + n
    claims: dict[str, list[dict[str, Any]]] = {
        "P31": [_item("P31", 5 if n % 20 == 0 else rng.randint(1, 10**6))],
        "P17": [_item("P17", 900)],
        "P131": [_item("P131", rng.randint(1, 10**6)) for _ in range(3)],
        "P646": [_item("P646", rng.randint(1, 10**6))],
    }
    if n % 20 == 0:
        statement = _item("P39", 500 + n % 50)
        statement["qualifiers"] = {"P580": [_time("P580", 1990 + n % 30, 9 + n % 3)]}
        claims["P39"] = [statement]
    if 500 <= n < 550:  # the positions the people hold
        qid = n
        claims["P1001"] = [_item("P1001", 900)]
    if n == 900:
        qid = 900
        claims["P31"] = [_item("P31", 6256)]
    return {
        "type": "item",
        "id": f"Q{qid}",
        "labels": {lang: {"language": lang, "value": f"Entity {n} {lang}"} for lang in LANGS},
        "descriptions": {lang: {"language": lang, "value": "a thing " * 6} for lang in LANGS},
        "aliases": {"en": [{"language": "en", "value": f"E{n}"}]},
        "claims": claims,
    }


def write_dump(path: Path, count: int) -> int:
    rng = random.Random(7)
    size = 0
    with gzip.open(path, "wb", compresslevel=1) as out:
        out.write(b"[\n")
        for n in range(count):
            line = json.dumps(entity(n, rng), separators=(",", ":")).encode()
            size += len(line)
            out.write(line + (b",\n" if n < count - 1 else b"\n"))
        out.write(b"]\n")
    return size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entities", type=int, default=200_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "dump.json.gz"
        raw = write_dump(dump, args.entities)
        print(
            f"dump: {args.entities} entities, {raw / args.entities:.0f} bytes/entity "
            f"uncompressed, {dump.stat().st_size / 1e6:.1f} MB gzip"
        )
        for workers in args.workers:
            db = build(Path(tmp) / f"kb-{workers}.sqlite", shipped=False)
            conn = sqlite3.connect(db)
            started = time.perf_counter()
            stats = import_dump(dump, conn, workers=workers)
            total = time.perf_counter() - started
            conn.close()
            rate = stats.entities / stats.seconds
            print(
                f"workers={workers}: first pass {stats.seconds:.2f}s = {rate:,.0f} entities/s "
                f"({rate / workers:,.0f} per core, {raw / stats.seconds / 1e6:.0f} MB/s); "
                f"all {stats.passes} passes {total:.2f}s; {stats.terms} terms"
            )


if __name__ == "__main__":
    main()
