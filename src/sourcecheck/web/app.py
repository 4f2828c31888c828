"""The web app: server-rendered pages and a JSON API over one audit store.

Build it with :func:`create_app`; ``sourcecheck serve`` runs it with uvicorn.

Pages: ``/`` (paste, upload or give a URL), ``/audits`` (past audits), ``/audits/{id}``
(the annotated report) and its downloads (``report.json``, ``report.md``,
``report.html``, ``claimreview.json``). API under ``/api/v1`` (see ``/docs``).

With a token set, everything but ``/healthz`` and ``/static`` wants it (see
:mod:`sourcecheck.web.auth`); every form post is checked for its origin and form token.
Audits run in a bounded pool (:mod:`sourcecheck.web.pool`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import math
import re
import tempfile
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlsplit

from fastapi import Depends, FastAPI, File, Form, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import HTTPConnection

from sourcecheck.audit import audit_article, with_date
from sourcecheck.errors import ConfigError, InputError, SourcecheckError
from sourcecheck.ingest import article_from_html, article_from_text, read_article
from sourcecheck.records import Article, Report
from sourcecheck.report.claimreview import to_claimreview_json
from sourcecheck.report.common import hidden_count
from sourcecheck.report.html import ToolbarLink, render_html, report_csp
from sourcecheck.report.json import report_to_dict, to_json
from sourcecheck.settings import DEFAULT_MAX_BYTES, Settings
from sourcecheck.store import (
    MAX_LIMIT,
    MAX_OFFSET,
    AuditSummary,
    Store,
)
from sourcecheck.web.auth import (
    CSRF_FIELD,
    MIN_KEY_BYTES,
    AuthError,
    Guard,
    key_file_for,
    load_or_create_key,
    origin_of,
    safe_next,
)
from sourcecheck.web.errors import STATUS_CODES, TITLES, ApiError, error_for
from sourcecheck.web.fetch import FetchSettings, fetch_url
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
from sourcecheck.web.pool import AuditPool
from sourcecheck.web.security import (
    APP_CSP,
    AuthMiddleware,
    BodyLimitMiddleware,
    SecurityHeadersMiddleware,
    error_response,
    is_api,
)

__all__ = [
    "APP_CSP",
    "AuditFunction",
    "BodyLimitMiddleware",
    "WebSettings",
    "create_app",
]

logger = logging.getLogger(__name__)

#: Turns an ingested article into a report; tests inject one that needs no model.
AuditFunction = Callable[[Article], Report]
#: The highest ``page`` of the audit list (beyond it the offset would not fit SQLite).
MAX_PAGE = MAX_OFFSET // MAX_LIMIT

#: Module level: FastAPI resolves the (string) annotations of dependencies in module scope.
_BEARER = HTTPBearer(auto_error=False, description="Needed when the server has a token.")


@dataclass(frozen=True, slots=True)
class WebSettings:
    """Settings of the web app.

    Attributes:
        db_path: The SQLite file of past audits.
        max_body_bytes: Request bodies larger than this get 413.
        api_token: When set, every route but ``/healthz`` and ``/static`` wants it: the
            API as ``Authorization: Bearer <token>``, pages that or a sign-in cookie.
        base_url: The server's public origin (``https://audit.example.org``). Absolute
            URLs (ClaimReview ``url``) are built from it, never from request headers,
            and form posts must come from it. ``None``: no absolute URLs, and form posts
            must come from the request's own host.
        session_key: HMAC key of sign-in cookies and form tokens (at least 32
            characters). ``None``: generated once into ``<db_path>.session-key``
            (mode 0600) and read from there afterwards.
        session_hours: How long a sign-in lasts.
        workers: Audits run at once (threads sharing one model).
        queue_length: Audits that may wait for a worker; one more is answered 503.
        retry_after: Seconds a client answered 503 "busy" is told to wait.
        fetch: Limits of URL fetching (and its allow-list).
        audit: Settings passed to each audit (by default with a time budget of 10 s per
            100,000 characters).
        page_size: Audits per page in the list (1 to 200).
    """

    db_path: Path
    max_body_bytes: int = DEFAULT_MAX_BYTES
    api_token: str | None = None
    base_url: str | None = None
    session_key: str | None = None
    session_hours: float = 12.0
    workers: int = 2
    queue_length: int = 8
    retry_after: int = 5
    fetch: FetchSettings = field(default_factory=FetchSettings)
    # A server must not spend minutes on one request: 10 s per 100,000 characters (5 s at
    # the least), then a clear 422 error.
    audit: Settings = field(default_factory=lambda: Settings(time_budget_per_100k=10.0))
    page_size: int = 20

    def __post_init__(self) -> None:
        problems = []
        if self.base_url is not None:
            parts = urlsplit(self.base_url)
            if (
                origin_of(self.base_url) is None
                or parts.path not in ("", "/")
                or (parts.query or parts.fragment or parts.username)
            ):
                problems.append(
                    f"base_url {self.base_url!r} is not an origin; give scheme and host "
                    "only, e.g. https://audit.example.org"
                )
        if self.session_key is not None and len(self.session_key) < MIN_KEY_BYTES:
            problems.append(
                f"session_key has {len(self.session_key)} characters, fewer than "
                f"{MIN_KEY_BYTES}; use e.g. the output of: python -c "
                "'import secrets; print(secrets.token_hex(32))'"
            )
        if not 0 < self.session_hours <= 24 * 366:
            problems.append(f"session_hours is {self.session_hours}; give 0 < hours <= 8784")
        if self.workers < 1 or self.queue_length < 0:
            problems.append(
                f"workers is {self.workers} and queue_length {self.queue_length}; "
                "give workers >= 1 and queue_length >= 0"
            )
        if self.retry_after < 1:
            problems.append(f"retry_after is {self.retry_after}; give 1 second or more")
        if not 1 <= self.page_size <= MAX_LIMIT:
            problems.append(f"page_size is {self.page_size}; give 1 to {MAX_LIMIT}")
        if problems:
            raise ConfigError("invalid web settings: " + "; ".join(problems))

    @property
    def base_origin(self) -> str | None:
        """``base_url`` as a normalised origin (no trailing slash)."""
        return origin_of(self.base_url) if self.base_url else None


def _slug(title: str | None) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", (title or "article").lower()).strip("-")
    return slug[:60] or "article"


def _links(audit_id: str) -> AuditLinks:
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


def _summary_out(summary: AuditSummary) -> AuditSummaryOut:
    return AuditSummaryOut(
        **{f.name: getattr(summary, f.name) for f in dataclasses.fields(summary)},
        links=_links(summary.id),
    )


class _Auditor:
    """Ingests what a request gives; the audit itself runs in the pool."""

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
    static = resources.files("sourcecheck.web") / "static"
    max_mb = f"{settings.max_body_bytes / 1024 / 1024:g}"

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        pool.shutdown()

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

    async def audit(article: Article) -> Report:
        return await pool.run(auditor.audit_fn, article)

    # API ---------------------------------------------------------------------------------

    @app.get("/healthz", tags=["meta"], summary="Liveness, store and worker pool")
    def healthz() -> HealthOut:
        """Always answered without the token; cheap enough for frequent probes."""
        stats = pool.stats()
        return HealthOut(
            status="ok",
            version=__version__,
            audits=store.count(),
            pool=PoolOut(
                workers=stats.workers,
                busy=stats.busy,
                queued=stats.queued,
                queue_length=stats.queue_length,
            ),
        )

    @app.post(
        "/api/v1/audits",
        tags=["audits"],
        status_code=201,
        summary="Audit an article",
        responses=ERROR_RESPONSES,
        dependencies=[Depends(require_token)],
    )
    async def create_audit(body: AuditRequest, response: Response) -> AuditOut:
        """Audit one article given as text, HTML or a URL; the audit is stored.

        The answer holds the stored audit's id, links and the report JSON. When every
        worker is busy and the queue is full the answer is 503 with ``Retry-After``.
        """
        pool.check_room()
        article = await run_in_threadpool(
            auditor.article, text=body.text, html=body.html, url=body.url, date=body.date
        )
        report = await audit(article)
        summary = await run_in_threadpool(store.add, report)
        response.headers["Location"] = f"/api/v1/audits/{summary.id}"
        return AuditOut(
            **_summary_out(summary).model_dump(by_alias=True), report=report_to_dict(report)
        )

    @app.get(
        "/api/v1/audits/{audit_id}",
        tags=["audits"],
        summary="One stored audit",
        responses=ERROR_RESPONSES,
        dependencies=[Depends(require_token)],
    )
    def get_audit(audit_id: str) -> AuditOut:
        stored = store.get(audit_id)
        return AuditOut(
            **_summary_out(stored.summary).model_dump(by_alias=True),
            report=report_to_dict(stored.report),
        )

    @app.get(
        "/api/v1/audits",
        tags=["audits"],
        summary="Stored audits, newest first",
        responses=ERROR_RESPONSES,
        dependencies=[Depends(require_token)],
    )
    def list_audits(
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    ) -> AuditListOut:
        items = [_summary_out(s) for s in store.list(limit, offset)]
        return AuditListOut(items=items, total=store.count(), limit=limit, offset=offset)

    # Pages -------------------------------------------------------------------------------

    @app.get("/static/{name}", include_in_schema=False)
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

    if guard.enabled:
        _mount_sign_in(app, guard, page)

    @app.get("/", include_in_schema=False)
    def index(request: Request) -> HTMLResponse:
        return page(
            request,
            "index.html",
            form={"text": "", "url": "", "date": ""},
            recent=store.list(10, 0),
            max_mb=max_mb,
        )

    @app.post("/audits", include_in_schema=False)
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
                auditor.article, text=text, url=url.strip(), upload=upload, date=date.strip()
            )
            report = await audit(article)
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
        summary = await run_in_threadpool(store.add, report)
        return RedirectResponse(f"/audits/{summary.id}", status_code=303)

    @app.get("/audits", include_in_schema=False)
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
        )

    @app.get("/audits/{audit_id}", include_in_schema=False)
    def audit_page(
        audit_id: str, show_all: Annotated[bool, Query(alias="all")] = False
    ) -> HTMLResponse:
        stored = store.get(audit_id)
        links = _links(audit_id)
        page_link = links.page
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
        if hidden_count(stored.report):
            toolbar.append(
                ToolbarLink("Speech and document only", page_link)
                if show_all
                else ToolbarLink("Show all attributions", page_link + "?all=1")
            )
        return HTMLResponse(
            render_html(stored.report, toolbar=toolbar, show_all=show_all),
            headers={"Content-Security-Policy": report_csp() + "; frame-ancestors 'none'"},
        )

    def download(body: str, media: str, audit_id: str, name: str, suffix: str) -> Response:
        filename = f"{_slug(name)}-{audit_id}{suffix}"
        return Response(
            body,
            media_type=media,
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    @app.get("/audits/{audit_id}/report.json", include_in_schema=False)
    def download_json(audit_id: str) -> Response:
        stored = store.get(audit_id)
        body = to_json(stored.report)
        return download(body, "application/json", audit_id, stored.summary.title or "", ".json")

    @app.get("/audits/{audit_id}/report.md", include_in_schema=False)
    def download_markdown(
        audit_id: str, show_all: Annotated[bool, Query(alias="all")] = False
    ) -> Response:
        from sourcecheck.report.markdown import to_markdown  # written alongside; import late

        stored = store.get(audit_id)
        body = to_markdown(stored.report, show_all=show_all)
        return download(
            body, "text/markdown; charset=utf-8", audit_id, stored.summary.title or "", ".md"
        )

    @app.get("/audits/{audit_id}/report.html", include_in_schema=False)
    def download_html(
        audit_id: str, show_all: Annotated[bool, Query(alias="all")] = False
    ) -> Response:
        stored = store.get(audit_id)
        response = download(
            render_html(stored.report, show_all=show_all),
            "text/html; charset=utf-8",
            audit_id,
            stored.summary.title or "",
            ".html",
        )
        response.headers["Content-Security-Policy"] = report_csp()
        return response

    @app.get("/audits/{audit_id}/claimreview.json", include_in_schema=False)
    def download_claimreview(audit_id: str) -> Response:
        stored = store.get(audit_id)
        # Absolute URLs only from the configured base URL, never from the Host header.
        base = settings.base_origin
        body = to_claimreview_json(
            stored.report,
            reviewed_on=stored.summary.created.date(),
            url=f"{base}/audits/{audit_id}" if base else None,
        )
        return download(
            body, "application/ld+json", audit_id, stored.summary.title or "", ".claimreview.json"
        )

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


def _mount_sign_in(app: FastAPI, guard: Guard, page: Callable[..., HTMLResponse]) -> None:
    """``/signin`` (the token form) and ``/signout``; only when the server has a token."""

    @app.get("/signin", include_in_schema=False)
    def sign_in_form(request: Request, next: str = "/") -> Response:
        if guard.session_id(request) is not None:
            return RedirectResponse(safe_next(next), status_code=303)
        return page(request, "signin.html", next=safe_next(next))

    @app.post("/signin", include_in_schema=False)
    def sign_in(
        request: Request,
        token: Annotated[str, Form()] = "",
        next: Annotated[str, Form()] = "/",
        csrf_token: Annotated[str, Form()] = "",
    ) -> Response:
        guard.check_form(request, csrf_token)
        if not guard.token_matches(token):
            message = (
                "that is not this server's token; enter the token the server was started "
                "with (SOURCECHECK_API_TOKEN)"
                if token
                else "enter the server's token"
            )
            return page(
                request,
                "signin.html",
                401,
                error={"code": "unauthorized", "message": message},
                next=safe_next(next),
            )
        response = RedirectResponse(safe_next(next), status_code=303)
        guard.set_session_cookie(response, guard.new_session())
        return response

    @app.post("/signout", include_in_schema=False)
    def sign_out(request: Request, csrf_token: Annotated[str, Form()] = "") -> Response:
        guard.check_form(request, csrf_token)
        response = RedirectResponse("/signin", status_code=303)
        guard.set_session_cookie(response, "")
        return response
