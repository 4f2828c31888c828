"""Quotebank files into the store's quote index, streamed in constant memory.

A Quotebank file (``.json``, ``.json.bz2`` or ``.json.gz``) holds one JSON object per
line: ``quoteID``, ``quotation``, ``speaker`` (``"None"`` when unknown), ``qids``,
``date`` (``"2020-01-28 08:04:05"``), ``numOccurrences``, ``probas`` (``[[speaker,
"0.9034"], …]``), ``urls`` and ``phase``. Lines are read one at a time and written in
batches, one transaction each; a line that is no such object is counted and reported,
never fatal. (corpus, quoteID) is unique in the index, so a re-import adds nothing.
"""

from __future__ import annotations

import bz2
import datetime as dt
import gzip
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast
from urllib.parse import urlsplit

from sourcecheck.errors import ConfigError, InputError
from sourcecheck.quotes import QuoteRecord, normalise
from sourcecheck.store.backend import Backend
from sourcecheck.store.quotes import insert_records, record_row

#: The corpus name of Quotebank's quotes in the index.
QUOTEBANK = "quotebank"
#: Lines written per transaction.
DEFAULT_BATCH_SIZE = 5000
#: Quotebank's speaker when its model attributes the quote to nobody.
NO_SPEAKER = "None"


class MalformedLineError(ValueError):
    """A line that is no Quotebank record; the message says what is wrong."""


@dataclass(frozen=True, slots=True)
class ImportCounts:
    """What an import did.

    Attributes:
        lines: Non-blank lines read.
        imported: Records added to the index.
        duplicates: Well-formed records already indexed (or repeated in the file).
        malformed: Lines that were no Quotebank record.
    """

    lines: int
    imported: int
    duplicates: int
    malformed: int


def _text(obj: dict[str, Any], key: str, *, required: bool = True) -> str | None:
    value = obj.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise MalformedLineError(f"{key!r} must be a non-empty string, got {value!r:.60}")
    return value


def _strings(obj: dict[str, Any], key: str) -> list[str]:
    value = obj.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise MalformedLineError(f"{key!r} must be a list of strings, got {value!r:.60}")
    return value


def _probas(obj: dict[str, Any]) -> list[list[Any]]:
    value = obj.get("probas", [])
    pairs: list[list[Any]] = []
    if not isinstance(value, list):
        raise MalformedLineError(
            f"'probas' must be a list of [speaker, p] pairs, got {value!r:.60}"
        )
    for pair in value:
        if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)):
            raise MalformedLineError(f"'probas' holds {pair!r:.60}, not a [speaker, p] pair")
        try:
            probability = float(pair[1])
        except (TypeError, ValueError) as exc:
            raise MalformedLineError(f"'probas' gives {pair[1]!r:.30} as a probability") from exc
        pairs.append([pair[0], probability])
    return pairs


def _date(obj: dict[str, Any]) -> dt.date | None:
    value = obj.get("date")
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise MalformedLineError(
            f"'date' must be 'YYYY-MM-DD HH:MM:SS', got {value!r:.40}"
        ) from exc


