"""How current the knowledge base is: rows and newest ``as_of`` per source and per office class.

``sourcecheck kb status`` prints these; reports use :func:`known_until` to say how far the
knowledge base can vouch for an office ("known until 2025-11-30").

The source of a row is the ``terms.dataset`` column (``terms-wikidata``, ``update:…``).
Knowledge bases built before that column existed are grouped by ``origin`` and the first word
of ``source`` instead (``wikidata:every-politician-scrapers``, ``curated``).
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sourcecheck.errors import KnowledgeBaseError
from sourcecheck.kb.dates import PartialDate
from sourcecheck.kb.store import KnowledgeBase

#: The office classes reported, in order; any other role kind counts as ``other``.
OFFICE_CLASSES = (
    "head_of_state",
    "head_of_government",
    "foreign_minister",
    "minister",
    "org_head",
    "other",
)

# Origins whose sources are free text (one per fact): grouped by origin alone.
_FREE_TEXT_ORIGINS = ("curated", "newsroom")
_FIRST_WORD = re.compile(r"[^\s:/@(,;]+")


@dataclass(frozen=True, slots=True)
class SourceStatus:
    """Rows of one source (dataset) and the newest date they were checked.

    Attributes:
        dataset: The source set (``terms-wikidata``, ``update:wikidata-2026-12-01`` …).
        rows: Terms from it.
        newest_as_of: The newest ``as_of`` among them (``None`` when none has one).
    """

    dataset: str
    rows: int
    newest_as_of: dt.date | None


@dataclass(frozen=True, slots=True)
class OfficeClassStatus:
    """Terms of one office class and the last date the knowledge base knows for it.

    Attributes:
        role_kind: One of :data:`OFFICE_CLASSES`.
        rows: Terms of offices of that class.
        positions: Offices of that class with at least one term.
        known_until: The newest ``as_of`` among those terms (``None`` when none has one).
    """

    role_kind: str
    rows: int
    positions: int
    known_until: dt.date | None


KbLike = sqlite3.Connection | KnowledgeBase | str | Path


@contextmanager
def _connection(kb: KbLike) -> Iterator[sqlite3.Connection]:
    if isinstance(kb, sqlite3.Connection):
        yield kb
        return
    path = kb.path if isinstance(kb, KnowledgeBase) else Path(kb)
    if not path.is_file():
        raise KnowledgeBaseError(f"{path}: no knowledge base there; give the path of one")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        yield conn
    finally:
        conn.close()


def _as_of(text: str | None) -> dt.date | None:
    """The first day an ``as_of`` may be (a partial one counts from its start)."""
    if not text:
        return None
    try:
        return PartialDate.parse(text).earliest()
    except KnowledgeBaseError:
        return None


def has_dataset_column(conn: sqlite3.Connection) -> bool:
    """Whether ``terms`` has the ``dataset`` column (knowledge bases built after it came)."""
    return any(row[1] == "dataset" for row in conn.execute("PRAGMA table_info(terms)"))


def _source_group(origin: str, source: str) -> str:
    if origin in _FREE_TEXT_ORIGINS:
        return origin
    match = _FIRST_WORD.match(source.strip())
    return f"{origin}:{match.group(0).lower()}" if match else origin


def _newest(values: list[str | None]) -> dt.date | None:
    dates = [d for d in map(_as_of, values) if d is not None]
    return max(dates) if dates else None


def source_status(kb: KbLike) -> tuple[SourceStatus, ...]:
    """Rows and newest ``as_of`` per source, by dataset name.

    Raises:
        KnowledgeBaseError: The file is not a knowledge base.
    """
    with _connection(kb) as conn:
        try:
            if has_dataset_column(conn):
                rows = conn.execute(
                    "SELECT dataset, COUNT(*), MAX(as_of) FROM terms GROUP BY dataset"
                ).fetchall()
                found = [(str(d), int(n), [m]) for d, n, m in rows]
            else:
                # Grouped in SQL by (origin, source), then folded by the source's first word.
                groups: dict[str, tuple[int, list[str | None]]] = {}
                for origin, source, count, newest in conn.execute(
                    "SELECT origin, source, COUNT(*), MAX(as_of) FROM terms GROUP BY origin, source"
                ):
                    name = _source_group(str(origin), str(source))
                    total, dates = groups.get(name, (0, []))
                    dates.append(newest)
                    groups[name] = (total + int(count), dates)
                found = [(name, n, dates) for name, (n, dates) in groups.items()]
        except sqlite3.DatabaseError as exc:
            raise KnowledgeBaseError(f"not a sourcecheck knowledge base ({exc})") from exc
    return tuple(
        sorted(
            (SourceStatus(name, n, _newest(dates)) for name, n, dates in found),
            key=lambda s: s.dataset,
        )
    )


def _class_rows(conn: sqlite3.Connection, role_kind: str | None = None) -> list[Any]:
    where = ""
    params: tuple[str, ...] = ()
    if role_kind is not None:
        if role_kind == "other":
            marks = ",".join("?" * (len(OFFICE_CLASSES) - 1))
            where = f"WHERE p.role_kind NOT IN ({marks})"
            params = OFFICE_CLASSES[:-1]
        else:
            where = "WHERE p.role_kind = ?"
            params = (role_kind,)
    try:
        return conn.execute(
            "SELECT p.role_kind, COUNT(*), COUNT(DISTINCT t.position_key), MAX(t.as_of) "
            f"FROM terms t JOIN positions p ON p.key = t.position_key {where} "
            "GROUP BY p.role_kind",
            params,
        ).fetchall()
    except sqlite3.DatabaseError as exc:
        raise KnowledgeBaseError(f"not a sourcecheck knowledge base ({exc})") from exc


def office_class_status(kb: KbLike) -> tuple[OfficeClassStatus, ...]:
    """Rows, offices and last known date per office class, every class listed.

    Raises:
        KnowledgeBaseError: The file is not a knowledge base.
    """
    totals: dict[str, tuple[int, int, list[str | None]]] = {c: (0, 0, []) for c in OFFICE_CLASSES}
    with _connection(kb) as conn:
        for role, rows, positions, newest in _class_rows(conn):
            name = role if role in totals else "other"
            n, p, dates = totals[name]
            dates.append(newest)
            totals[name] = (n + int(rows), p + int(positions), dates)
    return tuple(
        OfficeClassStatus(name, n, p, _newest(dates)) for name, (n, p, dates) in totals.items()
    )


def known_until(kb: KbLike, role_kind: str) -> dt.date | None:
    """The newest ``as_of`` among the terms of an office class (``None``: no dated term).

    Raises:
        KnowledgeBaseError: ``role_kind`` is not an office class, or the file is not a
            knowledge base.
    """
    if role_kind not in OFFICE_CLASSES:
        raise KnowledgeBaseError(
            f"office class {role_kind!r} is not one of {', '.join(OFFICE_CLASSES)}"
        )
    with _connection(kb) as conn:
        return _newest([row[3] for row in _class_rows(conn, role_kind)])


def status_json(
    sources: tuple[SourceStatus, ...], classes: tuple[OfficeClassStatus, ...], path: Path
) -> dict[str, Any]:
    """The ``kb status --json`` document (dates as ``YYYY-MM-DD`` or ``null``)."""

    def plain(item: SourceStatus | OfficeClassStatus) -> dict[str, Any]:
        return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in asdict(item).items()}

    return {
        "db": str(path),
        "sources": [plain(s) for s in sources],
        "office_classes": [plain(c) for c in classes],
    }
