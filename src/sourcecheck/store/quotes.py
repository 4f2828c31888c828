"""The store's quote index: the ``quotes`` table, its full-text index and its search.

Every stored article adds the quotes of its direct and mixed attributions
(:func:`write_report_quotes`, in :meth:`ReportStore.add_report`'s transaction);
imported corpora (:mod:`sourcecheck.store.quotebank`) add theirs with
:func:`insert_records`. :class:`StoreQuoteCorpus` answers the ``quote_origin`` check's
lookups (:class:`sourcecheck.quotes.QuoteCorpus`): SQLite through FTS5 ranked by bm25,
PostgreSQL through a GIN ``tsvector`` index ranked by ``ts_rank``.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sourcecheck.datafiles import load_mapping
from sourcecheck.quotes import CorpusInfo, QuoteRecord, normalise, traceable_quote
from sourcecheck.records import Attribution, AttributionKind, Report, Span
from sourcecheck.store.backend import Backend, Row, Transaction, from_json, to_date, to_json

#: The corpus name of the store's own quotes.
STORE_CORPUS = "store"
#: Seconds PostgreSQL's word statistics are used before they are read again.
STATS_SECONDS = 300.0
# Attributions read per round trip when a version-2 store is indexed.
_FILL_PAGE = 2000
# Record ids looked up per query when an import skips what is there.
_LOOKUP_CHUNK = 500

_COLUMNS = (
    "corpus, record_id, article_id, attribution_id, text, normalised, speaker, speaker_ids,"
    " date, outlet, url, occurrences, speaker_probability, probas"
)
INSERT = (
    f"INSERT INTO quotes ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING"
)
# A Wikidata item in a KB evidence's link or source (an item page, entity or statement).
_WIKIDATA = re.compile(r"wikidata\.org/(?:wiki/|entity/(?:statement/)?)(Q\d+)")


@dataclass(frozen=True, slots=True)
class SearchRules:
    """How a quote becomes a full-text query (``store/data/quote_search.yml``)."""

    max_terms: int
    query_terms: int
    or_budget: float
    stop_words: frozenset[str]
    resolved_speaker_probability: float


@cache
def search_rules() -> SearchRules:
    """The query rules of the data file."""
    data = load_mapping("sourcecheck.store", "quote_search")
    return SearchRules(
        max_terms=int(data["max_terms"]),
        query_terms=int(data["query_terms"]),
        or_budget=float(data["or_budget"]),
        stop_words=frozenset(data["stop_words"]),
        resolved_speaker_probability=float(data["resolved_speaker_probability"]),
    )


def search_terms(text: str) -> tuple[str, ...]:
    """The words of ``text`` a lookup searches for, most distinctive first.

    Words are runs of letters and digits only (both full-text tokenizers split on
    anything else, so no term can carry query syntax); stop words are dropped unless
    nothing else is left; longer words come first, ties in the quote's order.
    """
    rules = search_rules()
    cleaned = "".join(ch if ch.isalnum() else " " for ch in normalise(text))
    words = list(dict.fromkeys(cleaned.split()))
    content = [w for w in words if w not in rules.stop_words] or words
    ranked = sorted(enumerate(content), key=lambda item: (-len(item[1]), item[0]))
    return tuple(word for _, word in ranked[: rules.max_terms])


def rarest(terms: Sequence[str], frequency: Mapping[str, float]) -> tuple[str, ...]:
    """The ``query_terms`` rarest of ``terms`` (ties: longest), words never seen left out.

    Args:
        terms: From :func:`search_terms`.
        frequency: How often each word occurs; a word it lacks counts as rarer than any
            it has, but not as absent (PostgreSQL knows only its common words).
    """
    ranked = sorted(terms, key=lambda w: (frequency.get(w, 0.0), -len(w)))
    known = [w for w in ranked if frequency.get(w, 1.0) > 0]
    return tuple(known[: search_rules().query_terms])


def query_groups(chosen: Sequence[str], frequency: Mapping[str, float]) -> list[tuple[str, ...]]:
    """Word groups a candidate must hold all of one of (an OR of ANDs).

    Rare words are OR-ed: every quote holding one is ranked. When together they occur
    in more than ``or_budget`` quotes, ranking them all would take long, so a candidate
    must hold all of them but one (one word the quote changed is forgiven).
    """
    if sum(frequency.get(w, 0.0) for w in chosen) <= search_rules().or_budget:
        return [(w,) for w in chosen]
    if len(chosen) < 3:
        return [tuple(chosen)]
    return [tuple(w for w in chosen if w != left) for left in chosen]


def fts5_query(groups: Sequence[Sequence[str]]) -> str:
    """An FTS5 MATCH expression: OR of the groups' ANDs, each word a quoted string."""
    return " OR ".join("(" + " AND ".join(f'"{w}"' for w in g) + ")" for g in groups)


