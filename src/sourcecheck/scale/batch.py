"""The batch runner: inputs → audits → store, resumable and idempotent.

:func:`run_batch` takes what :func:`sourcecheck.ingest.read_inputs` yields and writes
every report to a :class:`~sourcecheck.store.ReportStore`:

* An article already stored (same :attr:`Article.sha256`) is not audited again unless
  ``force``; a run killed midway and started again audits only what is missing (each
  report is written in one transaction, so it is stored whole or not at all).
* An input that cannot be read or audited becomes an ``errors`` row; the run goes on.
* With ``workers > 1`` articles are audited by worker processes
  (:class:`~sourcecheck.scale.local.LocalAuditor`); the main process reads the inputs
  and yields the outcomes **in input order**; the reports are written by the main
  process or, given a :class:`~sourcecheck.scale.sink.Sink`, by the workers. At most
  ``4 × workers`` articles are in flight, so memory stays flat however many inputs.
* Another :class:`Auditor` (``--dask``: :class:`~sourcecheck.scale.dask.DaskAuditor`)
  can be given instead; at most its ``in_flight`` articles are in flight.

The caller records the run (:meth:`ReportStore.start_run` / ``finish_run``) with the
counts of a :class:`Tally`.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from sourcecheck.ingest.readers import ReadError
from sourcecheck.records import Article, Report, Status
from sourcecheck.scale.local import Failure, LocalAuditor
from sourcecheck.scale.sink import Sink, Stored, write
from sourcecheck.settings import Settings
from sourcecheck.store import ReportStore, article_id

#: Articles in flight per worker process.
IN_FLIGHT_PER_WORKER = 4


class Auditor(Protocol):
    """What audits articles for :func:`run_batch` besides the local pool."""

    @property
    def in_flight(self) -> int:
        """How many articles may wait for their audit at once."""
        ...

    def submit(self, article: Article) -> Future[Report | Failure | Stored]:
        """Starts auditing ``article``; the future holds a report (or, when the
        auditor stores reports itself, a summary of what it stored) or a failure."""
        ...

    def close(self) -> None:
        """Stops auditing; what is queued is dropped."""
        ...


class State(StrEnum):
    """What became of one input."""

    ADDED = "added"
    REPLACED = "replaced"
    SKIPPED = "skipped"
    #: Dated before the run's ``since`` date: not audited.
    OLDER = "older"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Outcome:
    """One input's outcome.

    Attributes:
        input: The input as a user finds it again (a path, ``file.jsonl:12``, a URL).
        state: What became of it.
        article_id: The stored article's id (its sha256), unless it failed to read.
        report: The report just made (``None`` when skipped or failed, or when a
            worker stored it: see ``stored``).
        failure: Why it failed (``None`` unless ``state`` is ``FAILED``).
        stored: What a worker stored, when workers write to the store themselves.
    """

    input: str
    state: State
    article_id: str | None = None
    report: Report | None = None
    failure: Failure | None = None
    stored: Stored | None = None


@dataclass(slots=True)
class Tally:
    """The counts of a run, updated outcome by outcome."""

    inputs: int = 0
    added: int = 0
    replaced: int = 0
    skipped: int = 0
    older: int = 0
    attributions: int = 0
    findings: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    read_errors: int = 0
    started: float = field(default_factory=time.monotonic)

    def add(self, outcome: Outcome) -> None:
        """Counts ``outcome``."""
        self.inputs += 1
        if outcome.state is State.FAILED:
            assert outcome.failure is not None
            self.errors[outcome.failure.kind] += 1
            if outcome.article_id is None:
                self.read_errors += 1
        elif outcome.state is State.SKIPPED:
            self.skipped += 1
        elif outcome.state is State.OLDER:
            self.older += 1
        else:
            if outcome.state is State.ADDED:
                self.added += 1
            else:
                self.replaced += 1
            if outcome.stored is not None:
                self.attributions += outcome.stored.attributions
                self.findings.update(dict(outcome.stored.findings))
            else:
                assert outcome.report is not None
                self.attributions += len(outcome.report.attributions)
                self.findings.update(f.status.value for f in outcome.report.findings)

    @property
    def failed(self) -> int:
        """Inputs that could not be read or audited."""
        return sum(self.errors.values())

    @property
    def seconds(self) -> float:
        """Wall time since the tally started."""
        return time.monotonic() - self.started

    def counts(self) -> dict[str, int]:
        """The counts a run record keeps (``ReportStore.finish_run``)."""
        counts = {
            "inputs": self.inputs,
            "added": self.added,
            "replaced": self.replaced,
            "skipped": self.skipped,
            "older": self.older,
            "errors": self.failed,
            "attributions": self.attributions,
        }
        counts.update({f"findings_{status}": n for status, n in sorted(self.findings.items())})
        return counts

    def to_dict(self) -> dict[str, Any]:
        """The tally as JSON-ready data (with wall time and rate)."""
        seconds = self.seconds
        return {
            **{k: v for k, v in self.counts().items() if not k.startswith("findings_")},
            "findings": {s.value: self.findings.get(s.value, 0) for s in Status},
            "errors_by_kind": dict(sorted(self.errors.items())),
            "seconds": round(seconds, 3),
            "articles_per_second": round((self.added + self.replaced) / seconds, 2)
            if seconds > 0
            else 0.0,
        }


def input_name(article: Article) -> str:
    """How an article's input is named in errors and file names."""
    return article.path or article.url or "<input>"


