"""Import officeholders from a Wikidata JSON dump, streamed, in parallel, in constant memory.

The dump is a JSON array with one entity per line (lines end with ``,``); ``.json``,
``.json.gz`` and ``.json.bz2`` are read as they are. Positions are separate entities, so the
import reads the dump up to three times:

1. people with ``position held`` (P39) statements — start/end (P580/P582) with their
   precision, deprecated statements skipped — and labels of country-like items;
2. the positions those statements name: English/Spanish labels and aliases, jurisdiction
   (P1001, else P17) and role kind (P31/P279 classes, ``kb/data/wikidata.yml``);
3. only if some jurisdictions are still unnamed: their labels.

Worker processes parse line chunks; the main process reads, hands out a bounded number of
chunks at a time and writes to SQLite. A malformed line is counted, not fatal.
"""

from __future__ import annotations

import bz2
import datetime as dt
import gzip
import json
import multiprocessing
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import IO, Any

from sourcecheck.datafiles import load_mapping
from sourcecheck.errors import KnowledgeBaseError
from sourcecheck.kb.build import TermRow, Writer
from sourcecheck.kb.store import resolve_place

#: Bytes handed to a worker at a time (whole lines; one bytes object pickles cheaply).
CHUNK_BYTES = 1024 * 1024
_ID = re.compile(rb'"id"\s*:\s*"([PQL]\d+)"')

#: Wikidata time precision → number of date parts kept (9 year, 10 month, 11 day).
_PRECISION = {9: 1, 10: 2, 11: 3}


@cache
def _config() -> dict[str, Any]:
    return load_mapping("sourcecheck.kb", "wikidata")


@dataclass(frozen=True, slots=True)
class Statement:
    """One P39 statement of a person."""

    position: str
    start: str
    end: str


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """A person with the positions they held."""

    qid: str
    label: str
    aliases: tuple[str, ...]
    statements: tuple[Statement, ...]


@dataclass(frozen=True, slots=True)
class PositionRecord:
    """A position's names, jurisdiction and role kind."""

    qid: str
    labels: tuple[str, ...]
    aliases: tuple[str, ...]
    jurisdiction: str | None
    role_kind: str


@dataclass(slots=True)
class ChunkResult:
    """What a worker found in one chunk of lines."""

    lines: int = 0
    entities: int = 0
    malformed: int = 0
    persons: list[PersonRecord] = field(default_factory=list)
    positions: list[PositionRecord] = field(default_factory=list)
    labels: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ImportStats:
    """Figures of one import.

    Attributes:
        entities: Entities parsed in the first pass.
        malformed: Lines that were not valid entity JSON (first pass).
        persons: People with at least one kept P39 statement.
        terms: Terms written.
        positions: Positions named by those terms.
        unresolved_jurisdictions: Positions with no jurisdiction found.
        passes: Passes over the dump.
        seconds: Wall time of the first pass (every entity parsed).
        total_seconds: Wall time of the whole import.
        workers: Worker processes used.
    """

    entities: int
    malformed: int
    persons: int
    terms: int
    positions: int
    unresolved_jurisdictions: int
    passes: int
    seconds: float
    total_seconds: float
    workers: int

    @property
    def entities_per_second_per_core(self) -> float:
        """Throughput of the first pass, per worker."""
        return self.entities / self.seconds / max(self.workers, 1) if self.seconds else 0.0


# Parsing ------------------------------------------------------------------------------------


def _label(entity: dict[str, Any], languages: tuple[str, ...]) -> str:
    labels = entity.get("labels") or {}
    for lang in languages:
        if lang in labels:
            return str(labels[lang]["value"])
    return ""


def _all_labels(entity: dict[str, Any], languages: tuple[str, ...]) -> tuple[str, ...]:
    labels = entity.get("labels") or {}
    return tuple(str(labels[lang]["value"]) for lang in languages if lang in labels)


def _aliases(entity: dict[str, Any], languages: tuple[str, ...]) -> tuple[str, ...]:
    aliases = entity.get("aliases") or {}
    return tuple(str(a["value"]) for lang in languages for a in aliases.get(lang, ()))


