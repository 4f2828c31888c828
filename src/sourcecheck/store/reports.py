"""The store of reports split into rows: :func:`open_store` and :class:`ReportStore`.

One article is one ``articles`` row (keyed by its content hash) with its
``attributions`` and ``findings`` rows (and its quotes in ``quotes``); ``errors`` holds
inputs that failed and ``runs`` the batch runs that wrote them. Every write is one
transaction: a process killed midway leaves the article stored whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Unpack

from sourcecheck.closing import Closing
from sourcecheck.errors import SourcecheckError, StoreError
from sourcecheck.records import Article, Attribution, Finding, Report, Status
from sourcecheck.report.json import report_from_dict, report_to_dict
from sourcecheck.store.backend import (
    Backend,
    Transaction,
    from_json,
    to_date,
    to_datetime,
    to_json,
)
from sourcecheck.store.query import (
    ORDER,
    SELECT,
    Filters,
    FindingFilter,
    FindingRow,
    finding_row,
)
from sourcecheck.store.quotes import StoreQuoteCorpus, write_report_quotes
from sourcecheck.store.schema import migrate, schema_version

#: The store :func:`open_store` opens when given no location.
DEFAULT_STORE = "sourcecheck.db"
#: Rows :meth:`ReportStore.query` reads per round trip.
PAGE_SIZE = 500

# The report's notes ride in ``metadata`` under this key (no article field has it).
_NOTES_KEY = "report_notes"
# The article fields kept in their own columns; the rest go to ``metadata``.
_ARTICLE_COLUMNS = ("url", "path", "title", "date", "outlet")


class ArticleNotFoundError(SourcecheckError):
    """No stored article has the id asked for."""

    def __init__(self, article_id: str) -> None:
        self.article_id = article_id
        super().__init__(
            f"no stored article has id {article_id!r}; an id is the article's sha256 "
            "(see the articles table or ReportStore.query)"
        )


def article_id(item: Report | Article) -> str:
    """The id an article (or a report's) is stored under: its sha256 (of the text if unset)."""
    article = item.article if isinstance(item, Report) else item
    return (
        article.sha256 or hashlib.sha256(article.text.encode("utf-8", "surrogatepass")).hexdigest()
    )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


def _attribution_row(key: str, seq: int, att: Attribution, data: Any) -> tuple[Any, ...]:
    source = att.source
    return (
        key,
        seq,
        att.id,
        att.kind.value,
        att.category.value,
        source.name if source else None,
        source.kind.value if source else None,
        source.title.text if source and source.title else None,
        att.cue.text if att.cue else None,
        att.content.text,
        att.content.start,
        att.content.end,
        to_json(data),
    )


def _finding_row(key: str, seq: int, finding: Finding, data: Any) -> tuple[Any, ...]:
    span = finding.span
    return (
        key,
        seq,
        finding.check,
        finding.status.value,
        finding.attribution_id,
        span.start if span else None,
        span.end if span else None,
        span.text if span else None,
        to_json(data["covers"]),
        finding.explanation,
        to_json(data["evidence"]),
    )


class ReportStore(Closing):
    """Reports, errors and runs in one database (see :func:`open_store`).

    Thread-safe: SQLite opens a connection per call, PostgreSQL shares one under a lock.
    Use it as a context manager, or call :meth:`close`, to release a PostgreSQL
    connection.
    """

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        migrate(backend)

    @property
    def location(self) -> str:
        """Where the store is (a PostgreSQL URL without its password)."""
        return self.backend.location

    def close(self) -> None:
        """Releases the database connection (a later call reconnects)."""
        self.backend.close()

    def schema_version(self) -> int:
        """The store's schema version."""
        return schema_version(self.backend)

    # Writing

    def add_report(
        self,
        report: Report,
        run_id: str | None = None,
        *,
        force: bool = False,
        added: dt.datetime | None = None,
    ) -> bool:
        """Stores ``report`` under its article's hash; ``False`` when it was there already.

        Args:
            report: The report.
            run_id: The run that made it (see :meth:`start_run`), if any.
            force: Replace a stored article of the same hash, with all its rows.
            added: When it was stored (default: now).
        """
        key = article_id(report)
        data = report_to_dict(report)
        art = data["article"]
        metadata = {k: v for k, v in art.items() if k not in _ARTICLE_COLUMNS}
        if data.get("notes"):
            # Report-level, kept with the article (one row per report): see report().
            metadata[_NOTES_KEY] = data["notes"]
        with self.backend.transaction("write a report to") as tx:
            if force:
                self._delete(tx, key)
            inserted = tx.execute(
                "INSERT INTO articles (id, url, path, title, date, outlet, metadata, text,"
                " report_schema, run_id, added) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
                " ON CONFLICT (id) DO NOTHING",
                (
                    key,
                    art["url"],
                    art["path"],
                    art["title"],
                    art["date"],
                    art["outlet"],
                    to_json(metadata),
                    report.article.text,
                    report.schema_version,
                    run_id,
                    (added or dt.datetime.now(dt.UTC)).isoformat(),
                ),
            )
            if not inserted:
                return False
            tx.executemany(
                "INSERT INTO attributions (article_id, seq, id, kind, category, source_name,"
                " source_kind, source_title, cue, content, content_start, content_end, data)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    _attribution_row(key, seq, att, att_data)
                    for seq, (att, att_data) in enumerate(
                        zip(report.attributions, data["attributions"], strict=True)
                    )
                ],
            )
            tx.executemany(
                "INSERT INTO findings (article_id, seq, check_name, status, attribution_id,"
                " span_start, span_end, span_text, covers, explanation, evidence)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [
                    _finding_row(key, seq, finding, f_data)
                    for seq, (finding, f_data) in enumerate(
                        zip(report.findings, data["findings"], strict=True)
                    )
                ],
            )
            write_report_quotes(tx, report, key)
        return True

    @staticmethod
    def _delete(tx: Transaction, key: str) -> None:
        for table in ("quotes", "findings", "attributions"):
            tx.execute(f"DELETE FROM {table} WHERE article_id = ?", (key,))
        tx.execute("DELETE FROM articles WHERE id = ?", (key,))

    def add_error(self, input: str, error: BaseException | str, run_id: str | None = None) -> None:
        """Records that ``input`` (a path or URL as given) could not be audited."""
        kind = type(error).__name__ if isinstance(error, BaseException) else "error"
        with self.backend.transaction("record an error in") as tx:
            tx.execute(
                "INSERT INTO errors (input, type, message, occurred, run_id) VALUES (?,?,?,?,?)",
                (input, kind, str(error), _now(), run_id),
            )

    def start_run(self, settings: Mapping[str, Any] | None = None) -> str:
        """Records the start of a batch run; returns its id (sortable by start time).

        Args:
            settings: What the run was asked to do, as JSON-ready data.
        """
        now = dt.datetime.now(dt.UTC)
        run_id = f"{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(4)}"
        with self.backend.transaction("start a run in") as tx:
            tx.execute(
                "INSERT INTO runs (id, started, settings) VALUES (?,?,?)",
                (run_id, now.isoformat(), to_json(dict(settings or {}))),
            )
        return run_id

    def finish_run(self, run_id: str, counts: Mapping[str, int]) -> None:
        """Records the end of a run and its counts (``{"added": 10, "errors": 1}``…).

        Raises:
            StoreError: No run has this id.
        """
        with self.backend.transaction("finish a run in") as tx:
            changed = tx.execute(
                "UPDATE runs SET finished = ?, counts = ? WHERE id = ?",
                (_now(), to_json(dict(counts)), run_id),
            )
            if not changed:
                raise StoreError(
                    f"no run with id {run_id!r} in {self.location}; "
                    "finish the id start_run() returned"
                )

    # Reading

    def has(self, article_hash: str) -> bool:
        """True when the article with this hash is stored."""
        with self.backend.transaction("read", write=False) as tx:
            row = tx.fetchone("SELECT 1 AS one FROM articles WHERE id = ?", (article_hash,))
        return row is not None

    def report(self, article_id: str) -> Report:
        """The stored report of one article, rebuilt through ``report_from_dict``.

        Raises:
            ArticleNotFoundError: No article has this id.
        """
        with self.backend.transaction("read", write=False) as tx:
            art = tx.fetchone("SELECT * FROM articles WHERE id = ?", (article_id,))
            if art is None:
                raise ArticleNotFoundError(article_id)
            atts = tx.fetchall(
                "SELECT data FROM attributions WHERE article_id = ? ORDER BY seq",
                (article_id,),
            )
            finds = tx.fetchall(
                "SELECT * FROM findings WHERE article_id = ? ORDER BY seq", (article_id,)
            )
        date = to_date(art["date"])
        metadata = from_json(art["metadata"])
        notes = metadata.pop(_NOTES_KEY, [])
        article = {
            **metadata,
            **{k: art[k] for k in _ARTICLE_COLUMNS},
            "date": date.isoformat() if date else None,
        }
        findings = [
            {
                "check": f["check_name"],
                "status": f["status"],
                "attribution_id": f["attribution_id"],
                "covers": from_json(f["covers"]),
                "span": (
                    {"start": f["span_start"], "end": f["span_end"], "text": f["span_text"]}
                    if f["span_start"] is not None
                    else None
                ),
                "explanation": f["explanation"],
                "evidence": from_json(f["evidence"]),
            }
            for f in finds
        ]
        return report_from_dict(
            {
                "schema_version": art["report_schema"],
                "article": article,
                "attributions": [from_json(a["data"]) for a in atts],
                "findings": findings,
                "notes": notes,
                "text": art["text"],
            }
        )

    def query(
        self, *, limit: int | None = None, offset: int = 0, **filters: Unpack[Filters]
    ) -> Iterator[FindingRow]:
        """Stored findings with their article and attribution, filtered (see :class:`Filters`).

        Newest articles first (undated last), then in report order. ``speaker`` and
        ``outlet`` ignore case; ``since`` / ``until`` keep articles dated on or after /
        on or before them. Rows are read :data:`PAGE_SIZE` at a time, each page in its own
        short transaction.

        Raises:
            StoreError: A filter value is invalid, or ``limit``/``offset`` negative.
        """
        _check_window(limit, offset)
        where, params = FindingFilter.parse(**filters).where()
        sql = SELECT + where + ORDER + " LIMIT ? OFFSET ?"
        left = limit
        while left is None or left > 0:
            size = PAGE_SIZE if left is None else min(PAGE_SIZE, left)
            with self.backend.transaction("query", write=False) as tx:
                rows = tx.fetchall(sql, [*params, size, offset])
            yield from (finding_row(row) for row in rows)
            if len(rows) < size:
                return
            offset += size
            if left is not None:
                left -= size

    def count(self, **filters: Unpack[Filters]) -> int:
        """How many findings :meth:`query` gives for these filters.

        Raises:
            StoreError: A filter value is invalid.
        """
        return self.page(FindingFilter.parse(**filters), limit=0)[1]

    def page(
        self, found: FindingFilter, *, limit: int, offset: int = 0
    ) -> tuple[list[FindingRow], int]:
        """One page of :meth:`query`'s rows and how many match in all, read together (a
        pager's total fits its page).

        Raises:
            StoreError: ``limit`` or ``offset`` is negative.
        """
        _check_window(limit, offset)
        where, params = found.where()
        with self.backend.transaction("query", write=False) as tx:
            counted = tx.fetchone(f"SELECT COUNT(*) AS n FROM ({SELECT}{where}) AS matched", params)
            rows = (
                tx.fetchall(SELECT + where + ORDER + " LIMIT ? OFFSET ?", [*params, limit, offset])
                if limit
                else []
            )
        return [finding_row(row) for row in rows], int(counted["n"]) if counted else 0

    def stats(self) -> dict[str, Any]:
        """Counts: ``{"articles", "attributions", "findings": {status: n}, "errors", "runs"}``."""
        with self.backend.transaction("read", write=False) as tx:
            counts = {
                table: int(tx.fetchall(f"SELECT COUNT(*) AS n FROM {table}")[0]["n"])
                for table in ("articles", "attributions", "errors", "runs")
            }
            by_status = tx.fetchall("SELECT status, COUNT(*) AS n FROM findings GROUP BY status")
        findings = {status.value: 0 for status in Status}
        findings.update({row["status"]: int(row["n"]) for row in by_status})
        return {
            "articles": counts["articles"],
            "attributions": counts["attributions"],
            "findings": findings,
            "errors": counts["errors"],
            "runs": counts["runs"],
        }

    def quote_corpus(self) -> StoreQuoteCorpus:
        """The store's quote index, as the ``quote_origin`` check searches it.

        It holds the quotes of every stored article (``article_id`` set: a lookup finds
        an article's own quotes too, for the caller to skip) and of imported corpora
        (``sourcecheck corpus import-quotebank``).
        """
        return StoreQuoteCorpus(self.backend)

    def names(self, limit: int) -> dict[str, list[str]]:
        """Up to ``limit`` check names (sorted) and run ids (newest first), to offer as
        values of the ``check`` and ``run_id`` filters."""
        with self.backend.transaction("read", write=False) as tx:
            checks = tx.fetchall(
                "SELECT DISTINCT check_name FROM findings ORDER BY check_name LIMIT ?", (limit,)
            )
            runs = tx.fetchall(
                "SELECT id FROM runs ORDER BY started DESC, id DESC LIMIT ?", (limit,)
            )
        return {"checks": [r["check_name"] for r in checks], "runs": [r["id"] for r in runs]}

    def runs(self) -> list[dict[str, Any]]:
        """Every run, newest first: id, started, finished, settings, counts."""
        with self.backend.transaction("read", write=False) as tx:
            rows = tx.fetchall("SELECT * FROM runs ORDER BY started DESC, id DESC")
        return [
            {
                "id": row["id"],
                "started": to_datetime(row["started"]),
                "finished": to_datetime(row["finished"]),
                "settings": from_json(row["settings"]),
                "counts": from_json(row["counts"]) if row["counts"] is not None else None,
            }
            for row in rows
        ]