# A queued input: done already (skipped, unreadable) or waiting for its audit.
_Pending = Outcome | tuple[Article, str, Future[Report | Failure | Stored]]


def run_batch(
    items: Iterable[Article | ReadError],
    store: ReportStore,
    *,
    settings: Settings,
    workers: int = 1,
    force: bool = False,
    run_id: str | None = None,
    auditor: Auditor | None = None,
    since: dt.date | None = None,
    sink: Sink | None = None,
) -> Iterator[Outcome]:
    """Audits and stores every item; yields one :class:`Outcome` per item, in order.

    Args:
        items: Articles and read errors (what ``read_inputs`` yields), read lazily.
        store: Where reports and errors go.
        settings: How to audit.
        workers: 1 audits in this process; more start that many worker processes.
        force: Audit and replace articles already stored.
        run_id: The run the rows belong to.
        auditor: Audits instead of a local pool (``workers`` is then unused); closed
            when the run ends.
        since: Articles dated before it are not audited (state ``OLDER``); undated
            ones are (nothing says they are older).
        sink: With ``workers > 1``, the worker processes write their reports to this
            store themselves (``store``'s own location; the caller gives the URL, with
            its password) and this process only reads inputs and counts.

    Raises:
        ConfigError: ``workers`` is below 1.
        StoreError: The store cannot be written (the run stops: nothing else would be).
    """
    if auditor is None:
        limit = 0 if workers == 1 else IN_FLIGHT_PER_WORKER * workers
        local = LocalAuditor(settings, workers, sink=sink if workers > 1 else None)
        submit, close = local.submit, local.close
    else:
        limit, submit, close = max(0, auditor.in_flight), auditor.submit, auditor.close
    pending: deque[_Pending] = deque()
    try:
        for item in items:
            pending.append(_queue(item, store, submit, force=force, run_id=run_id, since=since))
            while len(pending) > limit:
                yield _settle(pending.popleft(), store, force=force, run_id=run_id)
        while pending:
            yield _settle(pending.popleft(), store, force=force, run_id=run_id)
    finally:
        close()


def _queue(
    item: Article | ReadError,
    store: ReportStore,
    submit: Callable[[Article], Future[Report | Failure | Stored]],
    *,
    force: bool,
    run_id: str | None,
    since: dt.date | None,
) -> _Pending:
    if isinstance(item, ReadError):
        store.add_error(item.item, item.error, run_id)
        return Outcome(item.item, State.FAILED, failure=Failure.of(item.error))
    key = article_id(item)
    if since is not None and item.date is not None and item.date < since:
        return Outcome(input_name(item), State.OLDER, article_id=key)
    if not force and store.has(key):
        return Outcome(input_name(item), State.SKIPPED, article_id=key)
    return (item, key, submit(item))


def _settle(pending: _Pending, store: ReportStore, *, force: bool, run_id: str | None) -> Outcome:
    if isinstance(pending, Outcome):
        return pending
    article, key, future = pending
    name = input_name(article)
    result = future.result()
    if isinstance(result, Failure):
        store.add_error(name, result.error or _named_error(result), run_id)
        return Outcome(name, State.FAILED, article_id=key, failure=result)
    if isinstance(result, Stored):
        return Outcome(name, State(result.state), key, stored=result)
    state = State(write(store, result, run_id, force=force).state)
    if state is State.SKIPPED:
        return Outcome(name, state, article_id=key)
    return Outcome(name, state, key, result)


_ERROR_TYPES: dict[str, type[Exception]] = {}


def _named_error(failure: Failure) -> Exception:
    """An exception named like the worker's (whose object did not travel back)."""
    kind = _ERROR_TYPES.get(failure.kind)
    if kind is None:
        kind = _ERROR_TYPES[failure.kind] = type(failure.kind, (Exception,), {})
    return kind(failure.message)
