"""The web app's store of whole audits (one ``audits`` row per audit, report as JSON).

An id, when it was created, the article's title/url/date, a few counts for listings,
and the report in its versioned JSON form. It lives in the same SQLite schema as
:class:`~sourcecheck.store.ReportStore` (see :mod:`sourcecheck.store.schema`), so an
audit store from before versioned migrations is migrated when opened. Every call opens
its own connection, so one :class:`Store` can be shared by the web server's threads.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sourcecheck.errors import SourcecheckError
from sourcecheck.records import Report, Status
from sourcecheck.report.json import report_from_dict, report_to_dict
from sourcecheck.store.schema import migrate
from sourcecheck.store.sqlite import SqliteBackend

#: Largest page :meth:`Store.list` returns.
MAX_LIMIT = 200
#: Largest offset :meth:`Store.list` takes (SQLite's integers end at 2**63 - 1).
MAX_OFFSET = 1_000_000_000


class AuditNotFoundError(SourcecheckError):
    """No stored audit has the id asked for."""

    def __init__(self, audit_id: str) -> None:
        self.audit_id = audit_id
        super().__init__(f"no audit with id {audit_id!r}; list them with GET /api/v1/audits")


@dataclass(frozen=True, slots=True)
class AuditSummary:
    """One row of the audit list (everything but the report itself)."""

    id: str
    created: dt.datetime
    title: str | None
    url: str | None
    article_date: dt.date | None
    attributions: int
    contradicted: int
    unverifiable: int


@dataclass(frozen=True, slots=True)
class StoredAudit:
    """A stored audit with its report."""

    summary: AuditSummary
    report: Report

    @property
    def id(self) -> str:
        """The audit's id."""
        return self.summary.id


def _new_id() -> str:
    # Unguessable ids: the list is paged, but a leaked id should not reveal its neighbours.
    return secrets.token_urlsafe(9)


def _summary(row: dict[str, Any]) -> AuditSummary:
    return AuditSummary(
        id=row["id"],
        created=dt.datetime.fromisoformat(row["created"]),
        title=row["title"],
        url=row["url"],
        article_date=dt.date.fromisoformat(row["article_date"]) if row["article_date"] else None,
        attributions=row["attributions"],
        contradicted=row["contradicted"],
        unverifiable=row["unverifiable"],
    )


class Store:
    """Past audits in one SQLite file (created on first use).

    Args:
        path: The database file; its folder is created if missing. ``":memory:"`` is
            not supported because every call opens a fresh connection.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._db = SqliteBackend(
            self.path, hint="give a writable file with --db PATH", name="audit store"
        )
        # An audit store from before versioned migrations is migrated, not rejected.
        migrate(self._db)

    def add(self, report: Report, *, created: dt.datetime | None = None) -> AuditSummary:
        """Store ``report``; returns its summary with the new id."""
        created = created or dt.datetime.now(dt.UTC)
        statuses = [f.status for f in report.findings]
        summary = AuditSummary(
            id=_new_id(),
            created=created,
            title=report.article.title,
            url=report.article.url,
            article_date=report.article.date,
            attributions=len(report.attributions),
            contradicted=statuses.count(Status.CONTRADICTED),
            unverifiable=statuses.count(Status.UNVERIFIABLE),
        )
        payload = json.dumps(report_to_dict(report), ensure_ascii=False)
        with self._db.transaction("write an audit to") as tx:
            tx.execute(
                "INSERT INTO audits (id, created, title, url, article_date, attributions,"
                " contradicted, unverifiable, report_json) VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    summary.id,
                    created.isoformat(),
                    summary.title,
                    summary.url,
                    summary.article_date.isoformat() if summary.article_date else None,
                    summary.attributions,
                    summary.contradicted,
                    summary.unverifiable,
                    payload,
                ),
            )
        return summary

    def get(self, audit_id: str) -> StoredAudit:
        """The audit with this id.

        Raises:
            AuditNotFoundError: No audit has this id.
        """
        with self._db.transaction("read", write=False) as tx:
            row = tx.fetchone("SELECT * FROM audits WHERE id = ?", (audit_id,))
        if row is None:
            raise AuditNotFoundError(audit_id)
        return StoredAudit(_summary(row), report_from_dict(json.loads(row["report_json"])))

    def list(self, limit: int = 50, offset: int = 0) -> list[AuditSummary]:
        """Audits newest first; ``limit`` is capped at :data:`MAX_LIMIT`.

        Raises:
            ValueError: ``limit`` or ``offset`` is negative, or ``offset`` is over
                :data:`MAX_OFFSET`.
        """
        if limit < 0 or not 0 <= offset <= MAX_OFFSET:
            raise ValueError(
                f"limit must be >= 0 and offset 0 to {MAX_OFFSET}, got {limit} and {offset}"
            )
        limit = min(limit, MAX_LIMIT)
        with self._db.transaction("read", write=False) as tx:
            rows = tx.fetchall(
                "SELECT id, created, title, url, article_date, attributions, contradicted,"
                " unverifiable FROM audits ORDER BY seq DESC LIMIT ? OFFSET ?",
                (limit, offset),
            )
        return [_summary(row) for row in rows]

    def count(self) -> int:
        """How many audits are stored."""
        with self._db.transaction("read", write=False) as tx:
            rows = tx.fetchall("SELECT COUNT(*) AS n FROM audits")
        return int(rows[0]["n"])
