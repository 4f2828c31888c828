"""The verdict of ``quote_origin`` on one quoted stretch, with its evidence.

:func:`judge` looks one stretch up in the reference corpus, compares each candidate word
by word (:mod:`sourcecheck.checks.quotematch`), leaves out the article's own appearances
(:func:`is_own`), and decides from who said it where, when and in which words (earlier
with the same speaker, misattributed, altered, close, later, undated) and from any time
the sentence places it at. The appearances and the corpus searched become evidence
(:func:`appearance`, :func:`corpus_evidence`). Statements are assembled in
:mod:`sourcecheck.checks.origin`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sourcecheck.checks.context import sentence_of
from sourcecheck.checks.origin_speakers import KeysFor, Relation, Speaker, relation, same_name
from sourcecheck.checks.quotematch import Comparison, Match, compare, data, diff_json, diff_text
from sourcecheck.checks.timing import RELATIVE, SENTENCE, check_time
from sourcecheck.kb import Window
from sourcecheck.quotes import QUOTED, CorpusInfo, QuoteCorpus, QuoteRecord, normalise
from sourcecheck.records import Article, Attribution, AttributionKind, Evidence, Status
from sourcecheck.report.common import excerpt

#: Evidence kind of an appearance in the reference corpus.
EVIDENCE_KIND = "quote_origin"


@dataclass(frozen=True, slots=True)
class Hit:
    """A recorded appearance that matches the quote at least weakly."""

    record: QuoteRecord
    comparison: Comparison
    relation: Relation


@dataclass(frozen=True, slots=True)
class Verdict:
    """The verdict on one quoted stretch."""

    status: Status
    reason: str
    evidence: tuple[Evidence, ...] = ()


def is_own(article: Article, record: QuoteRecord) -> bool:
    """True when ``record`` is this article's own quote (same id or same URL)."""
    if article.sha256 and record.article_id == article.sha256:
        return True
    return bool(article.url and record.url and _url_key(article.url) == _url_key(record.url))


def _url_key(url: str) -> str:
    return (
        url.strip()
        .rstrip("/")
        .split("#", 1)[0]
        .removeprefix("https://")
        .removeprefix("http://")
        .removeprefix("www.")
    )


def _earlier(article: Article, record: QuoteRecord) -> bool:
    return article.date is not None and record.date is not None and record.date < article.date


def _by_date(hits: Sequence[Hit]) -> list[Hit]:
    return sorted(hits, key=lambda h: (h.record.date or dt.date.max, h.record.outlet or ""))


def _where(record: QuoteRecord) -> str:
    """``The Harbour Post, 2019-03-02`` (what is known of an appearance)."""
    parts = [record.outlet or f"the {record.corpus} corpus"]
    parts.append(record.date.isoformat() if record.date else "undated")
    return ", ".join(parts)


def _who(record: QuoteRecord) -> str:
    return record.speaker if record.speaker else "no named speaker"


def appearance(hit: Hit, role: str, others: int) -> Evidence:
    """An appearance as evidence (``data``: date, outlet, url, article id, speaker, diff…)."""
    record = hit.record
    pairs: list[tuple[str, str | None]] = [
        ("role", role),
        ("date", record.date.isoformat() if record.date else None),
        ("outlet", record.outlet),
        ("url", record.url),
        ("article_id", record.article_id),
        ("speaker", record.speaker),
        ("corpus", record.corpus),
        ("record_id", record.record_id),
        ("match", hit.comparison.match.value),
        ("others", str(others)),
        ("quote", excerpt(record.text, 300)),
    ]
    if hit.comparison.match is not Match.SAME and hit.comparison.diff:
        pairs.append(("diff", diff_json(hit.comparison.diff)))
    description = f"“{excerpt(record.text, 160)}” — {_who(record)}, {_where(record)}"
    if hit.comparison.match is not Match.SAME and hit.comparison.counted:
        description += f"; word diff: {excerpt(diff_text(hit.comparison.diff), 200)}"
    return Evidence(
        kind=EVIDENCE_KIND,
        description=description,
        source=record.outlet or record.corpus,
        as_of=record.date,
        data=tuple((k, v) for k, v in pairs if v is not None),
        url=record.url,
    )


def _changes(comparison: Comparison) -> str:
    return "; ".join(c.describe() for c in comparison.counted) or "no word changed"


# Narration between a closing and an opening curly quote mark inside one recorded quote
# (“We are close,” she said, “but …”) is no part of what was said: an elision.
_NARRATION = re.compile(r"\u201d[^\u201c\u201d]{0,200}?\u201c")


