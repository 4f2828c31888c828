"""The web app's pages: the audit form, the list of past audits, one annotated report.

:func:`pages_router` serves ``/`` (paste, upload or give a URL), the form post
``/audits`` (checked for its form token, answered with the form again on a bad input),
``/audits`` (past audits, a page at a time) and ``/audits/{id}`` (the annotated report
with its download bar); :func:`static_router` serves the app's own CSS and script. The
downloads are :mod:`sourcecheck.web.downloads`, the sign-in form
:mod:`sourcecheck.web.signin`.
"""

from __future__ import annotations

import math
from importlib import resources
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from sourcecheck.errors import InputError, SourcecheckError
from sourcecheck.records import Report
from sourcecheck.report.common import hidden_count
from sourcecheck.report.html import ToolbarLink, render_html, report_csp
from sourcecheck.store import MAX_LIMIT, MAX_OFFSET
from sourcecheck.web.api import audit_links
from sourcecheck.web.auth import Guard
from sourcecheck.web.context import AppContext
from sourcecheck.web.errors import ApiError, error_for

__all__ = ["MAX_PAGE", "pages_router", "report_page", "static_router"]

#: The highest ``page`` of the audit list (beyond it the offset would not fit SQLite).
MAX_PAGE = MAX_OFFSET // MAX_LIMIT


def report_page(
    report: Report, toolbar: list[ToolbarLink], here: str, show_all: bool
) -> HTMLResponse:
    """A report's annotated page at ``here``, with a toggle for the attributions it hides.

    Args:
        report: The report shown.
        toolbar: The page's links; the toggle (when some are hidden) goes last.
        here: The page's own path (the toggle links to it, with or without ``?all=1``).
        show_all: Whether every attribution is listed.
    """
    if hidden_count(report):
        toolbar = [
            *toolbar,
            ToolbarLink("Speech and document only", here)
            if show_all
            else ToolbarLink("Show all attributions", here + "?all=1"),
        ]
    return HTMLResponse(
        render_html(report, toolbar=toolbar, show_all=show_all),
        headers={"Content-Security-Policy": report_csp() + "; frame-ancestors 'none'"},
    )


def static_router() -> APIRouter:
    """``/static/{name}``: the app's CSS and script files, nothing else."""
    router = APIRouter()
    static = resources.files("sourcecheck.web") / "static"

    @router.get("/static/{name}", include_in_schema=False)
    def static_file(name: str) -> Response:
        types = {".css": "text/css", ".js": "text/javascript"}
        suffix = Path(name).suffix
        if "/" in name or suffix not in types or not (static / name).is_file():
            raise ApiError(404, "not_found", f"no static file {name!r}")
        return Response(
            (static / name).read_bytes(),
            media_type=types[suffix],
            headers={"Cache-Control": "public, max-age=3600"},
        )

    return router


def pages_router(ctx: AppContext, guard: Guard) -> APIRouter:
    """The form, the audit list and the report pages over ``ctx``'s store.

    Args:
        ctx: The app's store, pool, ingest and page renderer.
        guard: Checks each form post's origin and form token.
    """
    router = APIRouter()
    settings, store, pool, page = ctx.settings, ctx.store, ctx.pool, ctx.page
    max_mb = f"{settings.max_body_bytes / 1024 / 1024:g}"

    @router.get("/", include_in_schema=False)
    def index(request: Request) -> HTMLResponse:
        return page(
            request,
            "index.html",
            form={"text": "", "url": "", "date": ""},
            recent=store.list(10, 0),
            max_mb=max_mb,
        )

    @router.post("/audits", include_in_schema=False)
    async def submit(
        request: Request,
        text: Annotated[str, Form()] = "",
        url: Annotated[str, Form()] = "",
        date: Annotated[str, Form()] = "",
        file: Annotated[UploadFile | None, File()] = None,
        csrf_token: Annotated[str, Form()] = "",
    ) -> Response:
        guard.check_form(request, csrf_token)  # CsrfError: a 403 page
        upload = None
        if file is not None and file.filename:
            upload = (file.filename, await file.read())
        try:
            given = [
                n for n, v in (("text", text.strip()), ("url", url.strip()), ("file", upload)) if v
            ]
            if len(given) > 1:
                raise InputError(
                    "<form>", f"give one of text, file or URL, not {' and '.join(given)}"
                )
            pool.check_room()
            article = await run_in_threadpool(
                ctx.ingest, text=text, url=url.strip(), upload=upload, date=date.strip()
            )
            report = await ctx.audit(article)
        except SourcecheckError as exc:
            answer = error_for(exc, settings.retry_after)
            return page(
                request,
                "index.html",
                answer.status,
                headers=answer.headers,
                error={"code": answer.code, "message": answer.message},
                form={"text": text, "url": url, "date": date},
                recent=[],
                max_mb=max_mb,
            )
        summary = await run_in_threadpool(ctx.keep, report)
        return RedirectResponse(f"/audits/{summary.id}", status_code=303)

    @router.get("/audits", include_in_schema=False)
    def audits_page(
        request: Request,
        page_number: Annotated[int, Query(alias="page", ge=1, le=MAX_PAGE)] = 1,
    ) -> HTMLResponse:
        total = store.count()
        size = settings.page_size
        return page(
            request,
            "audits.html",
            recent=store.list(size, (page_number - 1) * size),
            page=page_number,
            pages=max(1, math.ceil(total / size)),
            total=total,
            link=lambda number: f"/audits?page={number}",
        )

    @router.get("/audits/{audit_id}", include_in_schema=False)
    def audit_page(
        audit_id: str, show_all: Annotated[bool, Query(alias="all")] = False
    ) -> HTMLResponse:
        stored = store.get(audit_id)
        links = audit_links(audit_id)
        # The downloads keep the reader's choice; the toggle flips it (works without script).
        suffix = "?all=1" if show_all else ""
        toolbar = [
            ToolbarLink("← New audit", "/"),
            ToolbarLink("Past audits", "/audits"),
            ToolbarLink("Download JSON", links.json_),
            ToolbarLink("Markdown", links.markdown + suffix),
            ToolbarLink("HTML", links.html + suffix),
            ToolbarLink("ClaimReview", links.claimreview),
        ]
        return report_page(stored.report, toolbar, links.page, show_all)

    return router
