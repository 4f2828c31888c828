"""Findings across stored articles: :class:`FindingRow` and the filters of a query."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypedDict, Unpack

from sourcecheck.errors import StoreError
from sourcecheck.records import AttributionKind, SourceKind, Span, Status
from sourcecheck.store.backend import Row, to_date


@dataclass(frozen=True, slots=True)
class FindingRow:
    """One stored finding with its article and (when it has one) its attribution.

    Attributes:
        article_id: The article's content hash.
        index: The finding's position in its report.
        check: The check that gave it (``kb-title``, ``temporal``…).
        status: Its verdict.
        explanation: Its explanation.
        attribution_id: The attribution it judges, if any.
        span: What it is about when it judges no attribution (a person mention).
        speaker: The attribution's source name (resolved), if any.
        source_kind: The attribution's kind of source, if any.
        kind: The attribution's kind, if any.
        content: The attribution's content text, if any.
        title: The article's title.
        outlet: The article's outlet.
        date: The article's date.
        url: The article's URL.
    """

    article_id: str
    index: int
    check: str
    status: Status
    explanation: str
    attribution_id: str | None
    span: Span | None
    speaker: str | None
    source_kind: SourceKind | None
    kind: AttributionKind | None
    content: str | None
    title: str | None
    outlet: str | None
    date: dt.date | None
    url: str | None


SELECT = """SELECT f.article_id, f.seq, f.check_name, f.status, f.explanation,
    f.attribution_id, f.span_start, f.span_end, f.span_text,
    t.source_name, t.source_kind, t.kind, t.content,
    a.title, a.outlet, a.date, a.url
FROM findings f
JOIN articles a ON a.id = f.article_id
LEFT JOIN attributions t ON t.article_id = f.article_id AND t.id = f.attribution_id"""

# Dated articles newest first, then undated; stable within (NULLS LAST is spelled out:
# SQLite and PostgreSQL sort NULL at opposite ends).
ORDER = " ORDER BY (a.date IS NULL), a.date DESC, f.article_id, f.seq"


class Filters(TypedDict, total=False):
    """The filters :meth:`ReportStore.query` and :meth:`ReportStore.count` take, as given
    (strings allowed for ``status`` and the dates); :meth:`FindingFilter.parse` checks them."""

    status: Status | str | None
    check: str | None
    speaker: str | None
    outlet: str | None
    since: dt.date | str | None
    until: dt.date | str | None
    run_id: str | None
    article_id: str | None


@dataclass(frozen=True, slots=True)
class FindingFilter:
    """The filters of :meth:`ReportStore.query`; ``None`` means any.

    Text filters (``speaker``, ``outlet``) ignore case; ``check`` and ``status`` must
    match exactly; ``since`` and ``until`` keep articles dated on or after / on or before
    them (undated ones go).
    """

    status: Status | None = None
    check: str | None = None
    speaker: str | None = None
    outlet: str | None = None
    since: dt.date | None = None
    run_id: str | None = None
    article_id: str | None = None
    until: dt.date | None = None

    @classmethod
    def parse(cls, **filters: Unpack[Filters]) -> FindingFilter:
        """The filter, with ``status``, ``since`` and ``until`` checked.

        Raises:
            StoreError: ``status`` is no status, ``since`` or ``until`` no ISO date, or
                ``since`` is after ``until``.
        """
        status = filters.get("status")
        if status is not None and not isinstance(status, Status):
            try:
                status = Status(status)
            except ValueError:
                allowed = ", ".join(s.value for s in Status)
                raise StoreError(
                    f"unknown status {status!r}; use one of {allowed} (or none for any)"
                ) from None
        since = _day("since", filters.get("since"))
        until = _day("until", filters.get("until"))
        if since is not None and until is not None and since > until:
            raise StoreError(
                f"since ({since}) is after until ({until}); give since <= until or leave one out"
            )
        return cls(
            status=status,
            check=filters.get("check"),
            speaker=filters.get("speaker"),
            outlet=filters.get("outlet"),
            since=since,
            run_id=filters.get("run_id"),
            article_id=filters.get("article_id"),
            until=until,
        )

    def where(self) -> tuple[str, list[Any]]:
        """The WHERE clause (empty when no filter is set) and its parameters."""
        terms: list[str] = []
        params: list[Any] = []
        if self.status is not None:
            terms.append("f.status = ?")
            params.append(self.status.value)
        if self.check is not None:
            terms.append("f.check_name = ?")
            params.append(self.check)
        if self.speaker is not None:
            terms.append("lower(t.source_name) = lower(?)")
            params.append(self.speaker)
        if self.outlet is not None:
            terms.append("lower(a.outlet) = lower(?)")
            params.append(self.outlet)
        if self.since is not None:
            terms.append("a.date >= ?")
            params.append(self.since.isoformat())
        if self.until is not None:
            terms.append("a.date <= ?")
            params.append(self.until.isoformat())
        if self.run_id is not None:
            terms.append("a.run_id = ?")
            params.append(self.run_id)
        if self.article_id is not None:
            terms.append("f.article_id = ?")
            params.append(self.article_id)
        return (" WHERE " + " AND ".join(terms) if terms else ""), params


def _day(name: str, value: dt.date | str | None) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise StoreError(f"{name} must be a date like 2024-05-06, got {value!r}") from None
    return value


def finding_row(row: Row) -> FindingRow:
    """A :class:`FindingRow` from a row of :data:`SELECT`."""
    span = (
        Span(int(row["span_start"]), int(row["span_end"]), row["span_text"] or "")
        if row["span_start"] is not None
        else None
    )
    return FindingRow(
        article_id=row["article_id"],
        index=int(row["seq"]),
        check=row["check_name"],
        status=Status(row["status"]),
        explanation=row["explanation"],
        attribution_id=row["attribution_id"],
        span=span,
        speaker=row["source_name"],
        source_kind=SourceKind(row["source_kind"]) if row["source_kind"] else None,
        kind=AttributionKind(row["kind"]) if row["kind"] else None,
        content=row["content"],
        title=row["title"],
        outlet=row["outlet"],
        date=to_date(row["date"]),
        url=row["url"],
    )
