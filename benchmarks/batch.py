"""``sourcecheck batch`` at scale: speed by workers, memory, store size, resume after SIGKILL.

Two measurements, each printing a Markdown table (``--json``: the raw figures):

``speed``: one run over the corpus per ``--workers`` value, and one on a Dask
``LocalCluster`` of ``--dask`` single-threaded worker processes started here; each into
a fresh SQLite store, with the checks, dates from the file names. Articles/s over the
run, the speed-up over the first run, peak RSS of the main process and of each worker.

    .venv/bin/python benchmarks/batch.py speed --workers 1 2 --dask 2

``scale``: ``--articles`` articles (the corpus texts repeated, each copy made distinct by
a closing line, so each has its own content hash) in one JSON Lines file, into SQLite
and (``--pg URL``) PostgreSQL: the run is killed with SIGKILL once half are stored and
started again; the RSS of every process is sampled as it goes; at the end the store is
checked for lost and doubled articles and measured.

    .venv/bin/python benchmarks/batch.py scale --articles 10000 --pg "$PG_URL"

The corpus defaults to the PolNeAR dev and train texts in ../shared.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "benchmarks" / "polnear"
DEFAULT_CORPUS = [POLNEAR / "dev" / "text", POLNEAR / "train" / "text"]
ONE_THREAD = {v: "1" for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}


def _command(inputs: list[str], store: str, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-c",
        "from sourcecheck.cli import main; main()",
        "batch",
        *inputs,
        "--store",
        store,
        "--quiet",
        "--dates-from",
        "filename",
        *extra,
    ]


class Sampler:
    """Peak and sampled RSS of a process tree (and of other processes given), every 0.25 s."""

    def __init__(self, root: int, others: tuple[int, ...] = ()) -> None:
        self.root = root
        self.others = others
        self.peak: dict[int, int] = {}
        self.names: dict[int, str] = {}
        self.timeline: list[tuple[float, int]] = []  # (seconds, total RSS)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._start = time.monotonic()

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _processes(self) -> list[psutil.Process]:
        found = []
        for pid in (self.root, *self.others):
            try:
                proc = psutil.Process(pid)
                found.append(proc)
                if pid == self.root:
                    found.extend(proc.children(recursive=True))
            except psutil.Error:
                continue
        return found

    def _run(self) -> None:
        while not self._stop.wait(0.25):
            total = 0
            for proc in self._processes():
                try:
                    rss = proc.memory_info().rss
                    name = "main" if proc.pid == self.root else "worker"
                except psutil.Error:
                    continue
                total += rss
                self.names[proc.pid] = name
                self.peak[proc.pid] = max(self.peak.get(proc.pid, 0), rss)
            self.timeline.append((time.monotonic() - self._start, total))

    def peaks(self, kind: str) -> list[int]:
        """Peak RSS in MB of each process of ``kind`` (``main`` or ``worker``)."""
        return sorted(
            round(rss / 2**20) for pid, rss in self.peak.items() if self.names.get(pid) == kind
        )


# speed


def _articles(corpus: list[Path]) -> int:
    return sum(1 for folder in corpus for _ in folder.glob("*.txt"))


@contextmanager
def _cluster(workers: int) -> Iterator[tuple[str, tuple[int, ...]]]:
    import distributed

    os.environ.update(ONE_THREAD)
    with distributed.LocalCluster(
        n_workers=workers,
        processes=True,
        threads_per_worker=1,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        with distributed.Client(cluster) as client:
            pids = tuple(client.run(os.getpid).values())
        yield cluster.scheduler_address, pids


def _timed(command: list[str], others: tuple[int, ...] = ()) -> tuple[float, Sampler]:
    start = time.perf_counter()
    process = subprocess.Popen(command, env={**os.environ, **ONE_THREAD})
    with Sampler(process.pid, others) as sampler:
        if process.wait() != 0:
            raise SystemExit(f"batch failed with exit code {process.returncode}")
    return time.perf_counter() - start, sampler


def speed(args: argparse.Namespace) -> list[dict[str, Any]]:
    corpus = [str(c) for c in args.corpus]
    n = _articles(args.corpus)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for workers in args.workers:
            store = f"sqlite:///{tmp}/w{workers}.db"
            seconds, sampler = _timed(_command(corpus, store, "--workers", str(workers)))
            rows.append(
                {
                    "run": f"{workers} local worker{'s' if workers > 1 else ''}",
                    "seconds": seconds,
                    "main_mb": sampler.peaks("main"),
                    "worker_mb": sampler.peaks("worker"),
                }
            )
        if args.dask:
            stores = [("SQLite, client writes", f"sqlite:///{tmp}/dask.db")]
            if args.pg:
                stores.append(("PostgreSQL, workers write", _pg_schema(args.pg, "bench_dask")))
            with _cluster(args.dask) as (address, pids):
                for label, store in stores:
                    seconds, sampler = _timed(_command(corpus, store, "--dask", address), pids)
                    rows.append(
                        {
                            "run": f"Dask LocalCluster, {args.dask} workers ({label})",
                            "seconds": seconds,
                            "main_mb": sampler.peaks("main"),
                            "worker_mb": sampler.peaks("worker"),
                        }
                    )
    base = rows[0]["seconds"]
    for row in rows:
        row["articles"] = n
        row["articles_per_second"] = n / row["seconds"]
        row["speedup"] = base / row["seconds"]
    return rows


def _print_speed(rows: list[dict[str, Any]]) -> None:
    print(f"{rows[0]['articles']} articles, checks on, SQLite store, {os.cpu_count()} cores\n")
    print("| run | seconds | articles/s | speed-up | peak RSS main / workers (MB) |")
    print("|---|---:|---:|---:|---|")
    for r in rows:
        workers = ", ".join(map(str, r["worker_mb"])) or "–"
        print(
            f"| {r['run']} | {r['seconds']:.1f} | {r['articles_per_second']:.1f} | "
            f"{r['speedup']:.2f}× | {', '.join(map(str, r['main_mb']))} / {workers} |"
        )


# scale


def _write_jsonl(corpus: list[Path], path: Path, articles: int) -> int:
    """Writes the articles; returns how many distinct texts they hold (the corpus may
    hold the same text twice: one stored article for both, by design)."""
    texts = sorted(p for folder in corpus for p in folder.glob("*.txt"))
    distinct: set[str] = set()
    with path.open("w", encoding="utf-8") as out:
        for k in range(articles):
            source = texts[k % len(texts)]
            copy = k // len(texts)
            date = source.name.split("_")[1] if source.name.count("_") >= 2 else None
            text = source.read_text(encoding="utf-8") + f"\n\n(Archive copy {copy}.)\n"
            line = {"id": f"{source.stem}-{copy}", "text": text, "date": date}
            out.write(json.dumps(line) + "\n")
            distinct.add(text)
    return len(distinct)


def _count(store: str) -> dict[str, int]:
    """Articles stored, and paths stored twice (``doubled``)."""
    from sourcecheck.store import open_store

    with open_store(store) as s:
        stats = s.stats()
        with s.backend.transaction("count", write=False) as tx:
            doubled = tx.fetchall(
                "SELECT COUNT(*) AS n FROM (SELECT path FROM articles GROUP BY path"
                " HAVING COUNT(*) > 1) d"
            )[0]["n"]
            paths = tx.fetchall("SELECT COUNT(DISTINCT path) AS n FROM articles")[0]["n"]
    return {"articles": stats["articles"], "paths": int(paths), "doubled": int(doubled)}


def _size(store: str) -> int:
    if store.startswith("sqlite:///"):
        base = Path(store.removeprefix("sqlite:///"))
        return sum(p.stat().st_size for p in base.parent.glob(base.name + "*"))
    import psycopg

    with psycopg.connect(store) as conn:
        row = conn.execute(
            "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'm')"
        ).fetchone()
    return int(row[0]) if row else 0


def _pg_schema(url: str, schema: str) -> str:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        conn.execute(f"CREATE SCHEMA {schema}")
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options=-csearch_path%3D{schema}"


def _scale_one(
    store: str, jsonl: Path, articles: int, distinct: int, workers: int
) -> dict[str, Any]:
    command = _command([str(jsonl)], store, "--workers", str(workers))
    env = {**os.environ, **ONE_THREAD}
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env)
    killed_at = 0
    with Sampler(process.pid) as first:
        while process.poll() is None:
            time.sleep(1.0)
            try:
                stored = _count(store)["articles"]
            except Exception:  # the store is being made
                continue
            if stored >= articles // 2:
                killed_at = stored
                process.send_signal(signal.SIGKILL)
                break
        process.wait()
    time.sleep(2.0)  # orphaned workers end with their parent
    before = _count(store)["articles"]
    resumed = subprocess.Popen(command, env=env)
    with Sampler(resumed.pid) as second:
        resumed.wait()
    seconds = time.perf_counter() - start
    counts = _count(store)
    size = _size(store)
    timeline = first.timeline + [(t + first.timeline[-1][0], r) for t, r in second.timeline]
    quarter = [timeline[int(len(timeline) * q)][1] / 2**20 for q in (0.1, 0.3, 0.6, 0.9)]
    return {
        "store": "PostgreSQL" if store.startswith("postgresql") else "SQLite",
        "articles": articles,
        "killed_at": killed_at,
        "stored_before_restart": before,
        "distinct": distinct,
        "stored": counts["articles"],
        "lost": distinct - counts["articles"],
        "doubled": counts["doubled"],
        "seconds": seconds,
        "mb_per_1000": size / 2**20 / counts["articles"] * 1000,
        "rss_mb_10_30_60_90": [round(q) for q in quarter],
        "main_peak_mb": first.peaks("main") + second.peaks("main"),
        "worker_peak_mb": first.peaks("worker") + second.peaks("worker"),
    }


def scale(args: argparse.Namespace) -> list[dict[str, Any]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "articles.jsonl"
        distinct = _write_jsonl(args.corpus, jsonl, args.articles)
        stores = [f"sqlite:///{tmp}/scale.db"]
        if args.pg:
            stores.append(_pg_schema(args.pg, "bench_scale"))
        for store in stores:
            rows.append(_scale_one(store, jsonl, args.articles, distinct, args.workers[-1]))
    return rows


def _print_scale(rows: list[dict[str, Any]]) -> None:
    print("| store | inputs (distinct) | killed at | stored | lost | doubled | wall s | MB / 1,000 "
          "| total RSS MB at 10/30/60/90 % | peak RSS main / workers MB |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|---|")
    for r in rows:
        print(
            f"| {r['store']} | {r['articles']:,} ({r['distinct']:,}) | {r['killed_at']:,} | "
            f"{r['stored']:,} | "
            f"{r['lost']} | {r['doubled']} | {r['seconds']:.0f} | {r['mb_per_1000']:.1f} | "
            f"{' / '.join(map(str, r['rss_mb_10_30_60_90']))} | "
            f"{max(r['main_peak_mb'])} / {max(r['worker_peak_mb'] or [0])} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["speed", "scale"])
    parser.add_argument("--corpus", type=Path, nargs="+", default=DEFAULT_CORPUS)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--dask", type=int, default=0, help="Dask LocalCluster workers.")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--pg", help="A PostgreSQL URL for the scale run too.")
    parser.add_argument("--json", action="store_true", help="Print the raw figures.")
    args = parser.parse_args()
    missing = [c for c in args.corpus if not c.is_dir()]
    if missing:
        raise SystemExit(f"corpus folder not found: {missing[0]} (is ../shared beside the repo?)")
    rows = speed(args) if args.mode == "speed" else scale(args)
    if args.json:
        print(json.dumps(rows, indent=2))
    elif args.mode == "speed":
        _print_speed(rows)
    else:
        _print_scale(rows)


if __name__ == "__main__":
    main()
