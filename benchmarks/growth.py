"""How the cost of an audit grows with the article: time and peak memory by size.

Two kinds of text, each at 10 k, 100 k and 1 M characters (``--sizes``): *news* (the
paragraphs of our own example article, ``examples/ocean-plastics-talks.txt``, repeated
until the size is reached, as one long article) and *dense* (one attribution after another:
short quoted statements by titled people, written here). Each size runs in a fresh
subprocess, so the peak RSS is its own; the model load is left out of the time.

    .venv/bin/python benchmarks/growth.py [--sizes 10000,100000,1000000] [--json]

Prints a Markdown table (the one in the README) with the time ratio to the previous size:
linear growth is 10× per step.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "ocean-plastics-talks.txt"

DENSE = (
    "“We will not sign this,” Foreign Minister Lía Ortega said on Monday. ",
    "Health Minister Hugo Paz told reporters the hospitals were ready. ",
    "According to a report by the Freedonia Institute, prices rose 4 percent last year. ",
    "“The talks are over,” said the mayor. “We start again in spring.” ",
    "She added that the budget would be cut, officials said. ",
)


def news_text(size: int) -> str:
    body = EXAMPLE.read_text(encoding="utf-8").split("---", 2)[-1].strip()
    paragraphs = [p for p in body.split("\n") if p.strip()]
    out: list[str] = []
    length = 0
    while length < size:
        for paragraph in paragraphs:
            out.append(paragraph)
            length += len(paragraph) + 1
            if length >= size:
                break
    return "\n".join(out)[:size]


def dense_text(size: int) -> str:
    out: list[str] = []
    length = 0
    n = 0
    while length < size:
        sentence = DENSE[n % len(DENSE)]
        out.append(sentence)
        length += len(sentence)
        n += 1
        if n % 4 == 0:
            out.append("\n")
    return "".join(out)[:size]


def _child(kind: str, size: int) -> None:
    from sourcecheck import audit
    from sourcecheck.extract.nlp import load_model
    from sourcecheck.records import Article

    load_model(None)
    text = news_text(size) if kind == "news" else dense_text(size)
    started = time.perf_counter()
    report = audit(Article(text=text))
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "kind": kind,
                "size": size,
                "seconds": seconds,
                "peak_mib": peak,
                "attributions": len(report.attributions),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--kinds", default="news,dense")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], int(args.child[1]))
        return
    rows = []
    for kind in args.kinds.split(","):
        for size in (int(s) for s in args.sizes.split(",")):
            out = subprocess.run(
                [sys.executable, __file__, "--child", kind, str(size)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            rows.append(json.loads(out.strip().splitlines()[-1]))
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print("| text | characters | attributions | seconds | × previous | peak RSS (MiB) |")
    print("|---|---:|---:|---:|---:|---:|")
    previous: dict[str, float] = {}
    for row in rows:
        ratio = ""
        if row["kind"] in previous:
            ratio = f"{row['seconds'] / previous[row['kind']]:.1f}×"
        previous[row["kind"]] = row["seconds"]
        print(
            f"| {row['kind']} | {row['size']:,} | {row['attributions']:,} | "
            f"{row['seconds']:.2f} | {ratio} | {row['peak_mib']:.0f} |"
        )


if __name__ == "__main__":
    main()
