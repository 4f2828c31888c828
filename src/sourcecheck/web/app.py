"""The web app: server-rendered pages and a JSON API over one audit store.

Build it with :func:`create_app`; ``sourcecheck serve`` runs it with uvicorn.

Pages: ``/`` (paste, upload or give a URL), ``/audits`` (past audits), ``/audits/{id}``
(the annotated report) and its downloads (``report.json``, ``report.md``,
``report.html``, ``claimreview.json``). API under ``/api/v1`` (see ``/docs``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hmac
import logging
import math
import re
import tempfile
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Self

from fastapi import Depends, FastAPI, File, Form, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.exceptions import HTTPException as StarletteHTTPException

from sourcecheck.audit import audit_article, with_date
from sourcecheck.errors import InputError, ModelNotFoundError, SourcecheckError
from sourcecheck.ingest import article_from_html, article_from_text, read_article
from sourcecheck.records import Article, Report
from sourcecheck.report.claimreview import to_claimreview_json
from sourcecheck.report.html import ToolbarLink, render_html, report_csp
from sourcecheck.report.json import report_to_dict, to_json
from sourcecheck.settings import DEFAULT_MAX_BYTES, Settings
from sourcecheck.store import AuditNotFoundError, AuditSummary, Store, StoreError
from sourcecheck.web.fetch import FetchError, FetchSettings, fetch_url

logger = logging.getLogger(__name__)

#: Turns an ingested article into a report; tests inject one that needs no model.
AuditFunction = Callable[[Article], Report]
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Policy of the app's own pages: styles from /static only, no script at all.
APP_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
#: Module level: FastAPI resolves the (string) annotations of dependencies in module scope.
_BEARER = HTTPBearer(auto_error=False, description="Needed when the server has a token.")
_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    422: "invalid_request",
}


@dataclass(frozen=True, slots=True)
class WebSettings:
    """Settings of the web app.

    Attributes:
        db_path: The SQLite file of past audits.
        max_body_bytes: Request bodies larger than this get 413.
        api_token: When set, the API wants ``Authorization: Bearer <token>``.
        fetch: Limits of URL fetching (and its allow-list).
        audit: Settings passed to each audit.
        max_concurrent_audits: Audits run at once (the model is CPU-bound).
        page_size: Audits per page in the list.
    """

    db_path: Path
    max_body_bytes: int = DEFAULT_MAX_BYTES
    api_token: str | None = None
    fetch: FetchSettings = field(default_factory=FetchSettings)
    audit: Settings = field(default_factory=Settings)
    max_concurrent_audits: int = 1
    page_size: int = 20


class ApiError(Exception):
    """An error answered as ``{"error": {"code", "message"}}`` with an HTTP status."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
        super().__init__(message)


# API models ------------------------------------------------------------------------------


