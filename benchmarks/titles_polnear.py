"""Title checks on PolNeAR dev: false alarms at publication dates, recall at a later date.

For every dev article (``../shared/benchmarks/polnear``): extract attributions once, then run
the checks at the article's publication date (``metadata.tsv``) and again with the date moved
to 2026-06-01. Prints every ``contradicted`` title finding for review, the counts, and the
time the checks add to an audit (extraction + checks), which should stay under 20 %.

    .venv/bin/python benchmarks/titles_polnear.py [--limit N] [--shift-date 2026-06-01]
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as dt
import time
from pathlib import Path

from sourcecheck.checks import open_kb, run_checks
from sourcecheck.checks.titles import claims as title_claims
from sourcecheck.extract import extract_attributions, titled_mentions
from sourcecheck.extract.nlp import load_model
from sourcecheck.records import Article, DateSource, Finding, Status

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks" / "polnear"


def dates(metadata: Path) -> dict[str, dt.date]:
    with metadata.open(encoding="utf-8") as f:
        return {
            row["filename"]: dt.date.fromisoformat(row["publication_date"])
            for row in csv.DictReader(f, delimiter="\t")
            if row["publication_date"] not in ("", "None")
        }


def _mark(finding: Finding) -> str:
    """An attribution id, or a mention's offsets."""
    if finding.attribution_id is not None or finding.span is None:
        return finding.attribution_id or ""
    return f"{finding.span.start}:{finding.span.end}"


def contradicted_titles(findings: tuple[Finding, ...]) -> list[Finding]:
    return [f for f in findings if f.check == "title_at_date" and f.status is Status.CONTRADICTED]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", default="dev")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--shift-date", default="2026-06-01")
    parser.add_argument("--quiet", action="store_true", help="counts only")
    args = parser.parse_args()
    shifted = dt.date.fromisoformat(args.shift_date)
    published = dates(SHARED / "metadata.tsv")
    files = sorted((SHARED / args.split / "text").glob("*.txt"))
    if args.limit:
        files = files[: args.limit]
    nlp = load_model()
    open_kb(None)  # build/open the knowledge base outside the timings
    extract_seconds = check_seconds = 0.0
    titled = checked = 0
    at_date: list[tuple[str, Finding]] = []
    later: list[tuple[str, Finding]] = []
    statuses: dict[Status, int] = dict.fromkeys(Status, 0)
    left_office = caught = 0
    left_sources = caught_sources = 0
    missed: list[tuple[str, str, str, Status | None]] = []
    for path in files:
        date = published.get(path.stem)
        article = Article(
            text=path.read_text(encoding="utf-8"),
            path=str(path),
            date=date,
            date_source=DateSource.CLI if date else DateSource.NONE,
        )
        started = time.perf_counter()
        attributions = extract_attributions(article, nlp)
        extract_seconds += time.perf_counter() - started
        titled += sum(1 for a in attributions if a.source and a.source.title and a.source.name)
        started = time.perf_counter()
        mentions = titled_mentions(article)
        findings = run_checks(article, attributions, mentions=mentions)
        check_seconds += time.perf_counter() - started
        for finding in findings:
            if finding.check == "title_at_date":
                checked += 1
                statuses[finding.status] += 1
        at_date += [(path.stem, f) for f in contradicted_titles(findings)]
        moved = dataclasses.replace(article, date=shifted)
        later_findings = run_checks(moved, attributions, mentions=mentions)
        later += [(path.stem, f) for f in contradicted_titles(later_findings)]
        # Recall: present-tense titles held at publication by people whose term (per the KB)
        # ended before the shifted date should all turn contradicted.
        claims, _ = title_claims(article, attributions, open_kb(None), mentions=mentions)
        status_later = {_mark(f): f.status for f in later_findings if f.check == "title_at_date"}
        status_then = {_mark(f): f.status for f in findings if f.check == "title_at_date"}
        for claim in claims:
            aid = claim.attribution_id or f"{claim.span.start}:{claim.span.end}"
            ended = claim.terms and all(
                t.end is not None and t.end.latest() < shifted for t in claim.terms
            )
            if claim.qualifier == "present" and status_then.get(aid) is Status.CONSISTENT and ended:
                left_office += 1
                source = claim.attribution is not None
                left_sources += source
                if status_later.get(aid) is Status.CONTRADICTED:
                    caught += 1
                    caught_sources += source
                else:
                    missed.append((path.stem, claim.written, claim.name, status_later.get(aid)))
    if not args.quiet:
        print("== contradicted at publication date (review each) ==")
        for doc, finding in at_date:
            print(f"- {doc} [{_mark(finding)}]: {finding.explanation}")
        print(f"\n== contradicted at {shifted} ==")
        for doc, finding in later:
            print(f"- {doc} [{_mark(finding)}]: {finding.explanation}")
        print(f"\n== left office by {shifted} but not contradicted ==")
        for doc, written, name, status in missed:
            print(f"- {doc}: {written} {name}: {status}")
    print(
        f"\narticles: {len(files)}; titled named sources: {titled}; title findings: {checked} "
        f"({', '.join(f'{s.value} {n}' for s, n in statuses.items())})"
    )
    print(f"contradicted at publication date: {len(at_date)}; at {shifted}: {len(later)}")
    print(
        f"recall at {shifted}: {caught}/{left_office} present-tense titles confirmed at "
        "publication whose holders (per the knowledge base) had left office are contradicted"
        f" ({caught_sources}/{left_sources} of attribution sources; mentions are never accused)"
    )
    total = extract_seconds + check_seconds
    print(
        f"extraction {extract_seconds:.2f}s, checks {check_seconds:.2f}s: checks are "
        f"{100 * check_seconds / total:.1f}% of audit time (extraction + checks)"
    )


if __name__ == "__main__":
    main()
