"""Coverage of the shipped knowledge base on a reference list of titles for given dates.

The reference list is built from the imported sources (``../shared/kb``): for each date,
every head of state and government (the CIA World Factbook history, with the Factbook's own
title: "President", "Prime Minister", "King"…) and every foreign minister and organisation
head (the hand-verified 2022–2026 file) in office that day gives a *true* title; the person
who held the same office just before gives a *wrong* one (a predecessor given the present
title, the commonest error of machine-written news). Each is checked as a one-sentence
attribution of our own ("France's President Emmanuel Macron said the talks would go on.").

Prints, per date and office class, the share of true titles confirmed, unverifiable and
falsely contradicted (which must be 0), and the share of wrong titles caught.

    .venv/bin/python benchmarks/kb_coverage.py [--dates 2025-06-01,2026-01-01] [--show-false]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from sourcecheck.checks import run_checks
from sourcecheck.kb.dates import PartialDate
from sourcecheck.records import (
    Article,
    Attribution,
    AttributionKind,
    Finding,
    Source,
    SourceKind,
    Span,
    Status,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "kb"
CLASSES = ("head_of_state", "head_of_government", "foreign_minister", "org_head")


@dataclass(frozen=True)
class Row:
    person: str
    office: str  # the position's identity within the source (jurisdiction|label)
    title: str
    jurisdiction: str | None
    role_kind: str
    start: dt.date
    end: dt.date | None
    as_of: dt.date


@dataclass(frozen=True)
class Probe:
    row: Row
    date: dt.date
    true: bool


def _day(text: str, *, last: bool = False) -> dt.date | None:
    if not text.strip():
        return None
    date = PartialDate.parse(text)
    return date.latest() if last else date.earliest()


def factbook_rows() -> list[Row]:
    titles: dict[tuple[str, str, str], str] = {}
    by_role: dict[tuple[str, str], str] = {}
    with (SHARED / "factbook-executive-raw.csv").open(encoding="utf-8") as f:
        for raw in csv.DictReader(f):
            if raw["title"].strip():
                titles[(raw["country"], raw["role"], raw["since"])] = raw["title"].strip()
                by_role.setdefault((raw["country"], raw["role"]), raw["title"].strip())
    out = []
    with (SHARED / "factbook-executive-terms.csv").open(encoding="utf-8") as f:
        for rec in csv.DictReader(f):
            country, role = rec["jurisdiction"], rec["role_kind"]
            title = titles.get((country, role, rec["start"])) or by_role.get((country, role))
            start = _day(rec["start"])
            if not title or start is None or "," in title or len(title.split()) > 4:
                continue
            out.append(
                Row(
                    rec["person_label"],
                    f"{country}|{role}",
                    title,
                    country,
                    role,
                    start,
                    _day(rec["end"], last=True),
                    _day(rec["as_of"], last=True) or start,
                )
            )
    return out


_FM_TITLE = "Foreign Minister"


def curated_rows() -> list[Row]:
    out = []
    with (SHARED / "curated-2022-2026.csv").open(encoding="utf-8") as f:
        for rec in csv.DictReader(f):
            role = rec["role_kind"]
            start = _day(rec["start"])
            if role not in ("foreign_minister", "org_head") or start is None:
                continue
            title = _FM_TITLE if role == "foreign_minister" else rec["position_label"]
            jurisdiction = rec["jurisdiction"] if role == "foreign_minister" else None
            out.append(
                Row(
                    rec["person_label"],
                    f"{rec['jurisdiction']}|{rec['position_label']}",
                    title,
                    jurisdiction,
                    role,
                    start,
                    _day(rec["end"], last=True),
                    _day(rec["as_of"], last=True) or start,
                )
            )
    return out


def probes(rows: list[Row], date: dt.date) -> list[Probe]:
    by_office: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_office[row.office].append(row)
    out = []
    for terms in by_office.values():
        terms.sort(key=lambda r: r.start)
        current = [
            r
            for r in terms
            if r.start <= date
            and ((r.end is not None and r.end > date) or (r.end is None and r.as_of >= date))
        ]
        if len(current) != 1:
            continue  # no sure holder, or co-holders (a list cannot say who is "the" one)
        (holder,) = current
        out.append(Probe(holder, date, True))
        before = [r for r in terms if r.end is not None and r.end <= holder.start]
        if before and before[-1].person != holder.person:
            out.append(Probe(before[-1], date, False))
    return out


def sentence(probe: Probe) -> tuple[str, Attribution]:
    row = probe.row
    place = f"{row.jurisdiction}'s " if row.jurisdiction else ""
    lead = f"{place}{row.title} {row.person}"
    text = f"{lead} said the talks would go on."
    title_start = len(place)
    source = Source(
        Span(0, len(lead), lead),
        SourceKind.PERSON,
        row.person,
        None,
        Span(title_start, title_start + len(row.title), row.title),
        Span(0, len(row.jurisdiction), row.jurisdiction) if row.jurisdiction else None,
    )
    content_start = len(lead) + len(" said ")
    content = Span(content_start, len(text) - 1, text[content_start:-1])
    return text, Attribution("p", AttributionKind.INDIRECT, content, None, source)


def title_finding(probe: Probe) -> Finding:
    text, attribution = sentence(probe)
    findings = run_checks(Article(text=text, date=probe.date), (attribution,))
    return next(f for f in findings if f.check == "title_at_date")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dates", default="2025-06-01,2026-01-01")
    parser.add_argument("--show-false", action="store_true", help="print false verdicts")
    args = parser.parse_args()
    rows = factbook_rows() + curated_rows()
    false_contradictions = 0
    for day in args.dates.split(","):
        date = dt.date.fromisoformat(day)
        tally: dict[tuple[str, bool], Counter[Status]] = defaultdict(Counter)
        for probe in probes(rows, date):
            finding = title_finding(probe)
            tally[(probe.row.role_kind, probe.true)][finding.status] += 1
            wrong = (probe.true and finding.status is Status.CONTRADICTED) or (
                not probe.true and finding.status is Status.CONSISTENT
            )
            false_contradictions += probe.true and finding.status is Status.CONTRADICTED
            if args.show_false and wrong:
                print(f"  FALSE {date} {probe.true} {sentence(probe)[0]} -> {finding.explanation}")
        print(f"\n{date}")
        print(
            f"{'class':<20} {'true':>5} {'confirmed':>10} {'unverif.':>9} {'false contr.':>12}"
            f" | {'wrong':>5} {'caught':>7} {'unverif.':>9} {'missed':>7}"
        )
        for role in CLASSES:
            t, w = tally[(role, True)], tally[(role, False)]
            nt, nw = sum(t.values()) or 1, sum(w.values()) or 1
            print(
                f"{role:<20} {sum(t.values()):>5} "
                f"{t[Status.CONSISTENT] / nt:>10.0%} {t[Status.UNVERIFIABLE] / nt:>9.0%} "
                f"{t[Status.CONTRADICTED]:>12} | {sum(w.values()):>5} "
                f"{w[Status.CONTRADICTED] / nw:>7.0%} {w[Status.UNVERIFIABLE] / nw:>9.0%} "
                f"{w[Status.CONSISTENT]:>7}"
            )
    print(f"\nfalse contradictions of true titles: {false_contradictions}")


if __name__ == "__main__":
    main()
