"""Wall time of ``sourcecheck batch`` by number of workers, and of a resumed run.

Writes ``--articles`` synthetic articles (``--paragraphs`` quotes each) into a temporary
folder and runs ``sourcecheck batch`` over them into a fresh SQLite store, once per
``--workers`` value, then once more into the last store (every article skipped).

    .venv/bin/python benchmarks/batch.py --articles 200 --workers 1 2 4

Prints a Markdown table; --json prints the raw figures.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _write(folder: Path, articles: int, paragraphs: int) -> None:
    for n in range(articles):
        body = "\n\n".join(
            f"“Bridge {n} will open in week {p},” Mayor Lena Ortiz said on Monday, "
            f"according to a statement the council released in May."
            for p in range(paragraphs)
        )
        (folder / f"story-{n:05d}.txt").write_text(body + "\n", encoding="utf-8")


def _run(inputs: Path, store: Path, workers: int, checks: bool) -> float:
    command = [
        sys.executable,
        "-c",
        "from sourcecheck.cli import main; main()",
        "batch",
        str(inputs),
        "--store",
        str(store),
        "--workers",
        str(workers),
        "--quiet",
        "--checks" if checks else "--no-checks",
    ]
    start = time.perf_counter()
    subprocess.run(command, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--paragraphs", type=int, default=8)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--checks", action="store_true", help="Run the KB checks too.")
    parser.add_argument("--json", action="store_true", help="Print the raw figures.")
    args = parser.parse_args()
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        _write(folder, args.articles, args.paragraphs)
        store = Path(tmp) / "none.db"
        for workers in args.workers:
            store = Path(tmp) / f"w{workers}.db"
            seconds = _run(folder, store, workers, args.checks)
            rows.append({"run": f"{workers} workers", "seconds": round(seconds, 2)})
        seconds = _run(folder, store, args.workers[-1], args.checks)
        rows.append({"run": "resumed (all stored)", "seconds": round(seconds, 2)})
    for row in rows:
        row["articles_per_second"] = round(args.articles / float(str(row["seconds"])), 1)
    if args.json:
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    sys.stdout.write(f"{args.articles} articles × {args.paragraphs} paragraphs\n\n")
    sys.stdout.write("| run | seconds | articles/s |\n|---|---:|---:|\n")
    for row in rows:
        sys.stdout.write(f"| {row['run']} | {row['seconds']} | {row['articles_per_second']} |\n")


if __name__ == "__main__":
    main()
