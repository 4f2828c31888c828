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
import email.utils
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import httpx

from sourcecheck.datafiles import load_mapping
from sourcecheck.errors import ConfigError, KnowledgeBaseError
from sourcecheck.kb.build import TERM_COLUMNS, TermRow, Writer, cache_dir, import_file
from sourcecheck.kb.dates import PartialDate

_QID = re.compile(r"^Q[1-9]\d*$")
_ENTITY = "http://www.wikidata.org/entity/"
_STATEMENT = "http://www.wikidata.org/entity/statement/"
_TIME = re.compile(r"^([+-]?)(\d{1,16})-(\d\d)-(\d\d)T")
# C0/C1 control characters (tabs and newlines included): labels are one line of text.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")

#: Bumped when the rows derived from the same answers change, so old state is not reused.
STATE_VERSION = 1


class UpdateError(KnowledgeBaseError):
    """A knowledge-base update could not fetch, read or write what it needed."""


# Settings -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UpdateSettings:
    """How the endpoint is asked (``kb/data/update.yml``).

    Attributes:
        endpoint: The SPARQL endpoint URL.
        batch_size: Most positions in one query.
        tries: Requests per batch, the first included.
        backoff: Seconds before the first retry; doubled each time.
        max_backoff: Longest backoff between two tries.
        max_retry_after: Longest ``Retry-After`` obeyed; longer fails the batch.
        timeout: Seconds to wait for an answer.
        pause: Seconds between two batches.
        user_agent: The User-Agent sent (the HTTP library's name is appended).
        role_kinds: Role kinds refreshed by default.
    """

    endpoint: str = "https://query.wikidata.org/sparql"
    batch_size: int = 25
    tries: int = 4
    backoff: float = 2.0
    max_backoff: float = 60.0
    max_retry_after: float = 300.0
    timeout: float = 70.0
    pause: float = 1.0
    user_agent: str = "sourcecheck/0.1 (newsroom attribution checker; kb update)"
    role_kinds: tuple[str, ...] = (
        "head_of_state",
        "head_of_government",
        "foreign_minister",
        "org_head",
    )

    @classmethod
    def load(cls) -> UpdateSettings:
        """The settings in ``kb/data/update.yml``.

        Raises:
            ConfigError: A value is missing or of the wrong type.
        """
        data = load_mapping("sourcecheck.kb", "update")
        where = "kb/data/update.yml"
        try:
            settings = cls(
                endpoint=str(data["endpoint"]),
                batch_size=int(data["batch_size"]),
                tries=int(data["tries"]),
                backoff=float(data["backoff"]),
                max_backoff=float(data["max_backoff"]),
                max_retry_after=float(data["max_retry_after"]),
                timeout=float(data["timeout"]),
                pause=float(data["pause"]),
                user_agent=str(data["user_agent"]).strip(),
                role_kinds=tuple(str(r) for r in data["role_kinds"]),
            )
        except KeyError as exc:
            raise ConfigError(f"{where}: missing setting {exc}; reinstall sourcecheck") from exc
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{where}: a setting has the wrong type ({exc})") from exc
        if settings.batch_size < 1 or settings.tries < 1 or settings.timeout <= 0:
            raise ConfigError(f"{where}: batch_size and tries must be at least 1, timeout > 0")
        return settings

    @property
    def full_user_agent(self) -> str:
        """The User-Agent header: ours, then the library's (Wikimedia's policy format)."""
        return f"{self.user_agent} httpx/{httpx.__version__}"


# Positions and batches ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PositionRef:
    """A position to refresh, with what the knowledge base knows of it.

    Attributes:
        qid: Its Wikidata item.
        label: Its label in the knowledge base (empty when it is not there).
        jurisdiction: Country or organisation name (empty when unknown).
        jurisdiction_key: The folded name the batches are grouped by.
        role_kind: ``head_of_state`` … ``other``.
    """

    qid: str
    label: str = ""
    jurisdiction: str = ""
    jurisdiction_key: str = ""
    role_kind: str = "other"