def tsquery(groups: Sequence[Sequence[str]]) -> str:
    """A PostgreSQL ``to_tsquery`` expression of the same groups, each word quoted."""
    return " | ".join(
        "(" + " & ".join("'" + w.replace("'", "''") + "'" for w in g) + ")" for g in groups
    )


# Writing


#: A finding as the speaker-id search reads it: attribution id, covers, evidence as in
#: the report JSON (``kind``, ``url``, ``source``, ``data``).
FindingView = tuple[str | None, Sequence[str], Sequence[Mapping[str, Any]]]


def finding_views(report: Report) -> list[FindingView]:
    """The report's findings as the speaker-id search reads them (built once per report)."""
    return [
        (
            f.attribution_id,
            f.covers,
            [
                {"kind": e.kind, "url": e.url, "source": e.source, "data": dict(e.data)}
                for e in f.evidence
            ],
        )
        for f in report.findings
    ]


def speaker_ids(
    report: Report, attribution: Attribution, views: Sequence[FindingView] | None = None
) -> tuple[str, ...]:
    """Wikidata ids the report's KB evidence gives for the attribution's speaker.

    Title findings on the attribution carry the KB terms of its speaker; a term's link
    or source names the person's Wikidata item. Terms of other people (the holder of
    the office on the date, a successor: evidence with a ``role``) are left out, and so
    are terms whose person's last name is not the speaker's. ``views``: the report's
    :func:`finding_views`, when already built.
    """
    return _speaker_ids(
        attribution.source.name if attribution.source else None,
        attribution.id,
        finding_views(report) if views is None else views,
    )


def _speaker_ids(
    name: str | None, attribution_id: str, findings: Iterable[FindingView]
) -> tuple[str, ...]:
    if not name or not name.split():
        return ()
    surname = name.split()[-1].casefold()
    found: dict[str, None] = {}
    for finding_att, covers, evidence in findings:
        if finding_att != attribution_id and attribution_id not in covers:
            continue
        for item in evidence:
            data = item.get("data") or {}
            person = str(data.get("person", ""))
            if item.get("kind") != "kb_term" or "role" in data or not person.split():
                continue
            if person.split()[-1].casefold() != surname:
                continue
            for where in (item.get("url") or "", item.get("source") or ""):
                found.update(dict.fromkeys(_WIKIDATA.findall(str(where))))
    return tuple(found)


def report_records(report: Report, key: str) -> list[QuoteRecord]:
    """The quotes of a report's direct and mixed attributions, as index records."""
    art = report.article
    records = []
    views: list[FindingView] | None = None  # built at the first quote
    for att in report.attributions:
        text = traceable_quote(att)
        normalised = normalise(text)
        if not normalised:
            continue
        if views is None:
            views = finding_views(report)
        records.append(
            QuoteRecord(
                text=text,
                normalised=normalised,
                speaker=att.source.name if att.source else None,
                speaker_ids=speaker_ids(report, att, views),
                date=art.date,
                outlet=art.outlet,
                url=art.url,
                article_id=key,
                corpus=STORE_CORPUS,
                record_id=att.id,
                speaker_probability=_speaker_probability(att),
            )
        )
    return records


