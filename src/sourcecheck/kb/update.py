"""Refresh officeholders from Wikidata's SPARQL endpoint, on request (``sourcecheck kb update``).

This is the only network use of the knowledge base; audits never call it. The steps are
small functions so each can be tested on its own:

1. choose the positions (:func:`kb_positions`, :func:`read_position_file`,
   :func:`resolve_positions`) and split them by country into batches (:func:`plan_batches`);
2. ask for each batch's holders (:func:`build_query`, :class:`SparqlClient`, which retries
   429/5xx/timeouts with exponential backoff and obeys ``Retry-After``);
3. turn the JSON results into rows in the shared CSV columns (:func:`parse_results`);
4. append them per batch to ``updates/wikidata-<date>.csv.partial`` in the cache, with a
   state file naming the finished batches, and rename the file to ``.csv`` at the end
   (:func:`run_update`), so a kill leaves no half file a build would read and a rerun the
   same day resumes.

Settings (endpoint, batch size, retries, timeouts, user agent) are in ``kb/data/update.yml``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from sourcecheck.kb.build import TERM_COLUMNS, TermRow, Writer, cache_dir, import_file
from sourcecheck.kb.sparql import (
    ENTITY_PREFIX,
    QID_PATTERN,
    STATE_VERSION,
    Batch,
    ParsedBatch,
    PositionRef,
    SparqlClient,
    UpdateError,
    UpdateSettings,
    backoff_seconds,
    build_query,
    parse_results,
    printable,
    retry_after_seconds,
    wikidata_date,
)


def _qid_number(qid: str) -> int:
    return int(qid[1:])


def kb_positions(
    conn: sqlite3.Connection, role_kinds: Collection[str] | None
) -> tuple[PositionRef, ...]:
    """Positions of the knowledge base that have a Wikidata item.

    Args:
        conn: An open knowledge base.
        role_kinds: Only these role kinds; ``None`` for every position with a QID.
    """
    rows = conn.execute(
        "SELECT qid, label, jurisdiction, jurisdiction_key, role_kind FROM positions "
        "WHERE qid IS NOT NULL"
    ).fetchall()
    found: dict[str, PositionRef] = {}
    for qid, label, jurisdiction, jkey, role in rows:
        if not QID_PATTERN.match(str(qid)) or (role_kinds is not None and role not in role_kinds):
            continue
        # One item filed under two labels: the first (by key order) stands for it.
        found.setdefault(qid, PositionRef(qid, label, jurisdiction, jkey, role))
    return tuple(sorted(found.values(), key=lambda p: _qid_number(p.qid)))


def read_position_file(path: Path) -> tuple[str, ...]:
    """Position QIDs from a text file: one per line, ``#`` starts a comment.

    Raises:
        UpdateError: The file cannot be read, or a line is not a QID.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UpdateError(f"{path}: cannot read the positions file ({exc})") from exc
    qids: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        value = line.split("#", 1)[0].strip()
        if not value:
            continue
        given = value
        value = value.removeprefix(ENTITY_PREFIX).upper()
        if not QID_PATTERN.match(value):
            raise UpdateError(
                f"{path}:{number}: {printable(given[:40])!r} is not a Wikidata item; give one "
                "position QID (Q followed by digits, e.g. Q11696) per line, # for comments"
            )
        qids.append(value)
    if not qids:
        raise UpdateError(f"{path}: no position QIDs in the file; list one per line")
    return tuple(dict.fromkeys(qids))


def resolve_positions(
    conn: sqlite3.Connection | None, qids: Iterable[str]
) -> tuple[PositionRef, ...]:
    """The knowledge base's facts about the given positions; unknown ones keep only the QID."""
    known = {p.qid: p for p in kb_positions(conn, None)} if conn is not None else {}
    return tuple(known.get(q, PositionRef(q)) for q in dict.fromkeys(qids))


def plan_batches(positions: Iterable[PositionRef], size: int) -> tuple[Batch, ...]:
    """Group positions by jurisdiction, at most ``size`` per batch, in a stable order.

    The key of a batch depends only on its positions, so a rerun with the same positions
    recognises the batches it already finished.
    """
    if size < 1:
        raise UpdateError(f"batch size {size} is not allowed; give 1 or more positions per query")
    groups: dict[str, list[PositionRef]] = {}
    for position in positions:
        groups.setdefault(position.jurisdiction_key, []).append(position)
    batches: list[Batch] = []
    for jkey in sorted(groups):
        members = sorted(groups[jkey], key=lambda p: _qid_number(p.qid))
        for first in range(0, len(members), size):
            part = tuple(members[first : first + size])
            digest = hashlib.sha256(" ".join(p.qid for p in part).encode()).hexdigest()[:12]
            name = part[0].jurisdiction or "unknown jurisdiction"
            batches.append(Batch(f"{jkey or '-'}/{digest}", name, part))
    return tuple(batches)


