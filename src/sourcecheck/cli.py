"""Command-line interface (typer + rich): a thin layer over :func:`sourcecheck.audit`.

Only this module configures logging.
"""

from __future__ import annotations

import json
import logging
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress

from sourcecheck import __version__
from sourcecheck.audit import audit_article, parse_date, with_date
from sourcecheck.cli_options import (
    ChecksOption,
    DatesFromOption,
    DelayOption,
    KbOption,
    MaxBytesOption,
    ModelOption,
    VerboseOption,
)
from sourcecheck.errors import SourcecheckError
from sourcecheck.ingest import ReadError, ReadOptions, ReadStats, expand_inputs, read_inputs
from sourcecheck.ingest.readers import is_single
from sourcecheck.records import Report
from sourcecheck.settings import DEFAULT_MAX_BYTES, Settings
from sourcecheck.terminal import safe_text
from sourcecheck.web.fetch import FetchSettings

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    help="Who is said to have said what, through which channel, and could that be true?",
)
eval_app = typer.Typer(no_args_is_help=True, help="Measure the extractor on annotated corpora.")
app.add_typer(eval_app, name="eval")

err_console = Console(stderr=True)

#: Exit codes: 0 all inputs audited, 1 some inputs failed, 2 nothing could be audited / usage.
EXIT_PARTIAL = 1
EXIT_FAILED = 2


class OutputFormat(StrEnum):
    """Report formats of ``sourcecheck check``."""

    TEXT = "text"
    JSON = "json"
    JSONL = "jsonl"
    MD = "md"
    HTML = "html"
    CLAIMREVIEW = "claimreview"


#: Libraries whose own warnings ("trafilatura.core: discarding data: None") are noise to a
#: user: shown only under -v; our own error says what went wrong.
_QUIET_LIBRARIES = (
    "trafilatura",
    "htmldate",
    "courlan",
    "justext",
    "readability",
    "charset_normalizer",
)


def _configure_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    for name in _QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.DEBUG if verbose else logging.ERROR)


def _fail(message: str) -> None:
    err_console.print(
        f"[bold red]sourcecheck: error:[/] {safe_text(message)}", highlight=False, soft_wrap=True
    )


def _render(
    report: Report, fmt: OutputFormat, console: Console, show_all: bool = False
) -> str | None:
    """The report in ``fmt`` as a string, or ``None`` when it was printed (text).

    ``show_all`` lists belief and other attributions in the text, Markdown and HTML
    reports; JSON and ClaimReview always carry every attribution.
    """
    if fmt is OutputFormat.TEXT:
        from sourcecheck.report.text import print_report

        print_report(report, console, show_all=show_all)
        return None
    if fmt is OutputFormat.JSON:
        from sourcecheck.report.json import to_json

        return to_json(report)
    if fmt is OutputFormat.JSONL:
        from sourcecheck.report.json import to_json

        return to_json(report, indent=None)
    if fmt is OutputFormat.MD:
        from sourcecheck.report.markdown import to_markdown

        return to_markdown(report, show_all=show_all)
    if fmt is OutputFormat.HTML:
        from sourcecheck.report.html import render_html

        return render_html(report, show_all=show_all)
    from sourcecheck.report.claimreview import to_claimreview_json

    return to_claimreview_json(report)


def _error_record(name: str, exc: Exception) -> str:
    """A JSONL line that records an input that could not be audited."""
    from sourcecheck.report.json import SCHEMA_VERSION

    return json.dumps(
        {
            "schema_version": SCHEMA_VERSION,
            "input": name,
            "error": {"type": type(exc).__name__, "message": str(exc)},
        },
        ensure_ascii=False,
    )


