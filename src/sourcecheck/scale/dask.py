"""Auditing on a Dask distributed cluster: ``sourcecheck batch --dask tcp://HOST:8786``.

:class:`DaskAuditor` has the interface of :class:`~sourcecheck.scale.local.LocalAuditor`:
:meth:`~DaskAuditor.submit` hands out :class:`~concurrent.futures.Future` objects that
hold a :class:`~sourcecheck.records.Report` or a :class:`~sourcecheck.scale.local.Failure`,
never an exception. Articles travel in chunks of ``chunk_size`` (one task each); a
:class:`ModelPlugin` loads the model once per worker process, when the worker starts or
joins. Results come back to the client, which writes them to the store (in input order,
as :func:`~sourcecheck.scale.batch.run_batch` does for the local pool) — or, given a
:class:`~sourcecheck.scale.sink.Sink` (a PostgreSQL store every worker can reach), the
workers write them and send back a summary.
"""

from __future__ import annotations

import pickle
import threading
from collections.abc import Callable
from concurrent.futures import Future

import distributed

from sourcecheck.closing import Closing
from sourcecheck.errors import ConfigError, ModelNotFoundError
from sourcecheck.extract.nlp import load_model
from sourcecheck.records import Article
from sourcecheck.scale.local import Failure, Outcome, _audit_safely, stored_or_failure
from sourcecheck.scale.sink import Sink
from sourcecheck.settings import Settings

#: Articles per task: enough to make a task's overhead small, few enough to spread them.
DEFAULT_CHUNK_SIZE = 8

#: Chunks in flight per worker thread of the cluster.
CHUNKS_PER_THREAD = 3

#: Seconds to wait for the scheduler before giving up.
CONNECT_TIMEOUT = 10.0


class ModelPlugin(distributed.WorkerPlugin):
    """Loads the spaCy model once in each worker (and in workers that join later).

    A model that is not installed on a worker is kept as :attr:`failure`: that worker's
    articles fail with it (as in the local pool), the worker does not.
    """

    def __init__(self, model: str | None) -> None:
        self.model = model
        self.failure: ModelNotFoundError | None = None

    def setup(self, worker: distributed.Worker) -> None:
        try:
            load_model(self.model)  # cached in the worker process by load_model
        except ModelNotFoundError as exc:
            self.failure = exc


def plugin_name(settings: Settings) -> str:
    """The name ``settings``' model plugin is registered under (one per model)."""
    return f"sourcecheck-model:{settings.model or 'default'}"


def _portable(outcome: Outcome) -> Outcome:
    """``outcome``, without an exception that would not unpickle on the client."""
    if isinstance(outcome, Failure) and outcome.error is not None:
        try:
            pickle.loads(pickle.dumps(outcome.error))
        except Exception:
            return Failure(outcome.kind, outcome.message, outcome.expected)
    return outcome


def audit_chunk(
    articles: list[Article], settings: Settings, sink: Sink | None = None
) -> list[Outcome]:
    """Audits ``articles`` on a worker (the task :class:`DaskAuditor` submits).

    With a ``sink`` the worker stores each report and returns its summary.
    """
    try:
        plugin = distributed.get_worker().plugins.get(plugin_name(settings))
    except ValueError:  # not on a worker (called directly)
        plugin = None
    failure = getattr(plugin, "failure", None)
    if isinstance(failure, ModelNotFoundError):
        return [Failure.of(failure, keep=False) for _ in articles]
    return [
        _portable(stored_or_failure(_audit_safely(article, settings), sink)) for article in articles
    ]


class _Waiting(Future[Outcome]):
    """An article's future; waiting on it sends its chunk if it is still being filled."""

    def __init__(self, flush: Callable[[], None]) -> None:
        super().__init__()
        self._flush = flush
        self.sent = False

    def result(self, timeout: float | None = None) -> Outcome:
        if not self.sent:
            self._flush()
        return super().result(timeout)


