"""JSON Lines: one article per line, read lazily (one line in memory at a time).

Each non-blank line is a JSON object with exactly one of

- ``text``: the article as plain text (front matter allowed),
- ``html``: the article as an HTML page,
- ``url`` (alone): a page to fetch politely (:mod:`.fetcher`),

and optionally ``id``, ``date`` (``YYYY-MM-DD`` or any unambiguous date), ``title``,
``outlet`` and ``url`` (where the text or page came from). Given values win over what
the text or page says. Other keys are ignored. An article is named ``FILE:LINE``, or
``FILE#ID`` when it has an ``id``; a line that cannot be read is a
:class:`~.base.ReadError` named ``FILE:LINE`` and reading goes on with the next line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from sourcecheck.errors import InputError
from sourcecheck.ingest.dates import quoted
from sourcecheck.ingest.files import check_path
from sourcecheck.ingest.readers.base import (
    Context,
    Item,
    ReadError,
    build_from_text,
    given_date,
    page_article,
    with_metadata,
)
from sourcecheck.records import Article

_CONTENT = ("text", "html", "url")
_STRINGS = ("id", "title", "outlet", "url")
_EXAMPLE = '{"text": "The minister said...", "date": "2025-11-04"}'
_SKIP = 1 << 16


def read_jsonl(name: str, context: Context) -> Iterator[Item]:
    """Reader of ``jsonl`` inputs (``.jsonl``, ``.ndjson``)."""
    path = check_path(name)
    try:
        stream = path.open("rb")
    except OSError as exc:
        raise InputError(name, f"the file cannot be read: {exc.strerror or exc}") from exc
    with stream:
        yield from read_jsonl_stream(stream, name, context)


def _lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, bytes)``; ``None`` for a line over ``limit`` bytes (skipped)."""
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # skip the rest of the long line
                line = stream.readline(_SKIP)
            yield number, None
        else:
            yield number, line


def read_jsonl_stream(stream: BinaryIO, name: str, context: Context) -> Iterator[Item]:
    """The items of a JSON Lines stream, one line read at a time."""
    limit = context.options.max_bytes
    for number, line in _lines(stream, limit):
        item = f"{name}:{number}"
        if line is None:
            problem = (
                f"the line is over the limit of {limit:,} bytes; raise it with --max-bytes "
                "or split the article"
            )
            yield ReadError(item, InputError(item, problem))
            continue
        if not line.strip():
            continue
        try:
            yield _article(line, item, name, context)
        except InputError as exc:
            yield ReadError(item, exc)


def _record(line: bytes, item: str) -> dict[str, Any]:
    try:
        text = line.decode("utf-8-sig" if item.endswith(":1") else "utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            item, f"the line is not valid UTF-8 (byte 0x{line[exc.start]:02X}); re-encode the file"
        ) from exc
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            item,
            f"the line is not valid JSON ({exc.msg}: column {exc.colno}); each line must be "
            f"one JSON object, e.g. {_EXAMPLE}",
        ) from exc
    if not isinstance(record, dict):
        raise InputError(
            item,
            f"the line is a JSON {type(record).__name__}, not an object; each line must be one "
            f"JSON object, e.g. {_EXAMPLE}",
        )
    for key in (*_CONTENT, *_STRINGS):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(item, f"{key!r} is a JSON {type(value).__name__}; it must be a string")
    return record


def _article(line: bytes, item: str, name: str, context: Context) -> Article:
    record = _record(line, item)
    given = [key for key in ("text", "html") if record.get(key) is not None]
    if len(given) > 1:
        raise InputError(item, "has both 'text' and 'html'; give one of them per line")
    if not given and record.get("url") is None:
        keys = ", ".join(quoted(str(k), 20) for k in list(record)[:8]) or "none"
        raise InputError(
            item,
            f"has no 'text', 'html' or 'url' (its keys: {keys}); give the article as one of "
            f"them, e.g. {_EXAMPLE}",
        )
    ident = record.get("id")
    article_name = f"{name}#{ident}" if ident else item
    date = given_date(record["date"], item, "'date'") if record.get("date") is not None else None
    url: str | None = record.get("url")
    if given:
        key = given[0]
        article = build_from_text(record[key], article_name, html=key == "html", url=url)
    else:
        assert url is not None
        article = page_article(context.fetcher.fetch(url), article_name)
    return with_metadata(
        article, date=date, title=record.get("title"), outlet=record.get("outlet"), url=url
    )