# Files and resume ---------------------------------------------------------------------------


def updates_dir() -> Path:
    """``<cache>/updates``: CSV files the knowledge-base build imports after the shipped data."""
    return cache_dir() / "updates"


@dataclass(frozen=True, slots=True)
class UpdateFiles:
    """The files of one day's update.

    Attributes:
        csv: The finished CSV (what builds read).
        partial: The CSV while batches are still being added.
        state: JSON naming the finished batches and the partial file's good length.
    """

    csv: Path
    partial: Path
    state: Path

    @classmethod
    def of(cls, folder: Path, day: dt.date) -> UpdateFiles:
        """The files for updates retrieved on ``day``."""
        stem = f"wikidata-{day.isoformat()}"
        return cls(
            folder / f"{stem}.csv",
            folder / f"{stem}.csv.partial",
            folder / f"{stem}.state.json",
        )


@dataclass(frozen=True, slots=True)
class BatchResult:
    """What happened to one batch.

    Attributes:
        batch: The batch.
        rows: Rows written (0 when skipped or failed).
        malformed: Result rows skipped as malformed.
        before_since: Terms left out by ``--since``.
        skipped: Finished by an earlier run today.
        error: Why the batch failed, if it did.
    """

    batch: Batch
    rows: int = 0
    malformed: int = 0
    before_since: int = 0
    skipped: bool = False
    error: str | None = None


@dataclass(frozen=True, slots=True)
class UpdateSummary:
    """The outcome of :func:`run_update`.

    Attributes:
        files: The day's files.
        written: Whether the CSV file was (re)written by this run.
        results: One per batch, in order.
        new_rows: Rows fetched by this run (earlier runs' rows are already in the file).
    """

    files: UpdateFiles
    written: bool
    results: tuple[BatchResult, ...]
    new_rows: tuple[TermRow, ...] = field(repr=False, default=())

    @property
    def failed(self) -> tuple[BatchResult, ...]:
        """The batches that failed."""
        return tuple(r for r in self.results if r.error is not None)

    @property
    def malformed(self) -> int:
        """Malformed result rows, all batches."""
        return sum(r.malformed for r in self.results)


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _csv_text(rows: Iterable[TermRow], header: bool) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if header:
        writer.writerow(TERM_COLUMNS)
    for row in rows:
        writer.writerow([getattr(row, column) for column in TERM_COLUMNS])
    return out.getvalue()


@dataclass(slots=True)
class _State:
    batches: dict[str, int]
    length: int

    def save(self, path: Path) -> None:
        text = json.dumps(
            {"version": STATE_VERSION, "length": self.length, "batches": self.batches},
            indent=1,
            sort_keys=True,
        )
        _write_atomic(path, text)


def _open_state(files: UpdateFiles, restart: bool) -> _State:
    """The resume state, with the partial file cut back to its last finished batch."""
    if restart:
        for path in (files.state, files.partial, files.csv):
            path.unlink(missing_ok=True)
    state: _State | None = None
    if files.state.is_file():
        try:
            raw = json.loads(files.state.read_text(encoding="utf-8"))
            if raw.get("version") == STATE_VERSION:
                batches = {str(k): int(v) for k, v in raw["batches"].items()}
                state = _State(batches, int(raw["length"]))
        except (ValueError, KeyError, TypeError, AttributeError):
            state = None
    if state is not None and not files.partial.is_file() and files.csv.is_file():
        # The last run finished: carry on from its file.
        shutil.copyfile(files.csv, files.partial)
    if state is None or not files.partial.is_file() or files.partial.stat().st_size < state.length:
        # No usable state: start the day's file again rather than mix unknown rows in.
        state = _State({}, 0)
        _write_atomic(files.partial, _csv_text((), header=True))
        state.length = files.partial.stat().st_size
        state.save(files.state)
    else:
        # Rows of a batch cut short by a kill are past the recorded length.
        with files.partial.open("r+b") as handle:
            handle.truncate(state.length)
    return state


