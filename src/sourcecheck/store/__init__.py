"""Where audits are kept: SQLite files or PostgreSQL databases, one versioned schema.

* :func:`open_store` opens a :class:`ReportStore`: reports split into ``articles``,
  ``attributions`` and ``findings`` rows (keyed by the article's content hash), plus
  ``errors`` and ``runs``, for batch runs and queries across articles.
* :class:`Store` is the web app's list of whole audits (``audits``), on SQLite.

Both share one schema built by numbered migrations (:mod:`sourcecheck.store.schema`);
see ``docs/store.md`` for the tables and how to browse them.
"""

from __future__ import annotations

from sourcecheck.errors import StoreError
from sourcecheck.store.audits import (
    MAX_LIMIT,
    MAX_OFFSET,
    AuditNotFoundError,
    AuditSummary,
    Store,
    StoredAudit,
)
from sourcecheck.store.query import FindingRow
from sourcecheck.store.reports import (
    DEFAULT_STORE,
    ArticleNotFoundError,
    ReportStore,
    article_id,
    open_store,
)
from sourcecheck.store.schema import LATEST_VERSION

__all__ = [
    "DEFAULT_STORE",
    "LATEST_VERSION",
    "MAX_LIMIT",
    "MAX_OFFSET",
    "ArticleNotFoundError",
    "AuditNotFoundError",
    "AuditSummary",
    "FindingRow",
    "ReportStore",
    "Store",
    "StoreError",
    "StoredAudit",
    "article_id",
    "open_store",
]
