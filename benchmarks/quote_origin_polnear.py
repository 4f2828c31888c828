"""quote_origin on PolNeAR: dev audited against train only, and train against dev only.

Each split is batched into its own SQLite store (its quotes indexed); then every article
of the other split is audited with ``Settings(quote_store=…)``, so a quote can only be
traced to an article of the reference split. Prints, per direction, how many quoted
statements were examined, traced (consistent), flagged (contradicted, by reason) and
left unverifiable (by reason), and writes every contradicted finding, with its sentence
and evidence, to ``--review FILE`` (JSON Lines) for reading each one.

    .venv/bin/python benchmarks/quote_origin_polnear.py --review /tmp/flags.jsonl
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "benchmarks" / "polnear"


def _batch(folder: Path, store: str) -> None:
    command = [
        sys.executable, "-c", "from sourcecheck.cli import main; main()",
        "batch", str(folder), "--store", store, "--quiet", "--dates-from", "filename",
    ]  # fmt: skip
    subprocess.run(command, check=True)


def _reason(explanation: str) -> str:
    text = explanation.lower()
    for needle, reason in (
        ("misattribut", "misattribution"),
        ("attributed to", "misattribution"),
        ("wording", "altered wording"),
        ("changed", "altered wording"),
        ("before", "before it was said"),
        ("not found", "not found"),
        ("only in this article", "only here"),
        ("too short", "too short"),
        ("after", "only later"),
    ):
        if needle in text:
            return reason
    return "other"


def _direction(articles: Path, reference: str, review: Any, label: str) -> dict[str, Any]:
    from sourcecheck.audit import audit_article
    from sourcecheck.ingest.readers import ReadOptions, read_input
    from sourcecheck.records import Article
    from sourcecheck.settings import Settings

    settings = Settings(quote_store=reference)
    statuses: Counter[str] = Counter()
    reasons: Counter[tuple[str, str]] = Counter()
    start = time.perf_counter()
    n = 0
    for article in read_input(str(articles), ReadOptions(dates_from="filename")):
        if not isinstance(article, Article):
            continue
        n += 1
        report = audit_article(article, settings)
        for finding in report.findings:
            if finding.check != "quote_origin":
                continue
            statuses[finding.status.value] += 1
            reasons[(finding.status.value, _reason(finding.explanation))] += 1
            if finding.status.value == "contradicted" and review is not None:
                att = next((a for a in report.attributions if a.id == finding.attribution_id), None)
                review.write(
                    json.dumps(
                        {
                            "direction": label,
                            "article": article.path,
                            "date": article.date.isoformat() if article.date else None,
                            "speaker": att.source.name if att and att.source else None,
                            "quote": att.content.text if att else None,
                            "explanation": finding.explanation,
                            "evidence": [
                                {"description": e.description, "data": dict(e.data)}
                                for e in finding.evidence
                            ],
                        },
                        ensure_ascii=False,
                    )
                    + "\n"
                )
    return {
        "direction": label,
        "articles": n,
        "seconds": round(time.perf_counter() - start, 1),
        "findings": dict(statuses),
        "by_reason": {f"{s}: {r}": c for (s, r), c in sorted(reasons.items())},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--review", type=Path, help="Write every contradicted finding here.")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    dev, train = POLNEAR / "dev" / "text", POLNEAR / "train" / "text"
    if not dev.is_dir() or not train.is_dir():
        raise SystemExit(f"PolNeAR texts not found under {POLNEAR} (is ../shared beside the repo?)")
    review = args.review.open("w", encoding="utf-8") if args.review else None
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        stores = {"dev": f"sqlite:///{tmp}/dev.db", "train": f"sqlite:///{tmp}/train.db"}
        _batch(dev, stores["dev"])
        _batch(train, stores["train"])
        rows.append(_direction(dev, stores["train"], review, "dev against train"))
        rows.append(_direction(train, stores["dev"], review, "train against dev"))
    if review is not None:
        review.close()
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    for row in rows:
        print(f"## {row['direction']}: {row['articles']} articles, {row['seconds']} s")
        print(json.dumps(row["findings"]))
        for reason, count in row["by_reason"].items():
            print(f"- {reason}: {count}")


if __name__ == "__main__":
    main()
