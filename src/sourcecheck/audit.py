"""Runs the stages: article → attributions → findings → report."""

from __future__ import annotations

import dataclasses
import datetime as dt
import multiprocessing
import multiprocessing.connection
import os
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, overload

from sourcecheck.budget import budget, seconds_for
from sourcecheck.budget import check as check_budget
from sourcecheck.checks import open_corpus, run_checks
from sourcecheck.checks.origin import origin_notes
from sourcecheck.errors import ConfigError, InputError, ModelNotFoundError
from sourcecheck.extract import extract_attributions, titled_mentions
from sourcecheck.extract.nlp import load_model
from sourcecheck.ingest import article_from_html, article_from_text, read_article
from sourcecheck.ingest.dates import MAX_DATE_LENGTH, quoted
from sourcecheck.ingest.decode import utf8_of
from sourcecheck.ingest.files import STDIN
from sourcecheck.records import Article, DateSource, Finding, Report
from sourcecheck.settings import Settings

#: How the input types are told apart, for error messages.
_INPUTS = "article text (str), a pathlib.Path to a .txt/.html file, or an Article"


def load_article(source: str | Path | Article, settings: Settings) -> Article:
    """Turn what the caller gave into an :class:`Article`.

    A ``str`` is always article text (HTML when it starts with ``<``), whatever it looks
    like: guessing paths from strings read a short text that named a file as that file
    and failed on long one-line texts. Files come as :class:`~pathlib.Path` (or through
    :func:`audit_file`, which also reads ``-`` as stdin).

    Raises:
        InputError: The file cannot be read, the text is empty or too large, or
            ``source`` is none of the types above.
    """
    if isinstance(source, Article):
        return source
    if isinstance(source, os.PathLike):
        path = Path(source)
        if str(path) == STDIN:
            raise InputError(
                "Path('-')",
                "a Path is a file, and '-' names stdin; read stdin with "
                "sourcecheck.audit_file('-'), or give a file named '-' by its absolute path",
            )
        return read_article(path, max_bytes=settings.max_bytes)
    if not isinstance(source, str):
        raise InputError(f"<{type(source).__name__}>", f"cannot be audited; give {_INPUTS}")
    if len(utf8_of(source, "<text>")) > settings.max_bytes:
        raise InputError(
            "<text>",
            f"text is larger than the limit of {settings.max_bytes} bytes; shorten it or "
            "raise Settings(max_bytes=...)",
        )
    if source.lstrip().startswith("<"):
        return article_from_html(source)
    return article_from_text(source)


def parse_date(value: str) -> dt.date:
    """Parse a ``YYYY-MM-DD`` date given by the caller.

    Raises:
        InputError: When ``value`` is not such a date.
    """
    try:
        if len(value) > MAX_DATE_LENGTH:
            raise ValueError("too long")
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InputError(
            "--date", f"{quoted(value)} is not a date; give it as YYYY-MM-DD, e.g. 2025-11-04"
        ) from exc


def with_date(article: Article, date: dt.date | str | None) -> Article:
    """Override the article's date (the report says it came from the caller)."""
    if date is None:
        return article
    if isinstance(date, str):
        date = parse_date(date)
    return dataclasses.replace(article, date=date, date_source=DateSource.CLI)


def audit_article(article: Article, settings: Settings | None = None) -> Report:
    """Run extraction and checks on an already ingested article."""
    settings = settings or Settings()
    nlp = load_model(settings.model)
    seconds = seconds_for(
        len(article.text), settings.time_budget_per_100k, settings.time_budget_min
    )
    with budget(seconds, source=article.path or "<text>", size=len(article.text)):
        attributions = extract_attributions(article, nlp)
        findings: tuple[Finding, ...] = ()
        notes: tuple[str, ...] = ()
        if settings.run_checks:
            check_budget("finding titled mentions")
            mentions = titled_mentions(article)
            check_budget("running the checks")
            corpus = open_corpus(settings.quote_store) if settings.quote_store else None
            findings = run_checks(
                article, attributions, kb_path=settings.kb_path, mentions=mentions, corpus=corpus
            )
            notes = origin_notes(attributions, traced=corpus is not None)
    return Report(article=article, attributions=attributions, findings=findings, notes=notes)


