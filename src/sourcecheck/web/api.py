"""The web app's JSON API: ``/healthz`` and the audits under ``/api/v1/audits``.

:func:`api_router` posts an article (text, HTML or a URL) to be audited and stored, and
reads back one stored audit or a page of them, newest first; every route but
``/healthz`` wants the token when the server has one. :func:`audit_links` and
:func:`summary_out` are the links and summary of one stored audit, as the API and the
pages show them. The store search API is :mod:`sourcecheck.web.browse`.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from sourcecheck.records import Report
from sourcecheck.report.json import report_to_dict
from sourcecheck.store import MAX_LIMIT, MAX_OFFSET, AuditSummary
from sourcecheck.web.context import AppContext
from sourcecheck.web.models import (
    ERROR_RESPONSES,
    AuditLinks,
    AuditListOut,
    AuditOut,
    AuditRequest,
    AuditSummaryOut,
    HealthOut,
    PoolOut,
)

__all__ = ["api_router", "audit_links", "summary_out"]


def audit_links(audit_id: str) -> AuditLinks:
    """Where a stored audit is: in the API, as a page and as each download."""
    page = f"/audits/{audit_id}"
    return AuditLinks.model_validate(
        {
            "self": f"/api/v1/audits/{audit_id}",
            "page": page,
            "json": f"{page}/report.json",
            "markdown": f"{page}/report.md",
            "html": f"{page}/report.html",
            "claimreview": f"{page}/claimreview.json",
        }
    )


def summary_out(summary: AuditSummary) -> AuditSummaryOut:
    """A stored audit's summary with its links, as the API answers it."""
    return AuditSummaryOut(
        **{f.name: getattr(summary, f.name) for f in dataclasses.fields(summary)},
        links=audit_links(summary.id),
    )


def audit_out(summary: AuditSummary, report: Report) -> AuditOut:
    """A stored audit with its links and its report, as the API answers it."""
    return AuditOut(**summary_out(summary).model_dump(by_alias=True), report=report_to_dict(report))


def api_router(ctx: AppContext, version: str) -> APIRouter:
    """``/healthz`` and the audits API over ``ctx``'s store and pool.

    Args:
        ctx: The app's stores, pool, ingest and token dependency.
        version: The package version ``/healthz`` reports.
    """
    router = APIRouter()
    store, pool = ctx.store, ctx.pool

    @router.get("/healthz", tags=["meta"], summary="Liveness, store and worker pool")
    def healthz() -> HealthOut:
        """Always answered without the token; cheap enough for frequent probes."""
        stats = pool.stats()
        return HealthOut(
            status="ok",
            version=version,
            audits=store.count(),
            pool=PoolOut(
                workers=stats.workers,
                busy=stats.busy,
                queued=stats.queued,
                queue_length=stats.queue_length,
            ),
        )

    @router.post(
        "/api/v1/audits",
        tags=["audits"],
        status_code=201,
        summary="Audit an article",
        responses=ERROR_RESPONSES,
        dependencies=[Depends(ctx.require_token)],
    )
    async def create_audit(body: AuditRequest, response: Response) -> AuditOut:
        """Audit one article given as text, HTML or a URL; the audit is stored.

        The answer holds the stored audit's id, links and the report JSON. When every
        worker is busy and the queue is full the answer is 503 with ``Retry-After``.
        """
        pool.check_room()
        article = await run_in_threadpool(
            ctx.ingest, text=body.text, html=body.html, url=body.url, date=body.date
        )
        report = await ctx.audit(article)
        summary = await run_in_threadpool(ctx.keep, report)
        response.headers["Location"] = f"/api/v1/audits/{summary.id}"
        return audit_out(summary, report)

    @router.get(
        "/api/v1/audits/{audit_id}",
        tags=["audits"],
        summary="One stored audit",
        responses=ERROR_RESPONSES,
        dependencies=[Depends(ctx.require_token)],
    )
    def get_audit(audit_id: str) -> AuditOut:
        stored = store.get(audit_id)
        return audit_out(stored.summary, stored.report)

    @router.get(
        "/api/v1/audits",
        tags=["audits"],
        summary="Stored audits, newest first",
        responses=ERROR_RESPONSES,
        dependencies=[Depends(ctx.require_token)],
    )
    def list_audits(
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    ) -> AuditListOut:
        items = [summary_out(s) for s in store.list(limit, offset)]
        return AuditListOut(items=items, total=store.count(), limit=limit, offset=offset)

    return router
