"""Reports stored where they are made: by the worker processes, not the main one.

With a pool of worker processes (or a Dask cluster writing to PostgreSQL), the process
that reads the inputs would otherwise also unpickle every report and write it: work that
grows with the workers and ends up bounding them. A :class:`Sink` names the store; the
worker writes its report there (one transaction, as the main process would) and sends
back only a :class:`Stored` summary.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sourcecheck.records import Report
from sourcecheck.store import ReportStore, article_id, open_store


@dataclass(frozen=True, slots=True)
class Sink:
    """Where workers store their reports.

    Attributes:
        store: The store's location, as :func:`~sourcecheck.store.open_store` takes it.
        run_id: The run the rows belong to.
        force: Replace articles already stored.
    """

    store: str
    run_id: str | None = None
    force: bool = False


@dataclass(frozen=True, slots=True)
class Stored:
    """What a worker stored for one article.

    Attributes:
        article_id: The stored article's id.
        state: ``added``, ``replaced`` or ``skipped`` (stored already, by an earlier
            input of the same run with the same text).
        attributions: How many attributions its report has.
        findings: How many findings of each status.
    """

    article_id: str
    state: str
    attributions: int
    findings: tuple[tuple[str, int], ...]


_OPEN: dict[str, ReportStore] = {}


def _store(location: str) -> ReportStore:
    # One store per process and location: opening migrates and, for PostgreSQL, connects.
    # It lives as long as the worker process (which closes its connection on exit).
    store = _OPEN.get(location)
    if store is None:
        store = _OPEN[location] = open_store(location)
    return store


def store_report(report: Report, sink: Sink) -> Stored:
    """Writes ``report`` to ``sink``'s store (opened once per process); what was stored.

    Raises:
        StoreError: The store cannot be opened or written.
    """
    return write(_store(sink.store), report, sink.run_id, force=sink.force)


def write(store: ReportStore, report: Report, run_id: str | None, *, force: bool) -> Stored:
    """Writes ``report`` to ``store``; what was stored (the one write of a batch, wherever
    it runs).

    Raises:
        StoreError: The store cannot be written.
    """
    key = article_id(report)
    existed = force and store.has(key)
    if not store.add_report(report, run_id, force=force):
        state = "skipped"  # the same text twice in one run: stored by its first input
    else:
        state = "replaced" if existed else "added"
    counts = Counter(f.status.value for f in report.findings)
    return Stored(key, state, len(report.attributions), tuple(sorted(counts.items())))
