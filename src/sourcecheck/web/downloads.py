"""The web app's downloads of one stored audit: JSON, Markdown, HTML and ClaimReview.

:func:`downloads_router` serves ``/audits/{id}/report.json``, ``report.md``,
``report.html`` and ``claimreview.json`` as attachments named after the article's title
(:func:`slug`) and the audit id. The HTML download carries the report page's strict
Content-Security-Policy; ClaimReview URLs are absolute only when the server has a base
URL, never built from request headers.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from sourcecheck.report.claimreview import to_claimreview_json
from sourcecheck.report.html import render_html, report_csp
from sourcecheck.report.json import to_json
from sourcecheck.web.context import AppContext

__all__ = ["downloads_router", "slug"]


def slug(title: str | None) -> str:
    """``title`` as a file-name part: lower case, dashes, at most 60 characters."""
    text = re.sub(r"[^a-z0-9]+", "-", (title or "article").lower()).strip("-")
    return text[:60] or "article"


def _download(body: str, media: str, audit_id: str, name: str, suffix: str) -> Response:
    filename = f"{slug(name)}-{audit_id}{suffix}"
    return Response(
        body,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def downloads_router(ctx: AppContext) -> APIRouter:
    """The download routes of the audits in ``ctx``'s store."""
    router = APIRouter()
    settings, store = ctx.settings, ctx.store

    @router.get("/audits/{audit_id}/report.json", include_in_schema=False)
    def download_json(audit_id: str) -> Response:
        stored = store.get(audit_id)
        body = to_json(stored.report)
        return _download(body, "application/json", audit_id, stored.summary.title or "", ".json")

    @router.get("/audits/{audit_id}/report.md", include_in_schema=False)
    def download_markdown(
        audit_id: str, show_all: Annotated[bool, Query(alias="all")] = False
    ) -> Response:
        from sourcecheck.report.markdown import to_markdown  # written alongside; import late

        stored = store.get(audit_id)
        body = to_markdown(stored.report, show_all=show_all)
        return _download(
            body, "text/markdown; charset=utf-8", audit_id, stored.summary.title or "", ".md"
        )

    @router.get("/audits/{audit_id}/report.html", include_in_schema=False)
    def download_html(
        audit_id: str, show_all: Annotated[bool, Query(alias="all")] = False
    ) -> Response:
        stored = store.get(audit_id)
        response = _download(
            render_html(stored.report, show_all=show_all),
            "text/html; charset=utf-8",
            audit_id,
            stored.summary.title or "",
            ".html",
        )
        response.headers["Content-Security-Policy"] = report_csp()
        return response

    @router.get("/audits/{audit_id}/claimreview.json", include_in_schema=False)
    def download_claimreview(audit_id: str) -> Response:
        stored = store.get(audit_id)
        # Absolute URLs only from the configured base URL, never from the Host header.
        base = settings.base_origin
        body = to_claimreview_json(
            stored.report,
            reviewed_on=stored.summary.created.date(),
            url=f"{base}/audits/{audit_id}" if base else None,
        )
        return _download(
            body, "application/ld+json", audit_id, stored.summary.title or "", ".claimreview.json"
        )

    return router
