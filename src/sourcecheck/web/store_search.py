"""Searching the report store for the web app: filters, one page of findings, its total.

:meth:`ReportStore.query` and :meth:`ReportStore.count` each read in their own
transaction; a pager needs a page and its total from one, so this module runs the store's
query parts (:class:`FindingFilter`, the ``SELECT``/``ORDER`` of
:mod:`sourcecheck.store.query`, :func:`finding_row`) together.
Filter values come from a form or a query string, so they are checked here and refused
with a :class:`FilterError` (answered 422) that says what is allowed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sourcecheck.errors import SourcecheckError, StoreError
from sourcecheck.records import Status
from sourcecheck.store import ReportStore
from sourcecheck.store.query import ORDER, SELECT, FindingFilter, FindingRow, finding_row

#: Longest text filter (speaker, outlet, check, run) accepted.
MAX_FILTER_CHARS = 200
#: Check names and runs offered as suggestions on the search page.
MAX_SUGGESTIONS = 50


class FilterError(SourcecheckError):
    """A search filter has a value the store cannot search for."""


@dataclass(frozen=True, slots=True)
class Search:
    """What to look for, checked for a form or a query string.

    Attributes:
        filter: The filters :meth:`ReportStore.query` knows.
    """

    filter: FindingFilter

    @classmethod
    def parse(
        cls,
        *,
        status: Status | str | None = None,
        check: str | None = None,
        speaker: str | None = None,
        outlet: str | None = None,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        run: str | None = None,
    ) -> Search:
        """The search for these values; empty strings (a blank form field) mean any.

        Raises:
            FilterError: A value is no status, no date, too long, holds control
                characters, or ``since`` is after ``until``.
        """
        texts = {
            name: _text(name, value)
            for name, value in (("check", check), ("speaker", speaker), ("outlet", outlet))
        }
        run_id = _text("run", run)
        try:
            found = FindingFilter.parse(
                status=status or None,
                since=since or None,
                until=_date("until", until),
                run_id=run_id,
                **texts,
            )
        except StoreError as exc:
            raise FilterError(str(exc)) from None
        return cls(found)

    def where(self) -> tuple[str, list[Any]]:
        """The WHERE clause of this search and its parameters."""
        return self.filter.where()

    def params(self) -> dict[str, str]:
        """The search as query-string parameters (only those set), for links."""
        values = {
            "status": self.filter.status.value if self.filter.status else None,
            "check": self.filter.check,
            "speaker": self.filter.speaker,
            "outlet": self.filter.outlet,
            "since": self.filter.since.isoformat() if self.filter.since else None,
            "until": self.filter.until.isoformat() if self.filter.until else None,
            "run": self.filter.run_id,
        }
        return {key: value for key, value in values.items() if value is not None}


def _text(name: str, value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    value = value.strip()
    if len(value) > MAX_FILTER_CHARS:
        raise FilterError(f"{name} has {len(value)} characters; give at most {MAX_FILTER_CHARS}")
    # PostgreSQL refuses NUL in text, and no stored name holds a control character.
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value):
        raise FilterError(f"{name} holds control characters; give plain text")
    return value


def _date(name: str, value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    if not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise FilterError(f"{name} must be a date like 2024-05-06, got {value!r}") from None


@dataclass(frozen=True, slots=True)
class Results:
    """One page of matching findings and how many match in all."""

    rows: list[FindingRow]
    total: int


def find(store: ReportStore, search: Search, limit: int, offset: int) -> Results:
    """The findings matching ``search``, ``limit`` from ``offset``, and their total.

    Ordered as :meth:`ReportStore.query` orders them (newest articles first). Both
    reads are in one transaction, so the total fits the page.
    """
    where, params = search.where()
    with store.backend.transaction("search", write=False) as tx:
        counted = tx.fetchone(f"SELECT COUNT(*) AS n FROM ({SELECT}{where}) AS matched", params)
        rows = tx.fetchall(SELECT + where + ORDER + " LIMIT ? OFFSET ?", [*params, limit, offset])
    return Results([finding_row(row) for row in rows], int(counted["n"]) if counted else 0)


def suggestions(store: ReportStore) -> dict[str, list[str]]:
    """Check names and the newest run ids in the store, offered as input suggestions."""
    with store.backend.transaction("read", write=False) as tx:
        checks = tx.fetchall(
            "SELECT DISTINCT check_name FROM findings ORDER BY check_name LIMIT ?",
            (MAX_SUGGESTIONS,),
        )
        runs = tx.fetchall(
            "SELECT id FROM runs ORDER BY started DESC, id DESC LIMIT ?", (MAX_SUGGESTIONS,)
        )
    return {"checks": [r["check_name"] for r in checks], "runs": [r["id"] for r in runs]}