def audit(
    text_or_path: str | Path | Article,
    *,
    date: dt.date | str | None = None,
    settings: Settings | None = None,
) -> Report:
    """Audit one article: who is said to have said what, and could it be true?

    Args:
        text_or_path: Article text (a ``str``, always read as text, HTML when it starts
            with ``<``), a :class:`~pathlib.Path` to a .txt/.html file, or an
            :class:`Article`. For a path given as a string, or ``-`` for stdin, use
            :func:`audit_file`.
        date: The article's date (overrides the one found in the input).
        settings: Run-time settings; defaults ship with the package.

    Raises:
        InputError: The input cannot be read or holds no text.
        ModelNotFoundError: No spaCy English model is installed.
    """
    settings = settings or Settings()
    article = with_date(load_article(text_or_path, settings), date)
    return audit_article(article, settings)


def audit_file(
    path: str | Path,
    *,
    date: dt.date | str | None = None,
    settings: Settings | None = None,
) -> Report:
    """Audit the article in a .txt/.html file; ``-`` reads it from standard input.

    Raises:
        InputError: The file is missing, unreadable, binary, empty or too large.
        ModelNotFoundError: No spaCy English model is installed.
    """
    settings = settings or Settings()
    article = with_date(read_article(path, max_bytes=settings.max_bytes), date)
    return audit_article(article, settings)


@dataclass(frozen=True, slots=True)
class AuditError:
    """An input :func:`audit_many` could not audit (with ``errors="record"``).

    Attributes:
        index: The input's position in the iterable (from 0).
        input: The input as given.
        error: Why it could not be audited.
    """

    index: int
    input: str | Path | Article
    error: InputError


_ERRORS = ("raise", "record")


@overload
def audit_many(
    inputs: Iterable[str | Path | Article],
    *,
    date: dt.date | str | None = ...,
    settings: Settings | None = ...,
    n_process: int = ...,
    batch_size: int = ...,
    errors: Literal["raise"] = ...,
) -> Iterator[Report]: ...


@overload
def audit_many(
    inputs: Iterable[str | Path | Article],
    *,
    date: dt.date | str | None = ...,
    settings: Settings | None = ...,
    n_process: int = ...,
    batch_size: int = ...,
    errors: Literal["record"],
) -> Iterator[Report | AuditError]: ...


def audit_many(
    inputs: Iterable[str | Path | Article],
    *,
    date: dt.date | str | None = None,
    settings: Settings | None = None,
    n_process: int = 1,
    batch_size: int = 32,
    errors: Literal["raise", "record"] = "raise",
) -> Iterator[Report] | Iterator[Report | AuditError]:
    """Audit many articles; yields one report per input, in the order given.

    Each input is what :func:`audit` takes. The model is loaded once (per process).
    The iterable is read lazily, so a generator of millions of texts is fine.

    Args:
        inputs: Article texts, :class:`~pathlib.Path` objects or :class:`Article` objects.
        date: A date for every article (overrides the ones found in the inputs).
        settings: Run-time settings; defaults ship with the package.
        n_process: Processes that audit (``-1``: one per CPU). Above 1, inputs are read
            in this process and audited by a pool of worker processes (started with
            ``spawn``: a script calling this needs the ``if __name__ == "__main__":``
            guard); each loads the model once. The reports are the same as with 1.
        batch_size: With ``n_process > 1``, how many inputs are read ahead and queued
            for the workers (bounds memory; no effect on the reports).
        errors: ``"raise"`` (default): a bad input raises :class:`InputError` naming its
            index, and the iteration stops. ``"record"``: it yields an
            :class:`AuditError` in the input's place and goes on.

    Raises:
        ConfigError: ``n_process``, ``batch_size`` or ``errors`` is out of range (raised
            at the call, before any input is read).
        InputError: A bad ``date``, or (``errors="raise"``) a bad input.
        ModelNotFoundError: No spaCy English model is installed.
    """
    settings = settings or Settings()
    if errors not in _ERRORS:
        raise ConfigError(f"errors={errors!r} is not allowed; give 'raise' or 'record'")
    if isinstance(n_process, bool) or not isinstance(n_process, int) or n_process == 0:
        raise ConfigError(
            f"n_process={n_process!r} is not allowed; give a number of processes "
            "(1 for this process only, -1 for one per CPU)"
        )
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ConfigError(f"batch_size={batch_size!r} is not allowed; give a positive number")
    if n_process < 0:
        n_process = os.cpu_count() or 1
    # Parsed now: a bad date is the caller's mistake, not the first input's.
    the_date = parse_date(date) if isinstance(date, str) else date
    articles = _ingest(inputs, the_date, settings, record=errors == "record")
    if n_process == 1:
        return _audit_here(articles, settings)
    return _audit_in_pool(articles, settings, n_process, batch_size)


