"""The store's schema, built by numbered migrations (``migrations/NNNN_name.sql``).

Opening a store applies the migrations it lacks, in order, in one transaction, and
records each in ``schema_version``. A store written by a newer sourcecheck (a version
this code does not know) is refused rather than misread. A file from before versioned
migrations (just the web app's ``audits`` table) counts as version 0: migration 1 finds
its table there and keeps it.

A migration file is one script for both databases; a ``-- dialect: sqlite`` or
``-- dialect: postgresql`` line starts statements for that database only, and
``-- dialect: all`` ends them. A migration may also have a Python step (data SQL cannot
compute, such as filling the quote index from stored attributions), run after its SQL in
the same transaction.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

from sourcecheck.errors import StoreError
from sourcecheck.store.backend import Backend, Transaction

_NAME = re.compile(r"(\d{4})_([a-z0-9_]+)\.sql")
_DIALECT = re.compile(r"--\s*dialect:\s*([a-z]+)\s*$")


@dataclass(frozen=True, slots=True)
class Migration:
    """One migration: its version, name and SQL (with type placeholders)."""

    version: int
    name: str
    sql: str

    def statements(self, dialect: str | None = None) -> list[str]:
        """The statements of the migration (each ends with ``;`` at a line's end).

        Args:
            dialect: Keep only the ``-- dialect:`` sections of this database (and the
                shared ones); ``None`` keeps every section.
        """
        lines, section = [], "all"
        for line in self.sql.splitlines():
            marker = _DIALECT.match(line.strip())
            if marker:
                section = marker[1]
            elif not line.lstrip().startswith("--") and section in ("all", dialect or section):
                lines.append(line)
        parts = re.split(r";[ \t]*(?:\n|$)", "\n".join(lines))
        return [part.strip() for part in parts if part.strip()]


def load_migrations() -> tuple[Migration, ...]:
    """The migrations shipped with this code, in order (versions 1, 2, … without gaps)."""
    folder = resources.files("sourcecheck.store") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _NAME.fullmatch(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise StoreError(
            f"the store's migrations are numbered {[m.version for m in found]}; "
            "they must run 1, 2, 3… without gaps (reinstall sourcecheck)"
        )
    return tuple(found)


MIGRATIONS = load_migrations()
#: The schema version this code writes and reads.
LATEST_VERSION = MIGRATIONS[-1].version

_VERSION_TABLE = """CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied TEXT NOT NULL
)"""


def _python_steps() -> dict[int, Callable[[Transaction], None]]:
    """The Python step of each migration that has one, by version."""
    # Imported here: the step's module reads records and reports, which import the store.
    from sourcecheck.store.quotes import index_stored_attributions

    return {3: index_stored_attributions}


def migrate(backend: Backend, migrations: tuple[Migration, ...] = MIGRATIONS) -> int:
    """Brings the store up to the last of ``migrations``; returns the version before.

    Raises:
        StoreError: The store is newer than this code, or a migration fails (the store
            is then left as it was).
    """
    latest = migrations[-1].version
    with backend.transaction("migrate") as tx:
        backend.lock_schema(tx)
        tx.execute(_VERSION_TABLE)
        row = tx.fetchone("SELECT MAX(version) AS v FROM schema_version")
        current = int(row["v"]) if row and row["v"] is not None else 0
        if current > latest:
            raise StoreError(
                f"the store {backend.location} is at schema version {current}, but this "
                f"sourcecheck knows versions up to {latest}; upgrade sourcecheck "
                "(pip install -U sourcecheck) or open another store"
            )
        steps = _python_steps() if migrations[current:] else {}
        for migration in migrations[current:]:
            for statement in migration.statements(backend.dialect.name):
                tx.execute(backend.dialect.render(statement))
            if migration.version in steps:
                steps[migration.version](tx)
            tx.execute(
                "INSERT INTO schema_version (version, name, applied) VALUES (?, ?, ?)",
                (migration.version, migration.name, dt.datetime.now(dt.UTC).isoformat()),
            )
    return current


def schema_version(backend: Backend) -> int:
    """The store's schema version."""
    with backend.transaction("read", write=False) as tx:
        row = tx.fetchone("SELECT MAX(version) AS v FROM schema_version")
    return int(row["v"]) if row and row["v"] is not None else 0
