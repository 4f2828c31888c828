"""``sourcecheck kb``: build, extend and query the knowledge base from the terminal.

Commands that add facts write to ``--db`` or, without it, to the user's knowledge base
(``kb-user.sqlite`` in ``$SOURCECHECK_CACHE``, default ``~/.cache/sourcecheck``), which is
created from the shipped data on first use and then preferred over the shipped one.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from sourcecheck.errors import KnowledgeBaseError, SourcecheckError
from sourcecheck.kb.build import (
    TermRow,
    Writer,
    build,
    default_kb_path,
    import_file,
    user_kb_path,
)
from sourcecheck.kb.dates import Overlap, PartialDate, Window
from sourcecheck.kb.store import KnowledgeBase
from sourcecheck.kb.types import Term
from sourcecheck.terminal import UNSAFE_CHARS, safe_text

if TYPE_CHECKING:
    from sourcecheck.kb.update import BatchResult

kb_app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    help="Knowledge base of dated offices: import facts, ask who held what when.",
)
console = Console()
errors = Console(stderr=True)

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Knowledge base file (default: your own in the cache)."),
]


def _fail(exc: Exception) -> typer.Exit:
    errors.print(f"[red]error:[/red] {safe_text(exc)}")
    return typer.Exit(2)


def _writable(db: Path | None) -> tuple[Path, sqlite3.Connection]:
    path = db or user_kb_path()
    if not path.is_file():
        console.print(f"Creating {path} from the shipped data…")
        build(path)
    return path, sqlite3.connect(path)


def _terms_table(title: str, terms: tuple[Term, ...], on: Window | None = None) -> Table:
    table = Table(title=title, show_lines=False)
    for column in ("person", "office", "jurisdiction", "start", "end", "as of", "source"):
        table.add_column(column, overflow="fold")
    if on is not None:
        table.add_column("on date")
    for term in terms:
        if term.end_record is not None:
            end = f"{term.bounding_end} (per a record as of {term.end_record.as_of or '?'})"
        elif term.end is not None:
            end = str(term.end)
        elif term.successor_start is not None:
            end = f"by {term.successor_start}"
        else:
            end = "[dim]open[/dim]"
        row = [
            term.person,
            term.position.label,
            term.position.jurisdiction,
            str(term.start or "?"),
            end,
            str(term.as_of or "?"),
            term.source[:60],
        ]
        if on is not None:
            verdict = term.held_during(on)
            row.append(
                {
                    Overlap.YES: "[green]in office[/green]",
                    Overlap.MAYBE: "[yellow]cannot tell[/yellow]",
                    Overlap.NO: "[red]no[/red]",
                }[verdict]
            )
        table.add_row(*row)
    return table


@kb_app.command("who")
def who(
    name: Annotated[str, typer.Argument(help="A person's name (accents optional).")],
    db: DbOption = None,
) -> None:
    """Every office the knowledge base knows a person held."""
    try:
        terms = KnowledgeBase(db).who(name)
    except KnowledgeBaseError as exc:
        raise _fail(exc) from exc
    if not terms:
        console.print(f"The knowledge base knows no office of {name!r}.")
        raise typer.Exit(1)
    console.print(_terms_table(f"Offices of {name}", terms))


@kb_app.command("holders")
def holders(
    position: Annotated[str, typer.Argument(help="An office, e.g. 'Foreign Minister of Mexico'.")],
    on: Annotated[str, typer.Option("--on", help="Date: YYYY, YYYY-MM or YYYY-MM-DD.")],
    jurisdiction: Annotated[
        str | None, typer.Option("--jurisdiction", "-j", help="Country or organisation.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Who held an office on a date (or possibly did, when the record cannot tell)."""
    try:
        when = Window.around(PartialDate.parse(on))
        kb = KnowledgeBase(db)
        positions = kb.find_position(position, jurisdiction)
        if not positions:
            console.print(f"No office called {position!r} in the knowledge base.")
            raise typer.Exit(1)
        found = tuple(t for p in positions for t in kb.holders(p, when))
    except KnowledgeBaseError as exc:
        raise _fail(exc) from exc
    labels = ", ".join(p.label for p in positions[:3])
    if not found:
        console.print(f"The knowledge base lists no holder of {labels} on {on}.")
        raise typer.Exit(1)
    console.print(_terms_table(f"{labels} on {on}", found, when))