@app.command()
def check(
    articles: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files (.txt, .html, .htm), directories, - for stdin, and collections: "
            ".jsonl, .warc/.warc.gz, RSS/Atom feeds (.rss, .atom, .xml or a feed URL), .csv "
            "manifests (path,date[,outlet,url]), @urls.txt (one URL per line), page URLs.",
            show_default=False,
        ),
    ] = None,
    url_lists: Annotated[
        list[Path] | None,
        typer.Option(
            "--input-list",
            "-i",
            help="A text file of URLs, one per line (# comments); the same as @FILE.",
            show_default=False,
        ),
    ] = None,
    dates_from: DatesFromOption = None,
    delay: DelayOption = 1.0,
    allow_networks: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-network",
            help="Let URLs in this non-public network (CIDR, e.g. 10.0.0.0/8) be fetched.",
            show_default=False,
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", help="The article's date, YYYY-MM-DD (overrides the input's)."),
    ] = None,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Report format.")
    ] = OutputFormat.TEXT,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write the report here instead of stdout.")
    ] = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    checks: ChecksOption = True,
    model: ModelOption = None,
    kb: KbOption = None,
    quote_store: Annotated[
        str | None,
        typer.Option(
            "--store",
            help="Trace each quote to its first appearance (quote_origin) in this store's "
            "quote index: a file path, sqlite:///PATH or postgresql://USER@HOST/DB. "
            "Without it that check is skipped, and the report says so.",
            show_default=False,
        ),
    ] = None,
    show_all: Annotated[
        bool,
        typer.Option(
            "--all",
            help="List belief and other attributions too (by default: speech and document).",
        ),
    ] = False,
    verbose: VerboseOption = False,
) -> None:
    """Audit one or more articles and print the report.

    Reports list speech and document attributions; --all lists the rest (belief: view,
    think, fear…; other: seek, plan, embrace…). Checks run on every attribution and their
    findings are always listed; JSON carries every attribution with its category.
    """
    _configure_logging(verbose)
    settings = Settings(
        model=model,
        max_bytes=max_bytes,
        run_checks=checks,
        kb_path=str(kb) if kb else None,
        quote_store=quote_store,
    )
    if quote_store and checks:
        from sourcecheck.checks import open_corpus

        try:
            open_corpus(quote_store)  # a bad store fails once here, not once per input
        except SourcecheckError as exc:
            _fail(str(exc))
            raise typer.Exit(EXIT_FAILED) from exc
    try:
        the_date = parse_date(date) if date else None
    except SourcecheckError as exc:
        _fail(str(exc))
        raise typer.Exit(EXIT_FAILED) from exc
    inputs = expand_inputs(articles or []) + [f"@{name}" for name in url_lists or []]
    if not inputs:
        _fail("no input given; name article files, directories, - for stdin, or -i URLS.txt")
        raise typer.Exit(EXIT_FAILED)
    options = ReadOptions(
        max_bytes=max_bytes,
        fetch=FetchSettings(allow_networks=tuple(allow_networks or ())),
        delay=delay,
        dates_from=dates_from.value if dates_from is not None else None,
    )
    stats = ReadStats()
    collection = len(inputs) > 1 or not all(is_single(name) for name in inputs)

    sink = out.open("w", encoding="utf-8") if out else None
    console = Console(file=sink) if sink else Console()
    stream = sink or sys.stdout
    failed = written = total = 0
    as_list = fmt is OutputFormat.JSON and collection
    show_progress = collection and err_console.is_terminal
    try:
        with Progress(console=err_console, transient=True, disable=not show_progress) as progress:
            task = progress.add_task("auditing", total=None if collection else len(inputs))
            # Inputs are read lazily, one article at a time (a JSONL or WARC file is
            # never held whole); an item that cannot be read is recorded like a failure.
            for item in read_inputs(inputs, options, stats=stats):
                total += 1
                name = item.item if isinstance(item, ReadError) else (item.path or "<input>")
                progress.update(task, description=f"auditing {safe_text(name)}")
                # Each input's report is written as soon as it is done; one bad input
                # (whatever went wrong with it) is recorded and the run goes on.
                try:
                    if isinstance(item, ReadError):
                        raise item.error
                    article = with_date(item, the_date)
                    report = audit_article(article, settings)
                    rendered = _render(report, fmt, console, show_all)
                except Exception as exc:  # recorded as that input's error
                    failed += 1
                    if not isinstance(exc, SourcecheckError):
                        logging.getLogger(__name__).debug("%s failed", name, exc_info=exc)
                    _fail(str(exc) if isinstance(exc, SourcecheckError) else _crash(name, exc))
                    if fmt is OutputFormat.JSONL:
                        stream.write(_error_record(name, exc) + "\n")
                        stream.flush()
                    progress.advance(task)
                    continue
                if rendered is not None:
                    if as_list:
                        rendered = ("[\n" if written == 0 else ",\n") + rendered
                    stream.write(rendered + ("" if as_list else "\n"))
                    stream.flush()
                    written += 1
                progress.advance(task)
        if as_list:
            stream.write("\n]\n" if written else "[]\n")
    finally:
        if sink:
            sink.close()
    _report_skipped(stats)
    if not total:
        _fail(f"no article found in {', '.join(inputs)}")
        raise typer.Exit(EXIT_FAILED)
    if failed:
        raise typer.Exit(EXIT_FAILED if failed == total == 1 and not collection else EXIT_PARTIAL)


def _report_skipped(stats: ReadStats) -> None:
    """One stderr line counting what readers skipped on purpose (WARC records...)."""
    if not stats.skipped:
        return
    counts = ", ".join(f"{count} {reason}" for reason, count in sorted(stats.skipped.items()))
    err_console.print(f"sourcecheck: skipped {safe_text(counts)}", highlight=False, soft_wrap=True)


def _crash(name: str, exc: Exception) -> str:
    """What is said of an unexpected failure on one input (details under -v)."""
    return (
        f"{name}: could not be audited ({type(exc).__name__}: {str(exc)[:200]}); this is a "
        "bug in sourcecheck — run again with -v for the details and report them"
    )


@eval_app.command("polnear")
def eval_polnear(
    split_dir: Annotated[Path, typer.Argument(help="A PolNeAR split: text/ and attributions/.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    model: Annotated[str | None, typer.Option("--model", help="spaCy pipeline to use.")] = None,
) -> None:
    """Score the extractor on a PolNeAR split (P/R/F1, exact and overlap)."""
    from sourcecheck.evaluation.polnear import evaluate, scores_table

    try:
        with Progress(console=err_console, transient=True) as progress:
            task = progress.add_task("scoring", total=None)

            def _advance(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            scores = evaluate(split_dir, model=model, progress=_advance)
    except SourcecheckError as exc:
        _fail(str(exc))
        raise typer.Exit(EXIT_FAILED) from exc
    if as_json:
        sys.stdout.write(json.dumps(scores.to_dict(), indent=2) + "\n")
    else:
        Console().print(scores_table(scores))


def _mount_subcommands() -> None:
    from sourcecheck.kb.cli import kb_app
    from sourcecheck.web.cli import serve

    app.add_typer(kb_app, name="kb", help="Query and extend the knowledge base of dated offices.")
    app.command("serve", help="Start the web app and HTTP API.")(serve)
    # Imported last: batch_cli uses this module's helpers (_render, safe_text...).
    from sourcecheck.batch_cli import batch
    from sourcecheck.store_cli import store_app

    app.command("batch")(batch)
    app.add_typer(store_app, name="store")
    from sourcecheck.corpus_cli import corpus_app

    app.add_typer(corpus_app, name="corpus")


_mount_subcommands()


@app.command()
def version() -> None:
    """Print the version."""
    sys.stdout.write(f"sourcecheck {__version__}\n")


def main() -> None:
    """Console-script entry point."""
    app()