def _spoken(text: str) -> str:
    return _NARRATION.sub(" … ", text)


def _context(article: Article, attribution: Attribution) -> frozenset[str]:
    """What the article says in the quote's sentence outside quote marks (normalised)."""
    sentence = sentence_of(article.text, attribution.content)
    outside = QUOTED.sub(" ", sentence.text)
    if attribution.kind is AttributionKind.DIRECT:
        outside = outside.replace(attribution.content.text, " ")
    return frozenset(normalise(outside).split())


def _claimed(article: Article, attribution: Attribution) -> Window | None:
    """The time the sentence places the quote at ("said in 2012"), if it names one."""
    anchor = attribution.cue or (attribution.source.span if attribution.source else None)
    when = check_time(
        article,
        anchor or attribution.content,
        content=attribution.content,
        cue=attribution.cue,
        is_attribution=True,
    )
    return when.window if when.basis in (SENTENCE, RELATIVE) else None


def _anachronism(
    article: Article, attribution: Attribution, hits: Sequence[Hit], info: CorpusInfo
) -> str:
    """Why the claimed time is before the quote was said, or ``""``."""
    claimed = _claimed(article, attribution)
    dated = _by_date([h for h in hits if h.comparison.match is Match.SAME and h.record.date])
    if claimed is None or not dated or info.first_date is None:
        return ""
    grace = dt.timedelta(days=int(data()["anachronism_grace_days"]))
    first = dated[0].record
    assert first.date is not None
    if article.date is not None and claimed.highest() + grace > article.date:
        return ""  # a recent claim: this article may be the first to report it
    if first.date <= claimed.highest() + grace or info.first_date >= claimed.lowest():
        return ""
    return (
        f"the article places it at {_window(claimed)}, but its earliest appearance in "
        f"{info.name} is {_where(first)}, and the corpus reaches back to "
        f"{info.first_date.isoformat()}"
    )


def corpus_evidence(info: CorpusInfo) -> Evidence:
    """The corpus searched, as evidence for "not found"."""
    pairs = [
        ("quotes", str(info.quotes)),
        ("articles", str(info.articles)),
        ("first_date", info.first_date.isoformat() if info.first_date else ""),
        ("last_date", info.last_date.isoformat() if info.last_date else ""),
    ]
    return Evidence(
        kind="quote_corpus",
        description=f"searched {info.name}: {info.quotes} quotes from {info.articles} articles",
        source=info.name,
        as_of=info.last_date,
        data=tuple((k, v) for k, v in pairs if v),
    )


def _window(window: Window) -> str:
    """``2012``, ``2012-05``, ``2012-05-04`` or ``2012-05-04 to 2012-06-01``."""
    low, high = window.lowest(), window.highest()
    if low == high:
        return low.isoformat()
    if (low.month, low.day, high.month, high.day) == (1, 1, 12, 31) and low.year == high.year:
        return str(low.year)
    whole_month = (high + dt.timedelta(days=1)).month != high.month
    if low.day == 1 and (low.year, low.month) == (high.year, high.month) and whole_month:
        return f"{low.year}-{low.month:02d}"
    return f"{low.isoformat()} to {high.isoformat()}"


def not_found(info: CorpusInfo) -> str:
    """``not found in the store … (120 quotes from 30 articles, 2015-01-02 to 2024-06-01)``."""
    span = ""
    if info.first_date and info.last_date:
        span = f", {info.first_date.isoformat()} to {info.last_date.isoformat()}"
    return f"not found in {info.name} ({info.quotes} quotes from {info.articles} articles{span})"


def judge(
    article: Article,
    attribution: Attribution,
    text: str,
    corpus: QuoteCorpus,
    keys_for: KeysFor,
    speaker: Speaker | None,
    info: CorpusInfo,
) -> Verdict:
    """The verdict on one quoted stretch of ``attribution`` (``keys_for``: the KB
    identities of a recorded speaker's name)."""
    records = corpus.candidates(normalise(text), limit=int(data()["candidate_limit"]))
    others = [r for r in records if not is_own(article, r)]
    context = _context(article, attribution)
    hits = [
        Hit(r, c, relation(speaker, r, keys_for))
        for r in others
        if (c := compare(text, _spoken(r.text), context=context)).match is not Match.NONE
    ]
    if not hits:
        searched = (corpus_evidence(info),)
        if len(others) < len(records):
            return Verdict(Status.UNVERIFIABLE, "found only in this article", searched)
        return Verdict(Status.UNVERIFIABLE, not_found(info), searched)
    late = _anachronism(article, attribution, hits, info)
    verdict = _origin(article, hits, speaker)
    if late:
        first = _by_date([h for h in hits if h.comparison.match is Match.SAME and h.record.date])
        evidence = (appearance(first[0], "earliest", len(hits) - 1), *verdict.evidence)
        reason = late if verdict.status is not Status.CONTRADICTED else f"{verdict.reason}; {late}"
        return Verdict(Status.CONTRADICTED, reason, unique(evidence))
    return verdict


