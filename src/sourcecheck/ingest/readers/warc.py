"""WARC and WARC.gz archives (read with fastwarc, one record at a time).

Only ``response`` records whose HTTP answer is 2xx HTML (``text/html`` or
``application/xhtml+xml``) are articles; every other record (``warcinfo``,
``request``, ``metadata``, ``revisit``..., redirects and errors, images, scripts) is
skipped and counted in :class:`~.base.ReadStats`. An article is named
``FILE#RECORD-NUMBER``; its URL is the record's ``WARC-Target-URI`` and, when the
page states no date, its date is the ``WARC-Date`` (when it was captured). A record
over ``max_bytes`` or with no main text is a :class:`~.base.ReadError`; a broken
archive ends the file with one.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Iterator
from pathlib import Path

from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from sourcecheck.errors import InputError
from sourcecheck.ingest.files import check_path
from sourcecheck.ingest.readers.base import (
    Context,
    Item,
    ReadError,
    build_from_text,
    with_metadata,
)
from sourcecheck.records import Article, DateSource

_HTML = frozenset({"text/html", "application/xhtml+xml"})


def read_warc(name: str, context: Context) -> Iterator[Item]:
    """Reader of ``warc`` inputs (``.warc``, ``.warc.gz``; gzip detected by content)."""
    path = check_path(name)
    try:
        stream = path.open("rb")
    except OSError as exc:
        raise InputError(name, f"the file cannot be read: {exc.strerror or exc}") from exc
    skipped = context.stats.skipped
    number = 0
    # The newest record's item waits until the archive is known to hold it whole: fastwarc
    # stops quietly at a truncated end (a cut download), yielding part of a page.
    held: Item | None = None
    last = (0, 0)  # the newest record's offset and declared length
    with stream:
        records = ArchiveIterator(stream, parse_http=True, fsspec_args=False)
        try:
            for number, record in enumerate(records, start=1):
                if held is not None:
                    yield held
                    held = None
                last = (record.stream_pos, _declared_length(record))
                reason = _skip_reason(record)
                if reason is not None:
                    skipped[f"warc: {reason}"] += 1
                    continue
                item = f"{name}#{number}"
                try:
                    held = _article(record, item, context)
                except InputError as exc:
                    held = ReadError(item, exc)
        except OSError as exc:  # raised by the iterator on a broken archive
            if held is not None:
                yield held
            item = f"{name}#{number + 1}"
            yield ReadError(
                item,
                InputError(
                    item,
                    f"the archive cannot be read past record {number} ({exc}); check that it "
                    "is a complete WARC or WARC.gz file",
                ),
            )
            return
    if number and _cut_short(path, *last):
        item = f"{name}#{number}"
        yield ReadError(
            item,
            InputError(
                item,
                f"the archive ends inside record {number} (the file is cut short); records "
                f"1-{number - 1} were read; download or copy the archive again",
            ),
        )
    elif held is not None:
        yield held
    if number == 0:
        raise InputError(
            name, "holds no WARC records; give a WARC or WARC.gz file (e.g. from wget --warc-file)"
        )


def _declared_length(record: WarcRecord) -> int:
    """The record block's length from its WARC header (``content_length`` is the HTTP body's)."""
    try:
        return int(record.headers.get("Content-Length") or 0)
    except ValueError:
        return 0


def _cut_short(path: Path, offset: int, length: int) -> bool:
    """Whether the archive ends before the record at ``offset`` (of ``length`` bytes) does.

    A WARC.gz holds one gzip member per record: the last one must end its deflate stream
    and nothing may follow it. A plain WARC's last record must have all the bytes its
    ``Content-Length`` declares after its header.
    """
    with path.open("rb") as file:
        file.seek(offset)
        tail = file.read()
    if tail[:2] == b"\x1f\x8b":
        inflate = zlib.decompressobj(wbits=31)
        try:
            inflate.decompress(tail)
        except zlib.error:
            return True
        return not inflate.eof or bool(inflate.unused_data.strip(b"\r\n"))
    header_end = tail.find(b"\r\n\r\n")
    return header_end < 0 or len(tail) < header_end + 4 + length


def _skip_reason(record: WarcRecord) -> str | None:
    if record.record_type != WarcRecordType.response:
        return "not a response record"
    if not record.is_http:
        return "not an HTTP response"
    status = record.http_headers.status_code or 0
    if not 200 <= status < 300:
        return "HTTP status not 2xx"
    media = (record.http_content_type or "").split(";", 1)[0].strip().lower()
    if media not in _HTML:
        return "not HTML"
    return None


def _article(record: WarcRecord, item: str, context: Context) -> Article:
    limit = context.options.max_bytes
    body = record.reader.read(limit + 1)
    if len(body) > limit:
        raise InputError(
            item,
            f"the record's page is over the limit of {limit:,} bytes; raise it with --max-bytes",
        )
    if not body.strip():
        raise InputError(item, "the record's page is empty")
    charset = record.http_charset or "utf-8"
    try:
        html = body.decode(charset, errors="replace")
    except LookupError:
        html = body.decode("utf-8", errors="replace")
    url = record.headers.get("WARC-Target-URI") or None
    article = build_from_text(html.removeprefix("\ufeff"), item, html=True, url=url)
    captured = _captured(record)
    return with_metadata(
        article, date=captured, date_source=DateSource.CAPTURED, url=url, override=False
    )


def _captured(record: WarcRecord) -> dt.date | None:
    if not record.headers.get("WARC-Date"):
        return None
    try:
        return record.record_date.date()
    except (ValueError, OverflowError):
        return None
