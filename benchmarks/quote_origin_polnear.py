"""quote_origin on PolNeAR: dev audited against train only, and train against dev only.

Each split is batched into its own SQLite store (its quotes indexed); then every article
of the other split is audited with ``Settings(quote_store=…)``, so a quote can only be
traced to an article of the reference split. Prints, per direction, how many quoted
statements were examined, traced (consistent), flagged (contradicted, by reason) and
left unverifiable (by reason), and writes every contradicted and consistent finding, with
its quote and evidence, to ``--review FILE`` (JSON Lines) for reading each one.

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


# The reasons origin_verdict.py writes, by status, in the order they are looked for (a
# finding covering several quoted stretches is counted by its first matching one).
_REASONS = {
    "contradicted": (
        ("misattributed", "misattribution"),
        ("altered:", "altered wording"),
        ("places it at", "cited before it was said"),
    ),
    "consistent": (
        ("same speaker", "traced, same speaker"),
        ("credited to", "traced, same speaker"),
    ),
    "unverifiable": (
        ("several others", "found under several other speakers"),
        ("weak match", "weak match"),
        ("close to a quote", "close, edits prove nothing"),
        ("not dated before", "found only on or after the article's date"),
        ("has no date", "found, article undated"),
        ("no speaker to compare", "found, no speaker to compare"),
        ("found only in this article", "only in this article"),
        ("not found in", "not found"),
    ),
}


def _reason(status: str, explanation: str) -> str:
    for needle, reason in _REASONS.get(status, ()):
        if needle in explanation:
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
            reasons[(finding.status.value, _reason(finding.status.value, finding.explanation))] += 1
            if finding.status.value != "unverifiable" and review is not None:
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