def _check_window(limit: int | None, offset: int) -> None:
    if (limit is not None and limit < 0) or offset < 0:
        raise StoreError(
            f"limit and offset must be >= 0 (limit may be None for all), got {limit} and {offset}"
        )


def open_store(location: str | Path | None = None) -> ReportStore:
    """The store at ``location``, created and migrated as needed.

    Args:
        location: A file path or ``sqlite:///PATH`` (``sqlite:////abs/path.db`` for an
            absolute one), or ``postgresql://USER[:PASSWORD]@HOST[:PORT]/DB`` (also
            ``postgres://``; ``?host=/socket/dir`` for a unix socket). Default:
            :data:`DEFAULT_STORE` in the working folder.

    Raises:
        StoreError: The location is not understood, cannot be opened, or holds a store
            newer than this code.
    """
    from sourcecheck.store.postgres import PostgresBackend, redact
    from sourcecheck.store.sqlite import SqliteBackend

    hint = "give a writable file path, sqlite:///PATH or postgresql://USER@HOST/DB"
    if location is None:
        return ReportStore(SqliteBackend(DEFAULT_STORE, hint=hint))
    if isinstance(location, Path):
        return ReportStore(SqliteBackend(location, hint=hint))
    if location.startswith(("postgresql://", "postgres://")):
        return ReportStore(PostgresBackend(location))
    if location.startswith("sqlite:///"):
        path = location.removeprefix("sqlite:///")
        if not path or path == ":memory:":
            raise StoreError(
                f"the store URL {location!r} names no file; {hint} (an in-memory "
                "database is not supported: each call opens a new connection)"
            )
        return ReportStore(SqliteBackend(path, hint=hint))
    if "://" in location:
        scheme = location.split("://", 1)[0]
        raise StoreError(f"unknown kind of store {scheme!r} in {redact(location)!r}; {hint}")
    return ReportStore(SqliteBackend(location, hint=hint))