def _ingest(
    inputs: Iterable[str | Path | Article],
    date: dt.date | None,
    settings: Settings,
    *,
    record: bool,
) -> Iterator[Article | AuditError]:
    """The inputs as articles (in this process: reading files is cheap next to parsing)."""
    for index, item in enumerate(inputs):
        try:
            yield with_date(load_article(item, settings), date)
        except InputError as exc:
            if not record:
                raise InputError(f"input {index} ({exc.source})", exc.problem) from exc
            yield AuditError(index, item, exc)


def _audit_here(
    articles: Iterator[Article | AuditError], settings: Settings
) -> Iterator[Report | AuditError]:
    for article in articles:
        yield article if isinstance(article, AuditError) else audit_article(article, settings)


#: Settings of the worker process (set once by :func:`start_worker`).
_WORKER_SETTINGS = Settings()
#: Why the worker could not load the model; raised by every task (the pool would otherwise
#: report only that it broke).
_WORKER_FAILURE: ModelNotFoundError | None = None


def start_worker(settings: Settings) -> None:
    """Set up an audit worker process: its settings, and the model loaded once.

    Used as the initializer of every pool of worker processes (here and in
    :mod:`sourcecheck.scale.local`).
    """
    global _WORKER_SETTINGS, _WORKER_FAILURE
    _WORKER_SETTINGS = settings
    _exit_with_parent()
    try:
        load_model(settings.model)  # once per process, before the first article
    except ModelNotFoundError as exc:
        _WORKER_FAILURE = exc


def _exit_with_parent() -> None:
    """Ends this worker process when the process that started it dies.

    A pool's workers outlive a parent killed with SIGKILL (nothing tells them), holding
    memory and a store connection; a thread waits on the parent's sentinel instead. A
    write cut short this way is rolled back by the database.
    """
    parent = multiprocessing.parent_process()
    if parent is None:  # not a worker process
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def worker_state() -> tuple[Settings, ModelNotFoundError | None]:
    """This worker's settings and why its model could not be loaded (``None``: it was)."""
    return _WORKER_SETTINGS, _WORKER_FAILURE


def _audit_in_worker(article: Article) -> Report:
    if _WORKER_FAILURE is not None:
        raise _WORKER_FAILURE
    return audit_article(article, _WORKER_SETTINGS)


def _audit_in_pool(
    articles: Iterator[Article | AuditError],
    settings: Settings,
    n_process: int,
    batch_size: int,
) -> Iterator[Report | AuditError]:
    # spawn, not fork: forking a process whose BLAS or the web app has threads can hang.
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        n_process, mp_context=context, initializer=start_worker, initargs=(settings,)
    )
    pending: deque[Future[Report] | AuditError] = deque()
    try:
        for article in articles:
            if isinstance(article, AuditError):
                pending.append(article)
            else:
                pending.append(pool.submit(_audit_in_worker, article))
            while len(pending) > batch_size:
                yield _result(pending.popleft())
        while pending:
            yield _result(pending.popleft())
    finally:
        # Also when the caller stops iterating early: queued articles are dropped.
        pool.shutdown(wait=True, cancel_futures=True)


def _result(item: Future[Report] | AuditError) -> Report | AuditError:
    return item if isinstance(item, AuditError) else item.result()
