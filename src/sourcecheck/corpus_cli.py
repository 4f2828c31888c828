"""``sourcecheck corpus import-quotebank|stats``: the quote index ``quote_origin`` searches.

Mounted on the main app by :mod:`sourcecheck.cli`. The index lives in the store
(``--store``): stored articles add their quotes as ``sourcecheck batch`` writes them;
this imports reference corpora beside them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TransferSpeedColumn,
)
from rich.table import Table

# The CLI's error printing and store opening are batch's (one definition for both).
from sourcecheck.batch_cli import EXIT_FAILED, _err_console, _fail, _open
from sourcecheck.cli_options import DEFAULT_STORE_URL, StoreOption
from sourcecheck.errors import SourcecheckError
from sourcecheck.store.quotebank import DEFAULT_BATCH_SIZE, ImportCounts, import_quotebank
from sourcecheck.terminal import safe_text

corpus_app = typer.Typer(
    no_args_is_help=True, help="Import reference quotes (Quotebank) into the store's quote index."
)


@corpus_app.command("import-quotebank")
def import_quotebank_command(
    file: Annotated[
        Path,
        typer.Argument(help="A Quotebank file: .json, .json.bz2 or .json.gz, one quote a line."),
    ],
    store_url: StoreOption = DEFAULT_STORE_URL,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Quotes written per transaction.")
    ] = DEFAULT_BATCH_SIZE,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Name every malformed line and what is wrong.")
    ] = False,
) -> None:
    """Stream a Quotebank file into the quote index (a re-import adds nothing).

    Malformed lines are counted (and named with -v), never fatal. Speakers Quotebank
    calls "None" are kept as no speaker; its speaker probabilities are kept.
    """
    err = _err_console()
    size = file.stat().st_size if file.is_file() else None

    def malformed(number: int, why: str) -> None:
        if verbose:
            err.print(f"line {number}: malformed: {safe_text(why)}", highlight=False, markup=False)

    with _open(store_url) as store:
        show = err.is_terminal
        columns = (
            TextColumn("importing"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TextColumn("{task.fields[imported]:,} quotes"),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=err, transient=True, disable=not show) as bar:
            task = bar.add_task("import", total=size, imported=0)

            def progress(done: int, counts: ImportCounts) -> None:
                bar.update(task, completed=done, imported=counts.imported)

            try:
                counts = import_quotebank(
                    store.backend,
                    file,
                    batch_size=batch_size,
                    on_malformed=malformed,
                    on_progress=progress,
                )
            except SourcecheckError as exc:
                _fail(str(exc))
                raise typer.Exit(EXIT_FAILED) from exc
    err.print(
        f"{counts.imported:,} quotes imported, {counts.duplicates:,} already indexed, "
        f"{counts.malformed:,} malformed lines (of {counts.lines:,})"
        + ("" if verbose or not counts.malformed else "; -v names them"),
        highlight=False,
    )


@corpus_app.command("stats")
def corpus_stats(
    store_url: StoreOption = DEFAULT_STORE_URL,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Print how many quotes the index holds, per corpus, and over which dates."""
    with _open(store_url) as store:
        corpus = store.quote_corpus()
        info, corpora = corpus.info(), corpus.corpora()
    data = {
        "quotes": info.quotes,
        "articles": info.articles,
        "first_date": info.first_date.isoformat() if info.first_date else None,
        "last_date": info.last_date.isoformat() if info.last_date else None,
        "corpora": corpora,
    }
    if as_json:
        sys.stdout.write(json.dumps(data) + "\n")
        return
    table = Table(show_header=False)
    table.add_column("what")
    table.add_column("value", justify="right")
    table.add_row("quotes", f"{info.quotes:,}")
    for name, n in corpora.items():
        table.add_row(f"  {safe_text(name)}", f"{n:,}")
    table.add_row("stored articles", f"{info.articles:,}")
    table.add_row("dates", f"{data['first_date'] or '-'} to {data['last_date'] or '-'}")
    Console().print(table)
