"""Wikidata's SPARQL endpoint for ``sourcecheck kb update``: query, results, retrying client.

:func:`build_query` asks for the holders of a batch of positions (P39 statements with
P580/P582 and their precision, deprecated ones skipped); :func:`parse_results` turns the
SPARQL JSON results into rows in the shared CSV columns, counting malformed rows;
:class:`SparqlClient` posts the query and retries 429/5xx/timeouts with exponential backoff,
obeying ``Retry-After``. Settings are in ``kb/data/update.yml``.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from sourcecheck.closing import Closing
from sourcecheck.datafiles import load_mapping
from sourcecheck.errors import ConfigError, KnowledgeBaseError
from sourcecheck.kb.build import TermRow
from sourcecheck.kb.dates import PartialDate

QID_PATTERN = re.compile(r"^Q[1-9]\d*$")
ENTITY_PREFIX = "http://www.wikidata.org/entity/"
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
    bad = [q for q in qids if not QID_PATTERN.match(q)]
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


def printable(text: str) -> str:
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
    if value is None or not value.startswith(ENTITY_PREFIX):
        raise _Malformed(f"{name} is missing or not a Wikidata item")
    qid = value.removeprefix(ENTITY_PREFIX)
    if not QID_PATTERN.match(qid):
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
    if not sep or not QID_PATTERN.match(entity.upper()):
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
        person_label = printable(_value(binding, "personLabel") or "") or person
        position_label = position.label or printable(_value(binding, "positionLabel") or "")
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


class SparqlClient(Closing):
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
                        f"({printable(response.text[:200])!r}): {hint}"
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