@kb_app.command("import-csv")
def import_csv(
    file: Annotated[Path, typer.Argument(help="CSV with the shared columns (or events).")],
    db: DbOption = None,
) -> None:
    """Import terms (person_qid,person_label,…,source,as_of) or events from a CSV file."""
    _import(file, db)


@kb_app.command("import-yaml")
def import_yaml(
    file: Annotated[Path, typer.Argument(help="A newsroom's own facts (terms, events, aliases).")],
    db: DbOption = None,
) -> None:
    """Import a newsroom's own facts; they override imported rows for the same term."""
    _import(file, db)


def _import(file: Path, db: Path | None) -> None:
    try:
        path, conn = _writable(db)
        with conn:
            count = import_file(Writer(conn), file)
        conn.close()
    except KnowledgeBaseError as exc:
        raise _fail(exc) from exc
    console.print(f"Imported {count} rows from {file} into {path}.")


@kb_app.command("add")
def add(
    person: Annotated[str, typer.Option(help="The person's name.")],
    position: Annotated[str, typer.Option(help="The office, e.g. 'President of Peru'.")],
    jurisdiction: Annotated[str, typer.Option(help="Country or organisation.")],
    start: Annotated[str, typer.Option(help="YYYY, YYYY-MM or YYYY-MM-DD.")],
    source: Annotated[str, typer.Option(help="Where the fact is documented (URL…).")],
    end: Annotated[str, typer.Option(help="End date; leave out while in office.")] = "",
    role_kind: Annotated[
        str,
        typer.Option(
            help="head_of_state, head_of_government, foreign_minister, minister, org_head, other."
        ),
    ] = "other",
    as_of: Annotated[str, typer.Option(help="Date the fact was checked (default: today).")] = "",
    db: DbOption = None,
) -> None:
    """Add one term of office (a newsroom fact: it overrides imported rows)."""
    row = TermRow(
        person_label=person,
        position_label=position,
        jurisdiction=jurisdiction,
        role_kind=role_kind,
        start=start,
        end=end,
        source=source,
        as_of=as_of or dt.date.today().isoformat(),
    )
    try:
        path, conn = _writable(db)
        with conn:
            writer = Writer(conn)
            writer.term(row, "newsroom", "sourcecheck kb add")
            writer.finish()
        conn.close()
    except KnowledgeBaseError as exc:
        raise _fail(exc) from exc
    console.print(f"Added {person}, {position} ({start} to {end or 'open'}) to {path}.")


