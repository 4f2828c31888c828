"""A bounded pool of audit workers, so small requests are not stuck behind large ones.

Up to ``workers`` audits run at once (threads of one process: the model is shared);
up to ``queue_length`` more wait for a worker. One more is refused at once with
:class:`PoolBusyError` (the app answers 503 with ``Retry-After``) instead of piling up
requests the server cannot serve in reasonable time.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from sourcecheck.errors import ConfigError, SourcecheckError

T = TypeVar("T")


class PoolBusyError(SourcecheckError):
    """Every worker is busy and the queue is full.

    Attributes:
        retry_after: Seconds after which a retry is sensible.
    """

    def __init__(self, workers: int, queue_length: int, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(
            f"busy, try again: {workers} audits are running and {queue_length} are waiting "
            f"(the most this server queues); retry in {retry_after} s"
        )


@dataclass(frozen=True, slots=True)
class PoolStats:
    """What the pool is doing right now.

    Attributes:
        workers: Audits that can run at once.
        busy: Audits running.
        queued: Audits waiting for a worker.
        queue_length: The most that may wait.
    """

    workers: int
    busy: int
    queued: int
    queue_length: int


class AuditPool:
    """Runs jobs on at most ``workers`` threads with at most ``queue_length`` waiting.

    Args:
        workers: Jobs run at once (at least 1).
        queue_length: Jobs that may wait for a worker (0: none wait).
        retry_after: Seconds a refused client is told to wait.
    """

    def __init__(self, workers: int, queue_length: int, retry_after: int = 5) -> None:
        if workers < 1 or queue_length < 0:
            raise ConfigError(
                f"workers is {workers} and queue_length {queue_length}; "
                "give workers >= 1 and queue_length >= 0"
            )
        self.workers = workers
        self.queue_length = queue_length
        self.retry_after = retry_after
        self._lock = threading.Lock()
        self._busy = 0
        self._queued = 0
        self._executor: ThreadPoolExecutor | None = None

    def stats(self) -> PoolStats:
        """Workers, running and waiting jobs (a consistent snapshot)."""
        with self._lock:
            return PoolStats(self.workers, self._busy, self._queued, self.queue_length)

    def _full(self) -> bool:
        return self._busy + self._queued >= self.workers + self.queue_length

    def check_room(self) -> None:
        """Raise :class:`PoolBusyError` now when a job would be refused (a cheap early look,
        so a request does not fetch and parse an article only to be turned away)."""
        with self._lock:
            if self._full():
                raise self._busy_error()

    def _busy_error(self) -> PoolBusyError:
        return PoolBusyError(self.workers, self.queue_length, self.retry_after)

    def submit(self, fn: Callable[..., T], *args: object) -> Future[T]:
        """Queue ``fn(*args)``.

        Raises:
            PoolBusyError: Every worker is busy and the queue is full.
        """
        with self._lock:
            if self._full():
                raise self._busy_error()
            self._queued += 1

        def job() -> T:
            with self._lock:
                self._queued -= 1
                self._busy += 1
            try:
                return fn(*args)
            finally:
                with self._lock:
                    self._busy -= 1

        try:
            future = self._running().submit(job)
        except BaseException:
            with self._lock:
                self._queued -= 1
            raise
        future.add_done_callback(self._forget_if_cancelled)
        return future

    def _forget_if_cancelled(self, future: Future[Any]) -> None:
        # A job cancelled while waiting (its client went away) never ran ``job``.
        if future.cancelled():
            with self._lock:
                self._queued -= 1

    def _running(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._executor is None:  # first use, or used again after a shutdown
                self._executor = ThreadPoolExecutor(
                    max_workers=self.workers, thread_name_prefix="sourcecheck-audit"
                )
            return self._executor

    async def run(self, fn: Callable[..., T], *args: object) -> T:
        """Run ``fn(*args)`` in the pool and wait for it without holding a thread."""
        return await asyncio.wrap_future(self.submit(fn, *args))

    def shutdown(self) -> None:
        """Let the worker threads end once their jobs are done (the app's shutdown).

        The pool starts new workers should it be used again (an app can be started and
        stopped more than once, as test clients do).
        """
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False)