def _ranked(statements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Non-deprecated statements, preferred ones first."""
    kept = [s for s in statements if s.get("rank") != "deprecated"]
    return sorted(kept, key=lambda s: s.get("rank") != "preferred")


def _item(snak: dict[str, Any]) -> str | None:
    if snak.get("snaktype") != "value":
        return None
    value = snak.get("datavalue", {}).get("value")
    if isinstance(value, dict) and "id" in value:
        return str(value["id"])
    if isinstance(value, dict) and "numeric-id" in value:
        return f"Q{value['numeric-id']}"
    return None


def _time(snaks: list[dict[str, Any]] | None) -> str:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` from a time qualifier, kept to its precision."""
    for snak in snaks or ():
        if snak.get("snaktype") != "value":
            continue
        value = snak.get("datavalue", {}).get("value", {})
        parts = _PRECISION.get(int(value.get("precision", 0)))
        match = re.match(r"^\+?(\d{1,4})-(\d\d)-(\d\d)", str(value.get("time", "")))
        if parts is None or match is None:
            continue
        year, month, day = match.groups()
        # A precision can claim more than the value holds (month 00): keep what is there.
        out = [f"{int(year):04d}"]
        if parts >= 2 and month != "00":
            out.append(month)
            if parts >= 3 and day != "00":
                out.append(day)
        return "-".join(out)
    return ""


def _parse(line: bytes) -> dict[str, Any] | None:
    """The entity on one dump line; ``None`` for the array brackets and blank lines."""
    stripped = line.strip()
    if stripped.endswith(b","):
        stripped = stripped[:-1]
    if stripped in (b"", b"[", b"]"):
        return None
    entity = json.loads(stripped)
    if not isinstance(entity, dict) or "id" not in entity:
        raise ValueError("not an entity")
    return entity


def _classes(entity: dict[str, Any], prop: str) -> list[str]:
    claims = entity.get("claims") or {}
    return [
        item
        for s in _ranked(claims.get(prop, []))
        if (item := _item(s.get("mainsnak", {}))) is not None
    ]


@cache
def _pass1_markers() -> tuple[bytes, ...]:
    """Byte strings whose presence means a line must be parsed in the first pass."""
    classes = _config()["jurisdiction_classes"]
    return (b'"P39"', *(f'"{qid}"'.encode() for qid in classes))


def scan_people(chunk: bytes) -> ChunkResult:
    """Pass 1 on one chunk: people with P39, labels of country-like items."""
    lines = chunk.split(b"\n")
    config = _config()
    languages = tuple(config["languages"])
    country_classes = set(config["jurisdiction_classes"])
    markers = _pass1_markers()
    result = ChunkResult(lines=len(lines))
    for line in lines:
        # Most entities hold neither P39 nor a country class: skip them without parsing,
        # after a cheap check that the line is shaped like an entity.
        if not any(marker in line for marker in markers):
            stripped = line.strip()
            if stripped in (b"", b"[", b"]"):
                continue
            if stripped.startswith(b"{") and stripped.rstrip(b",").endswith(b"}"):
                result.entities += 1
            else:
                result.malformed += 1
            continue
        try:
            entity = _parse(line)
        except ValueError:
            result.malformed += 1
            continue
        if entity is None:
            continue
        result.entities += 1
        claims = entity.get("claims") or {}
        if "P39" in claims:
            statements = []
            for statement in _ranked(claims["P39"]):
                position = _item(statement.get("mainsnak", {}))
                if position is None:
                    continue
                qualifiers = statement.get("qualifiers") or {}
                statements.append(
                    Statement(
                        position, _time(qualifiers.get("P580")), _time(qualifiers.get("P582"))
                    )
                )
            if statements:
                result.persons.append(
                    PersonRecord(
                        str(entity["id"]),
                        _label(entity, languages),
                        _aliases(entity, languages),
                        tuple(statements),
                    )
                )
        if country_classes.intersection(_classes(entity, "P31")):
            label = _label(entity, languages)
            if label:
                result.labels.append((str(entity["id"]), label))
    return result


#: What a worker process looks for in passes 2 and 3 (set once per process, not per chunk).
_WANTED: frozenset[str] = frozenset()
_POSITIONS = True


def _init_worker(wanted: frozenset[str], positions: bool) -> None:
    global _WANTED, _POSITIONS
    _WANTED, _POSITIONS = wanted, positions


def _scan_wanted(chunk: bytes) -> ChunkResult:
    return scan_items(_WANTED, _POSITIONS, chunk)


def scan_items(wanted: frozenset[str], positions: bool, chunk: bytes) -> ChunkResult:
    """Pass 2/3 on one chunk: the positions (or labels) of the wanted items only."""
    lines = chunk.split(b"\n")
    config = _config()
    languages = tuple(config["languages"])
    roles: dict[str, str] = config["role_classes"]
    result = ChunkResult(lines=len(lines))
    for line in lines:
        # Only parse the line when its id is wanted: the id comes first in every entity.
        match = _ID.search(line, 0, 200)
        if match is None or match.group(1).decode() not in wanted:
            continue
        try:
            entity = _parse(line)
        except ValueError:
            result.malformed += 1
            continue
        if entity is None:
            continue
        result.entities += 1
        qid = str(entity["id"])
        if not positions:
            label = _label(entity, languages)
            if label:
                result.labels.append((qid, label))
            continue
        jurisdiction = next(iter(_classes(entity, "P1001") + _classes(entity, "P17")), None)
        classes = set(_classes(entity, "P31") + _classes(entity, "P279"))
        role = next((r for c, r in roles.items() if c in classes), "other")
        result.positions.append(
            PositionRecord(
                qid,
                _all_labels(entity, languages),
                _aliases(entity, languages),
                jurisdiction,
                role,
            )
        )
    return result


# Reading ------------------------------------------------------------------------------------


def _open(path: Path) -> tuple[IO[bytes], IO[bytes]]:
    """(raw file for progress, decompressed stream)."""
    raw = path.open("rb")
    name = path.name.lower()
    if name.endswith(".gz"):
        return raw, gzip.GzipFile(fileobj=raw)  # type: ignore[return-value]
    if name.endswith(".bz2"):
        return raw, bz2.BZ2File(raw)
    if name.endswith(".json"):
        return raw, raw
    raw.close()
    raise KnowledgeBaseError(f"{path}: give a Wikidata dump as .json, .json.gz or .json.bz2")


def _chunks(stream: IO[bytes], gate: threading.Semaphore | None) -> Iterator[bytes]:
    """Blocks of whole lines, about ``CHUNK_BYTES`` each."""
    rest = b""
    while True:
        block = stream.read(CHUNK_BYTES)
        if not block:
            break
        block = rest + block
        cut = block.rfind(b"\n")
        if cut < 0:
            rest = block
            continue
        rest = block[cut + 1 :]
        if gate is not None:
            gate.acquire()
        yield block[: cut + 1]
    if rest:
        if gate is not None:
            gate.acquire()
        yield rest


def _scan(
    path: Path,
    work: Callable[[bytes], ChunkResult],
    workers: int,
    progress: Callable[[int, int], None] | None,
    wanted: tuple[frozenset[str], bool] = (frozenset(), True),
) -> Iterator[ChunkResult]:
    """Results of ``work`` over every chunk of the dump (order not kept)."""
    total = path.stat().st_size
    raw, stream = _open(path)
    try:
        if workers <= 1:
            _init_worker(*wanted)
            for chunk in _chunks(stream, None):
                yield work(chunk)
                if progress:
                    progress(raw.tell(), total)
            return
        # At most a few chunks per worker in flight: memory stays constant.
        gate = threading.Semaphore(workers * 4)
        context = multiprocessing.get_context("spawn" if os.name == "nt" else "fork")
        with context.Pool(workers, initializer=_init_worker, initargs=wanted) as pool:
            for result in pool.imap_unordered(work, _chunks(stream, gate)):
                gate.release()
                yield result
                if progress:
                    progress(raw.tell(), total)
    finally:
        stream.close()
        raw.close()


def _scan_checked(
    path: Path,
    work: Callable[[bytes], ChunkResult],
    workers: int,
    progress: Callable[[int, int], None] | None,
    wanted: tuple[frozenset[str], bool] = (frozenset(), True),
) -> Iterator[ChunkResult]:
    try:
        yield from _scan(path, work, workers, progress, wanted)
    except (OSError, EOFError) as exc:
        raise KnowledgeBaseError(f"{path}: cannot read the dump ({exc}); is it truncated?") from exc


# Import -------------------------------------------------------------------------------------


def import_dump(
    path: str | Path,
    conn: sqlite3.Connection,
    *,
    workers: int | None = None,
    as_of: dt.date | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> ImportStats:
    """Import the officeholders of a Wikidata dump into an open knowledge base.

    Args:
        path: The dump (``.json``, ``.json.gz`` or ``.json.bz2``).
        conn: A knowledge base opened for writing.
        workers: Worker processes (default: all cores).
        as_of: The dump's date (default: the file's modification date); open terms are
            known to be current only until then.
        progress: Called with (pass name, bytes read, total bytes).

    Raises:
        KnowledgeBaseError: The file is missing or unreadable.
    """
    path = Path(path)
    if not path.is_file():
        raise KnowledgeBaseError(f"{path}: no such file; give a Wikidata JSON dump")
    workers = max(1, workers or os.cpu_count() or 1)
    as_of = as_of or dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).date()
    started = time.perf_counter()

    def report(name: str) -> Callable[[int, int], None] | None:
        return None if progress is None else partial(progress, name)

    conn.execute("CREATE TEMP TABLE wd_terms(person, label, position, start, end)")
    labels: dict[str, str] = {}
    wanted: set[str] = set()
    entities = malformed = persons = 0
    # People's statements and aliases wait on disk (temp tables), not in memory.
    conn.execute("CREATE TEMP TABLE wd_aliases(label, alias)")
    for result in _scan_checked(path, scan_people, workers, report("people")):
        entities += result.entities
        malformed += result.malformed
        labels.update(result.labels)
        for person in result.persons:
            persons += 1
            label = person.label or person.qid
            conn.executemany(
                "INSERT INTO wd_terms VALUES (?,?,?,?,?)",
                [(person.qid, label, s.position, s.start, s.end) for s in person.statements],
            )
            wanted.update(s.position for s in person.statements)
            conn.executemany(
                "INSERT INTO wd_aliases VALUES (?,?)", [(label, a) for a in person.aliases]
            )
    first_pass = time.perf_counter() - started

    found: dict[str, PositionRecord] = {}
    scan = (frozenset(wanted), True)
    for result in _scan_checked(path, _scan_wanted, workers, report("positions"), scan):
        found.update((p.qid, p) for p in result.positions)
    passes = 2
    missing = frozenset(
        p.jurisdiction for p in found.values() if p.jurisdiction and p.jurisdiction not in labels
    )
    if missing:
        passes = 3
        scan = (missing, False)
        for result in _scan_checked(path, _scan_wanted, workers, report("jurisdictions"), scan):
            labels.update(result.labels)

    writer = Writer(conn)
    terms = unresolved = 0
    position_keys: dict[str, tuple[str, str]] = {}
    for qid, record in found.items():
        label = record.labels[0] if record.labels else qid
        jurisdiction = labels.get(record.jurisdiction or "", "")
        resolved = resolve_place(jurisdiction) if jurisdiction else None
        jurisdiction = resolved[0] if resolved else jurisdiction
        if not jurisdiction:
            unresolved += 1
        pkey = writer.position(label, jurisdiction, record.role_kind, qid)
        for title in (*record.labels, *record.aliases):
            writer.title(title, jurisdiction, pkey)
        position_keys[qid] = (label, jurisdiction)
    source = f"Wikidata dump {path.name}"
    for person_qid, label, position, start, end in conn.execute(
        "SELECT person, label, position, start, end FROM wd_terms"
    ):
        if position not in found:
            continue
        position_label, jurisdiction = position_keys[position]
        writer.term(
            TermRow(
                person_label=label,
                position_label=position_label,
                jurisdiction=jurisdiction,
                role_kind=found[position].role_kind,
                start=start,
                end=end,
                source=f"{source} ({person_qid} P39 {position})",
                as_of=as_of.isoformat(),
                person_qid=person_qid,
                position_qid=position,
            ),
            "wikidata",
            f"{path}:{person_qid}",
        )
        terms += 1
    writer.finish()
    for label, alias in conn.execute("SELECT label, alias FROM wd_aliases"):
        writer.alias(label, alias)
    conn.execute("DROP TABLE wd_terms")
    conn.execute("DROP TABLE wd_aliases")
    conn.commit()
    return ImportStats(
        entities=entities,
        malformed=malformed,
        persons=persons,
        terms=terms,
        positions=len(found),
        unresolved_jurisdictions=unresolved,
        passes=passes,
        seconds=first_pass,
        total_seconds=time.perf_counter() - started,
        workers=workers,
    )