def unique(evidence: Sequence[Evidence]) -> tuple[Evidence, ...]:
    """``evidence`` without repeats, in first-seen order."""
    return tuple(dict.fromkeys(evidence))


def _origin(article: Article, hits: Sequence[Hit], speaker: Speaker | None) -> Verdict:
    """The verdict from who said it where, and in which words (no time claim)."""
    same = [h for h in hits if h.comparison.match is Match.SAME]
    if article.date is None:
        return _undated(same, hits)
    earlier = _by_date([h for h in same if _earlier(article, h.record)])
    if earlier:
        return _speakers(earlier, len(hits), speaker)
    altered = _by_date(
        [
            h
            for h in hits
            if h.comparison.match is Match.ALTERED
            and h.relation is not Relation.DIFFERENT
            and _earlier(article, h.record)
        ]
    )
    if altered:
        first = altered[0]
        return Verdict(
            Status.CONTRADICTED,
            f"altered: the earliest appearance ({_who(first.record)}, {_where(first.record)}) "
            f"reads differently, in a way that changes its sense: {_changes(first.comparison)}",
            (appearance(first, "altered", len(hits) - 1),),
        )
    close = _by_date([h for h in hits if _earlier(article, h.record)])
    if close:
        first = close[0]
        if first.comparison.match is Match.WEAK:
            reason = f"only a weak match: close to a quote of {_who(first.record)}"
        else:
            reason = f"close to a quote of {_who(first.record)}, with these changes"
        return Verdict(
            Status.UNVERIFIABLE,
            f"{reason} ({_where(first.record)}): {_changes(first.comparison)}",
            (appearance(first, "close", len(hits) - 1),),
        )
    first = _by_date(same or list(hits))[0]
    return Verdict(
        Status.UNVERIFIABLE,
        f"found only in appearances not dated before this article (first: {_where(first.record)})",
        (appearance(first, "later", len(hits) - 1),),
    )


def _undated(same: Sequence[Hit], hits: Sequence[Hit]) -> Verdict:
    mine = _by_date([h for h in same if h.relation is Relation.SAME])
    if mine:
        return Verdict(
            Status.CONSISTENT,
            f"found with the same speaker ({_where(mine[0].record)}, and {len(hits) - 1} "
            "more); the article has no date, so which came first cannot be told",
            (appearance(mine[0], "found", len(hits) - 1),),
        )
    first = _by_date(same or list(hits))[0]
    return Verdict(
        Status.UNVERIFIABLE,
        f"found ({_who(first.record)}, {_where(first.record)}), but the article has no date "
        "to tell which came first",
        (appearance(first, "found", len(hits) - 1),),
    )


def _speakers(earlier: Sequence[Hit], total: int, speaker: Speaker | None) -> Verdict:
    """Earlier same-wording appearances: same speaker, another one, or nobody to compare."""
    mine = [h for h in earlier if h.relation is Relation.SAME]
    if mine:
        first = mine[0]
        return Verdict(
            Status.CONSISTENT,
            f"first seen {_where(first.record)}, credited to {_who(first.record)} "
            f"({total - 1} other appearances)",
            (appearance(first, "earliest", total - 1),),
        )
    different = [h for h in earlier if h.relation is Relation.DIFFERENT]
    first = earlier[0]
    if not different:
        return Verdict(
            Status.UNVERIFIABLE,
            f"first seen {_where(first.record)}, with no speaker to compare ({_who(first.record)})",
            (appearance(first, "earliest", total - 1),),
        )
    names: list[str] = []
    for hit in different:
        if not any(same_name(hit.record.speaker or "", n) for n in names):
            names.append(hit.record.speaker or "")
    if len(names) > 1:
        return Verdict(
            Status.UNVERIFIABLE,
            "found earlier credited to several others (" + ", ".join(names) + "), never to "
            "this article's speaker",
            tuple(appearance(h, "misattributed", total - 1) for h in different[:3]),
        )
    origin = different[0]
    return Verdict(
        Status.CONTRADICTED,
        f"misattributed: first seen {_where(origin.record)}, credited to {names[0]}, "
        f"not {speaker.name if speaker else 'this article’s speaker'}",
        (appearance(origin, "misattributed", total - 1),),
    )