class DaskAuditor(Closing):
    """Audits articles on the Dask cluster whose scheduler is at ``address``.

    Use it as a context manager; :meth:`close` cancels queued chunks and disconnects (the
    cluster keeps running).

    Attributes:
        workers: Worker threads of the cluster when it was joined.
        in_flight: Articles :func:`~sourcecheck.scale.batch.run_batch` keeps in flight.

    Raises:
        ConfigError: ``chunk_size`` is below 1, or no scheduler answers at ``address``.
    """

    in_process = False

    def __init__(
        self,
        settings: Settings,
        address: str,
        *,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        sink: Sink | None = None,
    ) -> None:
        if isinstance(chunk_size, bool) or chunk_size < 1:
            raise ConfigError(f"chunk_size={chunk_size!r} is not allowed; give 1 or more")
        self.settings = settings
        self.address = address
        self.chunk_size = chunk_size
        self.sink = sink
        try:
            self._client = distributed.Client(address, timeout=CONNECT_TIMEOUT)  # type: ignore[no-untyped-call]
        except (OSError, ValueError, TypeError) as exc:
            raise ConfigError(
                f"--dask {address}: no Dask scheduler answers there ({exc}); "
                "give the address it prints, like tcp://HOST:8786"
            ) from exc
        try:
            self._client.register_plugin(ModelPlugin(settings.model), name=plugin_name(settings))
            self.workers = max(1, sum(self._client.nthreads().values()))  # type: ignore[no-untyped-call]
        except BaseException:
            self._client.close()  # type: ignore[no-untyped-call]
            raise
        self.in_flight = self.workers * CHUNKS_PER_THREAD * chunk_size
        self._lock = threading.Lock()
        self._chunk: list[tuple[Article, _Waiting]] = []
        self._tasks: set[distributed.Future[list[Outcome]]] = set()

    def submit(self, article: Article) -> Future[Outcome]:
        """Queues ``article``; its chunk is sent when full or when its result is awaited."""
        future = _Waiting(self.flush)
        with self._lock:
            self._chunk.append((article, future))
            full = len(self._chunk) >= self.chunk_size
        if full:
            self.flush()
        return future

    def flush(self) -> None:
        """Sends the chunk being filled, if any."""
        with self._lock:
            chunk, self._chunk = self._chunk, []
        if not chunk:
            return
        articles = [article for article, _ in chunk]
        futures = [future for _, future in chunk]
        for future in futures:
            future.sent = True
        try:
            task = self._client.submit(audit_chunk, articles, self.settings, self.sink, pure=False)
        except Exception as exc:  # the client is closed or disconnected
            _fail_all(futures, exc)
            return
        self._tasks.add(task)
        task.add_done_callback(lambda done: self._settle(done, futures))  # type: ignore[no-untyped-call]

    def _settle(self, task: distributed.Future[list[Outcome]], futures: list[_Waiting]) -> None:
        self._tasks.discard(task)
        try:
            outcomes = task.result()
        except BaseException as exc:  # a lost worker or a cancelled task: these articles'
            _fail_all(futures, exc)
            return
        for future, outcome in zip(futures, outcomes, strict=True):
            future.set_result(outcome)

    def close(self) -> None:
        """Cancels what is queued and disconnects from the cluster."""
        with self._lock:
            chunk, self._chunk = self._chunk, []
        _fail_all([future for _, future in chunk], ConfigError("the auditor was closed"))
        tasks = list(self._tasks)
        if tasks:
            self._client.cancel(tasks)  # type: ignore[no-untyped-call]
        self._client.close()  # type: ignore[no-untyped-call]


def _fail_all(futures: list[_Waiting], exc: BaseException) -> None:
    failure = Failure.of(exc, keep=False)
    for future in futures:
        if not future.done():
            future.set_result(failure)


__all__ = ["DaskAuditor", "ModelPlugin", "audit_chunk", "plugin_name"]