def _speaker_probability(att: Attribution) -> float | None:
    """``None`` (certain) when the speaker is named at the quote ("Quill told…", the
    full name from earlier); lower when the name was resolved from a word that is not
    part of it ("he said", "the official said")."""
    source = att.source
    if source is None or source.name is None:
        return None
    written = set(re.findall(r"\w+", source.span.text.casefold()))
    if written & set(re.findall(r"\w+", source.name.casefold())):
        return None
    return search_rules().resolved_speaker_probability
    if source.antecedent is not None or att.continues is not None:
        return search_rules().resolved_speaker_probability
    return None


def record_row(record: QuoteRecord, probas: Any = None) -> tuple[Any, ...]:
    """The ``quotes`` row of a record (``probas``: the corpus's speaker list, if any)."""
    return (
        record.corpus,
        record.record_id or "",
        record.article_id,
        record.record_id if record.corpus == STORE_CORPUS else None,
        record.text,
        record.normalised,
        record.speaker,
        to_json(list(record.speaker_ids)),
        record.date.isoformat() if record.date else None,
        record.outlet,
        record.url,
        record.occurrences,
        record.speaker_probability,
        to_json(probas) if probas is not None else None,
    )


def write_report_quotes(tx: Transaction, report: Report, key: str) -> None:
    """Indexes a report's quotes in ``tx`` (the transaction that stores the report)."""
    tx.executemany(INSERT, [record_row(r) for r in report_records(report, key)])


def insert_records(tx: Transaction, rows: Sequence[tuple[Any, ...]]) -> int:
    """Adds :func:`record_row` rows of one imported corpus; returns how many were new.

    Rows whose (corpus, record_id) is indexed already, or repeated in ``rows``, are
    skipped, so importing a file twice adds nothing the second time.
    """
    fresh: dict[tuple[str, str], tuple[Any, ...]] = {}
    for start in range(0, len(rows), _LOOKUP_CHUNK):
        chunk = rows[start : start + _LOOKUP_CHUNK]
        by_corpus: dict[str, list[str]] = {}
        for row in chunk:
            by_corpus.setdefault(row[0], []).append(row[1])
        there: set[tuple[str, str]] = set()
        for corpus, ids in by_corpus.items():
            marks = ",".join("?" * len(ids))
            found = tx.fetchall(
                "SELECT record_id FROM quotes WHERE corpus = ? AND article_id IS NULL"
                f" AND record_id IN ({marks})",
                [corpus, *ids],
            )
            there.update((corpus, r["record_id"]) for r in found)
        for row in chunk:
            if (row[0], row[1]) not in there:
                fresh.setdefault((row[0], row[1]), row)
    tx.executemany(INSERT, list(fresh.values()))
    return len(fresh)


def index_stored_attributions(tx: Transaction) -> None:
    """Migration 3's step: indexes the quotes of the articles stored before it."""
    after: tuple[str, int] = ("", -1)
    while True:
        rows = tx.fetchall(
            "SELECT t.article_id, t.seq, t.id, t.kind, t.source_name, t.content,"
            " t.content_start, t.content_end, a.date, a.outlet, a.url"
            " FROM attributions t JOIN articles a ON a.id = t.article_id"
            " WHERE t.kind IN ('direct', 'mixed') AND (t.article_id > ?"
            " OR (t.article_id = ? AND t.seq > ?))"
            " ORDER BY t.article_id, t.seq LIMIT ?",
            (after[0], after[0], after[1], _FILL_PAGE),
        )
        if not rows:
            return
        ids = _stored_speaker_ids(tx, rows)
        tx.executemany(INSERT, [row for row in map(_stored_row, rows, ids) if row])
        after = (rows[-1]["article_id"], int(rows[-1]["seq"]))