class AuditRequest(BaseModel):
    """One article to audit: exactly one of ``text``, ``html`` or ``url``."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="Plain text, optionally with YAML front matter.")
    html: str | None = Field(None, description="An HTML page; its main text is audited.")
    url: str | None = Field(None, description="An http(s) URL the server fetches.")
    date: dt.date | None = Field(None, description="The article's date, YYYY-MM-DD.")

    @model_validator(mode="after")
    def _one_input(self) -> Self:
        given = [name for name in ("text", "html", "url") if getattr(self, name)]
        if len(given) != 1:
            raise ValueError(
                f"give exactly one of text, html or url (got {', '.join(given) or 'none'})"
            )
        return self


class AuditLinks(BaseModel):
    """Where to find an audit."""

    self_: str = Field(alias="self")
    page: str
    json_: str = Field(alias="json")
    markdown: str
    html: str
    claimreview: str

    model_config = ConfigDict(populate_by_name=True)


class AuditSummaryOut(BaseModel):
    """An audit without its report."""

    id: str
    created: dt.datetime
    title: str | None
    url: str | None
    article_date: dt.date | None
    attributions: int
    contradicted: int
    unverifiable: int
    links: AuditLinks


class AuditOut(AuditSummaryOut):
    """An audit with its report (schema: ``docs/report.schema.json``)."""

    report: dict[str, Any]


class AuditListOut(BaseModel):
    """A page of audits, newest first."""

    items: list[AuditSummaryOut]
    total: int
    limit: int
    offset: int


class ErrorBody(BaseModel):
    """What went wrong."""

    code: str
    message: str


class ErrorOut(BaseModel):
    """Every error the API answers."""

    error: ErrorBody


class HealthOut(BaseModel):
    """Liveness answer."""

    status: str
    version: str
    audits: int


_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut} for code in (401, 404, 413, 422, 502, 503)
}


# ASGI middleware --------------------------------------------------------------------------


def _is_api(path: str) -> bool:
    return path.startswith("/api/") or path == "/healthz"


def _error_response(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


class BodyLimitMiddleware:
    """Answers 413 to bodies over the limit, declared or (when chunked) counted."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = (
            f"the request body is over the limit of {self.max_bytes} bytes; send a shorter article"
        )
        if _is_api(scope["path"]):
            response: Response = _error_response(413, "too_large", message)
        else:
            response = HTMLResponse(
                f"<!DOCTYPE html><title>413</title><p>too_large: {message}</p>", status_code=413
            )
        await response(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            if not declared.isdigit() or int(declared) > self.max_bytes:
                await self._refuse(scope, receive, send)
                return
            await self.app(scope, receive, send)
            return
        # No length given (chunked): read it all, within the limit, then replay it.
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._refuse(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class SecurityHeadersMiddleware:
    """Adds no-sniff, no-referrer, no-framing and (unless set) the app's CSP."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                extra = [
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                    (b"content-security-policy", APP_CSP.encode()),
                ]
                headers.extend((k, v) for k, v in extra if k not in names)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


# The app ---------------------------------------------------------------------------------


def _error_for(exc: Exception) -> tuple[int, str, str]:
    """HTTP status, code and message for an exception."""
    if isinstance(exc, ApiError):
        return exc.status, exc.code, exc.message
    if isinstance(exc, FetchError):
        return (502 if exc.code in FetchError.UPSTREAM else 422), exc.code, str(exc)
    if isinstance(exc, AuditNotFoundError):
        return 404, "not_found", str(exc)
    if isinstance(exc, InputError):
        return 422, "invalid_input", str(exc)
    if isinstance(exc, ModelNotFoundError):
        return 503, "model_unavailable", str(exc)
    if isinstance(exc, StoreError):
        return 503, "store_unavailable", str(exc)
    if isinstance(exc, SourcecheckError):
        return 500, "audit_failed", str(exc)
    return 500, "internal_error", "unexpected server error; the server log has the details"


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
    """Ingests what a request gives and runs the audit, a few at a time."""

    def __init__(self, settings: WebSettings, audit_fn: AuditFunction | None) -> None:
        self.settings = settings
        self.audit_fn = audit_fn or (lambda article: audit_article(article, settings.audit))
        self.slots = threading.BoundedSemaphore(max(1, settings.max_concurrent_audits))

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

    def run(self, article: Article) -> Report:
        with self.slots:
            return self.audit_fn(article)


def create_app(settings: WebSettings, *, audit_fn: AuditFunction | None = None) -> FastAPI:
    """The web app over the store at ``settings.db_path``.

    Args:
        settings: Where the store is, limits, token, fetch rules, audit settings.
        audit_fn: Turns an article into a report; defaults to the full pipeline
            (:func:`sourcecheck.audit.audit_article`). Tests pass one without the model.
    """
    from sourcecheck import __version__

    store = Store(settings.db_path)
    auditor = _Auditor(settings, audit_fn)
    jinja = Environment(
        loader=PackageLoader("sourcecheck.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    jinja.globals["version"] = __version__
    static = resources.files("sourcecheck.web") / "static"

    app = FastAPI(
        title="sourcecheck API",
        version=__version__,
        description=(
            "Audit news articles: who is said to have said what, through which channel, "
            'and could that be true. Errors are `{"error": {"code", "message"}}`.'
        ),
        docs_url=None,
        redoc_url=None,
    )

    def page(name: str, status: int = 200, /, **context: Any) -> HTMLResponse:
        return HTMLResponse(jinja.get_template(name).render(**context), status_code=status)

    def require_token(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)],
    ) -> None:
        token = settings.api_token
        if not token:
            return
        given = credentials.credentials if credentials else ""
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise ApiError(
                401,
                "unauthorized",
                "this server wants an API token: send 'Authorization: Bearer <token>'",
                {"WWW-Authenticate": "Bearer"},
            )

    def respond_error(request: Request, exc: Exception) -> Response:
        status, code, message = _error_for(exc)
        if status >= 500:
            logger.error("%s %s failed: %s", request.method, request.url.path, exc, exc_info=exc)
        headers = exc.headers if isinstance(exc, ApiError) else None
        if _is_api(request.url.path):
            response: Response = _error_response(status, code, message)
        else:
            titles = {404: "Not found", 422: "Cannot audit this", 502: "Cannot fetch the URL"}
            response = page(
                "error.html",
                status,
                status=status,
                title=titles.get(status, "Something went wrong"),
                code=code,
                message=message,
            )
        if headers:
            response.headers.update(headers)
        return response

    async def on_error(request: Request, exc: Exception) -> Response:
        return respond_error(request, exc)

    async def on_http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        code = _STATUS_CODES.get(exc.status_code, f"http_{exc.status_code}")
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

    # API ---------------------------------------------------------------------------------

    @app.get("/healthz", tags=["meta"], summary="Liveness and store check")
    def healthz() -> HealthOut:
        return HealthOut(status="ok", version=__version__, audits=store.count())

    @app.post(
        "/api/v1/audits",
        tags=["audits"],
        status_code=201,
        summary="Audit an article",
        responses=_ERRORS,
        dependencies=[Depends(require_token)],
    )
    def create_audit(body: AuditRequest, response: Response) -> AuditOut:
        """Audit one article given as text, HTML or a URL; the audit is stored.

        The answer holds the stored audit's id, links and the report JSON.
        """
        article = auditor.article(text=body.text, html=body.html, url=body.url, date=body.date)
        report = auditor.run(article)
        summary = store.add(report)
        response.headers["Location"] = f"/api/v1/audits/{summary.id}"
        return AuditOut(
            **_summary_out(summary).model_dump(by_alias=True), report=report_to_dict(report)
        )

    @app.get(
        "/api/v1/audits/{audit_id}",
        tags=["audits"],
        summary="One stored audit",
        responses=_ERRORS,
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
        responses=_ERRORS,
        dependencies=[Depends(require_token)],
    )
    def list_audits(
        limit: Annotated[int, Query(ge=1, le=200)] = 20,
        offset: Annotated[int, Query(ge=0)] = 0,
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

    @app.get("/", include_in_schema=False)
    def index() -> HTMLResponse:
        return page(
            "index.html",
            form={"text": "", "url": "", "date": ""},
            recent=store.list(10, 0),
            max_mb=f"{settings.max_body_bytes / 1024 / 1024:g}",
        )

    @app.post("/audits", include_in_schema=False)
    def submit(
        text: Annotated[str, Form()] = "",
        url: Annotated[str, Form()] = "",
        date: Annotated[str, Form()] = "",
        file: Annotated[UploadFile | None, File()] = None,
    ) -> Response:
        upload = None
        if file is not None and file.filename:
            upload = (file.filename, file.file.read())
        try:
            given = [
                n for n, v in (("text", text.strip()), ("url", url.strip()), ("file", upload)) if v
            ]
            if len(given) > 1:
                raise InputError(
                    "<form>", f"give one of text, file or URL, not {' and '.join(given)}"
                )
            article = auditor.article(text=text, url=url.strip(), upload=upload, date=date.strip())
            report = auditor.run(article)
        except SourcecheckError as exc:
            status, code, message = _error_for(exc)
            return page(
                "index.html",
                status,
                error={"code": code, "message": message},
                form={"text": text, "url": url, "date": date},
                recent=[],
                max_mb=f"{settings.max_body_bytes / 1024 / 1024:g}",
            )
        summary = store.add(report)
        return RedirectResponse(f"/audits/{summary.id}", status_code=303)

    @app.get("/audits", include_in_schema=False)
    def audits_page(page_number: Annotated[int, Query(alias="page", ge=1)] = 1) -> HTMLResponse:
        total = store.count()
        size = settings.page_size
        return page(
            "audits.html",
            recent=store.list(size, (page_number - 1) * size),
            page=page_number,
            pages=max(1, math.ceil(total / size)),
            total=total,
        )

    @app.get("/audits/{audit_id}", include_in_schema=False)
    def audit_page(audit_id: str) -> HTMLResponse:
        stored = store.get(audit_id)
        links = _links(audit_id)
        toolbar = [
            ToolbarLink("← New audit", "/"),
            ToolbarLink("Past audits", "/audits"),
            ToolbarLink("Download JSON", links.json_),
            ToolbarLink("Markdown", links.markdown),
            ToolbarLink("HTML", links.html),
            ToolbarLink("ClaimReview", links.claimreview),
        ]
        return HTMLResponse(
            render_html(stored.report, toolbar=toolbar),
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
    def download_markdown(audit_id: str) -> Response:
        from sourcecheck.report.markdown import to_markdown  # written alongside; import late

        stored = store.get(audit_id)
        body = to_markdown(stored.report)
        return download(
            body, "text/markdown; charset=utf-8", audit_id, stored.summary.title or "", ".md"
        )

    @app.get("/audits/{audit_id}/report.html", include_in_schema=False)
    def download_html(audit_id: str) -> Response:
        stored = store.get(audit_id)
        response = download(
            render_html(stored.report),
            "text/html; charset=utf-8",
            audit_id,
            stored.summary.title or "",
            ".html",
        )
        response.headers["Content-Security-Policy"] = report_csp()
        return response

    @app.get("/audits/{audit_id}/claimreview.json", include_in_schema=False)
    def download_claimreview(audit_id: str, request: Request) -> Response:
        stored = store.get(audit_id)
        body = to_claimreview_json(
            stored.report,
            reviewed_on=stored.summary.created.date(),
            url=str(request.url_for("audit_page", audit_id=audit_id)),
        )
        return download(
            body, "application/ld+json", audit_id, stored.summary.title or "", ".claimreview.json"
        )

    _mount_docs(app, jinja)
    # The last added is the outermost: headers go on every answer, 413s included, and
    # the body limit sees each request before anything parses it.
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeadersMiddleware)
    return app


def _mount_docs(app: FastAPI, jinja: Environment) -> None:
    """``/docs``: the OpenAPI description rendered on the server (no CDN, no script)."""

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        spec = app.openapi()
        return HTMLResponse(jinja.get_template("docs.html").render(spec=spec))
