"""What the web app's routers share: its stores, audit pool, page renderer and token check.

:func:`sourcecheck.web.app.create_app` builds one :class:`AppContext` and hands it to the
routers of :mod:`~sourcecheck.web.api`, :mod:`~sourcecheck.web.pages` and
:mod:`~sourcecheck.web.downloads`. It runs an audit in the bounded pool
(:meth:`AppContext.audit`) and keeps its report in both stores (:meth:`AppContext.keep`);
turning a request into an article is the app's ``ingest`` callable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fastapi.responses import HTMLResponse

from sourcecheck.records import Article, Report
from sourcecheck.store import AuditSummary, ReportStore, Store
from sourcecheck.web.config import WebSettings
from sourcecheck.web.pool import AuditPool

__all__ = ["AppContext", "AuditFunction", "Page"]

#: Turns an ingested article into a report; tests inject one that needs no model.
AuditFunction = Callable[[Article], Report]
#: Renders a template of the app for one client (with its form token).
Page = Callable[..., HTMLResponse]


@dataclass(frozen=True, slots=True)
class AppContext:
    """The parts of one app its routes use.

    Attributes:
        settings: The app's settings (``audit.quote_store`` already filled in).
        store: The app's list of past audits.
        reports: The report store searched and written into.
        pool: Runs audits, a bounded number at once.
        ingest: Turns what a request gives (``text``, ``html``, ``url``, ``upload``,
            ``date``) into an article.
        audit_fn: Turns an article into a report (run in the pool).
        page: Renders a template of the app.
        require_token: The bearer dependency of the API routes.
    """

    settings: WebSettings
    store: Store
    reports: ReportStore
    pool: AuditPool
    ingest: Callable[..., Article]
    audit_fn: AuditFunction
    page: Page
    require_token: Callable[..., None]

    async def audit(self, article: Article) -> Report:
        """The report on ``article``, made by a worker of the pool."""
        return await self.pool.run(self.audit_fn, article)

    def keep(self, report: Report) -> AuditSummary:
        """Stores ``report`` in the report store, then in the app's list."""
        # The report tables first: when that store is down the audit fails whole (503)
        # rather than being listed here but missing from searches.
        self.reports.add_report(report)
        return self.store.add(report)
