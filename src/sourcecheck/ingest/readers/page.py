"""One article per input: a ``.txt``/``.html``/``.htm`` file, stdin (``-``), or a page URL."""

from __future__ import annotations

import sys
from collections.abc import Iterator

from sourcecheck.errors import InputError
from sourcecheck.ingest.files import HTML_SUFFIXES, STDIN, TEXT_SUFFIXES, check_path, read_file
from sourcecheck.ingest.files import read_stdin as _read_stdin
from sourcecheck.ingest.readers.base import Context, Item, ReadOptions, build_article, page_article
from sourcecheck.records import Article


def read_page_file(name: str, options: ReadOptions) -> Article:
    """The article in one file (``-``: standard input).

    ``.txt`` is text and ``.html``/``.htm`` HTML; any other file (no extension, stdin)
    is HTML when its first non-blank character is ``<``.

    Raises:
        InputError: Missing, unreadable, too large, or not an article (see ``read_article``).
    """
    if options.max_bytes < 1:
        raise InputError("--max-bytes", f"{options.max_bytes} is not a positive number of bytes")
    if name == STDIN:
        stream = options.stdin if options.stdin is not None else sys.stdin.buffer
        return build_article(
            _read_stdin(stream, options.max_bytes), name, html=None, what="standard input"
        )
    path = check_path(name)
    data = read_file(path, name, options.max_bytes)
    suffix = path.suffix.lower()
    html = True if suffix in HTML_SUFFIXES else False if suffix in TEXT_SUFFIXES else None
    return build_article(data, name, html=html)


def read_text(name: str, context: Context) -> Iterator[Item]:
    """Reader of ``text``, ``html`` and ``stdin`` inputs: one article."""
    yield read_page_file(name, context.options)


def read_url(name: str, context: Context) -> Iterator[Item]:
    """Reader of ``url`` inputs: the page fetched politely, one article."""
    yield page_article(context.fetcher.fetch(name), name)
