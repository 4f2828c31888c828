"""Request and answer models of the JSON API (they make its OpenAPI schema)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sourcecheck.records import Status


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


class PoolOut(BaseModel):
    """The audit worker pool."""

    workers: int = Field(description="Audits that can run at once.")
    busy: int = Field(description="Audits running now.")
    queued: int = Field(description="Audits waiting for a worker.")
    queue_length: int = Field(description="The most that may wait; beyond it, 503.")


class HealthOut(BaseModel):
    """Liveness answer."""

    status: str
    version: str
    audits: int
    pool: PoolOut


class SpanOut(BaseModel):
    """A stretch of the article text (character offsets into it)."""

    start: int
    end: int
    text: str


class StoreLinks(BaseModel):
    """Where to find a stored article."""

    self_: str = Field(alias="self", description="The article's report (this API).")
    page: str = Field(description="The annotated report page.")

    model_config = ConfigDict(populate_by_name=True)


class StoreFindingOut(BaseModel):
    """One stored finding with its article and (when it has one) its attribution."""

    article_id: str = Field(description="The article's content hash (sha256).")
    index: int = Field(description="The finding's position in its report.")
    check: str
    status: Status
    explanation: str
    attribution_id: str | None
    span: SpanOut | None = Field(description="What it is about when it judges no attribution.")
    speaker: str | None = Field(description="The attribution's source name, if any.")
    source_kind: str | None
    kind: str | None = Field(description="The attribution's kind, if any.")
    content: str | None = Field(description="The attribution's content, if any.")
    title: str | None
    outlet: str | None
    date: dt.date | None
    url: str | None
    links: StoreLinks


class StoreFindingListOut(BaseModel):
    """A page of stored findings, newest articles first, and how many match in all."""

    items: list[StoreFindingOut]
    total: int
    limit: int
    offset: int


class StoreArticleOut(BaseModel):
    """A stored article's report (schema: ``docs/report.schema.json``)."""

    id: str
    links: StoreLinks
    report: dict[str, Any]


class StoreStatsOut(BaseModel):
    """What the report store holds."""

    articles: int
    attributions: int
    findings: dict[str, int] = Field(description="Findings by status.")
    errors: int = Field(description="Inputs that could not be audited.")
    runs: int = Field(description="Batch runs.")


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut} for code in (401, 404, 413, 422, 502, 503)
}