def _stored_row(row: Row, ids: tuple[str, ...]) -> tuple[Any, ...] | None:
    att = Attribution(
        id=row["id"],
        kind=AttributionKind(row["kind"]),
        content=Span(int(row["content_start"]), int(row["content_end"]), row["content"]),
    )
    text = traceable_quote(att)
    normalised = normalise(text)
    if not normalised:
        return None
    date = to_date(row["date"])
    record = QuoteRecord(
        text=text,
        normalised=normalised,
        speaker=row["source_name"],
        speaker_ids=ids,
        date=date,
        outlet=row["outlet"],
        url=row["url"],
        article_id=row["article_id"],
        record_id=row["id"],
    )
    return record_row(record)


def _stored_speaker_ids(tx: Transaction, rows: list[Row]) -> list[tuple[str, ...]]:
    """The speaker ids of stored attributions, from their articles' stored findings."""
    articles = sorted({row["article_id"] for row in rows})
    marks = ",".join("?" * len(articles))
    findings = tx.fetchall(
        "SELECT article_id, attribution_id, covers, evidence FROM findings"
        f" WHERE article_id IN ({marks})",
        articles,
    )
    by_article: dict[str, list[FindingView]] = {}
    for f in findings:
        view = (f["attribution_id"], from_json(f["covers"]), from_json(f["evidence"]))
        by_article.setdefault(f["article_id"], []).append(view)
    return [
        _speaker_ids(row["source_name"], row["id"], by_article.get(row["article_id"], ()))
        for row in rows
    ]


# Reading


def _record(row: Row) -> QuoteRecord:
    probability = row["speaker_probability"]
    return QuoteRecord(
        text=row["text"],
        normalised=row["normalised"],
        speaker=row["speaker"],
        speaker_ids=tuple(from_json(row["speaker_ids"]) or ()),
        date=to_date(row["date"]),
        outlet=row["outlet"],
        url=row["url"],
        article_id=row["article_id"],
        corpus=row["corpus"],
        record_id=row["record_id"],
        occurrences=int(row["occurrences"]),
        speaker_probability=float(probability) if probability is not None else None,
    )


_SQLITE_SEARCH = (
    "SELECT q.* FROM (SELECT rowid, rank FROM quotes_fts WHERE quotes_fts MATCH ?"
    " ORDER BY rank LIMIT ?) f JOIN quotes q ON q.id = f.rowid ORDER BY f.rank, q.id"
)
_PG_SEARCH = (
    "SELECT q.*, ts_rank(to_tsvector('simple', q.normalised), s.query) AS score"
    " FROM quotes q, to_tsquery('simple', ?) AS s(query)"
    " WHERE to_tsvector('simple', q.normalised) @@ s.query"
    " ORDER BY score DESC, q.id LIMIT ?"
)


#: Seconds :meth:`StoreQuoteCorpus.info` keeps its counts (they only name the corpus).
INFO_SECONDS = 60.0


