"""``sourcecheck batch``: many inputs audited into a store (``store query|stats`` read it).

Mounted on the main app by :mod:`sourcecheck.cli` (which configures logging). Its
helpers are imported from there when called: :mod:`sourcecheck.cli` imports this
module while it loads.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from concurrent.futures import BrokenExecutor
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from sourcecheck.cli_options import (
    DEFAULT_STORE_URL,
    ChecksOption,
    DatesFromOption,
    DelayOption,
    KbOption,
    MaxBytesOption,
    ModelOption,
    StoreOption,
    VerboseOption,
)
from sourcecheck.errors import SourcecheckError
from sourcecheck.ingest import ReadOptions, ReadStats, expand_inputs, read_inputs
from sourcecheck.ingest.dates import MAX_DATE_LENGTH, quoted
from sourcecheck.ingest.readers import is_single
from sourcecheck.records import Report
from sourcecheck.scale.batch import Auditor, Outcome, State, Tally, run_batch
from sourcecheck.scale.local import default_workers
from sourcecheck.scale.sink import Sink
from sourcecheck.settings import DEFAULT_MAX_BYTES, Settings
from sourcecheck.store import ReportStore, open_store
from sourcecheck.terminal import safe_text
from sourcecheck.web.fetch import FetchSettings

#: Thread-count variables of the BLAS and OpenMP libraries numpy may use.
_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


class BatchFormat(StrEnum):
    """Report formats of ``--output-dir`` files."""

    JSONL = "jsonl"
    JSON = "json"
    MD = "md"
    HTML = "html"
    TEXT = "text"


#: Exit codes (as ``check``'s), and 3 when a finding of the --fail-on status was found.
EXIT_PARTIAL = 1
EXIT_FAILED = 2
EXIT_FINDING = 3


def _err_console() -> Console:
    from sourcecheck.cli import err_console

    return err_console


def _fail(message: str) -> None:
    from sourcecheck.cli import _fail as fail

    fail(message)


def _render(report: Report, fmt: BatchFormat, console: Console) -> str | None:
    from sourcecheck.cli import OutputFormat
    from sourcecheck.cli import _render as render

    return render(report, OutputFormat(fmt.value), console)


class FailOn(StrEnum):
    """Finding statuses ``--fail-on`` accepts."""

    CONTRADICTED = "contradicted"
    UNVERIFIABLE = "unverifiable"


_EXTENSIONS = {
    BatchFormat.JSONL: "jsonl",
    BatchFormat.JSON: "json",
    BatchFormat.MD: "md",
    BatchFormat.HTML: "html",
    BatchFormat.TEXT: "txt",
}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def report_file_name(input_name: str, article_id: str, fmt: BatchFormat) -> str:
    """A safe file name for one input's report: ``STEM-HASH12.EXT``.

    Only letters, digits, ``.``, ``_`` and ``-`` are kept from the input's last path
    part (a URL's too), so no name climbs out of the folder or hides; the hash prefix
    keeps two inputs of the same name apart.
    """
    last = input_name.rstrip("/").replace("\\", "/").rsplit("/", 1)[-1]
    stem = last.rsplit(".", 1)[0] if "." in last.strip(".") else last
    stem = _UNSAFE.sub("_", stem).strip("._-")[:80] or "article"
    return f"{stem}-{article_id[:12]}.{_EXTENSIONS[fmt]}"


def _write_report(report: Report, directory: Path, name: str, fmt: BatchFormat) -> None:
    path = directory / name
    if fmt is BatchFormat.TEXT:
        with path.open("w", encoding="utf-8") as sink:
            _render(report, fmt, Console(file=sink, width=100, no_color=True))
        return
    rendered = _render(report, fmt, Console())
    path.write_text((rendered or "") + "\n", encoding="utf-8")


class _RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        return Text(f"{task.speed or 0.0:.1f} articles/s", style="progress.data.speed")


def _open(url: str) -> ReportStore:
    try:
        return open_store(url)
    except SourcecheckError as exc:
        _fail(str(exc))
        raise typer.Exit(EXIT_FAILED) from exc


def _has_finding(store: ReportStore, article_id: str, status: FailOn) -> bool:
    return any(store.query(status=status.value, article_id=article_id, limit=1))


def batch(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Files, directories, collections (.jsonl, .warc, feeds, .csv manifests, "
            "@urls.txt) and URLs, as for `check`.",
            show_default=False,
        ),
    ],
    store_url: StoreOption = DEFAULT_STORE_URL,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-w",
            min=1,
            help="Processes that audit (1: this process). Default: the machine's cores.",
            show_default=False,
        ),
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            metavar="ADDRESS",
            help="Audit on the Dask cluster whose scheduler is at ADDRESS "
            "(tcp://HOST:8786) instead of local processes; not with --workers.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Audit again and replace articles already stored.")
    ] = False,
    fmt: Annotated[
        BatchFormat, typer.Option("--format", "-f", help="Format of the --output-dir files.")
    ] = BatchFormat.JSONL,
    output_dir: Annotated[
        Path | None,
        typer.Option(
            "--output-dir",
            help="Also write one report file per input here (skipped ones from the store).",
            show_default=False,
        ),
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            help="Exit with 3 when an input of this run has a finding of this status.",
            show_default=False,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="YYYY-MM-DD",
            help="Audit only articles dated on or after this day (undated ones too).",
            show_default=False,
        ),
    ] = None,
    dates_from: DatesFromOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
    delay: DelayOption = 1.0,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    checks: ChecksOption = True,
    model: ModelOption = None,
    kb: KbOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Audit many articles into a store; resumable: stored articles are skipped.

    Each input's report is stored as soon as it is done (in input order); an input that
    fails is stored as an error row and the run goes on. Exit codes: 0 all stored, 1 some
    inputs failed, 2 nothing could be read, 3 a --fail-on finding (before 1).
    """
    from sourcecheck.cli import _configure_logging, _report_skipped

    _configure_logging(verbose)
    err_console = _err_console()
    settings = Settings(
        model=model, max_bytes=max_bytes, run_checks=checks, kb_path=str(kb) if kb else None
    )
    names = expand_inputs(inputs)
    if not names:
        _fail("no input given; name article files, directories or collections to audit")
        raise typer.Exit(EXIT_FAILED)
    if dask is not None and workers is not None:
        _fail("--dask and --workers exclude each other; give one (the cluster has its workers)")
        raise typer.Exit(EXIT_FAILED)
    since_date = _since(since)
    n_workers = workers or default_workers()
    if dask is None and n_workers > 1:
        # One BLAS thread per worker: N processes of N threads each on N cores run
        # slower than one process. Set before the workers spawn (they inherit it).
        for variable in _THREAD_VARIABLES:
            os.environ.setdefault(variable, "1")
    options = ReadOptions(
        max_bytes=max_bytes,
        fetch=FetchSettings(),
        delay=delay,
        dates_from=dates_from.value if dates_from is not None else None,
    )
    if output_dir is not None:
        try:
            output_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            _fail(
                f"--output-dir {output_dir}: cannot create it ({exc.strerror}); "
                "give a writable folder"
            )
            raise typer.Exit(EXIT_FAILED) from exc
    stats = ReadStats()
    tally = Tally()
    flagged = False
    total = len(names) if all(is_single(name) for name in names) else None
    with _open(store_url) as store:
        run_id = store.start_run(
            {
                "inputs": names,
                **({"dask": dask} if dask is not None else {"workers": n_workers}),
                "force": force,
                "since": since_date.isoformat() if since_date else None,
                "checks": checks,
                "model": model,
                "format": fmt.value,
            }
        )
        # Workers write the reports themselves where they can reach the store: local
        # processes always, a Dask cluster's workers when it is PostgreSQL.
        sink = Sink(store_url, run_id, force)
        auditor = None
        if dask is not None:
            try:
                auditor = _dask_auditor(settings, dask, sink if _is_postgres(store_url) else None)
            except typer.Exit:
                store.finish_run(run_id, tally.counts())  # the run did nothing
                raise
        columns = (
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            _RateColumn(),
            TextColumn("{task.fields[errors]} errors"),
            TimeElapsedColumn(),
        )
        show = not quiet and err_console.is_terminal
        try:
            with Progress(*columns, console=err_console, transient=True, disable=not show) as bar:
                task = bar.add_task("auditing", total=total, errors=0)
                items = read_inputs(names, options, stats=stats)
                for outcome in run_batch(
                    items,
                    store,
                    settings=settings,
                    workers=n_workers,
                    force=force,
                    run_id=run_id,
                    auditor=auditor,
                    since=since_date,
                    sink=sink,
                ):
                    tally.add(outcome)
                    if outcome.state is State.FAILED:
                        _print_failure(outcome)
                    elif outcome.state is not State.OLDER:
                        _write_output(outcome, store, output_dir, fmt)
                        if fail_on is not None and not flagged:
                            flagged = _flags(outcome, store, fail_on)
                    bar.update(task, advance=1, errors=tally.failed)
        except (SourcecheckError, BrokenExecutor) as exc:  # the run stops
            _fail(str(exc))
            raise typer.Exit(EXIT_FAILED) from exc
        store.finish_run(run_id, tally.counts())
    if not quiet:
        _report_skipped(stats)
        _print_summary(tally, run_id)
    if tally.inputs == tally.read_errors:
        if not tally.inputs:
            _fail(f"no article found in {', '.join(names)}")
        raise typer.Exit(EXIT_FAILED)
    if flagged:
        raise typer.Exit(EXIT_FINDING)
    if tally.failed:
        raise typer.Exit(EXIT_PARTIAL)


def _since(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        if len(value) > MAX_DATE_LENGTH:
            raise ValueError("too long")
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        _fail(f"--since {quoted(value)} is not a date; give it as YYYY-MM-DD, e.g. 2025-11-04")
        raise typer.Exit(EXIT_FAILED) from exc


def _is_postgres(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def _dask_auditor(settings: Settings, address: str, sink: Sink | None) -> Auditor:
    try:
        from sourcecheck.scale.dask import DaskAuditor
    except ImportError as exc:
        _fail(f"--dask needs the distributed package ({exc}); `pip install distributed`")
        raise typer.Exit(EXIT_FAILED) from exc
    try:
        return DaskAuditor(settings, address, sink=sink)
    except SourcecheckError as exc:
        _fail(str(exc))
        raise typer.Exit(EXIT_FAILED) from exc


def _print_failure(outcome: Outcome) -> None:
    failure = outcome.failure
    assert failure is not None
    if failure.expected:
        _fail(failure.message)
    else:
        from sourcecheck.cli import _crash

        _fail(_crash(outcome.input, RuntimeError(f"{failure.kind}: {failure.message}")))


def _write_output(
    outcome: Outcome, store: ReportStore, directory: Path | None, fmt: BatchFormat
) -> None:
    if directory is None or outcome.article_id is None:
        return
    report = outcome.report or store.report(outcome.article_id)
    name = report_file_name(outcome.input, outcome.article_id, fmt)
    try:
        _write_report(report, directory, name, fmt)
    except OSError as exc:
        raise SourcecheckError(
            f"--output-dir {directory}: cannot write {name} ({exc.strerror}); "
            "give a writable folder with free space"
        ) from exc


def _flags(outcome: Outcome, store: ReportStore, status: FailOn) -> bool:
    if outcome.report is not None:
        return any(f.status.value == status.value for f in outcome.report.findings)
    return outcome.article_id is not None and _has_finding(store, outcome.article_id, status)


def _print_summary(tally: Tally, run_id: str) -> None:
    data = tally.to_dict()
    table = Table(title=f"run {safe_text(run_id)}", show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("inputs", str(tally.inputs))
    table.add_row("articles stored", str(tally.added + tally.replaced))
    if tally.replaced:
        table.add_row("  of which replaced", str(tally.replaced))
    table.add_row("skipped (already stored)", str(tally.skipped))
    if tally.older:
        table.add_row("not audited (dated before --since)", str(tally.older))
    table.add_row("attributions", str(tally.attributions))
    for status, n in data["findings"].items():
        table.add_row(f"findings: {status}", str(n))
    table.add_row("errors", str(tally.failed))
    for kind, n in data["errors_by_kind"].items():
        table.add_row(f"  {safe_text(kind)}", str(n))
    table.add_row("wall time", f"{data['seconds']:.1f} s")
    table.add_row("articles/s", f"{data['articles_per_second']:.2f}")
    _err_console().print(table)
