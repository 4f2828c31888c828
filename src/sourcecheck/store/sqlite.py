"""The SQLite backend: one file in WAL mode, a fresh connection per transaction.

A connection per transaction lets one store object serve many threads; WAL lets readers
go on while one writer writes. Write transactions start with ``BEGIN IMMEDIATE`` so two
writers queue for the lock (for up to 30 s) instead of failing halfway.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from sourcecheck.errors import StoreError
from sourcecheck.store.backend import Backend, Dialect, Row, Transaction

SQLITE = Dialect(
    name="sqlite",
    types={
        "serial": "INTEGER PRIMARY KEY AUTOINCREMENT",
        "json": "TEXT",
        "date": "TEXT",
        "timestamp": "TEXT",
    },
)

#: Seconds a writer waits for another's lock before giving up.
BUSY_TIMEOUT = 30


class _SqliteTransaction(Transaction):
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        return self._conn.execute(sql, params).rowcount

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self._conn.executemany(sql, rows)

    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return [dict(row) for row in self._conn.execute(sql, params).fetchall()]


class SqliteBackend(Backend):
    """A store in the SQLite file at ``path`` (its folder is created if missing).

    Args:
        path: The file. ``":memory:"`` is not supported: every transaction opens a
            fresh connection.
        hint: How to fix a file that cannot be opened, for the error message.
        name: What the messages call it ("store", "audit store").
    """

    dialect = SQLITE

    def __init__(
        self, path: str | Path, *, hint: str = "give a writable file", name: str = "store"
    ) -> None:
        self.path = Path(path)
        self.location = str(self.path)
        self._hint = hint
        self._name = name
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with closing(self._open()) as conn:
                # Persistent: set once, every later connection uses WAL.
                conn.execute("PRAGMA journal_mode=WAL")
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the {self._name} {self.path}: {exc}; {hint}") from exc

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None)
        conn.row_factory = sqlite3.Row
        # WAL + NORMAL: commits do not wait for fsync; a power cut may lose the last
        # writes but never corrupts the file or leaves half a transaction.
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        return conn

    @contextmanager
    def transaction(self, action: str, *, write: bool = True) -> Iterator[Transaction]:
        try:
            conn = self._open()
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(
                f"cannot open the {self._name} {self.path}: {exc}; {self._hint}"
            ) from exc
        with closing(conn):
            try:
                conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                yield _SqliteTransaction(conn)
                conn.execute("COMMIT")
            except BaseException as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise StoreError(
                        f"cannot {action} the {self._name} {self.path}: {exc}; {self._hint}"
                    ) from exc
                raise

    def lock_schema(self, tx: Transaction) -> None:
        # BEGIN IMMEDIATE already holds the file's write lock.
        return None