class StoreQuoteCorpus:
    """The quote index of one store, as a :class:`sourcecheck.quotes.QuoteCorpus`.

    Thread-safe as the store is: every call runs in its own read transaction.
    """

    def __init__(self, backend: Backend) -> None:
        self._backend = backend
        self._common: dict[str, float] = {}
        self._common_read = -math.inf
        self._lock = threading.Lock()
        self._info: tuple[float, CorpusInfo] | None = None

    def candidates(self, normalised: str, *, limit: int = 50) -> Sequence[QuoteRecord]:
        """Indexed quotes holding the rarest words of ``normalised``, best first.

        Any text is safe: the query is built from letter-and-digit words only, so
        quote marks, ``*``, ``NEAR(``, ``-`` or an empty string never reach the query
        syntax; a text with no word gives ``[]``. The quote's own article is not left
        out: its records carry their ``article_id`` for the caller to skip.
        """
        terms = search_terms(normalised)
        if not terms or limit <= 0:
            return []
        sqlite = self._backend.dialect.name == "sqlite"
        with self._backend.transaction("search the quote index of", write=False) as tx:
            if sqlite:
                marks = ",".join("?" * len(terms))
                docs = tx.fetchall(
                    f"SELECT term, doc FROM quotes_vocab WHERE term IN ({marks})", terms
                )
                # Every word counts: one the index lacks has frequency 0 and is dropped.
                frequency = dict.fromkeys(terms, 0.0) | {r["term"]: float(r["doc"]) for r in docs}
            else:
                frequency = self._common_words(tx)
            chosen = rarest(terms, frequency)
            if not chosen:
                return []
            groups = query_groups(chosen, frequency)
            sql, query = (
                (_SQLITE_SEARCH, fts5_query(groups)) if sqlite else (_PG_SEARCH, tsquery(groups))
            )
            rows = tx.fetchall(sql, (query, limit))
        return [_record(row) for row in rows]

    def _common_words(self, tx: Transaction) -> dict[str, float]:
        """PostgreSQL's most common words of the index and how many quotes hold each.

        ANALYZE keeps them for the expression index (``pg_stats``); read again every
        :data:`STATS_SECONDS` (a corpus object may live as long as its process, while
        imports grow the index): they only order and group the words of a query.
        """
        with self._lock:
            if time.monotonic() - self._common_read > STATS_SECONDS:
                self._common_read = time.monotonic()
                row = tx.fetchone(
                    "SELECT most_common_elems::text::text[] AS words,"
                    " most_common_elem_freqs AS freqs FROM pg_stats"
                    " WHERE schemaname = current_schema() AND tablename = 'quotes_search'"
                )
                words = (row or {}).get("words") or []
                freqs = (row or {}).get("freqs") or []
                size = tx.fetchone(
                    "SELECT reltuples AS n FROM pg_class WHERE oid = 'quotes'::regclass"
                )
                quotes = max(float(size["n"]), 0.0) if size else 0.0
                # Fractions of quotes, as counts of quotes (SQLite's quotes_vocab counts).
                self._common = {w: f * quotes for w, f in zip(words, freqs, strict=False)}
            return self._common

    def info(self) -> CorpusInfo:
        """How many quotes the index holds, from how many stored articles, over which dates.

        Imported corpora add their quotes and dates but no articles: their sources are
        URLs, not stored articles.

        Counting is a scan of the index (a second at a million quotes), and the check
        asks once per article: the answer is kept for :data:`INFO_SECONDS`.
        """
        now = time.monotonic()
        with self._lock:
            if self._info is not None and now - self._info[0] < INFO_SECONDS:
                return self._info[1]
        info = self._count()
        with self._lock:
            self._info = (now, info)
        return info

    def _count(self) -> CorpusInfo:
        with self._backend.transaction("read the quote index of", write=False) as tx:
            row = tx.fetchone(
                "SELECT COUNT(*) AS n, COUNT(DISTINCT article_id) AS articles,"
                " MIN(date) AS first, MAX(date) AS last FROM quotes"
            )
        assert row is not None  # an aggregate always gives one row
        return CorpusInfo(
            name=f"the store {self._backend.location}",
            quotes=int(row["n"]),
            articles=int(row["articles"]),
            first_date=to_date(row["first"]),
            last_date=to_date(row["last"]),
        )

    def corpora(self) -> dict[str, int]:
        """How many quotes each corpus holds (``{"store": 12, "quotebank": 1000}``)."""
        with self._backend.transaction("read the quote index of", write=False) as tx:
            rows = tx.fetchall(
                "SELECT corpus, COUNT(*) AS n FROM quotes GROUP BY corpus ORDER BY corpus"
            )
        return {row["corpus"]: int(row["n"]) for row in rows}
