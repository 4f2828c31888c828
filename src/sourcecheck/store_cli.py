"""``sourcecheck store query|stats``: findings and counts from the store batch runs write.

Mounted on the main app by :mod:`sourcecheck.cli`.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from sourcecheck.batch_cli import EXIT_FAILED, _fail, _open
from sourcecheck.cli_options import DEFAULT_STORE_URL, StoreOption
from sourcecheck.errors import SourcecheckError
from sourcecheck.records import Status
from sourcecheck.terminal import safe_text

store_app = typer.Typer(no_args_is_help=True, help="Query the store batch runs write to.")


class QueryFormat(StrEnum):
    """Output formats of ``store query``."""

    TABLE = "table"
    CSV = "csv"
    JSONL = "jsonl"


# store query / stats


_QUERY_COLUMNS = ("date", "outlet", "speaker", "check", "status", "explanation", "article_id")


def _row_data(row: Any) -> dict[str, Any]:
    data = dataclasses.asdict(row)
    data["date"] = row.date.isoformat() if row.date else None
    data["status"] = row.status.value
    data["span"] = dataclasses.asdict(row.span) if row.span else None
    for key in ("source_kind", "kind"):
        data[key] = data[key].value if data[key] is not None else None
    return data


@store_app.command("query")
def store_query(
    store_url: StoreOption = DEFAULT_STORE_URL,
    status: Annotated[
        Status | None, typer.Option("--status", help="Only findings of this status.")
    ] = None,
    check: Annotated[
        str | None, typer.Option("--check", help="Only findings of this check (title_at_date…).")
    ] = None,
    speaker: Annotated[
        str | None, typer.Option("--speaker", help="Only this speaker (any case).")
    ] = None,
    outlet: Annotated[
        str | None, typer.Option("--outlet", help="Only this outlet (any case).")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only articles dated on or after YYYY-MM-DD.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Only articles dated on or before YYYY-MM-DD.")
    ] = None,
    fmt: Annotated[QueryFormat, typer.Option("--format", "-f", help="Output format.")] = (
        QueryFormat.TABLE
    ),
    limit: Annotated[
        int | None, typer.Option("--limit", min=0, help="At most this many findings.")
    ] = None,
) -> None:
    """Print stored findings with their article and speaker, newest articles first."""
    with _open(store_url) as store:
        try:
            rows = [
                _row_data(row)
                for row in store.query(
                    status=status,
                    check=check,
                    speaker=speaker,
                    outlet=outlet,
                    since=since,
                    until=until,
                    limit=limit,
                )
            ]
        except SourcecheckError as exc:
            _fail(f"{exc}" if since is None and until is None else f"--since/--until: {exc}")
            raise typer.Exit(EXIT_FAILED) from exc
    if fmt is QueryFormat.JSONL:
        for data in rows:
            sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    elif fmt is QueryFormat.CSV:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(_QUERY_COLUMNS), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    else:
        table = Table(title=f"{len(rows)} findings")
        for column in _QUERY_COLUMNS:
            table.add_column(column, overflow="fold")
        for data in rows:
            table.add_row(
                *(
                    safe_text(str(data[c])[:12] if c == "article_id" else str(data[c] or ""))
                    for c in _QUERY_COLUMNS
                )
            )
        Console().print(table)


@store_app.command("stats")
def store_stats(
    store_url: StoreOption = DEFAULT_STORE_URL,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Print how many articles, attributions, findings, errors and runs are stored."""
    with _open(store_url) as store:
        stats = store.stats()
    if as_json:
        sys.stdout.write(json.dumps(stats) + "\n")
        return
    table = Table(show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    for key in ("articles", "attributions"):
        table.add_row(key, str(stats[key]))
    for status, n in stats["findings"].items():
        table.add_row(f"findings: {safe_text(status)}", str(n))
    for key in ("errors", "runs"):
        table.add_row(key, str(stats[key]))
    Console().print(table)
