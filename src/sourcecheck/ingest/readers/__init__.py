"""Input readers behind one registry: every kind of input → ``Article``s, lazily.

Use :func:`read_inputs` (many inputs) or :func:`read_input` (one); each yields
:class:`~sourcecheck.records.Article`s one at a time, or a :class:`ReadError` for an
item that cannot be read (naming it: ``file.jsonl:12``, a URL, ``archive.warc.gz#7``) so
a batch records it and goes on. :data:`KINDS` is the registry (one reader module per
kind); :func:`detect_kind` chooses the kind (documented in :mod:`.registry`).

Modules: :mod:`.page` (``text``, ``html``, ``stdin``, ``url``), :mod:`.directory`,
:mod:`.jsonl`, :mod:`.warc`, :mod:`.feed`, :mod:`.urls`, :mod:`.manifest`;
:mod:`.fetcher` (polite fetching: per-host delay, robots.txt), :mod:`.filedates`
(``--dates-from``), :mod:`.base` (items, options, building an article).
"""

from __future__ import annotations

from sourcecheck.ingest.readers.base import (
    DATES_FROM,
    DatesFrom,
    Item,
    ReadError,
    ReadOptions,
    ReadStats,
)
from sourcecheck.ingest.readers.fetcher import PoliteFetcher
from sourcecheck.ingest.readers.registry import (
    KINDS,
    Kind,
    allowed_kinds,
    detect_kind,
    is_single,
    read_input,
    read_inputs,
)

__all__ = [
    "DATES_FROM",
    "KINDS",
    "DatesFrom",
    "Item",
    "Kind",
    "PoliteFetcher",
    "ReadError",
    "ReadOptions",
    "ReadStats",
    "allowed_kinds",
    "detect_kind",
    "is_single",
    "read_input",
    "read_inputs",
]
