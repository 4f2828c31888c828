"""The web app: server-rendered pages and a JSON API over one audit store.

Build it with :func:`create_app`; ``sourcecheck serve`` runs it with uvicorn.

Pages: ``/`` (paste, upload or give a URL), ``/audits`` (past audits), ``/audits/{id}``
(the annotated report) and its downloads (``report.json``, ``report.md``,
``report.html``, ``claimreview.json``), ``/store`` (search the report store, see
:mod:`sourcecheck.web.browse`). API under ``/api/v1`` and ``/api/store`` (see ``/docs``).

With a token set, everything but ``/healthz`` and ``/static`` wants it (see
:mod:`sourcecheck.web.auth`); every form post is checked for its origin and form token.
Audits run in a bounded pool (:mod:`sourcecheck.web.pool`).

This module is the app factory and its wiring: the stores, the sign-in guard, the pool,
page rendering, error handlers, the routers (:mod:`~sourcecheck.web.api`,
:mod:`~sourcecheck.web.pages`, :mod:`~sourcecheck.web.downloads`,
:mod:`~sourcecheck.web.signin`, :mod:`~sourcecheck.web.browse`) and the middleware;
turning a request into an article (text, HTML, an upload or a fetched URL) is here too.
Settings are :mod:`sourcecheck.web.config`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import HTTPConnection

from sourcecheck.audit import audit_article, with_date
from sourcecheck.errors import InputError, SourcecheckError
from sourcecheck.ingest import article_from_html, article_from_text, read_article
from sourcecheck.records import Article
from sourcecheck.store import Store, open_store
from sourcecheck.web.api import api_router
from sourcecheck.web.auth import (
    CSRF_FIELD,
    AuthError,
    Guard,
    key_file_for,
    load_or_create_key,
    safe_next,
)
from sourcecheck.web.browse import browse_router, copy_audits
from sourcecheck.web.config import WebSettings
from sourcecheck.web.context import AppContext, AuditFunction
from sourcecheck.web.downloads import downloads_router
from sourcecheck.web.errors import STATUS_CODES, TITLES, ApiError, error_for
from sourcecheck.web.fetch import fetch_url
from sourcecheck.web.pages import MAX_PAGE, pages_router, static_router
from sourcecheck.web.pool import AuditPool
from sourcecheck.web.security import (
    APP_CSP,
    AuthMiddleware,
    BodyLimitMiddleware,
    SecurityHeadersMiddleware,
    error_response,
    is_api,
)
from sourcecheck.web.signin import signin_router

__all__ = [
    "APP_CSP",
    "MAX_PAGE",
    "AuditFunction",
    "BodyLimitMiddleware",
    "WebSettings",
    "create_app",
]

logger = logging.getLogger(__name__)

#: Module level: FastAPI resolves the (string) annotations of dependencies in module scope.
_BEARER = HTTPBearer(auto_error=False, description="Needed when the server has a token.")


class _Auditor:
    """Ingests what a request gives; the audit itself runs in the pool.

    Kept here: tests replace ``fetch_url`` and ``audit_article`` on this module.
    """

    def __init__(self, settings: WebSettings, audit_fn: AuditFunction | None) -> None:
        self.settings = settings
        self.audit_fn = audit_fn or (lambda article: audit_article(article, settings.audit))

    def article(
        self,
        *,
        text: str | None = None,
        html: str | None = None,
        url: str | None = None,
        upload: tuple[str, bytes] | None = None,
        date: dt.date | str | None = None,
    ) -> Article:
        if upload is not None:
            article = self._from_upload(*upload)
        elif url:
            page = fetch_url(url, self.settings.fetch)
            if page.kind == "html":
                article = article_from_html(page.text, url=page.final_url)
            else:
                article = article_from_text(page.text)
                article = dataclasses.replace(article, url=article.url or page.final_url)
        elif html and html.strip():
            article = article_from_html(html)
        elif text and text.strip():
            article = article_from_text(text)
        else:
            raise InputError("<form>", "no article given; paste text, upload a file or give a URL")
        return with_date(article, date or None)

    def _from_upload(self, filename: str, data: bytes) -> Article:
        name = Path(filename.replace("\\", "/")).name or "upload.txt"
        suffix = Path(name).suffix.lower()
        if suffix not in (".txt", ".html", ".htm"):
            raise InputError(name, "only .txt, .html and .htm files can be uploaded")
        # The file reader refuses binary, non-UTF-8 and empty files the same way the CLI does.
        with tempfile.TemporaryDirectory(prefix="sourcecheck-upload-") as folder:
            path = Path(folder) / f"upload{suffix}"
            path.write_bytes(data)
            try:
                article = read_article(path, max_bytes=self.settings.max_body_bytes)
            except InputError as exc:
                raise InputError(name, exc.problem) from exc
        return dataclasses.replace(article, path=name)


def create_app(settings: WebSettings, *, audit_fn: AuditFunction | None = None) -> FastAPI:
    """The web app over the store at ``settings.db_path``.

    Args:
        settings: Where the store is, limits, token, base URL, pool, fetch rules, audit
            settings.
        audit_fn: Turns an article into a report; defaults to the full pipeline
            (:func:`sourcecheck.audit.audit_article`). Tests pass one without the model.

    Raises:
        StoreError: The store cannot be opened.
        ConfigError: The session key file is unusable.
    """
    from sourcecheck import __version__

    store = Store(settings.db_path)
    # The app's own file is a report store too (one schema), so there is always one.
    reports = open_store(settings.store_url or settings.db_path)
    copy_audits(store, reports)
    if settings.store_url and settings.audit.quote_store is None:
        settings = dataclasses.replace(
            settings, audit=dataclasses.replace(settings.audit, quote_store=settings.store_url)
        )
    key = (
        settings.session_key.encode()
        if settings.session_key
        else load_or_create_key(key_file_for(settings.db_path))
    )
    guard = Guard(settings.api_token, key, settings.base_url, int(settings.session_hours * 3600))
    auditor = _Auditor(settings, audit_fn)
    pool = AuditPool(settings.workers, settings.queue_length, settings.retry_after)
    jinja = Environment(
        loader=PackageLoader("sourcecheck.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    jinja.globals["version"] = __version__

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        pool.shutdown()
        reports.close()

    app = FastAPI(
        title="sourcecheck API",
        version=__version__,
        description=(
            "Audit news articles: who is said to have said what, through which channel, "
            'and could that be true. Errors are `{"error": {"code", "message"}}`.'
        ),
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )

    def page(
        conn: HTTPConnection,
        name: str,
        status: int = 200,
        /,
        headers: dict[str, str] | None = None,
        **context: Any,
    ) -> HTMLResponse:
        """A page of the app; its forms get this client's form token."""
        token = guard.form_token(conn)
        signed_in = guard.session_id(conn) is not None
        html = jinja.get_template(name).render(
            csrf_field=CSRF_FIELD, csrf_token=token.value, signed_in=signed_in, **context
        )
        response = HTMLResponse(html, status_code=status, headers=headers)
        if token.new_cookie:
            guard.set_form_cookie(response, token.new_cookie)
        return response

    def deny(conn: HTTPConnection, exc: AuthError) -> Response:
        """A page request without the token: to the sign-in form."""
        target = conn.url.path + (f"?{conn.url.query}" if conn.url.query else "")
        if conn.scope.get("method") in ("GET", "HEAD") and not exc.wrong:
            return RedirectResponse(f"/signin?next={quote(target, safe='/')}", status_code=303)
        return page(
            conn,
            "signin.html",
            401,
            headers={"WWW-Authenticate": "Bearer"},
            error={"code": "unauthorized", "message": str(exc)},
            next=safe_next(target if conn.scope.get("method") == "GET" else "/"),
        )

    def require_token(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)],
    ) -> None:
        # The gate (AuthMiddleware) has already checked; this documents the scheme in
        # the OpenAPI schema and checks again should a route ever be mounted around it.
        guard.authenticate(request, api=True)

    def respond_error(request: Request, exc: Exception) -> Response:
        answer = error_for(exc, settings.retry_after)
        if answer.status >= 500 and answer.status != 503:
            logger.error("%s %s failed: %s", request.method, request.url.path, exc, exc_info=exc)
        if is_api(request.url.path):
            return error_response(answer.status, answer.code, answer.message, answer.headers)
        return page(
            request,
            "error.html",
            answer.status,
            headers=answer.headers,
            status=answer.status,
            title=TITLES.get(answer.status, "Something went wrong"),
            code=answer.code,
            message=answer.message,
        )

    async def on_error(request: Request, exc: Exception) -> Response:
        return respond_error(request, exc)

    async def on_http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        code = STATUS_CODES.get(exc.status_code, f"http_{exc.status_code}")
        return respond_error(request, ApiError(exc.status_code, code, str(exc.detail)))

    async def on_validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err.get('loc', ()) if p != 'body') or 'body'}: "
            f"{err.get('msg', 'invalid')}"
            for err in exc.errors()
        )
        return respond_error(request, ApiError(422, "invalid_request", problems))

    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(ApiError, on_error)
    app.add_exception_handler(SourcecheckError, on_error)
    app.add_exception_handler(Exception, on_error)

    ctx = AppContext(
        settings=settings,
        store=store,
        reports=reports,
        pool=pool,
        ingest=auditor.article,
        audit_fn=auditor.audit_fn,
        page=page,
        require_token=require_token,
    )
    # In this order the routes (and the API's OpenAPI paths) are as they always were.
    app.include_router(api_router(ctx, __version__))
    app.include_router(static_router())
    if guard.enabled:
        app.include_router(signin_router(guard, page))
    app.include_router(pages_router(ctx, guard))
    app.include_router(downloads_router(ctx))
    app.include_router(browse_router(reports, page, require_token, page_size=settings.page_size))

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        """The OpenAPI description rendered on the server (no CDN, no script)."""
        return page(request, "docs.html", spec=app.openapi())

    # The last added is the outermost: headers go on every answer (401s and 413s
    # included), the gate turns strangers away before any body is read, and the body
    # limit sees each request before anything parses it.
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(AuthMiddleware, guard=guard, deny=deny)
    app.add_middleware(SecurityHeadersMiddleware)
    return app