@dataclass(frozen=True, slots=True)
class Batch:
    """Positions asked for in one query.

    Attributes:
        key: Stable name (jurisdiction and a digest of the QIDs): the resume state uses it.
        jurisdiction: The positions' country or organisation.
        positions: The positions, sorted by QID.
    """

    key: str
    jurisdiction: str
    positions: tuple[PositionRef, ...]

    @property
    def qids(self) -> tuple[str, ...]:
        """The positions' QIDs."""
        return tuple(p.qid for p in self.positions)


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
        if not _QID.match(str(qid)) or (role_kinds is not None and role not in role_kinds):
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
        value = value.removeprefix(_ENTITY).upper()
        if not _QID.match(value):
            raise UpdateError(
                f"{path}:{number}: {_printable(given[:40])!r} is not a Wikidata item; give one "
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


# Query --------------------------------------------------------------------------------------

_QUERY = """\
PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX p: <http://www.wikidata.org/prop/>
PREFIX ps: <http://www.wikidata.org/prop/statement/>
PREFIX pqv: <http://www.wikidata.org/prop/qualifier/value/>
PREFIX wikibase: <http://wikiba.se/ontology#>
PREFIX bd: <http://www.bigdata.com/rdf#>
SELECT ?statement ?person ?personLabel ?position ?positionLabel
       ?start ?startPrecision ?end ?endPrecision WHERE {{
  VALUES ?position {{ {values} }}
  ?person p:P39 ?statement .
  ?statement ps:P39 ?position .
  FILTER NOT EXISTS {{ ?statement wikibase:rank wikibase:DeprecatedRank }}
  OPTIONAL {{ ?statement pqv:P580 ?startValue .
             ?startValue wikibase:timeValue ?start ; wikibase:timePrecision ?startPrecision . }}
  OPTIONAL {{ ?statement pqv:P582 ?endValue .
             ?endValue wikibase:timeValue ?end ; wikibase:timePrecision ?endPrecision . }}{since}
  SERVICE wikibase:label {{ bd:serviceParam wikibase:language "en" . }}
}}
"""


def build_query(qids: Iterable[str], since: dt.date | None = None) -> str:
    """The SPARQL text asking for every non-deprecated P39 statement on the positions.

    ``since`` adds a coarse filter (by year, which is safe for any precision); the exact
    day is checked in :func:`parse_results`.

    Raises:
        UpdateError: A QID is malformed (it would be pasted into the query).
    """
    qids = tuple(qids)
    bad = [q for q in qids if not _QID.match(q)]
    if bad or not qids:
        raise UpdateError(f"cannot query positions {bad or '(none)'}; give QIDs like Q11696")
    values = " ".join(f"wd:{q}" for q in qids)
    where = f"\n  FILTER(!BOUND(?end) || YEAR(?end) >= {since.year})" if since is not None else ""
    return _QUERY.format(values=values, since=where)


# Parsing ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParsedBatch:
    """Rows read from one answer.

    Attributes:
        rows: Terms in the shared CSV columns.
        malformed: Result rows skipped (no person, unknown position, bad date …).
        before_since: Terms left out because they ended before ``--since``.
        duplicates: Extra result rows of a statement already read (several qualifiers).
    """

    rows: tuple[TermRow, ...]
    malformed: int = 0
    before_since: int = 0
    duplicates: int = 0


class _Malformed(ValueError):
    pass


def _printable(text: str) -> str:
    """One line of text without control characters (labels come from outside)."""
    return " ".join(_CONTROL.sub(" ", text).split())


def _value(binding: Mapping[str, Any], name: str) -> str | None:
    cell = binding.get(name)
    if cell is None:
        return None
    if not isinstance(cell, Mapping) or not isinstance(cell.get("value"), str):
        raise _Malformed(f"{name} is not a SPARQL term")
    return str(cell["value"])


def _entity(binding: Mapping[str, Any], name: str) -> str:
    value = _value(binding, name)
    if value is None or not value.startswith(_ENTITY):
        raise _Malformed(f"{name} is missing or not a Wikidata item")
    qid = value.removeprefix(_ENTITY)
    if not _QID.match(qid):
        raise _Malformed(f"{name} {qid!r} is not a QID")
    return qid


def wikidata_date(value: str | None, precision: str | None) -> str:
    """A Wikidata time as the knowledge base's partial date, kept to its precision.

    11 (day) or finer → ``YYYY-MM-DD``, 10 → ``YYYY-MM``, 9 → ``YYYY``; coarser (decade,
    century …) or no value → ``""``.

    Raises:
        ValueError: The value or precision cannot be read.
    """
    if value is None:
        return ""
    match = _TIME.match(value.strip())
    if match is None or precision is None or not precision.strip().isdigit():
        raise ValueError(f"time {value!r} (precision {precision!r}) cannot be read")
    sign, year_text, month, day = match.groups()
    level = int(precision)
    if level < 9:
        return ""
    year = int(year_text)
    if sign == "-" or not 1 <= year <= 9999:
        raise ValueError(f"year {sign}{year_text} is outside 1–9999")
    parts = [f"{year:04d}"]
    # A precision can claim more than the value holds (month 00): keep what is there.
    if level >= 10 and month != "00":
        parts.append(month)
        if level >= 11 and day != "00":
            parts.append(day)
    text = "-".join(parts)
    dt.date(year, int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    return text


def _statement_id(uri: str | None) -> str:
    """``Q42$5B…`` from the statement node ``…/entity/statement/Q42-5B…``."""
    if uri is None or not uri.startswith(_STATEMENT):
        raise _Malformed("statement is missing")
    node = uri.removeprefix(_STATEMENT)
    entity, sep, rest = node.partition("-")
    if not sep or not _QID.match(entity.upper()):
        raise _Malformed(f"statement {node!r} is not a statement id")
    return f"{entity.upper()}${rest}"


def _ended_before(end: str, since: dt.date) -> bool:
    if not end:
        return False
    return PartialDate.parse(end).latest() < since


def parse_results(
    data: Mapping[str, Any],
    batch: Batch,
    as_of: dt.date,
    since: dt.date | None = None,
) -> ParsedBatch:
    """Rows from a SPARQL JSON answer to :func:`build_query`.

    A result row without a person, with a position not asked for, or with a date that
    cannot be read is counted as malformed and skipped. The first row of a statement wins
    (several start or end qualifiers give several rows).

    Raises:
        UpdateError: The answer is not SPARQL JSON results at all.
    """
    results = data.get("results")
    bindings = results.get("bindings") if isinstance(results, Mapping) else None
    if not isinstance(bindings, list):
        raise UpdateError("the answer has no results.bindings; is the endpoint a SPARQL one?")
    by_qid = {p.qid: p for p in batch.positions}
    seen: set[str] = set()
    rows: list[TermRow] = []
    malformed = before = duplicates = 0
    for binding in bindings:
        try:
            if not isinstance(binding, Mapping):
                raise _Malformed("a result row is not an object")
            statement = _statement_id(_value(binding, "statement"))
            person = _entity(binding, "person")
            position = by_qid.get(_entity(binding, "position"))
            if position is None:
                raise _Malformed("position was not asked for")
            start = wikidata_date(_value(binding, "start"), _value(binding, "startPrecision"))
            end = wikidata_date(_value(binding, "end"), _value(binding, "endPrecision"))
        except (_Malformed, ValueError):
            malformed += 1
            continue
        if statement in seen:
            duplicates += 1
            continue
        seen.add(statement)
        if since is not None and _ended_before(end, since):
            before += 1
            continue
        person_label = _printable(_value(binding, "personLabel") or "") or person
        position_label = position.label or _printable(_value(binding, "positionLabel") or "")
        rows.append(
            TermRow(
                person_label=person_label,
                position_label=position_label or position.qid,
                jurisdiction=position.jurisdiction,
                role_kind=position.role_kind,
                start=start,
                end=end,
                source=f"wikidata-sparql:{position.qid} statement {statement}",
                as_of=as_of.isoformat(),
                person_qid=person,
                position_qid=position.qid,
            )
        )
    return ParsedBatch(tuple(rows), malformed, before, duplicates)


# HTTP ---------------------------------------------------------------------------------------


def retry_after_seconds(header: str | None, now: float) -> float | None:
    """Seconds a ``Retry-After`` header asks to wait (delta seconds or an HTTP date)."""
    if not header:
        return None
    header = header.strip()
    if header.isdigit():
        return float(header)
    try:
        when = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, when.timestamp() - now)


def backoff_seconds(attempt: int, settings: UpdateSettings) -> float:
    """Wait after failed try number ``attempt`` (1-based): exponential, capped."""
    return float(min(settings.max_backoff, settings.backoff * 2 ** (attempt - 1)))


class SparqlClient:
    """POSTs queries to the endpoint, retrying what may pass (429, 5xx, timeouts).

    Args:
        settings: Endpoint, timeout, tries, backoff and user agent.
        sleep: Called to wait between tries (tests pass a fake).
        now: Wall-clock time in seconds (for ``Retry-After`` dates).
    """

    def __init__(
        self,
        settings: UpdateSettings,
        *,
        sleep: Callable[[float], None] = time.sleep,
        now: Callable[[], float] = time.time,
    ) -> None:
        self.settings = settings
        self.sleep = sleep
        self._now = now
        self._http = httpx.Client(
            timeout=httpx.Timeout(settings.timeout),
            headers={
                "User-Agent": settings.full_user_agent,
                "Accept": "application/sparql-results+json",
            },
            follow_redirects=False,
        )
        #: Seconds waited between tries, in order (for the summary and the tests).
        self.waits: list[float] = []

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> SparqlClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def select(self, query: str) -> dict[str, Any]:
        """The JSON results of a SELECT query.

        Raises:
            UpdateError: The endpoint refused the query, or every try failed.
        """
        settings = self.settings
        endpoint = settings.endpoint
        problem = "no try made"
        for attempt in range(1, settings.tries + 1):
            asked: float | None = None
            try:
                response = self._http.post(endpoint, data={"query": query})
            except httpx.TimeoutException:
                problem = f"no answer within {settings.timeout:g} s"
            except httpx.TransportError as exc:
                problem = f"cannot reach the endpoint ({exc.__class__.__name__}: {exc})"
            else:
                status = response.status_code
                if status == 200:
                    try:
                        data = response.json()
                        if isinstance(data, dict) and isinstance(data.get("results"), dict):
                            return data
                        problem = "the answer is JSON but not SPARQL results"
                    except ValueError:
                        # A query stopped mid-answer can leave a 200 with truncated JSON.
                        problem = "the answer is not valid JSON (cut short?)"
                elif status >= 500 and "TimeoutException" in response.text[:4000]:
                    # The service's own 60 s limit: the same query would time out again.
                    raise UpdateError(
                        f"{endpoint}: the query ran over the service's time limit; lower "
                        "batch_size in kb/data/update.yml so each query asks for fewer offices"
                    )
                elif status == 429 or status >= 500:
                    problem = f"the endpoint answered HTTP {status}"
                    asked = retry_after_seconds(response.headers.get("retry-after"), self._now())
                else:
                    hint = (
                        "the service wants a descriptive User-Agent (user_agent in update.yml)"
                        if status == 403
                        else "the query was refused; it is not retried"
                    )
                    raise UpdateError(
                        f"{endpoint} answered HTTP {status} "
                        f"({_printable(response.text[:200])!r}): {hint}"
                    )
            if attempt == settings.tries:
                break
            wait = backoff_seconds(attempt, settings)
            if asked is not None:
                if asked > settings.max_retry_after:
                    raise UpdateError(
                        f"{endpoint}: {problem} and asked to wait {asked:.0f} s, more than "
                        f"max_retry_after ({settings.max_retry_after:g} s); rerun later, "
                        "finished batches are kept"
                    )
                wait = max(wait, asked)
            self.waits.append(wait)
            self.sleep(wait)
        raise UpdateError(
            f"{endpoint}: {problem}, {settings.tries} tries; rerun later (finished batches "
            "are kept) or lower batch_size in kb/data/update.yml"
        )


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
