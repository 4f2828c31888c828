"""Lookups in the store's quote index: speed per core, index size, candidate recall.

Builds N synthetic quotes (a deterministic generator: a Zipf-distributed vocabulary of
made-up words, English function words between them, 6 to 40 words a quote), imports
them into a SQLite store (and a PostgreSQL one with ``--pg URL``, in a throwaway
schema), then looks up sampled quotes as they are and altered (a word dropped, a word
swapped for another, a word added, cut to its first half) on one core, and counts how
often the original is among the 50 candidates. Prints a Markdown table and a projection
to Quotebank's 178 M quotes (size linear; lookup time from the slope between the two
sizes measured).

    .venv/bin/python benchmarks/quote_lookup.py [--sizes 100000 1000000] [--pg URL]
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import random
import secrets
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sourcecheck.quotes import QuoteRecord, normalise
from sourcecheck.store import ReportStore, open_store
from sourcecheck.store.quotes import insert_records, record_row

QUOTEBANK = 178_000_000
FUNCTION_WORDS = [
    "the",
    "of",
    "and",
    "to",
    "a",
    "in",
    "that",
    "is",
    "was",
    "it",
    "for",
    "on",
    "with",
    "as",
    "be",
    "at",
    "by",
    "this",
    "have",
    "from",
    "or",
    "an",
    "but",
    "not",
    "they",
    "we",
    "he",
    "she",
    "you",
    "are",
    "were",
    "will",
    "would",
    "our",
    "their",
    "there",
    "which",
    "what",
    "all",
    "so",
]
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ner",
    "tas",
    "vel",
    "dor",
    "fin",
    "gra",
    "hul",
    "jen",
    "kor",
    "lum",
    "mas",
    "nib",
    "ost",
    "pre",
    "qua",
    "ris",
    "sul",
    "tev",
    "ung",
    "vor",
    "wim",
    "yel",
    "zan",
    "bra",
    "cle",
    "dru",
    "fla",
    "glo",
    "har",
    "isk",
    "jor",
    "kel",
]


def vocabulary(size: int, rng: random.Random) -> list[str]:
    """``size`` distinct made-up words of 2 to 4 syllables."""
    words: dict[str, None] = {}
    while len(words) < size:
        words["".join(rng.choices(SYLLABLES, k=rng.randint(2, 4)))] = None
    return list(words)


@dataclass(frozen=True, slots=True)
class Generator:
    """Deterministic quotes: ``quote(i)`` is the same for every run and machine."""

    words: list[str]
    weights: list[float]
    seed: int = 12

    @classmethod
    def build(cls, vocab: int = 60_000, seed: int = 12) -> Generator:
        rng = random.Random(seed)
        cumulative = list(itertools.accumulate(1 / (rank + 10) for rank in range(vocab)))
        # Short words are the common ones, as in real text (Zipf's law of abbreviation).
        words = sorted(vocabulary(vocab, rng), key=len)
        return cls(words, cumulative, seed)

    def quote(self, i: int) -> str:
        rng = random.Random(self.seed * 1_000_003 + i)
        n = rng.randint(6, 40)
        content = rng.choices(self.words, cum_weights=self.weights, k=n)
        out = []
        for word in content:
            if rng.random() < 0.45:
                out.append(rng.choice(FUNCTION_WORDS))
            out.append(word)
        text = " ".join(out)
        return text[0].upper() + text[1:] + "."


def records(gen: Generator, n: int) -> Iterator[QuoteRecord]:
    for i in range(n):
        text = gen.quote(i)
        yield QuoteRecord(
            text=text,
            normalised=normalise(text),
            speaker=f"Speaker {i % 5000}",
            corpus="synthetic",
            record_id=f"s{i:09d}",
            url=f"https://news{i % 300}.example/{i}",
            outlet=f"news{i % 300}.example",
        )


def fill(store: ReportStore, gen: Generator, n: int, batch: int = 20_000) -> float:
    """Imports ``n`` quotes; returns the seconds it took."""
    start = time.perf_counter()
    it = records(gen, n)
    while True:
        rows = [record_row(r) for r in itertools.islice(it, batch)]
        if not rows:
            break
        with store.backend.transaction("fill") as tx:
            insert_records(tx, rows)
    return time.perf_counter() - start


def size_bytes(store: ReportStore) -> int:
    """The bytes the quotes table and its indexes take."""
    with store.backend.transaction("size", write=False) as tx:
        if store.backend.dialect.name == "sqlite":
            tx.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            row = tx.fetchone(
                "SELECT SUM(pgsize) AS n FROM dbstat WHERE name LIKE 'quotes%'"
                " OR name LIKE 'sqlite_autoindex_quotes%'"
            )
        else:
            row = tx.fetchone("SELECT pg_total_relation_size('quotes') AS n")
    return int(row["n"]) if row and row["n"] is not None else 0


def _drop(q: str, rng: random.Random) -> str:
    words = q.split()
    del words[rng.randrange(len(words))]
    return " ".join(words)


def _swap(q: str, rng: random.Random) -> str:
    words = q.split()
    words[rng.randrange(len(words))] = "zzquorvex"
    return " ".join(words)


def _add(q: str, rng: random.Random) -> str:
    words = q.split()
    words.insert(rng.randrange(len(words) + 1), "meanwhile")
    return " ".join(words)


def _half(q: str, rng: random.Random) -> str:
    words = q.split()
    return " ".join(words[: max(1, len(words) // 2)])


ALTERATIONS: dict[str, Callable[[str, random.Random], str]] = {
    "exact": lambda q, rng: q,
    "word dropped": _drop,
    "word swapped": _swap,
    "word added": _add,
    "first half": _half,
}


@dataclass(frozen=True, slots=True)
class Lookup:
    kind: str
    per_second: float
    recall: float
    mean_ms: float
    p99_ms: float


def lookups(store: ReportStore, gen: Generator, n: int, queries: int) -> list[Lookup]:
    """Timed lookups of ``queries`` sampled quotes per alteration, one thread."""
    rng = random.Random(99)
    sample = [rng.randrange(n) for _ in range(queries)]
    corpus = store.quote_corpus()
    out = []
    for kind, alter in ALTERATIONS.items():
        times, hits = [], 0
        for i in sample:
            query = normalise(alter(normalise(gen.quote(i)), rng))
            start = time.perf_counter()
            found = corpus.candidates(query, limit=50)
            times.append(time.perf_counter() - start)
            hits += any(r.record_id == f"s{i:09d}" for r in found)
        times.sort()
        out.append(
            Lookup(
                kind,
                len(times) / sum(times),
                hits / len(sample),
                1000 * sum(times) / len(times),
                1000 * times[int(0.99 * (len(times) - 1))],
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class Result:
    backend: str
    n: int
    fill_s: float
    size: int
    lookups: list[Lookup]


def run(url: str, backend: str, gen: Generator, n: int, queries: int) -> Result:
    with open_store(url) as store:
        fill_s = fill(store, gen, n)
        if store.backend.dialect.name == "postgresql":
            # What autovacuum does after a bulk load: statistics, the visibility map.
            with store.backend.transaction("analyse", write=False) as tx:
                tx.execute("ANALYZE quotes")
        size = size_bytes(store)
        found = lookups(store, gen, n, queries)
    return Result(backend, n, fill_s, size, found)


def _pg_schema(url: str) -> tuple[str, str]:
    import psycopg

    schema = f"bench_{secrets.token_hex(4)}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    parts = urlsplit(url)
    query = [*parse_qsl(parts.query), ("options", f"-csearch_path={schema}")]
    return schema, urlunsplit(parts._replace(query=urlencode(query)))


def _drop_schema(url: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


def table(results: list[Result]) -> str:
    lines = [
        "| backend | quotes | import quotes/s | index MB per M | lookup | lookups/s (1 core) "
        "| mean ms | p99 ms | recall@50 |",
        "|---|---:|---:|---:|---|---:|---:|---:|---:|",
    ]
    for r in results:
        for lk in r.lookups:
            lines.append(
                f"| {r.backend} | {r.n:,} | {r.n / r.fill_s:,.0f} | {r.size / r.n:,.0f} "
                f"| {lk.kind} | {lk.per_second:,.0f} | {lk.mean_ms:.2f} | {lk.p99_ms:.2f} "
                f"| {lk.recall:.1%} |"
            )
    return "\n".join(lines)


def projection(results: list[Result]) -> str:
    lines = [
        "",
        f"Projection to Quotebank ({QUOTEBANK / 1e6:.0f} M quotes): size linear in quotes; "
        "lookup time extrapolated on the log-log slope between the sizes measured.",
        "",
        "| backend | index GB | import hours (1 core) | lookup | est. ms | est. lookups/s |",
        "|---|---:|---:|---|---:|---:|",
    ]
    by_backend: dict[str, list[Result]] = {}
    for r in results:
        by_backend.setdefault(r.backend, []).append(r)
    for backend, rs in by_backend.items():
        rs.sort(key=lambda r: r.n)
        big = rs[-1]
        gb = big.size / big.n * QUOTEBANK / 1e9
        hours = QUOTEBANK / (big.n / big.fill_s) / 3600
        for k, lk in enumerate(big.lookups):
            slope = 1.0
            if len(rs) > 1 and rs[0].n < big.n:
                small = rs[0].lookups[k].mean_ms
                slope = math.log(lk.mean_ms / small) / math.log(big.n / rs[0].n)
            ms = lk.mean_ms * (QUOTEBANK / big.n) ** slope
            lines.append(
                f"| {backend} | {gb:,.1f} | {hours:,.1f} | {lk.kind} (slope {slope:.2f}) "
                f"| {ms:,.1f} | {1000 / ms:,.1f} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=1000, help="lookups per alteration")
    parser.add_argument("--pg", help="a PostgreSQL URL to measure too (a schema is made)")
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    gen = Generator.build()
    results = []
    with tempfile.TemporaryDirectory(prefix="quote-bench-") as tmp:
        for n in args.sizes:
            if not args.no_sqlite:
                path = Path(tmp) / f"q{n}.db"
                results.append(run(f"sqlite:///{path}", "SQLite", gen, n, args.queries))
                print(table(results[-1:]), flush=True)
                path.unlink()
            if args.pg:
                schema, url = _pg_schema(args.pg)
                try:
                    results.append(run(url, "PostgreSQL", gen, n, args.queries))
                finally:
                    _drop_schema(args.pg, schema)
                print(table(results[-1:]), flush=True)
    print(f"\n{os.cpu_count()} cores on this machine; every figure above is one thread.\n")
    print(table(results))
    print(projection(results))


if __name__ == "__main__":
    main()