@kb_app.command("import-wikidata")
def import_wikidata(
    dump: Annotated[Path, typer.Argument(help="Wikidata JSON dump (.json, .json.gz, .json.bz2).")],
    workers: Annotated[
        int | None, typer.Option("--workers", "-w", help="Worker processes (default: all cores).")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="The dump's date (default: the file's date).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Import every person with 'position held' (P39) statements from a Wikidata dump."""
    from sourcecheck.kb.wikidata import import_dump

    try:
        dump_date = dt.date.fromisoformat(as_of) if as_of else None
    except ValueError as exc:
        raise _fail(KnowledgeBaseError(f"--as-of {as_of!r} is not YYYY-MM-DD")) from exc
    tasks: dict[str, TaskID] = {}
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeRemainingColumn(),
        console=console,
    ) as progress:

        def report(name: str, done: int, total: int) -> None:
            if name not in tasks:
                tasks[name] = progress.add_task(f"pass: {name}", total=total)
            progress.update(tasks[name], completed=done)

        try:
            path, conn = _writable(db)
            stats = import_dump(dump, conn, workers=workers, as_of=dump_date, progress=report)
            conn.close()
        except KnowledgeBaseError as exc:
            raise _fail(exc) from exc
    console.print(
        f"Imported {stats.terms} terms of {stats.persons} people in {stats.positions} offices "
        f"into {path} ({stats.entities} entities, {stats.passes} passes, "
        f"{stats.entities_per_second_per_core:,.0f} entities/s per core)."
    )
    if stats.malformed:
        errors.print(f"[yellow]{stats.malformed} malformed lines skipped.[/yellow]")
    if stats.unresolved_jurisdictions:
        errors.print(
            f"[yellow]{stats.unresolved_jurisdictions} offices have no jurisdiction.[/yellow]"
        )


@kb_app.command("build")
def build_command(
    out: Annotated[Path, typer.Argument(help="Where to write the SQLite file.")],
    extra: Annotated[
        list[Path] | None, typer.Option("--extra", help="More CSV/YAML files to import.")
    ] = None,
) -> None:
    """Build a knowledge base from the shipped data (plus extra files) at a path."""
    try:
        path = build(out, extra=extra or ())
    except KnowledgeBaseError as exc:
        raise _fail(exc) from exc
    console.print(f"Built {path}: {KnowledgeBase(path).stats()}")


@kb_app.command("update")
def update(
    positions: Annotated[
        Path | None,
        typer.Option(
            "--positions", help="Text file of position QIDs, one per line (# for comments)."
        ),
    ] = None,
    all_known: Annotated[
        bool,
        typer.Option(
            "--all-known", help="Every office of the knowledge base with a Wikidata item."
        ),
    ] = False,
    endpoint: Annotated[
        str | None,
        typer.Option("--endpoint", help="SPARQL endpoint (default in kb/data/update.yml)."),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", help="Only terms that end on/after this day (YYYY-MM-DD) or are open."
        ),
    ] = None,
    restart: Annotated[
        bool, typer.Option("--restart", help="Forget today's finished batches and start over.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Refresh officeholders from Wikidata's query service (the only network use of the KB).

    By default the heads of state and government, foreign ministers and heads of
    organisations of the knowledge base are asked for, a country per batch. Rows go to
    updates/wikidata-<date>.csv in the cache, which later builds import; a rerun the same
    day skips finished batches. The new rows are imported into --db or your own knowledge
    base when there is one.
    """
    from sourcecheck.kb.update import (
        SparqlClient,
        UpdateSettings,
        import_rows,
        plan_batches,
        run_update,
        select_positions,
        with_endpoint,
    )

    try:
        settings = with_endpoint(UpdateSettings.load(), endpoint)
        since_day = _day(since, "--since")
        source = db or (user_kb_path() if user_kb_path().is_file() else None)
        if source is not None and not source.is_file():
            source, conn = _writable(source)
            conn.close()
        path = source or default_kb_path()
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            chosen = select_positions(conn, settings, positions_file=positions, all_known=all_known)
        batches = plan_batches(chosen, settings.batch_size)
    except (KnowledgeBaseError, SourcecheckError) as exc:
        raise _fail(exc) from exc
    console.print(
        f"Asking {safe_text(settings.endpoint)} for the holders of {len(chosen)} offices "
        f"in {len(batches)} batches…"
    )
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} batches"),
        TimeRemainingColumn(),
        console=console,
    ) as progress:
        task = progress.add_task("batches", total=len(batches))

        def report(result: BatchResult) -> None:
            # The description is markup: the jurisdiction name comes from outside.
            progress.update(task, advance=1, description=safe_text(result.batch.jurisdiction[:30]))

        try:
            with SparqlClient(settings) as client:
                summary = run_update(
                    batches,
                    client,
                    day=dt.date.today(),
                    since=since_day,
                    restart=restart,
                    progress=report,
                )
        except KnowledgeBaseError as exc:
            raise _fail(exc) from exc
    console.print(_batches_table(summary.results))
    fetched = len(summary.new_rows)
    skipped = sum(1 for r in summary.results if r.skipped)
    console.print(
        f"Fetched {fetched} rows in {len(summary.results) - skipped} batches"
        + (f" ({skipped} finished earlier today, skipped)" if skipped else "")
        + f"; {summary.malformed} malformed rows skipped."
    )
    if summary.written:
        console.print(f"Wrote {safe_text(summary.files.csv)} (later builds import it).")
    elif not summary.files.csv.is_file():
        console.print("No file written: no batch finished.")
    target = db or (user_kb_path() if user_kb_path().is_file() else None)
    if target is not None and summary.new_rows:
        try:
            conn = sqlite3.connect(target)
            try:
                count = import_rows(conn, summary.new_rows, summary.files.csv.name)
            finally:
                conn.close()
        except KnowledgeBaseError as exc:
            raise _fail(exc) from exc
        console.print(f"Imported {count} rows into {safe_text(target)}.")
    elif target is None:
        console.print("You have no knowledge base of your own; the next build reads the file.")
    for result in summary.failed:
        errors.print(
            f"[red]batch {safe_text(result.batch.jurisdiction)} failed:[/red] "
            f"{safe_text(result.error)}"
        )
    if summary.failed:
        errors.print(
            f"[yellow]{len(summary.failed)} batches failed; rerun today to retry only them."
            "[/yellow]"
        )
        raise typer.Exit(1)


def _day(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as exc:
        raise KnowledgeBaseError(f"{option} {text!r} is not a day; write YYYY-MM-DD") from exc


def _batches_table(results: tuple[BatchResult, ...]) -> Table:
    table = Table(title="Batches", show_lines=False)
    for column in ("jurisdiction", "offices", "rows", "malformed", "outcome"):
        table.add_column(column, overflow="fold")
    for result in results:
        if result.error is not None:
            outcome = Text("failed", style="red")
        elif result.skipped:
            outcome = Text("done earlier", style="dim")
        else:
            outcome = Text("ok", style="green")
        table.add_row(
            Text(UNSAFE_CHARS.sub("", result.batch.jurisdiction)),
            str(len(result.batch.positions)),
            str(result.rows),
            str(result.malformed),
            outcome,
        )
    return table


def _date_text(day: dt.date | None) -> Text:
    return Text(day.isoformat()) if day is not None else Text("unknown", style="dim")


@kb_app.command("status")
def status(
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON for scripts.")] = False,
) -> None:
    """Rows and newest as-of date per source, and the last date known per office class."""
    from sourcecheck.kb.status import office_class_status, source_status, status_json

    try:
        kb = KnowledgeBase(db)
        path = kb.path
        kb.close()
        sources = source_status(path)
        classes = office_class_status(path)
    except KnowledgeBaseError as exc:
        raise _fail(exc) from exc
    if as_json:
        # Plain echo: rich would colour or wrap the JSON.
        typer.echo(json.dumps(status_json(sources, classes, path), ensure_ascii=False, indent=2))
        return
    table = Table(title=Text(f"Sources in {UNSAFE_CHARS.sub('', str(path))}"))
    for column in ("source", "rows", "newest as of"):
        table.add_column(column, overflow="fold")
    for source in sources:
        table.add_row(
            Text(UNSAFE_CHARS.sub("", source.dataset)),
            f"{source.rows:,}",
            _date_text(source.newest_as_of),
        )
    console.print(table)
    offices = Table(title="Office classes")
    for column in ("office class", "rows", "offices", "known until"):
        offices.add_column(column)
    for item in classes:
        offices.add_row(
            item.role_kind, f"{item.rows:,}", f"{item.positions:,}", _date_text(item.known_until)
        )
    console.print(offices)