def run_update(
    batches: Iterable[Batch],
    client: SparqlClient,
    *,
    day: dt.date,
    folder: Path | None = None,
    since: dt.date | None = None,
    restart: bool = False,
    progress: Callable[[BatchResult], None] | None = None,
    sleep: Callable[[float], None] | None = None,
) -> UpdateSummary:
    """Fetch each batch not finished today and add its rows to the day's CSV.

    A batch that fails (after the client's retries) is recorded and the run goes on; a
    rerun the same day tries it again and skips the finished ones.

    Args:
        batches: From :func:`plan_batches`.
        client: Asks the endpoint.
        day: The retrieval date (names the file, fills ``as_of``).
        folder: Where the files go (default :func:`updates_dir`).
        since: Leave out terms that ended before this day.
        restart: Forget today's finished batches and file.
        progress: Called after each batch.
        sleep: Waits between batches (default: the client's).

    Raises:
        UpdateError: The files cannot be written.
    """
    folder = folder or updates_dir()
    files = UpdateFiles.of(folder, day)
    wait = sleep or client.sleep
    try:
        folder.mkdir(parents=True, exist_ok=True)
        state = _open_state(files, restart)
    except OSError as exc:
        raise UpdateError(f"cannot write the update files in {folder} ({exc})") from exc
    since_key = since.isoformat() if since else "-"
    results: list[BatchResult] = []
    new_rows: list[TermRow] = []
    asked = finished = 0
    for batch in batches:
        done_key = f"{batch.key}@{since_key}"
        if done_key in state.batches:
            result = BatchResult(batch, skipped=True)
        else:
            if asked and client.settings.pause > 0:
                wait(client.settings.pause)
            asked += 1
            try:
                data = client.select(build_query(batch.qids, since))
                parsed = parse_results(data, batch, day, since)
            except UpdateError as exc:
                result = BatchResult(batch, error=str(exc))
            else:
                try:
                    with files.partial.open("a", encoding="utf-8", newline="") as handle:
                        handle.write(_csv_text(parsed.rows, header=False))
                        handle.flush()
                        os.fsync(handle.fileno())
                    state.length = files.partial.stat().st_size
                    state.batches[done_key] = len(parsed.rows)
                    state.save(files.state)
                except OSError as exc:
                    raise UpdateError(f"cannot write {files.partial} ({exc})") from exc
                new_rows.extend(parsed.rows)
                finished += 1
                result = BatchResult(batch, len(parsed.rows), parsed.malformed, parsed.before_since)
        results.append(result)
        if progress is not None:
            progress(result)
    written = False
    if state.batches:
        had_csv = files.csv.is_file()
        # The rename is atomic: a build sees the previous file or the whole new one. With
        # nothing finished yet, the partial file and the state wait for a rerun.
        try:
            os.replace(files.partial, files.csv)
        except OSError as exc:
            raise UpdateError(f"cannot rename {files.partial} to {files.csv} ({exc})") from exc
        written = finished > 0 or not had_csv
    return UpdateSummary(files, written, tuple(results), tuple(new_rows))


def import_rows(conn: sqlite3.Connection, rows: Iterable[TermRow], name: str) -> int:
    """Import rows into an open knowledge base as a CSV file called ``name``.

    Only the rows of this run are imported (the day's file may hold rows an earlier run
    imported already); the file keeps the update's name so the import is labelled by it.
    """
    rows = tuple(rows)
    if not rows:
        return 0
    with tempfile.TemporaryDirectory(prefix="sourcecheck-update-") as tmp:
        path = Path(tmp) / name
        path.write_text(_csv_text(rows, header=True), encoding="utf-8")
        with conn:
            return import_file(Writer(conn), path)


def select_positions(
    conn: sqlite3.Connection | None,
    settings: UpdateSettings,
    *,
    positions_file: Path | None = None,
    all_known: bool = False,
) -> tuple[PositionRef, ...]:
    """The positions a run refreshes: from a file, every QID-bearing one, or the default kinds.

    Raises:
        UpdateError: Both a file and ``all_known`` were given, the file is bad, or no
            position was found.
    """
    if positions_file is not None and all_known:
        raise UpdateError("give --positions FILE or --all-known, not both")
    if positions_file is not None:
        return resolve_positions(conn, read_position_file(positions_file))
    if conn is None:
        raise UpdateError("no knowledge base to take positions from; give --positions FILE")
    found = kb_positions(conn, None if all_known else settings.role_kinds)
    if not found:
        raise UpdateError(
            "the knowledge base has no position with a Wikidata item"
            + ("" if all_known else f" of kinds {', '.join(settings.role_kinds)}")
            + "; give --positions FILE or --all-known"
        )
    return found


def with_endpoint(settings: UpdateSettings, endpoint: str | None) -> UpdateSettings:
    """The settings with another endpoint, checked to be an http(s) URL."""
    if endpoint is None:
        return settings
    if not re.match(r"^https?://[^\s/]+", endpoint):
        raise UpdateError(
            f"--endpoint {endpoint!r} is not an http(s) URL; give e.g. {settings.endpoint}"
        )
    return replace(settings, endpoint=endpoint)


__all__ = [
    "Batch",
    "BatchResult",
    "ParsedBatch",
    "PositionRef",
    "SparqlClient",
    "UpdateError",
    "UpdateFiles",
    "UpdateSettings",
    "UpdateSummary",
    "backoff_seconds",
    "build_query",
    "import_rows",
    "kb_positions",
    "parse_results",
    "plan_batches",
    "read_position_file",
    "resolve_positions",
    "retry_after_seconds",
    "run_update",
    "select_positions",
    "updates_dir",
    "wikidata_date",
    "with_endpoint",
]
