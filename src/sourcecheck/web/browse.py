"""Browsing the report store: the ``/store`` pages and the ``/api/store`` API.

Findings across every stored article (batch runs and web audits alike), filtered by
speaker, outlet, status, check, date range and run, a page at a time, each linking to
its article's annotated report. The app mounts :func:`browse_router` behind its token
gate; search is a GET form, so it needs no form token.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from sourcecheck.records import Status
from sourcecheck.report.common import http_url
from sourcecheck.report.html import ToolbarLink
from sourcecheck.report.json import report_to_dict, to_json
from sourcecheck.store import MAX_LIMIT, MAX_OFFSET, ArticleNotFoundError, ReportStore, Store
from sourcecheck.store.query import FindingRow
from sourcecheck.web.models import (
    ERROR_RESPONSES,
    SpanOut,
    StoreArticleOut,
    StoreFindingListOut,
    StoreFindingOut,
    StoreLinks,
    StoreStatsOut,
)
from sourcecheck.web.pages import MAX_PAGE, report_page
from sourcecheck.web.store_search import (
    MAX_FILTER_CHARS,
    FilterError,
    filter_params,
    parse_filter,
    suggestions,
)

#: What an article id looks like (its sha256); anything else is not looked up.
_ARTICLE_ID = re.compile(r"[0-9a-f]{64}")

Page = Callable[..., HTMLResponse]
TextFilter = Annotated[str | None, Query(max_length=MAX_FILTER_CHARS)]


def _links(article_id: str) -> StoreLinks:
    return StoreLinks.model_validate(
        {"self": f"/api/store/articles/{article_id}", "page": f"/store/articles/{article_id}"}
    )


def _finding_out(row: FindingRow) -> StoreFindingOut:
    span = row.span
    return StoreFindingOut(
        article_id=row.article_id,
        index=row.index,
        check=row.check,
        status=row.status,
        explanation=row.explanation,
        attribution_id=row.attribution_id,
        span=SpanOut(start=span.start, end=span.end, text=span.text) if span else None,
        speaker=row.speaker,
        source_kind=row.source_kind.value if row.source_kind else None,
        kind=row.kind.value if row.kind else None,
        content=row.content,
        title=row.title,
        outlet=row.outlet,
        date=row.date,
        url=row.url,
        links=_links(row.article_id),
    )


def copy_audits(audits: Store, reports: ReportStore) -> int:
    """Copies the app's past audits into an empty report store; returns how many were new.

    Audits made before the app wrote into the report tables would otherwise be missing
    from every search. Only an empty store is filled (the first start after an upgrade,
    or a new ``--store``): a store that already holds articles is left as it is, so
    this costs nothing on later starts.
    """
    total = audits.count()
    # The app's own count first: stats() counts every table of a possibly large store.
    if not total or reports.stats()["articles"]:
        return 0
    added = 0
    for offset in range(0, total, MAX_LIMIT):
        for summary in audits.list(MAX_LIMIT, offset):
            added += reports.add_report(audits.get(summary.id).report, added=summary.created)
    return added


def browse_router(
    reports: ReportStore,
    page: Page,
    require_token: Callable[..., None],
    *,
    page_size: int = 20,
) -> APIRouter:
    """The store's search page, article pages and JSON API.

    Args:
        reports: The store searched.
        page: Renders a template of the app (with the client's form token).
        require_token: The app's bearer dependency (documents the scheme in OpenAPI).
        page_size: Findings per search page.
    """
    router = APIRouter()
    guarded = [Depends(require_token)]

    def stored_report(article_id: str) -> Any:
        # Only a hash is looked up: other text never reaches the database.
        if not _ARTICLE_ID.fullmatch(article_id):
            raise ArticleNotFoundError(article_id)
        return reports.report(article_id)

    # API ---------------------------------------------------------------------------------

    @router.get(
        "/api/store/findings",
        tags=["store"],
        summary="Search stored findings",
        responses=ERROR_RESPONSES,
        dependencies=guarded,
    )
    def api_findings(
        status: Annotated[Status | None, Query()] = None,
        check: TextFilter = None,
        speaker: TextFilter = None,
        outlet: TextFilter = None,
        since: Annotated[str | None, Query(description="YYYY-MM-DD", max_length=10)] = None,
        until: Annotated[str | None, Query(description="YYYY-MM-DD", max_length=10)] = None,
        run: TextFilter = None,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    ) -> StoreFindingListOut:
        """Findings of every stored article, newest articles first, then in report order.

        ``speaker`` and ``outlet`` match whole names, ignoring case; ``since`` and
        ``until`` keep articles dated in that range (undated ones go); ``run`` keeps
        articles stored by that batch run. ``total`` counts every match.
        """
        found = parse_filter(
            status=status,
            check=check,
            speaker=speaker,
            outlet=outlet,
            since=since,
            until=until,
            run=run,
        )
        rows, total = reports.page(found, limit=limit, offset=offset)
        return StoreFindingListOut(
            items=[_finding_out(row) for row in rows],
            total=total,
            limit=limit,
            offset=offset,
        )

    @router.get(
        "/api/store/articles/{article_id}",
        tags=["store"],
        summary="One stored article's report",
        responses=ERROR_RESPONSES,
        dependencies=guarded,
    )
    def api_article(article_id: str) -> StoreArticleOut:
        """The whole report of the article with this id (its sha256)."""
        report = stored_report(article_id)
        return StoreArticleOut(
            id=article_id, links=_links(article_id), report=report_to_dict(report)
        )

    @router.get(
        "/api/store/stats",
        tags=["store"],
        summary="What the store holds",
        responses=ERROR_RESPONSES,
        dependencies=guarded,
    )
    def api_stats() -> StoreStatsOut:
        return StoreStatsOut(**reports.stats())

    # Pages -------------------------------------------------------------------------------

    @router.get("/store", include_in_schema=False)
    def search_page(
        request: Request,
        status: str = "",
        check: str = "",
        speaker: str = "",
        outlet: str = "",
        since: str = "",
        until: str = "",
        run: str = "",
        page_number: Annotated[int, Query(alias="page", ge=1, le=MAX_PAGE)] = 1,
    ) -> HTMLResponse:
        form = {
            "status": status,
            "check": check,
            "speaker": speaker,
            "outlet": outlet,
            "since": since,
            "until": until,
            "run": run,
        }
        context: dict[str, Any] = {
            "form": form,
            "statuses": [s.value for s in Status],
            "stats": reports.stats(),
            "suggest": suggestions(reports),
            "http_url": http_url,
        }
        try:
            found = parse_filter(**form)
        except FilterError as exc:
            # The form comes back as given, with what is allowed.
            return page(
                request,
                "store.html",
                422,
                error={"code": "invalid_filter", "message": str(exc)},
                rows=[],
                total=0,
                page=1,
                pages=1,
                link=lambda n: "/store",
                **context,
            )
        rows, total = reports.page(found, limit=page_size, offset=(page_number - 1) * page_size)
        params = filter_params(found)

        def link(number: int) -> str:
            return "/store?" + urlencode({**params, "page": number})

        return page(
            request,
            "store.html",
            rows=rows,
            total=total,
            page=page_number,
            pages=max(1, math.ceil(total / page_size)),
            link=link,
            **context,
        )

    @router.get("/store/articles/{article_id}", include_in_schema=False)
    def article_page(
        article_id: str, show_all: Annotated[bool, Query(alias="all")] = False
    ) -> HTMLResponse:
        here = f"/store/articles/{article_id}"
        toolbar = [
            ToolbarLink("← Search the store", "/store"),
            ToolbarLink("Download JSON", f"{here}/report.json"),
        ]
        return report_page(stored_report(article_id), toolbar, here, show_all)

    @router.get("/store/articles/{article_id}/report.json", include_in_schema=False)
    def article_json(article_id: str) -> Response:
        report = stored_report(article_id)
        return Response(
            to_json(report),
            media_type="application/json",
            headers={"Content-Disposition": f'attachment; filename="{article_id}.json"'},
        )

    return router
