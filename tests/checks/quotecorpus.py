"""An in-memory reference corpus of quotes (the QuoteCorpus protocol) for check tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sourcecheck.quotes import CorpusInfo, QuoteRecord, normalise


def record(
    text: str,
    speaker: str | None,
    date: str | None,
    *,
    outlet: str | None = "The Harbour Post",
    url: str | None = "https://harbour-post.example/story",
    article_id: str | None = None,
    corpus: str = "store",
    ids: tuple[str, ...] = (),
    probability: float | None = None,
) -> QuoteRecord:
    """A record with the fields a test cares about."""
    return QuoteRecord(
        text=text,
        normalised=normalise(text),
        speaker=speaker,
        speaker_ids=ids,
        date=dt.date.fromisoformat(date) if date else None,
        outlet=outlet,
        url=url,
        article_id=article_id or f"id-{abs(hash((text, speaker, date))) % 10**8}",
        corpus=corpus,
        speaker_probability=probability,
    )


@dataclass
class MemoryCorpus:
    """Records searched by shared words, as a full-text index would find them."""

    records: Sequence[QuoteRecord]
    name: str = "the test corpus"
    first_date: dt.date | None = dt.date(2000, 1, 1)
    asked: list[str] = field(default_factory=list)

    def candidates(self, normalised: str, *, limit: int = 50) -> Sequence[QuoteRecord]:
        self.asked.append(normalised)
        words = set(normalised.split())
        scored = [(len(words & set(r.normalised.split())), r) for r in self.records]
        found = [r for shared, r in sorted(scored, key=lambda p: -p[0]) if shared >= 2]
        return found[:limit]

    def info(self) -> CorpusInfo:
        dates = [r.date for r in self.records if r.date]
        return CorpusInfo(
            name=self.name,
            quotes=len(self.records),
            articles=len({r.article_id for r in self.records}),
            first_date=self.first_date,
            last_date=max(dates) if dates else None,
        )