def _outlet(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def parse_line(line: str | bytes, corpus: str = QUOTEBANK) -> tuple[QuoteRecord, list[list[Any]]]:
    """One Quotebank line as an index record and its ``probas`` (probabilities as floats).

    Raises:
        MalformedLineError: The line is no JSON object with a ``quoteID`` and a
            ``quotation``, or a field has the wrong type.
    """
    try:
        obj = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise MalformedLineError(f"not JSON ({exc})") from exc
    if not isinstance(obj, dict):
        raise MalformedLineError(f"not a JSON object but {type(obj).__name__}")
    quote_id, quotation = _text(obj, "quoteID"), _text(obj, "quotation")
    assert quote_id is not None and quotation is not None  # required
    normalised = normalise(quotation)
    if not normalised:
        raise MalformedLineError(f"'quotation' {quotation!r:.40} has no words")
    speaker = _text(obj, "speaker", required=False)
    occurrences = obj.get("numOccurrences", 1)
    if not isinstance(occurrences, int) or isinstance(occurrences, bool) or occurrences < 0:
        raise MalformedLineError(f"'numOccurrences' must be a count, got {occurrences!r:.30}")
    probas = _probas(obj)
    named = speaker if speaker is not None else NO_SPEAKER
    probability = next((p for name, p in probas if name == named), None)
    urls = _strings(obj, "urls")
    record = QuoteRecord(
        text=quotation,
        normalised=normalised,
        speaker=None if speaker in (None, NO_SPEAKER) else speaker,
        speaker_ids=tuple(_strings(obj, "qids")),
        date=_date(obj),
        outlet=_outlet(urls[0] if urls else None),
        url=urls[0] if urls else None,
        corpus=corpus,
        record_id=quote_id,
        occurrences=occurrences,
        speaker_probability=probability,
    )
    return record, probas


@contextmanager
def _open_lines(path: Path) -> Iterator[tuple[IO[bytes], IO[bytes]]]:
    """(the file as stored, its decompressed lines): the first tells progress in bytes."""
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise InputError(
            str(path),
            f"cannot read it ({exc.strerror or exc}); give a readable Quotebank file "
            "(.json, .json.bz2 or .json.gz)",
        ) from exc
    with raw:
        stream: IO[bytes]
        if path.name.endswith(".bz2"):
            stream = bz2.BZ2File(raw)
        elif path.name.endswith(".gz"):
            stream = cast(IO[bytes], gzip.GzipFile(fileobj=raw))
        else:
            stream = raw
        with stream:
            yield raw, stream


def import_quotebank(
    backend: Backend,
    path: Path,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    corpus: str = QUOTEBANK,
    on_malformed: Callable[[int, str], None] | None = None,
    on_progress: Callable[[int, ImportCounts], None] | None = None,
) -> ImportCounts:
    """Streams a Quotebank file into the quote index of the store on ``backend``.

    Args:
        backend: The store's backend (``ReportStore.backend``), migrated.
        path: The file (``.json``, ``.json.bz2``, ``.json.gz``).
        batch_size: Records written per transaction.
        corpus: The name the records are indexed under.
        on_malformed: Called with the line number and what is wrong, per bad line.
        on_progress: Called after each batch with the bytes of ``path`` read so far
            and the counts.

    Raises:
        InputError: The file cannot be read, or is not valid bz2/gzip.
        StoreError: The store cannot be written (batches written before stay).
    """
    if batch_size < 1:
        raise ConfigError(f"the batch size must be at least 1, got {batch_size}")
    lines = imported = malformed = 0
    batch: list[tuple[Any, ...]] = []

    def counts() -> ImportCounts:
        return ImportCounts(lines, imported, lines - malformed - imported - len(batch), malformed)

    def flush(raw: IO[bytes]) -> None:
        nonlocal imported
        with backend.transaction("import quotes into") as tx:
            imported += insert_records(tx, batch)
        batch.clear()
        if on_progress:
            on_progress(raw.tell(), counts())

    with _open_lines(path) as (raw, stream):
        try:
            for number, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                lines += 1
                try:
                    record, probas = parse_line(line, corpus)
                except MalformedLineError as exc:
                    malformed += 1
                    if on_malformed:
                        on_malformed(number, str(exc))
                    continue
                batch.append(record_row(record, probas))
                if len(batch) >= batch_size:
                    flush(raw)
        except (OSError, EOFError) as exc:  # a broken .bz2/.gz stream
            raise InputError(
                str(path),
                f"unreadable after {lines:,} lines ({exc}); the quotes before are imported "
                "and a re-import skips them: give a whole .bz2/.gz file to import the rest",
            ) from exc
        if batch:
            flush(raw)
    return counts()
