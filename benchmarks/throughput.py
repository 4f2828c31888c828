"""Throughput and peak memory of sourcecheck's extraction vs textacy's direct_quotations.

Each system runs in its own fresh subprocess (so peak RSS is its own) on one core, over
the same texts (by default the PolNeAR dev split), after one warm-up article. textacy runs
on the plain spaCy pipeline (as its users would; the ratio is taken against that run), and
an article it refuses (an odd number of quote marks) counts as parsed with nothing found.
A second textacy run uses the same BLAS switch as sourcecheck
(:func:`sourcecheck.extract.nlp.use_numpy_gemm`), to show how much of the lead is that, and
``spacy-parse-only`` only tags and parses the paragraphs: the ceiling of any extractor
built on this parse.

    .venv/bin/python benchmarks/throughput.py --corpus ../shared/benchmarks/polnear/dev/text

Prints a Markdown table (the one in the README) and, with --json, the raw figures.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

SYSTEMS = (
    "sourcecheck-extract",
    "sourcecheck-audit",
    "textacy-direct-quotations",
    "textacy-direct-quotations+numpy-gemm",
    "spacy-parse-only",
)
#: The peer baseline the ratio is taken against: textacy as its users run it.
BASELINE = "textacy-direct-quotations"


def _texts(corpus: Path, limit: int | None) -> list[str]:
    files = sorted(corpus.glob("*.txt"))[:limit]
    if not files:
        raise SystemExit(f"no .txt files in {corpus}")
    return [f.read_text("utf-8") for f in files]


def _run_one(system: str, corpus: Path, limit: int | None, repeat: int) -> dict[str, float]:
    """Measure one system in this process (called in a child process)."""
    texts = _texts(corpus, limit)
    words = sum(len(t.split()) for t in texts)
    if system.startswith("textacy-direct-quotations"):
        import spacy
        from textacy.extract.triples import direct_quotations

        from sourcecheck.extract.nlp import MODEL_NAMES

        # the baseline as a textacy user runs it: the plain pipeline (load_model's
        # speed-ups are sourcecheck's own)
        for name in MODEL_NAMES:
            try:
                nlp = spacy.load(name)
                break
            except OSError:
                continue
        else:
            raise SystemExit(f"no spaCy model installed (tried {', '.join(MODEL_NAMES)})")
        if system.endswith("+numpy-gemm"):
            # for comparison only: the same pipeline with sourcecheck's BLAS switch
            from sourcecheck.extract.nlp import use_numpy_gemm

            use_numpy_gemm(nlp)

        def work(text: str) -> int:
            doc = nlp(text)
            try:
                return len(list(direct_quotations(doc)))
            except ValueError:
                # textacy bails out on an odd number of quote marks; the parse is still timed
                return 0

    elif system == "spacy-parse-only":
        from sourcecheck.extract.nlp import load_model
        from sourcecheck.extract.paragraphs import split_paragraphs

        parser_nlp = load_model()
        # the least sourcecheck must do: tag and parse every paragraph (no entities,
        # no lemmas, no extraction); any extractor on this parse is slower than this
        skip = ["attribute_ruler", "lemmatizer", "ner"]

        def work(text: str) -> int:
            chunks = [chunk for _, chunk in split_paragraphs(text)]
            for _ in parser_nlp.pipe(chunks, disable=skip):
                pass
            return 0  # finds nothing: it only parses

    else:
        from sourcecheck.audit import audit_article
        from sourcecheck.ingest import article_from_text
        from sourcecheck.settings import Settings

        settings = Settings(run_checks=system == "sourcecheck-audit")

        def work(text: str) -> int:
            return len(audit_article(article_from_text(text), settings).attributions)

    work(texts[0])  # warm-up: model load, data files, caches
    found = 0
    start = time.perf_counter()
    for _ in range(repeat):
        for text in texts:
            found += work(text)
    elapsed = time.perf_counter() - start
    n = len(texts) * repeat
    return {
        "articles": n,
        "seconds": elapsed,
        "articles_per_s": n / elapsed,
        "words_per_s": words * repeat / elapsed,
        "found_per_article": found / n,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_corpus = Path("../shared/benchmarks/polnear/dev/text")
    parser.add_argument("--corpus", type=Path, default=default_corpus)
    parser.add_argument("--limit", type=int, default=None, help="only the first N texts")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print raw figures as JSON")
    parser.add_argument("--child", choices=SYSTEMS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_run_one(args.child, args.corpus, args.limit, args.repeat)))
        return
    results: dict[str, dict[str, float]] = {}
    for system in SYSTEMS:
        cmd = [sys.executable, __file__, "--child", system, "--corpus", str(args.corpus)]
        cmd += ["--repeat", str(args.repeat)]
        if args.limit:
            cmd += ["--limit", str(args.limit)]
        # taskset pins the child to one core so the figures are per core.
        if os.path.exists("/usr/bin/taskset"):
            cmd = ["taskset", "-c", "0", *cmd]
        # one BLAS/OpenMP thread: the figures are per core
        env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
        out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
        results[system] = json.loads(out.strip().splitlines()[-1])
    if args.json:
        print(json.dumps(results, indent=2))
        return
    base = results[BASELINE]["articles_per_s"]
    print(f"corpus: {args.corpus} ({int(results[SYSTEMS[0]]['articles'])} articles, 1 core)\n")
    print("| system | articles/s | words/s | × textacy | found/article | peak RSS MiB |")
    print("|---|---:|---:|---:|---:|---:|")
    for system, r in results.items():
        print(
            f"| {system} | {r['articles_per_s']:.1f} | {r['words_per_s']:,.0f} | "
            f"{r['articles_per_s'] / base:.2f} | {r['found_per_article']:.1f} | "
            f"{r['peak_rss_mib']:.0f} |"
        )


if __name__ == "__main__":
    main()
