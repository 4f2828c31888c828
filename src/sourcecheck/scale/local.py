"""Auditing on this machine: in this process, or in a pool of worker processes.

:class:`LocalAuditor` hands out :class:`~concurrent.futures.Future` objects that hold a
:class:`~sourcecheck.records.Report` or a :class:`Failure`; never an exception, so one
bad article cannot break the pool. Workers are started with ``spawn`` (forking a process
with threads can hang) and load the model once, in their initializer.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

from sourcecheck.audit import audit_article, start_worker, worker_state
from sourcecheck.closing import Closing
from sourcecheck.errors import ConfigError, SourcecheckError
from sourcecheck.records import Article, Report
from sourcecheck.scale.sink import Sink, Stored, store_report
from sourcecheck.settings import Settings


@dataclass(frozen=True, slots=True)
class Failure:
    """Why one article could not be audited.

    Attributes:
        kind: The exception's class name (``InputError``, ``BudgetExceeded``…).
        message: Its message.
        expected: ``True`` for a :class:`~sourcecheck.errors.SourcecheckError` (the
            message says what to do); ``False`` for a crash (a bug).
        error: The exception itself when it could be carried back (else ``None``).
    """

    kind: str
    message: str
    expected: bool
    error: BaseException | None = None

    @classmethod
    def of(cls, exc: BaseException, *, keep: bool = True) -> Failure:
        """The failure that ``exc`` describes (``keep``: carry the exception too)."""
        return cls(
            type(exc).__name__, str(exc), isinstance(exc, SourcecheckError), exc if keep else None
        )


Outcome = Report | Failure | Stored


def default_workers() -> int:
    """The default ``--workers``: the machine's cores."""
    return os.cpu_count() or 1


def _audit_safely(article: Article, settings: Settings) -> Outcome:
    try:
        return audit_article(article, settings)
    except Exception as exc:  # one article's failure is recorded, not raised
        return Failure.of(exc)


def stored_or_failure(outcome: Outcome, sink: Sink | None) -> Outcome:
    """``outcome``, its report written to ``sink`` (if given) and replaced by a summary."""
    if sink is None or not isinstance(outcome, Report):
        return outcome
    try:
        return store_report(outcome, sink)
    except SourcecheckError as exc:  # this article is not stored; the run goes on
        return Failure.of(exc)


def _audit_in_worker(article: Article, sink: Sink | None = None) -> Outcome:
    settings, model_failure = worker_state()
    if model_failure is not None:
        return Failure.of(model_failure, keep=False)
    outcome = stored_or_failure(_audit_safely(article, settings), sink)
    if isinstance(outcome, Failure) and outcome.error is not None:
        # Exceptions whose __init__ takes other arguments than their message do not
        # unpickle; their kind and message travel, the object does not.
        try:
            pickle.loads(pickle.dumps(outcome.error))
        except Exception:
            return Failure(outcome.kind, outcome.message, outcome.expected)
    return outcome


class LocalAuditor(Closing):
    """Audits articles in this process (``workers=1``) or in ``workers`` processes.

    With a ``sink``, worker processes store each report themselves and their futures
    hold a :class:`~sourcecheck.scale.sink.Stored` summary (in this process the report
    is returned for the caller to store). Use it as a context manager; :meth:`close`
    stops the workers, dropping queued work.

    Raises:
        ConfigError: ``workers`` is below 1.
    """

    def __init__(self, settings: Settings, workers: int = 1, sink: Sink | None = None) -> None:
        if isinstance(workers, bool) or workers < 1:
            raise ConfigError(
                f"workers={workers!r} is not allowed; give 1 (this process) or more processes"
            )
        self.settings = settings
        self.workers = workers
        self.sink = sink
        self._pool: ProcessPoolExecutor | None = None
        if workers > 1:
            self._pool = ProcessPoolExecutor(
                workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=start_worker,
                initargs=(settings,),
            )

    @property
    def in_process(self) -> bool:
        """Whether articles are audited in this process (the future is done at once)."""
        return self._pool is None

    def submit(self, article: Article) -> Future[Outcome]:
        """Starts auditing ``article``; in this process, the returned future is done."""
        if self._pool is not None:
            return self._pool.submit(_audit_in_worker, article, self.sink)
        future: Future[Outcome] = Future()
        future.set_result(_audit_safely(article, self.settings))
        return future

    def close(self) -> None:
        """Stops the workers; queued articles are dropped."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
