"""What the store needs from a database: transactions that run parametrised SQL.

SQL is written once, with ``?`` placeholders and the ``{serial}``, ``{json}``,
``{date}`` and ``{timestamp}`` type names of :class:`Dialect`; each backend maps them to
its own. A transaction commits when its block ends and rolls back when it raises, so a
write is whole or absent.
"""

from __future__ import annotations

import datetime as dt
import json
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Dialect:
    """How one database spells the store's SQL.

    Attributes:
        name: ``sqlite`` or ``postgresql``.
        types: The type for each placeholder of the migrations (``serial``, ``json``,
            ``date``, ``timestamp``).
    """

    name: str
    types: Mapping[str, str]

    def render(self, sql: str) -> str:
        """``sql`` with the type placeholders filled in."""
        return sql.format_map(self.types)


class Transaction(ABC):
    """One open transaction."""

    @abstractmethod
    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Runs one statement; returns how many rows it changed."""

    @abstractmethod
    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Runs one statement once per row of parameters."""

    @abstractmethod
    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Runs one query; its rows as dicts keyed by column name."""

    def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        """The first row of a query, or ``None``."""
        rows = self.fetchall(sql, params)
        return rows[0] if rows else None


class Backend(ABC):
    """A database the store lives in."""

    dialect: Dialect
    #: Where it is, for messages (a PostgreSQL URL without its password).
    location: str

    @abstractmethod
    def transaction(
        self, action: str, *, write: bool = True
    ) -> AbstractContextManager[Transaction]:
        """A transaction; database errors become :class:`StoreError` naming ``action``."""

    @abstractmethod
    def lock_schema(self, tx: Transaction) -> None:
        """Keeps other processes from migrating while ``tx`` is open."""

    def close(self) -> None:  # noqa: B027 - optional for backends without a connection
        """Releases the connection, if the backend holds one."""


def to_json(value: Any) -> str:
    """``value`` as JSON text for a ``{json}`` column."""
    return json.dumps(value, ensure_ascii=False)


def from_json(value: Any) -> Any:
    """A ``{json}`` column's value as Python data (PostgreSQL gives it parsed)."""
    return json.loads(value) if isinstance(value, str | bytes) else value


def to_date(value: Any) -> dt.date | None:
    """A ``{date}`` column's value as a date."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def to_datetime(value: Any) -> dt.datetime | None:
    """A ``{timestamp}`` column's value as a datetime."""
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def chunks(rows: Sequence[Row], size: int) -> Iterator[Sequence[Row]]:
    """``rows`` in slices of ``size``."""
    for start in range(0, len(rows), size):
        yield rows[start : start + size]
